using System;

namespace Terminal.Core.Crypto
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104, FIPS 198-1) over the managed <see cref="Sha256"/>: the one call path
    /// for WeChat signatures, merchant-server signatures and the PIN's key derivation. Managed
    /// rather than the native HMACSHA256 of nanoFramework.System.Security.Cryptography so the
    /// application carries no native assembly whose checksum the firmware must match for this
    /// (docs/flashing.md, "Firmware and application must match"). Thread-safe (no shared state).
    /// </summary>
    public static class Hmac
    {
        private const uint InnerPad = 0x36363636;
        private const uint OuterPad = 0x5C5C5C5C;

        /// <summary>HMAC-SHA256 of all of <paramref name="data"/> under <paramref name="key"/> (any length).</summary>
        public static byte[] Sha256(byte[] key, byte[] data)
        {
            if (key == null)
            {
                throw new ArgumentNullException("key");
            }

            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            uint[] keyBlock = KeyBlock(key);
            uint[] block = new uint[16];
            uint[] inner = KeyedState(keyBlock, InnerPad, block);
            Crypto.Sha256.Finish(inner, block, data, 0, data.Length, Crypto.Sha256.BlockSize);
            uint[] outer = KeyedState(keyBlock, OuterPad, block);
            CompressDigestBlock(outer, inner, block);
            byte[] result = new byte[Crypto.Sha256.HashSize];
            Crypto.Sha256.WriteState(outer, result);
            return result;
        }

        /// <summary>
        /// PBKDF2-HMAC-SHA256 (RFC 8018), the first 32-byte block (dkLen = 32):
        /// U1 = HMAC(password, salt || 00000001), Ui = HMAC(password, Ui-1), result = U1 xor … xor Un.
        /// The same value as <see cref="Sha256(byte[], byte[])"/> applied round by round, computed with
        /// the key's two padded blocks hashed once: each round costs two compressions instead of four.
        /// </summary>
        public static byte[] Pbkdf2Sha256(byte[] password, byte[] salt, int iterations)
        {
            if (password == null)
            {
                throw new ArgumentNullException("password");
            }

            if (salt == null)
            {
                throw new ArgumentNullException("salt");
            }

            if (iterations < 1)
            {
                throw new ArgumentOutOfRangeException("iterations", "at least one round");
            }

            uint[] keyBlock = KeyBlock(password);
            uint[] block = new uint[16];
            uint[] innerStart = KeyedState(keyBlock, InnerPad, block);
            uint[] outerStart = KeyedState(keyBlock, OuterPad, block);

            // U1 = HMAC(password, salt || INT(1)).
            byte[] first = new byte[salt.Length + 4];
            Array.Copy(salt, first, salt.Length);
            first[first.Length - 1] = 1;
            uint[] u = new uint[8];
            Array.Copy(innerStart, u, 8);
            Crypto.Sha256.Finish(u, block, first, 0, first.Length, Crypto.Sha256.BlockSize);
            uint[] outer = new uint[8];
            Array.Copy(outerStart, outer, 8);
            CompressDigestBlock(outer, u, block);

            uint[] result = new uint[8];
            Array.Copy(outer, result, 8);
            for (int round = 1; round < iterations; round++)
            {
                // Ui = HMAC(password, Ui-1): inner hash of the 32-byte Ui-1, outer hash of that.
                Array.Copy(innerStart, u, 8);
                CompressDigestBlock(u, outer, block);
                Array.Copy(outerStart, outer, 8);
                CompressDigestBlock(outer, u, block);
                for (int i = 0; i < 8; i++)
                {
                    result[i] ^= outer[i];
                }
            }

            byte[] bytes = new byte[Crypto.Sha256.HashSize];
            Crypto.Sha256.WriteState(result, bytes);
            return bytes;
        }

        /// <summary>
        /// Ordinal equality whose running time depends only on the lengths, never on where the
        /// strings differ. Null on either side is false.
        /// </summary>
        public static bool ConstantTimeEquals(string expected, string actual)
        {
            if (expected == null || actual == null)
            {
                return false;
            }

            int difference = expected.Length ^ actual.Length;
            for (int i = 0; i < expected.Length; i++)
            {
                char other = i < actual.Length ? actual[i] : '\0';
                difference |= expected[i] ^ other;
            }

            return difference == 0;
        }

        /// <summary>
        /// HMAC's K0 as 16 big-endian words: the key zero-padded to 64 bytes, or the key's SHA-256
        /// digest zero-padded when the key is longer than a block.
        /// </summary>
        private static uint[] KeyBlock(byte[] key)
        {
            byte[] k = key.Length > Crypto.Sha256.BlockSize ? Crypto.Sha256.Hash(key) : key;
            uint[] words = new uint[16];
            for (int i = 0; i < k.Length; i++)
            {
                words[i >> 2] |= (uint)k[i] << (24 - 8 * (i & 3));
            }

            return words;
        }

        /// <summary>The SHA-256 state after absorbing the block K0 xor <paramref name="pad"/>.</summary>
        private static uint[] KeyedState(uint[] keyBlock, uint pad, uint[] block)
        {
            for (int i = 0; i < 16; i++)
            {
                block[i] = keyBlock[i] ^ pad;
            }

            uint[] state = Crypto.Sha256.NewState();
            Crypto.Sha256.Compress(state, block);
            return state;
        }

        /// <summary>
        /// Finishes <paramref name="state"/> (one key block absorbed) with the 32 bytes whose words
        /// are <paramref name="digest"/>: one compression of digest || 0x80 || zeros || length 768 bits.
        /// </summary>
        private static void CompressDigestBlock(uint[] state, uint[] digest, uint[] block)
        {
            Array.Copy(digest, block, 8);
            block[8] = 0x80000000;
            for (int i = 9; i < 15; i++)
            {
                block[i] = 0;
            }

            block[15] = (Crypto.Sha256.BlockSize + Crypto.Sha256.HashSize) * 8;
            Crypto.Sha256.Compress(state, block);
        }
    }
}
