using System.Diagnostics;
using System.Threading;
using Terminal.Core.Money;

namespace Terminal.Device
{
    /// <summary>
    /// ESP32 composition root: builds the device adapters and hands them to the portable core.
    /// Adapters (scanner, display, keypad, storage, network, TLS) are wired in as they land.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            Debug.WriteLine("Terminal firmware starting; currency " + Currency.CNY.Code
                + ", display sample " + MoneyText.Format(1234, Currency.CNY));

            // The interpreter ends the application when Main returns; keep the threads alive.
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
