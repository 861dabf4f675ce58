namespace Terminal.Core.Ui
{
    /// <summary>
    /// The 128x64 monochrome display memory in SSD1306 page order: byte (y / 8) * 128 + x, bit
    /// y % 8 (1 = lit). A device adapter sends <see cref="Bytes"/> as is; the simulator turns it
    /// into ANSI text or a PNG. 1,024 bytes, allocated once.
    /// </summary>
    public sealed class Framebuffer
    {
        public const int Width = 128;
        public const int Height = 64;

        private readonly byte[] bytes = new byte[Width * Height / 8];

        public byte[] Bytes
        {
            get { return bytes; }
        }

        public void Clear()
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = 0;
            }
        }

        public bool Get(int x, int y)
        {
            if (x < 0 || y < 0 || x >= Width || y >= Height)
            {
                return false;
            }

            return (bytes[(y >> 3) * Width + x] & (1 << (y & 7))) != 0;
        }

        public void Set(int x, int y, bool on)
        {
            if (x < 0 || y < 0 || x >= Width || y >= Height)
            {
                return;
            }

            int index = (y >> 3) * Width + x;
            if (on)
            {
                bytes[index] = (byte)(bytes[index] | (1 << (y & 7)));
            }
            else
            {
                bytes[index] = (byte)(bytes[index] & ~(1 << (y & 7)));
            }
        }

        /// <summary>Inverts a rectangle (the title bar).</summary>
        public void Invert(int x0, int y0, int width, int height)
        {
            for (int y = y0; y < y0 + height; y++)
            {
                for (int x = x0; x < x0 + width; x++)
                {
                    Set(x, y, !Get(x, y));
                }
            }
        }
    }
}
