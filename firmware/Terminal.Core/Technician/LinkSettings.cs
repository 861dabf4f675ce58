using Terminal.Core.Net;
using Terminal.Core.Protocol;

namespace Terminal.Core.Technician
{
    /// <summary>
    /// The typed values the links to WeChat Pay and the merchant server are built from, parsed
    /// once by <see cref="TerminalConfig.ToLinkSettings"/> (the core's one URL and endpoint parser,
    /// <see cref="HttpUrl"/>). The gateway factories (device, simulator, tests) receive this, never
    /// the configuration, so none of them parses a setting again.
    /// </summary>
    public sealed class LinkSettings
    {
        public Region Region;

        /// <summary><c>merchant_url</c>: host, port, https or not, and the path prefix the link must put before /v1/notifications and /v1/control; null when none is set.</summary>
        public HttpUrl MerchantUrl;

        /// <summary><c>merchant_ca</c> (PEM), or null: the built-in roots.</summary>
        public string MerchantCa;

        /// <summary><c>wx_endpoint</c> (test bench only): the LAN sandbox's host, or null.</summary>
        public string BenchHost;

        public int BenchPort;

        /// <summary><c>wx_ca</c> (PEM), or null.</summary>
        public string BenchCa;

        /// <summary>The merchant's client certificate and key (PEM secrets; never logged), or null.</summary>
        public string ClientCert;

        public string ClientKey;
    }
}
