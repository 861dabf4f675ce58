using System.Security.Cryptography;
using System;
using Terminal.Core.Crypto;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Tests.HostOnly.Signing
{
    /// <summary>The managed MD5 against .NET's MD5 on random data (host only: needs System.Security.Cryptography.MD5).</summary>
    public class Md5RandomizedTests
    {
        [Fact]
        public void Matches_dotnet_MD5_for_every_length_0_to_1000_and_random_lengths()
        {
            var random = new Random(20240521);
            int checkedCount = 0;
            // Every length once (covers the 55/56/63/64/119/120/127/128 padding boundaries) ...
            for (int length = 0; length <= 1000; length++)
            {
                Check(random, length);
                checkedCount++;
            }

            // ... then thousands of random lengths, biased towards the block boundaries.
            int[] boundaries = { 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129 };
            for (int i = 0; i < 4000; i++)
            {
                int length = i % 4 == 0 ? boundaries[random.Next(boundaries.Length)] : random.Next(0, 1001);
                Check(random, length);
                checkedCount++;
            }

            Assert.Equal(5001, checkedCount);
        }

        [Fact]
        public void Slices_at_random_offsets_match_dotnet_MD5()
        {
            var random = new Random(7);
            byte[] buffer = new byte[2048];
            random.NextBytes(buffer);
            for (int i = 0; i < 2000; i++)
            {
                int offset = random.Next(0, 1024);
                int count = random.Next(0, 1001);
                byte[] expected = MD5.HashData(buffer.AsSpan(offset, count));
                Assert.Equal(Convert.ToHexString(expected), Hex.Encode(Md5.Hash(buffer, offset, count)));
            }
        }

        [Fact]
        public void One_million_a_matches_dotnet_MD5()
        {
            byte[] data = new byte[1000000];
            Array.Fill(data, (byte)'a');
            Assert.Equal("7707D6AE4E027C70EEA2A935C2296F21", Hex.Encode(Md5.Hash(data)));
            Assert.Equal(Convert.ToHexString(MD5.HashData(data)), Hex.Encode(Md5.Hash(data)));
        }

        private static void Check(Random random, int length)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            string expected = Convert.ToHexString(MD5.HashData(data));
            Assert.True(expected == Hex.Encode(Md5.Hash(data)), "length " + length);
        }
    }
}
