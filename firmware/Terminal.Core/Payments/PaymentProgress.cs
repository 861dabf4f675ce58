using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>What the payment engine is doing, for the cashier screen.</summary>
    public enum PaymentStage
    {
        Idle = 0,

        /// <summary>Boot: resuming orders a power cut or reset left unfinished.</summary>
        Recovering,

        /// <summary>The micropay is on its way (Attempt of MaxAttempts when retrying an unsent request).</summary>
        Submitting,

        /// <summary>USERPAYING: the customer is entering the password; SecondsLeft until the terminal gives up.</summary>
        WaitingForPassword,

        /// <summary>The outcome is unknown (no answer, system error): querying; SecondsLeft until the deadline.</summary>
        Checking,

        /// <summary>The cashier cancelled (or the deadline passed): waiting for WeChat's 15 s rule; SecondsLeft until reverse.</summary>
        Cancelling,

        /// <summary>Calling reverse (Attempt of MaxAttempts).</summary>
        Reversing,

        /// <summary>Final: paid and the notification is committed to the outbox.</summary>
        Paid,

        /// <summary>Final: refused (Reason), or never sent; nothing charged.</summary>
        Failed,

        /// <summary>Final: revoked or closed; nothing charged.</summary>
        Cancelled,

        /// <summary>The outcome could not be settled: "do not charge again"; reconciled in the background.</summary>
        Unresolved,

        /// <summary>A scan arrived during a sale and was ignored (Message says why).</summary>
        ScanIgnored,
    }

    /// <summary>
    /// One progress report. The engine reuses a single instance (no allocation per report): a
    /// listener must copy what it keeps. Reports arrive on the thread running the sale, at least
    /// once a second while waiting.
    /// </summary>
    public sealed class PaymentProgress
    {
        public PaymentStage Stage { get; internal set; }

        public string OutTradeNo { get; internal set; }

        public long TotalFee { get; internal set; }

        /// <summary>Seconds left in the current wait (deadline, or the 15 s reverse rule); -1 when not waiting.</summary>
        public int SecondsLeft { get; internal set; }

        /// <summary>Current attempt (submit or reverse), 0 when not applicable.</summary>
        public int Attempt { get; internal set; }

        public int MaxAttempts { get; internal set; }

        /// <summary>True once the cashier pressed cancel for this sale.</summary>
        public bool CashierCancelled { get; internal set; }

        /// <summary>Failed: why (the UI maps it to a localized message).</summary>
        public FailureReason Reason { get; internal set; }

        /// <summary>Short English text for logs and the technician console.</summary>
        public string Message { get; internal set; }
    }

    /// <summary>Receives the engine's progress (the cashier UI implements it).</summary>
    public interface IPaymentListener
    {
        void OnProgress(PaymentProgress progress);
    }
}
