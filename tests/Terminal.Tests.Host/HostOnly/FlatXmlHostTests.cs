using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Xml;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Tests.HostOnly
{
    /// <summary>
    /// Host-only checks of the flat XML codec that need the host's memory and speed: 1 MB bodies,
    /// every truncation and every single-byte corruption of real documents, and seeded randomized
    /// round trips cross-checked against System.Xml as an independent reference parser.
    /// </summary>
    public class FlatXmlHostTests
    {
        private const string MicropaySuccess =
            "<xml>\n" +
            "   <return_code><![CDATA[SUCCESS]]></return_code>\n" +
            "   <return_msg><![CDATA[OK]]></return_msg>\n" +
            "   <appid><![CDATA[wx2421b1c4370ec43b]]></appid>\n" +
            "   <mch_id><![CDATA[10000100]]></mch_id>\n" +
            "   <nonce_str><![CDATA[GOp3TRyMXzbMlkun]]></nonce_str>\n" +
            "   <sign><![CDATA[D6C76CB785F07992CDE05494BB7DF7FD]]></sign>\n" +
            "   <result_code><![CDATA[SUCCESS]]></result_code>\n" +
            "   <total_fee>1</total_fee>\n" +
            "   <attach><![CDATA[订单额外描述]]></attach>\n" +
            "</xml>";

        // Every construct the reader accepts, in one document.
        private const string Everything =
            "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- head -->\n<xml>\r\n" +
            "  <a>plain 中文 \uD83D\uDE00</a>\n" +
            "  <b><![CDATA[<x>&y]]]]><![CDATA[>]]>tail&lt;&gt;&amp;&quot;&apos;</b>\n" +
            "  <c>&#65;&#x4E2D;&#x1F600;<!-- mid -->z</c>\n" +
            "  <d/><e /><f></f>\n" +
            "  <g>line1\r\nline2\rline3</g >\n" +
            "</xml>\n<!-- tail -->\n";

        public static IEnumerable<object[]> Documents()
        {
            yield return new object[] { "micropay", MicropaySuccess };
            yield return new object[] { "everything", Everything };
            yield return new object[] { "written", Encoding.UTF8.GetString(FlatXml.Write(Sample())) };
        }

        private static WxParams Sample()
        {
            WxParams p = new WxParams();
            p.Set("body", "腾讯-店<1>&\"x\"");
            p.Set("detail", "]]>{\"a\":1}\r\n]]");
            p.Set("total_fee", "1");
            p.Set("empty", "");
            return p;
        }

        private static void AssertCleanFailure(FlatXmlResult r, int length, string context)
        {
            Assert.False(r.Ok, context + ": accepted");
            Assert.Null(r.Params);
            Assert.False(string.IsNullOrEmpty(r.Error), context + ": no message");
            Assert.False(r.Error.StartsWith("internal error", StringComparison.Ordinal), context + ": " + r.Error);
            Assert.InRange(r.ErrorOffset, -1, length);
        }

        [Fact]
        public void A_1_MB_body_is_refused_for_its_size_before_it_is_read()
        {
            const string Pattern = "<&]]>";
            StringBuilder sb = new StringBuilder("<xml><detail>");
            while (sb.Length < 1048576 - "</detail></xml>".Length)
            {
                sb.Append(Pattern[sb.Length % Pattern.Length]);
            }

            sb.Append("</detail></xml>");
            byte[] data = Encoding.UTF8.GetBytes(sb.ToString());
            Assert.Equal(1048576, data.Length);

            Stopwatch watch = Stopwatch.StartNew();
            FlatXmlResult r = FlatXml.Parse(data, 0, data.Length, FlatXml.DefaultMaxBytes);
            watch.Stop();
            Assert.Equal("document is 1048576 bytes; the limit is 16384", r.Error);
            Assert.Equal(-1, r.ErrorOffset);
            Assert.True(watch.ElapsedMilliseconds < 50, "size check took " + watch.ElapsedMilliseconds + " ms");

            // With a larger limit the same garbage is read and refused on its merits (not an exception).
            r = FlatXml.Parse(data, 0, data.Length, 2 * 1048576);
            Assert.Equal("'<' in text must be escaped as &lt; (element 'detail', byte 15)", r.Error); // the pattern puts the first '<' at byte 15
        }

        [Fact]
        public void A_1_MB_value_round_trips_when_the_limit_allows_it()
        {
            StringBuilder sb = new StringBuilder();
            Random random = new Random(7);
            while (sb.Length < 1048576)
            {
                sb.Append("中<&]]>\r\n x"[random.Next(10)]);
            }

            WxParams p = new WxParams();
            p.Set("detail", sb.ToString());
            byte[] xml = FlatXml.Write(p);
            FlatXmlResult r = FlatXml.Parse(xml, 0, xml.Length, xml.Length);
            Assert.True(r.Ok, r.Error);
            Assert.Equal(sb.ToString(), r.Params.Get("detail"));
            Assert.Equal("document is " + xml.Length + " bytes; the limit is 16384", FlatXml.Parse(xml).Error);
        }

        [Theory]
        [MemberData(nameof(Documents))]
        public void Every_truncation_gives_an_error_never_an_exception(string label, string document)
        {
            byte[] data = Encoding.UTF8.GetBytes(document);
            FlatXmlResult whole = FlatXml.Parse(data);
            Assert.True(whole.Ok, label + ": " + whole.Error);

            // The last bytes of a document may be optional trailing whitespace or comments.
            int minimal = document.LastIndexOf("</xml>", StringComparison.Ordinal);
            minimal = Encoding.UTF8.GetByteCount(document.Substring(0, minimal)) + 6;
            for (int length = 0; length < data.Length; length++)
            {
                FlatXmlResult r = FlatXml.Parse(data, 0, length);
                if (length < minimal)
                {
                    AssertCleanFailure(r, length, label + " cut at " + length);
                }
                else if (!r.Ok)
                {
                    AssertCleanFailure(r, length, label + " cut at " + length);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Documents))]
        public void Every_single_byte_corruption_gives_a_clean_error_or_a_parse_System_Xml_agrees_with(string label, string document)
        {
            byte[] original = Encoding.UTF8.GetBytes(document);
            int accepted = 0;
            int refused = 0;
            for (int position = 0; position < original.Length; position++)
            {
                for (int value = 0; value < 256; value++)
                {
                    if (value == original[position])
                    {
                        continue;
                    }

                    byte[] data = (byte[])original.Clone();
                    data[position] = (byte)value;
                    string context = label + ": byte " + position + " = 0x" + value.ToString("X2");
                    FlatXmlResult r = FlatXml.Parse(data);
                    if (r.Ok)
                    {
                        accepted++;
                        AssertSameAsSystemXml(data, r.Params, context);
                    }
                    else
                    {
                        refused++;
                        AssertCleanFailure(r, data.Length, context);
                    }
                }
            }

            Assert.True(accepted > 0 && refused > 0, label + ": accepted " + accepted + ", refused " + refused);
        }

        [Fact]
        public void Random_parameter_sets_round_trip_and_System_Xml_reads_the_same_values()
        {
            const int Cases = 4000;
            int seed = TestSeed.Base;
            for (int n = 0; n < Cases; n++)
            {
                int caseSeed = seed + n;
                Random random = new Random(caseSeed);
                WxParams p = RandomParams(random);
                string context = "seed " + caseSeed + " (new Random(" + caseSeed + "))";
                byte[] xml = FlatXml.Write(p);
                FlatXmlResult r = FlatXml.Parse(xml, 0, xml.Length, int.MaxValue);
                Assert.True(r.Ok, context + ": " + r.Error);
                AssertSameParams(p, r.Params, context);
                AssertSameAsSystemXml(xml, p, context);
            }
        }

        [Fact]
        public void Random_documents_in_every_accepted_syntax_read_as_System_Xml_reads_them()
        {
            const int Cases = 3000;
            int seed = TestSeed.Base ^ 0x5A5A;
            for (int n = 0; n < Cases; n++)
            {
                int caseSeed = seed + n;
                Random random = new Random(caseSeed);
                WxParams expected = RandomParams(random);
                string document = RandomDocument(expected, random);
                string context = "seed " + caseSeed + ": " + document;
                byte[] data = Encoding.UTF8.GetBytes(document);
                FlatXmlResult r = FlatXml.Parse(data, 0, data.Length, int.MaxValue);
                Assert.True(r.Ok, context + " -> " + r.Error);
                AssertSameParams(expected, r.Params, context);
                AssertSameAsSystemXml(data, expected, context);
            }
        }

        [Fact]
        public void Random_edits_of_valid_documents_never_throw()
        {
            int seed = TestSeed.Base ^ 0x1234;
            string[] insertions = { "<", ">", "&", ";", "]]>", "<!--", "-->", "<![CDATA[", "</a>", "<a>", "<!DOCTYPE x>", "&#", "&#x", "\"", "\r", "\u0000", "\uD83D\uDE00", "中", "/" };
            for (int n = 0; n < 3000; n++)
            {
                int caseSeed = seed + n;
                Random random = new Random(caseSeed);
                WxParams p = RandomParams(random);
                string document = RandomDocument(p, random);
                for (int edits = random.Next(1, 4); edits > 0; edits--)
                {
                    int at = random.Next(document.Length + 1);
                    if (at < document.Length && char.IsLowSurrogate(document[at]))
                    {
                        at--;
                    }

                    switch (random.Next(3))
                    {
                        case 0:
                            document = document.Substring(0, at) + insertions[random.Next(insertions.Length)] + document.Substring(at);
                            break;
                        case 1:
                            int count = Math.Min(random.Next(1, 4), document.Length - at);
                            if (at + count < document.Length && char.IsLowSurrogate(document[at + count]))
                            {
                                count++;
                            }

                            document = document.Remove(at, count);
                            break;
                        default:
                            document = document.Substring(0, at);
                            break;
                    }
                }

                byte[] data = Encoding.UTF8.GetBytes(document);
                string context = "seed " + caseSeed + ": " + document;
                FlatXmlResult r = FlatXml.Parse(data, 0, data.Length, int.MaxValue);
                if (r.Ok)
                {
                    AssertSameAsSystemXml(data, r.Params, context);
                }
                else
                {
                    AssertCleanFailure(r, data.Length, context);
                }
            }
        }

        // ---- helpers ----

        private static readonly string[] Pieces =
        {
            "a", "Z", "0", "9", " ", "_", "-", ".", ";", "#", "<", ">", "&", "]", "]]>", "]]", "\"", "'",
            "\r", "\n", "\r\n", "\t", "中", "文", "订单", "，", "©", "\u00E9", "\uFFFD", "\uD83D\uDE00",
            "&amp;", "&lt;", "<![CDATA[", "-->", "<!--", "\u007F", "\u0085",
        };

        private static WxParams RandomParams(Random random)
        {
            WxParams p = new WxParams();
            int count = random.Next(0, 9);
            while (p.Count < count)
            {
                p.TryAdd(RandomName(random), RandomValue(random));
            }

            return p;
        }

        private static string RandomName(Random random)
        {
            const string First = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
            const string Rest = First + "0123456789";
            StringBuilder sb = new StringBuilder();
            sb.Append(First[random.Next(First.Length)]);
            for (int i = random.Next(0, 12); i > 0; i--)
            {
                sb.Append(Rest[random.Next(Rest.Length)]);
            }

            return sb.ToString();
        }

        private static string RandomValue(Random random)
        {
            StringBuilder sb = new StringBuilder();
            int pieces = random.Next(0, 4) == 0 ? 0 : random.Next(1, 30);
            for (int i = 0; i < pieces; i++)
            {
                if (random.Next(8) == 0)
                {
                    // any BMP character XML allows
                    int c;
                    do
                    {
                        c = random.Next(0x20, 0xFFFE);
                    }
                    while (c >= 0xD800 && c <= 0xDFFF);
                    sb.Append((char)c);
                }
                else
                {
                    sb.Append(Pieces[random.Next(Pieces.Length)]);
                }
            }

            return sb.ToString();
        }

        /// <summary>A document whose values are exactly p's, using every syntax the reader accepts.</summary>
        private static string RandomDocument(WxParams p, Random random)
        {
            StringBuilder sb = new StringBuilder();
            if (random.Next(4) == 0)
            {
                sb.Append('\uFEFF');
            }

            if (random.Next(2) == 0)
            {
                sb.Append(random.Next(2) == 0 ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" : "<?xml version='1.0'?>");
            }

            Space(sb, random);
            sb.Append(random.Next(3) == 0 ? "<xml >" : "<xml>");
            for (int k = 0; k < p.Count; k++)
            {
                Space(sb, random);
                string name = p.NameAt(k);
                string value = p.ValueAt(k);
                if (value.Length == 0 && random.Next(2) == 0)
                {
                    sb.Append('<').Append(name).Append(random.Next(2) == 0 ? "/>" : " />");
                    continue;
                }

                sb.Append('<').Append(name).Append('>');
                bool inCData = false;
                for (int i = 0; i < value.Length; i++)
                {
                    char c = value[i];
                    string unit = char.IsHighSurrogate(c) ? value.Substring(i++, 2) : c.ToString();
                    int codePoint = char.ConvertToUtf32(unit, 0);
                    int form = random.Next(10);
                    bool closesCData = c == ']' && i + 2 < value.Length + 1 && EndsCData(value, i);
                    if (form == 0 && !inCData && c != '\r')
                    {
                        sb.Append("<![CDATA[");
                        inCData = true;
                    }
                    else if (form == 1 && inCData)
                    {
                        sb.Append("]]>");
                        inCData = false;
                    }

                    if (inCData && (c == '\r' || closesCData))
                    {
                        sb.Append("]]>");
                        inCData = false;
                    }

                    if (!inCData && random.Next(25) == 0)
                    {
                        sb.Append("<!-- note -->");
                    }

                    if (inCData)
                    {
                        sb.Append(unit);
                    }
                    else if (c == '\r' || form == 2)
                    {
                        sb.Append("&#").Append(codePoint).Append(';');
                    }
                    else if (form == 3)
                    {
                        sb.Append("&#x").Append(codePoint.ToString(random.Next(2) == 0 ? "x" : "X")).Append(';');
                    }
                    else if (c == '<' || (c == '>' && form < 6) || c == '&' || (c == '"' && form < 6) || (c == '\'' && form < 6))
                    {
                        sb.Append(c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : c == '"' ? "&quot;" : "&apos;");
                    }
                    else if (c == '>' && EndsText(sb))
                    {
                        sb.Append("&gt;");
                    }
                    else
                    {
                        sb.Append(unit);
                    }
                }

                if (inCData)
                {
                    sb.Append("]]>");
                }

                sb.Append("</").Append(name).Append(random.Next(4) == 0 ? " >" : ">");
            }

            Space(sb, random);
            sb.Append("</xml>");
            Space(sb, random);
            return sb.ToString();
        }

        // True when value[i..] starts with "]]>" (so "]]" + ">" would end a CDATA section).
        private static bool EndsCData(string value, int i)
        {
            return i + 2 < value.Length && value[i + 1] == ']' && value[i + 2] == '>';
        }

        // True when the text written so far ends with "]]" outside CDATA (a literal '>' would make "]]>").
        private static bool EndsText(StringBuilder sb)
        {
            return sb.Length >= 2 && sb[sb.Length - 1] == ']' && sb[sb.Length - 2] == ']';
        }

        private static void Space(StringBuilder sb, Random random)
        {
            const string Spaces = " \t\r\n";
            for (int i = random.Next(0, 4); i > 0; i--)
            {
                sb.Append(Spaces[random.Next(Spaces.Length)]);
            }

            if (random.Next(10) == 0)
            {
                sb.Append("<!-- c -->");
            }
        }

        private static void AssertSameParams(WxParams expected, WxParams actual, string context)
        {
            Assert.True(expected.Count == actual.Count, context + ": count " + expected.Count + " vs " + actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.True(expected.NameAt(i) == actual.NameAt(i), context + ": name " + i);
                Assert.True(expected.ValueAt(i) == actual.ValueAt(i), context + ": value of " + expected.NameAt(i) + " is " + Show(actual.ValueAt(i)) + ", expected " + Show(expected.ValueAt(i)));
            }
        }

        private static string Show(string s)
        {
            StringBuilder sb = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    sb.Append("\\u").Append(((int)c).ToString("X4"));
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.Append('"').ToString();
        }

        /// <summary>System.Xml (DTDs prohibited) must read the document and find exactly these elements.</summary>
        private static void AssertSameAsSystemXml(byte[] data, WxParams expected, string context)
        {
            List<KeyValuePair<string, string>> reference;
            try
            {
                reference = ReadWithSystemXml(data);
            }
            catch (XmlException e)
            {
                throw new Xunit.Sdk.XunitException(context + ": accepted by FlatXml but System.Xml says: " + e.Message);
            }

            WxParams actual = new WxParams();
            foreach (KeyValuePair<string, string> pair in reference)
            {
                Assert.True(actual.TryAdd(pair.Key, pair.Value), context + ": System.Xml found duplicate " + pair.Key);
            }

            AssertSameParams(expected, actual, context + " [System.Xml]");
        }

        private static List<KeyValuePair<string, string>> ReadWithSystemXml(byte[] data)
        {
            XmlReaderSettings settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                CheckCharacters = true,
            };
            List<KeyValuePair<string, string>> result = new List<KeyValuePair<string, string>>();
            using (MemoryStream stream = new MemoryStream(data))
            using (XmlReader reader = XmlReader.Create(stream, settings))
            {
                reader.MoveToContent();
                if (reader.LocalName != "xml")
                {
                    throw new XmlException("root is " + reader.LocalName);
                }

                if (!reader.IsEmptyElement)
                {
                    reader.Read();
                    while (reader.MoveToContent() != XmlNodeType.EndElement)
                    {
                        if (reader.NodeType != XmlNodeType.Element)
                        {
                            throw new XmlException("unexpected " + reader.NodeType);
                        }

                        string name = reader.LocalName;
                        result.Add(new KeyValuePair<string, string>(name, reader.ReadElementContentAsString()));
                    }
                }

                while (reader.Read())
                {
                }
            }

            return result;
        }
    }
}
