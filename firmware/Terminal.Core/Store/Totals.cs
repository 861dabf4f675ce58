using Terminal.Core.Outbox;

namespace Terminal.Core.Store
{
    /// <summary>
    /// Running totals per currency (X report) or frozen ones (Z report): count and sum of sales
    /// (paid, revoked excluded), refunds, revokes, and the unresolved orders at the moment asked.
    /// At most <see cref="MaxCurrencies"/> currencies (the merchant contract's limit).
    /// </summary>
    public sealed class Totals
    {
        public const int MaxCurrencies = 16;

        private readonly string[] currencies = new string[MaxCurrencies];
        private readonly long[] salesCount = new long[MaxCurrencies];
        private readonly long[] salesSum = new long[MaxCurrencies];
        private readonly long[] refundsCount = new long[MaxCurrencies];
        private readonly long[] refundsSum = new long[MaxCurrencies];
        private readonly long[] revokesCount = new long[MaxCurrencies];
        private readonly long[] unresolvedCount = new long[MaxCurrencies];

        public int Count { get; private set; }

        public string Currency(int i)
        {
            return currencies[i];
        }

        public long SalesCount(int i)
        {
            return salesCount[i];
        }

        public long SalesSum(int i)
        {
            return salesSum[i];
        }

        public long RefundsCount(int i)
        {
            return refundsCount[i];
        }

        public long RefundsSum(int i)
        {
            return refundsSum[i];
        }

        public long RevokesCount(int i)
        {
            return revokesCount[i];
        }

        public long UnresolvedCount(int i)
        {
            return unresolvedCount[i];
        }

        /// <summary>Counts one history record (only Paid, Refunded and Cancelled count).</summary>
        public void Add(HistoryRecord r)
        {
            if (r.Status != HistoryRecord.Paid && r.Status != HistoryRecord.Refunded && r.Status != HistoryRecord.Cancelled)
            {
                return;
            }

            int i = Slot(r.Currency);
            if (i < 0)
            {
                return;
            }

            if (r.Status == HistoryRecord.Paid)
            {
                salesCount[i]++;
                salesSum[i] += r.Amount;
            }
            else if (r.Status == HistoryRecord.Refunded)
            {
                refundsCount[i]++;
                refundsSum[i] += r.Amount;
            }
            else
            {
                revokesCount[i]++;
            }
        }

        /// <summary>Sets the orders still unknown for a currency (the engine's pending list).</summary>
        public void SetUnresolved(string currency, long count)
        {
            if (count <= 0 && Find(currency) < 0)
            {
                return;
            }

            int i = Slot(currency);
            if (i >= 0)
            {
                unresolvedCount[i] = count;
            }
        }

        public Totals Copy()
        {
            Totals t = new Totals();
            for (int i = 0; i < Count; i++)
            {
                int j = t.Slot(currencies[i]);
                t.salesCount[j] = salesCount[i];
                t.salesSum[j] = salesSum[i];
                t.refundsCount[j] = refundsCount[i];
                t.refundsSum[j] = refundsSum[i];
                t.revokesCount[j] = revokesCount[i];
                t.unresolvedCount[j] = unresolvedCount[i];
            }

            return t;
        }

        /// <summary>The contract's "totals" array (docs/merchant-api.md, z_report), one object per currency.</summary>
        public byte[] ToJsonArray()
        {
            byte[][] items = new byte[Count][];
            int size = 2;
            for (int i = 0; i < Count; i++)
            {
                JsonWriter w = new JsonWriter(192);
                w.BeginObject();
                w.String("fee_type", currencies[i]);
                w.Number("sales_count", salesCount[i]);
                w.Number("sales_sum", salesSum[i]);
                w.Number("refunds_count", refundsCount[i]);
                w.Number("refunds_sum", refundsSum[i]);
                w.Number("revokes_count", revokesCount[i]);
                w.Number("unresolved_count", unresolvedCount[i]);
                w.EndObject();
                items[i] = w.ToArray();
                size += items[i].Length + 1;
            }

            byte[] result = new byte[Count == 0 ? 2 : size - 1];
            int at = 0;
            result[at++] = (byte)'[';
            for (int i = 0; i < Count; i++)
            {
                if (i > 0)
                {
                    result[at++] = (byte)',';
                }

                System.Array.Copy(items[i], 0, result, at, items[i].Length);
                at += items[i].Length;
            }

            result[at] = (byte)']';
            return result;
        }

        /// <summary>Reads the "totals" array back (a stored Z report); null when it is not one.</summary>
        public static Totals FromJson(System.Collections.ArrayList array)
        {
            if (array == null || array.Count > MaxCurrencies)
            {
                return null;
            }

            Totals t = new Totals();
            for (int k = 0; k < array.Count; k++)
            {
                JsonObject o = array[k] as JsonObject;
                if (o == null)
                {
                    return null;
                }

                int i = t.Slot(o.GetString("fee_type"));
                if (i < 0)
                {
                    return null;
                }

                t.salesCount[i] = o.GetLong("sales_count", 0);
                t.salesSum[i] = o.GetLong("sales_sum", 0);
                t.refundsCount[i] = o.GetLong("refunds_count", 0);
                t.refundsSum[i] = o.GetLong("refunds_sum", 0);
                t.revokesCount[i] = o.GetLong("revokes_count", 0);
                t.unresolvedCount[i] = o.GetLong("unresolved_count", 0);
            }

            return t;
        }

        private int Find(string currency)
        {
            for (int i = 0; i < Count; i++)
            {
                if (currencies[i] == currency)
                {
                    return i;
                }
            }

            return -1;
        }

        private int Slot(string currency)
        {
            if (currency == null || currency.Length == 0)
            {
                return -1;
            }

            int i = Find(currency);
            if (i >= 0 || Count == MaxCurrencies)
            {
                return i;
            }

            currencies[Count] = currency;
            return Count++;
        }
    }
}
