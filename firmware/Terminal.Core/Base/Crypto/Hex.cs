using System;

namespace Terminal.Core.Crypto
{
    /// <summary>Hexadecimal text of bytes: upper-case, as WeChat Pay writes signatures.</summary>
    public static class Hex
    {
        private const string Digits = "0123456789ABCDEF";

        /// <summary>Upper-case hex of all bytes ("" for an empty array).</summary>
        public static string Encode(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            return Encode(data, 0, data.Length);
        }

        /// <summary>Upper-case hex of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static string Encode(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset", "offset/count outside the buffer");
            }

            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                int value = data[offset + i];
                chars[2 * i] = Digits[value >> 4];
                chars[2 * i + 1] = Digits[value & 0x0F];
            }

            return new string(chars);
        }

        /// <summary>
        /// Bytes of a hex string (either case, no separators). Returns null when the text has an odd
        /// length or a character that is not a hex digit; a null text also gives null.
        /// </summary>
        public static byte[] Decode(string hex)
        {
            if (hex == null || (hex.Length & 1) != 0)
            {
                return null;
            }

            byte[] result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                int high = DigitValue(hex[2 * i]);
                int low = DigitValue(hex[2 * i + 1]);
                if (high < 0 || low < 0)
                {
                    return null;
                }

                result[i] = (byte)((high << 4) | low);
            }

            return result;
        }

        private static int DigitValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }
    }
}
