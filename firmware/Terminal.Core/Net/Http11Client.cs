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
    /// Every failure is a <see cref="ConnectionException"/> whose Stage says whether the request
    /// may have reached the server (Send/Receive) or certainly did not (Dns/Connect/Handshake).
    /// Not thread-safe: one caller at a time (the payment engine or the outbox forwarder each
    /// own an instance).
    /// </summary>
    public sealed class Http11Client
    {
        private const int LineLimit = 4096;
        private readonly IConnector connector;
        private readonly IClock clock;
        private readonly byte[] receive = new byte[1024];
        private readonly char[] line = new char[LineLimit];
        private int receivePos;
        private int receiveLen;
        private IConnection connection;
        private string connectionHost;
        private int connectionPort;
        private bool connectionCertificate;
        private long lastUsedMs;
        private int headerBytes;

        public Http11Client(IConnector connector, int connectTimeoutMs, int readTimeoutMs)
            : this(connector, null, connectTimeoutMs, readTimeoutMs)
        {
        }

        /// <param name="clock">Optional: lets the client drop connections idle longer than <see cref="IdleReuseMs"/>.</param>
        public Http11Client(IConnector connector, IClock clock, int connectTimeoutMs, int readTimeoutMs)
        {
            if (connector == null)
            {
                throw new ArgumentNullException("connector");
            }

            this.connector = connector;
            this.clock = clock;
            ConnectTimeoutMs = connectTimeoutMs;
            ReadTimeoutMs = readTimeoutMs;
            MaxHeaderBytes = 8192;
            MaxBodyBytes = 64 * 1024;
            IdleReuseMs = 4000;
        }

        public int ConnectTimeoutMs { get; set; }

        public int ReadTimeoutMs { get; set; }

        /// <summary>Largest accepted status line + headers, in bytes.</summary>
        public int MaxHeaderBytes { get; set; }

        /// <summary>Largest accepted body, in bytes (WeChat answers are a few hundred bytes).</summary>
        public int MaxBodyBytes { get; set; }

        /// <summary>A kept-alive connection idle longer than this is closed rather than reused (servers close idle ones).</summary>
        public int IdleReuseMs { get; set; }

        /// <summary>TLS connections opened (each one a handshake).</summary>
        public int Handshakes { get; private set; }

        /// <summary>Requests written.</summary>
        public int Requests { get; private set; }

        /// <summary>True while a kept-alive connection is open.</summary>
        public bool HasOpenConnection
        {
            get { return connection != null; }
        }

        /// <summary>Sends one request and reads the complete response.</summary>
        public HttpResponse Send(HttpRequest request)
        {
            byte[] message = Serialize(request);
            Connect(request);
            ConnectionStage stage = ConnectionStage.Send;
            try
            {
                Requests++;
                connection.Write(message, 0, message.Length);
                stage = ConnectionStage.Receive;
                HttpResponse response = ReadResponse();
                if (response.KeepAlive)
                {
                    lastUsedMs = clock == null ? 0 : clock.MonotonicMs;
                }
                else
                {
                    Close();
                }

                return response;
            }
            catch (ConnectionException)
            {
                Close();
                throw;
            }
            catch (Exception ex)
            {
                Close();
                throw new ConnectionException(stage, (stage == ConnectionStage.Send ? "sending failed: " : "receiving failed: ") + ex.Message, ex);
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

        private void Connect(HttpRequest request)
        {
            if (connection != null)
            {
                bool same = connectionHost == request.Host && connectionPort == request.Port && connectionCertificate == request.PresentClientCertificate;
                bool fresh = clock == null || clock.MonotonicMs - lastUsedMs <= IdleReuseMs;
                if (same && fresh)
                {
                    return;
                }

                Close();
            }

            receivePos = 0;
            receiveLen = 0;
            try
            {
                connection = connector.Open(request.Host, request.Port, request.PresentClientCertificate, ConnectTimeoutMs, ReadTimeoutMs);
            }
            catch (ConnectionException)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw new ConnectionException(ConnectionStage.Connect, "connecting to " + request.Host + " failed: " + ex.Message, ex);
            }

            Handshakes++;
            connectionHost = request.Host;
            connectionPort = request.Port;
            connectionCertificate = request.PresentClientCertificate;
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
                if (transfer != null && transfer.ToLower().IndexOf("chunked") >= 0)
                {
                    response.Body = ReadChunked();
                }
                else if (length != null)
                {
                    response.Body = ReadExactly(ParseLength(length));
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

        private byte[] ReadExactly(int count)
        {
            byte[] body = new byte[count];
            int done = 0;
            while (done < count)
            {
                if (receivePos < receiveLen)
                {
                    int take = receiveLen - receivePos < count - done ? receiveLen - receivePos : count - done;
                    Array.Copy(receive, receivePos, body, done, take);
                    receivePos += take;
                    done += take;
                    continue;
                }

                int read = connection.Read(body, done, count - done);
                if (read <= 0)
                {
                    throw Truncated("body ended after " + done + " of " + count + " bytes");
                }

                done += read;
            }

            return body;
        }

        private byte[] ReadChunked()
        {
            byte[] body = new byte[0];
            while (true)
            {
                string sizeLine = ReadLine("chunk size");
                int semicolon = sizeLine.IndexOf(';');
                string hex = (semicolon >= 0 ? sizeLine.Substring(0, semicolon) : sizeLine).Trim();
                int size = ParseHex(hex);
                if (size == 0)
                {
                    while (ReadLine("trailer").Length > 0)
                    {
                    }

                    return body;
                }

                if (body.Length + size > MaxBodyBytes)
                {
                    throw Malformed("chunked body exceeds the limit of " + MaxBodyBytes + " bytes");
                }

                byte[] chunk = ReadExactly(size);
                byte[] grown = new byte[body.Length + size];
                Array.Copy(body, 0, grown, 0, body.Length);
                Array.Copy(chunk, 0, grown, body.Length, size);
                body = grown;
                if (ReadLine("chunk end").Length != 0)
                {
                    throw Malformed("chunk not followed by CRLF");
                }
            }
        }

        private byte[] ReadToClose()
        {
            byte[] body = new byte[0];
            while (true)
            {
                if (receivePos >= receiveLen && !Fill())
                {
                    return body;
                }

                int available = receiveLen - receivePos;
                if (body.Length + available > MaxBodyBytes)
                {
                    throw Malformed("response body exceeds the limit of " + MaxBodyBytes + " bytes");
                }

                byte[] grown = new byte[body.Length + available];
                Array.Copy(body, 0, grown, 0, body.Length);
                Array.Copy(receive, receivePos, grown, body.Length, available);
                receivePos = receiveLen;
                body = grown;
            }
        }

        private int ParseHex(string hex)
        {
            if (hex.Length == 0 || hex.Length > 7)
            {
                throw Malformed("bad chunk size '" + Clip(hex) + "'");
            }

            int value = 0;
            for (int i = 0; i < hex.Length; i++)
            {
                char c = hex[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    throw Malformed("bad chunk size '" + Clip(hex) + "'");
                }

                value = value * 16 + digit;
            }

            return value;
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
            receiveLen = connection.Read(receive, 0, receive.Length);
            if (receiveLen < 0)
            {
                receiveLen = 0;
            }

            return receiveLen > 0;
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
