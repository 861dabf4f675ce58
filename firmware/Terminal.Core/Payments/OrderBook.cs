using System.Collections;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// Where unfinished orders live: the in-flight journal in flash, the list of orders not
    /// settled yet ("do not charge again") in memory, and the hand-over of confirmed payments to
    /// the outbox — committed there before the journal entry is removed, so a power cut between
    /// the two leaves the order to be handed over again (the outbox is idempotent).
    /// Thread-safe for the readers of the pending list; writers run on the engine's one thread.
    /// </summary>
    internal sealed class OrderBook
    {
        private readonly PaymentJournal journal;
        private readonly IPaidSink sink;
        private readonly OrderNumbers numbers;
        private readonly IClock clock;
        private readonly string currency;
        private readonly string body;
        private readonly ArrayList pending = new ArrayList(); // JournalEntry: Unresolved, Paid-not-handed-over, or found at boot
        private readonly object gate = new object();

        public OrderBook(PaymentJournal journal, IPaidSink sink, OrderNumbers numbers, IClock clock, string currency, string body)
        {
            this.journal = journal;
            this.sink = sink;
            this.numbers = numbers;
            this.clock = clock;
            this.currency = currency;
            this.body = body;
        }

        public int PendingCount
        {
            get
            {
                lock (gate)
                {
                    return pending.Count;
                }
            }
        }

        public string[] PendingOrders()
        {
            lock (gate)
            {
                string[] result = new string[pending.Count];
                for (int i = 0; i < pending.Count; i++)
                {
                    result[i] = ((JournalEntry)pending[i]).OutTradeNo;
                }

                return result;
            }
        }

        public object[] PendingSnapshot()
        {
            lock (gate)
            {
                return pending.ToArray();
            }
        }

        /// <summary>The order numbers of the orders known paid whose hand-over to the sink has not stuck yet (state Paid).</summary>
        public string[] PaidWaiting()
        {
            lock (gate)
            {
                int count = 0;
                for (int i = 0; i < pending.Count; i++)
                {
                    if (((JournalEntry)pending[i]).State == JournalState.Paid)
                    {
                        count++;
                    }
                }

                string[] orders = new string[count];
                count = 0;
                for (int i = 0; i < pending.Count; i++)
                {
                    JournalEntry entry = (JournalEntry)pending[i];
                    if (entry.State == JournalState.Paid)
                    {
                        orders[count++] = entry.OutTradeNo;
                    }
                }

                return orders;
            }
        }

        public bool IsPending(JournalEntry entry)
        {
            lock (gate)
            {
                return pending.Contains(entry);
            }
        }

        /// <summary>Every unfinished order in flash, oldest first (throws <see cref="StoreException"/>).</summary>
        public ArrayList Load()
        {
            return journal.LoadAll();
        }

        /// <summary>Commits the entry's next version (throws <see cref="StoreException"/>).</summary>
        public void Commit(JournalEntry entry)
        {
            journal.Commit(entry);
        }

        /// <summary>Lists an order as not settled.</summary>
        public void Track(JournalEntry entry)
        {
            lock (gate)
            {
                if (!pending.Contains(entry))
                {
                    pending.Add(entry);
                }
            }
        }

        /// <summary>The order's outcome is settled: forget it (a failed delete leaves it for the next boot, where it settles again).</summary>
        public void Finish(JournalEntry entry)
        {
            journal.Remove(entry);
            lock (gate)
            {
                pending.Remove(entry);
            }
        }

        /// <summary>Records a new state in flash (best effort: the earlier version is still there for recovery) and lists the order as not settled.</summary>
        public void MarkPending(JournalEntry entry, JournalState state)
        {
            entry.State = state;
            try
            {
                journal.Commit(entry);
            }
            catch (StoreException)
            {
                // The earlier version (at least the intent) is still in flash: recovery finds it.
            }

            Track(entry);
        }

        /// <summary>
        /// Commits a confirmed payment to the outbox, then removes the intent. When the outbox
        /// cannot take it yet, the order stays in the journal (state Paid) and pending, to be handed
        /// over again. Returns what was handed over; <see cref="JournalEntry.State"/> tells whether it stuck.
        /// </summary>
        public PaidPayment HandOver(JournalEntry entry, WxOutcome outcome, bool recovered)
        {
            if (outcome != null)
            {
                entry.TransactionId = outcome.TransactionId;
                entry.CashFee = outcome.CashFee;
                entry.TimeEnd = outcome.TimeEnd;
                entry.BankType = outcome.BankType;
                entry.OpenId = outcome.OpenId;
                if (entry.TotalFee <= 0)
                {
                    entry.TotalFee = outcome.TotalFee;
                }

                if (outcome.FeeType != null)
                {
                    entry.Currency = outcome.FeeType;
                }
            }

            PaidPayment payment = new PaidPayment();
            payment.OutTradeNo = entry.OutTradeNo;
            payment.TransactionId = entry.TransactionId;
            payment.TotalFee = entry.TotalFee;
            payment.CashFee = entry.CashFee;
            payment.FeeType = entry.Currency == null ? currency : entry.Currency;
            payment.TimeEnd = entry.TimeEnd;
            payment.BankType = entry.BankType;
            payment.OpenId = entry.OpenId;
            payment.Body = entry.Body == null ? body : entry.Body;
            payment.TerminalId = numbers.TerminalId;
            payment.WallClockValid = clock.IsWallClockValid;
            payment.ConfirmedUtc = clock.UtcNow;
            payment.Recovered = recovered;
            try
            {
                sink.Commit(payment);
            }
            catch (StoreException)
            {
                // Charged but not yet in the outbox: keep it in the journal and hand it over again.
                MarkPending(entry, JournalState.Paid);
                return payment;
            }

            Finish(entry);
            entry.State = JournalState.Intent;
            return payment;
        }
    }
}
