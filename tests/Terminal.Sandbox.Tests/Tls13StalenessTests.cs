using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Pc;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// <see cref="IConnection.IsStale"/> of the PC adapter under TLS 1.3 (docs/protocol.md, "A warm
    /// connection before the scan"): the server's post-handshake NewSessionTicket records make an
    /// idle, never-used socket readable; they are TLS housekeeping, not a close and not unasked
    /// data, so a warmed connection stays usable. A close, a close_notify or unasked application
    /// data still make it stale, the check never blocks, and no byte of a later answer is lost.
    /// The server is a plain <see cref="SslStream"/> (the sandbox's Kestrel uses the same TLS
    /// stack) with the sandbox's certificates.
    /// </summary>
    public sealed class Tls13StalenessTests : IDisposable
    {
        private const string Host = "api.mch.weixin.qq.com";
        private static readonly Lazy<SandboxCertificates> Certificates = new Lazy<SandboxCertificates>(() =>
            SandboxCertificates.LoadOrCreate(Path.Combine(Path.GetTempPath(), "terminal-tls13-certs-" + Environment.ProcessId), "10000100"));

        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);

        public Tls13StalenessTests()
        {
            listener.Start();
        }

        public void Dispose() => listener.Stop();

        /// <summary>What the server does once the handshake is done.</summary>
        private enum ServerThen
        {
            /// <summary>Nothing (it only answers a request: "PING" → "PONG").</summary>
            Idle,

            /// <summary>Closes the connection (close_notify, FIN).</summary>
            Close,

            /// <summary>Sends application data nobody asked for.</summary>
            Unasked,
        }

        private (IConnection Connection, Thread Server) Open(SslProtocols protocols, ServerThen then)
        {
            var ready = new ManualResetEventSlim();
            var server = new Thread(() => Serve(then, ready)) { IsBackground = true };
            server.Start();
            var connector = new SslConnector(new X509Certificate2Collection { Certificates.Value.Ca }, null) { Protocols = protocols };
            connector.Map(Host, (IPEndPoint)listener.LocalEndpoint);
            IConnection connection = connector.Open(Host, 443, false, 10000, 10000);
            Assert.True(ready.Wait(10000), "server handshake");
            return (connection, server);
        }

        private void Serve(ServerThen then, ManualResetEventSlim ready)
        {
            using TcpClient client = listener.AcceptTcpClient();
            using var ssl = new SslStream(client.GetStream(), false);
            ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(Certificates.Value.Server, Certificates.Value.ServerChain, offline: true),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            });
            ready.Set();
            switch (then)
            {
                case ServerThen.Close:
                    Thread.Sleep(100);
                    ssl.ShutdownAsync().GetAwaiter().GetResult();
                    client.Client.Shutdown(SocketShutdown.Send);
                    Thread.Sleep(2000);
                    return;
                case ServerThen.Unasked:
                    Thread.Sleep(100);
                    ssl.Write(Encoding.ASCII.GetBytes("HTTP/1.1 408 Request Timeout\r\n\r\n"));
                    ssl.Flush();
                    Thread.Sleep(2000);
                    return;
            }

            var request = new byte[4];
            int got = 0;
            try
            {
                while (got < 4)
                {
                    int n = ssl.Read(request, got, 4 - got);
                    if (n == 0)
                    {
                        return;
                    }

                    got += n;
                }
            }
            catch (IOException)
            {
                return;
            }

            if (Encoding.ASCII.GetString(request) == "PING")
            {
                ssl.Write(Encoding.ASCII.GetBytes("PONG and the rest of a longer answer"));
                ssl.Flush();
            }

            Thread.Sleep(500);
        }

        private static string ReadAnswer(IConnection connection, int length)
        {
            var buffer = new byte[length];
            int got = 0;
            while (got < length)
            {
                int n = connection.Read(buffer, got, length - got);
                if (n == 0)
                {
                    break;
                }

                got += n;
            }

            return Encoding.ASCII.GetString(buffer, 0, got);
        }

        /// <summary>Waits until the server's post-handshake records have surely arrived.</summary>
        private static void LetTheTicketsArrive() => Thread.Sleep(300);

        [Fact]
        public void A_warm_TLS_1_3_connection_is_not_stale_and_carries_the_next_request_whole()
        {
            var (connection, _) = Open(SslProtocols.Tls13, ServerThen.Idle);
            try
            {
                LetTheTicketsArrive();
                var watch = Stopwatch.StartNew();
                Assert.False(connection.IsStale(), "a warmed TLS 1.3 connection whose only traffic was the server's session tickets");
                Assert.False(connection.IsStale(), "asked again");
                Assert.True(watch.ElapsedMilliseconds < 1000, $"IsStale took {watch.ElapsedMilliseconds} ms");

                connection.Write(Encoding.ASCII.GetBytes("PING"), 0, 4);
                Assert.Equal("PONG and the rest of a longer answer", ReadAnswer(connection, 36));
            }
            finally
            {
                connection.Close();
            }
        }

        [Fact]
        public void A_warm_TLS_1_2_connection_is_not_stale()
        {
            var (connection, _) = Open(SslProtocols.Tls12, ServerThen.Idle);
            try
            {
                LetTheTicketsArrive();
                Assert.False(connection.IsStale());
                connection.Write(Encoding.ASCII.GetBytes("PING"), 0, 4);
                Assert.Equal("PONG and the rest of a longer answer", ReadAnswer(connection, 36));
            }
            finally
            {
                connection.Close();
            }
        }

        [Theory]
        [InlineData(SslProtocols.Tls13)]
        [InlineData(SslProtocols.Tls12)]
        public void A_connection_the_server_closed_is_stale(SslProtocols protocols)
        {
            var (connection, _) = Open(protocols, ServerThen.Close);
            try
            {
                Thread.Sleep(500);
                var watch = Stopwatch.StartNew();
                Assert.True(connection.IsStale());
                Assert.True(watch.ElapsedMilliseconds < 1000, $"IsStale took {watch.ElapsedMilliseconds} ms");
            }
            finally
            {
                connection.Close();
            }
        }

        [Theory]
        [InlineData(SslProtocols.Tls13)]
        [InlineData(SslProtocols.Tls12)]
        public void A_connection_with_unasked_application_data_is_stale(SslProtocols protocols)
        {
            var (connection, _) = Open(protocols, ServerThen.Unasked);
            try
            {
                Thread.Sleep(500);
                Assert.True(connection.IsStale());
            }
            finally
            {
                connection.Close();
            }
        }
    }
}
