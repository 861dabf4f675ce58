namespace Terminal.Core.Storage
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF — the
    /// zlib/PNG CRC; check value of "123456789" is 0xCBF43926), table-driven, in managed code.
    /// Why not the platform's: nanoFramework has System.IO.Hashing.Crc32 but .NET keeps its Crc32
    /// in a NuGet package with a different (Span-based) API, and the core is compiled for both.
    /// One 1 KB table, computed once on first use and shared by the outbox records and the payment
    /// journal; a 400-byte record costs about 400 table look-ups.
    /// </summary>
    public static class Crc32
    {
        private static uint[] table;

        /// <summary>CRC-32 of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint[] t = Table();
            uint crc = 0xFFFFFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFF;
        }

        private static uint[] Table()
        {
            uint[] t = table;
            if (t != null)
            {
                return t;
            }

            t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                t[n] = c;
            }

            table = t;
            return t;
        }
    }
}
