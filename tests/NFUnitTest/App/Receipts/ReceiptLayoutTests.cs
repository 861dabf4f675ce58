using nanoFramework.TestFramework;
using Terminal.Core.Receipts;
using Terminal.Core.Store;

namespace Terminal.Tests.Receipts
{
    /// <summary>Receipt content and its 32-column layout (58 mm paper), in English and Chinese.</summary>
    [TestClass]
    public class ReceiptLayoutTests
    {
        /// <summary>2026-11-21 15:20:01 China time.</summary>
        public const long PaidAt = 1795190400L + 15 * 3600 + 20 * 60 + 1;

        public static ReceiptHeader Header(bool chinese)
        {
            ReceiptHeader h = new ReceiptHeader();
            h.StoreName = "Demo Store";
            h.TerminalId = "T0001";
            h.OffsetMinutes = 480;
            h.Chinese = chinese;
            return h;
        }

        public static HistoryRecord Paid()
        {
            HistoryRecord r = new HistoryRecord();
            r.Status = HistoryRecord.Paid;
            r.At = PaidAt;
            r.OutTradeNo = "T00012026112115200001";
            r.Reference = "4200000000202611210012345678";
            r.Amount = 1234;
            r.Currency = "CNY";
            r.Reason = string.Empty;
            return r;
        }

        [TestMethod]
        [DataRow("", 0)]
        [DataRow("Amount", 6)]
        [DataRow("金额", 4)]
        [DataRow("A金", 3)]
        [DataRow("\u00e9t\u00e9", 3)]
        [DataRow("\u9f98", 1)]
        public void Width_counts_ascii_as_one_column_and_printable_chinese_as_two(string text, int columns)
        {
            // é and 龘 are not in the printer table: they print as '?', one column.
            Assert.AreEqual(columns, Receipt.Width(text));
        }

        [TestMethod]
        [DataRow("Time", "2026-11-21 15:20:01", "Time         2026-11-21 15:20:01", "")]
        [DataRow("Order no.", "T00012026112115200001", "Order no.  T00012026112115200001", "")]
        [DataRow("WeChat transaction", "4200000000202611210012345678", "WeChat transaction", "    4200000000202611210012345678")]
        [DataRow("金额", "12.34 CNY", "金额                   12.34 CNY", "")]
        [DataRow("微信支付交易单号", "4200000000202611210012345678", "微信支付交易单号", "    4200000000202611210012345678")]
        public void A_label_and_its_value_share_a_line_when_they_fit_else_the_value_goes_right_below(string label, string value, string first, string second)
        {
            Receipt r = new Receipt(ReceiptKind.Sale, false);
            r.Pair(label, value, false);
            Assert.AreEqual(second.Length == 0 ? 1 : 2, r.Count);
            Assert.AreEqual(first, r.Line(0).Text);
            if (second.Length > 0)
            {
                Assert.AreEqual(second, r.Line(1).Text);
            }

            for (int i = 0; i < r.Count; i++)
            {
                Assert.IsTrue(Receipt.Width(r.Line(i).Text) <= Receipt.Columns);
            }
        }

        [TestMethod]
        [DataRow(32, 1)]
        [DataRow(33, 2)]
        [DataRow(70, 3)]
        public void Text_longer_than_the_paper_wraps(int length, int lines)
        {
            Receipt r = new Receipt(ReceiptKind.Sale, false);
            r.Text(new string('x', length), false, false);
            Assert.AreEqual(lines, r.Count);
            Assert.AreEqual(32, r.Line(0).Text.Length);
        }

        [TestMethod]
        public void A_sale_receipt_in_english_has_store_terminal_local_time_order_transaction_and_amount()
        {
            Receipt r = ReceiptBuilder.Sale(Header(false), Paid());
            string expected =
                "           Demo Store\n" +
                "          SALE RECEIPT\n" +
                "--------------------------------\n" +
                "Terminal                   T0001\n" +
                "Time         2026-11-21 15:20:01\n" +
                "Order no.  T00012026112115200001\n" +
                "WeChat transaction\n" +
                "    4200000000202611210012345678\n" +
                "--------------------------------\n" +
                "AMOUNT                 12.34 CNY\n" +
                "--------------------------------\n" +
                "      Paid with WeChat Pay\n" +
                "           Thank you\n" +
                "    Please keep this receipt\n";
            Assert.AreEqual(expected, r.ToText());
            Assert.IsTrue(r.Line(9).Bold);
        }

        [TestMethod]
        public void A_sale_receipt_in_chinese_has_the_same_facts_with_chinese_labels()
        {
            Receipt r = ReceiptBuilder.Sale(Header(true), Paid());
            string expected =
                "           Demo Store\n" +
                "            收款凭证\n" +
                "--------------------------------\n" +
                "终端号                     T0001\n" +
                "时间         2026-11-21 15:20:01\n" +
                "商户订单号 T00012026112115200001\n" +
                "微信支付交易单号\n" +
                "    4200000000202611210012345678\n" +
                "--------------------------------\n" +
                "金额                   12.34 CNY\n" +
                "--------------------------------\n" +
                "       微信支付 支付成功\n" +
                "            谢谢惠顾\n" +
                "          请保留此凭证\n";
            Assert.AreEqual(expected, r.ToText());
        }

        [TestMethod]
        [DataRow(false, "REFUNDED                5.00 CNY", "Refund no.\n         T00012026112115200001R1\n")]
        [DataRow(true, "退款金额                5.00 CNY", "退款单号 T00012026112115200001R1\n")]
        public void A_refund_receipt_has_the_order_the_refund_number_and_the_refunded_amount(bool chinese, string amountLine, string refundLine)
        {
            HistoryRecord refund = Paid();
            refund.Status = HistoryRecord.Refunded;
            refund.Reference = "T00012026112115200001R1";
            refund.Amount = 500;
            Receipt r = ReceiptBuilder.Refund(Header(chinese), refund);
            string text = r.ToText();
            Assert.IsTrue(text.IndexOf(amountLine + "\n") >= 0, text);
            Assert.IsTrue(text.IndexOf(refundLine) >= 0, text);
            Assert.AreEqual(ReceiptKind.Refund, r.Kind);
        }

        [TestMethod]
        [DataRow(false, "Sales x2               20.00 CNY", "Net                    15.00 CNY")]
        [DataRow(true, "收款 x2                20.00 CNY", "净额                   15.00 CNY")]
        public void A_z_receipt_has_number_day_period_and_the_totals_per_currency(bool chinese, string salesLine, string netLine)
        {
            ZReport z = new ZReport();
            z.Number = 7;
            z.TerminalId = "T0001";
            z.OffsetMinutes = 480;
            z.OpenedAt = PaidAt - 3600;
            z.ClosedAt = PaidAt;
            z.Totals = new Totals();
            z.Totals.Add(Record(HistoryRecord.Paid, 1000, "CNY"));
            z.Totals.Add(Record(HistoryRecord.Paid, 1000, "CNY"));
            z.Totals.Add(Record(HistoryRecord.Refunded, 500, "CNY"));
            z.Totals.Add(Record(HistoryRecord.Paid, 300, "HKD"));
            Receipt r = ReceiptBuilder.Z(Header(chinese), z);
            string text = r.ToText();
            Assert.IsTrue(text.IndexOf(salesLine + "\n") >= 0, text);
            Assert.IsTrue(text.IndexOf(netLine + "\n") >= 0, text);
            Assert.IsTrue(text.IndexOf("3.00 HKD\n") >= 0, text);
            Assert.IsTrue(text.IndexOf("2026-11-21\n") >= 0, text);
            for (int i = 0; i < r.Count; i++)
            {
                Assert.IsTrue(Receipt.Width(r.Line(i).Text) <= Receipt.Columns, r.Line(i).Text);
            }
        }

        [TestMethod]
        public void Every_chinese_label_prints_in_the_printers_gb2312_font()
        {
            for (int i = 0; i < ReceiptText.Count; i++)
            {
                string label = ReceiptText.Get((RT)i, true);
                for (int k = 0; k < label.Length; k++)
                {
                    Assert.IsTrue(label[k] < 0x80 || GbCodes.Find(label[k]) >= 0, label);
                }

                string english = ReceiptText.Get((RT)i, false);
                for (int k = 0; k < english.Length; k++)
                {
                    Assert.IsTrue(english[k] >= 0x20 && english[k] < 0x7F, english);
                }
            }
        }

        private static HistoryRecord Record(byte status, long amount, string currency)
        {
            HistoryRecord r = Paid();
            r.Status = status;
            r.Amount = amount;
            r.Currency = currency;
            return r;
        }
    }
}
