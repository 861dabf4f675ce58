using Terminal.Core.Text;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// One "payment succeeded" notification: the settlement evidence the terminal owes the
    /// merchant server. Built by the payment engine's adapter from a Paid outcome, encoded once
    /// to JSON (<see cref="ToJson"/>) and stored byte for byte; the forwarder never re-encodes it.
    /// Its identity (idempotency key) is out_trade_no + ":" + transaction_id.
    /// </summary>
    public sealed class PaidNotification
    {
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

        /// <summary>When the terminal learned of the payment: Unix seconds, UTC (the velocity rules use it).</summary>
        public long PaidAt { get; set; }

        /// <summary>out_trade_no + ":" + transaction_id: the same payment always has the same key.</summary>
        public string IdempotencyKey
        {
            get { return Key(OutTradeNo, TransactionId); }
        }

        public static string Key(string outTradeNo, string transactionId)
        {
            return outTradeNo + ":" + transactionId;
        }

        /// <summary>Null when the notification can be stored, else what is wrong with it (limits follow WeChat's field sizes).</summary>
        public string Validate()
        {
            string problem = Field("terminal_id", TerminalId, 32, true);
            if (problem == null)
            {
                problem = Field("out_trade_no", OutTradeNo, 32, true);
            }

            if (problem == null)
            {
                problem = Field("transaction_id", TransactionId, 32, true);
            }

            if (problem == null)
            {
                problem = Field("fee_type", FeeType, 16, true);
            }

            if (problem == null)
            {
                problem = Field("time_end", TimeEnd, 14, false);
            }

            if (problem == null)
            {
                problem = Field("bank_type", BankType, 32, false);
            }

            if (problem == null)
            {
                problem = Field("openid", OpenId, 128, false);
            }

            if (problem == null && OutTradeNo.IndexOf(':') >= 0)
            {
                problem = "out_trade_no may not contain ':' (it separates the idempotency key)";
            }

            if (problem == null && TotalFee <= 0)
            {
                problem = "total_fee must be positive";
            }

            if (problem == null && (CashFee < 0 || CashFee > TotalFee))
            {
                problem = "cash_fee must be between 0 and total_fee";
            }

            return problem;
        }

        /// <summary>The stored and sent form: a JSON object, members in this fixed order.</summary>
        public byte[] ToJson()
        {
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

            PaidNotification n = new PaidNotification();
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
            error = n.Validate();
            return error == null ? n : null;
        }

        private static string Field(string name, string value, int maxLength, bool required)
        {
            if (value == null || value.Length == 0)
            {
                return required ? name + " is required" : null;
            }

            if (value.Length > maxLength)
            {
                return name + " is longer than " + maxLength.ToString() + " characters";
            }

            if (Utf8.IndexOfLoneSurrogate(value) >= 0)
            {
                return name + " is not valid text";
            }

            return null;
        }
    }
}
