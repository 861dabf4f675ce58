namespace Terminal.Core.Payments
{
    /// <summary>
    /// Timing and retry rules of the payment engine. Defaults follow WeChat Pay's Quick Pay rules
    /// (quickpay-v2.md): query every 5 s, stop at 30 s and reverse; never query past 45 s; reverse
    /// never within 15 s of the micropay; up to 10 reverse calls with back-off.
    /// Setters clamp values to what WeChat allows, so a bad configuration cannot break the rules.
    /// </summary>
    public sealed class PaymentConfig
    {
        /// <summary>WeChat auto-revokes unpaid Quick Pay orders 45 s after creation: no deadline may exceed it.</summary>
        public const int MaxDeadlineMs = 45000;

        /// <summary>Reverse is refused within 15 s of the micropay call.</summary>
        public const int MinReverseDelayMs = 15000;

        private int pollIntervalMs = 5000;
        private int deadlineMs = 30000;
        private int reverseDelayMs = MinReverseDelayMs;
        private int reverseTries = 10;

        public PaymentConfig()
        {
            ReverseBackoffMs = 1000;
            ReverseBackoffMaxMs = 8000;
            SubmitAttempts = 3;
            RetryPauseMs = 1000;
            ConnectTimeoutMs = 6000;
            ReadTimeoutMs = 10000;
            KeepAliveIdleMs = 8000;
            WarmConnection = true;
            BootReverseTries = 3;
            ReverseWindowMs = 7L * 24 * 3600 * 1000;
            QueryWindowMs = 30L * 24 * 3600 * 1000;
            SequenceBlock = 16;
            Body = "Quick Pay sale";
        }

        /// <summary>Query interval while the outcome is unknown or the customer enters the password (default 5 s, 1–15 s).</summary>
        public int PollIntervalMs
        {
            get { return pollIntervalMs; }
            set { pollIntervalMs = value < 1000 ? 1000 : (value > 15000 ? 15000 : value); }
        }

        /// <summary>Stop querying this long after the micropay was sent and reverse (default 30 s; never beyond 45 s).</summary>
        public int DeadlineMs
        {
            get { return deadlineMs; }
            set { deadlineMs = value < 5000 ? 5000 : (value > MaxDeadlineMs ? MaxDeadlineMs : value); }
        }

        /// <summary>Earliest reverse after the micropay was sent (default and minimum 15 s).</summary>
        public int ReverseDelayMs
        {
            get { return reverseDelayMs; }
            set { reverseDelayMs = value < MinReverseDelayMs ? MinReverseDelayMs : value; }
        }

        /// <summary>Reverse calls per sale before the order becomes Unresolved (default 10, 1–10).</summary>
        public int ReverseTries
        {
            get { return reverseTries; }
            set { reverseTries = value < 1 ? 1 : (value > 10 ? 10 : value); }
        }

        /// <summary>Pause after the first failed reverse; doubles each time up to <see cref="ReverseBackoffMaxMs"/>.</summary>
        public int ReverseBackoffMs { get; set; }

        public int ReverseBackoffMaxMs { get; set; }

        /// <summary>Micropay attempts when the request certainly did not leave (DNS, connect, handshake failures).</summary>
        public int SubmitAttempts { get; set; }

        /// <summary>Pause before retrying a request that was not sent.</summary>
        public int RetryPauseMs { get; set; }

        /// <summary>Time-out of the TCP connect, and again of the TLS handshake (default 6 s; the official SDKs use 5–6 s).</summary>
        public int ConnectTimeoutMs { get; set; }

        /// <summary>The answer time-out: the whole answer must arrive within this time after the request was written (default 10 s).</summary>
        public int ReadTimeoutMs { get; set; }

        /// <summary>Reuse a kept-alive connection idle at most this long (covers the 5 s polls).</summary>
        public int KeepAliveIdleMs { get; set; }

        /// <summary>
        /// Open the micropay's TLS connection while the cashier keys the amount (default true), so
        /// the scan costs one round trip; false: the micropay opens it after the scan.
        /// </summary>
        public bool WarmConnection { get; set; }

        /// <summary>Reverse calls per unfinished order during boot recovery before leaving it to background reconciliation.</summary>
        public int BootReverseTries { get; set; }

        /// <summary>WeChat accepts reverse for orders up to 7 days old.</summary>
        public long ReverseWindowMs { get; set; }

        /// <summary>Orders older than this (default 30 days) are no longer queried; they stay listed for a technician.</summary>
        public long QueryWindowMs { get; set; }

        /// <summary>Order-number sequence values reserved per flash write (a reboot skips the rest of a block).</summary>
        public int SequenceBlock { get; set; }

        /// <summary>The micropay body ("brand-store-item", ≤ 127 UTF-8 bytes).</summary>
        public string Body { get; set; }
    }
}
