namespace Terminal.Core.Payments
{
    /// <summary>
    /// Told about every order the engine settles outside the cashier's sale — at boot or in a
    /// background pass (<see cref="PaymentResult.Recovered"/> is true): Paid, Cancelled (nothing
    /// charged), and Unresolved when boot recovery could not settle a sale a reset interrupted.
    /// </summary>
    public interface ISettlementListener
    {
        void OnSettled(PaymentResult result);
    }
}
