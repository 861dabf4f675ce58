using System.Text;
using Terminal.Core.Technician;
using Terminal.Device.Hardware;
using Terminal.Device.Platform;

namespace Terminal.Device.Ports
{
    /// <summary>
    /// The technician console's output on COM3 (<see cref="IConsoleOutput"/>), and the device log's
    /// sink: log lines are written as "# ..." so they stand apart from command answers (which end
    /// with "ok" or "error: ..."). The console's input goes from the same UART straight to the core
    /// (TerminalApp.OnConsoleBytes), which parses lines, checks the PIN and keeps secrets write-only.
    /// </summary>
    public sealed class ConsolePort : IConsoleOutput, ILogSink
    {
        private readonly SerialLine line;

        public ConsolePort(SerialLine line)
        {
            this.line = line;
        }

        /// <summary>When false, device log lines are not copied to the console (only the debugger gets them).</summary>
        public bool EchoLog = true;

        public void Write(string text)
        {
            if (text == null || text.Length == 0)
            {
                return;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text);
            line.Write(bytes, 0, bytes.Length);
        }

        void ILogSink.WriteLine(string logLine)
        {
            if (EchoLog)
            {
                Write("# " + logLine + "\r\n");
            }
        }
    }
}
