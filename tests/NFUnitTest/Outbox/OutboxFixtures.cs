// Device source (C# 9, nanoFramework: no nullable annotations). The .NET projects that link it compile it oblivious.
#nullable disable
using System.Collections;
using Terminal.Core.Crypto;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Core.Text;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    /// <summary>A deterministic IRandomSource (xorshift) for the outbox tests.</summary>
    public sealed class OutboxRandom : IRandomSource
    {
        private uint state;

        public OutboxRandom(uint seed)
        {
            state = seed == 0 ? 0x9E3779B9 : seed;
        }

        public uint Next()
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return state;
        }

        /// <summary>0 .. bound-1.</summary>
        public int Below(int bound)
        {
            return (int)(Next() % (uint)bound);
        }

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = (byte)Next();
            }
        }
    }

    /// <summary>Shared set-up for the outbox tests.</summary>
    public static class OutboxFixtures
    {
        public const string TerminalId = "T-0001";

        public static byte[] Secret()
        {
            return Hex.Decode("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        }

        public static OutboxOptions Options()
        {
            OutboxOptions options = new OutboxOptions();
            options.TerminalId = TerminalId;
            options.Secret = Secret();
            return options;
        }

        public static PaidNotification Payment(int i)
        {
            PaidNotification n = new PaidNotification();
            n.TerminalId = TerminalId;
            n.OutTradeNo = "T0001" + (100000 + i).ToString();
            n.TransactionId = "42000000002026112100" + (10000000 + i).ToString();
            n.TotalFee = 100 + i;
            n.CashFee = 100 + i;
            n.FeeType = "CNY";
            n.TimeEnd = "20261121120000";
            n.BankType = "CMB_DEBIT";
            n.OpenId = "oUpF8uN95-Ptaags6E_roPHg7AG0";
            return n;
        }

        public static NotificationOutbox Outbox(MemoryFileStore store, VirtualClock clock, IMerchantLink link, OutboxOptions options)
        {
            NotificationOutbox outbox = new NotificationOutbox(store, clock, new OutboxRandom(7), link, options);
            outbox.Start();
            return outbox;
        }

        /// <summary>Names of the outbox folder's files ending in <paramref name="extension"/> (".seg", ".dead", ".tmp", ".bad"; "" for all).</summary>
        public static string[] Files(MemoryFileStore store, string extension)
        {
            string[] names = store.List("outbox");
            int n = 0;
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i].EndsWith(extension))
                {
                    names[n++] = names[i];
                }
            }

            string[] result = new string[n];
            System.Array.Copy(names, result, n);
            return result;
        }

        /// <summary>Segment files of pending records or commits in progress (none once everything is delivered).</summary>
        public static int QueueFiles(MemoryFileStore store)
        {
            return Files(store, ".seg").Length + Files(store, ".tmp").Length;
        }

        /// <summary>Steps the forwarder until it asks to wait (or maxSteps); returns that wait.</summary>
        public static int Drain(NotificationOutbox outbox, int maxSteps)
        {
            int wait = 0;
            for (int i = 0; i < maxSteps; i++)
            {
                wait = outbox.Forwarder.Step();
                if (wait > 0)
                {
                    return wait;
                }
            }

            return wait;
        }
    }

    /// <summary>What the fake merchant server does with the next request.</summary>
    public enum FakeAction
    {
        Normal,

        /// <summary>Connection refused: nothing sent.</summary>
        Down,

        /// <summary>Stores the notification, then the answer is lost (read time-out).</summary>
        LoseAnswer,

        /// <summary>Answers with <see cref="FakeMerchantLink.ScriptStatus"/> without storing.</summary>
        Status,

        /// <summary>Stores, then answers 200 with a wrong signature.</summary>
        BadSignature,

        /// <summary>Stores, then answers with another request's nonce.</summary>
        WrongNonce,
    }

    /// <summary>
    /// An in-memory merchant server implementing docs/merchant-api.md closely enough for device
    /// tests: verifies the terminal's signature, stores notifications by idempotency key (a
    /// repeat with other bytes is a 409 conflict, as the reference server answers), refuses the
    /// keys in <see cref="Refused"/> for good, answers signed acknowledgements with control
    /// fields, and follows a script of faults.
    /// </summary>
    public sealed class FakeMerchantLink : IMerchantLink
    {
        private readonly byte[] secret;
        private readonly ArrayList script = new ArrayList();

        public FakeMerchantLink(byte[] secret)
        {
            this.secret = secret;
            Stored = new Hashtable();
            Bodies = new Hashtable();
            Refused = new Hashtable();
            Order = new ArrayList();
            Reason = string.Empty;
            SendControl = true;
        }

        /// <summary>Idempotency key -> times it was delivered.</summary>
        public Hashtable Stored { get; private set; }

        /// <summary>Idempotency key -> the notification's bytes as first stored.</summary>
        public Hashtable Bodies { get; private set; }

        /// <summary>Idempotency key -> HTTP status (int) it is refused with, every time.</summary>
        public Hashtable Refused { get; private set; }

        /// <summary>Repeats of a key with different bytes (answered 409).</summary>
        public int Conflicts { get; private set; }

        /// <summary>Keys in first-arrival order.</summary>
        public ArrayList Order { get; private set; }

        public int Requests { get; private set; }

        public int Polls { get; private set; }

        public int Duplicates { get; private set; }

        public bool Suspended { get; set; }

        public string Reason { get; set; }

        /// <summary>When false, answers carry no control object.</summary>
        public bool SendControl { get; set; }

        public int ScriptStatus { get; set; }

        /// <summary>The last control poll body, parsed.</summary>
        public JsonObject LastPoll { get; private set; }

        public void Then(FakeAction action)
        {
            script.Add(action);
        }

        public void Then(FakeAction action, int times)
        {
            for (int i = 0; i < times; i++)
            {
                script.Add(action);
            }
        }

        public LinkReply Post(string path, string terminalId, string signature, byte[] body)
        {
            Requests++;
            FakeAction action = FakeAction.Normal;
            if (script.Count > 0)
            {
                action = (FakeAction)script[0];
                script.RemoveAt(0);
            }

            if (action == FakeAction.Down)
            {
                throw new ConnectionException(ConnectionStage.Connect, "connection refused");
            }

            if (action == FakeAction.Status)
            {
                return new LinkReply(ScriptStatus, Utf8.Encode("{\"error\":\"scripted\",\"message\":\"status " + ScriptStatus.ToString() + "\"}"), null);
            }

            if (!MerchantProtocol.Verify(secret, body, signature))
            {
                return new LinkReply(401, Utf8.Encode("{\"error\":\"bad_signature\"}"), null);
            }

            string error;
            JsonObject request = JsonReader.Parse(body, 0, body.Length, out error);
            if (request == null || request.GetString("terminal_id") != terminalId)
            {
                return new LinkReply(400, Utf8.Encode("{\"error\":\"malformed\"}"), null);
            }

            JsonWriter answer = new JsonWriter(256);
            answer.BeginObject();
            answer.String("nonce", action == FakeAction.WrongNonce ? "0000" : request.GetString("nonce"));
            if (path == "/v1/control")
            {
                Polls++;
                LastPoll = request;
                answer.String("result", "ok");
            }
            else
            {
                JsonObject n = request.GetObject("notification");
                if (n == null)
                {
                    return new LinkReply(400, Utf8.Encode("{\"error\":\"no notification\"}"), null);
                }

                string key = n.GetString("type") == "refund" ? "refund:" + n.GetString("out_refund_no") : n.GetString("out_trade_no") + ":" + n.GetString("transaction_id");
                if (Refused.Contains(key))
                {
                    return new LinkReply((int)Refused[key], Utf8.Encode("{\"error\":\"invalid_notification\",\"message\":\"refused for good\"}"), null);
                }

                byte[] bytes = NotificationBytes(body);
                string result = "stored";
                if (Stored.Contains(key) && !SameBytes((byte[])Bodies[key], bytes))
                {
                    Conflicts++;
                    return new LinkReply(409, Utf8.Encode("{\"error\":\"conflict\",\"message\":\"a different notification with the idempotency key " + key + " is already stored\"}"), null);
                }

                if (Stored.Contains(key))
                {
                    Stored[key] = (int)Stored[key] + 1;
                    Duplicates++;
                    result = "duplicate";
                }
                else
                {
                    Stored[key] = 1;
                    Bodies[key] = bytes;
                    Order.Add(key);
                }

                answer.String("result", result);
                answer.String("key", key);
            }

            if (SendControl)
            {
                answer.BeginObject("control");
                answer.Bool("suspended", Suspended);
                answer.String("reason", Suspended ? Reason : string.Empty);
                answer.EndObject();
            }

            answer.EndObject();
            byte[] reply = answer.ToArray();
            if (action == FakeAction.LoseAnswer)
            {
                ConnectionException lost = new ConnectionException(ConnectionStage.Receive, "read timed out");
                lost.TimedOut = true;
                throw lost;
            }

            string sig = MerchantProtocol.Sign(secret, reply);
            if (action == FakeAction.BadSignature)
            {
                sig = MerchantProtocol.Sign(new byte[] { 1, 2, 3 }, reply);
            }

            return new LinkReply(200, reply, sig);
        }

        /// <summary>The stored notification object's bytes inside a request body (what the terminal keeps in flash).</summary>
        public static byte[] NotificationBytes(byte[] body)
        {
            byte[] marker = Utf8.Encode("\"notification\":");
            for (int i = 0; i + marker.Length < body.Length; i++)
            {
                int j = 0;
                while (j < marker.Length && body[i + j] == marker[j])
                {
                    j++;
                }

                if (j == marker.Length)
                {
                    int start = i + marker.Length;
                    byte[] result = new byte[body.Length - 1 - start];
                    System.Array.Copy(body, start, result, 0, result.Length);
                    return result;
                }
            }

            return new byte[0];
        }

        public static bool SameBytes(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
