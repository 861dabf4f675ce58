using System.Threading;
using Terminal.Core.Payments;
using Terminal.Core.Receipts;
using Terminal.Core.Store;
using Terminal.Core.Technician;
using Terminal.Core.Ui;

namespace Terminal.Core.App
{
    /// <summary>
    /// The keypad's manager functions (<see cref="IManagerPort"/>) over the manager's
    /// <see cref="PinGuard"/> (the console's, same lockout), the sales history, the payment
    /// engine's refunds, the X report and the close of day (the console's code path,
    /// <see cref="DayCloser"/>). A refund runs on its own thread like a sale (inline
    /// while <see cref="EngineSalePort.Inline"/> is set: tests); the engine refuses it (Busy)
    /// while a sale, recovery or a background pass runs, so a refund and a sale never run at once.
    /// </summary>
    public sealed class EngineManagerPort : IManagerPort
    {
        private readonly PinGuard pin;
        private readonly PaymentEngine engine;
        private readonly SalesHistory history;
        private readonly DayClose close;
        private readonly EngineSalePort sales;
        private readonly string currency;
        private IRefundListener listener;
        private string pendingOrder;
        private long pendingFee;

        public EngineManagerPort(PinGuard pin, PaymentEngine engine, SalesHistory history, DayClose close, EngineSalePort sales, string currency)
        {
            this.pin = pin;
            this.engine = engine;
            this.history = history;
            this.close = close;
            this.sales = sales;
            this.currency = currency;
        }

        public int OffsetMinutes
        {
            get { return history.OffsetMinutes; }
        }

        public PinAnswer CheckPin(string candidate)
        {
            PinAnswer answer = new PinAnswer();
            switch (pin.Verify(candidate))
            {
                case PinCheck.Ok:
                    answer.Verdict = PinVerdict.Ok;
                    break;
                case PinCheck.Wrong:
                    answer.Verdict = PinVerdict.Wrong;
                    break;
                case PinCheck.LockedOut:
                    answer.Verdict = PinVerdict.LockedOut;
                    break;
                case PinCheck.NotSet:
                    answer.Verdict = PinVerdict.NotSet;
                    break;
                default:
                    answer.Verdict = PinVerdict.Damaged;
                    break;
            }

            int left = PinGuard.FreeAttempts - pin.Failures;
            answer.TriesLeft = left < 0 ? 0 : left;
            answer.LockedSeconds = pin.LockoutSecondsLeft;
            return answer;
        }

        public HistoryRecord[] Recent(int max)
        {
            return Reverse(history.Last(max));
        }

        public HistoryRecord[] FindSales(string orderEnd, int max)
        {
            string error;
            HistoryRecord[] found = history.Search(HistoryQuery.Order, orderEnd, max, out error);
            if (found == null)
            {
                return new HistoryRecord[0];
            }

            int paid = 0;
            for (int i = 0; i < found.Length; i++)
            {
                if (found[i].Status == HistoryRecord.Paid)
                {
                    paid++;
                }
            }

            HistoryRecord[] sales = new HistoryRecord[paid];
            for (int i = found.Length - 1; i >= 0; i--)
            {
                if (found[i].Status == HistoryRecord.Paid)
                {
                    sales[sales.Length - paid--] = found[i]; // newest first
                }
            }

            return sales;
        }

        public long Refunded(string outTradeNo)
        {
            long sum = 0;
            RefundRecord[] all = engine.Refunds();
            for (int i = 0; i < all.Length; i++)
            {
                string no = all[i].OutTradeNo; // string == with a null operand crashes the 1.x interpreter
                if (all[i].Counts && no != null && outTradeNo != null && no == outTradeNo)
                {
                    sum += all[i].Fee;
                }
            }

            return sum;
        }

        public ZReport XReport()
        {
            return close.X(engine.PendingCount, currency);
        }

        /// <summary>Receipts (the Z receipt after a close); may be null.</summary>
        public ReceiptPrinter Receipts;

        public CloseError CloseDay(out ZReport report)
        {
            return DayCloser.Close(close, engine, Receipts, currency, out report);
        }

        public void BeginRefund(string outTradeNo, long fee, IRefundListener refundListener)
        {
            listener = refundListener;
            pendingOrder = outTradeNo;
            pendingFee = fee;
            if (sales.Inline)
            {
                Run();
                return;
            }

            new Thread(Run).Start();
        }

        private void Run()
        {
            IRefundListener l = listener;
            RefundOutcome outcome;
            try
            {
                outcome = Outcome(engine.Refund(pendingOrder, pendingFee), pendingOrder, pendingFee);
            }
            catch (System.Exception e)
            {
                // A bug or a flash failure the engine did not handle: the intent may be in flash,
                // so the manager is told what an unknown answer means (do not refund again).
                outcome = new RefundOutcome();
                outcome.End = RefundEnd.InFlight;
                outcome.Fee = pendingFee;
                outcome.OutTradeNo = pendingOrder;
                outcome.Detail = "internal error: " + e.Message;
                if (sales.Inline)
                {
                    throw;
                }
            }

            if (l != null)
            {
                l.OnRefundFinished(outcome);
            }
        }

        /// <summary>The screen's reading of the engine's refund result.</summary>
        public static RefundOutcome Outcome(RefundResult result, string order, long fee)
        {
            RefundOutcome o = new RefundOutcome();
            o.Fee = fee;
            o.OutTradeNo = order;
            o.Detail = result.Detail;
            o.TechnicianAttention = result.TechnicianAttention;
            o.SaleTotal = result.SaleTotal;
            o.AlreadyRefunded = result.AlreadyRefunded;
            RefundRecord r = result.Refund;
            if (r == null)
            {
                o.End = RefundEnd.Refused;
                o.Rejection = result.Rejection;
                return o;
            }

            o.OutTradeNo = r.OutTradeNo;
            o.OutRefundNo = r.OutRefundNo;
            switch (r.State)
            {
                case RefundState.Refunded:
                case RefundState.Notified:
                    o.End = RefundEnd.Refunded;
                    break;
                case RefundState.Accepted:
                    o.End = RefundEnd.Accepted;
                    break;
                case RefundState.Failed:
                    o.End = RefundEnd.Failed;
                    o.ErrCode = ErrCode(r.LastDetail);
                    break;
                case RefundState.Closed:
                    o.End = RefundEnd.Closed;
                    break;
                case RefundState.Abnormal:
                    o.End = RefundEnd.Abnormal;
                    break;
                default:
                    o.End = RefundEnd.InFlight;
                    break;
            }

            return o;
        }

        /// <summary>WeChat's err_code at the start of a refund answer's detail ("NOTENOUGH: refused, ..."), or null.</summary>
        public static string ErrCode(string detail)
        {
            if (detail == null)
            {
                return null;
            }

            int end = detail.IndexOf(':');
            if (end <= 0)
            {
                return null;
            }

            for (int i = 0; i < end; i++)
            {
                char c = detail[i];
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
                {
                    return null;
                }
            }

            return detail.Substring(0, end);
        }

        private static HistoryRecord[] Reverse(HistoryRecord[] oldestFirst)
        {
            HistoryRecord[] result = new HistoryRecord[oldestFirst.Length];
            for (int i = 0; i < oldestFirst.Length; i++)
            {
                result[i] = oldestFirst[oldestFirst.Length - 1 - i];
            }

            return result;
        }
    }
}
