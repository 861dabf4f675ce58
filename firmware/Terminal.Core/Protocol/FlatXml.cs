using System;
using Terminal.Core.Text;

namespace Terminal.Core.Protocol
{
    /// <summary>
    /// The WeChat Pay v2 message body: UTF-8 XML with root &lt;xml&gt; and one flat level of
    /// child elements, read into and written from <see cref="WxParams"/>.
    /// See docs/protocol.md, "XML codec", for what the reader accepts and refuses.
    ///
    /// Writing rule: &lt;xml&gt;&lt;name&gt;value&lt;/name&gt;...&lt;/xml&gt;, no declaration,
    /// no whitespace, parameters in WxParams order. A value containing none of &lt; &gt; &amp;
    /// is written as plain text; otherwise the whole value goes in one CDATA section, with every
    /// "]]&gt;" split as "]]]]&gt;&lt;![CDATA[&gt;". A carriage return is always written as the
    /// reference &amp;#13; (inside CDATA by closing and reopening the section), because XML
    /// parsers turn a literal CR into LF and the signature covers the raw value.
    /// </summary>
    public static class FlatXml
    {
        /// <summary>Default size limit for Parse: 16 KB, several times the largest WeChat response.</summary>
        public const int DefaultMaxBytes = 16384;

        private const string CDataOpen = "<![CDATA[";
        private const string CDataClose = "]]>";
        private const string CrRef = "&#13;";

        /// <summary>Parses data with the <see cref="DefaultMaxBytes"/> limit.</summary>
        public static FlatXmlResult Parse(byte[] data)
        {
            if (data == null)
            {
                return FlatXmlResult.Failure("no document (null)", -1);
            }

            return Parse(data, 0, data.Length, DefaultMaxBytes);
        }

        /// <summary>Parses data[offset .. offset+count) with the <see cref="DefaultMaxBytes"/> limit.</summary>
        public static FlatXmlResult Parse(byte[] data, int offset, int count)
        {
            return Parse(data, offset, count, DefaultMaxBytes);
        }

        /// <summary>
        /// Parses data[offset .. offset+count). Never throws: bad input, bad arguments and a
        /// document larger than maxBytes (checked before anything is read) all give a result
        /// with Ok false and an Error message naming the problem and where it is.
        /// </summary>
        public static FlatXmlResult Parse(byte[] data, int offset, int count, int maxBytes)
        {
            return Parse(data, offset, count, maxBytes, int.MaxValue);
        }

        /// <summary>
        /// As <see cref="Parse(byte[], int, int, int)"/>, and a document with more than
        /// <paramref name="maxElements"/> child elements fails as soon as the one too many starts.
        /// </summary>
        public static FlatXmlResult Parse(byte[] data, int offset, int count, int maxBytes, int maxElements)
        {
            if (data == null)
            {
                return FlatXmlResult.Failure("no document (null)", -1);
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                return FlatXmlResult.Failure("range " + offset.ToString() + "+" + count.ToString() + " is outside the buffer of " + data.Length.ToString() + " bytes", -1);
            }

            if (maxBytes <= 0)
            {
                return FlatXmlResult.Failure("the size limit must be positive (was " + maxBytes.ToString() + ")", -1);
            }

            if (maxElements <= 0)
            {
                return FlatXmlResult.Failure("the element limit must be positive (was " + maxElements.ToString() + ")", -1);
            }

            if (count > maxBytes)
            {
                return FlatXmlResult.Failure("document is " + count.ToString() + " bytes; the limit is " + maxBytes.ToString(), -1);
            }

            try
            {
                // ReadDocument called from here, not through a wrapper: one frame less while a
                // document is read (a frame costs about 0.4 KB on the interpreter: docs/performance.md "Heap").
                FlatXmlReader reader = new FlatXmlReader(data, offset, count, maxElements);
                WxParams result = reader.ReadDocument();
                return result == null ? FlatXmlResult.Failure(reader.Error, reader.ErrorAt) : FlatXmlResult.Success(result);
            }
            catch (Exception e)
            {
                // Not expected (the host fuzz tests check this never happens); the caller still
                // gets a result, e.g. when memory runs out on the device.
                return FlatXmlResult.Failure("internal error while parsing: " + e.Message, -1);
            }
        }

        /// <summary>True for the element names this codec reads and writes: [A-Za-z_][A-Za-z0-9_]*.</summary>
        public static bool IsValidName(string name)
        {
            if (name == null || name.Length == 0)
            {
                return false;
            }

            char[] chars = name.ToCharArray();
            if (!IsNameStart(chars[0]))
            {
                return false;
            }

            for (int i = 1; i < chars.Length; i++)
            {
                if (!IsNameChar(chars[i]))
                {
                    return false;
                }
            }

            return true;
        }

        internal static bool IsNameStart(int c)
        {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        }

        internal static bool IsNameChar(int c)
        {
            return IsNameStart(c) || (c >= '0' && c <= '9');
        }

        /// <summary>True for the characters XML 1.0 can carry (Char production).</summary>
        internal static bool IsXmlChar(int c)
        {
            if (c < 0x20)
            {
                return c == 0x09 || c == 0x0A || c == 0x0D;
            }

            if (c < 0xD800)
            {
                return true;
            }

            if (c < 0xE000)
            {
                return false;
            }

            if (c < 0x10000)
            {
                return c != 0xFFFE && c != 0xFFFF;
            }

            return c <= 0x10FFFF;
        }

        /// <summary>"U+0001" style name of a code point.</summary>
        internal static string CodePointName(int c)
        {
            const string Digits = "0123456789ABCDEF";
            int digits = c > 0xFFFF ? (c > 0xFFFFF ? 6 : 5) : 4;
            char[] text = new char[2 + digits];
            text[0] = 'U';
            text[1] = '+';
            for (int i = digits - 1; i >= 0; i--)
            {
                text[2 + i] = Digits[c & 0xF];
                c >>= 4;
            }

            return new string(text);
        }

        /// <summary>
        /// Null when <see cref="Write"/> would accept p; otherwise why not (invalid element name,
        /// or a value holding a character XML 1.0 cannot carry: a control character other than
        /// tab, LF and CR, U+FFFE, U+FFFF, or a lone surrogate).
        /// </summary>
        public static string CheckWritable(WxParams p)
        {
            if (p == null)
            {
                return "no parameters (null)";
            }

            for (int k = 0; k < p.Count; k++)
            {
                string name = p.NameAt(k);
                if (!IsValidName(name))
                {
                    return "element name '" + (name == null ? "(null)" : name) + "' is not allowed; names are [A-Za-z_][A-Za-z0-9_]*";
                }

                string value = p.ValueAt(k);
                if (value == null)
                {
                    continue;
                }

                char[] chars = value.ToCharArray();
                for (int i = 0; i < chars.Length; i++)
                {
                    int c = chars[i];
                    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < chars.Length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                    {
                        i++;
                        continue;
                    }

                    if (!IsXmlChar(c))
                    {
                        return "value of '" + name + "' holds " + CodePointName(c) + " at index " + i.ToString() + ", which XML 1.0 cannot carry";
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The UTF-8 XML body for p (see the class summary for the escaping rule; a null value is
        /// written as an empty element). Throws ArgumentException with the message of
        /// <see cref="CheckWritable"/> when p cannot be written.
        /// </summary>
        public static byte[] Write(WxParams p)
        {
            string problem = CheckWritable(p);
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            // Pass 1 measures, pass 2 fills: exactly one buffer of the final size.
            byte[] buffer = new byte[Emit(p, null)];
            Emit(p, buffer);
            return buffer;
        }

        private static int Emit(WxParams p, byte[] buffer)
        {
            int pos = PutAscii("<xml>", buffer, 0);
            for (int k = 0; k < p.Count; k++)
            {
                string name = p.NameAt(k);
                pos = PutAscii("<", buffer, pos);
                pos = PutAscii(name, buffer, pos);
                pos = PutAscii(">", buffer, pos);
                pos = EmitValue(p.ValueAt(k), buffer, pos);
                pos = PutAscii("</", buffer, pos);
                pos = PutAscii(name, buffer, pos);
                pos = PutAscii(">", buffer, pos);
            }

            return PutAscii("</xml>", buffer, pos);
        }

        private static int EmitValue(string value, byte[] buffer, int pos)
        {
            if (value == null || value.Length == 0)
            {
                return pos;
            }

            char[] chars = value.ToCharArray();
            bool cdata = false;
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c == '<' || c == '>' || c == '&')
                {
                    cdata = true;
                    break;
                }
            }

            if (cdata)
            {
                pos = PutAscii(CDataOpen, buffer, pos);
            }

            int length = chars.Length;
            for (int i = 0; i < length; i++)
            {
                int c = chars[i];
                if (c == '\r')
                {
                    pos = cdata ? PutAscii(CDataClose + CrRef + CDataOpen, buffer, pos) : PutAscii(CrRef, buffer, pos);
                    continue;
                }

                if (cdata && c == ']' && i + 2 < length && chars[i + 1] == ']' && chars[i + 2] == '>')
                {
                    // "]]>" cannot appear inside CDATA: end the section after "]]" and start a new one for ">".
                    pos = PutAscii("]]" + CDataClose + CDataOpen + ">", buffer, pos);
                    i += 2;
                    continue;
                }

                if (c >= 0xD800 && c <= 0xDBFF)
                {
                    // A valid pair (CheckWritable refused lone surrogates).
                    c = 0x10000 + ((c - 0xD800) << 10) + (chars[i + 1] - 0xDC00);
                    i++;
                }

                if (buffer == null)
                {
                    pos += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
                }
                else
                {
                    pos = Utf8.PutUtf8(c, buffer, pos);
                }
            }

            if (cdata)
            {
                pos = PutAscii(CDataClose, buffer, pos);
            }

            return pos;
        }

        private static int PutAscii(string text, byte[] buffer, int pos)
        {
            if (buffer == null)
            {
                return pos + text.Length;
            }

            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                buffer[pos++] = (byte)chars[i];
            }

            return pos;
        }
    }
}
