using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Terminal.Core.Receipts;
using Terminal.Core.Ui;

namespace Terminal.Simulator.Sim
{
    /// <summary>One line as a 58 mm printer would print it.</summary>
    public sealed class PaperLine
    {
        public string Text { get; init; } = string.Empty;
        public bool Center { get; init; }
        public bool Bold { get; init; }
    }

    /// <summary>
    /// A 58 mm ESC/POS printer on the PC: decodes the very bytes the terminal sends (the subset
    /// <see cref="EscPos"/> writes: ESC @, FS &amp;, FS ., ESC a, ESC E, ESC d, LF, GS V, ASCII and
    /// GB2312 in Chinese mode, decoded with .NET's GB18030 so the firmware's own table is
    /// checked) into lines, the receipt's text, and a 384-dot paper image drawn with the
    /// display's bitmap fonts (ASCII 5x7 at twice the size in a 12x24 cell, Chinese 16x16 in a
    /// 24x24 cell, as the printer's font A lays them out). Anything else is refused, so a test
    /// catches a stream a printer would misread.
    /// </summary>
    public sealed class EscPosPaper
    {
        public const int Dots = 384;
        public const int CellWidth = 12;
        public const int LineHeight = 24;

        private static readonly Encoding Gb = Gb18030();

        public List<PaperLine> Lines { get; } = new List<PaperLine>();

        /// <summary>Lines fed by ESC d after the text.</summary>
        public int FedLines { get; private set; }

        public bool Cut { get; private set; }

        public static EscPosPaper Decode(byte[] data)
        {
            var paper = new EscPosPaper();
            bool chinese = false;
            bool center = false;
            bool bold = false;
            var line = new List<byte>();
            int i = 0;
            while (i < data.Length)
            {
                byte b = data[i];
                if (b == EscPos.Esc)
                {
                    Need(data, i, 2);
                    byte c = data[i + 1];
                    if (c == (byte)'@')
                    {
                        chinese = false; center = false; bold = false;
                        i += 2;
                        continue;
                    }

                    Need(data, i, 3);
                    byte n = data[i + 2];
                    switch ((char)c)
                    {
                        case 'a': center = n == 1; break;
                        case 'E': bold = n != 0; break;
                        case 'd': paper.FedLines += n; break;
                        default: throw new InvalidDataException($"ESC 0x{c:X2} at byte {i} is not a command the terminal sends");
                    }

                    i += 3;
                    continue;
                }

                if (b == EscPos.Fs)
                {
                    Need(data, i, 2);
                    chinese = data[i + 1] == (byte)'&' ? true : data[i + 1] == (byte)'.' ? false : throw new InvalidDataException($"FS 0x{data[i + 1]:X2} at byte {i}");
                    i += 2;
                    continue;
                }

                if (b == EscPos.Gs)
                {
                    Need(data, i, 4);
                    if (data[i + 1] != (byte)'V' || data[i + 2] != 66)
                    {
                        throw new InvalidDataException($"GS 0x{data[i + 1]:X2} at byte {i} is not the cut GS V 66 n");
                    }

                    paper.Cut = true;
                    i += 4;
                    continue;
                }

                if (b == EscPos.Lf)
                {
                    paper.Lines.Add(new PaperLine { Text = Text(line, chinese), Center = center, Bold = bold });
                    line.Clear();
                    i++;
                    continue;
                }

                if (b < 0x20 || b == 0x7F)
                {
                    throw new InvalidDataException($"control byte 0x{b:X2} at byte {i}");
                }

                if (b >= 0x80)
                {
                    if (!chinese)
                    {
                        throw new InvalidDataException($"byte 0x{b:X2} at {i} outside Chinese mode (FS & missing)");
                    }

                    Need(data, i, 2);
                    line.Add(b);
                    line.Add(data[i + 1]);
                    i += 2;
                    continue;
                }

                line.Add(b);
                i++;
            }

            if (line.Count > 0)
            {
                throw new InvalidDataException("text after the last line feed is never printed");
            }

            return paper;
        }

        /// <summary>The printed text: centred lines padded to the middle of 32 columns, '\n' after each (as Receipt.ToText).</summary>
        public string ToText()
        {
            var s = new StringBuilder();
            foreach (PaperLine l in Lines)
            {
                if (l.Center)
                {
                    s.Append(' ', Math.Max(0, (Receipt.Columns - Receipt.Width(l.Text)) / 2));
                }

                s.Append(l.Text).Append('\n');
            }

            return s.ToString();
        }

        /// <summary>The paper as a 384-dot-wide 1-bit image (true = black), one 24-dot row per line plus the feed and margins.</summary>
        public bool[,] Raster()
        {
            const int margin = 12;
            int height = margin * 2 + (Lines.Count + FedLines) * LineHeight + (Cut ? 4 : 0);
            var dots = new bool[height, Dots];
            int y = margin;
            foreach (PaperLine l in Lines)
            {
                int x = l.Center ? Math.Max(0, (Receipt.Columns - Receipt.Width(l.Text)) / 2) * CellWidth : 0;
                foreach (char c in l.Text)
                {
                    int w = Receipt.Width(c) * CellWidth;
                    if (x + w > Dots)
                    {
                        break;
                    }

                    DrawChar(dots, x, y, c, l.Bold);
                    x += w;
                }

                y += LineHeight;
            }

            if (Cut)
            {
                for (int x = 0; x < Dots; x += 8)
                {
                    for (int k = 0; k < 4; k++)
                    {
                        dots[height - 2, x + k] = true;
                    }
                }
            }

            return dots;
        }

        /// <summary>The paper image as a PNG (8-bit RGB, white paper, black dots).</summary>
        public byte[] ToPng()
        {
            bool[,] dots = Raster();
            int height = dots.GetLength(0);
            int width = dots.GetLength(1);
            byte[] raw = new byte[height * (1 + width * 3)];
            for (int y = 0; y < height; y++)
            {
                int row = y * (1 + width * 3);
                for (int x = 0; x < width; x++)
                {
                    byte v = dots[y, x] ? (byte)0x10 : (byte)0xFA;
                    raw[row + 1 + x * 3] = v;
                    raw[row + 2 + x * 3] = v;
                    raw[row + 3 + x * 3] = v;
                }
            }

            return Png.Encode(width, height, raw);
        }

        private static void DrawChar(bool[,] dots, int x, int y, char c, bool bold)
        {
            if (c >= 0x20 && c < 0x7F)
            {
                // 5x7 glyph at twice the size: 10x14 in the 12x24 cell, on the baseline.
                int g = (c - 32) * 5;
                for (int col = 0; col < 5; col++)
                {
                    int bits = Fonts.Small[g + col];
                    for (int r = 0; r < 8; r++)
                    {
                        if ((bits & (1 << r)) != 0)
                        {
                            Block(dots, x + 1 + col * 2, y + 5 + r * 2, 2, bold);
                        }
                    }
                }

                return;
            }

            int k = Renderer.FindCjk(c);
            if (k < 0)
            {
                for (int d = 0; d < 16; d++)
                {
                    Block(dots, x + 4 + d, y + 4, 1, false);
                    Block(dots, x + 4 + d, y + 19, 1, false);
                    Block(dots, x + 4, y + 4 + d, 1, false);
                    Block(dots, x + 19, y + 4 + d, 1, false);
                }

                return;
            }

            for (int r = 0; r < 16; r++)
            {
                int bits = Fonts.Cjk[k * 32 + r * 2] << 8 | Fonts.Cjk[k * 32 + r * 2 + 1];
                for (int col = 0; col < 16; col++)
                {
                    if ((bits & (0x8000 >> col)) != 0)
                    {
                        Block(dots, x + 4 + col, y + 4 + r, 1, bold);
                    }
                }
            }
        }

        private static void Block(bool[,] dots, int x, int y, int size, bool bold)
        {
            for (int dy = 0; dy < size; dy++)
            {
                for (int dx = 0; dx < size + (bold ? 1 : 0); dx++)
                {
                    int px = x + dx;
                    int py = y + dy;
                    if (py >= 0 && py < dots.GetLength(0) && px >= 0 && px < dots.GetLength(1))
                    {
                        dots[py, px] = true;
                    }
                }
            }
        }

        private static string Text(List<byte> bytes, bool chinese)
        {
            byte[] a = bytes.ToArray();
            return chinese ? Gb.GetString(a) : Encoding.ASCII.GetString(a);
        }

        private static void Need(byte[] data, int at, int count)
        {
            if (at + count > data.Length)
            {
                throw new InvalidDataException($"command at byte {at} is cut short");
            }
        }

        private static Encoding Gb18030()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
    }

    /// <summary>
    /// The simulator's receipt printer: each receipt's ESC/POS bytes are decoded (<see cref="EscPosPaper"/>)
    /// and written under the data folder as receipts/receipt-NNN.txt and .png (and the raw .bin);
    /// <see cref="Printed"/> says where, so the simulator can print the path.
    /// </summary>
    public sealed class SimReceiptPrinter : IReceiptPrinter
    {
        private readonly string folder;
        private int count;

        public SimReceiptPrinter(string folder)
        {
            this.folder = folder;
        }

        public string Note { get; private set; } = string.Empty;

        /// <summary>When true every send fails (the printer is switched off).</summary>
        public bool Off { get; set; }

        /// <summary>Called with the text file's path after each receipt.</summary>
        public Action<string>? Printed { get; set; }

        /// <summary>The path of the newest receipt's text file (its .png beside it), or null.</summary>
        public string? LastTextPath { get; private set; }

        public bool Send(byte[] data, int timeoutMs)
        {
            if (Off)
            {
                Note = "the simulated printer is off";
                return false;
            }

            try
            {
                EscPosPaper paper = EscPosPaper.Decode(data);
                Directory.CreateDirectory(folder);
                int n = System.Threading.Interlocked.Increment(ref count);
                string stem = Path.Combine(folder, "receipt-" + n.ToString("D3"));
                File.WriteAllBytes(stem + ".bin", data);
                File.WriteAllText(stem + ".txt", paper.ToText(), new UTF8Encoding(false));
                File.WriteAllBytes(stem + ".png", paper.ToPng());
                LastTextPath = stem + ".txt";
                Note = "printed to " + stem + ".txt and .png";
                Printed?.Invoke(stem + ".txt");
                return true;
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Note = e.Message;
                return false;
            }
        }
    }
}
