using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.MerchantServer;
using Terminal.MerchantServer.Reconciliation;
using Terminal.Pc;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Issue 14: reconciliation is the second line of defence behind the flash outbox. A day of
    /// sandbox sales by the payment engine, notified to the reference merchant server exactly as
    /// the outbox sends them — except one payment deliberately withheld, and one refund never
    /// notified — then the merchant server fetches WeChat's bill from the sandbox over HTTPS and
    /// finds both, with the Z report checked against the bill and the notifications.
    /// </summary>
    public sealed class ReconciliationEndToEndTests : IDisposable
    {
        private static readonly DateTime StartUtc = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc); // 08:00 China time
        private const string TerminalId = "T1";
        private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        private readonly string folder = Path.Combine(Path.GetTempPath(), "terminal-reconcile-" + Guid.NewGuid().ToString("N"));
        private readonly VirtualClock clock = new VirtualClock(StartUtc);
        private readonly WeChatSandbox sandbox;
        private readonly SandboxServer wechat;
        private readonly MerchantServer.MerchantServer merchant;
        private readonly HttpClient http = new HttpClient();
        private readonly PaymentEngine engine;
        private readonly NotifyingSink sink;
        private long merchantNow = new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        private int nonce;
        private long unique = 300;

        public ReconciliationEndToEndTests()
        {
            MerchantAccount account = WeChatSandbox.DefaultMerchant();
            sandbox = new WeChatSandbox(account, () => clock.MonotonicMs) { UnixOffsetMs = new DateTimeOffset(StartUtc).ToUnixTimeMilliseconds() };
            wechat = SandboxServer.Start(new SandboxOptions { Port = 0, DataFolder = Path.Combine(folder, "sandbox"), Clock = () => clock.MonotonicMs });
            wechat.Sandbox = sandbox;

            var options = new MerchantServerOptions { DataFolder = Path.Combine(folder, "merchant"), Port = 0, SurgeCount = 0, SurgeAmount = 0, Now = () => merchantNow };
            options.Terminals[TerminalId] = Secret;
            options.WeChat.BaseUrl = wechat.BaseAddress;
            options.WeChat.AppId = account.AppId;
            options.WeChat.MchId = account.MchId;
            options.WeChat.ApiKey = account.ApiKey;
            options.WeChat.TrustedRoots.Add(wechat.Certificates.Ca);
            merchant = MerchantServer.MerchantServer.Start(options);

            var config = new PaymentConfig();
            sink = new NotifyingSink(this);
            engine = new PaymentEngine(account, TerminalId, config, clock, new MemoryFileStore(), new CryptoRandomSource(), new InProcessGateway(sandbox, clock, config), sink);
            engine.Recover();
        }

        public void Dispose()
        {
            http.Dispose();
            merchant.Dispose();
            wechat.Dispose();
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>The engine's paid sink: each payment becomes the outbox's notification and goes to the merchant server, unless withheld.</summary>
        private sealed class NotifyingSink : IPaidSink
        {
            private readonly ReconciliationEndToEndTests test;

            public NotifyingSink(ReconciliationEndToEndTests test) => this.test = test;

            public bool Withhold { get; set; }

            public void Commit(PaidPayment payment)
            {
                if (Withhold)
                {
                    return;
                }

                // As OutboxPaidSink builds it: paid_at is WeChat's time_end.
                var n = new PaidNotification
                {
                    TerminalId = payment.TerminalId, OutTradeNo = payment.OutTradeNo, TransactionId = payment.TransactionId, TotalFee = payment.TotalFee,
                    CashFee = payment.CashFee < 0 ? payment.TotalFee : payment.CashFee, FeeType = payment.FeeType, TimeEnd = payment.TimeEnd, BankType = payment.BankType,
                    OpenId = payment.OpenId,
                };
                n.FitToLimits();
                n.PaidAt = PaidNotification.UnixFromTimeEnd(n.TimeEnd);
                Assert.True(n.PaidAt > 0, "the sandbox sends time_end");
                Assert.Equal(200, test.Notify(n.ToJson()).Status);
            }
        }

        private (int Status, JsonElement Body) Notify(byte[] notification)
        {
            byte[] body = MerchantProtocol.NotificationBody(TerminalId, merchantNow, "R" + (++nonce).ToString("D31"), notification);
            var request = new HttpRequestMessage(HttpMethod.Post, merchant.BaseAddress + "v1/notifications") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Terminal-Id", TerminalId);
            request.Headers.Add("X-Signature", MerchantProtocol.Sign(Secret, body));
            HttpResponseMessage response = http.Send(request);
            return ((int)response.StatusCode, JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement);
        }

        private (int Status, JsonElement Body) Admin(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, merchant.BaseAddress + path);
            request.Headers.Add("X-Admin-Token", merchant.Admin.Value);
            HttpResponseMessage response = http.Send(request);
            return ((int)response.StatusCode, JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement);
        }

        private void At(int hour, int minute = 0)
        {
            long target = (long)(new DateTime(2026, 11, 21, hour - 8, minute, 0, DateTimeKind.Utc) - StartUtc).TotalMilliseconds;
            Assert.True(target >= clock.MonotonicMs, "time only moves forward");
            clock.Advance(target - clock.MonotonicMs);
        }

        private PaymentResult Sell(long fee, ScenarioKind kind = ScenarioKind.PasswordFree, int n = 0)
        {
            PaymentResult result = engine.Pay(fee, Scenario.Code(kind, n, ++unique));
            return result;
        }

        // The refund notification as the contract defines it, from what refund query says once the refund succeeded.
        private string RefundNotification(PaymentResult sale, WxParams accepted, string outRefundNo, string expectedSuccessTime)
        {
            WxParams query = new StoreOpsClient(sandbox).RefundQuery("out_refund_no", outRefundNo);
            Assert.Equal("SUCCESS", query.Get("refund_status_0"));
            string successTime = query.Get("refund_success_time_0");
            Assert.Equal(expectedSuccessTime, successTime);
            long refundedAt = DateTimeOffset.ParseExact(successTime + " +08:00", "yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
            return "{\"type\":\"refund\",\"version\":1,\"terminal_id\":\"" + TerminalId + "\",\"out_trade_no\":\"" + sale.OutTradeNo + "\",\"transaction_id\":\"" +
                sale.Payment.TransactionId + "\",\"out_refund_no\":\"" + outRefundNo + "\",\"refund_id\":\"" + accepted.Get("refund_id") + "\",\"refund_fee\":" +
                accepted.Get("refund_fee") + ",\"total_fee\":" + sale.TotalFee + ",\"fee_type\":\"CNY\",\"refund_success_time\":\"" + successTime + "\",\"refunded_at\":" + refundedAt + "}";
        }

        [Fact]
        public void A_withheld_payment_and_an_unnotified_refund_are_found_in_WeChats_bill()
        {
            var wx = new StoreOpsClient(sandbox);
            At(9);
            PaymentResult a = Sell(1234);
            At(10);
            PaymentResult b = Sell(500);
            At(11);
            sink.Withhold = true; // the one payment the merchant server never hears of
            PaymentResult c = Sell(880);
            sink.Withhold = false;
            At(12);
            PaymentResult d = Sell(990, ScenarioKind.PaidAfter, 12);
            At(13);
            PaymentResult e = Sell(777, ScenarioKind.NeverPays); // revoked by the terminal: never paid
            Assert.Equal(new[] { SaleStatus.Paid, SaleStatus.Paid, SaleStatus.Paid, SaleStatus.Paid, SaleStatus.Cancelled },
                new[] { a.Status, b.Status, c.Status, d.Status, e.Status });

            At(14);
            WxParams refundB = wx.Refund(b.OutTradeNo, "T1R000000000001", 500, 200);
            StoreOpsClient.AssertSuccess(refundB);
            Assert.Equal(200, Notify(Encoding.UTF8.GetBytes(RefundNotification(b, refundB, "T1R000000000001", "2026-11-21 14:00:00"))).Status);
            At(15);
            WxParams refundA = wx.Refund(a.OutTradeNo, "T1R000000000002", 1234, 1234);
            StoreOpsClient.AssertSuccess(refundA);
            string refundANotification = RefundNotification(a, refundA, "T1R000000000002", "2026-11-21 15:00:00"); // stays on the terminal
            At(16);
            PaymentResult f = Sell(300);

            // The terminal's close of day: what it knows, including the withheld sale and both refunds.
            At(23);
            long opened = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
            long closed = new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
            string z = "{\"type\":\"z_report\",\"version\":1,\"terminal_id\":\"T1\",\"z_number\":1,\"business_day\":\"2026-11-21\",\"utc_offset_minutes\":480," +
                "\"opened_at\":" + opened + ",\"closed_at\":" + closed + ",\"totals\":[{\"fee_type\":\"CNY\",\"sales_count\":5,\"sales_sum\":3904," +
                "\"refunds_count\":2,\"refunds_sum\":1434,\"revokes_count\":1,\"unresolved_count\":0}]}";
            Assert.Equal(200, Notify(Encoding.UTF8.GetBytes(z)).Status);

            // Before 10:00 the next morning WeChat's bill is not there to fetch.
            var early = Admin(HttpMethod.Post, "admin/reconciliation/fetch?date=2026-11-21");
            Assert.Equal(409, early.Status);
            Assert.Equal("bill_not_yet_available", early.Body.GetProperty("error").GetString());
            Assert.Equal("missing", Admin(HttpMethod.Get, "admin/reconciliation?date=2026-11-21").Body.GetProperty("bill").GetProperty("status").GetString());

            clock.Advance(12L * 3600 * 1000); // 2026-11-22 11:00 China time: the sandbox has made the bill
            merchantNow += 12 * 3600;
            var fetched = Admin(HttpMethod.Post, "admin/reconciliation/fetch?date=2026-11-21");
            Assert.Equal(200, fetched.Status);
            JsonElement report = fetched.Body;
            Assert.Equal("loaded", report.GetProperty("bill").GetProperty("status").GetString());
            Assert.Equal(7, report.GetProperty("bill").GetProperty("rows").GetInt32()); // 5 payments, 2 refunds
            Assert.False(report.GetProperty("clean").GetBoolean());

            JsonElement[] issues = report.GetProperty("issues").EnumerateArray().ToArray();
            string Issues() => string.Join("; ", issues.Select(i => i.GetProperty("kind").GetString() + " " + i.GetProperty("out_trade_no") + " " + i.GetProperty("detail")));
            JsonElement withheld = issues.Single(i => i.GetProperty("kind").GetString() == "payment_not_notified");
            Assert.Equal(c.OutTradeNo, withheld.GetProperty("out_trade_no").GetString());
            Assert.Equal(TerminalId, withheld.GetProperty("terminal_id").GetString());
            Assert.Equal(880, withheld.GetProperty("wechat_amount").GetInt64());
            Assert.Equal("2026-11-21 11:00:00", withheld.GetProperty("at").GetString());

            JsonElement unnotified = issues.Single(i => i.GetProperty("kind").GetString() == "refund_not_notified");
            Assert.Equal("T1R000000000002", unnotified.GetProperty("out_refund_no").GetString());
            Assert.Equal(a.OutTradeNo, unnotified.GetProperty("out_trade_no").GetString());
            Assert.Equal(1234, unnotified.GetProperty("wechat_amount").GetInt64());
            Assert.Equal(TerminalId, unnotified.GetProperty("terminal_id").GetString()); // the terminal that made the sale

            JsonElement zIssue = issues.Single(i => i.GetProperty("kind").GetString() == "z_mismatch_notified");
            Assert.Equal(1, zIssue.GetProperty("z_number").GetInt64());
            Assert.Equal(3, issues.Length); // nothing else: every other payment and refund matches, both ways
            Assert.DoesNotContain(issues, i => i.GetProperty("kind").GetString() == "payment_not_in_bill");

            // The Z report agrees with WeChat (the terminal knew everything; only its notifications went missing).
            JsonElement terminal = report.GetProperty("terminals").EnumerateArray().Single(t => t.GetProperty("terminal_id").GetString() == TerminalId);
            JsonElement zCheck = terminal.GetProperty("z_reports")[0].GetProperty("currencies")[0];
            Assert.True(zCheck.GetProperty("matches_bill").GetBoolean(), Issues());
            Assert.False(zCheck.GetProperty("matches_notified").GetBoolean());
            Assert.Equal(3904, zCheck.GetProperty("bill").GetProperty("sales").GetProperty("sum").GetInt64());
            Assert.Equal(3024, zCheck.GetProperty("notified").GetProperty("sales").GetProperty("sum").GetInt64());

            JsonElement cny = terminal.GetProperty("currencies")[0];
            Assert.Equal(5, cny.GetProperty("wechat_payments").GetProperty("count").GetInt64());
            Assert.Equal(3904, cny.GetProperty("wechat_payments").GetProperty("sum").GetInt64());
            Assert.Equal(4, cny.GetProperty("notified_payments").GetProperty("count").GetInt64());
            Assert.Equal(1434, cny.GetProperty("wechat_refunds").GetProperty("sum").GetInt64());
            Assert.Equal(200, cny.GetProperty("notified_refunds").GetProperty("sum").GetInt64());

            // The outbox delivers the late payment and refund: the same day reconciles clean.
            sink.Commit(c.Payment);
            Assert.Equal(200, Notify(Encoding.UTF8.GetBytes(refundANotification)).Status);
            JsonElement after = Admin(HttpMethod.Get, "admin/reconciliation?date=2026-11-21").Body;
            Assert.True(after.GetProperty("clean").GetBoolean(), after.ToString());
            Assert.Equal(0, after.GetProperty("issues").GetArrayLength());
        }

        [Fact]
        public void A_day_without_sales_has_no_bill_and_any_notification_of_it_is_not_in_WeChats_bill()
        {
            At(9);
            PaymentResult sale = Sell(450);
            clock.Advance(3L * 24 * 3600 * 1000); // 2026-11-24 09:00
            merchantNow += 3 * 24 * 3600;
            var none = Admin(HttpMethod.Post, "admin/reconciliation/fetch?date=2026-11-22");
            Assert.Equal(200, none.Status);
            Assert.Equal("no_bill", none.Body.GetProperty("bill").GetProperty("status").GetString());
            Assert.True(none.Body.GetProperty("clean").GetBoolean());

            // A notification of a payment WeChat never made (here: forged with a time_end on the empty day).
            var forged = new PaidNotification
            {
                TerminalId = TerminalId, OutTradeNo = "T1999999999999", TransactionId = "4200000000000000000000000999", TotalFee = 100, CashFee = 100, FeeType = "CNY",
                TimeEnd = "20261122120000", PaidAt = merchantNow,
            };
            Assert.Equal(200, Notify(forged.ToJson()).Status);
            JsonElement report = Admin(HttpMethod.Get, "admin/reconciliation?date=2026-11-22").Body;
            JsonElement issue = report.GetProperty("issues").EnumerateArray().Single();
            Assert.Equal("payment_not_in_bill", issue.GetProperty("kind").GetString());
            Assert.Equal("T1999999999999", issue.GetProperty("out_trade_no").GetString());
            Assert.Equal(100, issue.GetProperty("notified_amount").GetInt64());

            Assert.Equal(200, Admin(HttpMethod.Post, "admin/reconciliation/fetch?date=2026-11-21").Status);
            Assert.True(Admin(HttpMethod.Get, "admin/reconciliation?date=2026-11-21").Body.GetProperty("clean").GetBoolean(), "the real sale of the 21st was notified");
            Assert.Equal(sale.OutTradeNo, merchant.Store.Notifications().First().OutTradeNo);
        }
    }
}
