using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Terminal.Core.Protocol;

namespace Terminal.Sandbox
{
    /// <summary>A transport-level fault the sandbox applies to one call (tests and the control endpoint).</summary>
    public enum SandboxFault
    {
        None,

        /// <summary>Name resolution fails: nothing sent (in-process gateway only).</summary>
        DnsError,

        /// <summary>TCP connect times out: nothing sent (in-process gateway only).</summary>
        ConnectTimeout,

        /// <summary>TLS handshake fails: nothing sent (in-process gateway only).</summary>
        HandshakeFailure,

        /// <summary>The connection drops after the request arrived, before processing.</summary>
        DropBeforeProcessing,

        /// <summary>Processed, then the connection drops before the answer.</summary>
        DropAfterProcessing,

        /// <summary>No answer and not processed: the client times out.</summary>
        StallBeforeProcessing,

        /// <summary>Processed, but the answer comes after the client's read time-out.</summary>
        SlowAfterProcessing,

        /// <summary>Processed; the answer body is cut in half.</summary>
        Truncate,

        /// <summary>Processed; the answer's signature is wrong.</summary>
        BadSignature,

        /// <summary>Not processed; a signed result_code=FAIL err_code=SYSTEMERROR answer.</summary>
        SystemError,

        /// <summary>Not processed; return_code=FAIL (rate limit).</summary>
        ReturnFail,

        /// <summary>Not processed; HTTP 500.</summary>
        Http500,
    }

    /// <summary>What the sandbox wants the transport to do with one call.</summary>
    public sealed class SandboxReply
    {
        public int Status { get; set; } = 200;

        public byte[] Body { get; set; } = Array.Empty<byte>();

        /// <summary>Close the connection without answering.</summary>
        public bool Drop { get; set; }

        /// <summary>Answer only after this delay (ms); with <see cref="Drop"/> the client just times out.</summary>
        public int DelayMs { get; set; }

        /// <summary>Connect-stage failure the in-process gateway raises (DnsError/ConnectTimeout/HandshakeFailure), else None.</summary>
        public SandboxFault ConnectFault { get; set; }

        /// <summary>The answer's media type: XML, or the bill's text (or gzip).</summary>
        public string ContentType { get; set; } = "text/xml; charset=utf-8";
    }

    /// <summary>One call the sandbox received, for timing assertions.</summary>
    public sealed record SandboxCall(long AtMs, WxApi Api, string OutTradeNo, string? Host, SandboxFault Fault, bool Processed, string Answer);

    /// <summary>An order in the sandbox's ledger.</summary>
    public sealed class SandboxOrder
    {
        public required string OutTradeNo { get; init; }

        /// <summary>Null for an order that only a reverse created (revoked before it existed).</summary>
        public string? AuthCode { get; init; }
        public long TotalFee { get; init; }
        public string? FeeType { get; init; }
        public long CreatedMs { get; init; }
        public required Scenario Scenario { get; init; }

        /// <summary>What a refund of this order does (digits 8–12 of the payment code; see <see cref="RefundScenario"/>).</summary>
        public RefundScenario RefundScenario { get; init; } = new RefundScenario();

        /// <summary>The micropay's body, attach and device_info, for the bill's 商品名称, 商户数据包 and 设备号.</summary>
        public string? Body { get; init; }
        public string? Attach { get; init; }
        public string? DeviceInfo { get; init; }

        /// <summary>
        /// "No such time" for <see cref="PaidMs"/>, <see cref="RevokedMs"/> and <see cref="PaidAtMs"/>.
        /// Not -1: a sandbox time may be negative (an order read from the ledger happened before the
        /// restarted sandbox's clock began).
        /// </summary>
        public const long NoTime = long.MinValue;

        /// <summary>When the customer paid (sandbox ms), or <see cref="NoTime"/>: the bill's 交易时间 and time_end.</summary>
        public long PaidMs { get; set; } = NoTime;

        /// <summary>
        /// The payment time of a charged order: <see cref="PaidMs"/>, or its creation when that is
        /// unknown (an order read back from a version 1 ledger file); <see cref="NoTime"/> when unpaid.
        /// </summary>
        public long PaidAtMs => Charged <= 0 ? NoTime : PaidMs != NoTime ? PaidMs : CreatedMs;

        /// <summary>When a reverse returned the money of a paid order (sandbox ms), or <see cref="NoTime"/>: the bill's REVOKED row.</summary>
        public long RevokedMs { get; set; } = NoTime;

        /// <summary>WeChat's refund number of the money a reverse returned (the REVOKED row's 微信退款单号).</summary>
        public string? RevokeRefundId { get; set; }
        public string? TransactionId { get; init; }
        public required string State { get; set; }
        public long Charged { get; set; }

        /// <summary>WeChat's time_end (China Standard Time), fixed by the first paid answer: every later answer repeats it.</summary>
        public string? TimeEnd { get; set; }

        /// <summary>Money back to the customer: a paid order's reversal plus refunds that reached SUCCESS.</summary>
        public long Refunded { get; set; }

        /// <summary>Refunds accepted but not (yet) SUCCESS: PROCESSING or CHANGE. No longer refundable.</summary>
        public long RefundPending { get; set; }
        public int RecallsLeft { get; set; }
        public int ReverseCalls { get; set; }
        public int QueryCalls { get; set; }
        public long NetCharged => Charged - Refunded;

        /// <summary>What a new refund may still take: charged, less returned, less refunds under way.</summary>
        public long Refundable => Charged - Refunded - RefundPending;
    }

    /// <summary>
    /// WeChat Pay's Quick Pay side, in memory: verifies signed requests, keeps a ledger of orders
    /// and money, plays the customer per <see cref="Scenario"/>, applies transport faults, signs
    /// its answers. Time comes from the caller (virtual in tests, real when served over HTTPS).
    /// Thread-safe (one lock).
    /// </summary>
    public sealed partial class WeChatSandbox
    {
        public const int AutoRevokeMs = 45000;
        public const long ReverseWindowMs = 7L * 24 * 3600 * 1000;

        private readonly object gate = new object();
        private readonly Func<long> nowMs;
        private long? sentAtOverride; // under gate, while Handle books a request at its send time
        private readonly Dictionary<string, SandboxOrder> orders = new Dictionary<string, SandboxOrder>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> attemptsByCode = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly HashSet<string> usedCodes = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<SandboxCall> calls = new List<SandboxCall>();
        private readonly Queue<(WxApi? Api, SandboxFault Fault)> queued = new Queue<(WxApi?, SandboxFault)>();
        private long transactions;

        // The algorithm of the request being handled (guarded by gate): answers are signed with it.
        private SignType answerSignType = SignType.Md5;

        public WeChatSandbox(MerchantAccount merchant, Func<long> nowMs)
        {
            Merchant = merchant;
            this.nowMs = nowMs;
            UnixOffsetMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - nowMs();
        }

        /// <summary>
        /// The merchant this sandbox plays WeChat for (appid, mch_id, API key). Its SignType is not
        /// used here: as at WeChat, each request's sign_type decides.
        /// </summary>
        public MerchantAccount Merchant { get; }

        /// <summary>Decides a fault per call (randomized schedules); queued faults win.</summary>
        public Func<WxApi, string, SandboxFault>? FaultPolicy { get; set; }

        /// <summary>Default merchant for standalone runs and tests (not a real account).</summary>
        public static MerchantAccount DefaultMerchant()
        {
            var account = new MerchantAccount
            {
                AppId = "wxsandbox00000001",
                MchId = "1900000109",
                ApiKey = "sandboxsandboxsandboxsandbox0001",
                SignType = SignType.Md5,
                DeviceInfo = "SANDBOX-T1",
                SpbillCreateIp = "127.0.0.1",
            };
            return account;
        }

        /// <summary>Queues a fault for the next call of <paramref name="api"/> (null = any call).</summary>
        public void EnqueueFault(WxApi? api, SandboxFault fault)
        {
            lock (gate)
            {
                queued.Enqueue((api, fault));
            }
        }

        public IReadOnlyList<SandboxCall> Calls
        {
            get
            {
                lock (gate)
                {
                    return calls.ToList();
                }
            }
        }

        public IReadOnlyList<SandboxOrder> Orders
        {
            get
            {
                lock (gate)
                {
                    foreach (var order in orders.Values)
                    {
                        Refresh(order);
                    }

                    return orders.Values.Where(o => o.AuthCode != null).ToList();
                }
            }
        }

        public SandboxOrder? Find(string outTradeNo)
        {
            lock (gate)
            {
                if (orders.TryGetValue(outTradeNo, out var order))
                {
                    Refresh(order);
                    return order.AuthCode == null ? null : order;
                }

                return null;
            }
        }

        /// <summary>Money the customer has been charged, net of reversals, for one order.</summary>
        public long NetCharged(string outTradeNo)
        {
            var order = Find(outTradeNo);
            return order == null ? 0 : order.NetCharged;
        }

        public long TotalNetCharged => Orders.Sum(o => o.NetCharged);

        /// <summary>
        /// Handles one request as WeChat would (path = API path; host only for the log).
        /// <paramref name="sentAtMs"/>: the sandbox time at which the terminal wrote the request,
        /// when the transport reports it (the TLS tests do: under load a request may be handled
        /// after the terminal gave up on it, and WeChat's rules are about the moment it was sent).
        /// </summary>
        public SandboxReply Handle(string path, byte[] body, bool clientCertificate, string? host = null, long? sentAtMs = null)
        {
            lock (gate)
            {
                sentAtOverride = sentAtMs;
                try
                {
                    return HandleAt(path, body, clientCertificate, host);
                }
                finally
                {
                    sentAtOverride = null;
                }
            }
        }

        private long Now() => sentAtOverride ?? nowMs();

        private SandboxReply HandleAt(string path, byte[] body, bool clientCertificate, string? host)
        {
            lock (gate)
            {
                long now = Now();
                WxApi api;
                switch (path)
                {
                    case Endpoints.MicropayPath:
                        api = WxApi.Micropay;
                        break;
                    case Endpoints.OrderQueryPath:
                        api = WxApi.OrderQuery;
                        break;
                    case Endpoints.ReversePath:
                        api = WxApi.Reverse;
                        break;
                    case Endpoints.RefundPath:
                        api = WxApi.Refund;
                        break;
                    case Endpoints.RefundQueryPath:
                        api = WxApi.RefundQuery;
                        break;
                    case Endpoints.DownloadBillPath:
                        api = WxApi.DownloadBill;
                        break;
                    case Endpoints.ReportPath:
                        api = WxApi.Report;
                        break;
                    default:
                        return new SandboxReply { Status = 404, Body = Encoding.UTF8.GetBytes("not found") };
                }

                FlatXmlResult parsed = FlatXml.Parse(body ?? Array.Empty<byte>());
                WxParams request = parsed.Ok ? parsed.Params : new WxParams();
                string outTradeNo = request.Get("out_trade_no");

                // Like WeChat: the algorithm is the request's sign_type (absent or empty = MD5), not a
                // merchant setting, and every signed answer to this request uses it.
                string declaredSignType = request.Get(SignTypes.ParameterName);
                SignType requestSignType = SignType.Md5;
                bool signTypeKnown = string.IsNullOrEmpty(declaredSignType) || SignTypes.TryParse(declaredSignType, out requestSignType);
                answerSignType = signTypeKnown ? requestSignType : SignType.Md5;
                SandboxFault fault = NextFault(api, outTradeNo);
                var reply = new SandboxReply();

                switch (fault)
                {
                    case SandboxFault.DnsError:
                    case SandboxFault.ConnectTimeout:
                    case SandboxFault.HandshakeFailure:
                        reply.ConnectFault = fault;
                        return Log(now, api, outTradeNo, host, fault, false, "connect fault", reply);
                    case SandboxFault.DropBeforeProcessing:
                        reply.Drop = true;
                        return Log(now, api, outTradeNo, host, fault, false, "dropped", reply);
                    case SandboxFault.StallBeforeProcessing:
                        reply.Drop = true;
                        reply.DelayMs = int.MaxValue;
                        return Log(now, api, outTradeNo, host, fault, false, "stalled", reply);
                    case SandboxFault.SystemError:
                        reply.Body = SystemErrorBody(api);
                        return Log(now, api, outTradeNo, host, fault, false, "SYSTEMERROR", reply);
                    case SandboxFault.ReturnFail:
                        reply.Body = ReturnFailBody("频率限制");
                        return Log(now, api, outTradeNo, host, fault, false, "return_code FAIL", reply);
                    case SandboxFault.Http500:
                        reply.Status = 500;
                        reply.Body = Encoding.UTF8.GetBytes("internal error");
                        return Log(now, api, outTradeNo, host, fault, false, "HTTP 500", reply);
                }

                if (Endpoints.NeedsClientCertificate(path) && !clientCertificate)
                {
                    // Real WeChat refuses the TLS handshake; over HTTP the sandbox answers 403.
                    reply.Status = 403;
                    reply.Body = Encoding.UTF8.GetBytes("client certificate required");
                    return Log(now, api, outTradeNo, host, fault, false, "no client certificate", reply);
                }

                if (!parsed.Ok)
                {
                    reply.Body = ReturnFailBody("XML格式错误");
                    return Log(now, api, outTradeNo, host, fault, false, "bad XML", reply);
                }

                if (!signTypeKnown || !Signer.Verify(request, Merchant.ApiKey, requestSignType))
                {
                    reply.Body = ReturnFailBody("签名错误");
                    return Log(now, api, outTradeNo, host, fault, false, "bad request signature", reply);
                }

                if (request.Get("appid") != Merchant.AppId || request.Get("mch_id") != Merchant.MchId)
                {
                    reply.Body = ReturnFailBody("appid和mch_id不匹配");
                    return Log(now, api, outTradeNo, host, fault, false, "not our merchant", reply);
                }

                WxParams? answer;
                bool processed = true;
                string note;
                switch (api)
                {
                    case WxApi.Micropay:
                        answer = Micropay(request, now, reply, out processed, out note);
                        break;
                    case WxApi.OrderQuery:
                        answer = Query(request, out note);
                        break;
                    case WxApi.Refund:
                        answer = Refund(request, now, reply, out processed, out note);
                        break;
                    case WxApi.RefundQuery:
                        answer = RefundQuery(request, now, out note);
                        break;
                    case WxApi.DownloadBill:
                        answer = null;
                        DownloadBill(request, now, reply, out note);
                        break;
                    case WxApi.Report:
                        answer = null;
                        AcceptReport(request, now, host, reply, out note);
                        break;
                    default:
                        answer = Reverse(request, now, out note);
                        break;
                }

                if (answer != null)
                {
                    reply.Body = Seal(answer);
                }

                switch (fault)
                {
                    case SandboxFault.DropAfterProcessing:
                        reply.Drop = true;
                        break;
                    case SandboxFault.SlowAfterProcessing:
                        reply.Drop = true;
                        reply.DelayMs = int.MaxValue;
                        break;
                    case SandboxFault.Truncate:
                        reply.Body = reply.Body.Take(reply.Body.Length / 2).ToArray();
                        break;
                    case SandboxFault.BadSignature when answer != null:
                        reply.Body = CorruptSign(answer);
                        break;
                }

                return Log(now, api, outTradeNo, host, fault, processed, note, reply);
            }
        }

        private SandboxFault NextFault(WxApi api, string outTradeNo)
        {
            if (queued.Count > 0 && (queued.Peek().Api == null || queued.Peek().Api == api))
            {
                return queued.Dequeue().Fault;
            }

            return FaultPolicy == null ? SandboxFault.None : FaultPolicy(api, outTradeNo);
        }

        private SandboxReply Log(long now, WxApi api, string outTradeNo, string? host, SandboxFault fault, bool processed, string note, SandboxReply reply)
        {
            calls.Add(new SandboxCall(now, api, outTradeNo, host, fault, processed, note));
            SaveLedger(now); // every call ends here: the ledger is on disk before the answer leaves
            return reply;
        }

        // ------------------------------------------------------------------ micropay

        private WxParams? Micropay(WxParams request, long now, SandboxReply reply, out bool processed, out string note)
        {
            processed = true;
            string outTradeNo = request.Get("out_trade_no");
            string authCode = request.Get("auth_code");
            long fee = Terminal.Core.Text.Digits.ParseNonNegative(request.Get("total_fee"));
            string feeType = request.Get("fee_type") ?? "CNY";
            if (outTradeNo == null || authCode == null || fee <= 0 || request.Get("body") == null || request.Get("spbill_create_ip") == null)
            {
                note = "PARAM_ERROR";
                return Fail("PARAM_ERROR");
            }

            if (orders.TryGetValue(outTradeNo, out var existing))
            {
                Refresh(existing);
                if (existing.AuthCode == null)
                {
                    note = "ORDERREVERSED (reversed before it arrived)";
                    return Fail("ORDERREVERSED");
                }

                if (existing.AuthCode != authCode || existing.TotalFee != fee)
                {
                    note = "OUT_TRADE_NO_USED";
                    return Fail("OUT_TRADE_NO_USED");
                }

                note = "re-submit: " + existing.State;
                return MicropayAnswerFor(existing);
            }

            Scenario scenario = Scenario.Parse(authCode);
            attemptsByCode.TryGetValue(authCode, out int attempt);
            attemptsByCode[authCode] = ++attempt;

            switch (scenario.Kind)
            {
                case ScenarioKind.DropBeforeProcessing when attempt <= Math.Max(1, scenario.N):
                case ScenarioKind.NeverArrives:
                    processed = false;
                    reply.Drop = true;
                    note = "scenario: dropped before processing";
                    return null;
                case ScenarioKind.OrderNotExistThenResubmit when attempt == 1:
                    processed = false;
                    reply.Drop = true;
                    reply.DelayMs = int.MaxValue;
                    note = "scenario: stalled, never processed";
                    return null;
                case ScenarioKind.ReturnFail:
                    processed = false;
                    note = "scenario: return_code FAIL";
                    reply.Body = ReturnFailBody("参数格式校验错误");
                    return null;
                case ScenarioKind.RateLimited:
                    processed = false;
                    note = "scenario: rate limited";
                    reply.Body = ReturnFailBody("频率限制");
                    return null;
                case ScenarioKind.Fail:
                    string code = Scenario.FailureCodes[scenario.N % Scenario.FailureCodes.Length];
                    note = "scenario: " + code;
                    return Fail(code);
            }

            if (usedCodes.Contains(authCode))
            {
                note = "AUTH_CODE_INVALID (code already used)";
                return Fail("AUTH_CODE_INVALID");
            }

            usedCodes.Add(authCode);
            var order = new SandboxOrder
            {
                OutTradeNo = outTradeNo,
                AuthCode = authCode,
                TotalFee = fee,
                FeeType = feeType,
                CreatedMs = now,
                Scenario = scenario,
                TransactionId = "42000" + (++transactions).ToString("D23"),
                State = "USERPAYING",
                RefundScenario = RefundScenario.Parse(authCode),
                Body = request.Get("body"),
                Attach = request.Get("attach"),
                DeviceInfo = request.Get("device_info"),
                RecallsLeft = scenario.Kind == ScenarioKind.RecallY ? scenario.N : 0,
            };
            orders[outTradeNo] = order;

            switch (scenario.Kind)
            {
                case ScenarioKind.PaidAfter:
                case ScenarioKind.NeverPays:
                case ScenarioKind.CustomerCancels:
                case ScenarioKind.RecallY:
                case ScenarioKind.AutoRevoke:
                    Refresh(order);
                    note = "USERPAYING";
                    return order.State == "SUCCESS" ? PaidAnswer(order) : Fail("USERPAYING");
                case ScenarioKind.SystemErrorThenPaid:
                case ScenarioKind.BankErrorThenPaid:
                case ScenarioKind.SystemErrorThenNotPaid:
                case ScenarioKind.BankErrorThenNotPaid:
                    if (scenario.Kind == ScenarioKind.SystemErrorThenNotPaid || scenario.Kind == ScenarioKind.BankErrorThenNotPaid)
                    {
                        order.State = "NOTPAY";
                    }

                    Refresh(order);
                    string error = scenario.Kind == ScenarioKind.SystemErrorThenPaid || scenario.Kind == ScenarioKind.SystemErrorThenNotPaid ? "SYSTEMERROR" : "BANKERROR";
                    note = error;
                    return Fail(error);
                case ScenarioKind.SlowAnswer:
                    Charge(order);
                    reply.DelayMs = scenario.N * 1000;
                    note = "paid, slow answer";
                    return PaidAnswer(order);
                case ScenarioKind.DropAfterProcessing:
                    Charge(order);
                    reply.Drop = true;
                    note = "paid, answer dropped";
                    return PaidAnswer(order);
                case ScenarioKind.TruncatedAnswer:
                    Charge(order);
                    note = "paid, truncated answer";
                    var truncated = PaidAnswer(order);
                    reply.Body = Seal(truncated).Take(60).ToArray();
                    return null;
                case ScenarioKind.BadSignature:
                    Charge(order);
                    note = "paid, bad signature";
                    reply.Body = CorruptSign(PaidAnswer(order));
                    return null;
                default:
                    Charge(order);
                    note = "paid";
                    return PaidAnswer(order);
            }
        }

        private WxParams MicropayAnswerFor(SandboxOrder order)
        {
            switch (order.State)
            {
                case "SUCCESS":
                    return PaidAnswer(order);
                case "USERPAYING":
                case "NOTPAY":
                    return Fail("USERPAYING");
                case "PAYERROR":
                    return Fail("TRADE_ERROR");
                case "REVOKED":
                    return Fail("ORDERREVERSED");
                default:
                    return Fail("ORDERCLOSED");
            }
        }

        /// <summary>Moves an order along its scenario's timeline (payment after N s, WeChat's 45 s auto-revoke).</summary>
        private void Refresh(SandboxOrder order)
        {
            if (order.AuthCode == null)
            {
                return;
            }

            long age = Now() - order.CreatedMs;
            int n = order.Scenario.N;
            if (order.State == "USERPAYING" || order.State == "NOTPAY")
            {
                switch (order.Scenario.Kind)
                {
                    case ScenarioKind.PaidAfter:
                    case ScenarioKind.SystemErrorThenPaid:
                    case ScenarioKind.BankErrorThenPaid:
                        if (age >= n * 1000L && n * 1000L < AutoRevokeMs)
                        {
                            order.PaidMs = order.CreatedMs + n * 1000L; // when the customer confirmed, not when we looked
                            Charge(order);
                            return;
                        }

                        break;
                    case ScenarioKind.CustomerCancels:
                        if (age >= n * 1000L && n * 1000L < AutoRevokeMs)
                        {
                            order.State = "PAYERROR";
                            return;
                        }

                        break;
                }

                if (age >= AutoRevokeMs)
                {
                    order.State = "REVOKED";
                }
            }
        }

        private void Charge(SandboxOrder order)
        {
            order.State = "SUCCESS";
            order.Charged = order.TotalFee;
            if (order.PaidMs == SandboxOrder.NoTime)
            {
                order.PaidMs = Now(); // the send time when a transport reports it, like every booking of this call
            }
        }

        // ------------------------------------------------------------------ orderquery and reverse

        private WxParams Query(WxParams request, out string note)
        {
            string outTradeNo = request.Get("out_trade_no");
            string transactionId = request.Get("transaction_id");
            SandboxOrder? order = null;
            if (transactionId != null)
            {
                order = orders.Values.FirstOrDefault(o => o.TransactionId == transactionId);
            }
            else if (outTradeNo != null)
            {
                orders.TryGetValue(outTradeNo, out order);
            }

            if (order == null)
            {
                note = "ORDERNOTEXIST";
                return Fail("ORDERNOTEXIST");
            }

            Refresh(order);
            order.QueryCalls++;
            // A paid order with a refund reads REFUND (转入退款), as at WeChat after a partial or full refund.
            string tradeState = order.State == "SUCCESS" && RefundsOf(order.OutTradeNo).Count > 0 ? "REFUND" : order.State;
            note = tradeState;
            WxParams p = order.State == "SUCCESS" ? PaidAnswer(order) : Answer("SUCCESS");
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("trade_state", tradeState);
            if (tradeState != "SUCCESS")
            {
                p.Set("trade_state_desc", tradeState);
            }

            return p;
        }

        private WxParams Reverse(WxParams request, long now, out string note)
        {
            string outTradeNo = request.Get("out_trade_no");
            if (outTradeNo == null)
            {
                note = "PARAM_ERROR";
                return ReverseFail("PARAM_ERROR", "N");
            }

            if (!orders.TryGetValue(outTradeNo, out var order))
            {
                // Revoking an order that does not exist succeeds; it can never be created afterwards.
                orders[outTradeNo] = new SandboxOrder { OutTradeNo = outTradeNo, State = "REVOKED", CreatedMs = now, Scenario = new Scenario() };
                note = "revoked (did not exist)";
                return ReverseOk();
            }

            Refresh(order);
            order.ReverseCalls++;
            if (order.AuthCode != null && now - order.CreatedMs > ReverseWindowMs)
            {
                note = "REVERSE_EXPIRE";
                return ReverseFail("REVERSE_EXPIRE", "N");
            }

            if (order.RecallsLeft > 0)
            {
                order.RecallsLeft--;
                note = "recall=Y";
                return ReverseFail("SYSTEMERROR", "Y");
            }

            if (order.State == "SUCCESS" && order.Refundable > 0)
            {
                // A paid order's money goes back: what is left after refunds (the terminal never
                // reverses a refunded order; WeChat does not document it — the sandbox's choice).
                order.Refunded += order.Refundable;
                order.RevokedMs = now;
                order.RevokeRefundId = NextRefundId();
            }

            if (order.State != "CLOSED")
            {
                order.State = "REVOKED";
            }

            note = "revoked";
            return ReverseOk();
        }

        // ------------------------------------------------------------------ answers

        private WxParams Answer(string resultCode)
        {
            var p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("return_msg", "OK");
            p.Set("appid", Merchant.AppId);
            p.Set("mch_id", Merchant.MchId);
            if (Merchant.PartnerMode)
            {
                p.Set("sub_mch_id", Merchant.SubMchId);
            }

            p.Set("nonce_str", Guid.NewGuid().ToString("N").ToUpperInvariant());
            p.Set("result_code", resultCode);
            return p;
        }

        private WxParams Fail(string errCode)
        {
            return Fail(errCode, "sandbox " + errCode);
        }

        private WxParams Fail(string errCode, string description)
        {
            var p = Answer("FAIL");
            p.Set("err_code", errCode);
            p.Set("err_code_des", description);
            return p;
        }

        // The SystemError fault: a signed SYSTEMERROR where the API signs its answers; the bill
        // and the report answer unsigned return_code=FAIL instead.
        private byte[] SystemErrorBody(WxApi api)
        {
            switch (api)
            {
                case WxApi.Reverse:
                    return Seal(ReverseFail("SYSTEMERROR", "Y"));
                case WxApi.DownloadBill:
                case WxApi.Report:
                    return ReturnFailBody("SYSTEMERROR");
                default:
                    return Seal(Fail("SYSTEMERROR"));
            }
        }

        private WxParams ReverseOk()
        {
            var p = Answer("SUCCESS");
            p.Set("recall", "N");
            return p;
        }

        private WxParams ReverseFail(string errCode, string recall)
        {
            var p = Fail(errCode);
            p.Set("recall", recall);
            return p;
        }

        private WxParams PaidAnswer(SandboxOrder order)
        {
            var p = Answer("SUCCESS");
            p.Set("openid", "oSandbox" + order.AuthCode!.Substring(10)); // only a micropay makes a paid order, and it sets the code
            p.Set("is_subscribe", "N");
            p.Set("trade_type", "MICROPAY");
            p.Set("bank_type", "CMB_DEBIT");
            p.Set("total_fee", order.TotalFee.ToString());
            p.Set("fee_type", order.FeeType);
            p.Set("cash_fee", order.TotalFee.ToString());
            p.Set("transaction_id", order.TransactionId);
            p.Set("out_trade_no", order.OutTradeNo);
            // The payment time, once, in China Standard Time (UTC+8), as WeChat reports it: the
            // terminal's paid_at and the velocity rules are counted from it, and the bill's 交易时间 is the same moment.
            order.TimeEnd ??= ChinaTime(order.PaidAtMs).ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            p.Set("time_end", order.TimeEnd);
            return p;
        }

        private byte[] ReturnFailBody(string message)
        {
            var p = new WxParams();
            p.Set("return_code", "FAIL");
            p.Set("return_msg", message);
            return FlatXml.Write(p);
        }

        private byte[] Seal(WxParams p)
        {
            p.Set("sign", Signer.Sign(p, Merchant.ApiKey, answerSignType));
            return FlatXml.Write(p);
        }

        private byte[] CorruptSign(WxParams p)
        {
            p.Set("sign", Signer.Sign(p, Merchant.ApiKey + "x", answerSignType));
            return FlatXml.Write(p);
        }
    }
}
