using System;
using System.Text;
using Terminal.Core.Crypto;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Crypto
{
    /// <summary>
    /// Hmac.Pbkdf2Sha256 (the PIN's key derivation): published PBKDF2-HMAC-SHA256 vectors, and the
    /// same value as HMAC applied round by round (the definition the shortcut must keep).
    /// </summary>
    [TestClass]
    public class Pbkdf2Tests
    {
        // RFC 6070's inputs with HMAC-SHA256 (the widely published SHA-256 counterparts of RFC 6070's
        // SHA-1 table) and RFC 7914 section 11 ("passwd", "salt", c = 1; its first 32 bytes).
        [TestMethod]
        [DataRow("password", "salt", 1, "120FB6CFFCF8B32C43E7225256C4F837A86548C92CCC35480805987CB70BE17B")]
        [DataRow("password", "salt", 2, "AE4D0C95AF6B46D32D0ADFF928F06DD02A303F8EF3C251DFD6E2D85A95474C43")]
        [DataRow("password", "salt", 4096, "C5E478D59288C841AA530DB6845C4C8D962893A001CE4E11A4963873AA98134A")]
        [DataRow("passwd", "salt", 1, "55AC046E56E3089FEC1691C22544B605F94185216DDE0465E68B9D57C20DACBC")]
        public void Derive_matches_the_published_vectors(string password, string salt, int iterations, string expected)
        {
            byte[] key = Hmac.Pbkdf2Sha256(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations);
            Assert.AreEqual(expected, Hex.Encode(key), password + "/" + salt + "/" + iterations.ToString());
        }

        [TestMethod]
        public void Derive_equals_HMAC_applied_round_by_round()
        {
            byte[] salt = new byte[16];
            for (int i = 0; i < salt.Length; i++)
            {
                salt[i] = (byte)(i * 37 + 5);
            }

            // Keys: a PIN, an empty one, one block exactly, one longer than a block (hashed first).
            string[] keys = new string[] { "482913", "", new string('k', 64), new string('K', 65) };
            for (int k = 0; k < keys.Length; k++)
            {
                byte[] password = Encoding.UTF8.GetBytes(keys[k]);
                Assert.AreEqual(Hex.Encode(ByDefinition(password, salt, 7)), Hex.Encode(Hmac.Pbkdf2Sha256(password, salt, 7)), "key length " + password.Length.ToString());
            }
        }

        [TestMethod]
        public void Derive_refuses_null_arguments_and_no_rounds()
        {
            byte[] bytes = new byte[4];
            Assert.ThrowsException(typeof(ArgumentNullException), () => Hmac.Pbkdf2Sha256(null, bytes, 1));
            Assert.ThrowsException(typeof(ArgumentNullException), () => Hmac.Pbkdf2Sha256(bytes, null, 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => Hmac.Pbkdf2Sha256(bytes, bytes, 0));
        }

        // RFC 8018 section 5.2 for the first block, written with Hmac.Sha256 only.
        private static byte[] ByDefinition(byte[] password, byte[] salt, int iterations)
        {
            byte[] block = new byte[salt.Length + 4];
            Array.Copy(salt, block, salt.Length);
            block[block.Length - 1] = 1;
            byte[] u = Hmac.Sha256(password, block);
            byte[] result = new byte[32];
            Array.Copy(u, result, 32);
            for (int i = 1; i < iterations; i++)
            {
                u = Hmac.Sha256(password, u);
                for (int j = 0; j < 32; j++)
                {
                    result[j] ^= u[j];
                }
            }

            return result;
        }
    }
}
