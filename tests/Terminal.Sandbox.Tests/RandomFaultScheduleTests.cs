using System;
using System.Linq;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Seeded random fault schedules: random customer scenarios, a random fault on any call
    /// (DNS, connect time-out, handshake, drop before/after processing, stall, slow answer,
    /// truncation, bad signature, SYSTEMERROR, return_code=FAIL, HTTP 500), random cashier
    /// cancels, random power cuts followed by reboot and recovery. After the faults stop and
    /// background reconciliation runs, the invariant must hold. The failing seed is printed;
    /// rerun one with TERMINAL_PAYMENT_SEED=&lt;seed&gt;, or more with TERMINAL_PAYMENT_SEEDS=&lt;count&gt;.
    /// </summary>
    public class RandomFaultScheduleTests
    {
        private static readonly SandboxFault[] Faults = Enum.GetValues<SandboxFault>().Where(f => f != SandboxFault.None).ToArray();
        private readonly ITestOutputHelper output;

        public RandomFaultScheduleTests(ITestOutputHelper output) => this.output = output;

        public static int SeedCount => int.TryParse(Environment.GetEnvironmentVariable("TERMINAL_PAYMENT_SEEDS"), out int n) && n > 0 ? n : 1200;

        [Fact]
        public void Invariant_holds_for_every_seeded_fault_schedule()
        {
            int first = 1;
            int count = SeedCount;
            if (int.TryParse(Environment.GetEnvironmentVariable("TERMINAL_PAYMENT_SEED"), out int only))
            {
                first = only;
                count = 1;
            }

            int sales = 0;
            int[] outcomes = new int[Enum.GetValues<SaleStatus>().Length];
            int cuts = 0;
            for (int seed = first; seed < first + count; seed++)
            {
                try
                {
                    (int s, int c) = RunSeed(seed, outcomes);
                    sales += s;
                    cuts += c;
                }
                catch (Exception ex)
                {
                    throw new Exception("fault schedule seed " + seed + " failed (rerun: TERMINAL_PAYMENT_SEED=" + seed + "): " + ex.Message, ex);
                }
            }

            output.WriteLine(count + " schedules, " + sales + " sales, " + cuts + " power cuts; outcomes: " +
                string.Join(", ", Enum.GetValues<SaleStatus>().Select(s => s + " " + outcomes[(int)s])));
            Assert.True(count < 1000 || outcomes[(int)SaleStatus.Paid] > 0 && outcomes[(int)SaleStatus.Cancelled] > 0 &&
                outcomes[(int)SaleStatus.Failed] > 0 && outcomes[(int)SaleStatus.Unresolved] > 0 && outcomes[(int)SaleStatus.NotSent] > 0,
                "the schedules must reach every outcome");
        }

        internal static (int Sales, int Cuts) RunSeed(int seed, int[] outcomes, Func<int, Rig>? makeRig = null, bool allowConnectFaults = true)
        {
            var random = new Random(seed);
            Rig rig = makeRig?.Invoke(seed) ?? new Rig(seed: seed);
            bool faultsOn = false;
            double p = random.NextDouble() * 0.45;
            SandboxFault[] faults = allowConnectFaults ? Faults : Faults.Where(f => f != SandboxFault.DnsError && f != SandboxFault.ConnectTimeout && f != SandboxFault.HandshakeFailure).ToArray();
            rig.Sandbox.FaultPolicy = (api, otn) => faultsOn && random.NextDouble() < p ? faults[random.Next(faults.Length)] : SandboxFault.None;
            int cuts = 0;
            int sales = 1 + random.Next(3);
            for (int sale = 0; sale < sales; sale++)
            {
                string context = "seed " + seed + " sale " + sale;
                (ScenarioKind kind, int n) = RandomScenario(random);
                int cancelAt = random.NextDouble() < 0.2 ? random.Next(1, 30) : -1;
                rig.Progress.OnReport = progress =>
                {
                    if (cancelAt >= 0 && (progress.Stage == PaymentStage.WaitingForPassword || progress.Stage == PaymentStage.Checking) &&
                        progress.SecondsLeft <= 30 - cancelAt)
                    {
                        rig.Engine.Cancel();
                    }
                };
                bool cut = random.NextDouble() < 0.1;
                if (cut)
                {
                    rig.Flash.CutPowerAt(1 + random.Next(6));
                }

                long fee = 1 + random.Next(100000);
                long start = rig.Clock.MonotonicMs;
                faultsOn = true;
                PaymentResult? result = null;
                try
                {
                    result = rig.Engine.Pay(fee, rig.Code(kind, n));
                }
                catch (PowerCutException)
                {
                    cuts++;
                    rig.Flash.Reboot();
                    rig.Clock.Advance(random.Next(1000, 20000));
                    rig.Boot();
                    rig.Engine.Recover(); // faults still on: recovery must cope too
                }

                rig.Flash.Reboot(); // disarm a cut that never happened
                faultsOn = false;
                if (result != null)
                {
                    outcomes[(int)result.Status]++;
                    rig.AssertResultMatchesLedger(result, context + " " + kind + "(" + n + ")");
                    rig.AssertTiming(result.OutTradeNo ?? "-", start, rig.Clock.MonotonicMs, strictInterval: false, context);
                }

                Assert.True(rig.Settle(), context + ": still pending after reconciliation: " + string.Join(", ", rig.Engine.PendingOrders()));
                rig.AssertInvariant(context);
                rig.Clock.Advance(random.Next(0, 120000));
            }

            return (sales, cuts);
        }

        private static (ScenarioKind, int) RandomScenario(Random random)
        {
            var kinds = Enum.GetValues<ScenarioKind>();
            ScenarioKind kind = kinds[random.Next(kinds.Length)];
            int n = kind switch
            {
                ScenarioKind.PaidAfter => random.Next(0, 50),
                ScenarioKind.CustomerCancels => random.Next(1, 40),
                ScenarioKind.Fail => random.Next(Scenario.FailureCodes.Length),
                ScenarioKind.SystemErrorThenPaid or ScenarioKind.BankErrorThenPaid => random.Next(0, 40),
                ScenarioKind.SlowAnswer => random.Next(0, 15),
                ScenarioKind.DropBeforeProcessing => random.Next(1, 3),
                ScenarioKind.RecallY => random.Next(0, 14),
                _ => 0,
            };
            return (kind, n);
        }
    }
}
