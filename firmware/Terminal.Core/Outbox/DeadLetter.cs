namespace Terminal.Core.Outbox
{
    /// <summary>A notification the merchant server rejected permanently, kept until a technician retries or exports it.</summary>
    public sealed class DeadLetter
    {
        public int Sequence { get; set; }

        /// <summary>The stored notification (null if its record became unreadable).</summary>
        public PaidNotification Notification { get; set; }

        /// <summary>HTTP status of the rejection (0 when unknown).</summary>
        public int Status { get; set; }

        public string Reason { get; set; }

        /// <summary>Unix seconds (UTC) of the rejection.</summary>
        public long RejectedAt { get; set; }
    }
}
