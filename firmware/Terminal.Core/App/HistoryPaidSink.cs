using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Receipts;
using Terminal.Core.Store;

namespace Terminal.Core.App
{
    /// <summary>
    /// The payment engine's sink: the sales history (the X/Z totals) first, then the notification
    /// outbox, both before the cashier sees "Paid". The notification carries the period the
    /// history counts the payment in (<c>period</c>, the Z number; docs/merchant-api.md), so the
    /// merchant server assigns it to the same Z as the terminal even when a close falls in the same
    /// second. History first makes that exact: a Z between the two writes (or a power cut between
    /// them and a Z before the engine's journal hands the payment over again) finds the payment
    /// already counted in the period the notification then names; a repeated hand-over finds the
    /// history's record (once, by key) and its period, so the outbox gets the same bytes.
    /// When the history's flash write fails the notification still goes out (the settlement
    /// evidence never waits for the history), naming the open period, and this throws so the
    /// payment stays in the journal and the history records it on a later hand-over.
    /// <para>Also the engine's <see cref="IRefundSink"/>, in the same order: a refund WeChat
    /// confirmed goes into the history and the open period's totals, then to the outbox
    /// ("refund" notification, version 2 with its period); a failure leaves the refund pending
    /// and it is handed over again.</para>
    /// </summary>
    public sealed class HistoryPaidSink : IPaidSink, IRefundSink
    {
        private readonly OutboxPaidSink outbox;
        private readonly SalesHistory history;

        public HistoryPaidSink(OutboxPaidSink outbox, SalesHistory history)
        {
            this.outbox = outbox;
            this.history = history;
        }

        /// <summary>Told after each commit (the receipt is built then and printed on its own thread); may be null. Never fails a commit.</summary>
        public ReceiptPrinter Receipts;

        public void Commit(PaidPayment payment)
        {
            HistoryRecord r = new HistoryRecord();
            r.Status = HistoryRecord.Paid;
            r.At = PaidAt(payment);
            r.OutTradeNo = payment.OutTradeNo;
            r.Reference = payment.TransactionId;
            r.Amount = payment.TotalFee;
            r.Currency = payment.FeeType;
            r.Reason = payment.Recovered ? EngineSalePort.RecoveredReason : string.Empty;
            bool added;
            try
            {
                added = history.Add(r); // r.Period: the period that counts it, now or when recorded before
            }
            catch (StoreException)
            {
                outbox.Commit(payment, history.OpenPeriod);
                throw;
            }

            outbox.Commit(payment, r.Period);
            if (Receipts != null && added)
            {
                Receipts.SaleCommitted(r, payment.Recovered);
            }
        }

        public void Commit(RefundOrder order, RefundRecord refund)
        {
            bool added;
            HistoryRecord r;
            try
            {
                r = history.RefundSucceeded(order.OutTradeNo, refund.OutRefundNo, refund.Fee, order.Currency, refund.RefundedUnix, out added);
            }
            catch (StoreException)
            {
                outbox.Commit(order, refund, history.OpenPeriod);
                throw;
            }

            outbox.Commit(order, refund, r.Period);
            if (added && Receipts != null)
            {
                Receipts.RefundCommitted(r);
            }
        }

        /// <summary>The notification's paid_at (WeChat's time_end), so the history and the merchant server agree.</summary>
        public static long PaidAt(PaidPayment payment)
        {
            long at = PaidNotification.UnixFromTimeEnd(payment.TimeEnd);
            return at == 0 && payment.WallClockValid ? OrderNumbers.UnixSeconds(payment.ConfirmedUtc) : at;
        }
    }
}
