using System;
using System.Threading;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// Runs a <see cref="Forwarder"/> on a background thread: step, then sleep for the time the
    /// step asked for (at most MaxSleepMs) or until <see cref="Wake"/> (a new notification).
    /// A step that throws is recorded as a failure and backed off; the thread never dies of it.
    /// </summary>
    public sealed class ForwarderThread
    {
        /// <summary>Longest single wait, so a stopped or re-configured forwarder reacts in time.</summary>
        public const int MaxSleepMs = 10000;

        private readonly Forwarder forwarder;
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private Thread thread;
        private bool running;

        public ForwarderThread(Forwarder forwarder)
        {
            this.forwarder = forwarder;
        }

        public bool IsRunning
        {
            get { return running; }
        }

        public void Start()
        {
            if (running)
            {
                return;
            }

            running = true;
            thread = new Thread(Run);
            thread.Start();
        }

        /// <summary>Stops after the current step (waits up to <paramref name="timeoutMs"/>).</summary>
        public void Stop(int timeoutMs)
        {
            Thread t = thread;
            running = false;
            wake.Set();
            if (t != null)
            {
                t.Join(timeoutMs);
            }

            thread = null;
        }

        /// <summary>Ends the current wait early (a notification was committed).</summary>
        public void Wake()
        {
            wake.Set();
        }

        private void Run()
        {
            while (running)
            {
                int wait;
                try
                {
                    wait = forwarder.Step();
                }
                catch (Exception e)
                {
                    wait = forwarder.NoteCrash(e);
                }

                if (!running)
                {
                    break;
                }

                if (wait > 0)
                {
                    wake.WaitOne(wait > MaxSleepMs ? MaxSleepMs : wait, false);
                }
            }
        }
    }
}
