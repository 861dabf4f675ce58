using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.MerchantServer;
using Terminal.Pc;
using Terminal.Tests.Outbox;
using Terminal.Tests.Support;

namespace Terminal.Outbox.Tests
{
    /// <summary>A terminal for loopback tests: flash that survives reboots, an outbox, and the HTTP link to the merchant server.</summary>
    public sealed class TestTerminal : IDisposable
    {
        private readonly OutboxOptions options;
        private readonly IClock clock;
        private HttpMerchantLink link;

        public TestTerminal(MemoryFileStore flash, int port, OutboxOptions options, IClock clock, int readTimeoutMs = 1000)
        {
            Flash = flash;
            Port = port;
            this.options = options;
            this.clock = clock;
            ReadTimeoutMs = readTimeoutMs;
            Connector = new TcpConnector();
            Boot();
        }

        public MemoryFileStore Flash { get; }

        public int Port { get; }

        public int ReadTimeoutMs { get; }

        public TcpConnector Connector { get; }

        public NotificationOutbox Outbox { get; private set; }

        public int Boots { get; private set; }

        public RecoveryReport LastRecovery { get; private set; }

        /// <summary>Power-on: a fresh RAM state on the same flash, recovery, no forwarding thread yet.</summary>
        [MemberNotNull(nameof(link), nameof(Outbox), nameof(LastRecovery))]
        public void Boot()
        {
            link?.Close();
            link = new HttpMerchantLink(new Http11Client(Connector, clock, 1000, ReadTimeoutMs), "127.0.0.1", Port);
            Outbox = new NotificationOutbox(Flash, clock, new Terminal.Pc.CryptoRandomSource(), link, options);
            LastRecovery = Outbox.Start();
            Boots++;
        }

        /// <summary>Power loss: the forwarding thread dies, RAM is lost; flash keeps what was committed.</summary>
        public void PowerOff()
        {
            Outbox.StopForwarding(5000);
            link.Close();
        }

        /// <summary>Steps the forwarder until the outbox is empty or <paramref name="maxSteps"/> (waits out back-offs).</summary>
        public void DrainByStepping(int maxSteps = 200)
        {
            for (int i = 0; i < maxSteps && Outbox.Store.Depth > 0; i++)
            {
                int wait = Outbox.Forwarder.Step();
                if (wait > 0 && Outbox.Store.Depth > 0)
                {
                    System.Threading.Thread.Sleep(Math.Min(wait, 500));
                }
            }
        }

        public void Dispose()
        {
            PowerOff();
        }
    }

    public static class Harness
    {
        public const string TerminalId = OutboxFixtures.TerminalId;

        public static string TempFolder()
        {
            string path = Path.Combine(Path.GetTempPath(), "terminal-merchant-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(path);
            return path;
        }

        public static MerchantServerOptions ServerOptions(string folder, int port = 0)
        {
            var o = new MerchantServerOptions { DataFolder = folder, Port = port, SurgeCount = 0, SurgeAmount = 0 };
            o.Terminals[TerminalId] = OutboxFixtures.Secret();
            return o;
        }

        public static OutboxOptions FastTerminalOptions()
        {
            OutboxOptions o = OutboxFixtures.Options();
            o.InitialBackoffMs = 20;
            o.MaxBackoffMs = 200;
            o.ControlPollMs = 500;
            o.MaxRecords = 2000;
            o.MaxBytes = 2 * 1024 * 1024;
            o.MinFreeBytes = 0;
            o.VelocityMaxCount = 0;
            o.VelocityMaxAmount = 0;
            return o;
        }
    }
}
