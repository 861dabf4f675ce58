using Terminal.Core.Money;

namespace Terminal.Core.Ui
{
    /// <summary>
    /// The amount the cashier keys, as typed (docs/cashier.md, "Amount entry"): digits and one
    /// decimal point, at most <see cref="MaxDigits"/> digits and the currency's decimals, no
    /// leading zeros. Pure: no screen, no sound, no clock; the cashier UI turns its answers into
    /// beeps and messages.
    /// <para>
    /// A kept amount is <see cref="Selected"/> when the cashier comes back to amount entry from a
    /// later screen (confirm, scan prompt, a blocked sale): it shows without a cursor, highlighted,
    /// and the first digit or '.' <em>replaces</em> it, so an ENTER-ENTER habit after CANCEL never
    /// appends digits to the old amount ("7" + "3.33" is 3.33, not 73.33). ENTER confirms it as it
    /// is; BACK ends the selection and deletes its last character (edit).
    /// </para>
    /// </summary>
    public sealed class AmountEntry
    {
        /// <summary>Digits the cashier may key (before and after the decimal point together).</summary>
        public const int MaxDigits = 10;

        /// <summary>What <see cref="Press"/> returns when the key changed the amount.</summary>
        public const T Accepted = T.Count;

        private readonly char[] typed = new char[MaxDigits + 1];
        private int length;

        public AmountEntry(Currency currency)
        {
            Currency = currency;
        }

        public Currency Currency { get; set; }

        /// <summary>True while a kept amount is shown selected: the next digit or '.' replaces it.</summary>
        public bool Selected { get; private set; }

        public int Length
        {
            get { return length; }
        }

        /// <summary>The amount as typed (e.g. "12.3"), empty when nothing is typed.</summary>
        public string Text
        {
            get { return new string(typed, 0, length); }
        }

        /// <summary>
        /// The large line of the amount screen: "0.00" when empty, the kept amount as is when
        /// selected (the screen highlights it), otherwise the typed text with a cursor ("12.3_").
        /// </summary>
        public string Display
        {
            get
            {
                if (length == 0)
                {
                    return Currency.MinorDigits == 0 ? "0" : MoneyText.Format(0, Currency);
                }

                return Selected ? Text : Text + "_";
            }
        }

        /// <summary>Empties the amount.</summary>
        public void Clear()
        {
            length = 0;
            Selected = false;
        }

        /// <summary>
        /// Puts <paramref name="value"/> (minor units) in as a kept amount, selected: ENTER takes
        /// it, a digit replaces it (the refund amount's default: what is left refundable).
        /// </summary>
        public void Set(long value)
        {
            string text = value <= 0 ? string.Empty : MoneyText.Format(value, Currency);
            length = 0;
            for (int i = 0; i < text.Length && length < typed.Length; i++)
            {
                typed[length++] = text[i];
            }

            Select();
        }

        /// <summary>Keeps the amount but selects it (nothing typed: nothing to select).</summary>
        public void Select()
        {
            Selected = length > 0;
        }

        /// <summary>
        /// A digit, '.', BACK or CLEAR: <see cref="Accepted"/> when the amount changed, otherwise the
        /// message saying why not (too many decimals, no decimals for this currency, too many digits,
        /// key not used here). Other keys are not the editor's: <see cref="T.MsgKeyIgnored"/>.
        /// </summary>
        public T Press(Key key)
        {
            int digit = Keys.Digit(key);
            if (digit >= 0)
            {
                ReplaceSelection();
                return TypeDigit((char)('0' + digit));
            }

            switch (key)
            {
                case Key.Dot:
                    if (Currency.MinorDigits == 0)
                    {
                        return T.MsgNoDecimals;
                    }

                    ReplaceSelection();
                    return TypeDot();
                case Key.Back:
                    Selected = false;
                    if (length == 0)
                    {
                        return T.MsgKeyIgnored;
                    }

                    length--;
                    if (length == 1 && typed[0] == '0')
                    {
                        length = 0; // "0." → "0" → empty
                    }

                    return Accepted;
                case Key.Clear:
                case Key.Cancel:
                    Clear();
                    return Accepted;
            }

            return T.MsgKeyIgnored;
        }

        /// <summary>
        /// The amount in minor units, or false with the message to show: "Enter an amount" (nothing,
        /// zero) or "Above maximum" (<paramref name="aboveMaximum"/> true: show the maximum with it).
        /// </summary>
        public bool TryParse(long maxAmount, out long value, out T refusal, out bool aboveMaximum)
        {
            string error;
            refusal = Accepted;
            aboveMaximum = false;
            if (MoneyText.TryParse(Text, Currency, maxAmount, out value, out error))
            {
                return true;
            }

            aboveMaximum = length > 0 && HasNonZeroDigit() && error != null && error.IndexOf("maximum") >= 0;
            refusal = aboveMaximum ? T.MsgAboveMax : T.MsgEnterAmount;
            return false;
        }

        private void ReplaceSelection()
        {
            if (Selected)
            {
                length = 0;
                Selected = false;
            }
        }

        private T TypeDigit(char c)
        {
            int dot = DotIndex();
            if (dot >= 0 && length - dot - 1 >= Currency.MinorDigits)
            {
                return Currency.MinorDigits == 0 ? T.MsgNoDecimals : T.MsgMaxDecimals;
            }

            if ((dot >= 0 ? length - 1 : length) >= MaxDigits)
            {
                return T.MsgTooLarge;
            }

            if (length == 1 && typed[0] == '0')
            {
                length = 0; // no leading zeros
            }

            typed[length++] = c;
            return Accepted;
        }

        private T TypeDot()
        {
            if (DotIndex() >= 0)
            {
                return T.MsgKeyIgnored;
            }

            if (length == 0)
            {
                typed[length++] = '0';
            }

            typed[length++] = '.';
            return Accepted;
        }

        private int DotIndex()
        {
            for (int i = 0; i < length; i++)
            {
                if (typed[i] == '.')
                {
                    return i;
                }
            }

            return -1;
        }

        private bool HasNonZeroDigit()
        {
            for (int i = 0; i < length; i++)
            {
                if (typed[i] >= '1' && typed[i] <= '9')
                {
                    return true;
                }
            }

            return false;
        }
    }
}
