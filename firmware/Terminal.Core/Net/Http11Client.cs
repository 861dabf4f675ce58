using System;
using Terminal.Core.Ports;

namespace Terminal.Core.Net
{
    /// <summary>
    /// A small HTTP/1.1 client over <see cref="IConnector"/> TLS connections, written in the core
    /// because nanoFramework's HttpClient cannot present a client certificate (needed by Revoke
    /// Order) and hides response headers. Keeps one connection alive per host and certificate
    /// mode, so a payment's submit, queries and reverse share one TLS session when the server
    /// allows. Content-Length and chunked bodies; bounded header and body sizes.
    /// <para>Every failure is a <see cref="ConnectionException"/> whose Stage says whether the
    /// request may have reached the server (Send/Receive) or certainly did not (Dns/Connect/
    /// Handshake). The client never sends a request twice: what to do after a failure is the
    /// caller's decision, so the caller can count every request that may have arrived.</para>
    /// <para>Bounded waits: the whole answer (head and body) must arrive within
    /// <see cref="ReadTimeoutMs"/> of the request being written — each read waits at most what is
    /// left, so an answer trickled a byte at a time cannot hold the caller longer — and
    /// <see cref="Interrupt"/> (from any thread) ends the wait at once. A body is refused as soon
    /// as it passes <see cref="MaxBodyBytes"/>, and it is buffered in a block that at most
    /// doubles, never re-copied per read.</para>
    /// <para>Not thread-safe apart from <see cref="Interrupt"/> and <see cref="ResetInterrupt"/>:
    /// one caller at a time (the payment engine or the outbox forwarder each own an instance).</para>
    /// </summary>
    public sealed class Http11Client
    {
        private const int LineLimit = 4096;
        private const int FirstBodyBlock = 512;
        private readonly IConnector connector;
        private readonly IClock clock;
        private readonly byte[] receive = new byte[1024];
        private readonly char[] line = new char[LineLimit];
        private readonly object interruptGate = new object();
        private int receivePos;
        private int receiveLen;
        private IConnection connection;
        private IConnection active; // the connection an exchange is using (under interruptGate)
        private bool interrupted; // under interruptGate
        private string connectionHost;
        private int connectionPort;
        private bool connectionCertificate;
        private int connectionReadTimeoutMs;
        private long lastUsedMs;
        private long answerDeadlineMs;
        private int headerBytes;
        private int bodyBytes;

        /// <param name="clock">Times the answer time-out and the reuse of idle connections.</param>
        public Http11Client(IConnector connector, IClock clock, int connectTimeoutMs, int readTimeoutMs)
        {
            if (connector == null || clock == null)
            {
                throw new ArgumentNullException("connector and clock are required");
            }

            this.connector = connector;
            this.clock = clock;
            ConnectTimeoutMs = connectTimeoutMs;
            ReadTimeoutMs = readTimeoutMs;
            MaxHeaderBytes = 8192;
            MaxBodyBytes = 16 * 1024;
            IdleReuseMs = 4000;
            LastSentMs = -1;
        }

        /// <summary>TCP connect time-out, and again the TLS handshake's (each stage waits at most this long).</summary>
        public int ConnectTimeoutMs { get; set; }

        /// <summary>The answer time-out: the whole answer must arrive within this time after the request was written.</summary>
        public int ReadTimeoutMs { get; set; }

        /// <summary>Largest accepted status line + headers, in bytes.</summary>
        public int MaxHeaderBytes { get; set; }

        /// <summary>
        /// Largest accepted body in bytes, chunk framing included (default 16 KB, the XML
        /// parser's limit: WeChat's answers are a few hundred bytes; the board's heap is ~79 KB).
        /// </summary>
        public int MaxBodyBytes { get; set; }

        /// <summary>A kept-alive connection idle longer than this is closed rather than reused (servers close idle ones).</summary>
        public int IdleReuseMs { get; set; }

        /// <summary>TLS connections opened (each one a handshake).</summary>
        public int Handshakes { get; private set; }

        /// <summary>Requests written.</summary>
        public int Requests { get; private set; }

        /// <summary>
        /// Monotonic time at which the last request was completely written — after DNS, connect
        /// and handshake: the moment the server's clock starts, which WeChat's timing rules count
        /// from. -1 when the last <see cref="Send"/> wrote nothing.
        /// </summary>
        public long LastSentMs { get; private set; }

        /// <summary>True while a kept-alive connection is open.</summary>
        public bool HasOpenConnection
        {
            get { return connection != null; }
        }

        /// <summary>
        /// Sends one request and reads the complete response. A failure closes the connection;
        /// the request is never sent again.
        /// </summary>
        public HttpResponse Send(HttpRequest request)
        {
            byte[] message = Serialize(request);
            LastSentMs = -1;
            lock (interruptGate)
            {
                if (interrupted)
                {
                    throw NotSentInterrupted();
                }
            }

            Connect(request);
            ConnectionStage stage = ConnectionStage.Send;
            try
            {
                Engage();
                Requests++;
                connection.Write(message, 0, message.Length);
                LastSentMs = clock.MonotonicMs;
                answerDeadlineMs = LastSentMs + ReadTimeoutMs;
                stage = ConnectionStage.Receive;
                HttpResponse response = ReadResponse();
                if (Disengage())
                {
                    Close(); // the answer made it, but Interrupt aborted the connection
                }
                else if (response.KeepAlive)
                {
                    lastUsedMs = clock.MonotonicMs;
                }
                else
                {
                    Close();
                }

                return response;
            }
            catch (ConnectionException ex)
            {
                bool wasInterrupted = Disengage();
                Close();
                if (wasInterrupted && !ex.Interrupted)
                {
                    ex.Interrupted = true;
                }

                throw;
            }
            catch (Exception ex)
            {
                bool wasInterrupted = Disengage();
                Close();
                ConnectionException wrapped = new ConnectionException(stage, (stage == ConnectionStage.Send ? "sending failed: " : "receiving failed: ") + ex.Message, ex);
                wrapped.Interrupted = wasInterrupted;
                throw wrapped;
            }
        }

        /// <summary>
        /// Thread-safe: ends the exchange in progress at once (its <see cref="Send"/> throws an
        /// interrupted <see cref="ConnectionException"/>; the stage says whether the request left)
        /// and makes every later <see cref="Send"/> fail before sending, until
        /// <see cref="ResetInterrupt"/>. A connect or handshake in progress ends within its own
        /// time-out; the request is then not sent.
        /// </summary>
        public void Interrupt()
        {
            IConnection target;
            lock (interruptGate)
            {
                interrupted = true;
                target = active;
            }

            if (target != null)
            {
                target.Abort();
            }
        }

        /// <summary>Lets requests through again after <see cref="Interrupt"/>.</summary>
        public void ResetInterrupt()
        {
            lock (interruptGate)
            {
                interrupted = false;
            }
        }

        /// <summary>Closes the kept-alive connection, if any.</summary>
        public void Close()
        {
            if (connection != null)
            {
                IConnection closing = connection;
                connection = null;
                closing.Close();
            }
        }

        private void Engage()
        {
            lock (interruptGate)
            {
                if (interrupted)
                {
                    throw NotSentInterrupted();
                }

                active = connection;
            }
        }

        private static ConnectionException NotSentInterrupted()
        {
            ConnectionException stopped = new ConnectionException(ConnectionStage.Connect, "interrupted before sending");
            stopped.Interrupted = true;
            return stopped;
        }

        /// <summary>Ends the exchange's interruptible phase; returns whether it was interrupted.</summary>
        private bool Disengage()
        {
            lock (interruptGate)
            {
                active = null;
                return interrupted;
            }
        }

        /// <summary>
        /// Opens (DNS, TCP, TLS handshake) the connection a request to this host would use, so
        /// that request finds it warm; keeps it when it is already open, fresh and not closed by
        /// the server. Sends nothing. Returns true when a connection was opened. Throws
        /// <see cref="ConnectionException"/> (stage Dns/Connect/Handshake) when it cannot open one.
        /// The connection then ages from now: a request after <see cref="IdleReuseMs"/> opens a
        /// new one, exactly as after an answer. An <see cref="Interrupt"/> stops requests, not this.
        /// </summary>
        public bool Warm(string host, int port, bool presentClientCertificate)
        {
            int before = Handshakes;
            Connect(host, port, presentClientCertificate);
            return Handshakes != before;
        }

        private void Connect(HttpRequest request)
        {
            Connect(request.Host, request.Port, request.PresentClientCertificate);
        }

        /// <summary>
        /// Reuses the kept-alive connection only when it goes to the same host, port and
        /// certificate mode, has been idle at most <see cref="IdleReuseMs"/> and the server has not
        /// closed it (<see cref="IConnection.IsStale"/>): a request written to a connection the
        /// server closed is lost, and a lost request may not be re-sent silently.
        /// </summary>
        private void Connect(string host, int port, bool presentClientCertificate)
        {
            if (connection != null)
            {
                bool same = connectionHost == host && connectionPort == port && connectionCertificate == presentClientCertificate;
                bool fresh = clock.MonotonicMs - lastUsedMs <= IdleReuseMs;
                if (same && fresh && !connection.IsStale())
                {
                    return;
                }

                Close();
            }

            receivePos = 0;
            receiveLen = 0;
            try
            {
                connection = connector.Open(host, port, presentClientCertificate, ConnectTimeoutMs, ReadTimeoutMs);
            }
            catch (ConnectionException)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw new ConnectionException(ConnectionStage.Connect, "connecting to " + host + " failed: " + ex.Message, ex);
            }

            Handshakes++;
            lastUsedMs = clock.MonotonicMs; // idle from the handshake on
            connectionHost = host;
            connectionPort = port;
            connectionCertificate = presentClientCertificate;
            connectionReadTimeoutMs = ReadTimeoutMs;
        }

        private static byte[] Serialize(HttpRequest request)
        {
            if (request == null || request.Host == null || request.Host.Length == 0 || request.Path == null || request.Path.Length == 0 || request.Path[0] != '/' || request.Method == null || request.Method.Length == 0)
            {
                throw new ArgumentException("an HTTP request needs a method, a host and a path starting with '/'");
            }

            if (HasSpaceOrBreak(request.Path) || HasSpaceOrBreak(request.Host) || HasSpaceOrBreak(request.Method))
            {
                throw new ArgumentException("method, host and path may not contain spaces or line breaks");
            }

            int bodyLength = request.Body == null ? 0 : request.Body.Length;
            string head = request.Method + " " + request.Path + " HTTP/1.1\r\n" +
                "Host: " + (request.Port == 443 ? request.Host : request.Host + ":" + request.Port) + "\r\n" +
                "Connection: keep-alive\r\n" +
                "Content-Length: " + bodyLength + "\r\n";
            if (request.ContentType != null)
            {
                head += "Content-Type: " + request.ContentType + "\r\n";
            }

            for (int i = 0; i < request.HeaderCount; i++)
            {
                head += request.HeaderName(i) + ": " + request.HeaderValue(i) + "\r\n";
            }

            head += "\r\n";

            // Headers are ASCII (values with other characters are sent as UTF-8); one buffer, one write.
            byte[] headBytes = System.Text.Encoding.UTF8.GetBytes(head);
            byte[] message = new byte[headBytes.Length + bodyLength];
            Array.Copy(headBytes, 0, message, 0, headBytes.Length);
            if (bodyLength > 0)
            {
                Array.Copy(request.Body, 0, message, headBytes.Length, bodyLength);
            }

            return message;
        }

        private HttpResponse ReadResponse()
        {
            headerBytes = 0;
            while (true)
            {
                string statusLine = ReadLine("status line");
                int status;
                string reason;
                bool http10;
                ParseStatusLine(statusLine, out status, out reason, out http10);
                HttpResponse response = new HttpResponse(status, reason);
                ReadHeaders(response);
                if (status >= 100 && status < 200)
                {
                    continue; // interim response (100 Continue): the real one follows
                }

                string connectionHeader = response.Header("Connection");
                string lowered = connectionHeader == null ? string.Empty : connectionHeader.ToLower();
                response.KeepAlive = http10 ? lowered.IndexOf("keep-alive") >= 0 : lowered.IndexOf("close") < 0;

                string transfer = response.Header("Transfer-Encoding");
                string length = response.Header("Content-Length");
                bodyBytes = 0;
                if (transfer != null && transfer.ToLower().IndexOf("chunked") >= 0)
                {
                    response.Body = ReadChunked();
                }
                else if (length != null)
                {
                    int count = ParseLength(length);
                    byte[] body = new byte[count];
                    ReadInto(body, 0, count);
                    response.Body = body;
                }
                else if (status == 204 || status == 304)
                {
                    response.Body = new byte[0];
                }
                else
                {
                    response.Body = ReadToClose();
                    response.KeepAlive = false;
                }

                return response;
            }
        }

        private static void ParseStatusLine(string text, out int status, out string reason, out bool http10)
        {
            // "HTTP/1.1 200 OK"
            if (text.Length < 12 || text.IndexOf("HTTP/1.") != 0 || text[8] != ' ')
            {
                throw Malformed("bad status line '" + Clip(text) + "'");
            }

            http10 = text[7] == '0';
            status = 0;
            for (int i = 9; i < 12; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    throw Malformed("bad status code in '" + Clip(text) + "'");
                }

                status = status * 10 + (c - '0');
            }

            reason = text.Length > 13 ? text.Substring(13) : string.Empty;
        }

        private void ReadHeaders(HttpResponse response)
        {
            while (true)
            {
                string header = ReadLine("header");
                if (header.Length == 0)
                {
                    return;
                }

                int colon = header.IndexOf(':');
                if (colon <= 0)
                {
                    throw Malformed("bad header line '" + Clip(header) + "'");
                }

                response.AddHeader(header.Substring(0, colon).Trim(), header.Substring(colon + 1).Trim());
            }
        }

        private int ParseLength(string text)
        {
            if (text.Length == 0 || text.Length > 10)
            {
                throw Malformed("bad Content-Length '" + Clip(text) + "'");
            }

            long value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    throw Malformed("bad Content-Length '" + Clip(text) + "'");
                }

                value = value * 10 + (c - '0');
            }

            if (value > MaxBodyBytes)
            {
                throw Malformed("response body of " + value + " bytes exceeds the limit of " + MaxBodyBytes);
            }

            return (int)value;
        }

        /// <summary>Reads exactly <paramref name="count"/> body bytes into <paramref name="target"/>.</summary>
        private void ReadInto(byte[] target, int offset, int count)
        {
            int done = 0;
            while (done < count)
            {
                if (receivePos < receiveLen)
                {
                    int take = receiveLen - receivePos < count - done ? receiveLen - receivePos : count - done;
                    Array.Copy(receive, receivePos, target, offset + done, take);
                    receivePos += take;
                    done += take;
                    continue;
                }

                int read = ReadSome(target, offset + done, count - done);
                if (read <= 0)
                {
                    throw Truncated("body ended after " + done + " of " + count + " bytes");
                }

                done += read;
            }
        }

        /// <summary>
        /// A chunked body. Chunk sizes, extensions, line ends and trailers count towards the body
        /// limit with the data, so a stream of tiny chunks is refused as early as a big body.
        /// </summary>
        private byte[] ReadChunked()
        {
            byte[] body = new byte[0];
            int used = 0;
            while (true)
            {
                int size = ReadChunkSize();
                if (size == 0)
                {
                    while (!SkipBodyLine())
                    {
                    }

                    return Trim(body, used);
                }

                CountBody(size);
                body = Room(body, used, used + size);
                ReadInto(body, used, size);
                used += size;
                if (!SkipBodyLine())
                {
                    throw Malformed("chunk not followed by CRLF");
                }
            }
        }

        private byte[] ReadToClose()
        {
            byte[] body = new byte[0];
            int used = 0;
            while (true)
            {
                if (receivePos >= receiveLen && !Fill())
                {
                    return Trim(body, used);
                }

                int available = receiveLen - receivePos;
                CountBody(available);
                body = Room(body, used, used + available);
                Array.Copy(receive, receivePos, body, used, available);
                receivePos = receiveLen;
                used += available;
            }
        }

        private void CountBody(int count)
        {
            bodyBytes += count;
            if (bodyBytes > MaxBodyBytes || bodyBytes < 0)
            {
                throw Malformed("response body exceeds the limit of " + MaxBodyBytes + " bytes");
            }
        }

        /// <summary>A buffer holding at least <paramref name="needed"/> bytes (the first <paramref name="used"/> kept), doubling up to the limit.</summary>
        private byte[] Room(byte[] body, int used, int needed)
        {
            if (needed <= body.Length)
            {
                return body;
            }

            int capacity = body.Length < FirstBodyBlock ? FirstBodyBlock : body.Length;
            while (capacity < needed)
            {
                capacity *= 2;
            }

            if (capacity > MaxBodyBytes)
            {
                capacity = needed > MaxBodyBytes ? needed : MaxBodyBytes;
            }

            byte[] grown = new byte[capacity];
            Array.Copy(body, 0, grown, 0, used);
            return grown;
        }

        private static byte[] Trim(byte[] body, int used)
        {
            if (body.Length == used)
            {
                return body;
            }

            byte[] exact = new byte[used];
            Array.Copy(body, 0, exact, 0, used);
            return exact;
        }

        /// <summary>Reads a chunk-size line ("1a;ext=x"), without building a string.</summary>
        private int ReadChunkSize()
        {
            int value = 0;
            int digits = 0;
            bool inExtension = false;
            bool spaces = false;
            while (true)
            {
                byte b = NextBodyByte("chunk size");
                if (b == (byte)'\n')
                {
                    if (digits == 0)
                    {
                        throw Malformed("bad chunk size ''");
                    }

                    return value;
                }

                if (inExtension || b == (byte)'\r')
                {
                    continue;
                }

                if (b == (byte)';')
                {
                    inExtension = true;
                    continue;
                }

                if (b == (byte)' ' || b == (byte)'\t')
                {
                    spaces = digits > 0;
                    continue;
                }

                int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
                if (digit < 0 || spaces || digits == 7)
                {
                    throw Malformed("bad chunk size '" + (char)b + "…'");
                }

                value = value * 16 + digit;
                digits++;
            }
        }

        /// <summary>Consumes one line of the chunked body's framing; true when it was empty.</summary>
        private bool SkipBodyLine()
        {
            int length = 0;
            while (true)
            {
                byte b = NextBodyByte("chunk end");
                if (b == (byte)'\n')
                {
                    return length == 0;
                }

                if (b != (byte)'\r')
                {
                    length++;
                }
            }
        }

        private byte NextBodyByte(string what)
        {
            if (receivePos >= receiveLen && !Fill())
            {
                throw Truncated("connection closed while reading the " + what);
            }

            CountBody(1);
            return receive[receivePos++];
        }

        /// <summary>Reads one CRLF- (or LF-) terminated line of the head, bounded by MaxHeaderBytes.</summary>
        private string ReadLine(string what)
        {
            int length = 0;
            while (true)
            {
                if (receivePos >= receiveLen && !Fill())
                {
                    throw Truncated("connection closed while reading the " + what);
                }

                byte b = receive[receivePos++];
                headerBytes++;
                if (headerBytes > MaxHeaderBytes)
                {
                    throw Malformed("response head exceeds " + MaxHeaderBytes + " bytes");
                }

                if (b == (byte)'\n')
                {
                    if (length > 0 && line[length - 1] == '\r')
                    {
                        length--;
                    }

                    return new string(line, 0, length);
                }

                if (length == LineLimit)
                {
                    throw Malformed("response line longer than " + LineLimit + " bytes");
                }

                if (b == 0)
                {
                    // A device string cannot hold U+0000: it would silently cut the line there.
                    throw Malformed("NUL byte in the response " + what);
                }

                line[length++] = (char)b;
            }
        }

        private bool Fill()
        {
            receivePos = 0;
            receiveLen = 0;
            int read = ReadSome(receive, 0, receive.Length);
            receiveLen = read < 0 ? 0 : read;
            return receiveLen > 0;
        }

        /// <summary>One read, waiting at most what is left of the answer time-out.</summary>
        private int ReadSome(byte[] buffer, int offset, int count)
        {
            long left = answerDeadlineMs - clock.MonotonicMs;
            if (left <= 0)
            {
                ConnectionException late = new ConnectionException(ConnectionStage.Receive, "no complete answer within " + ReadTimeoutMs + " ms");
                late.TimedOut = true;
                throw late;
            }

            int wait = left < ReadTimeoutMs ? (int)left : ReadTimeoutMs;
            if (wait != connectionReadTimeoutMs)
            {
                connection.SetReadTimeout(wait);
                connectionReadTimeoutMs = wait;
            }

            return connection.Read(buffer, offset, count);
        }

        private static bool HasSpaceOrBreak(string text)
        {
            return text.IndexOf(' ') >= 0 || text.IndexOf('\r') >= 0 || text.IndexOf('\n') >= 0;
        }

        private static string Clip(string text)
        {
            return text.Length <= 40 ? text : text.Substring(0, 40) + "…";
        }

        private static ConnectionException Malformed(string detail)
        {
            return new ConnectionException(ConnectionStage.Receive, "malformed HTTP response: " + detail);
        }

        private static ConnectionException Truncated(string detail)
        {
            return new ConnectionException(ConnectionStage.Receive, "truncated HTTP response: " + detail);
        }
    }
}
