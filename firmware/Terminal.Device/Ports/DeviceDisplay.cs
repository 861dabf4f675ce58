using Terminal.Core.Ui;
using Terminal.Device.Hardware;

namespace Terminal.Device.Ports
{
    /// <summary>
    /// <see cref="IDisplay"/> on the SSD1306: the core renders both UI languages into a 1,024-byte
    /// framebuffer in the controller's page order, which is sent as is. The text form of the screen
    /// is ignored (the device has no log of screens). A missing display must not stop sales: the
    /// failure is counted and the next frame tries again.
    /// </summary>
    public sealed class DeviceDisplay : IDisplay
    {
        private readonly Ssd1306 panel;
        private bool ready;

        public DeviceDisplay(Ssd1306 panel, bool initialized)
        {
            this.panel = panel;
            ready = initialized;
        }

        /// <summary>I2C transfers that failed (display missing, loose cable).</summary>
        public int Failures
        {
            get { return panel.Failures; }
        }

        public bool Ready
        {
            get { return ready; }
        }

        public void Show(Screen screen, byte[] pageBytes)
        {
            if (!ready)
            {
                // Plugged in late or after a glitch: try the power-up sequence again.
                ready = panel.Initialize();
                if (!ready)
                {
                    return;
                }
            }

            int before = panel.Failures;
            panel.Flush(pageBytes);
            if (panel.Failures != before)
            {
                ready = false;
            }
        }
    }
}
