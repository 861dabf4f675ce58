using System.Collections;
using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Core.Text;

namespace Terminal.Tests.Support
{
    /// <summary>What the fake WeChat does to one call instead of answering it plainly.</summary>
    public enum WxFault
    {
        None = 0,

        /// <summary>Connect fails: nothing sent, nothing processed.</summary>
        NotSent,

        /// <summary>The request is lost on its way: nothing processed, no answer (read time-out).</summary>
        LostRequest,

        /// <summary>Processed, then the answer is lost (read time-out).</summary>
        LostAnswer,

        /// <summary>Processed; the answer is a proxy's HTML page.</summary>
        Garbage,

        /// <summary>Processed; the answer comes without its sign.</summary>
        Unsigned,

        /// <summary>Processed; an unsigned return_code=FAIL (签名错误) comes back instead of the answer.</summary>
        ReturnFailAfterProcessing,

        /// <summary>Not processed; an unsigned return_code=FAIL (签名错误): the request was refused.</summary>
        ReturnFailRefused,

        /// <summary>Not processed; an unsigned return_code=FAIL (频率限制): rate limited.</summary>
        ReturnFailRateLimited,
    }

    /// <summary>One order in the fake WeChat's ledger.</summary>
    public sealed class FakeOrder
    {
        public string OutTradeNo;
        public string AuthCode;
        public long TotalFee;
        public string TransactionId;

        /// <summary>SUCCESS, USERPAYING, NOTPAY, CLOSED, REVOKED, PAYERROR.</summary>
        public string State;
        public long CreatedMs;

        /// <summary>0 password-free, &gt; 0 the customer pays this long after the micropay, -1 never.</summary>
        public int PayAfterMs;
        public int RecallsLeft;
        public long Charged;
        public long Refunded;

        /// <summary>Refunds (申请退款) not closed: what the refund calls took back or are taking back.</summary>
        public long RefundTotal;

        /// <summary>True for the placeholder a reverse of an unknown order leaves (it can never be paid).</summary>
        public bool Placeholder;

        /// <summary>True once a signed "paid" answer about this order reached the terminal.</summary>
        public bool PaidAnswered;

        public long NetCharged
        {
            get { return Charged - Refunded; }
        }
    }

    /// <summary>One refund in the fake WeChat's ledger.</summary>
    public sealed class FakeRefund
    {
        public string OutRefundNo;
        public string OutTradeNo;
        public long Fee;
        public string RefundId;

        /// <summary>PROCESSING, SUCCESS, REFUNDCLOSE, CHANGE.</summary>
        public string Status;

        /// <summary>Queries still answered PROCESSING.</summary>
        public int ProcessingLeft;

        /// <summary>Refund calls that named this out_refund_no (WeChat refunds it once).</summary>
        public int Requests;
    }

    /// <summary>One call the fake WeChat received.</summary>
    public sealed class WxCall
    {
        public string Path;
        public long AtMs;
        public string OutTradeNo;
        public WxFault Fault;

        /// <summary>True when the ledger acted on it.</summary>
        public bool Processed;
    }

    /// <summary>
    /// A scripted WeChat Pay v2 for device tests: an <see cref="IWxGateway"/> that keeps a ledger
    /// of orders and money and answers the way WeChat's documentation says, with real signed XML
    /// (MD5 or HMAC-SHA256 with the merchant's key): a customer paying at once, after a password
    /// or never; reverse with recall=Y; WeChat's 45 s auto-revoke. Faults and hand-written
    /// answers can be queued for the next call of a path. Every call takes <see cref="LatencyMs"/>
    /// of virtual time.
    /// </summary>
    public sealed class FakeWeChat : IWxGateway
    {
        public const string Host = "api.mch.weixin.qq.com";
        public const int AutoRevokeMs = 45000;

        private readonly MerchantAccount account;
        private readonly VirtualClock clock;
        private readonly Hashtable orders = new Hashtable();
        private readonly ArrayList script = new ArrayList();
        private readonly Hashtable refunds = new Hashtable();
        private long refundIds;
        private int payAfterMs;
        private int recalls;
        private long transactions;

        public FakeWeChat(MerchantAccount account, VirtualClock clock)
        {
            this.account = account;
            this.clock = clock;
            Calls = new ArrayList();
            LatencyMs = 50;
            LastSentMs = -1;
        }

        /// <summary>Refund queries answered PROCESSING before a new refund reaches <see cref="RefundFinalStatus"/>.</summary>
        public int RefundProcessingQueries { get; set; }

        /// <summary>What a new refund ends as: SUCCESS (default), REFUNDCLOSE or CHANGE.</summary>
        public string RefundFinalStatus { get; set; }

        public FakeRefund FindRefund(string outRefundNo)
        {
            return (FakeRefund)refunds[outRefundNo];
        }

        /// <summary>Every refund WeChat has.</summary>
        public FakeRefund[] Refunds()
        {
            ArrayList list = new ArrayList();
            foreach (DictionaryEntry e in refunds)
            {
                list.Add(e.Value);
            }

            return (FakeRefund[])list.ToArray(typeof(FakeRefund));
        }

        /// <summary>Virtual time each call takes.</summary>
        public int LatencyMs { get; set; }

        /// <summary>Every call received (<see cref="WxCall"/>), in order.</summary>
        public ArrayList Calls { get; private set; }

        public string LastHost
        {
            get { return Host; }
        }

        /// <summary>When the last request was handed over (before the scripted latency), or -1.</summary>
        public long LastSentMs { get; private set; }

        /// <summary>True between <see cref="Interrupt"/> and <see cref="ResetInterrupt"/>: posts fail before sending.</summary>
        public bool Interrupted { get; private set; }

        public void Interrupt()
        {
            Interrupted = true;
        }

        public void ResetInterrupt()
        {
            Interrupted = false;
        }

        /// <summary>Times the engine asked for a warm connection (no transport here: counted only).</summary>
        public int Warms { get; private set; }

        public void Warm()
        {
            Warms++;
        }

        /// <summary>How the customer behind every new order behaves (0 password-free, &gt; 0 pays after that long, -1 never), and the reverse calls answered recall=Y first.</summary>
        public void Customer(int payAfterMs, int recallsFirst)
        {
            this.payAfterMs = payAfterMs;
            recalls = recallsFirst;
        }

        /// <summary>The next call of <paramref name="path"/> (null: any) suffers <paramref name="fault"/>.</summary>
        public void Fault(string path, WxFault fault)
        {
            Step step = new Step();
            step.Path = path;
            step.Fault = fault;
            script.Add(step);
        }

        /// <summary>The next call of <paramref name="path"/> gets this answer, signed with the merchant's key; the ledger does not see the call.</summary>
        public void Answer(string path, WxParams answer)
        {
            Step step = new Step();
            step.Path = path;
            step.Answer = answer;
            script.Add(step);
        }

        /// <summary>The next call of <paramref name="path"/> is processed by the ledger, but this signed answer comes back instead of the real one.</summary>
        public void AnswerAfterProcessing(string path, WxParams answer)
        {
            Step step = new Step();
            step.Path = path;
            step.Answer = answer;
            step.Processed = true;
            script.Add(step);
        }

        /// <summary>The trades JSON of every 交易保障 report WeChat processed, in order.</summary>
        public ArrayList ReportedTrades { get; } = new ArrayList();

        /// <summary>The interface_url of every processed report.</summary>
        public ArrayList ReportedInterfaceUrls { get; } = new ArrayList();

        public FakeOrder Find(string outTradeNo)
        {
            FakeOrder order = (FakeOrder)orders[outTradeNo];
            if (order != null)
            {
                Refresh(order);
            }

            return order;
        }

        /// <summary>Every real order (reverse placeholders left out).</summary>
        public FakeOrder[] Orders()
        {
            ArrayList list = new ArrayList();
            foreach (DictionaryEntry e in orders)
            {
                FakeOrder order = (FakeOrder)e.Value;
                Refresh(order);
                if (!order.Placeholder)
                {
                    list.Add(order);
                }
            }

            return (FakeOrder[])list.ToArray(typeof(FakeOrder));
        }

        public int Count(string path)
        {
            int n = 0;
            for (int i = 0; i < Calls.Count; i++)
            {
                if (((WxCall)Calls[i]).Path == path)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>The calls of one API, in order.</summary>
        public WxCall[] CallsTo(string path)
        {
            ArrayList list = new ArrayList();
            for (int i = 0; i < Calls.Count; i++)
            {
                if (((WxCall)Calls[i]).Path == path)
                {
                    list.Add(Calls[i]);
                }
            }

            return (WxCall[])list.ToArray(typeof(WxCall));
        }

        // ------------------------------------------------------------------ answers a test writes

        /// <summary>return_code SUCCESS with the merchant's ids and the given result_code.</summary>
        public WxParams Reply(string resultCode)
        {
            WxParams p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("return_msg", "OK");
            p.Set("appid", account.AppId);
            p.Set("mch_id", account.MchId);
            if (account.PartnerMode)
            {
                p.Set("sub_mch_id", account.SubMchId);
            }

            p.Set("nonce_str", "N" + (Calls.Count + 1000).ToString());
            p.Set("result_code", resultCode);
            return p;
        }

        public WxParams Failure(string errCode)
        {
            WxParams p = Reply("FAIL");
            p.Set("err_code", errCode);
            p.Set("err_code_des", "fake " + errCode);
            return p;
        }

        /// <summary>An orderquery answer: trade_state <paramref name="state"/> about <paramref name="outTradeNo"/>.</summary>
        public WxParams QueryAnswer(string outTradeNo, string state)
        {
            WxParams p = Reply("SUCCESS");
            p.Set("out_trade_no", outTradeNo);
            p.Set("trade_state", state);
            return p;
        }

        // ------------------------------------------------------------------ IWxGateway

        public byte[] Post(string path, byte[] body, string host)
        {
            if (Interrupted)
            {
                throw new ConnectionException(ConnectionStage.Connect, "fake: interrupted before sending");
            }

            LastSentMs = clock.MonotonicMs;
            clock.Advance(LatencyMs);
            FlatXmlResult parsed = FlatXml.Parse(body);
            WxParams request = parsed.Ok ? parsed.Params : new WxParams();
            WxCall call = new WxCall();
            call.Path = path;
            call.AtMs = clock.MonotonicMs;
            call.OutTradeNo = request.Get("out_trade_no");
            Step step = NextStep(path);
            call.Fault = step == null ? WxFault.None : step.Fault;
            Calls.Add(call);
            if (step != null && step.Answer != null && !step.Processed)
            {
                return Seal(step.Answer);
            }

            switch (call.Fault)
            {
                case WxFault.NotSent:
                    throw new ConnectionException(ConnectionStage.Connect, "fake: connect failed");
                case WxFault.LostRequest:
                    throw TimedOut("fake: request lost");
                case WxFault.ReturnFailRefused:
                    return ReturnFail("签名错误");
                case WxFault.ReturnFailRateLimited:
                    return ReturnFail("频率限制");
            }

            if (!Signer.Verify(request, account.ApiKey, account.SignType))
            {
                return ReturnFail("签名错误");
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
            else if (path == Endpoints.RefundPath)
            {
                answer = Refund(request);
            }
            else if (path == Endpoints.RefundQueryPath)
            {
                answer = RefundQuery(request);
            }
            else if (path == Endpoints.ReportPath)
            {
                ReportedTrades.Add(request.Get("trades"));
                ReportedInterfaceUrls.Add(request.Get("interface_url"));
                answer = new WxParams();
                answer.Set("return_code", "SUCCESS");
                answer.Set("return_msg", "OK");
                answer.Set("result_code", "SUCCESS");
            }
            else
            {
                answer = Reverse(request);
            }

            if (step != null && step.Answer != null)
            {
                return Seal(step.Answer);
            }

            switch (call.Fault)
            {
                case WxFault.LostAnswer:
                    throw TimedOut("fake: answer lost");
                case WxFault.Garbage:
                    return Utf8.Encode("<html><body>502 Bad Gateway</body></html>");
                case WxFault.Unsigned:
                    return FlatXml.Write(answer);
                case WxFault.ReturnFailAfterProcessing:
                    return ReturnFail("签名错误");
            }

            if ((path == Endpoints.MicropayPath || path == Endpoints.OrderQueryPath) && answer.Get("transaction_id") != null)
            {
                Find(call.OutTradeNo).PaidAnswered = true;
            }

            return Seal(answer);
        }

        private Step NextStep(string path)
        {
            if (script.Count == 0)
            {
                return null;
            }

            Step head = (Step)script[0];
            if (head.Path != null && head.Path != path)
            {
                return null;
            }

            script.RemoveAt(0);
            return head;
        }

        // ------------------------------------------------------------------ the ledger

        private WxParams Micropay(WxParams request)
        {
            string outTradeNo = request.Get("out_trade_no");
            FakeOrder existing = (FakeOrder)orders[outTradeNo];
            if (existing != null)
            {
                Refresh(existing);
                if (existing.Placeholder)
                {
                    return Failure("ORDERREVERSED");
                }

                return MicropayAnswer(existing);
            }

            FakeOrder order = new FakeOrder();
            order.OutTradeNo = outTradeNo;
            order.AuthCode = request.Get("auth_code");
            order.TotalFee = Digits.ParseNonNegative(request.Get("total_fee"));
            order.CreatedMs = clock.MonotonicMs;
            order.PayAfterMs = payAfterMs;
            order.RecallsLeft = recalls;
            order.TransactionId = "42000" + (++transactions).ToString();
            order.State = "USERPAYING";
            orders[outTradeNo] = order;
            if (payAfterMs == 0)
            {
                Charge(order);
            }

            return MicropayAnswer(order);
        }

        private WxParams MicropayAnswer(FakeOrder order)
        {
            switch (order.State)
            {
                case "SUCCESS":
                    return Paid(order);
                case "USERPAYING":
                case "NOTPAY":
                    return Failure("USERPAYING");
                case "REVOKED":
                    return Failure("ORDERREVERSED");
                case "PAYERROR":
                    return Failure("TRADE_ERROR");
                default:
                    return Failure("ORDERCLOSED");
            }
        }

        private WxParams Query(WxParams request)
        {
            FakeOrder order = Find(request.Get("out_trade_no"));
            if (order == null || order.Placeholder)
            {
                return order == null ? Failure("ORDERNOTEXIST") : QueryAnswer(order.OutTradeNo, "REVOKED");
            }

            WxParams p = order.State == "SUCCESS" || order.State == "REFUND" ? Paid(order) : QueryAnswer(order.OutTradeNo, order.State);
            p.Set("trade_state", order.State);
            return p;
        }

        private WxParams Reverse(WxParams request)
        {
            string outTradeNo = request.Get("out_trade_no");
            FakeOrder order = Find(outTradeNo);
            if (order == null)
            {
                // WeChat: revoking an order that does not exist succeeds, and the order can never be created.
                order = new FakeOrder();
                order.OutTradeNo = outTradeNo;
                order.State = "REVOKED";
                order.Placeholder = true;
                orders[outTradeNo] = order;
            }

            if (order.RecallsLeft > 0)
            {
                order.RecallsLeft--;
                WxParams again = Failure("SYSTEMERROR");
                again.Set("recall", "Y");
                return again;
            }

            if (order.State == "SUCCESS")
            {
                order.Refunded = order.Charged;
            }

            if (order.State != "CLOSED")
            {
                order.State = "REVOKED";
            }

            WxParams done = Reply("SUCCESS");
            done.Set("recall", "N");
            return done;
        }

        private WxParams Refund(WxParams request)
        {
            FakeOrder order = Find(request.Get("out_trade_no"));
            if (order == null || order.Placeholder)
            {
                return Failure("ORDERNOTEXIST");
            }

            if (order.State != "SUCCESS" && order.State != "REFUND")
            {
                return Failure("INVALID_REQUEST");
            }

            long total = Digits.ParseNonNegative(request.Get("total_fee"));
            long fee = Digits.ParseNonNegative(request.Get("refund_fee"));
            string outRefundNo = request.Get("out_refund_no");
            if (total != order.TotalFee || fee <= 0 || outRefundNo == null)
            {
                return Failure("PARAM_ERROR");
            }

            FakeRefund refund = (FakeRefund)refunds[outRefundNo];
            if (refund != null)
            {
                refund.Requests++;
                if (refund.OutTradeNo != order.OutTradeNo || refund.Fee != fee)
                {
                    return Failure("REFUND_FEE_MISMATCH");
                }

                return RefundAccepted(order, refund);
            }

            if (order.RefundTotal + fee > order.TotalFee)
            {
                return Failure("INVALID_REQUEST");
            }

            refund = new FakeRefund();
            refund.OutRefundNo = outRefundNo;
            refund.OutTradeNo = order.OutTradeNo;
            refund.Fee = fee;
            refund.RefundId = "50300" + (++refundIds).ToString();
            refund.Status = "PROCESSING";
            refund.ProcessingLeft = RefundProcessingQueries;
            refund.Requests = 1;
            refunds[outRefundNo] = refund;
            order.RefundTotal += fee;
            order.State = "REFUND";
            return RefundAccepted(order, refund);
        }

        private WxParams RefundAccepted(FakeOrder order, FakeRefund refund)
        {
            WxParams p = Reply("SUCCESS");
            p.Set("transaction_id", order.TransactionId);
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("out_refund_no", refund.OutRefundNo);
            p.Set("refund_id", refund.RefundId);
            p.Set("refund_fee", refund.Fee.ToString());
            p.Set("total_fee", order.TotalFee.ToString());
            p.Set("cash_fee", order.TotalFee.ToString());
            return p;
        }

        private WxParams RefundQuery(WxParams request)
        {
            FakeRefund refund = (FakeRefund)refunds[request.Get("out_refund_no")];
            if (refund == null)
            {
                return Failure("REFUNDNOTEXIST");
            }

            if (refund.Status == "PROCESSING")
            {
                if (refund.ProcessingLeft > 0)
                {
                    refund.ProcessingLeft--;
                }
                else
                {
                    refund.Status = RefundFinalStatus == null ? "SUCCESS" : RefundFinalStatus;
                    if (refund.Status == "REFUNDCLOSE")
                    {
                        ((FakeOrder)orders[refund.OutTradeNo]).RefundTotal -= refund.Fee;
                    }
                }
            }

            FakeOrder order = (FakeOrder)orders[refund.OutTradeNo];
            WxParams p = Reply("SUCCESS");
            p.Set("transaction_id", order.TransactionId);
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("total_fee", order.TotalFee.ToString());
            p.Set("fee_type", account.Currency.Code);
            p.Set("cash_fee", order.TotalFee.ToString());
            p.Set("refund_count", "1");
            p.Set("out_refund_no_0", refund.OutRefundNo);
            p.Set("refund_id_0", refund.RefundId);
            p.Set("refund_channel_0", "ORIGINAL");
            p.Set("refund_fee_0", refund.Fee.ToString());
            p.Set("refund_status_0", refund.Status);
            if (refund.Status == "SUCCESS")
            {
                p.Set("refund_success_time_0", "2026-11-21 12:05:00");
            }

            return p;
        }

        private void Refresh(FakeOrder order)
        {
            if (order.Placeholder || (order.State != "USERPAYING" && order.State != "NOTPAY"))
            {
                return;
            }

            long age = clock.MonotonicMs - order.CreatedMs;
            if (order.PayAfterMs > 0 && order.PayAfterMs < AutoRevokeMs && age >= order.PayAfterMs)
            {
                Charge(order);
            }
            else if (age >= AutoRevokeMs)
            {
                order.State = "REVOKED";
            }
        }

        private static void Charge(FakeOrder order)
        {
            order.State = "SUCCESS";
            order.Charged = order.TotalFee;
        }

        private WxParams Paid(FakeOrder order)
        {
            WxParams p = Reply("SUCCESS");
            p.Set("openid", "oFake" + order.OutTradeNo);
            p.Set("trade_type", "MICROPAY");
            p.Set("bank_type", "CMB_DEBIT");
            p.Set("total_fee", order.TotalFee.ToString());
            p.Set("fee_type", account.Currency.Code);
            p.Set("cash_fee", order.TotalFee.ToString());
            p.Set("transaction_id", order.TransactionId);
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("time_end", "20261121120000");
            return p;
        }

        private byte[] Seal(WxParams p)
        {
            if (account.SignType != SignType.Md5)
            {
                p.Set("sign_type", SignTypes.ToWireName(account.SignType));
            }

            p.Set("sign", Signer.Sign(p, account.ApiKey, account.SignType));
            return FlatXml.Write(p);
        }

        private static byte[] ReturnFail(string message)
        {
            WxParams p = new WxParams();
            p.Set("return_code", "FAIL");
            p.Set("return_msg", message);
            return FlatXml.Write(p);
        }

        private static ConnectionException TimedOut(string message)
        {
            ConnectionException e = new ConnectionException(ConnectionStage.Receive, message);
            e.TimedOut = true;
            return e;
        }

        private sealed class Step
        {
            public string Path;
            public WxFault Fault;
            public WxParams Answer;
            public bool Processed;
        }
    }
}
