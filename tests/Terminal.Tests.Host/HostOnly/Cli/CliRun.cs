using System;
using System.IO;
using System.Text;
using Terminal.Simulator.Cli;

namespace Terminal.Tests.HostOnly.Cli
{
    /// <summary>Runs the terminal CLI in-process and captures what it prints.</summary>
    internal sealed class CliRun
    {
        public int ExitCode { get; private set; }

        public string Out { get; private set; }

        public string Err { get; private set; }

        public string[] OutLines => Out.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

        public string LastLine => OutLines[OutLines.Length - 1];

        public static CliRun Invoke(string stdin, params string[] args)
        {
            return Invoke(stdin, null, args);
        }

        public static CliRun Invoke(string stdin, IMessageReader reader, params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin ?? ""));
            int code = reader == null
                ? CommandDispatcher.Run(args, input, stdout, stderr)
                : CommandDispatcher.Run(args, input, stdout, stderr, reader);
            return new CliRun { ExitCode = code, Out = stdout.ToString(), Err = stderr.ToString() };
        }

        public override string ToString()
        {
            return "exit " + ExitCode + Environment.NewLine + "stdout:" + Environment.NewLine + Out + "stderr:" + Environment.NewLine + Err;
        }
    }
}
