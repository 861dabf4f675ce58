namespace Terminal.Simulator.Cli
{
    /// <summary>Process exit codes of the <c>terminal</c> command.</summary>
    public static class ExitCodes
    {
        /// <summary>Signed, verified, or help printed.</summary>
        public const int Ok = 0;

        /// <summary>verify: the signature does not match (or the response has none).</summary>
        public const int Invalid = 1;

        /// <summary>Bad command line: unknown command or option, missing --key, bad name=value, unknown sign type.</summary>
        public const int Usage = 2;

        /// <summary>verify: the input is not a readable WeChat Pay XML message.</summary>
        public const int BadInput = 3;

        /// <summary>An unexpected failure (reported in one line, never as a stack trace).</summary>
        public const int Internal = 70;
    }
}
