using Terminal.Core.Ports;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// Whether the terminal may sell, from two sources:
    /// <list type="bullet">
    /// <item>the merchant server's risk control (suspend/resume, with a reason), received in
    /// acknowledgements and control polls;</item>
    /// <item>the local velocity guard: more than a configured count or amount of payments in a
    /// sliding window locks sales until a technician releases the lock — the first line of
    /// defence when the merchant server is unreachable.</item>
    /// </list>
    /// Both are persisted (a <see cref="DurableSlot"/>, outbox/state-G.rec) so a reboot does not lift
    /// them. If the newest saved state is unreadable the terminal fails safe: sales stay locked
    /// until the merchant server sends a valid control answer. The velocity window lives in memory
    /// and is re-seeded at boot from the pending notifications, which are exactly the payments the
    /// merchant server has not seen. Each payment counts once: the window keeps a hash of its
    /// idempotency key, so the same paid order handed over again (boot recovery, a background
    /// pass) after its record was acknowledged and deleted does not count a second time.
    /// Thread-safe.
    /// </summary>
    public sealed class RiskControl
    {
        private readonly object gate = new object();
        private readonly DurableSlot slot;
        private readonly OutboxOptions options;

        private long[] windowTimes = new long[16];
        private long[] windowAmounts = new long[16];
        private int[] windowKeys = new int[16];
        private int windowCount;

        public RiskControl(IFileStore store, OutboxOptions options)
        {
            this.options = options;
            slot = new DurableSlot(store, options.Root, "state");
            SuspendReason = string.Empty;
            VelocityReason = string.Empty;
        }

        /// <summary>Suspended by the merchant server.</summary>
        public bool Suspended { get; private set; }

        public string SuspendReason { get; private set; }

        /// <summary>Unix seconds when the suspension began (0 when not suspended).</summary>
        public long SuspendedSince { get; private set; }

        /// <summary>Locked by the local velocity guard.</summary>
        public bool VelocityLocked { get; private set; }

        public string VelocityReason { get; private set; }

        public long VelocityLockedSince { get; private set; }

        /// <summary>The saved state could not be read: sales are locked until the merchant server answers.</summary>
        public bool StateUnknown { get; private set; }

        /// <summary>Last failure to persist the state (null when the last save worked).</summary>
        public string SaveError { get; private set; }

        /// <summary>Payments and amount currently inside the velocity window.</summary>
        public int WindowCount
        {
            get
            {
                lock (gate)
                {
                    return windowCount;
                }
            }
        }

        public long WindowAmount
        {
            get
            {
                lock (gate)
                {
                    long sum = 0;
                    for (int i = 0; i < windowCount; i++)
                    {
                        sum += windowAmounts[i];
                    }

                    return sum;
                }
            }
        }

        /// <summary>Loads the persisted state (boot). The velocity window is not persisted: the outbox's recovery seeds it.</summary>
        public void Load()
        {
            lock (gate)
            {
                byte[] payload = slot.Load();
                StateUnknown = slot.NewestWasCorrupt;
                Suspended = false;
                SuspendReason = string.Empty;
                SuspendedSince = 0;
                VelocityLocked = false;
                VelocityReason = string.Empty;
                VelocityLockedSince = 0;
                if (payload == null)
                {
                    return;
                }

                string error;
                JsonObject o = JsonReader.Parse(payload, 0, payload.Length, out error);
                if (o == null)
                {
                    StateUnknown = true;
                    return;
                }

                Suspended = o.GetBool("suspended", false);
                SuspendReason = Text(o.GetString("reason"));
                SuspendedSince = o.GetLong("since", 0);
                VelocityLocked = o.GetBool("velocity_locked", false);
                VelocityReason = Text(o.GetString("velocity_reason"));
                VelocityLockedSince = o.GetLong("velocity_since", 0);
            }
        }

        /// <summary>Empties the velocity window (RAM only; boot recovery seeds it again, <see cref="Seed(long, long, long, int)"/>).</summary>
        public void ClearWindow()
        {
            lock (gate)
            {
                windowCount = 0;
            }
        }

        /// <summary>Null when a sale may start, else the message for the cashier.</summary>
        public string SaleRefusal()
        {
            lock (gate)
            {
                if (Suspended)
                {
                    return "Sales suspended by the merchant: " + (SuspendReason.Length == 0 ? "no reason given" : SuspendReason);
                }

                if (StateUnknown)
                {
                    return "Sales locked: the saved risk state is unreadable; waiting for the merchant server";
                }

                if (VelocityLocked)
                {
                    return "Sales locked by the velocity guard (" + VelocityReason + "); a technician must release it";
                }

                return null;
            }
        }

        /// <summary>
        /// Applies the merchant server's control answer. Returns true when the state changed.
        /// A valid answer also settles an unknown state.
        /// </summary>
        public bool ApplyControl(bool suspended, string reason, long now)
        {
            lock (gate)
            {
                reason = Text(reason);
                bool changed = suspended != Suspended || (suspended && reason != SuspendReason) || StateUnknown;
                if (!changed)
                {
                    return false;
                }

                if (suspended && !Suspended)
                {
                    SuspendedSince = now;
                }

                Suspended = suspended;
                SuspendReason = suspended ? reason : string.Empty;
                if (!suspended)
                {
                    SuspendedSince = 0;
                }

                StateUnknown = false;
                Save();
                return true;
            }
        }

        /// <summary>Seeds the velocity window with a payment already committed (boot).</summary>
        public void Seed(long amount, long paidAt, long now)
        {
            Seed(amount, paidAt, now, 0);
        }

        /// <summary>Seeds the velocity window with a committed payment whose idempotency key hashes to <paramref name="keyHash"/> (0: unknown).</summary>
        public void Seed(long amount, long paidAt, long now, int keyHash)
        {
            lock (gate)
            {
                if (paidAt > now - options.VelocityWindowSeconds && paidAt <= now && !InWindow(keyHash))
                {
                    Add(paidAt, amount, keyHash);
                }
            }
        }

        /// <summary>
        /// Counts a committed payment. Returns true when this payment tripped the velocity guard
        /// (sales are now locked: alert the cashier and the merchant).
        /// </summary>
        public bool OnPaid(long amount, long now)
        {
            return OnPaid(amount, now, now);
        }

        /// <summary>
        /// Counts a committed payment made at <paramref name="paidAt"/> (WeChat's time; 0 =
        /// unknown, counted as <paramref name="now"/>, as is a time a little ahead of the
        /// terminal's clock). A payment made before the window — an old order boot recovery hands
        /// over — does not count. Returns true when this payment tripped the velocity guard.
        /// </summary>
        public bool OnPaid(long amount, long paidAt, long now)
        {
            return OnPaid(amount, paidAt, now, 0);
        }

        /// <summary>
        /// As <see cref="OnPaid(long, long, long)"/>, for the payment whose idempotency key hashes to
        /// <paramref name="keyHash"/> (0: unknown, always counts): a payment already in the window
        /// (handed over again) does not count again. A different payment with the same 32-bit hash
        /// would not count either (about one in four billion per pair in the window).
        /// </summary>
        public bool OnPaid(long amount, long paidAt, long now, int keyHash)
        {
            lock (gate)
            {
                Prune(now);
                long at = paidAt <= 0 || paidAt > now ? now : paidAt;
                if (at <= now - options.VelocityWindowSeconds || InWindow(keyHash))
                {
                    return false;
                }

                Add(at, amount, keyHash);
                if (VelocityLocked)
                {
                    return false;
                }

                long sum = 0;
                for (int i = 0; i < windowCount; i++)
                {
                    sum += windowAmounts[i];
                }

                string minutes = (options.VelocityWindowSeconds / 60).ToString();
                string reason = null;
                if (options.VelocityMaxCount > 0 && windowCount >= options.VelocityMaxCount)
                {
                    reason = windowCount.ToString() + " payments in " + minutes + " min";
                }
                else if (options.VelocityMaxAmount > 0 && sum >= options.VelocityMaxAmount)
                {
                    reason = "amount " + sum.ToString() + " in " + minutes + " min";
                }

                if (reason == null)
                {
                    return false;
                }

                VelocityLocked = true;
                VelocityReason = reason;
                VelocityLockedSince = now;
                Save();
                return true;
            }
        }

        /// <summary>A technician releases the velocity lock; the window starts afresh.</summary>
        public void ReleaseVelocityLock()
        {
            lock (gate)
            {
                windowCount = 0;
                if (!VelocityLocked)
                {
                    return;
                }

                VelocityLocked = false;
                VelocityReason = string.Empty;
                VelocityLockedSince = 0;
                Save();
            }
        }

        private void Prune(long now)
        {
            long cutoff = now - options.VelocityWindowSeconds;
            int kept = 0;
            for (int i = 0; i < windowCount; i++)
            {
                if (windowTimes[i] > cutoff)
                {
                    windowTimes[kept] = windowTimes[i];
                    windowAmounts[kept] = windowAmounts[i];
                    windowKeys[kept] = windowKeys[i];
                    kept++;
                }
            }

            windowCount = kept;
        }

        private bool InWindow(int keyHash)
        {
            if (keyHash == 0)
            {
                return false;
            }

            for (int i = 0; i < windowCount; i++)
            {
                if (windowKeys[i] == keyHash)
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(long at, long amount, int keyHash)
        {
            if (windowCount == windowTimes.Length)
            {
                // 16 more slots, not twice as many: boot seeds up to a full outbox (100 payments) at once.
                long[] t = new long[windowCount + 16];
                long[] a = new long[windowCount + 16];
                int[] k = new int[windowCount + 16];
                System.Array.Copy(windowTimes, t, windowCount);
                System.Array.Copy(windowAmounts, a, windowCount);
                System.Array.Copy(windowKeys, k, windowCount);
                windowTimes = t;
                windowAmounts = a;
                windowKeys = k;
            }

            windowTimes[windowCount] = at;
            windowAmounts[windowCount] = amount;
            windowKeys[windowCount] = keyHash;
            windowCount++;
        }

        private void Save()
        {
            JsonWriter json = new JsonWriter(256);
            json.BeginObject();
            json.Bool("suspended", Suspended);
            json.String("reason", SuspendReason);
            json.Number("since", SuspendedSince);
            json.Bool("velocity_locked", VelocityLocked);
            json.String("velocity_reason", VelocityReason);
            json.Number("velocity_since", VelocityLockedSince);
            json.EndObject();
            try
            {
                slot.Save(json.ToArray());
                SaveError = null;
            }
            catch (StoreException e)
            {
                // The state still applies in memory; the next change or control answer saves again.
                SaveError = e.Message;
            }
        }

        private static string Text(string value)
        {
            if (value == null)
            {
                return string.Empty;
            }

            return value.Length > 200 ? value.Substring(0, 200) : value;
        }
    }
}
