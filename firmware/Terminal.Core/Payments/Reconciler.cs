using System.Collections;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// Orders left unfinished by a power cut or reset, and orders a sale could not settle
    /// (docs/storage.md, "Recovery at boot and background reconciliation").
    /// <para><see cref="Recover"/> (boot) reads the journal, hands confirmed payments to the
    /// outbox, and queries every other order: paid → outbox; closed → done; not paid yet → the
    /// sale's loop resumes (query until the deadline, then reverse); no answer → Unresolved, never
    /// a blind reverse (the order may already be in the outbox).</para>
    /// <para><see cref="Pass"/> (background, about once a minute) takes one look at each pending
    /// order and never waits: it leaves an order the customer may still be paying for the next pass.</para>
    /// <para>The 15 s and deadline rules count from <see cref="JournalEntry.SubmittedMs"/>, a
    /// monotonic time by which the micropay had certainly left: for an order found at boot, the
    /// earlier of the engine's start and the journal's wall-clock time plus the longest submit.</para>
    /// </summary>
    internal sealed class Reconciler
    {
        private readonly PaymentConfig config;
        private readonly IClock clock;
        private readonly WxCalls calls;
        private readonly OrderBook book;
        private readonly OrderNumbers numbers;
        private readonly SaleFlow flow;
        private readonly ProgressReporter reporter;
        private readonly long startedMs;
        private BootRecovery last = new BootRecovery();

        public Reconciler(PaymentConfig config, IClock clock, WxCalls calls, OrderBook book, OrderNumbers numbers, SaleFlow flow, ProgressReporter reporter)
        {
            this.config = config;
            this.clock = clock;
            this.calls = calls;
            this.book = book;
            this.numbers = numbers;
            this.flow = flow;
            this.reporter = reporter;
            startedMs = clock.MonotonicMs;
        }

        public ISettlementListener Listener;

        /// <summary>The 交易保障 buffer: a settled order's final outcome is recorded there.</summary>
        public GuaranteeLog Guarantee;

        /// <summary>True once the journal has been read since the engine started.</summary>
        public bool Loaded
        {
            get { return last.Ran; }
        }

        public BootRecovery Last
        {
            get { return last; }
        }

        /// <summary>
        /// Reads the journal and settles what it can; with <paramref name="wait"/> (boot) it waits
        /// for WeChat's rules as a sale does, without it (a background pass) it only looks once.
        /// Throws <see cref="StoreException"/> when the journal cannot be read.
        /// </summary>
        public void Recover(bool wait)
        {
            BootRecovery summary = new BootRecovery();
            ArrayList entries;
            try
            {
                entries = book.Load();
            }
            catch (StoreException ex)
            {
                summary.Error = ex.Message;
                last = summary;
                throw;
            }

            long highest = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                JournalEntry entry = (JournalEntry)entries[i];
                if (entry.Sequence > highest)
                {
                    highest = entry.Sequence;
                }

                entry.SubmittedMs = SubmittedBound(entry);
                book.Track(entry);
            }

            numbers.KeepAbove(highest);
            summary.Ran = true;
            summary.Found = entries.Count;
            last = summary;
            for (int i = 0; i < entries.Count; i++)
            {
                JournalEntry entry = (JournalEntry)entries[i];
                bool saleNeverEnded = entry.State == JournalState.Intent; // Unresolved and Paid ones were reported by their sale
                reporter.Report(PaymentStage.Recovering, entry.OutTradeNo, entry.TotalFee, -1, "Resuming an unfinished order.");
                PaymentResult result = wait ? Resume(entry) : Settle(entry);
                if (result == null && saleNeverEnded && book.IsPending(entry))
                {
                    Tell(SaleFlow.Result(SaleStatus.Unresolved, entry, "not settled yet: do not charge again; the terminal keeps checking"));
                }
            }

            summary.Pending = book.PendingCount;
        }

        /// <summary>One look at every pending order (a background pass).</summary>
        public void Pass()
        {
            object[] snapshot = book.PendingSnapshot();
            for (int i = 0; i < snapshot.Length; i++)
            {
                Settle((JournalEntry)snapshot[i]);
            }
        }

        /// <summary>Hands every order known paid over again (no network); stops at the first flash error.</summary>
        public void HandOverPaid()
        {
            object[] snapshot = book.PendingSnapshot();
            for (int i = 0; i < snapshot.Length; i++)
            {
                JournalEntry entry = (JournalEntry)snapshot[i];
                if (entry.State == JournalState.Paid)
                {
                    HandOver(entry, null, false);
                    if (entry.State == JournalState.Paid)
                    {
                        return; // the flash still refuses: the next try (or pass) goes on
                    }
                }
            }
        }

        /// <summary>Boot: settles one order, waiting for WeChat's rules like a sale. Null when it stays pending.</summary>
        private PaymentResult Resume(JournalEntry entry)
        {
            if (entry.State == JournalState.Paid)
            {
                return HandOver(entry, null, true);
            }

            long wallAge = WallAgeMs(entry);
            if (wallAge > config.QueryWindowMs)
            {
                return null; // WeChat: do not poll orders older than a month. Stays listed for a technician.
            }

            WxOutcome answer = QueryTwice(entry);
            PaymentResult settled = Decided(entry, answer, wallAge);
            if (settled != null || answer.Verdict == Verdict.Unknown || wallAge > config.ReverseWindowMs)
            {
                return settled;
            }

            Sale sale = SaleFlow.Resumed(entry, answer, config.BootReverseTries);
            // The two phases called from here, not through one more method: fewer frames on the
            // stack while answers are read and the payment is committed (docs/performance.md "Heap").
            PaymentResult result = flow.WaitAndSettle(sale, answer);
            answer = null;
            if (result == null && sale.Paid == null)
            {
                result = flow.ReverseSale(sale, sale.ReverseWhy);
            }

            if (result == null)
            {
                // Paid: committed here, after the wait and reverse frames have unwound (docs/performance.md "Heap").
                WxOutcome paid = sale.Paid;
                bool cancelled = sale.Cancelled;
                sale = null;
                result = flow.FinishPaid(entry, paid, true, cancelled);
            }

            return Tell(result);
        }

        /// <summary>A background look at one order: never waits. Null when it stays pending.</summary>
        private PaymentResult Settle(JournalEntry entry)
        {
            if (entry.State == JournalState.Paid)
            {
                return HandOver(entry, null, false); // the sale or the boot already told it was paid
            }

            long wallAge = WallAgeMs(entry);
            if (wallAge > config.QueryWindowMs)
            {
                return null;
            }

            WxOutcome answer = QueryTwice(entry);
            PaymentResult settled = Decided(entry, answer, wallAge);
            if (settled != null || answer.Verdict == Verdict.Unknown || wallAge > config.ReverseWindowMs)
            {
                return settled;
            }

            long since = clock.MonotonicMs - entry.SubmittedMs;
            bool mayStillPay = answer.Verdict == Verdict.UserPaying || answer.Verdict == Verdict.NotPaid || answer.Verdict == Verdict.OrderNotExist;
            if ((mayStillPay && since < config.DeadlineMs) || since < config.ReverseDelayMs)
            {
                return null; // the customer may still pay, or it is too early to reverse: next pass
            }

            WxOutcome reversed = calls.Reverse(entry);
            if (reversed.Verdict == Verdict.Revoked)
            {
                return NothingCharged(entry, "revoked");
            }

            if (reversed.Verdict == Verdict.ReverseExpired && (answer.Verdict == Verdict.NotPaid || answer.Verdict == Verdict.OrderNotExist))
            {
                return NothingCharged(entry, "not paid; reverse window over");
            }

            MarkUnresolved(entry);
            return null;
        }

        /// <summary>
        /// What the query settles on its own: paid → outbox; closed → done; no answer → Unresolved
        /// (never a blind reverse); past the 7-day reverse window only "not paid" settles it.
        /// Null when the order needs more (waiting or a reverse) or stays pending.
        /// </summary>
        private PaymentResult Decided(JournalEntry entry, WxOutcome answer, long wallAge)
        {
            switch (answer.Verdict)
            {
                case Verdict.Paid:
                    return HandOver(entry, answer, true);
                case Verdict.Closed:
                    return NothingCharged(entry, "closed by WeChat");
                case Verdict.Unknown:
                    // No reverse without a definite "not paid": this order may already be in the
                    // outbox (power cut between the outbox's commit and the journal's), and a
                    // reverse would refund a payment the merchant was told about.
                    MarkUnresolved(entry);
                    return null;
            }

            if (wallAge > config.ReverseWindowMs)
            {
                // Past the 7-day reverse window: only a query can settle it now.
                if (answer.Verdict == Verdict.NotPaid || answer.Verdict == Verdict.OrderNotExist)
                {
                    return NothingCharged(entry, "not paid after the reverse window");
                }

                MarkUnresolved(entry);
            }

            return null;
        }

        private WxOutcome QueryTwice(JournalEntry entry)
        {
            WxOutcome answer = calls.Query(entry);
            if (answer.Verdict == Verdict.Unknown)
            {
                answer = calls.Query(entry);
            }

            return answer;
        }

        /// <summary>Hands a paid order to the outbox; tells the listener when <paramref name="tell"/> (even if the outbox has no room yet: then NotificationPending).</summary>
        private PaymentResult HandOver(JournalEntry entry, WxOutcome answer, bool tell)
        {
            PaidPayment payment = book.HandOver(entry, answer, true);
            bool waiting = entry.State == JournalState.Paid;
            if (!tell)
            {
                return null;
            }

            PaymentResult result = SaleFlow.Result(SaleStatus.Paid, entry, "paid (found after the sale)");
            result.Payment = payment;
            result.NotificationPending = waiting;
            reporter.Report(PaymentStage.Paid, entry.OutTradeNo, entry.TotalFee, -1, waiting ?
                "Unfinished order settled: paid. The notification is waiting for flash space." : "Unfinished order settled: paid.");
            return Tell(result);
        }

        private PaymentResult NothingCharged(JournalEntry entry, string detail)
        {
            book.Finish(entry);
            reporter.Report(PaymentStage.Cancelled, entry.OutTradeNo, entry.TotalFee, -1, "Unfinished order settled: " + detail + "; nothing charged.");
            return Tell(SaleFlow.Result(SaleStatus.Cancelled, entry, detail + "; nothing charged"));
        }

        private void MarkUnresolved(JournalEntry entry)
        {
            if (entry.State != JournalState.Unresolved)
            {
                book.MarkPending(entry, JournalState.Unresolved);
            }
        }

        /// <summary>Counts a settled order for the boot summary and tells the listener.</summary>
        private PaymentResult Tell(PaymentResult result)
        {
            result.Recovered = true;
            if (result.Status == SaleStatus.Paid)
            {
                last.Paid++;
            }
            else if (result.Status == SaleStatus.Cancelled)
            {
                last.NothingCharged++;
            }

            GuaranteeLog guarantee = Guarantee;
            if (guarantee != null && clock.IsWallClockValid)
            {
                guarantee.Record(result, OrderNumbers.UnixSeconds(clock.UtcNow));
            }

            ISettlementListener listener = Listener;
            if (listener != null)
            {
                listener.OnSettled(result);
            }

            return result;
        }

        /// <summary>Age from the journal's wall-clock time; -1 when unknown.</summary>
        private long WallAgeMs(JournalEntry entry)
        {
            if (entry.CreatedUnix <= 0 || !clock.IsWallClockValid)
            {
                return -1;
            }

            long age = (OrderNumbers.UnixSeconds(clock.UtcNow) - entry.CreatedUnix) * 1000;
            return age < 0 ? 0 : age;
        }

        /// <summary>
        /// A monotonic time by which the micropay of an order found at boot had certainly left: the
        /// engine's start, or earlier when the journal's wall-clock time proves it (the sale started
        /// at CreatedUnix, and its micropay left at the latest after every submit attempt timed out).
        /// </summary>
        private long SubmittedBound(JournalEntry entry)
        {
            long wallAge = WallAgeMs(entry);
            if (wallAge < 0)
            {
                return startedMs;
            }

            long submitPhase = (long)config.SubmitAttempts * (config.ConnectTimeoutMs + config.RetryPauseMs) + 1000;
            long bound = clock.MonotonicMs - wallAge + submitPhase;
            return bound < startedMs ? bound : startedMs;
        }
    }
}
