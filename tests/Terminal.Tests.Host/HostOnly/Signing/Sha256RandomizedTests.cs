using System;
using System.Security.Cryptography;
using Terminal.Core.Crypto;
using Xunit;

namespace Terminal.Tests.HostOnly.Signing
{
    /// <summary>
    /// The managed SHA-256, HMAC-SHA256 and PBKDF2 (what the device runs) against .NET's
    /// SHA256, HMACSHA256 and Rfc2898DeriveBytes on random data (host only: needs .NET's
    /// System.Security.Cryptography). Seeds from <see cref="TestSeed"/>; a failure names its seed.
    /// </summary>
    public class Sha256RandomizedTests
    {
        // The lengths around SHA-256's padding and block boundaries (55/56 bytes: length field in
        // the same or the next block; 64: HMAC's key block).
        private static readonly int[] Boundaries = { 0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 191, 192 };

        [Fact]
        public void Sha256_matches_dotnet_for_every_length_0_to_1000_and_random_lengths()
        {
            int seed = TestSeed.Base ^ 0x256;
            var random = new Random(seed);
            int checkedCount = 0;
            for (int length = 0; length <= 1000; length++)
            {
                CheckHash(random, length, seed);
                checkedCount++;
            }

            for (int i = 0; i < 4000; i++)
            {
                int length = i % 4 == 0 ? Boundaries[random.Next(Boundaries.Length)] : random.Next(0, 5000);
                CheckHash(random, length, seed);
                checkedCount++;
            }

            Assert.Equal(5001, checkedCount);
        }

        [Fact]
        public void Sha256_of_slices_at_random_offsets_matches_dotnet()
        {
            int seed = TestSeed.Base ^ 0x51;
            var random = new Random(seed);
            byte[] buffer = new byte[2048];
            random.NextBytes(buffer);
            for (int i = 0; i < 2000; i++)
            {
                int offset = random.Next(0, 1024);
                int count = random.Next(0, 1001);
                Assert.True(
                    Convert.ToHexString(SHA256.HashData(buffer.AsSpan(offset, count))) == Hex.Encode(Sha256.Hash(buffer, offset, count)),
                    "seed " + seed + ", offset " + offset + ", count " + count);
            }
        }

        [Fact]
        public void Sha256_of_one_million_a_is_the_FIPS_180_4_value()
        {
            byte[] data = new byte[1000000];
            Array.Fill(data, (byte)'a');
            Assert.Equal("CDC76E5C9914FB9281A1C7E284D73E67F1809A48A497200E046D39CCC7112CD0", Hex.Encode(Sha256.Hash(data)));
        }

        [Fact]
        public void Hmac_matches_dotnet_for_thousands_of_key_and_message_lengths()
        {
            int seed = TestSeed.Base ^ 0x4D4143;
            var random = new Random(seed);
            int checkedCount = 0;

            // Every key length 0..200 (the 64/65 boundary: a longer key is hashed first) ...
            for (int keyLength = 0; keyLength <= 200; keyLength++)
            {
                CheckHmac(random, keyLength, random.Next(0, 600), seed);
                checkedCount++;
            }

            // ... every message length 0..1200 (a signed request is ~400 bytes) ...
            for (int length = 0; length <= 1200; length++)
            {
                CheckHmac(random, random.Next(0, 140), length, seed);
                checkedCount++;
            }

            // ... then thousands of random pairs, biased towards the boundaries.
            for (int i = 0; i < 4000; i++)
            {
                int keyLength = i % 3 == 0 ? Boundaries[random.Next(Boundaries.Length)] : random.Next(0, 300);
                int length = i % 4 == 0 ? Boundaries[random.Next(Boundaries.Length)] : random.Next(0, 3000);
                CheckHmac(random, keyLength, length, seed);
                checkedCount++;
            }

            Assert.Equal(5402, checkedCount);
        }

        [Fact]
        public void Pbkdf2_matches_dotnet_for_random_passwords_salts_and_round_counts()
        {
            int seed = TestSeed.Base ^ 0x50424B;
            var random = new Random(seed);
            for (int i = 0; i < 600; i++)
            {
                int passwordLength = i % 5 == 0 ? Boundaries[random.Next(Boundaries.Length)] : random.Next(0, 20);
                byte[] password = new byte[passwordLength];
                random.NextBytes(password);
                byte[] salt = new byte[random.Next(0, 80)];
                random.NextBytes(salt);
                int rounds = random.Next(1, 60);
                byte[] expected = Rfc2898DeriveBytes.Pbkdf2(password, salt, rounds, HashAlgorithmName.SHA256, 32);
                Assert.True(
                    Convert.ToHexString(expected) == Hex.Encode(Hmac.Pbkdf2Sha256(password, salt, rounds)),
                    "seed " + seed + ", case " + i + ": password " + passwordLength + " bytes, salt " + salt.Length + " bytes, " + rounds + " rounds");
            }
        }

        [Fact]
        public void Pbkdf2_at_the_pin_guard_round_counts_matches_dotnet()
        {
            byte[] salt = new byte[16];
            new Random(TestSeed.Base).NextBytes(salt);
            foreach (int rounds in new[] { Terminal.Core.Technician.PinGuard.DefaultIterations, 2000 })
            {
                byte[] pin = System.Text.Encoding.UTF8.GetBytes("482913");
                Assert.Equal(
                    Convert.ToHexString(Rfc2898DeriveBytes.Pbkdf2(pin, salt, rounds, HashAlgorithmName.SHA256, 32)),
                    Hex.Encode(Terminal.Core.Technician.PinGuard.Derive("482913", salt, rounds)));
            }
        }

        private static void CheckHash(Random random, int length, int seed)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.True(Convert.ToHexString(SHA256.HashData(data)) == Hex.Encode(Sha256.Hash(data)), "seed " + seed + ", length " + length);
        }

        private static void CheckHmac(Random random, int keyLength, int length, int seed)
        {
            byte[] key = new byte[keyLength];
            random.NextBytes(key);
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.True(
                Convert.ToHexString(HMACSHA256.HashData(key, data)) == Hex.Encode(Hmac.Sha256(key, data)),
                "seed " + seed + ", key " + keyLength + " bytes, message " + length + " bytes");
        }
    }
}
