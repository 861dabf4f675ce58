using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Pc;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Sandbox.Tests
{
    /// <summary>One sandbox server (Kestrel, HTTPS, generated CA) for the TLS tests; each test swaps in its own ledger.</summary>
    public sealed class TlsSandboxFixture : IDisposable
    {
        public TlsSandboxFixture()
        {
            DataFolder = Path.Combine(Path.GetTempPath(), "terminal-sandbox-tests-" + Environment.ProcessId);
            Server = SandboxServer.Start(new SandboxOptions { Port = 0, DataFolder = DataFolder, MaxStallMs = 300, TrustSentAtHeader = true });
        }

        public string DataFolder { get; }

        public SandboxServer Server { get; }

        public void Dispose()
        {
            Server.Dispose();
            try
            {
                Directory.Delete(DataFolder, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The engine over the real stack: the core's HTTP/1.1 client, .NET SslStream (TLS 1.2/1.3,
    /// only the sandbox CA trusted, the merchant client certificate for reverse) and the sandbox
    /// served by Kestrel; time is still virtual for the engine and the sandbox's customers.
    /// </summary>
    public class TlsEndToEndTests : IClassFixture<TlsSandboxFixture>
    {
        private readonly TlsSandboxFixture fixture;
        private readonly ITestOutputHelper output;

        public TlsEndToEndTests(TlsSandboxFixture fixture, ITestOutputHelper output)
        {
            this.fixture = fixture;
            this.output = output;
        }

        internal static (Rig Rig, WxHttpsGateway Gateway, SslConnector Connector) Connect(SandboxServer server, PaymentConfig? config = null, int seed = 1, bool withClientCertificate = true)
        {
            var rig = new Rig(config, seed);
            server.Sandbox = rig.Sandbox;
            var connector = new SslConnector(new X509Certificate2Collection { server.Certificates.Ca }, withClientCertificate ? server.Certificates.Client : null);
            foreach (string host in SandboxCertificates.ServerNames)
            {
                connector.Map(host, new IPEndPoint(IPAddress.Loopback, server.Port));
            }

            var client = new Http11Client(new SentAtStamper(connector, rig.Clock), rig.Clock, rig.Config.ConnectTimeoutMs, rig.Config.ReadTimeoutMs) { IdleReuseMs = rig.Config.KeepAliveIdleMs };
            var gateway = new WxHttpsGateway(client, new DomainFailover(Endpoints.MainlandHost, Endpoints.MainlandBackupHost, rig.Clock), server.Port);
            rig.Boot(gateway);
            return (rig, gateway, connector);
        }

        [Fact]
        public void Password_free_payment_takes_one_handshake_and_one_request()
        {
            var (rig, gateway, _) = Connect(fixture.Server);
            PaymentResult result = rig.Pay(ScenarioKind.PasswordFree, 0, 880);
            Assert.Equal(SaleStatus.Paid, result.Status);
            Assert.Equal(1, gateway.Client.Handshakes);
            Assert.Equal(1, gateway.Client.Requests);
            rig.AssertInvariant("tls password-free");
            gateway.Close();
        }

        [Fact]
        public void Password_flow_reuses_the_connection_for_every_query()
        {
            var (rig, gateway, _) = Connect(fixture.Server);
            PaymentResult result = rig.Pay(ScenarioKind.PaidAfter, 12);
            Assert.Equal(SaleStatus.Paid, result.Status);
            Assert.Equal(1, gateway.Client.Handshakes);
            Assert.Equal(4, gateway.Client.Requests); // micropay + queries at 5, 10, 15 s
            rig.AssertInvariant("tls password flow");
            gateway.Close();
        }

        [Fact]
        public void Reverse_goes_over_mutual_TLS_with_the_merchant_certificate()
        {
            var (rig, gateway, _) = Connect(fixture.Server);
            PaymentResult result = rig.Pay(ScenarioKind.NeverPays);
            Assert.Equal(SaleStatus.Cancelled, result.Status);
            Assert.Equal(2, gateway.Client.Handshakes); // plain session for micropay + queries, client-certificate session for reverse
            Assert.Equal(8, gateway.Client.Requests); // micropay, queries at 5..30 s, reverse
            Assert.Contains(rig.Sandbox.Calls, c => c.Api == WxApi.Reverse && c.Processed);
            rig.AssertInvariant("tls reverse");
            gateway.Close();
        }

        [Fact]
        public void Without_the_client_certificate_reverse_cannot_happen_and_a_late_payment_is_still_notified()
        {
            var (rig, gateway, _) = Connect(fixture.Server, withClientCertificate: false);
            PaymentResult result = rig.Pay(ScenarioKind.PaidAfter, 40);

            // Ten reverse attempts fail (no certificate); the customer pays at 40 s; the last look finds it.
            Assert.Equal(SaleStatus.Paid, result.Status);
            Assert.DoesNotContain(rig.Sandbox.Calls, c => c.Api == WxApi.Reverse && c.Processed);
            Assert.Equal(1234, rig.Sandbox.NetCharged(result.OutTradeNo));
            rig.AssertInvariant("tls no client certificate");
            gateway.Close();
        }

        [Fact]
        public void The_server_refuses_reverse_from_a_connection_without_a_client_certificate()
        {
            var (rig, _, connector) = Connect(fixture.Server);
            var client = new Http11Client(connector, rig.Clock, 2000, 2000);
            var request = new HttpRequest { Host = Endpoints.MainlandHost, Port = fixture.Server.Port, Path = Endpoints.ReversePath, Body = new byte[] { 60 } };
            HttpResponse response = client.Send(request);
            Assert.Equal(403, response.Status);
            client.Close();
        }

        [Fact]
        public void Seeded_fault_schedules_over_TLS_keep_the_invariant()
        {
            // 200 by default (CI); more with TERMINAL_PAYMENT_TLS_SEEDS (docs/sandbox.md).
            int seeds = int.TryParse(Environment.GetEnvironmentVariable("TERMINAL_PAYMENT_TLS_SEEDS"), out int n) && n > 0 ? n : 200;
            int first = 1;
            if (int.TryParse(Environment.GetEnvironmentVariable("TERMINAL_PAYMENT_SEED"), out int only))
            {
                first = only;
                seeds = 1;
            }

            int[] outcomes = new int[Enum.GetValues<SaleStatus>().Length];
            int sales = 0;
            for (int seed = first; seed < first + seeds; seed++)
            {
                try
                {
                    (int s, _) = RandomFaultScheduleTests.RunSeed(seed, outcomes, makeRig: sd =>
                    {
                        var config = new PaymentConfig { ReadTimeoutMs = 250, ConnectTimeoutMs = 2000 };
                        return Connect(fixture.Server, config, sd).Rig;
                    }, allowConnectFaults: false);
                    sales += s;
                }
                catch (Exception ex)
                {
                    throw new Exception("TLS fault schedule seed " + seed + " failed (rerun: TERMINAL_PAYMENT_SEED=" + seed + "): " + ex.Message, ex);
                }
            }

            output.WriteLine(seeds + " TLS schedules, " + sales + " sales; outcomes: " +
                string.Join(", ", Enum.GetValues<SaleStatus>().Select(s => s + " " + outcomes[(int)s])));
        }
    }

    /// <summary>
    /// Adds the virtual time of each write as <see cref="SandboxServer.SentAtHeader"/>, so the
    /// sandbox books every request at the moment the terminal sent it even when the machine is so
    /// loaded that Kestrel handles it only after the terminal's (real-time) read time-out.
    /// </summary>
    internal sealed class SentAtStamper : IConnector
    {
        private readonly IConnector inner;
        private readonly Terminal.Core.Ports.IClock clock;

        public SentAtStamper(IConnector inner, Terminal.Core.Ports.IClock clock)
        {
            this.inner = inner;
            this.clock = clock;
        }

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs) =>
            new Stamped(inner.Open(host, port, presentClientCertificate, connectTimeoutMs, readTimeoutMs), clock);

        private sealed class Stamped : IConnection
        {
            private readonly IConnection inner;
            private readonly Terminal.Core.Ports.IClock clock;

            public Stamped(IConnection inner, Terminal.Core.Ports.IClock clock)
            {
                this.inner = inner;
                this.clock = clock;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                int lineEnd = Array.IndexOf(buffer, (byte)'\n', offset, count);
                byte[] header = System.Text.Encoding.ASCII.GetBytes(SandboxServer.SentAtHeader + ": " + clock.MonotonicMs + "\r\n");
                byte[] stamped = new byte[count + header.Length];
                int head = lineEnd + 1 - offset;
                Array.Copy(buffer, offset, stamped, 0, head);
                Array.Copy(header, 0, stamped, head, header.Length);
                Array.Copy(buffer, offset + head, stamped, head + header.Length, count - head);
                inner.Write(stamped, 0, stamped.Length);
            }

            public int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

            public void SetReadTimeout(int milliseconds) => inner.SetReadTimeout(milliseconds);

            public bool IsStale() => inner.IsStale();

            public void Abort() => inner.Abort();

            public void Close() => inner.Close();
        }
    }
}
