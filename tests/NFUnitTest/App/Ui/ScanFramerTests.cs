using Terminal.Core.Protocol;
using Terminal.Core.Text;
using Terminal.Core.Ui;
using Terminal.Tests.Support;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Ui
{
    [TestClass]
    public class ScanFramerTests
    {
        private static ScanFramer Framer(ScreenLog log, VirtualClock clock, Framing framing)
        {
            ScanFramer f = new ScanFramer(clock, log, 32);
            f.Framing = framing;
            return f;
        }

        private static void Feed(ScanFramer f, string text)
        {
            byte[] b = Utf8.Encode(text);
            f.Feed(b, 0, b.Length);
        }

        [TestMethod]
        [DataRow((int)Framing.Cr, "134567890123456789\r", "134567890123456789", 0)]
        [DataRow((int)Framing.Cr, "134567890123456789\r\n", "134567890123456789", 0)]
        [DataRow((int)Framing.Lf, "134567890123456789\n", "134567890123456789", 0)]
        [DataRow((int)Framing.Lf, "134567890123456789\r\n", "134567890123456789", 0)]
        [DataRow((int)Framing.CrLf, "134567890123456789\r\n", "134567890123456789", 0)]
        [DataRow((int)Framing.CrLf, "134567890123456789\n", "", 0)]
        [DataRow((int)Framing.Any, "134567890123456789\n", "134567890123456789", 0)]
        [DataRow((int)Framing.Any, "134567890123456789\r\n", "134567890123456789", 0)]
        [DataRow((int)Framing.Cr, "  134567890123456789 \r", "134567890123456789", 0)]
        [DataRow((int)Framing.Cr, "\r\r\r", "", 0)]
        [DataRow((int)Framing.Lf, "134567890123456789\r", "", 0)]
        public void Frames_lines_per_configured_ending(int framing, string input, string expected, int problems)
        {
            ScreenLog log = new ScreenLog();
            ScanFramer f = Framer(log, new VirtualClock(), (Framing)framing);
            Feed(f, input);
            Assert.AreEqual(expected.Length == 0 ? 0 : 1, log.Codes.Count, "codes");
            if (expected.Length > 0)
            {
                Assert.AreEqual(expected, (string)log.Codes[0]);
            }

            Assert.AreEqual(problems, log.Problems.Count, "problems");
        }

        [TestMethod]
        public void Overlong_line_is_discarded_whole_and_the_next_code_is_read()
        {
            ScreenLog log = new ScreenLog();
            ScanFramer f = Framer(log, new VirtualClock(), Framing.Cr);
            Feed(f, "1234567890123456789012345678901234567890\r134567890123456789\r");
            Assert.AreEqual(1, log.Problems.Count);
            Assert.AreEqual((int)ScanProblem.TooLong, (int)log.Problems[0]);
            Assert.AreEqual(1, log.Codes.Count);
            Assert.AreEqual("134567890123456789", (string)log.Codes[0]);
        }

        [TestMethod]
        [DataRow("13456\u00017890\r")]
        [DataRow("13456\u00e97890\r")]
        [DataRow("\n134567890123456789\r")]
        public void Noise_is_discarded_with_a_problem(string input)
        {
            ScreenLog log = new ScreenLog();
            ScanFramer f = Framer(log, new VirtualClock(), Framing.Cr);
            Feed(f, input);
            Assert.AreEqual(0, log.Codes.Count);
            Assert.AreEqual(1, log.Problems.Count);
            Assert.AreEqual((int)ScanProblem.Noise, (int)log.Problems[0]);
        }

        [TestMethod]
        public void Duplicate_within_the_window_is_suppressed_later_accepted()
        {
            ScreenLog log = new ScreenLog();
            VirtualClock clock = new VirtualClock();
            ScanFramer f = Framer(log, clock, Framing.Cr);
            Feed(f, "134567890123456789\r");
            clock.Advance(300);
            Feed(f, "134567890123456789\r");
            Assert.AreEqual(1, log.Codes.Count);
            Assert.AreEqual((int)ScanProblem.Duplicate, (int)log.Problems[0]);
            clock.Advance(2500);
            Feed(f, "134567890123456789\r");
            Assert.AreEqual(2, log.Codes.Count);
        }

        [TestMethod]
        public void Partial_line_is_abandoned_after_the_idle_time_out()
        {
            ScreenLog log = new ScreenLog();
            VirtualClock clock = new VirtualClock();
            ScanFramer f = Framer(log, clock, Framing.Cr);
            Feed(f, "13456789");
            clock.Advance(1000);
            Feed(f, "134567890123456789\r");
            Assert.AreEqual((int)ScanProblem.Incomplete, (int)log.Problems[0]);
            Assert.AreEqual("134567890123456789", (string)log.Codes[0]);
        }

        [TestMethod]
        public void Bytes_split_across_reads_form_one_code()
        {
            ScreenLog log = new ScreenLog();
            ScanFramer f = Framer(log, new VirtualClock(), Framing.CrLf);
            Feed(f, "1345678");
            Feed(f, "90123456789\r");
            Feed(f, "\n");
            Assert.AreEqual(1, log.Codes.Count);
            Assert.AreEqual(0, log.Problems.Count);
        }
    }
}
