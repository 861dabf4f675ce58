namespace Terminal.Core.Payments
{
    /// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320), bitwise: no 1 KB table on a 79 KB heap.</summary>
    public static class JournalCrc
    {
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}
