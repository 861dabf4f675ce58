using System;
using System.Diagnostics;

namespace Terminal.Device.Platform
{
    /// <summary>Where device log lines go besides the debugger (the technician console when it is up).</summary>
    public interface ILogSink
    {
        void WriteLine(string line);
    }

    /// <summary>
    /// The firmware's log: every line goes to the debugger output (COM1 / Visual Studio) and to an
    /// optional sink (the technician console). Callers never pass secrets (API key, private key,
    /// Wi-Fi password, PIN); exception messages from the core are written as they are, and the core
    /// keeps secrets out of them.
    /// </summary>
    public static class DeviceLog
    {
        private static readonly object Gate = new object();
        private static ILogSink sink;

        public static ILogSink Sink
        {
            get { return sink; }
            set { sink = value; }
        }

        public static void Info(string message)
        {
            Write("I ", message);
        }

        public static void Warn(string message)
        {
            Write("W ", message);
        }

        public static void Error(string message, Exception ex)
        {
            Write("E ", ex == null ? message : message + ": " + Describe(ex));
        }

        /// <summary>"Type: message" of an exception and of its inner exceptions (no stack: it can be long).</summary>
        public static string Describe(Exception ex)
        {
            string text = string.Empty;
            int depth = 0;
            while (ex != null && depth < 4)
            {
                if (depth > 0)
                {
                    text += " <- ";
                }

                text += ex.GetType().Name + ": " + ex.Message;
                ex = ex.InnerException;
                depth++;
            }

            return text;
        }

        private static void Write(string level, string message)
        {
            string line = level + (Environment.TickCount64 / 1000).ToString() + "s " + message;
            lock (Gate)
            {
                Debug.WriteLine(line);
                ILogSink target = sink;
                if (target != null)
                {
                    try
                    {
                        target.WriteLine(line);
                    }
                    catch (Exception)
                    {
                        // A console that fails must not take the log (or the caller) down.
                    }
                }
            }
        }
    }
}
