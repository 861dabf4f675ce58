using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Terminal.Core.Ui;
using Terminal.Sandbox;
using Terminal.Simulator.Cli;

namespace Terminal.Simulator.Sim
{
    /// <summary>
    /// `terminal` / `terminal simulate [options]`: the whole terminal on the PC (docs/simulator.md
    /// in docs/cashier.md). Interactive with a terminal; a line script when standard input is redirected.
    /// </summary>
    public static class SimulateCommand
    {
        public const string Usage =
            "terminal simulate [--data DIR] [--png FILE] [--console-port N] [--script]\n" +
            "                  [--real --wechat-ca FILE [--merchant-ca FILE]] [--no-merchant-server]\n" +
            "  --data DIR          flash, certificates and merchant database (default: ~/.local/share/terminal-simulator)\n" +
            "  --png FILE          where the P key saves the display (default terminal-display.png)\n" +
            "  --console-port N    also serve the technician console on 127.0.0.1:N (e.g. nc 127.0.0.1 N)\n" +
            "  --script            read a script from standard input (automatic when it is redirected)\n" +
            "  --real              real WeChat Pay endpoints and the configured merchant (set them in the console)\n" +
            "  --wechat-ca FILE    with --real: PEM of the root CA of WeChat Pay's servers (DigiCert Global Root G2)\n" +
            "  --merchant-ca FILE  root CA of an https merchant server\n" +
            "  --no-merchant-server  do not start the reference merchant server\n";

        public const string KeyMap =
            "0-9 . Enter=ENTER Esc=CANCEL Backspace=BACK Delete=CLEAR F1/L=lang F2/I=status\n" +
            "/ or S: scan | : console | P: PNG | N: network | M: merchant link | Q: quit\n" +
            "Test codes: 13SSNNN... (docs/cashier.md#test-codes)";

        private static readonly object ScreenGate = new object();

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            var options = new RigOptions { ForwardingThread = true };
            string png = "terminal-display.png";
            int consolePort = 0;
            bool script = Console.IsInputRedirected;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Next()
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new UsageException(a + " needs a value\n" + Usage);
                    }

                    return args[++i];
                }

                switch (a)
                {
                    case "--data":
                        options.DataFolder = Next();
                        break;
                    case "--png":
                        png = Next();
                        break;
                    case "--console-port":
                        if (!int.TryParse(Next(), out consolePort) || consolePort < 1 || consolePort > 65535)
                        {
                            throw new UsageException("--console-port needs a port number 1-65535");
                        }

                        break;
                    case "--script":
                        script = true;
                        break;
                    case "--real":
                        options.WeChat = WeChatMode.Real;
                        break;
                    case "--wechat-ca":
                        options.WeChatRootCaFile = Next();
                        break;
                    case "--merchant-ca":
                        options.MerchantRootCaFile = Next();
                        break;
                    case "--no-merchant-server":
                        options.MerchantServer = false;
                        break;
                    default:
                        throw new UsageException("unknown option '" + a + "'\n" + Usage);
                }
            }

            if (options.WeChat == WeChatMode.Real && options.WeChatRootCaFile == null)
            {
                throw new UsageException("--real needs --wechat-ca FILE (the PEM of DigiCert Global Root G2)");
            }

            options.DataFolder ??= Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "terminal-simulator");
            if (options.WeChat == WeChatMode.Real)
            {
                options.MerchantServer = false;
            }

            stdout.WriteLine("Starting the terminal simulator (data: " + options.DataFolder + ") ...");
            options.Starting = starting =>
            {
                // Boot recovery of unfinished sales runs inside the start: show it as it happens.
                starting.Display.Shown = (s, b) =>
                {
                    lock (ScreenGate)
                    {
                        stdout.WriteLine("screen " + s.ToText());
                    }
                };
                starting.ConsoleOutput.Forward = text =>
                {
                    lock (ScreenGate)
                    {
                        stdout.Write(text.Replace("\r\n", "\n"));
                    }
                };
            };
            using Rig rig = Rig.Start(options);
            foreach (string line in ServiceLines(rig))
            {
                stdout.WriteLine(line);
            }

            using var ticker = new Timer(_ => SafeTick(rig), null, 200, 200);
            TcpListener listener = consolePort > 0 ? StartConsolePort(rig, consolePort, stdout) : null;
            try
            {
                return script ? RunScript(rig, Console.In, stdout, png) : RunInteractive(rig, stdout, png);
            }
            finally
            {
                listener?.Stop();
            }
        }

        /// <summary>What the simulator prints at start: the sandbox, the merchant server, its dashboard (same address every start) and the admin token.</summary>
        public static IEnumerable<string> ServiceLines(Rig rig)
        {
            yield return rig.SandboxServer != null ? "WeChat Pay sandbox: " + rig.SandboxServer.BaseAddress + " (CA " + rig.SandboxServer.Certificates.CaCertificatePath + ")" : "WeChat Pay: real endpoints";
            if (rig.Merchant != null)
            {
                yield return "Merchant server: " + rig.Merchant.BaseAddress;
                yield return "Merchant dashboard: " + rig.Merchant.DashboardAddress + (rig.MerchantPortChanged ? " (moved: the port of the last start is taken)" : string.Empty);
                yield return "Merchant " + rig.Merchant.Admin.Describe() + " (sign in to the dashboard, or send it as X-Admin-Token)";
            }

            yield return "Receipts (58 mm printer, text and PNG): " + Path.Combine(rig.Options.DataFolder, "receipts") + (rig.App != null && !rig.App.Config.HasPrinter ? " - off: 'config set printer uart', then reboot" : string.Empty);
        }

        public static void SafeTick(Rig rig)
        {
            try
            {
                rig.Tick();
            }
            catch (Exception)
            {
                // a tick must never kill the timer
            }
        }

        // ------------------------------------------------------------------ interactive

        private static int RunInteractive(Rig rig, TextWriter stdout, string png)
        {
            var log = new List<string>();
            string input = null; // "/" scan or ":" console entry
            var typed = new StringBuilder();
            void Log(string line)
            {
                lock (log)
                {
                    foreach (string l in line.Replace("\r", string.Empty).Split('\n'))
                    {
                        if (l.Length > 0)
                        {
                            log.Add(l);
                        }
                    }

                    while (log.Count > 14)
                    {
                        log.RemoveAt(0);
                    }
                }
            }

            void Draw()
            {
                lock (ScreenGate)
                {
                    int columns = TerminalColumns();
                    int rows = TerminalRows();
                    string display = SimDisplay.ToTerminalText(rig.Display.Frame, columns, rows);
                    var sb = new StringBuilder("\x1b[H");
                    sb.Append(display.Replace("\n", "\x1b[K\n"));
                    string screenText = rig.App.Ui.Screen.ToText();
                    sb.Append("\x1b[K").Append(screenText.Length >= columns ? screenText.Substring(0, Math.Max(1, columns - 1)) : screenText).Append('\n');
                    sb.Append("\x1b[K").Append(StatusLine(rig)).Append('\n');
                    foreach (string l in KeyMap.Split('\n'))
                    {
                        sb.Append("\x1b[K").Append(l).Append('\n');
                    }

                    sb.Append("\x1b[K").Append(input == null ? string.Empty : (input == "/" ? "scan> " : "console> ") + typed).Append('\n');
                    // Only as many console lines as the terminal has rows left, each cut to its width.
                    int used = display.Split('\n').Length - 1 + 3 + KeyMap.Split('\n').Length;
                    int room = Math.Max(0, rows - used - 1);
                    int width = Math.Max(20, columns - 1);
                    lock (log)
                    {
                        for (int i = Math.Max(0, log.Count - room); i < log.Count; i++)
                        {
                            string l = log[i];
                            sb.Append("\x1b[K").Append(l.Length > width ? l.Substring(0, width) : l).Append('\n');
                        }
                    }

                    sb.Append("\x1b[J");
                    Console.Out.Write(sb.ToString());
                }
            }

            rig.Feedback.Bell = true;
            rig.Display.Shown = (s, b) => Draw();
            rig.ConsoleOutput.Forward = text => { Log(text); Draw(); };
            Console.Out.Write("\x1b[2J");
            rig.App.Ui.Refresh();
            // The status line follows the background (a notification delivered, an order settled)
            // even while the display shows the same screen, e.g. Paid.
            string shownStatus = StatusLine(rig);
            using var statusTimer = new Timer(_ =>
            {
                try
                {
                    string now = StatusLine(rig);
                    if (now != shownStatus)
                    {
                        shownStatus = now;
                        Draw();
                    }
                }
                catch (Exception)
                {
                    // a redraw must never kill the timer
                }
            }, null, 500, 500);
            while (true)
            {
                ConsoleKeyInfo k = Console.ReadKey(true);
                if (input != null)
                {
                    if (k.Key == ConsoleKey.Enter)
                    {
                        string line = typed.ToString();
                        string mode = input;
                        input = null;
                        typed.Clear();
                        if (mode == "/")
                        {
                            byte[] bytes = Encoding.ASCII.GetBytes(line + "\r");
                            rig.App.OnScannerBytes(bytes, 0, bytes.Length);
                        }
                        else
                        {
                            Log("> " + MaskSecrets(line));
                            rig.App.Console.Execute(line);
                            rig.RebootIfRequested();
                        }
                    }
                    else if (k.Key == ConsoleKey.Escape)
                    {
                        input = null;
                        typed.Clear();
                    }
                    else if (k.Key == ConsoleKey.Backspace)
                    {
                        if (typed.Length > 0)
                        {
                            typed.Length--;
                        }
                    }
                    else if (k.KeyChar != '\0')
                    {
                        typed.Append(k.KeyChar);
                    }

                    Draw();
                    continue;
                }

                if (char.IsDigit(k.KeyChar) && Console.KeyAvailable)
                {
                    // Keys faster than a person types: a paste, scripted input or a keyboard-wedge
                    // scanner. Read up to its Enter, then decide what it was (BurstInput).
                    var burst = new StringBuilder().Append(k.KeyChar);
                    bool enter = false;
                    while (Console.KeyAvailable)
                    {
                        ConsoleKeyInfo next = Console.ReadKey(true);
                        if (next.Key == ConsoleKey.Enter)
                        {
                            enter = true;
                            break;
                        }

                        burst.Append(next.KeyChar);
                    }

                    var keys = new List<Key>();
                    string scanned = BurstInput(burst.ToString(), enter, keys);
                    if (scanned != null)
                    {
                        byte[] bytes = Encoding.ASCII.GetBytes(scanned + "\r");
                        rig.App.OnScannerBytes(bytes, 0, bytes.Length);
                        continue;
                    }

                    foreach (Key mapped in keys)
                    {
                        rig.App.OnKey(mapped);
                    }

                    continue;
                }

                switch (char.ToLowerInvariant(k.KeyChar))
                {
                    case 'q':
                        Console.Out.Write("\n");
                        return ExitCodes.Ok;
                    case '/':
                    case 's':
                        input = "/";
                        Draw();
                        continue;
                    case ':':
                        input = ":";
                        Draw();
                        continue;
                    case 'p':
                        File.WriteAllBytes(png, Png.FromFramebuffer(rig.Display.Frame));
                        Log("display saved to " + Path.GetFullPath(png));
                        Draw();
                        continue;
                    case 'n':
                        rig.Network.IsUp = !rig.Network.IsUp;
                        Log("network " + (rig.Network.IsUp ? "up" : "down"));
                        Draw();
                        continue;
                    case 'm':
                        rig.MerchantLinkDown = !rig.MerchantLinkDown;
                        Log("merchant server link " + (rig.MerchantLinkDown ? "down" : "up"));
                        if (!rig.MerchantLinkDown)
                        {
                            rig.App.Outbox.RetryNow();
                        }

                        Draw();
                        continue;
                }

                Key key = Map(k);
                if (key != Key.None)
                {
                    rig.App.OnKey(key);
                }
            }
        }

        /// <summary>The line under the display: network, merchant link, notifications waiting, unresolved orders.</summary>
        public static string StatusLine(Rig rig)
        {
            return "net " + (rig.Network.IsUp ? "up" : "DOWN") + " | merchant link " + (rig.MerchantLinkDown ? "DOWN" : "up") +
                " | queue " + rig.App.Outbox.Status().Depth + " | unresolved " + rig.App.Engine.PendingCount;
        }

        /// <summary>
        /// A burst of input read at once (starting with a digit, up to and without its Enter):
        /// 8 or more digits and nothing else is a scanned payment code (returned, to feed the
        /// scanner); anything else is keys, in order, with the burst's Enter as the last key, so a
        /// pasted or scripted "12.34⏎" (or fast typing) is the amount and its ENTER.
        /// </summary>
        public static string BurstInput(string burst, bool endedWithEnter, List<Key> keys)
        {
            bool digitsOnly = burst.Length > 0;
            foreach (char c in burst)
            {
                digitsOnly &= c >= '0' && c <= '9';
            }

            if (digitsOnly && burst.Length >= 8)
            {
                return burst;
            }

            foreach (char c in burst)
            {
                Key mapped = MapChar(c);
                if (mapped != Key.None)
                {
                    keys.Add(mapped);
                }
            }

            if (endedWithEnter)
            {
                keys.Add(Key.Enter);
            }

            return null;
        }

        /// <summary>The simulator's key map (docs/cashier.md, "Simulator keys").</summary>
        public static Key Map(ConsoleKeyInfo k)
        {
            switch (k.Key)
            {
                case ConsoleKey.Enter:
                    return Key.Enter;
                case ConsoleKey.Escape:
                    return Key.Cancel;
                case ConsoleKey.Backspace:
                    return Key.Back;
                case ConsoleKey.Delete:
                    return Key.Clear;
                case ConsoleKey.F1:
                    return Key.F1;
                case ConsoleKey.F2:
                    return Key.F2;
            }

            return MapChar(k.KeyChar);
        }

        public static Key MapChar(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return Keys.FromDigit(c - '0');
            }

            switch (char.ToLowerInvariant(c))
            {
                case '.':
                case ',':
                    return Key.Dot;
                case 'l':
                    return Key.F1;
                case 'i':
                    return Key.F2;
                case '\r':
                case '\n':
                    return Key.Enter;
                case '\b':
                    return Key.Back;
            }

            return Key.None;
        }

        /// <summary>Key names in scripts: enter, cancel, back, clear, f1, f2, or characters 0-9 and '.'.</summary>
        public static Key Named(string name)
        {
            switch (name.ToLowerInvariant())
            {
                case "enter":
                    return Key.Enter;
                case "cancel":
                case "esc":
                    return Key.Cancel;
                case "back":
                    return Key.Back;
                case "clear":
                    return Key.Clear;
                case "f1":
                    return Key.F1;
                case "f2":
                    return Key.F2;
            }

            return Key.None;
        }

        private static string MaskSecrets(string line)
        {
            string[] w = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (w.Length >= 3 && (w[0] == "secret" || w[0] == "login" || w[0] == "pin"))
            {
                return w[0] + " " + w[1] + " ****";
            }

            if (w.Length == 2 && w[0] == "login")
            {
                return "login ****";
            }

            return line;
        }

        private static int TerminalColumns()
        {
            try
            {
                return Console.WindowWidth;
            }
            catch (Exception)
            {
                return 80;
            }
        }

        private static int TerminalRows()
        {
            try
            {
                return Console.WindowHeight;
            }
            catch (Exception)
            {
                return 24;
            }
        }

        // ------------------------------------------------------------------ script

        /// <summary>
        /// Script lines: <c>key 12.34 enter</c> (characters, or names enter/cancel/back/clear/f1/f2),
        /// <c>scan CODE</c>, <c>console LINE</c>, <c>png FILE</c>, <c>wait MS</c>, <c>screen</c>,
        /// <c>network up|down</c>, <c>quit</c>. Every new screen is printed.
        /// </summary>
        public static int RunScript(Rig rig, TextReader input, TextWriter stdout, string png)
        {
            rig.Display.Shown = (s, b) =>
            {
                lock (ScreenGate)
                {
                    stdout.WriteLine("screen " + s.ToText());
                }
            };
            rig.ConsoleOutput.Forward = text =>
            {
                lock (ScreenGate)
                {
                    stdout.Write(text.Replace("\r\n", "\n"));
                }
            };
            string line;
            while ((line = input.ReadLine()) != null)
            {
                string t = line.Trim();
                if (t.Length == 0 || t.StartsWith('#'))
                {
                    continue;
                }

                int space = t.IndexOf(' ');
                string verb = (space < 0 ? t : t.Substring(0, space)).ToLowerInvariant();
                string rest = space < 0 ? string.Empty : t.Substring(space + 1).Trim();
                switch (verb)
                {
                    case "key":
                        foreach (string token in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        {
                            Key named = Named(token);
                            if (named != Key.None)
                            {
                                rig.App.OnKey(named);
                                continue;
                            }

                            foreach (char c in token)
                            {
                                Key k = MapChar(c);
                                if (k != Key.None)
                                {
                                    rig.App.OnKey(k);
                                }
                            }
                        }

                        break;
                    case "scan":
                        byte[] bytes = Encoding.ASCII.GetBytes(rest + "\r");
                        rig.App.OnScannerBytes(bytes, 0, bytes.Length);
                        break;
                    case "console":
                        rig.App.Console.Execute(rest);
                        rig.RebootIfRequested();
                        break;
                    case "png":
                        File.WriteAllBytes(rest.Length > 0 ? rest : png, Png.FromFramebuffer(rig.Display.Frame));
                        break;
                    case "wait":
                        Thread.Sleep(int.TryParse(rest, out int ms) ? Math.Clamp(ms, 0, 120000) : 1000);
                        break;
                    case "screen":
                        stdout.WriteLine("screen " + rig.App.Ui.Screen.ToText());
                        break;
                    case "network":
                        rig.Network.IsUp = rest != "down";
                        break;
                    case "quit":
                        return ExitCodes.Ok;
                    default:
                        stdout.WriteLine("script: unknown line '" + t + "' (key, scan, console, png, wait, screen, network, quit)");
                        break;
                }
            }

            return ExitCodes.Ok;
        }

        // ------------------------------------------------------------------ console port

        /// <summary>Serves the console on 127.0.0.1:<paramref name="port"/> (0: any free port; the listener tells which).</summary>
        public static TcpListener StartConsolePort(Rig rig, int port, TextWriter stdout)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            stdout.WriteLine("Technician console on 127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port);
            var thread = new Thread(() =>
            {
                while (true)
                {
                    TcpClient client;
                    try
                    {
                        client = listener.AcceptTcpClient();
                    }
                    catch (Exception)
                    {
                        return;
                    }

                    NetworkStream stream = client.GetStream();
                    Action<string> previous = rig.ConsoleOutput.Forward;
                    rig.ConsoleOutput.Forward = text =>
                    {
                        previous?.Invoke(text);
                        try
                        {
                            byte[] b = Encoding.UTF8.GetBytes(text);
                            stream.Write(b, 0, b.Length);
                        }
                        catch (Exception)
                        {
                        }
                    };
                    byte[] buffer = new byte[256];
                    try
                    {
                        int n;
                        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            rig.App.OnConsoleBytes(buffer, 0, n);
                            rig.RebootIfRequested();
                        }
                    }
                    catch (Exception)
                    {
                    }

                    rig.ConsoleOutput.Forward = previous;
                    client.Dispose();
                }
            })
            { IsBackground = true };
            thread.Start();
            return listener;
        }
    }
}
