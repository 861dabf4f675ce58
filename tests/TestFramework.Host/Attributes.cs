using System;
using Xunit;
using Xunit.Sdk;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose [TestMethod]s the device launcher runs. Required, as on the device.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public class TestClassAttribute : Attribute
    {
        public virtual TestMethodAttribute GetTestMethodAttribute(TestMethodAttribute testMethodAttribute)
        {
            return testMethodAttribute;
        }
    }

    /// <summary>
    /// A test method. Derives from xunit's FactAttribute only so xunit finds it; the discoverer
    /// turns each [DataRow] into its own test case, or the method itself into one.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    [XunitTestCaseDiscoverer("nanoFramework.TestFramework.Host.NanoTestCaseDiscoverer", "Terminal.TestFramework.Host")]
    public class TestMethodAttribute : FactAttribute
    {
    }

    /// <summary>One set of arguments for a [TestMethod]; each row runs and reports as its own test.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object?[]? methodParameters)
        {
            MethodParameters = methodParameters;
        }

        /// <summary>The row's arguments; null for [DataRow(null)] (a single null argument).</summary>
        public object?[]? MethodParameters { get; }
    }

    /// <summary>Runs once per test class, before any of its tests (upstream launcher semantics).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs once per test class, after all of its tests (upstream launcher semantics).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public class CleanupAttribute : Attribute
    {
    }

    /// <summary>Thrown by <see cref="Assert.SkipTest"/>; the test is reported as skipped, not failed.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}

namespace TestFrameworkShared
{
    /// <summary>Thrown when an assertion fails (same type name as upstream).</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException()
        {
        }

        public AssertFailedException(string msg)
            : base(msg)
        {
        }

        public AssertFailedException(string msg, Exception ex)
            : base(msg, ex)
        {
        }
    }
}
