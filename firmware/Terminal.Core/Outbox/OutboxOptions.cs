namespace Terminal.Core.Outbox
{
    /// <summary>
    /// Settings of the outbox, forwarder and risk control. Defaults fit the 256 KB LittleFS
    /// partition the terminal shares with the device configuration (docs/storage.md, "Outbox",
    /// explains the budget); every threshold is configurable.
    /// </summary>
    public sealed class OutboxOptions
    {
        public OutboxOptions()
        {
            Root = "outbox";
            MaxRecords = 100;
            MaxBytes = 40 * 1024;
            MaxRecordBytes = 640;
            MinFreeBytes = 32 * 1024;
            HighWaterPercent = 75;
            InFlightReserve = 2;
            InitialBackoffMs = 2000;
            MaxBackoffMs = 5 * 60 * 1000;
            ControlPollMs = 60 * 1000;
            NotificationsPath = "/v1/notifications";
            ControlPath = "/v1/control";
            VelocityWindowSeconds = 600;
            VelocityMaxCount = 30;
            VelocityMaxAmount = 1000000;
        }

        /// <summary>Folder of the outbox in the file store (queue, dead letters, quarantine, state).</summary>
        public string Root { get; set; }

        /// <summary>Records kept at most (pending + dead letters + quarantined): past it new sales are refused.</summary>
        public int MaxRecords { get; set; }

        /// <summary>Record bytes kept at most (same set): past it new sales are refused.</summary>
        public long MaxBytes { get; set; }

        /// <summary>Room reserved per sale (the largest record the field limits allow; typical records are 330-400 bytes).</summary>
        public int MaxRecordBytes { get; set; }

        /// <summary>
        /// The outbox never lets the store's free space drop below this: room the rest of the store
        /// may still need (the sale's journal entries, unresolved orders, a settings file's copy while
        /// it is replaced, the sales list, the order-number reservation: 8 blocks, docs/storage.md).
        /// </summary>
        public long MinFreeBytes { get; set; }

        /// <summary>Fill level (percent of MaxRecords or MaxBytes) at which the terminal warns.</summary>
        public int HighWaterPercent { get; set; }

        /// <summary>
        /// Records a Paid outcome may still add beyond MaxRecords: the sale check ran before the
        /// customer paid, and a payment that happened is never refused for a soft limit.
        /// </summary>
        public int InFlightReserve { get; set; }

        public int InitialBackoffMs { get; set; }

        public int MaxBackoffMs { get; set; }

        /// <summary>Interval of the control poll (risk control) when no acknowledgement carried control news.</summary>
        public int ControlPollMs { get; set; }

        public string NotificationsPath { get; set; }

        public string ControlPath { get; set; }

        /// <summary>The terminal's id at the merchant server.</summary>
        public string TerminalId { get; set; }

        /// <summary>The per-terminal HMAC-SHA256 secret shared with the merchant server.</summary>
        public byte[] Secret { get; set; }

        public int VelocityWindowSeconds { get; set; }

        /// <summary>Payments within the window that lock sales (0 = no count rule).</summary>
        public int VelocityMaxCount { get; set; }

        /// <summary>Total amount (minor units) within the window that locks sales (0 = no amount rule).</summary>
        public long VelocityMaxAmount { get; set; }
    }
}
