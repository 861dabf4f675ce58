using System.IO;
using Terminal.Core.Protocol;

namespace Terminal.Simulator.Cli
{
    /// <summary>
    /// <c>terminal sign --key K [--sign-type T] name=value ...</c>: prints the sign type, the
    /// parameters left out, the string to sign with the key masked, and on the last line the
    /// signature (so <c>| tail -n 1</c> gives just the signature).
    /// </summary>
    public sealed class SignCommand
    {
        public const string Usage =
            "Usage: terminal sign --key KEY [--sign-type MD5|HMAC-SHA256] name=value ...\n" +
            "Signs the parameters as WeChat Pay v2 does. --sign-type defaults to the sign_type parameter, else MD5.\n" +
            "A sign=... parameter is accepted and left out, like an empty value.";

        public int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            SignOptions options = SignOptions.Parse(args, acceptParams: true);
            if (options.Help)
            {
                stdout.WriteLine(Usage);
                return ExitCodes.Ok;
            }

            string key = options.RequireKey();
            if (options.Params.Count == 0)
            {
                throw new UsageException("no name=value parameters to sign");
            }

            string source;
            string? warning;
            SignType type = options.ResolveSignType(options.Params, out source, out warning);
            if (warning != null)
            {
                stderr.WriteLine("warning: " + warning);
            }

            SigningReport.WriteWarnings(options.Params, key, stderr);
            SigningReport.Write(options.Params, type, source, stdout);
            stdout.WriteLine(Signer.Sign(options.Params, key, type));
            return ExitCodes.Ok;
        }
    }
}
