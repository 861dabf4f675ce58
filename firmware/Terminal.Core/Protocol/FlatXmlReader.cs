using Terminal.Core.Text;

namespace Terminal.Core.Protocol
{
    /// <summary>
    /// One run of the flat XML reader over a byte range (use <see cref="FlatXml.Parse(byte[], int, int, int)"/>).
    /// Works on the bytes directly: all markup is ASCII, text is decoded once into a char[]
    /// of its exact length (each value is scanned twice: measure, then fill).
    /// Positions are indexes into data; messages report them relative to the document start.
    /// </summary>
    internal sealed class FlatXmlReader
    {
        private const string OnlyPredefined = "only &lt; &gt; &amp; &quot; &apos; and numeric references";

        private readonly byte[] d;
        private readonly int start;
        private readonly int end;

        private string error;
        private int errorAt = -1;

        // Result of ReadStartTag.
        private string tagName;
        private bool tagEmpty;

        // Output of ScanContent: where the end tag starts, and the char sink (null = measure only).
        private int contentEnd;
        private char[] sink;
        private int sinkCount;

        internal FlatXmlReader(byte[] data, int offset, int count, int maxElements)
        {
            d = data;
            start = offset;
            end = offset + count;
            this.maxElements = maxElements;
        }

        // Elements beyond this fail the document before their strings are made (bounds the memory a hostile answer costs).
        private readonly int maxElements;

        /// <summary>Why <see cref="ReadDocument"/> returned null, and where (byte offset, or -1).</summary>
        internal string Error
        {
            get { return error; }
        }

        internal int ErrorAt
        {
            get { return errorAt; }
        }

        /// <summary>The document's elements, or null (<see cref="Error"/> says why).</summary>
        internal WxParams ReadDocument()
        {
            if (end == start)
            {
                FailAtEnd("empty document");
                return null;
            }

            if (!CheckCharacters())
            {
                return null;
            }

            int i = start;
            if (end - i >= 3 && d[i] == 0xEF && d[i + 1] == 0xBB && d[i + 2] == 0xBF)
            {
                i += 3; // UTF-8 byte order mark
            }

            int m = Match(i, "<?xml");
            if (m < 0 && end - i >= 2)
            {
                FailAtEnd("truncated document: unterminated XML declaration");
                return null;
            }

            if (m > 0 && i + 5 < end && (IsSpace(d[i + 5]) || d[i + 5] == '?'))
            {
                i = ReadDeclaration(i);
                if (i < 0)
                {
                    return null;
                }
            }
            else if (m > 0 && i + 5 >= end)
            {
                FailAtEnd("truncated document: unterminated XML declaration");
                return null;
            }

            i = SkipMisc(i, "text outside elements is not allowed");
            if (i < 0)
            {
                return null;
            }

            if (i >= end)
            {
                FailAtEnd("no <xml> element: the document holds only whitespace and comments");
                return null;
            }

            if (i + 1 < end && d[i + 1] == '/')
            {
                Fail("end tag before the root element", i);
                return null;
            }

            int rootAt = i;
            i = ReadStartTag(i, null);
            if (i < 0)
            {
                return null;
            }

            if (tagName != "xml")
            {
                Fail("root element must be <xml> (found <" + tagName + ">)", rootAt);
                return null;
            }

            WxParams result = new WxParams();
            if (!tagEmpty)
            {
                while (true)
                {
                    i = SkipMisc(i, "text outside elements is not allowed");
                    if (i < 0)
                    {
                        return null;
                    }

                    if (i + 1 >= end)
                    {
                        FailAtEnd("truncated document: missing </xml>");
                        return null;
                    }

                    if (d[i + 1] == '/')
                    {
                        i = ReadEndTag(i, "xml");
                        if (i < 0)
                        {
                            return null;
                        }

                        break;
                    }

                    int tagAt = i;
                    i = ReadStartTag(i, "xml");
                    if (i < 0)
                    {
                        return null;
                    }

                    string name = tagName;
                    if (result.Count >= maxElements)
                    {
                        Fail("more than " + maxElements.ToString() + " elements", tagAt);
                        return null;
                    }

                    if (result.Contains(name))
                    {
                        Fail("duplicate element '" + name + "'", tagAt);
                        return null;
                    }

                    string value = string.Empty;
                    if (!tagEmpty)
                    {
                        i = ReadContent(i, name);
                        if (i < 0)
                        {
                            return null;
                        }

                        value = lastValue;
                    }

                    result.TryAdd(name, value);
                }
            }

            i = SkipMisc(i, "content after </xml> is not allowed");
            if (i < 0)
            {
                return null;
            }

            if (i < end)
            {
                Fail("content after </xml> is not allowed", i);
                return null;
            }

            return result;
        }

        // ---- errors ----

        private void Fail(string message, int index)
        {
            if (error == null)
            {
                errorAt = index - start;
                error = message + " (byte " + errorAt.ToString() + ")";
            }
        }

        private void Fail(string message, string element, int index)
        {
            if (error == null)
            {
                errorAt = index - start;
                error = message + " (element '" + element + "', byte " + errorAt.ToString() + ")";
            }
        }

        private void FailAtEnd(string message)
        {
            if (error == null)
            {
                errorAt = end - start;
                error = message;
            }
        }

        // ---- characters ----

        /// <summary>Whole-document pass: strict UTF-8, and only characters XML 1.0 allows.</summary>
        private bool CheckCharacters()
        {
            int i = start;
            int codePoint;
            while (i < end)
            {
                int n = Utf8.DecodeAt(d, i, end, out codePoint);
                if (n < 0)
                {
                    errorAt = i - start;
                    error = "invalid UTF-8 at byte " + errorAt.ToString() + " (" + Utf8.Reason(n) + ")";
                    return false;
                }

                if (!FlatXml.IsXmlChar(codePoint))
                {
                    Fail("character " + FlatXml.CodePointName(codePoint) + " is not allowed in XML", i);
                    return false;
                }

                i += n;
            }

            return true;
        }

        private static bool IsSpace(int b)
        {
            return b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D;
        }

        /// <summary>1: data at i starts with token; 0: it does not; -1: the document ends inside a prefix of token.</summary>
        private int Match(int i, string token)
        {
            int n = token.Length;
            for (int k = 0; k < n; k++)
            {
                if (i + k >= end)
                {
                    return -1;
                }

                if (d[i + k] != token[k])
                {
                    return 0;
                }
            }

            return 1;
        }

        private int IndexOf(string token, int from)
        {
            int last = end - token.Length;
            int first = token[0];
            for (int i = from; i <= last; i++)
            {
                if (d[i] == first && Match(i, token) > 0)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Text of data[from .. to) (already validated UTF-8).</summary>
        private string Text(int from, int to)
        {
            return Utf8.Decode(d, from, to - from);
        }

        /// <summary>A name-like run at i for messages: up to whitespace or markup, at most 40 bytes.</summary>
        private string ShownName(int i)
        {
            int j = i;
            while (j < end && j - i < 40)
            {
                int b = d[j];
                if (IsSpace(b) || b == '>' || b == '/' || b == '<' || b == '=' || b == '"' || b == '\'')
                {
                    break;
                }

                j++;
            }

            while (j < end && j > i && (d[j] & 0xC0) == 0x80)
            {
                j--; // do not cut a UTF-8 sequence
            }

            return Text(i, j);
        }

        // ---- prolog, misc, declaration ----

        /// <summary>
        /// Skips whitespace and comments. Returns the index of the next '&lt;' that starts a tag,
        /// end when the document ends, or -1 after failing on anything else.
        /// </summary>
        private int SkipMisc(int i, string textMessage)
        {
            while (true)
            {
                while (i < end && IsSpace(d[i]))
                {
                    i++;
                }

                if (i >= end)
                {
                    return i;
                }

                if (d[i] != '<')
                {
                    Fail(textMessage, i);
                    return -1;
                }

                if (i + 1 >= end)
                {
                    return i; // a lone '<': the tag reader reports the truncation
                }

                int next = d[i + 1];
                if (next == '?')
                {
                    FailProcessingInstruction(i);
                    return -1;
                }

                if (next != '!')
                {
                    return i;
                }

                if (Match(i, "<!--") > 0)
                {
                    i = SkipComment(i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                }

                if (Match(i, "<![CDATA[") > 0)
                {
                    Fail(textMessage, i);
                    return -1;
                }

                FailDeclaration(i, null);
                return -1;
            }
        }

        private void FailProcessingInstruction(int i)
        {
            int m = Match(i, "<?xml");
            if (m > 0 && i + 5 < end && (IsSpace(d[i + 5]) || d[i + 5] == '?'))
            {
                Fail("XML declaration is only allowed at the start of the document", i);
            }
            else
            {
                Fail("processing instructions are not allowed", i);
            }
        }

        /// <summary>Fails on a "&lt;!" construct that is not a comment or CDATA section.</summary>
        private void FailDeclaration(int i, string element)
        {
            string message;
            if (Match(i, "<!DOCTYPE") > 0)
            {
                message = "DOCTYPE is not allowed";
            }
            else if (Match(i, "<!ENTITY") > 0)
            {
                message = "ENTITY declarations are not allowed";
            }
            else if (Match(i, "<!--") < 0 || Match(i, "<![CDATA[") < 0 || Match(i, "<!DOCTYPE") < 0 || Match(i, "<!ENTITY") < 0)
            {
                FailAtEnd("truncated document: incomplete markup at the end");
                return;
            }
            else
            {
                message = "markup declarations ('<!') are not allowed";
            }

            if (element == null)
            {
                Fail(message, i);
            }
            else
            {
                Fail(message, element, i);
            }
        }

        /// <summary>At "&lt;!--": returns the index after "--&gt;", or -1.</summary>
        private int SkipComment(int i)
        {
            int j = IndexOf("--", i + 4);
            if (j < 0 || j + 2 >= end)
            {
                FailAtEnd("truncated document: unterminated comment");
                return -1;
            }

            if (d[j + 2] != '>')
            {
                Fail("'--' is not allowed inside a comment", j);
                return -1;
            }

            return j + 3;
        }

        /// <summary>At "&lt;?xml": checks version 1.0 / encoding UTF-8; returns the index after "?&gt;", or -1.</summary>
        private int ReadDeclaration(int i)
        {
            int j = i + 5;
            while (true)
            {
                bool spaced = false;
                while (j < end && IsSpace(d[j]))
                {
                    j++;
                    spaced = true;
                }

                if (j >= end)
                {
                    FailAtEnd("truncated document: unterminated XML declaration");
                    return -1;
                }

                if (d[j] == '?')
                {
                    if (j + 1 >= end)
                    {
                        FailAtEnd("truncated document: unterminated XML declaration");
                        return -1;
                    }

                    if (d[j + 1] != '>')
                    {
                        Fail("malformed XML declaration", j);
                        return -1;
                    }

                    return j + 2;
                }

                int nameAt = j;
                while (j < end && d[j] >= 'a' && d[j] <= 'z')
                {
                    j++;
                }

                if (!spaced || j == nameAt)
                {
                    Fail("malformed XML declaration", nameAt);
                    return -1;
                }

                string name = Text(nameAt, j);
                while (j < end && IsSpace(d[j]))
                {
                    j++;
                }

                if (j < end && d[j] == '=')
                {
                    j++;
                }
                else if (j < end)
                {
                    Fail("malformed XML declaration", j);
                    return -1;
                }

                while (j < end && IsSpace(d[j]))
                {
                    j++;
                }

                if (j >= end)
                {
                    FailAtEnd("truncated document: unterminated XML declaration");
                    return -1;
                }

                int quote = d[j];
                if (quote != '"' && quote != '\'')
                {
                    Fail("malformed XML declaration", j);
                    return -1;
                }

                int valueAt = j + 1;
                int close = valueAt;
                while (close < end && d[close] != quote && close - valueAt <= 20)
                {
                    close++;
                }

                if (close >= end)
                {
                    FailAtEnd("truncated document: unterminated XML declaration");
                    return -1;
                }

                if (d[close] != quote)
                {
                    Fail("malformed XML declaration", valueAt);
                    return -1;
                }

                string value = Text(valueAt, close);
                if (name == "version")
                {
                    if (value != "1.0")
                    {
                        Fail("XML version '" + value + "' is not supported; only 1.0", valueAt);
                        return -1;
                    }
                }
                else if (name == "encoding")
                {
                    if (value.ToLower() != "utf-8")
                    {
                        Fail("encoding '" + value + "' is not supported; the document must be UTF-8", valueAt);
                        return -1;
                    }
                }
                else if (name != "standalone")
                {
                    Fail("malformed XML declaration: unknown item '" + name + "'", nameAt);
                    return -1;
                }

                j = close + 1;
            }
        }

        // ---- tags ----

        /// <summary>
        /// At '&lt;' of a start tag (parent: enclosing element name, null for the root). Sets
        /// tagName and tagEmpty (for &lt;a/&gt;); returns the index after '&gt;', or -1.
        /// </summary>
        private int ReadStartTag(int i, string parent)
        {
            int nameAt = i + 1;
            int j = nameAt;
            if (j >= end)
            {
                FailAtEnd(parent == null ? "truncated document: missing <xml>" : "truncated document: missing </" + parent + ">");
                return -1;
            }

            int first = d[j];
            if (!FlatXml.IsNameStart(first))
            {
                if (first >= 0x80 || FlatXml.IsNameChar(first) || first == '-' || first == '.' || first == ':')
                {
                    Fail("element name '" + ShownName(nameAt) + "' is not supported; names are [A-Za-z_][A-Za-z0-9_]*", i);
                }
                else
                {
                    Fail("'<' must start a tag here (escape it as &lt; in text)", i);
                }

                return -1;
            }

            while (j < end && FlatXml.IsNameChar(d[j]))
            {
                j++;
            }

            if (j >= end)
            {
                FailAtEnd("truncated document: incomplete tag <" + Text(nameAt, j));
                return -1;
            }

            int b = d[j];
            if (j == nameAt || !(IsSpace(b) || b == '>' || b == '/'))
            {
                Fail("element name '" + ShownName(nameAt) + "' is not supported; names are [A-Za-z_][A-Za-z0-9_]*", i);
                return -1;
            }

            string name = Text(nameAt, j);
            while (j < end && IsSpace(d[j]))
            {
                j++;
            }

            if (j >= end)
            {
                FailAtEnd("truncated document: incomplete tag <" + name);
                return -1;
            }

            b = d[j];
            if (b == '>')
            {
                tagName = name;
                tagEmpty = false;
                return j + 1;
            }

            if (b == '/')
            {
                if (j + 1 >= end)
                {
                    FailAtEnd("truncated document: incomplete tag <" + name);
                    return -1;
                }

                if (d[j + 1] != '>')
                {
                    Fail("malformed start tag <" + name + ">", j);
                    return -1;
                }

                tagName = name;
                tagEmpty = true;
                return j + 2;
            }

            if (FlatXml.IsNameStart(b) || b >= 0x80)
            {
                Fail("attributes are not allowed", name, j);
            }
            else
            {
                Fail("malformed start tag <" + name + ">", j);
            }

            return -1;
        }

        /// <summary>At "&lt;/": checks the name is expected; returns the index after '&gt;', or -1.</summary>
        private int ReadEndTag(int i, string expected)
        {
            int nameAt = i + 2;
            int j = nameAt;
            while (j < end && FlatXml.IsNameChar(d[j]))
            {
                j++;
            }

            if (j >= end)
            {
                FailAtEnd("truncated document: missing </" + expected + ">");
                return -1;
            }

            string name = Text(nameAt, j);
            if (name != expected)
            {
                Fail("mismatched end tag </" + ShownName(nameAt) + ">; expected </" + expected + ">", i);
                return -1;
            }

            while (j < end && IsSpace(d[j]))
            {
                j++;
            }

            if (j >= end)
            {
                FailAtEnd("truncated document: missing </" + expected + ">");
                return -1;
            }

            if (d[j] != '>')
            {
                Fail("malformed end tag </" + expected + ">", j);
                return -1;
            }

            return j + 1;
        }

        // ---- element content ----

        private string lastValue;

        /// <summary>After the start tag of a child: reads its value into lastValue and its end tag; returns the index after it, or -1.</summary>
        private int ReadContent(int i, string name)
        {
            sink = null;
            sinkCount = 0;
            if (!ScanContent(i, name))
            {
                return -1;
            }

            if (sinkCount == 0)
            {
                lastValue = string.Empty;
            }
            else
            {
                sink = new char[sinkCount];
                sinkCount = 0;
                ScanContent(i, name);
                lastValue = new string(sink, 0, sinkCount);
                sink = null;
            }

            return ReadEndTag(contentEnd, name);
        }

        private void Put(int codePoint)
        {
            if (sink == null)
            {
                sinkCount += codePoint > 0xFFFF ? 2 : 1;
            }
            else
            {
                sinkCount = Utf8.PutCodePoint(codePoint, sink, sinkCount);
            }
        }

        /// <summary>
        /// Text, references and CDATA from i up to the element's end tag (contentEnd). Literal CR
        /// and CR LF become LF (XML end-of-line handling). Returns false after failing.
        /// </summary>
        private bool ScanContent(int i, string name)
        {
            while (true)
            {
                if (i >= end)
                {
                    FailAtEnd("truncated document: missing </" + name + ">");
                    return false;
                }

                int b = d[i];
                if (b == '<')
                {
                    if (i + 1 >= end)
                    {
                        FailAtEnd("truncated document: missing </" + name + ">");
                        return false;
                    }

                    int next = d[i + 1];
                    if (next == '/')
                    {
                        contentEnd = i;
                        return true;
                    }

                    if (next == '!')
                    {
                        if (Match(i, "<![CDATA[") > 0)
                        {
                            int close = IndexOf("]]>", i + 9);
                            if (close < 0)
                            {
                                FailAtEnd("truncated document: unterminated CDATA section in element '" + name + "'");
                                return false;
                            }

                            PutText(i + 9, close);
                            i = close + 3;
                            continue;
                        }

                        if (Match(i, "<!--") > 0)
                        {
                            i = SkipComment(i);
                            if (i < 0)
                            {
                                return false;
                            }

                            continue;
                        }

                        FailDeclaration(i, name);
                        return false;
                    }

                    if (next == '?')
                    {
                        Fail("processing instructions are not allowed", name, i);
                        return false;
                    }

                    if (FlatXml.IsNameStart(next) || next >= 0x80)
                    {
                        Fail("nested element <" + ShownName(i + 1) + "> inside <" + name + "> is not allowed", i);
                        return false;
                    }

                    Fail("'<' in text must be escaped as &lt;", name, i);
                    return false;
                }

                if (b == '&')
                {
                    i = ReadReference(i, name);
                    if (i < 0)
                    {
                        return false;
                    }

                    continue;
                }

                if (b == ']' && Match(i, "]]>") > 0)
                {
                    Fail("']]>' is not allowed in text (escape '>' as &gt;)", name, i);
                    return false;
                }

                i = PutChar(i);
            }
        }

        /// <summary>Puts the raw text data[from .. to) (CDATA content) with end-of-line handling.</summary>
        private void PutText(int from, int to)
        {
            int i = from;
            while (i < to)
            {
                i = PutChar(i);
            }
        }

        /// <summary>Puts the character at i (CR and CR LF as LF); returns the index after it.</summary>
        private int PutChar(int i)
        {
            int b = d[i];
            if (b == '\r')
            {
                Put('\n');
                return i + 1 < end && d[i + 1] == '\n' ? i + 2 : i + 1;
            }

            if (b < 0x80)
            {
                Put(b);
                return i + 1;
            }

            int codePoint;
            int n = Utf8.DecodeAt(d, i, end, out codePoint); // validated by CheckCharacters
            Put(codePoint);
            return i + n;
        }

        /// <summary>At '&amp;': puts the referenced character; returns the index after ';', or -1.</summary>
        private int ReadReference(int i, string name)
        {
            int limit = i + 1 + 40;
            if (limit > end)
            {
                limit = end;
            }

            int j = i + 1;
            while (j < limit)
            {
                int b = d[j];
                if (b == ';' || b == '<' || b == '&' || IsSpace(b))
                {
                    break;
                }

                j++;
            }

            if (j >= end)
            {
                FailAtEnd("truncated document: incomplete reference in element '" + name + "'");
                return -1;
            }

            if (j >= limit || d[j] != ';' || j == i + 1)
            {
                Fail("'&' in text must be escaped as &amp;", name, i);
                return -1;
            }

            if (d[i + 1] == '#')
            {
                int k = i + 2;
                int radix = 10;
                if (k < j && d[k] == 'x')
                {
                    radix = 16;
                    k++;
                }

                if (k == j)
                {
                    Fail("malformed character reference '" + Text(i, j + 1) + "'", name, i);
                    return -1;
                }

                int value = 0;
                for (; k < j; k++)
                {
                    int c = d[k];
                    int digit;
                    if (c >= '0' && c <= '9')
                    {
                        digit = c - '0';
                    }
                    else if (radix == 16 && c >= 'a' && c <= 'f')
                    {
                        digit = c - 'a' + 10;
                    }
                    else if (radix == 16 && c >= 'A' && c <= 'F')
                    {
                        digit = c - 'A' + 10;
                    }
                    else
                    {
                        Fail("malformed character reference '" + Text(i, j + 1) + "'", name, i);
                        return -1;
                    }

                    if (value <= 0x10FFFF)
                    {
                        value = value * radix + digit; // stops growing once too large: no overflow
                    }
                }

                if (!FlatXml.IsXmlChar(value))
                {
                    Fail("character reference '" + Text(i, j + 1) + "' is not a valid XML character", name, i);
                    return -1;
                }

                Put(value);
                return j + 1;
            }

            int length = j - (i + 1);
            int ch = -1;
            if (length == 2 && d[i + 2] == 't' && (d[i + 1] == 'l' || d[i + 1] == 'g'))
            {
                ch = d[i + 1] == 'l' ? '<' : '>';
            }
            else if (Match(i, "&amp;") > 0)
            {
                ch = '&';
            }
            else if (Match(i, "&quot;") > 0)
            {
                ch = '"';
            }
            else if (Match(i, "&apos;") > 0)
            {
                ch = '\'';
            }

            if (ch < 0)
            {
                Fail("entity '" + Text(i, j + 1) + "' is not allowed; " + OnlyPredefined, name, i);
                return -1;
            }

            Put(ch);
            return j + 1;
        }
    }
}
