using System;
using System.Device.Gpio;
using System.Threading;
using Terminal.Core.Ui;
using Terminal.Device.Platform;

namespace Terminal.Device.Hardware
{
    /// <summary>A key to deliver to the core (debounced press, or CLEAR for BACK held).</summary>
    public delegate void KeypadKeyHandler(Key key);

    /// <summary>
    /// 4x4 (or any rows x columns) matrix keypad scanned over GPIO. Rows are outputs driven low
    /// one at a time (open drain, so two keys in one column never short two driven rows); columns
    /// are inputs pulled up (GPIO34-39 have no internal pull-up: the reference build fits 10 kOhm
    /// resistors, see hardware/README.md). At rest all rows are driven low and the columns are read
    /// every <see cref="ScanPeriodMs"/>: four reads; a full row-by-row scan runs only while a key is
    /// down. Each raw scan goes to the core's <see cref="KeypadDebouncer"/> (debounce, hold: BACK
    /// held = CLEAR, F2 held = MENU), which says which keys to deliver.
    /// <para>
    /// Why not nanoFramework.Iot.Device.KeyMatrix: the binding is not in the 1.x API listings the gate
    /// checks, it reports raw events without debounce and scans continuously.
    /// </para>
    /// </summary>
    public sealed class MatrixKeypad : IDisposable
    {
        private readonly GpioPin[] rows;
        private readonly GpioPin[] columns;
        private readonly bool openDrain;
        private readonly KeypadDebouncer debouncer;
        private Thread scanner;
        private bool running;

        public MatrixKeypad(GpioController gpio, int[] rowPins, int[] columnPins)
        {
            debouncer = new KeypadDebouncer(rowPins.Length, columnPins.Length);
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
        }

        public int ScanPeriodMs { get; set; }

        /// <summary>The debounce and hold rules (DebounceMs 30, HoldMs 1000 by default).</summary>
        public KeypadDebouncer Debouncer
        {
            get { return debouncer; }
        }

        /// <summary>Keys to deliver, on the scanning thread.</summary>
        public KeypadKeyHandler Pressed;

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

                int keys = debouncer.Sample(raw, Environment.TickCount64);
                KeypadKeyHandler handler = Pressed;
                for (int i = 0; i < keys && handler != null; i++)
                {
                    try
                    {
                        handler(debouncer.KeyAt(i));
                    }
                    catch (Exception ex)
                    {
                        DeviceLog.Error("key handler failed", ex);
                    }
                }
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
    }
}
