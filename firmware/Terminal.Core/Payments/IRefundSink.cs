namespace Terminal.Core.Payments
{
    /// <summary>
    /// Where a refund WeChat confirmed (refund_status SUCCESS) is counted: the store's sales history
    /// and its X/Z totals (<c>Terminal.Core.Store.SalesHistory</c> implements it). Idempotent by
    /// <paramref name="outRefundNo"/>: a refund handed over again (boot recovery, a retry after a
    /// flash error) is counted once. Throws <c>StoreException</c> when it could not be recorded;
    /// the caller keeps the refund and hands it over again later.
    /// </summary>
    public interface IRefundSink
    {
        /// <param name="outTradeNo">The refunded order.</param>
        /// <param name="outRefundNo">The terminal's refund number (the key).</param>
        /// <param name="refundFee">This refund, minor units of <paramref name="feeType"/>, &gt; 0.</param>
        /// <param name="feeType">ISO 4217 code.</param>
        /// <param name="refundedAt">Unix seconds UTC (WeChat's refund_success_time when it came, as in the refund notification).</param>
        void RefundSucceeded(string outTradeNo, string outRefundNo, long refundFee, string feeType, long refundedAt);
    }
}
