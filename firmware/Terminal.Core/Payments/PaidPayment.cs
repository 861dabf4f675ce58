using System;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// A payment WeChat Pay confirmed (micropay or orderquery answer, signed and matching the
    /// order), as handed to <see cref="IPaidSink"/>. Amounts are minor units of <see cref="FeeType"/>.
    /// Never contains the payment code (auth_code) or any secret.
    /// </summary>
    public sealed class PaidPayment
    {
        /// <summary>The terminal's order number (terminal id + sequence), unique forever.</summary>
        public string OutTradeNo { get; set; }

        /// <summary>WeChat's transaction id.</summary>
        public string TransactionId { get; set; }

        /// <summary>Order amount in minor units.</summary>
        public long TotalFee { get; set; }

        /// <summary>What the customer paid in cash after coupons (minor units); -1 when WeChat did not say.</summary>
        public long CashFee { get; set; }

        /// <summary>ISO 4217 currency code (fee_type), e.g. "CNY".</summary>
        public string FeeType { get; set; }

        /// <summary>WeChat's time_end, yyyyMMddHHmmss (China time), or null.</summary>
        public string TimeEnd { get; set; }

        /// <summary>bank_type, or null.</summary>
        public string BankType { get; set; }

        /// <summary>The payer's openid for this merchant, or null.</summary>
        public string OpenId { get; set; }

        /// <summary>The order description (body) sent with the micropay.</summary>
        public string Body { get; set; }

        /// <summary>The terminal id the order number starts with.</summary>
        public string TerminalId { get; set; }

        /// <summary>When the terminal learned the payment (UTC); meaningful only when <see cref="WallClockValid"/>.</summary>
        public DateTime ConfirmedUtc { get; set; }

        public bool WallClockValid { get; set; }

        /// <summary>True when boot recovery or background reconciliation found the payment, not the live sale.</summary>
        public bool Recovered { get; set; }
    }
}
