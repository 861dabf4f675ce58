using System;
using System.Text;
using Terminal.Simulator.Cli;

namespace Terminal.Simulator
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            using (var stdin = Console.OpenStandardInput())
            {
                return CommandDispatcher.Run(WithDefaultCommand(args), stdin, Console.Out, Console.Error);
            }
        }

        /// <summary>
        /// No arguments, or only options (e.g. <c>--data DIR</c>), mean the simulator: README's first
        /// command, and what a newcomer types next. Help flags and named commands pass through.
        /// </summary>
        public static string[] WithDefaultCommand(string[] args)
        {
            bool optionsOnly = args.Length > 0 && args[0].StartsWith("--", StringComparison.Ordinal) && args[0] != "--help";
            if (args.Length != 0 && !optionsOnly)
            {
                return args;
            }

            string[] result = new string[args.Length + 1];
            result[0] = "simulate";
            Array.Copy(args, 0, result, 1, args.Length);
            return result;
        }
    }
}
