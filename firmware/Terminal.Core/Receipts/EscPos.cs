namespace Terminal.Core.Receipts
{
    /// <summary>
    /// ESC/POS for 58 mm thermal printers (docs/architecture.md, "Receipts: Chinese as GB2312
    /// text"): ESC @ (initialise), FS &amp; (Chinese character mode, only when the receipt has
    /// Chinese), ESC a (alignment), ESC E (emphasis), LF, ESC d (feed) and GS V 66 0 (feed to the
    /// cutter and cut; printers without a cutter ignore it). Text is ASCII as is and Chinese as
    /// two-byte GB2312 codes from <see cref="GbCodes"/>; a control character, or a character the
    /// table has not, prints as '?', so no text (a store name) can inject a command.
    /// Built as bytes: the stream holds 0x00 arguments a device string cannot hold.
    /// </summary>
    public static class EscPos
    {
        public const byte Esc = 0x1B;
        public const byte Gs = 0x1D;
        public const byte Fs = 0x1C;
        public const byte Lf = 0x0A;

        /// <summary>Lines fed after the last text so it clears the tear bar or cutter.</summary>
        public const int FeedLines = 4;

        /// <summary>The bytes that print <paramref name="receipt"/> (a reprint carries a marker line under the title).</summary>
        public static byte[] Encode(Receipt receipt, bool reprint)
        {
            ByteBuffer b = new ByteBuffer(64 + receipt.Count * (Receipt.Columns + 8));
            b.Add(Esc, (byte)'@');
            if (HasChinese(receipt))
            {
                b.Add(Fs, (byte)'&');
            }

            bool center = false;
            bool bold = false;
            for (int i = 0; i < receipt.Count; i++)
            {
                ReceiptLine line = receipt.Line(i);
                if (line.Center != center)
                {
                    center = line.Center;
                    b.Add(Esc, (byte)'a', (byte)(center ? 1 : 0));
                }

                if (line.Bold != bold)
                {
                    bold = line.Bold;
                    b.Add(Esc, (byte)'E', (byte)(bold ? 1 : 0));
                }

                Text(b, line.Text);
                b.Add(Lf);
                if (reprint && i == 0)
                {
                    Mark(b, receipt, ref center, ref bold);
                }
            }

            if (center)
            {
                b.Add(Esc, (byte)'a', 0);
            }

            if (bold)
            {
                b.Add(Esc, (byte)'E', 0);
            }

            b.Add(Esc, (byte)'d', FeedLines);
            b.Add(Gs, (byte)'V', 66);
            b.Add(0);
            return b.ToArray();
        }

        /// <summary>Appends text: ASCII as is, Chinese as GB2312, anything else as '?'.</summary>
        public static void Text(ByteBuffer b, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= 0x20 && c < 0x7F)
                {
                    b.Add((byte)c);
                    continue;
                }

                int k = c >= 0x80 ? GbCodes.Find(c) : -1;
                if (k < 0)
                {
                    b.Add((byte)'?');
                    continue;
                }

                int code = GbCodes.Codes[k];
                b.Add((byte)(code >> 8), (byte)(code & 0xFF));
            }
        }

        /// <summary>True when a line has a character printed as GB2312 (the printer must be in Chinese mode).</summary>
        public static bool HasChinese(Receipt receipt)
        {
            for (int i = 0; i < receipt.Count; i++)
            {
                string t = receipt.Line(i).Text;
                for (int k = 0; k < t.Length; k++)
                {
                    if (t[k] >= 0x80 && GbCodes.Find(t[k]) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void Mark(ByteBuffer b, Receipt receipt, ref bool center, ref bool bold)
        {
            if (!center)
            {
                center = true;
                b.Add(Esc, (byte)'a', 1);
            }

            if (!bold)
            {
                bold = true;
                b.Add(Esc, (byte)'E', 1);
            }

            Text(b, ReceiptText.Get(RT.Reprint, receipt.Chinese));
            b.Add(Lf);
        }
    }
}
