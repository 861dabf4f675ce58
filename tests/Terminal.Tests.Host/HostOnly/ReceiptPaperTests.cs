using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using Terminal.Core.Receipts;
using Terminal.Core.Store;
using Terminal.Simulator.Sim;
using Terminal.Tests.Receipts;
using Xunit;

namespace Terminal.Tests.HostOnly
{
    /// <summary>
    /// The terminal's ESC/POS stream read back as a printer would (the simulator's
    /// <see cref="EscPosPaper"/>, Chinese through .NET's GB18030, not the firmware's table), and
    /// the paper image as a PNG.
    /// </summary>
    public class ReceiptPaperTests
    {
        [Theory]
        [InlineData(false, "SALE RECEIPT", "AMOUNT                 12.34 CNY")]
        [InlineData(true, "收款凭证", "金额                   12.34 CNY")]
        public void A_sale_receipts_bytes_decode_to_the_receipts_text(bool chinese, string title, string amountLine)
        {
            Receipt receipt = ReceiptBuilder.Sale(ReceiptLayoutTests.Header(chinese), ReceiptLayoutTests.Paid());
            EscPosPaper paper = EscPosPaper.Decode(EscPos.Encode(receipt, false));
            string text = paper.ToText();
            Assert.Equal(receipt.ToText(), text);
            Assert.Contains("\n" + new string(' ', (32 - Receipt.Width(title)) / 2) + title + "\n", text);
            Assert.Contains(amountLine + "\n", text);
            Assert.Contains("2026-11-21 15:20:01", text);
            Assert.Contains("T00012026112115200001", text);
            Assert.Contains("4200000000202611210012345678", text);
            Assert.True(paper.Cut);
            Assert.Equal(EscPos.FeedLines, paper.FedLines);
            Assert.True(paper.Lines[9].Bold, text); // the amount
        }

        /// <summary>The figure docs/architecture.md compares with a raster image: 9600 baud moves 960 bytes a second.</summary>
        [Theory]
        [InlineData(false, 396)]
        [InlineData(true, 376)]
        public void A_sale_receipt_is_a_few_hundred_bytes_on_the_wire(bool chinese, int bytes)
        {
            Receipt receipt = ReceiptBuilder.Sale(ReceiptLayoutTests.Header(chinese), ReceiptLayoutTests.Paid());
            Assert.Equal(bytes, EscPos.Encode(receipt, false).Length);
        }

        [Fact]
        public void Every_chinese_character_the_firmware_prints_has_the_gb2312_code_dotnet_gives_it()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            Encoding gb2312 = Encoding.GetEncoding("GB2312");
            for (int i = 0; i < GbCodes.Chars.Length; i++)
            {
                byte[] expected = gb2312.GetBytes(GbCodes.Chars[i].ToString());
                Assert.Equal(2, expected.Length);
                Assert.Equal(expected[0] << 8 | expected[1], (int)GbCodes.Codes[i]);
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void The_paper_image_is_a_valid_384_dot_wide_png(bool chinese)
        {
            Receipt receipt = ReceiptBuilder.Sale(ReceiptLayoutTests.Header(chinese), ReceiptLayoutTests.Paid());
            EscPosPaper paper = EscPosPaper.Decode(EscPos.Encode(receipt, false));
            byte[] png = paper.ToPng();
            PngAssert.Valid(png, EscPosPaper.Dots, paper.Raster().GetLength(0));
            bool[,] dots = paper.Raster();
            int black = 0;
            foreach (bool d in dots)
            {
                black += d ? 1 : 0;
            }

            Assert.True(black > 2000, black.ToString()); // text was drawn
        }

        [Theory]
        [InlineData("1B40" + "1B7401" + "0A", "ESC 0x74")]
        [InlineData("1B40" + "CAD50A", "outside Chinese mode")]
        [InlineData("1B40" + "41", "never printed")]
        [InlineData("1B40" + "1D560000", "GS 0x56")]
        [InlineData("1B40" + "1B61", "cut short")]
        public void A_stream_a_printer_would_misread_is_refused(string hex, string why)
        {
            var e = Assert.Throws<InvalidDataException>(() => EscPosPaper.Decode(Convert.FromHexString(hex)));
            Assert.Contains(why, e.Message);
        }

        private static int BigEndian(byte[] b, int at) => b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3];
    }

    /// <summary>Checks a PNG the way a viewer reads it.</summary>
    public static class PngAssert
    {
        /// <summary>PNG signature, IHDR size, IDAT inflating (zlib) to exactly the rows it announces.</summary>
        public static void Valid(byte[] png, int width, int height)
        {
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal(width, BigEndian(png, 16));
            Assert.Equal(height, BigEndian(png, 20));
            int at = 8;
            var idat = new MemoryStream();
            while (at < png.Length)
            {
                int length = BigEndian(png, at);
                string type = Encoding.ASCII.GetString(png, at + 4, 4);
                if (type == "IDAT")
                {
                    idat.Write(png, at + 8, length);
                }

                at += 12 + length;
            }

            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            var raw = new MemoryStream();
            z.CopyTo(raw);
            Assert.Equal(height * (1 + width * 3), raw.Length);
        }

        private static int BigEndian(byte[] b, int at) => b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3];
    }
}
