using System.Collections.Generic;
using System.IO;
using Terminal.Core.Protocol;

namespace Terminal.Simulator.Cli
{
    /// <summary>The diagnostic lines sign and verify share: sign type, left-out parameters, masked string, warnings.</summary>
    internal static class SigningReport
    {
        public const int ApiKeyLength = 32;

        public static void Write(WxParams message, SignType type, string typeSource, TextWriter stdout)
        {
            stdout.WriteLine("sign_type: " + SignTypes.ToWireName(type) + " (" + typeSource + ")");
            var leftOut = new List<string>();
            for (int i = 0; i < message.Count; i++)
            {
                if (message.NameAt(i) == Signer.SignName)
                {
                    leftOut.Add("sign (never signed)");
                }
                else if (message.ValueAt(i).Length == 0)
                {
                    leftOut.Add(message.NameAt(i) + " (empty value)");
                }
            }

            if (leftOut.Count > 0)
            {
                stdout.WriteLine("left out: " + string.Join(", ", leftOut));
            }

            stdout.WriteLine("string to sign: " + Signer.MaskedStringToSign(message));
        }

        public static void WriteWarnings(WxParams message, string key, TextWriter stderr)
        {
            if (key.Length != ApiKeyLength)
            {
                stderr.WriteLine("warning: the key has " + key.Length + " characters; WeChat Pay APIv2 keys have " + ApiKeyLength);
            }

            if (key.Trim().Length != key.Length)
            {
                stderr.WriteLine("warning: the key starts or ends with white space");
            }

            for (int i = 0; i < message.Count; i++)
            {
                string name = message.NameAt(i);
                string value = message.ValueAt(i);
                if (value.Length > 0 && value.Trim().Length != value.Length)
                {
                    stderr.WriteLine("warning: the value of '" + name + "' starts or ends with white space; it is signed as-is");
                }

                if (HasSurrogate(value))
                {
                    stderr.WriteLine("warning: the value of '" + name + "' has a character outside the BMP (e.g. an emoji); WeChat refuses it");
                }
            }
        }

        private static bool HasSurrogate(string value)
        {
            foreach (char c in value)
            {
                if (char.IsSurrogate(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
