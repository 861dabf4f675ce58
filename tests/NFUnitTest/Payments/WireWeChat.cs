using System;
using System.Collections;
using System.Text;
using Terminal.Core.Money;
using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>One request as WeChat received it: the virtual time it arrived (the wire time), where and what.</summary>
    public sealed class WireCall
    {
        public long AtMs;
        public string Host;
        public string Path;
        public string OutTradeNo;
        public bool Processed;
    }

    /// <summary>
    /// WeChat Pay v2 at the transport boundary, on a virtual clock: an <see cref="IConnector"/> whose
    /// connections cost virtual time (DNS, TCP connect and TLS handshake per host; answer latency;
    /// answers trickled byte by byte), whose hosts can refuse, black-hole or fail DNS, and behind
    /// which a small WeChat keeps one ledger for both domains (they are one service) and answers
    /// micropay, orderquery and reverse, signed like WeChat. Used with the real
    /// <see cref="WxHttpsGateway"/> and <see cref="Http11Client"/>, so every timing the tests
    /// assert is what WeChat would see on the wire.
    /// </summary>
    public sealed class WireWeChat : IConnector
    {
        public const int Serves = 0;
        public const int Refuses = 1;
        public const int BlackHoles = 2;
        public const int NoDns = 3;

        private readonly Hashtable modes = new Hashtable();
        private readonly Hashtable orders = new Hashtable();
        private readonly MerchantAccount account;
        private readonly VirtualClock clock;
        private int transactions;
        private int nonces;

        public WireWeChat(MerchantAccount account, VirtualClock clock)
        {
            this.account = account;
            this.clock = clock;
            Calls = new ArrayList();
            FirstOpenMs = 300;
            OpenMs = 300;
            AnswerMs = 100;
            PaidAfterMs = -1;
            SwitchAfterCalls = -1;
            CancelAtMs = -1;
            SaleComingAtMs = -1;
            IdleCloseMs = -1;
        }

        /// <summary>
        /// The server closes a connection idle this long (its keep-alive time-out; -1: never). A
        /// request written to it afterwards is lost (never processed) and the read sees a reset.
        /// </summary>
        public int IdleCloseMs { get; set; }

        /// <summary>Requests written to a connection the server had closed (never processed).</summary>
        public int LostOnClosed { get; private set; }

        /// <summary>Every request that reached WeChat, in order.</summary>
        public ArrayList Calls { get; private set; }

        /// <summary>Connections opened (handshakes completed).</summary>
        public int Opens { get; private set; }

        /// <summary>交易保障 reports processed.</summary>
        public int Reports { get; private set; }

        /// <summary>Bytes of answers handed to the terminal.</summary>
        public int BytesServed { get; private set; }

        /// <summary>Bytes of trickled answers handed to the terminal.</summary>
        public int TrickledBytes { get; private set; }

        /// <summary>DNS + TCP + TLS of the first connection (a cold start on a slow link).</summary>
        public int FirstOpenMs { get; set; }

        /// <summary>TCP + TLS of every later connection.</summary>
        public int OpenMs { get; set; }

        /// <summary>How long a failing DNS lookup takes.</summary>
        public int DnsFailMs { get; set; }

        /// <summary>From the request's arrival to the first byte of the answer.</summary>
        public int AnswerMs { get; set; }

        /// <summary>The next this-many answers arrive one byte every <see cref="TrickleMs"/>.</summary>
        public int TrickleNext { get; set; }

        public int TrickleMs { get; set; }

        /// <summary>The customer pays this long after the micropay arrived (0: no password; -1: never).</summary>
        public long PaidAfterMs { get; set; }

        /// <summary>Reverse answers recall=Y this many times before it succeeds.</summary>
        public int RecallTimes { get; set; }

        /// <summary>The next this-many requests (to <see cref="FaultPath"/>, or any) are lost before WeChat processes them (connection reset).</summary>
        public int DropBeforeProcessing { get; set; }

        /// <summary>The next this-many requests (to <see cref="FaultPath"/>, or any) are processed, then the connection is reset before the answer.</summary>
        public int DropAfterProcessing { get; set; }

        public string FaultPath { get; set; }

        /// <summary>Requests (to <see cref="FaultPath"/>, or any) that arrive on a reused connection are processed, then the connection is reset before the answer.</summary>
        public bool DropAfterProcessingOnReuse { get; set; }

        /// <summary>After this many calls arrived, <see cref="SwitchHost"/> changes to <see cref="SwitchMode"/> (an outage starts).</summary>
        public int SwitchAfterCalls { get; set; }

        public string SwitchHost { get; set; }

        public int SwitchMode { get; set; }

        /// <summary>When set, the cashier presses cancel on this engine once the clock reaches <see cref="CancelAtMs"/> while an answer is awaited.</summary>
        public PaymentEngine CancelEngine { get; set; }

        public long CancelAtMs { get; set; }

        /// <summary>When set, the cashier starts keying a sale (<see cref="PaymentEngine.SaleComing"/>) on this engine once the clock reaches <see cref="SaleComingAtMs"/> while an answer is awaited.</summary>
        public PaymentEngine SaleComingEngine { get; set; }

        public long SaleComingAtMs { get; set; }

        public void SetMode(string host, int mode)
        {
            modes[host] = mode;
        }

        public int Mode(string host)
        {
            object mode = modes[host];
            return mode == null ? Serves : (int)mode;
        }

        public WireCall Call(int index)
        {
            return (WireCall)Calls[index];
        }

        /// <summary>Calls to <paramref name="path"/> (and <paramref name="host"/> when not null).</summary>
        public int Count(string path, string host)
        {
            int n = 0;
            for (int i = 0; i < Calls.Count; i++)
            {
                WireCall call = Call(i);
                if (call.Path == path && (host == null || call.Host == host))
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>The first (or last) call to <paramref name="path"/>, or null.</summary>
        public WireCall Find(string path, bool last)
        {
            WireCall found = null;
            for (int i = 0; i < Calls.Count; i++)
            {
                WireCall call = Call(i);
                if (call.Path == path && call.Processed)
                {
                    found = call;
                    if (!last)
                    {
                        return found;
                    }
                }
            }

            return found;
        }

        /// <summary>Net amount WeChat charged for the order (0 when unpaid, revoked or unknown).</summary>
        public long Charged(string outTradeNo)
        {
            WireOrder order = outTradeNo == null ? null : (WireOrder)orders[outTradeNo];
            if (order == null)
            {
                return 0;
            }

            Refresh(order);
            return order.State == "SUCCESS" ? order.TotalFee : 0;
        }

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
        {
            switch (Mode(host))
            {
                case NoDns:
                    clock.Advance(DnsFailMs);
                    throw new ConnectionException(ConnectionStage.Dns, "cannot resolve " + host);
                case Refuses:
                    clock.Advance(1);
                    throw new ConnectionException(ConnectionStage.Connect, "connect to " + host + " refused");
                case BlackHoles:
                    clock.Advance(connectTimeoutMs);
                    ConnectionException late = new ConnectionException(ConnectionStage.Connect, "connect to " + host + " timed out");
                    late.TimedOut = true;
                    throw late;
            }

            clock.Advance(Opens == 0 ? FirstOpenMs : OpenMs);
            Opens++;
            return new Link(this, host, readTimeoutMs);
        }

        // ------------------------------------------------------------------ WeChat

        private sealed class WireOrder
        {
            public string OutTradeNo;
            public string AuthCode;
            public long TotalFee;
            public long CreatedMs;
            public string State;
            public string TransactionId;
        }

        /// <summary>Handles one request; returns the HTTP answer, or null when the connection is to be reset.</summary>
        private byte[] Handle(string host, byte[] raw, int offset, int count, bool reused)
        {
            string path = RequestPath(raw, offset, count);
            int bodyStart = BodyStart(raw, offset, count);
            FlatXmlResult parsed = FlatXml.Parse(raw, bodyStart, offset + count - bodyStart);
            WxParams request = parsed.Ok ? parsed.Params : new WxParams();
            WireCall call = new WireCall();
            call.AtMs = clock.MonotonicMs;
            call.Host = host;
            call.Path = path;
            call.OutTradeNo = request.Get("out_trade_no");
            Calls.Add(call);
            if (SwitchAfterCalls >= 0 && Calls.Count >= SwitchAfterCalls)
            {
                SetMode(SwitchHost, SwitchMode);
                SwitchAfterCalls = -1;
            }

            bool faulted = FaultPath == null || FaultPath == path;
            if (faulted && DropBeforeProcessing > 0)
            {
                DropBeforeProcessing--;
                return null;
            }

            call.Processed = true;
            WxParams answer;
            if (path == Endpoints.MicropayPath)
            {
                answer = Micropay(request);
            }
            else if (path == Endpoints.OrderQueryPath)
            {
                answer = Query(request);
            }
            else if (path == Endpoints.ReportPath)
            {
                Reports++;
                answer = new WxParams();
                answer.Set("return_code", "SUCCESS");
                answer.Set("return_msg", "OK");
            }
            else
            {
                answer = Reverse(request);
            }

            if (faulted && DropAfterProcessing > 0)
            {
                DropAfterProcessing--;
                return null;
            }

            if (faulted && reused && DropAfterProcessingOnReuse)
            {
                return null;
            }

            answer.Set("sign", Signer.Sign(answer, account.ApiKey, account.SignType));
            byte[] body = FlatXml.Write(answer);
            byte[] head = Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " + body.Length + "\r\n\r\n");
            byte[] message = new byte[head.Length + body.Length];
            Array.Copy(head, 0, message, 0, head.Length);
            Array.Copy(body, 0, message, head.Length, body.Length);
            return message;
        }

        private WxParams Micropay(WxParams request)
        {
            string outTradeNo = request.Get("out_trade_no");
            WireOrder order = (WireOrder)orders[outTradeNo];
            if (order == null)
            {
                order = new WireOrder();
                order.OutTradeNo = outTradeNo;
                order.AuthCode = request.Get("auth_code");
                order.TotalFee = Digits(request.Get("total_fee"));
                order.CreatedMs = clock.MonotonicMs;
                order.State = PaidAfterMs == 0 ? "SUCCESS" : "USERPAYING";
                order.TransactionId = "42000000002026112100000" + (++transactions).ToString();
                orders[outTradeNo] = order;
            }

            Refresh(order);
            if (order.State == "SUCCESS")
            {
                return Paid(order);
            }

            WxParams answer = Failure(order.State == "REVOKED" ? "ORDERREVERSED" : "USERPAYING");
            answer.Set("out_trade_no", outTradeNo);
            return answer;
        }

        private WxParams Query(WxParams request)
        {
            string outTradeNo = request.Get("out_trade_no");
            WireOrder order = (WireOrder)orders[outTradeNo];
            if (order == null)
            {
                WxParams missing = Failure("ORDERNOTEXIST");
                missing.Set("out_trade_no", outTradeNo);
                return missing;
            }

            Refresh(order);
            WxParams answer = order.State == "SUCCESS" ? Paid(order) : Answer("SUCCESS");
            answer.Set("out_trade_no", outTradeNo);
            answer.Set("trade_state", order.State);
            return answer;
        }

        private WxParams Reverse(WxParams request)
        {
            string outTradeNo = request.Get("out_trade_no");
            WireOrder order = (WireOrder)orders[outTradeNo];
            if (order == null)
            {
                // Revoking an order that does not exist succeeds; it can never be created afterwards.
                order = new WireOrder();
                order.OutTradeNo = outTradeNo;
                order.CreatedMs = clock.MonotonicMs;
                orders[outTradeNo] = order;
            }

            WxParams answer;
            if (RecallTimes > 0)
            {
                RecallTimes--;
                answer = Failure("SYSTEMERROR");
                answer.Set("recall", "Y");
            }
            else
            {
                order.State = "REVOKED";
                answer = Answer("SUCCESS");
                answer.Set("recall", "N");
            }

            answer.Set("out_trade_no", outTradeNo);
            return answer;
        }

        private void Refresh(WireOrder order)
        {
            if (order.State == "USERPAYING" && PaidAfterMs > 0 && clock.MonotonicMs - order.CreatedMs >= PaidAfterMs)
            {
                order.State = "SUCCESS";
            }
        }

        private WxParams Answer(string resultCode)
        {
            WxParams p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("return_msg", "OK");
            p.Set("appid", account.AppId);
            p.Set("mch_id", account.MchId);
            p.Set("nonce_str", "WIRE" + (++nonces).ToString() + "X5K8264ILTKCH16CQ25");
            p.Set("result_code", resultCode);
            return p;
        }

        private WxParams Failure(string errCode)
        {
            WxParams p = Answer("FAIL");
            p.Set("err_code", errCode);
            p.Set("err_code_des", "wire " + errCode);
            return p;
        }

        private WxParams Paid(WireOrder order)
        {
            WxParams p = Answer("SUCCESS");
            p.Set("openid", "oWire0000000000000000000001");
            p.Set("is_subscribe", "N");
            p.Set("trade_type", "MICROPAY");
            p.Set("bank_type", "CMB_DEBIT");
            p.Set("total_fee", order.TotalFee.ToString());
            p.Set("fee_type", "CNY");
            p.Set("cash_fee", order.TotalFee.ToString());
            p.Set("transaction_id", order.TransactionId);
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("time_end", "20261121120000");
            return p;
        }

        private static long Digits(string text)
        {
            long value = 0;
            for (int i = 0; text != null && i < text.Length; i++)
            {
                value = value * 10 + (text[i] - '0');
            }

            return value;
        }

        private static string RequestPath(byte[] raw, int offset, int count)
        {
            int end = offset;
            while (end < offset + count && raw[end] != (byte)'\r')
            {
                end++;
            }

            string line = Encoding.UTF8.GetString(raw, offset, end - offset);
            int first = line.IndexOf(' ');
            int second = line.IndexOf(' ', first + 1);
            return line.Substring(first + 1, second - first - 1);
        }

        private static int BodyStart(byte[] raw, int offset, int count)
        {
            for (int i = offset; i + 3 < offset + count; i++)
            {
                if (raw[i] == 13 && raw[i + 1] == 10 && raw[i + 2] == 13 && raw[i + 3] == 10)
                {
                    return i + 4;
                }
            }

            return offset + count;
        }

        // ------------------------------------------------------------------ the connection

        /// <summary>One TLS connection: reads cost virtual time and honour the read time-out.</summary>
        private sealed class Link : IConnection
        {
            private readonly WireWeChat server;
            private readonly string host;
            private int readTimeoutMs;
            private bool aborted;
            private byte[] answer;
            private int position;
            private bool reset;
            private bool latencyPending;
            private bool trickle;
            private bool closed;
            private int requests;
            private long idleSinceMs;

            public Link(WireWeChat server, string host, int readTimeoutMs)
            {
                this.server = server;
                this.host = host;
                this.readTimeoutMs = readTimeoutMs;
                idleSinceMs = server.clock.MonotonicMs;
            }

            /// <summary>The server closed this connection after it stayed idle past its keep-alive time-out.</summary>
            private bool ServerClosed
            {
                get
                {
                    bool idle = answer == null || position >= answer.Length;
                    return server.IdleCloseMs >= 0 && idle && server.clock.MonotonicMs - idleSinceMs > server.IdleCloseMs;
                }
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                if (closed)
                {
                    throw new ConnectionException(ConnectionStage.Send, "connection closed");
                }

                if (ServerClosed)
                {
                    // The bytes leave (the local stack cannot know), the server is gone: lost, then a reset.
                    server.LostOnClosed++;
                    answer = null;
                    reset = true;
                    return;
                }

                if (server.Mode(host) == BlackHoles)
                {
                    // The path died with the connection open: the bytes go nowhere.
                    answer = new byte[0];
                    position = 0;
                    reset = false;
                    latencyPending = false;
                    return;
                }

                answer = server.Handle(host, buffer, offset, count, requests++ > 0);
                reset = answer == null;
                position = 0;
                latencyPending = true;
                trickle = server.TrickleNext > 0;
                if (trickle)
                {
                    server.TrickleNext--;
                }
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                if (closed || aborted)
                {
                    throw new ConnectionException(ConnectionStage.Receive, "connection closed");
                }

                if (reset)
                {
                    reset = false;
                    closed = true;
                    Wait(server.AnswerMs);
                    throw new ConnectionException(ConnectionStage.Receive, "connection reset by " + host);
                }

                if (answer == null || position >= answer.Length)
                {
                    // Nothing (more) is coming: the read times out.
                    Wait(readTimeoutMs);
                    throw TimedOut();
                }

                if (latencyPending)
                {
                    latencyPending = false;
                    if (server.AnswerMs > readTimeoutMs)
                    {
                        Wait(readTimeoutMs);
                        throw TimedOut();
                    }

                    Wait(server.AnswerMs);
                }

                int take = answer.Length - position;
                if (trickle)
                {
                    if (server.TrickleMs > readTimeoutMs)
                    {
                        Wait(readTimeoutMs);
                        throw TimedOut();
                    }

                    Wait(server.TrickleMs);
                    take = 1;
                }

                if (take > count)
                {
                    take = count;
                }

                if (aborted)
                {
                    throw new ConnectionException(ConnectionStage.Receive, "connection aborted");
                }

                Array.Copy(answer, position, buffer, offset, take);
                position += take;
                idleSinceMs = server.clock.MonotonicMs;
                server.BytesServed += take;
                if (trickle)
                {
                    server.TrickledBytes += take;
                }
                return take;
            }

            public void SetReadTimeout(int milliseconds)
            {
                readTimeoutMs = milliseconds;
            }

            public bool IsStale()
            {
                return closed || ServerClosed || (answer != null && position < answer.Length);
            }

            public void Abort()
            {
                aborted = true;
            }

            public void Close()
            {
                closed = true;
            }

            private void Wait(int milliseconds)
            {
                server.clock.Advance(milliseconds);
                if (server.CancelEngine != null && server.CancelAtMs >= 0 && server.clock.MonotonicMs >= server.CancelAtMs)
                {
                    server.CancelAtMs = -1;
                    server.CancelEngine.Cancel(); // the cashier, on another thread
                }

                if (server.SaleComingEngine != null && server.SaleComingAtMs >= 0 && server.clock.MonotonicMs >= server.SaleComingAtMs)
                {
                    server.SaleComingAtMs = -1;
                    server.SaleComingEngine.SaleComing(); // the cashier keys a digit, on another thread
                }
            }

            private static ConnectionException TimedOut()
            {
                ConnectionException timeout = new ConnectionException(ConnectionStage.Receive, "read timed out");
                timeout.TimedOut = true;
                return timeout;
            }
        }
    }

    /// <summary>The outbox stand-in: records what was handed over.</summary>
    public sealed class RecordingSink : IPaidSink
    {
        public RecordingSink()
        {
            Payments = new ArrayList();
        }

        public ArrayList Payments { get; private set; }

        public void Commit(PaidPayment payment)
        {
            Payments.Add(payment);
        }
    }

    /// <summary>Deterministic random bytes (nonces).</summary>
    public sealed class StepRandom : IRandomSource
    {
        private byte next = 11;

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                next = (byte)(next * 29 + 13);
                buffer[i] = next;
            }
        }
    }

    /// <summary>Cancels the sale when the engine first reports one of the waiting stages (the cashier presses cancel then).</summary>
    public sealed class CancelOnWait : IPaymentListener
    {
        private readonly PaymentEngine engine;

        public CancelOnWait(PaymentEngine engine)
        {
            this.engine = engine;
        }

        public void OnProgress(PaymentProgress progress)
        {
            if (progress.Stage == PaymentStage.WaitingForPassword || progress.Stage == PaymentStage.Checking)
            {
                engine.Cancel();
            }
        }
    }

    /// <summary>An engine wired to a <see cref="WireWeChat"/> through the production gateway and HTTP client.</summary>
    public sealed class WireRig
    {
        private int codes;

        public WireRig()
        {
            Clock = new VirtualClock();
            Clock.Advance(1000);
            Account = new MerchantAccount();
            Account.AppId = "wxd930ea5d5a258f4f";
            Account.MchId = "10000100";
            Account.ApiKey = "192006250b4c09247ec02edce69f6a2d";
            Account.Currency = Currency.CNY;
            Account.MaxTotalFee = 1000000;
            Account.SpbillCreateIp = "192.168.1.20";
            Config = new PaymentConfig();
            WeChat = new WireWeChat(Account, Clock);
            Sink = new RecordingSink();
            Gateway = WxHttpsGateway.ForRegion(WeChat, Clock, Region.Mainland, Config);
            Engine = new PaymentEngine(Account, "T1", Config, Clock, new MemoryFileStore(), new StepRandom(), Gateway, Sink);
        }

        public VirtualClock Clock { get; private set; }

        public MerchantAccount Account { get; private set; }

        public PaymentConfig Config { get; private set; }

        public WireWeChat WeChat { get; private set; }

        public RecordingSink Sink { get; private set; }

        public WxHttpsGateway Gateway { get; private set; }

        public PaymentEngine Engine { get; private set; }

        public PaymentResult Pay(long totalFee)
        {
            codes++;
            return Engine.Pay(totalFee, "1340000000000000" + (codes < 10 ? "0" : string.Empty) + codes.ToString());
        }
    }
}
