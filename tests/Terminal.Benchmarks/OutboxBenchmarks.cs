using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Outbox.Tests;
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
        private MemoryFileStore store;
        private NotificationOutbox outbox;
        private int next;

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
            var rebooted = new NotificationOutbox(store, new VirtualClock(), new OutboxRandom(1), new FakeMerchantLink(OutboxFixtures.Secret()), Options());
            return rebooted.Start().Recovered;
        }

        [Benchmark(Description = "Commit one payment, then acknowledge it (write+rename+delete)")]
        public int EnqueueAndAcknowledge()
        {
            EnqueueResult r = outbox.Enqueue(OutboxFixtures.Payment(next++));
            outbox.Store.Acknowledge(r.Sequence);
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
        private MerchantServer.MerchantServer server;
        private string folder;
        private NotificationOutbox outbox;
        private int batch;

        [GlobalSetup]
        public void Setup()
        {
            folder = Path.Combine(Path.GetTempPath(), "terminal-bench-" + Guid.NewGuid().ToString("N"));
            var options = new MerchantServer.MerchantServerOptions { DataFolder = folder, Port = 0, SurgeCount = 0, SurgeAmount = 0 };
            options.Terminals[OutboxFixtures.TerminalId] = OutboxFixtures.Secret();
            server = MerchantServer.MerchantServer.Start(options);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            server.Dispose();
        }

        [IterationSetup]
        public void Fill()
        {
            var clock = new Terminal.Pc.SystemClock();
            var link = new HttpMerchantLink(new Http11Client(new TcpTestConnector(), clock, 1000, 2000), "127.0.0.1", server.Port);
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
            while (outbox.Store.Depth > 0)
            {
                if (outbox.Forwarder.Step() > 0 && outbox.Store.Depth > 0)
                {
                    throw new InvalidOperationException("delivery failed: " + outbox.Status().LastError);
                }
            }

            return outbox.Forwarder.Delivered;
        }
    }

    /// <summary>Exact flash figures per payment (counted on the store, printed by --outbox-figures).</summary>
    public static class OutboxFigures
    {
        public static void Print()
        {
            var store = new MemoryFileStore(8 * 1024 * 1024);
            var outbox = new NotificationOutbox(store, new VirtualClock(), new OutboxRandom(1), new FakeMerchantLink(OutboxFixtures.Secret()), OutboxBenchmarks.Options());
            outbox.Start();
            const int payments = 1000;
            store.ResetCounters();
            for (int i = 0; i < payments; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            long commitBytes = store.BytesWritten;
            int commitOps = store.Operations;
            while (outbox.Store.Depth > 0)
            {
                outbox.Forwarder.Step();
            }

            Console.WriteLine("Outbox, {0} payments committed and acknowledged:", payments);
            Console.WriteLine("  file operations per payment: {0:F2} ({1} writes, {2} renames, {3} deletes in all; {4:F2} of them to commit)",
                (double)store.Operations / payments, store.Writes, store.Renames, store.Deletes, (double)commitOps / payments);
            Console.WriteLine("  bytes written per payment: {0:F1} (record {1} bytes incl. 16 bytes of header and CRC)",
                (double)store.BytesWritten / payments, commitBytes / payments);
            Console.WriteLine("  RAM index: 28 bytes per pending record (5 parallel arrays)");
        }
    }
}
