using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Terminal.Tools.DeployImage
{
    /// <summary>How an assembly of the image fares on a firmware.</summary>
    public enum NativeMatch
    {
        /// <summary>The assembly has no native methods (checksum 0): it loads on any firmware.</summary>
        ManagedOnly,

        /// <summary>The firmware has the assembly's native code with the same checksum.</summary>
        Match,

        /// <summary>
        /// The firmware has native code for the assembly with another checksum: the nanoCLR refuses
        /// to load it and the application does not start.
        /// </summary>
        Mismatch,

        /// <summary>
        /// The firmware has no native code for the assembly: it loads, and every call into its
        /// native methods fails.
        /// </summary>
        NotInFirmware,
    }

    /// <summary>
    /// The native assemblies (name and checksum) of a firmware, and how an image's assemblies match
    /// them: the nanoCLR loads an assembly only when its native checksum equals the firmware's
    /// (nf-interpreter src/CLR/Startup/CLRStartup.cpp, LoadAssembly).
    /// </summary>
    public sealed class Firmware
    {
        private static readonly Regex NativeLine = new Regex(@"^\s*(\S+) v\d+\.\d+\.\d+\.\d+, checksum 0x([0-9A-Fa-f]{8})\s*$");

        private readonly Dictionary<string, uint> natives;

        public Firmware(string description, IDictionary<string, uint> natives)
        {
            Description = description;
            this.natives = new Dictionary<string, uint>(natives, StringComparer.Ordinal);
        }

        public string Description { get; }

        /// <summary>
        /// The firmware docs/flashing.md names: ESP32_REV3 and ESP32_PSRAM_REV3 built from
        /// nf-interpreter main between d52d4767f (2026-05-29, System.Device.Wifi's declaration for
        /// 1.5.147) and 3367392a0 (2026-07-10, the last commit before System.Net's declaration
        /// changed in 47ef80bdf). Every native assembly these two targets compile in
        /// (targets/ESP32/defconfig/ESP32_REV3_defconfig and ESP32_PSRAM_REV3_defconfig, identical
        /// in their API options; Kconfig.apis for the auto-selected Runtime.Events, Networking.Sntp and
        /// System.Runtime.Serialization) with the checksum of its src/**/*.cpp declaration; every
        /// one of them is the same at every main commit of that range (reflection on: mscorlib's
        /// first checksum).
        /// </summary>
        public static Firmware Documented { get; } = new Firmware(
            "ESP32_REV3 / ESP32_PSRAM_REV3 from nf-interpreter main d52d4767f..3367392a0 (2026-05-29 to 2026-07-10)",
            new Dictionary<string, uint>
            {
                ["mscorlib"] = 0x1549C856,
                ["nanoFramework.Runtime.Native"] = 0x0EAE898B,
                ["nanoFramework.Runtime.Events"] = 0x0EAB00C9,
                ["nanoFramework.ResourceManager"] = 0xDCD7DF4D,
                ["nanoFramework.System.Collections"] = 0x40DC251F,
                ["nanoFramework.System.Text"] = 0x8E6EB73D,
                ["nanoFramework.System.IO.Hashing"] = 0xEBD8ED20,
                ["nanoFramework.System.Security.Cryptography"] = 0x1A1CC3FD,
                ["nanoFramework.Hardware.Esp32"] = 0x6A20A689,
                ["nanoFramework.Hardware.Esp32.Rmt"] = 0x8ADAC728,
                ["nanoFramework.Device.OneWire"] = 0xB95C43B4,
                ["nanoFramework.Networking.Sntp"] = 0xE2D9BDED,
                ["System.Math"] = 0x9F9E2A7E,
                ["System.Net"] = 0x6DFA71D6,
                ["System.Runtime.Serialization"] = 0x0A066871,
                ["System.Device.Adc"] = 0xE5B80F0B,
                ["System.Device.Dac"] = 0x02B3E860,
                ["System.Device.Gpio"] = 0x097E7BC5,
                ["System.Device.I2c"] = 0xFA806D33,
                ["System.Device.I2c.Slave"] = 0x4238164B,
                ["System.Device.I2s"] = 0x478490FE,
                ["System.Device.Pwm"] = 0xABF532C3,
                ["System.Device.Spi"] = 0x3F6E2A7E,
                ["System.Device.Wifi"] = 0xEE721CDA,
                ["System.IO.FileSystem"] = 0x1777E2FE,
                ["System.IO.Ports"] = 0xB798CE30,
            });

        /// <summary>The firmware's checksum for <paramref name="name"/>, or null when it has no native code for it.</summary>
        public uint? ChecksumOf(string name)
        {
            return natives.TryGetValue(name, out uint checksum) ? checksum : (uint?)null;
        }

        public NativeMatch Check(string name, uint nativeChecksum)
        {
            if (nativeChecksum == 0)
            {
                return NativeMatch.ManagedOnly;
            }

            uint? firmware = ChecksumOf(name);
            if (firmware == null)
            {
                return NativeMatch.NotInFirmware;
            }

            return firmware.Value == nativeChecksum ? NativeMatch.Match : NativeMatch.Mismatch;
        }

        /// <summary>One line for the manifest: the match and, when it is not a match, the firmware's checksum.</summary>
        public string Describe(string name, uint nativeChecksum)
        {
            switch (Check(name, nativeChecksum))
            {
                case NativeMatch.ManagedOnly:
                    return "-";
                case NativeMatch.Match:
                    return "ok";
                case NativeMatch.Mismatch:
                    return "MISMATCH: firmware has 0x" + natives[name].ToString("X8", CultureInfo.InvariantCulture) + ", the nanoCLR will not load it";
                default:
                    return "NOT IN FIRMWARE: calls into its native code will fail";
            }
        }

        /// <summary>
        /// The native assemblies of a connected board as <c>nanoff --nanodevice --serialport PORT
        /// --devicedetails</c> prints them (nf-debugger NanoFrameworkDeviceInfo.ToString: a
        /// "Native Assemblies:" line, then "  NAME vA.B.C.D, checksum 0xXXXXXXXX" per assembly).
        /// Null when the text has no such section.
        /// </summary>
        public static Firmware? FromDeviceDetails(string text)
        {
            var found = new Dictionary<string, uint>(StringComparer.Ordinal);
            bool inSection = false;
            foreach (string raw in text.Replace("\r", string.Empty).Split('\n'))
            {
                if (raw.Trim() == "Native Assemblies:")
                {
                    inSection = true;
                    continue;
                }

                if (!inSection)
                {
                    continue;
                }

                Match m = NativeLine.Match(raw);
                if (!m.Success)
                {
                    if (raw.Trim().Length == 0 && found.Count == 0)
                    {
                        continue;
                    }

                    break;
                }

                found[m.Groups[1].Value] = uint.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }

            return inSection ? new Firmware("the connected board (nanoff --devicedetails)", found) : null;
        }
    }
}
