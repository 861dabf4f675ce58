using Xunit;

namespace Terminal.Tests.HostOnly.Cli
{
    /// <summary>
    /// Issue 11 item 14: a key typed in the wrong place (without --key, after --sign-type, as a
    /// command) must never be printed back. Error messages name argument positions and parameter
    /// names, never argument values.
    /// </summary>
    public class SecretEchoTests
    {
        private const string Secret = "S3cr3tK3yS3cr3tK3yS3cr3tK3y12345";

        [Theory]
        [InlineData("sign", Secret, "appid=wx1")]
        [InlineData("sign", "appid=wx1", Secret)]
        [InlineData("sign", "--sign-type", "MD5", Secret)]
        [InlineData("sign", "--sign-type", Secret, "appid=wx1")]
        [InlineData("sign", "--sign-type=" + Secret, "appid=wx1")]
        [InlineData("sign", "=" + Secret)]
        [InlineData("sign", "-key", Secret, "appid=wx1")]
        [InlineData("verify", Secret)]
        [InlineData("verify", "--sign-type", Secret)]
        [InlineData(Secret, "sign")]
        public void A_key_given_without_key_is_never_echoed(params string[] args)
        {
            CliRun run = CliRun.Invoke("<xml><a>1</a></xml>", args);
            Assert.Equal(Terminal.Simulator.Cli.ExitCodes.Usage, run.ExitCode);
            Assert.DoesNotContain(Secret, run.Err);
            Assert.DoesNotContain(Secret, run.Out);
            Assert.StartsWith("error: ", run.Err);
        }
    }
}
