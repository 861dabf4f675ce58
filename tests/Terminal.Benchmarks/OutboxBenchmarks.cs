using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Pc;
using Terminal.Tests.Outbox;
using Terminal.Tests.Support;

namespace Terminal.Benchmarks
{
    /// <summary>
    /// Outbox costs (docs/performance.md, "Outbox"): committing and acknowledging a payment on the
    /// in-memory LittleFS-semantics store, and boot recovery at queue depths of 100 (the default
    /// capacity for the 256 KB partition), 1,000 and 2,000 (a capacity for the 2 MB partition of
    /// 8 MB-flash boards). File operations and bytes per payment are printed by
    /// <see cref="OutboxFigures"/> (exact counts, not timings).
    /// </summary>
    [MemoryDiagnoser]
    public class OutboxBenchmarks
    {
        private MemoryFileStore? store;
        private NotificationOutbox? outbox;
        private int next;

        private MemoryFileStore Store => store ?? throw new InvalidOperationException("GlobalSetup did not run");

        private NotificationOutbox Outbox => outbox ?? throw new InvalidOperationException("GlobalSetup did not run");

        [Params(100, 1000, 2000)]
        public int Depth { get; set; }

        public static OutboxOptions Options()
        {
            OutboxOptions o = OutboxFixtures.Options();
            o.MaxRecords = 5000;
            o.MaxBytes = 4 * 1024 * 1024;
            o.MinFreeBytes = 0;
            o.VelocityMaxCount = 0;
            o.VelocityMaxAmount = 0;
            return o;
        }

        [GlobalSetup]
        public void Setup()
        {
            store = new MemoryFileStore(8 * 1024 * 1024);
            outbox = new NotificationOutbox(store, new VirtualClock(), new OutboxRandom(1), new FakeMerchantLink(OutboxFixtures.Secret()), Options());
            outbox.Start();
            for (int i = 0; i < Depth; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            next = 1000000;
        }

        [Benchmark(Description = "Recovery at boot (list, read, CRC, parse every record)")]
        public int Recover()
        {
            var rebooted = new NotificationOutbox(Store, new VirtualClock(), new OutboxRandom(1), new FakeMerchantLink(OutboxFixtures.Secret()), Options());
            return rebooted.Start().Recovered;
        }

        [Benchmark(Description = "Commit one payment, then acknowledge it (write+rename+delete)")]
        public int EnqueueAndAcknowledge()
        {
            EnqueueResult r = Outbox.Enqueue(OutboxFixtures.Payment(next++));
            Outbox.Store.Acknowledge(r.Sequence);
            return r.Sequence;
        }
    }

    /// <summary>
    /// Drain throughput over loopback: the forwarder delivers a queue of 200 notifications to the
    /// reference merchant server (ASP.NET Core + SQLite, synchronous=FULL) through the core's
    /// Http11Client on a kept-alive TCP connection, one signed request and one verified answer each.
    /// </summary>
    public class OutboxDrainBenchmarks
    {
        public const int Notifications = 200;
        private MerchantServer.MerchantServer? server;
        private NotificationOutbox? outbox;
        private int batch;

        private MerchantServer.MerchantServer Server => server ?? throw new InvalidOperationException("GlobalSetup did not run");

        private NotificationOutbox Outbox => outbox ?? throw new InvalidOperationException("IterationSetup did not run");

        [GlobalSetup]
        public void Setup()
        {
            string folder = Path.Combine(Path.GetTempPath(), "terminal-bench-" + Guid.NewGuid().ToString("N"));
            var options = new MerchantServer.MerchantServerOptions { DataFolder = folder, Port = 0, SurgeCount = 0, SurgeAmount = 0 };
            options.Terminals[OutboxFixtures.TerminalId] = OutboxFixtures.Secret();
            server = MerchantServer.MerchantServer.Start(options);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            server?.Dispose();
        }

        [IterationSetup]
        public void Fill()
        {
            var clock = new Terminal.Pc.SystemClock();
            var link = new HttpMerchantLink(new Http11Client(new TcpConnector(), clock, 1000, 2000), "127.0.0.1", Server.Port);
            outbox = new NotificationOutbox(new MemoryFileStore(8 * 1024 * 1024), clock, new Terminal.Pc.CryptoRandomSource(), link, OutboxBenchmarks.Options());
            outbox.Start();
            batch++;
            for (int i = 0; i < Notifications; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(batch * 100000 + i));
            }
        }

        [Benchmark(Description = "Drain 200 notifications over loopback", OperationsPerInvoke = Notifications)]
        public int Drain()
        {
            NotificationOutbox filled = Outbox;
            while (filled.Store.Depth > 0)
            {
                if (filled.Forwarder.Step() > 0 && filled.Store.Depth > 0)
                {
                    throw new InvalidOperationException("delivery failed: " + filled.Status().LastError);
                }
            }

            return filled.Forwarder.Delivered;
        }
    }

    /// <summary>
    /// Exact flash figures per payment (counted on the store, printed by --outbox-figures), in two
    /// workloads: online (each payment acknowledged before the next) and an outage (the default
    /// capacity, 100 payments, queued, then drained; ten times). Writes are split at LittleFS's
    /// inline limit (512 bytes with esp_littlefs's defaults): a file up to it lives in its folder's
    /// metadata log; a larger one is written to whole fresh blocks (one erase per 4 KB).
    /// </summary>
    public static class OutboxFigures
    {
        public const int InlineLimit = 512;

        public static void Print()
        {
            Run("online: each payment acknowledged before the next", 1000, 1);
            Run("outage: 100 payments queued, then drained (x10)", 100, 10);
            Held();
        }

        private static void Run(string title, int batch, int rounds)
        {
            var inner = new MemoryFileStore(8 * 1024 * 1024);
            var store = new CountingStore(inner);
            OutboxOptions options = OutboxBenchmarks.Options();
            var outbox = new NotificationOutbox(store, new VirtualClock(), new OutboxRandom(1), new FakeMerchantLink(OutboxFixtures.Secret()), options);
            outbox.Start();
            store.Reset();
            int payments = 0;
            long commitOps = 0;
            long commitBytes = 0;
            for (int r = 0; r < rounds; r++)
            {
                for (int i = 0; i < batch; i++)
                {
                    long ops = store.Operations;
                    long bytes = store.BytesWritten;
                    outbox.Enqueue(OutboxFixtures.Payment(payments++));
                    commitOps += store.Operations - ops;
                    commitBytes += store.BytesWritten - bytes;
                    if (batch == 1000)
                    {
                        outbox.Forwarder.Step();
                    }
                }

                while (outbox.Store.Depth > 0)
                {
                    outbox.Forwarder.Step();
                }
            }

            Console.WriteLine("Outbox, {0} ({1} payments):", title, payments);
            Console.WriteLine("  file operations per payment: {0:F2} ({1} writes, {2} renames, {3} deletes in all; {4:F2} of them to commit)",
                (double)store.Operations / payments, store.Writes, store.Renames, store.Deletes, (double)commitOps / payments);
            Console.WriteLine("  bytes written per payment: {0:F1} ({1:F1} to commit)", (double)store.BytesWritten / payments, (double)commitBytes / payments);
            Console.WriteLine("  writes above the {0}-byte inline limit: {1:F2} per payment, {2:F2} blocks programmed per payment; largest write {3} bytes",
                InlineLimit, (double)store.BlockWrites / payments, (double)store.BlocksProgrammed / payments, store.LargestWrite);
        }

        // What 100 pending notifications hold on the device count (4 KB blocks, a metadata pair per folder).
        private static void Held()
        {
            var store = new MemoryFileStore(8 * 1024 * 1024) { BlockSize = 4096 };
            OutboxOptions options = OutboxBenchmarks.Options();
            var outbox = new NotificationOutbox(store, new VirtualClock(), new OutboxRandom(1), new FakeMerchantLink(OutboxFixtures.Secret()), options);
            outbox.Start();
            for (int i = 0; i < 100; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            Console.WriteLine("Outbox, 100 pending notifications on the device count: {0} segment files, {1} blocks ({2} KB) with the outbox folder; {3} record bytes",
                outbox.Store.SegmentCount, store.UsedBytes / 4096, store.UsedBytes / 1024, outbox.Store.PendingBytes);
        }

        /// <summary>Counts what the outbox asks of the store, with each write's size.</summary>
        private sealed class CountingStore : Terminal.Core.Ports.IFileStore
        {
            private readonly MemoryFileStore inner;

            public CountingStore(MemoryFileStore inner) => this.inner = inner;

            public long Operations { get; private set; }

            public long Writes { get; private set; }

            public long Renames { get; private set; }

            public long Deletes { get; private set; }

            public long BytesWritten { get; private set; }

            public long BlockWrites { get; private set; }

            public long BlocksProgrammed { get; private set; }

            public int LargestWrite { get; private set; }

            public long FreeBytes => inner.FreeBytes;

            public void Reset()
            {
                Operations = Writes = Renames = Deletes = BytesWritten = BlockWrites = BlocksProgrammed = 0;
                LargestWrite = 0;
            }

            public bool Exists(string path) => inner.Exists(path);

            public byte[] Read(string path) => inner.Read(path);

            public void Write(string path, byte[] data, int offset, int count)
            {
                inner.Write(path, data, offset, count);
                Operations++;
                Writes++;
                BytesWritten += count;
                LargestWrite = Math.Max(LargestWrite, count);
                if (count > InlineLimit)
                {
                    BlockWrites++;
                    BlocksProgrammed += (count + 4095) / 4096;
                }
            }

            public void Rename(string from, string to)
            {
                inner.Rename(from, to);
                Operations++;
                Renames++;
            }

            public void Delete(string path)
            {
                inner.Delete(path);
                Operations++;
                Deletes++;
            }

            public void DeleteFolder(string folder) => inner.DeleteFolder(folder);

            public string[] List(string folder) => inner.List(folder);
        }
    }
}
