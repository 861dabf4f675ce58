using nanoFramework.TestFramework;
using Terminal.Core.Text;
using Terminal.Core.Timing;

namespace Terminal.Tests.Timing
{
    [TestClass]
    public class BootBackoffTests
    {
        [TestMethod]
        [DataRow(0, 0)]
        [DataRow(1, 0)]
        [DataRow(3, 0)]
        [DataRow(4, 1)]
        [DataRow(5, 2)]
        [DataRow(6, 4)]
        [DataRow(7, 8)]
        [DataRow(8, 16)]
        [DataRow(9, 30)]
        [DataRow(1000, 30)]
        [DataRow(999999, 30)]
        public void Three_quick_reboots_then_1_2_4_minutes_up_to_30(int unhealthyBoots, int minutes)
        {
            Assert.AreEqual(minutes, BootBackoff.DelayMinutes(unhealthyBoots));
        }

        [TestMethod]
        [DataRow("", 0)]
        [DataRow("0", 0)]
        [DataRow("7", 7)]
        [DataRow("123456", 123456)]
        [DataRow("1234567", 0)]
        [DataRow("12a", 0)]
        [DataRow("-1", 0)]
        [DataRow(" 3", 0)]
        [DataRow("3\n", 0)]
        public void The_stored_counter_is_digits_only_and_anything_else_reads_as_0(string stored, int count)
        {
            Assert.AreEqual(count, BootBackoff.ParseCount(Utf8.Encode(stored)));
        }

        [TestMethod]
        public void Each_boot_counts_one_more_and_the_counter_survives_its_own_encoding()
        {
            Assert.AreEqual(1, BootBackoff.NextCount(null), "no counter yet");
            Assert.AreEqual(1, BootBackoff.NextCount(Utf8.Encode("x")), "a torn counter restarts at 1");
            byte[] stored = null;
            for (int boot = 1; boot <= 12; boot++)
            {
                int count = BootBackoff.NextCount(stored);
                Assert.AreEqual(boot, count);
                stored = BootBackoff.EncodeCount(count);
            }

            Assert.AreEqual("0", Utf8.Decode(BootBackoff.EncodeCount(0), 0, 1), "healthy: reset");
            Assert.AreEqual(BootBackoff.MaxCount, BootBackoff.NextCount(BootBackoff.EncodeCount(BootBackoff.MaxCount)), "stops at the 6-digit maximum");
            Assert.AreEqual(BootBackoff.MaxCount, BootBackoff.ParseCount(BootBackoff.EncodeCount(int.MaxValue)), "never written past what it can read back");
        }

        [TestMethod]
        public void The_crash_log_keeps_the_newest_whole_lines_within_4_KB()
        {
            byte[] log = null;
            for (int i = 0; i < 200; i++)
            {
                log = BootBackoff.AppendCrash(log, Utf8.Encode("crash " + i.ToString() + " 故障 tick loop: OutOfMemoryException\n"));
                Assert.IsTrue(log.Length <= BootBackoff.CrashLogMax, "bounded at " + i.ToString());
            }

            string text = Utf8.Decode(log, 0, log.Length);
            Assert.IsTrue(text.IndexOf("crash ") == 0, "starts with a whole line");
            Assert.IsTrue(text.IndexOf("crash 199 ") > 0, "the newest line is kept");
            Assert.IsTrue(text.IndexOf("crash 0 ") < 0, "the oldest went");
            Assert.AreEqual((int)'\n', (int)text[text.Length - 1]);
        }

        [TestMethod]
        public void A_line_longer_than_the_log_keeps_its_end_from_a_character_boundary()
        {
            string big = new string('错', 1500);
            byte[] log = BootBackoff.AppendCrash(Utf8.Encode("old\n"), Utf8.Encode(big + "\n"));
            Assert.IsTrue(log.Length <= BootBackoff.CrashLogMax);
            Assert.IsTrue(log.Length > BootBackoff.CrashLogMax - 3);
            Assert.AreEqual((int)'错', (int)Utf8.Decode(log, 0, log.Length)[0], "starts on a character, not inside one");
        }
    }
}
