// Device source (C# 9, nanoFramework: no nullable annotations). The .NET projects that link it compile it oblivious.
#nullable disable
using System.Threading;

namespace Terminal.Tests.Support
{
    /// <summary>
    /// Peak live managed memory of a scenario on the nanoFramework interpreter:
    /// <c>nanoFramework.Runtime.Native.GC.Run(false)</c> collects and returns the free bytes, so
    /// live = heap − free. <see cref="Start"/> collects and takes the baseline; the scenario's
    /// peak is the highest (baseline − free) seen, less the file content the in-memory store
    /// gained meanwhile (<see cref="FlashChanged"/>: on the device that is flash, not heap; and a
    /// file the scenario deletes no longer hides as much of its allocations). The sampler
    /// thread is part of the baseline. Samples come from the test doubles at the engine's steps (every clock read, flash operation and WeChat/merchant exchange, see
    /// <see cref="Sample"/>) and from a sampler thread between them (the interpreter switches
    /// threads every 20 ms, so it only adds samples inside long steps). A figure is a lower bound
    /// of the true peak (an allocation between two samples can be missed) measured on the 64-bit
    /// interpreter, where an empty object costs 24 bytes against 12 on the ESP32. A test double
    /// standing for another machine (WeChat Pay's server) runs between <see cref="Pause"/> and
    /// <see cref="Resume"/>: its work is not the terminal's heap.
    /// On .NET there is no such count: <see cref="Available"/> is false and nothing is sampled.
    /// </summary>
    public static class HeapProbe
    {
        private static readonly object Gate = new object();
        private static bool running;
        private static bool stopping;
        private static bool paused;
        private static long baseline;
        private static long peak;
        private static long flashBytes;
        private static long flashBaseline;
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
            return peak;
        }

        /// <summary>
        /// The in-memory file store's content grew (or shrank) by <paramref name="bytes"/>: kept in
        /// RAM by the test double, in flash on the device, so not counted as the scenario's heap.
        /// </summary>
        public static void FlashChanged(long bytes)
        {
            lock (Gate)
            {
                flashBytes += bytes;
            }
        }

        /// <summary>Collects, takes the baseline and starts sampling.</summary>
        public static void Start()
        {
            if (!Available)
            {
                return;
            }

            // The sampler thread first, then the baseline: the thread's own objects and stack
            // frames (about 1.3 KB on the interpreter) are the probe's, not the scenario's.
            running = false;
            stopping = false;
            sampler = new Thread(SampleLoop);
            sampler.Priority = ThreadPriority.AboveNormal;
            sampler.Start();
            Thread.Sleep(5);
            lock (Gate)
            {
                baseline = Free();
                flashBaseline = flashBytes;
                peak = 0;
                samples = 0;
                paused = false;
                running = true;
            }
        }

        /// <summary>One sample (a collection): called by the test doubles at each step. Does nothing unless started.</summary>
        public static void Sample()
        {
            if (!running || paused)
            {
                return;
            }

            lock (Gate)
            {
                if (!running || paused)
                {
                    return;
                }

                long live = Live();
                samples++;
                if (live > peak)
                {
                    peak = live;
                }
            }
        }

        /// <summary>
        /// Stops counting until <see cref="Resume"/>: for a test double that stands for another
        /// machine (WeChat Pay's server parses the request and builds and signs its answer on its
        /// own heap, not the terminal's). What it hands back is counted from the next sample on.
        /// </summary>
        public static void Pause()
        {
            paused = true;
        }

        /// <summary>Counts again after <see cref="Pause"/>.</summary>
        public static void Resume()
        {
            paused = false;
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
                long live = Live();
                samples++;
                retained = live;
                if (live > peak)
                {
                    peak = live;
                }

                running = false;
                stopping = true;
            }

            if (sampler != null)
            {
                sampler.Join(1000);
                sampler = null;
            }

            return peak;
        }

        /// <summary>The scenario's live bytes now: heap in use beyond the baseline, less the store's new file content.</summary>
        private static long Live()
        {
            return baseline - Free() - (flashBytes - flashBaseline);
        }

        private static void SampleLoop()
        {
            while (!stopping)
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
