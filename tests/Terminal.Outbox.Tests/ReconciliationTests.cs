using System;
using System.Threading.Tasks;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Terminal.Core.Outbox;
using Terminal.MerchantServer;
using Terminal.MerchantServer.Reconciliation;
using Terminal.Tests.Outbox;
using Xunit;

namespace Terminal.Outbox.Tests
{
    /// <summary>
    /// Issue 14: WeChat's daily bill read exactly (every documented layout, money in long minor
    /// units) and reconciled against the terminals' payments, refunds and Z reports: each kind of
    /// disagreement found and put on the right terminal; bills uploaded as text, gzip or WeChat's
    /// "No Bill Exist" answer; bad input refused with its error code.
    /// </summary>
    public sealed class ReconciliationTests : IDisposable
    {
        private const string Day = "2026-11-21";
        private static readonly long Evening = new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        private readonly string folder = Harness.TempFolder();
        private readonly MerchantServer.MerchantServer server;
        private readonly HttpClient http = new HttpClient();
        private int nonce;

        public ReconciliationTests()
        {
            MerchantServerOptions options = Harness.ServerOptions(folder);
            options.Terminals["POS2"] = OutboxFixtures.Secret();
            options.Now = () => Evening;
            server = MerchantServer.MerchantServer.Start(options);
        }

        public void Dispose()
        {
            http.Dispose();
            server.Dispose();
        }

        // ------------------------------------------------------------------ the bill's text

        private const string Header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";

        private static string Payment(string time, string order, string transaction, string amount, string device = "", string currency = "CNY", string state = "SUCCESS") =>
            "`" + Day + " " + time + ",`wxapp,`1900000109,`0,`" + device + ",`" + transaction + ",`" + order + ",`openid,`MICROPAY,`" + state + ",`CMB_DEBIT,`" + currency + ",`" +
            amount + ",`0.00,`0,`0,`0.00,`0.00,`,`,`coffee,`,`0.00000,`0.60%,`" + amount + ",`0.00,`";

        private static string RefundRow(string time, string order, string transaction, string refundId, string refundNo, string amount, string status = "SUCCESS", string state = "REFUND") =>
            "`" + Day + " " + time + ",`wxapp,`1900000109,`0,`,`" + transaction + ",`" + order + ",`openid,`MICROPAY,`" + state + ",`CMB_DEBIT,`CNY,`0.00,`0.00,`" +
            refundId + ",`" + refundNo + ",`" + amount + ",`0.00,`ORIGINAL,`" + status + ",`coffee,`,`0.00000,`0.60%,`0.00,`" + amount + ",`";

        private static string Bill(params string[] rows) => Bill(rows.Length, rows);

        // The summary WeChat would write: the row count and the sums of 应结订单金额 and 退款金额 (test arithmetic only).
        private static string Bill(int count, string[] rows)
        {
            decimal Sum(int column) => rows.Select(r => r.Substring(1).Split(",`")).Where(f => f.Length > column && decimal.TryParse(f[column], System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out _)).Sum(f => decimal.Parse(f[column], System.Globalization.CultureInfo.InvariantCulture));
            string settled = Sum(12).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            string refunded = Sum(16).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            return Header + "\n" + string.Join("\n", rows) + "\n总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n`" + count + ",`" + settled + ",`" + refunded +
                ",`0.00,`0.00000,`" + settled + ",`" + refunded + "\n";
        }

        [Fact]
        public void WeChats_own_example_of_an_older_bill_layout_reads()
        {
            // The example on WeChat's downloadbill page (2014 layout: 总金额, 子商户号, five summary fields).
            string text = "交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,总金额,代金券或立减优惠金额,微信退款单号,商户退款单号,退款金额,代金券或立减优惠退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率\n" +
                "`2014-11-10 16:33:45,`wx2421b1c4370ec43b,`10000100,`0,`1000,`1001690740201411100005734289,`1415640626,`085e9858e3ba5186aafcbaed1,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`0.01,`0.0,`0,`0,`0,`0,`,`,`被扫支付测试,`订单额外描述,`0,`0.60%\n" +
                "`2014-11-10 16:46:14,`wx2421b1c4370ec43b,`10000100,`0,`1000,`1002780740201411100005729794,`1415635270,`085e9858e90ca40c0b5aee463,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`0.01,`0.0,`0,`0,`0,`0,`,`,`被扫支付测试,`订单额外描述,`0,`0.60%\n" +
                "总交易单数,总交易额,总退款金额,总代金券或立减优惠退款金额,手续费总金额\n" +
                "`2,`0.02,`0.0,`0.0,`0\n";
            Assert.True(WeChatBill.TryParse(text, out WeChatBill? bill, out BillProblem problem, out string? detail), problem + " " + detail);
            Assert.Equal(2, bill.Rows.Count);
            BillRow first = bill.Rows[0];
            Assert.Equal(BillRowKind.Payment, first.Kind);
            Assert.Equal(1, first.SettlementFee);
            Assert.Equal("1415640626", first.OutTradeNo);
            Assert.Equal("1000", first.DeviceInfo);
            Assert.Equal(new DateTimeOffset(2014, 11, 10, 16, 33, 45, TimeSpan.FromHours(8)), first.TradeTime);
            Assert.Empty(bill.SummaryMismatches);
        }

        [Fact]
        public void A_bill_reads_with_a_BOM_CRLF_lines_and_currencies_without_decimals()
        {
            string text = "\uFEFF" + Bill(Payment("09:00:00", "T-0001000000000001", "4200000001", "12.34"), Payment("09:01:00", "T-0001000000000002", "4200000002", "500", currency: "JPY"),
                Payment("09:02:00", "T-0001000000000003", "4200000003", "500.00", currency: "JPY")).Replace("\n", "\r\n") + "\r\n\r\n";
            Assert.True(WeChatBill.TryParse(text, out WeChatBill? bill, out BillProblem problem, out string? detail), problem + " " + detail);
            Assert.Equal(new long[] { 1234, 500, 500 }, bill.Rows.Select(r => r.SettlementFee).ToArray());
            Assert.Equal("JPY", bill.Rows[1].FeeType);
            Assert.Empty(bill.SummaryMismatches); // several currencies: only the count can be checked
        }

        [Theory]
        [InlineData("0.001", BillProblem.BadAmount)]
        [InlineData("1,234.00", BillProblem.FieldCount)]
        [InlineData("-1.00", BillProblem.BadAmount)]
        [InlineData("1.", BillProblem.BadAmount)]
        [InlineData("1e3", BillProblem.BadAmount)]
        [InlineData("", BillProblem.BadAmount)]
        public void Amounts_are_exact_or_the_bill_is_refused(string amount, BillProblem expected)
        {
            string text = Bill(Payment("09:00:00", "T-0001000000000001", "4200000001", amount).Replace(",`" + amount + ",`0.00,`0,", ",`" + amount.Replace(",", ",`") + ",`0.00,`0,"));
            Assert.False(WeChatBill.TryParse(text, out _, out BillProblem problem, out string? detail));
            Assert.Equal(expected, problem);
            Assert.Contains("line 2", detail);
        }

        [Fact]
        public void Other_malformed_bills_are_refused_with_their_reason()
        {
            Assert.Equal(BillProblem.Empty, Problem(""));
            Assert.Equal(BillProblem.NoHeader, Problem("<html>maintenance</html>"));
            Assert.Equal(BillProblem.MissingColumn, Problem(Bill(Payment("09:00:00", "X", "4200000001", "1.00")).Replace("商户订单号", "订单")));
            Assert.Equal(BillProblem.UnknownTradeState, Problem(Bill(Payment("09:00:00", "X", "4200000001", "1.00", state: "NOTPAY"))));
            Assert.Equal(BillProblem.UnknownCurrency, Problem(Bill(Payment("09:00:00", "X", "4200000001", "1.00", currency: "XXX"))));
            Assert.Equal(BillProblem.BadTime, Problem(Bill(Payment("25:00:00", "X", "4200000001", "1.00"))));
            Assert.Equal(BillProblem.NoSummary, Problem(Header + "\n" + Payment("09:00:00", "X", "4200000001", "1.00") + "\n"));

            Assert.True(WeChatBill.TryParse(Bill(3, new[] { Payment("09:00:00", "X", "4200000001", "1.00") }).Replace("\n`3,`1.00,", "\n`3,`2.00,"), out WeChatBill? bill, out _, out _));
            Assert.Contains(bill.SummaryMismatches, m => m.Contains("总交易单数"));
            Assert.Contains(bill.SummaryMismatches, m => m.Contains("应结订单总金额"));
        }

        private static BillProblem Problem(string text)
        {
            Assert.False(WeChatBill.TryParse(text, out _, out BillProblem problem, out _));
            return problem;
        }

        // ------------------------------------------------------------------ HTTP helpers

        private (int Status, JsonElement Body) Notify(string terminalId, string json)
        {
            byte[] body = MerchantProtocol.NotificationBody(terminalId, Evening, "Q" + (++nonce).ToString("D31"), Encoding.UTF8.GetBytes(json));
            var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress + "v1/notifications") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Terminal-Id", terminalId);
            request.Headers.Add("X-Signature", MerchantProtocol.Sign(OutboxFixtures.Secret(), body));
            HttpResponseMessage response = http.Send(request);
            return ((int)response.StatusCode, JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement);
        }

        // period > 0: the Z number the terminal counts it in (a refund is then version 2); 0: an older terminal's notification without it.
        private void Paid(string terminalId, string order, string transaction, long fee, string timeEnd, long paidAt = 0, string currency = "CNY", long period = 0) =>
            Assert.Equal(200, Notify(terminalId, "{\"terminal_id\":\"" + terminalId + "\",\"out_trade_no\":\"" + order + "\",\"transaction_id\":\"" + transaction + "\",\"total_fee\":" + fee +
                ",\"cash_fee\":" + fee + ",\"fee_type\":\"" + currency + "\",\"time_end\":\"" + timeEnd + "\",\"bank_type\":\"CMB_DEBIT\",\"openid\":\"o\",\"paid_at\":" +
                (paidAt > 0 ? paidAt : Evening) + (period > 0 ? ",\"period\":" + period : string.Empty) + "}").Status);

        private void Refunded(string terminalId, string order, string transaction, string refundNo, string refundId, long fee, long total, string successTime, long refundedAt = 0, long period = 0) =>
            Assert.Equal(200, Notify(terminalId, "{\"type\":\"refund\",\"version\":" + (period > 0 ? 2 : 1) + ",\"terminal_id\":\"" + terminalId + "\",\"out_trade_no\":\"" + order + "\",\"transaction_id\":\"" +
                transaction + "\",\"out_refund_no\":\"" + refundNo + "\",\"refund_id\":\"" + refundId + "\",\"refund_fee\":" + fee + ",\"total_fee\":" + total +
                ",\"fee_type\":\"CNY\",\"refund_success_time\":\"" + successTime + "\",\"refunded_at\":" + (refundedAt > 0 ? refundedAt : Evening) +
                (period > 0 ? ",\"period\":" + period : string.Empty) + "}").Status);

        private (int Status, JsonElement Body) Upload(string date, byte[] body, string? token = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress + "admin/reconciliation/bill?date=" + date) { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Admin-Token", token ?? server.Admin.Value);
            HttpResponseMessage response = http.Send(request);
            return ((int)response.StatusCode, JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement);
        }

        private (int Status, JsonElement Body) Upload(string date, string text) => Upload(date, Encoding.UTF8.GetBytes(text));

        private static long Unix(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();

        private static JsonElement[] Issues(JsonElement report, string kind) =>
            report.GetProperty("issues").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == kind).ToArray();

        // ------------------------------------------------------------------ reconciliation

        [Fact]
        public void Every_kind_of_disagreement_is_found_and_put_on_its_terminal()
        {
            string T = Harness.TerminalId;
            Paid(T, "T-0001000000000001", "4200000001", 1000, "20261121090000");          // matches
            Paid(T, "T-0001000000000002", "4200000002", 1000, "20261121091000");          // WeChat says 9.99
            Paid(T, "T-0001000000000003", "4200000003", 800, "20261121092000");           // WeChat revoked it
            Paid(T, "T-0001000000000004", "4200000004", 700, "20261121093000");           // WeChat never had it
            Paid("POS2", "POS2000000000001", "4200000005", 2000, "20261121094000");       // matches, other terminal
            Refunded(T, "T-0001000000000001", "4200000001", "RF1", "5031", 100, 1000, "2026-11-21 10:00:00"); // matches
            Refunded("POS2", "POS2000000000001", "4200000005", "RF2", "5032", 300, 2000, "2026-11-21 10:10:00"); // WeChat says 2.50
            Refunded("POS2", "POS2000000000001", "4200000005", "RF3", "5033", 100, 2000, "2026-11-21 10:20:00"); // not in the bill

            string bill = Bill(
                Payment("09:00:00", "T-0001000000000001", "4200000001", "10.00"),
                Payment("09:10:00", "T-0001000000000002", "4200000002", "9.99"),
                Payment("09:20:00", "T-0001000000000003", "4200000003", "8.00"),
                RefundRow("09:25:00", "T-0001000000000003", "4200000003", "5039", "T-0001000000000003", "8.00", state: "REVOKED"),
                Payment("09:40:00", "POS2000000000001", "4200000005", "20.00"),
                Payment("09:50:00", "T-0001000000000006", "4200000006", "6.00"),                     // paid, never notified (by order number: T-0001)
                Payment("09:51:00", "SHOP-ORDER-7", "4200000007", "7.00", device: "POS2"),            // paid, never notified (by device_info: POS2)
                Payment("09:52:00", "SHOP-ORDER-8", "4200000008", "8.00", device: "TILL-9"),          // paid, never notified, nobody's
                Payment("09:53:00", "T-0001000000000009", "4200000009", "9.00"),                     // paid then revoked, never notified: fine
                RefundRow("09:54:00", "T-0001000000000009", "4200000009", "5040", "T-0001000000000009", "9.00", state: "REVOKED"),
                RefundRow("10:00:00", "T-0001000000000001", "4200000001", "5031", "RF1", "1.00"),
                RefundRow("10:10:00", "POS2000000000001", "4200000005", "5032", "RF2", "2.50"),
                RefundRow("10:30:00", "T-0001000000000001", "4200000001", "5034", "RF4", "1.00"),          // never notified
                RefundRow("10:40:00", "T-0001000000000001", "4200000001", "5035", "RF5", "1.00", "PROCESSING")); // not a success yet
            var loaded = Upload(Day, bill);
            Assert.Equal(200, loaded.Status);
            JsonElement report = loaded.Body;
            Assert.Equal("upload", report.GetProperty("bill").GetProperty("source").GetString());
            Assert.False(report.GetProperty("clean").GetBoolean());

            Assert.Equal("T-0001000000000002", Issues(report, "payment_mismatch").Single().GetProperty("out_trade_no").GetString());
            Assert.Equal(999, Issues(report, "payment_mismatch").Single().GetProperty("wechat_amount").GetInt64());
            Assert.Equal(1000, Issues(report, "payment_mismatch").Single().GetProperty("notified_amount").GetInt64());
            Assert.Equal("T-0001000000000003", Issues(report, "payment_revoked").Single().GetProperty("out_trade_no").GetString());
            Assert.Equal("T-0001000000000004", Issues(report, "payment_not_in_bill").Single().GetProperty("out_trade_no").GetString());

            var missing = Issues(report, "payment_not_notified").ToDictionary(i => i.GetProperty("out_trade_no").GetString() ?? throw new InvalidOperationException("an issue with a null out_trade_no"), i => i.GetProperty("terminal_id"));
            Assert.Equal(new[] { "SHOP-ORDER-7", "SHOP-ORDER-8", "T-0001000000000006" }, missing.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
            Assert.Equal(T, missing["T-0001000000000006"].GetString());
            Assert.Equal("POS2", missing["SHOP-ORDER-7"].GetString());
            Assert.Equal(JsonValueKind.Null, missing["SHOP-ORDER-8"].ValueKind);

            Assert.Equal("RF2", Issues(report, "refund_mismatch").Single().GetProperty("out_refund_no").GetString());
            Assert.Equal("RF3", Issues(report, "refund_not_in_bill").Single().GetProperty("out_refund_no").GetString());
            Assert.Equal("RF4", Issues(report, "refund_not_notified").Single().GetProperty("out_refund_no").GetString());
            JsonElement processing = Issues(report, "refund_processing").Single();
            Assert.Equal("RF5", processing.GetProperty("out_refund_no").GetString());
            Assert.False(processing.GetProperty("mismatch").GetBoolean());
            Assert.Equal(9, report.GetProperty("mismatches").GetInt32());
            Assert.Equal(1, report.GetProperty("notices").GetInt32());

            JsonElement[] terminals = report.GetProperty("terminals").EnumerateArray().ToArray();
            Assert.Equal(new[] { "POS2", T, null }, terminals.Select(t => t.GetProperty("terminal_id").ValueKind == JsonValueKind.Null ? null : t.GetProperty("terminal_id").GetString()).ToArray());
            JsonElement first = terminals[1].GetProperty("currencies")[0];
            Assert.Equal(5, first.GetProperty("wechat_payments").GetProperty("count").GetInt64());
            Assert.Equal(4, first.GetProperty("notified_payments").GetProperty("count").GetInt64());
            Assert.Equal(2, first.GetProperty("wechat_revokes").GetProperty("count").GetInt64());
            Assert.Equal(1, terminals[2].GetProperty("mismatches").GetInt32()); // the payment nobody can be named for
        }

        [Fact]
        public void A_bill_with_nothing_but_notices_is_clean_and_money_stays_exact_beyond_32_bits()
        {
            Paid(Harness.TerminalId, "T-0001000000000001", "4200000001", 3_000_000_000, "20261121090000");
            Paid(Harness.TerminalId, "T-0001000000000002", "4200000002", 3_000_000_000, "20261121090100");
            var report = Upload(Day, Bill(
                Payment("09:00:00", "T-0001000000000001", "4200000001", "30000000.00"),
                Payment("09:01:00", "T-0001000000000002", "4200000002", "30000000.00"),
                RefundRow("10:40:00", "T-0001000000000001", "4200000001", "5035", "RF5", "1.00", "PROCESSING"))).Body;
            Assert.True(report.GetProperty("clean").GetBoolean());
            JsonElement cny = report.GetProperty("terminals").EnumerateArray().Single().GetProperty("currencies")[0];
            Assert.Equal(6_000_000_000, cny.GetProperty("wechat_payments").GetProperty("sum").GetInt64());
            Assert.Equal(6_000_000_000, cny.GetProperty("notified_payments").GetProperty("sum").GetInt64());
        }

        [Fact]
        public void Z_reports_are_checked_against_the_bill_over_their_own_period()
        {
            string T = Harness.TerminalId;
            Paid(T, "T-0001000000000001", "4200000001", 1000, "20261121090000", Unix(21, 9));
            Paid(T, "T-0001000000000002", "4200000002", 500, "20261121100000", Unix(21, 10));
            Refunded(T, "T-0001000000000001", "4200000001", "RF1", "5031", 100, 1000, "2026-11-21 11:00:00", Unix(21, 11));
            string Z(long number, long opened, long closed, long sales, long sum, long unresolved = 0) =>
                "{\"type\":\"z_report\",\"version\":1,\"terminal_id\":\"" + T + "\",\"z_number\":" + number + ",\"business_day\":\"2026-11-21\",\"utc_offset_minutes\":480,\"opened_at\":" +
                opened + ",\"closed_at\":" + closed + ",\"totals\":[{\"fee_type\":\"CNY\",\"sales_count\":" + sales + ",\"sales_sum\":" + sum +
                ",\"refunds_count\":1,\"refunds_sum\":100,\"revokes_count\":0,\"unresolved_count\":" + unresolved + "}]}";
            Assert.Equal(200, Notify(T, Z(7, Unix(21, 8), Unix(21, 22), 2, 1500)).Status);      // right
            Assert.Equal(200, Notify(T, Z(8, Unix(21, 8), Unix(22, 2), 2, 1500, 1)).Status);    // runs into the 22nd (not loaded), one unresolved
            string bill = Bill(
                Payment("09:00:00", "T-0001000000000001", "4200000001", "10.00"),
                Payment("10:00:00", "T-0001000000000002", "4200000002", "5.00"),
                Payment("10:30:00", "T-0001000000000003", "4200000003", "3.00"),                 // the terminal never counted it
                RefundRow("11:00:00", "T-0001000000000001", "4200000001", "5031", "RF1", "1.00"));
            JsonElement report = Upload(Day, bill).Body;

            JsonElement zs = report.GetProperty("terminals").EnumerateArray().Single(t => t.GetProperty("terminal_id").GetString() == T).GetProperty("z_reports");
            Assert.Equal(2, zs.GetArrayLength());
            JsonElement seven = zs[0].GetProperty("currencies")[0];
            Assert.True(seven.GetProperty("matches_notified").GetBoolean());
            Assert.False(seven.GetProperty("matches_bill").GetBoolean());
            Assert.Equal(3, seven.GetProperty("bill").GetProperty("sales").GetProperty("count").GetInt64());
            Assert.Equal(7, Issues(report, "z_mismatch_bill").Single().GetProperty("z_number").GetInt64());

            Assert.False(zs[1].GetProperty("bill_complete").GetBoolean());
            Assert.Equal("2026-11-22", zs[1].GetProperty("missing_bill_days")[0].GetString());
            Assert.Equal(JsonValueKind.Null, zs[1].GetProperty("currencies")[0].GetProperty("matches_bill").ValueKind);
            Assert.Equal(8, Issues(report, "z_bill_incomplete").Single().GetProperty("z_number").GetInt64());
            Assert.Equal(8, Issues(report, "z_unresolved").Single().GetProperty("z_number").GetInt64());
        }

        [Fact]
        public void A_sale_and_a_refund_in_the_very_second_of_a_close_count_in_the_Z_their_period_names()
        {
            // The terminal closes Z 1 at noon; in that same second it had counted a sale and a refund
            // before the close (period 1) and a sale after it (period 2). By time alone, [opened,
            // closed) in whole seconds, all three fell into Z 2 here.
            string T = Harness.TerminalId;
            long noon = Unix(21, 12);
            Paid(T, "T-0001000000000001", "4200000001", 1000, "20261121090000", Unix(21, 9), period: 1);
            Paid(T, "T-0001000000000002", "4200000002", 500, "20261121120000", noon, period: 1);
            Refunded(T, "T-0001000000000001", "4200000001", "RF1", "5031", 100, 1000, "2026-11-21 12:00:00", noon, period: 1);
            Paid(T, "T-0001000000000003", "4200000003", 300, "20261121120000", noon, period: 2);
            Paid(T, "T-0001000000000004", "4200000004", 200, "20261121150000", Unix(21, 15)); // an older terminal's: by time, Z 2
            string Z(long number, long opened, long closed, long sales, long sum, long refunds, long refunded) =>
                "{\"type\":\"z_report\",\"version\":1,\"terminal_id\":\"" + T + "\",\"z_number\":" + number + ",\"business_day\":\"2026-11-21\",\"utc_offset_minutes\":480,\"opened_at\":" +
                opened + ",\"closed_at\":" + closed + ",\"totals\":[{\"fee_type\":\"CNY\",\"sales_count\":" + sales + ",\"sales_sum\":" + sum +
                ",\"refunds_count\":" + refunds + ",\"refunds_sum\":" + refunded + ",\"revokes_count\":0,\"unresolved_count\":0}]}";
            Assert.Equal(200, Notify(T, Z(1, Unix(21, 8), noon, 2, 1500, 1, 100)).Status);
            Assert.Equal(200, Notify(T, Z(2, noon, Unix(21, 20), 2, 500, 0, 0)).Status);
            JsonElement report = Upload(Day, Bill(
                Payment("09:00:00", "T-0001000000000001", "4200000001", "10.00"),
                Payment("12:00:00", "T-0001000000000002", "4200000002", "5.00"),
                RefundRow("12:00:00", "T-0001000000000001", "4200000001", "5031", "RF1", "1.00"),
                Payment("12:00:00", "T-0001000000000003", "4200000003", "3.00"),
                Payment("15:00:00", "T-0001000000000004", "4200000004", "2.00"))).Body;

            JsonElement zs = report.GetProperty("terminals").EnumerateArray().Single(t => t.GetProperty("terminal_id").GetString() == T).GetProperty("z_reports");
            Assert.Equal(2, zs.GetArrayLength());
            foreach (JsonElement z in zs.EnumerateArray())
            {
                JsonElement cny = z.GetProperty("currencies")[0];
                Assert.True(cny.GetProperty("matches_notified").GetBoolean(), z.ToString());
                Assert.True(cny.GetProperty("matches_bill").GetBoolean(), z.ToString());
            }

            Assert.Empty(Issues(report, "z_mismatch_notified"));
            Assert.Empty(Issues(report, "z_mismatch_bill"));
            Assert.Equal(1, server.Store.Notifications(T).Single(n => n.OutTradeNo == "T-0001000000000002").Period);
            Assert.Equal(0, server.Store.Notifications(T).Single(n => n.OutTradeNo == "T-0001000000000004").Period);
            Assert.Equal(1, server.Store.Refunds(T).Single().Period);
        }

        [Fact]
        public void Bills_upload_as_text_gzip_or_WeChats_no_bill_answer_and_bad_uploads_are_refused()
        {
            Paid(Harness.TerminalId, "T-0001000000000001", "4200000001", 1000, "20261121090000");
            string bill = Bill(Payment("09:00:00", "T-0001000000000001", "4200000001", "10.00"));
            using (var packed = new MemoryStream())
            {
                using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(Encoding.UTF8.GetBytes(bill));
                }

                var answer = Upload(Day, packed.ToArray());
                Assert.Equal(200, answer.Status);
                Assert.True(answer.Body.GetProperty("clean").GetBoolean());
            }

            var none = Upload("2026-11-20", "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[No Bill Exist]]></return_msg><error_code><![CDATA[20002]]></error_code></xml>");
            Assert.Equal(200, none.Status);
            Assert.Equal("no_bill", none.Body.GetProperty("bill").GetProperty("status").GetString());

            var refused = Upload("2026-11-19", "<xml><return_code>FAIL</return_code><return_msg>invalid bill_date</return_msg><error_code>20001</error_code></xml>");
            Assert.Equal(400, refused.Status);
            Assert.Equal("bill_unreadable", refused.Body.GetProperty("error").GetString());
            Assert.Equal("bill_unreadable", Upload(Day, "hello").Body.GetProperty("error").GetString());
            Assert.Equal("bill_unreadable", Upload(Day, new byte[] { 0x1f, 0x8b, 1, 2, 3 }).Body.GetProperty("error").GetString());
            Assert.Equal("bill_unreadable", Upload(Day, new byte[] { 0xff, 0xfe, 0x00 }).Body.GetProperty("error").GetString());

            var wrongDay = Upload("2026-11-22", bill);
            Assert.Equal(400, wrongDay.Status);
            Assert.Equal("bill_wrong_day", wrongDay.Body.GetProperty("error").GetString());
            Assert.Equal("bad_date", Upload("21.11.2026", bill).Body.GetProperty("error").GetString());
            Assert.Equal(401, Upload(Day, Encoding.UTF8.GetBytes(bill), "not-the-token").Status);
            Assert.Equal("loaded", server.Store.Bill(new DateOnly(2026, 11, 21))!.Status); // the refused uploads changed nothing
        }

        [Fact]
        public void A_summary_that_disagrees_with_the_rows_is_a_mismatch_of_the_bill()
        {
            Paid(Harness.TerminalId, "T-0001000000000001", "4200000001", 1000, "20261121090000");
            string bill = Bill(Payment("09:00:00", "T-0001000000000001", "4200000001", "10.00")).Replace("\n`1,`10.00,", "\n`2,`10.00,");
            JsonElement report = Upload(Day, bill).Body;
            JsonElement issue = Issues(report, "bill_summary_mismatch").Single();
            Assert.Contains("总交易单数 says 2", issue.GetProperty("detail").GetString());
            Assert.False(report.GetProperty("clean").GetBoolean());
        }

        [Fact]
        public async Task Fetching_needs_a_WeChat_account_and_the_report_of_a_day_without_a_bill_says_so()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress + "admin/reconciliation/fetch?date=" + Day);
            request.Headers.Add("X-Admin-Token", server.Admin.Value);
            HttpResponseMessage fetch = http.Send(request);
            Assert.Equal(503, (int)fetch.StatusCode);
            Assert.Contains("wechat_not_configured", await fetch.Content.ReadAsStringAsync());

            var get = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress + "admin/reconciliation?date=" + Day);
            get.Headers.Add("X-Admin-Token", server.Admin.Value);
            JsonElement report = JsonDocument.Parse(await http.Send(get).Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("missing", report.GetProperty("bill").GetProperty("status").GetString());
            Assert.False(report.GetProperty("clean").GetBoolean());
            Assert.Equal(Unix(22, 10), report.GetProperty("bill").GetProperty("available_at").GetInt64());
        }
    }
}
