// Device source (C# 9, nanoFramework: no nullable annotations). The .NET projects that link it compile it oblivious.
#nullable disable
using System;
using Terminal.Core.Ports;

namespace Terminal.Tests.Support
{
    /// <summary>A clock tests drive: Sleep advances time instantly, so long flows run in milliseconds.</summary>
    public sealed class VirtualClock : IClock
    {
        private readonly object gate = new object();
        private readonly DateTime start;
        private long now;

        public VirtualClock()
            : this(new DateTime(2026, 11, 21, 4, 0, 0))
        {
        }

        public VirtualClock(DateTime startUtc)
        {
            start = startUtc;
            IsWallClockValid = true;
        }

        public long MonotonicMs
        {
            get
            {
                HeapProbe.Sample(); // a step of the code under test (no-op unless a heap test runs)
                lock (gate)
                {
                    return now;
                }
            }
        }

        public DateTime UtcNow
        {
            get { return start.AddMilliseconds(MonotonicMs); }
        }

        public bool IsWallClockValid { get; set; }

        /// <summary>Total virtual time spent sleeping.</summary>
        public long SleptMs { get; private set; }

        public void Sleep(int milliseconds)
        {
            if (milliseconds > 0)
            {
                Advance(milliseconds);
                SleptMs += milliseconds;
            }
        }

        public void Advance(long milliseconds)
        {
            lock (gate)
            {
                now += milliseconds;
            }
        }
    }
}
