using Terminal.Core.Storage;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// The on-flash record frame (docs/storage.md, "Outbox"), all integers little-endian. Format 1
    /// kept one frame per file; format 2 packs frames into segment files (<see cref="Segment"/>).
    /// <code>
    /// offset size field
    ///  0     4    magic "TNOB" (54 4E 4F 42)
    ///  4     1    format version (1)
    ///  5     1    kind (1 = paid notification, 2 = terminal state, 3 = dead-letter reason, 4 = acknowledged list)
    ///  6     2    payload length L (bytes)
    ///  8     4    sequence number (unsigned; equals the number in the file name)
    /// 12     L    payload (UTF-8 JSON)
    /// 12+L   4    CRC-32 (IEEE) of bytes 0 .. 11+L
    /// </code>
    /// A file is accepted only if its length is exactly 16 + L and every field checks out; anything
    /// else (torn, truncated, bit-flipped, foreign) is reported as corrupt, never half-read.
    /// </summary>
    public static class OutboxRecord
    {
        public const int HeaderSize = 12;
        public const int Overhead = 16;
        public const byte Version = 1;
        public const byte KindNotification = 1;
        public const byte KindState = 2;
        public const byte KindReason = 3;

        /// <summary>The outbox's list of acknowledged records still inside a segment (payload: sequences, 4 bytes each).</summary>
        public const byte KindAcknowledged = 4;

        /// <summary>Largest payload the format allows (the outbox applies a smaller limit).</summary>
        public const int MaxPayload = 65535;

        private static readonly byte[] Magic = new byte[] { 0x54, 0x4E, 0x4F, 0x42 };

        public static byte[] Encode(byte kind, uint sequence, byte[] payload)
        {
            if (payload.Length > MaxPayload)
            {
                throw new System.ArgumentException("payload larger than " + MaxPayload.ToString() + " bytes");
            }

            byte[] record = new byte[Overhead + payload.Length];
            for (int i = 0; i < 4; i++)
            {
                record[i] = Magic[i];
            }

            record[4] = Version;
            record[5] = kind;
            record[6] = (byte)(payload.Length & 0xFF);
            record[7] = (byte)(payload.Length >> 8);
            PutUInt32(record, 8, sequence);
            System.Array.Copy(payload, 0, record, HeaderSize, payload.Length);
            PutUInt32(record, HeaderSize + payload.Length, Crc32.Compute(record, 0, HeaderSize + payload.Length));
            return record;
        }

        /// <summary>
        /// Checks a whole file. Returns null when it is a valid record of <paramref name="kind"/>
        /// with <paramref name="sequence"/>, else the reason it is not (never throws).
        /// </summary>
        public static string Check(byte[] file, byte kind, uint sequence)
        {
            if (file == null)
            {
                return "missing";
            }

            if (file.Length < Overhead)
            {
                return "shorter than a record header (" + file.Length.ToString() + " bytes)";
            }

            for (int i = 0; i < 4; i++)
            {
                if (file[i] != Magic[i])
                {
                    return "bad magic";
                }
            }

            if (file[4] != Version)
            {
                return "unknown format version " + file[4].ToString();
            }

            int length = file[6] | (file[7] << 8);
            if (file.Length != Overhead + length)
            {
                return "length mismatch: header says " + length.ToString() + " payload bytes, file has " + (file.Length - Overhead).ToString();
            }

            uint stored = GetUInt32(file, HeaderSize + length);
            if (stored != Crc32.Compute(file, 0, HeaderSize + length))
            {
                return "CRC mismatch";
            }

            if (file[5] != kind)
            {
                return "unexpected record kind " + file[5].ToString();
            }

            if (GetUInt32(file, 8) != sequence)
            {
                return "sequence does not match the file name";
            }

            return null;
        }

        /// <summary>
        /// Length of the valid record frame that starts at <paramref name="at"/> and ends at or
        /// before <paramref name="end"/> (magic, version, length and CRC check out), else 0. Used to
        /// walk the frames of a segment file; kind and sequence are the caller's to check.
        /// </summary>
        public static int FrameAt(byte[] data, int at, int end)
        {
            if (at < 0 || end - at < Overhead || end > data.Length)
            {
                return 0;
            }

            for (int i = 0; i < 4; i++)
            {
                if (data[at + i] != Magic[i])
                {
                    return 0;
                }
            }

            int length = data[at + 6] | (data[at + 7] << 8);
            if (data[at + 4] != Version || end - at < Overhead + length)
            {
                return 0;
            }

            return GetUInt32(data, at + HeaderSize + length) == Crc32.Compute(data, at, HeaderSize + length) ? Overhead + length : 0;
        }

        /// <summary>Kind of the frame at <paramref name="at"/> (checked by <see cref="FrameAt"/>).</summary>
        public static byte KindAt(byte[] data, int at)
        {
            return data[at + 5];
        }

        /// <summary>Sequence of the frame at <paramref name="at"/>.</summary>
        public static int SequenceAt(byte[] data, int at)
        {
            return (int)GetUInt32(data, at + 8);
        }

        /// <summary>Payload length of the frame at <paramref name="at"/>.</summary>
        public static int PayloadLengthAt(byte[] data, int at)
        {
            return data[at + 6] | (data[at + 7] << 8);
        }

        public static int PayloadLength(byte[] file)
        {
            return file[6] | (file[7] << 8);
        }

        public static uint Sequence(byte[] file)
        {
            return GetUInt32(file, 8);
        }

        public static byte[] Payload(byte[] file)
        {
            int length = PayloadLength(file);
            byte[] payload = new byte[length];
            System.Array.Copy(file, HeaderSize, payload, 0, length);
            return payload;
        }

        private static void PutUInt32(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        private static uint GetUInt32(byte[] buffer, int at)
        {
            return (uint)(buffer[at] | (buffer[at + 1] << 8) | (buffer[at + 2] << 16) | (buffer[at + 3] << 24));
        }
    }
}
