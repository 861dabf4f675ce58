using Terminal.Core.Net;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// <see cref="IMerchantLink"/> over the core's <see cref="Http11Client"/> (HTTPS on the device and
    /// PC through their TLS connectors; plain TCP to a loopback merchant server in tests). The
    /// forwarder owns this link and its client: one caller at a time, one kept-alive connection.
    /// </summary>
    public sealed class HttpMerchantLink : IMerchantLink
    {
        private readonly Http11Client client;
        private readonly string host;
        private readonly int port;
        private readonly string basePath;

        public HttpMerchantLink(Http11Client client, string host, int port)
            : this(client, host, port, string.Empty)
        {
        }

        /// <param name="basePath">The merchant_url's path ("" or e.g. "/pay"), prefixed to the API's paths.</param>
        public HttpMerchantLink(Http11Client client, string host, int port, string basePath)
        {
            this.client = client;
            this.host = host;
            this.port = port;
            this.basePath = basePath == null ? string.Empty : basePath;
        }

        /// <summary>The link to the server a parsed merchant_url names.</summary>
        public HttpMerchantLink(Http11Client client, HttpUrl url)
            : this(client, url.Host, url.Port, url.BasePath)
        {
        }

        public LinkReply Post(string path, string terminalId, string signature, byte[] body)
        {
            HttpRequest request = new HttpRequest();
            request.Method = "POST";
            request.Host = host;
            request.Port = port;
            request.Path = basePath + path;
            request.ContentType = "application/json";
            request.Body = body;
            request.AddHeader("X-Terminal-Id", terminalId);
            request.AddHeader("X-Signature", signature);
            HttpResponse response = client.Send(request);
            return new LinkReply(response.Status, response.Body, response.Header("X-Signature"));
        }

        /// <summary>Closes the kept-alive connection (e.g. before the device sleeps).</summary>
        public void Close()
        {
            client.Close();
        }
    }
}
