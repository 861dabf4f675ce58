using System.Collections;
using Terminal.Core.Text;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// A strict, never-throwing JSON (RFC 8259) reader for the merchant server's small answers and
    /// for the terminal's own stored notifications. Written in the core for the same reasons as
    /// <see cref="JsonWriter"/>; nanoFramework.Json, measured on the interpreter, accepted NUL
    /// escapes, bad UTF-8 and lone surrogates and took more than 3 MB of heap on a document nested
    /// 2,000 deep (docs/architecture.md). The top level must be an object; duplicate member names,
    /// invalid UTF-8, control characters in strings, lone surrogate escapes, integer overflow,
    /// trailing data and nesting deeper than
    /// <see cref="MaxDepth"/> are refused with a located error.
    /// </summary>
    public sealed class JsonReader
    {
        public const int MaxDepth = 8;

        /// <summary>The value of a JSON null.</summary>
        public static readonly object Null = new object();

        private readonly string text;
        private int pos;
        private string error;

        private JsonReader(string text)
        {
            this.text = text;
        }

        /// <summary>Parses UTF-8 bytes; returns null and sets <paramref name="error"/> when they are not one valid JSON object.</summary>
        public static JsonObject Parse(byte[] data, int offset, int count, out string error)
        {
            if (data == null)
            {
                error = "no data";
                return null;
            }

            string decoded;
            int bad;
            if (!Utf8.TryDecode(data, offset, count, out decoded, out bad))
            {
                error = "invalid UTF-8 at byte " + bad.ToString();
                return null;
            }

            return Parse(decoded, out error);
        }

        public static JsonObject Parse(string text, out string error)
        {
            JsonReader reader = new JsonReader(text == null ? string.Empty : text);
            reader.SkipSpace();
            JsonObject result = null;
            if (reader.Peek() != '{')
            {
                reader.Fail("expected '{'");
            }
            else
            {
                result = reader.ReadObject(1);
                if (result != null)
                {
                    reader.SkipSpace();
                    if (reader.pos != reader.text.Length)
                    {
                        reader.Fail("data after the object");
                        result = null;
                    }
                }
            }

            error = reader.error;
            return error == null ? result : null;
        }

        private int Peek()
        {
            return pos < text.Length ? text[pos] : -1;
        }

        private object Fail(string message)
        {
            if (error == null)
            {
                error = message + " at character " + pos.ToString();
            }

            return null;
        }

        private void SkipSpace()
        {
            while (pos < text.Length)
            {
                char c = text[pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }

                pos++;
            }
        }

        private JsonObject ReadObject(int depth)
        {
            if (depth > MaxDepth)
            {
                Fail("nesting deeper than " + MaxDepth.ToString());
                return null;
            }

            pos++; // '{'
            JsonObject result = new JsonObject();
            SkipSpace();
            if (Peek() == '}')
            {
                pos++;
                return result;
            }

            while (true)
            {
                SkipSpace();
                if (Peek() != '"')
                {
                    Fail("expected a member name");
                    return null;
                }

                string name = ReadString();
                if (name == null)
                {
                    return null;
                }

                SkipSpace();
                if (Peek() != ':')
                {
                    Fail("expected ':'");
                    return null;
                }

                pos++;
                SkipSpace();
                object value = ReadValue(depth);
                if (value == null)
                {
                    return null;
                }

                if (!result.Add(name, value))
                {
                    Fail("duplicate member '" + name + "'");
                    return null;
                }

                SkipSpace();
                int c = Peek();
                if (c == ',')
                {
                    pos++;
                    continue;
                }

                if (c == '}')
                {
                    pos++;
                    return result;
                }

                Fail("expected ',' or '}'");
                return null;
            }
        }

        private ArrayList ReadArray(int depth)
        {
            if (depth > MaxDepth)
            {
                Fail("nesting deeper than " + MaxDepth.ToString());
                return null;
            }

            pos++; // '['
            ArrayList result = new ArrayList();
            SkipSpace();
            if (Peek() == ']')
            {
                pos++;
                return result;
            }

            while (true)
            {
                SkipSpace();
                object value = ReadValue(depth);
                if (value == null)
                {
                    return null;
                }

                result.Add(value);
                SkipSpace();
                int c = Peek();
                if (c == ',')
                {
                    pos++;
                    continue;
                }

                if (c == ']')
                {
                    pos++;
                    return result;
                }

                Fail("expected ',' or ']'");
                return null;
            }
        }

        private object ReadValue(int depth)
        {
            int c = Peek();
            if (c == '{')
            {
                return ReadObject(depth + 1);
            }

            if (c == '[')
            {
                return ReadArray(depth + 1);
            }

            if (c == '"')
            {
                return ReadString();
            }

            if (c == '-' || (c >= '0' && c <= '9'))
            {
                return ReadNumber();
            }

            if (Literal("true"))
            {
                return true;
            }

            if (Literal("false"))
            {
                return false;
            }

            if (Literal("null"))
            {
                return Null;
            }

            return Fail(c < 0 ? "unexpected end" : "unexpected character");
        }

        private bool Literal(string word)
        {
            if (pos + word.Length > text.Length)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (text[pos + i] != word[i])
                {
                    return false;
                }
            }

            pos += word.Length;
            return true;
        }

        private object ReadNumber()
        {
            int start = pos;
            bool negative = false;
            if (Peek() == '-')
            {
                negative = true;
                pos++;
            }

            int digitsStart = pos;
            while (pos < text.Length && text[pos] >= '0' && text[pos] <= '9')
            {
                pos++;
            }

            int digits = pos - digitsStart;
            if (digits == 0)
            {
                return Fail("expected a digit");
            }

            if (digits > 1 && text[digitsStart] == '0')
            {
                return Fail("leading zero");
            }

            bool integer = true;
            if (Peek() == '.')
            {
                integer = false;
                pos++;
                if (!SkipDigits())
                {
                    return Fail("expected a digit after '.'");
                }
            }

            int e = Peek();
            if (e == 'e' || e == 'E')
            {
                integer = false;
                pos++;
                if (Peek() == '+' || Peek() == '-')
                {
                    pos++;
                }

                if (!SkipDigits())
                {
                    return Fail("expected an exponent");
                }
            }

            if (!integer)
            {
                return new JsonNumberText(text.Substring(start, pos - start));
            }

            // Accumulate negatively so long.MinValue parses; refuse overflow.
            long value = 0;
            for (int i = digitsStart; i < digitsStart + digits; i++)
            {
                int d = text[i] - '0';
                if (value < (long.MinValue + d) / 10)
                {
                    return Fail("integer out of range");
                }

                value = value * 10 - d;
            }

            if (!negative)
            {
                if (value == long.MinValue)
                {
                    return Fail("integer out of range");
                }

                value = -value;
            }

            return value;
        }

        private bool SkipDigits()
        {
            int start = pos;
            while (pos < text.Length && text[pos] >= '0' && text[pos] <= '9')
            {
                pos++;
            }

            return pos > start;
        }

        private string ReadString()
        {
            pos++; // opening quote
            char[] chars = null;
            int count = 0;
            int runStart = pos;
            while (true)
            {
                if (pos >= text.Length)
                {
                    Fail("unterminated string");
                    return null;
                }

                char c = text[pos];
                if (c == '"')
                {
                    string result;
                    if (chars == null)
                    {
                        result = text.Substring(runStart, pos - runStart);
                    }
                    else
                    {
                        result = new string(chars, 0, count);
                    }

                    pos++;
                    return result;
                }

                if (c < ' ')
                {
                    Fail("control character in a string");
                    return null;
                }

                if (c != '\\')
                {
                    if (chars != null)
                    {
                        chars = Append(chars, count, c);
                        count++;
                    }

                    pos++;
                    continue;
                }

                // An escape: switch to building the string in a char buffer.
                if (chars == null)
                {
                    chars = new char[text.Length - runStart];
                    for (int i = runStart; i < pos; i++)
                    {
                        chars[count++] = text[i];
                    }
                }

                pos++;
                if (pos >= text.Length)
                {
                    Fail("unterminated escape");
                    return null;
                }

                char esc = text[pos];
                char decoded;
                if (esc == '"' || esc == '\\' || esc == '/')
                {
                    decoded = esc;
                }
                else if (esc == 'b')
                {
                    decoded = '\b';
                }
                else if (esc == 'f')
                {
                    decoded = '\f';
                }
                else if (esc == 'n')
                {
                    decoded = '\n';
                }
                else if (esc == 'r')
                {
                    decoded = '\r';
                }
                else if (esc == 't')
                {
                    decoded = '\t';
                }
                else if (esc == 'u')
                {
                    int unit = Hex4(pos + 1);
                    if (unit < 0)
                    {
                        Fail("bad \\u escape");
                        return null;
                    }

                    pos += 4;
                    if (unit == 0)
                    {
                        Fail("\\u0000 (NUL) is not allowed: a device string cannot hold it");
                        return null;
                    }

                    if (unit >= 0xD800 && unit <= 0xDBFF)
                    {
                        int low = pos + 2 < text.Length && text[pos + 1] == '\\' && text[pos + 2] == 'u' ? Hex4(pos + 3) : -1;
                        if (low < 0xDC00 || low > 0xDFFF)
                        {
                            Fail("lone surrogate escape");
                            return null;
                        }

                        chars = Append(chars, count, (char)unit);
                        count++;
                        pos += 6;
                        unit = low;
                    }
                    else if (unit >= 0xDC00 && unit <= 0xDFFF)
                    {
                        Fail("lone surrogate escape");
                        return null;
                    }

                    decoded = (char)unit;
                }
                else
                {
                    Fail("unknown escape");
                    return null;
                }

                chars = Append(chars, count, decoded);
                count++;
                pos++;
            }
        }

        private static char[] Append(char[] chars, int count, char c)
        {
            if (count == chars.Length)
            {
                char[] bigger = new char[chars.Length * 2 + 8];
                System.Array.Copy(chars, bigger, count);
                chars = bigger;
            }

            chars[count] = c;
            return chars;
        }

        private int Hex4(int at)
        {
            if (at + 4 > text.Length)
            {
                return -1;
            }

            int value = 0;
            for (int i = at; i < at + 4; i++)
            {
                char c = text[i];
                int d;
                if (c >= '0' && c <= '9')
                {
                    d = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    d = c - 'a' + 10;
                }
                else if (c >= 'A' && c <= 'F')
                {
                    d = c - 'A' + 10;
                }
                else
                {
                    return -1;
                }

                value = (value << 4) | d;
            }

            return value;
        }
    }
}
