using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;

namespace Terminal.Core.App
{
    /// <summary>
    /// The payment engine's <see cref="IPaidSink"/> on the notification outbox: a confirmed
    /// payment becomes a <see cref="PaidNotification"/> committed to flash before the cashier
    /// sees "Paid". The outbox is idempotent by out_trade_no + transaction_id, and a payment handed
    /// over again (after a power cut or a flash error) gives the very same bytes. When the outbox
    /// refuses (beyond its hard limit, flash full) this throws <see cref="StoreException"/> so
    /// the engine keeps the payment in its journal and hands it over again later.
    /// </summary>
    /// <para>Also the engine's <see cref="IRefundSink"/>: a refund WeChat confirmed becomes a
    /// "refund" notification (docs/merchant-api.md), idempotent by out_refund_no, its refunded_at
    /// the one stored with the refund, so every hand-over gives the same bytes.</para>
    public sealed class OutboxPaidSink : IPaidSink, IRefundSink
    {
        private readonly NotificationOutbox outbox;

        public OutboxPaidSink(NotificationOutbox outbox)
        {
            this.outbox = outbox;
        }

        public void Commit(PaidPayment payment)
        {
            // outbox.Enqueue called from here, not through a helper: one frame less at the commit
            // (docs/performance.md "Heap"); the notification is built before, its frame gone.
            ThrowUnlessCommitted(outbox.Enqueue(Notification(payment, 0)));
        }

        /// <summary>The payment's notification with its <paramref name="period"/> (the Z number the history counts it in; 0: none).</summary>
        public void Commit(PaidPayment payment, int period)
        {
            ThrowUnlessCommitted(outbox.Enqueue(Notification(payment, period)));
        }

        public void Commit(RefundOrder order, RefundRecord refund)
        {
            ThrowUnlessCommitted(outbox.Enqueue(Notification(order, refund, 0)));
        }

        /// <summary>The refund's notification with its <paramref name="period"/> (the Z number the history counts it in; 0: none, version 1).</summary>
        public void Commit(RefundOrder order, RefundRecord refund, int period)
        {
            ThrowUnlessCommitted(outbox.Enqueue(Notification(order, refund, period)));
        }

        private static PaidNotification Notification(PaidPayment payment, int period)
        {
            PaidNotification n = new PaidNotification();
            n.TerminalId = payment.TerminalId;
            n.OutTradeNo = payment.OutTradeNo;
            n.TransactionId = payment.TransactionId;
            n.TotalFee = payment.TotalFee;
            n.CashFee = payment.CashFee < 0 ? payment.TotalFee : payment.CashFee;
            n.FeeType = payment.FeeType;
            n.TimeEnd = payment.TimeEnd;
            n.BankType = payment.BankType;
            n.OpenId = payment.OpenId;
            // WeChat's time of payment, not the moment this hand-over runs: boot recovery and
            // background passes hand the same payment over again, and the merchant server refuses
            // (409) a second body under the same key. The terminal's clock only without time_end.
            n.FitToLimits();
            n.PaidAt = PaidNotification.UnixFromTimeEnd(n.TimeEnd);
            if (n.PaidAt == 0 && payment.WallClockValid)
            {
                n.PaidAt = OrderNumbers.UnixSeconds(payment.ConfirmedUtc);
            }

            n.Period = period;
            return n;
        }

        private PaidNotification Notification(RefundOrder order, RefundRecord refund, int period)
        {
            PaidNotification n = new PaidNotification();
            n.Type = PaidNotification.RefundType;
            n.TerminalId = outbox.Options.TerminalId;
            n.OutTradeNo = order.OutTradeNo;
            n.TransactionId = order.TransactionId;
            n.OutRefundNo = refund.OutRefundNo;
            n.RefundId = refund.RefundId;
            n.RefundFee = refund.Fee;
            n.TotalFee = order.TotalFee;
            n.FeeType = order.Currency;
            n.RefundSuccessTime = refund.SuccessTime;
            n.RefundedAt = refund.RefundedUnix;
            n.Period = period;
            return n;
        }

        private static void ThrowUnlessCommitted(EnqueueResult result)
        {
            if (!result.Committed)
            {
                StoreException e = new StoreException(result.Refusal);
                e.DiskFull = true;
                throw e;
            }
        }
    }
}
