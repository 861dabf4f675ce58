using System;
using System.Linq;
using System.Text;
using Terminal.Simulator.Sim;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// The interactive simulator's console view without a terminal (issue 13 item 6): scroll-back,
    /// wrapping, the rows visible for a window size and scroll position, toggling, and the
    /// masking of secrets in what is typed and echoed.
    /// </summary>
    public sealed class ConsoleViewTests
    {
        private static ConsoleView WithLines(int count, int capacity = ConsoleView.DefaultCapacity)
        {
            var view = new ConsoleView(capacity);
            for (int i = 0; i < count; i++)
            {
                view.Append("L" + i + "\r\n");
            }

            return view;
        }

        [Theory]
        [InlineData("", 10, "")]
        [InlineData("abc", 10, "abc")]
        [InlineData("abcdefghij", 10, "abcdefghij")]                      // exactly the width: one row
        [InlineData("abcdefghijk", 10, "abcdefghij|k")]                   // one more: cut
        [InlineData("hello world again", 10, "hello|world|again")]        // at spaces, the space not drawn
        [InlineData("aaaa bbbbb cc", 10, "aaaa bbbbb|cc")]                // a space just past the width
        [InlineData("a bcdefghijklmnop", 10, "a bcdefghi|jklmnop")]       // a space too early: cut, not a row of one letter
        [InlineData("abcdefghijklmnopqrstuvwxy", 10, "abcdefghij|klmnopqrst|uvwxy")]
        [InlineData("ab", 1, "a|b")]
        public void Long_lines_wrap_to_the_width(string line, int width, string expected)
        {
            Assert.Equal(expected, string.Join("|", ConsoleView.Wrap(line, width)));
            Assert.All(ConsoleView.Wrap(line, width), row => Assert.True(row.Length <= width));
        }

        [Theory]
        [InlineData("a\r\nb\r\n", "a|b")]
        [InlineData("par|tial\r\n", "partial")]                            // a line in two pieces
        [InlineData("a\r|\nb\r\n", "a|b")]                                 // CR LF split between two pieces
        [InlineData("a\n\nb\n", "a||b")]                                   // an empty line stays
        [InlineData("a\rb\r", "a|b")]
        [InlineData("x\ty\u0007\u001b[2J\n", "x y??[2J")]                   // nothing may move the window's cursor
        [InlineData("open", "open")]
        public void Output_pieces_become_lines(string pieces, string expected)
        {
            var view = new ConsoleView();
            foreach (string piece in pieces.Split('|'))
            {
                view.Append(piece);
            }

            Assert.Equal(expected, string.Join("|", view.Lines));
        }

        [Theory]
        [InlineData(5, 3, "L2|L3|L4")]
        [InlineData(3, 3, "L0|L1|L2")]
        [InlineData(1500, 1000, "L500")]                                   // the default bound: the oldest go
        public void The_scroll_back_is_bounded(int appended, int capacity, string expectedStart)
        {
            ConsoleView view = WithLines(appended, capacity);
            Assert.Equal(Math.Min(appended, capacity), view.LineCount);
            Assert.Equal(expectedStart, string.Join("|", view.Lines.Take(expectedStart.Split('|').Length)));
            Assert.Equal("L" + (appended - 1), view.Lines[view.LineCount - 1]);
        }

        [Theory]
        // 10 lines; a window of `height` rows has height - 2 rows of scroll-back (title, input line).
        [InlineData(12, 0, "L0", "L9")]     // everything fits
        [InlineData(20, 5, "L0", "L9")]     // fits: scrolling does nothing
        [InlineData(7, 0, "L5", "L9")]      // the newest at the bottom
        [InlineData(7, 2, "L3", "L7")]
        [InlineData(7, 5, "L0", "L4")]      // the oldest
        [InlineData(7, 99, "L0", "L4")]     // clamped at the oldest
        [InlineData(7, -3, "L5", "L9")]     // clamped at the newest
        [InlineData(3, 4, "L5", "L5")]      // one row of scroll-back
        public void The_visible_rows_follow_height_and_scroll_position(int height, int scrollUp, string first, string last)
        {
            ConsoleView view = WithLines(10);
            view.Scroll(scrollUp, 80, height);
            var visible = view.Visible(80, height);
            Assert.Equal(first, visible.First());
            Assert.Equal(last, visible.Last());
            Assert.Equal(Math.Min(10, ConsoleView.AreaHeight(height)), visible.Count);
        }

        [Theory]
        [InlineData(80, 24)]
        [InlineData(80, 25)]
        [InlineData(132, 43)]
        [InlineData(20, 3)]
        [InlineData(12, 5)]                 // narrower than MinWidth: cut to the window by the drawing
        public void The_view_fills_the_window_exactly_and_never_reaches_the_last_column(int columns, int height)
        {
            ConsoleView view = WithLines(100);
            view.Append(new string('x', 300) + "\n");
            foreach (int scroll in new[] { 0, 7, 1000 })
            {
                view.ScrollToBottom();
                view.Scroll(scroll, columns, height);
                string[] screen = view.Render(columns, height, new string('t', 200));
                Assert.Equal(height, screen.Length);
                Assert.All(screen, row => Assert.True(row.Length <= ConsoleView.WrapWidth(columns)));
                Assert.StartsWith(scroll == 0 ? "Technician console" : "[", screen[0]);
                Assert.EndsWith("ttt", screen[height - 1]);
            }
        }

        [Fact]
        public void Short_output_starts_at_the_top_and_the_prompt_shows_what_is_typed()
        {
            var view = new ConsoleView();
            view.Append("ok\r\n");
            string[] screen = view.Render(80, 24, "hel");
            Assert.Equal(ConsoleView.Title, screen[0]);
            Assert.Equal("ok", screen[1]);
            Assert.All(screen.Skip(2).Take(21), row => Assert.Equal(string.Empty, row));
            Assert.Equal("console> hel", screen[23]);
        }

        [Fact]
        public void Page_up_keeps_one_row_in_common_and_page_down_returns()
        {
            ConsoleView view = WithLines(100);
            string top = view.Visible(80, 24).First();
            view.PageUp(80, 24);
            Assert.Equal(top, view.Visible(80, 24).Last());
            Assert.Equal(21, view.RowsBelow);
            Assert.StartsWith("[21 more rows below: End] ", view.Render(80, 24, string.Empty)[0]);
            view.PageDown(80, 24);
            Assert.Equal(0, view.RowsBelow);
            view.ScrollToTop(80, 24);
            Assert.Equal("L0", view.Visible(80, 24).First());
        }

        [Fact]
        public void New_output_snaps_back_to_the_bottom()
        {
            ConsoleView view = WithLines(100);
            view.PageUp(80, 24);
            view.PageUp(80, 24);
            Assert.NotEqual(0, view.RowsBelow);
            view.Append("new\r\n");
            Assert.Equal(0, view.RowsBelow);
            Assert.Equal("new", view.Visible(80, 24).Last());
        }

        [Fact]
        public void Wrapped_rows_count_when_scrolling_and_a_resize_keeps_the_position_valid()
        {
            var view = new ConsoleView();
            view.Append(new string('a', 79 * 30) + "\n"); // 30 rows at 80 columns, 19 (and a bit) at 125
            view.ScrollToTop(80, 24);
            Assert.Equal(30 - 22, view.RowsBelow);
            Assert.Equal(22, view.Visible(80, 24).Count);
            // Wider: everything fits; the view shows it all from the top whatever the old position.
            Assert.Equal(20, view.Visible(125, 24).Count);
            Assert.Equal(0, view.MaxRowsBelow(125, 24));
            Assert.StartsWith(ConsoleView.Title, view.Render(125, 24, string.Empty)[0]);
        }

        [Theory]
        [InlineData(SimulatorView.Display, 1, SimulatorView.Console)]
        [InlineData(SimulatorView.Display, 2, SimulatorView.Display)]
        [InlineData(SimulatorView.Console, 1, SimulatorView.Display)]
        [InlineData(SimulatorView.Console, 3, SimulatorView.Display)]
        public void The_toggle_key_switches_between_the_two_views(SimulatorView start, int presses, SimulatorView expected)
        {
            var view = new ConsoleView();
            view.Show(start);
            for (int i = 0; i < presses; i++)
            {
                view.Toggle();
            }

            Assert.Equal(expected, view.Showing);
            Assert.Equal(ConsoleKey.Tab, ConsoleView.ToggleKey);
        }

        [Fact]
        public void The_toggle_key_is_no_cashier_key()
        {
            Assert.Equal(Terminal.Core.Ui.Key.None, SimulateCommand.Map(new ConsoleKeyInfo('\t', ConsoleView.ToggleKey, false, false, false)));
        }

        [Theory]
        [InlineData("help", false, "help")]
        [InlineData("login 2468", false, "login ****")]
        [InlineData("login 24", false, "login **")]                       // while typing: as many stars as digits
        [InlineData("LOGIN 2468", false, "LOGIN ****")]
        [InlineData("pin set 2468", false, "pin set ****")]
        [InlineData("pin set 1357  2468", false, "pin set ****  ****")]
        [InlineData("pin recover KEY123 2468", false, "pin recover ****** ****")]
        [InlineData("secret set api_key abc def", false, "secret set api_key *** ***")]
        [InlineData("secret clear api_key", false, "secret clear api_key")]
        [InlineData("manager login 8642", false, "manager login ****")]
        [InlineData("manager pin set 8642", false, "manager pin set ****")]
        [InlineData("manager logout", false, "manager logout")]
        [InlineData("config set merchant_url https://h", false, "config set merchant_url https://h")]
        [InlineData("MIIEvQIBADANBgkq", true, "****************")]             // a line of a secret PEM being pasted
        [InlineData("", false, "")]
        public void Secrets_are_masked_where_the_simulator_shows_a_console_line(string line, bool secretPem, string expected)
        {
            Assert.Equal(expected, SimulateCommand.MaskSecretWords(line, secretPem));
        }

        [Theory]
        [InlineData("help\r", "help")]
        [InlineData("helq\bp\r", "help")]
        [InlineData("junk\u001bstatus\r", "status")]   // Esc clears the line
        [InlineData("tx\u0001 5\r", "tx 5")]           // control characters are not typed
        public void Keys_in_the_console_view_edit_the_line(string keys, string expected)
        {
            var view = new ConsoleView();
            var typed = new StringBuilder();
            string line = null;
            foreach (char c in keys)
            {
                ConsoleKey key = c switch
                {
                    '\r' => ConsoleKey.Enter,
                    '\b' => ConsoleKey.Backspace,
                    '\u001b' => ConsoleKey.Escape,
                    _ => ConsoleKey.A, // any other: the character counts
                };
                line = SimulateCommand.ConsoleViewKey(view, typed, new ConsoleKeyInfo(c, key, false, false, false), 80, 24) ?? line;
            }

            Assert.Equal(expected, line);
            Assert.Equal(0, typed.Length);
        }

        [Theory]
        [InlineData(ConsoleKey.PageUp, 21)]
        [InlineData(ConsoleKey.UpArrow, 1)]
        [InlineData(ConsoleKey.Home, 100 - 22)]
        [InlineData(ConsoleKey.End, 0)]
        [InlineData(ConsoleKey.PageDown, 0)]
        public void Scroll_keys_in_the_console_view(ConsoleKey key, int rowsBelow)
        {
            ConsoleView view = WithLines(100);
            Assert.Null(SimulateCommand.ConsoleViewKey(view, new StringBuilder(), new ConsoleKeyInfo('\0', key, false, false, false), 80, 24));
            Assert.Equal(rowsBelow, view.RowsBelow);
        }
    }
}
