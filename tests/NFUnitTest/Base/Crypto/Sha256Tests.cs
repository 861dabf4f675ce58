using System;
using System.Text;
using Terminal.Core.Crypto;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Crypto
{
    /// <summary>
    /// The managed SHA-256 against FIPS 180-4's examples and NIST's SHAVS byte-oriented vectors
    /// (SHA256ShortMsg.rsp / SHA256LongMsg.rsp), which cover one byte, the 55/56/63/64-byte
    /// padding boundaries and several blocks.
    /// </summary>
    [TestClass]
    public class Sha256Tests
    {
        // FIPS 180-4 examples (csrc.nist.gov "Examples with intermediate values": SHA256.pdf, SHA2_Additional).
        [TestMethod]
        [DataRow("abc", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
        [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1")]
        [DataRow("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "CF5B16A778AF8380036CE59E7B0492370B249B11E8F07A51AFAC45037AFEE9D1")]
        public void Hash_matches_the_FIPS_180_4_examples(string message, string expected)
        {
            Assert.AreEqual(expected, Hex.Encode(Sha256.Hash(Encoding.UTF8.GetBytes(message))), "SHA-256(\"" + message + "\")");
        }

        // SHAVS: Len (bits) / Msg / MD from SHA256ShortMsg.rsp (0, 8, 16, 24, 32, 504, 512 bits) and SHA256LongMsg.rsp (1304 bits).
        [TestMethod]
        [DataRow("", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
        [DataRow("d3", "28969CDFA74A12C82F3BAD960B0B000ACA2AC329DEEA5C2328EBC6F2BA9802C1")]
        [DataRow("11af", "5CA7133FA735326081558AC312C620EECA9970D1E70A4B95533D956F072D1F98")]
        [DataRow("b4190e", "DFF2E73091F6C05E528896C4C831B9448653DC2FF043528F6769437BC7B975C2")]
        [DataRow("74ba2521", "B16AA56BE3880D18CD41E68384CF1EC8C17680C45A02B1575DC1518923AE8B0E")]
        [DataRow("e2f76e97606a872e317439f1a03fcd92e632e5bd4e7cbc4e97f1afc19a16fde92d77cbe546416b51640cddb92af996534dfd81edb17c4424cf1ac4d75aceeb", "18041BD4665083001FBA8C5411D2D748E8ABBFDCDFD9218CB02B68A78E7D4C23")]
        [DataRow("5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509", "42E61E174FBB3897D6DD6CEF3DD2802FE67B331953B06114A65C772859DFC1AA")]
        [DataRow("451101250ec6f26652249d59dc974b7361d571a8101cdfd36aba3b5854d3ae086b5fdd4597721b66e3c0dc5d8c606d9657d0e323283a5217d1f53f2f284f57b85c8a61ac8924711f895c5ed90ef17745ed2d728abd22a5f7a13479a462d71b56c19a74a40b655c58edfe0a188ad2cf46cbf30524f65d423c837dd1ff2bf462ac4198007345bb44dbb7b1c861298cdf61982a833afc728fae1eda2f87aa2c9480858bec", "3C593AA539FDCDAE516CDF2F15000F6634185C88F505B39775FB9AB137A10AA2")]
        public void Hash_matches_the_SHAVS_vectors(string messageHex, string expected)
        {
            byte[] message = Hex.Decode(messageHex);
            Assert.IsNotNull(message, "vector is hex");
            Assert.AreEqual(expected, Hex.Encode(Sha256.Hash(message)), (messageHex.Length / 2).ToString() + " bytes");
        }

        [TestMethod]
        public void Hash_of_a_slice_equals_hash_of_the_same_bytes_alone()
        {
            byte[] framed = Encoding.UTF8.GetBytes("xx" + "abc" + "yyy");
            Assert.AreEqual("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Hex.Encode(Sha256.Hash(framed, 2, 3)));
            Assert.AreEqual("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", Hex.Encode(Sha256.Hash(framed, framed.Length, 0)));
        }

        [TestMethod]
        public void Hash_returns_32_bytes_and_leaves_the_input_unchanged()
        {
            byte[] data = Encoding.UTF8.GetBytes("abc");
            byte[] digest = Sha256.Hash(data);
            Assert.AreEqual(32, digest.Length);
            Assert.AreEqual("abc", new string(Encoding.UTF8.GetChars(data)));
        }

        [TestMethod]
        public void Hash_refuses_null_and_out_of_range_slices()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => Sha256.Hash(null));
            byte[] data = new byte[10];
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Sha256.Hash(data, -1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Sha256.Hash(data, 5, 6));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Sha256.Hash(data, 0, -1));
        }
    }
}
