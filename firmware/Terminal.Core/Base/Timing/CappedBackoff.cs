namespace Terminal.Core.Timing
{
    /// <summary>
    /// The terminal's one capped exponential back-off: the wait before retry number n (1-based)
    /// is <c>first × 2^(n-1)</c>, never more than <c>max</c>. Every retry loop uses it — the
    /// payment engine's reverse pauses, the outbox forwarder (before its jitter), the technician
    /// PIN lockout, the Wi-Fi re-join policy and the boot-loop guard — in its own unit (ms,
    /// seconds or minutes: the arithmetic does not care). Doubling stops at the cap, so no
    /// attempt count overflows and a huge attempt number costs at most 63 doublings.
    /// </summary>
    public static class CappedBackoff
    {
        /// <summary>
        /// The wait before retry <paramref name="attempt"/> (1-based; 0 or less counts as the
        /// first): <paramref name="first"/> doubled attempt-1 times, capped at <paramref name="max"/>.
        /// A cap below <paramref name="first"/> wins.
        /// </summary>
        public static long Delay(int attempt, long first, long max)
        {
            long delay = first;
            for (int i = 1; i < attempt && delay < max && delay > 0; i++)
            {
                delay = delay > max / 2 ? max : delay * 2;
            }

            return delay > max ? max : delay;
        }
    }
}
