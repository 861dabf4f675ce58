namespace Terminal.Core.Ui
{
    /// <summary>
    /// The matrix keypad's debounce and hold rules, fed raw scans so both runners test them: the
    /// device adapter reads the matrix every few milliseconds (one bit per key, bit = row ×
    /// columns + column) and hands each sample here with the time; the keys to deliver come back.
    /// <list type="bullet">
    /// <item>Debounce: the whole matrix must read the same for <see cref="DebounceMs"/> before a
    /// change counts, which also rejects the short glitches GPIO36/39 show when the ESP32's Wi-Fi
    /// radio wakes (errata 3.11). Each newly pressed key is delivered once, in bit order; releases
    /// deliver nothing.</item>
    /// <item>Hold: one key alone, down for <see cref="HoldMs"/> after its debounced press, raises a
    /// hold once per press. BACK held is <see cref="Key.Clear"/>, F2 held is <see cref="Key.Menu"/>
    /// (the keypad has no keys of their own for them; BACK or F2 itself was delivered at the
    /// press). Other holds deliver nothing.</item>
    /// </list>
    /// One thread (the scanner) drives it; nothing is allocated per sample.
    /// </summary>
    public sealed class KeypadDebouncer
    {
        private readonly int rows;
        private readonly int columns;
        private readonly Key[] output = new Key[33];
        private int outputCount;
        private int stable;
        private int candidate;
        private long candidateSinceMs;
        private long holdSinceMs;
        private bool holdReported;

        /// <summary>A <paramref name="rows"/> × <paramref name="columns"/> matrix (at most 32 keys); keys follow <see cref="Keys.FromMatrix"/>.</summary>
        public KeypadDebouncer(int rows, int columns)
        {
            if (rows < 1 || columns < 1 || rows * columns > 32)
            {
                throw new System.ArgumentException("1 to 32 keys");
            }

            this.rows = rows;
            this.columns = columns;
            DebounceMs = 30;
            HoldMs = 1000;
        }

        public int DebounceMs { get; set; }

        /// <summary>How long one key must stay down alone to count as held (once per press).</summary>
        public int HoldMs { get; set; }

        /// <summary>The debounced matrix: one bit per key down.</summary>
        public int Stable
        {
            get { return stable; }
        }

        /// <summary>
        /// One raw scan (<paramref name="raw"/>: bit set = key down) at monotonic
        /// <paramref name="nowMs"/>. Returns how many keys to deliver now; read them with
        /// <see cref="KeyAt"/> before the next sample.
        /// </summary>
        public int Sample(int raw, long nowMs)
        {
            outputCount = 0;
            if (raw != candidate)
            {
                candidate = raw;
                candidateSinceMs = nowMs;
                return 0;
            }

            if (candidate != stable)
            {
                if (nowMs - candidateSinceMs >= DebounceMs)
                {
                    int pressed = candidate & ~stable;
                    stable = candidate;
                    holdSinceMs = nowMs;
                    holdReported = false;
                    for (int bit = 0; bit < rows * columns; bit++)
                    {
                        if ((pressed & (1 << bit)) != 0)
                        {
                            Deliver(Keys.FromMatrix(bit / columns, bit % columns));
                        }
                    }
                }

                return outputCount;
            }

            if (stable != 0 && !holdReported && (stable & (stable - 1)) == 0 && nowMs - holdSinceMs >= HoldMs)
            {
                holdReported = true;
                int bit = 0;
                while ((stable & (1 << bit)) == 0)
                {
                    bit++;
                }

                Key held = Keys.FromMatrix(bit / columns, bit % columns);
                if (held == Key.Back)
                {
                    Deliver(Key.Clear);
                }
                else if (held == Key.F2)
                {
                    Deliver(Key.Menu);
                }
            }

            return outputCount;
        }

        /// <summary>The <paramref name="index"/>-th key of the last <see cref="Sample"/>.</summary>
        public Key KeyAt(int index)
        {
            return output[index];
        }

        private void Deliver(Key key)
        {
            if (key != Key.None)
            {
                output[outputCount++] = key;
            }
        }
    }
}
