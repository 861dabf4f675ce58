namespace Terminal.Core.Payments
{
    /// <summary>
    /// Finds the order number of a sale the manager names by its order number or by a short
    /// reference (the recent transaction list today; the sales history later). Returns null when
    /// the key names no sale it knows; the refund then tries the key as an order number, and
    /// WeChat's order query decides whether it is a paid sale.
    /// </summary>
    public interface ISaleLookup
    {
        string FindOrder(string orderOrReference);
    }
}
