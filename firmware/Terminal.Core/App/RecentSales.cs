using Terminal.Core.Payments;
using Terminal.Core.Ui;

namespace Terminal.Core.App
{
    /// <summary>
    /// The refund's sale lookup over the recent transaction list (the console's <c>tx</c>): a key
    /// names a paid sale by its order number, WeChat's transaction_id (the customer's 交易单号),
    /// "#N" (the Nth line of <c>tx</c>, 1 = newest) or the last digits of the order number (at least
    /// four, matching exactly one sale). The 7-day history can replace it behind <see cref="ISaleLookup"/>.
    /// </summary>
    public sealed class RecentSales : ISaleLookup
    {
        private const int MinSuffixDigits = 4;

        private readonly TransactionLog log;

        public RecentSales(TransactionLog log)
        {
            this.log = log;
        }

        public string FindOrder(string key)
        {
            if (key == null || key.Length == 0)
            {
                return null;
            }

            TransactionRecord[] records = log.Last(TransactionLog.Capacity);
            if (key[0] == '#')
            {
                long n = Terminal.Core.Text.Digits.ParseNonNegative(key.Substring(1));
                return n >= 1 && n <= records.Length ? records[records.Length - (int)n].OutTradeNo : null; // oldest first
            }

            string bySuffix = null;
            int suffixMatches = 0;
            for (int i = 0; i < records.Length; i++)
            {
                TransactionRecord r = records[i];
                if (r.OutTradeNo == key || (r.TransactionId != null && r.TransactionId == key))
                {
                    return r.OutTradeNo;
                }

                if (key.Length >= MinSuffixDigits && r.OutTradeNo != null && r.OutTradeNo.Length > key.Length &&
                    r.OutTradeNo.Substring(r.OutTradeNo.Length - key.Length) == key && r.OutTradeNo != bySuffix)
                {
                    bySuffix = r.OutTradeNo;
                    suffixMatches++;
                }
            }

            return suffixMatches == 1 ? bySuffix : null;
        }
    }
}
