namespace Terminal.Core.Money
{
    /// <summary>
    /// An ISO 4217 currency the terminal can charge in, with the number of minor-unit digits
    /// WeChat Pay uses for total_fee (CNY: fen = 2 digits; JPY: 0 digits).
    /// </summary>
    public sealed class Currency
    {
        public static readonly Currency CNY = new Currency("CNY", 2);
        public static readonly Currency HKD = new Currency("HKD", 2);
        public static readonly Currency USD = new Currency("USD", 2);
        public static readonly Currency EUR = new Currency("EUR", 2);
        public static readonly Currency GBP = new Currency("GBP", 2);
        public static readonly Currency SGD = new Currency("SGD", 2);
        public static readonly Currency AUD = new Currency("AUD", 2);
        public static readonly Currency CAD = new Currency("CAD", 2);
        public static readonly Currency MOP = new Currency("MOP", 2);
        public static readonly Currency THB = new Currency("THB", 2);
        public static readonly Currency MYR = new Currency("MYR", 2);
        public static readonly Currency NZD = new Currency("NZD", 2);
        public static readonly Currency CHF = new Currency("CHF", 2);
        public static readonly Currency JPY = new Currency("JPY", 0);
        public static readonly Currency KRW = new Currency("KRW", 0);

        // A plain array keeps lookup allocation-free on the device (no generic dictionary there).
        private static readonly Currency[] Known =
        {
            CNY, HKD, USD, EUR, GBP, SGD, AUD, CAD, MOP, THB, MYR, NZD, CHF, JPY, KRW
        };

        private Currency(string code, int minorDigits)
        {
            Code = code;
            MinorDigits = minorDigits;
        }

        /// <summary>Three upper-case letters, e.g. "CNY".</summary>
        public string Code { get; }

        /// <summary>Digits after the decimal point: 2 for CNY (fen), 0 for JPY.</summary>
        public int MinorDigits { get; }

        /// <summary>Returns the currency for an ISO 4217 code (exact, upper case), or null if unsupported.</summary>
        public static Currency Find(string code)
        {
            if (code == null)
            {
                return null;
            }

            for (int i = 0; i < Known.Length; i++)
            {
                if (Known[i].Code == code)
                {
                    return Known[i];
                }
            }

            return null;
        }

        /// <summary>Every supported currency code, comma separated (for error messages and help).</summary>
        public static string SupportedCodes()
        {
            string result = string.Empty;
            for (int i = 0; i < Known.Length; i++)
            {
                result = i == 0 ? Known[i].Code : result + ", " + Known[i].Code;
            }

            return result;
        }

        public override string ToString()
        {
            return Code;
        }
    }
}
