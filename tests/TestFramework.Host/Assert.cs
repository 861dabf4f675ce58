using System;
using System.Collections;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    public sealed partial class Assert
    {
        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (!condition)
            {
                Fail("Assert.IsTrue", "Expected true, got false.", message);
            }
        }

        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (condition)
            {
                Fail("Assert.IsFalse", "Expected false, got true.", message);
            }
        }

        public static void IsNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value != null)
            {
                Fail("Assert.IsNull", "Expected null, got <" + Show(value) + ">.", message);
            }
        }

        public static void IsNotNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value == null)
            {
                Fail("Assert.IsNotNull", "Expected a value, got null.", message);
            }
        }

        public static void AreSame(object? expected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                Fail("Assert.AreSame", "Expected the same instance.", message);
            }
        }

        public static void AreNotSame(object? notExpected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                Fail("Assert.AreNotSame", "Expected different instances.", message);
            }
        }

        public static void IsInstanceOfType(object? value, Type? expected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (expected == null || value == null || !expected.IsInstanceOfType(value))
            {
                Fail("Assert.IsInstanceOfType", "Expected type:<" + expected + ">. Actual type:<" + (value == null ? "(null)" : value.GetType().ToString()) + ">.", message);
            }
        }

        public static void IsNotInstanceOfType(object? value, Type? notExpected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (notExpected == null || (value != null && notExpected.IsInstanceOfType(value)))
            {
                Fail("Assert.IsNotInstanceOfType", "Wrong type:<" + notExpected + ">.", message);
            }
        }

        public static void Contains(string? expected, string? value, string message = "")
        {
            if (expected == null || value == null || value.IndexOf(expected, StringComparison.Ordinal) < 0)
            {
                Fail("Assert.Contains", "String <" + Show(value) + "> does not contain <" + Show(expected) + ">.", message);
            }
        }

        public static void DoesNotContains(string? notExpected, string? value, string message = "")
        {
            if (notExpected == null || value == null || value.IndexOf(notExpected, StringComparison.Ordinal) >= 0)
            {
                Fail("Assert.DoesNotContains", "String <" + Show(value) + "> contains <" + Show(notExpected) + ">.", message);
            }
        }

        public static void StartsWith(string? expected, string? value, string message = "")
        {
            if (expected == null || value == null || !value.StartsWith(expected, StringComparison.Ordinal))
            {
                Fail("Assert.StartsWith", "String <" + Show(value) + "> does not start with <" + Show(expected) + ">.", message);
            }
        }

        public static void EndsWith(string? expected, string? value, string message = "")
        {
            if (expected == null || value == null || !value.EndsWith(expected, StringComparison.Ordinal))
            {
                Fail("Assert.EndsWith", "String <" + Show(value) + "> does not end with <" + Show(expected) + ">.", message);
            }
        }

        /// <summary>Passes only if <paramref name="action"/> throws exactly <paramref name="exception"/> (not a subclass), as upstream.</summary>
        public static void ThrowsException(Type exception, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                if (ex.GetType() != exception)
                {
                    Fail("Assert.ThrowsException", "Threw <" + ex.GetType() + ": " + ex.Message + ">, expected <" + exception + ">.", message);
                }

                return;
            }

            Fail("Assert.ThrowsException", "No exception thrown; expected <" + exception + ">.", message);
        }

        /// <summary>Stops the test and reports it as skipped.</summary>
        public static void SkipTest(string message = "")
        {
            throw new SkipTestException(message);
        }

        [Obsolete("Use IsTrue")]
        public static void True(bool condition, string message = "") => IsTrue(condition, message);

        [Obsolete("Use IsFalse")]
        public static void False(bool condition, string message = "") => IsFalse(condition, message);

        [Obsolete("Use IsNull")]
        public static void Null(object? value, string message = "") => IsNull(value, message);

        [Obsolete("Use IsNotNull")]
        public static void NotNull(object? value, string message = "") => IsNotNull(value, message);

        [Obsolete("Use AreSame")]
        public static void Same(object? expected, object? actual, string message = "") => AreSame(expected, actual, message);

        [Obsolete("Use AreNotSame")]
        public static void NotSame(object? notExpected, object? actual, string message = "") => AreNotSame(notExpected, actual, message);

        [Obsolete("Use ThrowsException")]
        public static void Throws(Type exceptionType, Action action, string message = "") => ThrowsException(exceptionType, action, message);

        [Obsolete("Use IsInstanceOfType")]
        public static void IsType(Type? expectedType, object? value, string message = "") => IsInstanceOfType(value, expectedType, message);

        [Obsolete("Use IsNotInstanceOfType")]
        public static void IsNotType(Type? wrongType, object? value, string message = "") => IsNotInstanceOfType(value, wrongType, message);

        [Obsolete("Use CollectionAssert.Empty")]
        public static void Empty(ICollection? collection, string message = "") => CollectionAssert.Empty(collection, message);

        [Obsolete("Use CollectionAssert.NotEmpty")]
        public static void NotEmpty(ICollection? collection, string message = "") => CollectionAssert.NotEmpty(collection, message);

        [Obsolete("Use CollectionAssert.AreEqual")]
        public static void Equal(Array? expected, Array? actual, string message = "") => CollectionAssert.AreEqual(expected, actual, message);

        [Obsolete("Use CollectionAssert.AreNotEqual")]
        public static void NotEqual(Array? notExpected, Array? actual, string message = "") => CollectionAssert.AreNotEqual(notExpected, actual, message);

        internal static void Fail(string assertion, string detail, string message)
        {
            string text = assertion + " failed. " + detail;
            if (!string.IsNullOrEmpty(message))
            {
                text += " " + message;
            }

            throw new AssertFailedException(text);
        }

        internal static string Show(object? value)
        {
            if (value == null)
            {
                return "(null)";
            }

            string? text = value.ToString();   // ToString() may return null for a user type
            return text == null ? "(null)" : text.Replace("\0", "\\0");
        }
    }

    public sealed class CollectionAssert
    {
        public static void Empty(ICollection? collection, string message = "")
        {
            if (collection == null || collection.Count != 0)
            {
                Assert.Fail("CollectionAssert.Empty", "Expected an empty collection, got " + Count(collection) + ".", message);
            }
        }

        public static void NotEmpty(ICollection? collection, string message = "")
        {
            if (collection == null || collection.Count == 0)
            {
                Assert.Fail("CollectionAssert.NotEmpty", "Expected a non-empty collection, got " + Count(collection) + ".", message);
            }
        }

        /// <summary>Same count and element-wise Equals, in order.</summary>
        public static void AreEqual(ICollection? expected, ICollection? actual, string message = "")
        {
            string? difference = Difference(expected, actual);
            if (difference != null)
            {
                Assert.Fail("CollectionAssert.AreEqual", difference, message);
            }
        }

        public static void AreNotEqual(ICollection? notExpected, ICollection? actual, string message = "")
        {
            if (Difference(notExpected, actual) == null)
            {
                Assert.Fail("CollectionAssert.AreNotEqual", "Collections are equal.", message);
            }
        }

        private static string Count(ICollection? collection)
        {
            return collection == null ? "null" : collection.Count + " element(s)";
        }

        private static string? Difference(ICollection? expected, ICollection? actual)
        {
            if (ReferenceEquals(expected, actual))
            {
                return null;
            }

            if (expected == null || actual == null)
            {
                return "Expected:<" + Count(expected) + ">. Actual:<" + Count(actual) + ">.";
            }

            if (expected.Count != actual.Count)
            {
                return "Different counts. Expected:<" + expected.Count + ">. Actual:<" + actual.Count + ">.";
            }

            IEnumerator e = expected.GetEnumerator();
            IEnumerator a = actual.GetEnumerator();
            int index = 0;
            while (e.MoveNext() && a.MoveNext())
            {
                if (!Equals(e.Current, a.Current))
                {
                    return "Element at index " + index + " differs. Expected:<" + Assert.Show(e.Current) + ">. Actual:<" + Assert.Show(a.Current) + ">.";
                }

                index++;
            }

            return null;
        }
    }

    public static class TestExtensions
    {
        public static bool SequenceEqual(this Array? a, Array? b)
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (!Equals(a.GetValue(i), b.GetValue(i)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
