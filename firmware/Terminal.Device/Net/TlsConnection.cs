using System.Net.Security;
using System.Net.Sockets;
using System;
using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Device.Net
{
    /// <summary>An authenticated TLS stream to one server (see <see cref="TlsConnector"/>).</summary>
    internal sealed class TlsConnection : IConnection
    {
        private readonly Socket socket;
        private readonly SslStream stream;
        private readonly string host;
        private bool closed;

        public TlsConnection(Socket socket, SslStream stream, string host)
        {
            this.socket = socket;
            this.stream = stream;
            this.host = host;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (closed)
            {
                throw new ConnectionException(ConnectionStage.Send, "the connection to " + host + " is closed");
            }

            try
            {
                stream.Write(buffer, offset, count);
            }
            catch (Exception ex)
            {
                throw TlsConnector.Wrap(ConnectionStage.Send, "sending to " + host + " failed", ex);
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (closed)
            {
                throw new ConnectionException(ConnectionStage.Receive, "the connection to " + host + " is closed");
            }

            try
            {
                int read = stream.Read(buffer, offset, count);
                return read < 0 ? 0 : read;
            }
            catch (Exception ex)
            {
                throw TlsConnector.Wrap(ConnectionStage.Receive, "receiving from " + host + " failed", ex);
            }
        }

        /// <summary>nanoFramework's SslStream passes the socket's receive time-out to mbedTLS on every read.</summary>
        public void SetReadTimeout(int milliseconds)
        {
            try
            {
                socket.ReceiveTimeout = milliseconds;
            }
            catch (Exception)
            {
            }
        }

        /// <summary>Idle between answers, a readable socket means the server closed it (FIN, close_notify) or sent something unasked.</summary>
        public bool IsStale()
        {
            if (closed)
            {
                return true;
            }

            try
            {
                return socket.Poll(0, SelectMode.SelectRead);
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
            catch (Exception)
            {
                return false; // cannot tell: reuse as before; a failure then goes back to the engine
            }
        }

        /// <summary>
        /// From another thread: closes the socket only, so a blocked read in mbedTLS fails at its
        /// next poll; the SslStream (the mbedTLS context) is disposed by <see cref="Close"/> on the
        /// owner's thread once the read has returned, never under its feet.
        /// </summary>
        public void Abort()
        {
            TlsConnector.CloseQuietly(null, socket);
        }

        public void Close()
        {
            if (closed)
            {
                return;
            }

            closed = true;
            TlsConnector.CloseQuietly(stream, socket);
        }
    }
}
