using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using nanoFramework.TestFramework.Host;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Terminal.Tests.HostOnly
{
    /// <summary>
    /// Proves the compatibility layer behaves like the device launcher: runs the deliberately
    /// failing fixtures of tests/TestFramework.Host.Fixtures in-process and checks every outcome.
    /// </summary>
    public class TestFrameworkHostTests
    {
        private static readonly Lazy<FixtureRun> Run = new Lazy<FixtureRun>(FixtureRun.Execute);

        [Theory]
        [InlineData("Fixtures.Lifecycle.Plain", "Passed")]
        [InlineData("Fixtures.Lifecycle.Rows(number: 1, name: \"one\")", "Passed")]
        [InlineData("Fixtures.Lifecycle.Rows(number: 2, name: \"two\")", "Passed")]
        [InlineData("Fixtures.SkippedBySetup.NeverRuns", "Skipped")]
        [InlineData("Fixtures.BrokenSetup.NeverRuns", "Failed")]
        [InlineData("Fixtures.BrokenCleanup.Passes", "Passed")]
        [InlineData("Fixtures.Outcomes.Passing", "Passed")]
        [InlineData("Fixtures.Outcomes.FailingAssert", "Failed")]
        [InlineData("Fixtures.Outcomes.Skipping", "Skipped")]
        [InlineData("Fixtures.Outcomes.Throwing", "Failed")]
        [InlineData("Fixtures.Outcomes.WritesOutput", "Passed")]
        [InlineData("Fixtures.Outcomes.RowsReportSeparately(a: 1, b: 1)", "Passed")]
        [InlineData("Fixtures.Outcomes.RowsReportSeparately(a: 1, b: 2)", "Failed")]
        [InlineData("Fixtures.NotATestClass.Orphan", "Failed")]
        [InlineData("Fixtures.HasInstanceState.UsesField", "Failed")]
        [InlineData("Fixtures.BadRows.IntForLong", "Failed")]
        [InlineData("Fixtures.BadRows.TooManyValues", "Failed")]
        [InlineData("Fixtures.BadRows.ParametersWithoutRows", "Failed")]
        public void Each_fixture_test_has_the_upstream_outcome(string test, string outcome)
        {
            Assert.True(Run.Value.Outcomes.ContainsKey(test), "not reported: " + test + "; reported: " + string.Join(" | ", Run.Value.Outcomes.Keys));
            Assert.Equal(outcome, Run.Value.Outcomes[test].Outcome);
        }

        [Fact]
        public void Setup_runs_once_before_and_cleanup_once_after_the_class()
        {
            string[] lifecycle = Run.Value.Journal.Where(e => e.StartsWith("Lifecycle.")).ToArray();
            Assert.Equal("Lifecycle.setup", lifecycle.First());
            Assert.Equal("Lifecycle.cleanup", lifecycle.Last());
            Assert.Equal(1, lifecycle.Count(e => e == "Lifecycle.setup"));
            Assert.Equal(1, lifecycle.Count(e => e == "Lifecycle.cleanup"));
            Assert.Equal(new[] { "Lifecycle.plain", "Lifecycle.row1one", "Lifecycle.row2two" }, lifecycle.Skip(1).Take(3).OrderBy(e => e, StringComparer.Ordinal));
        }

        [Fact]
        public void Skipped_or_broken_setup_runs_no_test_and_skipped_setup_runs_no_cleanup()
        {
            Assert.DoesNotContain("SkippedBySetup.ran", Run.Value.Journal);
            Assert.DoesNotContain("SkippedBySetup.cleanup", Run.Value.Journal);
            Assert.DoesNotContain("BrokenSetup.ran", Run.Value.Journal);
            Assert.Contains("setup exploded", Run.Value.Outcomes["Fixtures.BrokenSetup.NeverRuns"].Message);
            Assert.Equal("no hardware", Run.Value.Outcomes["Fixtures.SkippedBySetup.NeverRuns"].Message.Split(": ").Last());
        }

        [Fact]
        public void Failing_cleanup_is_reported_as_a_failure()
        {
            Assert.Contains(Run.Value.CleanupFailures, f => f.Contains("BrokenCleanup") && f.Contains("cleanup exploded"));
        }

        [Fact]
        public void Messages_explain_the_failure()
        {
            var outcomes = Run.Value.Outcomes;
            Assert.Equal("Assert.AreEqual failed. Expected:<1>. Actual:<2>. custom note", outcomes["Fixtures.Outcomes.FailingAssert"].Message);
            Assert.Equal("not today", outcomes["Fixtures.Outcomes.Skipping"].Message);
            Assert.Contains("hello from the test", outcomes["Fixtures.Outcomes.WritesOutput"].Output);
            Assert.Contains("not in a [TestClass]", outcomes["Fixtures.NotATestClass.Orphan"].Message);
            Assert.Contains("instance state (counter)", outcomes["Fixtures.HasInstanceState.UsesField"].Message);
            Assert.Contains("does not convert arguments", outcomes["Fixtures.BadRows.IntForLong"].Message);
            Assert.Contains("has 2 value(s) but the method takes 1", outcomes["Fixtures.BadRows.TooManyValues"].Message);
            Assert.Contains("no [DataRow]", outcomes["Fixtures.BadRows.ParametersWithoutRows"].Message);
            Assert.DoesNotContain(Run.Value.Journal, e => e.StartsWith("BadRows.") || e == "NotATestClass.ran");
        }

        private sealed class Result
        {
            public string Outcome;
            public string Message = string.Empty;
            public string Output = string.Empty;
        }

        private sealed class FixtureRun : LongLivedMarshalByRefObject, IMessageSink
        {
            private readonly ManualResetEventSlim finished = new ManualResetEventSlim();

            public Dictionary<string, Result> Outcomes { get; } = new Dictionary<string, Result>();

            public List<string> CleanupFailures { get; } = new List<string>();

            public string[] Journal { get; private set; }

            public static FixtureRun Execute()
            {
                var run = new FixtureRun();
                var assembly = typeof(Fixtures.Journal).Assembly;
                using (var framework = new NanoTestFramework(new NullMessageSink()))
                using (var executor = framework.GetExecutor(assembly.GetName()))
                {
                    executor.RunAll(run, new Options(), new Options());
                    Assert.True(run.finished.Wait(TimeSpan.FromMinutes(2)), "fixture run did not finish");
                }

                lock (Fixtures.Journal.Entries)
                {
                    run.Journal = Fixtures.Journal.Entries.Cast<string>().ToArray();
                }

                return run;
            }

            public bool OnMessage(IMessageSinkMessage message)
            {
                lock (Outcomes)
                {
                    switch (message)
                    {
                        case ITestPassed passed:
                            Outcomes[passed.Test.DisplayName] = new Result { Outcome = "Passed", Output = passed.Output };
                            break;
                        case ITestFailed failed:
                            Outcomes[failed.Test.DisplayName] = new Result { Outcome = "Failed", Message = string.Join(" / ", failed.Messages), Output = failed.Output };
                            break;
                        case ITestSkipped skipped:
                            Outcomes[skipped.Test.DisplayName] = new Result { Outcome = "Skipped", Message = skipped.Reason };
                            break;
                        case ITestClassCleanupFailure cleanup:
                            CleanupFailures.Add(cleanup.TestClass.Class.Name + ": " + string.Join(" / ", cleanup.Messages));
                            break;
                        case ITestAssemblyFinished _:
                            finished.Set();
                            break;
                    }
                }

                return true;
            }
        }

        private sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
        {
            private readonly Dictionary<string, object> values = new Dictionary<string, object>();

            public TValue GetValue<TValue>(string name)
            {
                object value;
                return values.TryGetValue(name, out value) ? (TValue)value : default(TValue);
            }

            public void SetValue<TValue>(string name, TValue value)
            {
                values[name] = value;
            }
        }
    }
}
