using System;
using System.IO;
using Terminal.Core.Protocol;

namespace Terminal.Simulator.Cli
{
    /// <summary>
    /// <c>terminal verify --key K [--sign-type T] &lt; response.xml</c>: reads a WeChat Pay v2 XML
    /// message, recomputes its signature and prints, on the last line, <c>VALID</c> or
    /// <c>INVALID (expected &lt;sig&gt;, got &lt;sig&gt;)</c>, with hints for the usual causes.
    /// </summary>
    public sealed class VerifyCommand
    {
        public const string Usage =
            "Usage: terminal verify --key KEY [--sign-type MD5|HMAC-SHA256] < message.xml\n" +
            "Checks the sign of a WeChat Pay v2 XML message read from standard input.\n" +
            "--sign-type defaults to the message's sign_type, else MD5 (a response is signed with the REQUEST's sign_type).";

        public const string None = "none";

        private readonly IMessageReader reader;

        public VerifyCommand(IMessageReader reader)
        {
            this.reader = reader ?? throw new ArgumentNullException(nameof(reader));
        }

        public int Run(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
        {
            SignOptions options = SignOptions.Parse(args, acceptParams: false);
            if (options.Help)
            {
                stdout.WriteLine(Usage);
                return ExitCodes.Ok;
            }

            string key = options.RequireKey();
            byte[] data = ReadAll(stdin);
            if (data.Length == 0)
            {
                stderr.WriteLine("error: no XML on standard input (usage: terminal verify --key KEY < message.xml)");
                return ExitCodes.BadInput;
            }

            string? error;
            WxParams? message = reader.Read(data, out error);
            if (message == null)
            {
                stderr.WriteLine("error: the input is not a WeChat Pay XML message: " + error);
                return ExitCodes.BadInput;
            }

            string source;
            string? warning;
            SignType type = options.ResolveSignType(message, out source, out warning);
            if (warning != null)
            {
                stderr.WriteLine("warning: " + warning);
            }

            if (source == "default")
            {
                source = "default; a response is signed with the request's sign_type";
            }

            SigningReport.WriteWarnings(message, key, stderr);
            SigningReport.Write(message, type, source, stdout);

            string expected = Signer.Sign(message, key, type);
            string actual = message.Get(Signer.SignName);
            if (Signer.Verify(message, key, type))
            {
                stdout.WriteLine("VALID");
                return ExitCodes.Ok;
            }

            WriteHints(message, key, type, actual, expected, stdout);
            stdout.WriteLine("INVALID (expected " + expected + ", got " + (string.IsNullOrEmpty(actual) ? None : actual) + ")");
            return ExitCodes.Invalid;
        }

        private static void WriteHints(WxParams message, string key, SignType type, string actual, string expected, TextWriter stdout)
        {
            if (string.IsNullOrEmpty(actual))
            {
                string returnCode = message.Get("return_code");
                if (returnCode == "FAIL")
                {
                    stdout.WriteLine("hint: return_code=FAIL (return_msg: " + (message.Get("return_msg") ?? "") + "); WeChat does not sign FAIL responses");
                }
                else
                {
                    stdout.WriteLine("hint: the message has no sign element");
                }

                return;
            }

            SignType other = type == SignType.Md5 ? SignType.HmacSha256 : SignType.Md5;
            if (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                stdout.WriteLine("hint: the signatures differ only in letter case; WeChat Pay signatures are upper-case hex");
            }
            else if (string.Equals(actual, Signer.Sign(message, key, other), StringComparison.OrdinalIgnoreCase))
            {
                string declared = message.Get(SignTypes.ParameterName);
                if (!string.IsNullOrEmpty(declared) && declared == SignTypes.ToWireName(type))
                {
                    stdout.WriteLine("hint: the message says sign_type=" + declared + " but was signed with " + SignTypes.ToWireName(other) + ": the sender used the wrong algorithm (WeChat answers SIGNERROR)");
                }
                else
                {
                    stdout.WriteLine("hint: the sign matches " + SignTypes.ToWireName(other) + "; use --sign-type " + SignTypes.ToWireName(other) + " (a response is signed with the request's sign_type)");
                }
            }
            else if (actual.Length != expected.Length)
            {
                string lengthOf = actual.Length == 32 ? " (the length of an MD5 signature)" : actual.Length == 64 ? " (the length of an HMAC-SHA256 signature)" : "";
                stdout.WriteLine("hint: the sign has " + actual.Length + " characters" + lengthOf + "; " + SignTypes.ToWireName(type) + " signatures have " + expected.Length);
            }
            else
            {
                stdout.WriteLine("hint: wrong key, or a field differs from what was signed (compare the string to sign above, field by field)");
            }
        }

        private static byte[] ReadAll(Stream stdin)
        {
            using (var buffer = new MemoryStream())
            {
                stdin.CopyTo(buffer);
                return buffer.ToArray();
            }
        }
    }
}
