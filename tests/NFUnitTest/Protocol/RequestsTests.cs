using Terminal.Core.Crypto;
using Terminal.Core.Protocol;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Protocol
{
    [TestClass]
    public class RequestsTests
    {
        private const string Nonce = "ibuaiVcKdpRxkhJA";

        private static MicropayOrder Order()
        {
            MicropayOrder order = new MicropayOrder();
            order.OutTradeNo = ProtocolFixtures.OrderNo;
            order.TotalFee = ProtocolFixtures.Amount;
            order.Body = "星巴克-北京店-咖啡";
            order.AuthCode = "134567890123456789";
            return order;
        }

        [TestMethod]
        public void Micropay_is_signed_and_reads_back_identically()
        {
            RequestBuild build = Requests.Micropay(ProtocolFixtures.Account(), Order(), Nonce);
            Assert.IsTrue(build.Ok, build.Error);
            Assert.AreEqual(Endpoints.MicropayPath, build.Path);
            Assert.IsNull(build.Warning);

            FlatXmlResult parsed = FlatXml.Parse(build.Body, 0, build.Body.Length, FlatXml.DefaultMaxBytes);
            Assert.IsTrue(parsed.Ok, parsed.Error);
            WxParams p = parsed.Params;
            Assert.AreEqual("1234", p.Get("total_fee"));
            Assert.AreEqual("CNY", p.Get("fee_type"));
            Assert.AreEqual("星巴克-北京店-咖啡", p.Get("body"));
            Assert.AreEqual("MD5", p.Get("sign_type"));
            Assert.AreEqual("STORE1-T1", p.Get("device_info"));
            Assert.AreEqual("192.168.1.20", p.Get("spbill_create_ip"));
            Assert.IsNull(p.Get("sub_mch_id"));
            Assert.IsTrue(Signer.Verify(p, ProtocolFixtures.ApiKey, SignType.Md5));
        }

        [TestMethod]
        public void Partner_mode_sends_sub_merchant_ids()
        {
            MerchantAccount account = ProtocolFixtures.Account();
            account.SubMchId = "1900000109";
            account.SubAppId = "wx8888888888888888";
            account.SignType = SignType.HmacSha256;
            RequestBuild build = Requests.Micropay(account, Order(), Nonce);
            Assert.IsTrue(build.Ok, build.Error);
            Assert.AreEqual("1900000109", build.Params.Get("sub_mch_id"));
            Assert.AreEqual("wx8888888888888888", build.Params.Get("sub_appid"));
            Assert.AreEqual("HMAC-SHA256", build.Params.Get("sign_type"));
            Assert.AreEqual(64, build.Params.Get("sign").Length);
            Assert.IsTrue(Signer.Verify(build.Params, ProtocolFixtures.ApiKey, SignType.HmacSha256));
        }

        [TestMethod]
        [DataRow("out_trade_no", "", "out_trade_no is required.")]
        [DataRow("out_trade_no", "12345", "out_trade_no must be 6 to 32 characters (got 5).")]
        [DataRow("out_trade_no", "123456789012345678901234567890123", "out_trade_no must be 6 to 32 characters (got 33).")]
        [DataRow("out_trade_no", "ORDER|0001", "out_trade_no may only contain 0-9, A-Z, a-z, _ and - (found '|' at position 6).")]
        [DataRow("out_trade_no", "订单000001", "out_trade_no may only contain 0-9, A-Z, a-z, _ and - (found '订' at position 1).")]
        [DataRow("auth_code", "", "auth_code is required: scan the customer's payment code.")]
        [DataRow("auth_code", "13456789012345678", "auth_code must be 18 digits (got 17 characters).")]
        [DataRow("auth_code", "13456789012345678X", "auth_code must be 18 digits (found 'X' at position 18).")]
        [DataRow("body", "", "body is required.")]
        [DataRow("body", "😀 coffee", "body contains a character outside the Basic Multilingual Plane (e.g. an emoji), which WeChat Pay rejects.")]
        [DataRow("body", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "body is 129 UTF-8 bytes; the limit is 127.")]
        [DataRow("attach", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "attach is 129 UTF-8 bytes; the limit is 127.")]
        [DataRow("limit_pay", "no_debit", "limit_pay must be \"no_credit\" or absent.")]
        [DataRow("receipt", "N", "receipt must be \"Y\" or absent.")]
        [DataRow("time_expire", "2026112112", "time_expire must be yyyyMMddHHmmss (14 digits).")]
        [DataRow("time_start", "20261341120000", "time_start is not a valid date and time (yyyyMMddHHmmss).")]
        public void Micropay_refuses_each_bad_field_before_sending(string field, string value, string error)
        {
            MicropayOrder order = Order();
            switch (field)
            {
                case "out_trade_no": order.OutTradeNo = value; break;
                case "auth_code": order.AuthCode = value; break;
                case "body": order.Body = value; break;
                case "attach": order.Attach = value; break;
                case "limit_pay": order.LimitPay = value; break;
                case "receipt": order.Receipt = value; break;
                case "time_expire": order.TimeExpire = value; break;
                case "time_start": order.TimeStart = value; break;
            }

            RequestBuild build = Requests.Micropay(ProtocolFixtures.Account(), order, Nonce);
            Assert.IsFalse(build.Ok, field);
            Assert.AreEqual(field, build.Field);
            Assert.AreEqual(error, build.Error);
            Assert.IsNull(build.Body, "nothing to send");
        }

        [TestMethod]
        [DataRow(0L, "total_fee must be a positive amount in minor units (got 0).")]
        [DataRow(-100L, "total_fee must be a positive amount in minor units (got -100).")]
        [DataRow(1000001L, "total_fee 10000.01 CNY is above this terminal's maximum of 10000.00.")]
        [DataRow(9223372036854775807L, "total_fee 92233720368547758.07 CNY is above this terminal's maximum of 10000.00.")]
        public void Micropay_refuses_bad_amounts(long amount, string error)
        {
            MicropayOrder order = Order();
            order.TotalFee = amount;
            RequestBuild build = Requests.Micropay(ProtocolFixtures.Account(), order, Nonce);
            Assert.AreEqual("total_fee", build.Field);
            Assert.AreEqual(error, build.Error);
        }

        [TestMethod]
        [DataRow("appid", "appid is required.")]
        [DataRow("mch_id", "mch_id is required.")]
        [DataRow("key", "The API key is not configured.")]
        [DataRow("sub_mch_id", "sub_mch_id is required when sub_appid is set (partner mode).")]
        [DataRow("device_info", "device_info is 33 UTF-8 bytes; the limit is 32.")]
        [DataRow("nonce_str", "nonce_str may only contain letters and digits.")]
        public void Account_problems_are_reported_per_field(string field, string error)
        {
            MerchantAccount account = ProtocolFixtures.Account();
            string nonce = Nonce;
            switch (field)
            {
                case "appid": account.AppId = null; break;
                case "mch_id": account.MchId = ""; break;
                case "key": account.ApiKey = null; break;
                case "sub_mch_id": account.SubAppId = "wx8888888888888888"; break;
                case "device_info": account.DeviceInfo = "123456789012345678901234567890123"; break;
                case "nonce_str": nonce = "abc-def"; break;
            }

            RequestBuild build = Requests.Micropay(account, Order(), nonce);
            Assert.IsFalse(build.Ok);
            Assert.AreEqual(field, build.Field);
            Assert.AreEqual(error, build.Error);
        }

        [TestMethod]
        [DataRow("134567890123456789", false)]
        [DataRow("104567890123456789", false)]
        [DataRow("154567890123456789", false)]
        [DataRow("164567890123456789", true)]
        [DataRow("284567890123456789", true)]
        public void Unusual_auth_code_prefix_warns_but_does_not_block(string authCode, bool warns)
        {
            MicropayOrder order = Order();
            order.AuthCode = authCode;
            RequestBuild build = Requests.Micropay(ProtocolFixtures.Account(), order, Nonce);
            Assert.IsTrue(build.Ok, build.Error);
            Assert.AreEqual(warns, build.Warning != null);
        }

        [TestMethod]
        public void Query_and_reverse_send_exactly_one_order_id()
        {
            RequestBuild byTransaction = Requests.OrderQuery(ProtocolFixtures.Account(), ProtocolFixtures.OrderNo, "4200000000202611210000000001", Nonce);
            Assert.IsTrue(byTransaction.Ok, byTransaction.Error);
            Assert.AreEqual("4200000000202611210000000001", byTransaction.Params.Get("transaction_id"));
            Assert.IsNull(byTransaction.Params.Get("out_trade_no"), "transaction_id wins");

            RequestBuild byOrderNo = Requests.Reverse(ProtocolFixtures.Account(), ProtocolFixtures.OrderNo, null, Nonce);
            Assert.IsTrue(byOrderNo.Ok, byOrderNo.Error);
            Assert.AreEqual(Endpoints.ReversePath, byOrderNo.Path);
            Assert.AreEqual(ProtocolFixtures.OrderNo, byOrderNo.Params.Get("out_trade_no"));
            Assert.IsNull(byOrderNo.Params.Get("transaction_id"));
            Assert.IsTrue(Signer.Verify(byOrderNo.Params, ProtocolFixtures.ApiKey, SignType.Md5));

            RequestBuild neither = Requests.OrderQuery(ProtocolFixtures.Account(), null, null, Nonce);
            Assert.IsFalse(neither.Ok);
            Assert.AreEqual("out_trade_no", neither.Field);
        }

        [TestMethod]
        public void Endpoints_follow_the_region()
        {
            Assert.AreEqual("api.mch.weixin.qq.com", Endpoints.PrimaryHost(Region.Mainland));
            Assert.AreEqual("api2.mch.weixin.qq.com", Endpoints.BackupHost(Region.Mainland));
            Assert.AreEqual("apihk.mch.weixin.qq.com", Endpoints.PrimaryHost(Region.Global));
            Assert.AreEqual("api.mch.weixin.qq.com", Endpoints.BackupHost(Region.Global));
            Assert.IsTrue(Endpoints.NeedsClientCertificate(Endpoints.ReversePath));
            Assert.IsFalse(Endpoints.NeedsClientCertificate(Endpoints.MicropayPath));
            Assert.IsFalse(Endpoints.NeedsClientCertificate(Endpoints.OrderQueryPath));
        }

        [TestMethod]
        public void Nonce_is_32_hex_characters_from_the_random_source()
        {
            CountingRandom random = new CountingRandom();
            string nonce = Terminal.Core.Crypto.Nonce.Create(random);
            Assert.AreEqual(32, nonce.Length);
            Assert.AreEqual("000102030405060708090A0B0C0D0E0F", nonce);
            Assert.AreEqual("101112131415161718191A1B1C1D1E1F", Terminal.Core.Crypto.Nonce.Create(random));
        }

        private sealed class CountingRandom : Terminal.Core.Ports.IRandomSource
        {
            private static byte next;

            public void NextBytes(byte[] buffer)
            {
                for (int i = 0; i < buffer.Length; i++)
                {
                    buffer[i] = next++;
                }
            }
        }
    }
}
