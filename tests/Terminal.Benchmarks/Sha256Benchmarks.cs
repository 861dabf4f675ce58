using System;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Terminal.Core.Crypto;
using Terminal.Core.Protocol;

namespace Terminal.Benchmarks
{
    /// <summary>The managed SHA-256 (what the device runs) against .NET's SHA256; Ratio = managed / .NET.</summary>
    [MemoryDiagnoser]
    public class Sha256Benchmarks
    {
        private byte[] data = Array.Empty<byte>(); // filled by Setup for each Size

        [Params(400, 65536)]
        public int Size { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            data = new byte[Size];
            new Random(1).NextBytes(data);
        }

        [Benchmark(Baseline = true, Description = ".NET SHA256.HashData")]
        public byte[] DotNet() => SHA256.HashData(data);

        [Benchmark(Description = "Terminal.Core Sha256.Hash (managed)")]
        public byte[] Managed() => Sha256.Hash(data);
    }

    /// <summary>
    /// HMAC-SHA256 of a typical signed request (the micropay of <see cref="SigningBenchmarks"/>
    /// as the signer hashes it, 32-character API key): the managed Hmac.Sha256 against .NET's
    /// HMACSHA256 (the role the native HMACSHA256 of nanoFramework.System.Security.Cryptography
    /// played on the device); Ratio = managed / .NET.
    /// </summary>
    [MemoryDiagnoser]
    public class HmacBenchmarks
    {
        private readonly byte[] key = System.Text.Encoding.UTF8.GetBytes("192006250b4c09247ec02edce69f6a2d");
        private readonly byte[] message = Signer.BytesToSign(SigningBenchmarks.TypicalMicropay(), "192006250b4c09247ec02edce69f6a2d");

        [Benchmark(Baseline = true, Description = ".NET HMACSHA256.HashData")]
        public byte[] DotNet() => HMACSHA256.HashData(key, message);

        [Benchmark(Description = "Terminal.Core Hmac.Sha256 (managed)")]
        public byte[] Managed() => Hmac.Sha256(key, message);
    }

    /// <summary>
    /// The PIN's key derivation (PBKDF2-HMAC-SHA256, 6-digit PIN, 16-byte salt, one 32-byte block)
    /// at the new default and the old round count: the managed Hmac.Pbkdf2Sha256 against .NET's
    /// Rfc2898DeriveBytes.Pbkdf2; Ratio = managed / .NET.
    /// </summary>
    [MemoryDiagnoser]
    public class Pbkdf2Benchmarks
    {
        private readonly byte[] pin = System.Text.Encoding.UTF8.GetBytes("482913");
        private readonly byte[] salt = new byte[16];

        [Params(100, 2000)]
        public int Rounds { get; set; }

        [Benchmark(Baseline = true, Description = ".NET Rfc2898DeriveBytes.Pbkdf2")]
        public byte[] DotNet() => Rfc2898DeriveBytes.Pbkdf2(pin, salt, Rounds, HashAlgorithmName.SHA256, 32);

        [Benchmark(Description = "Terminal.Core Hmac.Pbkdf2Sha256 (managed)")]
        public byte[] Managed() => Hmac.Pbkdf2Sha256(pin, salt, Rounds);
    }
}
