using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Ui
{
    /// <summary>
    /// The cashier's state machine (docs/cashier.md): amount entry → confirm → scan prompt →
    /// processing (live countdown while the customer enters the password) → result, with CANCEL
    /// at every stage, in English or Simplified Chinese. Driven by keys (<see cref="OnKey"/>),
    /// framed scanner codes (<see cref="OnScan"/>), the sale's progress (<see cref="ISaleListener"/>)
    /// and a periodic <see cref="Tick"/> (time-outs, at least every 500 ms). Every entry point
    /// takes one lock, so keys, scans and the sale thread may call from different threads; the
    /// sale may also run inline inside <see cref="OnScan"/> (tests).
    /// </summary>
    public sealed class CashierUi : ISaleListener, IScanHandler
    {
        /// <summary>Digits the cashier may key (before and after the decimal point together).</summary>
        public const int MaxDigits = 10;

        private enum Mode
        {
            Amount,
            Confirm,
            Scan,
            Processing,
            Result,
            Blocked,
            Status,
            Recovering,
            Recovered,
        }

        private readonly object gate = new object();
        private readonly ISalePort sales;
        private readonly IDisplay display;
        private readonly IFeedback feedback;
        private readonly IClock clock;
        private readonly Screen screen = new Screen();
        private readonly Framebuffer frame = new Framebuffer();
        private readonly Renderer renderer = new Renderer();
        private readonly char[] typed = new char[MaxDigits + 1];
        private int typedLength;

        private Mode mode;
        private long modeSinceMs;
        private long amount;
        private T message = T.Count; // none
        private string messageExtra;
        private long messageUntilMs;

        private PaymentStage stage;
        private int secondsLeft = -1;
        private bool cancelRequested;
        private SaleOutcome outcome;
        private SaleReadiness blocked;
        private BootRecovery recovery;
        private bool recovering;

        public CashierUi(ISalePort sales, IDisplay display, IFeedback feedback, IClock clock, Currency currency, long maxAmount)
        {
            this.sales = sales;
            this.display = display;
            this.feedback = feedback;
            this.clock = clock;
            Currency = currency;
            MaxAmount = maxAmount;
            ScanTimeoutMs = 60000;
            ResultTimeoutMs = 30000;
            BlockedTimeoutMs = 5000;
            MessageMs = 3000;
            Enter(Mode.Amount);
        }

        public Currency Currency { get; set; }

        /// <summary>Largest amount a sale may have, in minor units.</summary>
        public long MaxAmount { get; set; }

        /// <summary>
        /// Test bench marker ("BENCH 192.168.1.50:8443"), or null on a normal terminal. While set
        /// it replaces the amount screen's title bar (ASCII in every language, clipped to the 25
        /// columns), so a terminal pointed at a sandbox cannot pass for a production one.
        /// Applies at the next render.
        /// </summary>
        public string BenchMarker { get; set; }

        public Language Language { get; private set; }

        /// <summary>The scan prompt returns to amount entry after this long without a code (default 60 s).</summary>
        public int ScanTimeoutMs { get; set; }

        /// <summary>Paid and Cancelled return to amount entry after this long (default 30 s); other results wait for a key.</summary>
        public int ResultTimeoutMs { get; set; }

        /// <summary>"No network" and "clock not synchronised" return to amount entry after this long (default 5 s).</summary>
        public int BlockedTimeoutMs { get; set; }

        /// <summary>How long a short message replaces a line (default 3 s).</summary>
        public int MessageMs { get; set; }

        /// <summary>The screen last drawn (the same instance is updated: copy what you keep).</summary>
        public Screen Screen
        {
            get { return screen; }
        }

        public Framebuffer Frame
        {
            get { return frame; }
        }

        public Renderer Renderer
        {
            get { return renderer; }
        }

        public ScreenId Current
        {
            get
            {
                lock (gate)
                {
                    return screen.Id;
                }
            }
        }

        /// <summary>True while the UI asks for a payment code.</summary>
        public bool WantsScan
        {
            get
            {
                lock (gate)
                {
                    return mode == Mode.Scan;
                }
            }
        }

        /// <summary>True while a sale runs (the console refuses reboot/reset then).</summary>
        public bool SaleRunning
        {
            get
            {
                lock (gate)
                {
                    return mode == Mode.Processing;
                }
            }
        }

        /// <summary>The amount as typed (e.g. "12.3").</summary>
        public string TypedAmount
        {
            get
            {
                lock (gate)
                {
                    return new string(typed, 0, typedLength);
                }
            }
        }

        public void SetLanguage(Language language)
        {
            lock (gate)
            {
                Language = language;
                Render();
            }
        }

        /// <summary>Redraws (after a configuration change).</summary>
        public void Refresh()
        {
            lock (gate)
            {
                Render();
            }
        }

        // ------------------------------------------------------------------ keys

        public void OnKey(Key key)
        {
            lock (gate)
            {
                switch (mode)
                {
                    case Mode.Amount:
                        AmountKey(key);
                        break;
                    case Mode.Confirm:
                        if (key == Key.Enter)
                        {
                            Beep(Tone.Key);
                            if (Ready())
                            {
                                Enter(Mode.Scan);
                                sales.Prepare(); // still warm, or warm again, when the code is scanned
                            }
                        }
                        else if (key == Key.Cancel || key == Key.Back)
                        {
                            Beep(Tone.Key);
                            Enter(Mode.Amount);
                        }
                        else
                        {
                            Refuse(T.MsgKeyIgnored);
                        }

                        break;
                    case Mode.Scan:
                        if (key == Key.Cancel)
                        {
                            Beep(Tone.Key);
                            Enter(Mode.Amount);
                        }
                        else
                        {
                            Refuse(T.MsgScanNow);
                        }

                        break;
                    case Mode.Processing:
                        if (key == Key.Cancel && !cancelRequested)
                        {
                            cancelRequested = true;
                            Beep(Tone.Key);
                            Render();
                            sales.Cancel();
                        }
                        else
                        {
                            Beep(Tone.Error);
                        }

                        break;
                    case Mode.Result:
                        ResultKey(key);
                        break;
                    case Mode.Recovering:
                        Beep(Tone.Error);
                        break;
                    case Mode.Blocked:
                    case Mode.Status:
                    case Mode.Recovered:
                        if (key == Key.Enter || key == Key.Cancel || key == Key.F2)
                        {
                            Beep(Tone.Key);
                            Enter(Mode.Amount);
                        }
                        else
                        {
                            Beep(Tone.Error);
                        }

                        break;
                }
            }
        }

        private void AmountKey(Key key)
        {
            int digit = Keys.Digit(key);
            if (digit >= 0)
            {
                TypeDigit((char)('0' + digit));
                return;
            }

            switch (key)
            {
                case Key.Dot:
                    TypeDot();
                    return;
                case Key.Back:
                    if (typedLength == 0)
                    {
                        Beep(Tone.Error);
                        return;
                    }

                    typedLength--;
                    if (typedLength == 1 && typed[0] == '0')
                    {
                        typedLength = 0; // "0." → "0" → empty
                    }

                    Accept();
                    return;
                case Key.Clear:
                case Key.Cancel:
                    typedLength = 0;
                    Accept();
                    return;
                case Key.F1:
                    Language = Language == Language.English ? Language.Chinese : Language.English;
                    Accept();
                    return;
                case Key.F2:
                    Beep(Tone.Key);
                    Enter(Mode.Status);
                    return;
                case Key.Enter:
                    ConfirmAmount();
                    return;
            }

            Beep(Tone.Error);
        }

        private void TypeDigit(char c)
        {
            int dot = DotIndex();
            if (dot >= 0 && typedLength - dot - 1 >= Currency.MinorDigits)
            {
                Refuse(Currency.MinorDigits == 0 ? T.MsgNoDecimals : T.MsgMaxDecimals);
                return;
            }

            if (DigitCount() >= MaxDigits)
            {
                Refuse(T.MsgTooLarge);
                return;
            }

            if (typedLength == 1 && typed[0] == '0')
            {
                typedLength = 0; // no leading zeros
            }

            bool first = typedLength == 0;
            typed[typedLength++] = c;
            Accept();
            if (first)
            {
                sales.Prepare(); // a sale is coming: warm the connection while the cashier keys
            }
        }

        private void TypeDot()
        {
            if (Currency.MinorDigits == 0)
            {
                Refuse(T.MsgNoDecimals);
                return;
            }

            if (DotIndex() >= 0)
            {
                Refuse(T.MsgKeyIgnored);
                return;
            }

            if (typedLength == 0)
            {
                typed[typedLength++] = '0';
            }

            typed[typedLength++] = '.';
            Accept();
        }

        private void ConfirmAmount()
        {
            long value;
            string error;
            string text = new string(typed, 0, typedLength);
            if (!MoneyText.TryParse(text, Currency, MaxAmount, out value, out error))
            {
                if (typedLength > 0 && DigitCountNonZero() && error != null && error.IndexOf("maximum") >= 0)
                {
                    RefuseWith(T.MsgAboveMax, MoneyText.Format(MaxAmount, Currency));
                }
                else
                {
                    Refuse(T.MsgEnterAmount);
                }

                return;
            }

            amount = value;
            Beep(Tone.Key);
            if (Ready())
            {
                Enter(Mode.Confirm);
            }
        }

        private void ResultKey(Key key)
        {
            if (key == Key.Enter && outcome != null && outcome.Status == SaleStatus.Failed && outcome.RescanAllowed)
            {
                Beep(Tone.Key);
                if (Ready())
                {
                    Enter(Mode.Scan); // same amount, a new order number
                }

                return;
            }

            if (key == Key.Enter || key == Key.Cancel)
            {
                Beep(Tone.Key);
                typedLength = 0;
                Enter(Mode.Amount);
                return;
            }

            Beep(Tone.Error);
        }

        // ------------------------------------------------------------------ scanner

        public void OnScan(string code)
        {
            lock (gate)
            {
                if (mode != Mode.Scan)
                {
                    if (mode == Mode.Amount || mode == Mode.Confirm)
                    {
                        Refuse(T.MsgScanIgnored);
                    }
                    else
                    {
                        Beep(Tone.Error); // a sale or a result is on screen: codes are not wanted now
                    }

                    return;
                }

                if (Requests.CheckAuthCode(code) != null)
                {
                    Refuse(T.MsgNotWeChatCode);
                    return;
                }

                if (!Ready())
                {
                    return;
                }

                Beep(Tone.Scan);
                cancelRequested = false;
                stage = PaymentStage.Submitting;
                secondsLeft = -1;
                outcome = null;
                Enter(Mode.Processing);
                sales.Begin(amount, code, this);
            }
        }

        public void OnScanProblem(ScanProblem problem)
        {
            lock (gate)
            {
                if (mode != Mode.Scan && mode != Mode.Amount)
                {
                    return;
                }

                switch (problem)
                {
                    case ScanProblem.TooLong:
                        Refuse(T.MsgScanTooLong);
                        break;
                    case ScanProblem.Duplicate:
                        Refuse(T.MsgDuplicateScan);
                        break;
                    default:
                        Refuse(T.MsgScanNoise);
                        break;
                }
            }
        }

        // ------------------------------------------------------------------ the sale

        public void OnSaleProgress(PaymentStage newStage, int seconds)
        {
            lock (gate)
            {
                if (recovering && mode != Mode.Recovering)
                {
                    stage = newStage;
                    secondsLeft = seconds;
                    Enter(Mode.Recovering);
                    return;
                }

                if (mode != Mode.Processing && mode != Mode.Recovering)
                {
                    return;
                }

                if (newStage == PaymentStage.ScanIgnored || newStage == PaymentStage.Recovering)
                {
                    return;
                }

                if (newStage == stage && seconds == secondsLeft)
                {
                    return;
                }

                stage = newStage;
                secondsLeft = seconds;
                Render();
            }
        }

        public void OnSaleFinished(SaleOutcome result)
        {
            lock (gate)
            {
                if (mode != Mode.Processing)
                {
                    return;
                }

                if (result.Status == SaleStatus.Busy)
                {
                    return; // another sale owns the engine; its own result will come
                }

                outcome = result;
                switch (result.Status)
                {
                    case SaleStatus.Paid:
                        Beep(Tone.Success);
                        break;
                    default:
                        Beep(Tone.Alert);
                        break;
                }

                Enter(Mode.Result);
            }
        }

        // ------------------------------------------------------------------ boot recovery

        /// <summary>
        /// Boot: the engine is about to settle orders a power cut left unfinished. The recovery
        /// screen appears with the engine's first report (an empty journal shows nothing).
        /// </summary>
        public void BeginRecovery()
        {
            lock (gate)
            {
                recovering = true;
            }
        }

        /// <summary>Boot recovery is over: shows what it found (a key returns to amount entry), or stays at amount entry when the journal was empty.</summary>
        public void EndRecovery(BootRecovery found)
        {
            lock (gate)
            {
                recovering = false;
                recovery = found;
                if (found == null || (found.Found == 0 && found.Error == null))
                {
                    if (mode != Mode.Amount)
                    {
                        Enter(Mode.Amount);
                    }

                    return;
                }

                Beep(found.Pending > 0 || found.Error != null ? Tone.Alert : Tone.Success);
                Enter(Mode.Recovered);
            }
        }

        // ------------------------------------------------------------------ time

        /// <summary>Time-outs and expiring messages; call at least every 500 ms.</summary>
        public void Tick()
        {
            lock (gate)
            {
                long now = clock.MonotonicMs;
                long inMode = now - modeSinceMs;
                if (mode == Mode.Scan && inMode >= ScanTimeoutMs)
                {
                    Enter(Mode.Amount);
                    return;
                }

                if (mode == Mode.Result && outcome != null &&
                    (outcome.Status == SaleStatus.Paid || outcome.Status == SaleStatus.Cancelled) && inMode >= ResultTimeoutMs)
                {
                    typedLength = 0;
                    Enter(Mode.Amount);
                    return;
                }

                if (mode == Mode.Blocked && blocked != null &&
                    (blocked.Blocker == Blocker.NoNetwork || blocked.Blocker == Blocker.ClockNotSynchronised || blocked.Blocker == Blocker.Busy) &&
                    inMode >= BlockedTimeoutMs)
                {
                    Enter(Mode.Amount);
                    return;
                }

                if (message != T.Count && now >= messageUntilMs)
                {
                    message = T.Count;
                    messageExtra = null;
                    Render();
                }
            }
        }

        // ------------------------------------------------------------------ helpers

        private bool Ready()
        {
            SaleReadiness readiness = sales.CheckReady();
            if (readiness == null || readiness.Blocker == Blocker.None)
            {
                return true;
            }

            blocked = readiness;
            Beep(Tone.Alert);
            Enter(Mode.Blocked);
            return false;
        }

        private void Enter(Mode next)
        {
            mode = next;
            modeSinceMs = clock.MonotonicMs;
            message = T.Count;
            messageExtra = null;
            if (feedback != null)
            {
                feedback.SetLed(LedFor(next));
            }

            Render();
        }

        private Led LedFor(Mode m)
        {
            switch (m)
            {
                case Mode.Scan:
                case Mode.Processing:
                case Mode.Recovering:
                    return Led.Busy;
                case Mode.Recovered:
                    return recovery != null && recovery.Pending == 0 && recovery.Error == null ? Led.Idle : Led.Attention;
                case Mode.Result:
                    return outcome != null && outcome.Status == SaleStatus.Paid ? Led.Success : Led.Attention;
                case Mode.Blocked:
                    return Led.Attention;
                default:
                    return Led.Idle;
            }
        }

        private void Accept()
        {
            Beep(Tone.Key);
            message = T.Count;
            messageExtra = null;
            Render();
        }

        private void Refuse(T text)
        {
            RefuseWith(text, null);
        }

        private void RefuseWith(T text, string extra)
        {
            Beep(Tone.Error);
            message = text;
            messageExtra = extra;
            messageUntilMs = clock.MonotonicMs + MessageMs;
            Render();
        }

        private void Beep(Tone tone)
        {
            if (feedback != null)
            {
                feedback.Beep(tone);
            }
        }

        private int DotIndex()
        {
            for (int i = 0; i < typedLength; i++)
            {
                if (typed[i] == '.')
                {
                    return i;
                }
            }

            return -1;
        }

        private int DigitCount()
        {
            return DotIndex() >= 0 ? typedLength - 1 : typedLength;
        }

        private bool DigitCountNonZero()
        {
            for (int i = 0; i < typedLength; i++)
            {
                if (typed[i] >= '1' && typed[i] <= '9')
                {
                    return true;
                }
            }

            return false;
        }

        private string Text(T id)
        {
            return UiText.Get(id, Language);
        }

        private string Money(long value)
        {
            return MoneyText.Format(value, Currency) + " " + Currency.Code;
        }

        private string MessageLine()
        {
            if (message == T.Count)
            {
                return null;
            }

            return messageExtra == null ? Text(message) : Text(message) + " " + messageExtra;
        }

        // ------------------------------------------------------------------ screens

        private void Render()
        {
            switch (mode)
            {
                case Mode.Amount:
                    screen.Reset(ScreenId.Amount, Language);
                    screen.Title = BenchMarker == null ? Text(T.AppTitle) : Clip(BenchMarker, Framebuffer.Width / Renderer.SmallAdvance);
                    screen.TitleInverted = true;
                    screen.Large = typedLength == 0 ? (Currency.MinorDigits == 0 ? "0" : MoneyText.Format(0, Currency)) : new string(typed, 0, typedLength) + "_";
                    screen.Line1 = MessageLine();
                    if (screen.Line1 == null)
                    {
                        screen.Line1 = Text(T.EnterAmount) + " " + Currency.Code;
                    }

                    screen.Hint = Text(T.AmountHint);
                    break;
                case Mode.Confirm:
                    screen.Reset(ScreenId.Confirm, Language);
                    screen.Title = Text(T.ConfirmTitle);
                    screen.TitleInverted = true;
                    screen.Large = Money(amount);
                    screen.Line1 = MessageLine();
                    screen.Hint = Text(T.ConfirmHint);
                    break;
                case Mode.Scan:
                    screen.Reset(ScreenId.Scan, Language);
                    screen.Title = Text(T.ScanTitle);
                    screen.TitleInverted = true;
                    screen.Large = Money(amount);
                    screen.Line1 = MessageLine();
                    screen.Hint = Text(T.ScanHint);
                    break;
                case Mode.Processing:
                    RenderProcessing();
                    break;
                case Mode.Result:
                    RenderResult();
                    break;
                case Mode.Blocked:
                    RenderBlocked();
                    break;
                case Mode.Recovering:
                    screen.Reset(ScreenId.Recovering, Language);
                    screen.Title = Text(T.RecoveringTitle);
                    screen.TitleInverted = true;
                    screen.Large = secondsLeft >= 0 ? Seconds() : null;
                    screen.Line1 = Text(stage == PaymentStage.WaitingForPassword ? T.PasswordBody :
                        (stage == PaymentStage.Cancelling || stage == PaymentStage.Reversing ? T.CancellingTitle : T.PleaseWait));
                    break;
                case Mode.Recovered:
                    RenderRecovered();
                    break;
                case Mode.Status:
                    screen.Reset(ScreenId.Status, Language);
                    screen.Title = Text(T.StatusTitle);
                    screen.TitleInverted = true;
                    string[] lines = sales.StatusLines();
                    screen.Line1 = lines.Length > 0 ? lines[0] : null;
                    screen.Line2 = lines.Length > 1 ? lines[1] : null;
                    screen.Line3 = lines.Length > 2 ? lines[2] : null;
                    screen.Hint = Text(T.OkHint);
                    break;
            }

            renderer.Draw(screen, frame);
            if (display != null)
            {
                display.Show(screen, frame.Bytes);
            }
        }

        private void RenderProcessing()
        {
            bool english = Language == Language.English;
            PaymentStage shown = stage;
            if (cancelRequested && (shown == PaymentStage.Submitting || shown == PaymentStage.Checking || shown == PaymentStage.WaitingForPassword))
            {
                shown = PaymentStage.Cancelling;
            }

            switch (shown)
            {
                case PaymentStage.WaitingForPassword:
                    screen.Reset(ScreenId.Password, Language);
                    screen.Title = Text(T.PasswordTitle);
                    screen.Large = Seconds();
                    screen.Line1 = Text(T.PasswordBody);
                    screen.Line2 = english ? Money(amount) : null;
                    screen.Hint = Text(T.CancelHint);
                    break;
                case PaymentStage.Checking:
                    screen.Reset(ScreenId.Checking, Language);
                    screen.Title = Text(T.CheckingTitle);
                    screen.Large = Seconds();
                    screen.Line1 = Text(T.PleaseWait);
                    screen.Line2 = english ? Money(amount) : null;
                    screen.Hint = Text(T.CancelHint);
                    break;
                case PaymentStage.Cancelling:
                case PaymentStage.Reversing:
                    screen.Reset(ScreenId.Cancelling, Language);
                    screen.Title = Text(T.CancellingTitle);
                    screen.Large = stage == PaymentStage.Cancelling && secondsLeft >= 0 ? Seconds() : null;
                    screen.Line1 = Text(T.PleaseWait);
                    screen.Line2 = english ? Money(amount) : null;
                    break;
                default:
                    screen.Reset(ScreenId.Processing, Language);
                    screen.Title = Text(T.ProcessingTitle);
                    screen.Large = Money(amount);
                    screen.Line1 = Text(T.PleaseWait);
                    screen.Hint = Text(T.CancelHint);
                    break;
            }
        }

        private string Seconds()
        {
            return secondsLeft < 0 ? "..." : secondsLeft.ToString() + " s";
        }

        private void RenderResult()
        {
            SaleOutcome o = outcome;
            // CANCEL before the micropay left: nothing was sent, and the cashier asked for it.
            SaleStatus shown = o.Status == SaleStatus.NotSent && o.CashierCancelled ? SaleStatus.Cancelled : o.Status;
            switch (shown)
            {
                case SaleStatus.Paid:
                    screen.Reset(ScreenId.Paid, Language);
                    screen.Title = Text(T.PaidTitle);
                    screen.TitleInverted = true;
                    screen.Large = Money(o.TotalFee);
                    screen.Line1 = "Ref " + Tail(o.TransactionId, 20);
                    screen.Line2 = o.NotificationPending ? Text(T.NotificationPending) : "Order " + Tail(o.OutTradeNo, 19);
                    screen.Hint = o.NotificationPending && Language == Language.Chinese ? null : Text(T.NextHint); // no room for both in 16-pixel glyphs
                    break;
                case SaleStatus.Failed:
                    screen.Reset(ScreenId.Failed, Language);
                    FailureTexts(o.Reason);
                    screen.TitleInverted = true;
                    screen.Line2 = Text(T.NothingCharged);
                    screen.Hint = Text(o.RescanAllowed ? T.RescanHint : T.OkHint);
                    break;
                case SaleStatus.Cancelled:
                    screen.Reset(ScreenId.Cancelled, Language);
                    screen.Title = Text(T.CancelledTitle);
                    screen.TitleInverted = true;
                    screen.Large = Money(o.TotalFee);
                    screen.Line1 = Text(T.NothingCharged);
                    screen.Hint = Text(T.OkHint);
                    break;
                case SaleStatus.Unresolved:
                    screen.Reset(ScreenId.Unresolved, Language);
                    screen.Title = Text(T.UnresolvedTitle);
                    screen.TitleInverted = true;
                    screen.Line1 = Text(T.DoNotChargeAgain);
                    screen.Line2 = "Order " + Tail(o.OutTradeNo, 19);
                    screen.Line3 = Language == Language.English ? Text(T.CallTechnician) : null;
                    screen.Hint = Text(T.OkHint);
                    break;
                case SaleStatus.NotSent:
                    screen.Reset(ScreenId.NotSent, Language);
                    screen.Title = Text(T.NoNetworkTitle);
                    screen.TitleInverted = true;
                    screen.Line1 = Text(T.NothingCharged);
                    screen.Line2 = Text(T.TryAgain);
                    screen.Hint = Text(T.OkHint);
                    break;
                default:
                    screen.Reset(ScreenId.NotStarted, Language);
                    screen.Title = Text(T.NotStartedTitle);
                    screen.TitleInverted = true;
                    screen.Line1 = Text(T.NothingCharged);
                    screen.Line2 = Text(T.CallTechnician);
                    screen.Hint = Text(T.OkHint);
                    break;
            }
        }

        private void FailureTexts(FailureReason reason)
        {
            T title = T.FailedTitle;
            T action = T.TryAgain;
            switch (reason)
            {
                case FailureReason.CodeExpired:
                    title = T.CodeExpiredTitle;
                    action = T.CodeExpiredAction;
                    break;
                case FailureReason.CodeInvalid:
                    title = T.CodeInvalidTitle;
                    action = T.ScanAgain;
                    break;
                case FailureReason.InsufficientFunds:
                    title = T.FundsTitle;
                    action = T.SwitchCard;
                    break;
                case FailureReason.CardNotSupported:
                    title = T.CardTitle;
                    action = T.SwitchCard;
                    break;
                case FailureReason.OrderClosed:
                    title = T.OrderClosedTitle;
                    action = T.ScanAgain;
                    break;
                case FailureReason.DuplicateOrder:
                    title = T.DuplicateTitle;
                    action = T.ScanAgain;
                    break;
                case FailureReason.BuyerMismatch:
                    title = T.BuyerTitle;
                    action = T.ScanAgain;
                    break;
                case FailureReason.TradeError:
                    title = T.TradeErrorTitle;
                    action = T.TradeErrorAction;
                    break;
                case FailureReason.MerchantConfiguration:
                    title = T.MerchantConfigTitle;
                    action = T.CallTechnician;
                    break;
                case FailureReason.TerminalFault:
                    title = T.TerminalFaultTitle;
                    action = T.CallTechnician;
                    break;
                case FailureReason.NotAccepted:
                    title = T.NotAcceptedTitle;
                    action = T.TryAgain;
                    break;
            }

            screen.Title = Text(title);
            screen.Line1 = Text(action);
        }

        private void RenderRecovered()
        {
            BootRecovery r = recovery;
            screen.Reset(ScreenId.Recovered, Language);
            screen.Title = Text(T.RecoveredTitle);
            screen.TitleInverted = true;
            screen.Hint = Text(T.OkHint);
            if (r.Error != null)
            {
                screen.Line1 = Text(T.NotStartedTitle);
                screen.Line2 = Text(T.CallTechnician);
                return;
            }

            screen.Line1 = Text(T.PaidTitle) + " " + r.Paid.ToString();
            screen.Line2 = Text(T.CancelledTitle) + " " + r.NothingCharged.ToString();
            screen.Line3 = Text(T.UnresolvedTitle) + " " + r.Pending.ToString();
            if (r.Pending > 0)
            {
                screen.Hint = Text(T.DoNotChargeAgain);
            }

            if (Language == Language.Chinese)
            {
                // Three lines of 16-pixel glyphs fill the screen: what matters most stays.
                screen.Hint = null;
                if (r.Pending > 0)
                {
                    screen.Line2 = screen.Line3;
                    screen.Line3 = Text(T.DoNotChargeAgain);
                }
            }
        }

        private void RenderBlocked()
        {
            screen.Reset(ScreenId.Blocked, Language);
            screen.TitleInverted = true;
            screen.Hint = Text(T.OkHint);
            switch (blocked.Blocker)
            {
                case Blocker.NoNetwork:
                    screen.Title = Text(T.NoNetworkTitle);
                    screen.Line1 = Text(T.CheckNetwork);
                    break;
                case Blocker.ClockNotSynchronised:
                    screen.Title = Text(T.ClockTitle);
                    screen.Line1 = Text(T.ClockBody);
                    break;
                case Blocker.Suspended:
                    screen.Title = Text(T.SuspendedTitle);
                    screen.Line1 = blocked.Reason == null || blocked.Reason.Length == 0 ? null : Clip(blocked.Reason, 50);
                    break;
                case Blocker.OutboxFull:
                    screen.Title = Text(T.OutboxFullTitle);
                    screen.Line1 = Text(T.OutboxFullBody);
                    screen.Line2 = Language == Language.English ? Text(T.CallTechnician) : null;
                    break;
                case Blocker.VelocityLocked:
                    screen.Title = Text(T.LockedTitle);
                    screen.Line1 = Text(T.LockedBody);
                    break;
                case Blocker.RiskStateUnknown:
                    screen.Title = Text(T.LockedTitle);
                    screen.Line1 = Text(T.RiskUnknownBody);
                    break;
                case Blocker.Busy:
                    screen.Title = Text(T.BusyTitle);
                    screen.Line1 = Text(T.PleaseWait);
                    break;
                default:
                    screen.Title = Text(T.NotConfiguredTitle);
                    screen.Line1 = Text(T.CallTechnician);
                    break;
            }
        }

        private static string Tail(string text, int max)
        {
            if (text == null)
            {
                return "-";
            }

            return text.Length <= max ? text : ".." + text.Substring(text.Length - max + 2);
        }

        private static string Clip(string text, int max)
        {
            return text.Length <= max ? text : text.Substring(0, max - 2) + "..";
        }
    }
}
