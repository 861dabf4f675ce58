using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Receipts;
using Terminal.Core.Store;

namespace Terminal.Core.App
{
    /// <summary>
    /// The payment engine's sink: the notification outbox first, then the sales history (the X/Z
    /// totals), both before the cashier sees "Paid". A power cut between the two leaves the
    /// payment in the engine's journal, which hands it over again at boot: the outbox stores it
    /// once (by key) and the history records it then (once, by key). When the history's flash
    /// write fails this throws like the outbox does, so the payment stays in the journal.
    /// <para>Also the engine's <see cref="IRefundSink"/>, in the same order: a refund WeChat
    /// confirmed goes to the outbox ("refund" notification), then into the history and the open
    /// period's totals; a failure leaves the refund pending and it is handed over again.</para>
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
            outbox.Commit(payment);
            HistoryRecord r = new HistoryRecord();
            r.Status = HistoryRecord.Paid;
            r.At = PaidAt(payment);
            r.OutTradeNo = payment.OutTradeNo;
            r.Reference = payment.TransactionId;
            r.Amount = payment.TotalFee;
            r.Currency = payment.FeeType;
            r.Reason = payment.Recovered ? EngineSalePort.RecoveredReason : string.Empty;
            bool added = history.Add(r);
            if (Receipts != null && added)
            {
                Receipts.SaleCommitted(r, payment.Recovered);
            }
        }

        public void Commit(RefundOrder order, RefundRecord refund)
        {
            outbox.Commit(order, refund);
            HistoryRecord r = history.RefundSucceeded(order.OutTradeNo, refund.OutRefundNo, refund.Fee, order.Currency, refund.RefundedUnix);
            if (r != null && Receipts != null)
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
