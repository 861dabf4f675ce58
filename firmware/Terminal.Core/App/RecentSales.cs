using Terminal.Core.Payments;
using Terminal.Core.Store;

namespace Terminal.Core.App
{
    /// <summary>
    /// The refund's sale lookup over the sales history (docs/storage.md, "Sales history"): a key
    /// names a paid sale by its order number, WeChat's transaction_id (the customer's 交易单号),
    /// "#N" (the Nth line of the console's <c>tx</c>, 1 = newest) or the last digits of the order
    /// number (at least four, matching exactly one paid sale in the history). Null when the key
    /// names none: the refund then tries the key as an order number and WeChat's query decides.
    /// </summary>
    public sealed class RecentSales : ISaleLookup
    {
        public const int MinSuffixDigits = 4;

        /// <summary>The lines <c>tx</c> can show, so "#N" reaches every one of them.</summary>
        public const int TxLines = 50;

        private const int MaxMatches = 8;

        private readonly SalesHistory history;

        public RecentSales(SalesHistory history)
        {
            this.history = history;
        }

        public string FindOrder(string key)
        {
            if (key == null || key.Length == 0)
            {
                return null;
            }

            if (key[0] == '#')
            {
                long n = Terminal.Core.Text.Digits.ParseNonNegative(key.Substring(1));
                HistoryRecord[] lines = history.Last(TxLines);
                return n >= 1 && n <= lines.Length ? lines[lines.Length - (int)n].OutTradeNo : null; // oldest first
            }

            string error;
            HistoryRecord[] byReference = history.Search(HistoryQuery.Reference, key, MaxMatches, out error);
            for (int i = 0; byReference != null && i < byReference.Length; i++)
            {
                if (byReference[i].Status == HistoryRecord.Paid && byReference[i].Reference == key)
                {
                    return byReference[i].OutTradeNo;
                }
            }

            HistoryRecord[] byOrder = history.Search(HistoryQuery.Order, key, MaxMatches, out error);
            string bySuffix = null;
            int suffixMatches = 0;
            for (int i = 0; byOrder != null && i < byOrder.Length; i++)
            {
                HistoryRecord r = byOrder[i];
                if (r.Status != HistoryRecord.Paid)
                {
                    continue;
                }

                if (r.OutTradeNo == key)
                {
                    return r.OutTradeNo;
                }

                if (key.Length >= MinSuffixDigits && r.OutTradeNo != bySuffix)
                {
                    bySuffix = r.OutTradeNo;
                    suffixMatches++;
                }
            }

            return suffixMatches == 1 ? bySuffix : null;
        }
    }
}
