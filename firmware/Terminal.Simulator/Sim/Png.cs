using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using Terminal.Core.Ui;

namespace Terminal.Simulator.Sim
{
    /// <summary>A minimal PNG writer (8-bit RGB, zlib via <see cref="ZLibStream"/>) for the display's framebuffer.</summary>
    public static class Png
    {
        private static readonly uint[] CrcTable = BuildCrcTable();

        /// <summary>The 128x64 framebuffer (SSD1306 page order) as a PNG, each pixel <paramref name="scale"/>² with a small bezel.</summary>
        public static byte[] FromFramebuffer(byte[] pageBytes, int scale = 4)
        {
            const int border = 6;
            int width = Framebuffer.Width * scale + 2 * border;
            int height = Framebuffer.Height * scale + 2 * border;
            byte[] raw = new byte[height * (1 + width * 3)];
            for (int y = 0; y < height; y++)
            {
                int row = y * (1 + width * 3);
                raw[row] = 0; // filter: none
                for (int x = 0; x < width; x++)
                {
                    int px = (x - border) / scale;
                    int py = (y - border) / scale;
                    bool inside = x >= border && y >= border && px < Framebuffer.Width && py < Framebuffer.Height;
                    bool lit = inside && (pageBytes[(py >> 3) * Framebuffer.Width + px] & (1 << (py & 7))) != 0;
                    int o = row + 1 + x * 3;
                    if (!inside)
                    {
                        raw[o] = 0x30; raw[o + 1] = 0x30; raw[o + 2] = 0x34; // bezel
                    }
                    else if (lit)
                    {
                        raw[o] = 0xE8; raw[o + 1] = 0xF4; raw[o + 2] = 0xFF; // OLED white-blue
                    }
                    else
                    {
                        raw[o] = 0x08; raw[o + 1] = 0x0A; raw[o + 2] = 0x10;
                    }
                }
            }

            return Encode(width, height, raw);
        }

        public static byte[] Encode(int width, int height, byte[] filteredRgbRows)
        {
            var output = new MemoryStream();
            output.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
            byte[] header = new byte[13];
            PutBigEndian(header, 0, (uint)width);
            PutBigEndian(header, 4, (uint)height);
            header[8] = 8; // bit depth
            header[9] = 2; // colour type: RGB
            Chunk(output, "IHDR", header);
            var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(filteredRgbRows, 0, filteredRgbRows.Length);
            }

            Chunk(output, "IDAT", compressed.ToArray());
            Chunk(output, "IEND", Array.Empty<byte>());
            return output.ToArray();
        }

        private static void Chunk(Stream output, string type, byte[] data)
        {
            byte[] length = new byte[4];
            PutBigEndian(length, 0, (uint)data.Length);
            output.Write(length);
            byte[] typeBytes = Encoding.ASCII.GetBytes(type);
            output.Write(typeBytes);
            output.Write(data);
            uint crc = 0xFFFFFFFF;
            crc = Crc(crc, typeBytes);
            crc = Crc(crc, data);
            byte[] crcBytes = new byte[4];
            PutBigEndian(crcBytes, 0, crc ^ 0xFFFFFFFF);
            output.Write(crcBytes);
        }

        private static uint Crc(uint crc, byte[] data)
        {
            foreach (byte b in data)
            {
                crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        private static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }

        private static void PutBigEndian(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)(value >> 24);
            buffer[at + 1] = (byte)(value >> 16);
            buffer[at + 2] = (byte)(value >> 8);
            buffer[at + 3] = (byte)value;
        }
    }
}
