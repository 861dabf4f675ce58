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
        /// (nothing was sent) when DNS, TCP connect or the handshake fails or times out.
        /// </summary>
        /// <param name="presentClientCertificate">Mutual TLS with the merchant API certificate (Revoke Order).</param>
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

        /// <summary>Closes the connection; never throws.</summary>
        void Close();
    }
}
