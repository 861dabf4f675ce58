using System;

namespace Terminal.Core.Text
{
    /// <summary>
    /// Strict UTF-8 (RFC 3629) for the protocol layer, written out because the device's
    /// UTF8Encoding neither validates nor reports where input is bad.
    /// Decoding refuses overlong forms, UTF-8-encoded surrogates (U+D800..U+DFFF), code points
    /// above U+10FFFF, stray continuation bytes and truncated sequences; the error is the index of
    /// the first byte of the offending sequence. Characters outside the BMP decode to a UTF-16
    /// surrogate pair. Encoding refuses lone surrogates (they have no UTF-8 form).
    /// Decoding into a string (<see cref="TryDecode"/>, <see cref="Decode"/>, <see cref="IndexOfInvalid(byte[], int, int)"/>)
    /// also refuses U+0000: a nanoFramework string cannot hold it (the device cuts the string
    /// there), so a NUL byte would silently shorten a console command, a JSON value or a stored setting.
    /// </summary>
    public static class Utf8
    {
        // Negative results of DecodeAt; index = -code.
        public const int ErrStrayContinuation = -1;
        public const int ErrInvalidByte = -2;
        public const int ErrTruncated = -3;
        public const int ErrOverlong = -4;
        public const int ErrSurrogate = -5;
        public const int ErrTooLarge = -6;

        /// <summary>A valid U+0000, refused when decoding into a string (never by <see cref="DecodeAt"/>).</summary>
        public const int ErrNul = -7;

        private static readonly string[] Reasons = new string[]
        {
            "",
            "unexpected continuation byte",
            "byte never valid in UTF-8",
            "truncated sequence",
            "overlong encoding",
            "encoded surrogate",
            "code point above U+10FFFF",
            "U+0000 (NUL), which a device string cannot hold",
        };

        /// <summary>
        /// Decodes the one UTF-8 sequence starting at data[index] (index &lt; end).
        /// Returns its length (1-4) and the code point, or a negative Err* code.
        /// </summary>
        public static int DecodeAt(byte[] data, int index, int end, out int codePoint)
        {
            int b0 = data[index];
            codePoint = 0;
            if (b0 < 0x80)
            {
                codePoint = b0;
                return 1;
            }

            if (b0 < 0xC0)
            {
                return ErrStrayContinuation;
            }

            int length;
            int min;
            if (b0 < 0xE0)
            {
                length = 2;
                min = 0x80;
                codePoint = b0 & 0x1F;
            }
            else if (b0 < 0xF0)
            {
                length = 3;
                min = 0x800;
                codePoint = b0 & 0x0F;
            }
            else if (b0 < 0xF8)
            {
                length = 4;
                min = 0x10000;
                codePoint = b0 & 0x07;
            }
            else
            {
                return ErrInvalidByte;
            }

            for (int k = 1; k < length; k++)
            {
                if (index + k >= end)
                {
                    codePoint = 0;
                    return ErrTruncated;
                }

                int b = data[index + k];
                if ((b & 0xC0) != 0x80)
                {
                    codePoint = 0;
                    return ErrTruncated;
                }

                codePoint = (codePoint << 6) | (b & 0x3F);
            }

            int result = length;
            if (codePoint < min)
            {
                result = ErrOverlong;
            }
            else if (codePoint >= 0xD800 && codePoint <= 0xDFFF)
            {
                result = ErrSurrogate;
            }
            else if (codePoint > 0x10FFFF)
            {
                result = ErrTooLarge;
            }

            if (result < 0)
            {
                codePoint = 0;
            }

            return result;
        }

        public static string Reason(int errorCode)
        {
            return Reasons[-errorCode];
        }

        /// <summary>
        /// Index (into data, not relative to offset) of the first byte of the first invalid
        /// sequence in data[offset .. offset+count), or -1 when the range is valid UTF-8.
        /// </summary>
        public static int IndexOfInvalid(byte[] data, int offset, int count)
        {
            string reason;
            return IndexOfInvalid(data, offset, count, out reason);
        }

        /// <summary>As <see cref="IndexOfInvalid(byte[], int, int)"/>, also naming the problem
        /// ("overlong encoding", "truncated sequence", ...; null when valid).</summary>
        public static int IndexOfInvalid(byte[] data, int offset, int count, out string reason)
        {
            CheckRange(data, offset, count);
            int end = offset + count;
            int i = offset;
            int codePoint;
            while (i < end)
            {
                int n = DecodeAt(data, i, end, out codePoint);
                if (n < 0 || codePoint == 0)
                {
                    reason = Reason(n < 0 ? n : ErrNul);
                    return i;
                }

                i += n;
            }

            reason = null;
            return -1;
        }

        /// <summary>
        /// Decodes data[offset .. offset+count) strictly. On failure text is null and errorIndex
        /// is the index (into data) of the first byte of the bad sequence; on success it is -1.
        /// </summary>
        public static bool TryDecode(byte[] data, int offset, int count, out string text, out int errorIndex)
        {
            CheckRange(data, offset, count);
            text = null;
            int end = offset + count;

            // Pass 1: validate and count UTF-16 units, so exactly one char[] is allocated.
            int units = 0;
            int i = offset;
            int codePoint;
            while (i < end)
            {
                int n = DecodeAt(data, i, end, out codePoint);
                if (n < 0 || codePoint == 0)
                {
                    errorIndex = i;
                    return false;
                }

                units += n == 4 ? 2 : 1;
                i += n;
            }

            errorIndex = -1;
            if (units == 0)
            {
                text = string.Empty;
                return true;
            }

            char[] chars = new char[units];
            int c = 0;
            i = offset;
            while (i < end)
            {
                int n = DecodeAt(data, i, end, out codePoint);
                c = PutCodePoint(codePoint, chars, c);
                i += n;
            }

            text = new string(chars, 0, c);
            return true;
        }

        /// <summary>Decodes strictly; throws ArgumentException "invalid UTF-8 at byte N (reason)".</summary>
        public static string Decode(byte[] data, int offset, int count)
        {
            string text;
            int errorIndex;
            if (!TryDecode(data, offset, count, out text, out errorIndex))
            {
                string reason;
                IndexOfInvalid(data, offset, count, out reason);
                throw new ArgumentException("invalid UTF-8 at byte " + errorIndex.ToString() + " (" + reason + ")");
            }

            return text;
        }

        /// <summary>Writes a code point (any valid scalar value) as 1 or 2 UTF-16 units; returns the next index.</summary>
        public static int PutCodePoint(int codePoint, char[] chars, int index)
        {
            if (codePoint < 0x10000)
            {
                chars[index] = (char)codePoint;
                return index + 1;
            }

            int v = codePoint - 0x10000;
            chars[index] = (char)(0xD800 + (v >> 10));
            chars[index + 1] = (char)(0xDC00 + (v & 0x3FF));
            return index + 2;
        }

        /// <summary>
        /// Number of UTF-8 bytes of s (0 for null). A surrogate pair counts 4; a lone surrogate,
        /// which <see cref="Encode(string)"/> refuses, counts 3.
        /// </summary>
        public static int ByteCount(string s)
        {
            if (s == null)
            {
                return 0;
            }

            char[] chars = s.ToCharArray();
            int length = chars.Length;
            int count = 0;
            for (int i = 0; i < length; i++)
            {
                char c = chars[i];
                if (c < 0x80)
                {
                    count += 1;
                }
                else if (c < 0x800)
                {
                    count += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                {
                    count += 4;
                    i++;
                }
                else
                {
                    count += 3;
                }
            }

            return count;
        }

        /// <summary>
        /// True when s holds a character outside the BMP (a UTF-16 surrogate pair, 4 bytes in
        /// UTF-8) or a lone surrogate. WeChat Pay accepts neither: only 1-3-byte UTF-8 characters.
        /// </summary>
        public static bool HasFourByteChar(string s)
        {
            return IndexOfSurrogate(s) >= 0;
        }

        /// <summary>True when data[offset .. offset+count) holds a 4-byte sequence lead byte (0xF0-0xF7).</summary>
        public static bool HasFourByteChar(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count);
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                if ((data[i] & 0xF8) == 0xF0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Index of the first UTF-16 surrogate unit (paired or not) in s, or -1.</summary>
        public static int IndexOfSurrogate(string s)
        {
            if (s == null)
            {
                return -1;
            }

            char[] chars = s.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Index of the first surrogate unit of s that is not part of a valid pair, or -1.</summary>
        public static int IndexOfLoneSurrogate(string s)
        {
            if (s == null)
            {
                return -1;
            }

            char[] chars = s.ToCharArray();
            int length = chars.Length;
            for (int i = 0; i < length; i++)
            {
                char c = chars[i];
                if (c >= 0xD800 && c <= 0xDBFF)
                {
                    if (i + 1 < length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                    {
                        i++;
                        continue;
                    }

                    return i;
                }

                if (c >= 0xDC00 && c <= 0xDFFF)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>UTF-8 bytes of s (empty for null). Throws ArgumentException on a lone surrogate.</summary>
        public static byte[] Encode(string s)
        {
            byte[] bytes = new byte[ByteCount(s)];
            if (bytes.Length > 0)
            {
                Encode(s, bytes, 0);
            }

            return bytes;
        }

        /// <summary>
        /// Writes the UTF-8 bytes of s into buffer at index; returns the number written.
        /// Throws ArgumentException on a lone surrogate (nothing useful is written then).
        /// </summary>
        public static int Encode(string s, byte[] buffer, int index)
        {
            if (s == null)
            {
                return 0;
            }

            int start = index;
            char[] chars = s.ToCharArray();
            int length = chars.Length;
            for (int i = 0; i < length; i++)
            {
                int c = chars[i];
                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    if (c <= 0xDBFF && i + 1 < length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                    {
                        c = 0x10000 + ((c - 0xD800) << 10) + (chars[i + 1] - 0xDC00);
                        i++;
                    }
                    else
                    {
                        throw new ArgumentException("lone surrogate at index " + i.ToString() + " cannot be encoded as UTF-8");
                    }
                }

                index = PutUtf8(c, buffer, index);
            }

            return index - start;
        }

        /// <summary>Writes one code point as UTF-8; returns the next index.</summary>
        public static int PutUtf8(int c, byte[] buffer, int index)
        {
            if (c < 0x80)
            {
                buffer[index++] = (byte)c;
            }
            else if (c < 0x800)
            {
                buffer[index++] = (byte)(0xC0 | (c >> 6));
                buffer[index++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (c < 0x10000)
            {
                buffer[index++] = (byte)(0xE0 | (c >> 12));
                buffer[index++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[index++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                buffer[index++] = (byte)(0xF0 | (c >> 18));
                buffer[index++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                buffer[index++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[index++] = (byte)(0x80 | (c & 0x3F));
            }

            return index;
        }

        private static void CheckRange(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset", "range outside the array");
            }
        }
    }
}
