using System.Text;
using System;
using Terminal.Core.Crypto;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Crypto
{
    [TestClass]
    public class Md5Tests
    {
        // RFC 1321, appendix A.5 (the complete test suite).
        [TestMethod]
        [DataRow("", "D41D8CD98F00B204E9800998ECF8427E")]
        [DataRow("a", "0CC175B9C0F1B6A831C399E269772661")]
        [DataRow("abc", "900150983CD24FB0D6963F7D28E17F72")]
        [DataRow("message digest", "F96B697D7CB7938D525A2F31AAF161D0")]
        [DataRow("abcdefghijklmnopqrstuvwxyz", "C3FCD3D76192E4007DFB496CCA67E13B")]
        [DataRow("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "D174AB98D277D9F5A5611C2C9F419D9F")]
        [DataRow("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57EDF4A22BE3C955AC49DA2E2107B67A")]
        public void Hash_matches_the_RFC_1321_test_suite(string input, string expected)
        {
            Assert.AreEqual(expected, Hex.Encode(Md5.Hash(Encoding.UTF8.GetBytes(input))), "MD5(\"" + input + "\")");
        }

        [TestMethod]
        public void Hash_of_a_slice_equals_hash_of_the_same_bytes_alone()
        {
            byte[] framed = Encoding.UTF8.GetBytes("xx" + "message digest" + "yyy");
            Assert.AreEqual("F96B697D7CB7938D525A2F31AAF161D0", Hex.Encode(Md5.Hash(framed, 2, 14)));
            Assert.AreEqual("D41D8CD98F00B204E9800998ECF8427E", Hex.Encode(Md5.Hash(framed, framed.Length, 0)));
        }

        [TestMethod]
        public void Hash_returns_16_bytes_and_leaves_the_input_unchanged()
        {
            byte[] data = Encoding.UTF8.GetBytes("abc");
            byte[] digest = Md5.Hash(data);
            Assert.AreEqual(16, digest.Length);
            Assert.AreEqual("abc", new string(Encoding.UTF8.GetChars(data)));
        }

        [TestMethod]
        public void Hash_refuses_null_and_out_of_range_slices()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Md5.Hash(null));
            byte[] data = new byte[10];
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Md5.Hash(data, -1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Md5.Hash(data, 5, 6));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Md5.Hash(data, 0, -1));
        }
    }
}
