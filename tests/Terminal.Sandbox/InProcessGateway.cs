using System.Collections.Generic;
using System;
using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Sandbox
{
    /// <summary>
    /// The payment engine's gateway port wired straight to a <see cref="WeChatSandbox"/>, with the
    /// transport's behaviour simulated on the engine's clock: connect faults throw "nothing sent"
    /// (a connect time-out costs the connect time-out), drops throw "maybe sent", slow answers
    /// cost their delay or, past the read time-out, the time-out. Uses the same
    /// <see cref="DomainFailover"/> as the HTTPS gateway. Thousands of payments per second.
    /// </summary>
    public sealed class InProcessGateway : IWxGateway
    {
        private readonly WeChatSandbox sandbox;
        private readonly IClock clock;

        public InProcessGateway(WeChatSandbox sandbox, IClock clock, PaymentConfig config, Region region = Region.Mainland)
        {
            this.sandbox = sandbox;
            this.clock = clock;
            ConnectTimeoutMs = config.ConnectTimeoutMs;
            ReadTimeoutMs = config.ReadTimeoutMs;
            Failover = new DomainFailover(Endpoints.PrimaryHost(region), Endpoints.BackupHost(region), clock);
            LatencyMs = 50;
        }

        public DomainFailover Failover { get; }

        public int ConnectTimeoutMs { get; set; }

        public int ReadTimeoutMs { get; set; }

        /// <summary>Virtual time each answered call takes.</summary>
        public int LatencyMs { get; set; }

        public long LastSentMs { get; private set; } = -1;

        private bool interrupted;

        public void Interrupt() => interrupted = true;

        public void ResetInterrupt() => interrupted = false;

        /// <summary>In process: no connection to warm.</summary>
        public void Warm()
        {
        }

        /// <summary>Hosts whose DNS fails (for failover tests).</summary>
        public HashSet<string> DownHosts { get; } = new HashSet<string>(StringComparer.Ordinal);

        public string? LastHost { get; private set; }

        public int Requests { get; private set; }

        public byte[] Post(string path, byte[] body, string host)
        {
            string target = host ?? Failover.Current;
            LastHost = target;
            LastSentMs = -1;
            try
            {
                return Exchange(path, body, target);
            }
            catch (ConnectionException ex)
            {
                Failover.ReportFailure(target, ex);
                throw;
            }
        }

        private byte[] Exchange(string path, byte[] body, string host)
        {
            if (interrupted)
            {
                throw new ConnectionException(ConnectionStage.Connect, "interrupted before sending") { Interrupted = true };
            }

            if (DownHosts.Contains(host))
            {
                clock.Sleep(ConnectTimeoutMs);
                throw new ConnectionException(ConnectionStage.Connect, "connect to " + host + " timed out") { TimedOut = true };
            }

            Requests++;
            long sentAt = clock.MonotonicMs;
            SandboxReply reply = sandbox.Handle(path, body, Endpoints.NeedsClientCertificate(path), host);
            switch (reply.ConnectFault)
            {
                case SandboxFault.DnsError:
                    throw new ConnectionException(ConnectionStage.Dns, "cannot resolve " + host);
                case SandboxFault.ConnectTimeout:
                    clock.Sleep(ConnectTimeoutMs);
                    throw new ConnectionException(ConnectionStage.Connect, "connect to " + host + " timed out") { TimedOut = true };
                case SandboxFault.HandshakeFailure:
                    throw new ConnectionException(ConnectionStage.Handshake, "TLS handshake with " + host + " failed");
            }

            LastSentMs = sentAt;

            if (reply.DelayMs >= ReadTimeoutMs || (reply.Drop && reply.DelayMs > 0))
            {
                clock.Sleep(ReadTimeoutMs);
                throw new ConnectionException(ConnectionStage.Receive, "no answer from " + host + " within " + ReadTimeoutMs + " ms") { TimedOut = true };
            }

            clock.Sleep(reply.DelayMs + LatencyMs);
            if (reply.Drop)
            {
                throw new ConnectionException(ConnectionStage.Receive, "connection reset by " + host);
            }

            if (reply.Status != 200)
            {
                throw new ConnectionException(ConnectionStage.Receive, "HTTP " + reply.Status + " from " + host);
            }

            return reply.Body;
        }
    }
}
