using Terminal.Simulator;
using Xunit;

namespace Terminal.Tests.HostOnly.Cli
{
    public class DefaultCommandTests
    {
        [Theory]
        [InlineData("", "simulate")]
        [InlineData("--data d", "simulate --data d")]
        [InlineData("--png x.png --data d", "simulate --png x.png --data d")]
        [InlineData("--help", "--help")]
        [InlineData("-h", "-h")]
        [InlineData("sign --key K a=b", "sign --key K a=b")]
        [InlineData("simulate --data d", "simulate --data d")]
        public void Options_alone_mean_the_simulator(string given, string expected)
        {
            string[] args = given.Length == 0 ? new string[0] : given.Split(' ');
            Assert.Equal(expected, string.Join(" ", Terminal.Simulator.Program.WithDefaultCommand(args)));
        }
    }
}
