using System;

namespace Terminal.Simulator.Cli
{
    /// <summary>A command-line mistake: reported as "error: message" and exit code 2.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }
}
