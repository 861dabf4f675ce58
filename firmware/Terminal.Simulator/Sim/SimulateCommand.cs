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
            "0-9 . Enter Esc=CANCEL Bksp=BACK Del=CLEAR F1/L=lang F2/I=status F3/R=MENU\n" +
            "/ or S: scan | Tab: console view | P: PNG | N: network | M: merchant | Q: quit\n" +
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

            ReadTestHooks(options);
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
            TcpListener? listener = consolePort > 0 ? StartConsolePort(rig, consolePort, stdout) : null;
            try
            {
                return script ? RunScript(rig, Console.In, stdout, png) : RunInteractive(rig, stdout, png);
            }
            finally
            {
                listener?.Stop();
            }
        }

        /// <summary>Environment variable: the built-in sandbox's refund spacing in ms (tests; docs/sandbox.md).</summary>
        public const string RefundSpacingVariable = "TERMINAL_SIM_REFUND_SPACING_MS";

        /// <summary>Environment variable: minutes after a China day's end its bill exists, may be negative (tests, rehearsals).</summary>
        public const string BillDelayVariable = "TERMINAL_SIM_BILL_DELAY_MIN";

        /// <summary>The test hooks read from the environment (unset: WeChat's rules); a malformed value is a usage error.</summary>
        public static void ReadTestHooks(RigOptions options)
        {
            string? spacing = Environment.GetEnvironmentVariable(RefundSpacingVariable);
            if (!string.IsNullOrEmpty(spacing))
            {
                if (!long.TryParse(spacing, out long ms) || ms < 0)
                {
                    throw new UsageException(RefundSpacingVariable + " must be a number of milliseconds, 0 or more");
                }

                options.SandboxRefundSpacingMs = ms;
            }

            string? delay = Environment.GetEnvironmentVariable(BillDelayVariable);
            if (!string.IsNullOrEmpty(delay))
            {
                if (!int.TryParse(delay, out int minutes) || minutes < -2880 || minutes > 2880)
                {
                    throw new UsageException(BillDelayVariable + " must be a number of minutes from -2880 to 2880");
                }

                options.BillDelay = TimeSpan.FromMinutes(minutes);
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

            yield return "Receipts (58 mm printer, text and PNG): " + Path.Combine(rig.Options.DataFolder ?? "(temporary folder)", "receipts") + (rig.App != null && !rig.App.Config.HasPrinter ? " - off: 'config set printer uart', then reboot" : string.Empty);
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
            // Everything below that a redraw reads (the view, what is being typed) changes only
            // under ScreenGate: the display, the console output and the timers redraw from other threads.
            var view = new ConsoleView();
            bool scanning = false; // "/" typed in the display view: the scanner's line
            var scanTyped = new StringBuilder();
            var consoleTyped = new StringBuilder();
            int drawnColumns = 0;
            int drawnRows = 0;

            void Note(string line)
            {
                lock (ScreenGate)
                {
                    view.AppendLine("[simulator] " + line);
                }
            }

            void Draw()
            {
                lock (ScreenGate)
                {
                    int columns = TerminalColumns();
                    int rows = TerminalRows();
                    string[] screen = view.Showing == SimulatorView.Console
                        ? view.Render(columns, rows, MaskSecretWords(consoleTyped.ToString(), rig.App.Console.CollectingSecret))
                        : DisplayView(rig, view, columns, rows, scanning ? "scan> " + scanTyped : string.Empty);
                    var sb = new StringBuilder();
                    if (columns != drawnColumns || rows != drawnRows)
                    {
                        // Resized: whatever the terminal reflowed is stale.
                        sb.Append("\x1b[2J");
                        drawnColumns = columns;
                        drawnRows = rows;
                    }

                    // Every row shorter than the window and no line end after the last: the
                    // terminal never wraps or scrolls, so row 1 stays row 1 (at 80×24 too).
                    sb.Append("\x1b[H");
                    for (int i = 0; i < screen.Length && i < rows; i++)
                    {
                        sb.Append(i > 0 ? "\r\n" : string.Empty).Append(screen[i]).Append("\x1b[K");
                    }

                    sb.Append("\x1b[J");
                    Console.Out.Write(sb.ToString());
                }
            }

            rig.Feedback.Bell = true;
            rig.Display.Shown = (s, b) => Draw();
            rig.ConsoleOutput.Forward = text =>
            {
                lock (ScreenGate)
                {
                    view.Append(text);
                }

                Draw();
            };
            Console.Out.Write("\x1b[2J");
            rig.App.Ui.Refresh();
            // The status line follows the background (a notification delivered, an order settled)
            // even while the display shows the same screen, e.g. Paid; a resized window is redrawn.
            string shownStatus = StatusLine(rig);
            using var statusTimer = new Timer(_ =>
            {
                try
                {
                    string now = StatusLine(rig);
                    bool resized;
                    lock (ScreenGate)
                    {
                        resized = TerminalColumns() != drawnColumns || TerminalRows() != drawnRows;
                    }

                    if (now != shownStatus || resized)
                    {
                        shownStatus = now;
                        Draw();
                    }
                }
                catch (Exception)
                {
                    // a redraw must never kill the timer
                }
            }, null, 250, 250);
            while (true)
            {
                ConsoleKeyInfo k = Console.ReadKey(true);
                if (k.Key == ConsoleView.ToggleKey)
                {
                    lock (ScreenGate)
                    {
                        scanning = false;
                        scanTyped.Clear();
                        view.Toggle();
                    }

                    Draw();
                    continue;
                }

                if (view.Showing == SimulatorView.Console)
                {
                    string? line = ConsoleViewKey(view, consoleTyped, k, TerminalColumns(), TerminalRows());
                    if (line != null)
                    {
                        TechConsoleRun(rig, view, line);
                    }

                    Draw();
                    continue;
                }

                if (scanning)
                {
                    lock (ScreenGate)
                    {
                        if (k.Key == ConsoleKey.Enter)
                        {
                            byte[] bytes = Encoding.ASCII.GetBytes(scanTyped + "\r");
                            scanning = false;
                            scanTyped.Clear();
                            rig.App.OnScannerBytes(bytes, 0, bytes.Length);
                        }
                        else if (k.Key == ConsoleKey.Escape)
                        {
                            scanning = false;
                            scanTyped.Clear();
                        }
                        else if (k.Key == ConsoleKey.Backspace)
                        {
                            if (scanTyped.Length > 0)
                            {
                                scanTyped.Length--;
                            }
                        }
                        else if (k.KeyChar >= ' ')
                        {
                            scanTyped.Append(k.KeyChar);
                        }
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
                    string? scanned = BurstInput(burst.ToString(), enter, keys);
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
                        Console.Out.Write("\r\n");
                        return ExitCodes.Ok;
                    case '/':
                    case 's':
                        lock (ScreenGate)
                        {
                            scanning = true;
                        }

                        Draw();
                        continue;
                    case ':':
                        // The old way in (a colon, then the command): the console view.
                        lock (ScreenGate)
                        {
                            view.Show(SimulatorView.Console);
                        }

                        Draw();
                        continue;
                    case 'p':
                        File.WriteAllBytes(png, Png.FromFramebuffer(rig.Display.Frame));
                        Note("display saved to " + Path.GetFullPath(png));
                        Draw();
                        continue;
                    case 'n':
                        rig.Network.IsUp = !rig.Network.IsUp;
                        Note("network " + (rig.Network.IsUp ? "up" : "down"));
                        Draw();
                        continue;
                    case 'm':
                        rig.MerchantLinkDown = !rig.MerchantLinkDown;
                        Note("merchant server link " + (rig.MerchantLinkDown ? "down" : "up"));
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

        /// <summary>
        /// A key in the console view: edits the line being typed, scrolls, or (Enter) returns the
        /// finished line for the console (null otherwise). The toggle key is handled before.
        /// </summary>
        public static string? ConsoleViewKey(ConsoleView view, StringBuilder typed, ConsoleKeyInfo k, int columns, int rows)
        {
            lock (ScreenGate)
            {
                switch (k.Key)
                {
                    case ConsoleKey.Enter:
                        string line = typed.ToString();
                        typed.Clear();
                        return line;
                    case ConsoleKey.Escape:
                        typed.Clear();
                        return null;
                    case ConsoleKey.Backspace:
                        if (typed.Length > 0)
                        {
                            typed.Length--;
                        }

                        return null;
                    case ConsoleKey.PageUp:
                        view.PageUp(columns, rows);
                        return null;
                    case ConsoleKey.PageDown:
                        view.PageDown(columns, rows);
                        return null;
                    case ConsoleKey.UpArrow:
                        view.Scroll(1, columns, rows);
                        return null;
                    case ConsoleKey.DownArrow:
                        view.Scroll(-1, columns, rows);
                        return null;
                    case ConsoleKey.Home:
                        view.ScrollToTop(columns, rows);
                        return null;
                    case ConsoleKey.End:
                        view.ScrollToBottom();
                        return null;
                }

                // The console takes at most TechConsole.MaxLine bytes a line: longer is refused there.
                if (k.KeyChar >= ' ' && k.KeyChar != '\x7f' && typed.Length < Terminal.Core.Technician.TechConsole.MaxLine)
                {
                    typed.Append(k.KeyChar);
                }

                return null;
            }
        }

        /// <summary>A line typed in the console view: echoed (secrets masked), then run; a reboot it asked for follows.</summary>
        private static void TechConsoleRun(Rig rig, ConsoleView view, string line)
        {
            lock (ScreenGate)
            {
                view.AppendLine(ConsoleView.Prompt + MaskSecretWords(line, rig.App.Console.CollectingSecret));
            }

            rig.App.Console.Execute(line);
            rig.RebootIfRequested();
        }

        /// <summary>
        /// The display view, at most <paramref name="rows"/> rows: the display, the screen as text,
        /// the status line, the keys, the scanner's line, then (in a taller window) the newest console rows.
        /// </summary>
        public static string[] DisplayView(Rig rig, ConsoleView view, int columns, int rows, string inputLine)
        {
            int width = ConsoleView.WrapWidth(columns);
            var screen = new List<string>(SimDisplay.ToTerminalText(rig.Display.Frame, columns, rows).TrimEnd('\n').Split('\n'));
            screen.Add(Clip(rig.App.Ui.Screen.ToText(), width));
            screen.Add(Clip(StatusLine(rig), width));
            foreach (string l in KeyMap.Split('\n'))
            {
                screen.Add(Clip(l, width));
            }

            screen.Add(Clip(inputLine, width));
            screen.AddRange(view.Tail(columns, rows - screen.Count));
            return screen.Count > rows ? screen.GetRange(0, rows).ToArray() : screen.ToArray();
        }

        private static string Clip(string s, int width) => s.Length > width ? s.Substring(0, width) : s;

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
        public static string? BurstInput(string burst, bool endedWithEnter, List<Key> keys)
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
                case ConsoleKey.F3:
                    return Key.Menu;
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
                case 'r':
                    return Key.Menu;
                case '\r':
                case '\n':
                    return Key.Enter;
                case '\b':
                    return Key.Back;
            }

            return Key.None;
        }

        /// <summary>Key names in scripts: enter, cancel, back, clear, f1, f2, menu, or characters 0-9 and '.'.</summary>
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
                case "menu":
                    return Key.Menu;
            }

            return Key.None;
        }

        /// <summary>
        /// A console line as the simulator shows it (typed or echoed): the words that carry a PIN,
        /// an API key or a secret value become '*', one for each character, so the technician
        /// sees how much was typed and nobody sees what; every line of a secret PEM being pasted
        /// (<paramref name="wholeLineSecret"/>) likewise.
        /// </summary>
        public static string MaskSecretWords(string line, bool wholeLineSecret)
        {
            if (wholeLineSecret)
            {
                return new string('*', line.Length);
            }

            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int firstSecret = FirstSecretWord(words);
            if (firstSecret < 0 || firstSecret >= words.Length)
            {
                return line;
            }

            var masked = new StringBuilder(line);
            int word = -1;
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] != ' ' && (i == 0 || line[i - 1] == ' '))
                {
                    word++;
                }

                if (line[i] != ' ' && word >= firstSecret)
                {
                    masked[i] = '*';
                }
            }

            return masked.ToString();
        }

        /// <summary>Index of the first secret word of a console command (this word and all after it are secret), or -1.</summary>
        private static int FirstSecretWord(string[] words)
        {
            string verb = words.Length > 0 ? words[0].ToLowerInvariant() : string.Empty;
            string sub = words.Length > 1 ? words[1].ToLowerInvariant() : string.Empty;
            switch (verb)
            {
                case "login":
                    return 1; // login PIN
                case "pin":
                    return 2; // pin set [OLD] NEW | pin recover API_KEY NEW
                case "secret":
                    return 3; // secret set NAME VALUE
                case "manager":
                    return sub == "login" ? 2 : sub == "pin" ? 3 : -1; // manager login PIN | manager pin set NEW
            }

            return -1;
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
        /// <c>network up|down</c>, <c>sandbox refund-scenario ORDER KIND M</c>, <c>quit</c>. Every new screen is printed.
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
            string? line;
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
                    case "sandbox":
                        stdout.WriteLine(SandboxLine(rig, rest));
                        break;
                    case "quit":
                        return ExitCodes.Ok;
                    default:
                        stdout.WriteLine("script: unknown line '" + t + "' (key, scan, console, png, wait, screen, network, sandbox, quit)");
                        break;
                }
            }

            return ExitCodes.Ok;
        }

        /// <summary>
        /// Script line <c>sandbox refund-scenario ORDER KIND M</c> (tests): scripts what refunds of
        /// one order do in the built-in sandbox, as POST /sandbox/refund-scenario does
        /// (docs/sandbox.md; KIND a <see cref="RefundScenarioKind"/> name). Answers one line.
        /// </summary>
        public static string SandboxLine(Rig rig, string rest)
        {
            string[] w = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rig.Sandbox == null)
            {
                return "sandbox: not running (--real)";
            }

            if (w.Length == 4 && w[0] == "refund-scenario" && Enum.TryParse(w[2], false, out RefundScenarioKind kind) &&
                Enum.IsDefined(kind) && int.TryParse(w[3], out int m) && m >= 0)
            {
                rig.Sandbox.ScriptRefund(w[1], kind, m);
                return "sandbox: refunds of " + w[1] + " follow " + w[2] + "(" + m + ")";
            }

            return "sandbox: usage 'sandbox refund-scenario ORDER KIND M' (KIND: Normal, SlowAnswer, ... docs/sandbox.md)";
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
                    Action<string>? previous = rig.ConsoleOutput.Forward;
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
