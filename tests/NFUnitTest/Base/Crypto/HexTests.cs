using System;
using Terminal.Core.Crypto;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Crypto
{
    [TestClass]
    public class HexTests
    {
        [TestMethod]
        public void Encode_writes_two_upper_case_digits_per_byte()
        {
            byte[] data = new byte[] { 0x00, 0x0F, 0xA5, 0xFF, 0x10, 0x9B };
            Assert.AreEqual("000FA5FF109B", Hex.Encode(data));
            Assert.AreEqual("A5FF", Hex.Encode(data, 2, 2));
            Assert.AreEqual("", Hex.Encode(new byte[0]));
        }

        [TestMethod]
        public void Encode_covers_every_byte_value()
        {
            byte[] all = new byte[256];
            for (int i = 0; i < 256; i++)
            {
                all[i] = (byte)i;
            }

            string text = Hex.Encode(all);
            Assert.AreEqual(512, text.Length);
            Assert.AreEqual("7F", text.Substring(0x7F * 2, 2));
            Assert.AreEqual("C8", text.Substring(0xC8 * 2, 2));
            byte[] back = Hex.Decode(text);
            for (int i = 0; i < 256; i++)
            {
                Assert.AreEqual((byte)i, back[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        [DataRow("00ff7A", "00FF7A")]
        [DataRow("", "")]
        [DataRow("DEADbeef", "DEADBEEF")]
        public void Decode_accepts_either_case(string hex, string expectedUpper)
        {
            Assert.AreEqual(expectedUpper, Hex.Encode(Hex.Decode(hex)));
        }

        [TestMethod]
        [DataRow("0")]
        [DataRow("0G")]
        [DataRow("12 4")]
        [DataRow("0x12")]
        public void Decode_refuses_odd_length_and_non_digits(string hex)
        {
            Assert.IsNull(Hex.Decode(hex), hex);
        }

        [TestMethod]
        public void Encode_refuses_null_and_bad_ranges()
        {
            Assert.IsNull(Hex.Decode(null));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Hex.Encode(null));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Hex.Encode(new byte[2], 1, 2));
        }
    }
}
