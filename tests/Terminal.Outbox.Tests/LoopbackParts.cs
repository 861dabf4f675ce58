using System.Net.Sockets;
using System.Threading;
using System;
using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Outbox.Tests
{
    /// <summary>Test-only plain-TCP connector for a loopback merchant server (no TLS: the reference server speaks HTTP on 127.0.0.1).</summary>
    public sealed class TcpTestConnector : IConnector
    {
        public int Opened;

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                IAsyncResult pending = socket.BeginConnect(host, port, null, null);
                if (!pending.AsyncWaitHandle.WaitOne(connectTimeoutMs))
                {
                    socket.Dispose();
                    throw new ConnectionException(ConnectionStage.Connect, "connect timed out") { TimedOut = true };
                }

                socket.EndConnect(pending);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new ConnectionException(ConnectionStage.Connect, "connect failed: " + e.SocketErrorCode, e);
            }

            Interlocked.Increment(ref Opened);
            socket.ReceiveTimeout = readTimeoutMs;
            socket.SendTimeout = readTimeoutMs;
            return new TcpTestConnection(socket);
        }

        private sealed class TcpTestConnection : IConnection
        {
            private readonly Socket socket;

            public TcpTestConnection(Socket socket)
            {
                this.socket = socket;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                try
                {
                    socket.Send(buffer, offset, count, SocketFlags.None);
                }
                catch (SocketException e)
                {
                    throw new ConnectionException(ConnectionStage.Send, "send failed: " + e.SocketErrorCode, e);
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
                    throw new ConnectionException(ConnectionStage.Receive, "receive failed: " + e.SocketErrorCode, e) { TimedOut = e.SocketErrorCode == SocketError.TimedOut };
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
                    socket.Dispose();
                }
                catch (Exception)
                {
                }
            }
        }
    }
}
