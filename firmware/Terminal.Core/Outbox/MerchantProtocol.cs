using Terminal.Core.Crypto;
using Terminal.Core.Text;

namespace Terminal.Core.Outbox
{
    /// <summary>What a merchant-server answer means for the forwarder.</summary>
    public enum AnswerKind
    {
        /// <summary>Signed 2xx echoing our nonce (and key): the notification is stored; delete it.</summary>
        Accepted,

        /// <summary>No trustworthy answer (5xx, 408, 429, 401, bad or unsigned 2xx): keep it, back off, retry.</summary>
        Retry,

        /// <summary>A permanent rejection (4xx other than 401, 408, 429; 413 = too large): park it as a dead letter.</summary>
        Rejected,
    }

    /// <summary>A classified answer, with the risk-control fields when the server sent them.</summary>
    public sealed class MerchantAnswer
    {
        public AnswerKind Kind { get; set; }

        public int Status { get; set; }

        /// <summary>For the log and dead letters: why this classification.</summary>
        public string Detail { get; set; }

        /// <summary>True when the answer was trusted and carried a "control" object.</summary>
        public bool HasControl { get; set; }

        public bool Suspended { get; set; }

        public string SuspendReason { get; set; }

        /// <summary>"stored" or "duplicate" for an accepted notification.</summary>
        public string Result { get; set; }
    }

    /// <summary>
    /// The terminal side of the merchant API (docs/merchant-api.md): request bodies, the
    /// HMAC-SHA256 signature over the exact body bytes, and the classification of answers.
    /// </summary>
    public static class MerchantProtocol
    {
        /// <summary>Longest error text kept from a rejection.</summary>
        public const int MaxDetail = 160;

        /// <summary>
        /// {"terminal_id":…,"timestamp":…,"nonce":…,"notification":&lt;stored bytes verbatim&gt;}
        /// </summary>
        public static byte[] NotificationBody(string terminalId, long timestamp, string nonce, byte[] notification)
        {
            JsonWriter json = new JsonWriter(notification.Length + 128);
            json.BeginObject();
            json.String("terminal_id", terminalId);
            json.Number("timestamp", timestamp);
            json.String("nonce", nonce);
            json.Raw("notification", notification, 0, notification.Length);
            json.EndObject();
            return json.ToArray();
        }

        /// <summary>The control poll: identity plus the terminal's own health, so the merchant sees local alerts.</summary>
        public static byte[] ControlBody(string terminalId, long timestamp, string nonce, int depth, int deadLetters, bool velocityLocked, string velocityReason)
        {
            JsonWriter json = new JsonWriter(256);
            json.BeginObject();
            json.String("terminal_id", terminalId);
            json.Number("timestamp", timestamp);
            json.String("nonce", nonce);
            json.Number("outbox_depth", depth);
            json.Number("dead_letters", deadLetters);
            json.Bool("velocity_locked", velocityLocked);
            json.String("velocity_reason", velocityLocked ? velocityReason : string.Empty);
            json.EndObject();
            return json.ToArray();
        }

        /// <summary>HMAC-SHA256(secret, body) as 64 upper-case hex digits.</summary>
        public static string Sign(byte[] secret, byte[] body)
        {
            return Hex.Encode(Hmac.Sha256(secret, body));
        }

        /// <summary>Constant-time check of a hex signature (either case) over <paramref name="body"/>.</summary>
        public static bool Verify(byte[] secret, byte[] body, string signature)
        {
            byte[] given = Hex.Decode(signature);
            if (given == null || given.Length != 32)
            {
                return false;
            }

            byte[] expected = Hmac.Sha256(secret, body);
            int difference = 0;
            for (int i = 0; i < 32; i++)
            {
                difference |= expected[i] ^ given[i];
            }

            return difference == 0;
        }

        /// <summary>
        /// Classifies an answer. <paramref name="expectedKey"/> is the notification's idempotency key
        /// (null for a control poll, whose answer must say "result":"ok").
        /// </summary>
        public static MerchantAnswer Read(LinkReply reply, byte[] secret, string nonce, string expectedKey)
        {
            MerchantAnswer answer = new MerchantAnswer();
            answer.Status = reply.Status;
            int status = reply.Status;
            if (status >= 200 && status < 300)
            {
                ReadSuccess(reply, secret, nonce, expectedKey, answer);
                return answer;
            }

            string text = ErrorText(reply);
            if (status == 408 || status == 429)
            {
                answer.Kind = AnswerKind.Retry;
                answer.Detail = "merchant server busy (" + status.ToString() + "): " + text;
            }
            else if (status == 401)
            {
                answer.Kind = AnswerKind.Retry;
                answer.Detail = "merchant server refused our signature or clock (401): " + text;
            }
            else if (status == 413)
            {
                // The same bytes will never fit: retrying would block the queue for ever.
                answer.Kind = AnswerKind.Rejected;
                answer.Detail = "too large for the merchant server (413): " + text;
            }
            else if (status >= 400 && status < 500)
            {
                answer.Kind = AnswerKind.Rejected;
                answer.Detail = "rejected (" + status.ToString() + "): " + text;
            }
            else
            {
                answer.Kind = AnswerKind.Retry;
                answer.Detail = "merchant server error (" + status.ToString() + "): " + text;
            }

            return answer;
        }

        private static void ReadSuccess(LinkReply reply, byte[] secret, string nonce, string expectedKey, MerchantAnswer answer)
        {
            answer.Kind = AnswerKind.Retry;
            if (reply.Signature == null || !Verify(secret, reply.Body, reply.Signature))
            {
                answer.Detail = "acknowledgement without a valid signature (" + reply.Status.ToString() + ")";
                return;
            }

            string error;
            JsonObject o = JsonReader.Parse(reply.Body, 0, reply.Body.Length, out error);
            if (o == null)
            {
                answer.Detail = "acknowledgement is not valid JSON: " + error;
                return;
            }

            if (o.GetString("nonce") != nonce)
            {
                answer.Detail = "acknowledgement does not echo our nonce (stale or replayed)";
                return;
            }

            string result = o.GetString("result");
            answer.Result = result;
            if (expectedKey != null)
            {
                if (o.GetString("key") != expectedKey)
                {
                    answer.Detail = "acknowledgement is for another notification";
                    return;
                }

                if (result != "stored" && result != "duplicate")
                {
                    answer.Detail = "acknowledgement result is '" + Clip(result) + "'";
                    return;
                }
            }
            else if (result != "ok")
            {
                answer.Detail = "control answer result is '" + Clip(result) + "'";
                return;
            }

            JsonObject control = o.GetObject("control");
            if (control != null && control.IsBool("suspended"))
            {
                answer.HasControl = true;
                answer.Suspended = control.GetBool("suspended", false);
                answer.SuspendReason = Clip(control.GetString("reason"));
            }

            answer.Kind = AnswerKind.Accepted;
            answer.Detail = expectedKey == null ? "control ok" : result;
        }

        // The error text of a non-2xx answer: its "error"/"message" members, else a prefix of the body.
        private static string ErrorText(LinkReply reply)
        {
            string error;
            JsonObject o = JsonReader.Parse(reply.Body, 0, reply.Body.Length, out error);
            if (o != null)
            {
                string code = o.GetString("error");
                string message = o.GetString("message");
                if (code != null || message != null)
                {
                    return Clip((code == null ? string.Empty : code) + (message == null ? string.Empty : (code == null ? string.Empty : ": ") + message));
                }
            }

            int length = reply.Body.Length < MaxDetail ? reply.Body.Length : MaxDetail;
            string text;
            int bad;
            if (length > 0 && Utf8.TryDecode(reply.Body, 0, length, out text, out bad))
            {
                return text;
            }

            return "(no details)";
        }

        private static string Clip(string text)
        {
            if (text == null)
            {
                return string.Empty;
            }

            return text.Length > MaxDetail ? text.Substring(0, MaxDetail) : text;
        }
    }
}
