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
                return CommandDispatcher.Run(args, stdin, Console.Out, Console.Error);
            }
        }
    }
}
