namespace Terminal.Core.Protocol
{
    /// <summary>
    /// One classified answer from WeChat Pay (or the lack of one). The payment engine acts on
    /// <see cref="Verdict"/>; the cashier sees <see cref="Reason"/>; the technician log gets
    /// <see cref="Detail"/>. Never contains secrets.
    /// </summary>
    public sealed class WxOutcome
    {
        public Verdict Verdict { get; internal set; }

        public FailureReason Reason { get; internal set; }

        /// <summary>Failed only: a new scan (with a new order number) may succeed.</summary>
        public bool RescanAllowed { get; internal set; }

        /// <summary>
        /// A technician must fix configuration or firmware before sales can work: a signed
        /// configuration error (Failed, ReverseRefused, or a query error), or an unsigned refusal
        /// (return_code=FAIL that is neither a system error nor a rate limit), which decides nothing
        /// about the order but explains why nothing works.
        /// </summary>
        public bool TechnicianAttention { get; internal set; }

        /// <summary>WeChat's err_code, or null.</summary>
        public string ErrCode { get; internal set; }

        /// <summary>Short English explanation for logs and the technician console.</summary>
        public string Detail { get; internal set; }

        /// <summary>The answer's parameters when one was read (and not released), else null.</summary>
        public WxParams Params { get; internal set; }

        /// <summary>
        /// Lets the answer's parameters go; the verdict and the typed fields stay. A sale keeps
        /// several outcomes alive while it waits, and each answer's parameters cost about a hundred
        /// bytes of heap per element (docs/performance.md, "Heap").
        /// </summary>
        public void ReleaseParams()
        {
            Params = null;
        }

        public string TransactionId { get; internal set; }

        public string OutTradeNo { get; internal set; }

        /// <summary>Paid: the order amount in minor units; -1 when not reported.</summary>
        public long TotalFee { get; internal set; }

        /// <summary>Paid: what the customer actually paid in cash (after coupons); -1 when not reported.</summary>
        public long CashFee { get; internal set; }

        public string FeeType { get; internal set; }

        /// <summary>Paid: yyyyMMddHHmmss (China time).</summary>
        public string TimeEnd { get; internal set; }

        public string BankType { get; internal set; }

        public string OpenId { get; internal set; }

        /// <summary>Reverse: WeChat's recall flag ("Y" = call again), or null.</summary>
        public string Recall { get; internal set; }

        /// <summary>orderquery: the raw trade_state, or null.</summary>
        public string TradeState { get; internal set; }

        /// <summary>True when the answer was signed by WeChat with our key and is for our merchant ids.</summary>
        public bool Trusted { get; internal set; }

        internal WxOutcome(Verdict verdict, string detail)
        {
            Verdict = verdict;
            Detail = detail;
            TotalFee = -1;
            CashFee = -1;
        }

        /// <summary>No usable answer arrived (time-out, reset after sending, truncated body): query or call reverse again.</summary>
        public static WxOutcome NoAnswer(WxApi api, string detail)
        {
            return new WxOutcome(api == WxApi.Reverse ? Verdict.ReverseAgain : Verdict.Unknown, detail);
        }
    }

    /// <summary>The WeChat Pay v2 calls (Endpoints has their paths). New members go at the end.</summary>
    public enum WxApi
    {
        Micropay,
        OrderQuery,
        Reverse,
        Refund,
        RefundQuery,
        DownloadBill,
        Report,
    }
}
