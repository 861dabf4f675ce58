using System;

namespace Terminal.Core.Crypto
{
    /// <summary>
    /// MD5 (RFC 1321) in managed code: the device has no MD5 class. Used only for WeChat Pay v2
    /// signatures (sign_type=MD5), never for security on its own. One call hashes one buffer;
    /// it allocates a 64-byte block for the padded tail and the 16-byte result, nothing else.
    /// Thread-safe (no shared state).
    /// </summary>
    public static class Md5
    {
        /// <summary>Size of an MD5 digest in bytes.</summary>
        public const int HashSize = 16;

        /// <summary>The MD5 digest of all of <paramref name="data"/>.</summary>
        public static byte[] Hash(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            return Hash(data, 0, data.Length);
        }

        /// <summary>The MD5 digest of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset", "offset/count outside the buffer");
            }

            uint a = 0x67452301;
            uint b = 0xEFCDAB89;
            uint c = 0x98BADCFE;
            uint d = 0x10325476;

            int end = offset + count;
            int position = offset;
            while (end - position >= 64)
            {
                Transform(ref a, ref b, ref c, ref d, data, position);
                position += 64;
            }

            // Padding: 0x80, zeros, then the length in bits (little-endian 64-bit) in the last 8 bytes.
            int rest = end - position;
            byte[] block = new byte[64];
            Array.Copy(data, position, block, 0, rest);
            block[rest] = 0x80;
            if (rest >= 56)
            {
                Transform(ref a, ref b, ref c, ref d, block, 0);
                Array.Clear(block, 0, 64);
            }

            ulong bits = (ulong)count << 3;
            for (int i = 0; i < 8; i++)
            {
                block[56 + i] = (byte)(bits >> (8 * i));
            }

            Transform(ref a, ref b, ref c, ref d, block, 0);

            byte[] result = new byte[HashSize];
            WriteWord(result, 0, a);
            WriteWord(result, 4, b);
            WriteWord(result, 8, c);
            WriteWord(result, 12, d);
            return result;
        }

        private static void WriteWord(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        private static uint ReadWord(byte[] buffer, int offset)
        {
            return (uint)buffer[offset]
                | ((uint)buffer[offset + 1] << 8)
                | ((uint)buffer[offset + 2] << 16)
                | ((uint)buffer[offset + 3] << 24);
        }

        // One 64-byte block, the 64 steps unrolled (fast on the interpreter: locals only, no tables).
        private static void Transform(ref uint sa, ref uint sb, ref uint sc, ref uint sd, byte[] block, int offset)
        {
            uint x0 = ReadWord(block, offset);
            uint x1 = ReadWord(block, offset + 4);
            uint x2 = ReadWord(block, offset + 8);
            uint x3 = ReadWord(block, offset + 12);
            uint x4 = ReadWord(block, offset + 16);
            uint x5 = ReadWord(block, offset + 20);
            uint x6 = ReadWord(block, offset + 24);
            uint x7 = ReadWord(block, offset + 28);
            uint x8 = ReadWord(block, offset + 32);
            uint x9 = ReadWord(block, offset + 36);
            uint x10 = ReadWord(block, offset + 40);
            uint x11 = ReadWord(block, offset + 44);
            uint x12 = ReadWord(block, offset + 48);
            uint x13 = ReadWord(block, offset + 52);
            uint x14 = ReadWord(block, offset + 56);
            uint x15 = ReadWord(block, offset + 60);

            uint a = sa;
            uint b = sb;
            uint c = sc;
            uint d = sd;

            unchecked
            {
                a += ((b & c) | (~b & d)) + x0 + 0xD76AA478; a = (a << 7 | a >> 25) + b;
                d += ((a & b) | (~a & c)) + x1 + 0xE8C7B756; d = (d << 12 | d >> 20) + a;
                c += ((d & a) | (~d & b)) + x2 + 0x242070DB; c = (c << 17 | c >> 15) + d;
                b += ((c & d) | (~c & a)) + x3 + 0xC1BDCEEE; b = (b << 22 | b >> 10) + c;
                a += ((b & c) | (~b & d)) + x4 + 0xF57C0FAF; a = (a << 7 | a >> 25) + b;
                d += ((a & b) | (~a & c)) + x5 + 0x4787C62A; d = (d << 12 | d >> 20) + a;
                c += ((d & a) | (~d & b)) + x6 + 0xA8304613; c = (c << 17 | c >> 15) + d;
                b += ((c & d) | (~c & a)) + x7 + 0xFD469501; b = (b << 22 | b >> 10) + c;
                a += ((b & c) | (~b & d)) + x8 + 0x698098D8; a = (a << 7 | a >> 25) + b;
                d += ((a & b) | (~a & c)) + x9 + 0x8B44F7AF; d = (d << 12 | d >> 20) + a;
                c += ((d & a) | (~d & b)) + x10 + 0xFFFF5BB1; c = (c << 17 | c >> 15) + d;
                b += ((c & d) | (~c & a)) + x11 + 0x895CD7BE; b = (b << 22 | b >> 10) + c;
                a += ((b & c) | (~b & d)) + x12 + 0x6B901122; a = (a << 7 | a >> 25) + b;
                d += ((a & b) | (~a & c)) + x13 + 0xFD987193; d = (d << 12 | d >> 20) + a;
                c += ((d & a) | (~d & b)) + x14 + 0xA679438E; c = (c << 17 | c >> 15) + d;
                b += ((c & d) | (~c & a)) + x15 + 0x49B40821; b = (b << 22 | b >> 10) + c;

                a += ((b & d) | (c & ~d)) + x1 + 0xF61E2562; a = (a << 5 | a >> 27) + b;
                d += ((a & c) | (b & ~c)) + x6 + 0xC040B340; d = (d << 9 | d >> 23) + a;
                c += ((d & b) | (a & ~b)) + x11 + 0x265E5A51; c = (c << 14 | c >> 18) + d;
                b += ((c & a) | (d & ~a)) + x0 + 0xE9B6C7AA; b = (b << 20 | b >> 12) + c;
                a += ((b & d) | (c & ~d)) + x5 + 0xD62F105D; a = (a << 5 | a >> 27) + b;
                d += ((a & c) | (b & ~c)) + x10 + 0x02441453; d = (d << 9 | d >> 23) + a;
                c += ((d & b) | (a & ~b)) + x15 + 0xD8A1E681; c = (c << 14 | c >> 18) + d;
                b += ((c & a) | (d & ~a)) + x4 + 0xE7D3FBC8; b = (b << 20 | b >> 12) + c;
                a += ((b & d) | (c & ~d)) + x9 + 0x21E1CDE6; a = (a << 5 | a >> 27) + b;
                d += ((a & c) | (b & ~c)) + x14 + 0xC33707D6; d = (d << 9 | d >> 23) + a;
                c += ((d & b) | (a & ~b)) + x3 + 0xF4D50D87; c = (c << 14 | c >> 18) + d;
                b += ((c & a) | (d & ~a)) + x8 + 0x455A14ED; b = (b << 20 | b >> 12) + c;
                a += ((b & d) | (c & ~d)) + x13 + 0xA9E3E905; a = (a << 5 | a >> 27) + b;
                d += ((a & c) | (b & ~c)) + x2 + 0xFCEFA3F8; d = (d << 9 | d >> 23) + a;
                c += ((d & b) | (a & ~b)) + x7 + 0x676F02D9; c = (c << 14 | c >> 18) + d;
                b += ((c & a) | (d & ~a)) + x12 + 0x8D2A4C8A; b = (b << 20 | b >> 12) + c;

                a += (b ^ c ^ d) + x5 + 0xFFFA3942; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x8 + 0x8771F681; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x11 + 0x6D9D6122; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x14 + 0xFDE5380C; b = (b << 23 | b >> 9) + c;
                a += (b ^ c ^ d) + x1 + 0xA4BEEA44; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x4 + 0x4BDECFA9; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x7 + 0xF6BB4B60; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x10 + 0xBEBFBC70; b = (b << 23 | b >> 9) + c;
                a += (b ^ c ^ d) + x13 + 0x289B7EC6; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x0 + 0xEAA127FA; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x3 + 0xD4EF3085; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x6 + 0x04881D05; b = (b << 23 | b >> 9) + c;
                a += (b ^ c ^ d) + x9 + 0xD9D4D039; a = (a << 4 | a >> 28) + b;
                d += (a ^ b ^ c) + x12 + 0xE6DB99E5; d = (d << 11 | d >> 21) + a;
                c += (d ^ a ^ b) + x15 + 0x1FA27CF8; c = (c << 16 | c >> 16) + d;
                b += (c ^ d ^ a) + x2 + 0xC4AC5665; b = (b << 23 | b >> 9) + c;

                a += (c ^ (b | ~d)) + x0 + 0xF4292244; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x7 + 0x432AFF97; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x14 + 0xAB9423A7; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x5 + 0xFC93A039; b = (b << 21 | b >> 11) + c;
                a += (c ^ (b | ~d)) + x12 + 0x655B59C3; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x3 + 0x8F0CCC92; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x10 + 0xFFEFF47D; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x1 + 0x85845DD1; b = (b << 21 | b >> 11) + c;
                a += (c ^ (b | ~d)) + x8 + 0x6FA87E4F; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x15 + 0xFE2CE6E0; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x6 + 0xA3014314; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x13 + 0x4E0811A1; b = (b << 21 | b >> 11) + c;
                a += (c ^ (b | ~d)) + x4 + 0xF7537E82; a = (a << 6 | a >> 26) + b;
                d += (b ^ (a | ~c)) + x11 + 0xBD3AF235; d = (d << 10 | d >> 22) + a;
                c += (a ^ (d | ~b)) + x2 + 0x2AD7D2BB; c = (c << 15 | c >> 17) + d;
                b += (d ^ (c | ~a)) + x9 + 0xEB86D391; b = (b << 21 | b >> 11) + c;
                sa += a;
                sb += b;
                sc += c;
                sd += d;
            }
        }
    }
}
