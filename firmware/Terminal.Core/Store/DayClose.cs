using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Core.Storage;

namespace Terminal.Core.Store
{
    /// <summary>Why a Z report could not be taken (one message table: <see cref="DayClose.Message"/>).</summary>
    public enum CloseError
    {
        None = 0,

        /// <summary>The wall clock is not set: the period's end would be unknown.</summary>
        ClockNotSet,

        /// <summary>The flash refused the Z file: nothing was closed.</summary>
        FlashFailed,

        /// <summary>
        /// A paid sale is not in the totals yet (its history write failed, and failed again when
        /// the close tried it): nothing was closed, so it is counted in the period its notification
        /// names.
        /// </summary>
        PaidNotCounted,
    }

    /// <summary>
    /// X and Z reports (docs/storage.md, "Z reports"; docs/merchant-api.md, z_report). A close:
    /// <list type="number">
    /// <item>under the history's lock (no sale can be counted meanwhile) the open period's totals
    /// are frozen and written as <c>zreports/zNNNNNNNN.tmp</c>, renamed <c>.rec</c>: <b>the
    /// commit</b>. The history then counts new records in period N+1 (its counters start at zero;
    /// nothing else is written: every history record carries its period);</item>
    /// <item>the z_report notification (those same JSON bytes) goes into the outbox (idempotent by
    /// its key <c>z_report:terminal:N</c>);</item>
    /// <item><c>.rec</c> is renamed <c>.sent</c>: handed over.</item>
    /// </list>
    /// A power cut before the rename to .rec leaves nothing closed (a .tmp is deleted at boot, the
    /// number is reused: it never left the terminal); after it, boot finds the .rec and finishes
    /// steps 2–3 (the outbox stores one record per key). Numbers come from the file names, so a
    /// number once committed is never taken again.
    /// </summary>
    public sealed class DayClose
    {
        public const string Folder = "zreports";

        /// <summary>Z files kept on flash (each costs a 4 KB block); older handed-over ones are deleted.</summary>
        public const int Keep = 2;

        /// <summary>OutboxRecord kind of a Z file.</summary>
        public const byte KindZReport = 4;

        private const long UnixEpochTicks = 621355968000000000L;

        private readonly object gate = new object();
        private readonly IFileStore store;
        private readonly SalesHistory history;
        private readonly NotificationOutbox outbox;
        private readonly IClock clock;
        private readonly string terminalId;
        private long openedAt;

        public DayClose(IFileStore store, SalesHistory history, NotificationOutbox outbox, IClock clock, string terminalId)
        {
            this.store = store;
            this.history = history;
            this.outbox = outbox;
            this.clock = clock;
            this.terminalId = terminalId;
            NextNumber = 1;
        }

        /// <summary>The number the next Z report will carry.</summary>
        public int NextNumber { get; private set; }

        /// <summary>The sales history whose open period a close freezes.</summary>
        public SalesHistory History
        {
            get { return history; }
        }

        /// <summary>The newest Z report on flash, or null.</summary>
        public ZReport Last { get; private set; }

        /// <summary>Z reports committed but not yet in the outbox (outbox full): retried by <see cref="HandOverPending"/>.</summary>
        public int PendingHandOvers { get; private set; }

        /// <summary>Z files that failed their check (kept as .bad for the technician; their numbers are never reused).</summary>
        public int Damaged { get; private set; }

        /// <summary>The last hand-over problem, or null.</summary>
        public string LastError { get; private set; }

        public static string Message(CloseError error)
        {
            switch (error)
            {
                case CloseError.ClockNotSet:
                    return "the clock is not set: a Z report needs the time of the close";
                case CloseError.FlashFailed:
                    return "the flash refused the Z report: nothing was closed, try again";
                case CloseError.PaidNotCounted:
                    return "a paid sale is not in the totals yet (the flash refused its history record): nothing was closed, try again";
                default:
                    return "ok";
            }
        }

        /// <summary>
        /// Boot, before any sale: finds the Z files (drops an uncommitted .tmp), loads the history
        /// into the open period and hands over any committed Z report not yet in the outbox.
        /// </summary>
        public void Load()
        {
            lock (gate)
            {
                int highest = 0;
                ZReport newest = null;
                Damaged = 0;
                string[] names = store.List(Folder);
                for (int i = 0; i < names.Length; i++)
                {
                    int n = NumberOf(names[i]);
                    if (n < 0)
                    {
                        continue;
                    }

                    if (names[i].EndsWith(".tmp"))
                    {
                        store.Delete(Folder + "/" + names[i]);
                        continue;
                    }

                    if (n > highest)
                    {
                        highest = n;
                    }

                    if (names[i].EndsWith(".bad"))
                    {
                        Damaged++;
                        continue;
                    }

                    ZReport z = Read(names[i], n);
                    if (z == null)
                    {
                        Damaged++;
                        store.Rename(Folder + "/" + names[i], Folder + "/" + Name(n) + ".bad");
                    }
                    else if (newest == null || z.Number > newest.Number)
                    {
                        newest = z;
                    }
                }

                NextNumber = highest + 1;
                Last = newest;
                history.Load(NextNumber);
                openedAt = newest != null ? newest.ClosedAt : history.OpenSince;
            }

            HandOverPending();
        }

        /// <summary>
        /// The X report: the open period's running totals now (nothing is written or reset), with
        /// <paramref name="unresolved"/> orders still unknown in <paramref name="currency"/>.
        /// </summary>
        public ZReport X(int unresolved, string currency)
        {
            ZReport x = new ZReport();
            x.Number = NextNumber;
            x.TerminalId = terminalId;
            x.OffsetMinutes = history.OffsetMinutes;
            x.Totals = history.OpenTotals();
            x.Totals.SetUnresolved(currency, unresolved);
            long now = Now();
            x.OpenedAt = OpenedAt(now);
            x.ClosedAt = now;
            return x;
        }

        /// <summary>
        /// The Z report: freezes, numbers and commits the open period's totals, resets the running
        /// totals and hands the report to the outbox. <paramref name="report"/> is the committed
        /// report (handed over or pending) when the result is <see cref="CloseError.None"/>.
        /// </summary>
        public CloseError Close(int unresolved, string currency, out ZReport report)
        {
            report = null;
            if (!clock.IsWallClockValid)
            {
                return CloseError.ClockNotSet;
            }

            lock (gate)
            {
                lock (history.SyncRoot)
                {
                    ZReport z = X(unresolved, currency);
                    byte[] json = z.ToJson();
                    byte[] file = OutboxRecord.Encode(KindZReport, (uint)z.Number, json);
                    string name = Folder + "/" + Name(z.Number);
                    try
                    {
                        store.Write(name + ".tmp", file, 0, file.Length);
                        store.Rename(name + ".tmp", name + ".rec");
                    }
                    catch (StoreException)
                    {
                        TryDelete(name + ".tmp");
                        return CloseError.FlashFailed;
                    }

                    NextNumber = z.Number + 1;
                    openedAt = z.ClosedAt;
                    Last = z;
                    history.StartPeriod(NextNumber, z.ClosedAt);
                    report = z;
                }
            }

            HandOverPending();
            return CloseError.None;
        }

        /// <summary>Puts every committed Z report not yet handed over into the outbox (boot, after a close, periodically).</summary>
        public void HandOverPending()
        {
            lock (gate)
            {
                int pending = 0;
                string[] names = store.List(Folder);
                for (int i = 0; i < names.Length; i++)
                {
                    int n = NumberOf(names[i]);
                    if (n < 0 || !names[i].EndsWith(".rec"))
                    {
                        continue;
                    }

                    if (!HandOver(names[i], n))
                    {
                        pending++;
                    }
                }

                PendingHandOvers = pending;
                Prune();
            }
        }

        /// <summary>The stored Z report of number <paramref name="number"/>, or null (pruned or damaged).</summary>
        public ZReport Find(int number)
        {
            lock (gate)
            {
                ZReport z = Read(Name(number) + ".sent", number);
                return z != null ? z : Read(Name(number) + ".rec", number);
            }
        }

        private bool HandOver(string fileName, int n)
        {
            byte[] file = store.Read(Folder + "/" + fileName);
            if (OutboxRecord.Check(file, KindZReport, (uint)n) != null)
            {
                return false;
            }

            string error;
            PaidNotification typed = PaidNotification.Typed(OutboxRecord.Payload(file), out error);
            if (typed == null)
            {
                LastError = "Z " + n.ToString() + ": " + error;
                return false;
            }

            try
            {
                EnqueueResult result = outbox.Enqueue(typed);
                if (!result.Committed)
                {
                    LastError = "Z " + n.ToString() + " waits for room in the outbox: " + result.Refusal;
                    return false;
                }

                store.Rename(Folder + "/" + fileName, Folder + "/" + Name(n) + ".sent");
            }
            catch (StoreException e)
            {
                LastError = "Z " + n.ToString() + " not handed over yet: " + e.Message;
                return false;
            }

            if (Last != null && Last.Number == n)
            {
                Last.HandedOver = true;
            }

            return true;
        }

        private void Prune()
        {
            string[] names = store.List(Folder);
            int sent = 0;
            for (int i = 0; i < names.Length; i++)
            {
                if (NumberOf(names[i]) >= 0 && names[i].EndsWith(".sent"))
                {
                    sent++;
                }
            }

            for (int i = 0; i < names.Length && sent > Keep; i++)
            {
                if (NumberOf(names[i]) >= 0 && names[i].EndsWith(".sent"))
                {
                    TryDelete(Folder + "/" + names[i]);
                    sent--;
                }
            }
        }

        private ZReport Read(string fileName, int n)
        {
            byte[] file;
            try
            {
                file = store.Read(Folder + "/" + fileName);
            }
            catch (StoreException)
            {
                return null;
            }

            if (OutboxRecord.Check(file, KindZReport, (uint)n) != null)
            {
                return null;
            }

            string error;
            ZReport z = ZReport.FromJson(OutboxRecord.Payload(file), out error);
            if (z != null)
            {
                z.HandedOver = fileName.EndsWith(".sent");
            }

            return z;
        }

        private long OpenedAt(long now)
        {
            long since = openedAt > 0 ? openedAt : history.OpenSince;
            return since <= 0 || since > now ? now : since;
        }

        private long Now()
        {
            return clock.IsWallClockValid ? (clock.UtcNow.Ticks - UnixEpochTicks) / 10000000L : 0;
        }

        private void TryDelete(string path)
        {
            try
            {
                store.Delete(path);
            }
            catch (StoreException)
            {
            }
        }

        /// <summary>"z" + 8 hex digits: file names sort by number.</summary>
        private static string Name(int n)
        {
            char[] c = new char[9];
            c[0] = 'z';
            for (int i = 8; i >= 1; i--)
            {
                c[i] = "0123456789abcdef"[n & 0xF];
                n >>= 4;
            }

            return new string(c);
        }

        private static int NumberOf(string name)
        {
            if (name.Length < 10 || name[0] != 'z' || name[9] != '.')
            {
                return -1;
            }

            string ext = name.Substring(9);
            if (ext != ".rec" && ext != ".sent" && ext != ".tmp" && ext != ".bad")
            {
                return -1;
            }

            int value = 0;
            for (int i = 1; i < 9; i++)
            {
                char c = name[i];
                int d = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1);
                if (d < 0)
                {
                    return -1;
                }

                value = value * 16 + d;
            }

            return value;
        }
    }
}
