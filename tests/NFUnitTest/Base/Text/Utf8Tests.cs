using System;
using Terminal.Core.Crypto;
using Terminal.Core.Text;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Text
{
    [TestClass]
    public class Utf8Tests
    {
        [TestMethod]
        [DataRow("", "")]
        [DataRow("41", "A")]
        [DataRow("7F", "\u007F")]
        [DataRow("C2A9", "\u00A9")]
        [DataRow("DFBF", "\u07FF")]
        [DataRow("E0A080", "\u0800")]
        [DataRow("E4B8ADE69687", "中文")]
        [DataRow("ED9FBF", "\uD7FF")]
        [DataRow("EE8080", "\uE000")]
        [DataRow("EFBFBF", "\uFFFF")]
        [DataRow("F0908080", "\uD800\uDC00")]
        [DataRow("F09F9880", "\uD83D\uDE00")]
        [DataRow("F48FBFBF", "\uDBFF\uDFFF")]
        public void Decode_and_encode_valid_sequences(string hex, string text)
        {
            byte[] bytes = Hex.Decode(hex);
            Assert.AreEqual(text, Utf8.Decode(bytes, 0, bytes.Length), "decode " + hex);
            Assert.AreEqual(hex, Hex.Encode(Utf8.Encode(text)), "encode " + hex);
            Assert.AreEqual(bytes.Length, Utf8.ByteCount(text), "byte count " + hex);
            Assert.AreEqual(-1, Utf8.IndexOfInvalid(bytes, 0, bytes.Length), "valid " + hex);
        }

        [TestMethod]
        [DataRow("80", 0, "unexpected continuation byte")]
        [DataRow("41BF", 1, "unexpected continuation byte")]
        [DataRow("C0AF", 0, "overlong encoding")]
        [DataRow("C180", 0, "overlong encoding")]
        [DataRow("41C0AF42", 1, "overlong encoding")]
        [DataRow("E080AF", 0, "overlong encoding")]
        [DataRow("E09FBF", 0, "overlong encoding")]
        [DataRow("F08282AC", 0, "overlong encoding")]
        [DataRow("F08FBFBF", 0, "overlong encoding")]
        [DataRow("EDA080", 0, "encoded surrogate")]
        [DataRow("EDBFBF", 0, "encoded surrogate")]
        [DataRow("EDA0BDEDB880", 0, "encoded surrogate")]
        [DataRow("F4908080", 0, "code point above U+10FFFF")]
        [DataRow("F5808080", 0, "code point above U+10FFFF")]
        [DataRow("F7BFBFBF", 0, "code point above U+10FFFF")]
        [DataRow("F8888080", 0, "byte never valid in UTF-8")]
        [DataRow("FE", 0, "byte never valid in UTF-8")]
        [DataRow("FF", 0, "byte never valid in UTF-8")]
        [DataRow("C3", 0, "truncated sequence")]
        [DataRow("E4B8", 0, "truncated sequence")]
        [DataRow("4142E4", 2, "truncated sequence")]
        [DataRow("F09F98", 0, "truncated sequence")]
        [DataRow("C341", 0, "truncated sequence")]
        [DataRow("E4B841", 0, "truncated sequence")]
        [DataRow("E4B8ADC3", 3, "truncated sequence")]
        [DataRow("00", 0, "U+0000 (NUL), which a device string cannot hold")]
        [DataRow("410042", 1, "U+0000 (NUL), which a device string cannot hold")]
        [DataRow("E4B8AD00", 3, "U+0000 (NUL), which a device string cannot hold")]
        public void Invalid_sequences_are_refused_at_their_first_byte(string hex, int index, string reason)
        {
            byte[] bytes = Hex.Decode(hex);
            string actualReason;
            Assert.AreEqual(index, Utf8.IndexOfInvalid(bytes, 0, bytes.Length, out actualReason), hex);
            Assert.AreEqual(reason, actualReason, hex);

            string text;
            int errorIndex;
            Assert.IsFalse(Utf8.TryDecode(bytes, 0, bytes.Length, out text, out errorIndex), hex);
            Assert.IsNull(text);
            Assert.AreEqual(index, errorIndex, hex);
        }

        [TestMethod]
        public void Decode_throws_with_the_byte_index_and_reason()
        {
            byte[] bytes = Hex.Decode("4142C0AF");
            try
            {
                Utf8.Decode(bytes, 0, bytes.Length);
                Assert.IsTrue(false, "no exception");
            }
            catch (ArgumentException e)
            {
                Assert.AreEqual("invalid UTF-8 at byte 2 (overlong encoding)", e.Message);
            }
        }

        [TestMethod]
        public void Ranges_are_honoured_and_indexes_are_absolute()
        {
            // "x" + 中 + bad byte + "y"; only the middle is decoded or checked.
            byte[] bytes = Hex.Decode("78E4B8ADFF79");
            Assert.AreEqual("中", Utf8.Decode(bytes, 1, 3));
            Assert.AreEqual(4, Utf8.IndexOfInvalid(bytes, 1, 4));
            Assert.AreEqual(-1, Utf8.IndexOfInvalid(bytes, 5, 1));

            // A sequence cut by the end of the range is truncated even if the array goes on.
            Assert.AreEqual(1, Utf8.IndexOfInvalid(bytes, 1, 2));
        }

        [TestMethod]
        [DataRow("", false)]
        [DataRow("plain ASCII", false)]
        [DataRow("中文 ©", false)]
        [DataRow("\uFFFD\uFFFF", false)]
        [DataRow("a\uD83D\uDE00b", true)]
        public void HasFourByteChar_finds_characters_outside_the_BMP(string text, bool expected)
        {
            Assert.AreEqual(expected, Utf8.HasFourByteChar(text), text);
        }

        [TestMethod]
        public void HasFourByteChar_on_bytes_looks_for_4_byte_lead_bytes()
        {
            Assert.IsFalse(Utf8.HasFourByteChar(Hex.Decode("41E4B8ADC2A9"), 0, 6));
            Assert.IsTrue(Utf8.HasFourByteChar(Hex.Decode("41F09F9880"), 0, 5));
            Assert.IsFalse(Utf8.HasFourByteChar(Hex.Decode("41F09F9880"), 0, 1));
        }

        [TestMethod]
        [DataRow("abc", -1)]
        [DataRow("a\uD83D\uDE00b", -1)]
        public void IndexOfLoneSurrogate_finds_unpaired_halves(string text, int expected)
        {
            Assert.AreEqual(expected, Utf8.IndexOfLoneSurrogate(text), text);
        }

        // Attribute arguments are stored as UTF-8 in metadata, so lone surrogates cannot be DataRows.
        [TestMethod]
        public void Null_strings_are_empty()
        {
            Assert.AreEqual(0, Utf8.ByteCount(null));
            Assert.AreEqual(0, Utf8.Encode(null).Length);
            Assert.IsFalse(Utf8.HasFourByteChar((string)null));
            Assert.AreEqual(-1, Utf8.IndexOfLoneSurrogate(null));
        }

        [TestMethod]
        public void Encode_into_a_buffer_returns_the_byte_count()
        {
            byte[] buffer = new byte[10];
            Assert.AreEqual(7, Utf8.Encode("a中文", buffer, 2));
            Assert.AreEqual("000061E4B8ADE69687", Hex.Encode(buffer, 0, 9));
        }
    }
}
