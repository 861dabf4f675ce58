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
                // No arguments: the simulator (README's first command).
                return CommandDispatcher.Run(args.Length == 0 ? new[] { "simulate" } : args, stdin, Console.Out, Console.Error);
            }
        }
    }
}
