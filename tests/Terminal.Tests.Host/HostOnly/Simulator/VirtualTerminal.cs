using System;
using System.Linq;
using System.Text;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// A small VT100/xterm screen for tests: what a terminal emulator of a given size would show
    /// after a program's output. It knows what the simulator and .NET's console write (text,
    /// CR, LF, BS, TAB, cursor positioning, erase in line / display, deferred autowrap, scrolling at
    /// the bottom row) and skips every other escape sequence. One UTF-16 character is one cell.
    /// </summary>
    internal sealed class VirtualTerminal
    {
        private char[][] cells;
        private int row;
        private int col;
        private bool wrapPending;
        private State state;
        private readonly StringBuilder sequence = new StringBuilder();

        public VirtualTerminal(int columns, int rows)
        {
            Columns = columns;
            Rows = rows;
            cells = Blank(columns, rows);
        }

        private enum State
        {
            Text,
            Escape,
            Csi,
            Osc,
            OscEscape,
            Charset,
        }

        public int Columns { get; private set; }

        public int Rows { get; private set; }

        /// <summary>Lines scrolled off the top since the screen was last erased whole (ESC [2J).</summary>
        public int ScrolledSinceErase { get; private set; }

        /// <summary>
        /// Nothing was drawn since the last erase to the end of the screen (ESC [J; modes, cursor
        /// moves may follow): the simulator ends every redraw with it, so the screen is a whole
        /// frame, not one half drawn.
        /// </summary>
        public bool AtFrameEnd { get; private set; }

        /// <summary>The screen's rows, trailing blanks removed.</summary>
        public string[] Lines => cells.Select(r => new string(r).TrimEnd()).ToArray();

        public string Text => string.Join("\n", Lines);

        /// <summary>The window was resized: the content stays at the top left, cut or padded (as xterm without reflow).</summary>
        public void Resize(int columns, int rows)
        {
            char[][] resized = Blank(columns, rows);
            for (int r = 0; r < Math.Min(rows, Rows); r++)
            {
                Array.Copy(cells[r], resized[r], Math.Min(columns, Columns));
            }

            cells = resized;
            Columns = columns;
            Rows = rows;
            row = Math.Min(row, rows - 1);
            col = Math.Min(col, columns - 1);
            wrapPending = false;
        }

        public void Feed(string text)
        {
            foreach (char c in text)
            {
                Feed(c);
            }
        }

        private void Feed(char c)
        {
            switch (state)
            {
                case State.Escape:
                    state = c == '[' ? State.Csi : c == ']' ? State.Osc : c == '(' || c == ')' || c == '#' ? State.Charset : State.Text;
                    sequence.Clear();
                    return;
                case State.Charset:
                    state = State.Text;
                    return;
                case State.Osc:
                    state = c == '\a' ? State.Text : c == '\x1b' ? State.OscEscape : State.Osc;
                    return;
                case State.OscEscape:
                    state = State.Text;
                    return;
                case State.Csi:
                    if (c >= '@' && c <= '~')
                    {
                        state = State.Text;
                        Csi(sequence.ToString(), c);
                    }
                    else
                    {
                        sequence.Append(c);
                    }

                    return;
            }

            switch (c)
            {
                case '\x1b':
                    state = State.Escape;
                    return;
                case '\r':
                    col = 0;
                    wrapPending = false;
                    return;
                case '\n':
                    LineFeed();
                    return;
                case '\b':
                    col = Math.Max(0, col - 1);
                    wrapPending = false;
                    return;
                case '\t':
                    col = Math.Min(Columns - 1, (col / 8 + 1) * 8);
                    return;
            }

            if (c < ' ' || c == '\x7f')
            {
                return;
            }

            if (wrapPending)
            {
                col = 0;
                LineFeed();
            }

            AtFrameEnd = false;
            cells[row][col] = c;
            if (col == Columns - 1)
            {
                wrapPending = true;
            }
            else
            {
                col++;
            }
        }

        private void LineFeed()
        {
            wrapPending = false;
            if (row < Rows - 1)
            {
                row++;
                return;
            }

            AtFrameEnd = false;
            Array.Copy(cells, 1, cells, 0, Rows - 1);
            cells[Rows - 1] = new string(' ', Columns).ToCharArray();
            ScrolledSinceErase++;
        }

        private void Csi(string parameters, char final)
        {
            if (parameters.StartsWith('?') || parameters.StartsWith('>') || parameters.StartsWith('='))
            {
                return; // modes and queries: nothing on the screen
            }

            string[] p = parameters.Split(';');
            int Arg(int i, int fallback) => i < p.Length && int.TryParse(p[i], out int v) && v > 0 ? v : fallback;
            int Mode() => p.Length > 0 && int.TryParse(p[0], out int v) ? v : 0;
            wrapPending = false;
            switch (final)
            {
                case 'H':
                case 'f':
                    row = Math.Clamp(Arg(0, 1) - 1, 0, Rows - 1);
                    col = Math.Clamp(Arg(1, 1) - 1, 0, Columns - 1);
                    break;
                case 'A':
                    row = Math.Max(0, row - Arg(0, 1));
                    break;
                case 'B':
                    row = Math.Min(Rows - 1, row + Arg(0, 1));
                    break;
                case 'C':
                    col = Math.Min(Columns - 1, col + Arg(0, 1));
                    break;
                case 'D':
                    col = Math.Max(0, col - Arg(0, 1));
                    break;
                case 'G':
                    col = Math.Clamp(Arg(0, 1) - 1, 0, Columns - 1);
                    break;
                case 'd':
                    row = Math.Clamp(Arg(0, 1) - 1, 0, Rows - 1);
                    break;
                case 'K':
                    AtFrameEnd = false;
                    int mode = Mode();
                    for (int x = 0; x < Columns; x++)
                    {
                        if (mode == 2 || (mode == 0 && x >= col) || (mode == 1 && x <= col))
                        {
                            cells[row][x] = ' ';
                        }
                    }

                    break;
                case 'J':
                    int erase = Mode();
                    for (int y = 0; y < Rows; y++)
                    {
                        for (int x = 0; x < Columns; x++)
                        {
                            bool after = y > row || (y == row && x >= col);
                            if (erase >= 2 || (erase == 0 && after) || (erase == 1 && !after))
                            {
                                cells[y][x] = ' ';
                            }
                        }
                    }

                    if (erase >= 2)
                    {
                        ScrolledSinceErase = 0;
                    }

                    AtFrameEnd = erase == 0;
                    break;
            }
        }

        private static char[][] Blank(int columns, int rows)
        {
            var blank = new char[rows][];
            for (int r = 0; r < rows; r++)
            {
                blank[r] = new string(' ', columns).ToCharArray();
            }

            return blank;
        }
    }
}
