using System.Collections.Generic;
using Terminal.Core.Payments;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// A power cut at every storage operation of a payment (sequence reservation, intent,
    /// outbox commit, journal updates and deletes), with LittleFS semantics and with torn
    /// writes; then reboot, recovery and background reconciliation. Never a charged order without
    /// a notification, never an unknown order left unresolved, never an order number reused.
    /// </summary>
    public class PowerCutTests
    {
        public static readonly TheoryData<ScenarioKind, int, bool> Payments = new()
        {
            { ScenarioKind.PasswordFree, 0, false },
            { ScenarioKind.PaidAfter, 12, false },
            { ScenarioKind.NeverPays, 0, false },
            { ScenarioKind.CustomerCancels, 8, false },
            { ScenarioKind.Fail, 3, false },
            { ScenarioKind.DropAfterProcessing, 0, false },
            { ScenarioKind.OrderNotExistThenResubmit, 0, false },
            { ScenarioKind.RecallY, 12, false },
            { ScenarioKind.PasswordFree, 0, true },
            { ScenarioKind.PaidAfter, 12, true },
            { ScenarioKind.NeverPays, 0, true },
            { ScenarioKind.RecallY, 12, true },
        };

        [Theory]
        [MemberData(nameof(Payments))]
        public void A_power_cut_at_every_storage_operation_is_recovered(ScenarioKind kind, int n, bool torn)
        {
            // A clean run counts the storage operations of this payment (after a first sale, so the
            // sequence block and the folders exist as on a terminal in service).
            int operations = CountOperations(kind, n);
            Assert.True(operations >= 2, kind + " uses " + operations + " storage operations");
            var numbers = new HashSet<string>();
            for (int cut = 1; cut <= operations + 1; cut++)
            {
                string context = kind + "(" + n + ") cut at op " + cut + (torn ? " torn" : string.Empty);
                var rig = new Rig();
                rig.Flash.Torn = torn ? TornWrite.Prefix : TornWrite.KeepPrevious;
                Assert.Equal(SaleStatus.Paid, rig.Pay(ScenarioKind.PasswordFree).Status);
                rig.Flash.CutPowerAt(cut);
                bool cutHappened = false;
                try
                {
                    rig.Pay(kind, n);
                }
                catch (PowerCutException)
                {
                    cutHappened = true;
                }

                Assert.True(cutHappened || cut == operations + 1, context + ": the cut did not happen");
                rig.Flash.Reboot();
                rig.Clock.Advance(3000);
                rig.Boot();
                rig.Engine.Recover();
                Assert.True(rig.Settle(), context + ": unresolved after recovery: " + string.Join(", ", rig.Engine.PendingOrders()));
                rig.AssertInvariant(context);

                // The terminal keeps selling with fresh order numbers.
                PaymentResult after = rig.Pay(ScenarioKind.PasswordFree);
                Assert.Equal(SaleStatus.Paid, after.Status);
                foreach (SandboxOrder order in rig.Sandbox.Orders)
                {
                    Assert.DoesNotContain(rig.Sandbox.Calls, c => c.OutTradeNo == order.OutTradeNo && c.Answer == "OUT_TRADE_NO_USED");
                }

                rig.AssertInvariant(context + ", next sale");
                numbers.Add(after.OutTradeNo);
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_power_cut_while_reserving_order_numbers_on_a_fresh_terminal_is_recovered(bool torn)
        {
            var clean = new Rig();
            clean.Flash.ResetCounters();
            clean.Pay(ScenarioKind.PaidAfter, 7);
            int operations = clean.Flash.Operations;
            for (int cut = 1; cut <= operations; cut++)
            {
                string context = "fresh terminal, cut at op " + cut;
                var rig = new Rig();
                rig.Flash.Torn = torn ? TornWrite.Prefix : TornWrite.KeepPrevious;
                rig.Flash.CutPowerAt(cut);
                Assert.Throws<PowerCutException>(() => rig.Pay(ScenarioKind.PaidAfter, 7));
                rig.Flash.Reboot();
                rig.Boot();
                rig.Engine.Recover();
                Assert.True(rig.Settle(), context);
                rig.AssertInvariant(context);
                var seen = new HashSet<string>();
                for (int i = 0; i < 20; i++)
                {
                    PaymentResult result = rig.Pay(ScenarioKind.PasswordFree);
                    Assert.True(seen.Add(result.OutTradeNo) && result.Status == SaleStatus.Paid, context);
                    Assert.DoesNotContain(rig.Sandbox.Calls, c => c.Answer == "OUT_TRADE_NO_USED");
                }
            }
        }

        private static int CountOperations(ScenarioKind kind, int n)
        {
            var rig = new Rig();
            Assert.Equal(SaleStatus.Paid, rig.Pay(ScenarioKind.PasswordFree).Status);
            rig.Flash.ResetCounters();
            rig.Pay(kind, n);
            return rig.Flash.Operations;
        }
    }
}
