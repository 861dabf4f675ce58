namespace Terminal.Core.Outbox
{
    /// <summary>File names of the outbox: eight upper-case hex digits, so ordinal order is numeric order.</summary>
    internal static class Names
    {
        private const string Digits = "0123456789ABCDEF";

        public static string Hex8(int value)
        {
            char[] chars = new char[8];
            for (int i = 7; i >= 0; i--)
            {
                chars[i] = Digits[value & 0xF];
                value >>= 4;
            }

            return new string(chars);
        }

        /// <summary>The number in the first eight characters of <paramref name="name"/>, or -1.</summary>
        public static int ParseHex8(string name, int start)
        {
            if (name == null || name.Length < start + 8)
            {
                return -1;
            }

            int value = 0;
            for (int i = start; i < start + 8; i++)
            {
                char c = name[i];
                int d;
                if (c >= '0' && c <= '9')
                {
                    d = c - '0';
                }
                else if (c >= 'A' && c <= 'F')
                {
                    d = c - 'A' + 10;
                }
                else
                {
                    return -1;
                }

                if (i == start && d >= 8)
                {
                    return -1; // keeps values positive
                }

                value = (value << 4) | d;
            }

            return value;
        }

        /// <summary>True when name is exactly eight hex digits followed by <paramref name="extension"/>.</summary>
        public static bool Is(string name, string extension)
        {
            return name.Length == 8 + extension.Length && ParseHex8(name, 0) >= 0 && name.EndsWith(extension);
        }

        /// <summary>FNV-1a of a string's UTF-16 units: a stable in-memory hash (string.GetHashCode is not).</summary>
        public static int Hash(string text)
        {
            uint h = 2166136261;
            for (int i = 0; i < text.Length; i++)
            {
                h = (h ^ text[i]) * 16777619;
            }

            return (int)h;
        }
    }
}
