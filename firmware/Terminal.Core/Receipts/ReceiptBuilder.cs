using Terminal.Core.Money;
using Terminal.Core.Store;
using Terminal.Core.Timing;

namespace Terminal.Core.Receipts
{
    /// <summary>What every receipt of this terminal carries at its head (from the settings).</summary>
    public sealed class ReceiptHeader
    {
        /// <summary>Setting store_name; may be empty (no line).</summary>
        public string StoreName;

        /// <summary>Setting terminal_id.</summary>
        public string TerminalId;

        /// <summary>Setting utc_offset, minutes: receipts show the store's local time.</summary>
        public int OffsetMinutes;

        /// <summary>Setting language = zh.</summary>
        public bool Chinese;
    }

    /// <summary>
    /// The content of the sale, refund and Z receipts (docs/cashier.md, "Receipts"): pure functions
    /// of a header and a history record or a Z report, so a receipt can be rebuilt at any time
    /// from what the terminal keeps (the reprint after a reboot rebuilds the newest record's).
    /// </summary>
    public static class ReceiptBuilder
    {
        /// <summary>The receipt of a paid sale (a Paid history record: order, transaction_id, amount, paid_at).</summary>
        public static Receipt Sale(ReceiptHeader h, HistoryRecord sale)
        {
            Receipt r = Head(h, ReceiptKind.Sale, RT.SaleTitle);
            r.Pair(L(h, RT.Time), LocalTime.DateTime(sale.At, h.OffsetMinutes), false);
            r.Pair(L(h, RT.Order), sale.OutTradeNo, false);
            if (sale.Reference != null && sale.Reference.Length > 0)
            {
                r.Pair(L(h, RT.Transaction), sale.Reference, false);
            }

            r.Rule();
            r.Pair(L(h, RT.Amount), Amount(sale.Amount, sale.Currency), true);
            r.Rule();
            r.Text(L(h, RT.PaidWith), true, false);
            Foot(h, r);
            return r;
        }

        /// <summary>The receipt of a refund WeChat confirmed (a Refunded history record: order, out_refund_no, amount, refunded_at).</summary>
        public static Receipt Refund(ReceiptHeader h, HistoryRecord refund)
        {
            Receipt r = Head(h, ReceiptKind.Refund, RT.RefundTitle);
            r.Pair(L(h, RT.Time), LocalTime.DateTime(refund.At, h.OffsetMinutes), false);
            r.Pair(L(h, RT.Order), refund.OutTradeNo, false);
            r.Pair(L(h, RT.RefundNo), refund.Reference, false);
            r.Rule();
            r.Pair(L(h, RT.Refunded), Amount(refund.Amount, refund.Currency), true);
            r.Rule();
            Foot(h, r);
            return r;
        }

        /// <summary>The receipt of a Z report: number, business day, period, and per currency the sales, refunds, revokes, unresolved and net.</summary>
        public static Receipt Z(ReceiptHeader h, ZReport z)
        {
            Receipt r = Head(h, ReceiptKind.ZReport, RT.ZTitle);
            r.Pair(L(h, RT.ZNumber), z.Number.ToString(), true);
            r.Pair(L(h, RT.BusinessDay), z.BusinessDay, false);
            r.Pair(L(h, RT.From), LocalTime.DateTime(z.OpenedAt, z.OffsetMinutes), false);
            r.Pair(L(h, RT.To), LocalTime.DateTime(z.ClosedAt, z.OffsetMinutes), false);
            Totals t = z.Totals;
            if (t == null || t.Count == 0)
            {
                r.Rule();
                r.Text(L(h, RT.NoActivity), true, false);
            }

            for (int i = 0; t != null && i < t.Count; i++)
            {
                string code = t.Currency(i);
                r.Rule();
                r.Text(code, false, true);
                r.Pair(L(h, RT.Sales) + " x" + t.SalesCount(i).ToString(), Amount(t.SalesSum(i), code), false);
                r.Pair(L(h, RT.Refunds) + " x" + t.RefundsCount(i).ToString(), Amount(t.RefundsSum(i), code), false);
                r.Pair(L(h, RT.Revokes), "x" + t.RevokesCount(i).ToString(), false);
                r.Pair(L(h, RT.Unresolved), "x" + t.UnresolvedCount(i).ToString(), false);
                r.Pair(L(h, RT.Net), Amount(t.SalesSum(i) - t.RefundsSum(i), code), true);
            }

            r.Rule();
            r.Blank();
            return r;
        }

        /// <summary>"12.34 CNY" in the currency's decimals (an unknown code: minor units).</summary>
        public static string Amount(long minorUnits, string currency)
        {
            Currency c = Currency.Find(currency);
            return (c != null ? MoneyText.Format(minorUnits, c) : minorUnits.ToString()) + " " + currency;
        }

        private static Receipt Head(ReceiptHeader h, ReceiptKind kind, RT title)
        {
            Receipt r = new Receipt(kind, h.Chinese);
            if (h.StoreName != null && h.StoreName.Length > 0)
            {
                r.Text(h.StoreName, true, true);
            }

            r.Text(L(h, title), true, true);
            r.Rule();
            r.Pair(L(h, RT.Terminal), h.TerminalId, false);
            return r;
        }

        private static void Foot(ReceiptHeader h, Receipt r)
        {
            r.Text(L(h, RT.ThankYou), true, false);
            r.Text(L(h, RT.KeepReceipt), true, false);
        }

        private static string L(ReceiptHeader h, RT text)
        {
            return ReceiptText.Get(text, h.Chinese);
        }
    }
}
