using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using Microsoft.Data.Sqlite;
using Terminal.MerchantServer;
using Terminal.MerchantServer.Reconciliation;
using Terminal.Sandbox;
using Terminal.Simulator.Sim;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// Issue 14's store day, end to end with the real program (`terminal simulate --data DIR
    /// --script` as a child process: the terminal, its sandbox over TLS with the ledger on disk,
    /// the reference merchant server with its database): a refund in two parts with a power cut
    /// (SIGKILL) between the first part's intent and its answer; a day of sales, refunds and a
    /// revoke closed with `z close`, checked against the merchant server and the sandbox's bill;
    /// a payment withheld from the merchant server found by reconciliation. Real time: about a
    /// minute each on a loaded machine.
    /// </summary>
    public sealed class StoreDayRehearsalTests : IDisposable
    {
        private const string TechnicianPin = "482913";
        private const string ManagerPin = "135790";
        private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
        private static long unique = DateTime.UtcNow.Ticks % 1_000_000_000;

        // Test hooks of `terminal simulate` (docs/sandbox.md): refunds of one order need not wait a
        // minute apart, and today's bill is served (and fetched by the merchant server) so far.
        private static readonly (string, string) NoRefundSpacing = (SimulateCommand.RefundSpacingVariable, "0");
        private static readonly (string, string) BillToday = (SimulateCommand.BillDelayVariable, "-1440");

        private readonly string data = Path.Combine(Path.GetTempPath(), "terminal-day-" + Guid.NewGuid().ToString("N"));

        private string LedgerFile => Path.Combine(data, "sandbox", SandboxServer.LedgerFileName);

        private string MerchantFolder => Path.Combine(data, "merchant");

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }

        private static string Code(ScenarioKind kind, int n = 0) => Scenario.Code(kind, n, Interlocked.Increment(ref unique));

        /// <summary>The China (= the store's, utc_offset +08:00) day now: the Z report's and the bill's day.</summary>
        private static DateOnly ChinaToday => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(WeChatSandbox.ChinaOffset).DateTime);

        private static void SetUpPins(SimulatorProcess sim, bool first)
        {
            if (first)
            {
                Assert.Equal("ok", sim.Console("pin set " + TechnicianPin).Last());
            }

            Assert.Equal("ok", sim.Console("login " + TechnicianPin).Last());
            if (first)
            {
                Assert.Equal("ok", sim.Console("manager pin set " + ManagerPin).Last());
            }

            Assert.Equal("ok", sim.Console("manager login " + ManagerPin).Last());
        }

        /// <summary>A sale of <paramref name="amount"/> paid with <paramref name="code"/>; returns its order number (from `tx 1`).</summary>
        private static string Sell(SimulatorProcess sim, string amount, string code)
        {
            int mark = sim.Mark;
            sim.Send("key " + amount + " enter enter");
            sim.WaitFor("screen Scan", Long, mark);
            sim.Send("scan " + code);
            sim.WaitFor("screen Paid", Long, mark);
            string order = LastOrder(sim, "Paid");
            sim.Send("key enter");
            return order;
        }

        private static string LastOrder(SimulatorProcess sim, string status)
        {
            string line = sim.Console("tx 1").First(l => l.Contains(" " + status, StringComparison.Ordinal));
            return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        }

        private static void Drain(SimulatorProcess sim)
        {
            sim.ConsoleUntil("outbox send", "ok", Long);
            sim.ConsoleUntil("outbox", "waiting: 0", Long);
        }

        private static T Eventually<T>(Func<T> probe, TimeSpan timeout, string what)
            where T : class
        {
            DateTime until = DateTime.UtcNow + timeout;
            while (true)
            {
                T found = probe();
                if (found != null)
                {
                    return found;
                }

                Assert.True(DateTime.UtcNow < until, what);
                Thread.Sleep(50);
            }
        }

        private static string MerchantAddress(SimulatorProcess sim) => sim.WaitFor("Merchant server: ", Long).Substring("Merchant server: ".Length).Trim().TrimEnd('/');

        private JsonElement FetchReconciliation(SimulatorProcess sim, DateOnly day)
        {
            string token = AdminToken.LoadOrCreate(MerchantFolder, null).Value;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            using var request = new HttpRequestMessage(HttpMethod.Post, MerchantAddress(sim) + "/admin/reconciliation/fetch?date=" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            request.Headers.Add("X-Admin-Token", token);
            using HttpResponseMessage response = http.Send(request);
            string body = response.Content.ReadAsStringAsync().Result;
            Assert.True(response.IsSuccessStatusCode, "reconciliation fetch: " + (int)response.StatusCode + " " + body);
            return JsonDocument.Parse(body).RootElement.Clone();
        }

        [Fact]
        public void A_sale_refunded_in_two_parts_with_a_power_cut_between_the_first_parts_intent_and_its_answer()
        {
            string order;
            SandboxRefund first;
            using (SimulatorProcess before = SimulatorProcess.Start(data, NoRefundSpacing))
            {
                SetUpPins(before, first: true);
                order = Sell(before, "50", Code(ScenarioKind.PasswordFree));

                // WeChat accepts the first part at once and answers 25 s later: the kill falls between.
                before.Send("sandbox refund-scenario " + order + " SlowAnswer 25");
                before.WaitFor("sandbox: refunds of " + order, Long);
                int mark = before.Mark;
                before.Send("console refund " + order + " 20.00");
                before.WaitFor("refunding 20.00 CNY of " + order, Long, mark);
                first = Eventually(() => WeChatSandbox.ReadLedgerRefunds(LedgerFile).SingleOrDefault(), Long, "WeChat never accepted the refund");
                before.Kill();

                Assert.DoesNotContain(before.LinesSince(mark), l => l.Contains("  order " + order, StringComparison.Ordinal)); // no answer reached the terminal
                string intent = Assert.Single(Directory.GetFiles(Path.Combine(data, "flash", "refunds"), order + ".*"));
                Assert.Contains(first.OutRefundNo, File.ReadAllText(intent)); // the intent was in flash before the request left
            }

            Assert.Equal(2000, first.RefundFee);
            Assert.Equal("SUCCESS", first.State);

            using (SimulatorProcess after = SimulatorProcess.Start(data, NoRefundSpacing))
            {
                // Recovery settles the first part by refund query (the same number, never a second refund).
                List<string> settled = after.ConsoleUntil("refund status " + order, first.OutRefundNo + "  order " + order + "  20.00 CNY  refunded  at ", Long);
                Assert.Contains(settled, l => l.Contains("WeChat " + first.RefundId, StringComparison.Ordinal));

                SetUpPins(after, first: false);
                after.Send("sandbox refund-scenario " + order + " Normal 0");
                after.WaitFor("sandbox: refunds of " + order + " follow Normal", Long);
                List<string> second = after.Console("refund " + order + " 30.00");
                Assert.Contains(second, l => l.Contains("  order " + order + "  30.00 CNY  refunded", StringComparison.Ordinal));
                List<string> more = after.Console("refund " + order + " 0.01");
                Assert.StartsWith("error: refund refused: the refunds would exceed the sale", more.Last());
                Drain(after);
                after.Send("quit");
                after.WaitForExit(Long);
            }

            // WeChat: two refunds, the sale's sum, the first under the number sent before the cut.
            IReadOnlyList<SandboxRefund> refunds = WeChatSandbox.ReadLedgerRefunds(LedgerFile);
            Assert.Equal(2, refunds.Count);
            Assert.Equal(first.OutRefundNo, refunds[0].OutRefundNo);
            Assert.Equal(first.RefundId, refunds[0].RefundId);
            Assert.Equal(new long[] { 2000, 3000 }, refunds.Select(r => r.RefundFee).ToArray());
            Assert.All(refunds, r => Assert.Equal("SUCCESS", r.State));
            SandboxOrder sale = Assert.Single(WeChatSandbox.ReadLedger(LedgerFile));
            Assert.Equal(5000, sale.Refunded);
            Assert.Equal(0, sale.NetCharged);

            // The merchant server: the payment and both refunds, each stored once.
            using var store = new MerchantStore(MerchantFolder);
            Assert.Equal(order, Assert.Single(store.Notifications(Rig.SandboxTerminalId)).OutTradeNo);
            List<StoredRefund> notified = store.Refunds(Rig.SandboxTerminalId).OrderBy(r => r.RefundFee).ToList();
            Assert.Equal(refunds.Select(r => r.OutRefundNo).ToArray(), notified.Select(r => r.OutRefundNo).ToArray());
            Assert.Equal(refunds.Select(r => r.RefundId).ToArray(), notified.Select(r => r.RefundId).ToArray());
            Assert.Equal(5000, notified.Sum(r => r.RefundFee));
        }

        [Fact]
        public void A_day_of_sales_refunds_and_a_revoke_closes_with_a_Z_report_matching_the_merchant_server_and_the_bill()
        {
            DateOnly day = ChinaToday;
            string zLine;
            string revoked;
            JsonElement report;
            using (SimulatorProcess sim = SimulatorProcess.Start(data, NoRefundSpacing, BillToday))
            {
                SetUpPins(sim, first: true);
                string coffee = Sell(sim, "12.34", Code(ScenarioKind.PasswordFree));
                string lunch = Sell(sim, "50", Code(ScenarioKind.PasswordFree));

                // A password sale the cashier cancels while the customer still types: reversed, a revoke.
                int mark = sim.Mark;
                sim.Send("key 8 enter enter");
                sim.WaitFor("screen Scan", Long, mark);
                sim.Send("scan " + Code(ScenarioKind.PaidAfter, 40));
                sim.WaitFor("screen Password", Long, mark);
                sim.Send("key cancel");
                sim.WaitFor("screen Cancelled", Long, mark);
                revoked = LastOrder(sim, "Cancelled");
                sim.Send("key enter");

                Sell(sim, "20", Code(ScenarioKind.PaidAfter, 2)); // a password sale the customer confirms

                Assert.Contains(sim.Console("refund " + lunch + " 15.00"), l => l.Contains("  15.00 CNY  refunded", StringComparison.Ordinal));
                Assert.Contains(sim.Console("refund " + coffee + " 12.34"), l => l.Contains("  12.34 CNY  refunded", StringComparison.Ordinal));
                Drain(sim);

                // No wait before the close: each notification names the period (Z number) the terminal
                // counts it in, and the merchant server assigns it and its bill row by that number, so
                // a refund in the very second of the close counts in the same Z on both sides.
                List<string> x = sim.Console("x");
                List<string> z = sim.Console("z close");
                zLine = z.Single(l => l.StartsWith("  CNY: ", StringComparison.Ordinal));
                Assert.Equal(x.Single(l => l.StartsWith("  CNY: ", StringComparison.Ordinal)), zLine);
                Assert.Contains(z, l => l.StartsWith("Z report (closed) 1, business day " + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal));
                Drain(sim); // the z_report notification

                report = FetchReconciliation(sim, day); // the merchant server fetches the day's bill (downloadbill over TLS)
                sim.Send("quit");
                sim.WaitForExit(Long);
            }

            // The terminal's Z: 3 sales (12.34 + 50.00 + 20.00), 2 refunds (15.00 + 12.34), 1 revoke.
            Assert.Equal("  CNY: sales 3 = 82.34, refunds 2 = 27.34, net 55.00, revokes 1, unresolved 0", zLine);

            // The merchant server: the z_report as closed, and its own figures for the terminal and day.
            using (var store = new MerchantStore(MerchantFolder))
            {
                ZReport stored = Assert.Single(store.ZReports(Rig.SandboxTerminalId)).Report;
                Assert.Equal(1, stored.ZNumber);
                var totals = Assert.Single(stored.Totals);
                Assert.Equal(("CNY", 3L, 8234L, 2L, 2734L, 1L, 0L), (totals.FeeType, (long)totals.SalesCount, totals.SalesSum, (long)totals.RefundsCount, totals.RefundsSum, (long)totals.RevokesCount, (long)totals.UnresolvedCount));
                List<StoredNotification> payments = store.Notifications(Rig.SandboxTerminalId);
                Assert.Equal((3, 8234L), (payments.Count, payments.Sum(p => p.TotalFee)));
                Assert.DoesNotContain(payments, p => p.OutTradeNo == revoked);
                List<StoredRefund> refunds = store.Refunds(Rig.SandboxTerminalId);
                Assert.Equal((2, 2734L), (refunds.Count, refunds.Sum(r => r.RefundFee)));

                // Each names the Z the terminal counted it in: the server assigns by that number, not by time.
                Assert.All(payments, p => Assert.Equal(1, p.Period));
                Assert.All(refunds, r => Assert.Equal(1, r.Period));
            }

            // The reconciliation of the day: the Z against the fetched bill and the notifications.
            JsonElement terminal = report.GetProperty("terminals").EnumerateArray().Single(t => t.GetProperty("terminal_id").GetString() == Rig.SandboxTerminalId);
            JsonElement zCheck = terminal.GetProperty("z_reports").EnumerateArray().Single().GetProperty("currencies").EnumerateArray().Single();
            Assert.Equal("loaded", report.GetProperty("bill").GetProperty("status").GetString());
            Assert.True(Tally(zCheck.GetProperty("bill").GetProperty("sales")) == (3, 8234L), report.ToString());
            Assert.True(Tally(zCheck.GetProperty("bill").GetProperty("refunds")) == (2, 2734L), report.ToString());
            Assert.True(zCheck.GetProperty("matches_bill").GetBoolean(), zCheck.ToString());
            Assert.True(zCheck.GetProperty("matches_notified").GetBoolean(), zCheck.ToString());
            Assert.Equal(0, report.GetProperty("mismatches").GetInt32());

            // The sandbox's own bill of the day, made from its ledger after the simulator quit.
            var sandbox = new WeChatSandbox(WeChatSandbox.DefaultMerchant(), () => 0) { BillDelay = TimeSpan.FromHours(-24), LedgerPath = LedgerFile };
            Assert.True(WeChatBill.TryParse(sandbox.BillText(day, WeChatSandbox.BillTypeAll, soFar: true), out WeChatBill bill, out _, out string problem), problem);
            Assert.Equal((3, 8234L), Sum(bill, BillRowKind.Payment));
            Assert.Equal((2, 2734L), Sum(bill, BillRowKind.Refund));
            Assert.Equal((0, 0L), Sum(bill, BillRowKind.Revoke)); // the cancelled sale was never paid: no money went back
            SandboxOrder cancelled = sandbox.Find(revoked);
            Assert.Equal("REVOKED", cancelled.State);
            Assert.True(cancelled.ReverseCalls >= 1, "revoked by the terminal's reverse");
            Assert.Equal(0, cancelled.NetCharged);
            Assert.Equal(8234 - 2734, sandbox.TotalNetCharged);
        }

        [Fact]
        public void Reconciliation_finds_a_payment_withheld_from_the_merchant_server()
        {
            DateOnly day = ChinaToday;
            string kept;
            string withheld;
            using (SimulatorProcess sim = SimulatorProcess.Start(data, BillToday))
            {
                kept = Sell(sim, "11", Code(ScenarioKind.PasswordFree));
                withheld = Sell(sim, "22", Code(ScenarioKind.PasswordFree));
                Drain(sim);
                JsonElement clean = FetchReconciliation(sim, day);
                Assert.DoesNotContain(clean.GetProperty("issues").EnumerateArray(), i => i.GetProperty("kind").GetString() == "payment_not_notified");
                sim.Send("quit");
                sim.WaitForExit(Long);
            }

            // The merchant server loses one delivered notification (its database edited).
            using (var db = new SqliteConnection("Data Source=" + Path.Combine(MerchantFolder, "merchant.db") + ";Pooling=False"))
            {
                db.Open();
                using SqliteCommand delete = db.CreateCommand();
                delete.CommandText = "DELETE FROM notifications WHERE out_trade_no = $o;";
                delete.Parameters.AddWithValue("$o", withheld);
                Assert.Equal(1, delete.ExecuteNonQuery());
            }

            JsonElement report;
            using (SimulatorProcess sim = SimulatorProcess.Start(data, BillToday))
            {
                report = FetchReconciliation(sim, day);
                sim.Send("quit");
                sim.WaitForExit(Long);
            }

            JsonElement issue = Assert.Single(report.GetProperty("issues").EnumerateArray(), i => i.GetProperty("kind").GetString() == "payment_not_notified");
            Assert.Equal(withheld, issue.GetProperty("out_trade_no").GetString());
            Assert.Equal("WeChat has this payment; no terminal notified it", issue.GetProperty("title").GetString());
            Assert.Equal(Rig.SandboxTerminalId, issue.GetProperty("terminal_id").GetString());
            Assert.Equal(2200, issue.GetProperty("wechat_amount").GetInt64());
            Assert.True(issue.GetProperty("mismatch").GetBoolean());
            Assert.DoesNotContain(report.GetProperty("issues").EnumerateArray(), i => i.GetProperty("out_trade_no").GetString() == kept);
        }

        private static (int, long) Tally(JsonElement t) => (t.GetProperty("count").GetInt32(), t.GetProperty("sum").GetInt64());

        private static (int, long) Sum(WeChatBill bill, BillRowKind kind)
        {
            var rows = bill.Rows.Where(r => r.Kind == kind).ToList();
            return (rows.Count, rows.Sum(r => r.Amount));
        }
    }
}
