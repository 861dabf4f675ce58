using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.MerchantServer;
using Terminal.Tests.Outbox;
using Terminal.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Outbox.Tests
{
    /// <summary>
    /// Issue 5, "Done when" #2: a run against the reference server with outages, duplicate
    /// deliveries, slow and timed-out answers and terminal restarts (some with a power cut in the
    /// middle of a flash operation) ends with every notification stored exactly once server-side.
    /// Seeded (TERMINAL_TEST_SEED); the seed and the run's statistics are printed.
    /// </summary>
    public class DeliveryEndToEndTests
    {
        private readonly ITestOutputHelper output;

        public DeliveryEndToEndTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static int Seed()
        {
            string? value = Environment.GetEnvironmentVariable("TERMINAL_TEST_SEED");
            return int.TryParse(value, out int seed) ? seed : 20261121;
        }

        [Fact]
        public void Every_notification_is_stored_exactly_once_despite_outages_lost_and_slow_answers_and_restarts()
        {
            int seed = Seed();
            const int payments = 150;
            output.WriteLine("seed " + seed + ", " + payments + " payments");
            var random = new Random(seed);
            string folder = Harness.TempFolder();
            MerchantServer.MerchantServer server = MerchantServer.MerchantServer.Start(Harness.ServerOptions(folder));
            int port = server.Port;
            server.Faults.SlowAnswerMs = 700;
            server.Faults.Random(seed, 30); // 30 % of requests: 503, 429, answer dropped after storing, answer after the read time-out
            var clock = new Terminal.Pc.SystemClock();
            var flash = new MemoryFileStore(4 * 1024 * 1024);
            var terminal = new TestTerminal(flash, port, Harness.FastTerminalOptions(), clock, readTimeoutMs: 300);
            terminal.Outbox.StartForwarding();
            var committed = new Dictionary<string, string>();
            var interrupted = new List<int>();
            int outages = 0, restarts = 0, cuts = 0, serverDownFor = 0, requests = 0, faults = 0;
            var watch = Stopwatch.StartNew();
            try
            {
                for (int i = 0; i < payments; i++)
                {
                    Pay(terminal, i, committed, interrupted);
                    int roll = random.Next(100);
                    if (serverDownFor > 0 && --serverDownFor == 0)
                    {
                        server = Restart(folder, port, seed + i);
                    }
                    else if (roll < 5 && serverDownFor == 0)
                    {
                        requests += server.Requests;
                        faults += server.Faults.Injected;
                        server.Dispose(); // outage: connection refused until restarted a few payments later
                        serverDownFor = 3 + random.Next(6);
                        outages++;
                    }
                    else if (roll < 10)
                    {
                        if (random.Next(2) == 0)
                        {
                            flash.CutPowerAt(1 + random.Next(3)); // the cut lands on whatever flash operation comes next
                            cuts++;
                            Thread.Sleep(random.Next(30));
                        }

                        terminal.PowerOff();
                        flash.Reboot();
                        terminal.Boot();
                        restarts++;
                        foreach (int p in interrupted.ToArray())
                        {
                            interrupted.Remove(p);
                            Pay(terminal, p, committed, interrupted); // the payment journal hands it over again
                        }

                        terminal.Outbox.StartForwarding();
                    }

                    Thread.Sleep(random.Next(12));
                }

                if (serverDownFor > 0)
                {
                    server = Restart(folder, port, seed);
                }

                if (flash.PowerLost || interrupted.Count > 0)
                {
                    terminal.PowerOff();
                    flash.Reboot();
                    terminal.Boot();
                    foreach (int p in interrupted.ToArray())
                    {
                        interrupted.Remove(p);
                        Pay(terminal, p, committed, interrupted);
                    }

                    terminal.Outbox.StartForwarding();
                }

                // Drain with the faults still on: lost and slow answers keep causing repeats.
                var deadline = Stopwatch.StartNew();
                while (terminal.Outbox.Store.Depth > 0 && deadline.ElapsedMilliseconds < 60000)
                {
                    Thread.Sleep(50);
                }

                requests += server.Requests;
                faults += server.Faults.Injected;

                OutboxStatus status = terminal.Outbox.Status();
                output.WriteLine("drained in " + watch.ElapsedMilliseconds + " ms: " + outages + " outages, " + restarts + " restarts (" + cuts + " with a power cut), "
                    + requests + " requests with " + faults + " injected faults, " + terminal.Connector.Opened + " connections; last error: " + status.LastError);
                Assert.Equal(0, status.Depth);
                Assert.Equal(0, status.DeadLetters);
                Assert.Equal(0, status.Quarantined);

                List<StoredNotification> stored = server.Store.Notifications(Harness.TerminalId);
                Assert.Equal(committed.Count, stored.Count);
                Assert.Equal(payments, committed.Count);
                Assert.Equal(stored.Count, stored.Select(n => n.Key).Distinct().Count());
                foreach (StoredNotification n in stored)
                {
                    Assert.True(committed.TryGetValue(n.Key, out string? json), "the server stored " + n.Key + ", which the terminal never committed");
                    Assert.Equal(json, n.Json);
                }

                int repeated = stored.Count(n => n.Deliveries > 1);
                output.WriteLine(repeated + " notifications were delivered more than once and stored once");
                Assert.True(repeated > 0, "the faults must have caused duplicate deliveries (otherwise the test proves nothing)");
                Assert.True(outages > 0 && restarts > 0 && cuts > 0, "the seed must exercise outages, restarts and power cuts");
            }
            finally
            {
                terminal.PowerOff();
                server.Dispose();
            }
        }

        private static MerchantServer.MerchantServer Restart(string folder, int port, int seed)
        {
            MerchantServer.MerchantServer server = MerchantServer.MerchantServer.Start(Harness.ServerOptions(folder, port));
            server.Faults.SlowAnswerMs = 700;
            server.Faults.Random(seed, 30);
            return server;
        }

        private static void Pay(TestTerminal terminal, int i, Dictionary<string, string> committed, List<int> interrupted)
        {
            PaidNotification n = OutboxFixtures.Payment(i);
            try
            {
                EnqueueResult r = terminal.Outbox.Enqueue(n);
                Assert.True(r.Committed, r.Refusal);
                Assert.False(r.Duplicate);
                committed[n.IdempotencyKey] = Encoding.UTF8.GetString(n.ToJson()); // Enqueue stamped paid_at on n
            }
            catch (StoreException)
            {
                interrupted.Add(i); // power lost: not committed, the cashier never saw "Paid"
            }
        }
    }
}
