using System;
using System.IO;

namespace Terminal.Simulator.Cli
{
    /// <summary>
    /// Entry point of the <c>terminal</c> command: picks the command by its first argument.
    /// Program.Main starts the simulator when there are no arguments at all.
    /// </summary>
    public static class CommandDispatcher
    {
        public const string Usage =
            "Usage: terminal <command> [options]   (no command: simulate)\n" +
            "\n" +
            "Commands:\n" +
            "  simulate [options]  The terminal on this PC (the default with no command): keypad on the\n" +
            "          keyboard, display in the terminal, WeChat Pay sandbox and merchant server built in.\n" +
            "          'terminal simulate --help' lists its options; docs/cashier.md the keys and screens.\n" +
            "  screens --out DIR   Render every cashier screen (English and Chinese) as PNG into DIR.\n" +
            "  sign    --key KEY [--sign-type MD5|HMAC-SHA256] name=value ...\n" +
            "          Print the string to sign (key masked) and, on the last line, the signature.\n" +
            "  verify  --key KEY [--sign-type MD5|HMAC-SHA256]  < response.xml\n" +
            "          Check the sign of a WeChat Pay v2 XML message read from standard input;\n" +
            "          the last line is VALID or INVALID (expected <sig>, got <sig>).\n" +
            "  help    Show this text.\n" +
            "\n" +
            "--sign-type defaults to the sign_type in the parameters/XML, else MD5.\n" +
            "Exit codes: 0 signed/valid, 1 invalid signature, 2 bad arguments, 3 unreadable XML.\n" +
            "See docs/protocol-tools.md.";

        public static int Run(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
        {
            return Run(args, stdin, stdout, stderr, new FlatXmlMessageReader());
        }

        public static int Run(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr, IMessageReader reader)
        {
            if (args == null || args.Length == 0)
            {
                stdout.WriteLine(Usage);
                return ExitCodes.Ok;
            }

            string[] rest = new string[args.Length - 1];
            Array.Copy(args, 1, rest, 0, rest.Length);
            try
            {
                switch (args[0])
                {
                    case "sign":
                        return new SignCommand().Run(rest, stdout, stderr);
                    case "verify":
                        return new VerifyCommand(reader).Run(rest, stdin, stdout, stderr);
                    case "simulate":
                        if (rest.Length == 1 && (rest[0] == "--help" || rest[0] == "-h"))
                        {
                            stdout.WriteLine(Sim.SimulateCommand.Usage + Sim.SimulateCommand.KeyMap);
                            return ExitCodes.Ok;
                        }

                        return Sim.SimulateCommand.Run(rest, stdout, stderr);
                    case "screens":
                        return Sim.ScreensCommand.Run(rest, stdout, stderr);
                    case "help":
                    case "--help":
                    case "-h":
                        stdout.WriteLine(Usage);
                        return ExitCodes.Ok;
                    default:
                        // Quoted only when it looks like a command word: a key pasted first must not be echoed.
                        throw new UsageException("unknown command " + (SignOptions.IsWord(args[0], 24) ? "'" + args[0] + "'" : "(argument 1, not shown)") + " (try: terminal help)");
                }
            }
            catch (UsageException e)
            {
                stderr.WriteLine("error: " + e.Message);
                return ExitCodes.Usage;
            }
            catch (Exception e)
            {
                stderr.WriteLine("error: unexpected " + e.GetType().Name + ": " + e.Message);
                return ExitCodes.Internal;
            }
        }
    }
}
