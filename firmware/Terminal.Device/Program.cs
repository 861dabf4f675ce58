using System;
using System.Device.Gpio;
using System.IO;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using Terminal.Core.App;
using Terminal.Core.Storage;
using Terminal.Core.Ui;
using Terminal.Device.Board;
using Terminal.Device.Hardware;
using Terminal.Device.Net;
using Terminal.Device.Platform;
using Terminal.Device.Ports;
using Terminal.Device.Storage;

namespace Terminal.Device
{
    /// <summary>
    /// ESP32 composition root: opens the hardware, builds the adapters, hands them to the portable
    /// core (<see cref="TerminalApp"/>: configuration, payment engine, outbox and its forwarder
    /// thread, cashier UI, scanner framing, technician console) and feeds it keys, scanner bytes,
    /// console bytes and a periodic tick. All decisions are the core's.
    /// <para>
    /// Threads: keypad scanner, two UART delivery threads (scanner, console), the tick loop (this
    /// thread), the Wi-Fi monitor, the outbox forwarder (core), a sale's thread while it runs (core),
    /// the buzzer player. An exception escaping any of them is fatal: <see cref="BootGuard"/> logs it
    /// and reboots (with a back-off after repeated failures); the payment journal makes that safe.
    /// </para>
    /// </summary>
    public static class Program
    {
        /// <summary>The terminal's own folder on the LittleFS drive (the device configuration lives beside it, untouched).</summary>
        public const string StoreRoot = "I:\\terminal";

        private const int TickMs = 200;
        private const int ConsoleBaud = 115200;
        private const int ScannerBaud = 9600;

        private static BootGuard guard;
        private static TerminalApp app;
        private static SerialLine scannerLine;
        private static DeviceDisplay display;

        public static void Main()
        {
            guard = new BootGuard();
            guard.CountBoot();
            try
            {
                Start();
            }
            catch (Exception ex)
            {
                guard.Fatal("start-up", ex);
            }

            try
            {
                TickLoop();
            }
            catch (Exception ex)
            {
                guard.Fatal("tick loop", ex);
            }

            Thread.Sleep(Timeout.Infinite);
        }

        private static void Start()
        {
            PinMap pins = PinMap.Reference();

            // UART and I2C pins go through the ESP32's GPIO matrix: map them before opening the ports.
            Configuration.SetPinFunction(pins.ConsoleTx, DeviceFunction.COM3_TX);
            Configuration.SetPinFunction(pins.ConsoleRx, DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(pins.ScannerTx, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(pins.ScannerRx, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(pins.I2cSda, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(pins.I2cScl, DeviceFunction.I2C1_CLOCK);

            // The console first, so the rest of the start-up is visible to a technician.
            SerialLine consoleLine = new SerialLine("COM3", ConsoleBaud, 1024);
            consoleLine.WatchChar = '\r';
            ConsolePort console = new ConsolePort(consoleLine);
            consoleLine.Open();
            DeviceLog.Sink = console;
            DeviceLog.Info("Terminal starting, boot " + guard.UnhealthyBoots.ToString() + " since the last healthy run");
            string crash = BootGuard.ReadCrashLog();
            if (crash.Length > 0)
            {
                DeviceLog.Warn("crash log (I:\\terminal-device\\crash.log) is not empty, " + crash.Length.ToString() + " bytes");
            }

            Ssd1306 panel = new Ssd1306(1, pins.DisplayAddress);
            bool panelReady = panel.Initialize();
            if (!panelReady)
            {
                DeviceLog.Warn("display does not answer at I2C address " + pins.DisplayAddress.ToString() + ": check wiring (sales still work)");
            }

            display = new DeviceDisplay(panel, panelReady);
            GpioController gpio = new GpioController();
            BuzzerLed buzzerLed = new BuzzerLed(gpio, pins.Buzzer, pins.LedGreen, pins.LedRed);
            guard.Notice = new BootGuard.FatalNotice(OnFatal);

            DeviceClock clock = new DeviceClock();
            LittleFsFileStore store = new LittleFsFileStore(StoreRoot, StoreBudget());
            if (store.Recovered > 0)
            {
                DeviceLog.Warn("flash: " + store.Recovered.ToString() + " interrupted writes resolved at boot");
            }

            WifiNetwork wifi = new WifiNetwork(clock);
            DeviceGateways gateways = new DeviceGateways(clock);

            TerminalPorts ports = new TerminalPorts();
            ports.Clock = clock;
            ports.Store = store;
            ports.Random = new HardwareRandomSource();
            ports.Display = display;
            ports.Feedback = new DeviceFeedback(buzzerLed);
            ports.Console = console;
            ports.Network = new NetworkStatus(wifi);
            ports.System = new SystemControl();
            ports.Gateways = gateways;
            UartReceiptPrinter printer = new UartReceiptPrinter(); // used only with the setting printer = uart
            ports.Printer = printer;

            // Start recovers the orders a power cut left unfinished before anything can sell (the
            // keypad and scanner open below): paid ones reach the outbox now; the rest need WeChat
            // and settle in the background passes once Wi-Fi is up (docs/storage.md).
            app = new TerminalApp(ports);
            app.Start();

            // Wi-Fi credentials are the core's settings (config set wifi_ssid, secret set wifi_password).
            wifi.Start(app.Config.Get("wifi_ssid"), app.Config.Secret("wifi_password"));

            consoleLine.Received = new BytesHandler(app.OnConsoleBytes);

            scannerLine = new SerialLine("COM2", ScannerBaud, 512);
            scannerLine.WatchChar = ScannerWatchChar();
            scannerLine.Received = new BytesHandler(app.OnScannerBytes);
            scannerLine.Open();
            printer.Line = scannerLine; // the printer listens on the scanner UART's TX (hardware/README.md)

            MatrixKeypad keypad = new MatrixKeypad(gpio, pins.KeypadRows, pins.KeypadColumns);
            keypad.Pressed = new KeypadKeyHandler(app.OnKey);
            keypad.Start();

            app.StartBackground();
            DeviceLog.Info("Terminal ready; store " + store.UsedBytes.ToString() + " of " + (store.UsedBytes + store.FreeBytes).ToString() + " bytes used");
        }

        private static void TickLoop()
        {
            while (true)
            {
                app.Tick();

                // The scanner's line end can change from the console (config set scanner_framing).
                char watch = ScannerWatchChar();
                if (scannerLine.WatchChar != watch)
                {
                    scannerLine.WatchChar = watch;
                }

                Thread.Sleep(TickMs);
            }
        }

        /// <summary>The byte that ends a scanner line under the core's framing setting.</summary>
        private static char ScannerWatchChar()
        {
            return app.Config.Framing == Framing.Lf ? '\n' : '\r';
        }

        private static void OnFatal(string what, int delayMinutes)
        {
            DeviceLog.Error("terminal stopped: " + what + (delayMinutes > 0 ? ", restarting in " + delayMinutes.ToString() + " min" : ", restarting"), null);
        }

        /// <summary>
        /// The terminal's share of the LittleFS partition (<see cref="FlashBudget.StoreShare"/>: 196 KB
        /// of 256 KB on 4 MB flash). The rest is the partition's root, the device configuration
        /// (Wi-Fi, certificates), the boot guard's files and LittleFS's working room.
        /// </summary>
        private static long StoreBudget()
        {
            long total = 0;
            try
            {
                DriveInfo drive = new DriveInfo("I:");
                total = drive.TotalSize;
            }
            catch (Exception)
            {
            }

            if (total <= 0)
            {
                total = 256 * 1024;
            }

            return FlashBudget.StoreShare(total);
        }
    }
}
