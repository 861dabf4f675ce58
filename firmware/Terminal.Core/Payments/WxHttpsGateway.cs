using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// The production <see cref="IWxGateway"/>: POSTs the signed XML over the core's HTTP/1.1
    /// client (keep-alive: a payment's submit and queries share one TLS session, the reverse uses
    /// a second one with the merchant client certificate) to the host the failover policy picks.
    /// A request is sent once: a failure after its bytes may have left (even on a kept-alive
    /// connection that turned out dead) goes back to the engine, which queries or tries again
    /// and counts it — so WeChat never sees more reverse calls than the engine allows. Failures
    /// where nothing was sent are reported to <see cref="DomainFailover"/>.
    /// </summary>
    public sealed class WxHttpsGateway : IWxGateway, IBackgroundPost
    {
        public const string ContentType = "text/xml; charset=utf-8";

        private readonly Http11Client client;
        private readonly DomainFailover failover;
        private readonly int port;
        private readonly object exchange = new object(); // one exchange or warm-up at a time: one connection per host

        public WxHttpsGateway(Http11Client client, DomainFailover failover, int port)
        {
            this.client = client;
            this.failover = failover;
            this.port = port;
        }

        /// <summary>A gateway for the account's region (primary/backup per <see cref="Endpoints"/>), port 443.</summary>
        public static WxHttpsGateway ForRegion(IConnector connector, IClock clock, Region region, PaymentConfig config)
        {
            Http11Client client = new Http11Client(connector, clock, config.ConnectTimeoutMs, config.ReadTimeoutMs);
            client.IdleReuseMs = config.KeepAliveIdleMs;
            client.MaxBodyBytes = Responses.MaxAnswerBytes; // a longer answer is refused while it arrives (then: query)
            DomainFailover failover = new DomainFailover(Endpoints.PrimaryHost(region), Endpoints.BackupHost(region), clock);
            return new WxHttpsGateway(client, failover, 443);
        }

        public Http11Client Client
        {
            get { return client; }
        }

        public DomainFailover Failover
        {
            get { return failover; }
        }

        public string LastHost { get; private set; }

        public long LastSentMs
        {
            get { return client.LastSentMs; }
        }

        public byte[] Post(string path, byte[] body, string host)
        {
            string target = host == null ? failover.Current : host;
            LastHost = target;
            HttpResponse response;
            try
            {
                response = Exchange(target, path, body, 0);
            }
            catch (ConnectionException failure)
            {
                failover.ReportFailure(target, failure);
                throw;
            }

            return Body(response, target, path);
        }

        /// <summary>
        /// A background request (the 交易保障 report) on the same connection as the payments,
        /// under the same one-exchange-at-a-time lock, with the client's time-outs shortened to
        /// <paramref name="timeoutMs"/> for this exchange only. Its failures are not reported to
        /// the failover policy: a background call never moves the sales to the other host.
        /// </summary>
        public byte[] PostBackground(string path, byte[] body, int timeoutMs)
        {
            string target = failover.Current;
            LastHost = target;
            return Body(Exchange(target, path, body, timeoutMs), target, path);
        }

        /// <summary>One POST under the exchange lock; <paramref name="timeoutMs"/> &gt; 0 shortens the client's time-outs for it alone.</summary>
        private HttpResponse Exchange(string target, string path, byte[] body, int timeoutMs)
        {
            HttpRequest request = new HttpRequest();
            request.Method = "POST";
            request.Host = target;
            request.Port = port;
            request.Path = path;
            request.ContentType = ContentType;
            request.Body = body;
            request.PresentClientCertificate = Endpoints.NeedsClientCertificate(path);
            lock (exchange)
            {
                if (timeoutMs <= 0)
                {
                    return client.Send(request);
                }

                int connect = client.ConnectTimeoutMs;
                int read = client.ReadTimeoutMs;
                client.ConnectTimeoutMs = timeoutMs < connect ? timeoutMs : connect;
                client.ReadTimeoutMs = timeoutMs < read ? timeoutMs : read;
                try
                {
                    return client.Send(request);
                }
                finally
                {
                    client.ConnectTimeoutMs = connect;
                    client.ReadTimeoutMs = read;
                }
            }
        }

        private static byte[] Body(HttpResponse response, string target, string path)
        {
            if (response.Status != 200)
            {
                // The server received the request: as ambiguous as a lost answer.
                throw new ConnectionException(ConnectionStage.Receive, "HTTP " + response.Status + " from " + target + path);
            }

            return response.Body;
        }

        public void Interrupt()
        {
            client.Interrupt();
        }

        public void ResetInterrupt()
        {
            client.ResetInterrupt();
        }

        /// <summary>
        /// Opens or checks the micropay connection to the host the failover policy would pick now
        /// (no client certificate: /pay/micropay). Waits for an exchange in progress rather than
        /// opening a second connection. A failure is reported to the failover policy like any
        /// failure that sent nothing, so the scan goes to a host that answers.
        /// </summary>
        public void Warm()
        {
            string target = failover.Current;
            try
            {
                lock (exchange)
                {
                    client.Warm(target, port, Endpoints.NeedsClientCertificate(Endpoints.MicropayPath));
                }
            }
            catch (ConnectionException failure)
            {
                failover.ReportFailure(target, failure);
            }
        }

        public void Close()
        {
            lock (exchange)
            {
                client.Close();
            }
        }
    }
}
