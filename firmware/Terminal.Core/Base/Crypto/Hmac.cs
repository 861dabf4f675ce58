using System.Security.Cryptography;

namespace Terminal.Core.Crypto
{
    /// <summary>
    /// HMAC-SHA256 through nanoFramework.System.Security.Cryptography (native mbed TLS on the
    /// device): the one call path for WeChat signatures, merchant-server signatures and the PIN's
    /// key derivation.
    /// </summary>
    public static class Hmac
    {
        public static byte[] Sha256(byte[] key, byte[] data)
        {
            return HMACSHA256.HashData(key, data);
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
    }
}
