using System.Collections;

namespace Terminal.Core.Receipts
{
    /// <summary>What a receipt is for (name table: <see cref="Receipt.KindName"/>).</summary>
    public enum ReceiptKind
    {
        Sale = 0,
        Refund,
        ZReport,
    }

    /// <summary>One printed line: text within <see cref="Receipt.Columns"/>, centred or not, emphasised or not.</summary>
    public sealed class ReceiptLine
    {
        public string Text;
        public bool Center;
        public bool Bold;
    }

    /// <summary>
    /// A receipt's content, laid out for a 58 mm printer: at most <see cref="Columns"/> columns of
    /// the printer's default font (12x24 dots, 384 dots a line), where an ASCII character takes one
    /// column and a Chinese character two (24x24). <see cref="EscPos.Encode"/> turns it into bytes;
    /// the simulator prints the same lines as text. Lines never exceed the width: longer text is
    /// wrapped, a label and its value that do not fit side by side go on two lines.
    /// </summary>
    public sealed class Receipt
    {
        public const int Columns = 32;

        private readonly ArrayList lines = new ArrayList();

        public Receipt(ReceiptKind kind, bool chinese)
        {
            Kind = kind;
            Chinese = chinese;
        }

        public ReceiptKind Kind { get; private set; }

        /// <summary>Chinese labels (the display language when it was built).</summary>
        public bool Chinese { get; private set; }

        public int Count
        {
            get { return lines.Count; }
        }

        public ReceiptLine Line(int i)
        {
            return (ReceiptLine)lines[i];
        }

        public static string KindName(ReceiptKind kind)
        {
            switch (kind)
            {
                case ReceiptKind.Sale:
                    return "sale";
                case ReceiptKind.Refund:
                    return "refund";
                default:
                    return "Z report";
            }
        }

        /// <summary>Columns <paramref name="c"/> takes on paper: 1 for ASCII and anything printed as '?', 2 for a Chinese character the printer has.</summary>
        public static int Width(char c)
        {
            return c < 0x80 || GbCodes.Find(c) < 0 ? 1 : 2;
        }

        public static int Width(string s)
        {
            int w = 0;
            for (int i = 0; i < s.Length; i++)
            {
                w += Width(s[i]);
            }

            return w;
        }

        /// <summary>Text on lines of its own (wrapped at the width).</summary>
        public void Text(string text, bool center, bool bold)
        {
            string rest = text == null ? string.Empty : text;
            do
            {
                int cut = Fit(rest, Columns);
                AddLine(rest.Substring(0, cut), center, bold);
                rest = rest.Substring(cut);
            }
            while (rest.Length > 0);
        }

        /// <summary>A label on the left and its value on the right; on two lines when they do not fit on one.</summary>
        public void Pair(string label, string value, bool bold)
        {
            int gap = Columns - Width(label) - Width(value);
            if (gap >= 1)
            {
                AddLine(label + new string(' ', gap) + value, false, bold);
                return;
            }

            Text(label, false, bold);
            int w = Width(value);
            if (w < Columns)
            {
                AddLine(new string(' ', Columns - w) + value, false, bold);
            }
            else
            {
                Text(value, false, bold);
            }
        }

        /// <summary>A full-width rule of '-'.</summary>
        public void Rule()
        {
            AddLine(new string('-', Columns), false, false);
        }

        /// <summary>An empty line.</summary>
        public void Blank()
        {
            AddLine(string.Empty, false, false);
        }

        /// <summary>The lines as text (centred lines padded as the printer centres them), '\n' after each.</summary>
        public string ToText()
        {
            string s = string.Empty;
            for (int i = 0; i < lines.Count; i++)
            {
                ReceiptLine l = (ReceiptLine)lines[i];
                s += l.Center ? new string(' ', (Columns - Width(l.Text)) / 2) + l.Text : l.Text;
                s += "\n";
            }

            return s;
        }

        /// <summary>How many characters of <paramref name="s"/> fit in <paramref name="columns"/> (at least one).</summary>
        private static int Fit(string s, int columns)
        {
            int w = 0;
            for (int i = 0; i < s.Length; i++)
            {
                w += Width(s[i]);
                if (w > columns)
                {
                    return i == 0 ? 1 : i;
                }
            }

            return s.Length;
        }

        private void AddLine(string text, bool center, bool bold)
        {
            ReceiptLine l = new ReceiptLine();
            l.Text = text;
            l.Center = center;
            l.Bold = bold;
            lines.Add(l);
        }
    }
}
