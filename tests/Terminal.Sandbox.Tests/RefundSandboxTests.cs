using System;
using System.Linq;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Issue 14: the sandbox's 申请退款 and 查询退款 as WeChat documents them — mutual TLS, full and
    /// partial refunds within what is left, out_refund_no idempotency, the documented error codes,
    /// refunds that stay PROCESSING, the one-minute and 50-refund rules, the 7-day revoke vs
    /// one-year refund boundary, and scripted ambiguous answers.
    /// </summary>
    public class RefundSandboxTests
    {
        private const long Day = 24L * 3600 * 1000;
        private long clock = 1_000;
        private long unique = 7000;
        private readonly WeChatSandbox sandbox;
        private readonly StoreOpsClient wx;

        public RefundSandboxTests()
        {
            sandbox = new WeChatSandbox(WeChatSandbox.DefaultMerchant(), () => clock);
            wx = new StoreOpsClient(sandbox);
        }

        private string Code(RefundScenarioKind refund = RefundScenarioKind.Normal, int m = 0) =>
            Scenario.RefundCode(refund, m, ++unique);

        private string Paid(long fee, RefundScenarioKind refund = RefundScenarioKind.Normal, int m = 0) => wx.Pay(Code(refund, m), fee);

        [Fact]
        public void A_full_refund_returns_the_money_and_the_order_reads_REFUND()
        {
            string order = Paid(1000);
            WxParams answer = wx.Refund(order, "RF0001", 1000, 1000);
            StoreOpsClient.AssertSuccess(answer);
            Assert.True(wx.Verifies(answer), "a refund answer is signed with the request's sign_type");
            Assert.Equal("RF0001", answer.Get("out_refund_no"));
            Assert.Equal("1000", answer.Get("refund_fee"));
            Assert.Equal(order, answer.Get("out_trade_no"));
            Assert.StartsWith("503", answer.Get("refund_id"));

            WxParams query = wx.RefundQuery("out_refund_no", "RF0001");
            StoreOpsClient.AssertSuccess(query);
            Assert.True(wx.Verifies(query));
            Assert.Equal("1", query.Get("refund_count"));
            Assert.Equal("SUCCESS", query.Get("refund_status_0"));
            Assert.Equal(answer.Get("refund_id"), query.Get("refund_id_0"));
            Assert.Matches("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$", query.Get("refund_success_time_0"));
            Assert.Equal(0, sandbox.NetCharged(order));
            Assert.Equal("REFUND", wx.OrderQuery(order).Get("trade_state"));
        }

        [Fact]
        public void Partial_refunds_are_limited_to_what_is_left_and_spaced_a_minute_apart()
        {
            string order = Paid(1000);
            StoreOpsClient.AssertSuccess(wx.Refund(order, "RF-P1", 1000, 300));
            StoreOpsClient.AssertError(wx.Refund(order, "RF-P2", 1000, 700), "FREQUENCY_LIMITED");

            clock += 60_000;
            StoreOpsClient.AssertError(wx.Refund(order, "RF-P2", 1000, 701), "INVALID_REQUEST"); // more than is left
            StoreOpsClient.AssertSuccess(wx.Refund(order, "RF-P2", 1000, 700));
            clock += 60_000;
            StoreOpsClient.AssertError(wx.Refund(order, "RF-P3", 1000, 1), "INVALID_REQUEST");

            WxParams all = wx.RefundQuery("out_trade_no", order);
            Assert.Equal("2", all.Get("total_refund_count"));
            Assert.Equal("2", all.Get("refund_count"));
            Assert.Equal("RF-P1", all.Get("out_refund_no_0"));
            Assert.Equal("700", all.Get("refund_fee_1"));
            Assert.Equal(0, sandbox.NetCharged(order));
            Assert.Equal(1000, sandbox.Find(order)?.Refunded);
        }

        [Fact]
        public void The_same_out_refund_no_refunds_once_and_a_different_request_under_it_is_refused()
        {
            string order = Paid(500);
            string other = Paid(800);
            WxParams first = wx.Refund(order, "RF-IDEM", 500, 200);
            WxParams again = wx.Refund(order, "RF-IDEM", 500, 200);
            StoreOpsClient.AssertSuccess(again);
            Assert.Equal(first.Get("refund_id"), again.Get("refund_id"));
            Assert.Single(sandbox.Refunds);
            Assert.Equal(300, sandbox.NetCharged(order));

            StoreOpsClient.AssertError(wx.Refund(order, "RF-IDEM", 500, 250), "REFUND_FEE_MISMATCH");
            StoreOpsClient.AssertError(wx.Refund(other, "RF-IDEM", 800, 200), "INVALID_REQUEST");
            Assert.Single(sandbox.Refunds);
            Assert.Equal(800, sandbox.NetCharged(other));
        }

        [Fact]
        public void A_refund_needs_the_merchant_client_certificate_and_without_it_nothing_is_refunded()
        {
            string order = Paid(500);
            wx.ClientCertificate = false;
            SandboxReply reply = wx.Send(Endpoints.RefundPath, ("out_trade_no", order), ("out_refund_no", "RF-NOCERT"), ("total_fee", "500"), ("refund_fee", "500"));
            Assert.Equal(403, reply.Status);
            Assert.Empty(sandbox.Refunds);
            Assert.Equal(500, sandbox.NetCharged(order));

            wx.ClientCertificate = false; // refundquery needs no certificate
            Assert.Equal("REFUNDNOTEXIST", wx.RefundQuery("out_refund_no", "RF-NOCERT").Get("err_code"));
        }

        [Fact]
        public void Unknown_unpaid_and_malformed_refunds_get_WeChats_error_codes()
        {
            StoreOpsClient.AssertError(wx.Refund("T1NOSUCHORDER1", "RF-X1", 100, 100), "ORDERNOTEXIST");

            string unpaid = wx.Pay(Scenario.Code(ScenarioKind.NeverPays, 0, ++unique), 100);
            clock += 60_000; // WeChat's 45 s auto-revoke: nothing was charged
            StoreOpsClient.AssertError(wx.Refund(unpaid, "RF-X2", 100, 100), "INVALID_REQUEST");

            string paid = Paid(100);
            StoreOpsClient.AssertError(wx.Refund(paid, "RF-X3", 99, 99), "INVALID_REQUEST"); // total_fee is not the order's
            StoreOpsClient.AssertError(wx.Refund(paid, "RF X4", 100, 100), "PARAM_ERROR"); // a space in out_refund_no
            StoreOpsClient.AssertError(wx.Call(Endpoints.RefundPath, ("out_trade_no", paid), ("out_refund_no", "RF-X5"), ("total_fee", "100")), "PARAM_ERROR");
            StoreOpsClient.AssertError(wx.Refund(paid, "RF-X6", 100, 0), "PARAM_ERROR");
            Assert.Empty(sandbox.Refunds);
            Assert.Equal("REFUNDNOTEXIST", wx.RefundQuery("out_trade_no", paid).Get("err_code"));
            StoreOpsClient.AssertError(wx.Call(Endpoints.RefundQueryPath), "PARAM_ERROR");
        }

        [Fact]
        public void Reverse_works_within_seven_days_and_after_that_only_a_refund_returns_the_money()
        {
            string early = Paid(400);
            string late = Paid(600);
            clock += 6 * Day;
            WxParams reversed = wx.Reverse(early);
            StoreOpsClient.AssertSuccess(reversed);
            Assert.Equal(0, sandbox.NetCharged(early));
            Assert.Equal("REVOKED", wx.OrderQuery(early).Get("trade_state"));
            StoreOpsClient.AssertError(wx.Refund(early, "RF-B1", 400, 400), "INVALID_REQUEST"); // nothing left to refund

            clock += 2 * Day; // day 8
            WxParams expired = wx.Reverse(late);
            Assert.Equal("REVERSE_EXPIRE", expired.Get("err_code"));
            Assert.Equal(600, sandbox.NetCharged(late));
            StoreOpsClient.AssertSuccess(wx.Refund(late, "RF-B2", 600, 600));
            Assert.Equal(0, sandbox.NetCharged(late));
        }

        [Fact]
        public void A_refund_more_than_a_year_after_the_payment_is_TRADE_OVERDUE()
        {
            string order = Paid(300);
            clock += 364 * Day;
            StoreOpsClient.AssertSuccess(wx.Refund(order, "RF-Y1", 300, 100));
            clock += 2 * Day;
            StoreOpsClient.AssertError(wx.Refund(order, "RF-Y2", 300, 100), "TRADE_OVERDUE");
            Assert.Equal(200, sandbox.NetCharged(order));
        }

        [Fact]
        public void A_refund_stays_PROCESSING_for_its_scripted_time_and_CLOSE_or_CHANGE_end_as_scripted()
        {
            string slow = Paid(900, RefundScenarioKind.Normal, 120);
            StoreOpsClient.AssertSuccess(wx.Refund(slow, "RF-S1", 900, 900));
            Assert.Equal("PROCESSING", wx.RefundQuery("out_refund_no", "RF-S1").Get("refund_status_0"));
            Assert.Null(wx.RefundQuery("out_refund_no", "RF-S1").Get("refund_success_time_0"));
            Assert.Equal(900, sandbox.NetCharged(slow)); // not back with the customer yet
            Assert.Equal(0, sandbox.Find(slow)?.Refundable); // but no longer refundable
            clock += 119_000;
            Assert.Equal("PROCESSING", wx.RefundQuery("out_refund_no", "RF-S1").Get("refund_status_0"));
            clock += 1_000;
            Assert.Equal("SUCCESS", wx.RefundQuery("out_refund_no", "RF-S1").Get("refund_status_0"));
            Assert.Equal(0, sandbox.NetCharged(slow));

            string closes = Paid(500, RefundScenarioKind.Closes, 10);
            StoreOpsClient.AssertSuccess(wx.Refund(closes, "RF-C1", 500, 500));
            clock += 10_000;
            Assert.Equal("REFUNDCLOSE", wx.RefundQuery("refund_id", sandbox.Refunds.Single(r => r.OutRefundNo == "RF-C1").RefundId).Get("refund_status_0"));
            Assert.Equal(500, sandbox.NetCharged(closes));
            Assert.Equal(500, sandbox.Find(closes)?.Refundable); // the money stayed: a new refund number may try again
            clock += 60_000;
            StoreOpsClient.AssertSuccess(wx.Refund(closes, "RF-C2", 500, 500));

            string abnormal = Paid(500);
            sandbox.ScriptRefund(abnormal, RefundScenarioKind.Abnormal, 5);
            StoreOpsClient.AssertSuccess(wx.Refund(abnormal, "RF-A1", 500, 500));
            clock += 5_000;
            Assert.Equal("CHANGE", wx.RefundQuery("out_refund_no", "RF-A1").Get("refund_status_0"));
            Assert.Equal(500, sandbox.NetCharged(abnormal));
            Assert.Equal(0, sandbox.Find(abnormal)?.Refundable);
        }

        [Theory]
        [InlineData(RefundScenarioKind.SystemErrorNotAccepted, "SYSTEMERROR")]
        [InlineData(RefundScenarioKind.BizErrNeedRetry, "BIZERR_NEED_RETRY")]
        [InlineData(RefundScenarioKind.NotEnough, "NOTENOUGH")]
        [InlineData(RefundScenarioKind.FrequencyLimited, "FREQUENCY_LIMITED")]
        [InlineData(RefundScenarioKind.InvalidReqTooMuch, "INVALID_REQ_TOO_MUCH")]
        public void Scripted_refusals_accept_nothing_for_the_first_M_calls_then_refund(RefundScenarioKind kind, string errCode)
        {
            string order = Paid(700, kind, 2);
            for (int i = 0; i < 2; i++)
            {
                WxParams refused = wx.Refund(order, "RF-T1", 700, 700);
                StoreOpsClient.AssertError(refused, errCode);
                Assert.True(wx.Verifies(refused), "business errors are signed");
                Assert.Equal("REFUNDNOTEXIST", wx.RefundQuery("out_refund_no", "RF-T1").Get("err_code"));
            }

            StoreOpsClient.AssertSuccess(wx.Refund(order, "RF-T1", 700, 700));
            Assert.Equal("SUCCESS", wx.RefundQuery("out_refund_no", "RF-T1").Get("refund_status_0"));
        }

        [Theory]
        [InlineData(RefundScenarioKind.UserAccountAbnormal, "USER_ACCOUNT_ABNORMAL")]
        [InlineData(RefundScenarioKind.Error, "ERROR")]
        public void Final_refusals_never_accept(RefundScenarioKind kind, string errCode)
        {
            string order = Paid(700, kind, 0);
            for (int i = 0; i < 3; i++)
            {
                StoreOpsClient.AssertError(wx.Refund(order, "RF-F1", 700, 700), errCode);
            }

            Assert.Empty(sandbox.Refunds);
            Assert.Equal(700, sandbox.NetCharged(order));
        }

        [Fact]
        public void Ambiguous_answers_hide_an_accepted_refund_that_the_query_and_a_retry_reveal()
        {
            string systemError = Paid(300, RefundScenarioKind.SystemErrorAccepted, 0);
            StoreOpsClient.AssertError(wx.Refund(systemError, "RF-U1", 300, 300), "SYSTEMERROR");
            Assert.Equal("SUCCESS", wx.RefundQuery("out_refund_no", "RF-U1").Get("refund_status_0"));
            WxParams retry = wx.Refund(systemError, "RF-U1", 300, 300);
            StoreOpsClient.AssertSuccess(retry);
            Assert.Single(sandbox.Refunds);

            string dropped = Paid(300, RefundScenarioKind.DropAfterProcessing, 0);
            Assert.True(wx.Send(Endpoints.RefundPath, ("out_trade_no", dropped), ("out_refund_no", "RF-U2"), ("total_fee", "300"), ("refund_fee", "300")).Drop);
            Assert.Equal("SUCCESS", wx.RefundQuery("out_refund_no", "RF-U2").Get("refund_status_0"));

            string lost = Paid(300, RefundScenarioKind.DropBeforeProcessing, 1);
            Assert.True(wx.Send(Endpoints.RefundPath, ("out_trade_no", lost), ("out_refund_no", "RF-U3"), ("total_fee", "300"), ("refund_fee", "300")).Drop);
            Assert.Equal("REFUNDNOTEXIST", wx.RefundQuery("out_refund_no", "RF-U3").Get("err_code"));
            StoreOpsClient.AssertSuccess(wx.Refund(lost, "RF-U3", 300, 300));

            string badSign = Paid(300, RefundScenarioKind.BadSignature, 0);
            WxParams forged = wx.Refund(badSign, "RF-U4", 300, 300);
            Assert.Equal("SUCCESS", forged.Get("result_code"));
            Assert.False(wx.Verifies(forged));
            Assert.Equal("SUCCESS", wx.RefundQuery("out_refund_no", "RF-U4").Get("refund_status_0"));

            string returnFail = Paid(300, RefundScenarioKind.ReturnFail, 1);
            WxParams unsigned = wx.Refund(returnFail, "RF-U5", 300, 300);
            Assert.Equal("FAIL", unsigned.Get("return_code"));
            Assert.Null(unsigned.Get("sign"));
            Assert.Equal("REFUNDNOTEXIST", wx.RefundQuery("out_refund_no", "RF-U5").Get("err_code"));

            string slow = Paid(300, RefundScenarioKind.SlowAnswer, 12);
            Assert.Equal(12_000, wx.Send(Endpoints.RefundPath, ("out_trade_no", slow), ("out_refund_no", "RF-U6"), ("total_fee", "300"), ("refund_fee", "300")).DelayMs);

            string queryError = Paid(300, RefundScenarioKind.QuerySystemError, 2);
            StoreOpsClient.AssertSuccess(wx.Refund(queryError, "RF-U7", 300, 300));
            StoreOpsClient.AssertError(wx.RefundQuery("out_refund_no", "RF-U7"), "SYSTEMERROR");
            StoreOpsClient.AssertError(wx.RefundQuery("out_refund_no", "RF-U7"), "SYSTEMERROR");
            Assert.Equal("SUCCESS", wx.RefundQuery("out_refund_no", "RF-U7").Get("refund_status_0"));
        }

        [Fact]
        public void Transport_faults_apply_to_refunds_like_to_every_call()
        {
            string order = Paid(200);
            sandbox.EnqueueFault(WxApi.Refund, SandboxFault.DropAfterProcessing);
            Assert.True(wx.Send(Endpoints.RefundPath, ("out_trade_no", order), ("out_refund_no", "RF-Q1"), ("total_fee", "200"), ("refund_fee", "200")).Drop);
            Assert.Single(sandbox.Refunds);
            sandbox.EnqueueFault(WxApi.RefundQuery, SandboxFault.SystemError);
            StoreOpsClient.AssertError(wx.RefundQuery("out_refund_no", "RF-Q1"), "SYSTEMERROR");
            Assert.Contains(sandbox.Calls, c => c.Api == WxApi.Refund && c.Processed);
        }

        [Fact]
        public void Refunds_of_one_order_page_by_ten_and_stop_at_fifty()
        {
            sandbox.RefundSpacingMs = 0;
            string order = Paid(10_000);
            for (int i = 0; i < 50; i++)
            {
                StoreOpsClient.AssertSuccess(wx.Refund(order, "RF-N" + i.ToString("D2"), 10_000, 1));
            }

            StoreOpsClient.AssertError(wx.Refund(order, "RF-N50", 10_000, 1), "INVALID_REQUEST");
            WxParams first = wx.RefundQuery("out_trade_no", order);
            Assert.Equal("50", first.Get("total_refund_count"));
            Assert.Equal("10", first.Get("refund_count"));
            Assert.Null(first.Get("out_refund_no_10"));
            WxParams last = wx.RefundQuery("out_trade_no", order, 45);
            Assert.Equal("5", last.Get("refund_count"));
            Assert.Equal("RF-N49", last.Get("out_refund_no_4"));
            StoreOpsClient.AssertError(wx.RefundQuery("out_trade_no", order, 50), "PARAM_ERROR");
            Assert.Equal(10_000 - 50, sandbox.NetCharged(order));
        }

        [Fact]
        public void Refund_scenarios_come_only_from_payment_scenario_20_codes()
        {
            string code = Scenario.RefundCode(RefundScenarioKind.Closes, 30, 42);
            Assert.Equal("132000010030000042", code);
            Assert.Equal(ScenarioKind.RefundScripted, Scenario.Parse(code).Kind);
            Assert.Equal(RefundScenarioKind.Closes, RefundScenario.Parse(code).Kind);
            Assert.Equal(30, RefundScenario.Parse(code).M);
            Assert.Equal(RefundScenarioKind.Normal, RefundScenario.Parse("130101210030000042").Kind); // a payment scenario's free digits mean nothing
            Assert.Equal(RefundScenarioKind.Normal, RefundScenario.Parse(Scenario.Code(ScenarioKind.PasswordFree, 0, 12345678901)).Kind);
            Assert.Equal(RefundScenarioKind.Normal, RefundScenario.Parse("132000099000000001").Kind); // no refund scenario 99
        }
    }
}
