using nanoFramework.TestFramework;
using Terminal.Core.Money;

namespace Terminal.Tests.Money
{
    [TestClass]
    public class MoneyTextTests
    {
        private const long Max = 10000000; // 100,000.00 CNY

        [TestMethod]
        [DataRow("CNY", 0L, "0.00")]
        [DataRow("CNY", 1L, "0.01")]
        [DataRow("CNY", 10L, "0.10")]
        [DataRow("CNY", 1234L, "12.34")]
        [DataRow("CNY", -5L, "-0.05")]
        [DataRow("CNY", 100000000L, "1000000.00")]
        [DataRow("JPY", 500L, "500")]
        [DataRow("JPY", 0L, "0")]
        [DataRow("KRW", -1200L, "-1200")]
        [DataRow("CNY", -9223372036854775808L, "-92233720368547758.08")]
        [DataRow("CNY", 9223372036854775807L, "92233720368547758.07")]
        public void Format_writes_minor_units_with_currency_decimals(string code, long minor, string expected)
        {
            Assert.AreEqual(expected, MoneyText.Format(minor, Currency.Find(code)));
        }

        [TestMethod]
        [DataRow("12", 1200L)]
        [DataRow("12.", 1200L)]
        [DataRow("12.3", 1230L)]
        [DataRow("12.34", 1234L)]
        [DataRow("0.01", 1L)]
        [DataRow(".5", 50L)]
        [DataRow("007", 700L)]
        [DataRow("100000.00", 10000000L)]
        public void TryParse_accepts_cashier_input_in_CNY(string text, long expected)
        {
            long minor;
            string error;
            Assert.IsTrue(MoneyText.TryParse(text, Currency.CNY, Max, out minor, out error), "should parse: " + text);
            Assert.AreEqual(expected, minor);
            Assert.IsNull(error);
        }

        [TestMethod]
        [DataRow("", "Enter an amount.")]
        [DataRow(".", "Enter an amount.")]
        [DataRow("0", "Amount must be more than zero.")]
        [DataRow("0.00", "Amount must be more than zero.")]
        [DataRow("1.234", "CNY amounts have at most 2 decimals.")]
        [DataRow("1.2.3", "Only one decimal point is allowed.")]
        [DataRow("-1", "Only digits and a decimal point are allowed (found '-' at position 1).")]
        [DataRow("1,000", "Only digits and a decimal point are allowed (found ',' at position 2).")]
        [DataRow(" 1", "Only digits and a decimal point are allowed (found ' ' at position 1).")]
        [DataRow("100000.01", "Amount is above the maximum of 100000.00 CNY.")]
        [DataRow("99999999999999999999", "Amount is too large.")]
        [DataRow("92233720368547758.07", "Amount is too large.")]
        public void TryParse_rejects_bad_input_with_a_clear_message(string text, string expectedError)
        {
            long minor;
            string error;
            Assert.IsFalse(MoneyText.TryParse(text, Currency.CNY, Max, out minor, out error), "should reject: " + text);
            Assert.AreEqual(expectedError, error);
            Assert.AreEqual(0L, minor);
        }

        [TestMethod]
        public void TryParse_rejects_null_text_and_missing_currency()
        {
            long minor;
            string error;
            Assert.IsFalse(MoneyText.TryParse(null, Currency.CNY, Max, out minor, out error));
            Assert.AreEqual("Enter an amount.", error);
            Assert.IsFalse(MoneyText.TryParse("1", null, Max, out minor, out error));
            Assert.AreEqual("No currency configured.", error);
        }

        [TestMethod]
        public void TryParse_in_a_zero_decimal_currency_refuses_a_decimal_point()
        {
            long minor;
            string error;
            Assert.IsTrue(MoneyText.TryParse("1500", Currency.JPY, 1000000, out minor, out error));
            Assert.AreEqual(1500L, minor);
            Assert.IsFalse(MoneyText.TryParse("15.00", Currency.JPY, 1000000, out minor, out error));
            Assert.AreEqual("JPY amounts have no decimals.", error);
        }

        [TestMethod]
        public void Format_and_TryParse_round_trip()
        {
            long[] samples = { 1, 9, 10, 99, 100, 101, 1234, 99999, 10000000 };
            for (int i = 0; i < samples.Length; i++)
            {
                long parsed;
                string error;
                string text = MoneyText.Format(samples[i], Currency.CNY);
                Assert.IsTrue(MoneyText.TryParse(text, Currency.CNY, Max, out parsed, out error), text);
                Assert.AreEqual(samples[i], parsed, text);
            }
        }
    }
}
