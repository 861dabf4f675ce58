namespace Terminal.Core.Text
{
    /// <summary>
    /// Ordinal (UTF-16 code unit) string order, the same on the device and on .NET — where
    /// string.Compare is culture-sensitive — and equal to UTF-8 byte order for every character of
    /// the Basic Multilingual Plane. Upper case sorts before lower case ("B" &lt; "a"); a prefix
    /// sorts first. The device has no Array.Sort with a comparer, hence <see cref="Sort"/>.
    /// </summary>
    public static class Ordinal
    {
        public static int Compare(string a, string b)
        {
            int common = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < common; i++)
            {
                int difference = a[i] - b[i];
                if (difference != 0)
                {
                    return difference;
                }
            }

            return a.Length - b.Length;
        }

        /// <summary>Sorts in place (insertion sort: stable, no allocation; lists here are short).</summary>
        public static void Sort(string[] items)
        {
            for (int i = 1; i < items.Length; i++)
            {
                string item = items[i];
                int j = i - 1;
                while (j >= 0 && Compare(items[j], item) > 0)
                {
                    items[j + 1] = items[j];
                    j--;
                }

                items[j + 1] = item;
            }
        }
    }
}
