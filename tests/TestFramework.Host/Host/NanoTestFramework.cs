using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace nanoFramework.TestFramework.Host
{
    /// <summary>
    /// xunit test framework that adds nanoFramework's class life cycle: [Setup] methods run once
    /// before a [TestClass]'s tests, [Cleanup] methods once after them. Enable it in a test
    /// assembly with
    /// <c>[assembly: Xunit.TestFramework("nanoFramework.TestFramework.Host.NanoTestFramework", "Terminal.TestFramework.Host")]</c>.
    /// Plain xunit [Fact]/[Theory] tests in the same assembly run exactly as usual.
    /// </summary>
    public class NanoTestFramework : XunitTestFramework
    {
        public NanoTestFramework(IMessageSink messageSink)
            : base(messageSink)
        {
        }

        protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName)
        {
            return new NanoTestFrameworkExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
        }
    }

    public class NanoTestFrameworkExecutor : XunitTestFrameworkExecutor
    {
        public NanoTestFrameworkExecutor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
            : base(assemblyName, sourceInformationProvider, diagnosticMessageSink)
        {
        }

        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using (var runner = new NanoTestAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions))
            {
                await runner.RunAsync();
            }
        }
    }

    public class NanoTestAssemblyRunner : XunitTestAssemblyRunner
    {
        public NanoTestAssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
            : base(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
        {
        }

        protected override Task<RunSummary> RunTestCollectionAsync(IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource)
        {
            return new NanoTestCollectionRunner(testCollection, testCases, DiagnosticMessageSink, messageBus, TestCaseOrderer, new ExceptionAggregator(Aggregator), cancellationTokenSource).RunAsync();
        }
    }

    public class NanoTestCollectionRunner : XunitTestCollectionRunner
    {
        private readonly IMessageSink diagnostics;

        public NanoTestCollectionRunner(ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageBus messageBus, ITestCaseOrderer testCaseOrderer, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
            : base(testCollection, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource)
        {
            diagnostics = diagnosticMessageSink;
        }

        protected override async Task<RunSummary> RunTestClassAsync(ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases)
        {
            Type type = @class.Type;
            if (type.GetCustomAttribute<TestClassAttribute>() == null)
            {
                return await base.RunTestClassAsync(testClass, @class, testCases);
            }

            ClassState state = ClassState.For(type);
            state.RunSetup();
            RunSummary summary = await base.RunTestClassAsync(testClass, @class, testCases);

            Exception? cleanupFailure = state.RunCleanup();
            if (cleanupFailure != null)
            {
                // Reported by the VSTest adapter as a failed result; counted so the run goes red.
                MessageBus.QueueMessage(new TestClassCleanupFailure(testCases.Cast<ITestCase>(), testClass, cleanupFailure));
                summary.Failed++;
            }

            return summary;
        }
    }

    /// <summary>What running a [TestClass]'s [Setup] methods produced, consulted by each of its tests.</summary>
    internal sealed class ClassState
    {
        private static readonly ConcurrentDictionary<Type, ClassState> States = new ConcurrentDictionary<Type, ClassState>();
        private readonly Type type;

        private ClassState(Type type)
        {
            this.type = type;
        }

        /// <summary>Set when a [Setup] method called Assert.SkipTest: every test of the class is skipped (upstream).</summary>
        public string? SkipReason { get; private set; }

        /// <summary>Set when a [Setup] method failed: every test of the class fails with it.</summary>
        public Exception? SetupFailure { get; private set; }

        public static ClassState For(Type type)
        {
            return States.GetOrAdd(type, t => new ClassState(t));
        }

        public static ClassState? Find(Type type)
        {
            ClassState? state;
            return States.TryGetValue(type, out state) ? state : null;
        }

        public void RunSetup()
        {
            SkipReason = null;
            SetupFailure = null;
            foreach (MethodInfo method in Methods<SetupAttribute>())
            {
                Exception? failure = NanoInvoker.Invoke(type, method, null);
                if (failure is SkipTestException)
                {
                    SkipReason = "[Setup] " + method.Name + " skipped the class: " + failure.Message;
                    return;
                }

                if (failure != null)
                {
                    SetupFailure = new InvalidOperationException("[Setup] " + method.Name + " failed: " + failure.Message, failure);
                    return;
                }
            }
        }

        /// <summary>The first [Cleanup] failure, or null.</summary>
        public Exception? RunCleanup()
        {
            if (SkipReason != null)
            {
                return null; // upstream skips the rest of the class, Cleanup included
            }

            foreach (MethodInfo method in Methods<CleanupAttribute>())
            {
                Exception? failure = NanoInvoker.Invoke(type, method, null);
                if (failure != null && !(failure is SkipTestException))
                {
                    return new InvalidOperationException("[Cleanup] " + method.Name + " failed: " + failure.Message, failure);
                }
            }

            return null;
        }

        private IEnumerable<MethodInfo> Methods<TAttribute>()
            where TAttribute : Attribute
        {
            return type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => m.GetCustomAttribute<TAttribute>() != null)
                .OrderBy(m => m.MetadataToken);
        }
    }
}
