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
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[频率限制]]></return_msg></xml>", false)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>", true)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[appid和mch_id不匹配]]></return_msg></xml>", true)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[系统错误]]></return_msg></xml>", false)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[system error]]></return_msg></xml>", false)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code></xml>", true)]
        public void Micropay_return_code_FAIL_is_unsigned_so_it_is_unknown_with_its_reason(string xml, bool technician)
        {
            // Unsigned: anyone on the path can send it, so it proves nothing about the order (query).
            // A refusal a retry cannot fix still tells the technician why.
            WxOutcome outcome = Micropay(ProtocolFixtures.Text(xml));
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict, outcome.Detail);
            Assert.IsFalse(outcome.Trusted);
            Assert.AreEqual(technician, outcome.TechnicianAttention, outcome.Detail);
            Assert.Contains("return_code FAIL", outcome.Detail);
        }

        [TestMethod]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>", (int)Verdict.ReverseRefused)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[频率限制]]></return_msg></xml>", (int)Verdict.ReverseAgain)]
        [DataRow("<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[SYSTEMERROR]]></return_msg></xml>", (int)Verdict.ReverseAgain)]
        public void Reverse_return_code_FAIL_stops_retrying_only_for_a_refusal(string xml, int verdict)
        {
            // Stopping is always safe (the order stays unresolved); it spares nine useless calls.
            byte[] body = ProtocolFixtures.Text(xml);
            WxOutcome outcome = Responses.ReadReverse(body, 0, body.Length, ProtocolFixtures.Expect());
            Assert.AreEqual(verdict, (int)outcome.Verdict, outcome.Detail);
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
        [DataRow("SIGNERROR", true)]
        [DataRow("NOAUTH", true)]
        [DataRow("SYSTEMERROR", false)]
        public void Orderquery_configuration_errors_reach_the_technician(string errCode, bool technician)
        {
            byte[] body = ProtocolFixtures.Seal(ProtocolFixtures.Failure(errCode));
            WxOutcome outcome = Responses.ReadOrderQuery(body, 0, body.Length, ProtocolFixtures.Expect());
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict);
            Assert.AreEqual(technician, outcome.TechnicianAttention, errCode);
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

        /// <summary>A signed answer of <paramref name="api"/> (0 micropay, 1 query, 2 reverse) with every verdict WeChat has.</summary>
        private static WxParams AnswerWith(int api, string verdict)
        {
            WxParams p;
            if (verdict == "PAID")
            {
                p = ProtocolFixtures.PaidAnswer();
                if (api == 1)
                {
                    p.Set("trade_state", "SUCCESS");
                }

                return p;
            }

            if (api == 0)
            {
                p = ProtocolFixtures.Failure(verdict);
            }
            else if (api == 1)
            {
                p = ProtocolFixtures.Answer("SUCCESS");
                p.Set("trade_state", verdict);
            }
            else
            {
                p = verdict == "REVOKED" ? ProtocolFixtures.Answer("SUCCESS") : ProtocolFixtures.Failure(verdict);
                p.Set("recall", "N");
            }

            p.Set("out_trade_no", ProtocolFixtures.OrderNo);
            return p;
        }

        private static WxOutcome Read(int api, WxParams p, Responses.Expectation expected)
        {
            byte[] body = ProtocolFixtures.Seal(p);
            if (api == 0)
            {
                return Responses.ReadMicropay(body, 0, body.Length, expected);
            }

            return api == 1 ? Responses.ReadOrderQuery(body, 0, body.Length, expected) : Responses.ReadReverse(body, 0, body.Length, expected);
        }

        [TestMethod]
        [DataRow(0, "PAID")]
        [DataRow(0, "NOTENOUGH")]
        [DataRow(0, "AUTHCODEEXPIRE")]
        [DataRow(0, "ORDERCLOSED")]
        [DataRow(0, "USERPAYING")]
        [DataRow(0, "SIGNERROR")]
        [DataRow(1, "PAID")]
        [DataRow(1, "NOTPAY")]
        [DataRow(1, "CLOSED")]
        [DataRow(1, "REVOKED")]
        [DataRow(1, "REFUND")]
        [DataRow(1, "PAYERROR")]
        [DataRow(1, "USERPAYING")]
        [DataRow(2, "REVOKED")]
        [DataRow(2, "REVERSE_EXPIRE")]
        [DataRow(2, "SIGNERROR")]
        public void An_answer_about_another_order_or_merchant_decides_nothing(int api, string verdict)
        {
            int unknown = api == 2 ? (int)Verdict.ReverseAgain : (int)Verdict.Unknown;
            Responses.Expectation expected = ProtocolFixtures.Expect();
            WxOutcome plain = Read(api, AnswerWith(api, verdict), expected);
            Assert.AreNotEqual(unknown, (int)plain.Verdict, verdict + " about this order decides: " + plain.Detail);

            string[] fields = new string[] { "out_trade_no", "appid", "mch_id", "sub_mch_id", "sub_appid", "total_fee", "fee_type" };
            string[] values = new string[] { "T0001000000000002", "wx0000000000000000", "10000101", "1900000109", "wx1111111111111111", "1235", "HKD" };
            for (int i = 0; i < fields.Length; i++)
            {
                WxParams p = AnswerWith(api, verdict);
                p.Set(fields[i], values[i]);
                WxOutcome outcome = Read(api, p, expected);
                Assert.AreEqual(unknown, (int)outcome.Verdict, verdict + " with " + fields[i] + "=" + values[i] + ": " + outcome.Detail);
                Assert.IsFalse(outcome.Trusted, fields[i]);
            }
        }

        [TestMethod]
        [DataRow(0, "PAID")]
        [DataRow(1, "PAID")]
        [DataRow(1, "NOTPAY")]
        [DataRow(1, "CLOSED")]
        public void An_answer_that_must_name_its_order_and_does_not_decides_nothing(int api, string verdict)
        {
            // WeChat always sends out_trade_no with a paid micropay and with every trade_state.
            WxParams p = AnswerWith(api, verdict);
            p.Remove("out_trade_no");
            Assert.AreEqual((int)Verdict.Unknown, (int)Read(api, p, ProtocolFixtures.Expect()).Verdict, verdict);
        }

        [TestMethod]
        [DataRow(0, "NOTENOUGH", (int)Verdict.Failed)]
        [DataRow(1, "ORDERNOTEXIST", (int)Verdict.OrderNotExist)]
        [DataRow(2, "REVOKED", (int)Verdict.Revoked)]
        public void Answers_WeChat_sends_without_out_trade_no_are_read(int api, string verdict, int expected)
        {
            // micropay failures, query errors and every reverse answer carry no out_trade_no in
            // WeChat's documentation: they are bound to the request by the ids and the signature.
            WxParams p = api == 1 ? ProtocolFixtures.Failure(verdict) : AnswerWith(api, verdict);
            p.Remove("out_trade_no");
            Assert.AreEqual(expected, (int)Read(api, p, ProtocolFixtures.Expect()).Verdict, verdict);
        }

        [TestMethod]
        public void An_amount_without_fee_type_is_CNY()
        {
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Remove("fee_type");
            Assert.AreEqual((int)Verdict.Paid, (int)Micropay(ProtocolFixtures.Seal(p)).Verdict, "CNY account");

            Responses.Expectation hkd = ProtocolFixtures.Expect();
            hkd.Account.Currency = Terminal.Core.Money.Currency.HKD;
            WxOutcome outcome = Read(0, p, hkd);
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict, "an HKD account reads a CNY amount: " + outcome.Detail);
            p.Set("fee_type", "HKD");
            Assert.AreEqual((int)Verdict.Paid, (int)Read(0, p, hkd).Verdict);
        }

        [TestMethod]
        public void Partner_mode_answers_must_carry_our_sub_merchant()
        {
            Responses.Expectation partner = ProtocolFixtures.Expect();
            partner.Account.SubMchId = "1900000109";
            partner.Account.SubAppId = "wx2222222222222222";
            WxParams p = ProtocolFixtures.PaidAnswer();
            p.Set("sub_mch_id", "1900000109");
            Assert.AreEqual((int)Verdict.Paid, (int)Read(0, p, partner).Verdict, "sub_appid may be left out");
            p.Set("sub_appid", "wx2222222222222222");
            Assert.AreEqual((int)Verdict.Paid, (int)Read(0, p, partner).Verdict);
            p.Set("sub_appid", "wx3333333333333333");
            Assert.AreEqual((int)Verdict.Unknown, (int)Read(0, p, partner).Verdict, "another sub_appid");
            p.Remove("sub_appid");
            p.Remove("sub_mch_id");
            Assert.AreEqual((int)Verdict.Unknown, (int)Read(0, p, partner).Verdict, "no sub_mch_id in partner mode");
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
