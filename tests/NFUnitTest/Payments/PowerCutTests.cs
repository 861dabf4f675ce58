using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// A power cut at every storage operation of a sale (order-number reservation, intent, outbox
    /// commit, journal updates and deletes; LittleFS semantics and torn writes), and resets during
    /// the password wait; then boot recovery and background reconciliation. The invariant: a paid
    /// order is never lost nor reported as not charged, and nothing WeChat said was paid is reversed.
    /// </summary>
    [TestClass]
    public class PowerCutTests
    {
        /// <summary>Storage operations of one sale on a terminal in service (after a first sale).</summary>
        private static int CountOperations(int payAfterMs, int fault)
        {
            SaleRig rig = new SaleRig();
            rig.Pay(100);
            rig.WeChat.Customer(payAfterMs, 0);
            if (fault != 0)
            {
                rig.WeChat.Fault(Endpoints.MicropayPath, (WxFault)fault);
            }

            rig.Flash.ResetCounters();
            rig.Pay(1234);
            return rig.Flash.Operations;
        }

        [TestMethod]
        [DataRow(0, 0, false)]
        [DataRow(12000, 0, false)]
        [DataRow(-1, 0, false)]
        [DataRow(0, (int)WxFault.LostAnswer, false)]
        [DataRow(0, 0, true)]
        [DataRow(12000, 0, true)]
        [DataRow(-1, 0, true)]
        public void A_power_cut_at_every_storage_operation_of_a_sale_is_recovered(int payAfterMs, int fault, bool torn)
        {
            int operations = CountOperations(payAfterMs, fault);
            Assert.IsTrue(operations >= 2, "a sale writes its intent and removes it");
            for (int cut = 1; cut <= operations + 1; cut++)
            {
                string context = "customer " + payAfterMs.ToString() + ", fault " + fault.ToString() + ", cut at operation " + cut.ToString() + (torn ? " (torn)" : string.Empty) + ": ";
                SaleRig rig = new SaleRig();
                rig.Flash.Torn = torn ? TornWrite.Prefix : TornWrite.KeepPrevious;
                Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(100).Status);
                rig.WeChat.Customer(payAfterMs, 0);
                if (fault != 0)
                {
                    rig.WeChat.Fault(Endpoints.MicropayPath, (WxFault)fault);
                }

                rig.Flash.CutPowerAt(cut);
                bool cutHappened = rig.PayUntilCut(1234);
                Assert.IsTrue(cutHappened || cut == operations + 1, context + "the cut did not happen");
                rig.Clock.Advance(3000);
                rig.Boot();
                rig.Engine.Recover();
                Assert.IsTrue(rig.Settle(30), context + "still pending after reconciliation");
                string wrong = rig.Violation();
                Assert.IsNull(wrong, context + wrong);

                // The terminal sells on, with a new order number.
                rig.WeChat.Customer(0, 0);
                PaymentResult next = rig.Pay(200);
                Assert.AreEqual((int)SaleStatus.Paid, (int)next.Status, context + next.Detail);
                Assert.AreEqual(1, rig.WeChat.CallsTo(Endpoints.MicropayPath).Length - CountBefore(rig, next.OutTradeNo), context + "order number reused");
                wrong = rig.Violation();
                Assert.IsNull(wrong, context + "next sale: " + wrong);
            }
        }

        private static int CountBefore(SaleRig rig, string outTradeNo)
        {
            WxCall[] micropays = rig.WeChat.CallsTo(Endpoints.MicropayPath);
            int others = 0;
            for (int i = 0; i < micropays.Length; i++)
            {
                if (micropays[i].OutTradeNo != outTradeNo)
                {
                    others++;
                }
            }

            return others;
        }

        [TestMethod]
        public void A_reset_before_WeChat_answers_leaves_nothing_charged_and_nothing_pending()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.NotSent);
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.NotSent);
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.NotSent);
            PaymentResult result = rig.Pay(300);
            Assert.AreEqual((int)SaleStatus.NotSent, (int)result.Status);
            rig.Boot();
            rig.Engine.Recover();
            string wrong = rig.Violation();
            Assert.IsNull(wrong, wrong);
        }
    }
}
