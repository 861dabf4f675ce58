using System.Text;
using System;
using Terminal.Core.Crypto;
using Terminal.Core.Protocol;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Protocol
{
    [TestClass]
    public class SignerTests
    {
        private const string Key = "192006250b4c09247ec02edce69f6a2d";
        private const string PublishedStringToSign = "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d";
        private const string PublishedMd5 = "9A0A8659F005D6984697E2CA0A9CF3B7";
        private const string PublishedHmac = "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6";

        // The published example, in the order of WeChat's documentation (not sorted).
        private static WxParams Published()
        {
            WxParams p = new WxParams();
            p.Set("appid", "wxd930ea5d5a258f4f");
            p.Set("mch_id", "10000100");
            p.Set("device_info", "1000");
            p.Set("body", "test");
            p.Set("nonce_str", "ibuaiVcKdpRxkhJA");
            return p;
        }

        [TestMethod]
        public void StringToSign_of_the_published_vector()
        {
            Assert.AreEqual(PublishedStringToSign, Signer.StringToSign(Published(), Key));
        }

        [TestMethod]
        public void Sign_MD5_gives_the_published_signature()
        {
            Assert.AreEqual(PublishedMd5, Signer.Sign(Published(), Key, SignType.Md5));
        }

        [TestMethod]
        public void Sign_HMAC_SHA256_gives_the_published_signature()
        {
            Assert.AreEqual(PublishedHmac, Signer.Sign(Published(), Key, SignType.HmacSha256));
        }

        [TestMethod]
        public void MaskedStringToSign_hides_the_key()
        {
            string masked = Signer.MaskedStringToSign(Published());
            Assert.AreEqual("appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=***", masked);
            Assert.DoesNotContains(Key, masked);
        }

        [TestMethod]
        public void Names_sort_by_ordinal_byte_order_case_sensitive()
        {
            WxParams p = new WxParams();
            p.Set("a", "1");
            p.Set("B", "2");
            p.Set("ab", "3");
            p.Set("a_b", "4");
            p.Set("Z", "5");
            p.Set("_x", "6");
            // 'B'(0x42) < 'Z'(0x5A) < '_'(0x5F) < 'a'(0x61); "a" < "a_b" < "ab" ('_' 0x5F < 'b' 0x62).
            Assert.AreEqual("B=2&Z=5&_x=6&a=1&a_b=4&ab=3&key=k", Signer.StringToSign(p, "k"));
        }

        [TestMethod]
        [DataRow("B", "a", -1)]
        [DataRow("a", "B", 1)]
        [DataRow("a", "ab", -1)]
        [DataRow("abc", "abc", 0)]
        [DataRow("mch_id", "mch_idx", -1)]
        [DataRow("sub_appid", "sub_mch_id", -1)]
        public void CompareOrdinal_is_byte_order(string a, string b, int expectedSign)
        {
            int result = Signer.CompareOrdinal(a, b);
            int sign = result < 0 ? -1 : (result > 0 ? 1 : 0);
            Assert.AreEqual(expectedSign, sign, a + " vs " + b);
        }

        [TestMethod]
        public void Empty_values_and_sign_are_left_out()
        {
            WxParams p = Published();
            p.Set("attach", "");
            p.Set("sign", "ANYTHING");
            p.Set("zz_empty", "");
            Assert.AreEqual(PublishedStringToSign, Signer.StringToSign(p, Key));
            Assert.AreEqual(PublishedMd5, Signer.Sign(p, Key, SignType.Md5));
        }

        [TestMethod]
        public void Whitespace_values_are_not_empty()
        {
            WxParams p = new WxParams();
            p.Set("attach", " ");
            Assert.AreEqual("attach= &key=k", Signer.StringToSign(p, "k"));
        }

        [TestMethod]
        public void Values_are_raw_never_escaped()
        {
            WxParams p = new WxParams();
            p.Set("detail", "{\"a\":\"<b>&c\"}");
            p.Set("body", "x=y&z");
            Assert.AreEqual("body=x=y&z&detail={\"a\":\"<b>&c\"}&key=k", Signer.StringToSign(p, "k"));
        }

        [TestMethod]
        public void No_signed_parameters_leaves_only_the_key()
        {
            WxParams p = new WxParams();
            p.Set("sign", "X");
            Assert.AreEqual("key=k", Signer.StringToSign(p, "k"));
        }

        [TestMethod]
        public void CJK_values_are_signed_as_UTF8()
        {
            // body = 刷卡支付测试-门店 (9 characters, 8 of them 3 bytes in UTF-8)
            WxParams p = new WxParams();
            p.Set("total_fee", "1");
            p.Set("out_trade_no", "1217752501201407033233368018");
            p.Set("body", "\u5237\u5361\u652F\u4ED8\u6D4B\u8BD5\u002D\u95E8\u5E97");
            byte[] bytes = Signer.BytesToSign(p, Key);
            Assert.AreEqual(121, bytes.Length, "UTF-8 byte count");
            Assert.AreEqual(Signer.StringToSign(p, Key), new string(Encoding.UTF8.GetChars(bytes)));
            // Expected values computed independently (Python hashlib/hmac over the UTF-8 bytes).
            Assert.AreEqual("4836B71B197A2A2E94BD48B1345C5F5D", Signer.Sign(p, Key, SignType.Md5));
            Assert.AreEqual("B12EAE44F15C46296BFDFAE599149DD8046C2E7FFA1818B613F4C3D339BC2EAA", Signer.Sign(p, Key, SignType.HmacSha256));
        }

        [TestMethod]
        public void BytesToSign_equals_UTF8_of_StringToSign()
        {
            WxParams p = Published();
            p.Set("attach", "\u00E9\u00DF\u4E2D");
            byte[] direct = Signer.BytesToSign(p, Key);
            byte[] viaString = Encoding.UTF8.GetBytes(Signer.StringToSign(p, Key));
            Assert.AreEqual(Hex.Encode(viaString), Hex.Encode(direct));
        }

        [TestMethod]
        public void Sign_does_not_change_the_parameters()
        {
            WxParams p = Published();
            p.Set("sign", "OLD");
            Signer.Sign(p, Key, SignType.Md5);
            Assert.AreEqual(6, p.Count);
            Assert.AreEqual("appid", p.NameAt(0));
            Assert.AreEqual("OLD", p.Get("sign"));
        }

        [TestMethod]
        public void Signer_refuses_null_arguments()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Signer.StringToSign(null, Key));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Signer.StringToSign(Published(), null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Signer.Sign(Published(), null, SignType.Md5));
        }

        [TestMethod]
        public void Verify_accepts_the_published_signatures()
        {
            WxParams p = Published();
            p.Set("sign", PublishedMd5);
            Assert.IsTrue(Signer.Verify(p, Key, SignType.Md5), "MD5");
            p.Set("sign", PublishedHmac);
            Assert.IsTrue(Signer.Verify(p, Key, SignType.HmacSha256), "HMAC-SHA256");
        }

        [TestMethod]
        public void Verify_refuses_wrong_type_wrong_key_lower_case_and_missing_sign()
        {
            WxParams p = Published();
            p.Set("sign", PublishedMd5);
            Assert.IsFalse(Signer.Verify(p, Key, SignType.HmacSha256), "wrong sign type");
            Assert.IsFalse(Signer.Verify(p, "192006250b4c09247ec02edce69f6a2e", SignType.Md5), "wrong key");
            p.Set("sign", PublishedMd5.ToLower());
            Assert.IsFalse(Signer.Verify(p, Key, SignType.Md5), "lower-case hex");
            p.Set("sign", "");
            Assert.IsFalse(Signer.Verify(p, Key, SignType.Md5), "empty sign");
            p.Remove("sign");
            Assert.IsFalse(Signer.Verify(p, Key, SignType.Md5), "no sign");
            Assert.IsFalse(Signer.Verify(null, Key, SignType.Md5), "null params");
            Assert.IsFalse(Signer.Verify(Published(), null, SignType.Md5), "null key");
        }

        [TestMethod]
        public void Verify_covers_unknown_received_fields()
        {
            WxParams p = Published();
            p.Set("sign", PublishedMd5);
            p.Set("some_new_field", "x");
            Assert.IsFalse(Signer.Verify(p, Key, SignType.Md5), "an extra field changes the signature");
            p.Set("sign", Signer.Sign(p, Key, SignType.Md5));
            Assert.IsTrue(Signer.Verify(p, Key, SignType.Md5), "signed including the unknown field");
        }

        [TestMethod]
        public void Verify_refuses_any_single_flipped_character()
        {
            WxParams p = Published();
            char[] chars = PublishedHmac.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char original = chars[i];
                chars[i] = original == '0' ? '1' : '0';
                p.Set("sign", new string(chars));
                Assert.IsFalse(Signer.Verify(p, Key, SignType.HmacSha256), "flipped at " + i.ToString());
                chars[i] = original;
            }

            p.Set("sign", new string(chars));
            Assert.IsTrue(Signer.Verify(p, Key, SignType.HmacSha256), "restored");
        }

        [TestMethod]
        public void ConstantTimeEquals_compares_exactly()
        {
            Assert.IsTrue(Hmac.ConstantTimeEquals(PublishedMd5, PublishedMd5));
            Assert.IsTrue(Hmac.ConstantTimeEquals("", ""));
            Assert.IsFalse(Hmac.ConstantTimeEquals(PublishedMd5, PublishedMd5.Substring(0, 31)), "shorter");
            Assert.IsFalse(Hmac.ConstantTimeEquals(PublishedMd5, PublishedMd5 + "0"), "longer");
            Assert.IsFalse(Hmac.ConstantTimeEquals(PublishedMd5, ""), "empty");
            Assert.IsFalse(Hmac.ConstantTimeEquals("", PublishedMd5), "empty expected");
            Assert.IsFalse(Hmac.ConstantTimeEquals(null, PublishedMd5), "null expected");
            Assert.IsFalse(Hmac.ConstantTimeEquals(PublishedMd5, null), "null actual");
            Assert.IsFalse(Hmac.ConstantTimeEquals(null, null), "both null");
            Assert.IsFalse(Hmac.ConstantTimeEquals("ABC", "abc"), "case");
        }

        [TestMethod]
        public void ConstantTimeEquals_refuses_a_flip_at_every_position()
        {
            char[] chars = PublishedMd5.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char original = chars[i];
                chars[i] = (char)(original ^ 1);
                Assert.IsFalse(Hmac.ConstantTimeEquals(PublishedMd5, new string(chars)), "flipped at " + i.ToString());
                chars[i] = original;
            }
        }
    }
}
