namespace Terminal.Core.Payments
{
    /// <summary>
    /// Where the engine hands every refund WeChat confirmed (refund_status SUCCESS): the
    /// notification outbox (type "refund", docs/merchant-api.md). <see cref="Commit"/> must have
    /// made it durable when it returns; idempotent by out_refund_no (recovery may hand the same
    /// refund over again, with the same <see cref="RefundRecord.RefundedUnix"/>). Throws
    /// <see cref="StoreException"/> when it cannot commit; the refund then stays pending.
    /// </summary>
    public interface IRefundSink
    {
        void Commit(RefundOrder order, RefundRecord refund);
    }
}
