using System;
using nanoFramework.Runtime.Native;
using Terminal.Core.Technician;
using Terminal.Device.Platform;

namespace Terminal.Device.Ports
{
    /// <summary><see cref="ISystemControl"/> on nanoFramework: versions, free heap, reboot, RTC.</summary>
    public sealed class SystemControl : ISystemControl
    {
        /// <summary>The application's version (Properties/AssemblyInfo.cs keeps the same number).</summary>
        public const string AppVersion = "0.1.0";

        public string FirmwareVersion
        {
            get
            {
                try
                {
                    return "Terminal.Device " + AppVersion + " on nanoFramework " + SystemInfo.Version.ToString() + " (" + SystemInfo.TargetName + ")";
                }
                catch (Exception)
                {
                    return "Terminal.Device " + AppVersion;
                }
            }
        }

        /// <summary>Runs the garbage collector and returns the free managed heap.</summary>
        public long FreeMemory
        {
            get
            {
                try
                {
                    return nanoFramework.Runtime.Native.GC.Run(false);
                }
                catch (Exception)
                {
                    return -1;
                }
            }
        }

        public void Reboot()
        {
            DeviceLog.Warn("reboot requested from the console");
            Power.RebootDevice(RebootOption.NormalReboot);
        }

        public bool SetTime(DateTime utc)
        {
            try
            {
                return Rtc.SetSystemTime(utc);
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
