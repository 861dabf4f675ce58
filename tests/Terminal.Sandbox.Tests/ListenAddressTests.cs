using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// --listen: the sandbox stays loopback-only by default; a listen address (for a bench ESP32
    /// on the LAN) is bound and named in the server certificate's SAN, issued by the same CA.
    /// </summary>
    public sealed class ListenAddressTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "terminal-sandbox-listen-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>A non-loopback IPv4 address of this machine, or null (a container without a LAN).</summary>
        private static IPAddress? LanAddress() => NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

        private static bool Accepts(IPAddress address, int port)
        {
            using var client = new TcpClient();
            try
            {
                return client.ConnectAsync(address, port).Wait(2000) && client.Connected;
            }
            catch (AggregateException)
            {
                return false;
            }
        }

        [Fact]
        public void By_default_it_listens_on_loopback_only_and_names_no_lan_address()
        {
            using var server = SandboxServer.Start(new SandboxOptions { Port = 0, DataFolder = folder });
            Assert.True(server.LoopbackOnly);
            Assert.Equal(new[] { IPAddress.Loopback }, server.ListenAddresses);
            Assert.Equal("https://localhost:" + server.Port, server.BaseAddress);
            Assert.True(Accepts(IPAddress.Loopback, server.Port));
            var (dns, ips) = SandboxCertificates.SubjectAlternativeNames(server.Certificates.Server);
            Assert.Equal(new[] { "127.0.0.1" }, ips);
            Assert.Equal(SandboxCertificates.ServerNames.OrderBy(n => n), dns.OrderBy(n => n));

            IPAddress? lan = LanAddress();
            if (lan != null)
            {
                Assert.False(Accepts(lan, server.Port), "reachable on " + lan);
            }
        }

        [Fact]
        public void A_listen_address_is_bound_and_in_the_certificate_so_a_client_validates_it_by_address()
        {
            IPAddress address = LanAddress() ?? IPAddress.Parse("127.0.0.2");
            using var server = SandboxServer.Start(new SandboxOptions { Port = 0, DataFolder = folder, ListenAddress = address.ToString() });
            Assert.Equal(new[] { address }, server.ListenAddresses);
            Assert.Equal(!IPAddress.IsLoopback(address), !server.LoopbackOnly);
            Assert.Equal("https://" + address + ":" + server.Port, server.BaseAddress);
            var (_, ips) = SandboxCertificates.SubjectAlternativeNames(server.Certificates.Server);
            Assert.Contains(address.ToString(), ips);
            Assert.False(Accepts(IPAddress.Loopback, server.Port) && !IPAddress.IsLoopback(address), "still on loopback");

            // A TLS client that names the address (a browser on https://<address>:port/sandbox/ledger)
            // and trusts only the sandbox CA accepts the certificate.
            SslPolicyErrors seen = SslPolicyErrors.None;
            bool chainOk = false;
            using var tcp = new TcpClient();
            tcp.Connect(address, server.Port);
            using var ssl = new SslStream(tcp.GetStream(), false, (sender, certificate, chain, errors) =>
            {
                seen = errors;
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.Add(server.Certificates.Ca);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                custom.ChainPolicy.DisableCertificateDownloads = true;
                if (certificate == null || chain == null)
                {
                    return false;
                }

                custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore); // the intermediate the server sent
                chainOk = custom.Build(new X509Certificate2(certificate));
                return chainOk && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
            });
            ssl.AuthenticateAsClient(address.ToString());
            Assert.True(chainOk);
            Assert.Equal(SslPolicyErrors.None, seen & SslPolicyErrors.RemoteCertificateNameMismatch);
        }

        [Fact]
        public void New_names_reissue_only_the_server_certificate_from_the_same_ca()
        {
            SandboxCertificates first = SandboxCertificates.LoadOrCreate(folder, "1900000109");
            string ca = first.Ca.Thumbprint;
            string client = first.Client.Thumbprint;
            Assert.DoesNotContain("bench-pc.lan", SandboxCertificates.SubjectAlternativeNames(first.Server).DnsNames);

            SandboxCertificates second = SandboxCertificates.LoadOrCreate(folder, "1900000109", new[] { "bench-pc.lan", "192.168.1.50" });
            var (dns, ips) = SandboxCertificates.SubjectAlternativeNames(second.Server);
            Assert.Contains("bench-pc.lan", dns);
            Assert.Contains("192.168.1.50", ips);
            Assert.Contains("api.mch.weixin.qq.com", dns);
            Assert.Contains("127.0.0.1", ips);
            Assert.Equal(ca, second.Ca.Thumbprint); // a terminal that trusts ca.crt keeps working
            Assert.Equal(client, second.Client.Thumbprint);
            Assert.True(second.IssuedByCa(second.Server));
            Assert.NotEqual(first.Server.Thumbprint, second.Server.Thumbprint);

            SandboxCertificates third = SandboxCertificates.LoadOrCreate(folder, "1900000109", new[] { "192.168.1.50" });
            Assert.Equal(second.Server.Thumbprint, third.Server.Thumbprint); // already covered: reused
        }
    }
}
