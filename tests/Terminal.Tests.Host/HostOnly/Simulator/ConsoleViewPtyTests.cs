using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Terminal.Core.Technician;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// The interactive simulator as a technician sees it (issue 13 item 6): the real program in a
    /// pseudo-terminal of 80×24 (util-linux `script`, which every Debian has), its output read
    /// by a <see cref="VirtualTerminal"/> of the same size. The toggle key opens the console view,
    /// `help` is typed, and every line of the help must be reachable on the screen by scrolling;
    /// then the window is resized, and the display view takes the cashier's keys again. Real
    /// time, real TLS to the built-in sandbox: about 10-30 s.
    /// </summary>
    public sealed class ConsoleViewPtyTests : IDisposable
    {
        private const string PageUp = "\u001b[5~";
        private const string PageDown = "\u001b[6~";
        private static readonly TimeSpan Start = TimeSpan.FromSeconds(180);
        private static readonly TimeSpan Answer = TimeSpan.FromSeconds(20);

        private readonly string data = Path.Combine(Path.GetTempPath(), "terminal-pty-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public void At_80x24_the_toggle_key_opens_the_console_and_the_whole_help_is_reachable_by_scrolling()
        {
            using var sim = PtySimulator.Start(data, 80, 24);
            sim.WaitFor(s => s.Text.Contains("Tab: console view", StringComparison.Ordinal), Start, "the display view");
            // The display view fits 80×24 exactly: nothing scrolled off since it was drawn.
            Assert.Equal(0, sim.Screen(s => s.ScrolledSinceErase));
            string cashierScreen = sim.Screen(s => s.Lines[18]);
            Assert.StartsWith("net up", sim.Screen(s => s.Lines[19]));

            sim.Send("\t");
            sim.WaitFor(s => s.Lines[0].StartsWith("Technician console", StringComparison.Ordinal), Answer, "the console view");
            sim.Send("help\r");
            string lastUsage = TechConsole.Usages(true).Last();
            sim.WaitFor(s => s.Lines.Any(l => l.Contains(lastUsage, StringComparison.Ordinal)) && s.Lines.Contains("ok"), Answer, "the end of the help");
            string[] bottom = sim.Screen(s => s.Lines);
            Assert.Equal(24, bottom.Length);
            Assert.Equal("console>", bottom[23].TrimEnd());
            Assert.DoesNotContain(bottom, l => l.StartsWith("Terminal technician console", StringComparison.Ordinal)); // too long for one screen
            Assert.Equal(0, sim.Screen(s => s.ScrolledSinceErase));

            // Page up until the command's echo is on the screen; collect every row seen.
            var seen = new HashSet<string>(bottom);
            string[] page = bottom;
            for (int i = 0; i < 10 && !page.Contains("console> help"); i++)
            {
                string before = string.Join("\n", page);
                sim.Send(PageUp);
                page = sim.WaitFor(s => s.Text != before, Answer, "page up " + (i + 1));
                seen.UnionWith(page);
            }

            Assert.Contains("console> help", page);
            Assert.StartsWith("[", page[0]); // "[N more rows below: End]"
            Assert.Contains(seen, l => l.StartsWith("Terminal technician console (docs/console.md).", StringComparison.Ordinal));
            foreach (string usage in TechConsole.Usages(false).Concat(TechConsole.Usages(true)))
            {
                Assert.True(seen.Any(l => l.StartsWith("  " + usage + " ", StringComparison.Ordinal)), "help line of '" + usage + "' never on the screen; seen:\n" + string.Join("\n", seen));
            }

            Assert.Contains("ok", seen);

            // New output snaps back to the bottom; what is typed shows on the last row.
            sim.Send("status");
            sim.WaitFor(s => s.Lines[23].TrimEnd() == "console> status", Answer, "the typed line");
            sim.Send("\r");
            sim.WaitFor(s => s.Lines.Any(l => l.StartsWith("uptime:", StringComparison.Ordinal)) && !s.Lines[0].StartsWith("[", StringComparison.Ordinal), Answer, "status at the bottom");

            // A PIN typed shows as stars only, on the screen and in the echo.
            sim.Send("login 975318\r");
            sim.WaitFor(s => s.Lines.Contains("console> login ******"), Answer, "the masked echo");
            Assert.DoesNotContain("975318", sim.Screen(s => s.Text));

            // Larger window: the console view uses its full height.
            sim.Resize(100, 30);
            sim.WaitFor(s => s.Lines[29].StartsWith("console>", StringComparison.Ordinal) && s.Lines[0].StartsWith("Technician console", StringComparison.Ordinal), Answer, "the console view at 100×30");
            sim.Resize(80, 24);
            sim.WaitFor(s => s.Lines[23].StartsWith("console>", StringComparison.Ordinal), Answer, "the console view at 80×24 again");

            // Back to the display: the console's typing never reached the keypad; keys now do.
            sim.Send("\t");
            sim.WaitFor(s => s.Text.Contains("Tab: console view", StringComparison.Ordinal), Answer, "the display view again");
            Assert.Equal(cashierScreen, sim.Screen(s => s.Lines[18]));
            sim.Send("7");
            sim.WaitFor(s => s.Lines[18] != cashierScreen && s.Lines[18].Contains('7', StringComparison.Ordinal), Answer, "the amount keyed");
            Assert.Equal(0, sim.Screen(s => s.ScrolledSinceErase));
            sim.Send("q");
            Assert.Equal(0, sim.WaitForExit(Answer));
        }

        /// <summary>`terminal simulate` in a pseudo-terminal made by util-linux `script`, its screen emulated.</summary>
        internal sealed class PtySimulator : IDisposable
        {
            private readonly Process process;
            private readonly VirtualTerminal screen;
            private readonly string ttyFile;
            private readonly Thread reader;
            private readonly StringBuilder raw = new StringBuilder();

            private PtySimulator(Process process, VirtualTerminal screen, string ttyFile)
            {
                this.process = process;
                this.screen = screen;
                this.ttyFile = ttyFile;
                reader = new Thread(Read) { IsBackground = true };
            }

            public static PtySimulator Start(string data, int columns, int rows)
            {
                Directory.CreateDirectory(data);
                string ttyFile = Path.Combine(data, "tty");
                string program = Path.Combine(AppContext.BaseDirectory, "terminal.dll");
                var info = new ProcessStartInfo("script")
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                info.ArgumentList.Add("-q");
                info.ArgumentList.Add("-e");
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add("tty > " + Quote(ttyFile) + " && stty rows " + rows + " cols " + columns +
                    " && exec dotnet " + Quote(program) + " simulate --data " + Quote(data));
                info.ArgumentList.Add("/dev/null");
                info.Environment["TERM"] = "xterm";
                var sim = new PtySimulator(new Process { StartInfo = info }, new VirtualTerminal(columns, rows), ttyFile);
                try
                {
                    sim.process.Start();
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    throw new InvalidOperationException("util-linux 'script' is needed to run the simulator in a pseudo-terminal", e);
                }

                sim.reader.Start();
                return sim;
            }

            private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

            private void Read()
            {
                var decoder = Encoding.UTF8.GetDecoder();
                var bytes = new byte[4096];
                var chars = new char[4096];
                Stream output = process.StandardOutput.BaseStream;
                int n;
                while ((n = output.Read(bytes, 0, bytes.Length)) > 0)
                {
                    int count = decoder.GetChars(bytes, 0, n, chars, 0);
                    lock (screen)
                    {
                        screen.Feed(new string(chars, 0, count));
                        raw.Append(chars, 0, count);
                        Monitor.PulseAll(screen);
                    }
                }

                lock (screen)
                {
                    Monitor.PulseAll(screen);
                }
            }

            private T Frame<T>(Func<VirtualTerminal, T> read)
            {
                T result = default;
                WaitFor(s =>
                {
                    result = read(s);
                    return true;
                }, Answer, "a whole frame");
                return result;
            }

            /// <summary>Waits until a whole frame on the screen shows what <paramref name="shows"/> looks for; returns its rows then.</summary>
            public string[] WaitFor(Func<VirtualTerminal, bool> shows, TimeSpan timeout, string what)
            {
                DateTime until = DateTime.UtcNow + timeout;
                lock (screen)
                {
                    while (!(screen.AtFrameEnd && shows(screen)))
                    {
                        TimeSpan left = until - DateTime.UtcNow;
                        if (left <= TimeSpan.Zero || (process.HasExited && !reader.IsAlive))
                        {
                            string tail = raw.ToString(Math.Max(0, raw.Length - 300), Math.Min(300, raw.Length)).Replace("\u001b", "\\e");
                            Assert.Fail("the screen never showed " + what + "; it shows:\n" + screen.Text + "\n-- last output: " + tail +
                                "\n-- stderr: " + (process.HasExited ? process.StandardError.ReadToEnd() : "(running)"));
                        }

                        Monitor.Wait(screen, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
                    }

                    return screen.Lines;
                }
            }

            /// <summary>The screen now, or as soon as its frame is whole.</summary>
            public T Screen<T>(Func<VirtualTerminal, T> read) => Frame(read);

            public void Send(string keys)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(keys);
                process.StandardInput.BaseStream.Write(bytes, 0, bytes.Length);
                process.StandardInput.BaseStream.Flush();
            }

            /// <summary>The window is resized: the pseudo-terminal's size changes (the program gets SIGWINCH), and so does the emulated screen.</summary>
            public void Resize(int columns, int rows)
            {
                string tty = File.ReadAllText(ttyFile).Trim();
                lock (screen)
                {
                    screen.Resize(columns, rows);
                }

                using var stty = Process.Start(new ProcessStartInfo("stty")
                {
                    ArgumentList = { "-F", tty, "rows", rows.ToString(), "cols", columns.ToString() },
                    UseShellExecute = false,
                });
                stty.WaitForExit();
                Assert.Equal(0, stty.ExitCode);
            }

            public int WaitForExit(TimeSpan timeout)
            {
                if (!process.WaitForExit((int)timeout.TotalMilliseconds))
                {
                    Assert.Fail("the simulator did not quit; the screen:\n" + Screen(s => s.Text));
                }

                process.WaitForExit();
                return process.ExitCode;
            }

            public void Dispose()
            {
                if (!process.HasExited)
                {
                    process.Kill(true);
                    process.WaitForExit();
                }

                process.Dispose();
            }
        }
    }
}
