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
    public sealed class CashierUi : ISaleListener, IScanHandler, IRefundListener
    {
        /// <summary>Digits the cashier may key (before and after the decimal point together).</summary>
        public const int MaxDigits = AmountEntry.MaxDigits;

        private readonly object gate = new object();
        private readonly ISalePort sales;
        private readonly IDisplay display;
        private readonly IFeedback feedback;
        private readonly IClock clock;
        private readonly Screen screen = new Screen();
        private readonly Framebuffer frame = new Framebuffer();
        private readonly Renderer renderer = new Renderer();
        private readonly AmountEntry entry;

        private readonly ScreenView view = new ScreenView();
        private long modeSinceMs;
        private long messageUntilMs;
        private long nextStatusMs;
        private string shownWarning; // the idle warning on the screen now (null: none)
        private bool recovering;
        private ManagerMenu manager;

        public CashierUi(ISalePort sales, IDisplay display, IFeedback feedback, IClock clock, Currency currency, long maxAmount)
        {
            this.sales = sales;
            this.display = display;
            this.feedback = feedback;
            this.clock = clock;
            entry = new AmountEntry(currency);
            view.Entry = entry;
            view.Currency = currency;
            MaxAmount = maxAmount;
            ScanTimeoutMs = 60000;
            ResultTimeoutMs = 30000;
            BlockedTimeoutMs = 5000;
            MessageMs = 3000;
            StatusRefreshMs = 5000;
            ManagerTimeoutMs = 60000;
            Enter(UiMode.Amount);
        }

        public Currency Currency
        {
            get { return entry.Currency; }
            set
            {
                entry.Currency = value;
                view.Currency = value;
            }
        }

        /// <summary>Largest amount a sale may have, in minor units.</summary>
        public long MaxAmount { get; set; }

        /// <summary>
        /// Test bench marker ("BENCH 192.168.1.50:8443"), or null on a normal terminal. While set
        /// it replaces the amount screen's title bar (ASCII in every language, clipped to the 25
        /// columns), so a terminal pointed at a sandbox cannot pass for a production one.
        /// Applies at the next render.
        /// </summary>
        public string BenchMarker
        {
            get { return view.BenchMarker; }
            set { view.BenchMarker = value; }
        }

        public Language Language
        {
            get { return view.Language; }
            private set { view.Language = value; }
        }

        /// <summary>The idle screen warns when notifications have waited this long (default 5 min).</summary>
        public int NotificationsLateMs
        {
            get { return view.NotificationsLateMs; }
            set { view.NotificationsLateMs = value; }
        }

        /// <summary>How often the idle and status screens re-read the terminal's state (default 5 s).</summary>
        public int StatusRefreshMs { get; set; }

        /// <summary>The scan prompt returns to amount entry after this long without a code (default 60 s).</summary>
        public int ScanTimeoutMs { get; set; }

        /// <summary>Paid and Cancelled return to amount entry after this long (default 30 s); other results wait for a key.</summary>
        public int ResultTimeoutMs { get; set; }

        /// <summary>"No network" and "clock not synchronised" return to amount entry after this long (default 5 s).</summary>
        public int BlockedTimeoutMs { get; set; }

        /// <summary>How long a short message replaces a line (default 3 s).</summary>
        public int MessageMs { get; set; }

        /// <summary>The manager session ends after this long without a key (default 60 s; never while a refund runs).</summary>
        public int ManagerTimeoutMs { get; set; }

        /// <summary>
        /// The manager functions (MENU: F2 held, behind the manager PIN): refunds, X report,
        /// history. Null (the default): MENU is refused. Set once, before keys arrive.
        /// </summary>
        public IManagerPort ManagerPort
        {
            set
            {
                lock (gate)
                {
                    manager = value == null ? null : new ManagerMenu(value, view);
                    view.Manager = manager;
                }
            }
        }

        /// <summary>The manager functions' state (tests), or null.</summary>
        public ManagerMenu Manager
        {
            get { return manager; }
        }
        /// <summary>The reprint key's receipt printer (status screen, '.'); null: no printer.</summary>
        public IReprintKey Receipts { get; set; }

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
                    return view.Mode == UiMode.Scan;
                }
            }
        }

        /// <summary>True while a sale or a keypad refund runs (the console refuses reboot/reset then; background passes wait).</summary>
        public bool SaleRunning
        {
            get
            {
                lock (gate)
                {
                    return view.Mode == UiMode.Processing || (view.Mode == UiMode.Manager && manager.Running);
                }
            }
        }

        /// <summary>
        /// True while nothing is under way at the counter: the amount screen with nothing typed or
        /// only the last amount shown selected (no
        /// sale keyed, scanned or running, no manager function, no result or status shown). Background
        /// work that could be in a sale's way (the 交易保障 report) waits for it.
        /// </summary>
        public bool Idle
        {
            get
            {
                lock (gate)
                {
                    return view.Mode == UiMode.Amount && (entry.Length == 0 || entry.Selected);
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
                    return entry.Text;
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

        /// <summary>Reads the terminal's state again and redraws (after a configuration change).</summary>
        public void Refresh()
        {
            lock (gate)
            {
                if (view.Mode == UiMode.Amount || view.Mode == UiMode.Status)
                {
                    ReadStatus();
                }

                Render();
            }
        }

        // ------------------------------------------------------------------ keys

        public void OnKey(Key key)
        {
            lock (gate)
            {
                switch (view.Mode)
                {
                    case UiMode.Amount:
                        AmountKey(key);
                        break;
                    case UiMode.Confirm:
                        if (key == Key.Enter)
                        {
                            Beep(Tone.Key);
                            if (Ready())
                            {
                                Enter(UiMode.Scan);
                                sales.Prepare(); // still warm, or warm again, when the code is scanned
                            }
                        }
                        else if (key == Key.Cancel || key == Key.Back)
                        {
                            Beep(Tone.Key);
                            Enter(UiMode.Amount);
                        }
                        else
                        {
                            Refuse(T.MsgKeyIgnored);
                        }

                        break;
                    case UiMode.Scan:
                        if (key == Key.Cancel)
                        {
                            Beep(Tone.Key);
                            Enter(UiMode.Amount);
                        }
                        else
                        {
                            Refuse(T.MsgScanNow);
                        }

                        break;
                    case UiMode.Processing:
                        if (key == Key.Cancel && !view.CancelRequested)
                        {
                            view.CancelRequested = true;
                            Beep(Tone.Key);
                            Render();
                            sales.Cancel();
                        }
                        else
                        {
                            Beep(Tone.Error);
                        }

                        break;
                    case UiMode.Result:
                        ResultKey(key);
                        break;
                    case UiMode.Recovering:
                        Beep(Tone.Error);
                        break;
                    case UiMode.Manager:
                        ManagerKey(key);
                        break;
                    case UiMode.Status when key == Key.Dot:
                        ReprintKey();
                        break;
                    case UiMode.Blocked:
                    case UiMode.Status:
                    case UiMode.Recovered:
                        if (key == Key.Menu && view.Mode == UiMode.Status)
                        {
                            OpenManager(); // F2 held: the status screen opened at the press
                        }
                        else if (key == Key.Enter || key == Key.Cancel || key == Key.F2)
                        {
                            Beep(Tone.Key);
                            Enter(UiMode.Amount);
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
            switch (key)
            {
                case Key.F1:
                    Language = Language == Language.English ? Language.Chinese : Language.English;
                    Accept();
                    return;
                case Key.F2:
                    Beep(Tone.Key);
                    Enter(UiMode.Status);
                    return;
                case Key.Menu:
                    OpenManager();
                    return;
                case Key.Enter:
                    ConfirmAmount();
                    return;
            }

            bool fresh = entry.Length == 0 || entry.Selected; // the next accepted key starts an amount
            T refusal = entry.Press(key);
            if (refusal == AmountEntry.Accepted)
            {
                Accept();
                if (fresh && entry.Length > 0)
                {
                    sales.Prepare(); // a sale is coming: warm the connection while the cashier keys
                }
            }
            else if (key == Key.Back)
            {
                Beep(Tone.Error); // nothing left to delete
                Render();
            }
            else
            {
                Refuse(refusal);
            }
        }

        /// <summary>Status screen, '.': the last receipt again; back to the amount with what became of it.</summary>
        private void ReprintKey()
        {
            IReprintKey key = Receipts;
            ReprintAnswer answer = key == null ? ReprintAnswer.NoPrinter : key.Reprint();
            Enter(UiMode.Amount);
            if (answer == ReprintAnswer.Printing)
            {
                Beep(Tone.Key);
                view.Message = T.MsgReprinting;
                view.MessageExtra = null;
                messageUntilMs = clock.MonotonicMs + MessageMs;
                Render();
                return;
            }

            Refuse(answer == ReprintAnswer.NoPrinter ? T.MsgNoPrinter : (answer == ReprintAnswer.NothingToPrint ? T.MsgNoReceipt : T.MsgPrinterStuck));
        }

        private void ConfirmAmount()
        {
            long value;
            T refusal;
            bool aboveMaximum;
            if (!entry.TryParse(MaxAmount, out value, out refusal, out aboveMaximum))
            {
                RefuseWith(refusal, aboveMaximum ? MoneyText.Format(MaxAmount, Currency) : null);
                return;
            }

            view.Amount = value;
            Beep(Tone.Key);
            if (Ready())
            {
                Enter(UiMode.Confirm);
            }
        }

        private void ResultKey(Key key)
        {
            if (key == Key.Enter && view.Outcome != null && view.Outcome.Status == SaleStatus.Failed && view.Outcome.RescanAllowed)
            {
                Beep(Tone.Key);
                if (Ready())
                {
                    Enter(UiMode.Scan); // same amount, a new order number
                }

                return;
            }

            if (key == Key.Enter || key == Key.Cancel)
            {
                Beep(Tone.Key);
                entry.Clear(); // a sale ended: the next one starts from nothing
                Enter(UiMode.Amount);
                return;
            }

            Beep(Tone.Error);
        }

        // ------------------------------------------------------------------ manager functions

        private void OpenManager()
        {
            if (manager == null)
            {
                Refuse(T.MsgKeyIgnored);
                return;
            }

            Beep(Tone.Key);
            manager.Open();
            Enter(UiMode.Manager);
        }

        private void ManagerKey(Key key)
        {
            view.Message = T.Count;
            view.MessageExtra = null;
            bool exit;
            Tone tone = manager.OnKey(key, this, out exit);
            Beep(tone);
            if (exit)
            {
                manager.Close();
                Enter(UiMode.Amount);
                return;
            }

            modeSinceMs = clock.MonotonicMs; // the session's time-out counts from the last key
            messageUntilMs = modeSinceMs + MessageMs;
            if (feedback != null)
            {
                feedback.SetLed(LedFor(UiMode.Manager));
            }

            Render();
        }

        /// <summary>A keypad refund ended (on the refund's thread, or inline in tests).</summary>
        public void OnRefundFinished(RefundOutcome outcome)
        {
            lock (gate)
            {
                if (view.Mode != UiMode.Manager || !manager.Finished(outcome))
                {
                    return;
                }

                Beep(outcome.End == RefundEnd.Refunded ? Tone.Success : Tone.Alert);
                modeSinceMs = clock.MonotonicMs;
                if (feedback != null)
                {
                    feedback.SetLed(LedFor(UiMode.Manager));
                }

                Render();
            }
        }

        // ------------------------------------------------------------------ scanner

        public void OnScan(string code)
        {
            lock (gate)
            {
                if (view.Mode != UiMode.Scan)
                {
                    if (view.Mode == UiMode.Amount || view.Mode == UiMode.Confirm)
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
                view.CancelRequested = false;
                view.Stage = PaymentStage.Submitting;
                view.SecondsLeft = -1;
                view.Outcome = null;
                Enter(UiMode.Processing);
                sales.Begin(view.Amount, code, this);
            }
        }

        public void OnScanProblem(ScanProblem problem)
        {
            lock (gate)
            {
                if (view.Mode != UiMode.Scan && view.Mode != UiMode.Amount)
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
                if (recovering && view.Mode != UiMode.Recovering)
                {
                    view.Stage = newStage;
                    view.SecondsLeft = seconds;
                    Enter(UiMode.Recovering);
                    return;
                }

                if (view.Mode != UiMode.Processing && view.Mode != UiMode.Recovering)
                {
                    return;
                }

                if (newStage == PaymentStage.ScanIgnored || newStage == PaymentStage.Recovering)
                {
                    return;
                }

                if (newStage == view.Stage && seconds == view.SecondsLeft)
                {
                    return;
                }

                view.Stage = newStage;
                view.SecondsLeft = seconds;
                Render();
            }
        }

        public void OnSaleFinished(SaleOutcome result)
        {
            lock (gate)
            {
                if (view.Mode != UiMode.Processing)
                {
                    return;
                }

                if (result.Status == SaleStatus.Busy)
                {
                    return; // another sale owns the engine; its own result will come
                }

                view.Outcome = result;
                switch (result.Status)
                {
                    case SaleStatus.Paid:
                        Beep(Tone.Success);
                        break;
                    default:
                        Beep(Tone.Alert);
                        break;
                }

                Enter(UiMode.Result);
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
                view.Recovery = found;
                if (found == null || (found.Found == 0 && found.Error == null))
                {
                    if (view.Mode != UiMode.Amount)
                    {
                        Enter(UiMode.Amount);
                    }

                    return;
                }

                Beep(found.Pending > 0 || found.Error != null ? Tone.Alert : Tone.Success);
                Enter(UiMode.Recovered);
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
                if (view.Mode == UiMode.Scan && inMode >= ScanTimeoutMs)
                {
                    Enter(UiMode.Amount);
                    return;
                }

                if (view.Mode == UiMode.Result && view.Outcome != null &&
                    (view.Outcome.Status == SaleStatus.Paid || view.Outcome.Status == SaleStatus.Cancelled) && inMode >= ResultTimeoutMs)
                {
                    entry.Clear();
                    Enter(UiMode.Amount);
                    return;
                }

                if (view.Mode == UiMode.Manager && !manager.Running && inMode >= ManagerTimeoutMs)
                {
                    manager.Close(); // the session ends: the next manager needs the PIN again
                    Enter(UiMode.Amount);
                    return;
                }

                if (view.Mode == UiMode.Blocked && view.Blocked != null &&
                    (view.Blocked.Blocker == Blocker.NoNetwork || view.Blocked.Blocker == Blocker.ClockNotSynchronised || view.Blocked.Blocker == Blocker.Busy) &&
                    inMode >= BlockedTimeoutMs)
                {
                    Enter(UiMode.Amount);
                    return;
                }

                bool redraw = false;
                if (view.Message != T.Count && now >= messageUntilMs)
                {
                    view.Message = T.Count;
                    view.MessageExtra = null;
                    redraw = true;
                }

                if ((view.Mode == UiMode.Amount || view.Mode == UiMode.Status) && now >= nextStatusMs)
                {
                    // The idle screen's warnings and the status screen follow the background.
                    ReadStatus();
                    redraw |= view.Mode == UiMode.Status || !SameText(shownWarning, ScreenBuilder.IdleWarning(view));
                }

                if (redraw)
                {
                    Render();
                }
            }
        }

        private void ReadStatus()
        {
            view.Status = sales.Status();
            nextStatusMs = clock.MonotonicMs + StatusRefreshMs;
        }

        private static bool SameText(string a, string b)
        {
            return a == null ? b == null : a == b;
        }

        // ------------------------------------------------------------------ helpers

        private bool Ready()
        {
            SaleReadiness readiness = sales.CheckReady();
            if (readiness == null || readiness.Blocker == Blocker.None)
            {
                return true;
            }

            view.Blocked = readiness;
            Beep(Tone.Alert);
            Enter(UiMode.Blocked);
            return false;
        }

        private void Enter(UiMode next)
        {
            if (next == UiMode.Amount && view.Mode != UiMode.Amount && view.Mode != UiMode.Status)
            {
                // Back from confirm, the scan prompt, a blocked sale or a failure: the kept amount
                // is shown selected, so the first digit replaces it instead of extending it
                // (the status screen is a glance in the middle of typing: typing goes on).
                entry.Select();
            }

            view.Mode = next;
            modeSinceMs = clock.MonotonicMs;
            if (next == UiMode.Amount || next == UiMode.Status)
            {
                ReadStatus();
            }

            view.Message = T.Count;
            view.MessageExtra = null;
            if (feedback != null)
            {
                feedback.SetLed(LedFor(next));
            }

            Render();
        }

        private Led LedFor(UiMode m)
        {
            switch (m)
            {
                case UiMode.Scan:
                case UiMode.Processing:
                case UiMode.Recovering:
                    return Led.Busy;
                case UiMode.Recovered:
                    return view.Recovery != null && view.Recovery.Pending == 0 && view.Recovery.Error == null ? Led.Idle : Led.Attention;
                case UiMode.Result:
                    return view.Outcome != null && view.Outcome.Status == SaleStatus.Paid ? Led.Success : Led.Attention;
                case UiMode.Blocked:
                    return Led.Attention;
                case UiMode.Manager:
                    if (manager.Running)
                    {
                        return Led.Busy;
                    }

                    if (manager.Step == ManagerStep.Result)
                    {
                        return manager.Outcome.End == RefundEnd.Refunded ? Led.Success : Led.Attention;
                    }

                    return Led.Idle;
                default:
                    return Led.Idle;
            }
        }

        private void Accept()
        {
            Beep(Tone.Key);
            view.Message = T.Count;
            view.MessageExtra = null;
            Render();
        }

        private void Refuse(T text)
        {
            RefuseWith(text, null);
        }

        private void RefuseWith(T text, string extra)
        {
            Beep(Tone.Error);
            view.Message = text;
            view.MessageExtra = extra;
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

        // ------------------------------------------------------------------ screens

        private void Render()
        {
            ScreenBuilder.Build(view, screen);
            shownWarning = view.Mode == UiMode.Amount ? ScreenBuilder.IdleWarning(view) : null;
            renderer.Draw(screen, frame);
            if (display != null)
            {
                display.Show(screen, frame.Bytes);
            }
        }
    }
}
