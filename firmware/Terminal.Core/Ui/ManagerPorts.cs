using Terminal.Core.Payments;
using Terminal.Core.Store;

namespace Terminal.Core.Ui
{
    /// <summary>What the manager PIN check answered (the technician console's PinGuard rules).</summary>
    public enum PinVerdict
    {
        Ok = 0,
        Wrong,

        /// <summary>Too many wrong PINs: <see cref="PinAnswer.LockedSeconds"/> to wait.</summary>
        LockedOut,

        /// <summary>No manager PIN is set yet (the technician sets it on the console).</summary>
        NotSet,

        /// <summary>The stored PIN record failed its check.</summary>
        Damaged,
    }

    /// <summary>The answer of <see cref="IManagerPort.CheckPin"/>.</summary>
    public sealed class PinAnswer
    {
        public PinVerdict Verdict;

        /// <summary>Wrong PINs left before a lockout (Wrong).</summary>
        public int TriesLeft;

        /// <summary>Seconds of lockout left (LockedOut, or Wrong that started one).</summary>
        public int LockedSeconds;
    }

    /// <summary>How a refund from the keypad ended, as the screen says it.</summary>
    public enum RefundEnd
    {
        /// <summary>WeChat confirmed the refund (refund_status SUCCESS).</summary>
        Refunded = 0,

        /// <summary>WeChat accepted it and is processing: do not refund again, the terminal keeps checking.</summary>
        Accepted,

        /// <summary>No definite answer yet: do not refund again, the terminal keeps checking (refund query).</summary>
        InFlight,

        /// <summary>WeChat refused it (signed, definite): nothing refunded.</summary>
        Failed,

        /// <summary>REFUNDCLOSE: nothing refunded.</summary>
        Closed,

        /// <summary>CHANGE: the customer's account refused the money; settle it on the merchant platform.</summary>
        Abnormal,

        /// <summary>Refused before anything was sent (<see cref="RefundOutcome.Rejection"/> says why).</summary>
        Refused,
    }

    /// <summary>A keypad refund's outcome, copied from the engine's result.</summary>
    public sealed class RefundOutcome
    {
        public RefundEnd End;
        public RefundRejection Rejection;
        public long Fee;
        public string OutTradeNo;
        public string OutRefundNo;

        /// <summary>The sale's total and what was refunded or on its way before (Refused: ExceedsSale).</summary>
        public long SaleTotal;
        public long AlreadyRefunded;

        /// <summary>WeChat's err_code of a refusal (ASCII, the same in every language), or null.</summary>
        public string ErrCode;
        public bool TechnicianAttention;

        /// <summary>English detail for logs.</summary>
        public string Detail;
    }

    /// <summary>Receives the end of a refund started with <see cref="IManagerPort.BeginRefund"/>.</summary>
    public interface IRefundListener
    {
        void OnRefundFinished(RefundOutcome outcome);
    }

    /// <summary>
    /// What the manager functions on the keypad need from the rest of the terminal: the manager
    /// PIN, the sales history, the refund engine, the X report and the close of day (Z). <c>EngineManagerPort</c>
    /// implements it over the payment engine, the history and the manager's PinGuard; tests use a fake.
    /// </summary>
    public interface IManagerPort
    {
        /// <summary>Checks the manager PIN (counts a wrong one towards the lockout). Never logs it.</summary>
        PinAnswer CheckPin(string pin);

        /// <summary>The newest history records, newest first, at most <paramref name="max"/>.</summary>
        HistoryRecord[] Recent(int max);

        /// <summary>Paid sales whose order number ends with <paramref name="orderEnd"/>, newest first, at most <paramref name="max"/>.</summary>
        HistoryRecord[] FindSales(string orderEnd, int max);

        /// <summary>What of the order is refunded or on its way (minor units).</summary>
        long Refunded(string outTradeNo);

        /// <summary>
        /// Starts a refund; the listener receives exactly one <see cref="IRefundListener.OnRefundFinished"/>,
        /// on the refund's thread (device, simulator) or the caller's (tests).
        /// </summary>
        void BeginRefund(string outTradeNo, long fee, IRefundListener listener);

        /// <summary>The X report: running totals of the open period (not closed).</summary>
        ZReport XReport();

        /// <summary>
        /// The Z report: closes the day exactly as the console's <c>z close</c> does (numbered,
        /// persisted, z_report through the outbox, Z receipt when a printer is set).
        /// <paramref name="report"/> is the closed report when the answer is <see cref="CloseError.None"/>;
        /// otherwise nothing was closed.
        /// </summary>
        CloseError CloseDay(out ZReport report);

        /// <summary>The store's UTC offset (local time on screen).</summary>
        int OffsetMinutes { get; }
    }
}
