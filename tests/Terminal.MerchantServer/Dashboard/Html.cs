using System;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Terminal.MerchantServer.Dashboard
{
    /// <summary>A piece of HTML that is already safe to emit (built by <see cref="Html.Format"/> or a code literal).</summary>
    public readonly struct SafeHtml
    {
        internal SafeHtml(string value) => Value = value ?? string.Empty;

        public string Value { get; }

        public override string ToString() => Value;
    }

    /// <summary>
    /// HTML built so that data can never become markup: every value interpolated into
    /// <see cref="Format"/> is HTML-encoded (text and attribute values alike; quotes included)
    /// unless it is itself <see cref="SafeHtml"/>. Stored fields (order numbers, bank types,
    /// suspension reasons a terminal or an admin typed) only ever reach a page through here.
    /// </summary>
    public static class Html
    {
        // Encodes < > & " ' and controls; leaves Chinese and other letters readable.
        private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

        public static SafeHtml Format(FormattableString html)
        {
            object?[] args = html.GetArguments();
            var encoded = new object[args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                encoded[i] = args[i] switch
                {
                    SafeHtml safe => safe.Value,
                    IFormattable number => Encode(number.ToString(null, CultureInfo.InvariantCulture)),
                    null => string.Empty,
                    object other => Encode(other.ToString()),
                };
            }

            return new SafeHtml(string.Format(CultureInfo.InvariantCulture, html.Format, encoded));
        }

        public static SafeHtml Join(params SafeHtml[] parts) => Join((System.Collections.Generic.IEnumerable<SafeHtml>)parts);

        public static SafeHtml Join(System.Collections.Generic.IEnumerable<SafeHtml> parts)
        {
            var sb = new StringBuilder();
            foreach (SafeHtml part in parts)
            {
                sb.Append(part.Value);
            }

            return new SafeHtml(sb.ToString());
        }

        public static SafeHtml Empty => new SafeHtml(string.Empty);

        public static string Encode(string? text) => Encoder.Encode(text ?? string.Empty);
    }
}
