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
