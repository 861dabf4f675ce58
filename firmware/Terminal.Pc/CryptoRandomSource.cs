using System.Security.Cryptography;
using Terminal.Core.Ports;

namespace Terminal.Pc
{
    /// <summary>.NET's cryptographically strong generator.</summary>
    public sealed class CryptoRandomSource : IRandomSource
    {
        public void NextBytes(byte[] buffer) => RandomNumberGenerator.Fill(buffer);
    }
}
