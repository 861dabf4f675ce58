using Terminal.Core.Crypto;

namespace Terminal.Core.Protocol
{
    /// <summary>WeChat Pay v2 signature algorithms (the <c>sign_type</c> parameter).</summary>
    public enum SignType
    {
        /// <summary>Upper-case hex MD5 of the string to sign (wire name "MD5", the default when sign_type is absent).</summary>
        Md5 = 0,

        /// <summary>Upper-case hex HMAC-SHA256 keyed with the API key (wire name "HMAC-SHA256").</summary>
        HmacSha256 = 1
    }

    /// <summary>The wire names of <see cref="SignType"/>: exact, case-sensitive, as WeChat Pay expects them.</summary>
    public static class SignTypes
    {
        /// <summary>The parameter that carries the sign type.</summary>
        public const string ParameterName = "sign_type";

        public const string Md5Name = "MD5";
        public const string HmacSha256Name = "HMAC-SHA256";

        /// <summary>The wire name of a sign type ("MD5" or "HMAC-SHA256").</summary>
        public static string ToWireName(SignType type)
        {
            return type == SignType.HmacSha256 ? HmacSha256Name : Md5Name;
        }

        /// <summary>
        /// Parses an exact wire name. "md5", "HMAC_SHA256", " MD5" or null are refused (false,
        /// <paramref name="type"/> set to Md5): WeChat compares the names case-sensitively.
        /// </summary>
        public static bool TryParse(string wireName, out SignType type)
        {
            type = SignType.Md5;
            if (wireName == Md5Name)
            {
                return true;
            }

            if (wireName == HmacSha256Name)
            {
                type = SignType.HmacSha256;
                return true;
            }

            return false;
        }
    }
}
