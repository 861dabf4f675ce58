using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// Domain failover over the production gateway, measured on the virtual clock: how long the
    /// first sale of a primary outage takes to succeed on the backup, for a primary that refuses
    /// connections, one that black-holes them and one whose name does not resolve; and that a
    /// micropay whose outcome is unknown is never sent to the other domain as a new order.
    /// </summary>
    [TestClass]
    public class WireFailoverTests
    {
        private static long FirstSaleOnBackup(int mode, int dnsFailMs, string what)
        {
            WireRig rig = new WireRig();
            rig.WeChat.PaidAfterMs = 0;
            rig.WeChat.DnsFailMs = dnsFailMs;
            rig.WeChat.SetMode(Endpoints.MainlandHost, mode);
            long start = rig.Clock.MonotonicMs;
            PaymentResult first = rig.Pay(1234);
            long elapsed = rig.Clock.MonotonicMs - start;
            OutputHelper.WriteLine(what + ": first sale ended after " + elapsed + " ms (connect time-out " + rig.Config.ConnectTimeoutMs + " ms, retry pause " + rig.Config.RetryPauseMs + " ms)");
            Assert.AreEqual((int)SaleStatus.Paid, (int)first.Status, what + ": " + first.Detail);
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.MicropayPath, Endpoints.MainlandBackupHost));
            Assert.AreEqual(1234, rig.WeChat.Charged(first.OutTradeNo));

            // The next sale goes straight to the backup.
            long second = rig.Clock.MonotonicMs;
            PaymentResult next = rig.Pay(800);
            Assert.AreEqual((int)SaleStatus.Paid, (int)next.Status, what + " (second sale): " + next.Detail);
            OutputHelper.WriteLine(what + ": second sale after " + (rig.Clock.MonotonicMs - second) + " ms");
            Assert.IsTrue(rig.Clock.MonotonicMs - second <= 1000, what + ": the second sale still tried the primary");
            return elapsed;
        }

        [TestMethod]
        public void A_primary_that_refuses_connections_is_left_at_once()
        {
            WireRig rig = new WireRig();
            long elapsed = FirstSaleOnBackup(WireWeChat.Refuses, 0, "refused primary");
            Assert.IsTrue(elapsed <= rig.Config.RetryPauseMs + 1000, "refused: " + elapsed + " ms");
        }

        [TestMethod]
        public void A_black_holed_primary_costs_one_connect_time_out()
        {
            WireRig rig = new WireRig();
            long elapsed = FirstSaleOnBackup(WireWeChat.BlackHoles, 0, "black-holed primary");
            Assert.IsTrue(elapsed <= rig.Config.ConnectTimeoutMs + rig.Config.RetryPauseMs + 1000, "black-holed: " + elapsed + " ms");
        }

        [TestMethod]
        public void A_primary_whose_name_does_not_resolve_is_left_at_once()
        {
            WireRig rig = new WireRig();
            long elapsed = FirstSaleOnBackup(WireWeChat.NoDns, 2000, "DNS-failing primary");
            Assert.IsTrue(elapsed <= 2000 + rig.Config.RetryPauseMs + 1000, "DNS failure: " + elapsed + " ms");
        }

        [TestMethod]
        public void After_three_minutes_the_primary_is_tried_again_and_left_again_if_still_down()
        {
            WireRig rig = new WireRig();
            rig.WeChat.PaidAfterMs = 0;
            rig.WeChat.SetMode(Endpoints.MainlandHost, WireWeChat.Refuses);
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(100).Status);
            rig.Clock.Advance(DomainFailover.ReturnToPrimaryMs);
            Assert.AreEqual(Endpoints.MainlandHost, rig.Gateway.Failover.Current);
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(200).Status);
            Assert.AreEqual(2, rig.WeChat.Count(Endpoints.MicropayPath, Endpoints.MainlandBackupHost));

            rig.WeChat.SetMode(Endpoints.MainlandHost, WireWeChat.Serves);
            rig.Clock.Advance(DomainFailover.ReturnToPrimaryMs);
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(300).Status);
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.MicropayPath, Endpoints.MainlandHost), "back on the primary once it serves");
        }

        [TestMethod]
        public void An_unknown_micropay_is_never_sent_to_the_other_domain()
        {
            // The micropay is lost on its way (never processed), then the primary black-holes:
            // queries move to the backup, which says ORDERNOTEXIST; the documented retry (same
            // out_trade_no, same code) may only go where the original went.
            WireRig rig = new WireRig();
            rig.WeChat.PaidAfterMs = 0;
            rig.WeChat.FaultPath = Endpoints.MicropayPath;
            rig.WeChat.DropBeforeProcessing = 1;
            rig.WeChat.SwitchAfterCalls = 1;
            rig.WeChat.SwitchHost = Endpoints.MainlandHost;
            rig.WeChat.SwitchMode = WireWeChat.BlackHoles;
            PaymentResult result = rig.Pay(1234);

            Assert.AreEqual(0, rig.WeChat.Count(Endpoints.MicropayPath, Endpoints.MainlandBackupHost), "never re-ordered on the backup");
            Assert.IsTrue(rig.WeChat.Count(Endpoints.OrderQueryPath, Endpoints.MainlandBackupHost) > 0, "queried on the backup");
            Assert.AreEqual(0, rig.WeChat.Charged(result.OutTradeNo));
            Assert.IsTrue(result.Status == SaleStatus.Cancelled || result.Status == SaleStatus.Unresolved, "status " + result.Detail);
        }
    }
}
