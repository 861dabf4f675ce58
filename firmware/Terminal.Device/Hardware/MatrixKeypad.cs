using System;
using System.Device.Gpio;
using System.Threading;
using Terminal.Device.Platform;

namespace Terminal.Device.Hardware
{
    /// <summary>A key of the matrix changed (debounced): row and column from 0, top left.</summary>
    public delegate void MatrixKeyHandler(int row, int column, bool pressed);

    /// <summary>A key has been held down for <see cref="MatrixKeypad.HoldMs"/>.</summary>
    public delegate void MatrixHoldHandler(int row, int column);

    /// <summary>
    /// 4x4 (or any rows x columns) matrix keypad scanned over GPIO, with debounce. Rows are
    /// outputs driven low one at a time (open drain, so two keys in one column never short two
    /// driven rows); columns are inputs pulled up (GPIO34-39 have no internal pull-up: the reference
    /// build fits 10 kOhm resistors, see hardware/README.md). At rest all rows are driven low and the
    /// columns are read every <see cref="ScanPeriodMs"/>: four reads; a full row-by-row scan runs only
    /// while a key is down. The whole matrix state must be stable for <see cref="DebounceMs"/> before
    /// changes are reported, which also rejects the short glitches GPIO36/39 show when the Wi-Fi
    /// radio wakes (ESP32 errata 3.11).
    /// <para>
    /// Why not nanoFramework.Iot.Device.KeyMatrix: the binding is not in the 1.x API listings the gate
    /// checks, it reports raw events without debounce and scans continuously; the ~100 lines here are
    /// verified by the gate. What a key means is the core's business (Keys.FromMatrix).
    /// </para>
    /// </summary>
    public sealed class MatrixKeypad : IDisposable
    {
        private readonly GpioPin[] rows;
        private readonly GpioPin[] columns;
        private readonly bool openDrain;
        private Thread scanner;
        private bool running;
        private int stable;
        private int candidate;
        private long candidateSinceMs;
        private long holdSinceMs;
        private bool holdReported;

        public MatrixKeypad(GpioController gpio, int[] rowPins, int[] columnPins)
        {
            if (rowPins.Length * columnPins.Length > 32)
            {
                throw new ArgumentException("at most 32 keys");
            }

            rows = new GpioPin[rowPins.Length];
            columns = new GpioPin[columnPins.Length];
            for (int c = 0; c < columnPins.Length; c++)
            {
                columns[c] = gpio.OpenPin(columnPins[c]);
                columns[c].SetPinMode(columns[c].IsPinModeSupported(PinMode.InputPullUp) ? PinMode.InputPullUp : PinMode.Input);
            }

            for (int r = 0; r < rowPins.Length; r++)
            {
                rows[r] = gpio.OpenPin(rowPins[r]);
            }

            openDrain = rows[0].IsPinModeSupported(PinMode.OutputOpenDrain);
            for (int r = 0; r < rows.Length; r++)
            {
                if (openDrain)
                {
                    rows[r].SetPinMode(PinMode.OutputOpenDrain);
                }

                Drive(r, true);
            }

            ScanPeriodMs = 10;
            DebounceMs = 30;
            HoldMs = 1000;
        }

        public int ScanPeriodMs { get; set; }

        public int DebounceMs { get; set; }

        /// <summary>How long one key must stay down alone before <see cref="Held"/> is raised (once per press).</summary>
        public int HoldMs { get; set; }

        /// <summary>Debounced press and release events, on the scanning thread.</summary>
        public MatrixKeyHandler Changed;

        /// <summary>Raised once when a single key stays down <see cref="HoldMs"/>.</summary>
        public MatrixHoldHandler Held;

        public void Start()
        {
            running = true;
            scanner = new Thread(new ThreadStart(Run));
            scanner.Priority = ThreadPriority.AboveNormal;
            scanner.Start();
        }

        public void Dispose()
        {
            running = false;
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i].Dispose();
            }

            for (int i = 0; i < columns.Length; i++)
            {
                columns[i].Dispose();
            }
        }

        private void Run()
        {
            while (running)
            {
                Thread.Sleep(ScanPeriodMs);
                int raw;
                try
                {
                    raw = AnyColumnLow() ? Scan() : 0;
                }
                catch (Exception ex)
                {
                    DeviceLog.Error("keypad scan failed", ex);
                    Thread.Sleep(1000);
                    continue;
                }

                Debounce(raw, Environment.TickCount64);
            }
        }

        private void Debounce(int raw, long now)
        {
            if (raw != candidate)
            {
                candidate = raw;
                candidateSinceMs = now;
                return;
            }

            if (candidate != stable && now - candidateSinceMs >= DebounceMs)
            {
                int changed = candidate ^ stable;
                stable = candidate;
                holdSinceMs = now;
                holdReported = false;
                Report(changed);
            }
            else if (stable != 0 && !holdReported && now - holdSinceMs >= HoldMs && (stable & (stable - 1)) == 0)
            {
                holdReported = true;
                int bit = IndexOfBit(stable);
                MatrixHoldHandler handler = Held;
                if (handler != null)
                {
                    Safe(handler, bit / columns.Length, bit % columns.Length);
                }
            }
        }

        private void Report(int changed)
        {
            MatrixKeyHandler handler = Changed;
            if (handler == null)
            {
                return;
            }

            for (int bit = 0; bit < rows.Length * columns.Length; bit++)
            {
                if ((changed & (1 << bit)) != 0)
                {
                    try
                    {
                        handler(bit / columns.Length, bit % columns.Length, (stable & (1 << bit)) != 0);
                    }
                    catch (Exception ex)
                    {
                        DeviceLog.Error("key handler failed", ex);
                    }
                }
            }
        }

        private static void Safe(MatrixHoldHandler handler, int row, int column)
        {
            try
            {
                handler(row, column);
            }
            catch (Exception ex)
            {
                DeviceLog.Error("key hold handler failed", ex);
            }
        }

        /// <summary>All rows are driven low at rest: any pressed key pulls its column low.</summary>
        private bool AnyColumnLow()
        {
            for (int c = 0; c < columns.Length; c++)
            {
                if (columns[c].Read() == PinValue.Low)
                {
                    return true;
                }
            }

            return false;
        }

        private int Scan()
        {
            int bits = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                Drive(r, false);
            }

            for (int r = 0; r < rows.Length; r++)
            {
                Drive(r, true);
                for (int c = 0; c < columns.Length; c++)
                {
                    if (columns[c].Read() == PinValue.Low)
                    {
                        bits |= 1 << (r * columns.Length + c);
                    }
                }

                Drive(r, false);
            }

            // Back to rest: every row low.
            for (int r = 0; r < rows.Length; r++)
            {
                Drive(r, true);
            }

            return bits;
        }

        /// <summary>Row <paramref name="r"/> pulled low (<paramref name="low"/>) or released (high impedance).</summary>
        private void Drive(int r, bool low)
        {
            if (openDrain)
            {
                rows[r].Write(low ? PinValue.Low : PinValue.High);
                return;
            }

            // No open drain on this pin: released = input, pulled = output low.
            if (low)
            {
                rows[r].SetPinMode(PinMode.Output);
                rows[r].Write(PinValue.Low);
            }
            else
            {
                rows[r].SetPinMode(PinMode.Input);
            }
        }

        private static int IndexOfBit(int value)
        {
            for (int i = 0; i < 32; i++)
            {
                if ((value & (1 << i)) != 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
