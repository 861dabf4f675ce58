using System.Text;
using System;
using Terminal.Core.Crypto;
using Terminal.Core.Text;

namespace Terminal.Core.Protocol
{
    /// <summary>
    /// WeChat Pay API v2 signatures (MD5 and HMAC-SHA256). The string to sign is built exactly as
    /// the merchant documentation says: every parameter except <c>sign</c> and those with an empty
    /// value, sorted by name in byte (ordinal, case-sensitive) order, joined as <c>k=v&amp;</c>
    /// with raw values, followed by <c>key=&lt;API key&gt;</c>; then the upper-case hex digest of
    /// its UTF-8 bytes.
    /// </summary>
    public static class Signer
    {
        /// <summary>The parameter that carries the signature.</summary>
        public const string SignName = "sign";

        /// <summary>What <see cref="MaskedStringToSign"/> shows instead of the API key.</summary>
        public const string KeyMask = "***";

        private const string KeyPrefix = "key=";

        /// <summary>
        /// The exact text that is hashed (it contains the API key: never log it; use
        /// <see cref="MaskedStringToSign"/> for display).
        /// </summary>
        public static string StringToSign(WxParams parameters, string apiKey)
        {
            if (apiKey == null)
            {
                throw new ArgumentNullException("apiKey");
            }

            int[] order = SignedOrder(parameters);
            StringBuilder text = new StringBuilder(256);
            for (int i = 0; i < order.Length; i++)
            {
                text.Append(parameters.NameAt(order[i]));
                text.Append('=');
                text.Append(parameters.ValueAt(order[i]));
                text.Append('&');
            }

            text.Append(KeyPrefix);
            text.Append(apiKey);
            return text.ToString();
        }

        /// <summary>The string to sign with the key shown as <c>***</c>: safe for logs and screens.</summary>
        public static string MaskedStringToSign(WxParams parameters)
        {
            return StringToSign(parameters, KeyMask);
        }

        /// <summary>
        /// The UTF-8 bytes of <see cref="StringToSign"/>, written straight into one exactly sized
        /// array (no StringBuilder, no intermediate string). Lengths come from Utf8.ByteCount,
        /// which is linear on the device (whose strings are UTF-8 inside, so indexing a string
        /// char by char would be quadratic).
        /// </summary>
        public static byte[] BytesToSign(WxParams parameters, string apiKey)
        {
            if (apiKey == null)
            {
                throw new ArgumentNullException("apiKey");
            }

            int[] order = SignedOrder(parameters);
            int length = KeyPrefix.Length + Utf8.ByteCount(apiKey);
            for (int i = 0; i < order.Length; i++)
            {
                length += Utf8.ByteCount(parameters.NameAt(order[i])) + Utf8.ByteCount(parameters.ValueAt(order[i])) + 2;
            }

            byte[] bytes = new byte[length];
            Encoding utf8 = Encoding.UTF8;
            int position = 0;
            for (int i = 0; i < order.Length; i++)
            {
                string name = parameters.NameAt(order[i]);
                string value = parameters.ValueAt(order[i]);
                position += utf8.GetBytes(name, 0, name.Length, bytes, position);
                bytes[position++] = (byte)'=';
                position += utf8.GetBytes(value, 0, value.Length, bytes, position);
                bytes[position++] = (byte)'&';
            }

            position += utf8.GetBytes(KeyPrefix, 0, KeyPrefix.Length, bytes, position);
            position += utf8.GetBytes(apiKey, 0, apiKey.Length, bytes, position);
            if (position != length)
            {
                // A runtime whose encoder counts differently (e.g. an unpaired surrogate): fall back to the plain path.
                return utf8.GetBytes(StringToSign(parameters, apiKey));
            }

            return bytes;
        }

        /// <summary>The signature (upper-case hex: 32 characters for MD5, 64 for HMAC-SHA256).</summary>
        public static string Sign(WxParams parameters, string apiKey, SignType type)
        {
            byte[] message = BytesToSign(parameters, apiKey);
            byte[] digest = type == SignType.HmacSha256
                ? Hmac.Sha256(Encoding.UTF8.GetBytes(apiKey), message)
                : Md5.Hash(message);
            return Hex.Encode(digest);
        }

        /// <summary>
        /// True when the <c>sign</c> of a received message equals the signature computed over all
        /// its other non-empty parameters (including ones this code does not know). Compares
        /// upper-case hex exactly and in constant time. A message without sign (e.g.
        /// return_code=FAIL) is not valid.
        /// </summary>
        public static bool Verify(WxParams received, string apiKey, SignType type)
        {
            if (received == null || apiKey == null)
            {
                return false;
            }

            string actual = received.Get(SignName);
            if (actual == null || actual.Length == 0)
            {
                return false;
            }

            // Sign's steps inline: one frame less on the stack while an answer is checked (docs/performance.md "Heap").
            byte[] message = BytesToSign(received, apiKey);
            byte[] digest = type == SignType.HmacSha256
                ? Hmac.Sha256(Encoding.UTF8.GetBytes(apiKey), message)
                : Md5.Hash(message);
            message = null;
            return Hmac.ConstantTimeEquals(Hex.Encode(digest), actual);
        }

        /// <summary>Ordinal (byte-order) comparison of two names; see <see cref="Terminal.Core.Text.Ordinal"/>.</summary>
        public static int CompareOrdinal(string a, string b)
        {
            return Terminal.Core.Text.Ordinal.Compare(a, b);
        }

        // Indexes of the parameters that take part in the signature, sorted by name
        // (insertion sort: a message has about 10-25 parameters; no Array.Sort on the device).
        private static int[] SignedOrder(WxParams parameters)
        {
            if (parameters == null)
            {
                throw new ArgumentNullException("parameters");
            }

            int count = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                if (IsSigned(parameters, i))
                {
                    count++;
                }
            }

            int[] order = new int[count];
            int filled = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                if (!IsSigned(parameters, i))
                {
                    continue;
                }

                string name = parameters.NameAt(i);
                int j = filled;
                while (j > 0 && CompareOrdinal(parameters.NameAt(order[j - 1]), name) > 0)
                {
                    order[j] = order[j - 1];
                    j--;
                }

                order[j] = i;
                filled++;
            }

            return order;
        }

        private static bool IsSigned(WxParams parameters, int index)
        {
            string value = parameters.ValueAt(index);
            return value != null && value.Length > 0 && parameters.NameAt(index) != SignName;
        }
    }
}
