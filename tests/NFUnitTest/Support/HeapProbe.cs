// Device source (C# 9, nanoFramework: no nullable annotations). The .NET projects that link it compile it oblivious.
#nullable disable
using System.Threading;

namespace Terminal.Tests.Support
{
    /// <summary>
    /// Peak live managed memory of a scenario on the nanoFramework interpreter:
    /// <c>nanoFramework.Runtime.Native.GC.Run(false)</c> collects and returns the free bytes, so
    /// live = heap − free. <see cref="Start"/> collects and takes the baseline; the scenario's
    /// peak is baseline − the lowest free count seen. Samples come from the test doubles at the
    /// engine's steps (every clock read, flash operation and WeChat/merchant exchange, see
    /// <see cref="Sample"/>) and from a sampler thread between them (the interpreter switches
    /// threads every 20 ms, so it only adds samples inside long steps). A figure is a lower bound
    /// of the true peak (an allocation between two samples can be missed) measured on the 64-bit
    /// interpreter, where an empty object costs 24 bytes against 12 on the ESP32.
    /// On .NET there is no such count: <see cref="Available"/> is false and nothing is sampled.
    /// </summary>
    public static class HeapProbe
    {
        private static readonly object Gate = new object();
        private static bool running;
        private static long baseline;
        private static long lowest;
        private static int samples;
        private static long retained;
        private static Thread sampler;

        /// <summary>True on the nanoFramework runtime (the interpreter or a board).</summary>
        public static bool Available
        {
            get
            {
#if NANOFRAMEWORK_1_0
                return true;
#else
                return false;
#endif
            }
        }

        /// <summary>Samples taken since <see cref="Start"/>.</summary>
        public static int Samples
        {
            get { return samples; }
        }

        /// <summary>Live bytes the scenario left behind (at <see cref="Stop"/>, after a collection).</summary>
        public static long Retained
        {
            get { return retained; }
        }

        /// <summary>The peak extra live bytes so far (while sampling), after one more sample.</summary>
        public static long PeakSoFar()
        {
            Sample();
            return baseline - lowest;
        }

        /// <summary>Collects, takes the baseline and starts sampling.</summary>
        public static void Start()
        {
            if (!Available)
            {
                return;
            }

            lock (Gate)
            {
                baseline = Free();
                lowest = baseline;
                samples = 0;
                running = true;
            }

            sampler = new Thread(SampleLoop);
            sampler.Priority = ThreadPriority.AboveNormal;
            sampler.Start();
        }

        /// <summary>One sample (a collection): called by the test doubles at each step. Does nothing unless started.</summary>
        public static void Sample()
        {
            if (!running)
            {
                return;
            }

            lock (Gate)
            {
                if (!running)
                {
                    return;
                }

                long free = Free();
                samples++;
                if (free < lowest)
                {
                    lowest = free;
                }
            }
        }

        /// <summary>Stops sampling; returns the peak extra live bytes since <see cref="Start"/> (0 off the device).</summary>
        public static long Stop()
        {
            if (!Available)
            {
                return 0;
            }

            lock (Gate)
            {
                long free = Free();
                samples++;
                retained = baseline - free;
                if (free < lowest)
                {
                    lowest = free;
                }

                running = false;
            }

            if (sampler != null)
            {
                sampler.Join(1000);
                sampler = null;
            }

            return baseline - lowest;
        }

        private static void SampleLoop()
        {
            while (running)
            {
                Sample();
                Thread.Sleep(1);
            }
        }

        private static long Free()
        {
#if NANOFRAMEWORK_1_0
            return nanoFramework.Runtime.Native.GC.Run(false);
#else
            return 0;
#endif
        }
    }
}
