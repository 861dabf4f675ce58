using nanoFramework.TestFramework;
using Terminal.Core.Money;

namespace Terminal.Tests.Money
{
    [TestClass]
    public class CurrencyTests
    {
        [TestMethod]
        [DataRow("CNY", 2)]
        [DataRow("HKD", 2)]
        [DataRow("USD", 2)]
        [DataRow("JPY", 0)]
        [DataRow("KRW", 0)]
        public void Find_returns_the_minor_digits_WeChat_uses(string code, int digits)
        {
            Currency currency = Currency.Find(code);
            Assert.IsNotNull(currency, code);
            Assert.AreEqual(code, currency.Code);
            Assert.AreEqual(digits, currency.MinorDigits);
        }

        [TestMethod]
        [DataRow("cny")]
        [DataRow("RMB")]
        [DataRow("")]
        [DataRow("CNYX")]
        public void Find_returns_null_for_unsupported_or_miscased_codes(string code)
        {
            Assert.IsNull(Currency.Find(code));
        }

        [TestMethod]
        public void Find_handles_null_and_lists_supported_codes()
        {
            Assert.IsNull(Currency.Find(null));
            Assert.StartsWith("CNY, HKD", Currency.SupportedCodes());
            Assert.Contains("JPY", Currency.SupportedCodes());
        }
    }
}
