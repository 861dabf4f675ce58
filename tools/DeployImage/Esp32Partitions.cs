namespace Terminal.Tools.DeployImage
{
    /// <summary>One ESP32 partition table of the nanoFramework firmware, the parts that concern a deployment.</summary>
    public sealed class PartitionTable
    {
        public PartitionTable(string name, int flashSize, int deployOffset, int deploySize, int configOffset, int configSize)
        {
            Name = name;
            FlashSize = flashSize;
            DeployOffset = deployOffset;
            DeploySize = deploySize;
            ConfigOffset = configOffset;
            ConfigSize = configSize;
        }

        public string Name { get; }

        public int FlashSize { get; }

        /// <summary>Flash address of the "deploy" partition (type data, subtype 0x84): nanoff's <c>--address</c>.</summary>
        public int DeployOffset { get; }

        public int DeploySize { get; }

        /// <summary>The LittleFS "config" partition (drive I:, the terminal's data) that follows.</summary>
        public int ConfigOffset { get; }

        public int ConfigSize { get; }
    }

    /// <summary>
    /// The ESP32 (original series) partition tables that nanoff flashes with the ESP32_REV3 and
    /// ESP32_PSRAM_REV3 firmware, chosen by the flash size it detects: nf-interpreter a3e8139a
    /// (unchanged since 53be3026 of 2025-09-17), targets/ESP32/_IDF/esp32/partitions_nanoclr_4mb.csv
    /// and partitions_nanoclr_8mb.csv (CMake/binutils.ESP32.cmake turns them into the firmware
    /// package's partitions_4mb.bin / partitions_8mb.bin). Earlier tables put the deploy partition
    /// at 0x1C0000, and nanoff's own default (Esp32Firmware.DeploymentPartitionAddress) is 0x1B0000,
    /// inside today's nanoCLR partition: always pass the address.
    /// </summary>
    public static class Esp32Partitions
    {
        public static readonly PartitionTable FourMb = new PartitionTable("ESP32 4 MB", 0x400000, 0x1E0000, 0x1C0000, 0x3C0000, 0x40000);

        public static readonly PartitionTable EightMb = new PartitionTable("ESP32 8 MB", 0x800000, 0x1E0000, 0x2B0000, 0x490000, 0x200000);

        public static readonly PartitionTable[] All = { FourMb, EightMb };

        /// <summary>
        /// Size of the filled image: the smallest deploy partition of the tables above, so that one
        /// file overwrites every byte an earlier deployment may have left there on the 4 MB board
        /// and never reaches the config partition on either board.
        /// </summary>
        public static int FillSize => FourMb.DeploySize;

        /// <summary>
        /// Where nanoff writes a deployment image when no <c>--address</c> is given, and always with
        /// <c>--update --deploy</c> (nanoFirmwareFlasher baccab8d: Esp32Firmware.cs,
        /// DeploymentPartitionAddress; Esp32Manager.cs passes no address to UpdateFirmwareAsync).
        /// </summary>
        public const int NanoffDefaultDeployAddress = 0x1B0000;

        /// <summary>The image must leave at least this share of the 4 MB board's deploy partition free (room to grow).</summary>
        public const double MinimumFreeShare = 0.5;
    }
}
