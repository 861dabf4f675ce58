using System;
using System.Text;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Signed v2 requests for the store operations (refund, refundquery, downloadbill, report),
    /// built the way WeChat documents them, and the sandbox's answers read back. The terminal's
    /// own request builders for these calls come later; these tests pin the sandbox's side.
    /// </summary>
    public sealed class StoreOpsClient
    {
        private static long nonces;

        public StoreOpsClient(WeChatSandbox sandbox, SignType signType = SignType.Md5)
        {
            Sandbox = sandbox;
            SignType = signType;
        }

        public WeChatSandbox Sandbox { get; }

        public SignType SignType { get; set; }

        /// <summary>False: the call arrives without the merchant's client certificate.</summary>
        public bool ClientCertificate { get; set; } = true;

        /// <summary>The last reply (null before the first request).</summary>
        public SandboxReply? LastReply { get; private set; }

        /// <summary>The last reply; a test that reads it before any request fails clearly.</summary>
        public SandboxReply Reply => LastReply ?? throw new InvalidOperationException("no request was sent yet");

        public byte[] Body(params (string Name, string Value)[] fields)
        {
            MerchantAccount merchant = Sandbox.Merchant;
            var p = new WxParams();
            p.Set("appid", merchant.AppId);
            p.Set("mch_id", merchant.MchId);
            foreach ((string name, string value) in fields)
            {
                p.Set(name, value);
            }

            p.Set("nonce_str", "N" + (++nonces).ToString("D31"));
            p.Set("sign_type", SignTypes.ToWireName(SignType));
            p.Set("sign", Signer.Sign(p, merchant.ApiKey, SignType));
            return FlatXml.Write(p);
        }

        public SandboxReply Send(string path, params (string Name, string Value)[] fields)
        {
            LastReply = Sandbox.Handle(path, Body(fields), ClientCertificate);
            return LastReply;
        }

        /// <summary>Sends and reads a signed (or unsigned FAIL) XML answer; asserts it parses.</summary>
        public WxParams Call(string path, params (string Name, string Value)[] fields)
        {
            SandboxReply reply = Send(path, fields);
            Assert.Equal(200, reply.Status);
            return Parse(reply);
        }

        public static WxParams Parse(SandboxReply reply)
        {
            FlatXmlResult parsed = FlatXml.Parse(reply.Body);
            Assert.True(parsed.Ok, Encoding.UTF8.GetString(reply.Body));
            return parsed.Params;
        }

        public bool Verifies(WxParams answer) => Signer.Verify(answer, Sandbox.Merchant.ApiKey, SignType);

        public WxParams Refund(string outTradeNo, string outRefundNo, long totalFee, long refundFee) =>
            Call(Endpoints.RefundPath, ("out_trade_no", outTradeNo), ("out_refund_no", outRefundNo), ("total_fee", totalFee.ToString()), ("refund_fee", refundFee.ToString()));

        public WxParams RefundQuery(string name, string value, long offset = -1) => offset < 0
            ? Call(Endpoints.RefundQueryPath, (name, value))
            : Call(Endpoints.RefundQueryPath, (name, value), ("offset", offset.ToString()));

        public WxParams OrderQuery(string outTradeNo) => Call(Endpoints.OrderQueryPath, ("out_trade_no", outTradeNo));

        public WxParams Reverse(string outTradeNo) => Call(Endpoints.ReversePath, ("out_trade_no", outTradeNo));

        /// <summary>A password-free micropay (or the given scenario code); returns out_trade_no.</summary>
        public string Pay(string authCode, long fee, string? outTradeNo = null)
        {
            outTradeNo ??= "T1" + (++nonces).ToString("D12");
            WxParams paid = Call(Endpoints.MicropayPath, ("body", "store-coffee"), ("out_trade_no", outTradeNo), ("total_fee", fee.ToString()),
                ("fee_type", "CNY"), ("spbill_create_ip", "127.0.0.1"), ("auth_code", authCode), ("device_info", "POS-1"));
            Assert.Equal("SUCCESS", paid.Get("return_code"));
            return outTradeNo;
        }

        public static void AssertSuccess(WxParams answer)
        {
            Assert.True(answer.Get("return_code") == "SUCCESS" && answer.Get("result_code") == "SUCCESS",
                "expected SUCCESS, got " + answer.Get("return_code") + "/" + answer.Get("result_code") + " " + answer.Get("err_code") + " " + answer.Get("err_code_des") + " " + answer.Get("return_msg"));
        }

        public static void AssertError(WxParams answer, string errCode)
        {
            Assert.Equal("SUCCESS", answer.Get("return_code"));
            Assert.Equal("FAIL", answer.Get("result_code"));
            Assert.Equal(errCode, answer.Get("err_code"));
        }
    }
}
