namespace Terminal.Core.Outbox
{
    /// <summary>A snapshot of the outbox and risk control for the cashier display and the console.</summary>
    public sealed class OutboxStatus
    {
        /// <summary>Notifications waiting for the merchant server.</summary>
        public int Depth { get; set; }

        public long PendingBytes { get; set; }

        /// <summary>Records kept (pending + dead letters + quarantined) and their bytes: what capacity counts.</summary>
        public int StoredCount { get; set; }

        public long StoredBytes { get; set; }

        public int MaxRecords { get; set; }

        public long MaxBytes { get; set; }

        /// <summary>Free bytes of the file store (LittleFS estimate).</summary>
        public long FreeBytes { get; set; }

        /// <summary>Past the high-water mark: warn ("notifications not reaching the merchant").</summary>
        public bool HighWater { get; set; }

        /// <summary>No room for another sale's notification: sales are refused.</summary>
        public bool Full { get; set; }

        public int DeadLetters { get; set; }

        /// <summary>Unreadable records kept for inspection.</summary>
        public int Quarantined { get; set; }

        public bool Suspended { get; set; }

        public string SuspendReason { get; set; }

        public bool VelocityLocked { get; set; }

        public string VelocityReason { get; set; }

        /// <summary>The saved risk state was unreadable; sales wait for the merchant server.</summary>
        public bool RiskStateUnknown { get; set; }

        /// <summary>The message for the cashier when a sale would be refused now, else null.</summary>
        public string SaleRefusal { get; set; }

        /// <summary>The forwarder's last error (null when the last exchange succeeded).</summary>
        public string LastError { get; set; }

        public int ConsecutiveFailures { get; set; }

        /// <summary>Milliseconds until the next delivery attempt (0 = now).</summary>
        public long RetryInMs { get; set; }

        public int DeliveredThisBoot { get; set; }
    }
}
