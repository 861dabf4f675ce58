using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Terminal.Core.Net;
using Terminal.Core.Protocol;
using Terminal.Pc;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Sandbox.Tests
{
    /// <summary>
    /// Bounded waits on the real stack (.NET SslStream, the PC connector, real time): the
    /// cashier's cancel from another thread ends a read the server leaves hanging at once, and an
    /// answer trickled a byte every 700 ms is cut at the answer time-out.
    /// </summary>
    public sealed class BoundedWaitsOverTlsTests : IDisposable
    {
        private readonly ITestOutputHelper output;
        private readonly string folder = Path.Combine(Path.GetTempPath(), "terminal-interrupt-tests-" + Environment.ProcessId);
        private readonly SandboxServer server;

        public BoundedWaitsOverTlsTests(ITestOutputHelper output)
        {
            this.output = output;
            server = SandboxServer.Start(new SandboxOptions { Port = 0, DataFolder = folder, MaxStallMs = 30000 });
        }

        [Fact]
        public void Interrupt_from_another_thread_ends_a_blocked_TLS_read_at_once()
        {
            var rig = new Rig();
            server.Sandbox = rig.Sandbox;
            var ssl = new SslConnector(new X509Certificate2Collection { server.Certificates.Ca }, server.Certificates.Client);
            ssl.Map(Endpoints.MainlandHost, new IPEndPoint(IPAddress.Loopback, server.Port));
            var client = new Http11Client(ssl, new SystemClock(), 5000, 20000);
            rig.Sandbox.EnqueueFault(WxApi.OrderQuery, SandboxFault.StallBeforeProcessing);
            var request = new HttpRequest { Host = Endpoints.MainlandHost, Port = server.Port, Path = Endpoints.OrderQueryPath, Body = new byte[] { 60 } };

            var cancel = new Thread(() =>
            {
                // Interrupt once the request is on the wire and the sandbox holds it: a fixed
                // 500 ms could fall inside a handshake slowed by a loaded machine (then nothing was
                // sent, which is another test).
                var arrived = Stopwatch.StartNew();
                while (rig.Sandbox.Calls.Count == 0 && arrived.ElapsedMilliseconds < 20000)
                {
                    Thread.Sleep(10);
                }

                Thread.Sleep(300);
                client.Interrupt();
            });
            var watch = Stopwatch.StartNew();
            cancel.Start();
            var ex = Assert.Throws<ConnectionException>(() => client.Send(request));
            long elapsed = watch.ElapsedMilliseconds;
            cancel.Join();

            output.WriteLine("interrupted after " + elapsed + " ms: " + ex.Message);
            Assert.True(ex.Interrupted);
            Assert.False(ex.NothingSent);
            Assert.True(elapsed < 10000, "the read ended " + elapsed + " ms after the request, not at the interrupt");
            Assert.True(Assert.Throws<ConnectionException>(() => client.Send(request)).NothingSent, "refused until reset, nothing sent");
            client.ResetInterrupt();
        }

        [Fact]
        public void An_answer_trickled_over_TLS_is_cut_at_the_answer_time_out()
        {
            // A TLS server with the sandbox's certificate that answers one byte every 700 ms.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var serving = new Thread(() =>
            {
                try
                {
                    using TcpClient accepted = listener.AcceptTcpClient();
                    using var tls = new SslStream(accepted.GetStream());
                    tls.AuthenticateAsServer(new SslServerAuthenticationOptions
                    {
                        // leaf + intermediate, as WeChat (and the sandbox) send them
                        ServerCertificateContext = SslStreamCertificateContext.Create(server.Certificates.Server, server.Certificates.ServerChain, offline: true),
                    });
                    var request = new byte[4096];
                    tls.ReadAtLeast(request, 1, throwOnEndOfStream: false); // the request, or what of it came in one read
                    byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n" + new string('x', 400));
                    foreach (byte b in answer)
                    {
                        tls.Write(new[] { b });
                        tls.Flush();
                        Thread.Sleep(700);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException)
                {
                }
            })
            { IsBackground = true };
            serving.Start();

            var ssl = new SslConnector(new X509Certificate2Collection { server.Certificates.Ca }, null);
            ssl.Map(Endpoints.MainlandHost, (IPEndPoint)listener.LocalEndpoint);
            var client = new Http11Client(ssl, new SystemClock(), 5000, 3000);
            var watch = Stopwatch.StartNew();
            var ex = Assert.Throws<ConnectionException>(() => client.Send(new HttpRequest { Host = Endpoints.MainlandHost, Port = 443, Path = Endpoints.OrderQueryPath, Body = new byte[] { 60 } }));
            long elapsed = watch.ElapsedMilliseconds;
            listener.Stop();

            output.WriteLine("trickled answer cut after " + elapsed + " ms: " + ex.Message);
            Assert.Equal(ConnectionStage.Receive, ex.Stage);
            Assert.True(ex.TimedOut, ex.Message);
            Assert.True(elapsed < 10000, "held " + elapsed + " ms by an answer that would take 40 s");
        }

        public void Dispose()
        {
            server.Dispose();
            try
            {
                Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
        }
    }
}
