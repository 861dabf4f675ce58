using System;
using System.Text;
using Terminal.Core.Protocol;
using Terminal.Simulator.Cli;
using Xunit;

namespace Terminal.Tests.HostOnly.Cli
{
    public class VerifyCommandTests
    {
        private const string Key = SignCommandTests.Key;

        // The published example as a signed XML message (strings in CDATA, as WeChat writes them).
        private const string PublishedXml =
            "<xml><appid><![CDATA[wxd930ea5d5a258f4f]]></appid><mch_id>10000100</mch_id><device_info>1000</device_info>" +
            "<body><![CDATA[test]]></body><nonce_str><![CDATA[ibuaiVcKdpRxkhJA]]></nonce_str>" +
            "<sign><![CDATA[9A0A8659F005D6984697E2CA0A9CF3B7]]></sign></xml>";

        private const string PublishedHmacXml =
            "<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id><device_info>1000</device_info>" +
            "<body>test</body><nonce_str>ibuaiVcKdpRxkhJA</nonce_str>" +
            "<sign>6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6</sign></xml>";

        [Fact]
        public void Published_vector_is_VALID()
        {
            CliRun run = CliRun.Invoke(PublishedXml, "verify", "--key", Key);
            Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
            Assert.Equal(
                new[]
                {
                    "sign_type: MD5 (default; a response is signed with the request's sign_type)",
                    "left out: sign (never signed)",
                    "string to sign: appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=***",
                    "VALID",
                },
                run.OutLines);
        }

        [Fact]
        public void Published_HMAC_vector_is_VALID_with_the_sign_type_option()
        {
            CliRun run = CliRun.Invoke(PublishedHmacXml, "verify", "--key", Key, "--sign-type", "HMAC-SHA256");
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal("VALID", run.LastLine);
        }

        [Fact]
        public void Wrong_sign_type_is_INVALID_with_a_hint_naming_the_right_one()
        {
            CliRun run = CliRun.Invoke(PublishedHmacXml, "verify", "--key", Key);
            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            Assert.Contains("hint: the sign matches HMAC-SHA256; use --sign-type HMAC-SHA256 (a response is signed with the request's sign_type)", run.Out);
            Assert.Equal("INVALID (expected 9A0A8659F005D6984697E2CA0A9CF3B7, got 6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6)", run.LastLine);
        }

        [Fact]
        public void A_message_signed_with_another_algorithm_than_its_sign_type_is_named()
        {
            var p = new WxParams();
            p.Set("appid", "wxd930ea5d5a258f4f");
            p.Set("sign_type", "HMAC-SHA256");
            p.Set("total_fee", "2350");
            string md5 = Signer.Sign(p, Key, SignType.Md5);
            string xml = "<xml><appid>wxd930ea5d5a258f4f</appid><sign_type>HMAC-SHA256</sign_type><total_fee>2350</total_fee><sign>" + md5 + "</sign></xml>";

            CliRun run = CliRun.Invoke(xml, "verify", "--key", Key);
            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            Assert.Contains("hint: the message says sign_type=HMAC-SHA256 but was signed with MD5: the sender used the wrong algorithm (WeChat answers SIGNERROR)", run.Out);
            Assert.Equal("INVALID (expected " + Signer.Sign(p, Key, SignType.HmacSha256) + ", got " + md5 + ")", run.LastLine);

            run = CliRun.Invoke(xml, "verify", "--key", Key + "x");
            Assert.Contains("hint: the sign has 32 characters (the length of an MD5 signature); HMAC-SHA256 signatures have 64", run.Out);
        }

        [Fact]
        public void A_changed_field_is_INVALID_with_both_signatures()
        {
            string tampered = PublishedXml.Replace("<device_info>1000<", "<device_info>1001<");
            CliRun run = CliRun.Invoke(tampered, "verify", "--key", Key);
            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            string expected = Signer.Sign(Published("1001"), Key, SignType.Md5);
            Assert.Equal("INVALID (expected " + expected + ", got 9A0A8659F005D6984697E2CA0A9CF3B7)", run.LastLine);
            Assert.Contains("hint: wrong key, or a field differs", run.Out);
        }

        [Fact]
        public void Lower_case_signature_is_INVALID_with_a_case_hint()
        {
            CliRun run = CliRun.Invoke(PublishedXml.Replace("9A0A8659F005D6984697E2CA0A9CF3B7", "9a0a8659f005d6984697e2ca0a9cf3b7"), "verify", "--key", Key);
            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            Assert.Contains("hint: the signatures differ only in letter case", run.Out);
        }

        [Fact]
        public void Sign_type_element_in_the_message_is_used()
        {
            var p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("result_code", "SUCCESS");
            p.Set("sign_type", "HMAC-SHA256");
            p.Set("total_fee", "1");
            string sign = Signer.Sign(p, Key, SignType.HmacSha256);
            string xml = "<xml><return_code><![CDATA[SUCCESS]]></return_code><result_code><![CDATA[SUCCESS]]></result_code>" +
                "<sign_type><![CDATA[HMAC-SHA256]]></sign_type><total_fee>1</total_fee><sign><![CDATA[" + sign + "]]></sign></xml>";
            CliRun run = CliRun.Invoke(xml, "verify", "--key", Key);
            Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
            Assert.Equal("sign_type: HMAC-SHA256 (sign_type in the message)", run.OutLines[0]);
            Assert.Equal("VALID", run.LastLine);
        }

        [Fact]
        public void FAIL_response_without_sign_is_INVALID_and_says_why()
        {
            string xml = "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>";
            CliRun run = CliRun.Invoke(xml, "verify", "--key", Key);
            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            Assert.Equal("hint: return_code=FAIL (return_msg: 签名错误); WeChat does not sign FAIL responses", run.OutLines[run.OutLines.Length - 2]);
            Assert.StartsWith("INVALID (expected ", run.LastLine);
            Assert.EndsWith(", got none)", run.LastLine);
        }

        [Fact]
        public void Unreadable_or_empty_input_exits_3_with_the_parser_message()
        {
            CliRun run = CliRun.Invoke("<xml><a>", "verify", "--key", Key);
            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.StartsWith("error: the input is not a WeChat Pay XML message: ", run.Err);

            run = CliRun.Invoke("<!DOCTYPE x [<!ENTITY e \"x\">]><xml><a>&e;</a></xml>", "verify", "--key", Key);
            Assert.Equal(ExitCodes.BadInput, run.ExitCode);

            run = CliRun.Invoke("", "verify", "--key", Key);
            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.StartsWith("error: no XML on standard input", run.Err);
        }

        [Theory]
        [InlineData("error: missing --key (the merchant's APIv2 key)", "verify")]
        [InlineData("error: unexpected argument 3 (the message is read from standard input; the key goes after --key)", "verify", "--key", "k", "a=1")]
        [InlineData("error: unknown sign type (value not shown) (use MD5 or HMAC-SHA256, exactly in this case)", "verify", "--key", "k", "--sign-type", "SHA256")]
        [InlineData("error: unknown sign type 'hmac-sha256' (use MD5 or HMAC-SHA256, exactly in this case)", "verify", "--key", "k", "--sign-type", "hmac-sha256")]
        public void Bad_arguments_exit_2(string expectedError, params string[] args)
        {
            CliRun run = CliRun.Invoke(PublishedXml, args);
            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Equal(expectedError, run.Err.TrimEnd());
        }

        [Fact]
        public void Works_through_any_message_reader()
        {
            var reader = new StubReader();
            CliRun run = CliRun.Invoke("anything", reader, "verify", "--key", Key);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal("VALID", run.LastLine);
            Assert.Equal("anything", reader.Seen);
        }

        [Fact]
        public void An_unexpected_failure_is_one_line_not_a_stack_trace()
        {
            CliRun run = CliRun.Invoke("x", new ThrowingReader(), "verify", "--key", Key);
            Assert.Equal(ExitCodes.Internal, run.ExitCode);
            Assert.Equal("error: unexpected InvalidOperationException: boom", run.Err.TrimEnd());
        }

        private static WxParams Published(string deviceInfo)
        {
            var p = new WxParams();
            p.Set("appid", "wxd930ea5d5a258f4f");
            p.Set("mch_id", "10000100");
            p.Set("device_info", deviceInfo);
            p.Set("body", "test");
            p.Set("nonce_str", "ibuaiVcKdpRxkhJA");
            return p;
        }

        private sealed class StubReader : IMessageReader
        {
            public string Seen { get; private set; }

            public WxParams Read(byte[] data, out string error)
            {
                Seen = Encoding.UTF8.GetString(data);
                error = null;
                WxParams p = Published("1000");
                p.Set("sign", "9A0A8659F005D6984697E2CA0A9CF3B7");
                return p;
            }
        }

        private sealed class ThrowingReader : IMessageReader
        {
            public WxParams Read(byte[] data, out string error)
            {
                throw new InvalidOperationException("boom");
            }
        }
    }
}
