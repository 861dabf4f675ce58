using System;
using System.IO;
using System.Linq;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// The sandbox's ledger on disk (version 2, docs/sandbox.md): a restart of the program hosting
    /// the sandbox — the simulator after a power cut — keeps WeChat's side of refunds and bills:
    /// a refund still PROCESSING settles at its time, the same out_refund_no refunds once, refund
    /// numbers are not reused, and a bill made after the restart is the bill made before it.
    /// Each sandbox here has its own virtual clock, started anew, as a restarted process's is.
    /// </summary>
    public sealed class LedgerTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "sandbox-ledger-" + Guid.NewGuid().ToString("N"));
        private long unique = 9000;

        private string LedgerFile => Path.Combine(folder, "ledger.json");

        public void Dispose()
        {
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
        }

        private sealed class Host
        {
            public long Clock;
            public WeChatSandbox Sandbox = null!; // set right after construction (the sandbox's clock reads this host)
            public StoreOpsClient Wx = null!;
        }

        // A sandbox process: its clock starts at `start` (a restarted process's stopwatch starts anew).
        private Host Start(long start)
        {
            var host = new Host { Clock = start };
            host.Sandbox = new WeChatSandbox(WeChatSandbox.DefaultMerchant(), () => host.Clock) { LedgerPath = LedgerFile };
            host.Wx = new StoreOpsClient(host.Sandbox);
            return host;
        }

        private string Code() => Scenario.Code(ScenarioKind.PasswordFree, 0, ++unique);

        [Fact]
        public void A_refund_processing_at_the_restart_settles_at_its_time_and_its_number_refunds_once()
        {
            Host first = Start(1_000);
            string order = first.Wx.Pay(Code(), 1000, "T1LEDGER000001");
            first.Sandbox.ScriptRefund(order, RefundScenarioKind.Normal, 30); // PROCESSING for 30 s
            WxParams accepted = first.Wx.Refund(order, "RF-L1", 1000, 400);
            StoreOpsClient.AssertSuccess(accepted);
            Assert.Equal("PROCESSING", first.Wx.RefundQuery("out_refund_no", "RF-L1").Get("refund_status_0"));

            Host second = Start(500_000); // another clock: only wall-clock times carry over
            WxParams query = second.Wx.RefundQuery("out_refund_no", "RF-L1");
            StoreOpsClient.AssertSuccess(query);
            Assert.Equal(accepted.Get("refund_id"), query.Get("refund_id_0"));
            Assert.Equal("PROCESSING", query.Get("refund_status_0"));
            Assert.Equal(600, second.Sandbox.Find(order)?.Refundable); // 400 under way is not refundable again

            // The same request again (a terminal that never saw the answer) is the same refund.
            WxParams again = second.Wx.Refund(order, "RF-L1", 1000, 400);
            StoreOpsClient.AssertSuccess(again);
            Assert.Equal(accepted.Get("refund_id"), again.Get("refund_id"));
            Assert.Single(second.Sandbox.Refunds);

            second.Clock += 31_000;
            WxParams settled = second.Wx.RefundQuery("out_refund_no", "RF-L1");
            Assert.Equal("SUCCESS", settled.Get("refund_status_0"));
            Assert.Equal(600, second.Sandbox.NetCharged(order));

            // The one-minute spacing counts from the acceptance before the restart (31 s ago: too soon) ...
            StoreOpsClient.AssertError(second.Wx.Refund(order, "RF-L2", 1000, 600), "FREQUENCY_LIMITED");
            second.Clock += 30_000;
            WxParams rest = second.Wx.Refund(order, "RF-L2", 1000, 600);
            StoreOpsClient.AssertSuccess(rest);
            Assert.NotEqual(accepted.Get("refund_id"), rest.Get("refund_id")); // ... and refund numbers are not reused
            Assert.Equal(0, second.Sandbox.Find(order)?.Refundable); // the scripted 30 s of PROCESSING survived the restart too
            StoreOpsClient.AssertError(second.Wx.Refund(order, "RF-L3", 1000, 1), "INVALID_REQUEST"); // nothing left
        }

        [Fact]
        public void A_refund_whose_processing_time_passed_while_the_sandbox_was_down_is_settled_at_load()
        {
            Host first = Start(1_000);
            string order = first.Wx.Pay(Code(), 800, "T1LEDGER000002");
            first.Sandbox.ScriptRefund(order, RefundScenarioKind.Closes, 0); // settles at once to REFUNDCLOSE ...
            first.Sandbox.RefundProcessingMs = 0;
            StoreOpsClient.AssertSuccess(first.Wx.Refund(order, "RF-C1", 800, 800));

            SandboxRefund refund = Assert.Single(WeChatSandbox.ReadLedgerRefunds(LedgerFile));
            Assert.Equal("REFUNDCLOSE", refund.State);
            Assert.Equal("REFUNDCLOSE", refund.FinalState);
            SandboxOrder read = Assert.Single(WeChatSandbox.ReadLedger(LedgerFile));
            Assert.Equal(800, read.Refundable); // ... and the money stays with the merchant, after the restart too
            Assert.Equal(0, read.RefundPending);
        }

        [Fact]
        public void The_bill_and_the_payment_times_after_a_restart_are_those_before_it()
        {
            Host first = Start(1_000);
            string paid = first.Wx.Pay(Code(), 1234, "T1LEDGER000003");
            first.Clock += 2_000;
            string refunded = first.Wx.Pay(Code(), 5000, "T1LEDGER000004");
            first.Clock += 2_000;
            StoreOpsClient.AssertSuccess(first.Wx.Refund(refunded, "RF-B1", 5000, 1500));
            first.Clock += 2_000;
            string revoked = first.Wx.Pay(Code(), 700, "T1LEDGER000005");
            first.Clock += 1_000;
            StoreOpsClient.AssertSuccess(first.Wx.Reverse(revoked));
            DateOnly today = first.Sandbox.ChinaToday;
            string? billBefore = first.Sandbox.BillText(today, WeChatSandbox.BillTypeAll, soFar: true);
            string timeEnd = first.Wx.OrderQuery(paid).Get("time_end");
            Assert.Contains("`REVOKED,", billBefore);
            Assert.Contains("`REFUND,", billBefore);

            Host second = Start(77);
            second.Clock += 10_000; // restarted 10 s later (the first clock ran 7 s ahead of the wall clock)
            Assert.Equal(today, second.Sandbox.ChinaToday);
            Assert.Equal(billBefore, second.Sandbox.BillText(today, WeChatSandbox.BillTypeAll, soFar: true));
            Assert.Equal(timeEnd, second.Wx.OrderQuery(paid).Get("time_end"));
            Assert.Equal("REFUND", second.Wx.OrderQuery(refunded).Get("trade_state"));
            Assert.Equal("REVOKED", second.Wx.OrderQuery(revoked).Get("trade_state"));
            Assert.Equal(1234 + 3500, second.Sandbox.TotalNetCharged);
        }

        [Fact]
        public void A_version_1_ledger_loads_and_is_saved_as_version_2()
        {
            Directory.CreateDirectory(folder);
            long savedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5_000;
            File.WriteAllText(LedgerFile, "{ \"Version\": 1, \"SavedAtUnixMs\": " + savedAt + ", \"Transactions\": 3, " +
                "\"UsedCodes\": [\"130000000000000001\"], \"AttemptsByCode\": { \"130000000000000001\": 1 }, \"Orders\": [ { " +
                "\"OutTradeNo\": \"T1OLD000000001\", \"AuthCode\": \"130000000000000001\", \"TotalFee\": 900, \"FeeType\": \"CNY\", \"AgeMs\": 60000, " +
                "\"Scenario\": 0, \"ScenarioN\": 0, \"TransactionId\": \"4200000000000000000000000003\", \"State\": \"SUCCESS\", \"Charged\": 900, " +
                "\"Refunded\": 0, \"RecallsLeft\": 0, \"ReverseCalls\": 0, \"QueryCalls\": 1 } ] }");

            Host host = Start(10_000);
            SandboxOrder? order = host.Sandbox.Find("T1OLD000000001");
            Assert.NotNull(order);
            Assert.Equal(900, order.NetCharged);
            long age = host.Clock - order.PaidAtMs; // paid at its creation: 60 s before a save 5 s ago
            Assert.InRange(age, 65_000, 70_000);

            StoreOpsClient.AssertSuccess(host.Wx.Refund("T1OLD000000001", "RF-V1", 900, 300));
            Assert.Contains("\"Version\": 2", File.ReadAllText(LedgerFile));
            Assert.Single(WeChatSandbox.ReadLedgerRefunds(LedgerFile));
            string next = host.Wx.Pay(Code(), 100, "T1NEW000000001");
            Assert.Equal("4200000000000000000000000004", host.Sandbox.Find(next)?.TransactionId); // the v1 counter carried over
        }

        [Fact]
        public void A_ledger_of_an_unknown_version_is_refused()
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(LedgerFile, "{ \"Version\": 3 }");
            Assert.Throws<InvalidDataException>(() => Start(0));
        }
    }
}
