using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Pc;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Issue 11 item 11: servers (WeChat Pay's included) send leaf + intermediate and expect the
    /// client to anchor that chain at its trusted root. The PC connector must use the
    /// intermediates the server sent, trust only the pinned root (no system roots) and fetch
    /// nothing from the network.
    /// </summary>
    public class CertificateChainTests
    {
        private const string Host = "api.mch.weixin.qq.com";

        /// <summary>root → intermediate → leaf for <see cref="Host"/>, like DigiCert Global Root G2 → DigiCert Global G2 TLS RSA SHA256 2020 CA1 → WeChat.</summary>
        private sealed class Pki : IDisposable
        {
            public Pki(string name)
            {
                using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var rootRequest = new CertificateRequest("CN=" + name + " Root", rootKey, HashAlgorithmName.SHA256);
                rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
                Root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(3));

                using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var intermediateRequest = new CertificateRequest("CN=" + name + " Intermediate", intermediateKey, HashAlgorithmName.SHA256);
                intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
                intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
                using (X509Certificate2 issued = intermediateRequest.Create(Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2), Serial()))
                {
                    Intermediate = issued.CopyWithPrivateKey(intermediateKey);
                }

                using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var leafRequest = new CertificateRequest("CN=" + Host, leafKey, HashAlgorithmName.SHA256);
                leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
                leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
                leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
                var names = new SubjectAlternativeNameBuilder();
                names.AddDnsName(Host);
                leafRequest.CertificateExtensions.Add(names.Build());
                using X509Certificate2 leaf = leafRequest.Create(Intermediate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), Serial());
                // PFX round trip: SslStream needs a persisted key on some platforms.
                Leaf = X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pkcs12, "t"), "t");
            }

            public X509Certificate2 Root { get; }

            public X509Certificate2 Intermediate { get; }

            public X509Certificate2 Leaf { get; }

            public void Dispose()
            {
                Root.Dispose();
                Intermediate.Dispose();
                Leaf.Dispose();
            }

            private static byte[] Serial()
            {
                byte[] serial = RandomNumberGenerator.GetBytes(16);
                serial[0] &= 0x7F;
                return serial;
            }
        }

        /// <summary>A TLS server on loopback that presents <paramref name="leaf"/> followed by exactly <paramref name="sent"/>.</summary>
        private sealed class ChainServer : IDisposable
        {
            private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly SslStreamCertificateContext context;

            public ChainServer(X509Certificate2 leaf, params X509Certificate2[] sent)
            {
                context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(sent), offline: true);
                listener.Start();
                _ = Task.Run(Serve);
            }

            public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

            public void Dispose() => listener.Stop();

            private async Task Serve()
            {
                while (true)
                {
                    TcpClient client;
                    try
                    {
                        client = await listener.AcceptTcpClientAsync();
                    }
                    catch (Exception)
                    {
                        return;
                    }

                    _ = Task.Run(async () =>
                    {
                        using (client)
                        using (var ssl = new SslStream(client.GetStream()))
                        {
                            try
                            {
                                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context });
                                await ssl.WriteAsync(new byte[] { 42 });
                                await ssl.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false); // until the client speaks or hangs up
                            }
                            catch (Exception)
                            {
                                // the client refused us: that is what some tests expect
                            }
                        }
                    });
                }
            }
        }

        private static IConnection Open(X509Certificate2 pinnedRoot, int port)
        {
            var connector = new SslConnector(new X509Certificate2Collection { pinnedRoot }, null);
            connector.Map(Host, new IPEndPoint(IPAddress.Loopback, port));
            return connector.Open(Host, 443, false, 5000, 5000);
        }

        [Fact]
        public void A_leaf_and_intermediate_sent_by_the_server_are_anchored_at_the_pinned_root()
        {
            using var pki = new Pki("Chain");
            using var server = new ChainServer(pki.Leaf, pki.Intermediate);
            IConnection connection = Open(pki.Root, server.Port);
            var buffer = new byte[1];
            Assert.Equal(1, connection.Read(buffer, 0, 1));
            Assert.Equal(42, buffer[0]);
            connection.Close();
        }

        [Fact]
        public void A_server_that_omits_its_intermediate_is_refused_because_nothing_is_downloaded()
        {
            using var pki = new Pki("Lazy");
            using var server = new ChainServer(pki.Leaf);
            var refused = Assert.Throws<ConnectionException>(() => Open(pki.Root, server.Port));
            Assert.Equal(ConnectionStage.Handshake, refused.Stage);
        }

        [Fact]
        public void A_complete_chain_to_another_root_is_refused_even_when_the_server_sends_that_root()
        {
            using var pinned = new Pki("Pinned");
            using var other = new Pki("Other");
            using var server = new ChainServer(other.Leaf, other.Intermediate, other.Root);
            var refused = Assert.Throws<ConnectionException>(() => Open(pinned.Root, server.Port));
            Assert.Equal(ConnectionStage.Handshake, refused.Stage);
        }

        [Fact]
        public void An_intermediate_of_the_pinned_root_cannot_vouch_for_a_leaf_it_did_not_issue()
        {
            using var pinned = new Pki("Pinned");
            using var other = new Pki("Other");
            using var server = new ChainServer(other.Leaf, pinned.Intermediate, other.Intermediate);
            Assert.Throws<ConnectionException>(() => Open(pinned.Root, server.Port));
        }

        [Fact]
        public void The_sandbox_serves_a_three_level_chain_like_WeChat_and_the_connector_accepts_it()
        {
            string data = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "terminal-chain-" + Guid.NewGuid().ToString("N"));
            using SandboxServer sandbox = SandboxServer.Start(new SandboxOptions { Port = 0, DataFolder = data });
            int presented = 0;
            bool selfSignedLeaf = true;
            using (var tcp = new TcpClient())
            {
                tcp.Connect(IPAddress.Loopback, sandbox.Port);
                using var ssl = new SslStream(tcp.GetStream(), false, (sender, certificate, chain, errors) =>
                {
                    presented = chain?.ChainPolicy.ExtraStore.Count ?? 0;
                    selfSignedLeaf = certificate != null && certificate.Subject == certificate.Issuer;
                    return true;
                });
                ssl.AuthenticateAsClient(Host);
            }

            Assert.True(presented >= 2, "the sandbox sends its leaf and its intermediate (" + presented + " certificates seen)");
            Assert.False(selfSignedLeaf);
            Assert.NotEqual(sandbox.Certificates.Ca.Subject, sandbox.Certificates.Server.Issuer);

            IConnection connection = Open(sandbox.Certificates.Ca, sandbox.Port);
            connection.Close();
        }
    }
}
