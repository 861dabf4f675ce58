using System;

namespace Terminal.Core.Technician
{
    /// <summary>The network link (device: Wi-Fi). Cheap to call; never blocks.</summary>
    public interface INetworkStatus
    {
        bool IsUp { get; }

        /// <summary>One line for the console, e.g. "Wi-Fi shop-ap, 192.168.1.20" or "down (no access point)". Never a password.</summary>
        string Describe();
    }

    /// <summary>The platform under the terminal (device: nanoFramework runtime, SNTP, power).</summary>
    public interface ISystemControl
    {
        string FirmwareVersion { get; }

        /// <summary>Free managed memory in bytes, or -1 when unknown.</summary>
        long FreeMemory { get; }

        /// <summary>Restarts the terminal (the device does not return; the simulator restarts its core).</summary>
        void Reboot();

        /// <summary>Sets the wall clock (technician "time set"); false when the platform cannot.</summary>
        bool SetTime(DateTime utc);
    }

    /// <summary>
    /// The technician console's output (device: a UART other than COM1). Text is UTF-8; the
    /// console ends lines with CR LF itself.
    /// </summary>
    public interface IConsoleOutput
    {
        void Write(string text);
    }
}
