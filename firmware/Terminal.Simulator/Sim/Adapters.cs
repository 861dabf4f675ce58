using System.Collections.Generic;
using System.Text;
using System.Threading;
using System;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Core.Technician;
using Terminal.Core.Ui;

namespace Terminal.Simulator.Sim
{
    /// <summary>The simulator's display: keeps the last frame and every screen shown (tests and PNGs), and tells a listener.</summary>
    public sealed class SimDisplay : IDisplay
    {
        private readonly object gate = new object();
        private readonly List<string> history = new List<string>();
        private readonly List<ScreenId> ids = new List<ScreenId>();
        private byte[] frame = new byte[1024];

        /// <summary>Called after each frame (the ANSI renderer).</summary>
        public Action<Screen, byte[]>? Shown { get; set; }

        public void Show(Screen screen, byte[] pageBytes)
        {
            lock (gate)
            {
                frame = (byte[])pageBytes.Clone();
                string text = screen.ToText();
                if (history.Count == 0 || history[history.Count - 1] != text)
                {
                    history.Add(text);
                    if (ids.Count == 0 || ids[ids.Count - 1] != screen.Id)
                    {
                        ids.Add(screen.Id);
                    }
                }
            }

            Shown?.Invoke(screen, pageBytes);
        }

        public byte[] Frame
        {
            get
            {
                lock (gate)
                {
                    return (byte[])frame.Clone();
                }
            }
        }

        /// <summary>Every distinct screen text shown, in order.</summary>
        public IReadOnlyList<string> History
        {
            get
            {
                lock (gate)
                {
                    return history.ToArray();
                }
            }
        }

        /// <summary>The sequence of screens (consecutive repeats collapsed).</summary>
        public IReadOnlyList<ScreenId> Screens
        {
            get
            {
                lock (gate)
                {
                    return ids.ToArray();
                }
            }
        }

        public void ClearHistory()
        {
            lock (gate)
            {
                history.Clear();
                ids.Clear();
            }
        }

        /// <summary>
        /// The framebuffer as terminal text for a terminal of the given size: half blocks (1×2
        /// pixels per character, 130×34) when it fits, otherwise Braille cells (2×4 pixels per
        /// character, 66×18), which fit a classic 80×24 terminal.
        /// </summary>
        public static string ToTerminalText(byte[] page, int columns, int rows)
        {
            return columns >= Framebuffer.Width + 2 && rows >= 40 ? ToAnsiBlock(page) : ToBraille(page);
        }

        /// <summary>The framebuffer as Braille text: 2×4 pixels per character (U+2800 block).</summary>
        public static string ToBraille(byte[] page)
        {
            // Dot bits of a Braille cell, by (column, row) inside the 2×4 cell.
            int[,] dots = { { 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 } };
            var sb = new StringBuilder();
            sb.Append('+').Append('-', Framebuffer.Width / 2).Append("+\n");
            for (int y = 0; y < Framebuffer.Height; y += 4)
            {
                sb.Append('|');
                for (int x = 0; x < Framebuffer.Width; x += 2)
                {
                    int cell = 0;
                    for (int dx = 0; dx < 2; dx++)
                    {
                        for (int dy = 0; dy < 4; dy++)
                        {
                            int px = x + dx;
                            int py = y + dy;
                            if ((page[(py >> 3) * Framebuffer.Width + px] & (1 << (py & 7))) != 0)
                            {
                                cell |= dots[dx, dy];
                            }
                        }
                    }

                    sb.Append((char)(0x2800 + cell));
                }

                sb.Append("|\n");
            }

            sb.Append('+').Append('-', Framebuffer.Width / 2).Append("+\n");
            return sb.ToString();
        }

        /// <summary>The framebuffer as terminal text: two pixel rows per character (▀ ▄ █).</summary>
        public static string ToAnsiBlock(byte[] page)
        {
            var sb = new StringBuilder();
            sb.Append('+').Append('-', Framebuffer.Width).Append("+\n");
            for (int y = 0; y < Framebuffer.Height; y += 2)
            {
                sb.Append('|');
                for (int x = 0; x < Framebuffer.Width; x++)
                {
                    bool top = (page[(y >> 3) * Framebuffer.Width + x] & (1 << (y & 7))) != 0;
                    bool bottom = (page[((y + 1) >> 3) * Framebuffer.Width + x] & (1 << ((y + 1) & 7))) != 0;
                    sb.Append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
                }

                sb.Append("|\n");
            }

            sb.Append('+').Append('-', Framebuffer.Width).Append("+\n");
            return sb.ToString();
        }
    }

    /// <summary>Console output collected in memory (tests) and optionally forwarded.</summary>
    public sealed class SimConsoleOutput : IConsoleOutput
    {
        private readonly StringBuilder text = new StringBuilder();
        private readonly object gate = new object();

        public Action<string>? Forward { get; set; }

        public void Write(string value)
        {
            lock (gate)
            {
                text.Append(value);
            }

            Forward?.Invoke(value);
        }

        public string Text
        {
            get
            {
                lock (gate)
                {
                    return text.ToString();
                }
            }
        }

        /// <summary>Returns what was written since the last call.</summary>
        public string Take()
        {
            lock (gate)
            {
                string s = text.ToString();
                text.Clear();
                return s;
            }
        }
    }

    public sealed class SimNetwork : INetworkStatus
    {
        public bool IsUp { get; set; } = true;

        public string Detail { get; set; } = "simulated network, loopback";

        public string Describe() => IsUp ? Detail : "down (simulated outage)";
    }

    public sealed class SimFeedback : IFeedback
    {
        public List<Tone> Tones { get; } = new List<Tone>();

        public Led Led { get; private set; }

        /// <summary>Ring the terminal bell on errors (interactive mode).</summary>
        public bool Bell { get; set; }

        public void Beep(Tone tone)
        {
            lock (Tones)
            {
                Tones.Add(tone);
            }

            if (Bell && (tone == Tone.Error || tone == Tone.Alert))
            {
                Console.Write('\a');
            }
        }

        public void SetLed(Led state) => Led = state;
    }

    public sealed class SimSystem : ISystemControl
    {
        public string FirmwareVersion => "simulator " + typeof(SimSystem).Assembly.GetName().Version;

        public long FreeMemory => -1;

        public Action? OnReboot { get; set; }

        public int Reboots { get; private set; }

        public void Reboot()
        {
            Reboots++;
            OnReboot?.Invoke();
        }

        public bool SetTime(DateTime utc) => false;
    }

    /// <summary>
    /// Opens connections through another connector, each one <see cref="DelayMs"/> later (an
    /// ESP32's TLS handshake takes seconds): the simulator's way to show what a sale waits for.
    /// </summary>
    public sealed class DelayedConnector : IConnector
    {
        private readonly IConnector inner;
        private int opens;

        public DelayedConnector(IConnector inner, int delayMs)
        {
            this.inner = inner;
            DelayMs = delayMs;
        }

        public int DelayMs { get; set; }

        /// <summary>Connections opened (handshakes).</summary>
        public int Opens => Volatile.Read(ref opens);

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
        {
            if (DelayMs > 0)
            {
                Thread.Sleep(DelayMs);
            }

            IConnection connection = inner.Open(host, port, presentClientCertificate, connectTimeoutMs, readTimeoutMs);
            Interlocked.Increment(ref opens);
            return connection;
        }
    }
}
