using Terminal.Core.Storage;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// A segment file of the outbox (format 2, docs/storage.md "Outbox"): several record frames
    /// (<see cref="OutboxRecord"/>) packed into one file of at most <see cref="MaxBytes"/> — one
    /// LittleFS block — so a hundred notifications cost a few blocks instead of a hundred files.
    /// <code>
    /// offset size field
    ///  0     4    magic "TNOS" (54 4E 4F 53)
    ///  4     1    segment format version (1)
    ///  5     1    kind (1 = pending notifications, 2 = dead letters)
    ///  6     2    reserved (0)
    ///  8     4    replaces: number of the segment file this one supersedes (0 = none)
    /// 12     4    CRC-32 (IEEE) of bytes 0 .. 11
    /// 16     ...  record frames, back to back
    /// </code>
    /// A segment is never rewritten in place: a new content is written as a new file (its own
    /// number) naming the file it replaces, which is deleted after; a cut between the two leaves
    /// both, and recovery deletes the replaced one. Every frame keeps its own CRC, so a damaged
    /// frame costs that frame only: the walk resumes at the next valid frame.
    /// </summary>
    internal static class Segment
    {
        public const int HeaderSize = 16;
        public const byte Version = 1;
        public const byte KindQueue = 1;
        public const byte KindDead = 2;

        /// <summary>Largest segment file: one 4 KB LittleFS block (a file of one block costs one block).</summary>
        public const int MaxBytes = FlashBudget.DeviceBlockSize;

        private static readonly byte[] Magic = new byte[] { 0x54, 0x4E, 0x4F, 0x53 };

        /// <summary>A buffer of <paramref name="size"/> bytes with the header written.</summary>
        public static byte[] New(int size, byte kind, int replaces)
        {
            byte[] data = new byte[size];
            for (int i = 0; i < 4; i++)
            {
                data[i] = Magic[i];
            }

            data[4] = Version;
            data[5] = kind;
            Put(data, 8, (uint)replaces);
            Put(data, 12, Crc32.Compute(data, 0, 12));
            return data;
        }

        /// <summary>True when <paramref name="data"/> starts with a valid header of <paramref name="kind"/>.</summary>
        public static bool HeaderValid(byte[] data, byte kind)
        {
            if (data == null || data.Length < HeaderSize)
            {
                return false;
            }

            for (int i = 0; i < 4; i++)
            {
                if (data[i] != Magic[i])
                {
                    return false;
                }
            }

            return data[4] == Version && data[5] == kind && Get(data, 12) == Crc32.Compute(data, 0, 12);
        }

        /// <summary>The number of the file this segment replaces (valid header only), 0 for none.</summary>
        public static int Replaces(byte[] data)
        {
            return (int)Get(data, 8);
        }

        /// <summary>
        /// Offset of the first valid frame at or after <paramref name="from"/>, or the file's length
        /// when there is none; the bytes skipped are damaged. <paramref name="length"/> is that
        /// frame's length.
        /// </summary>
        public static int NextFrame(byte[] data, int from, out int length)
        {
            for (int at = from; at <= data.Length - OutboxRecord.Overhead; at++)
            {
                length = OutboxRecord.FrameAt(data, at, data.Length);
                if (length > 0)
                {
                    return at;
                }
            }

            length = 0;
            return data.Length;
        }

        /// <summary>Where the frames start: after a valid header, else at 0 (the header counts as damaged).</summary>
        public static int FirstFrame(byte[] data, byte kind)
        {
            return HeaderValid(data, kind) ? HeaderSize : 0;
        }

        private static void Put(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        private static uint Get(byte[] buffer, int at)
        {
            return (uint)(buffer[at] | (buffer[at + 1] << 8) | (buffer[at + 2] << 16) | (buffer[at + 3] << 24));
        }
    }
}
