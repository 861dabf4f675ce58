using System.Collections;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>What one 交易保障 report pass did (<see cref="PaymentEngine.SendGuaranteeReport"/>).</summary>
    public enum ReportPass
    {
        /// <summary>The setting is off or no trade is waiting.</summary>
        NothingToSend = 0,

        /// <summary>WeChat answered return_code=SUCCESS: the batch left the buffer.</summary>
        Delivered,

        /// <summary>No answer, a garbled one or return_code=FAIL: the batch stays for the next pass (until its attempts run out).</summary>
        NotDelivered,

        /// <summary>A sale, recovery or refund holds the engine, or a sale is coming (the cashier keyed): not sent.</summary>
        Skipped,
    }

    /// <summary>
    /// The terminal's 交易保障 report buffer (docs/protocol.md, "Transaction-guarantee report"): one
    /// trade per Quick Pay sale that reached its final outcome (scan time = begin, outcome time =
    /// end; OK paid, FAIL refused or not sent, CANCLE revoked or cancelled; err_msg WeChat's err_code
    /// or the terminal's short reason — never a payment code or a secret), kept as its JSON text in
    /// RAM only: best effort, a power cut loses it, and when full the oldest trade is dropped.
    /// Records nothing while <see cref="Enabled"/> is off (setting <c>guarantee_report</c>).
    /// Thread-safe.
    /// </summary>
    public sealed class GuaranteeLog
    {
        /// <summary>Trades kept (about 140 bytes of JSON each; a batch takes about seven).</summary>
        public const int DefaultCapacity = 16;

        /// <summary>A batch that failed this many passes in a row is dropped (best effort, never a queue that grows).</summary>
        public const int MaxAttempts = 5;

        /// <summary>Connect and answer time-out of a report: short, since a sale may come.</summary>
        public const int TimeoutMs = 5000;

        private readonly object gate = new object();
        private readonly ArrayList trades = new ArrayList();
        private readonly int capacity;
        private bool enabled;
        private long firstSerial; // serial number of trades[0]: batches are named by it, so a drop while sending is harmless
        private int failedPasses;

        public GuaranteeLog(int capacity)
        {
            this.capacity = capacity < 1 ? 1 : capacity;
        }

        /// <summary>Setting <c>guarantee_report</c>: off records nothing, and turning it off forgets what was kept.</summary>
        public bool Enabled
        {
            get
            {
                lock (gate)
                {
                    return enabled;
                }
            }

            set
            {
                lock (gate)
                {
                    enabled = value;
                    if (!value)
                    {
                        Forget(trades.Count);
                        failedPasses = 0;
                    }
                }
            }
        }

        /// <summary>Trades waiting to be reported.</summary>
        public int Count
        {
            get
            {
                lock (gate)
                {
                    return trades.Count;
                }
            }
        }

        /// <summary>Trades dropped unsent: the oldest when the buffer was full, or a batch out of attempts.</summary>
        public int Dropped { get; private set; }

        /// <summary>Trades WeChat acknowledged.</summary>
        public int Delivered { get; private set; }

        /// <summary>
        /// Records the final outcome of one sale; <paramref name="endUnix"/> is now (0: the wall
        /// clock is not set, nothing is recorded). Outcomes that are not final (Unresolved: recorded
        /// when a later pass settles it) and sales that made no order (Rejected, Busy) are skipped.
        /// </summary>
        public void Record(PaymentResult result, long endUnix)
        {
            TradeState state;
            string errMsg;
            if (result == null || result.OutTradeNo == null || endUnix <= 0 || !Classify(result, out state, out errMsg))
            {
                return;
            }

            lock (gate)
            {
                if (!enabled)
                {
                    return;
                }
            }

            long begin = result.StartedUnix > 0 ? result.StartedUnix : endUnix;
            Add(GuaranteeReport.Trade(result.OutTradeNo, begin, endUnix, state, errMsg));
        }

        /// <summary>A trade's JSON text, as <see cref="GuaranteeReport.Trade"/> makes it; the oldest goes when full.</summary>
        public void Add(string trade)
        {
            lock (gate)
            {
                if (!enabled)
                {
                    return;
                }

                if (trades.Count >= capacity)
                {
                    Forget(1);
                    Dropped++;
                }

                trades.Add(trade);
            }
        }

        /// <summary>
        /// The report's state and err_msg of a sale's outcome; false when it is not one to report.
        /// </summary>
        public static bool Classify(PaymentResult result, out TradeState state, out string errMsg)
        {
            state = TradeState.Fail;
            errMsg = result.ErrCode;
            switch (result.Status)
            {
                case SaleStatus.Paid:
                    state = TradeState.Ok;
                    errMsg = null;
                    return true;
                case SaleStatus.Failed:
                    if (errMsg == null)
                    {
                        errMsg = result.Reason == FailureReason.NotAccepted ? "NOT_ACCEPTED" : "FAILED";
                    }

                    return true;
                case SaleStatus.Cancelled:
                    state = TradeState.Cancel;
                    if (errMsg == null)
                    {
                        errMsg = result.CashierCancelled ? "CASHIER_CANCEL" : "REVOKED";
                    }

                    return true;
                case SaleStatus.NotSent:
                    state = result.CashierCancelled ? TradeState.Cancel : TradeState.Fail;
                    errMsg = result.CashierCancelled ? "CASHIER_CANCEL" : "NO_CONNECTION";
                    return true;
                default:
                    return false; // Unresolved (not final yet), Rejected and Busy (no order)
            }
        }

        /// <summary>The oldest whole trades that fit one <c>trades</c> array (null when none): <paramref name="serial"/> and <paramref name="count"/> name them for <see cref="Acknowledge"/> or <see cref="Fail"/>.</summary>
        public string TakeBatch(out long serial, out int count)
        {
            lock (gate)
            {
                serial = firstSerial;
                count = GuaranteeReport.Fit(trades, 0);
                if (count == 0)
                {
                    if (trades.Count > 0)
                    {
                        Forget(1); // cannot happen (a trade is far below 1024 bytes); never stuck on one
                        Dropped++;
                    }

                    return null;
                }

                return GuaranteeReport.Batch(trades, 0, count);
            }
        }

        /// <summary>WeChat has the batch: it leaves the buffer (what was dropped meanwhile is not removed twice).</summary>
        public void Acknowledge(long serial, int count)
        {
            lock (gate)
            {
                int remove = Remaining(serial, count);
                Forget(remove);
                Delivered += remove;
                failedPasses = 0;
            }
        }

        /// <summary>The batch was not delivered: it stays for the next pass, unless it failed <see cref="MaxAttempts"/> passes in a row.</summary>
        public void Fail(long serial, int count)
        {
            lock (gate)
            {
                failedPasses++;
                if (failedPasses >= MaxAttempts)
                {
                    int remove = Remaining(serial, count);
                    Forget(remove);
                    Dropped += remove;
                    failedPasses = 0;
                }
            }
        }

        private int Remaining(long serial, int count)
        {
            long gone = firstSerial - serial; // trades of the batch dropped since it was taken
            long left = count - (gone > 0 ? gone : 0);
            return left <= 0 ? 0 : (left > trades.Count ? trades.Count : (int)left);
        }

        private void Forget(int n)
        {
            if (n > trades.Count)
            {
                n = trades.Count;
            }

            for (int i = 0; i < n; i++)
            {
                trades.RemoveAt(0);
            }

            firstSerial += n;
        }
    }
}
