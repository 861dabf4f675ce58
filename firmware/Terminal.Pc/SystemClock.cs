using System;
using System.Diagnostics;
using System.Threading;
using Terminal.Core.Ports;

namespace Terminal.Pc
{
    /// <summary>The PC's clocks: Stopwatch for monotonic time, DateTime.UtcNow for the wall clock.</summary>
    public sealed class SystemClock : IClock
    {
        private readonly Stopwatch stopwatch = Stopwatch.StartNew();

        public long MonotonicMs => stopwatch.ElapsedMilliseconds;

        public DateTime UtcNow => DateTime.UtcNow;

        public bool IsWallClockValid => true;

        public void Sleep(int milliseconds)
        {
            if (milliseconds > 0)
            {
                Thread.Sleep(milliseconds);
            }
        }
    }
}
