using Terminal.Core.Ports;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// The terminal's notification outbox: every Paid outcome is committed to flash here before the
    /// cashier sees "Paid", then forwarded to the merchant server with guaranteed arrival; the
    /// merchant's risk control and the local velocity guard decide whether new sales may start.
    /// <para>Life cycle: construct, <see cref="Start"/> (boot recovery), <see cref="StartForwarding"/>
    /// (background thread) — or drive <see cref="Forwarder"/>.Step() directly in tests.</para>
    /// <para>Before a sale: <see cref="SaleRefusal"/>. After WeChat says paid:
    /// <see cref="Enqueue(PaidNotification)"/>. For the display and console: <see cref="Status"/>,
    /// <see cref="DeadLetters"/>, <see cref="RetryDeadLetter"/>, <see cref="ReleaseVelocityLock"/>.</para>
    /// </summary>
    public sealed class NotificationOutbox
    {
        private const long UnixEpochTicks = 621355968000000000L;

        private readonly object gate = new object();
        private readonly IFileStore files;
        private readonly IClock clock;
        private readonly OutboxOptions options;
        private ForwarderThread thread;

        public NotificationOutbox(IFileStore files, IClock clock, IRandomSource random, IMerchantLink link, OutboxOptions options)
        {
            this.files = files;
            this.clock = clock;
            this.options = options;
            Store = new OutboxStore(files, options);
            Risk = new RiskControl(files, options);
            Forwarder = new Forwarder(Store, Risk, link, clock, random, options);
        }

        public OutboxStore Store { get; private set; }

        public RiskControl Risk { get; private set; }

        public Forwarder Forwarder { get; private set; }

        public OutboxOptions Options
        {
            get { return options; }
        }

        /// <summary>Recovery at boot: rebuilds the queue in order, loads the risk state, re-seeds the velocity window.</summary>
        public RecoveryReport Start()
        {
            lock (gate)
            {
                // The velocity window is re-seeded with the pending payments as recovery reads them
                // (the store keeps no amounts); then the saved risk state (migrated from format 1 by
                // the recovery when needed) is loaded.
                Risk.ClearWindow();
                RecoveryReport report = Store.Recover(Risk, UnixNow());
                Risk.Load();
                return report;
            }
        }

        public void StartForwarding()
        {
            if (thread == null)
            {
                thread = new ForwarderThread(Forwarder);
            }

            thread.Start();
        }

        public void StopForwarding(int timeoutMs)
        {
            if (thread != null)
            {
                thread.Stop(timeoutMs);
            }
        }

        /// <summary>
        /// Null when a new sale may start; otherwise the message for the cashier: suspended by the
        /// merchant (with its reason), locked by the velocity guard, or no room for its notification.
        /// </summary>
        public string SaleRefusal()
        {
            string refusal = Risk.SaleRefusal();
            return refusal != null ? refusal : CapacityRefusal();
        }

        /// <summary>What gives flash back before the outbox refuses for want of it (the sales history), or null.</summary>
        public IFlashDonor Donor { get; set; }

        /// <summary>The store's free bytes, after asking the <see cref="Donor"/> for what is missing up to <paramref name="wanted"/>.</summary>
        private long FreeAfterDonation(long wanted)
        {
            long free = files.FreeBytes;
            IFlashDonor donor = Donor;
            if (free < wanted && donor != null && donor.Release(wanted - free) > 0)
            {
                free = files.FreeBytes;
            }

            return free;
        }

        /// <summary>Null when the outbox has room for one more sale's notification, else why not.</summary>
        public string CapacityRefusal()
        {
            int stored = Store.StoredCount;
            if (stored >= options.MaxRecords)
            {
                return "Notification storage full (" + stored.ToString() + " of " + options.MaxRecords.ToString() + "): no new sales until the merchant server receives the pending ones";
            }

            if (Store.StoredBytes + options.MaxRecordBytes > options.MaxBytes)
            {
                return "Notification storage full (" + Store.StoredBytes.ToString() + " of " + options.MaxBytes.ToString() + " bytes): no new sales until the merchant server receives the pending ones";
            }

            if (FreeAfterDonation(options.MinFreeBytes + Store.NextCommitBytes(options.MaxRecordBytes)) < options.MinFreeBytes + Store.NextCommitBytes(options.MaxRecordBytes))
            {
                return "Flash almost full (" + files.FreeBytes.ToString() + " bytes free): no new sales until notifications drain";
            }

            return null;
        }

        /// <summary>Builds and commits a notification from a Paid outcome's fields (see <see cref="Enqueue(PaidNotification)"/>).</summary>
        public EnqueueResult Enqueue(string terminalId, string outTradeNo, string transactionId, long totalFee, long cashFee, string feeType, string timeEnd, string bankType, string openId)
        {
            PaidNotification n = new PaidNotification();
            n.TerminalId = terminalId;
            n.OutTradeNo = outTradeNo;
            n.TransactionId = transactionId;
            n.TotalFee = totalFee;
            n.CashFee = cashFee;
            n.FeeType = feeType;
            n.TimeEnd = timeEnd;
            n.BankType = bankType;
            n.OpenId = openId;
            return Enqueue(n);
        }

        /// <summary>
        /// Commits a Paid notification to flash (returns only once it is durable) and wakes the
        /// forwarder. The same payment twice (same out_trade_no and transaction_id) is stored once.
        /// Fields longer than WeChat documents are cut to size and named in "truncated"
        /// (<see cref="PaidNotification.FitToLimits"/>); payment data WeChat does not document
        /// (<see cref="PaidNotification.Deviation"/>) is committed as a dead letter that says why.
        /// Never refused for suspension or velocity — the customer has paid; refused only when the
        /// notification is invalid or the outbox is beyond its hard limit (soft limit plus
        /// InFlightReserve) or the flash is full: then Committed is false and Refusal says why, and
        /// the caller must keep the outcome elsewhere (the payment journal). Throws
        /// <see cref="StoreException"/> on other storage failures (nothing committed).
        /// </summary>
        public EnqueueResult Enqueue(PaidNotification notification)
        {
            EnqueueResult result = new EnqueueResult();
            lock (gate)
            {
                if (notification.IsPayment && notification.PaidAt == 0 && clock.IsWallClockValid)
                {
                    notification.PaidAt = UnixNow();
                }

                notification.FitToLimits();
                string problem = notification.Validate();
                if (problem != null)
                {
                    result.Refusal = "Invalid payment notification: " + problem;
                    return result;
                }

                int existing = Store.Find(notification.IdempotencyKey);
                if (existing != -1)
                {
                    result.Committed = true;
                    result.Duplicate = true;
                    result.Sequence = existing >= 0 ? existing : -existing - 2;
                    return result;
                }

                byte[] payload = notification.ToJson();
                int size = payload.Length + OutboxRecord.Overhead;
                long reserve = (long)options.InFlightReserve * options.MaxRecordBytes;
                if (Store.StoredCount >= options.MaxRecords + options.InFlightReserve
                    || Store.StoredBytes + size > options.MaxBytes + reserve
                    || FreeAfterDonation(Store.NextCommitBytes(size) + options.MinFreeBytes - reserve) - Store.NextCommitBytes(size) < options.MinFreeBytes - reserve)
                {
                    result.Refusal = "Notification storage full: the payment could not be recorded for the merchant; keep the receipt";
                    return result;
                }

                string deviation = notification.Deviation();
                try
                {
                    if (deviation == null)
                    {
                        result.Sequence = Store.Append(notification, payload);
                    }
                    else
                    {
                        // Kept, never lost, never sent on its own: a technician sees why and decides.
                        result.Sequence = Store.AppendDeadLetter(payload, "refused by the terminal: " + deviation, UnixNow());
                        result.DeadLettered = true;
                        result.Refusal = deviation;
                    }
                }
                catch (StoreException e)
                {
                    if (!e.DiskFull)
                    {
                        throw;
                    }

                    result.Refusal = "Flash full: the payment could not be recorded for the merchant; keep the receipt";
                    return result;
                }

                result.Committed = true;
                result.VelocityTripped = notification.IsPayment && Risk.OnPaid(notification.TotalFee, notification.PaidAt, UnixNow(), Names.Hash(notification.IdempotencyKey));
                result.HighWater = IsHighWater();
            }

            if (result.VelocityTripped)
            {
                Forwarder.RequestPoll(); // tell the merchant server promptly
            }

            if (thread != null)
            {
                thread.Wake();
            }

            return result;
        }

        public OutboxStatus Status()
        {
            OutboxStatus s = new OutboxStatus();
            s.Depth = Store.Depth;
            s.PendingBytes = Store.PendingBytes;
            s.StoredCount = Store.StoredCount;
            s.StoredBytes = Store.StoredBytes;
            s.MaxRecords = options.MaxRecords;
            s.MaxBytes = options.MaxBytes;
            s.FreeBytes = files.FreeBytes;
            s.HighWater = IsHighWater();
            s.Full = CapacityRefusal() != null;
            s.DeadLetters = Store.DeadLetterCount;
            s.Quarantined = Store.QuarantinedCount;
            s.Suspended = Risk.Suspended;
            s.SuspendReason = Risk.SuspendReason;
            s.VelocityLocked = Risk.VelocityLocked;
            s.VelocityReason = Risk.VelocityReason;
            s.RiskStateUnknown = Risk.StateUnknown;
            s.SaleRefusal = SaleRefusal();
            s.LastError = Forwarder.LastError;
            s.ConsecutiveFailures = Forwarder.ConsecutiveFailures;
            long wait = Forwarder.NextAttemptMs - clock.MonotonicMs;
            s.RetryInMs = wait > 0 ? wait : 0;
            s.DeliveredThisBoot = Forwarder.Delivered;
            return s;
        }

        /// <summary>Dead letters, oldest first (console: list).</summary>
        public DeadLetter[] DeadLetters()
        {
            return Store.DeadLetters();
        }

        /// <summary>Puts a dead letter back at its place in the queue and retries delivery now (console: retry).</summary>
        public bool RetryDeadLetter(int sequence)
        {
            bool moved = Store.RetryDeadLetter(sequence);
            if (moved)
            {
                Forwarder.RetryNow();
                if (thread != null)
                {
                    thread.Wake();
                }
            }

            return moved;
        }

        /// <summary>Deletes a dead letter after the technician exported it (console: explicit delete).</summary>
        public bool DeleteDeadLetter(int sequence)
        {
            return Store.DeleteDeadLetter(sequence);
        }

        /// <summary>Names of quarantined (unreadable) records, kept for inspection (console: list).</summary>
        public string[] Quarantined()
        {
            return Store.Quarantined();
        }

        /// <summary>Deletes the quarantined records after the technician exported them (console: explicit purge).</summary>
        public int PurgeQuarantine()
        {
            return Store.PurgeQuarantine();
        }

        /// <summary>A technician releases the velocity lock.</summary>
        public void ReleaseVelocityLock()
        {
            Risk.ReleaseVelocityLock();
        }

        /// <summary>Console "send now": forget the back-off and poll control.</summary>
        public void RetryNow()
        {
            Forwarder.RetryNow();
            Forwarder.RequestPoll();
            if (thread != null)
            {
                thread.Wake();
            }
        }

        private bool IsHighWater()
        {
            int percent = options.HighWaterPercent;
            return (long)Store.StoredCount * 100 >= (long)options.MaxRecords * percent
                || Store.StoredBytes * 100 >= options.MaxBytes * percent;
        }

        private long UnixNow()
        {
            return (clock.UtcNow.Ticks - UnixEpochTicks) / 10000000L;
        }
    }
}
