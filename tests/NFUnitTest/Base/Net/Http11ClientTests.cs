using nanoFramework.TestFramework;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Tests.Support;

namespace Terminal.Tests.Net
{
    [TestClass]
    public class Http11ClientTests
    {
        private static HttpRequest Post(string body)
        {
            HttpRequest request = new HttpRequest();
            request.Host = "api.mch.weixin.qq.com";
            request.Path = "/pay/micropay";
            request.ContentType = "text/xml; charset=utf-8";
            request.Body = System.Text.Encoding.UTF8.GetBytes(body);
            return request;
        }

        private static string Text(HttpResponse response)
        {
            return System.Text.Encoding.UTF8.GetString(response.Body, 0, response.BodyLength);
        }

        [TestMethod]
        public void Writes_a_complete_request_and_reads_a_content_length_response()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n<xml/>");
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            HttpRequest request = Post("<xml>微信</xml>");
            request.AddHeader("X-Terminal", "T1");
            HttpResponse response = client.Send(request);

            Assert.AreEqual(200, response.Status);
            Assert.AreEqual("OK", response.Reason);
            Assert.AreEqual("<xml/>", Text(response));
            Assert.AreEqual("text/plain", response.Header("content-type"));
            Assert.IsTrue(response.KeepAlive);
            string sent = (string)server.Requests[0];
            Assert.StartsWith("POST /pay/micropay HTTP/1.1\r\nHost: api.mch.weixin.qq.com\r\n", sent);
            Assert.Contains("Content-Length: 17\r\n", sent);
            Assert.Contains("Content-Type: text/xml; charset=utf-8\r\n", sent);
            Assert.Contains("X-Terminal: T1\r\n", sent);
            Assert.EndsWith("\r\n\r\n<xml>微信</xml>", sent);
        }

        [TestMethod]
        public void Reuses_one_connection_while_the_server_keeps_it_alive()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
            server.Reply("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nc");
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nd");
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            Assert.AreEqual("a", Text(client.Send(Post("1"))));
            Assert.AreEqual("b", Text(client.Send(Post("2"))));
            Assert.AreEqual(1, client.Handshakes);
            Assert.AreEqual("c", Text(client.Send(Post("3"))));
            Assert.IsFalse(client.HasOpenConnection, "closed after Connection: close");
            Assert.AreEqual("d", Text(client.Send(Post("4"))));
            Assert.AreEqual(2, client.Handshakes);
            Assert.AreEqual(4, client.Requests);
        }

        [TestMethod]
        public void A_client_certificate_request_gets_its_own_connection()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            client.Send(Post("1"));
            HttpRequest reverse = Post("2");
            reverse.Path = "/secapi/pay/reverse";
            reverse.PresentClientCertificate = true;
            client.Send(reverse);
            Assert.AreEqual(2, server.Opens);
            Assert.IsTrue(server.LastOpenHadClientCertificate);
        }

        [TestMethod]
        public void Idle_connections_are_not_reused()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            VirtualClock clock = new VirtualClock();
            Http11Client client = new Http11Client(server, clock, 6000, 10000);
            client.Send(Post("1"));
            clock.Advance(client.IdleReuseMs + 1);
            client.Send(Post("2"));
            Assert.AreEqual(2, client.Handshakes);
        }

        [TestMethod]
        public void Reads_chunked_bodies_and_skips_interim_responses()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: y\r\n\r\n");
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            HttpResponse response = client.Send(Post("x"));
            Assert.AreEqual("hello, world", Text(response));
            Assert.IsTrue(response.KeepAlive);
        }

        [TestMethod]
        public void Reads_a_body_delimited_by_close()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply("HTTP/1.0 200 OK\r\n\r\nuntil the end", true);
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            HttpResponse response = client.Send(Post("x"));
            Assert.AreEqual("until the end", Text(response));
            Assert.IsFalse(response.KeepAlive);
            Assert.IsFalse(client.HasOpenConnection);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "truncated HTTP response: body ended after 5 of 10 bytes")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Le", "truncated HTTP response: connection closed while reading the header")]
        [DataRow("", "truncated HTTP response: connection closed while reading the status line")]
        [DataRow("SMTP ready\r\n\r\n", "malformed HTTP response: bad status line 'SMTP ready'")]
        [DataRow("HTTP/1.1 2x0 OK\r\n\r\n", "malformed HTTP response: bad status code in 'HTTP/1.1 2x0 OK'")]
        [DataRow("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed HTTP response: bad header line 'no colon here'")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "malformed HTTP response: bad Content-Length '-1'")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\n", "malformed HTTP response: response body of 999999 bytes exceeds the limit of 16384")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed HTTP response: bad chunk size 'z…'")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", "malformed HTTP response: chunk not followed by CRLF")]
        public void Bad_responses_fail_with_a_receive_stage_error(string raw, string message)
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply(raw, true);
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            try
            {
                client.Send(Post("x"));
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.AreEqual((int)ConnectionStage.Receive, (int)ex.Stage);
                Assert.IsFalse(ex.NothingSent);
                Assert.AreEqual(message, ex.Message);
            }

            Assert.IsFalse(client.HasOpenConnection, "a failed connection is never reused");
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(9)]
        [DataRow(20)]
        public void A_NUL_byte_in_the_head_is_refused_not_cut(int at)
        {
            // A device string ends at U+0000: a header line holding NUL must fail, never be read short.
            byte[] raw = System.Text.Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n<xml/>");
            raw[at] = 0;
            ScriptedConnector server = new ScriptedConnector();
            server.ReplyBytes(raw, true);
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            try
            {
                client.Send(Post("x"));
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.AreEqual((int)ConnectionStage.Receive, (int)ex.Stage);
                Assert.StartsWith("malformed HTTP response: NUL byte in the response ", ex.Message);
            }
        }

        [TestMethod]
        public void Oversized_heads_are_refused()
        {
            ScriptedConnector server = new ScriptedConnector();
            string big = "HTTP/1.1 200 OK\r\n";
            for (int i = 0; i < 200; i++)
            {
                big += "X-Padding-" + i + ": 0123456789012345678901234567890123456789\r\n";
            }

            server.Reply(big + "\r\n", true);
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            try
            {
                client.Send(Post("x"));
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.AreEqual("malformed HTTP response: response head exceeds 8192 bytes", ex.Message);
            }
        }

        [TestMethod]
        public void Connect_failures_say_nothing_was_sent_and_time_outs_say_it_was()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.FailNextOpen = true;
            server.FailNextOpenStage = ConnectionStage.Connect;
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            try
            {
                client.Send(Post("x"));
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.IsTrue(ex.NothingSent);
                Assert.IsTrue(ex.TimedOut);
            }

            Assert.AreEqual(0, server.Requests.Count);

            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            server.TimeOutNextRead = true;
            try
            {
                client.Send(Post("y"));
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.IsFalse(ex.NothingSent);
                Assert.AreEqual((int)ConnectionStage.Receive, (int)ex.Stage);
            }

            Assert.AreEqual(1, server.Requests.Count);
        }

        [TestMethod]
        public void A_kept_alive_connection_the_server_closed_while_idle_is_not_reused()
        {
            ScriptedConnector server = new ScriptedConnector();
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", true); // keep-alive promised, then closed
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
            VirtualClock clock = new VirtualClock();
            Http11Client client = new Http11Client(server, clock, 6000, 10000);
            Assert.AreEqual("a", Text(client.Send(Post("1"))));
            Assert.AreEqual("b", Text(client.Send(Post("2"))));
            Assert.AreEqual(0, server.LostRequests, "nothing was written into the closed connection");
            Assert.AreEqual(2, server.Opens);
        }

        [TestMethod]
        public void A_trickled_answer_must_arrive_whole_within_the_read_time_out()
        {
            // One byte every 700 ms: every read is far under the 10 s read time-out, the answer is not.
            ScriptedConnector server = new ScriptedConnector();
            VirtualClock clock = new VirtualClock();
            server.Clock = clock;
            server.MsPerRead = 700;
            server.ChunkSize = 1;
            server.Reply("HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n" + new string('x', 300));
            Http11Client client = new Http11Client(server, clock, 6000, 10000);
            try
            {
                client.Send(Post("x"));
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.AreEqual((int)ConnectionStage.Receive, (int)ex.Stage);
                Assert.IsTrue(ex.TimedOut, ex.Message);
            }

            Assert.IsTrue(clock.MonotonicMs <= 10000, "the answer held the client for " + clock.MonotonicMs + " ms");
            Assert.IsFalse(client.HasOpenConnection);
        }

        [TestMethod]
        public void The_answer_size_limit_fits_the_device()
        {
            // WeChat's answers are a few hundred bytes and are parsed with a 16 KB limit; the
            // board's heap is about 79 KB.
            Http11Client client = new Http11Client(new ScriptedConnector(), new VirtualClock(), 6000, 10000);
            Assert.IsTrue(client.MaxBodyBytes <= 16 * 1024, "limit " + client.MaxBodyBytes);
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void An_endless_body_is_refused_as_soon_as_it_passes_the_limit(bool chunked)
        {
            EndlessServer server = new EndlessServer(chunked);
            Http11Client client = new Http11Client(server, new VirtualClock(), 6000, 10000);
            try
            {
                client.Send(Post("x"));
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.AreEqual((int)ConnectionStage.Receive, (int)ex.Stage);
                Assert.Contains("exceeds the limit", ex.Message);
            }

            int wirePerBodyByte = chunked ? 6 : 1; // "1\r\nx\r\n" per byte when chunked
            Assert.IsTrue(server.Served <= client.MaxBodyBytes * wirePerBodyByte + 2048, "read " + server.Served + " bytes for a limit of " + client.MaxBodyBytes);
        }

        /// <summary>A server that answers with a body that never ends (until 2 MB, then close).</summary>
        private sealed class EndlessServer : IConnector, IConnection
        {
            private const int Total = 2 * 1024 * 1024;
            private readonly byte[] head;
            private readonly bool chunked;

            public EndlessServer(bool chunked)
            {
                this.chunked = chunked;
                head = System.Text.Encoding.UTF8.GetBytes(chunked ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" : "HTTP/1.0 200 OK\r\n\r\n");
            }

            public int Served { get; private set; }

            public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
            {
                return this;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                int n = 0;
                while (n < count && Served < Total)
                {
                    byte b;
                    if (Served < head.Length)
                    {
                        b = head[Served];
                    }
                    else if (!chunked)
                    {
                        b = (byte)'x';
                    }
                    else
                    {
                        int phase = (Served - head.Length) % 6; // "1\r\nx\r\n"
                        b = phase == 0 ? (byte)'1' : phase == 3 ? (byte)'x' : phase == 1 || phase == 4 ? (byte)13 : (byte)10;
                    }

                    buffer[offset + n] = b;
                    n++;
                    Served++;
                }

                return n;
            }

            public void SetReadTimeout(int milliseconds)
            {
            }

            public bool IsStale()
            {
                return false;
            }

            public void Abort()
            {
            }

            public void Close()
            {
            }
        }

        [TestMethod]
        [DataRow("X-Bad\r\nInjected", "v")]
        [DataRow("X-Ok", "v\r\nInjected: yes")]
        [DataRow("X:Colon", "v")]
        public void Header_injection_is_refused(string name, string value)
        {
            HttpRequest request = Post("x");
            Assert.ThrowsException(typeof(System.ArgumentException), () => request.AddHeader(name, value));
        }
    }
}
