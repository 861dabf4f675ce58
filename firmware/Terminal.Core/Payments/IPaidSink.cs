namespace Terminal.Core.Payments
{
    /// <summary>
    /// Where the payment engine hands every payment WeChat confirmed as paid: the notification
    /// outbox (issue "Notification outbox") implements it. <see cref="Commit"/> must have made the
    /// payment durable in flash when it returns — the cashier sees "Paid" only afterwards.
    /// <para>Idempotent by <see cref="PaidPayment.OutTradeNo"/>: boot recovery and background
    /// reconciliation may hand the same payment over again (e.g. after a power cut between the
    /// outbox's commit and the in-flight journal's), and must not produce a second notification.</para>
    /// Throws <see cref="StoreException"/> when it cannot commit (full disk, flash error); the
    /// engine then keeps the payment in its journal and hands it over again later.
    /// </summary>
    public interface IPaidSink
    {
        void Commit(PaidPayment payment);
    }
}
