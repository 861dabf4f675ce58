using System.Collections;
using System.Net.Security;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System;
using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Device.Net
{
    /// <summary>
    /// <see cref="IConnector"/> on nanoFramework: DNS (<see cref="Dns.GetHostEntry"/>), a TCP
    /// <see cref="Socket"/>, then <see cref="SslStream.AuthenticateAsClient(string, X509Certificate, X509Certificate, SslProtocols)"/>
    /// with TLS 1.2, the server name checked by mbedTLS against the requested host, and exactly one
    /// trusted root (DigiCert Global Root G2 for WeChat Pay; the sandbox's CA on a test bench).
    /// The merchant API certificate is presented only when the core asks (Revoke Order).
    /// HttpClient is not used: it cannot present a client certificate.
    /// <para>
    /// Time-outs. nanoFramework's blocking <c>Socket.Connect</c> waits without limit and the
    /// handshake has no time-out of its own, so both run on a short-lived worker thread while the
    /// caller waits at most <c>connectTimeoutMs</c> for each stage; on expiry the socket is closed
    /// (which ends the worker's blocking call) and the caller gets a timed-out
    /// <see cref="ConnectionException"/> at once. Reads and writes use the socket's receive/send
    /// time-outs, which nanoFramework's SslStream passes to mbedTLS. DNS uses lwIP's own retry
    /// limit (a few seconds); a failure is reported as <see cref="ConnectionStage.Dns"/>.
    /// </para>
    /// <para>No protocol logic: what to do with a failure (retry, query, fail over) is the core's.</para>
    /// </summary>
    public sealed class TlsConnector : IConnector
    {
        private readonly X509Certificate root;
        private readonly X509Certificate clientCertificate;
        private readonly Hashtable overrides = new Hashtable();
        private int handshakes;

        /// <param name="rootPem">The one trusted root, PEM (normally <see cref="TrustedRoots.DigiCertGlobalRootG2"/>).</param>
        /// <param name="clientCertificate">
        /// The merchant API certificate with its private key
        /// (<c>new X509Certificate2(certPem, keyPem, password)</c>), or null when none is provisioned.
        /// </param>
        public TlsConnector(string rootPem, X509Certificate2 clientCertificate)
        {
            root = new X509Certificate(rootPem);
            this.clientCertificate = clientCertificate;
        }

        /// <summary>TLS handshakes completed since start (status screen, memory checks).</summary>
        public int Handshakes
        {
            get { return handshakes; }
        }

        /// <summary>True when a merchant client certificate is loaded.</summary>
        public bool HasClientCertificate
        {
            get { return clientCertificate != null; }
        }

        /// <summary>
        /// Test bench only: connections for <paramref name="host"/> go to <paramref name="address"/>:<paramref name="port"/>
        /// instead, keeping SNI and the certificate's name check for <paramref name="host"/>
        /// (the sandbox serves WeChat's host names). Never set on a production terminal.
        /// </summary>
        public void Map(string host, IPAddress address, int port)
        {
            overrides[host] = new IPEndPoint(address, port);
        }

        /// <summary>
        /// Test bench only: as <see cref="Map(string, IPAddress, int)"/>, to <paramref name="target"/>
        /// (an IPv4 address or a LAN host name, resolved at each connection).
        /// </summary>
        public void Map(string host, string target, int port)
        {
            overrides[host] = new Redirect(target, port);
        }

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
        {
            if (presentClientCertificate && clientCertificate == null)
            {
                throw new ConnectionException(ConnectionStage.Handshake, "no merchant client certificate is provisioned (needed for " + host + " /secapi/)");
            }

            object mapped = overrides[host];
            IPEndPoint endpoint = mapped as IPEndPoint;
            Redirect redirect = mapped as Redirect;
            if (redirect != null)
            {
                endpoint = new IPEndPoint(Resolve(redirect.Target), redirect.Port);
            }
            else if (endpoint == null)
            {
                endpoint = new IPEndPoint(Resolve(host), port);
            }

            Attempt attempt = new Attempt(host, endpoint, presentClientCertificate ? clientCertificate : null, root, readTimeoutMs);
            Thread worker = new Thread(new ThreadStart(attempt.Run));
            worker.Start();

            if (!attempt.Connected.WaitOne(connectTimeoutMs, false))
            {
                attempt.Abandon();
                ConnectionException late = new ConnectionException(ConnectionStage.Connect, "connect to " + host + " timed out after " + connectTimeoutMs + " ms");
                late.TimedOut = true;
                throw late;
            }

            if (attempt.Failure != null && attempt.FailedStage == ConnectionStage.Connect)
            {
                throw Wrap(ConnectionStage.Connect, "connect to " + host + " failed", attempt.Failure);
            }

            if (!attempt.Done.WaitOne(connectTimeoutMs, false))
            {
                attempt.Abandon();
                ConnectionException late = new ConnectionException(ConnectionStage.Handshake, "TLS handshake with " + host + " timed out after " + connectTimeoutMs + " ms");
                late.TimedOut = true;
                throw late;
            }

            if (attempt.Failure != null)
            {
                // mbedTLS reports a bad certificate, an unknown CA, a wrong host name and a clock
                // outside the certificate's validity all as a handshake failure.
                throw Wrap(ConnectionStage.Handshake, "TLS handshake with " + host + " failed", attempt.Failure);
            }

            Interlocked.Increment(ref handshakes);
            return new TlsConnection(attempt.Socket, attempt.Stream, host);
        }

        private static IPAddress Resolve(string host)
        {
            if (IsIPv4(host))
            {
                return IPAddress.Parse(host);
            }

            IPHostEntry entry;
            try
            {
                entry = Dns.GetHostEntry(host);
            }
            catch (Exception ex)
            {
                throw Wrap(ConnectionStage.Dns, "cannot resolve " + host, ex);
            }

            IPAddress[] addresses = entry == null ? null : entry.AddressList;
            if (addresses != null)
            {
                for (int i = 0; i < addresses.Length; i++)
                {
                    if (addresses[i] != null && addresses[i].AddressFamily == AddressFamily.InterNetwork)
                    {
                        return addresses[i];
                    }
                }
            }

            throw new ConnectionException(ConnectionStage.Dns, "cannot resolve " + host + ": no IPv4 address");
        }

        private static bool IsIPv4(string text)
        {
            int dots = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '.')
                {
                    dots++;
                }
                else if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return dots == 3;
        }

        /// <summary>A bench redirection to a host name or IPv4 address.</summary>
        private sealed class Redirect
        {
            public readonly string Target;
            public readonly int Port;

            public Redirect(string target, int port)
            {
                Target = target;
                Port = port;
            }
        }

        internal static ConnectionException Wrap(ConnectionStage stage, string what, Exception ex)
        {
            ConnectionException wrapped = new ConnectionException(stage, what + ": " + Describe(ex), ex);
            wrapped.TimedOut = IsTimeout(ex);
            return wrapped;
        }

        internal static bool IsTimeout(Exception ex)
        {
            SocketException socket = ex as SocketException;
            return socket != null && socket.ErrorCode == (int)SocketError.TimedOut;
        }

        private static string Describe(Exception ex)
        {
            SocketException socket = ex as SocketException;
            if (socket != null)
            {
                return "socket error " + socket.ErrorCode;
            }

            string message = ex.Message;
            return message == null || message.Length == 0 ? ex.GetType().Name : message;
        }

        /// <summary>One connection attempt, run on its own thread so the caller can give up on time.</summary>
        private sealed class Attempt
        {
            private readonly string host;
            private readonly IPEndPoint endpoint;
            private readonly X509Certificate client;
            private readonly X509Certificate ca;
            private readonly int readTimeoutMs;
            private readonly object gate = new object();
            private bool abandoned;

            public Attempt(string host, IPEndPoint endpoint, X509Certificate client, X509Certificate ca, int readTimeoutMs)
            {
                this.host = host;
                this.endpoint = endpoint;
                this.client = client;
                this.ca = ca;
                this.readTimeoutMs = readTimeoutMs;
                Connected = new ManualResetEvent(false);
                Done = new ManualResetEvent(false);
            }

            public ManualResetEvent Connected { get; private set; }

            public ManualResetEvent Done { get; private set; }

            public Socket Socket { get; private set; }

            public SslStream Stream { get; private set; }

            public Exception Failure { get; private set; }

            public ConnectionStage FailedStage { get; private set; }

            public void Run()
            {
                Socket socket = null;
                try
                {
                    socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    lock (gate)
                    {
                        Socket = socket;
                        if (abandoned)
                        {
                            CloseQuietly(null, socket);
                            return;
                        }
                    }

                    socket.ReceiveTimeout = readTimeoutMs;
                    socket.SendTimeout = readTimeoutMs;
                    socket.Connect(endpoint);
                }
                catch (Exception ex)
                {
                    Fail(ConnectionStage.Connect, ex, null, socket);
                    Connected.Set();
                    Done.Set();
                    return;
                }

                Connected.Set();

                SslStream stream = null;
                try
                {
                    stream = new SslStream(socket);
                    stream.SslVerification = SslVerification.CertificateRequired;
                    lock (gate)
                    {
                        Stream = stream;
                        if (abandoned)
                        {
                            CloseQuietly(stream, socket);
                            return;
                        }
                    }

                    stream.AuthenticateAsClient(host, client, ca, SslProtocols.Tls12);
                }
                catch (Exception ex)
                {
                    Fail(ConnectionStage.Handshake, ex, stream, socket);
                }

                Done.Set();
            }

            /// <summary>
            /// The caller gave up: close the socket so the worker's connect or handshake fails at
            /// its next poll. The SslStream (the mbedTLS context) is disposed by the worker once
            /// the handshake call has returned, never under its feet.
            /// </summary>
            public void Abandon()
            {
                lock (gate)
                {
                    abandoned = true;
                    CloseQuietly(null, Socket);
                }
            }

            private void Fail(ConnectionStage stage, Exception ex, SslStream stream, Socket socket)
            {
                lock (gate)
                {
                    Failure = ex;
                    FailedStage = stage;
                    CloseQuietly(stream, socket);
                }
            }
        }

        internal static void CloseQuietly(SslStream stream, Socket socket)
        {
            if (stream != null)
            {
                try
                {
                    // Disposing the SslStream frees the mbedTLS context and closes the socket.
                    stream.Dispose();
                }
                catch (Exception)
                {
                }
            }

            if (socket != null)
            {
                try
                {
                    socket.Close();
                }
                catch (Exception)
                {
                }
            }
        }
    }
}
