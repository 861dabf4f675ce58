namespace Terminal.Core.Timing
{
    /// <summary>
    /// The store's local time: Unix seconds (UTC) shifted by a fixed UTC offset (setting
    /// <c>utc_offset</c>, default +08:00, China time, the day WeChat Pay's bills use). The one
    /// formatter every screen, console line and receipt uses, and the store's day boundary (the
    /// history's day files, the Z report's business day). Pure arithmetic (no DateTime, no time
    /// zone database): the device has none, and China has no daylight saving time.
    /// </summary>
    public static class LocalTime
    {
        /// <summary>China Standard Time, UTC+8, in minutes.</summary>
        public const int DefaultOffsetMinutes = 480;

        /// <summary>Smallest and largest offsets in use on Earth (UTC−12:00 … UTC+14:00), as the merchant contract allows.</summary>
        public const int MinOffsetMinutes = -720;
        public const int MaxOffsetMinutes = 840;

        private const long SecondsPerDay = 86400;

        /// <summary>
        /// "+08:00", "-05:30", "+0800" or "+8" to minutes. Returns null, or the error for the
        /// technician (the offset is left at 0).
        /// </summary>
        public static string ParseOffset(string text, out int minutes)
        {
            minutes = 0;
            const string Usage = "must be +HH:MM or -HH:MM between -12:00 and +14:00, e.g. +08:00";
            if (text == null || text.Length < 2 || (text[0] != '+' && text[0] != '-'))
            {
                return Usage;
            }

            string rest = text.Substring(1);
            string hoursText = rest;
            string minutesText = "0";
            int colon = rest.IndexOf(':');
            if (colon >= 0)
            {
                hoursText = rest.Substring(0, colon);
                minutesText = rest.Substring(colon + 1);
                if (minutesText.Length != 2)
                {
                    return Usage;
                }
            }
            else if (rest.Length == 4)
            {
                hoursText = rest.Substring(0, 2);
                minutesText = rest.Substring(2);
            }

            if (hoursText.Length < 1 || hoursText.Length > 2)
            {
                return Usage;
            }

            long hours = Text.Digits.ParseNonNegative(hoursText);
            long mins = Text.Digits.ParseNonNegative(minutesText);
            if (hours < 0 || mins < 0 || mins > 59)
            {
                return Usage;
            }

            int total = (int)(hours * 60 + mins);
            if (text[0] == '-')
            {
                total = -total;
            }

            if (total < MinOffsetMinutes || total > MaxOffsetMinutes)
            {
                return Usage;
            }

            minutes = total;
            return null;
        }

        /// <summary>Minutes to "+08:00" / "-05:30".</summary>
        public static string FormatOffset(int minutes)
        {
            int a = minutes < 0 ? -minutes : minutes;
            return (minutes < 0 ? "-" : "+") + Two(a / 60) + ":" + Two(a % 60);
        }

        /// <summary>The store's day number (days since 1970-01-01 in local time) of a Unix time.</summary>
        public static long Day(long unixSeconds, int offsetMinutes)
        {
            long local = unixSeconds + offsetMinutes * 60L;
            long day = local / SecondsPerDay;
            return local < 0 && local % SecondsPerDay != 0 ? day - 1 : day;
        }

        /// <summary>The Unix time at which local day <paramref name="day"/> starts.</summary>
        public static long DayStart(long day, int offsetMinutes)
        {
            return day * SecondsPerDay - offsetMinutes * 60L;
        }

        /// <summary>"yyyy-MM-dd HH:mm:ss" in local time; "--" for 0 (the clock was not set).</summary>
        public static string DateTime(long unixSeconds, int offsetMinutes)
        {
            if (unixSeconds == 0)
            {
                return "--";
            }

            return Date(unixSeconds, offsetMinutes) + " " + Time(unixSeconds, offsetMinutes, true);
        }

        /// <summary>"yyyy-MM-dd" of the local day; "--" for 0.</summary>
        public static string Date(long unixSeconds, int offsetMinutes)
        {
            return unixSeconds == 0 ? "--" : DayText(Day(unixSeconds, offsetMinutes), "-");
        }

        /// <summary>"HH:mm" or "HH:mm:ss" in local time; "--" for 0.</summary>
        public static string Time(long unixSeconds, int offsetMinutes, bool seconds)
        {
            if (unixSeconds == 0)
            {
                return "--";
            }

            long local = unixSeconds + offsetMinutes * 60L;
            long s = local - Day(unixSeconds, offsetMinutes) * SecondsPerDay;
            string hm = Two((int)(s / 3600)) + ":" + Two((int)(s / 60 % 60));
            return seconds ? hm + ":" + Two((int)(s % 60)) : hm;
        }

        /// <summary>A day number as "yyyy-MM-dd" (separator "-") or "yyyyMMdd" (separator "").</summary>
        public static string DayText(long day, string separator)
        {
            int year;
            int month;
            int dayOfMonth;
            Civil(day, out year, out month, out dayOfMonth);
            return year.ToString() + separator + Two(month) + separator + Two(dayOfMonth);
        }

        /// <summary>"yyyy-MM-dd" or "yyyyMMdd" to a day number; -1 when it is not a valid date from 1970 on.</summary>
        public static long ParseDay(string text)
        {
            if (text == null)
            {
                return -1;
            }

            string digits = text.Length == 10 && text[4] == '-' && text[7] == '-' ? text.Substring(0, 4) + text.Substring(5, 2) + text.Substring(8, 2) : text;
            if (digits.Length != 8)
            {
                return -1;
            }

            long value = Text.Digits.ParseNonNegative(digits);
            if (value < 0)
            {
                return -1;
            }

            int year = (int)(value / 10000);
            int month = (int)(value / 100 % 100);
            int dayOfMonth = (int)(value % 100);
            if (year < 1970 || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > DaysInMonth(year, month))
            {
                return -1;
            }

            return DaysFromCivil(year, month, dayOfMonth);
        }

        /// <summary>
        /// WeChat's times (time_end, the refund's success time as digits): yyyyMMddHHmmss in China
        /// Standard Time (UTC+8, whatever the store's offset) as Unix seconds UTC; 0 when not a valid time.
        /// </summary>
        public static long UnixFromChinaTime(string t)
        {
            if (t == null || t.Length != 14)
            {
                return 0;
            }

            for (int i = 0; i < 14; i++)
            {
                if (t[i] < '0' || t[i] > '9')
                {
                    return 0;
                }
            }

            long value = Text.Digits.ParseNonNegative(t);
            int year = (int)(value / 10000000000L);
            int month = (int)(value / 100000000L % 100);
            int day = (int)(value / 1000000L % 100);
            int hour = (int)(value / 10000 % 100);
            int minute = (int)(value / 100 % 100);
            int second = (int)(value % 100);
            if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            {
                return 0;
            }

            long unix = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - ChinaOffsetMinutes * 60;
            return unix > 0 ? unix : 0;
        }

        /// <summary>China Standard Time, the zone of WeChat Pay's times.</summary>
        public const int ChinaOffsetMinutes = 480;

        /// <summary>
        /// A Unix time as WeChat writes times: yyyyMMddHHmmss in China Standard Time (UTC+8,
        /// whatever the store's offset); the inverse of <see cref="UnixFromChinaTime"/>.
        /// </summary>
        public static string ChinaTime(long unixSeconds)
        {
            long day = Day(unixSeconds, ChinaOffsetMinutes);
            long s = unixSeconds + ChinaOffsetMinutes * 60L - day * SecondsPerDay;
            return DayText(day, string.Empty) + Two((int)(s / 3600)) + Two((int)(s / 60 % 60)) + Two((int)(s % 60));
        }

        // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
        private static long DaysFromCivil(int y, int m, int d)
        {
            y -= m <= 2 ? 1 : 0;
            long era = (y >= 0 ? y : y - 399) / 400;
            long yoe = y - era * 400;
            long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
            long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return era * 146097 + doe - 719468;
        }

        private static void Civil(long z, out int year, out int month, out int day)
        {
            z += 719468;
            long era = (z >= 0 ? z : z - 146096) / 146097;
            long doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            day = (int)(doy - (153 * mp + 2) / 5 + 1);
            month = (int)(mp < 10 ? mp + 3 : mp - 9);
            year = (int)(yoe + era * 400 + (month <= 2 ? 1 : 0));
        }

        private static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        private static string Two(int value)
        {
            return value < 10 ? "0" + value.ToString() : value.ToString();
        }
    }
}
