using BenchmarkDotNet.Attributes;
using Terminal.Core.Money;
using Terminal.Core.Protocol;

namespace Terminal.Benchmarks
{
    /// <summary>
    /// The whole protocol cost of one payment's first round trip: validate, sign and serialize a
    /// micropay request (Requests.Micropay → XML bytes), and parse, authenticate and classify its
    /// SUCCESS answer (Responses.ReadMicropay from the raw body).
    /// </summary>
    [MemoryDiagnoser]
    public class MessageBenchmarks
    {
        private readonly MerchantAccount account;
        private readonly MicropayOrder order;
        private readonly byte[] answer;
        private readonly Responses.Expectation expected;

        public MessageBenchmarks()
        {
            account = new MerchantAccount
            {
                AppId = "wxd930ea5d5a258f4f",
                MchId = "10000100",
                ApiKey = "192006250b4c09247ec02edce69f6a2d",
                Currency = Currency.CNY,
                DeviceInfo = "STORE1-T1",
                SpbillCreateIp = "192.168.1.20",
            };
            order = new MicropayOrder
            {
                OutTradeNo = "T0001000000000001",
                TotalFee = 1234,
                Body = "星巴克-北京店-咖啡",
                AuthCode = "134567890123456789",
            };
            var p = new WxParams();
            string[] fields =
            {
                "return_code", "SUCCESS", "return_msg", "OK", "appid", "wxd930ea5d5a258f4f", "mch_id", "10000100",
                "device_info", "STORE1-T1", "nonce_str", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS", "result_code", "SUCCESS",
                "openid", "oUpF8uN95-Ptaags6E_roPHg7AG0", "is_subscribe", "N", "trade_type", "MICROPAY",
                "bank_type", "CMB_DEBIT", "total_fee", "1234", "fee_type", "CNY", "cash_fee", "1234",
                "transaction_id", "4200000000202611210000000001", "out_trade_no", "T0001000000000001",
                "time_end", "20261121120000",
            };
            for (int i = 0; i < fields.Length; i += 2)
            {
                p.Set(fields[i], fields[i + 1]);
            }

            p.Set("sign", Signer.Sign(p, account.ApiKey, SignType.Md5));
            answer = FlatXml.Write(p);
            expected = new Responses.Expectation(account, order.OutTradeNo, order.TotalFee);
        }

        [Benchmark(Description = "Build, sign and serialize a micropay request")]
        public byte[] BuildMicropay() => Requests.Micropay(account, order, "ibuaiVcKdpRxkhJA5K8264ILTKCH16CQ").Body;

        [Benchmark(Description = "Parse, verify and classify a micropay answer")]
        public Verdict ReadMicropayAnswer() => Responses.ReadMicropay(answer, 0, answer.Length, expected).Verdict;
    }
}
