using System;
using System.Text;
using Terminal.Core.Net;
using Terminal.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Tests.HostOnly.Net
{
    /// <summary>
    /// What an over-long answer costs in memory, measured on .NET with the allocation counter of
    /// the test thread (exact, not a timing): a body past the limit is refused with at most a few
    /// times the limit allocated, however it is framed (until close, 1-byte chunks, a huge
    /// Content-Length). The device's heap is about 79 KB.
    /// </summary>
    public class Http11ClientMemoryTests
    {
        private const int Limit = 16 * 1024;
        private readonly ITestOutputHelper output;

        public Http11ClientMemoryTests(ITestOutputHelper output) => this.output = output;

        public enum Framing
        {
            UntilClose,
            OneByteChunks,
            ContentLength,
        }

        [Theory]
        [InlineData(Framing.UntilClose)]
        [InlineData(Framing.OneByteChunks)]
        [InlineData(Framing.ContentLength)]
        public void A_2_MB_answer_is_refused_without_buffering_it(Framing framing)
        {
            var server = new Endless(framing);
            var client = new Http11Client(server, new VirtualClock(), 6000, 10000) { MaxBodyBytes = Limit };
            var request = new HttpRequest { Host = "api.mch.weixin.qq.com", Path = "/pay/micropay", Body = new byte[] { 60 } };
            server.WarmUp = true; // first call: JIT and the client's own buffers are not what is measured
            client.Send(new HttpRequest { Host = "api.mch.weixin.qq.com", Path = "/pay/micropay", Body = new byte[] { 60 } });

            long before = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<ConnectionException>(() => client.Send(request));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            output.WriteLine(framing + ": " + allocated + " bytes allocated, " + server.Served + " bytes read; " + ex.Message);
            Assert.Equal(ConnectionStage.Receive, ex.Stage);
            Assert.Contains("exceeds", ex.Message);
            Assert.True(allocated <= 3 * Limit + 8 * 1024, framing + ": " + allocated + " bytes allocated to refuse an answer over " + Limit);
        }

        /// <summary>A server whose answer never ends (2 MB, then close); the warm-up request gets a tiny answer.</summary>
        private sealed class Endless : IConnector, IConnection
        {
            private const int Total = 2 * 1024 * 1024;
            private readonly Framing framing;
            private byte[] head;
            private bool warm;

            public Endless(Framing framing) => this.framing = framing;

            public int Served { get; private set; }

            public bool WarmUp { get; set; }

            public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs) => this;

            public void Write(byte[] buffer, int offset, int count)
            {
                warm = WarmUp;
                WarmUp = false;
                Served = 0;
                head = Encoding.ASCII.GetBytes(warm ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" : framing switch
                {
                    Framing.UntilClose => "HTTP/1.0 200 OK\r\n\r\n",
                    Framing.OneByteChunks => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                    _ => "HTTP/1.1 200 OK\r\nContent-Length: " + Total + "\r\n\r\n",
                });
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                int n = 0;
                int total = warm ? head.Length : Total;
                while (n < count && Served < total)
                {
                    byte b = Served < head.Length ? head[Served]
                        : framing != Framing.OneByteChunks ? (byte)'x'
                        : ((Served - head.Length) % 6) switch { 0 => (byte)'1', 3 => (byte)'x', 1 or 4 => (byte)13, _ => (byte)10 };
                    buffer[offset + n++] = b;
                    Served++;
                }

                return n;
            }

            public void SetReadTimeout(int milliseconds)
            {
            }

            public bool IsStale() => false;

            public void Abort()
            {
            }

            public void Close()
            {
            }
        }
    }
}
