using System;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Tests.HostOnly.Outbox
{
    /// <summary>
    /// The outbox power-cut sweeps (issue 5, "Done when"). By default each fault kind sweeps every
    /// operation index of a 60-payment workload (a few seconds in all); set
    /// TERMINAL_OUTBOX_SWEEP=full for 300-payment workloads over 5 seeds (minutes).
    /// TERMINAL_TEST_SEED changes the base seed. The seed is printed with every result.
    /// </summary>
    public class PowerCutSweepTests
    {
        private readonly ITestOutputHelper output;

        public PowerCutSweepTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static bool Full
        {
            get { return string.Equals(Environment.GetEnvironmentVariable("TERMINAL_OUTBOX_SWEEP"), "full", StringComparison.OrdinalIgnoreCase); }
        }

        [Theory]
        [InlineData(SweepFault.PowerCut)]
        [InlineData(SweepFault.TornWrite)]
        [InlineData(SweepFault.BitFlip)]
        public void A_power_cut_at_every_operation_index_loses_nothing_and_accepts_nothing_corrupt(SweepFault fault)
        {
            int payments = Full ? 300 : 60;
            int seeds = Full ? 5 : 1;
            for (int s = 0; s < seeds; s++)
            {
                int seed = TestSeed.Base + s;
                var sweep = new PowerCutSweep(seed, payments, fault);
                output.WriteLine("sweep: " + sweep.Describe());
                sweep.Run();
                output.WriteLine("  " + sweep.Operations + " store operations, " + sweep.Runs + " cut runs, " + sweep.Recoveries + " recoveries, "
                    + sweep.CorruptQuarantined + " corrupt files quarantined, " + sweep.FlippedRecordsQuarantined + " bit-flipped records quarantined (visible, not accepted)");
                Assert.Equal(sweep.Operations, sweep.Runs);
                Assert.Equal(sweep.Operations, sweep.Recoveries);
                Assert.True(sweep.Operations > payments * 2, "the workload exercises commits, deletes and renames");
            }
        }

        [Fact]
        public void The_oracle_notices_a_terminal_that_drops_notifications()
        {
            var sweep = new PowerCutSweep(TestSeed.Base, 20, SweepFault.PowerCut) { Sabotage = true };
            output.WriteLine("sabotaged sweep: " + sweep.Describe());
            Exception e = Assert.ThrowsAny<Exception>(() => sweep.Run());
            Assert.Contains("lost", e.Message);
        }
    }
}
