using System;
using System.Linq;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// The end-to-end matrix: every sandbox scenario, on virtual time, asserting the outcome, the
    /// money, WeChat's timing rules and the invariant "charged ⇔ Paid and handed to the outbox".
    /// </summary>
    public class ScenarioMatrixTests
    {
        public static readonly TheoryData<ScenarioKind, int, SaleStatus, string?> Matrix = new()
        {
            { ScenarioKind.PasswordFree, 0, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.PaidAfter, 12, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.PaidAfter, 29, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.PaidAfter, 40, SaleStatus.Cancelled, "REVOKED" }, // pays after the 30 s deadline: reversed first
            { ScenarioKind.NeverPays, 0, SaleStatus.Cancelled, "REVOKED" },
            { ScenarioKind.CustomerCancels, 8, SaleStatus.Cancelled, "REVOKED" },
            { ScenarioKind.SystemErrorThenPaid, 0, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.SystemErrorThenPaid, 7, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.SystemErrorThenNotPaid, 0, SaleStatus.Cancelled, "REVOKED" },
            { ScenarioKind.BankErrorThenPaid, 3, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.BankErrorThenNotPaid, 0, SaleStatus.Cancelled, "REVOKED" },
            { ScenarioKind.SlowAnswer, 3, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.SlowAnswer, 12, SaleStatus.Paid, "SUCCESS" }, // beyond the 10 s read time-out: found by query
            { ScenarioKind.DropBeforeProcessing, 1, SaleStatus.Paid, "SUCCESS" }, // ORDERNOTEXIST → same order re-submitted
            { ScenarioKind.DropAfterProcessing, 0, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.TruncatedAnswer, 0, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.BadSignature, 0, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.ReturnFail, 0, SaleStatus.Failed, null },
            { ScenarioKind.RateLimited, 0, SaleStatus.Failed, null },
            { ScenarioKind.RecallY, 3, SaleStatus.Cancelled, "REVOKED" },
            { ScenarioKind.OrderNotExistThenResubmit, 0, SaleStatus.Paid, "SUCCESS" },
            { ScenarioKind.NeverArrives, 0, SaleStatus.Failed, null },
        };

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Every_scenario_ends_right_on_time_and_money_matches(ScenarioKind kind, int n, SaleStatus expected, string? state)
        {
            var rig = new Rig();
            long start = rig.Clock.MonotonicMs;
            PaymentResult result = rig.Pay(kind, n, 2500);
            string context = kind + "(" + n + ")";
            Assert.True(expected == result.Status, context + ": " + result.Status + " — " + result.Detail);
            Assert.Equal(state, rig.Sandbox.Find(result.OutTradeNo)?.State);
            rig.AssertResultMatchesLedger(result, context);
            rig.AssertTiming(result.OutTradeNo, start, rig.Clock.MonotonicMs, strictInterval: true, context);
            rig.AssertInvariant(context);
            if (expected == SaleStatus.Paid)
            {
                Assert.Equal(2500, result.Payment.TotalFee);
                Assert.Equal(result.OutTradeNo, result.Payment.OutTradeNo);
                Assert.False(string.IsNullOrEmpty(result.Payment.TransactionId));
            }
        }

        public static TheoryData<int> FailureCodes()
        {
            var data = new TheoryData<int>();
            for (int i = 0; i < Scenario.FailureCodes.Length; i++)
            {
                data.Add(i);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(FailureCodes))]
        public void Every_failure_code_ends_with_nothing_charged(int index)
        {
            var rig = new Rig();
            PaymentResult result = rig.Pay(ScenarioKind.Fail, index);
            string code = Scenario.FailureCodes[index];
            if (code == "ORDERPAID")
            {
                // Ambiguous by WeChat's table: "this order number is paid" says the order exists,
                // so the query's ORDERNOTEXIST proves nothing; the reverse at the deadline does.
                Assert.Equal(SaleStatus.Cancelled, result.Status);
                Assert.Contains(rig.Sandbox.Calls, c => c.Api == WxApi.OrderQuery);
                Assert.Contains(rig.Sandbox.Calls, c => c.Api == WxApi.Reverse);
            }
            else
            {
                Assert.Equal(SaleStatus.Failed, result.Status);
                Assert.Equal(code, result.ErrCode);
                Assert.DoesNotContain(rig.Sandbox.Calls, c => c.Api != WxApi.Micropay);
            }

            rig.AssertResultMatchesLedger(result, code);
            rig.AssertInvariant(code);
        }

        [Fact]
        public void Password_flow_queries_every_5_s_from_5_s_after_the_answer()
        {
            var rig = new Rig();
            PaymentResult result = rig.Pay(ScenarioKind.PaidAfter, 17);
            Assert.Equal(SaleStatus.Paid, result.Status);
            var calls = rig.Sandbox.Calls;
            long submit = calls[0].AtMs;
            long[] queries = calls.Where(c => c.Api == WxApi.OrderQuery).Select(c => c.AtMs - submit).ToArray();
            Assert.Equal(new long[] { 5050, 10050, 15050, 20050 }, queries); // the answer takes 50 ms on the virtual network
            Assert.Contains(rig.Progress.Reports, r => r.Stage == PaymentStage.WaitingForPassword && r.SecondsLeft == 30);
            Assert.Contains(rig.Progress.Reports, r => r.Stage == PaymentStage.WaitingForPassword && r.SecondsLeft == 15);
        }

        [Fact]
        public void Never_paying_customer_is_reversed_at_the_deadline_and_the_ui_counts_down()
        {
            var rig = new Rig();
            PaymentResult result = rig.Pay(ScenarioKind.NeverPays);
            Assert.Equal(SaleStatus.Cancelled, result.Status);
            var calls = rig.Sandbox.Calls;
            long submit = calls[0].AtMs;
            Assert.Equal(6, calls.Count(c => c.Api == WxApi.OrderQuery));
            var reverse = calls.Single(c => c.Api == WxApi.Reverse);
            Assert.InRange(reverse.AtMs - submit, 30000, 31000);
            int[] countdown = rig.Progress.Reports.Where(r => r.Stage == PaymentStage.WaitingForPassword).Select(r => r.SecondsLeft).Distinct().ToArray();
            Assert.Equal(Enumerable.Range(1, 30).Reverse().ToArray(), countdown.Where(s => s > 0).ToArray());
        }

        [Fact]
        public void Configured_deadline_of_45_s_meets_WeChats_auto_revoke_without_a_reverse()
        {
            var config = new PaymentConfig { DeadlineMs = 60000 };
            Assert.Equal(45000, config.DeadlineMs); // clamped: never beyond 45 s
            var rig = new Rig(config);
            PaymentResult result = rig.Pay(ScenarioKind.AutoRevoke);
            Assert.Equal(SaleStatus.Cancelled, result.Status);
            Assert.Contains("closed by WeChat", result.Detail);
            Assert.DoesNotContain(rig.Sandbox.Calls, c => c.Api == WxApi.Reverse);
            long submit = rig.Sandbox.Calls[0].AtMs;
            Assert.All(rig.Sandbox.Calls.Where(c => c.Api == WxApi.OrderQuery), q => Assert.True(q.AtMs - submit <= 45000));
            rig.AssertInvariant("auto-revoke");
        }

        [Fact]
        public void Cashier_cancel_waits_out_the_15_s_rule_then_reverses()
        {
            var rig = new Rig();
            rig.Progress.OnReport = p =>
            {
                if (p.Stage == PaymentStage.WaitingForPassword && p.SecondsLeft == 27)
                {
                    rig.Engine.Cancel();
                }
            };
            PaymentResult result = rig.Pay(ScenarioKind.NeverPays);
            Assert.Equal(SaleStatus.Cancelled, result.Status);
            Assert.True(result.CashierCancelled);
            long submit = rig.Sandbox.Calls[0].AtMs;
            var reverse = rig.Sandbox.Calls.Single(c => c.Api == WxApi.Reverse);
            Assert.InRange(reverse.AtMs - submit, 15000, 15100);
            Assert.True(rig.Progress.Reports.Any(r => r.Stage == PaymentStage.Cancelling && r.SecondsLeft == 12), string.Join(" ", rig.Progress.Reports));
            rig.AssertInvariant("cancel");
        }

        [Fact]
        public void Cashier_cancel_of_a_customer_who_already_paid_refunds_through_reverse()
        {
            var rig = new Rig();
            rig.Progress.OnReport = p =>
            {
                if (p.Stage == PaymentStage.WaitingForPassword && p.SecondsLeft == 24)
                {
                    rig.Engine.Cancel();
                }
            };
            PaymentResult result = rig.Pay(ScenarioKind.PaidAfter, 8);
            Assert.Equal(SaleStatus.Cancelled, result.Status);
            var order = rig.Sandbox.Find(result.OutTradeNo);
            Assert.NotNull(order);
            Assert.Equal(order.TotalFee, order.Refunded);
            rig.AssertInvariant("cancel after paying");
        }

        [Fact]
        public void A_scan_during_a_sale_is_ignored_with_a_message()
        {
            var rig = new Rig();
            PaymentResult? second = null;
            PaymentProgress? ignored = null;
            rig.Progress.OnReport = p =>
            {
                if (p.Stage == PaymentStage.WaitingForPassword && second == null)
                {
                    second = rig.Engine.Pay(100, rig.Code(ScenarioKind.PasswordFree));
                }
                else if (p.Stage == PaymentStage.ScanIgnored)
                {
                    ignored = p;
                }
            };
            PaymentResult first = rig.Pay(ScenarioKind.PaidAfter, 6);
            Assert.Equal(SaleStatus.Paid, first.Status);
            Assert.NotNull(second);
            Assert.Equal(SaleStatus.Busy, second.Status);
            Assert.NotNull(ignored);
            Assert.Single(rig.Sandbox.Orders);
        }

        [Fact]
        public void Recall_Y_beyond_10_tries_leaves_the_order_unresolved_until_reconciled()
        {
            var rig = new Rig();
            for (int i = 0; i < 10; i++)
            {
                rig.Sandbox.EnqueueFault(WxApi.Reverse, SandboxFault.SystemError);
            }

            rig.Progress.OnReport = p =>
            {
                if (p.Stage == PaymentStage.WaitingForPassword && p.SecondsLeft == 25)
                {
                    rig.Engine.Cancel();
                }
            };
            rig.Sandbox.FaultPolicy = (api, otn) => api == WxApi.OrderQuery && rig.Engine.IsBusy && rig.Sandbox.Calls.Count(c => c.Api == WxApi.Reverse) >= 10
                ? SandboxFault.Http500 : SandboxFault.None;
            PaymentResult result = rig.Pay(ScenarioKind.PaidAfter, 10);
            Assert.Equal(SaleStatus.Unresolved, result.Status);
            Assert.Equal(10, rig.Sandbox.Calls.Count(c => c.Api == WxApi.Reverse));
            Assert.Contains(rig.Progress.Reports, r => r.Stage == PaymentStage.Unresolved);
            Assert.Equal(new[] { result.OutTradeNo }, rig.Engine.PendingOrders());
            Assert.Single(rig.Flash.List(PaymentJournal.Folder));

            // A new sale is allowed; the unresolved one is settled in the background.
            rig.Sandbox.FaultPolicy = null;
            Assert.Equal(SaleStatus.Paid, rig.Pay(ScenarioKind.PasswordFree).Status);
            Assert.True(rig.Settle());
            // The customer had paid at 10 s and every reverse failed: reconciliation found it paid and notified.
            Assert.Equal(1234, rig.Sandbox.NetCharged(result.OutTradeNo));
            Assert.True(FlashOutbox.Read(rig.Flash).ContainsKey(result.OutTradeNo));
            rig.AssertInvariant("unresolved");
        }

        [Fact]
        public void Unsent_micropay_is_retried_and_then_reported_as_not_sent()
        {
            var rig = new Rig();
            rig.Sandbox.EnqueueFault(WxApi.Micropay, SandboxFault.ConnectTimeout);
            rig.Sandbox.EnqueueFault(WxApi.Micropay, SandboxFault.DnsError);
            Assert.Equal(SaleStatus.Paid, rig.Pay(ScenarioKind.PasswordFree).Status);

            for (int i = 0; i < 3; i++)
            {
                rig.Sandbox.EnqueueFault(WxApi.Micropay, SandboxFault.HandshakeFailure);
            }

            PaymentResult result = rig.Pay(ScenarioKind.PasswordFree);
            Assert.Equal(SaleStatus.NotSent, result.Status);
            Assert.Null(rig.Sandbox.Find(result.OutTradeNo));
            rig.AssertInvariant("not sent");
        }

        [Fact]
        public void Failover_leaves_the_primary_at_its_first_connect_timeout_and_never_reorders_on_the_backup()
        {
            var rig = new Rig();
            rig.Gateway.DownHosts.Add(Endpoints.MainlandHost);
            long start = rig.Clock.MonotonicMs;
            PaymentResult first = rig.Pay(ScenarioKind.PasswordFree); // one connect time-out, then the backup
            Assert.Equal(SaleStatus.Paid, first.Status);
            Assert.True(rig.Clock.MonotonicMs - start <= rig.Config.ConnectTimeoutMs + rig.Config.RetryPauseMs + 1000);
            Assert.Equal(Endpoints.MainlandBackupHost, rig.Gateway.Failover.Current);
            Assert.Equal(Endpoints.MainlandBackupHost, rig.Sandbox.Calls.Last().Host);
            PaymentResult second = rig.Pay(ScenarioKind.PasswordFree);
            Assert.Equal(SaleStatus.Paid, second.Status);
            Assert.Equal(Endpoints.MainlandBackupHost, rig.Sandbox.Calls.Last().Host);

            // Back to the primary after 3 minutes.
            rig.Gateway.DownHosts.Clear();
            rig.Clock.Advance(180000);
            Assert.Equal(SaleStatus.Paid, rig.Pay(ScenarioKind.PasswordFree).Status);
            Assert.Equal(Endpoints.MainlandHost, rig.Sandbox.Calls.Last().Host);

            // A micropay whose answer was lost is re-submitted (same out_trade_no) only to the host it went to.
            rig.Sandbox.EnqueueFault(WxApi.Micropay, SandboxFault.DropBeforeProcessing);
            PaymentResult resubmitted = rig.Pay(ScenarioKind.PasswordFree);
            Assert.Equal(SaleStatus.Paid, resubmitted.Status);
            var micropays = rig.Sandbox.Calls.Where(c => c.Api == WxApi.Micropay && c.OutTradeNo == resubmitted.OutTradeNo).ToList();
            Assert.Equal(2, micropays.Count);
            Assert.Single(micropays.Select(m => m.Host).Distinct());
            rig.AssertInvariant("failover");
        }

        [Fact]
        public void Order_numbers_are_unique_across_sales_and_reboots()
        {
            var rig = new Rig();
            var numbers = new System.Collections.Generic.HashSet<string>();
            for (int i = 0; i < 40; i++)
            {
                PaymentResult result = rig.Pay(ScenarioKind.PasswordFree);
                Assert.True(numbers.Add(result.OutTradeNo), result.OutTradeNo + " reused");
                Assert.Null(Requests.CheckOutTradeNo(result.OutTradeNo));
                if (i % 7 == 0)
                {
                    rig.Boot();
                }
            }

            // Per sale: the intent and the outbox record; the sequence costs one write per block of 16 (+ one per reboot).
            Assert.InRange(rig.Flash.Writes - 2 * 40, 1, 3 + 6);
        }
    }
}
