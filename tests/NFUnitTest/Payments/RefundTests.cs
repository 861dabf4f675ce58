using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// Refunds through <see cref="PaymentEngine.Refund"/> against the scripted WeChat: every kind
    /// of answer to the refund call and the refund query, each answer bound to its out_refund_no,
    /// the sum refunded (including refunds in flight) never above the sale, and a power cut at
    /// every storage operation of a refund followed by boot recovery. The invariant: WeChat's
    /// successful refunds of an order are exactly the refund notifications the outbox holds, and
    /// nothing is pending once settled.
    /// </summary>
    [TestClass]
    public class RefundTests
    {
        private static string Sale(SaleRig rig, long fee)
        {
            PaymentResult paid = rig.Pay(fee);
            Assert.AreEqual((int)SaleStatus.Paid, (int)paid.Status, paid.Detail);
            return paid.OutTradeNo;
        }

        /// <summary>Null when WeChat's successful refunds of every order are exactly the outbox's refund notifications and within the sale.</summary>
        private static string RefundViolation(SaleRig rig)
        {
            FakeOrder[] orders = rig.WeChat.Orders();
            FakeRefund[] refunds = rig.WeChat.Refunds();
            for (int i = 0; i < orders.Length; i++)
            {
                long succeeded = 0;
                for (int k = 0; k < refunds.Length; k++)
                {
                    if (refunds[k].OutTradeNo == orders[i].OutTradeNo && refunds[k].Status == "SUCCESS")
                    {
                        succeeded += refunds[k].Fee;
                    }
                }

                long notified = FlashOutbox.RefundedOf(rig.Flash, orders[i].OutTradeNo);
                if (succeeded != notified)
                {
                    return orders[i].OutTradeNo + ": WeChat refunded " + succeeded.ToString() + " but the outbox holds refunds of " + notified.ToString();
                }

                if (orders[i].RefundTotal > orders[i].TotalFee)
                {
                    return orders[i].OutTradeNo + ": refunds of " + orders[i].RefundTotal.ToString() + " exceed the sale of " + orders[i].TotalFee.ToString();
                }
            }

            return null;
        }

        private static bool SettleRefunds(SaleRig rig, int passes)
        {
            for (int i = 0; i < passes && rig.Engine.RefundPendingCount > 0; i++)
            {
                rig.Clock.Advance(61000);
                rig.Engine.Reconcile();
            }

            return rig.Engine.RefundPendingCount == 0;
        }

        private static void AssertSettled(SaleRig rig, string context)
        {
            Assert.IsTrue(SettleRefunds(rig, 10), context + "refunds still pending");
            string wrong = RefundViolation(rig);
            Assert.IsNull(wrong, context + wrong);
        }

        [TestMethod]
        public void A_full_refund_is_refunded_and_notified_once()
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            RefundResult result = rig.Engine.Refund(order, 1000);
            Assert.AreEqual((int)RefundRejection.None, (int)result.Rejection, result.Detail);
            Assert.AreEqual((int)RefundState.Notified, (int)result.Refund.State, result.Detail);
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.RefundPath));
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.RefundQueryPath));
            Assert.AreEqual(1, rig.Outbox.RefundCommits);
            Assert.AreEqual("T1R", result.Refund.OutRefundNo.Substring(0, 3));
            Assert.AreEqual(1795233900L, result.Refund.RefundedUnix, "refunded_at from WeChat's refund_success_time (China time)");
            AssertSettled(rig, string.Empty);
        }

        [TestMethod]
        public void Two_partial_refunds_add_up_to_the_sale_and_a_third_is_refused_before_anything_is_sent()
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            Assert.AreEqual((int)RefundState.Notified, (int)rig.Engine.Refund(order, 300).Refund.State);
            rig.Clock.Advance(61000);
            Assert.AreEqual((int)RefundState.Notified, (int)rig.Engine.Refund(order, 700).Refund.State);
            int calls = rig.WeChat.Calls.Count;
            RefundResult over = rig.Engine.Refund(order, 1);
            Assert.AreEqual((int)RefundRejection.ExceedsSale, (int)over.Rejection);
            Assert.AreEqual(calls, rig.WeChat.Calls.Count, "nothing sent");
            Assert.AreEqual(2, rig.Engine.Refunds().Length);
            AssertSettled(rig, string.Empty);
        }

        [TestMethod]
        public void A_refund_in_flight_counts_against_the_sale_across_a_reboot()
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            rig.WeChat.Fault(Endpoints.RefundPath, WxFault.LostAnswer);
            rig.WeChat.Fault(Endpoints.RefundQueryPath, WxFault.LostAnswer);
            RefundResult first = rig.Engine.Refund(order, 400);
            Assert.AreEqual((int)RefundState.Intent, (int)first.Refund.State, "no answer: in flight, never refunded nor failed");
            rig.Boot();
            rig.Clock.Advance(61000);
            RefundResult over = rig.Engine.Refund(order, 700);
            Assert.AreEqual((int)RefundRejection.ExceedsSale, (int)over.Rejection, "400 in flight + 700 > 1000");
            RefundResult second = rig.Engine.Refund(order, 600);
            Assert.AreEqual((int)RefundState.Notified, (int)second.Refund.State, second.Detail);
            rig.Engine.Recover();
            AssertSettled(rig, string.Empty);
            Assert.AreEqual(1000L, rig.WeChat.Find(order).RefundTotal);
            Assert.AreEqual(1000L, FlashOutbox.RefundedOf(rig.Flash, order));
            Assert.AreEqual(1, rig.WeChat.FindRefund(first.Refund.OutRefundNo).Requests, "WeChat had it: not sent again");
        }

        [TestMethod]
        [DataRow("TRADE_OVERDUE", (int)RefundState.Failed)]
        [DataRow("USER_ACCOUNT_ABNORMAL", (int)RefundState.Failed)]
        [DataRow("INVALID_REQUEST", (int)RefundState.Failed)]
        [DataRow("REFUND_FEE_MISMATCH", (int)RefundState.Failed)]
        [DataRow("SIGNERROR", (int)RefundState.Failed)]
        [DataRow("SYSTEMERROR", (int)RefundState.Intent)]
        [DataRow("BIZERR_NEED_RETRY", (int)RefundState.Intent)]
        [DataRow("SOMETHING_NEW", (int)RefundState.Intent)]
        [DataRow("FREQUENCY_LIMITED", (int)RefundState.Intent)]
        [DataRow("NOTENOUGH", (int)RefundState.Intent)]
        public void Each_refund_error_code_is_read_by_the_table(string errCode, int expected)
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            rig.WeChat.Answer(Endpoints.RefundPath, rig.WeChat.Failure(errCode));
            RefundResult result = rig.Engine.Refund(order, 500);
            Assert.AreEqual(expected, (int)result.Refund.State, errCode + ": " + result.Detail);
            if (expected == (int)RefundState.Failed)
            {
                Assert.AreEqual(0, rig.WeChat.Count(Endpoints.RefundQueryPath), "a definite refusal needs no query");
                RefundResult whole = rig.Engine.Refund(order, 1000);
                Assert.AreEqual((int)RefundState.Notified, (int)whole.Refund.State, "a refused refund does not count against the sale");
            }
            else
            {
                Assert.AreEqual((int)RefundRejection.ExceedsSale, (int)rig.Engine.Refund(order, 501).Rejection, "an unknown refund counts");
            }

            AssertSettled(rig, errCode + ": ");
            Assert.IsTrue(rig.WeChat.Find(order).RefundTotal <= 1000L);
        }

        [TestMethod]
        [DataRow((int)WxFault.LostAnswer)]
        [DataRow((int)WxFault.LostRequest)]
        [DataRow((int)WxFault.NotSent)]
        [DataRow((int)WxFault.Garbage)]
        [DataRow((int)WxFault.Unsigned)]
        [DataRow((int)WxFault.ReturnFailAfterProcessing)]
        [DataRow((int)WxFault.ReturnFailRefused)]
        [DataRow((int)WxFault.ReturnFailRateLimited)]
        public void A_refund_without_a_trusted_answer_stays_in_flight_until_WeChat_says(int fault)
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            rig.WeChat.Fault(Endpoints.RefundPath, (WxFault)fault);
            rig.WeChat.Fault(Endpoints.RefundQueryPath, WxFault.LostAnswer);
            RefundResult result = rig.Engine.Refund(order, 250);
            Assert.AreEqual((int)RefundState.Intent, (int)result.Refund.State, "fault " + fault.ToString() + ": " + result.Detail);
            AssertSettled(rig, "fault " + fault.ToString() + ": ");
            Assert.AreEqual(250L, FlashOutbox.RefundedOf(rig.Flash, order), "refunded exactly once");
            FakeRefund refund = rig.WeChat.FindRefund(result.Refund.OutRefundNo);
            Assert.IsNotNull(refund);
            Assert.AreEqual(250L, refund.Fee);
        }

        [TestMethod]
        public void An_answer_about_another_refund_decides_nothing()
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            WxParams other = rig.WeChat.Reply("SUCCESS");
            other.Set("out_trade_no", order);
            other.Set("out_refund_no", "T1R999999999999");
            other.Set("refund_fee", "100");
            other.Set("total_fee", "1000");
            rig.WeChat.AnswerAfterProcessing(Endpoints.RefundPath, other);
            WxParams otherQuery = rig.WeChat.Reply("SUCCESS");
            otherQuery.Set("out_trade_no", order);
            otherQuery.Set("total_fee", "1000");
            otherQuery.Set("refund_count", "1");
            otherQuery.Set("out_refund_no_0", "T1R999999999999");
            otherQuery.Set("refund_fee_0", "100");
            otherQuery.Set("refund_status_0", "SUCCESS");
            rig.WeChat.Answer(Endpoints.RefundQueryPath, otherQuery);
            RefundResult result = rig.Engine.Refund(order, 100);
            Assert.AreEqual((int)RefundState.Intent, (int)result.Refund.State, result.Detail);
            Assert.AreEqual(0, rig.Outbox.RefundCommits, "never 'refunded' on an answer about another refund");
            AssertSettled(rig, string.Empty);
            Assert.AreEqual(100L, FlashOutbox.RefundedOf(rig.Flash, order));
        }

        [TestMethod]
        public void A_different_amount_under_our_refund_number_is_not_refunded()
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            rig.WeChat.Fault(Endpoints.RefundQueryPath, WxFault.LostAnswer);
            RefundResult result = rig.Engine.Refund(order, 100);
            WxParams odd = rig.WeChat.Reply("SUCCESS");
            odd.Set("out_trade_no", order);
            odd.Set("total_fee", "1000");
            odd.Set("refund_count", "1");
            odd.Set("out_refund_no_0", result.Refund.OutRefundNo);
            odd.Set("refund_fee_0", "900");
            odd.Set("refund_status_0", "SUCCESS");
            rig.WeChat.Answer(Endpoints.RefundQueryPath, odd);
            rig.Clock.Advance(61000);
            rig.Engine.Reconcile();
            Assert.AreEqual(0, rig.Outbox.RefundCommits);
            AssertSettled(rig, string.Empty);
        }

        [TestMethod]
        [DataRow("SUCCESS", (int)RefundState.Notified, 600)]
        [DataRow("REFUNDCLOSE", (int)RefundState.Closed, 0)]
        [DataRow("CHANGE", (int)RefundState.Abnormal, 600)]
        public void Processing_is_queried_until_final(string final, int expected, int counted)
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            rig.WeChat.RefundProcessingQueries = 2;
            rig.WeChat.RefundFinalStatus = final;
            RefundResult result = rig.Engine.Refund(order, 600);
            Assert.AreEqual((int)RefundState.Accepted, (int)result.Refund.State, result.Detail);
            rig.Engine.Reconcile();
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.RefundQueryPath), "not queried again within the minute");
            AssertSettled(rig, final + ": ");
            Assert.AreEqual(expected, (int)rig.Engine.Refunds()[0].State);
            rig.Clock.Advance(61000);
            RefundResult over = rig.Engine.Refund(order, 1000 - counted + 1);
            Assert.AreEqual((int)RefundRejection.ExceedsSale, (int)over.Rejection, final + " counts " + counted.ToString());
            RefundResult rest = rig.Engine.Refund(order, 1000 - counted);
            Assert.AreEqual((int)RefundRejection.None, (int)rest.Rejection, final + ": the rest " + rest.Detail);
        }

        [TestMethod]
        public void Refunds_of_unpaid_or_unknown_sales_are_refused_without_a_refund_call()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(-1, 0);
            PaymentResult unpaid = rig.Pay(500);
            Assert.AreEqual((int)RefundRejection.NotPaid, (int)rig.Engine.Refund(unpaid.OutTradeNo, 100).Rejection);
            Assert.AreEqual((int)RefundRejection.UnknownSale, (int)rig.Engine.Refund("T1000000009999", 100).Rejection);
            Assert.AreEqual((int)RefundRejection.BadAmount, (int)rig.Engine.Refund(unpaid.OutTradeNo, 0).Rejection);
            rig.WeChat.Customer(0, 0);
            string order = Sale(rig, 800);
            rig.WeChat.Fault(Endpoints.OrderQueryPath, WxFault.LostAnswer);
            Assert.AreEqual((int)RefundRejection.NoAnswer, (int)rig.Engine.Refund(order, 100).Rejection);
            Assert.AreEqual(0, rig.WeChat.Count(Endpoints.RefundPath));
            Assert.AreEqual(0, rig.Engine.Refunds().Length);
        }

        /// <summary>Storage operations of one refund of a sale (with the order's refund file created).</summary>
        private static int CountOperations(int fault)
        {
            SaleRig rig = new SaleRig();
            string order = Sale(rig, 1000);
            if (fault != 0)
            {
                rig.WeChat.Fault(Endpoints.RefundPath, (WxFault)fault);
            }

            rig.Flash.ResetCounters();
            rig.Engine.Refund(order, 400);
            return rig.Flash.Operations;
        }

        [TestMethod]
        [DataRow(0, false)]
        [DataRow((int)WxFault.LostAnswer, false)]
        [DataRow(0, true)]
        [DataRow((int)WxFault.LostAnswer, true)]
        public void A_power_cut_at_every_storage_operation_of_a_refund_is_recovered(int fault, bool torn)
        {
            int operations = CountOperations(fault);
            Assert.IsTrue(operations >= 3, "a refund commits its intent, its success and its notification");
            for (int cut = 1; cut <= operations + 1; cut++)
            {
                string context = "fault " + fault.ToString() + ", cut at operation " + cut.ToString() + (torn ? " (torn)" : string.Empty) + ": ";
                SaleRig rig = new SaleRig();
                rig.Flash.Torn = torn ? TornWrite.Prefix : TornWrite.KeepPrevious;
                string order = Sale(rig, 1000);
                if (fault != 0)
                {
                    rig.WeChat.Fault(Endpoints.RefundPath, (WxFault)fault);
                }

                rig.Flash.CutPowerAt(cut);
                bool cutHappened;
                try
                {
                    rig.Engine.Refund(order, 400);
                    cutHappened = false;
                }
                catch (PowerCutException)
                {
                    cutHappened = true;
                }

                Assert.IsTrue(cutHappened || cut == operations + 1, context + "the cut did not happen");
                rig.Clock.Advance(3000);
                rig.Boot();
                rig.Engine.Recover();
                AssertSettled(rig, context);
                long refunded = FlashOutbox.RefundedOf(rig.Flash, order);
                Assert.IsTrue(refunded == 0 || refunded == 400, context + "refunded " + refunded.ToString());

                // The rest of the sale can still be refunded, never more.
                rig.Clock.Advance(61000);
                RefundResult rest = rig.Engine.Refund(order, 1000 - refunded);
                Assert.AreEqual((int)RefundState.Notified, (int)rest.Refund.State, context + rest.Detail);
                Assert.AreEqual((int)RefundRejection.ExceedsSale, (int)rig.Engine.Refund(order, 1).Rejection, context + "more than the sale");
                AssertSettled(rig, context + "rest: ");
                Assert.AreEqual(1000L, FlashOutbox.RefundedOf(rig.Flash, order), context);
                Assert.AreEqual(1000L, rig.WeChat.Find(order).RefundTotal, context);
            }
        }
    }
}
