using System;

namespace Terminal.Core.Receipts
{
    /// <summary>
    /// A growing byte array: ESC/POS is built as bytes, never as a string (a device string cannot
    /// hold U+0000, and GS V and ESC a carry 0 as an argument).
    /// </summary>
    public sealed class ByteBuffer
    {
        private byte[] data;

        public ByteBuffer(int capacity)
        {
            data = new byte[capacity < 16 ? 16 : capacity];
        }

        public int Length { get; private set; }

        public void Add(byte b)
        {
            Room(1);
            data[Length++] = b;
        }

        public void Add(byte a, byte b)
        {
            Room(2);
            data[Length++] = a;
            data[Length++] = b;
        }

        public void Add(byte a, byte b, byte c)
        {
            Room(3);
            data[Length++] = a;
            data[Length++] = b;
            data[Length++] = c;
        }

        /// <summary>The bytes written, in an array of exactly <see cref="Length"/>.</summary>
        public byte[] ToArray()
        {
            byte[] result = new byte[Length];
            Array.Copy(data, 0, result, 0, Length);
            return result;
        }

        private void Room(int more)
        {
            if (Length + more <= data.Length)
            {
                return;
            }

            int size = data.Length * 2;
            while (size < Length + more)
            {
                size *= 2;
            }

            byte[] bigger = new byte[size];
            Array.Copy(data, 0, bigger, 0, Length);
            data = bigger;
        }
    }
}
