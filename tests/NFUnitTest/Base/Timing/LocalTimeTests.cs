using nanoFramework.TestFramework;
using Terminal.Core.Timing;

namespace Terminal.Tests.Timing
{
    [TestClass]
    public class LocalTimeTests
    {
        // 1795233900 = 2026-11-21 04:05:00 UTC; 1795190400 = 2026-11-21 00:00 China time
        [TestMethod]
        [DataRow("20261121120500", 1795233900L)]
        [DataRow("20261121000000", 1795190400L)]
        [DataRow("20000229080000", 951782400L)]
        [DataRow("20260230120000", 0L)]
        [DataRow("20260431120000", 0L)]
        [DataRow("21000229120000", 0L)]
        [DataRow("20261121240000", 0L)]
        [DataRow("2026112112050", 0L)]
        [DataRow("2026-11-21 12:", 0L)]
        [DataRow("19700101070000", 0L)]
        public void WeChat_times_are_China_time(string text, long expected)
        {
            Assert.AreEqual(expected, LocalTime.UnixFromChinaTime(text));
        }

        [TestMethod]
        [DataRow(1795233900L, 480, "2026-11-21 12:05:00")]
        [DataRow(1795233900L, 0, "2026-11-21 04:05:00")]
        [DataRow(1795233900L, -300, "2026-11-20 23:05:00")]
        [DataRow(1795233900L, 330, "2026-11-21 09:35:00")]
        [DataRow(1795190400L, 480, "2026-11-21 00:00:00")]
        [DataRow(1795190399L, 480, "2026-11-20 23:59:59")]
        [DataRow(951782400L, 0, "2000-02-29 00:00:00")]
        [DataRow(4107542399L, 0, "2100-02-28 23:59:59")]
        [DataRow(0L, 480, "--")]
        public void Formats_local_time(long unix, int offset, string expected)
        {
            Assert.AreEqual(expected, LocalTime.DateTime(unix, offset));
        }

        [TestMethod]
        [DataRow(1795190400L, 480, 1795190400L)]
        [DataRow(1795276799L, 480, 1795190400L)]
        [DataRow(1795276800L, 480, 1795276800L)]
        [DataRow(1795233900L, 0, 1795219200L)]
        public void The_store_day_starts_at_local_midnight(long unix, int offset, long dayStart)
        {
            Assert.AreEqual(dayStart, LocalTime.DayStart(LocalTime.Day(unix, offset), offset));
        }

        [TestMethod]
        [DataRow("+08:00", 480)]
        [DataRow("+8", 480)]
        [DataRow("+0800", 480)]
        [DataRow("-05:30", -330)]
        [DataRow("+14:00", 840)]
        [DataRow("-12:00", -720)]
        [DataRow("+00:00", 0)]
        public void Parses_offsets(string text, int minutes)
        {
            int parsed;
            Assert.IsNull(LocalTime.ParseOffset(text, out parsed));
            Assert.AreEqual(minutes, parsed);
            Assert.AreEqual(text.Length == 6 ? text : LocalTime.FormatOffset(minutes), LocalTime.FormatOffset(parsed));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("08:00")]
        [DataRow("+15:00")]
        [DataRow("-12:30")]
        [DataRow("+08:60")]
        [DataRow("+08:0")]
        [DataRow("+8:00:00")]
        [DataRow("UTC+8")]
        [DataRow("+ 8")]
        public void Refuses_bad_offsets(string text)
        {
            int parsed;
            Assert.IsNotNull(LocalTime.ParseOffset(text, out parsed));
            Assert.AreEqual(0, parsed);
        }

        [TestMethod]
        [DataRow("2026-11-21", "20261121")]
        [DataRow("20240229", "20240229")]
        public void Parses_days(string text, string compact)
        {
            long day = LocalTime.ParseDay(text);
            Assert.IsTrue(day > 0);
            Assert.AreEqual(compact, LocalTime.DayText(day, string.Empty));
        }

        [TestMethod]
        [DataRow("2025-02-29")]
        [DataRow("2026-13-01")]
        [DataRow("1969-12-31")]
        [DataRow("2026-1-1")]
        [DataRow("today")]
        public void Refuses_bad_days(string text)
        {
            Assert.AreEqual(-1L, LocalTime.ParseDay(text));
        }
    }
}
