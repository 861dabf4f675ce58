using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// Whole sales through <see cref="PaymentEngine"/> against a scripted WeChat answering with
    /// signed v2 XML, on virtual time: each outcome, WeChat's timing rules and the money invariant.
    /// </summary>
    [TestClass]
    public class SaleTests
    {
        private static void AssertMoney(SaleRig rig, PaymentResult result)
        {
            string wrong = rig.ResultViolation(result);
            Assert.IsNull(wrong, wrong);
            wrong = rig.Violation();
            Assert.IsNull(wrong, wrong);
        }

        [TestMethod]
        public void Password_free_sale_is_paid_and_notified()
        {
            SaleRig rig = new SaleRig();
            PaymentResult result = rig.Pay(1234);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            Assert.AreEqual(1234L, result.Payment.TotalFee);
            Assert.AreEqual(rig.WeChat.Find(result.OutTradeNo).TransactionId, result.Payment.TransactionId);
            Assert.AreEqual(1, rig.WeChat.Calls.Count, "one micropay, nothing else");
            Assert.AreEqual(1, rig.Outbox.Commits);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void Password_then_paid_is_queried_every_5_s()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(12000, 0);
            PaymentResult result = rig.Pay(8800);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            WxCall micropay = rig.WeChat.CallsTo(Endpoints.MicropayPath)[0];
            WxCall[] queries = rig.WeChat.CallsTo(Endpoints.OrderQueryPath);
            Assert.AreEqual(3, queries.Length);
            for (int i = 0; i < queries.Length; i++)
            {
                Assert.IsTrue(queries[i].AtMs - micropay.AtMs >= (i + 1) * 5000, "query " + i.ToString() + " too early");
            }

            Assert.AreEqual(0, rig.WeChat.Count(Endpoints.ReversePath));
            Assert.IsTrue(rig.Watcher.PasswordReports > 0, "the cashier saw the password wait");
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void Password_time_out_is_reversed_at_the_deadline()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(-1, 0);
            PaymentResult result = rig.Pay(500);
            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
            Assert.AreEqual("REVOKED", rig.WeChat.Find(result.OutTradeNo).State);
            WxCall micropay = rig.WeChat.CallsTo(Endpoints.MicropayPath)[0];
            WxCall[] reverses = rig.WeChat.CallsTo(Endpoints.ReversePath);
            Assert.AreEqual(1, reverses.Length);
            Assert.IsTrue(reverses[0].AtMs - micropay.AtMs >= rig.Config.DeadlineMs, "reversed before the deadline");
            WxCall[] queries = rig.WeChat.CallsTo(Endpoints.OrderQueryPath);
            Assert.IsTrue(queries[queries.Length - 1].AtMs - micropay.AtMs <= rig.Config.DeadlineMs + rig.WeChat.LatencyMs, "queried past the deadline");
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void Cashier_cancel_reverses_after_the_15_s_rule()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(-1, 0);
            rig.Watcher.CancelAt = 27;
            PaymentResult result = rig.Pay(700);
            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
            Assert.IsTrue(result.CashierCancelled);
            WxCall micropay = rig.WeChat.CallsTo(Endpoints.MicropayPath)[0];
            WxCall reverse = rig.WeChat.CallsTo(Endpoints.ReversePath)[0];
            long after = reverse.AtMs - micropay.AtMs;
            Assert.IsTrue(after >= PaymentConfig.MinReverseDelayMs && after < rig.Config.DeadlineMs, "reverse " + after.ToString() + " ms after the micropay");
            AssertMoney(rig, result);
        }

        [TestMethod]
        [DataRow((int)WxFault.LostAnswer)]
        [DataRow((int)WxFault.Unsigned)]
        [DataRow((int)WxFault.Garbage)]
        public void An_unknown_micropay_answer_is_queried_and_found_paid(int fault)
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Fault(Endpoints.MicropayPath, (WxFault)fault);
            PaymentResult result = rig.Pay(1500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.MicropayPath), "never re-sent while WeChat has the order");
            Assert.IsTrue(rig.WeChat.Count(Endpoints.OrderQueryPath) >= 1);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_micropay_that_never_arrived_is_re_submitted_with_the_same_order_number()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.LostRequest);
            PaymentResult result = rig.Pay(1500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            WxCall[] micropays = rig.WeChat.CallsTo(Endpoints.MicropayPath);
            Assert.AreEqual(2, micropays.Length);
            Assert.AreEqual(micropays[0].OutTradeNo, micropays[1].OutTradeNo);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void Reverse_answering_recall_Y_is_called_again()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(-1, 3);
            PaymentResult result = rig.Pay(900);
            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
            Assert.AreEqual(4, rig.WeChat.Count(Endpoints.ReversePath));
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_paid_notification_the_outbox_cannot_take_yet_is_handed_over_later()
        {
            SaleRig rig = new SaleRig();
            rig.Outbox.Full = true;
            PaymentResult result = rig.Pay(1234);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status);
            Assert.IsTrue(result.NotificationPending);
            Assert.AreEqual(1, rig.Engine.PendingCount);
            rig.Outbox.Full = false;
            Assert.IsTrue(rig.Settle(2));
            AssertMoney(rig, result);
        }
    }
}
