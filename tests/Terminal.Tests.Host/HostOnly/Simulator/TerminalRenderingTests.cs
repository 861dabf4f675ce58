using System.Linq;
using Terminal.Core.Ui;
using Terminal.Simulator.Sim;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    public class TerminalRenderingTests
    {
        private static byte[] PageWith(params (int X, int Y)[] pixels)
        {
            var page = new byte[Framebuffer.Width * Framebuffer.Height / 8];
            foreach (var (x, y) in pixels)
            {
                page[(y >> 3) * Framebuffer.Width + x] |= (byte)(1 << (y & 7));
            }

            return page;
        }

        [Fact]
        public void Braille_fits_a_classic_80x24_terminal_and_maps_every_dot()
        {
            string text = SimDisplay.ToBraille(PageWith((0, 0), (1, 3), (127, 63)));
            string[] lines = text.TrimEnd('\n').Split('\n');
            Assert.Equal(18, lines.Length);
            Assert.All(lines, l => Assert.Equal(66, l.Length));
            Assert.Equal((char)(0x2800 + 0x01 + 0x80), lines[1][1]);   // (0,0) and (1,3) share the first cell
            Assert.Equal((char)(0x2800 + 0x80), lines[16][64]);        // (127,63): right column, bottom dot
            Assert.Equal(64 * 16 - 2, lines.Skip(1).Take(16).Sum(l => l.Count(c => c == '\u2800')));
        }

        [Theory]
        [InlineData(80, 24, 18)]
        [InlineData(100, 40, 18)]
        [InlineData(140, 50, 34)]
        public void The_rendering_follows_the_terminal_size(int columns, int rows, int expectedLines)
        {
            string text = SimDisplay.ToTerminalText(PageWith(), columns, rows);
            Assert.Equal(expectedLines, text.TrimEnd('\n').Split('\n').Length);
        }
    }
}
