using Terminal.Core.Text;

namespace Terminal.Core.Storage
{
    /// <summary>What <see cref="SealedFile.Open"/> found.</summary>
    public enum SealedState
    {
        /// <summary>Header and CRC check out; the body is what was written.</summary>
        Ok = 0,

        /// <summary>No file.</summary>
        Missing,

        /// <summary>A file of the format before versions and CRCs (starts with its known prefix): load it, then rewrite it sealed.</summary>
        Legacy,

        /// <summary>Torn, truncated, bit-flipped, an unknown header or a newer version: never trust it.</summary>
        Damaged,
    }

    /// <summary>
    /// A small settings file with a version and a CRC, like the payment journal's records
    /// (docs/storage.md, "Settings files"): <c>MAGIC vN\n</c>, the body (UTF-8 text), then
    /// <c>crc=XXXXXXXX\n</c> (CRC-32/IEEE, upper-case hex, over every byte before that line).
    /// Every truncation and every single-bit flip fails the check (a flip inside the CRC line
    /// breaks its form or its value), so a reader can fail closed instead of reading "not set".
    /// </summary>
    public static class SealedFile
    {
        private const int CrcLine = 13; // "crc=XXXXXXXX\n"

        /// <summary>The file bytes for <paramref name="body"/> under <paramref name="magic"/> version <paramref name="version"/>.</summary>
        public static byte[] Seal(string magic, int version, string body)
        {
            return WithCrcLine(Utf8.Encode(magic + " v" + version.ToString() + "\n" + body));
        }

        /// <summary>
        /// <paramref name="content"/> followed by its CRC line, <c>crc=XXXXXXXX\n</c>: the trailer
        /// of every sealed file and of the payment journal's and refunds' records.
        /// </summary>
        public static byte[] WithCrcLine(byte[] content)
        {
            uint crc = Crc32.Compute(content, 0, content.Length);
            byte[] file = new byte[content.Length + CrcLine];
            System.Array.Copy(content, file, content.Length);
            int at = content.Length;
            file[at++] = (byte)'c';
            file[at++] = (byte)'r';
            file[at++] = (byte)'c';
            file[at++] = (byte)'=';
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                int nibble = (int)((crc >> shift) & 0xF);
                file[at++] = (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
            }

            file[at] = (byte)'\n';
            return file;
        }

        /// <summary>
        /// The length of the content before <paramref name="data"/>'s CRC line when that line is
        /// there, upper-case hex and right; otherwise -1 (torn, bit-flipped, not such a file).
        /// </summary>
        public static int CheckedLength(byte[] data)
        {
            int crcStart = data == null ? -1 : data.Length - CrcLine;
            if (crcStart < 0 || data[data.Length - 1] != (byte)'\n' || !StartsWith(data, crcStart, "crc="))
            {
                return -1;
            }

            uint stored = 0;
            for (int i = crcStart + 4; i < crcStart + 12; i++)
            {
                int b = data[i];
                int nibble = b >= '0' && b <= '9' ? b - '0' : (b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1);
                if (nibble < 0)
                {
                    return -1;
                }

                stored = (stored << 4) | (uint)nibble;
            }

            return stored == Crc32.Compute(data, 0, crcStart) ? crcStart : -1;
        }

        /// <summary>
        /// Checks <paramref name="data"/> (null = no file). <see cref="SealedState.Ok"/>: the body
        /// and its version (1 … <paramref name="newestVersion"/>); <see cref="SealedState.Legacy"/>:
        /// the whole file as text (it starts with <paramref name="legacyPrefix"/>, when not null).
        /// </summary>
        public static SealedState Open(byte[] data, string magic, int newestVersion, string legacyPrefix, out string body, out int version)
        {
            body = null;
            version = 0;
            if (data == null)
            {
                return SealedState.Missing;
            }

            string text;
            int bad;
            if (legacyPrefix != null && StartsWith(data, legacyPrefix))
            {
                if (!Utf8.TryDecode(data, 0, data.Length, out text, out bad))
                {
                    return SealedState.Damaged;
                }

                body = text;
                return SealedState.Legacy;
            }

            int crcStart = CheckedLength(data);
            if (crcStart < 0 || !Utf8.TryDecode(data, 0, crcStart, out text, out bad))
            {
                return SealedState.Damaged;
            }

            string header = magic + " v";
            int end = text.IndexOf('\n');
            if (end < 0 || !text.StartsWith(header))
            {
                return SealedState.Damaged;
            }

            long v = Digits.ParseNonNegative(text.Substring(header.Length, end - header.Length));
            if (v < 1 || v > newestVersion)
            {
                return SealedState.Damaged;
            }

            version = (int)v;
            body = text.Substring(end + 1);
            return SealedState.Ok;
        }

        private static bool StartsWith(byte[] data, string prefix)
        {
            return StartsWith(data, 0, prefix);
        }

        private static bool StartsWith(byte[] data, int offset, string prefix)
        {
            if (data.Length - offset < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (data[offset + i] != (byte)prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
