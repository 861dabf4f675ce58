using System;
using System.Collections.Generic;
using System.Text;

namespace Terminal.Simulator.Sim
{
    /// <summary>Which of its two views the interactive simulator shows.</summary>
    public enum SimulatorView
    {
        /// <summary>The terminal's display; keys go to the cashier keypad.</summary>
        Display,

        /// <summary>The technician console, full height with scroll-back; keys go to the console.</summary>
        Console,
    }

    /// <summary>
    /// The interactive simulator's console view, without any I/O: a bounded scroll-back of the
    /// console's output, long lines wrapped to the window's width, the rows visible for a window
    /// height and scroll position, and which view (display or console) is shown. The simulator
    /// draws what <see cref="Render"/> returns; resizes only change the arguments.
    /// </summary>
    public sealed class ConsoleView
    {
        /// <summary>Lines of console output kept (the oldest go first).</summary>
        public const int DefaultCapacity = 1000;

        /// <summary>The key that toggles between the display and the console view (docs/cashier.md, "Simulator keys").</summary>
        public const ConsoleKey ToggleKey = ConsoleKey.Tab;

        public const string Prompt = "console> ";

        public const string Title = "Technician console  Tab=display  PgUp/PgDn/Home/End=scroll  Esc=clear line";

        /// <summary>The narrowest width wrapped to: a window narrower than this is cut, not wrapped to nothing.</summary>
        public const int MinWidth = 20;

        private readonly List<string> lines = new List<string>();
        private readonly int capacity;
        private bool lastLineOpen;
        private bool endedWithCr;
        private int rowsBelow;

        public ConsoleView(int capacity = DefaultCapacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "at least one line");
            }

            this.capacity = capacity;
        }

        public SimulatorView Showing { get; private set; } = SimulatorView.Display;

        /// <summary>Lines kept (an unfinished last line counts).</summary>
        public int LineCount => lines.Count;

        /// <summary>How many wrapped rows the view is scrolled up from the newest output (0: at the bottom).</summary>
        public int RowsBelow => rowsBelow;

        public IReadOnlyList<string> Lines => lines;

        public SimulatorView Toggle()
        {
            Showing = Showing == SimulatorView.Display ? SimulatorView.Console : SimulatorView.Display;
            return Showing;
        }

        public void Show(SimulatorView view) => Showing = view;

        /// <summary>
        /// Console output as it comes (CR LF, LF or CR ends a line; text without a line end is
        /// continued by the next call). New output scrolls the view back to the bottom.
        /// </summary>
        public void Append(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            int from = endedWithCr && text[0] == '\n' ? 1 : 0; // the LF of a CR LF split between two calls
            endedWithCr = text[text.Length - 1] == '\r';
            var current = new StringBuilder();
            if (lastLineOpen)
            {
                current.Append(lines[lines.Count - 1]);
                lines.RemoveAt(lines.Count - 1);
            }

            for (int i = from; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    Add(current.ToString());
                    current.Clear();
                    continue;
                }

                // A tab becomes a space and other control characters a visible '?': nothing the
                // console prints may move the cursor of the window it is drawn in.
                current.Append(c == '\t' ? ' ' : (c < ' ' || c == '\x7f' ? '?' : c));
            }

            lastLineOpen = current.Length > 0;
            if (lastLineOpen)
            {
                Add(current.ToString());
            }

            rowsBelow = 0;
        }

        /// <summary>One whole line (the simulator's own notes, the echo of a typed command).</summary>
        public void AppendLine(string line)
        {
            if (lastLineOpen)
            {
                Append("\n");
            }

            Append((line ?? string.Empty) + "\n");
        }

        private void Add(string line)
        {
            lines.Add(line);
            while (lines.Count > capacity)
            {
                lines.RemoveAt(0);
            }
        }

        /// <summary>
        /// One line as rows of at most <paramref name="width"/> characters: broken after the last
        /// space that leaves the row at least half full, else cut at the width. An empty line is one empty row.
        /// </summary>
        public static List<string> Wrap(string line, int width)
        {
            width = Math.Max(1, width);
            var rows = new List<string>();
            int start = 0;
            while (line.Length - start > width)
            {
                int cut = line.LastIndexOf(' ', start + width, width);
                int next;
                if (cut >= start + width / 2)
                {
                    next = cut + 1; // the space ends the row and is not drawn
                }
                else
                {
                    cut = start + width;
                    next = cut;
                }

                rows.Add(line.Substring(start, cut - start));
                start = next;
            }

            rows.Add(line.Substring(start));
            return rows;
        }

        /// <summary>Every kept line wrapped to <paramref name="width"/>, oldest first.</summary>
        public List<string> WrappedRows(int width)
        {
            var rows = new List<string>();
            foreach (string line in lines)
            {
                rows.AddRange(Wrap(line, width));
            }

            return rows;
        }

        /// <summary>The most the view can scroll up in a window of this size (0 when everything fits).</summary>
        public int MaxRowsBelow(int columns, int height) => Math.Max(0, WrappedRows(WrapWidth(columns)).Count - AreaHeight(height));

        /// <summary>Scrolls up (positive) or down (negative) by rows, kept between the oldest row and the newest.</summary>
        public void Scroll(int rows, int columns, int height)
        {
            rowsBelow = (int)Math.Clamp((long)rowsBelow + rows, 0L, MaxRowsBelow(columns, height));
        }

        /// <summary>One page up (PgUp): the top row stays visible, as the new bottom row.</summary>
        public void PageUp(int columns, int height) => Scroll(Math.Max(1, AreaHeight(height) - 1), columns, height);

        /// <summary>One page down (PgDn): the bottom row stays visible, as the new top row.</summary>
        public void PageDown(int columns, int height) => Scroll(-Math.Max(1, AreaHeight(height) - 1), columns, height);

        public void ScrollToTop(int columns, int height) => rowsBelow = MaxRowsBelow(columns, height);

        public void ScrollToBottom() => rowsBelow = 0;

        /// <summary>
        /// The scroll-back rows the console view shows in a window of <paramref name="columns"/> ×
        /// <paramref name="height"/> at the current scroll position (clamped when the window grew):
        /// the newest at the bottom; while the output is shorter than the area, from the top.
        /// </summary>
        public List<string> Visible(int columns, int height)
        {
            List<string> rows = WrappedRows(WrapWidth(columns));
            int areaRows = AreaHeight(height);
            int below = Math.Min(rowsBelow, Math.Max(0, rows.Count - areaRows));
            int end = rows.Count - below;
            int start = Math.Max(0, end - areaRows);
            return rows.GetRange(start, end - start);
        }

        /// <summary>The newest <paramref name="rows"/> rows at this width, whatever the scroll position (the display view's spare rows).</summary>
        public List<string> Tail(int columns, int rows)
        {
            List<string> all = WrappedRows(WrapWidth(columns));
            int count = Math.Clamp(rows, 0, all.Count);
            return all.GetRange(all.Count - count, count);
        }

        /// <summary>
        /// The whole console view for a window of <paramref name="columns"/> × <paramref name="height"/>:
        /// exactly <paramref name="height"/> rows (at least 3), none reaching the last column (so
        /// no terminal wraps or scrolls): the title (with how far the view is scrolled up), the
        /// scroll-back, and the line being typed (its end, when it is longer than the row).
        /// </summary>
        public string[] Render(int columns, int height, string typed)
        {
            int width = WrapWidth(columns);
            int areaRows = AreaHeight(height);
            var screen = new List<string>(areaRows + 2);
            string title = Title;
            int below = Math.Min(rowsBelow, MaxRowsBelow(columns, height));
            if (below > 0)
            {
                title = "[" + below + " more rows below: End] " + title;
            }

            screen.Add(Clip(title, width));
            screen.AddRange(Visible(columns, height));
            while (screen.Count < areaRows + 1)
            {
                screen.Add(string.Empty);
            }

            string input = Prompt + (typed ?? string.Empty);
            screen.Add(input.Length > width ? input.Substring(input.Length - width) : input);
            return screen.ToArray();
        }

        /// <summary>The text width for a window: one column short of it, so a full row never wraps the terminal's cursor.</summary>
        public static int WrapWidth(int columns) => Math.Max(MinWidth, columns - 1);

        /// <summary>Rows of scroll-back in a window: all but the title and the input line.</summary>
        public static int AreaHeight(int height) => Math.Max(1, height - 2);

        private static string Clip(string s, int width) => s.Length > width ? s.Substring(0, width) : s;
    }
}
