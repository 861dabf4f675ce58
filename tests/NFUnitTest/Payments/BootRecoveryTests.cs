using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// Orders a reset left unfinished are settled at boot by WeChat's rules: the customer who
    /// paid is found and notified, the one who did not is reversed (not within 15 s of the
    /// micropay, not before the deadline), and nothing WeChat said is taken for more than it proves.
    /// </summary>
    [TestClass]
    public class BootRecoveryTests
    {
        [TestMethod]
        [DataRow(8000, "SUCCESS")]
        [DataRow(-1, "REVOKED")]
        public void A_reset_during_the_password_wait_is_settled_at_boot(int payAfterMs, string finalState)
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(payAfterMs, 0);
            rig.Watcher.ResetAt = 28;
            Assert.IsTrue(rig.PayUntilCut(4200), "the reset happened during the wait");
            rig.Clock.Advance(2000);
            rig.Boot();
            Assert.AreEqual(0, rig.Engine.PendingCount, "nothing known before recovery");
            rig.Engine.Recover();
            Assert.AreEqual(0, rig.Engine.PendingCount, "settled at boot");
            FakeOrder order = rig.WeChat.Orders()[0];
            Assert.AreEqual(finalState, order.State);
            WxCall micropay = rig.WeChat.CallsTo(Endpoints.MicropayPath)[0];
            WxCall[] reverses = rig.WeChat.CallsTo(Endpoints.ReversePath);
            for (int i = 0; i < reverses.Length; i++)
            {
                Assert.IsTrue(reverses[i].AtMs - micropay.AtMs >= PaymentConfig.MinReverseDelayMs, "reverse within 15 s of the micropay");
            }

            string wrong = rig.Violation();
            Assert.IsNull(wrong, wrong);
        }

        [TestMethod]
        public void A_transient_ORDERNOTEXIST_at_boot_is_no_proof()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(8000, 0);
            rig.Watcher.ResetAt = 28;
            Assert.IsTrue(rig.PayUntilCut(4200));
            rig.Clock.Advance(1000);
            rig.Boot();
            rig.WeChat.Answer(Endpoints.OrderQueryPath, rig.WeChat.Failure("ORDERNOTEXIST"));
            rig.Engine.Recover();
            Assert.IsTrue(rig.Settle(5));
            Assert.AreEqual("SUCCESS", rig.WeChat.Orders()[0].State, "the customer who paid is charged and notified");
            string wrong = rig.Violation();
            Assert.IsNull(wrong, wrong);
        }

    }
}
