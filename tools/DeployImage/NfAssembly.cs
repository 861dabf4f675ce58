using System;
using System.Text;

namespace Terminal.Tools.DeployImage
{
    /// <summary>What is wrong with bytes that should hold a nanoFramework 1.x assembly (.pe).</summary>
    public enum AssemblyProblem
    {
        None,
        TooShort,
        BadMarker,
        BadHeaderCrc,
        BadStringTableVersion,
        BadTotalSize,
        BadAssemblyCrc,
    }

    /// <summary>
    /// The header of a nanoFramework 1.x assembly as MetadataProcessor writes it into a .pe file
    /// and as the nanoCLR checks it before loading (nf-interpreter a3e8139a,
    /// src/CLR/Include/nanoCLR_Types.h: CLR_RECORD_ASSEMBLY, CLR_TABLESENUM;
    /// src/CLR/Core/TypeSystem.cpp: GoodHeader, GoodAssembly; src/CLR/Core/nanoSupport_CRC32.c).
    /// Layout (little-endian): marker "NFMRK1" in 8 bytes, headerCRC, assemblyCRC, flags,
    /// nativeMethodsChecksum, patchEntryOffset, version (4 x u16), assemblyName (u16 string index),
    /// stringTableVersion (u16), startOfTables[16] (u32), numOfPatchedMethods (u32),
    /// paddingOfTables[16]: 124 bytes. The assembly's size is startOfTables[TBL_EndOfAssembly].
    /// </summary>
    public sealed class NfAssembly
    {
        public const int HeaderSize = 124;
        public const int StringTableVersion = 1;
        private const int HeaderCrcOffset = 8;
        private const int AssemblyCrcOffset = 12;
        private const int NativeChecksumOffset = 20;
        private const int VersionOffset = 28;
        private const int NameOffset = 36;
        private const int StringTableVersionOffset = 38;
        private const int TablesOffset = 40;
        private const int StringsTable = 11;
        private const int EndOfAssemblyTable = 15;
        private static readonly byte[] Marker = Encoding.ASCII.GetBytes("NFMRK1\0");

        private NfAssembly(string? name, string version, int totalSize, uint headerCrc, uint assemblyCrc, uint nativeChecksum)
        {
            NativeChecksum = nativeChecksum;
            Name = name;
            Version = version;
            TotalSize = totalSize;
            HeaderCrc = headerCrc;
            AssemblyCrc = assemblyCrc;
        }

        /// <summary>The assembly's name from its own string table, or null when the name is one of the nanoCLR's built-in strings (mscorlib).</summary>
        public string? Name { get; }

        public string Version { get; }

        /// <summary>Bytes of the assembly (header included) before the 4-byte padding.</summary>
        public int TotalSize { get; }

        public uint HeaderCrc { get; }

        public uint AssemblyCrc { get; }

        /// <summary>
        /// Checksum of the native methods the assembly expects (0 = none). The nanoCLR refuses to
        /// load an assembly whose checksum differs from the firmware's (CLRStartup.cpp, LoadAssembly:
        /// "Firmware version does not match managed code version").
        /// </summary>
        public uint NativeChecksum { get; }

        /// <summary>
        /// Reads and checks the assembly that starts at <paramref name="offset"/>, exactly as the
        /// nanoCLR does (marker, header CRC with the CRC field zeroed, string table version,
        /// CRC of everything after the header up to TotalSize).
        /// </summary>
        public static AssemblyProblem TryRead(byte[] data, int offset, int available, out NfAssembly? assembly)
        {
            assembly = null;
            if (available < HeaderSize || offset < 0 || offset + available > data.Length)
            {
                return AssemblyProblem.TooShort;
            }

            for (int i = 0; i < Marker.Length; i++)
            {
                if (data[offset + i] != Marker[i])
                {
                    return AssemblyProblem.BadMarker;
                }
            }

            uint headerCrc = ReadU32(data, offset + HeaderCrcOffset);
            byte[] header = new byte[HeaderSize];
            Array.Copy(data, offset, header, 0, HeaderSize);
            header[HeaderCrcOffset] = header[HeaderCrcOffset + 1] = header[HeaderCrcOffset + 2] = header[HeaderCrcOffset + 3] = 0;
            if (NfCrc32.Compute(header, 0, HeaderSize, 0) != headerCrc)
            {
                return AssemblyProblem.BadHeaderCrc;
            }

            if (ReadU16(data, offset + StringTableVersionOffset) != StringTableVersion)
            {
                return AssemblyProblem.BadStringTableVersion;
            }

            long totalSize = ReadTotalSize(data, offset);
            if (totalSize < HeaderSize || totalSize > available)
            {
                return AssemblyProblem.BadTotalSize;
            }

            uint assemblyCrc = ReadU32(data, offset + AssemblyCrcOffset);
            if (NfCrc32.Compute(data, offset + HeaderSize, (int)totalSize - HeaderSize, 0) != assemblyCrc)
            {
                return AssemblyProblem.BadAssemblyCrc;
            }

            string version = ReadU16(data, offset + VersionOffset) + "." + ReadU16(data, offset + VersionOffset + 2) + "."
                + ReadU16(data, offset + VersionOffset + 4) + "." + ReadU16(data, offset + VersionOffset + 6);
            assembly = new NfAssembly(ReadName(data, offset, (int)totalSize), version, (int)totalSize, headerCrc, assemblyCrc, ReadU32(data, offset + NativeChecksumOffset));
            return AssemblyProblem.None;
        }

        private static string? ReadName(byte[] data, int offset, int totalSize)
        {
            long strings = ReadU32(data, offset + TablesOffset + 4 * StringsTable);
            long stringsEnd = ReadU32(data, offset + TablesOffset + 4 * (StringsTable + 1));
            long start = strings + ReadU16(data, offset + NameOffset);
            if (start >= stringsEnd || stringsEnd > totalSize)
            {
                return null;
            }

            int end = (int)start;
            while (end < stringsEnd && data[offset + end] != 0)
            {
                end++;
            }

            return end < stringsEnd ? Encoding.UTF8.GetString(data, offset + (int)start, end - (int)start) : null;
        }

        /// <summary>startOfTables[TBL_EndOfAssembly] of the header at <paramref name="offset"/>, unchecked.</summary>
        internal static long ReadTotalSize(byte[] data, int offset)
        {
            return ReadU32(data, offset + TablesOffset + 4 * EndOfAssemblyTable);
        }

        private static uint ReadU32(byte[] data, int at)
        {
            return (uint)(data[at] | data[at + 1] << 8 | data[at + 2] << 16 | data[at + 3] << 24);
        }

        private static int ReadU16(byte[] data, int at)
        {
            return data[at] | data[at + 1] << 8;
        }
    }

    /// <summary>
    /// The nanoCLR's SUPPORT_ComputeCRC: CRC-32 with polynomial 0x04C11DB7, most significant bit
    /// first, the caller's seed (0 for assemblies), no final XOR (nf-interpreter
    /// src/CLR/Core/nanoSupport_CRC32.c; the ESP32 build computes the same value with the ROM).
    /// </summary>
    public static class NfCrc32
    {
        private static readonly uint[] Table = BuildTable();

        public static uint Compute(byte[] data, int offset, int count, uint seed)
        {
            uint crc = seed;
            for (int i = 0; i < count; i++)
            {
                crc = Table[((crc >> 24) ^ data[offset + i]) & 0xFF] ^ (crc << 8);
            }

            return crc;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i << 24;
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
                }

                table[i] = c;
            }

            return table;
        }
    }
}
