using Terminal.Core.Ports;

namespace Terminal.Core.Crypto
{
    /// <summary>nonce_str values: 32 upper-case hex characters (128 random bits), WeChat's maximum length.</summary>
    public static class Nonce
    {
        public const int Length = 32;

        public static string Create(IRandomSource random)
        {
            byte[] bytes = new byte[Length / 2];
            random.NextBytes(bytes);
            return Hex.Encode(bytes);
        }
    }
}
