using System.Collections.Concurrent;

namespace Terminal.MerchantServer
{
    /// <summary>Faults the server can inject into its next answers (tests of at-least-once delivery).</summary>
    public enum ServerFault
    {
        None,

        /// <summary>Answer 503 without processing.</summary>
        Unavailable,

        /// <summary>Process and store, then drop the connection without an answer (the terminal must resend).</summary>
        DropAnswer,

        /// <summary>Process and store, then answer only after SlowAnswerMs (beyond the terminal's read time-out).</summary>
        SlowAnswer,

        /// <summary>Answer 429 without processing.</summary>
        TooManyRequests,
    }

    /// <summary>A queue of faults consumed one per /v1 request, plus an optional random fault rate.</summary>
    public sealed class FaultPlan
    {
        private readonly ConcurrentQueue<ServerFault> queue = new ConcurrentQueue<ServerFault>();
        private readonly object gate = new object();
        private System.Random? random;
        private int percent;

        public int SlowAnswerMs { get; set; } = 1500;

        public void Enqueue(ServerFault fault, int times = 1)
        {
            for (int i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }

        /// <summary>From now on, each request gets a random fault with this probability (seeded).</summary>
        public void Random(int seed, int faultPercent)
        {
            lock (gate)
            {
                random = new System.Random(seed);
                percent = faultPercent;
            }
        }

        public void Clear()
        {
            while (queue.TryDequeue(out _))
            {
            }

            lock (gate)
            {
                random = null;
            }
        }

        /// <summary>Faults injected so far.</summary>
        public int Injected => injected;

        private int injected;

        public ServerFault Next()
        {
            ServerFault next = Pick();
            if (next != ServerFault.None)
            {
                System.Threading.Interlocked.Increment(ref injected);
            }

            return next;
        }

        private ServerFault Pick()
        {
            if (queue.TryDequeue(out ServerFault fault))
            {
                return fault;
            }

            lock (gate)
            {
                if (random == null || random.Next(100) >= percent)
                {
                    return ServerFault.None;
                }

                switch (random.Next(4))
                {
                    case 0: return ServerFault.Unavailable;
                    case 1: return ServerFault.DropAnswer;
                    case 2: return ServerFault.SlowAnswer;
                    default: return ServerFault.TooManyRequests;
                }
            }
        }
    }
}
