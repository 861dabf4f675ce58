using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Issue 14: the sandbox's 下载对账单 — WeChat's text bill for a China day (header, rows whose
    /// every field starts with a backquote, summary header and values), ALL / SUCCESS / REFUND,
    /// optional GZIP, made at 09:00 the next day with refund states frozen then, and the
    /// documented failure answers (unsigned, error_code 20001 / 20002).
    /// </summary>
    public class BillSandboxTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.FromHours(8));
        private long clock = 1_000;
        private long unique = 9000;
        private readonly WeChatSandbox sandbox;
        private readonly StoreOpsClient wx;

        public BillSandboxTests()
        {
            sandbox = new WeChatSandbox(WeChatSandbox.DefaultMerchant(), () => clock);
            sandbox.UnixOffsetMs = Start.ToUnixTimeMilliseconds() - clock;
            wx = new StoreOpsClient(sandbox);
        }

        private void At(int day, int hour, int minute = 0, int second = 0) =>
            clock = sandbox.SandboxMsAt(new DateTimeOffset(2026, 11, day, hour, minute, second, TimeSpan.FromHours(8)));

        private string Code(ScenarioKind kind = ScenarioKind.PasswordFree, int n = 0) => Scenario.Code(kind, n, ++unique);

        private (string Order, string Refund, string Revoked, string Processing, string Late, string NextDay) ADayOfSales()
        {
            At(21, 9);
            string order = wx.Pay(Code(), 1234);
            At(21, 10);
            string refunded = wx.Pay(Code(), 500);
            At(21, 11);
            StoreOpsClient.AssertSuccess(wx.Refund(refunded, "RF-DAY-1", 500, 200));
            At(21, 12);
            string revoked = wx.Pay(Code(ScenarioKind.PaidAfter, 12), 880); // the customer pays after 12 s…
            At(21, 12, 1);
            StoreOpsClient.AssertSuccess(wx.Reverse(revoked)); // …and the order is revoked: the money goes back
            At(21, 13);
            wx.Pay(Code(ScenarioKind.NeverPays), 777); // never paid: never in a bill
            At(21, 20);
            string processing = wx.Pay(Code(), 300);
            sandbox.ScriptRefund(processing, RefundScenarioKind.Normal, 2 * 24 * 3600);
            At(21, 20, 30);
            StoreOpsClient.AssertSuccess(wx.Refund(processing, "RF-DAY-2", 300, 300));
            At(21, 23, 59, 59);
            string late = wx.Pay(Code(), 1);
            At(22, 0, 0, 1);
            string nextDay = wx.Pay(Code(), 2);
            return (order, refunded, revoked, processing, late, nextDay);
        }

        private static string[][] Rows(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 3)
            .Select(line => line.Substring(1).Split(",`")).ToArray();

        /// <summary>The bill text; empty when <paramref name="expectBill"/> is false (the answer is then in the client's Reply).</summary>
        private string Download(string date, string? billType = null, string? tarType = null, bool expectBill = true)
        {
            var fields = new System.Collections.Generic.List<(string, string)> { ("bill_date", date) };
            if (billType != null)
            {
                fields.Add(("bill_type", billType));
            }

            if (tarType != null)
            {
                fields.Add(("tar_type", tarType));
            }

            SandboxReply reply = wx.Send(Endpoints.DownloadBillPath, fields.ToArray());
            Assert.Equal(200, reply.Status);
            if (!expectBill)
            {
                return string.Empty;
            }

            Assert.DoesNotContain("xml", reply.ContentType);
            byte[] body = reply.Body;
            if (tarType == "GZIP")
            {
                Assert.Equal("application/x-gzip", reply.ContentType);
                using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
                using var output = new MemoryStream();
                input.CopyTo(output);
                body = output.ToArray();
            }

            return Encoding.UTF8.GetString(body);
        }

        [Fact]
        public void The_days_bill_lists_payments_refunds_and_revokes_in_WeChats_format_from_9_the_next_morning()
        {
            var day = ADayOfSales();
            At(22, 8, 59, 59);
            Download("20261121", expectBill: false);
            WxParams notYet = StoreOpsClient.Parse(wx.Reply);
            Assert.Equal("FAIL", notYet.Get("return_code"));
            Assert.Equal("No Bill Exist", notYet.Get("return_msg"));
            Assert.Equal("20002", notYet.Get("error_code"));
            Assert.Null(notYet.Get("sign"));

            At(22, 10);
            string text = Download("20261121");
            string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(WeChatSandbox.AllHeader, lines[0]);
            Assert.Equal(WeChatSandbox.AllSummaryHeader, lines[^2]);
            Assert.All(lines.Skip(1).Where(l => l != lines[^2]), l => Assert.StartsWith("`", l));
            string[][] rows = Rows(text);
            Assert.All(rows, r => Assert.Equal(27, r.Length));
            Assert.Equal(new[] { "SUCCESS", "SUCCESS", "REFUND", "SUCCESS", "REVOKED", "SUCCESS", "REFUND", "SUCCESS" }, rows.Select(r => r[9]).ToArray());

            string[] paid = rows[0];
            Assert.Equal("2026-11-21 09:00:00", paid[0]);
            Assert.Equal(sandbox.Merchant.AppId, paid[1]);
            Assert.Equal(sandbox.Merchant.MchId, paid[2]);
            Assert.Equal("0", paid[3]);
            Assert.Equal("POS-1", paid[4]);
            Assert.Equal(sandbox.Find(day.Order)?.TransactionId, paid[5]);
            Assert.Equal(day.Order, paid[6]);
            Assert.Equal("MICROPAY", paid[8]);
            Assert.Equal("CNY", paid[11]);
            Assert.Equal("12.34", paid[12]);
            Assert.Equal(new[] { "0", "0", "0.00", "0.00", "", "" }, paid.Skip(14).Take(6).ToArray());
            Assert.Equal("store-coffee", paid[20]);
            Assert.Equal("0.07404", paid[22]); // 0.60% of 12.34, five decimals
            Assert.Equal("12.34", paid[24]);

            string[] refund = rows[2];
            Assert.Equal("2026-11-21 11:00:00", refund[0]);
            Assert.Equal(day.Refund, refund[6]);
            Assert.Equal("0.00", refund[12]);
            Assert.Equal(sandbox.Refunds.Single(r => r.OutRefundNo == "RF-DAY-1").RefundId, refund[14]);
            Assert.Equal("RF-DAY-1", refund[15]);
            Assert.Equal("2.00", refund[16]);
            Assert.Equal("ORIGINAL", refund[18]);
            Assert.Equal("SUCCESS", refund[19]);
            Assert.Equal("-0.01200", refund[22]);
            Assert.Equal("2.00", refund[25]);

            Assert.Equal("2026-11-21 12:00:12", rows[3][0]); // the customer's payment time, not the order's
            Assert.Equal(day.Revoked, rows[4][6]);
            Assert.Equal("8.80", rows[4][16]);
            Assert.Equal("PROCESSING", rows[6][19]); // frozen as it was when the bill was made
            Assert.Equal("2026-11-21 23:59:59", rows[7][0]);
            Assert.DoesNotContain(rows, r => r[6] == day.NextDay);

            string[] summary = lines[^1].Substring(1).Split(",`");
            Assert.Equal(new[] { "8", "29.15", "13.80", "0.00", summary[4], "29.15", "13.80" }, summary);

            At(24, 10); // two days later the slow refund has succeeded; yesterday's bill does not change
            Assert.Equal("SUCCESS", wx.RefundQuery("out_refund_no", "RF-DAY-2").Get("refund_status_0"));
            Assert.Equal(text, Download("20261121"));
            Assert.Contains(day.NextDay, Download("20261122"));
        }

        [Fact]
        public void SUCCESS_and_REFUND_bills_have_their_own_columns_and_GZIP_packs_the_same_text()
        {
            ADayOfSales();
            At(22, 10);
            string success = Download("20261121", "SUCCESS");
            Assert.StartsWith(WeChatSandbox.SuccessHeader + "\n", success);
            Assert.All(Rows(success), r => { Assert.Equal(20, r.Length); Assert.Equal("SUCCESS", r[9]); });
            Assert.Equal(5, Rows(success).Length);
            Assert.Contains(WeChatSandbox.SuccessSummaryHeader + "\n`5,`29.15,", success);

            string refunds = Download("20261121", "REFUND");
            Assert.StartsWith(WeChatSandbox.RefundHeader + "\n", refunds);
            string[][] rows = Rows(refunds);
            Assert.Equal(new[] { "REFUND", "REVOKED", "REFUND" }, rows.Select(r => r[9]).ToArray());
            Assert.All(rows, r => Assert.Equal(29, r.Length));
            Assert.Equal("2026-11-21 11:00:00", rows[0][14]); // 退款申请时间
            Assert.Equal("2026-11-21 11:00:00", rows[0][15]); // 退款成功时间 (at once)
            Assert.Equal("", rows[2][15]); // still processing when the bill was made

            Assert.Equal(Download("20261121"), Download("20261121", "ALL", "GZIP"));
        }

        [Fact]
        public void Bad_dates_types_and_empty_days_get_WeChats_unsigned_failures()
        {
            At(21, 9);
            wx.Pay(Code(), 100);
            At(25, 10);
            foreach (string bad in new[] { "2026-11-21", "2026112", "20261131", "abcdefgh" })
            {
                Download(bad, expectBill: false);
                WxParams answer = StoreOpsClient.Parse(wx.Reply);
                Assert.Equal("FAIL", answer.Get("return_code"));
                Assert.Equal("invalid bill_date", answer.Get("return_msg"));
                Assert.Equal("20001", answer.Get("error_code"));
            }

            Download("20260801", expectBill: false); // more than three months ago
            Assert.Equal("20001", StoreOpsClient.Parse(wx.Reply).Get("error_code"));
            Download("20261123", expectBill: false); // nothing happened that day
            Assert.Equal("No Bill Exist", StoreOpsClient.Parse(wx.Reply).Get("return_msg"));
            Download("20261121", "DAILY", expectBill: false);
            Assert.Equal("FAIL", StoreOpsClient.Parse(wx.Reply).Get("return_code"));
            Download("20261121", "ALL", "ZIP", expectBill: false);
            Assert.Equal("FAIL", StoreOpsClient.Parse(wx.Reply).Get("return_code"));
            Assert.NotNull(Download("20261121", "ALL"));
        }

        [Fact]
        public void The_bill_needs_a_valid_signature_and_honours_the_requests_sign_type()
        {
            At(21, 9);
            wx.Pay(Code(), 100);
            At(22, 10);
            wx.SignType = SignType.HmacSha256;
            Assert.Contains("`1,`1.00,", Download("20261121"));

            byte[] forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(wx.Body(("bill_date", "20261121"))).Replace("20261121", "20261122"));
            WxParams refused = StoreOpsClient.Parse(sandbox.Handle(Endpoints.DownloadBillPath, forged, false));
            Assert.Equal("FAIL", refused.Get("return_code"));
            Assert.Equal("签名错误", refused.Get("return_msg"));
        }

        [Fact]
        public void A_negative_bill_delay_serves_todays_bill_so_far()
        {
            At(21, 9);
            wx.Pay(Code(), 100);
            At(21, 9, 30);
            Download("20261121", expectBill: false);
            sandbox.BillDelay = TimeSpan.FromHours(-24);
            Assert.Contains("`1,`1.00,", Download("20261121"));
            Assert.Equal(sandbox.BillText(new DateOnly(2026, 11, 21), WeChatSandbox.BillTypeAll, soFar: true), Download("20261121"));
        }
    }
}
