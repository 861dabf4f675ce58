using System;

namespace Terminal.Core.Ports
{
    /// <summary>
    /// Time for the core. Payment timing (5 s polls, the 30 s deadline, the 15 s reverse rule)
    /// uses the monotonic clock; the wall clock is only for timestamps WeChat or the merchant see.
    /// Tests use a virtual clock whose Sleep advances time instantly, so 45-second flows run in
    /// milliseconds and each call's time can be asserted.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary start (boot); never goes backwards.</summary>
        long MonotonicMs { get; }

        /// <summary>Current UTC time; meaningful only when <see cref="IsWallClockValid"/>.</summary>
        DateTime UtcNow { get; }

        /// <summary>False until SNTP (or a technician) has set the time; TLS and payments need it.</summary>
        bool IsWallClockValid { get; }

        /// <summary>Blocks the calling thread (a virtual clock advances instead).</summary>
        void Sleep(int milliseconds);
    }
}
