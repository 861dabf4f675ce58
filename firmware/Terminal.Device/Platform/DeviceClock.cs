using System;
using System.Threading;
using Terminal.Core.Ports;

namespace Terminal.Device.Platform
{
    /// <summary>
    /// <see cref="IClock"/> on the ESP32: the monotonic time is the CLR's tick count since boot
    /// (it never follows SNTP corrections), the wall clock is the RTC that SNTP sets.
    /// </summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>
        /// The ESP32 RTC starts at 1970-01-01 on every boot; any time before this build floor means
        /// SNTP (or a technician) has not set the clock yet. TLS certificate checks and WeChat's
        /// timestamps need the real time.
        /// </summary>
        public static readonly DateTime ValidAfter = new DateTime(2025, 1, 1);

        public long MonotonicMs
        {
            get { return Environment.TickCount64; }
        }

        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        public bool IsWallClockValid
        {
            get { return DateTime.UtcNow > ValidAfter; }
        }

        public void Sleep(int milliseconds)
        {
            if (milliseconds > 0)
            {
                Thread.Sleep(milliseconds);
            }
        }
    }
}
