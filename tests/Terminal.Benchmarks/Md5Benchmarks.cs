using System.Security.Cryptography;
using System;
using BenchmarkDotNet.Attributes;
using Terminal.Core.Crypto;
using Terminal.Core.Protocol;

namespace Terminal.Benchmarks
{
    /// <summary>The managed MD5 (what the device runs) against .NET's native MD5; Ratio = managed / .NET.</summary>
    [MemoryDiagnoser]
    public class Md5Benchmarks
    {
        private byte[] data = Array.Empty<byte>(); // filled by Setup for each Size

        [Params(1024, 65536)]
        public int Size { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            data = new byte[Size];
            new Random(1).NextBytes(data);
        }

        [Benchmark(Baseline = true, Description = ".NET MD5.HashData")]
        public byte[] DotNetMd5() => MD5.HashData(data);

        [Benchmark(Description = "Terminal.Core Md5.Hash (managed)")]
        public byte[] ManagedMd5() => Md5.Hash(data);
    }
}
