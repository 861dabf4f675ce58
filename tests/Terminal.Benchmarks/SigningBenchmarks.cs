using BenchmarkDotNet.Attributes;
using Terminal.Core.Protocol;

namespace Terminal.Benchmarks
{
    /// <summary>
    /// Building the string to sign and signing a typical micropay request (15 parameters, one
    /// of them Chinese text), and verifying a typical SUCCESS response.
    /// </summary>
    [MemoryDiagnoser]
    public class SigningBenchmarks
    {
        private const string Key = "192006250b4c09247ec02edce69f6a2d";

        private readonly WxParams request = TypicalMicropay();
        private readonly WxParams response = TypicalResponse();

        [Benchmark(Description = "StringToSign (display/log path)")]
        public string StringToSign() => Signer.StringToSign(request, Key);

        [Benchmark(Description = "BytesToSign (UTF-8, signing path)")]
        public byte[] BytesToSign() => Signer.BytesToSign(request, Key);

        [Benchmark(Description = "Sign micropay, MD5")]
        public string SignMd5() => Signer.Sign(request, Key, SignType.Md5);

        [Benchmark(Description = "Sign micropay, HMAC-SHA256")]
        public string SignHmacSha256() => Signer.Sign(request, Key, SignType.HmacSha256);

        [Benchmark(Description = "Verify response, MD5")]
        public bool VerifyMd5() => Signer.Verify(response, Key, SignType.Md5);

        internal static WxParams TypicalMicropay()
        {
            var p = new WxParams();
            p.Set("appid", "wx2421b1c4370ec43b");
            p.Set("mch_id", "10000100");
            p.Set("sub_mch_id", "1900000109");
            p.Set("device_info", "POS-0001");
            p.Set("nonce_str", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
            p.Set("sign_type", "MD5");
            p.Set("body", "\u95E8\u5E97-\u5496\u5561\u2014\u62FF\u94C1 \u5927\u676F");
            p.Set("attach", "shift 2");
            p.Set("out_trade_no", "T0001202405211830150042");
            p.Set("total_fee", "2350");
            p.Set("fee_type", "CNY");
            p.Set("spbill_create_ip", "192.168.1.23");
            p.Set("goods_tag", "");
            p.Set("time_start", "20240521183015");
            p.Set("auth_code", "134567890123456789");
            return p;
        }

        internal static WxParams TypicalResponse()
        {
            var p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("return_msg", "OK");
            p.Set("appid", "wx2421b1c4370ec43b");
            p.Set("mch_id", "10000100");
            p.Set("sub_mch_id", "1900000109");
            p.Set("device_info", "POS-0001");
            p.Set("nonce_str", "GOp3TRyMXzbMlkun");
            p.Set("result_code", "SUCCESS");
            p.Set("openid", "oUpF8uN95-Ptaags6E_roPHg7AG0");
            p.Set("is_subscribe", "N");
            p.Set("trade_type", "MICROPAY");
            p.Set("bank_type", "CMC");
            p.Set("total_fee", "2350");
            p.Set("fee_type", "CNY");
            p.Set("cash_fee", "2350");
            p.Set("transaction_id", "4200002232202405212345678901");
            p.Set("out_trade_no", "T0001202405211830150042");
            p.Set("time_end", "20240521183017");
            p.Set("sign", Signer.Sign(p, Key, SignType.Md5));
            return p;
        }
    }
}
