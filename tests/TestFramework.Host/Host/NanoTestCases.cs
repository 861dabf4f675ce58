using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace nanoFramework.TestFramework.Host
{
    /// <summary>Turns a [TestMethod] into one test case, or one per [DataRow], after checking the device rules.</summary>
    public class NanoTestCaseDiscoverer : IXunitTestCaseDiscoverer
    {
        private readonly IMessageSink diagnosticMessageSink;

        public NanoTestCaseDiscoverer(IMessageSink diagnosticMessageSink)
        {
            this.diagnosticMessageSink = diagnosticMessageSink;
        }

        public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        {
            TestMethodDisplay display = discoveryOptions.MethodDisplayOrDefault();
            TestMethodDisplayOptions displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
            Type type = testMethod.TestClass.Class.ToRuntimeType();
            MethodInfo method = testMethod.Method.ToRuntimeMethod();

            string? problem = NanoRules.Check(type, method);
            if (problem != null)
            {
                return new IXunitTestCase[] { new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, problem) };
            }

            DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
            if (rows.Length == 0)
            {
                return new IXunitTestCase[] { new NanoTestCase(diagnosticMessageSink, display, displayOptions, testMethod, null) };
            }

            return rows.Select((row, index) => (IXunitTestCase)new NanoTestCase(diagnosticMessageSink, display, displayOptions, testMethod, row.MethodParameters, index)).ToArray();
        }
    }

    /// <summary>
    /// Rules the device launcher imposes that .NET reflection would silently paper over; breaking
    /// one is reported as a failing test on the host instead of surprising you on the device.
    /// </summary>
    public static class NanoRules
    {
        public static string? Check(Type type, MethodInfo method)
        {
            string where = type.Name + "." + method.Name;
            if (type.GetCustomAttribute<TestClassAttribute>() == null)
            {
                return where + " is not in a [TestClass]: the device launcher would never run it.";
            }

            FieldInfo[] instanceFields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            if (instanceFields.Length > 0)
            {
                return type.Name + " has instance state (" + string.Join(", ", instanceFields.Select(f => f.Name)) +
                    "): the device launcher invokes test methods without an instance, so keep test state in static fields.";
            }

            if (method.IsGenericMethodDefinition || type.IsGenericTypeDefinition)
            {
                return where + " is generic: nanoFramework 1.x has no generics.";
            }

            ParameterInfo[] parameters = method.GetParameters();
            DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
            if (rows.Length == 0 && parameters.Length > 0)
            {
                return where + " takes parameters but has no [DataRow].";
            }

            for (int r = 0; r < rows.Length; r++)
            {
                object?[] values = rows[r].MethodParameters ?? new object?[] { null };
                if (values.Length != parameters.Length)
                {
                    return where + ": [DataRow] #" + (r + 1) + " has " + values.Length + " value(s) but the method takes " + parameters.Length + ".";
                }

                for (int i = 0; i < values.Length; i++)
                {
                    Type expected = parameters[i].ParameterType;
                    object? value = values[i];
                    if (value == null ? expected.IsValueType : !expected.IsInstanceOfType(value) || (expected.IsValueType && value.GetType() != expected))
                    {
                        return where + ": [DataRow] #" + (r + 1) + " value " + (i + 1) + " is " + (value == null ? "null" : value.GetType().Name + " " + value) +
                            " but parameter '" + parameters[i].Name + "' is " + expected.Name +
                            "; the device launcher does not convert arguments (write e.g. 5L for a long).";
                    }
                }
            }

            return null;
        }
    }

    /// <summary>A [TestMethod] (or one of its [DataRow]s), run the way the device launcher runs it.</summary>
    public class NanoTestCase : XunitTestCase
    {
        [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
        public NanoTestCase()
        {
        }

        public NanoTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, object?[]? testMethodArguments, int rowIndex = -1)
            : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
        {
            RowIndex = rowIndex;
        }

        /// <summary>Which [DataRow] of the method this case runs (-1: none).</summary>
        public int RowIndex { get; private set; }

        /// <summary>
        /// The arguments exactly as the attribute holds them. xunit serializes test cases between
        /// discovery and execution, which does not round-trip every value (e.g. a lone UTF-16
        /// surrogate becomes U+FFFD), so the row is re-read from the attribute by index.
        /// </summary>
        public object?[]? RowArguments(MethodInfo method)
        {
            if (RowIndex < 0)
            {
                return null;
            }

            return method.GetCustomAttributes<DataRowAttribute>().ElementAt(RowIndex).MethodParameters;
        }

        public override void Serialize(IXunitSerializationInfo data)
        {
            base.Serialize(data);
            data.AddValue("RowIndex", RowIndex);
        }

        public override void Deserialize(IXunitSerializationInfo data)
        {
            base.Deserialize(data);
            RowIndex = data.GetValue<int>("RowIndex");
        }

        public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        {
            return new NanoTestCaseRunner(this, messageBus, aggregator, cancellationTokenSource).RunAsync();
        }
    }

    public class NanoTestCaseRunner : TestCaseRunner<NanoTestCase>
    {
        public NanoTestCaseRunner(NanoTestCase testCase, IMessageBus messageBus, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
            : base(testCase, messageBus, aggregator, cancellationTokenSource)
        {
        }

        protected override Task<RunSummary> RunTestAsync()
        {
            var test = new XunitTest(TestCase, TestCase.DisplayName);
            var summary = new RunSummary { Total = 1 };
            if (!MessageBus.QueueMessage(new TestStarting(test)))
            {
                CancellationTokenSource.Cancel();
                return Task.FromResult(summary);
            }

            Type type = TestCase.TestMethod.TestClass.Class.ToRuntimeType();
            MethodInfo method = TestCase.TestMethod.Method.ToRuntimeMethod();
            ClassState? state = ClassState.Find(type);
            string? skipReason = TestCase.SkipReason ?? (state == null ? null : state.SkipReason);
            Exception? failure = null;
            string output = string.Empty;
            decimal time = 0;

            if (skipReason == null)
            {
                if (state != null && state.SetupFailure != null)
                {
                    failure = state.SetupFailure;
                }
                else
                {
                    StringBuilder captured = OutputHelper.BeginCapture();
                    Stopwatch stopwatch = Stopwatch.StartNew();
                    try
                    {
                        failure = NanoInvoker.Invoke(type, method, TestCase.RowArguments(method));
                    }
                    finally
                    {
                        time = (decimal)stopwatch.Elapsed.TotalSeconds;
                        OutputHelper.EndCapture();
                        output = captured.ToString();
                    }

                    if (failure is SkipTestException)
                    {
                        skipReason = failure.Message;
                        failure = null;
                    }
                }
            }

            if (skipReason != null)
            {
                summary.Skipped = 1;
                MessageBus.QueueMessage(new TestSkipped(test, skipReason.Length == 0 ? "Assert.SkipTest" : skipReason));
            }
            else if (failure == null)
            {
                MessageBus.QueueMessage(new TestPassed(test, time, output));
            }
            else
            {
                summary.Failed = 1;
                MessageBus.QueueMessage(new TestFailed(test, time, output, failure));
            }

            summary.Time = time;
            MessageBus.QueueMessage(new TestFinished(test, time, output));
            return Task.FromResult(summary);
        }
    }

    internal static class NanoInvoker
    {
        /// <summary>Invokes a test, setup or cleanup method; returns what it threw, or null.</summary>
        public static Exception? Invoke(Type type, MethodInfo method, object?[]? arguments)
        {
            try
            {
                // Test classes hold no instance state (NanoRules), so a fresh instance per call is
                // indistinguishable from the device launcher's instance-less invocation.
                object? target = method.IsStatic ? null : Activator.CreateInstance(type);
                method.Invoke(target, arguments);
                return null;
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                return ex.InnerException;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }
    }
}
