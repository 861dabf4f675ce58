namespace Terminal.Core.Ports
{
    /// <summary>
    /// A cryptographically strong random source (nonces, idempotency keys). The device adapter uses
    /// the ESP32 hardware generator; the PC adapter uses .NET's RandomNumberGenerator.
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
        void NextBytes(byte[] buffer);
    }
}
