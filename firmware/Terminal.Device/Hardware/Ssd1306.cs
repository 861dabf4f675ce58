using System;
using System.Device.I2c;

namespace Terminal.Device.Hardware
{
    /// <summary>
    /// Minimal SSD1306 128x64 OLED driver over I2C: the power-up sequence of the datasheet's
    /// application note (internal charge pump) and a flush of a 1,024-byte framebuffer in the
    /// controller's page order (byte (y / 8) * 128 + x, bit y % 8), which is exactly what the core's
    /// renderer produces. Only the pages that changed since the last flush are sent (a full frame
    /// is ~25 ms at 400 kHz).
    /// <para>
    /// Why not nanoFramework.Iot.Device.Ssd13xx: the binding is not in the 1.x API listings the
    /// gate checks (so its use could not be verified here), it brings its own fonts and drawing
    /// code the terminal does not use (the core renders both UI languages itself), and the part of
    /// it the terminal needs is the ~20 command bytes below. See hardware/README.md.
    /// </para>
    /// </summary>
    public sealed class Ssd1306 : IDisposable
    {
        public const int Width = 128;
        public const int Height = 64;
        public const int Pages = Height / 8;
        public const int FrameBytes = Width * Pages;

        private const byte CommandPrefix = 0x00;
        private const byte DataPrefix = 0x40;

        private static readonly byte[] InitSequence = new byte[]
        {
            CommandPrefix,
            0xAE,       // display off
            0xD5, 0x80, // clock divide ratio / oscillator frequency (reset value)
            0xA8, 0x3F, // multiplex ratio: 64 rows
            0xD3, 0x00, // display offset 0
            0x40,       // start line 0
            0x8D, 0x14, // charge pump on (3.3 V modules without an external VCC)
            0x20, 0x00, // horizontal addressing: the column pointer wraps to the next page
            0xA1,       // segment re-map: column 127 is SEG0 (module mounted the usual way)
            0xC8,       // COM scan from COM63: page 0 at the top
            0xDA, 0x12, // COM pins: alternative configuration, no left/right remap (128x64 panels)
            0x81, 0xCF, // contrast
            0xD9, 0xF1, // pre-charge period
            0xDB, 0x40, // VCOMH deselect level
            0x2E,       // no scrolling
            0xA4,       // show RAM content
            0xA6,       // normal (not inverted)
        };

        private readonly I2cDevice device;
        private readonly byte[] shadow = new byte[FrameBytes];
        private readonly byte[] pageBuffer = new byte[1 + Width];
        private readonly byte[] pointer = new byte[] { CommandPrefix, 0x22, 0, Pages - 1, 0x21, 0, Width - 1 };
        private bool hasShadow;

        /// <param name="busId">1 for I2C1 (pins set with Configuration.SetPinFunction before).</param>
        /// <param name="address">7-bit address: 0x3C, or 0x3D.</param>
        public Ssd1306(int busId, int address)
        {
            device = I2cDevice.Create(new I2cConnectionSettings(busId, address, I2cBusSpeed.FastMode));
        }

        /// <summary>I2C transfers that did not complete (display missing or bus fault) since start.</summary>
        public int Failures { get; private set; }

        /// <summary>Sends the power-up sequence, clears the panel and turns it on. False when the display does not answer.</summary>
        public bool Initialize()
        {
            if (!Send(InitSequence, InitSequence.Length))
            {
                return false;
            }

            hasShadow = false;
            Flush(new byte[FrameBytes]);
            return SendCommand(0xAF);
        }

        /// <summary>Sends the pages of <paramref name="frame"/> (1,024 bytes, page order) that changed.</summary>
        public void Flush(byte[] frame)
        {
            if (frame == null || frame.Length < FrameBytes)
            {
                throw new ArgumentException("frame");
            }

            for (int page = 0; page < Pages; page++)
            {
                int start = page * Width;
                if (hasShadow && Same(frame, shadow, start, Width))
                {
                    continue;
                }

                // Point the controller at this page, column 0; unchanged pages are skipped.
                pointer[2] = (byte)page;
                if (!Send(pointer, pointer.Length))
                {
                    hasShadow = false;
                    return;
                }

                pageBuffer[0] = DataPrefix;
                Array.Copy(frame, start, pageBuffer, 1, Width);
                if (!Send(pageBuffer, pageBuffer.Length))
                {
                    hasShadow = false;
                    return;
                }

                Array.Copy(frame, start, shadow, start, Width);
            }

            hasShadow = true;
        }

        /// <summary>0-255; lower saves the panel (OLEDs age with brightness).</summary>
        public void SetContrast(byte level)
        {
            byte[] command = new byte[] { CommandPrefix, 0x81, level };
            Send(command, command.Length);
        }

        public void SetOn(bool on)
        {
            SendCommand(on ? (byte)0xAF : (byte)0xAE);
        }

        public void Dispose()
        {
            device.Dispose();
        }

        private bool SendCommand(byte command)
        {
            byte[] bytes = new byte[] { CommandPrefix, command };
            return Send(bytes, bytes.Length);
        }

        private bool Send(byte[] bytes, int count)
        {
            I2cTransferResult result = device.Write(new SpanByte(bytes, 0, count));
            if (result.Status != I2cTransferStatus.FullTransfer)
            {
                Failures++;
                return false;
            }

            return true;
        }

        private static bool Same(byte[] a, byte[] b, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
