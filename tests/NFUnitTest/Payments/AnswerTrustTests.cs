using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// An answer decides only the order it is about, and "nothing charged" needs proof: a signed
    /// answer about this very order that WeChat documents as final-not-charged. Each case lets the
    /// customer pay (or WeChat process) where a wrong reading would tell the cashier otherwise.
    /// </summary>
    [TestClass]
    public class AnswerTrustTests
    {
        private static void AssertMoney(SaleRig rig, PaymentResult result)
        {
            string wrong = rig.ResultViolation(result);
            Assert.IsNull(wrong, wrong);
            wrong = rig.Violation();
            Assert.IsNull(wrong, wrong);
        }

        [TestMethod]
        [DataRow("CLOSED")]
        [DataRow("REVOKED")]
        [DataRow("NOTPAY")]
        [DataRow("PAYERROR")]
        public void A_signed_query_answer_about_another_order_decides_nothing(string state)
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(12000, 0);
            rig.WeChat.Answer(Endpoints.OrderQueryPath, rig.WeChat.QueryAnswer("T1000000000999", state));
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, state + ": " + result.Detail);
            AssertMoney(rig, result);
        }

        [TestMethod]
        [DataRow("NOTENOUGH")]
        [DataRow("AUTHCODEEXPIRE")]
        [DataRow("ORDERCLOSED")]
        public void A_signed_micropay_failure_about_another_order_decides_nothing(string errCode)
        {
            SaleRig rig = new SaleRig();
            WxParams other = rig.WeChat.Failure(errCode);
            other.Set("out_trade_no", "T1000000000999");
            rig.WeChat.AnswerAfterProcessing(Endpoints.MicropayPath, other);
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, errCode + ": " + result.Detail);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_signed_reverse_answer_about_another_order_is_not_a_revoke()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(31000, 0); // pays just after the 30 s deadline
            WxParams other = rig.WeChat.Reply("SUCCESS");
            other.Set("out_trade_no", "T1000000000999");
            other.Set("recall", "N");
            rig.WeChat.Answer(Endpoints.ReversePath, other);
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual(2, rig.WeChat.Count(Endpoints.ReversePath), "the real reverse was still made");
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_query_answer_that_names_no_order_decides_nothing()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(12000, 0);
            WxParams closed = rig.WeChat.QueryAnswer("T1000000000999", "CLOSED");
            closed.Remove("out_trade_no");
            rig.WeChat.Answer(Endpoints.OrderQueryPath, closed);
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_query_answer_in_another_currency_decides_nothing()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(12000, 0);
            PaymentResult first = rig.Pay(100);
            string next = rig.Engine.Numbers.Format(rig.Engine.Numbers.SequenceOf(first.OutTradeNo) + 1);
            WxParams closed = rig.WeChat.QueryAnswer(next, "CLOSED");
            closed.Set("total_fee", "2500");
            closed.Set("fee_type", "HKD");
            rig.WeChat.Answer(Endpoints.OrderQueryPath, closed);
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual(next, result.OutTradeNo);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void An_unsigned_return_code_FAIL_in_place_of_the_micropay_answer_is_queried()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.ReturnFailAfterProcessing);
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_refused_micropay_ends_not_accepted_only_on_WeChats_ORDERNOTEXIST_and_tells_the_technician_why()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.ReturnFailRefused);
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.ReturnFailRefused);
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Failed, (int)result.Status, result.Detail);
            Assert.AreEqual((int)FailureReason.NotAccepted, (int)result.Reason);
            Assert.IsTrue(result.TechnicianAttention, "a refusal is the technician's business");
            Assert.Contains("签名错误", result.Detail);
            Assert.IsTrue(rig.WeChat.Count(Endpoints.OrderQueryPath) >= 1, "WeChat was asked before 'nothing charged'");
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_rate_limited_micropay_is_re_submitted_after_WeChat_says_it_has_no_such_order()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Fault(Endpoints.MicropayPath, WxFault.ReturnFailRateLimited);
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            Assert.AreEqual(2, rig.WeChat.Count(Endpoints.MicropayPath));
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void ORDERNOTEXIST_after_USERPAYING_is_no_proof_the_customer_can_still_pay()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(12000, 0);
            rig.WeChat.Answer(Endpoints.OrderQueryPath, rig.WeChat.Failure("ORDERNOTEXIST"));
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, result.Detail);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void ORDERNOTEXIST_after_USERPAYING_until_the_deadline_is_reversed()
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Customer(-1, 0);
            for (int i = 0; i < 8; i++)
            {
                rig.WeChat.Answer(Endpoints.OrderQueryPath, rig.WeChat.Failure("ORDERNOTEXIST"));
            }

            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.ReversePath), "revoked: WeChat's proof");
            Assert.AreEqual("REVOKED", rig.WeChat.Find(result.OutTradeNo).State);
            AssertMoney(rig, result);
        }

        [TestMethod]
        public void A_wrong_API_key_leaves_the_order_unresolved_with_the_reason_and_settles_once_fixed()
        {
            SaleRig rig = new SaleRig();
            string key = rig.Account.ApiKey;
            rig.Account.ApiKey = "00000000000000000000000000000000";
            rig.WeChat = new FakeWeChat(CopyWithKey(rig.Account, key), rig.Clock);
            rig.Boot();
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Unresolved, (int)result.Status, "no proof either way: " + result.Detail);
            Assert.IsTrue(result.TechnicianAttention);
            Assert.Contains("签名错误", result.Detail);
            Assert.IsTrue(rig.WeChat.Count(Endpoints.ReversePath) <= 1, "a refusal stops the reverse calls");

            rig.Account.ApiKey = key; // the technician fixes the key; the terminal restarts
            rig.Boot();
            rig.Engine.Recover();
            Assert.IsTrue(rig.Settle(5));
            AssertMoney(rig, result);
        }

        [TestMethod]
        [DataRow("NOAUTH", (int)FailureReason.MerchantConfiguration)]
        [DataRow("SIGNERROR", (int)FailureReason.TerminalFault)]
        public void Signed_configuration_errors_name_the_problem_for_the_technician(string errCode, int reason)
        {
            SaleRig rig = new SaleRig();
            rig.WeChat.Answer(Endpoints.MicropayPath, rig.WeChat.Failure(errCode));
            PaymentResult result = rig.Pay(2500);
            Assert.AreEqual((int)SaleStatus.Failed, (int)result.Status, result.Detail);
            Assert.AreEqual(reason, (int)result.Reason);
            Assert.IsTrue(result.TechnicianAttention);
            Assert.AreEqual(errCode, result.ErrCode);
            AssertMoney(rig, result);
        }

        private static MerchantAccount CopyWithKey(MerchantAccount account, string key)
        {
            MerchantAccount copy = new MerchantAccount();
            copy.AppId = account.AppId;
            copy.MchId = account.MchId;
            copy.ApiKey = key;
            copy.Currency = account.Currency;
            copy.SignType = account.SignType;
            return copy;
        }
    }
}
