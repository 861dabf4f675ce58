using System.Text;
using Terminal.Core.Crypto;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Crypto
{
    /// <summary>RFC 4231 test cases 1-7, through Hmac.Sha256 (the one call path of the signer, the merchant protocol and the PIN).</summary>
    [TestClass]
    public class HmacSha256Tests
    {
        [TestMethod]
        public void Rfc4231_case_1()
        {
            Check(Repeat(0x0b, 20), Ascii("Hi There"), "B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7");
        }

        [TestMethod]
        public void Rfc4231_case_2_key_shorter_than_the_output()
        {
            Check(Ascii("Jefe"), Ascii("what do ya want for nothing?"), "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843");
        }

        [TestMethod]
        public void Rfc4231_case_3_combined_key_and_data_longer_than_64()
        {
            Check(Repeat(0xaa, 20), Repeat(0xdd, 50), "773EA91E36800E46854DB8EBD09181A72959098B3EF8C122D9635514CED565FE");
        }

        [TestMethod]
        public void Rfc4231_case_4()
        {
            byte[] key = new byte[25];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(i + 1);
            }

            Check(key, Repeat(0xcd, 50), "82558A389A443C0EA4CC819899F2083A85F0FAA3E578F8077A2E3FF46729665B");
        }

        [TestMethod]
        public void Rfc4231_case_5_truncated_to_128_bits()
        {
            byte[] mac = Hmac.Sha256(Repeat(0x0c, 20), Ascii("Test With Truncation"));
            Assert.AreEqual(32, mac.Length);
            Assert.AreEqual("A3B6167473100EE06E0C796C2955552B", Hex.Encode(mac, 0, 16));
        }

        [TestMethod]
        public void Rfc4231_case_6_key_larger_than_the_block()
        {
            Check(Repeat(0xaa, 131), Ascii("Test Using Larger Than Block-Size Key - Hash Key First"), "60E431591EE0B67F0D8A26AACBF5B77F8E0BC6213728C5140546040F0EE37F54");
        }

        [TestMethod]
        public void Rfc4231_case_7_key_and_data_larger_than_the_block()
        {
            Check(
                Repeat(0xaa, 131),
                Ascii("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
                "9B09FFA71B942FCB27635FBCD5B0E944BFDC63644F0713938A7F51535C3A35E2");
        }

        private static void Check(byte[] key, byte[] data, string expected)
        {
            Assert.AreEqual(expected, Hex.Encode(Hmac.Sha256(key, data)));
        }

        private static byte[] Repeat(int value, int count)
        {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = (byte)value;
            }

            return bytes;
        }

        private static byte[] Ascii(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
