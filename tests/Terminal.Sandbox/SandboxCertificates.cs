using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Terminal.Sandbox
{
    /// <summary>
    /// The sandbox's PKI, generated at start-up into its data folder (reused when present): a root
    /// CA (the terminal trusts it instead of DigiCert Global Root G2), an intermediate CA issued by
    /// it, a server certificate for WeChat's host names and loopback issued by the intermediate —
    /// served as leaf + intermediate, the shape of WeChat's own chain — and a merchant API client
    /// certificate (apiclient_cert) issued by the root, as PFX (password: the mch_id, like WeChat's
    /// apiclient_cert.p12) and PEM cert + key.
    /// The server certificate's SAN holds WeChat's host names, localhost, 127.0.0.1 and any extra
    /// names (the LAN address or host name of <c>--listen</c>); when a reused server certificate
    /// lacks one, only the server certificate is reissued by the same CA (a terminal that trusts
    /// <c>ca.crt</c> keeps working); a data folder from before the intermediate gains one the same way.
    /// </summary>
    public sealed class SandboxCertificates
    {
        public static readonly string[] ServerNames =
        {
            "api.mch.weixin.qq.com", "api2.mch.weixin.qq.com", "apihk.mch.weixin.qq.com", "localhost",
        };

        private const string CaCertificateFile = "ca.crt";
        private const string ClientPfxFile = "apiclient_cert.p12";
        private const string ClientCertPemFile = "apiclient_cert.pem";
        private const string ClientKeyPemFile = "apiclient_key.pem";

        private SandboxCertificates(string folder, X509Certificate2 ca, X509Certificate2 intermediate, X509Certificate2 server, X509Certificate2 client)
        {
            Ca = ca;
            Intermediate = intermediate;
            Server = server;
            Client = client;
            CaCertificatePath = Path.Combine(folder, CaCertificateFile);
            ClientPfxPath = Path.Combine(folder, ClientPfxFile);
            ClientCertPemPath = Path.Combine(folder, ClientCertPemFile);
            ClientKeyPemPath = Path.Combine(folder, ClientKeyPemFile);
        }

        public X509Certificate2 Ca { get; }

        /// <summary>The intermediate CA that issues the server certificate (sent with it in every handshake).</summary>
        public X509Certificate2 Intermediate { get; }

        /// <summary>What the server sends after its own certificate: the intermediate (never the root).</summary>
        public X509Certificate2Collection ServerChain => new X509Certificate2Collection { Intermediate };

        public X509Certificate2 Server { get; }

        public X509Certificate2 Client { get; }

        public string CaCertificatePath { get; }

        public string ClientPfxPath { get; }

        public string ClientCertPemPath { get; }

        public string ClientKeyPemPath { get; }

        /// <summary>The server certificate's SAN: DNS names and IP addresses (as text).</summary>
        public static (string[] DnsNames, string[] IpAddresses) SubjectAlternativeNames(X509Certificate2 certificate)
        {
            var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
            if (san == null)
            {
                return (Array.Empty<string>(), Array.Empty<string>());
            }

            return (san.EnumerateDnsNames().ToArray(), san.EnumerateIPAddresses().Select(a => a.ToString()).ToArray());
        }

        public static SandboxCertificates LoadOrCreate(string folder, string mchId) => LoadOrCreate(folder, mchId, null);

        /// <param name="extraNames">IP addresses or host names the server certificate must also hold (null: none).</param>
        public static SandboxCertificates LoadOrCreate(string folder, string mchId, IEnumerable<string>? extraNames)
        {
            string[] extra = (extraNames ?? Array.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            Directory.CreateDirectory(folder);
            string caCertificatePath = Path.Combine(folder, CaCertificateFile);
            string clientPfxPath = Path.Combine(folder, ClientPfxFile);
            string caPfx = Path.Combine(folder, "ca.p12");
            string serverPfx = Path.Combine(folder, "server.p12");
            string intermediatePfx = Path.Combine(folder, "intermediate.p12");
            const string localPassword = "sandbox";

            if (File.Exists(caPfx) && File.Exists(serverPfx) && File.Exists(clientPfxPath) && File.Exists(caCertificatePath))
            {
                try
                {
                    X509Certificate2 loadedCa = X509CertificateLoader.LoadPkcs12FromFile(caPfx, localPassword);
                    X509Certificate2 loadedServer = X509CertificateLoader.LoadPkcs12FromFile(serverPfx, localPassword);
                    X509Certificate2 loadedClient = X509CertificateLoader.LoadPkcs12FromFile(clientPfxPath, mchId);
                    X509Certificate2? loadedIntermediate = null;
                    if (File.Exists(intermediatePfx))
                    {
                        loadedIntermediate = X509CertificateLoader.LoadPkcs12FromFile(intermediatePfx, localPassword);
                    }

                    if (loadedServer.NotAfter > DateTime.Now.AddDays(1) && loadedClient.NotAfter > DateTime.Now.AddDays(1))
                    {
                        if (loadedIntermediate == null || loadedIntermediate.NotAfter < DateTime.Now.AddDays(1))
                        {
                            // A folder from before the intermediate (or an expiring one): same root, new intermediate.
                            using X509Certificate2 intermediate = IssueIntermediate(loadedCa, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
                            File.WriteAllBytes(intermediatePfx, intermediate.Export(X509ContentType.Pkcs12, localPassword));
                            loadedIntermediate = X509CertificateLoader.LoadPkcs12FromFile(intermediatePfx, localPassword);
                        }

                        if (!Covers(loadedServer, extra) || loadedServer.Issuer != loadedIntermediate.Subject)
                        {
                            // Same CA and client certificate: only the server certificate is reissued (new names, or by the intermediate).
                            using X509Certificate2 reissued = Issue(loadedIntermediate, "CN=api.mch.weixin.qq.com", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2), serverAuth: true, extra);
                            File.WriteAllBytes(serverPfx, reissued.Export(X509ContentType.Pkcs12, localPassword));
                            loadedServer = X509CertificateLoader.LoadPkcs12FromFile(serverPfx, localPassword);
                        }

                        return new SandboxCertificates(folder, loadedCa, loadedIntermediate, loadedServer, loadedClient);
                    }
                }
                catch (CryptographicException)
                {
                    // regenerate below
                }
            }

            DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1);
            DateTimeOffset to = DateTimeOffset.UtcNow.AddYears(2);

            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=Terminal WeChat Pay Sandbox CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
            using X509Certificate2 ca = caRequest.CreateSelfSigned(from, to.AddYears(1));

            using X509Certificate2 intermediateCa = IssueIntermediate(ca, from, to.AddMonths(6));
            // (the leaf below ends before the intermediate, which ends before the root)
            X509Certificate2 server = Issue(intermediateCa, "CN=api.mch.weixin.qq.com", from, to, serverAuth: true, extra);
            X509Certificate2 client = Issue(ca, "CN=" + mchId + ", O=Sandbox merchant, OU=apiclient", from, to, serverAuth: false, null);

            File.WriteAllBytes(caPfx, ca.Export(X509ContentType.Pkcs12, localPassword));
            File.WriteAllBytes(intermediatePfx, intermediateCa.Export(X509ContentType.Pkcs12, localPassword));
            File.WriteAllBytes(serverPfx, server.Export(X509ContentType.Pkcs12, localPassword));
            File.WriteAllBytes(clientPfxPath, client.Export(X509ContentType.Pkcs12, mchId));
            File.WriteAllText(caCertificatePath, ca.ExportCertificatePem());
            File.WriteAllText(Path.Combine(folder, ClientCertPemFile), client.ExportCertificatePem());
            using (ECDsa clientKey = client.GetECDsaPrivateKey()!) // Issue returns the certificate with its private key
            {
                File.WriteAllText(Path.Combine(folder, ClientKeyPemFile), clientKey.ExportPkcs8PrivateKeyPem());
            }

            var result = new SandboxCertificates(
                folder,
                X509CertificateLoader.LoadPkcs12FromFile(caPfx, localPassword),
                X509CertificateLoader.LoadPkcs12FromFile(intermediatePfx, localPassword),
                X509CertificateLoader.LoadPkcs12FromFile(serverPfx, localPassword),
                X509CertificateLoader.LoadPkcs12FromFile(clientPfxPath, mchId));
            server.Dispose();
            client.Dispose();
            return result;
        }

        /// <summary>True when <paramref name="certificate"/> chains to this sandbox's CA (directly or through its intermediate).</summary>
        public bool IssuedByCa(X509Certificate2? certificate)
        {
            if (certificate == null)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Ca);
            chain.ChainPolicy.ExtraStore.Add(Intermediate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            return chain.Build(certificate);
        }

        private static bool Covers(X509Certificate2 server, string[] names)
        {
            var (dns, ips) = SubjectAlternativeNames(server);
            foreach (string name in names)
            {
                bool found = IPAddress.TryParse(name, out IPAddress? ip)
                    ? ips.Contains(ip.ToString())
                    : dns.Contains(name, StringComparer.OrdinalIgnoreCase);
                if (!found)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An intermediate CA under <paramref name="ca"/> that may issue end-entity certificates only (path length 0).</summary>
        private static X509Certificate2 IssueIntermediate(X509Certificate2 ca, DateTimeOffset from, DateTimeOffset to)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Terminal WeChat Pay Sandbox Intermediate CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            byte[] serial = new byte[16];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
            DateTimeOffset notAfter = to < ca.NotAfter ? to : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
            using X509Certificate2 issued = request.Create(ca, from, notAfter, serial);
            return issued.CopyWithPrivateKey(key);
        }

        private static X509Certificate2 Issue(X509Certificate2 ca, string subject, DateTimeOffset from, DateTimeOffset to, bool serverAuth, string[]? extraNames)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
            if (serverAuth)
            {
                var names = new SubjectAlternativeNameBuilder();
                foreach (string name in ServerNames)
                {
                    names.AddDnsName(name);
                }

                names.AddIpAddress(IPAddress.Loopback);
                foreach (string extra in extraNames ?? Array.Empty<string>())
                {
                    if (IPAddress.TryParse(extra, out IPAddress? ip))
                    {
                        if (!ip.Equals(IPAddress.Loopback))
                        {
                            names.AddIpAddress(ip);
                        }
                    }
                    else if (!ServerNames.Contains(extra, StringComparer.OrdinalIgnoreCase))
                    {
                        names.AddDnsName(extra);
                    }
                }

                request.CertificateExtensions.Add(names.Build());
            }

            byte[] serial = new byte[16];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
            DateTimeOffset issuerEnd = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
            using X509Certificate2 issued = request.Create(ca, from, to < issuerEnd ? to : issuerEnd, serial);
            return issued.CopyWithPrivateKey(key);
        }
    }
}
