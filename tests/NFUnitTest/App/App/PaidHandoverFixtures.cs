using System.Collections;
using Terminal.Core.App;
using Terminal.Core.Crypto;
using Terminal.Core.Money;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Text;
using Terminal.Tests.Support;

namespace Terminal.Tests.App
{
    /// <summary>
    /// WeChat Pay for the hand-over tests: every micropay is paid at once; a query answers paid
    /// with the same data for an order it charged and ORDERNOTEXIST for any other; a reverse of
    /// an order it never charged succeeds (as WeChat's does), of a paid one is refused. Unreachable
    /// while <see cref="Reachable"/> is false (a device at boot before Wi-Fi).
    /// </summary>
    public sealed class PayingWeChat : IWxGateway
    {
        public const string ApiKey = "192006250b4c09247ec02edce69f6a2d";

        private readonly MerchantAccount account;
        private readonly Hashtable charged = new Hashtable();

        public PayingWeChat(MerchantAccount account)
        {
            this.account = account;
            Reachable = true;
            BankType = "CMB_DEBIT";
            OpenId = "oUpF8uN95-Ptaags6E_roPHg7AG0";
            TimeEnd = "20261121120000";
        }

        public bool Reachable { get; set; }

        public string BankType { get; set; }

        public string OpenId { get; set; }

        public string TimeEnd { get; set; }

        /// <summary>Appended to the 28-character transaction ids (WeChat documents 32 at most).</summary>
        public string TransactionIdSuffix { get; set; }

        /// <summary>The order number of the last micropay, or null.</summary>
        public string LastOrder { get; private set; }

        /// <summary>The transaction id this WeChat gives <paramref name="order"/> when it is paid.</summary>
        public string TransactionIdOf(string order)
        {
            return "42000000002026112" + order.Substring(order.Length - 11) + (TransactionIdSuffix == null ? string.Empty : TransactionIdSuffix);
        }

        /// <summary>Orders charged (micropays answered paid).</summary>
        public int Charged
        {
            get { return charged.Count; }
        }

        public string LastHost
        {
            get { return Endpoints.MainlandHost; }
        }

        /// <summary>No transport: the engine takes the time of the answer as the send time.</summary>
        public long LastSentMs
        {
            get { return -1; }
        }

        public void Interrupt()
        {
        }

        public void ResetInterrupt()
        {
        }

        /// <summary>No transport: nothing to warm.</summary>
        public void Warm()
        {
        }

        public static MerchantAccount Account()
        {
            MerchantAccount account = new MerchantAccount();
            account.AppId = "wxd930ea5d5a258f4f";
            account.MchId = "10000100";
            account.ApiKey = ApiKey;
            account.Currency = Currency.CNY;
            account.MaxTotalFee = 1000000;
            account.DeviceInfo = "STORE1-T1";
            account.SpbillCreateIp = "192.168.1.20";
            return account;
        }

        public byte[] Post(string path, byte[] body, string host)
        {
            if (!Reachable)
            {
                throw new ConnectionException(ConnectionStage.Connect, "WeChat Pay unreachable (scripted)");
            }

            WxParams request = FlatXml.Parse(body).Params;
            string order = request.Get("out_trade_no");
            WxParams answer = new WxParams();
            answer.Set("return_code", "SUCCESS");
            answer.Set("return_msg", "OK");
            answer.Set("appid", account.AppId);
            answer.Set("mch_id", account.MchId);
            answer.Set("nonce_str", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
            if (path == Endpoints.MicropayPath)
            {
                charged[order] = request.Get("total_fee");
                LastOrder = order;
            }

            if (path == Endpoints.ReversePath)
            {
                // Revoking an order that does not exist succeeds (WeChat); these tests never revoke a charged one.
                answer.Set("result_code", charged.Contains(order) ? "FAIL" : "SUCCESS");
                answer.Set("recall", "N");
                if (charged.Contains(order))
                {
                    answer.Set("err_code", "TRADE_ERROR");
                    answer.Set("err_code_des", "refused: the order was paid");
                }
            }
            else if (!charged.Contains(order))
            {
                answer.Set("result_code", "FAIL");
                answer.Set("err_code", "ORDERNOTEXIST");
                answer.Set("err_code_des", "no such order");
            }
            else
            {
                string fee = (string)charged[order];
                answer.Set("result_code", "SUCCESS");
                if (path == Endpoints.OrderQueryPath)
                {
                    answer.Set("trade_state", "SUCCESS");
                    answer.Set("trade_state_desc", "paid");
                }

                answer.Set("openid", OpenId);
                answer.Set("is_subscribe", "N");
                answer.Set("trade_type", "MICROPAY");
                answer.Set("bank_type", BankType);
                answer.Set("total_fee", fee);
                answer.Set("fee_type", "CNY");
                answer.Set("cash_fee", fee);
                answer.Set("transaction_id", TransactionIdOf(order));
                answer.Set("out_trade_no", order);
                answer.Set("time_end", TimeEnd);
            }

            answer.Set("sign", Signer.Sign(answer, ApiKey, account.SignType));
            return FlatXml.Write(answer);
        }
    }

    /// <summary>
    /// The merchant server as docs/merchant-api.md and the reference server behave: verifies the
    /// signature, stores each notification once by key, answers 409 to a different body under a
    /// stored key (the terminal then parks it as a dead letter), acknowledges with a signed answer.
    /// </summary>
    public sealed class KeyedMerchantServer : IMerchantLink
    {
        private readonly byte[] secret;
        private readonly Hashtable bodies = new Hashtable();

        public KeyedMerchantServer(byte[] secret)
        {
            this.secret = secret;
        }

        /// <summary>Notifications stored (distinct keys).</summary>
        public int Stored
        {
            get { return bodies.Count; }
        }

        public int Conflicts { get; private set; }

        /// <summary>The stored notification's JSON under <paramref name="key"/>, or null.</summary>
        public string Body(string key)
        {
            string hex = (string)bodies[key];
            if (hex == null)
            {
                return null;
            }

            byte[] bytes = Hex.Decode(hex);
            return Utf8.Decode(bytes, 0, bytes.Length);
        }

        public int Duplicates { get; private set; }

        public LinkReply Post(string path, string terminalId, string signature, byte[] body)
        {
            if (!MerchantProtocol.Verify(secret, body, signature))
            {
                return new LinkReply(401, Utf8.Encode("{\"error\":\"bad_signature\"}"), null);
            }

            string error;
            JsonObject request = JsonReader.Parse(body, 0, body.Length, out error);
            JsonWriter answer = new JsonWriter(256);
            answer.BeginObject();
            answer.String("nonce", request.GetString("nonce"));
            if (path.IndexOf("/v1/notifications") >= 0)
            {
                JsonObject n = request.GetObject("notification");
                string type = n.GetString("type");
                string key = type == "z_report" ? "z_report:" + n.GetString("terminal_id") + ":" + n.GetLong("z_number", 0).ToString()
                    : (type == "refund" ? "refund:" + n.GetString("out_refund_no") : n.GetString("out_trade_no") + ":" + n.GetString("transaction_id"));
                string bytes = Hex.Encode(Notification(body));
                if (bodies.Contains(key) && (string)bodies[key] != bytes)
                {
                    Conflicts++;
                    return new LinkReply(409, Utf8.Encode("{\"error\":\"conflict\",\"message\":\"a different notification with the idempotency key " + key + " is already stored\"}"), null);
                }

                string result = bodies.Contains(key) ? "duplicate" : "stored";
                if (bodies.Contains(key))
                {
                    Duplicates++;
                }

                bodies[key] = bytes;
                answer.String("result", result);
                answer.String("key", key);
            }
            else
            {
                answer.String("result", "ok");
            }

            answer.EndObject();
            byte[] reply = answer.ToArray();
            return new LinkReply(200, reply, MerchantProtocol.Sign(secret, reply));
        }

        /// <summary>The notification object's bytes inside a request body (what the terminal stored).</summary>
        private static byte[] Notification(byte[] body)
        {
            string text = Utf8.Decode(body, 0, body.Length);
            int start = text.IndexOf("\"notification\":") + "\"notification\":".Length;
            return Utf8.Encode(text.Substring(start, text.Length - 1 - start));
        }
    }

    /// <summary>A deterministic random source (xorshift).</summary>
    public sealed class SteadyRandom : IRandomSource
    {
        private uint state = 0x9E3779B9;

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                buffer[i] = (byte)state;
            }
        }
    }

    /// <summary>
    /// The outbox as the payment engine sees it, with the forwarder thread's timing made explicit:
    /// when <see cref="DeliverAtOnce"/>, a committed notification is delivered before Commit
    /// returns (the forwarder thread won the race with the journal's update).
    /// </summary>
    public sealed class RacingSink : IPaidSink
    {
        private readonly OutboxPaidSink inner;
        private readonly NotificationOutbox outbox;

        public RacingSink(NotificationOutbox outbox)
        {
            this.outbox = outbox;
            inner = new OutboxPaidSink(outbox);
        }

        public bool DeliverAtOnce { get; set; }

        public void Commit(PaidPayment payment)
        {
            inner.Commit(payment);
            if (DeliverAtOnce)
            {
                PaidHandover.Drain(outbox, null);
            }
        }
    }

    /// <summary>One terminal's payment engine and outbox over a store, built as TerminalApp.Start builds them.</summary>
    public sealed class PaidHandover
    {
        public const string TerminalId = "T0001";

        public PaidHandover(MemoryFileStore store, VirtualClock clock, PayingWeChat wechat, KeyedMerchantServer server)
        {
            OutboxOptions options = new OutboxOptions();
            options.TerminalId = TerminalId;
            options.Secret = Secret();
            Outbox = new NotificationOutbox(store, clock, new SteadyRandom(), server, options);
            Outbox.Start();
            Sink = new RacingSink(Outbox);
            PaymentConfig config = new PaymentConfig();
            Engine = new PaymentEngine(PayingWeChat.Account(), TerminalId, config, clock, store, new SteadyRandom(), wechat, Sink);
        }

        public NotificationOutbox Outbox { get; private set; }

        public PaymentEngine Engine { get; private set; }

        public RacingSink Sink { get; private set; }

        public static byte[] Secret()
        {
            return Hex.Decode("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        }

        /// <summary>Steps the forwarder until the queue is empty (waiting out back-offs) or the power is gone.</summary>
        public static void Drain(NotificationOutbox outbox, VirtualClock clock)
        {
            for (int i = 0; i < 50 && outbox.Store.Depth > 0; i++)
            {
                int wait;
                try
                {
                    wait = outbox.Forwarder.Step();
                }
                catch (StoreException)
                {
                    return;
                }

                if (wait > 0 && clock == null)
                {
                    return;
                }

                if (clock != null)
                {
                    clock.Advance(wait);
                }
            }
        }
    }
}
