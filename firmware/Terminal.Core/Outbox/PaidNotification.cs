using Terminal.Core.Text;
using Terminal.Core.Timing;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// One "payment succeeded" notification: the settlement evidence the terminal owes the
    /// merchant server. Built by the payment engine's adapter from a Paid outcome, encoded once
    /// to JSON (<see cref="ToJson"/>) and stored byte for byte; the forwarder never re-encodes it.
    /// Its identity (idempotency key) is out_trade_no + ":" + transaction_id.
    /// <para>With <see cref="Type"/> "refund" it is a refund WeChat confirmed (docs/merchant-api.md,
    /// "Refund", version 1): the same queue, envelope and acknowledgement, its own members
    /// (<see cref="OutRefundNo"/>, <see cref="RefundId"/>, <see cref="RefundFee"/>,
    /// <see cref="RefundSuccessTime"/>, <see cref="RefundedAt"/>) and key "refund:" + out_refund_no.</para>
    /// </summary>
    public sealed class PaidNotification
    {
        /// <summary>WeChat's documented sizes of the paid answer's fields (micropay / orderquery), in UTF-8 bytes.</summary>
        public const int MaxTransactionIdBytes = 32;
        public const int MaxTimeEndBytes = 14;
        public const int MaxBankTypeBytes = 32;
        public const int MaxOpenIdBytes = 128;

        /// <summary>The longest transaction_id kept (in a dead letter: anything past 32 is one).</summary>
        public const int MaxStoredTransactionIdBytes = 64;

        /// <summary>The notification type of a refund (docs/merchant-api.md).</summary>
        public const string RefundType = "refund";

        /// <summary>The notification type of a Z report (docs/merchant-api.md), carried as given.</summary>
        public const string ZReportType = "z_report";

        /// <summary>The refund notification's format version written (2: with "period"; version 1 records, without it, are still read).</summary>
        public const int RefundVersion = 2;

        /// <summary>The first refund format, without "period" (written before the period number).</summary>
        public const int RefundVersionWithoutPeriod = 1;

        /// <summary>null: a payment (the original format, no type member); <see cref="RefundType"/>: a refund.</summary>
        public string Type { get; set; }

        public bool IsRefund
        {
            get { return Type == RefundType; }
        }

        /// <summary>A payment: neither a refund nor a report; only payments count for velocity and get a paid_at.</summary>
        public bool IsPayment
        {
            get { return !IsRefund && !IsTyped; }
        }

        /// <summary>Refund: the terminal's refund number (out_refund_no).</summary>
        public string OutRefundNo { get; set; }

        /// <summary>Refund: WeChat's refund_id.</summary>
        public string RefundId { get; set; }

        /// <summary>Refund: this refund, minor units of <see cref="FeeType"/>.</summary>
        public long RefundFee { get; set; }

        /// <summary>Refund: WeChat's refund_success_time as received, or null.</summary>
        public string RefundSuccessTime { get; set; }

        /// <summary>Refund: Unix seconds UTC of the success (from refund_success_time when it came).</summary>
        public long RefundedAt { get; set; }

        public string TerminalId { get; set; }

        public string OutTradeNo { get; set; }

        public string TransactionId { get; set; }

        /// <summary>Order amount in minor units (WeChat total_fee).</summary>
        public long TotalFee { get; set; }

        /// <summary>Amount the customer paid in cash in minor units (WeChat cash_fee; equals TotalFee without coupons).</summary>
        public long CashFee { get; set; }

        /// <summary>ISO 4217 code (WeChat fee_type), e.g. "CNY".</summary>
        public string FeeType { get; set; }

        /// <summary>WeChat's time_end, yyyyMMddHHmmss (China Standard Time), as received.</summary>
        public string TimeEnd { get; set; }

        public string BankType { get; set; }

        public string OpenId { get; set; }

        /// <summary>
        /// When the payment was made, Unix seconds UTC (the velocity rules use it): WeChat's
        /// time_end (<see cref="UnixFromTimeEnd"/>), so every hand-over of the same payment gives
        /// the same bytes; the terminal's clock only when WeChat sent no valid time_end.
        /// </summary>
        public long PaidAt { get; set; }

        /// <summary>
        /// The number of the Z report the terminal's history counts this payment or refund in (its
        /// period, docs/merchant-api.md "period"): the merchant server assigns it to that Z, not by
        /// time. 0: not known (a notification stored before the period number; not written).
        /// </summary>
        public long Period { get; set; }

        /// <summary>out_trade_no + ":" + transaction_id: the same payment always has the same key (a typed notification: its own key).</summary>
        public string IdempotencyKey
        {
            get { return typedJson != null ? typedKey : IsRefund ? "refund:" + OutRefundNo : Key(OutTradeNo, TransactionId); }
        }

        private byte[] typedJson;
        private string typedKey;

        /// <summary>
        /// True for a notification carried as given (docs/merchant-api.md "Notification types":
        /// "z_report"): the outbox stores, queues and sends its JSON as it is; it is no payment (no
        /// velocity count, no paid_at). Refunds have their own fields (<see cref="IsRefund"/>).
        /// </summary>
        public bool IsTyped
        {
            get { return typedJson != null; }
        }

        /// <summary>
        /// A typed notification from its encoded JSON (members in the contract's order, with
        /// "type"); null when the JSON is not a typed notification the terminal knows
        /// (<paramref name="error"/> says why).
        /// </summary>
        public static PaidNotification Typed(byte[] json, out string error)
        {
            JsonObject o = JsonReader.Parse(json, 0, json.Length, out error);
            return o == null ? null : FromTyped(o, json, 0, json.Length, out error);
        }

        /// <summary>The idempotency key of a typed notification (merchant-api.md), or null when a part is missing.</summary>
        private static string TypedKey(JsonObject o, string type)
        {
            if (type == ZReportType)
            {
                long z = o.GetLong("z_number", 0);
                string terminal = o.GetString("terminal_id");
                return z < 1 || terminal == null || terminal.Length == 0 ? null : "z_report:" + terminal + ":" + z.ToString();
            }

            return null;
        }

        private static PaidNotification FromTyped(JsonObject o, byte[] data, int offset, int count, out string error)
        {
            string type = o.GetString("type");
            string key = TypedKey(o, type);
            string terminal = o.GetString("terminal_id");
            error = key == null ? "typed notification '" + type + "' without its key fields" : Field("terminal_id", terminal, 32, true);
            if (error != null)
            {
                return null;
            }

            PaidNotification n = new PaidNotification();
            n.TerminalId = terminal;
            n.typedKey = key;
            n.typedJson = new byte[count];
            System.Array.Copy(data, offset, n.typedJson, 0, count);
            return n;
        }

        /// <summary>
        /// WeChat's time_end (yyyyMMddHHmmss, China Standard Time, UTC+8 all year) as Unix seconds
        /// UTC; 0 when it is absent or not a valid time.
        /// </summary>
        public static long UnixFromTimeEnd(string timeEnd)
        {
            return LocalTime.UnixFromChinaTime(timeEnd);
        }

        public static string Key(string outTradeNo, string transactionId)
        {
            return outTradeNo + ":" + transactionId;
        }

        /// <summary>
        /// The field names <see cref="FitToLimits"/> cut to their documented size ("bank_type",
        /// "openid,time_end", …), or null when nothing was cut. Sent as "truncated" so the
        /// merchant server knows.
        /// </summary>
        public string Truncated { get; set; }

        /// <summary>
        /// Brings what WeChat sent within what the outbox stores, the same way every time (a
        /// payment handed over again gives the same bytes): time_end, bank_type and openid longer
        /// than WeChat documents (14, 32, 128 bytes of UTF-8) are cut there at a character
        /// boundary, and so is a transaction_id past <see cref="MaxStoredTransactionIdBytes"/>;
        /// each cut field is named in <see cref="Truncated"/>. Nothing else changes.
        /// </summary>
        public void FitToLimits()
        {
            if (IsTyped || IsRefund)
            {
                return; // a report carried as given, or built from the terminal's own refund record: Validate decides
            }

            TimeEnd = Fit("time_end", TimeEnd, MaxTimeEndBytes);
            BankType = Fit("bank_type", BankType, MaxBankTypeBytes);
            OpenId = Fit("openid", OpenId, MaxOpenIdBytes);
            TransactionId = Fit("transaction_id", TransactionId, MaxStoredTransactionIdBytes);
        }

        /// <summary>
        /// Null when the notification can be stored, else what is wrong with it: required fields,
        /// the sizes <see cref="FitToLimits"/> leaves (UTF-8 bytes, WeChat's unit), valid text, a
        /// positive total_fee. Decoding a stored record checks the same.
        /// </summary>
        public string Validate()
        {
            if (IsTyped)
            {
                return null; // checked when it was made (Typed)
            }

            if (IsRefund)
            {
                return ValidateRefund();
            }

            string problem = Field("terminal_id", TerminalId, 32, true);
            if (problem == null)
            {
                problem = Field("out_trade_no", OutTradeNo, 32, true);
            }

            if (problem == null)
            {
                problem = Field("transaction_id", TransactionId, MaxStoredTransactionIdBytes, true);
            }

            if (problem == null)
            {
                problem = Field("fee_type", FeeType, 16, true);
            }

            if (problem == null)
            {
                problem = Field("time_end", TimeEnd, MaxTimeEndBytes, false);
            }

            if (problem == null)
            {
                problem = Field("bank_type", BankType, MaxBankTypeBytes, false);
            }

            if (problem == null)
            {
                problem = Field("openid", OpenId, MaxOpenIdBytes, false);
            }

            if (problem == null && OutTradeNo.IndexOf(':') >= 0)
            {
                problem = "out_trade_no may not contain ':' (it separates the idempotency key)";
            }

            if (problem == null && TotalFee <= 0)
            {
                problem = "total_fee must be positive";
            }

            return problem;
        }

        /// <summary>
        /// Null when the payment data is what WeChat documents; else why not — a transaction_id
        /// longer than 32 bytes, a cash_fee outside 0..total_fee. Such a payment is stored all the
        /// same, as a dead letter with this reason (never sent on its own, never lost).
        /// </summary>
        public string Deviation()
        {
            if (IsTyped || IsRefund)
            {
                return null;
            }

            if (Utf8.ByteCount(TransactionId) > MaxTransactionIdBytes)
            {
                return "transaction_id is " + Utf8.ByteCount(TransactionId).ToString() + " bytes, longer than the " + MaxTransactionIdBytes.ToString() + " WeChat documents";
            }

            if (CashFee < 0 || CashFee > TotalFee)
            {
                return "cash_fee " + CashFee.ToString() + " is outside 0.." + TotalFee.ToString() + " (total_fee)";
            }

            return null;
        }

        /// <summary>The stored and sent form: a JSON object, members in this fixed order.</summary>
        public byte[] ToJson()
        {
            if (IsTyped)
            {
                return typedJson;
            }

            if (IsRefund)
            {
                return RefundJson();
            }

            JsonWriter json = new JsonWriter(384);
            json.BeginObject();
            json.String("terminal_id", TerminalId);
            json.String("out_trade_no", OutTradeNo);
            json.String("transaction_id", TransactionId);
            json.Number("total_fee", TotalFee);
            json.Number("cash_fee", CashFee);
            json.String("fee_type", FeeType);
            json.String("time_end", TimeEnd);
            json.String("bank_type", BankType);
            json.String("openid", OpenId);
            json.Number("paid_at", PaidAt);
            if (Period > 0)
            {
                json.Number("period", Period);
            }

            if (Truncated != null)
            {
                json.String("truncated", Truncated);
            }

            json.EndObject();
            return json.ToArray();
        }

        /// <summary>Reads a stored notification; null (and an error) when the JSON lacks a required member.</summary>
        public static PaidNotification FromJson(byte[] data, int offset, int count, out string error)
        {
            JsonObject o = JsonReader.Parse(data, offset, count, out error);
            if (o == null)
            {
                return null;
            }

            string type = o.GetString("type");
            if (type == ZReportType)
            {
                return FromTyped(o, data, offset, count, out error);
            }

            PaidNotification n = new PaidNotification();
            n.Type = o.GetString("type");
            if (n.IsRefund)
            {
                n.TerminalId = o.GetString("terminal_id");
                n.OutTradeNo = o.GetString("out_trade_no");
                n.TransactionId = o.GetString("transaction_id");
                n.OutRefundNo = o.GetString("out_refund_no");
                n.RefundId = o.GetString("refund_id");
                n.RefundFee = o.GetLong("refund_fee", -1);
                n.TotalFee = o.GetLong("total_fee", -1);
                n.FeeType = o.GetString("fee_type");
                n.RefundSuccessTime = o.GetString("refund_success_time");
                n.RefundedAt = o.GetLong("refunded_at", 0);
                long version = o.GetLong("version", 0);
                n.Period = version == RefundVersion ? o.GetLong("period", 0) : 0;
                error = version == RefundVersion || version == RefundVersionWithoutPeriod ? n.Validate() : "unknown refund notification version";
                if (error == null && version == RefundVersion && n.Period <= 0)
                {
                    error = "a version 2 refund notification needs its period";
                }

                return error == null ? n : null;
            }

            if (n.Type != null)
            {
                error = "unknown notification type";
                return null;
            }

            n.TerminalId = o.GetString("terminal_id");
            n.OutTradeNo = o.GetString("out_trade_no");
            n.TransactionId = o.GetString("transaction_id");
            n.TotalFee = o.GetLong("total_fee", -1);
            n.CashFee = o.GetLong("cash_fee", -1);
            n.FeeType = o.GetString("fee_type");
            n.TimeEnd = o.GetString("time_end");
            n.BankType = o.GetString("bank_type");
            n.OpenId = o.GetString("openid");
            n.PaidAt = o.GetLong("paid_at", 0);
            n.Period = o.GetLong("period", 0);
            n.Truncated = o.GetString("truncated");
            error = n.Validate();
            return error == null ? n : null;
        }

        private byte[] RefundJson()
        {
            JsonWriter json = new JsonWriter(384);
            json.BeginObject();
            json.String("type", RefundType);
            json.Number("version", Period > 0 ? RefundVersion : RefundVersionWithoutPeriod);
            json.String("terminal_id", TerminalId);
            json.String("out_trade_no", OutTradeNo);
            json.String("transaction_id", TransactionId);
            json.String("out_refund_no", OutRefundNo);
            json.String("refund_id", RefundId);
            json.Number("refund_fee", RefundFee);
            json.Number("total_fee", TotalFee);
            json.String("fee_type", FeeType);
            json.String("refund_success_time", RefundSuccessTime);
            json.Number("refunded_at", RefundedAt);
            if (Period > 0)
            {
                json.Number("period", Period);
            }

            json.EndObject();
            return json.ToArray();
        }

        /// <summary>docs/merchant-api.md's rules for a refund notification (the merchant server refuses anything else with 422).</summary>
        private string ValidateRefund()
        {
            string problem = Field("terminal_id", TerminalId, 32, true);
            if (problem == null)
            {
                problem = Field("out_trade_no", OutTradeNo, 32, true);
            }

            if (problem == null)
            {
                problem = Field("transaction_id", TransactionId, MaxTransactionIdBytes, true);
            }

            if (problem == null)
            {
                problem = Field("out_refund_no", OutRefundNo, 64, true);
            }

            if (problem == null)
            {
                problem = Field("refund_id", RefundId, 32, true);
            }

            if (problem == null)
            {
                problem = Field("fee_type", FeeType, 3, true);
            }

            if (problem == null && RefundSuccessTime != null && RefundSuccessTime.Length != 19)
            {
                problem = "refund_success_time must be yyyy-MM-dd HH:mm:ss";
            }

            if (problem == null && (RefundFee <= 0 || RefundFee > TotalFee))
            {
                problem = "refund_fee must be positive and at most total_fee";
            }

            if (problem == null && RefundedAt <= 0)
            {
                problem = "refunded_at is required (neither WeChat's refund_success_time nor the clock gave it)";
            }

            return problem;
        }

        private static string Field(string name, string value, int maxBytes, bool required)
        {
            if (value == null || value.Length == 0)
            {
                return required ? name + " is required" : null;
            }

            if (Utf8.IndexOfLoneSurrogate(value) >= 0)
            {
                return name + " is not valid text";
            }

            if (Utf8.ByteCount(value) > maxBytes)
            {
                return name + " is longer than " + maxBytes.ToString() + " bytes";
            }

            return null;
        }

        /// <summary><paramref name="value"/> cut to <paramref name="maxBytes"/> of UTF-8 (whole characters) or before a lone surrogate, noting the field when cut.</summary>
        private string Fit(string name, string value, int maxBytes)
        {
            int bad = value == null ? -1 : Utf8.IndexOfLoneSurrogate(value);
            if (value == null || (bad < 0 && Utf8.ByteCount(value) <= maxBytes))
            {
                return value;
            }

            if (bad >= 0)
            {
                value = value.Substring(0, bad); // not text (only .NET strings can hold it): cut there
            }

            int bytes = 0;
            int end = 0;
            while (end < value.Length)
            {
                char c = value[end];
                bool pair = c >= 0xD800 && c <= 0xDBFF && end + 1 < value.Length;
                int size = pair ? 4 : (c < 0x80 ? 1 : (c < 0x800 ? 2 : 3));
                if (bytes + size > maxBytes)
                {
                    break;
                }

                bytes += size;
                end += pair ? 2 : 1;
            }

            Truncated = Truncated == null ? name : Truncated + "," + name;
            return value.Substring(0, end);
        }
    }
}
