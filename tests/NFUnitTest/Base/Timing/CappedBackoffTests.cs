using nanoFramework.TestFramework;
using Terminal.Core.Timing;

namespace Terminal.Tests.Timing
{
    [TestClass]
    public class CappedBackoffTests
    {
        [TestMethod]
        [DataRow(1, 100L, 1000L, 100L)]
        [DataRow(2, 100L, 1000L, 200L)]
        [DataRow(4, 100L, 1000L, 800L)]
        [DataRow(5, 100L, 1000L, 1000L)]
        [DataRow(500, 100L, 1000L, 1000L)]
        [DataRow(0, 100L, 1000L, 100L)]
        [DataRow(-3, 100L, 1000L, 100L)]
        [DataRow(3, 500L, 300L, 300L)]
        [DataRow(2147483647, 1L, 9223372036854775807L, 9223372036854775807L)]
        [DataRow(2147483647, 0L, 10L, 0L)]
        [DataRow(62, 1L, 9223372036854775807L, 2305843009213693952L)]
        public void Doubles_from_the_first_wait_up_to_the_cap(int attempt, long first, long max, long expected)
        {
            Assert.AreEqual(expected, CappedBackoff.Delay(attempt, first, max));
        }

        // The documented figures of every retry loop that uses it (docs/merchant-api.md,
        // docs/console.md, docs/storage.md, PaymentConfig, WifiPolicy, BootBackoff).
        [TestMethod]
        [DataRow(1, 2000L, 300000L, 2000L)] // outbox forwarder: 2 s ...
        [DataRow(8, 2000L, 300000L, 256000L)]
        [DataRow(9, 2000L, 300000L, 300000L)] // ... up to 5 min
        [DataRow(1, 1000L, 8000L, 1000L)] // reverse pauses: 1 s ...
        [DataRow(4, 1000L, 8000L, 8000L)] // ... up to 8 s
        [DataRow(1, 5000L, 120000L, 5000L)] // Wi-Fi re-join: 5 s ...
        [DataRow(6, 5000L, 120000L, 120000L)] // ... up to 2 min
        [DataRow(1, 30L, 3600L, 30L)] // PIN lockout: 30 s ...
        [DataRow(8, 30L, 3600L, 3600L)] // ... up to 1 h
        [DataRow(5, 1L, 30L, 16L)] // boot loop guard: 1 min ...
        [DataRow(6, 1L, 30L, 30L)] // ... up to 30 min
        public void The_figures_the_retry_loops_document(int attempt, long first, long max, long expected)
        {
            Assert.AreEqual(expected, CappedBackoff.Delay(attempt, first, max));
        }
    }
}
