namespace Terminal.Core.Protocol
{
    /// <summary>What one Quick Pay sale asks WeChat for. Optional fields are null when unused.</summary>
    public sealed class MicropayOrder
    {
        /// <summary>6–32 characters of [0-9A-Za-z_-], unique forever per merchant.</summary>
        public string OutTradeNo { get; set; }

        /// <summary>Amount in minor units of the account currency (fen for CNY). Positive.</summary>
        public long TotalFee { get; set; }

        /// <summary>"brand-store-item", ≤ 127 UTF-8 bytes.</summary>
        public string Body { get; set; }

        /// <summary>The scanned payment code: 18 digits, normally starting 10–15.</summary>
        public string AuthCode { get; set; }

        public string Attach { get; set; }

        public string Detail { get; set; }

        public string GoodsTag { get; set; }

        /// <summary>"no_credit" to refuse credit cards, else null.</summary>
        public string LimitPay { get; set; }

        /// <summary>"Y" to request an electronic receipt, else null.</summary>
        public string Receipt { get; set; }

        /// <summary>yyyyMMddHHmmss (China time) or null.</summary>
        public string TimeStart { get; set; }

        /// <summary>yyyyMMddHHmmss (China time) or null.</summary>
        public string TimeExpire { get; set; }

        /// <summary>JSON {"store_info":{…}} ≤ 256 bytes, or null.</summary>
        public string SceneInfo { get; set; }
    }
}
