using Terminal.Core.Payments;
using Terminal.Core.Protocol;

namespace Terminal.Core.Ui
{
    /// <summary>
    /// The 128x64 display (device: SSD1306 over I2C). <paramref name="pageBytes"/> is the
    /// framebuffer in SSD1306 page order (see <see cref="Framebuffer"/>), 1,024 bytes, reused
    /// between calls; <paramref name="screen"/> is the same content as text (ignore it on the
    /// device; the simulator and tests log it). Called on the UI's thread, at most a few times a second.
    /// </summary>
    public interface IDisplay
    {
        void Show(Screen screen, byte[] pageBytes);
    }

    /// <summary>Sounds of the buzzer.</summary>
    public enum Tone
    {
        /// <summary>A key was accepted (short click).</summary>
        Key = 0,

        /// <summary>A key or scan was refused.</summary>
        Error,

        /// <summary>A payment code was accepted.</summary>
        Scan,

        /// <summary>Paid.</summary>
        Success,

        /// <summary>Failed, cancelled, unresolved or blocked: look at the screen.</summary>
        Alert,
    }

    /// <summary>What the status LED shows.</summary>
    public enum Led
    {
        /// <summary>Ready for a sale.</summary>
        Idle = 0,

        /// <summary>Waiting for a scan or WeChat's answer.</summary>
        Busy,

        Success,

        /// <summary>Failure, unresolved or blocked.</summary>
        Attention,
    }

    /// <summary>Buzzer and LED (device: a GPIO buzzer and an RGB or two-colour LED). Must not block.</summary>
    public interface IFeedback
    {
        void Beep(Tone tone);

        void SetLed(Led state);
    }

    /// <summary>Why a sale cannot start now.</summary>
    public enum Blocker
    {
        None = 0,
        NoNetwork,
        ClockNotSynchronised,

        /// <summary>The merchant server suspended sales (<see cref="SaleReadiness.Reason"/> says why).</summary>
        Suspended,

        /// <summary>No room left for the sale's payment notification.</summary>
        OutboxFull,

        /// <summary>The local velocity guard locked sales until a technician releases it.</summary>
        VelocityLocked,

        /// <summary>The saved risk state is unreadable: waiting for the merchant server.</summary>
        RiskStateUnknown,

        /// <summary>Another sale, recovery or reconciliation is running.</summary>
        Busy,

        /// <summary>Merchant credentials are missing.</summary>
        NotConfigured,
    }

    /// <summary>The answer of <see cref="ISalePort.CheckReady"/>.</summary>
    public sealed class SaleReadiness
    {
        public Blocker Blocker;

        /// <summary>English detail (the merchant's reason when suspended), or null.</summary>
        public string Reason;

        public static SaleReadiness Ready()
        {
            return new SaleReadiness();
        }

        public static SaleReadiness Blocked(Blocker blocker, string reason)
        {
            SaleReadiness r = new SaleReadiness();
            r.Blocker = blocker;
            r.Reason = reason;
            return r;
        }
    }

    /// <summary>The terminal's state as the status screen and the idle screen show it (<see cref="ISalePort.Status"/>).</summary>
    public sealed class TerminalStatus
    {
        public bool NetworkUp;
        public bool ClockOk;

        /// <summary>Payment notifications waiting for the merchant server.</summary>
        public int Queue;
        public int DeadLetters;

        /// <summary>Orders whose outcome is not known yet (the engine keeps asking WeChat).</summary>
        public int Unresolved;

        /// <summary>Suspended, VelocityLocked, RiskStateUnknown, OutboxFull, or None.</summary>
        public Blocker Risk;

        /// <summary>How long notifications have been waiting without the queue emptying (ms, 0 when none wait).</summary>
        public long WaitingMs;
    }

    /// <summary>How a sale ended, as the cashier UI needs it (copied from the engine's result).</summary>
    public sealed class SaleOutcome
    {
        public SaleStatus Status;
        public FailureReason Reason;
        public bool RescanAllowed;
        public bool TechnicianAttention;
        public bool NotificationPending;
        public bool CashierCancelled;
        public long TotalFee;
        public string OutTradeNo;
        public string TransactionId;

        /// <summary>English detail for logs and the console.</summary>
        public string Detail;
    }

    /// <summary>Receives a running sale's progress and end (the cashier UI).</summary>
    public interface ISaleListener
    {
        /// <summary>The engine's stage; <paramref name="secondsLeft"/> counts down a wait, -1 when not waiting.</summary>
        void OnSaleProgress(PaymentStage stage, int secondsLeft);

        void OnSaleFinished(SaleOutcome outcome);
    }

    /// <summary>
    /// What the cashier UI needs from the payment side: whether a sale may start, start one,
    /// cancel it. <see cref="EngineSalePort"/> implements it over the payment engine and the
    /// outbox; tests use a scripted fake.
    /// </summary>
    public interface ISalePort
    {
        SaleReadiness CheckReady();

        /// <summary>
        /// Starts a sale. The listener receives progress and exactly one
        /// <see cref="ISaleListener.OnSaleFinished"/>, on the sale's thread (which may be the
        /// caller's: implementations may run the sale inline, as the tests do).
        /// </summary>
        void Begin(long totalFee, string authCode, ISaleListener listener);

        /// <summary>The cashier pressed CANCEL during the sale.</summary>
        void Cancel();

        /// <summary>
        /// A sale is coming (the cashier typed the first digit of an amount, or confirmed it):
        /// get the connection to WeChat ready in the background. Returns at once.
        /// </summary>
        void Prepare();

        /// <summary>The terminal's state for the status screen and the idle screen's warnings (cheap: read every few seconds).</summary>
        TerminalStatus Status();
    }

    /// <summary>What the reprint key got (docs/cashier.md, "Receipts").</summary>
    public enum ReprintAnswer
    {
        Printing = 0,
        NoPrinter,
        NothingToPrint,
        PrinterStuck,
    }

    /// <summary>
    /// The cashier's reprint key: prints the last receipt again. Returns at once (the printer
    /// works on its own thread); implemented by the composition over the receipt printer.
    /// </summary>
    public interface IReprintKey
    {
        ReprintAnswer Reprint();
    }
}
