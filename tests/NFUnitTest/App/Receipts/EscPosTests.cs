using nanoFramework.TestFramework;
using Terminal.Core.Receipts;

namespace Terminal.Tests.Receipts
{
    /// <summary>The ESC/POS bytes: commands, ASCII, GB2312 Chinese, the '?' fallback.</summary>
    [TestClass]
    public class EscPosTests
    {
        [TestMethod]
        [DataRow("AB 1", "41422031")]
        [DataRow("收款", "CAD5BFEE")]
        [DataRow("金额12", "BDF0B6EE3132")]
        [DataRow("微信支付", "CEA2D0C5D6A7B8B6")]
        [DataRow("\u001B@", "3F40")]
        [DataRow("\u001D\u007F", "3F3F")]
        [DataRow("caf\u00e9", "6361663F")]
        [DataRow("\u9f98\u9f98", "3F3F")]
        public void Text_is_ascii_as_is_chinese_as_gb2312_and_anything_else_a_question_mark(string text, string hex)
        {
            ByteBuffer b = new ByteBuffer(4);
            EscPos.Text(b, text);
            Assert.AreEqual(hex, Hex(b.ToArray()));
        }

        [TestMethod]
        [DataRow(false, false)]
        [DataRow(true, true)]
        public void A_receipt_starts_with_init_and_ends_with_feed_and_cut_and_selects_chinese_only_when_needed(bool chinese, bool chineseMode)
        {
            byte[] bytes = EscPos.Encode(ReceiptBuilder.Sale(ReceiptLayoutTests.Header(chinese), ReceiptLayoutTests.Paid()), false);
            string hex = Hex(bytes);
            Assert.IsTrue(hex.IndexOf("1B40") == 0, hex);
            Assert.AreEqual(chineseMode, hex.IndexOf("1B401C26") == 0);
            Assert.IsTrue(hex.EndsWith("1B6404" + "1D564200"), hex);
            int zeros = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                zeros += bytes[i] == 0 ? 1 : 0;
            }

            // 0x00 only as command arguments: ESC a 0 / ESC E 0 and the cut's last byte.
            Assert.IsTrue(zeros >= 1 && zeros <= 8, zeros.ToString());
        }

        [TestMethod]
        public void Centre_and_emphasis_are_switched_only_where_they_change_and_left_off_at_the_end()
        {
            Receipt r = new Receipt(ReceiptKind.Sale, false);
            r.Text("T", true, true);
            r.Text("a", false, false);
            r.Text("b", false, false);
            r.Text("C", false, true);
            string hex = Hex(EscPos.Encode(r, false));
            Assert.AreEqual("1B40" + "1B6101" + "1B4501" + "54" + "0A" + "1B6100" + "1B4500" + "61" + "0A" + "62" + "0A" + "1B4501" + "43" + "0A" + "1B4500" + "1B6404" + "1D564200", hex);
        }

        [TestMethod]
        [DataRow(false, "2A2A2A2052455052494E54202A2A2A0A")]
        [DataRow(true, "2A2A2A20B2B9B4F2202A2A2A0A")]
        public void A_reprint_carries_a_marker_under_the_first_line(bool chinese, string markerHex)
        {
            Receipt r = ReceiptBuilder.Sale(ReceiptLayoutTests.Header(chinese), ReceiptLayoutTests.Paid());
            string once = Hex(EscPos.Encode(r, false));
            string again = Hex(EscPos.Encode(r, true));
            Assert.IsTrue(once.IndexOf(markerHex) < 0);
            int at = again.IndexOf(markerHex);
            Assert.IsTrue(at > 0, again);
            Assert.IsTrue(again.IndexOf("44656D6F2053746F72650A") < at); // "Demo Store\n" first
        }

        [TestMethod]
        public void The_gb_table_is_sorted_and_every_code_is_a_two_byte_gb2312_code()
        {
            Assert.AreEqual(GbCodes.Chars.Length, GbCodes.Codes.Length);
            for (int i = 0; i < GbCodes.Chars.Length; i++)
            {
                Assert.IsTrue(i == 0 || GbCodes.Chars[i - 1] < GbCodes.Chars[i]);
                Assert.AreEqual(i, GbCodes.Find(GbCodes.Chars[i]));
                int hi = GbCodes.Codes[i] >> 8;
                int lo = GbCodes.Codes[i] & 0xFF;
                Assert.IsTrue(hi >= 0xA1 && hi <= 0xF7 && lo >= 0xA1 && lo <= 0xFE);
            }

            Assert.AreEqual(-1, GbCodes.Find('A'));
            Assert.AreEqual(-1, GbCodes.Find('\uFFFF'));
        }

        public static string Hex(byte[] bytes)
        {
            const string digits = "0123456789ABCDEF";
            char[] c = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                c[2 * i] = digits[bytes[i] >> 4];
                c[2 * i + 1] = digits[bytes[i] & 0xF];
            }

            return new string(c);
        }
    }
}
