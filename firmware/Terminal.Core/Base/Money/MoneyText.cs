namespace Terminal.Core.Money
{
    /// <summary>
    /// Converts between money as typed or shown ("12.34") and money as stored and sent
    /// (a <c>long</c> count of minor units, e.g. 1234 fen). Never uses floating point.
    /// </summary>
    public static class MoneyText
    {
        /// <summary>Formats minor units with the currency's decimals: 1234 CNY → "12.34", -5 → "-0.05", 500 JPY → "500".</summary>
        public static string Format(long minorUnits, Currency currency)
        {
            bool negative = minorUnits < 0;
            // Work in negative space so long.MinValue needs no special case.
            long value = negative ? minorUnits : -minorUnits;
            int digits = currency.MinorDigits;

            char[] buffer = new char[24];
            int pos = buffer.Length;
            int written = 0;
            while (value != 0 || written <= digits)
            {
                if (digits > 0 && written == digits)
                {
                    buffer[--pos] = '.';
                }

                long quotient = value / 10;
                int digit = (int)(quotient * 10 - value);
                buffer[--pos] = (char)('0' + digit);
                value = quotient;
                written++;
            }

            if (negative)
            {
                buffer[--pos] = '-';
            }

            return new string(buffer, pos, buffer.Length - pos);
        }

        /// <summary>
        /// Parses an amount typed by a person ("12", "12.3", "12.34", "0.01") into minor units.
        /// Accepts digits with at most one decimal point and at most the currency's decimals.
        /// Rejects empty text, signs, spaces, grouping separators, too many decimals, zero,
        /// and anything above <paramref name="maximumMinorUnits"/>.
        /// </summary>
        /// <returns>True with the amount, or false with a message a cashier can act on.</returns>
        public static bool TryParse(string text, Currency currency, long maximumMinorUnits, out long minorUnits, out string error)
        {
            minorUnits = 0;
            error = null;
            if (currency == null)
            {
                error = "No currency configured.";
                return false;
            }

            if (text == null || text.Length == 0)
            {
                error = "Enter an amount.";
                return false;
            }

            int digits = currency.MinorDigits;
            long value = 0;
            int decimalsSeen = -1; // -1: no decimal point yet
            int digitCount = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '.')
                {
                    if (digits == 0)
                    {
                        error = currency.Code + " amounts have no decimals.";
                        return false;
                    }

                    if (decimalsSeen >= 0)
                    {
                        error = "Only one decimal point is allowed.";
                        return false;
                    }

                    decimalsSeen = 0;
                    continue;
                }

                if (c < '0' || c > '9')
                {
                    error = "Only digits and a decimal point are allowed (found '" + c + "' at position " + (i + 1) + ").";
                    return false;
                }

                if (decimalsSeen >= 0)
                {
                    if (decimalsSeen == digits)
                    {
                        error = currency.Code + " amounts have at most " + digits + " decimals.";
                        return false;
                    }

                    decimalsSeen++;
                }

                digitCount++;
                if (value > (long.MaxValue - 9) / 10)
                {
                    error = "Amount is too large.";
                    return false;
                }

                value = value * 10 + (c - '0');
            }

            if (digitCount == 0)
            {
                error = "Enter an amount.";
                return false;
            }

            int missing = decimalsSeen < 0 ? digits : digits - decimalsSeen;
            for (int i = 0; i < missing; i++)
            {
                if (value > long.MaxValue / 10)
                {
                    error = "Amount is too large.";
                    return false;
                }

                value *= 10;
            }

            if (value == 0)
            {
                error = "Amount must be more than zero.";
                return false;
            }

            if (value > maximumMinorUnits)
            {
                error = "Amount is above the maximum of " + Format(maximumMinorUnits, currency) + " " + currency.Code + ".";
                return false;
            }

            minorUnits = value;
            return true;
        }
    }
}
