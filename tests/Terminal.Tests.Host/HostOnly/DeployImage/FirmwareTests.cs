using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Terminal.Tools.DeployImage;
using Xunit;

namespace Terminal.Tests.HostOnly.DeployImage
{
    /// <summary>
    /// The firmware check of tools/DeployImage: the native checksums of the firmware
    /// docs/flashing.md names, a board's checksums read from nanoff's device details, and the
    /// check-firmware verb. Real .pe files are checked against the documented firmware by
    /// .ci/device-image on every CI run.
    /// </summary>
    public class FirmwareTests
    {
        // nanoff --nanodevice --devicedetails, as nf-debugger's NanoFrameworkDeviceInfo.ToString writes it.
        private const string DeviceDetails =
            "HAL build info: nanoCLR running @ ESP32 built with ESP-IDF v5.5.4\r\n" +
            "  Target:   ESP32_PSRAM_REV3\r\n" +
            "  Platform: ESP32\r\n" +
            "\r\n" +
            "Assemblies:\r\n" +
            "  mscorlib, 1.17.11.0\r\n" +
            "\r\n" +
            "Native Assemblies:\r\n" +
            "  mscorlib v100.5.0.24, checksum 0x1549C856\r\n" +
            "  nanoFramework.Runtime.Native v100.0.10.0, checksum 0x0EAE898B\r\n" +
            "  System.Net v100.2.0.14, checksum 0x8EFB9944\r\n" +
            "  nanoFramework.System.Security.Cryptography v100.0.1.0, checksum 0x1A1CC3FD\r\n";

        [Theory]
        [InlineData("System.Net", 0x6DFA71D6u, NativeMatch.Match)]
        [InlineData("System.Device.Wifi", 0xEE721CDAu, NativeMatch.Match)]
        [InlineData("mscorlib", 0x1549C856u, NativeMatch.Match)]
        [InlineData("System.Net", 0x8EFB9944u, NativeMatch.Mismatch)] // nf-interpreter main since 47ef80bdf
        [InlineData("nanoFramework.System.Security.Cryptography", 0x343142CAu, NativeMatch.Mismatch)] // the 1.0.38 package
        [InlineData("System.Device.Wifi", 0x030E2768u, NativeMatch.Mismatch)] // main before d52d4767f
        [InlineData("Some.Native.Library", 0x12345678u, NativeMatch.NotInFirmware)]
        [InlineData("System.Threading", 0u, NativeMatch.ManagedOnly)]
        public void The_documented_firmware_accepts_only_its_own_checksums(string name, uint checksum, NativeMatch expected)
        {
            Assert.Equal(expected, Firmware.Documented.Check(name, checksum));
        }

        [Fact]
        public void A_board_is_read_from_nanoffs_device_details()
        {
            Firmware board = Firmware.FromDeviceDetails(DeviceDetails);
            Assert.NotNull(board);
            Assert.Equal(0x1549C856u, board.ChecksumOf("mscorlib"));
            Assert.Equal(0x8EFB9944u, board.ChecksumOf("System.Net"));
            Assert.Null(board.ChecksumOf("System.Device.Wifi"));
            Assert.Equal(NativeMatch.Mismatch, board.Check("System.Net", 0x6DFA71D6));
            Assert.Null(Firmware.FromDeviceDetails("Assemblies:\r\n  mscorlib, 1.17.11.0\r\n"));
        }

        [Fact]
        public void Check_firmware_passes_only_when_the_board_has_every_checksum()
        {
            string dir = Directory.CreateTempSubdirectory("firmware-check").FullName;
            try
            {
                string details = Path.Combine(dir, "device.txt");
                File.WriteAllText(details, DeviceDetails);
                string corlib = Write(dir, "mscorlib.pe", DeploymentImageTests.FakePe("mscorlib", 400, nativeChecksum: 0x1549C856));
                string threading = Write(dir, "System.Threading.pe", DeploymentImageTests.FakePe("System.Threading", 300));
                string net = Write(dir, "System.Net.pe", DeploymentImageTests.FakePe("System.Net", 500, nativeChecksum: 0x6DFA71D6));
                string wifi = Write(dir, "System.Device.Wifi.pe", DeploymentImageTests.FakePe("System.Device.Wifi", 500, nativeChecksum: 0xEE721CDA));

                Assert.Equal(0, Terminal.Tools.DeployImage.Program.Main(new[] { "check-firmware", details, corlib, threading }));
                Assert.Equal(1, Terminal.Tools.DeployImage.Program.Main(new[] { "check-firmware", details, corlib, net }));
                Assert.Equal(1, Terminal.Tools.DeployImage.Program.Main(new[] { "check-firmware", details, corlib, wifi }));
                string noSection = Path.Combine(dir, "empty.txt");
                File.WriteAllText(noSection, "nothing here");
                Assert.Equal(2, Terminal.Tools.DeployImage.Program.Main(new[] { "check-firmware", noSection, corlib }));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void The_flashing_guide_lists_the_same_firmware_checksums()
        {
            // Rows of docs/flashing.md's checksum table: | `Name` | package | image | firmware | ... |
            var row = new Regex(@"^\| `([\w.]+)` \| [^|]* \| ([^|]*) \| (0x[0-9A-F]{8}|none) \|");
            var seen = new List<string>();
            foreach (string line in File.ReadAllLines(RepoPaths.Combine("docs/flashing.md")))
            {
                Match m = row.Match(line);
                if (!m.Success)
                {
                    continue;
                }

                string name = m.Groups[1].Value;
                uint? checksum = Firmware.Documented.ChecksumOf(name);
                string firmware = checksum == null ? "none" : "0x" + checksum.Value.ToString("X8");
                Assert.True(
                    m.Groups[3].Value == firmware,
                    "docs/flashing.md gives " + m.Groups[3].Value + " for " + name + " on the documented firmware; tools/DeployImage/Firmware.cs has " + firmware);
                string image = m.Groups[2].Value.Trim();
                if (image.StartsWith("0x", StringComparison.Ordinal))
                {
                    Assert.True(image == firmware,
                        "docs/flashing.md says the image's " + name + " (" + image + ") runs on the documented firmware, which has " + firmware);
                }

                seen.Add(name);
            }

            Assert.Contains("System.Net", seen);
            Assert.Contains("mscorlib", seen);
            Assert.Contains("nanoFramework.System.Security.Cryptography", seen);
        }

        private static string Write(string dir, string name, byte[] data)
        {
            string path = Path.Combine(dir, name);
            File.WriteAllBytes(path, data);
            return path;
        }
    }
}
