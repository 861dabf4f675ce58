using System;
using Terminal.Core.Ports;

namespace Terminal.Device.Platform
{
    /// <summary>
    /// <see cref="IRandomSource"/> over the ESP32's hardware random number generator.
    /// <para>
    /// Why <see cref="Random"/>: on the ESP32 targets nanoFramework's native <c>System.Random</c>
    /// (nf-interpreter, the ESP32 <c>CLR_RT_Random</c>) ignores any seed and returns
    /// <c>esp_random()</c> for every <c>Next</c>/<c>NextBytes</c> byte, i.e. the SoC's RNG register,
    /// not a software PRNG. (On other platforms the same class can be a seeded LCG: this adapter
    /// is only correct on the ESP32.) The 1.x listings offer no other strong source to managed
    /// code: <c>Aes.GenerateIV</c> is not specified, and there is no RandomNumberGenerator.
    /// </para>
    /// <para>
    /// Espressif documents that <c>esp_random()</c> is a true random source while the Wi-Fi or
    /// Bluetooth radio is on, and pseudo-random (seeded by the bootloader's entropy) before.
    /// Nonces and order numbers are only drawn for payments, which wait for Wi-Fi, so every value
    /// the core uses is drawn with the radio on. <see cref="Random"/>'s constructor allocates a
    /// small native blob; one instance is kept and calls are serialised.
    /// </para>
    /// </summary>
    public sealed class HardwareRandomSource : IRandomSource
    {
        private readonly Random random = new Random();
        private readonly object gate = new object();

        public void NextBytes(byte[] buffer)
        {
            lock (gate)
            {
                random.NextBytes(buffer);
            }
        }
    }
}
