using System.Text;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Issue 11 item 12: like WeChat Pay, the sandbox takes the signature algorithm from each
    /// request's sign_type (absent = MD5), whatever the merchant "prefers", and signs its answer
    /// with the request's algorithm; a sign that does not match the declared algorithm is refused.
    /// </summary>
    public class SandboxSigningTests
    {
        private static long unique = 500;
        private long clock = 1000;

        private WeChatSandbox Sandbox(SignType merchantType)
        {
            MerchantAccount merchant = WeChatSandbox.DefaultMerchant();
            merchant.SignType = merchantType;
            return new WeChatSandbox(merchant, () => clock);
        }

        private static MerchantAccount Client(SignType requestType)
        {
            MerchantAccount account = WeChatSandbox.DefaultMerchant();
            account.SignType = requestType;
            return account;
        }

        private static RequestBuild Micropay(SignType requestType, out string outTradeNo)
        {
            outTradeNo = "SIGN" + (++unique).ToString("D8");
            var order = new MicropayOrder
            {
                OutTradeNo = outTradeNo,
                TotalFee = 101,
                Body = "sandbox-signing",
                AuthCode = Scenario.Code(ScenarioKind.PasswordFree, 0, unique),
            };
            RequestBuild build = Requests.Micropay(Client(requestType), order, "N" + unique.ToString("D31"));
            Assert.True(build.Ok, build.Error);
            return build;
        }

        private static WxParams Parse(SandboxReply reply)
        {
            FlatXmlResult parsed = FlatXml.Parse(reply.Body);
            Assert.True(parsed.Ok, Encoding.UTF8.GetString(reply.Body));
            return parsed.Params;
        }

        private static void AssertSignedWith(WxParams answer, SignType type)
        {
            string key = WeChatSandbox.DefaultMerchant().ApiKey;
            SignType other = type == SignType.Md5 ? SignType.HmacSha256 : SignType.Md5;
            Assert.True(Signer.Verify(answer, key, type), "the answer is signed with the request's " + SignTypes.ToWireName(type));
            Assert.False(Signer.Verify(answer, key, other));
        }

        [Theory]
        [InlineData(SignType.Md5, SignType.Md5)]
        [InlineData(SignType.Md5, SignType.HmacSha256)]
        [InlineData(SignType.HmacSha256, SignType.Md5)]
        [InlineData(SignType.HmacSha256, SignType.HmacSha256)]
        public void Every_api_answers_with_the_requests_algorithm_whatever_the_merchants(SignType merchantType, SignType requestType)
        {
            WeChatSandbox sandbox = Sandbox(merchantType);
            RequestBuild pay = Micropay(requestType, out string outTradeNo);
            WxParams paid = Parse(sandbox.Handle(pay.Path, pay.Body, false));
            Assert.Equal("SUCCESS", paid.Get("return_code"));
            Assert.Equal("SUCCESS", paid.Get("result_code"));
            AssertSignedWith(paid, requestType);

            RequestBuild query = Requests.OrderQuery(Client(requestType), outTradeNo, null, "Q" + unique.ToString("D31"));
            WxParams queried = Parse(sandbox.Handle(query.Path, query.Body, false));
            Assert.Equal("SUCCESS", queried.Get("trade_state"));
            AssertSignedWith(queried, requestType);

            RequestBuild reverse = Requests.Reverse(Client(requestType), outTradeNo, null, "R" + unique.ToString("D31"));
            WxParams reversed = Parse(sandbox.Handle(reverse.Path, reverse.Body, true));
            Assert.Equal("SUCCESS", reversed.Get("result_code"));
            AssertSignedWith(reversed, requestType);
        }

        [Theory]
        [InlineData(SignType.Md5)]
        [InlineData(SignType.HmacSha256)]
        public void A_request_without_sign_type_is_MD5_and_answered_in_MD5(SignType merchantType)
        {
            WeChatSandbox sandbox = Sandbox(merchantType);
            RequestBuild pay = Micropay(SignType.Md5, out _);
            WxParams request = pay.Params;
            request.Remove(SignTypes.ParameterName);
            request.Set(Signer.SignName, Signer.Sign(request, WeChatSandbox.DefaultMerchant().ApiKey, SignType.Md5));
            WxParams answer = Parse(sandbox.Handle(pay.Path, FlatXml.Write(request), false));
            Assert.Equal("SUCCESS", answer.Get("result_code"));
            AssertSignedWith(answer, SignType.Md5);
        }

        [Theory]
        [InlineData("HMAC-SHA256", SignType.Md5)]
        [InlineData("MD5", SignType.HmacSha256)]
        [InlineData("hmac-sha256", SignType.HmacSha256)]
        [InlineData("SHA256", SignType.HmacSha256)]
        public void A_sign_that_does_not_match_the_declared_sign_type_is_refused_and_nothing_is_charged(string declared, SignType signedWith)
        {
            WeChatSandbox sandbox = Sandbox(SignType.Md5);
            RequestBuild pay = Micropay(SignType.Md5, out string outTradeNo);
            WxParams request = pay.Params;
            request.Set(SignTypes.ParameterName, declared);
            request.Set(Signer.SignName, Signer.Sign(request, WeChatSandbox.DefaultMerchant().ApiKey, signedWith));
            WxParams answer = Parse(sandbox.Handle(pay.Path, FlatXml.Write(request), false));
            Assert.Equal("FAIL", answer.Get("return_code"));
            Assert.Null(answer.Get(Signer.SignName));
            Assert.Equal(0, sandbox.NetCharged(outTradeNo));
        }

        [Theory]
        [InlineData(SignType.Md5)]
        [InlineData(SignType.HmacSha256)]
        public void Injected_system_errors_are_signed_with_the_requests_algorithm_and_bad_signatures_with_neither(SignType requestType)
        {
            WeChatSandbox sandbox = Sandbox(requestType == SignType.Md5 ? SignType.HmacSha256 : SignType.Md5);
            sandbox.EnqueueFault(WxApi.Micropay, SandboxFault.SystemError);
            RequestBuild pay = Micropay(requestType, out _);
            WxParams systemError = Parse(sandbox.Handle(pay.Path, pay.Body, false));
            Assert.Equal("SYSTEMERROR", systemError.Get("err_code"));
            AssertSignedWith(systemError, requestType);

            sandbox.EnqueueFault(WxApi.Micropay, SandboxFault.BadSignature);
            pay = Micropay(requestType, out _);
            WxParams forged = Parse(sandbox.Handle(pay.Path, pay.Body, false));
            string key = WeChatSandbox.DefaultMerchant().ApiKey;
            Assert.False(Signer.Verify(forged, key, SignType.Md5));
            Assert.False(Signer.Verify(forged, key, SignType.HmacSha256));
            Assert.Equal(requestType == SignType.Md5 ? 32 : 64, forged.Get(Signer.SignName).Length);
        }
    }
}
