namespace Terminal.Core.Text
{
    /// <summary>Plain decimal digits to a number, for fields the terminal reads back (no long.Parse surprises: no signs, spaces or overflow).</summary>
    public static class Digits
    {
        /// <summary>A non-negative integer of 1–18 ASCII digits, or -1 for anything else (null, empty, a sign, a space, too long).</summary>
        public static long ParseNonNegative(string text)
        {
            if (text == null || text.Length == 0 || text.Length > 18)
            {
                return -1;
            }

            long value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                value = value * 10 + (c - '0');
            }

            return value;
        }
    }
}
