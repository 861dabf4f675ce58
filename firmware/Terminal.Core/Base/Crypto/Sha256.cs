using System;

namespace Terminal.Core.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4) in managed code. The device's native hash code comes with
    /// nanoFramework.System.Security.Cryptography, whose native checksum in the pinned package
    /// (1.0.38) matches no published firmware that also matches System.Net 1.11.54
    /// (docs/flashing.md, "Firmware and application must match"); this class and <see cref="Hmac"/>
    /// remove that dependency. One call hashes one buffer and allocates the 8-word state, a
    /// 16-word message block and the 32-byte result, whatever the input size. Thread-safe (no
    /// shared state).
    /// </summary>
    public static class Sha256
    {
        /// <summary>Size of a SHA-256 digest in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Size of a SHA-256 message block in bytes (HMAC's key block).</summary>
        public const int BlockSize = 64;

        /// <summary>The SHA-256 digest of all of <paramref name="data"/>.</summary>
        public static byte[] Hash(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            return Hash(data, 0, data.Length);
        }

        /// <summary>The SHA-256 digest of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
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

            uint[] state = NewState();
            uint[] block = new uint[16];
            Finish(state, block, data, offset, count, 0);
            byte[] result = new byte[HashSize];
            WriteState(state, result);
            return result;
        }

        /// <summary>A new state holding the initial hash value H(0).</summary>
        internal static uint[] NewState()
        {
            return new uint[] { 0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19 };
        }

        /// <summary>
        /// Absorbs <paramref name="count"/> bytes of <paramref name="data"/> into <paramref name="state"/>,
        /// which has already absorbed <paramref name="prefixBytes"/> bytes (a multiple of 64), then the
        /// padding: <paramref name="state"/> ends as the digest's words. <paramref name="block"/> is
        /// 16 words of scratch.
        /// </summary>
        internal static void Finish(uint[] state, uint[] block, byte[] data, int offset, int count, int prefixBytes)
        {
            int end = offset + count;
            int position = offset;
            while (end - position >= BlockSize)
            {
                for (int i = 0; i < 16; i++)
                {
                    block[i] = ReadWord(data, position + 4 * i);
                }

                Compress(state, block);
                position += BlockSize;
            }

            // Padding: 0x80, zeros, then the length in bits (big-endian 64-bit) in the last 8 bytes.
            int rest = end - position;
            Array.Clear(block, 0, 16);
            for (int i = 0; i < rest; i++)
            {
                block[i >> 2] |= (uint)data[position + i] << (24 - 8 * (i & 3));
            }

            block[rest >> 2] |= 0x80U << (24 - 8 * (rest & 3));
            if (rest >= 56)
            {
                Compress(state, block);
                Array.Clear(block, 0, 16);
            }

            long bits = ((long)prefixBytes + count) << 3;
            block[14] = (uint)(bits >> 32);
            block[15] = (uint)bits;
            Compress(state, block);
        }

        /// <summary>The 8 state words as 32 big-endian bytes.</summary>
        internal static void WriteState(uint[] state, byte[] output)
        {
            for (int i = 0; i < 8; i++)
            {
                uint value = state[i];
                output[4 * i] = (byte)(value >> 24);
                output[4 * i + 1] = (byte)(value >> 16);
                output[4 * i + 2] = (byte)(value >> 8);
                output[4 * i + 3] = (byte)value;
            }
        }

        /// <summary>A big-endian 32-bit word.</summary>
        internal static uint ReadWord(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24)
                | ((uint)buffer[offset + 1] << 16)
                | ((uint)buffer[offset + 2] << 8)
                | buffer[offset + 3];
        }

        /// <summary>
        /// The compression function on one 16-word block: the 64 rounds unrolled, the message
        /// schedule kept in 16 locals (W[t] overwrites W[t-16]) and the working variables renamed
        /// each round instead of shifted (fast on the interpreter: locals only, no tables, no loop).
        /// Round t: T1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]; d += T1; h = T1 + Σ0(a) + Maj(a,b,c);
        /// then (a..h) are renamed (h,a,b,c,d,e,f,g). Ch(e,f,g) is written g ^ (e &amp; (f ^ g)) and
        /// Maj(a,b,c) (a &amp; b) | (c &amp; (a | b)), the same functions with fewer operations.
        /// </summary>
        internal static void Compress(uint[] state, uint[] block)
        {
            uint x0 = block[0];
            uint x1 = block[1];
            uint x2 = block[2];
            uint x3 = block[3];
            uint x4 = block[4];
            uint x5 = block[5];
            uint x6 = block[6];
            uint x7 = block[7];
            uint x8 = block[8];
            uint x9 = block[9];
            uint x10 = block[10];
            uint x11 = block[11];
            uint x12 = block[12];
            uint x13 = block[13];
            uint x14 = block[14];
            uint x15 = block[15];

            uint a = state[0];
            uint b = state[1];
            uint c = state[2];
            uint d = state[3];
            uint e = state[4];
            uint f = state[5];
            uint g = state[6];
            uint h = state[7];

            unchecked
            {
                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0x428A2F98 + x0;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0x71374491 + x1;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0xB5C0FBCF + x2;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0xE9B5DBA5 + x3;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0x3956C25B + x4;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0x59F111F1 + x5;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0x923F82A4 + x6;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0xAB1C5ED5 + x7;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0xD807AA98 + x8;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0x12835B01 + x9;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0x243185BE + x10;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0x550C7DC3 + x11;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0x72BE5D74 + x12;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0x80DEB1FE + x13;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0x9BDC06A7 + x14;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0xC19BF174 + x15;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                x0 += ((x14 >> 17 | x14 << 15) ^ (x14 >> 19 | x14 << 13) ^ x14 >> 10) + x9
                    + ((x1 >> 7 | x1 << 25) ^ (x1 >> 18 | x1 << 14) ^ x1 >> 3);
                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0xE49B69C1 + x0;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                x1 += ((x15 >> 17 | x15 << 15) ^ (x15 >> 19 | x15 << 13) ^ x15 >> 10) + x10
                    + ((x2 >> 7 | x2 << 25) ^ (x2 >> 18 | x2 << 14) ^ x2 >> 3);
                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0xEFBE4786 + x1;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                x2 += ((x0 >> 17 | x0 << 15) ^ (x0 >> 19 | x0 << 13) ^ x0 >> 10) + x11
                    + ((x3 >> 7 | x3 << 25) ^ (x3 >> 18 | x3 << 14) ^ x3 >> 3);
                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0x0FC19DC6 + x2;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                x3 += ((x1 >> 17 | x1 << 15) ^ (x1 >> 19 | x1 << 13) ^ x1 >> 10) + x12
                    + ((x4 >> 7 | x4 << 25) ^ (x4 >> 18 | x4 << 14) ^ x4 >> 3);
                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0x240CA1CC + x3;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                x4 += ((x2 >> 17 | x2 << 15) ^ (x2 >> 19 | x2 << 13) ^ x2 >> 10) + x13
                    + ((x5 >> 7 | x5 << 25) ^ (x5 >> 18 | x5 << 14) ^ x5 >> 3);
                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0x2DE92C6F + x4;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                x5 += ((x3 >> 17 | x3 << 15) ^ (x3 >> 19 | x3 << 13) ^ x3 >> 10) + x14
                    + ((x6 >> 7 | x6 << 25) ^ (x6 >> 18 | x6 << 14) ^ x6 >> 3);
                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0x4A7484AA + x5;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                x6 += ((x4 >> 17 | x4 << 15) ^ (x4 >> 19 | x4 << 13) ^ x4 >> 10) + x15
                    + ((x7 >> 7 | x7 << 25) ^ (x7 >> 18 | x7 << 14) ^ x7 >> 3);
                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0x5CB0A9DC + x6;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                x7 += ((x5 >> 17 | x5 << 15) ^ (x5 >> 19 | x5 << 13) ^ x5 >> 10) + x0
                    + ((x8 >> 7 | x8 << 25) ^ (x8 >> 18 | x8 << 14) ^ x8 >> 3);
                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0x76F988DA + x7;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                x8 += ((x6 >> 17 | x6 << 15) ^ (x6 >> 19 | x6 << 13) ^ x6 >> 10) + x1
                    + ((x9 >> 7 | x9 << 25) ^ (x9 >> 18 | x9 << 14) ^ x9 >> 3);
                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0x983E5152 + x8;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                x9 += ((x7 >> 17 | x7 << 15) ^ (x7 >> 19 | x7 << 13) ^ x7 >> 10) + x2
                    + ((x10 >> 7 | x10 << 25) ^ (x10 >> 18 | x10 << 14) ^ x10 >> 3);
                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0xA831C66D + x9;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                x10 += ((x8 >> 17 | x8 << 15) ^ (x8 >> 19 | x8 << 13) ^ x8 >> 10) + x3
                    + ((x11 >> 7 | x11 << 25) ^ (x11 >> 18 | x11 << 14) ^ x11 >> 3);
                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0xB00327C8 + x10;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                x11 += ((x9 >> 17 | x9 << 15) ^ (x9 >> 19 | x9 << 13) ^ x9 >> 10) + x4
                    + ((x12 >> 7 | x12 << 25) ^ (x12 >> 18 | x12 << 14) ^ x12 >> 3);
                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0xBF597FC7 + x11;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                x12 += ((x10 >> 17 | x10 << 15) ^ (x10 >> 19 | x10 << 13) ^ x10 >> 10) + x5
                    + ((x13 >> 7 | x13 << 25) ^ (x13 >> 18 | x13 << 14) ^ x13 >> 3);
                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0xC6E00BF3 + x12;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                x13 += ((x11 >> 17 | x11 << 15) ^ (x11 >> 19 | x11 << 13) ^ x11 >> 10) + x6
                    + ((x14 >> 7 | x14 << 25) ^ (x14 >> 18 | x14 << 14) ^ x14 >> 3);
                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0xD5A79147 + x13;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                x14 += ((x12 >> 17 | x12 << 15) ^ (x12 >> 19 | x12 << 13) ^ x12 >> 10) + x7
                    + ((x15 >> 7 | x15 << 25) ^ (x15 >> 18 | x15 << 14) ^ x15 >> 3);
                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0x06CA6351 + x14;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                x15 += ((x13 >> 17 | x13 << 15) ^ (x13 >> 19 | x13 << 13) ^ x13 >> 10) + x8
                    + ((x0 >> 7 | x0 << 25) ^ (x0 >> 18 | x0 << 14) ^ x0 >> 3);
                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0x14292967 + x15;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                x0 += ((x14 >> 17 | x14 << 15) ^ (x14 >> 19 | x14 << 13) ^ x14 >> 10) + x9
                    + ((x1 >> 7 | x1 << 25) ^ (x1 >> 18 | x1 << 14) ^ x1 >> 3);
                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0x27B70A85 + x0;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                x1 += ((x15 >> 17 | x15 << 15) ^ (x15 >> 19 | x15 << 13) ^ x15 >> 10) + x10
                    + ((x2 >> 7 | x2 << 25) ^ (x2 >> 18 | x2 << 14) ^ x2 >> 3);
                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0x2E1B2138 + x1;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                x2 += ((x0 >> 17 | x0 << 15) ^ (x0 >> 19 | x0 << 13) ^ x0 >> 10) + x11
                    + ((x3 >> 7 | x3 << 25) ^ (x3 >> 18 | x3 << 14) ^ x3 >> 3);
                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0x4D2C6DFC + x2;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                x3 += ((x1 >> 17 | x1 << 15) ^ (x1 >> 19 | x1 << 13) ^ x1 >> 10) + x12
                    + ((x4 >> 7 | x4 << 25) ^ (x4 >> 18 | x4 << 14) ^ x4 >> 3);
                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0x53380D13 + x3;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                x4 += ((x2 >> 17 | x2 << 15) ^ (x2 >> 19 | x2 << 13) ^ x2 >> 10) + x13
                    + ((x5 >> 7 | x5 << 25) ^ (x5 >> 18 | x5 << 14) ^ x5 >> 3);
                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0x650A7354 + x4;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                x5 += ((x3 >> 17 | x3 << 15) ^ (x3 >> 19 | x3 << 13) ^ x3 >> 10) + x14
                    + ((x6 >> 7 | x6 << 25) ^ (x6 >> 18 | x6 << 14) ^ x6 >> 3);
                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0x766A0ABB + x5;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                x6 += ((x4 >> 17 | x4 << 15) ^ (x4 >> 19 | x4 << 13) ^ x4 >> 10) + x15
                    + ((x7 >> 7 | x7 << 25) ^ (x7 >> 18 | x7 << 14) ^ x7 >> 3);
                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0x81C2C92E + x6;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                x7 += ((x5 >> 17 | x5 << 15) ^ (x5 >> 19 | x5 << 13) ^ x5 >> 10) + x0
                    + ((x8 >> 7 | x8 << 25) ^ (x8 >> 18 | x8 << 14) ^ x8 >> 3);
                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0x92722C85 + x7;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                x8 += ((x6 >> 17 | x6 << 15) ^ (x6 >> 19 | x6 << 13) ^ x6 >> 10) + x1
                    + ((x9 >> 7 | x9 << 25) ^ (x9 >> 18 | x9 << 14) ^ x9 >> 3);
                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0xA2BFE8A1 + x8;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                x9 += ((x7 >> 17 | x7 << 15) ^ (x7 >> 19 | x7 << 13) ^ x7 >> 10) + x2
                    + ((x10 >> 7 | x10 << 25) ^ (x10 >> 18 | x10 << 14) ^ x10 >> 3);
                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0xA81A664B + x9;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                x10 += ((x8 >> 17 | x8 << 15) ^ (x8 >> 19 | x8 << 13) ^ x8 >> 10) + x3
                    + ((x11 >> 7 | x11 << 25) ^ (x11 >> 18 | x11 << 14) ^ x11 >> 3);
                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0xC24B8B70 + x10;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                x11 += ((x9 >> 17 | x9 << 15) ^ (x9 >> 19 | x9 << 13) ^ x9 >> 10) + x4
                    + ((x12 >> 7 | x12 << 25) ^ (x12 >> 18 | x12 << 14) ^ x12 >> 3);
                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0xC76C51A3 + x11;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                x12 += ((x10 >> 17 | x10 << 15) ^ (x10 >> 19 | x10 << 13) ^ x10 >> 10) + x5
                    + ((x13 >> 7 | x13 << 25) ^ (x13 >> 18 | x13 << 14) ^ x13 >> 3);
                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0xD192E819 + x12;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                x13 += ((x11 >> 17 | x11 << 15) ^ (x11 >> 19 | x11 << 13) ^ x11 >> 10) + x6
                    + ((x14 >> 7 | x14 << 25) ^ (x14 >> 18 | x14 << 14) ^ x14 >> 3);
                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0xD6990624 + x13;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                x14 += ((x12 >> 17 | x12 << 15) ^ (x12 >> 19 | x12 << 13) ^ x12 >> 10) + x7
                    + ((x15 >> 7 | x15 << 25) ^ (x15 >> 18 | x15 << 14) ^ x15 >> 3);
                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0xF40E3585 + x14;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                x15 += ((x13 >> 17 | x13 << 15) ^ (x13 >> 19 | x13 << 13) ^ x13 >> 10) + x8
                    + ((x0 >> 7 | x0 << 25) ^ (x0 >> 18 | x0 << 14) ^ x0 >> 3);
                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0x106AA070 + x15;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                x0 += ((x14 >> 17 | x14 << 15) ^ (x14 >> 19 | x14 << 13) ^ x14 >> 10) + x9
                    + ((x1 >> 7 | x1 << 25) ^ (x1 >> 18 | x1 << 14) ^ x1 >> 3);
                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0x19A4C116 + x0;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                x1 += ((x15 >> 17 | x15 << 15) ^ (x15 >> 19 | x15 << 13) ^ x15 >> 10) + x10
                    + ((x2 >> 7 | x2 << 25) ^ (x2 >> 18 | x2 << 14) ^ x2 >> 3);
                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0x1E376C08 + x1;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                x2 += ((x0 >> 17 | x0 << 15) ^ (x0 >> 19 | x0 << 13) ^ x0 >> 10) + x11
                    + ((x3 >> 7 | x3 << 25) ^ (x3 >> 18 | x3 << 14) ^ x3 >> 3);
                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0x2748774C + x2;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                x3 += ((x1 >> 17 | x1 << 15) ^ (x1 >> 19 | x1 << 13) ^ x1 >> 10) + x12
                    + ((x4 >> 7 | x4 << 25) ^ (x4 >> 18 | x4 << 14) ^ x4 >> 3);
                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0x34B0BCB5 + x3;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                x4 += ((x2 >> 17 | x2 << 15) ^ (x2 >> 19 | x2 << 13) ^ x2 >> 10) + x13
                    + ((x5 >> 7 | x5 << 25) ^ (x5 >> 18 | x5 << 14) ^ x5 >> 3);
                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0x391C0CB3 + x4;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                x5 += ((x3 >> 17 | x3 << 15) ^ (x3 >> 19 | x3 << 13) ^ x3 >> 10) + x14
                    + ((x6 >> 7 | x6 << 25) ^ (x6 >> 18 | x6 << 14) ^ x6 >> 3);
                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0x4ED8AA4A + x5;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                x6 += ((x4 >> 17 | x4 << 15) ^ (x4 >> 19 | x4 << 13) ^ x4 >> 10) + x15
                    + ((x7 >> 7 | x7 << 25) ^ (x7 >> 18 | x7 << 14) ^ x7 >> 3);
                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0x5B9CCA4F + x6;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                x7 += ((x5 >> 17 | x5 << 15) ^ (x5 >> 19 | x5 << 13) ^ x5 >> 10) + x0
                    + ((x8 >> 7 | x8 << 25) ^ (x8 >> 18 | x8 << 14) ^ x8 >> 3);
                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0x682E6FF3 + x7;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                x8 += ((x6 >> 17 | x6 << 15) ^ (x6 >> 19 | x6 << 13) ^ x6 >> 10) + x1
                    + ((x9 >> 7 | x9 << 25) ^ (x9 >> 18 | x9 << 14) ^ x9 >> 3);
                h += ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) + (g ^ (e & (f ^ g))) + 0x748F82EE + x8;
                d += h;
                h += ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) + ((a & b) | (c & (a | b)));

                x9 += ((x7 >> 17 | x7 << 15) ^ (x7 >> 19 | x7 << 13) ^ x7 >> 10) + x2
                    + ((x10 >> 7 | x10 << 25) ^ (x10 >> 18 | x10 << 14) ^ x10 >> 3);
                g += ((d >> 6 | d << 26) ^ (d >> 11 | d << 21) ^ (d >> 25 | d << 7)) + (f ^ (d & (e ^ f))) + 0x78A5636F + x9;
                c += g;
                g += ((h >> 2 | h << 30) ^ (h >> 13 | h << 19) ^ (h >> 22 | h << 10)) + ((h & a) | (b & (h | a)));

                x10 += ((x8 >> 17 | x8 << 15) ^ (x8 >> 19 | x8 << 13) ^ x8 >> 10) + x3
                    + ((x11 >> 7 | x11 << 25) ^ (x11 >> 18 | x11 << 14) ^ x11 >> 3);
                f += ((c >> 6 | c << 26) ^ (c >> 11 | c << 21) ^ (c >> 25 | c << 7)) + (e ^ (c & (d ^ e))) + 0x84C87814 + x10;
                b += f;
                f += ((g >> 2 | g << 30) ^ (g >> 13 | g << 19) ^ (g >> 22 | g << 10)) + ((g & h) | (a & (g | h)));

                x11 += ((x9 >> 17 | x9 << 15) ^ (x9 >> 19 | x9 << 13) ^ x9 >> 10) + x4
                    + ((x12 >> 7 | x12 << 25) ^ (x12 >> 18 | x12 << 14) ^ x12 >> 3);
                e += ((b >> 6 | b << 26) ^ (b >> 11 | b << 21) ^ (b >> 25 | b << 7)) + (d ^ (b & (c ^ d))) + 0x8CC70208 + x11;
                a += e;
                e += ((f >> 2 | f << 30) ^ (f >> 13 | f << 19) ^ (f >> 22 | f << 10)) + ((f & g) | (h & (f | g)));

                x12 += ((x10 >> 17 | x10 << 15) ^ (x10 >> 19 | x10 << 13) ^ x10 >> 10) + x5
                    + ((x13 >> 7 | x13 << 25) ^ (x13 >> 18 | x13 << 14) ^ x13 >> 3);
                d += ((a >> 6 | a << 26) ^ (a >> 11 | a << 21) ^ (a >> 25 | a << 7)) + (c ^ (a & (b ^ c))) + 0x90BEFFFA + x12;
                h += d;
                d += ((e >> 2 | e << 30) ^ (e >> 13 | e << 19) ^ (e >> 22 | e << 10)) + ((e & f) | (g & (e | f)));

                x13 += ((x11 >> 17 | x11 << 15) ^ (x11 >> 19 | x11 << 13) ^ x11 >> 10) + x6
                    + ((x14 >> 7 | x14 << 25) ^ (x14 >> 18 | x14 << 14) ^ x14 >> 3);
                c += ((h >> 6 | h << 26) ^ (h >> 11 | h << 21) ^ (h >> 25 | h << 7)) + (b ^ (h & (a ^ b))) + 0xA4506CEB + x13;
                g += c;
                c += ((d >> 2 | d << 30) ^ (d >> 13 | d << 19) ^ (d >> 22 | d << 10)) + ((d & e) | (f & (d | e)));

                x14 += ((x12 >> 17 | x12 << 15) ^ (x12 >> 19 | x12 << 13) ^ x12 >> 10) + x7
                    + ((x15 >> 7 | x15 << 25) ^ (x15 >> 18 | x15 << 14) ^ x15 >> 3);
                b += ((g >> 6 | g << 26) ^ (g >> 11 | g << 21) ^ (g >> 25 | g << 7)) + (a ^ (g & (h ^ a))) + 0xBEF9A3F7 + x14;
                f += b;
                b += ((c >> 2 | c << 30) ^ (c >> 13 | c << 19) ^ (c >> 22 | c << 10)) + ((c & d) | (e & (c | d)));

                x15 += ((x13 >> 17 | x13 << 15) ^ (x13 >> 19 | x13 << 13) ^ x13 >> 10) + x8
                    + ((x0 >> 7 | x0 << 25) ^ (x0 >> 18 | x0 << 14) ^ x0 >> 3);
                a += ((f >> 6 | f << 26) ^ (f >> 11 | f << 21) ^ (f >> 25 | f << 7)) + (h ^ (f & (g ^ h))) + 0xC67178F2 + x15;
                e += a;
                a += ((b >> 2 | b << 30) ^ (b >> 13 | b << 19) ^ (b >> 22 | b << 10)) + ((b & c) | (d & (b | c)));

                state[0] += a;
                state[1] += b;
                state[2] += c;
                state[3] += d;
                state[4] += e;
                state[5] += f;
                state[6] += g;
                state[7] += h;
            }
        }
    }
}
