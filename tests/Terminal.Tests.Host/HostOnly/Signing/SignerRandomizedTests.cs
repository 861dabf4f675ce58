using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Tests.HostOnly.Signing
{
    /// <summary>
    /// The device signer against an independent reference written with .NET's own tools (LINQ
    /// ordinal sort, string.Join, MD5/HMACSHA256), on random parameter sets including empty values,
    /// mixed-case names, sign fields and non-ASCII text.
    /// </summary>
    public class SignerRandomizedTests
    {
        private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789";
        private static readonly string[] ValuePieces = { "a", "Z", "0", " ", "&", "=", "<", "\"", "\u00E9", "\u4E2D", "\u6587", "\u20AC", "{\"k\":1}", "" };

        [Fact]
        public void Random_parameter_sets_sign_like_the_reference()
        {
            var random = new Random(4242);
            for (int round = 0; round < 2000; round++)
            {
                var p = new WxParams();
                int count = random.Next(0, 25);
                for (int i = 0; i < count; i++)
                {
                    string name = random.Next(10) == 0 ? "sign" : RandomText(random, NameChars, 1, 12);
                    p.Set(name, RandomValue(random));
                }

                string key = RandomText(random, NameChars, 1, 32);
                string expectedText = ReferenceStringToSign(p, key);
                Assert.Equal(expectedText, Signer.StringToSign(p, key));
                Assert.Equal(Encoding.UTF8.GetBytes(expectedText), Signer.BytesToSign(p, key));
                Assert.Equal(Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(expectedText))), Signer.Sign(p, key, SignType.Md5));
                Assert.Equal(
                    Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expectedText))),
                    Signer.Sign(p, key, SignType.HmacSha256));
            }
        }

        [Fact]
        public void A_verified_signature_fails_after_changing_any_signed_value()
        {
            var random = new Random(99);
            for (int round = 0; round < 200; round++)
            {
                var p = new WxParams();
                int count = random.Next(1, 15);
                for (int i = 0; i < count; i++)
                {
                    p.Set(RandomText(random, NameChars, 1, 10), RandomText(random, "abc123", 1, 8));
                }

                p.Set("sign", Signer.Sign(p, "k", SignType.HmacSha256));
                Assert.True(Signer.Verify(p, "k", SignType.HmacSha256));
                int victim = random.Next(p.Count);
                if (p.NameAt(victim) == "sign")
                {
                    continue;
                }

                p.Set(p.NameAt(victim), p.ValueAt(victim) + "x");
                Assert.False(Signer.Verify(p, "k", SignType.HmacSha256));
            }
        }

        private static string ReferenceStringToSign(WxParams p, string key)
        {
            var pairs = Enumerable.Range(0, p.Count)
                .Where(i => p.NameAt(i) != "sign" && !string.IsNullOrEmpty(p.ValueAt(i)))
                .OrderBy(i => p.NameAt(i), StringComparer.Ordinal)
                .Select(i => p.NameAt(i) + "=" + p.ValueAt(i));
            string joined = string.Join("&", pairs);
            return joined.Length == 0 ? "key=" + key : joined + "&key=" + key;
        }

        private static string RandomValue(Random random)
        {
            if (random.Next(5) == 0)
            {
                return "";
            }

            var text = new StringBuilder();
            int pieces = random.Next(1, 6);
            for (int i = 0; i < pieces; i++)
            {
                text.Append(ValuePieces[random.Next(ValuePieces.Length)]);
            }

            return text.ToString();
        }

        private static string RandomText(Random random, string alphabet, int min, int max)
        {
            int length = random.Next(min, max + 1);
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            return new string(chars);
        }
    }
}
