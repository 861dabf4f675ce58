using nanoFramework.TestFramework;
using Terminal.Core.Protocol;

namespace Terminal.Tests.Protocol
{
    [TestClass]
    public class ResponsesTests
    {
        private static WxOutcome Micropay(byte[] body)
        {
            return Responses.ReadMicropay(body, 0, body.Length, ProtocolFixtures.Expect());
        }

        [TestMethod]
        public void Signed_success_is_paid_with_the_transaction_details()
        {
            WxOutcome outcome = Micropay(ProtocolFixtures.Seal(ProtocolFixtures.PaidAnswer()));
            Assert.AreEqual((int)Verdict.Paid, (int)outcome.Verdict, outcome.Detail);
            Assert.AreEqual("4200000000202611210000000001", outcome.TransactionId);
            Assert.AreEqual(1234L, outcome.TotalFee);
            Assert.AreEqual(1200L, outcome.CashFee);
            Assert.AreEqual("20261121120000", outcome.TimeEnd);
            Assert.AreEqual("CMB_DEBIT", outcome.BankType);
            Assert.AreEqual("oUpF8uN95-Ptaags6E_roPHg7AG0", outcome.OpenId);
            Assert.IsTrue(outcome.Trusted);
        }

        [TestMethod]
        [DataRow("USERPAYING", (int)Verdict.UserPaying, (int)FailureReason.None, false, false)]
        [DataRow("SYSTEMERROR", (int)Verdict.Unknown, (int)FailureReason.None, false, false)]
        [DataRow("BANKERROR", (int)Verdict.Unknown, (int)FailureReason.None, false, false)]
        [DataRow("ORDERPAID", (int)Verdict.Unknown, (int)FailureReason.None, false, false)]
        [DataRow("AUTHCODEEXPIRE", (int)Verdict.Failed, (int)FailureReason.CodeExpired, true, false)]
        [DataRow("AUTH_CODE_ERROR", (int)Verdict.Failed, (int)FailureReason.CodeInvalid, true, false)]
        [DataRow("AUTH_CODE_INVALID", (int)Verdict.Failed, (int)FailureReason.CodeInvalid, true, false)]
        [DataRow("NOTENOUGH", (int)Verdict.Failed, (int)FailureReason.InsufficientFunds, true, false)]
        [DataRow("NOTSUPORTCARD", (int)Verdict.Failed, (int)FailureReason.CardNotSupported, true, false)]
        [DataRow("ORDERCLOSED", (int)Verdict.Failed, (int)FailureReason.OrderClosed, true, false)]
        [DataRow("ORDERREVERSED", (int)Verdict.Failed, (int)FailureReason.OrderClosed, true, false)]
        [DataRow("OUT_TRADE_NO_USED", (int)Verdict.Failed, (int)FailureReason.DuplicateOrder, true, false)]
        [DataRow("BUYER_MISMATCH", (int)Verdict.Failed, (int)FailureReason.BuyerMismatch, true, false)]
        [DataRow("TRADE_ERROR", (int)Verdict.Failed, (int)FailureReason.TradeError, true, false)]
        [DataRow("NOAUTH", (int)Verdict.Failed, (int)FailureReason.MerchantConfiguration, false, true)]
        [DataRow("APPID_NOT_EXIST", (int)Verdict.Failed, (int)FailureReason.MerchantConfiguration, false, true)]
        [DataRow("MCHID_NOT_EXIST", (int)Verdict.Failed, (int)FailureReason.MerchantConfiguration, false, true)]
        [DataRow("APPID_MCHID_NOT_MATCH", (int)Verdict.Failed, (int)FailureReason.MerchantConfiguration, false, true)]
        [DataRow("INVALID_REQUEST", (int)Verdict.Failed, (int)FailureReason.MerchantConfiguration, false, true)]
        [DataRow("PARAM_ERROR", (int)Verdict.Failed, (int)FailureReason.TerminalFault, false, true)]
        [DataRow("LACK_PARAMS", (int)Verdict.Failed, (int)FailureReason.TerminalFault, false, true)]
        [DataRow("XML_FORMAT_ERROR", (int)Verdict.Failed, (int)FailureReason.TerminalFault, false, true)]
        [DataRow("SIGNERROR", (int)Verdict.Failed, (int)FailureReason.TerminalFault, false, true)]
        [DataRow("NOT_UTF8", (int)Verdict.Failed, (int)FailureReason.TerminalFault, false, true)]
        [DataRow("REQUIRE_POST_METHOD", (int)Verdict.Failed, (int)FailureReason.TerminalFault, false, true)]
        [DataRow("SOMETHING_NEW", (int)Verdict.Unknown, (int)FailureReason.None, false, false)]
        [DataRow("", (int)Verdict.Unknown, (int)FailureReason.None, false, false)]
        public void Every_micropay_err_code_has_its_verdict(string errCode, int verdict, int reason, bool rescan, bool technician)
        {
            WxOutcome outcome = Micropay(ProtocolFixtures.Seal(ProtocolFixtures.Failure(errCode)));
            Assert.AreEqual(verdict, (int)outcome.Verdict, errCode + ": " + outcome.Detail);
            Assert.AreEqual(reason, (int)outcome.Reason, errCode);
            Assert.AreEqual(rescan, outcome.RescanAllowed, errCode);
            Assert.AreEqual(technician, outcome.TechnicianAttention, errCode);
            Assert.IsNotNull(outcome.Detail);
        }

        [TestMethod]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[频率限制]]></return_msg></xml>", (int)Verdict.Failed)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>", (int)Verdict.Failed)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[系统错误]]></return_msg></xml>", (int)Verdict.Unknown)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[system error]]></return_msg></xml>", (int)Verdict.Unknown)]
        public void Micropay_return_code_FAIL_is_not_accepted_unless_it_is_a_system_error(string xml, int verdict)
        {
            WxOutcome outcome = Micropay(ProtocolFixtures.Text(xml));
            Assert.AreEqual(verdict, (int)outcome.Verdict, outcome.Detail);
            if (verdict == (int)Verdict.Failed)
            {
                Assert.AreEqual((int)FailureReason.NotAccepted, (int)outcome.Reason);
            }
        }

        [TestMethod]
        [DataRow("", "empty answer")]
        [DataRow("<html>502 Bad Gateway</html>", "unreadable answer")]
        [DataRow("<xml><return_code>SUCCESS</return_code>", "unreadable answer")]
        [DataRow("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><return_code>&xxe;</return_code></xml>", "unreadable answer")]
        [DataRow("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><xml><a>&lol2;</a></xml>", "unreadable answer")]
        [DataRow("<xml><return_code>MAYBE</return_code></xml>", "return_code is 'MAYBE'")]
        [DataRow("<xml><return_msg>no code</return_msg></xml>", "return_code is missing")]
        [DataRow("<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code></xml>", "answer has no sign")]
        public void Malformed_or_hostile_answers_are_unknown_with_a_reason(string xml, string reason)
        {
            WxOutcome outcome = Micropay(ProtocolFixtures.Text(xml));
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict, outcome.Detail);
            Assert.Contains(reason, outcome.Detail);
            Assert.IsFalse(outcome.Trusted);
        }

        [TestMethod]
        public void A_tampered_field_is_unknown()
        {
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set("sign", Signer.Sign(p, ProtocolFixtures.ApiKey, SignType.Md5));
            p.Set("total_fee", "1");
            WxOutcome outcome = Micropay(FlatXml.Write(p));
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict);
            Assert.Contains("signature does not verify", outcome.Detail);
        }

        [TestMethod]
        public void An_unknown_element_is_covered_by_the_signature()
        {
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set("promotion_detail", "x");
            p.Set("sign", Signer.Sign(p, ProtocolFixtures.ApiKey, SignType.Md5));
            Assert.AreEqual((int)Verdict.Paid, (int)Micropay(FlatXml.Write(p)).Verdict, "signed unknown element accepted");
            p.Set("promotion_detail", "y");
            Assert.AreEqual((int)Verdict.Unknown, (int)Micropay(FlatXml.Write(p)).Verdict, "changed unknown element detected");
        }

        [TestMethod]
        public void Wrong_merchant_or_sub_merchant_is_unknown()
        {
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set("appid", "wx0000000000000000");
            Assert.Contains("another merchant", Micropay(ProtocolFixtures.Seal(p)).Detail);

            p = ProtocolFixtures.PaidAnswer();
            p.Set("mch_id", "999");
            Assert.AreEqual((int)Verdict.Unknown, (int)Micropay(ProtocolFixtures.Seal(p)).Verdict);

            Responses.Expectation partner = ProtocolFixtures.Expect();
            partner.Account.SubMchId = "1900000109";
            p = ProtocolFixtures.PaidAnswer();
            p.Set("sub_mch_id", "1900000110");
            byte[] body = ProtocolFixtures.Seal(p);
            WxOutcome outcome = Responses.ReadMicropay(body, 0, body.Length, partner);
            Assert.Contains("sub-merchant", outcome.Detail);
        }

        [TestMethod]
        public void Wrong_sign_type_is_unknown()
        {
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set("sign_type", "HMAC-SHA256");
            p.Set("sign", Signer.Sign(p, ProtocolFixtures.ApiKey, SignType.HmacSha256));
            WxOutcome outcome = Micropay(FlatXml.Write(p));
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict);
            Assert.Contains("signed with HMAC-SHA256", outcome.Detail);
        }

        [TestMethod]
        public void Hmac_signed_answers_verify_when_the_request_used_hmac()
        {
            Responses.Expectation expected = ProtocolFixtures.Expect();
            expected.Account.SignType = SignType.HmacSha256;
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set("sign", Signer.Sign(p, ProtocolFixtures.ApiKey, SignType.HmacSha256));
            byte[] body = FlatXml.Write(p);
            Assert.AreEqual((int)Verdict.Paid, (int)Responses.ReadMicropay(body, 0, body.Length, expected).Verdict);
        }

        [TestMethod]
        [DataRow("out_trade_no", "T0009", "not the order asked about")]
        [DataRow("total_fee", "1235", "differs from the 1234 requested")]
        [DataRow("total_fee", "12.34", "not a positive integer")]
        [DataRow("fee_type", "HKD", "fee_type HKD differs")]
        [DataRow("transaction_id", "", "no transaction_id")]
        public void A_paid_answer_that_does_not_match_the_order_is_unknown(string field, string value, string reason)
        {
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set(field, value);
            WxOutcome outcome = Micropay(ProtocolFixtures.Seal(p));
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict);
            Assert.Contains(reason, outcome.Detail);
        }

        [TestMethod]
        [DataRow("SUCCESS", (int)Verdict.Paid)]
        [DataRow("USERPAYING", (int)Verdict.UserPaying)]
        [DataRow("NOTPAY", (int)Verdict.NotPaid)]
        [DataRow("CLOSED", (int)Verdict.Closed)]
        [DataRow("REVOKED", (int)Verdict.Closed)]
        [DataRow("REFUND", (int)Verdict.Closed)]
        [DataRow("PAYERROR", (int)Verdict.PayError)]
        [DataRow("ACCEPT", (int)Verdict.Unknown)]
        [DataRow("", (int)Verdict.Unknown)]
        public void Orderquery_trade_state_decides(string tradeState, int verdict)
        {
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set("trade_state", tradeState);
            byte[] body = ProtocolFixtures.Seal(p);
            WxOutcome outcome = Responses.ReadOrderQuery(body, 0, body.Length, ProtocolFixtures.Expect());
            Assert.AreEqual(verdict, (int)outcome.Verdict, tradeState + ": " + outcome.Detail);
        }

        [TestMethod]
        [DataRow("ORDERNOTEXIST", (int)Verdict.OrderNotExist)]
        [DataRow("SYSTEMERROR", (int)Verdict.Unknown)]
        [DataRow("PARAM_ERROR", (int)Verdict.Unknown)]
        public void Orderquery_errors(string errCode, int verdict)
        {
            byte[] body = ProtocolFixtures.Seal(ProtocolFixtures.Failure(errCode));
            Assert.AreEqual(verdict, (int)Responses.ReadOrderQuery(body, 0, body.Length, ProtocolFixtures.Expect()).Verdict);
        }

        [TestMethod]
        [DataRow("SUCCESS", "N", "", (int)Verdict.Revoked)]
        [DataRow("SUCCESS", "Y", "", (int)Verdict.ReverseAgain)]
        [DataRow("FAIL", "Y", "SYSTEMERROR", (int)Verdict.ReverseAgain)]
        [DataRow("FAIL", "N", "SYSTEMERROR", (int)Verdict.ReverseAgain)]
        [DataRow("FAIL", "N", "USERPAYING", (int)Verdict.ReverseAgain)]
        [DataRow("FAIL", "N", "REVERSE_EXPIRE", (int)Verdict.ReverseExpired)]
        [DataRow("FAIL", "N", "SIGNERROR", (int)Verdict.ReverseRefused)]
        [DataRow("FAIL", "N", "NEW_CODE", (int)Verdict.ReverseAgain)]
        public void Reverse_follows_recall_and_err_code(string resultCode, string recall, string errCode, int verdict)
        {
            WxParams p = resultCode == "SUCCESS" ? ProtocolFixtures.Answer("SUCCESS") : ProtocolFixtures.Failure(errCode);
            p.Set("recall", recall);
            byte[] body = ProtocolFixtures.Seal(p);
            Assert.AreEqual(verdict, (int)Responses.ReadReverse(body, 0, body.Length, ProtocolFixtures.Expect()).Verdict);
        }

        [TestMethod]
        public void No_answer_means_query_or_reverse_again()
        {
            Assert.AreEqual((int)Verdict.Unknown, (int)WxOutcome.NoAnswer(WxApi.Micropay, "timeout").Verdict);
            Assert.AreEqual((int)Verdict.Unknown, (int)WxOutcome.NoAnswer(WxApi.OrderQuery, "timeout").Verdict);
            Assert.AreEqual((int)Verdict.ReverseAgain, (int)WxOutcome.NoAnswer(WxApi.Reverse, "timeout").Verdict);
            byte[] garbage = ProtocolFixtures.Text("<xml>");
            Assert.AreEqual((int)Verdict.ReverseAgain, (int)Responses.ReadReverse(garbage, 0, garbage.Length, ProtocolFixtures.Expect()).Verdict);
        }

        [TestMethod]
        public void Missing_expectation_never_throws()
        {
            byte[] body = ProtocolFixtures.Seal(ProtocolFixtures.PaidAnswer());
            Assert.AreEqual((int)Verdict.Unknown, (int)Responses.ReadMicropay(body, 0, body.Length, null).Verdict);
            Assert.AreEqual((int)Verdict.Unknown, (int)Responses.ReadMicropay(null, 0, 0, ProtocolFixtures.Expect()).Verdict);
        }
    }
}
