using System;
using System.Collections;
using nanoFramework.TestFramework;

[assembly: Xunit.TestFramework("nanoFramework.TestFramework.Host.NanoTestFramework", "Terminal.TestFramework.Host")]

namespace Fixtures
{
    public static class Journal
    {
        public static readonly ArrayList Entries = new ArrayList();

        public static void Add(string entry)
        {
            lock (Entries)
            {
                Entries.Add(entry);
            }
        }
    }

    [TestClass]
    public class Lifecycle
    {
        [Setup]
        public void Prepare() => Journal.Add("Lifecycle.setup");

        [TestMethod]
        public void Plain() => Journal.Add("Lifecycle.plain");

        [TestMethod]
        [DataRow(1, "one")]
        [DataRow(2, "two")]
        public void Rows(int number, string name) => Journal.Add("Lifecycle.row" + number + name);

        [Cleanup]
        public void Finish() => Journal.Add("Lifecycle.cleanup");
    }

    [TestClass]
    public class SkippedBySetup
    {
        [Setup]
        public void Prepare() => Assert.SkipTest("no hardware");

        [TestMethod]
        public void NeverRuns() => Journal.Add("SkippedBySetup.ran");

        [Cleanup]
        public void Finish() => Journal.Add("SkippedBySetup.cleanup");
    }

    [TestClass]
    public class BrokenSetup
    {
        [Setup]
        public void Prepare() => throw new InvalidOperationException("setup exploded");

        [TestMethod]
        public void NeverRuns() => Journal.Add("BrokenSetup.ran");
    }

    [TestClass]
    public class BrokenCleanup
    {
        [TestMethod]
        public void Passes() => Journal.Add("BrokenCleanup.ran");

        [Cleanup]
        public void Finish() => throw new InvalidOperationException("cleanup exploded");
    }

    [TestClass]
    public class Outcomes
    {
        [TestMethod]
        public void Passing() => Assert.AreEqual(2L, 1L + 1L);

        [TestMethod]
        public void FailingAssert() => Assert.AreEqual(1, 2, "custom note");

        [TestMethod]
        public void Skipping() => Assert.SkipTest("not today");

        [TestMethod]
        public void Throwing() => throw new ArgumentException("boom");

        [TestMethod]
        public void WritesOutput() => OutputHelper.WriteLine("hello from the test");

        [TestMethod]
        [DataRow(1, 1)]
        [DataRow(1, 2)]
        public void RowsReportSeparately(int a, int b) => Assert.AreEqual(a, b);
    }

    public class NotATestClass
    {
        [TestMethod]
        public void Orphan() => Journal.Add("NotATestClass.ran");
    }

    [TestClass]
    public class HasInstanceState
    {
        private int counter;

        [TestMethod]
        public void UsesField() => counter++;
    }

    [TestClass]
    public class BadRows
    {
        [TestMethod]
        [DataRow(5)]
        public void IntForLong(long value) => Journal.Add("BadRows.long" + value);

        [TestMethod]
        [DataRow(1, 2)]
        public void TooManyValues(int value) => Journal.Add("BadRows.many" + value);

        [TestMethod]
        public void ParametersWithoutRows(int value) => Journal.Add("BadRows.none" + value);
    }
}
