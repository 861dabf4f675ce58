using System.IO;
using Terminal.Core.Technician;
using Xunit;

namespace Terminal.Tests.HostOnly.Docs
{
    /// <summary>Issue 11 item 14: the user docs state the PIN lockout exactly as PinGuard applies it.</summary>
    public class PinLockoutDocTests
    {
        private static readonly string[] Ordinals = { "zeroth", "first", "second", "third", "fourth", "fifth", "sixth" };

        [Theory]
        [InlineData("docs/console.md")]
        [InlineData("docs/security.md")]
        public void The_docs_say_which_wrong_PIN_locks_and_for_how_long(string doc)
        {
            string text = File.ReadAllText(RepoPaths.Combine(doc)).Replace("\n", " ").Replace("  ", " ");
            string locking = Ordinals[PinGuard.FreeAttempts];
            Assert.Contains("the " + locking + " wrong PIN in a row locks", text);
            Assert.Contains(PinGuard.FirstLockoutSeconds + " s", text);
            Assert.DoesNotContain(PinGuard.FreeAttempts + " wrong PINs are free", text);
            Assert.DoesNotContain("Three wrong PINs are free", text);
            Assert.DoesNotContain("three free tries", text);
        }
    }
}
