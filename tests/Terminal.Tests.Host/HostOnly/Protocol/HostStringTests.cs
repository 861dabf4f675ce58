using System;
using Terminal.Core.Protocol;
using Terminal.Core.Text;
using Xunit;

namespace Terminal.Tests.HostOnly.Protocol
{
    /// <summary>
    /// Strings the device cannot hold (U+0000, lone surrogates: a nanoFramework string is UTF-8
    /// inside and cuts or replaces them) but a .NET host can — the simulator and the PC tools take
    /// such strings from files and the keyboard. The device meets these only as bytes, which the
    /// device tests cover (Utf8Tests, FlatXmlTests, CodecTests, Http11ClientTests).
    /// </summary>
    public class HostStringTests
    {
        private static WxParams One(string name, string value)
        {
            WxParams p = new WxParams();
            p.Set(name, value);
            return p;
        }

        [Theory]
        [InlineData(0, "value of 'v' holds U+0000 at index 1, which XML 1.0 cannot carry")]
        [InlineData(1, "value of 'v' holds U+D800 at index 1, which XML 1.0 cannot carry")]
        [InlineData(2, "value of 'v' holds U+DC00 at index 0, which XML 1.0 cannot carry")]
        public void Write_refuses_what_XML_cannot_carry(int row, string expected)
        {
            // Built at run time: attribute arguments cannot hold lone surrogates.
            string value = row == 0 ? "a\u0000" : row == 1 ? "a" + new string((char)0xD800, 1) : new string((char)0xDC00, 1) + "\uD83D\uDE00";
            WxParams p = One("v", value);
            Assert.Equal(expected, FlatXml.CheckWritable(p));
            Assert.Throws<ArgumentException>(() => FlatXml.Write(p));
        }

        [Fact]
        public void Lone_surrogates_are_found_and_count_as_outside_the_BMP()
        {
            string high = new string((char)0xD800, 1);
            string low = new string((char)0xDC00, 1);
            Assert.True(Utf8.HasFourByteChar(high), "high");
            Assert.True(Utf8.HasFourByteChar("x" + low), "low");
            Assert.Equal(0, Utf8.IndexOfLoneSurrogate(high));
            Assert.Equal(2, Utf8.IndexOfLoneSurrogate("ab" + low));
            Assert.Equal(1, Utf8.IndexOfLoneSurrogate("a" + high + "x"));
            Assert.Equal(0, Utf8.IndexOfLoneSurrogate(low + high));
            Assert.Equal(2, Utf8.IndexOfLoneSurrogate("\uD83D\uDE00" + high));
            Assert.Equal(-1, Utf8.IndexOfLoneSurrogate(high + low));
        }

        [Fact]
        public void Encode_refuses_a_lone_surrogate_and_ByteCount_counts_it_as_3()
        {
            string text = "a" + new string((char)0xD800, 1) + "b";
            Assert.Throws<ArgumentException>(() => Utf8.Encode(text));
            Assert.Equal(5, Utf8.ByteCount(text));
        }

        [Fact]
        public void An_XML_document_typed_as_a_string_with_NUL_is_refused()
        {
            byte[] data = Utf8.Encode("<xml><a>\u0000</a></xml>");
            FlatXmlResult r = FlatXml.Parse(data, 0, data.Length, FlatXml.DefaultMaxBytes);
            Assert.False(r.Ok);
            Assert.Equal("character U+0000 is not allowed in XML (byte 8)", r.Error);
        }
    }
}
