using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Terminal.Core.Money;
using Terminal.Core.Protocol;

namespace Terminal.Sandbox
{
    /// <summary>
    /// 下载对账单 (/pay/downloadbill): the day's bill from the ledger in WeChat's text format —
    /// a header line, one line per payment or refund with every field prefixed by a backquote,
    /// then the summary's header and values (docs/protocol.md, "Daily bill"). Days are China
    /// Standard Time (UTC+8) calendar days; the sandbox's wall clock is its own clock plus
    /// <see cref="UnixOffsetMs"/>.
    /// </summary>
    public sealed partial class WeChatSandbox
    {
        public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

        public const string BillTypeAll = "ALL";
        public const string BillTypeSuccess = "SUCCESS";
        public const string BillTypeRefund = "REFUND";

        public const string AllHeader = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
        public const string SuccessHeader = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注";
        public const string RefundHeader = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
        public const string AllSummaryHeader = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
        public const string SuccessSummaryHeader = "总交易单数,应结订单总金额,手续费总金额,订单总金额";
        public const string RefundSummaryHeader = AllSummaryHeader;

        /// <summary>The sandbox's fee rate in basis points (0.60%, shown as 费率).</summary>
        public const int FeeRateBasisPoints = 60;

        /// <summary>Unix ms = sandbox ms + this (set by tests to put their virtual clock on a chosen day).</summary>
        public long UnixOffsetMs { get; set; }

        /// <summary>
        /// When day D's bill exists: D+1 00:00 China time plus this (WeChat: generated from 09:00
        /// the next day, fetch after 10:00). Negative values serve a day's bill before it ends
        /// (the bill so far), e.g. -24 h for "today's bill now" in a rehearsal.
        /// </summary>
        public TimeSpan BillDelay { get; set; } = TimeSpan.FromHours(9);

        /// <summary>WeChat keeps bills for three months (对账单接口只能下载三个月以内的账单).</summary>
        public const int BillRetentionDays = 92;

        /// <summary>A sandbox time as China Standard Time.</summary>
        public DateTimeOffset ChinaTime(long sandboxMs) => DateTimeOffset.FromUnixTimeMilliseconds(sandboxMs + UnixOffsetMs).ToOffset(ChinaOffset);

        /// <summary>The sandbox time at which a China-time instant happens.</summary>
        public long SandboxMsAt(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() - UnixOffsetMs;

        /// <summary>The China calendar day "now" (sandbox clock).</summary>
        public DateOnly ChinaToday
        {
            get
            {
                lock (gate)
                {
                    return DateOnly.FromDateTime(ChinaTime(nowMs()).DateTime);
                }
            }
        }

        /// <summary>
        /// The bill text of a China day as WeChat would serve it once generated (refund states as
        /// they were at generation), or as it stands now when <paramref name="soFar"/>; null when
        /// the day has no row ("No Bill Exist").
        /// </summary>
        public string? BillText(DateOnly billDate, string? billType, bool soFar = false)
        {
            lock (gate)
            {
                long now = nowMs();
                long madeAt = soFar ? now : BillMadeAtMs(billDate, now);
                return BillTextLocked(billDate, billType ?? BillTypeAll, madeAt);
            }
        }

        private long BillReadyMs(DateOnly billDate)
        {
            var dayEnd = new DateTimeOffset(billDate.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaOffset);
            return SandboxMsAt(dayEnd + BillDelay);
        }

        // The moment the bill's refund states are taken at: its generation (WeChat: 出账后退款状态不会更新),
        // or, for a bill served before its day ends (negative delay), now or the day's end.
        private long BillMadeAtMs(DateOnly billDate, long now)
        {
            long dayEnd = SandboxMsAt(new DateTimeOffset(billDate.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaOffset));
            return BillDelay >= TimeSpan.Zero ? Math.Min(now, BillReadyMs(billDate)) : Math.Min(now, dayEnd);
        }

        private void DownloadBill(WxParams request, long now, SandboxReply reply, out string note)
        {
            string dateText = request.Get("bill_date");
            string billType = request.Get("bill_type");
            string tarType = request.Get("tar_type");
            if (dateText == null || dateText.Length != 8 || !dateText.All(char.IsAsciiDigit) ||
                !DateOnly.TryParseExact(dateText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly billDate))
            {
                note = "invalid bill_date";
                reply.Body = BillFailBody("invalid bill_date", "20001");
                return;
            }

            if (string.IsNullOrEmpty(billType))
            {
                billType = BillTypeAll;
            }

            if (billType != BillTypeAll && billType != BillTypeSuccess && billType != BillTypeRefund && billType != "RECHARGE_REFUND")
            {
                note = "invalid bill_type";
                reply.Body = BillFailBody("invalid bill_type", "20001");
                return;
            }

            if (!string.IsNullOrEmpty(tarType) && tarType != "GZIP")
            {
                note = "invalid tar_type";
                reply.Body = BillFailBody("invalid tar_type", "20001");
                return;
            }

            DateOnly today = DateOnly.FromDateTime(ChinaTime(now).DateTime);
            if (billDate < today.AddDays(-BillRetentionDays))
            {
                note = "bill_date older than three months";
                reply.Body = BillFailBody("invalid bill_date", "20001");
                return;
            }

            RefreshRefunds(now);
            long readyMs = BillReadyMs(billDate);
            string? text = now < readyMs || billType == "RECHARGE_REFUND" ? null : BillTextLocked(billDate, billType, BillMadeAtMs(billDate, now));
            if (text == null)
            {
                note = now < readyMs ? "No Bill Exist (not generated yet)" : "No Bill Exist";
                reply.Body = BillFailBody("No Bill Exist", "20002");
                return;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (tarType == "GZIP")
            {
                using var packed = new MemoryStream();
                using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
                {
                    gzip.Write(bytes, 0, bytes.Length);
                }

                bytes = packed.ToArray();
                reply.ContentType = "application/x-gzip";
            }
            else
            {
                reply.ContentType = "text/plain; charset=utf-8";
            }

            reply.Body = bytes;
            note = "bill " + dateText + " " + billType + (tarType == "GZIP" ? " GZIP" : string.Empty);
        }

        // Unsigned, like WeChat's: <return_code>FAIL</return_code><return_msg/><error_code/> (error_code, not err_code).
        private static byte[] BillFailBody(string message, string errorCode)
        {
            var p = new WxParams();
            p.Set("return_code", "FAIL");
            p.Set("return_msg", message);
            p.Set("error_code", errorCode);
            return FlatXml.Write(p);
        }

        private sealed class BillLine
        {
            public long AtMs;
            public required string TradeState;
            public required SandboxOrder Order;
            public SandboxRefund? Refund;
            public long RefundFee;
            public string? RefundId;
            public string? OutRefundNo;
            public string? RefundState;
            public long RefundSuccessMs = SandboxOrder.NoTime;
        }

        private string? BillTextLocked(DateOnly billDate, string billType, long madeAt)
        {
            var dayStart = new DateTimeOffset(billDate.ToDateTime(TimeOnly.MinValue), ChinaOffset);
            long fromMs = SandboxMsAt(dayStart);
            long toMs = Math.Min(SandboxMsAt(dayStart.AddDays(1)), madeAt + 1);
            bool InDay(long ms) => ms >= fromMs && ms < toMs;

            var lines = new List<BillLine>();
            foreach (SandboxOrder order in orders.Values.Where(o => o.AuthCode != null))
            {
                if (order.PaidAtMs != SandboxOrder.NoTime && InDay(order.PaidAtMs) && billType != BillTypeRefund)
                {
                    lines.Add(new BillLine { AtMs = order.PaidAtMs, TradeState = "SUCCESS", Order = order });
                }

                if (order.RevokedMs != SandboxOrder.NoTime && InDay(order.RevokedMs) && billType != BillTypeSuccess)
                {
                    // A paid order that a reverse refunded: 支付成功后撤销的交易会出现在对账单中，跟原支付单订单号一致.
                    long returned = order.Charged - RefundsOf(order.OutTradeNo).Where(r => r.AcceptedMs < order.RevokedMs && r.FinalState != "REFUNDCLOSE").Sum(r => r.RefundFee);
                    lines.Add(new BillLine
                    {
                        AtMs = order.RevokedMs, TradeState = "REVOKED", Order = order, RefundFee = returned, RefundId = order.RevokeRefundId,
                        OutRefundNo = order.OutTradeNo, RefundState = "SUCCESS", RefundSuccessMs = order.RevokedMs,
                    });
                }
            }

            if (billType != BillTypeSuccess)
            {
                foreach (SandboxRefund refund in refundOrder.Where(r => InDay(r.AcceptedMs)))
                {
                    string state = refund.StateAt(madeAt);
                    lines.Add(new BillLine
                    {
                        AtMs = refund.AcceptedMs, TradeState = "REFUND", Order = orders[refund.OutTradeNo], Refund = refund, RefundFee = refund.RefundFee,
                        RefundId = refund.RefundId, OutRefundNo = refund.OutRefundNo, RefundState = state,
                        RefundSuccessMs = state == "SUCCESS" ? refund.SettleMs : SandboxOrder.NoTime,
                    });
                }
            }

            if (lines.Count == 0)
            {
                return null;
            }

            lines.Sort((a, b) => a.AtMs != b.AtMs ? a.AtMs.CompareTo(b.AtMs) : string.CompareOrdinal(a.Order.OutTradeNo, b.Order.OutTradeNo));
            var text = new StringBuilder();
            text.Append(billType == BillTypeSuccess ? SuccessHeader : billType == BillTypeRefund ? RefundHeader : AllHeader).Append('\n');
            long settlement = 0, refundTotal = 0, fees = 0, orderTotal = 0, requestedRefunds = 0;
            string? currency = null;
            foreach (BillLine line in lines)
            {
                SandboxOrder o = line.Order;
                bool payment = line.TradeState == "SUCCESS";
                long fee = payment ? FeeOf(o.TotalFee, o.FeeType) : -FeeOf(line.RefundFee, o.FeeType);
                long settled = payment ? o.TotalFee : 0;
                settlement += settled;
                refundTotal += payment ? 0 : line.RefundFee;
                fees += fee;
                orderTotal += settled;
                requestedRefunds += payment ? 0 : line.RefundFee;
                currency = currency == null || currency == o.FeeType ? o.FeeType : "*";
                // Only orders with a payment code are billed (a micropay made them); string.Join writes a null field as empty.
                var fields = new List<string?>
                {
                    Time(line.AtMs), Merchant.AppId, Merchant.MchId, Merchant.PartnerMode ? Merchant.SubMchId : "0", o.DeviceInfo ?? string.Empty,
                    o.TransactionId, o.OutTradeNo, "oSandbox" + o.AuthCode!.Substring(10), "MICROPAY", line.TradeState, "CMB_DEBIT", o.FeeType,
                    Amount(settled, o.FeeType), Amount(0, o.FeeType),
                };
                if (billType == BillTypeRefund)
                {
                    fields.Add(Time(line.Refund?.AcceptedMs ?? line.AtMs));
                    fields.Add(line.RefundSuccessMs != SandboxOrder.NoTime ? Time(line.RefundSuccessMs) : string.Empty);
                }

                if (billType != BillTypeSuccess)
                {
                    fields.Add(payment ? "0" : line.RefundId);
                    fields.Add(payment ? "0" : line.OutRefundNo);
                    fields.Add(Amount(payment ? 0 : line.RefundFee, o.FeeType));
                    fields.Add(Amount(0, o.FeeType));
                    fields.Add(payment ? string.Empty : "ORIGINAL");
                    fields.Add(payment ? string.Empty : line.RefundState);
                }

                fields.Add(Clean(o.Body));
                fields.Add(Clean(o.Attach));
                fields.Add(FeeText(fee));
                fields.Add("0.60%");
                fields.Add(Amount(settled, o.FeeType));
                if (billType != BillTypeSuccess)
                {
                    fields.Add(Amount(payment ? 0 : line.RefundFee, o.FeeType));
                }

                fields.Add(string.Empty);
                text.Append('`').Append(string.Join(",`", fields)).Append('\n');
            }

            // The summary sums every row; with several currencies its sums mix them (as the format does).
            string summaryCurrency = currency == "*" || currency == null ? "CNY" : currency;
            string count = lines.Count.ToString(CultureInfo.InvariantCulture);
            if (billType == BillTypeSuccess)
            {
                text.Append(SuccessSummaryHeader).Append('\n');
                text.Append('`').Append(string.Join(",`", count, Amount(settlement, summaryCurrency), FeeText(fees), Amount(orderTotal, summaryCurrency))).Append('\n');
            }
            else
            {
                text.Append(AllSummaryHeader).Append('\n');
                text.Append('`').Append(string.Join(",`", count, Amount(settlement, summaryCurrency), Amount(refundTotal, summaryCurrency), Amount(0, summaryCurrency),
                    FeeText(fees), Amount(orderTotal, summaryCurrency), Amount(requestedRefunds, summaryCurrency))).Append('\n');
            }

            return text.ToString();
        }

        private string Time(long ms) => ChinaTime(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        /// <summary>Minor units in the currency's decimals ("0.01" CNY, "500" JPY).</summary>
        private static string Amount(long minor, string? feeType)
        {
            Currency currency = Currency.Find(feeType) ?? Currency.CNY;
            return MoneyText.Format(minor, currency);
        }

        // The fee in 1/100000 of the major unit (five decimals, as WeChat prints 手续费), rounded half up.
        private static long FeeOf(long minor, string? feeType)
        {
            int digits = (Currency.Find(feeType) ?? Currency.CNY).MinorDigits;
            long scale = 1;
            for (int i = digits; i < 5; i++)
            {
                scale *= 10;
            }

            return (minor * scale * FeeRateBasisPoints + 5000) / 10000;
        }

        private static string FeeText(long hundredThousandths)
        {
            bool negative = hundredThousandths < 0;
            long value = Math.Abs(hundredThousandths);
            return (negative ? "-" : string.Empty) + (value / 100000).ToString(CultureInfo.InvariantCulture) + "." + (value % 100000).ToString("D5", CultureInfo.InvariantCulture);
        }

        // A bill line is one line: control characters in a merchant's text become spaces.
        private static string Clean(string? text) => text == null ? string.Empty : new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }
}
