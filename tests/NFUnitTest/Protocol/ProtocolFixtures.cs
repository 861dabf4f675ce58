using Terminal.Core.Money;
using Terminal.Core.Protocol;
using Terminal.Core.Text;

namespace Terminal.Tests.Protocol
{
    /// <summary>A merchant account and signed WeChat-style answers for protocol tests.</summary>
    public static class ProtocolFixtures
    {
        public const string ApiKey = "192006250b4c09247ec02edce69f6a2d";
        public const string AppId = "wxd930ea5d5a258f4f";
        public const string MchId = "10000100";
        public const string OrderNo = "T0001000000000001";
        public const long Amount = 1234;

        public static MerchantAccount Account()
        {
            MerchantAccount account = new MerchantAccount();
            account.AppId = AppId;
            account.MchId = MchId;
            account.ApiKey = ApiKey;
            account.Currency = Currency.CNY;
            account.MaxTotalFee = 1000000;
            account.DeviceInfo = "STORE1-T1";
            account.SpbillCreateIp = "192.168.1.20";
            return account;
        }

        public static Responses.Expectation Expect()
        {
            return new Responses.Expectation(Account(), OrderNo, Amount);
        }

        /// <summary>An answer with return_code SUCCESS and our ids; callers add fields, then Seal it.</summary>
        public static WxParams Answer(string resultCode)
        {
            WxParams p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("return_msg", "OK");
            p.Set("appid", AppId);
            p.Set("mch_id", MchId);
            p.Set("device_info", "STORE1-T1");
            p.Set("nonce_str", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
            p.Set("result_code", resultCode);
            return p;
        }

        public static WxParams PaidAnswer()
        {
            WxParams p = Answer("SUCCESS");
            p.Set("openid", "oUpF8uN95-Ptaags6E_roPHg7AG0");
            p.Set("is_subscribe", "N");
            p.Set("trade_type", "MICROPAY");
            p.Set("bank_type", "CMB_DEBIT");
            p.Set("total_fee", "1234");
            p.Set("fee_type", "CNY");
            p.Set("cash_fee", "1200");
            p.Set("transaction_id", "4200000000202611210000000001");
            p.Set("out_trade_no", OrderNo);
            p.Set("time_end", "20261121120000");
            p.Set("attach", "门店一号 收银台");
            return p;
        }

        public static WxParams Failure(string errCode)
        {
            WxParams p = Answer("FAIL");
            p.Set("err_code", errCode);
            p.Set("err_code_des", "描述 " + errCode);
            return p;
        }

        /// <summary>Signs with the test key (MD5) and writes the XML body WeChat would send.</summary>
        public static byte[] Seal(WxParams p)
        {
            p.Set("sign", Signer.Sign(p, ApiKey, SignType.Md5));
            return FlatXml.Write(p);
        }

        public static byte[] Text(string xml)
        {
            return Utf8.Encode(xml);
        }
    }
}
