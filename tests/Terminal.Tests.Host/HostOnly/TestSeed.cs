using System;

namespace Terminal.Tests.HostOnly
{
    /// <summary>
    /// Base seed for randomized host tests: fixed by default so CI is reproducible; set
    /// TERMINAL_TEST_SEED=random (or a number) to explore other cases. Failures print their seed.
    /// </summary>
    public static class TestSeed
    {
        public static readonly int Base = Read();

        private static int Read()
        {
            string value = Environment.GetEnvironmentVariable("TERMINAL_TEST_SEED");
            if (string.Equals(value, "random", StringComparison.OrdinalIgnoreCase))
            {
                int seed = Environment.TickCount;
                Console.WriteLine("TERMINAL_TEST_SEED=" + seed);
                return seed;
            }

            return int.TryParse(value, out int parsed) ? parsed : 20261121;
        }
    }
}
