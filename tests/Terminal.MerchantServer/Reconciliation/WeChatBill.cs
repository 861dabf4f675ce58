using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using Terminal.Core.Money;

namespace Terminal.MerchantServer.Reconciliation
{
    /// <summary>What a bill row is: a payment (交易状态 SUCCESS), a refund (REFUND) or the money a revoke returned (REVOKED).</summary>
    public enum BillRowKind
    {
        Payment,
        Refund,
        Revoke,
    }

    /// <summary>One line of WeChat's daily bill, money in minor units of <see cref="FeeType"/>.</summary>
    public sealed class BillRow
    {
        /// <summary>1-based line number in the bill text.</summary>
        public int Line { get; init; }

        /// <summary>The bill (China day, yyyy-MM-dd) the row was read from, when it came from the store.</summary>
        public string? BillDate { get; init; }

        public BillRowKind Kind { get; init; }

        /// <summary>交易时间: the payment's success time, or when the refund was accepted (China Standard Time).</summary>
        public DateTimeOffset TradeTime { get; init; }

        public string? AppId { get; init; }
        public string? MchId { get; init; }
        public string? SubMchId { get; init; }
        public string? DeviceInfo { get; init; }
        public required string TransactionId { get; init; }
        public required string OutTradeNo { get; init; }
        public string? TradeType { get; init; }
        public required string TradeState { get; init; }
        public string? BankType { get; init; }
        public required string FeeType { get; init; }

        /// <summary>应结订单金额 (older bills: 总金额): what a payment row settles; 0 on refund rows.</summary>
        public long SettlementFee { get; init; }

        /// <summary>订单金额 when the bill has it (else the settlement amount).</summary>
        public long OrderFee { get; init; }

        public string? RefundId { get; init; }
        public string? OutRefundNo { get; init; }

        /// <summary>退款金额 of a refund or revoke row; 0 on payment rows.</summary>
        public long RefundFee { get; init; }

        /// <summary>退款状态 as it was when the bill was made (WeChat does not update it): SUCCESS, PROCESSING, …</summary>
        public string? RefundStatus { get; init; }

        /// <summary>The row's money: the payment's settlement amount, or the refund's amount.</summary>
        public long Amount => Kind == BillRowKind.Payment ? SettlementFee : RefundFee;
    }

    /// <summary>Why a bill could not be read (one message table).</summary>
    public enum BillProblem
    {
        Empty,
        NoHeader,
        MissingColumn,
        FieldCount,
        BadTime,
        BadAmount,
        UnknownCurrency,
        UnknownTradeState,
        NoSummary,
        BadSummary,
    }

    public static class BillProblems
    {
        public static string Message(BillProblem problem) => problem switch
        {
            BillProblem.Empty => "the bill is empty",
            BillProblem.NoHeader => "the first line is not a WeChat Pay bill header (交易时间,…)",
            BillProblem.MissingColumn => "the header lacks a column reconciliation needs",
            BillProblem.FieldCount => "a row does not have as many fields as the header",
            BillProblem.BadTime => "a 交易时间 is not yyyy-MM-dd HH:mm:ss",
            BillProblem.BadAmount => "an amount is not a number of the currency's decimals",
            BillProblem.UnknownCurrency => "a 货币种类 is not a currency this server knows",
            BillProblem.UnknownTradeState => "a 交易状态 is not SUCCESS, REFUND or REVOKED",
            BillProblem.NoSummary => "the bill does not end with its summary (总交易单数,…)",
            BillProblem.BadSummary => "the summary's 总交易单数 is not a number",
            _ => "unreadable bill",
        };
    }

    /// <summary>
    /// WeChat Pay's daily bill (下载对账单), parsed: a header line naming the columns, one line per
    /// row whose every field starts with a backquote, then the summary header (总交易单数,…) and
    /// its values. Columns are found by name, so the ALL, SUCCESS and REFUND layouts and older
    /// layouts (总金额 instead of 应结订单金额, 子商户号 instead of 特约商户号) all read. Amounts
    /// become minor units exactly (no floating point); a row's currency decides its decimals.
    /// </summary>
    public sealed class WeChatBill
    {
        public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

        private WeChatBill(IReadOnlyList<string> header, IReadOnlyList<BillRow> rows, IReadOnlyList<string> summaryHeader, IReadOnlyList<string> summaryValues,
            IReadOnlyList<string> summaryMismatches)
        {
            Header = header;
            Rows = rows;
            SummaryHeader = summaryHeader;
            SummaryValues = summaryValues;
            SummaryMismatches = summaryMismatches;
        }

        public IReadOnlyList<string> Header { get; }

        public IReadOnlyList<BillRow> Rows { get; }

        public IReadOnlyList<string> SummaryHeader { get; }

        public IReadOnlyList<string> SummaryValues { get; }

        /// <summary>Where the summary disagrees with the rows (empty when it agrees or cannot be checked).</summary>
        public IReadOnlyList<string> SummaryMismatches { get; }

        public static bool TryParse(string? text, [NotNullWhen(true)] out WeChatBill? bill, out BillProblem problem, out string? detail)
        {
            bill = null;
            problem = BillProblem.Empty;
            detail = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            string[] lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n").Split('\n');
            int last = lines.Length - 1;
            while (last >= 0 && lines[last].Trim().Length == 0)
            {
                last--;
            }

            string[] header = lines[0].Trim().Split(',').Select(h => h.Trim().TrimStart('`')).ToArray();
            if (header.Length < 5 || header[0] != "交易时间")
            {
                problem = BillProblem.NoHeader;
                detail = Shorten(lines[0]);
                return false;
            }

            int Column(params string[] names) => names.Select(n => Array.IndexOf(header, n)).FirstOrDefault(i => i >= 0, -1);
            int time = 0, state = Column("交易状态"), currency = Column("货币种类"), transaction = Column("微信订单号"), order = Column("商户订单号");
            int settlement = Column("应结订单金额", "总金额");
            string? missing = state < 0 ? "交易状态" : currency < 0 ? "货币种类" : transaction < 0 ? "微信订单号" : order < 0 ? "商户订单号" : settlement < 0 ? "应结订单金额" : null;
            if (missing != null)
            {
                problem = BillProblem.MissingColumn;
                detail = missing;
                return false;
            }

            int appId = Column("公众账号ID"), mchId = Column("商户号"), subMchId = Column("特约商户号", "子商户号"), device = Column("设备号");
            int tradeType = Column("交易类型"), bank = Column("付款银行"), orderFee = Column("订单金额");
            int refundId = Column("微信退款单号"), outRefundNo = Column("商户退款单号"), refundFee = Column("退款金额"), refundStatus = Column("退款状态");

            var rows = new List<BillRow>();
            int index = 1;
            for (; index <= last && lines[index].StartsWith('`'); index++)
            {
                string[] fields = lines[index].TrimEnd('\r').Substring(1).Split(",`");
                if (fields.Length != header.Length)
                {
                    problem = BillProblem.FieldCount;
                    detail = "line " + (index + 1) + ": " + fields.Length + " fields, the header has " + header.Length;
                    return false;
                }

                string? Field(int column) => column < 0 ? null : fields[column].Trim();
                string Present(int column) => fields[column].Trim(); // a column checked above
                if (!DateTime.TryParseExact(string.Join(' ', Present(time).Split(' ', StringSplitOptions.RemoveEmptyEntries)), "yyyy-MM-dd HH:mm:ss",
                        CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime tradeTime))
                {
                    problem = BillProblem.BadTime;
                    detail = "line " + (index + 1) + ": " + Shorten(Present(time));
                    return false;
                }

                Currency money = Currency.Find(Present(currency));
                if (money == null)
                {
                    problem = BillProblem.UnknownCurrency;
                    detail = "line " + (index + 1) + ": " + Shorten(Present(currency));
                    return false;
                }

                string tradeState = Present(state);
                BillRowKind kind = tradeState switch
                {
                    "SUCCESS" => BillRowKind.Payment,
                    "REFUND" => BillRowKind.Refund,
                    "REVOKED" => BillRowKind.Revoke,
                    _ => (BillRowKind)(-1),
                };
                if ((int)kind < 0)
                {
                    problem = BillProblem.UnknownTradeState;
                    detail = "line " + (index + 1) + ": " + Shorten(tradeState);
                    return false;
                }

                string? badAmount = null;
                long Amount(int column)
                {
                    if (column < 0)
                    {
                        return 0;
                    }

                    if (!BillAmount.TryParse(fields[column].Trim(), money, out long minor))
                    {
                        badAmount ??= header[column] + " '" + Shorten(fields[column]) + "'";
                    }

                    return minor;
                }

                long settled = Amount(settlement);
                long refunded = kind == BillRowKind.Payment ? 0 : Amount(refundFee);
                long ordered = orderFee < 0 ? settled : Amount(orderFee);
                if (badAmount != null)
                {
                    problem = BillProblem.BadAmount;
                    detail = "line " + (index + 1) + ": " + badAmount;
                    return false;
                }

                rows.Add(new BillRow
                {
                    Line = index + 1,
                    Kind = kind,
                    TradeTime = new DateTimeOffset(tradeTime, ChinaOffset),
                    AppId = Field(appId),
                    MchId = Field(mchId),
                    SubMchId = Field(subMchId),
                    DeviceInfo = Field(device),
                    TransactionId = Present(transaction),
                    OutTradeNo = Present(order),
                    TradeType = Field(tradeType),
                    TradeState = tradeState,
                    BankType = Field(bank),
                    FeeType = money.Code,
                    SettlementFee = settled,
                    OrderFee = ordered,
                    RefundId = kind == BillRowKind.Payment ? null : Field(refundId),
                    OutRefundNo = kind == BillRowKind.Payment ? null : Field(outRefundNo),
                    RefundFee = refunded,
                    RefundStatus = kind == BillRowKind.Payment ? null : Field(refundStatus),
                });
            }

            if (index + 1 > last || !lines[index].Trim().StartsWith("总交易单数", StringComparison.Ordinal))
            {
                problem = BillProblem.NoSummary;
                detail = index <= last ? "line " + (index + 1) + ": " + Shorten(lines[index]) : "the text ends after the rows";
                return false;
            }

            string[] summaryHeader = lines[index].Trim().Split(',');
            string[] summaryValues = lines[index + 1].Trim().Split(',').Select(v => v.Trim().TrimStart('`')).ToArray();
            if (!long.TryParse(summaryValues[0], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
            {
                problem = BillProblem.BadSummary;
                detail = Shorten(lines[index + 1]);
                return false;
            }

            bill = new WeChatBill(header, rows, summaryHeader, summaryValues, CheckSummary(rows, summaryHeader, summaryValues, count));
            return true;
        }

        // The summary against the rows: the row count always; the money totals when every row has one currency.
        private static List<string> CheckSummary(List<BillRow> rows, string[] header, string[] values, long count)
        {
            var mismatches = new List<string>();
            if (count != rows.Count)
            {
                mismatches.Add("总交易单数 says " + count + ", the bill has " + rows.Count + " rows");
            }

            string[] currencies = rows.Select(r => r.FeeType).Distinct().ToArray();
            if (currencies.Length != 1)
            {
                return mismatches;
            }

            Currency money = Currency.Find(currencies[0]);
            void Check(string name, long expected)
            {
                int at = Array.IndexOf(header, name);
                if (at < 0 || at >= values.Length)
                {
                    return;
                }

                if (!BillAmount.TryParse(values[at], money, out long stated) || stated != expected)
                {
                    mismatches.Add(name + " says " + values[at] + ", the rows add up to " + MoneyText.Format(expected, money));
                }
            }

            Check("应结订单总金额", rows.Sum(r => r.SettlementFee));
            Check("总交易额", rows.Sum(r => r.SettlementFee));
            Check("退款总金额", rows.Sum(r => r.RefundFee));
            return mismatches;
        }

        private static string Shorten(string? text) => text == null ? string.Empty : text.Length <= 60 ? text : text.Substring(0, 60) + "…";
    }

    /// <summary>A bill amount ("12.34", "0.0", "500") to minor units of its currency, exactly.</summary>
    public static class BillAmount
    {
        public static bool TryParse(string text, Currency currency, out long minor)
        {
            minor = 0;
            if (string.IsNullOrEmpty(text) || currency == null)
            {
                return false;
            }

            int point = text.IndexOf('.');
            string whole = point < 0 ? text : text.Substring(0, point);
            string fraction = point < 0 ? string.Empty : text.Substring(point + 1);
            // More decimals than the currency has are accepted only as zeros ("0.00" JPY, "0.010" CNY).
            string extra = fraction.Length > currency.MinorDigits ? fraction.Substring(currency.MinorDigits) : string.Empty;
            if (whole.Length == 0 || whole.Length > 15 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || extra.Any(c => c != '0') ||
                (point >= 0 && fraction.Length == 0))
            {
                return false;
            }

            string kept = (fraction.Length > currency.MinorDigits ? fraction.Substring(0, currency.MinorDigits) : fraction).PadRight(currency.MinorDigits, '0');
            minor = long.Parse(whole + kept, NumberStyles.None, CultureInfo.InvariantCulture);
            return true;
        }
    }
}
