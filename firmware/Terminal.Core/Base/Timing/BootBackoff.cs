namespace Terminal.Core.Timing
{
    /// <summary>
    /// The boot-loop guard's rules, free of file and reboot calls so both runners test them (the
    /// device's BootGuard does the I/O):
    /// <list type="bullet">
    /// <item>Every boot adds one to a counter kept in flash (<see cref="ParseCount"/>,
    /// <see cref="EncodeCount"/>); a run that stays healthy for <see cref="HealthyAfterMs"/>
    /// resets it to 0. An unreadable or torn counter reads as 0.</item>
    /// <item>After a fatal error the device reboots at once for the first
    /// <see cref="QuickReboots"/> consecutive unhealthy boots, then waits 1, 2, 4 … minutes, at
    /// most <see cref="MaxDelayMinutes"/> (<see cref="DelayMinutes"/>, the shared
    /// <see cref="CappedBackoff"/>), so a persistent fault does not reboot in a tight loop while
    /// the console stays usable, and a transient one still recovers alone.</item>
    /// <item>The crash log keeps the newest whole lines within <see cref="CrashLogMax"/> bytes
    /// (<see cref="AppendCrash"/>).</item>
    /// </list>
    /// </summary>
    public static class BootBackoff
    {
        public const int QuickReboots = 3;
        public const int MaxDelayMinutes = 30;
        public const int HealthyAfterMs = 5 * 60 * 1000;
        public const int CrashLogMax = 4096;

        /// <summary>The largest count the counter file holds (6 digits); it stops there.</summary>
        public const int MaxCount = 999999;

        /// <summary>0 for the first <see cref="QuickReboots"/> unhealthy boots, then 1, 2, 4 … capped at <see cref="MaxDelayMinutes"/>.</summary>
        public static int DelayMinutes(int unhealthyBoots)
        {
            if (unhealthyBoots <= QuickReboots)
            {
                return 0;
            }

            return (int)CappedBackoff.Delay(unhealthyBoots - QuickReboots, 1, MaxDelayMinutes);
        }

        /// <summary>The stored count: ASCII digits only, at most 6; anything else (torn, damaged, absent) is 0.</summary>
        public static int ParseCount(byte[] bytes)
        {
            if (bytes == null || bytes.Length == 0 || bytes.Length > 6)
            {
                return 0;
            }

            int value = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return 0;
                }

                value = value * 10 + digit;
            }

            return value;
        }

        /// <summary>The counter file's bytes for <paramref name="count"/> (clamped to 0 … <see cref="MaxCount"/>).</summary>
        public static byte[] EncodeCount(int count)
        {
            if (count < 0)
            {
                count = 0;
            }

            string text = (count > MaxCount ? MaxCount : count).ToString();
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        /// <summary>The count this boot stores: one more than the last, stopping at <see cref="MaxCount"/>.</summary>
        public static int NextCount(byte[] stored)
        {
            int previous = ParseCount(stored);
            return previous >= MaxCount ? MaxCount : previous + 1;
        }

        /// <summary>
        /// The crash log after appending <paramref name="line"/> (UTF-8, ending in '\n'): the
        /// oldest lines are dropped, whole, until it fits in <see cref="CrashLogMax"/> bytes; a
        /// line longer than that keeps its last bytes from a character boundary.
        /// </summary>
        public static byte[] AppendCrash(byte[] old, byte[] line)
        {
            if (old == null)
            {
                old = new byte[0];
            }

            int keep = old.Length;
            int start = 0;
            if (keep + line.Length > CrashLogMax)
            {
                // Drop whole lines from the front: start after the first '\n' that frees enough room.
                int need = keep + line.Length - CrashLogMax;
                start = old.Length;
                for (int i = need - 1; i < old.Length; i++)
                {
                    if (i >= 0 && old[i] == (byte)'\n')
                    {
                        start = i + 1;
                        break;
                    }
                }

                keep = old.Length - start;
            }

            int lineStart = 0;
            if (line.Length > CrashLogMax)
            {
                lineStart = line.Length - CrashLogMax;
                while (lineStart < line.Length && (line[lineStart] & 0xC0) == 0x80)
                {
                    lineStart++; // never begin inside a UTF-8 character
                }
            }

            byte[] next = new byte[keep + line.Length - lineStart];
            System.Array.Copy(old, start, next, 0, keep);
            System.Array.Copy(line, lineStart, next, keep, line.Length - lineStart);
            return next;
        }
    }
}
