using nanoFramework.TestFramework;
using Terminal.Core.Text;

namespace Terminal.Tests.Text
{
    [TestClass]
    public class DigitsTests
    {
        [TestMethod]
        [DataRow("0", 0L)]
        [DataRow("1234", 1234L)]
        [DataRow("007", 7L)]
        [DataRow("999999999999999999", 999999999999999999L)]
        [DataRow("", -1L)]
        [DataRow("1234567890123456789", -1L)]
        [DataRow("-5", -1L)]
        [DataRow("+5", -1L)]
        [DataRow(" 5", -1L)]
        [DataRow("12.34", -1L)]
        [DataRow("1e3", -1L)]
        public void ParseNonNegative_accepts_only_plain_digits(string text, long expected)
        {
            Assert.AreEqual(expected, Digits.ParseNonNegative(text), text);
        }

        [TestMethod]
        public void ParseNonNegative_refuses_null()
        {
            Assert.AreEqual(-1L, Digits.ParseNonNegative(null));
        }
    }
}
