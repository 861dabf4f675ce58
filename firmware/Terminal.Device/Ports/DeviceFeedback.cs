using Terminal.Core.Ui;
using Terminal.Device.Hardware;

namespace Terminal.Device.Ports
{
    /// <summary>
    /// <see cref="IFeedback"/> on the active buzzer and the two-colour LED: each tone is a fixed
    /// on/off pattern, each LED state a colour (idle off, busy amber, paid green, attention red).
    /// Never blocks: patterns play on the driver's thread.
    /// </summary>
    public sealed class DeviceFeedback : IFeedback
    {
        private static readonly int[] KeyClick = new int[] { 25 };
        private static readonly int[] ErrorBeep = new int[] { 70, 60, 70 };
        private static readonly int[] ScanBeep = new int[] { 50 };
        private static readonly int[] SuccessBeep = new int[] { 100, 60, 300 };
        private static readonly int[] AlertBeep = new int[] { 400, 120, 400, 120, 400 };

        private readonly BuzzerLed hardware;

        public DeviceFeedback(BuzzerLed hardware)
        {
            this.hardware = hardware;
        }

        public void Beep(Tone tone)
        {
            switch (tone)
            {
                case Tone.Key:
                    hardware.Play(KeyClick);
                    break;
                case Tone.Error:
                    hardware.Play(ErrorBeep);
                    break;
                case Tone.Scan:
                    hardware.Play(ScanBeep);
                    break;
                case Tone.Success:
                    hardware.Play(SuccessBeep);
                    break;
                default:
                    hardware.Play(AlertBeep);
                    break;
            }
        }

        public void SetLed(Led state)
        {
            switch (state)
            {
                case Led.Busy:
                    hardware.SetLed(true, true);
                    break;
                case Led.Success:
                    hardware.SetLed(true, false);
                    break;
                case Led.Attention:
                    hardware.SetLed(false, true);
                    break;
                default:
                    hardware.SetLed(false, false);
                    break;
            }
        }
    }
}
