using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using System;
using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Pc
{
    /// <summary>
    /// <see cref="IConnector"/> on .NET: DNS, TCP connect and the TLS handshake each bounded by the
    /// connect time-out, then <see cref="SslStream"/> (TLS 1.2/1.3) validating the server against
    /// the configured roots only (DigiCert Global Root G2 for WeChat Pay, or the sandbox CA),
    /// presenting the merchant client certificate when asked (Revoke Order). Failures become
    /// <see cref="ConnectionException"/> with the right stage; a refused connect is a Connect
    /// failure that did not time out.
    /// <para>
    /// The chain is built from the leaf and the intermediates the server sent (WeChat sends leaf +
    /// intermediate) and must end at one of the pinned roots: no system trust store, no download
    /// of missing intermediates (AIA), no revocation fetch — the terminal behaves the same on any PC.
    /// </para>
    /// </summary>
    public sealed class SslConnector : IConnector
    {
        private readonly X509Certificate2Collection roots;
        private readonly X509Certificate2? clientCertificate;
        private readonly Dictionary<string, IPEndPoint> hostMap = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        private int handshakes;

        /// <param name="roots">Trusted root certificates (nothing else is trusted).</param>
        /// <param name="clientCertificate">The merchant API certificate with its private key, or null.</param>
        public SslConnector(X509Certificate2Collection roots, X509Certificate2? clientCertificate)
        {
            this.roots = roots ?? throw new ArgumentNullException(nameof(roots));
            this.clientCertificate = clientCertificate;
        }

        /// <summary>TLS handshakes completed.</summary>
        public int Handshakes => handshakes;

        /// <summary>The TLS version the last completed handshake negotiated (None before the first).</summary>
        public SslProtocols LastProtocol { get; private set; }

        /// <summary>
        /// TLS versions offered (default 1.2 and 1.3). Under TLS 1.3 the server's post-handshake
        /// session tickets arrive on a connection that has carried no request yet; the
        /// connection's <see cref="IConnection.IsStale"/> lets <see cref="SslStream"/> consume
        /// them instead of reading them as a close (docs/protocol.md, "A warm connection before the scan").
        /// </summary>
        public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

        /// <summary>Sends connections for <paramref name="host"/> to <paramref name="endpoint"/> (the sandbox), keeping SNI and name checks.</summary>
        public void Map(string host, IPEndPoint endpoint) => hostMap[host] = endpoint;

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
        {
            X509Certificate2? ownCertificate = null;
            if (presentClientCertificate)
            {
                ownCertificate = clientCertificate ??
                    throw new ConnectionException(ConnectionStage.Handshake, "no merchant client certificate is configured (needed for " + host + " /secapi/)");
            }

            IPEndPoint? endpoint;
            if (!hostMap.TryGetValue(host, out endpoint))
            {
                IPAddress[] addresses;
                try
                {
                    addresses = Dns.GetHostAddressesAsync(host).WaitAsync(TimeSpan.FromMilliseconds(connectTimeoutMs)).GetAwaiter().GetResult();
                }
                catch (TimeoutException ex)
                {
                    throw new ConnectionException(ConnectionStage.Dns, "resolving " + host + " timed out after " + connectTimeoutMs + " ms", ex) { TimedOut = true };
                }
                catch (SocketException ex)
                {
                    throw new ConnectionException(ConnectionStage.Dns, "cannot resolve " + host + ": " + ex.Message, ex);
                }

                if (addresses.Length == 0)
                {
                    throw new ConnectionException(ConnectionStage.Dns, "cannot resolve " + host);
                }

                endpoint = new IPEndPoint(addresses[0], port);
            }

            var tcp = new TcpClient(endpoint.AddressFamily) { NoDelay = true };
            try
            {
                using (var timeout = new CancellationTokenSource(connectTimeoutMs))
                {
                    tcp.ConnectAsync(endpoint.Address, endpoint.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
                }
            }
            catch (OperationCanceledException ex)
            {
                tcp.Dispose();
                throw new ConnectionException(ConnectionStage.Connect, "connect to " + host + " timed out after " + connectTimeoutMs + " ms", ex) { TimedOut = true };
            }
            catch (SocketException ex)
            {
                tcp.Dispose();
                throw new ConnectionException(ConnectionStage.Connect, "connect to " + host + " failed: " + ex.Message, ex) { TimedOut = ex.SocketErrorCode == SocketError.TimedOut };
            }

            NetworkStream network = tcp.GetStream();
            network.ReadTimeout = readTimeoutMs;
            network.WriteTimeout = readTimeoutMs;
            var ssl = new SslStream(network, false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = host,
                EnabledSslProtocols = Protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = PinnedPolicy(),
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => Trusted(certificate, chain, errors),
            };
            if (ownCertificate != null)
            {
                options.ClientCertificates = new X509CertificateCollection { ownCertificate };
                options.LocalCertificateSelectionCallback = (sender, target, local, remote, issuers) => ownCertificate;
            }

            try
            {
                using (var timeout = new CancellationTokenSource(connectTimeoutMs))
                {
                    ssl.AuthenticateAsClientAsync(options, timeout.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception ex) when (ex is AuthenticationException || ex is IOException || ex is OperationCanceledException || ex is SocketException)
            {
                ssl.Dispose();
                tcp.Dispose();
                throw new ConnectionException(ConnectionStage.Handshake, "TLS handshake with " + host + " failed: " + ex.Message, ex) { TimedOut = ex is OperationCanceledException };
            }

            LastProtocol = ssl.SslProtocol;
            Interlocked.Increment(ref handshakes);
            return new SslConnection(tcp, network, ssl, host);
        }

        /// <summary>Only the pinned roots anchor a chain; nothing is fetched from the network.</summary>
        private X509ChainPolicy PinnedPolicy()
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            policy.CustomTrustStore.AddRange(roots);
            return policy;
        }

        // Our own verdict, whatever the platform's default validation said about the chain: the leaf,
        // plus the certificates the server sent (only as intermediates), to a pinned root.
        private bool Trusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy = PinnedPolicy();
            if (presented != null)
            {
                // The server's certificates as SslStream received them.
                chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            }

            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        }

        private sealed class SslConnection : IConnection
        {
            /// <summary>How long <see cref="IsStale"/> lets TLS work on what arrived before it answers.</summary>
            private const int StaleCheckMs = 20;

            private readonly TcpClient tcp;
            private readonly NetworkStream network;
            private readonly SslStream ssl;
            private readonly string host;
            private readonly byte[] probeByte = new byte[1];

            // A one-byte read that IsStale started on an idle, readable connection and that is
            // still waiting: its byte (the first of the next answer) belongs to the next Read.
            private Task<int>? probe;

            public SslConnection(TcpClient tcp, NetworkStream network, SslStream ssl, string host)
            {
                this.tcp = tcp;
                this.network = network;
                this.ssl = ssl;
                this.host = host;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                try
                {
                    ssl.Write(buffer, offset, count);
                    ssl.Flush();
                }
                catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is SocketException)
                {
                    throw new ConnectionException(ConnectionStage.Send, "sending to " + host + " failed: " + ex.Message, ex) { TimedOut = IsTimeout(ex) };
                }
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                try
                {
                    if (probe != null)
                    {
                        return ReadProbe(buffer, offset);
                    }

                    return ssl.Read(buffer, offset, count);
                }
                catch (AggregateException ex) when (ex.InnerException is IOException || ex.InnerException is ObjectDisposedException || ex.InnerException is SocketException)
                {
                    throw new ConnectionException(ConnectionStage.Receive, "receiving from " + host + " failed: " + ex.InnerException.Message, ex.InnerException) { TimedOut = IsTimeout(ex.InnerException) };
                }
                catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is SocketException)
                {
                    throw new ConnectionException(ConnectionStage.Receive, "receiving from " + host + " failed: " + ex.Message, ex) { TimedOut = IsTimeout(ex) };
                }
            }

            public void SetReadTimeout(int milliseconds)
            {
                try
                {
                    network.ReadTimeout = milliseconds;
                }
                catch (ObjectDisposedException)
                {
                }
            }

            /// <summary>
            /// Idle between answers, a readable socket means a close (FIN, close_notify), unasked
            /// bytes — or, under TLS 1.3, the server's post-handshake records (NewSessionTicket),
            /// which are not application data. So when the socket is readable, a one-byte read lets
            /// SslStream process what arrived, for at most <see cref="StaleCheckMs"/>: if it
            /// completes, the peer closed (0) or sent data nobody asked for (1 byte): stale. If it is
            /// still waiting, only TLS housekeeping came: not stale, and the pending read is handed to
            /// the next <see cref="Read"/>, so no byte of the answer is lost.
            /// </summary>
            public bool IsStale()
            {
                try
                {
                    if (probe == null)
                    {
                        if (!tcp.Client.Poll(0, SelectMode.SelectRead))
                        {
                            return false;
                        }

                        probe = ssl.ReadAsync(probeByte, 0, 1);
                    }

                    return probe.Wait(StaleCheckMs); // completed: closed, unasked data, or failed (throws)
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException || ex is IOException || ex is AggregateException || ex is InvalidOperationException || ex is NotSupportedException)
                {
                    return true;
                }
            }

            /// <summary>The next answer's first byte from the read <see cref="IsStale"/> started, waiting at most the read time-out.</summary>
            private int ReadProbe(byte[] buffer, int offset)
            {
                Task<int> pending = probe ?? throw new InvalidOperationException("no probe read pending");
                int timeout = network.ReadTimeout;
                if (!pending.Wait(timeout <= 0 ? Timeout.Infinite : timeout))
                {
                    throw new ConnectionException(ConnectionStage.Receive, "receiving from " + host + " timed out after " + timeout + " ms") { TimedOut = true };
                }

                probe = null;
                int n = pending.Result;
                if (n > 0)
                {
                    buffer[offset] = probeByte[0];
                }

                return n;
            }

            public void Abort()
            {
                try
                {
                    tcp.Client.Shutdown(SocketShutdown.Both); // unblocks a Read on another thread
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException)
                {
                }

                try
                {
                    tcp.Client.Close();
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException)
                {
                }
            }

            public void Close()
            {
                try
                {
                    ssl.Dispose();
                }
                catch (Exception)
                {
                }

                tcp.Dispose();
                Task<int>? pending = probe;
                probe = null;
                if (pending != null)
                {
                    // The read fails with the socket; observe it so it is not reported as unobserved.
                    pending.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                }
            }

            private static bool IsTimeout(Exception ex)
            {
                return ex.InnerException is SocketException socket && socket.SocketErrorCode == SocketError.TimedOut;
            }
        }
    }
}
