using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>How a sale ended.</summary>
    public enum SaleStatus
    {
        /// <summary>The customer paid; the notification is committed to the outbox (unless NotificationPending).</summary>
        Paid,

        /// <summary>WeChat refused the payment (Reason, RescanAllowed) or never accepted the order; nothing charged.</summary>
        Failed,

        /// <summary>No connection: the micropay never left the terminal; nothing charged; try again.</summary>
        NotSent,

        /// <summary>Revoked (deadline or cashier cancel) or closed by WeChat; nothing charged.</summary>
        Cancelled,

        /// <summary>Could not be settled: "do not charge again"; reconciled in the background.</summary>
        Unresolved,

        /// <summary>A sale is already running: this scan was ignored.</summary>
        Busy,

        /// <summary>Not started: invalid amount or code, bad configuration, or flash unavailable. Nothing sent.</summary>
        Rejected,
    }

    /// <summary>The end of one sale.</summary>
    public sealed class PaymentResult
    {
        public SaleStatus Status { get; internal set; }

        /// <summary>The order number, or null when no order was created.</summary>
        public string OutTradeNo { get; internal set; }

        public long TotalFee { get; internal set; }

        /// <summary>Failed: why.</summary>
        public FailureReason Reason { get; internal set; }

        /// <summary>Failed: a new scan (new order number) may succeed.</summary>
        public bool RescanAllowed { get; internal set; }

        /// <summary>A technician must fix configuration or firmware.</summary>
        public bool TechnicianAttention { get; internal set; }

        /// <summary>Cancelled/Unresolved after the cashier pressed cancel.</summary>
        public bool CashierCancelled { get; internal set; }

        /// <summary>Paid, but the outbox could not commit yet (full flash): the engine keeps retrying.</summary>
        public bool NotificationPending { get; internal set; }

        /// <summary>Paid: what was handed to the outbox.</summary>
        public PaidPayment Payment { get; internal set; }

        /// <summary>WeChat's err_code, when one decided the outcome.</summary>
        public string ErrCode { get; internal set; }

        /// <summary>Short English explanation for logs and the technician console.</summary>
        public string Detail { get; internal set; }

        /// <summary>Settled outside the cashier's sale: by boot recovery or a background pass.</summary>
        public bool Recovered { get; internal set; }

        /// <summary>When the sale started (the scan; Unix seconds, 0 when unknown): the 交易保障 report's begin_time.</summary>
        public long StartedUnix { get; internal set; }
    }
}
