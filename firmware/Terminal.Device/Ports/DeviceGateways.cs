using System;
using System.Security.Cryptography.X509Certificates;
using Terminal.Core.App;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Technician;
using Terminal.Device.Net;
using Terminal.Device.Platform;

namespace Terminal.Device.Ports
{
    /// <summary>
    /// <see cref="IGatewayFactory"/> on the device: the core's <see cref="WxHttpsGateway"/> and
    /// <see cref="HttpMerchantLink"/> over <see cref="TlsConnector"/>s.
    /// <list type="bullet">
    /// <item>WeChat Pay: DigiCert Global Root G2 is the only trusted root; the merchant API
    /// certificate (<c>secret set client_cert</c> / <c>client_key</c>, PEM) is presented for Revoke
    /// Order only.</item>
    /// <item>Merchant server (<c>merchant_url</c>, https only on the device): trusts
    /// <c>merchant_ca</c> (<c>cert set merchant_ca</c>) when provisioned, else ISRG Root X1 +
    /// DigiCert Global Root G2.</item>
    /// <item>Test bench (the LAN sandbox, docs/flashing.md): when both <c>wx_endpoint</c>
    /// (<c>config set wx_endpoint IPv4-or-host:port</c>) and <c>wx_ca</c> (<c>cert set wx_ca</c>, the
    /// sandbox CA) are provisioned, WeChat's host names are sent to that address and only the
    /// sandbox CA is trusted. Loudly logged at every start; the core shows the marker on screen.</item>
    /// </list>
    /// The settings, their validation and the URL and endpoint parser are the core's (TerminalConfig,
    /// <see cref="HttpUrl"/>).
    /// </summary>
    public sealed class DeviceGateways : IGatewayFactory
    {
        /// <summary>Bench setting: "192.168.1.50:8443" sends WeChat's host names there.</summary>
        public const string BenchEndpointKey = "wx_endpoint";

        /// <summary>Bench secret: the sandbox CA (PEM) trusted instead of DigiCert Global Root G2.</summary>
        public const string BenchCaKey = "wx_ca";

        /// <summary>Root CA of the merchant server (PEM), when not a Let's Encrypt or DigiCert G2 chain.</summary>
        public const string MerchantCaKey = "merchant_ca";

        private const int MerchantConnectTimeoutMs = 5000;
        private const int MerchantReadTimeoutMs = 10000;

        private readonly IClock clock;

        public DeviceGateways(IClock clock)
        {
            this.clock = clock;
        }

        /// <summary>The WeChat Pay connector of the running configuration (handshake count, certificate state).</summary>
        public TlsConnector WeChatConnector { get; private set; }

        /// <summary>True when the bench redirection is active (never on a production terminal).</summary>
        public bool BenchMode { get; private set; }

        public IWxGateway CreateGateway(LinkSettings settings, PaymentConfig payment)
        {
            Region region = settings.Region;
            X509Certificate2 client = LoadClientCertificate(settings);
            BenchMode = settings.BenchCa != null && settings.BenchHost != null;
            TlsConnector connector = new TlsConnector(BenchMode ? settings.BenchCa : TrustedRoots.DigiCertGlobalRootG2, client);
            if (BenchMode)
            {
                connector.Map(Endpoints.PrimaryHost(region), settings.BenchHost, settings.BenchPort);
                connector.Map(Endpoints.BackupHost(region), settings.BenchHost, settings.BenchPort);
                DeviceLog.Warn("BENCH MODE: WeChat Pay requests go to " + settings.BenchHost + ":" + settings.BenchPort.ToString() + " and only the provisioned sandbox CA is trusted. Never in production.");
            }
            else if (settings.BenchHost != null)
            {
                DeviceLog.Error(BenchEndpointKey + " is set but " + BenchCaKey + " is not ('cert set " + BenchCaKey + "'): bench mode off, WeChat Pay itself is used", null);
            }

            WeChatConnector = connector;
            return WxHttpsGateway.ForRegion(connector, clock, region, payment);
        }

        public IMerchantLink CreateMerchantLink(LinkSettings settings)
        {
            HttpUrl url = settings.MerchantUrl;
            if (url == null)
            {
                return null;
            }

            if (!url.Secure)
            {
                DeviceLog.Error("merchant_url must be https://host[:port][/path] on the device (no plain http); notifications wait in the outbox", null);
                return null;
            }

            TlsConnector connector = new TlsConnector(settings.MerchantCa == null ? TrustedRoots.MerchantDefault : settings.MerchantCa, null);
            Http11Client client = new Http11Client(connector, clock, MerchantConnectTimeoutMs, MerchantReadTimeoutMs);
            return new HttpMerchantLink(client, url); // url.BasePath prefixes /v1/notifications and /v1/control
        }

        private static X509Certificate2 LoadClientCertificate(LinkSettings settings)
        {
            string cert = settings.ClientCert;
            string key = settings.ClientKey;
            if (cert == null || key == null)
            {
                DeviceLog.Warn("no merchant client certificate provisioned: Revoke Order (mutual TLS) will fail");
                return null;
            }

            try
            {
                // apiclient_key.pem is not encrypted; nothing about the key is logged.
                return new X509Certificate2(cert, key, string.Empty);
            }
            catch (Exception ex)
            {
                DeviceLog.Error("the provisioned client certificate or key cannot be loaded (" + ex.GetType().Name + ")", null);
                return null;
            }
        }

        private static string Value(string text)
        {
            return text == null || text.Length == 0 ? null : text;
        }
    }
}
