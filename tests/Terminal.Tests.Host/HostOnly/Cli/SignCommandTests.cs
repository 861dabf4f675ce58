using Terminal.Simulator.Cli;
using Xunit;

namespace Terminal.Tests.HostOnly.Cli
{
    public class SignCommandTests
    {
        internal const string Key = "192006250b4c09247ec02edce69f6a2d";

        internal static readonly string[] Published =
        {
            "appid=wxd930ea5d5a258f4f", "mch_id=10000100", "device_info=1000", "body=test", "nonce_str=ibuaiVcKdpRxkhJA",
        };

        private static string[] Args(string[] head, params string[] tail)
        {
            var all = new string[head.Length + tail.Length];
            head.CopyTo(all, 0);
            tail.CopyTo(all, head.Length);
            return all;
        }

        [Fact]
        public void Published_vector_MD5_prints_masked_string_and_signature_last()
        {
            CliRun run = CliRun.Invoke(null, Args(new[] { "sign", "--key", Key }, Published));
            Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
            Assert.Equal(
                new[]
                {
                    "sign_type: MD5 (default)",
                    "string to sign: appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=***",
                    "9A0A8659F005D6984697E2CA0A9CF3B7",
                },
                run.OutLines);
            Assert.DoesNotContain(Key, run.Out);
            Assert.Equal("", run.Err);
        }

        [Fact]
        public void Published_vector_HMAC_SHA256()
        {
            CliRun run = CliRun.Invoke(null, Args(new[] { "sign", "--key=" + Key, "--sign-type", "HMAC-SHA256" }, Published));
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal("sign_type: HMAC-SHA256 (--sign-type)", run.OutLines[0]);
            Assert.Equal("6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6", run.LastLine);
        }

        [Fact]
        public void Sign_type_defaults_to_the_sign_type_parameter_and_lists_left_out_fields()
        {
            CliRun run = CliRun.Invoke(null, Args(Args(new[] { "sign", "--key", Key }, Published), "sign_type=HMAC-SHA256", "attach=", "sign=OLD"));
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal("sign_type: HMAC-SHA256 (sign_type in the message)", run.OutLines[0]);
            Assert.Equal("left out: attach (empty value), sign (never signed)", run.OutLines[1]);
            Assert.EndsWith("&nonce_str=ibuaiVcKdpRxkhJA&sign_type=HMAC-SHA256&key=***", run.OutLines[2]);
            // Independent value: Python hmac over the same string.
            Assert.Equal("2C9DF1156522C0B2B03B4DBF3BCA5CACB602CBD5CA0F9E112458CF3E9855303B", run.LastLine);
        }

        [Fact]
        public void Explicit_sign_type_wins_over_the_parameter_with_a_warning()
        {
            CliRun run = CliRun.Invoke(null, "sign", "--key", Key, "--sign-type", "MD5", "a=1", "sign_type=HMAC-SHA256");
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal("sign_type: MD5 (--sign-type)", run.OutLines[0]);
            Assert.Contains("warning: --sign-type MD5 differs from sign_type=HMAC-SHA256", run.Err);
        }

        [Fact]
        public void Values_keep_equals_signs_and_CJK_text()
        {
            CliRun run = CliRun.Invoke(null, "sign", "--key", Key, "total_fee=1", "out_trade_no=1217752501201407033233368018", "body=刷卡支付测试-门店");
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal("4836B71B197A2A2E94BD48B1345C5F5D", run.LastLine);

            run = CliRun.Invoke(null, "sign", "--key", "k", "detail={\"a\":\"b=c\"}");
            Assert.Equal("string to sign: detail={\"a\":\"b=c\"}&key=***", run.OutLines[1]);
        }

        [Fact]
        public void Warns_about_a_short_key_and_padded_values()
        {
            CliRun run = CliRun.Invoke(null, "sign", "--key", "short", "body= test");
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Contains("warning: the key has 5 characters; WeChat Pay APIv2 keys have 32", run.Err);
            Assert.Contains("warning: the value of 'body' starts or ends with white space", run.Err);
        }

        [Theory]
        [InlineData("error: missing --key (the merchant's APIv2 key)", "sign", "a=1")]
        [InlineData("error: --key is empty", "sign", "--key=", "a=1")]
        [InlineData("error: --key needs a value", "sign", "a=1", "--key")]
        [InlineData("error: unknown sign type 'md5' (use MD5 or HMAC-SHA256, exactly in this case)", "sign", "--key", "k", "--sign-type", "md5", "a=1")]
        [InlineData("error: argument 3 is not name=value (the key goes after --key)", "sign", "--key", "k", "body")]
        [InlineData("error: argument 3 has an empty name before '='", "sign", "--key", "k", "=x")]
        [InlineData("error: unknown sign type (value not shown) (use MD5 or HMAC-SHA256, exactly in this case)", "sign", "--key", "k", "--sign-type", "SHA-256", "a=1")]
        [InlineData("error: unknown option at argument 1 (options: --key, --sign-type)", "sign", "--k3y=1", "a=1")]
        [InlineData("error: parameter 'a' given twice", "sign", "--key", "k", "a=1", "a=2")]
        [InlineData("error: unknown option '--keys' (options: --key, --sign-type)", "sign", "--keys", "k", "a=1")]
        [InlineData("error: no name=value parameters to sign", "sign", "--key", "k")]
        [InlineData("error: --key given twice", "sign", "--key", "k", "--key", "j", "a=1")]
        [InlineData("error: sign_type=hmac-sha256 in the message is not MD5 or HMAC-SHA256 (WeChat compares it case-sensitively); fix it or pass --sign-type", "sign", "--key", "k", "sign_type=hmac-sha256")]
        [InlineData("error: unknown command 'sing' (try: terminal help)", "sing", "--key", "k")]
        public void Bad_arguments_give_one_clear_error_line_and_exit_2(string expectedError, params string[] args)
        {
            CliRun run = CliRun.Invoke(null, args);
            Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
            Assert.Equal(expectedError, run.Err.TrimEnd());
            Assert.Equal("", run.Out);
        }

        [Fact]
        public void No_arguments_and_help_print_usage_and_exit_0()
        {
            foreach (string[] args in new[] { new string[0], new[] { "help" }, new[] { "--help" } })
            {
                CliRun run = CliRun.Invoke(null, args);
                Assert.Equal(ExitCodes.Ok, run.ExitCode);
                Assert.StartsWith("Usage: terminal <command>", run.Out);
            }

            CliRun sign = CliRun.Invoke(null, "sign", "--help");
            Assert.Equal(ExitCodes.Ok, sign.ExitCode);
            Assert.StartsWith("Usage: terminal sign", sign.Out);
        }
    }
}
