using System;
using System.Text;
using System.Threading;

namespace nanoFramework.TestFramework
{
    /// <summary>Test output: attached to the running test's result (shown by dotnet test / TRX).</summary>
    public static class OutputHelper
    {
        private static readonly AsyncLocal<StringBuilder?> Current = new AsyncLocal<StringBuilder?>();   // null: not capturing

        public static void Write(string message)
        {
            StringBuilder? sink = Current.Value;
            if (sink != null)
            {
                lock (sink)
                {
                    sink.Append(message);
                }
            }
            else
            {
                Console.Write(message);
            }
        }

        public static void WriteLine(string message)
        {
            Write(message + Environment.NewLine);
        }

        /// <summary>Starts capturing output for the test running on this logical flow.</summary>
        internal static StringBuilder BeginCapture()
        {
            StringBuilder sink = new StringBuilder();
            Current.Value = sink;
            return sink;
        }

        internal static void EndCapture()
        {
            Current.Value = null;
        }
    }
}
