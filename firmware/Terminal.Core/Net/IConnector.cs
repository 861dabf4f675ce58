namespace Terminal.Core.Net
{
    /// <summary>
    /// Opens TLS connections for the core's HTTP/1.1 client. The device adapter uses a Socket and
    /// nanoFramework's SslStream (pinned root CA, optional merchant client certificate, because
    /// HttpClient cannot present one); the PC adapter uses .NET's SslStream; tests use in-memory
    /// or loopback connections. Adapters hold no protocol logic.
    /// </summary>
    public interface IConnector
    {
        /// <summary>
        /// Connects and completes the TLS handshake. Throws <see cref="ConnectionException"/>
        /// (nothing was sent) when DNS, TCP connect or the handshake fails or times out: the TCP
        /// connect and the handshake each wait at most <paramref name="connectTimeoutMs"/>, and
        /// a time-out sets <see cref="ConnectionException.TimedOut"/>.
        /// </summary>
        /// <param name="presentClientCertificate">Mutual TLS with the merchant API certificate (Revoke Order).</param>
        /// <param name="readTimeoutMs">The initial read and write time-out of the connection.</param>
        IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs);
    }

    /// <summary>An open, authenticated byte stream to one server.</summary>
    public interface IConnection
    {
        /// <summary>Sends bytes; throws <see cref="ConnectionException"/> when the connection breaks.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes; returns 0 when the server closed the
        /// connection; throws <see cref="ConnectionException"/> on a read time-out or reset.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>
        /// The longest wait of the following reads. The client shortens it before a read so that a
        /// whole answer, however slowly it trickles in, arrives within the answer time-out.
        /// </summary>
        void SetReadTimeout(int milliseconds);

        /// <summary>
        /// Does not block: true when the server closed the connection (or sent application data)
        /// while it was idle between answers. A kept-alive connection in that state must not carry
        /// a new request: the request would be lost, and a lost request may not be re-sent
        /// silently. TLS records that carry no data (TLS 1.3 session tickets) do not make it stale.
        /// </summary>
        bool IsStale();

        /// <summary>
        /// May be called from another thread while <see cref="Read"/> or <see cref="Write"/>
        /// blocks: makes them fail at once (closes the socket underneath). Never throws; the owner
        /// still calls <see cref="Close"/>.
        /// </summary>
        void Abort();

        /// <summary>Closes the connection; never throws.</summary>
        void Close();
    }
}
