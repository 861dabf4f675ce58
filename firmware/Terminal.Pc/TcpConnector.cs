using System.Net.Sockets;
using System.Threading;
using System;
using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Pc
{
    /// <summary>
    /// Plain TCP (no TLS) <see cref="IConnector"/> for a merchant server on loopback
    /// (http://127.0.0.1:port): the simulator's merchant link, the outbox end-to-end tests and the
    /// benchmarks. Connect bounded by the connect time-out, reads and writes by the read time-out;
    /// socket failures become <see cref="ConnectionException"/> with their stage.
    /// </summary>
    public sealed class TcpConnector : IConnector
    {
        private int opened;

        /// <summary>Connections opened.</summary>
        public int Opened => Volatile.Read(ref opened);

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                var result = socket.BeginConnect(host == "localhost" ? "127.0.0.1" : host, port, null, null);
                if (!result.AsyncWaitHandle.WaitOne(connectTimeoutMs))
                {
                    socket.Close();
                    throw new ConnectionException(ConnectionStage.Connect, "connect to " + host + ":" + port + " timed out") { TimedOut = true };
                }

                socket.EndConnect(result);
            }
            catch (SocketException e)
            {
                socket.Close();
                throw new ConnectionException(ConnectionStage.Connect, "connect to " + host + ":" + port + " failed: " + e.Message, e);
            }

            Interlocked.Increment(ref opened);
            socket.ReceiveTimeout = readTimeoutMs;
            socket.SendTimeout = readTimeoutMs;
            return new Connection(socket);
        }

        private sealed class Connection : IConnection
        {
            private readonly Socket socket;

            public Connection(Socket socket) => this.socket = socket;

            public void Write(byte[] buffer, int offset, int count)
            {
                try
                {
                    socket.Send(buffer, offset, count, SocketFlags.None);
                }
                catch (SocketException e)
                {
                    throw new ConnectionException(ConnectionStage.Send, "send failed: " + e.Message, e);
                }
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                try
                {
                    return socket.Receive(buffer, offset, count, SocketFlags.None);
                }
                catch (SocketException e)
                {
                    throw new ConnectionException(ConnectionStage.Receive, "receive failed: " + e.Message, e) { TimedOut = e.SocketErrorCode == SocketError.TimedOut };
                }
            }

            public void SetReadTimeout(int milliseconds) => socket.ReceiveTimeout = milliseconds;

            public bool IsStale()
            {
                try
                {
                    return socket.Poll(0, SelectMode.SelectRead);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException)
                {
                    return true;
                }
            }

            public void Abort()
            {
                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException)
                {
                }
            }

            public void Close()
            {
                try
                {
                    socket.Close();
                }
                catch (SocketException)
                {
                }
            }
        }
    }
}
