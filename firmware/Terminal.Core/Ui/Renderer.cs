namespace Terminal.Core.Ui
{
    /// <summary>
    /// Draws a <see cref="Screen"/> into a <see cref="Framebuffer"/> with the built-in fonts:
    /// ASCII in the 5x7 font (5-pixel advance, 8-pixel lines, 25 columns), CJK in 16x16 glyphs
    /// (a line holding one is 16 pixels high; ASCII on it is centred vertically), the large line
    /// in the 5x7 font doubled. Body lines wrap at spaces (anywhere between CJK glyphs) and are
    /// centred. Identical output on the device and in the simulator. Allocates nothing.
    /// </summary>
    public sealed class Renderer
    {
        public const int SmallAdvance = 5;
        public const int CjkAdvance = 16;

        /// <summary>The last screen did not fit (a line was cut): a layout bug the host tests catch.</summary>
        public bool Overflow { get; private set; }

        /// <summary>Characters of the last screen without a glyph (drawn as '?').</summary>
        public int MissingGlyphs { get; private set; }

        public void Draw(Screen screen, Framebuffer fb)
        {
            fb.Clear();
            Overflow = false;
            MissingGlyphs = 0;
            int y = 0;
            if (screen.Title != null)
            {
                bool cjk = HasCjk(screen.Title, 0, screen.Title.Length);
                int bar = cjk ? 16 : 9;
                DrawRun(fb, screen.Title, 0, screen.Title.Length, Center(Width(screen.Title, 0, screen.Title.Length)), cjk ? y : y + 1, bar == 16);
                if (Width(screen.Title, 0, screen.Title.Length) > Framebuffer.Width)
                {
                    Overflow = true;
                }

                if (screen.TitleInverted)
                {
                    fb.Invert(0, y, Framebuffer.Width, bar);
                }

                y += cjk ? bar : bar + 1;
            }

            int bottom = Framebuffer.Height;
            if (screen.Hint != null)
            {
                bool cjk = HasCjk(screen.Hint, 0, screen.Hint.Length);
                int h = cjk ? 16 : 8;
                bottom -= h;
                int w = Width(screen.Hint, 0, screen.Hint.Length);
                if (w > Framebuffer.Width)
                {
                    Overflow = true;
                }

                DrawRun(fb, screen.Hint, 0, screen.Hint.Length, Center(w), bottom, cjk);
            }

            if (screen.Large != null)
            {
                string large = screen.Large;
                if (y + 16 > bottom)
                {
                    Overflow = true;
                }
                else if (HasCjk(large, 0, large.Length))
                {
                    DrawRun(fb, large, 0, large.Length, Center(Width(large, 0, large.Length)), y, true);
                }
                else
                {
                    int w = large.Length * SmallAdvance * 2;
                    if (w > Framebuffer.Width)
                    {
                        Overflow = true;
                    }

                    int x = Center(w);
                    int left = x;
                    for (int i = 0; i < large.Length; i++)
                    {
                        DrawSmall(fb, large[i], x, y + 1, 2);
                        x += SmallAdvance * 2;
                    }

                    if (screen.LargeInverted && w <= Framebuffer.Width)
                    {
                        // A selection: a highlight one advance wider than the text on each side.
                        int from = left - SmallAdvance;
                        int to = left + w + SmallAdvance;
                        fb.Invert(from < 0 ? 0 : from, y, (to > Framebuffer.Width ? Framebuffer.Width : to) - (from < 0 ? 0 : from), 16);
                    }
                }

                y += 16;
            }

            y = DrawWrapped(fb, screen.Line1, y, bottom);
            y = DrawWrapped(fb, screen.Line2, y, bottom);
            DrawWrapped(fb, screen.Line3, y, bottom);
        }

        /// <summary>Pixel width of text[start..end) in the fonts.</summary>
        public static int Width(string text, int start, int end)
        {
            int w = 0;
            for (int i = start; i < end; i++)
            {
                w += Advance(text[i]);
            }

            return w;
        }

        public static bool HasCjk(string text, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (text[i] > '~')
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The index of a CJK glyph in <see cref="Fonts.CjkChars"/>, or -1.</summary>
        public static int FindCjk(char c)
        {
            char[] chars = Fonts.CjkChars;
            int lo = 0;
            int hi = chars.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (chars[mid] == c)
                {
                    return mid;
                }

                if (chars[mid] < c)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return -1;
        }

        private static int Advance(char c)
        {
            if (c <= '~')
            {
                return SmallAdvance;
            }

            return FindCjk(c) >= 0 ? CjkAdvance : SmallAdvance;
        }

        private static int Center(int width)
        {
            int x = (Framebuffer.Width - width) / 2;
            return x < 0 ? 0 : x;
        }

        private int DrawWrapped(Framebuffer fb, string text, int y, int bottom)
        {
            if (text == null)
            {
                return y;
            }

            int start = 0;
            while (start < text.Length)
            {
                // Greedy: the longest run from start that fits, broken at the last space if any.
                int w = 0;
                int end = start;
                int lastSpace = -1;
                while (end < text.Length)
                {
                    int a = Advance(text[end]);
                    if (w + a > Framebuffer.Width)
                    {
                        break;
                    }

                    if (text[end] == ' ')
                    {
                        lastSpace = end;
                    }

                    w += a;
                    end++;
                }

                int next = end;
                if (end < text.Length && lastSpace > start && !HasCjk(text, start, end))
                {
                    end = lastSpace;
                    next = lastSpace + 1;
                }

                if (end == start)
                {
                    end = start + 1; // a single glyph wider than the screen cannot happen; never loop
                    next = end;
                }

                bool cjk = HasCjk(text, start, end);
                int h = cjk ? 16 : 8;
                if (y + h > bottom)
                {
                    Overflow = true;
                    return y;
                }

                DrawRun(fb, text, start, end, Center(Width(text, start, end)), y, cjk);
                y += h;
                start = next;
            }

            return y;
        }

        private void DrawRun(Framebuffer fb, string text, int start, int end, int x, int y, bool tall)
        {
            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (c <= '~')
                {
                    DrawSmall(fb, c, x, tall ? y + 4 : y, 1);
                    x += SmallAdvance;
                    continue;
                }

                int glyph = FindCjk(c);
                if (glyph < 0)
                {
                    MissingGlyphs++;
                    DrawSmall(fb, '?', x, tall ? y + 4 : y, 1);
                    x += SmallAdvance;
                    continue;
                }

                byte[] cjk = Fonts.Cjk;
                int offset = glyph * 32;
                for (int row = 0; row < 16; row++)
                {
                    int bits = (cjk[offset + row * 2] << 8) | cjk[offset + row * 2 + 1];
                    for (int col = 0; col < 16; col++)
                    {
                        if ((bits & (0x8000 >> col)) != 0)
                        {
                            fb.Set(x + col, y + row, true);
                        }
                    }
                }

                x += CjkAdvance;
            }
        }

        private static void DrawSmall(Framebuffer fb, char c, int x, int y, int scale)
        {
            if (c < ' ' || c > '~')
            {
                c = '?';
            }

            int offset = (c - ' ') * 5;
            byte[] font = Fonts.Small;
            for (int col = 0; col < 5; col++)
            {
                int bits = font[offset + col];
                for (int row = 0; row < 8; row++)
                {
                    if ((bits & (1 << row)) == 0)
                    {
                        continue;
                    }

                    for (int dx = 0; dx < scale; dx++)
                    {
                        for (int dy = 0; dy < scale; dy++)
                        {
                            fb.Set(x + col * scale + dx, y + row * scale + dy, true);
                        }
                    }
                }
            }
        }
    }
}
