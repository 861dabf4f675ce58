using System;
using Terminal.Core.Text;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// Writes the few small JSON objects of the merchant protocol straight into UTF-8 bytes, keys
    /// in the order they are written. Why not nanoFramework.Json (measured on the interpreter,
    /// docs/architecture.md): it serialised the notification's members in another order, and the
    /// terminal signs the exact bytes it sends and stores — so the bytes must come from one
    /// deterministic writer; it is also absent on .NET, where the core runs too. Strings are
    /// escaped per RFC 8259 (quote, backslash, control
    /// characters); other characters are written as UTF-8. Numbers are integers (money is minor
    /// units). Nesting is limited to 8 levels.
    /// </summary>
    public sealed class JsonWriter
    {
        private const int MaxDepth = 8;
        private const string HexDigits = "0123456789abcdef";
        private readonly bool[] hasMember = new bool[MaxDepth];
        private byte[] buffer;
        private int length;
        private int depth;

        public JsonWriter(int capacity)
        {
            buffer = new byte[capacity < 16 ? 16 : capacity];
        }

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return length; }
        }

        public void BeginObject()
        {
            if (depth > 0)
            {
                throw new InvalidOperationException("use BeginObject(name) inside an object");
            }

            Put((byte)'{');
            Push();
        }

        /// <summary>Starts a nested object member.</summary>
        public void BeginObject(string name)
        {
            Member(name);
            Put((byte)'{');
            Push();
        }

        public void EndObject()
        {
            if (depth == 0)
            {
                throw new InvalidOperationException("no object to end");
            }

            depth--;
            Put((byte)'}');
        }

        /// <summary>A string member; a null value is written as JSON null.</summary>
        public void String(string name, string value)
        {
            Member(name);
            if (value == null)
            {
                PutAscii("null");
            }
            else
            {
                Quoted(value);
            }
        }

        public void Number(string name, long value)
        {
            Member(name);
            PutAscii(value.ToString());
        }

        public void Bool(string name, bool value)
        {
            Member(name);
            PutAscii(value ? "true" : "false");
        }

        /// <summary>A member whose value is already-encoded JSON, copied byte for byte (the stored notification).</summary>
        public void Raw(string name, byte[] json, int offset, int count)
        {
            Member(name);
            Ensure(count);
            Array.Copy(json, offset, buffer, length, count);
            length += count;
        }

        /// <summary>The bytes written (the object must be complete).</summary>
        public byte[] ToArray()
        {
            if (depth != 0)
            {
                throw new InvalidOperationException("unterminated JSON object");
            }

            byte[] result = new byte[length];
            Array.Copy(buffer, result, length);
            return result;
        }

        private void Push()
        {
            if (depth >= MaxDepth)
            {
                throw new InvalidOperationException("JSON nesting too deep");
            }

            hasMember[depth] = false;
            depth++;
        }

        private void Member(string name)
        {
            if (depth == 0)
            {
                throw new InvalidOperationException("members belong inside an object");
            }

            if (hasMember[depth - 1])
            {
                Put((byte)',');
            }

            hasMember[depth - 1] = true;
            Quoted(name);
            Put((byte)':');
        }

        private void Quoted(string text)
        {
            Put((byte)'"');
            int runStart = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\\' || c < ' ' || c == '\u2028' || c == '\u2029')
                {
                    PutText(text, runStart, i);
                    runStart = i + 1;
                    Put((byte)'\\');
                    if (c == '"' || c == '\\')
                    {
                        Put((byte)c);
                    }
                    else if (c == '\n')
                    {
                        Put((byte)'n');
                    }
                    else if (c == '\r')
                    {
                        Put((byte)'r');
                    }
                    else if (c == '\t')
                    {
                        Put((byte)'t');
                    }
                    else
                    {
                        Put((byte)'u');
                        Put((byte)HexDigits[(c >> 12) & 0xF]);
                        Put((byte)HexDigits[(c >> 8) & 0xF]);
                        Put((byte)HexDigits[(c >> 4) & 0xF]);
                        Put((byte)HexDigits[c & 0xF]);
                    }
                }
            }

            PutText(text, runStart, text.Length);
            Put((byte)'"');
        }

        // Characters [start, end) need no escaping: ASCII copied directly, anything else UTF-8 encoded.
        private void PutText(string text, int start, int end)
        {
            bool ascii = true;
            for (int i = start; i < end; i++)
            {
                if (text[i] >= 0x80)
                {
                    ascii = false;
                    break;
                }
            }

            if (ascii)
            {
                Ensure(end - start);
                for (int i = start; i < end; i++)
                {
                    buffer[length++] = (byte)text[i];
                }

                return;
            }

            byte[] encoded = Utf8.Encode(text.Substring(start, end - start));
            Ensure(encoded.Length);
            Array.Copy(encoded, 0, buffer, length, encoded.Length);
            length += encoded.Length;
        }

        private void PutAscii(string text)
        {
            PutText(text, 0, text.Length);
        }

        private void Put(byte value)
        {
            Ensure(1);
            buffer[length++] = value;
        }

        private void Ensure(int extra)
        {
            if (length + extra <= buffer.Length)
            {
                return;
            }

            int size = buffer.Length * 2;
            while (size < length + extra)
            {
                size *= 2;
            }

            byte[] bigger = new byte[size];
            Array.Copy(buffer, bigger, length);
            buffer = bigger;
        }
    }
}
