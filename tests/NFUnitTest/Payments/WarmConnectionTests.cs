using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// One round trip from scan to answer (issue 12): the engine opens the micropay's TLS
    /// connection while the cashier keys the amount (<see cref="PaymentEngine.WarmConnection"/>),
    /// over the production gateway and HTTP client against <see cref="WireWeChat"/>, whose
    /// connections take 2 s of virtual time to open. A connection idle past the bound or closed by
    /// the server is never used for the micropay; there is never more than one open connection.
    /// </summary>
    [TestClass]
    public class WarmConnectionTests
    {
        private const int HandshakeMs = 2000;

        private static WireRig Rig()
        {
            WireRig rig = new WireRig();
            rig.WeChat.FirstOpenMs = HandshakeMs;
            rig.WeChat.OpenMs = HandshakeMs;
            rig.WeChat.AnswerMs = 150;
            rig.WeChat.PaidAfterMs = 0;
            return rig;
        }

        private static long TimedPay(WireRig rig, out PaymentResult result)
        {
            long scan = rig.Clock.MonotonicMs;
            result = rig.Pay(1234);
            return rig.Clock.MonotonicMs - scan;
        }

        [TestMethod]
        public void A_warmed_connection_makes_the_scan_one_round_trip()
        {
            WireRig rig = Rig();
            rig.Engine.WarmConnection(); // the cashier typed the first digit
            Assert.AreEqual(1, rig.WeChat.Opens);
            rig.Clock.Advance(3000); // keying, confirming, the customer shows the code
            rig.Engine.WarmConnection(); // confirmed: still fresh, kept
            Assert.AreEqual(1, rig.WeChat.Opens, "a fresh connection is kept, not doubled");

            PaymentResult result;
            long elapsed = TimedPay(rig, out result);

            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            Assert.AreEqual(1, rig.WeChat.Opens, "the micropay went out on the warm connection");
            Assert.AreEqual(1, rig.WeChat.Calls.Count, "one micropay, nothing else");
            OutputHelper.WriteLine("scan to Paid on a warm connection: " + elapsed.ToString() + " ms (handshake " + HandshakeMs.ToString() + " ms, answer " + rig.WeChat.AnswerMs.ToString() + " ms)");
            Assert.IsTrue(elapsed < HandshakeMs, "scan to Paid took " + elapsed.ToString() + " ms: the handshake was on the scan's path");
        }

        [TestMethod]
        public void Without_warming_the_scan_waits_for_the_handshake()
        {
            WireRig rig = Rig();
            rig.Config.WarmConnection = false;
            rig.Engine.WarmConnection();
            Assert.AreEqual(0, rig.WeChat.Opens, "switched off: nothing opened");

            PaymentResult result;
            long elapsed = TimedPay(rig, out result);

            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            OutputHelper.WriteLine("scan to Paid on a cold connection: " + elapsed.ToString() + " ms");
            Assert.IsTrue(elapsed >= HandshakeMs, "the cold sale includes the handshake");
        }

        [TestMethod]
        public void A_warm_connection_idle_past_the_bound_is_replaced_before_the_micropay()
        {
            WireRig rig = Rig();
            rig.Engine.WarmConnection();
            rig.Clock.Advance(rig.Config.KeepAliveIdleMs + 1);

            PaymentResult result;
            TimedPay(rig, out result);

            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            Assert.AreEqual(2, rig.WeChat.Opens, "the idle connection was replaced");
            Assert.AreEqual(1, rig.WeChat.Calls.Count, "one micropay, no query detour");
        }

        [TestMethod]
        public void A_warm_connection_the_server_closed_is_never_used_for_the_micropay()
        {
            WireRig rig = Rig();
            rig.WeChat.IdleCloseMs = 3000; // the server's keep-alive is shorter than the terminal's bound
            rig.Engine.WarmConnection();
            rig.Clock.Advance(5000);

            PaymentResult result;
            long elapsed = TimedPay(rig, out result);

            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            Assert.AreEqual(0, rig.WeChat.LostOnClosed, "no request was written to the closed connection");
            Assert.AreEqual(2, rig.WeChat.Opens);
            Assert.AreEqual(1, rig.WeChat.Calls.Count, "one micropay, no query detour");
            Assert.IsTrue(elapsed < rig.Config.PollIntervalMs, "no 5 s query detour: " + elapsed.ToString() + " ms");
        }

        [TestMethod]
        public void Warming_again_on_a_warm_connection_opens_nothing_and_a_failure_changes_nothing()
        {
            WireRig rig = Rig();
            for (int i = 0; i < 5; i++)
            {
                rig.Engine.WarmConnection();
                rig.Clock.Advance(500);
            }

            Assert.AreEqual(1, rig.WeChat.Opens, "one connection per host");
            Assert.AreEqual(0, rig.WeChat.Calls.Count, "warming sends nothing");

            WireRig down = Rig();
            down.WeChat.SetMode(down.Gateway.Failover.Current, WireWeChat.Refuses);
            down.Engine.WarmConnection(); // never throws
            Assert.AreEqual(0, down.WeChat.Calls.Count);
        }
    }
}
