using System.IO;
using Terminal.Core.Technician;
using Xunit;

namespace Terminal.Tests.HostOnly.Docs
{
    /// <summary>The user docs give the PIN hash's round count that PinGuard uses for a new PIN.</summary>
    public class PinRoundsDocTests
    {
        [Theory]
        [InlineData("docs/console.md", "PBKDF2-HMAC-SHA256 ({0} rounds;")]
        [InlineData("docs/security.md", "PBKDF2-HMAC-SHA256, {0} rounds,")]
        [InlineData("docs/security.md", "PBKDF2 hash ({0} rounds)")]
        public void The_docs_state_the_current_round_count(string doc, string phrase)
        {
            string text = File.ReadAllText(RepoPaths.Combine(doc)).Replace("\n", " ").Replace("  ", " ");
            Assert.Contains(string.Format(phrase, PinGuard.DefaultIterations), text);
        }
    }
}
