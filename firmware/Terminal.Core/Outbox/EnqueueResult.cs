namespace Terminal.Core.Outbox
{
    /// <summary>The outcome of <see cref="NotificationOutbox.Enqueue(PaidNotification)"/>.</summary>
    public sealed class EnqueueResult
    {
        /// <summary>True when the notification is durably stored (now or already): the cashier may see "Paid".</summary>
        public bool Committed { get; set; }

        /// <summary>It was already stored (same idempotency key); nothing new was written.</summary>
        public bool Duplicate { get; set; }

        public int Sequence { get; set; }

        /// <summary>Why it was not stored (invalid, or no room left), or why it was stored as a dead letter; null otherwise.</summary>
        public string Refusal { get; set; }

        /// <summary>
        /// Stored as a dead letter (Committed is true): the payment data is not what WeChat
        /// documents (<see cref="PaidNotification.Deviation"/>); Refusal says why.
        /// </summary>
        public bool DeadLettered { get; set; }

        /// <summary>This payment tripped the local velocity guard: sales are now locked.</summary>
        public bool VelocityTripped { get; set; }

        /// <summary>The outbox is past its high-water mark: warn the cashier.</summary>
        public bool HighWater { get; set; }
    }
}
