namespace Terminal.Device.Board
{
    /// <summary>
    /// GPIO assignment of the reference build (hardware/README.md, "Pin map"). One map serves
    /// both variants (ESP32-WROVER-E with PSRAM, ESP32-WROOM-32E without): it avoids the
    /// strapping pins (GPIO0, 2, 5, 12, 15), the SPI flash pins (GPIO6-11), the WROVER's PSRAM
    /// pins (GPIO16, 17) and UART0 (GPIO1, 3: COM1, the debugger's wire protocol).
    /// GPIO34-39 are input-only without internal pull-ups: they carry the two UART receive
    /// lines and the keypad columns (with external 10 kOhm pull-ups).
    /// Fields, not constants: a board with another layout changes them before
    /// <see cref="Program"/> opens the devices.
    /// </summary>
    public sealed class PinMap
    {
        /// <summary>COM2 transmit: the receipt printer's RX (9600 8N1, setting printer = uart); the scanner's RX stays unconnected.</summary>
        public int ScannerTx = 32;

        /// <summary>Scanner UART (COM2): the scanner's TX to the ESP32.</summary>
        public int ScannerRx = 35;

        /// <summary>Technician console UART (COM3): ESP32 transmit (to the USB-serial adapter's RX).</summary>
        public int ConsoleTx = 33;

        /// <summary>Technician console UART (COM3): ESP32 receive (from the adapter's TX).</summary>
        public int ConsoleRx = 34;

        /// <summary>I2C1 data (SSD1306 SDA).</summary>
        public int I2cSda = 21;

        /// <summary>I2C1 clock (SSD1306 SCL).</summary>
        public int I2cScl = 22;

        /// <summary>Keypad rows, top to bottom (driven low one at a time, open drain).</summary>
        public int[] KeypadRows = new int[] { 13, 14, 27, 26 };

        /// <summary>Keypad columns, left to right (inputs, external pull-ups to 3V3).</summary>
        public int[] KeypadColumns = new int[] { 36, 39, 4, 23 };

        /// <summary>Active buzzer through an NPN transistor (high = sound).</summary>
        public int Buzzer = 25;

        /// <summary>Green half of the two-colour status LED (high = on).</summary>
        public int LedGreen = 18;

        /// <summary>Red half of the two-colour status LED (high = on).</summary>
        public int LedRed = 19;

        /// <summary>7-bit I2C address of the SSD1306 (0x3C; 0x3D when the module's address pad is moved).</summary>
        public int DisplayAddress = 0x3C;

        /// <summary>The reference build's map.</summary>
        public static PinMap Reference()
        {
            return new PinMap();
        }
    }
}
