using System.Collections.Generic;
using System.Linq;
using Terminal.Core.Ui;
using Terminal.Simulator.Sim;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>The interactive simulator's reading of input faster than a person types (paste, scripts, fast typing).</summary>
    public sealed class SimulatorInputTests
    {
        [Theory]
        [InlineData("1234567", true, "1234567E")] // fewer than 8 digits: the Enter was lost
        [InlineData("5", true, "5E")]
        [InlineData("12.34", true, "12.34E")]
        [InlineData("12.34", false, "12.34")]
        [InlineData("1234.5678", true, "1234.5678E")] // not only digits: keys, not a scan
        [InlineData("130000000000000001", true, null)]
        [InlineData("12345678", false, null)]
        public void A_burst_is_keys_with_their_enter_or_a_scan(string burst, bool enter, string expectedKeys)
        {
            var keys = new List<Key>();
            string scanned = SimulateCommand.BurstInput(burst, enter, keys);
            if (expectedKeys == null)
            {
                Assert.Equal(burst, scanned);
                Assert.Empty(keys);
                return;
            }

            Assert.Null(scanned);
            Assert.Equal(expectedKeys.Select(c => c == 'E' ? Key.Enter : SimulateCommand.MapChar(c)).ToArray(), keys.ToArray());
        }
    }
}
