namespace Terminal.Core.Ui
{
    /// <summary>
    /// The 16 keys of the terminal's 4x4 matrix keypad (docs/cashier.md, "Keypad"):
    /// <code>
    ///   1   2   3   F1        F1: language (English / 简体中文)
    ///   4   5   6   F2        F2: status; held 1 s: MENU (manager functions)
    ///   7   8   9   BACK      BACK: delete one character; held 1 s: CLEAR
    ///   .   0  CANCEL ENTER
    /// </code>
    /// <see cref="Clear"/> and <see cref="Menu"/> have no key of their own on the device (BACK
    /// held, F2 held); the simulator maps them to Delete and F3.
    /// </summary>
    public enum Key
    {
        None = 0,
        D0,
        D1,
        D2,
        D3,
        D4,
        D5,
        D6,
        D7,
        D8,
        D9,
        Dot,
        Back,
        Clear,
        Enter,
        Cancel,
        F1,
        F2,

        /// <summary>F2 held: the manager functions (behind the manager PIN).</summary>
        Menu,
    }

    /// <summary>Key helpers shared by the UI and the adapters.</summary>
    public static class Keys
    {
        /// <summary>The digit 0-9 of a digit key, else -1.</summary>
        public static int Digit(Key key)
        {
            if (key >= Key.D0 && key <= Key.D9)
            {
                return (int)key - (int)Key.D0;
            }

            return -1;
        }

        /// <summary>The key of a digit 0-9.</summary>
        public static Key FromDigit(int digit)
        {
            return (Key)((int)Key.D0 + digit);
        }

        /// <summary>
        /// The key of a 4x4 matrix position (row 0-3 top to bottom, column 0-3 left to right),
        /// as printed on the keypad above; device keypad adapters use it.
        /// </summary>
        public static Key FromMatrix(int row, int column)
        {
            if (row < 0 || row > 3 || column < 0 || column > 3)
            {
                return Key.None;
            }

            if (row < 3 && column < 3)
            {
                return FromDigit(row * 3 + column + 1);
            }

            if (column == 3)
            {
                return row == 0 ? Key.F1 : (row == 1 ? Key.F2 : (row == 2 ? Key.Back : Key.Enter));
            }

            return column == 0 ? Key.Dot : (column == 1 ? Key.D0 : Key.Cancel);
        }
    }
}
