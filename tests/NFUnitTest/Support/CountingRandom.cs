using Terminal.Core.Ports;

namespace Terminal.Tests.Support
{
    /// <summary>A deterministic <see cref="IRandomSource"/>: 0, 1, 2, … (wrapping), so nonces are reproducible.</summary>
    public sealed class CountingRandom : IRandomSource
    {
        private byte next;

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = next++;
            }
        }
    }
}
