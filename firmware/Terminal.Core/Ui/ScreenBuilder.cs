using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;

namespace Terminal.Core.Ui
{
    /// <summary>What the cashier UI is doing (one screen, or a family of screens, each).</summary>
    public enum UiMode
    {
        Amount = 0,
        Confirm,
        Scan,
        Processing,
        Result,
        Blocked,
        Status,
        Recovering,
        Recovered,

        /// <summary>The manager functions (<see cref="ScreenView.Manager"/> says which screen).</summary>
        Manager,
    }

    /// <summary>
    /// Everything a screen shows, as the cashier UI's state machine keeps it: the input of
    /// <see cref="ScreenBuilder"/>. Plain fields, so tests (and new screens) set exactly what they need.
    /// </summary>
    public sealed class ScreenView
    {
        public UiMode Mode;
        public Language Language;
        public Currency Currency;

        /// <summary>"BENCH address:port" title of the amount screen on a test bench, or null.</summary>
        public string BenchMarker;

        public AmountEntry Entry;

        /// <summary>The confirmed amount of the sale (minor units): confirm, scan, the sale and its result.</summary>
        public long Amount;

        /// <summary>A short message replacing a line of the entry and scan screens (<see cref="T.Count"/>: none).</summary>
        public T Message = T.Count;
        public string MessageExtra;

        public PaymentStage Stage;
        public int SecondsLeft = -1;
        public bool CancelRequested;
        public SaleOutcome Outcome;
        public SaleReadiness Blocked;
        public BootRecovery Recovery;

        /// <summary>The terminal's state for the status screen and the idle screen's warnings (may be null).</summary>
        public TerminalStatus Status;

        /// <summary>Notifications waiting longer than this (ms) are shown on the idle screen.</summary>
        public int NotificationsLateMs = 300000;

        /// <summary>The manager functions' state (<see cref="UiMode.Manager"/>), or null when the terminal has none.</summary>
        public ManagerMenu Manager;
    }

    /// <summary>
    /// Builds every screen of the cashier display from a <see cref="ScreenView"/>, in English or
    /// Simplified Chinese (docs/cashier.md, "Every screen"). Pure: no state, no I/O. Both languages
    /// carry the same information (amount, order, reason); lines of 16-pixel Chinese glyphs take
    /// twice the height of English ones, so where English has a line of its own Chinese combines
    /// or drops the least useful text (a key hint), never the amount, the order or the reason.
    /// A new screen is a new <see cref="UiMode"/> (or <see cref="ScreenId"/>) and one method here.
    /// </summary>
    public static class ScreenBuilder
    {
        /// <summary>Characters of the 5x7 font on one line.</summary>
        public const int Columns = Framebuffer.Width / Renderer.SmallAdvance;

        public static void Build(ScreenView v, Screen screen)
        {
            switch (v.Mode)
            {
                case UiMode.Amount:
                    AmountScreen(v, screen);
                    break;
                case UiMode.Confirm:
                    Titled(screen, ScreenId.Confirm, v, T.ConfirmTitle);
                    screen.Large = Money(v, v.Amount);
                    screen.Line1 = MessageLine(v);
                    screen.Hint = Text(v, T.ConfirmHint);
                    break;
                case UiMode.Scan:
                    Titled(screen, ScreenId.Scan, v, T.ScanTitle);
                    screen.Large = Money(v, v.Amount);
                    screen.Line1 = MessageLine(v);
                    screen.Hint = Text(v, T.ScanHint);
                    break;
                case UiMode.Processing:
                    SaleScreen(v, screen);
                    break;
                case UiMode.Result:
                    ResultScreen(v, screen);
                    break;
                case UiMode.Blocked:
                    BlockedScreen(v, screen);
                    break;
                case UiMode.Recovering:
                    Titled(screen, ScreenId.Recovering, v, T.RecoveringTitle);
                    screen.Large = v.SecondsLeft >= 0 ? Seconds(v) : null;
                    screen.Line1 = Text(v, v.Stage == PaymentStage.WaitingForPassword ? T.PasswordBody :
                        (v.Stage == PaymentStage.Cancelling || v.Stage == PaymentStage.Reversing ? T.CancellingTitle : T.PleaseWait));
                    break;
                case UiMode.Recovered:
                    RecoveredScreen(v, screen);
                    break;
                case UiMode.Manager:
                    ManagerScreens.Build(v, v.Manager, screen);
                    break;
                default:
                    StatusScreen(v, screen);
                    break;
            }
        }

        // ------------------------------------------------------------------ entry

        private static void AmountScreen(ScreenView v, Screen screen)
        {
            Titled(screen, ScreenId.Amount, v, T.AppTitle);
            if (v.BenchMarker != null)
            {
                screen.Title = Clip(v.BenchMarker, Columns);
            }

            screen.Large = v.Entry.Display;
            screen.LargeInverted = v.Entry.Selected;
            screen.Line1 = MessageLine(v);
            if (screen.Line1 == null)
            {
                screen.Line1 = Text(v, T.EnterAmount) + " " + v.Currency.Code;
            }

            screen.Hint = Text(v, T.AmountHint);
            string warning = IdleWarning(v);
            if (warning != null)
            {
                // English has a line to spare; in Chinese the warning takes the hint's place.
                if (v.Language == Language.English)
                {
                    screen.Line2 = warning;
                }
                else
                {
                    screen.Hint = warning;
                }
            }
        }

        /// <summary>
        /// What the idle screen warns about: unresolved orders (do not charge again), else
        /// notifications waiting longer than <see cref="ScreenView.NotificationsLateMs"/>; or null.
        /// </summary>
        public static string IdleWarning(ScreenView v)
        {
            TerminalStatus s = v.Status;
            if (s == null)
            {
                return null;
            }

            if (s.Unresolved > 0)
            {
                return Text(v, T.UnresolvedWarning) + " " + s.Unresolved.ToString();
            }

            if (s.Queue > 0 && s.WaitingMs >= v.NotificationsLateMs)
            {
                return Text(v, T.NotificationsLate) + " " + (s.WaitingMs / 60000).ToString() + "min";
            }

            return null;
        }

        // ------------------------------------------------------------------ the sale

        private static void SaleScreen(ScreenView v, Screen screen)
        {
            bool english = v.Language == Language.English;
            PaymentStage shown = v.Stage;
            if (v.CancelRequested && (shown == PaymentStage.Submitting || shown == PaymentStage.Checking || shown == PaymentStage.WaitingForPassword))
            {
                shown = PaymentStage.Cancelling;
            }

            switch (shown)
            {
                case PaymentStage.WaitingForPassword:
                    screen.Reset(ScreenId.Password, v.Language);
                    screen.Title = Text(v, T.PasswordTitle);
                    screen.Large = Seconds(v);
                    // The title already says it in Chinese: the amount takes the body's place.
                    screen.Line1 = english ? Text(v, T.PasswordBody) : Money(v, v.Amount);
                    screen.Line2 = english ? Money(v, v.Amount) : null;
                    screen.Hint = Text(v, T.CancelHint);
                    break;
                case PaymentStage.Checking:
                    screen.Reset(ScreenId.Checking, v.Language);
                    screen.Title = Text(v, T.CheckingTitle);
                    screen.Large = Seconds(v);
                    screen.Line1 = english ? Text(v, T.PleaseWait) : Money(v, v.Amount);
                    screen.Line2 = english ? Money(v, v.Amount) : null;
                    screen.Hint = Text(v, T.CancelHint);
                    break;
                case PaymentStage.Cancelling:
                case PaymentStage.Reversing:
                    screen.Reset(ScreenId.Cancelling, v.Language);
                    screen.Title = Text(v, T.CancellingTitle);
                    screen.Large = v.Stage == PaymentStage.Cancelling && v.SecondsLeft >= 0 ? Seconds(v) : null;
                    screen.Line1 = Text(v, T.PleaseWait);
                    screen.Line2 = Money(v, v.Amount);
                    break;
                default:
                    screen.Reset(ScreenId.Processing, v.Language);
                    screen.Title = Text(v, T.ProcessingTitle);
                    screen.Large = Money(v, v.Amount);
                    screen.Line1 = Text(v, T.PleaseWait);
                    screen.Hint = Text(v, T.CancelHint);
                    break;
            }
        }

        private static void ResultScreen(ScreenView v, Screen screen)
        {
            SaleOutcome o = v.Outcome;
            bool english = v.Language == Language.English;
            // CANCEL before the micropay left: nothing was sent, and the cashier asked for it.
            SaleStatus shown = o.Status == SaleStatus.NotSent && o.CashierCancelled ? SaleStatus.Cancelled : o.Status;
            switch (shown)
            {
                case SaleStatus.Paid:
                    Titled(screen, ScreenId.Paid, v, T.PaidTitle);
                    screen.Large = Money(v, o.TotalFee);
                    // Pending: the order number and the note take the two lines (the order is what
                    // the merchant looks up). Chinese has no room for the hint: ENTER or 30 s still
                    // start the next sale.
                    screen.Line1 = o.NotificationPending ? Labelled(v, T.OrderLabel, o.OutTradeNo, 19) : Labelled(v, T.RefLabel, o.TransactionId, 20);
                    screen.Line2 = o.NotificationPending ? Text(v, T.NotificationPending) : Labelled(v, T.OrderLabel, o.OutTradeNo, 19);
                    screen.Hint = english ? Text(v, T.NextHint) : null;
                    break;
                case SaleStatus.Failed:
                    screen.Reset(ScreenId.Failed, v.Language);
                    screen.TitleInverted = true;
                    T action = FailureTexts(o.Reason, out T title);
                    screen.Title = Text(v, title);
                    NothingCharged(v, screen, Text(v, action));
                    screen.Hint = Text(v, o.RescanAllowed ? T.RescanHint : T.OkHint);
                    break;
                case SaleStatus.Cancelled:
                    Titled(screen, ScreenId.Cancelled, v, T.CancelledTitle);
                    screen.Large = Money(v, o.TotalFee);
                    screen.Line1 = Text(v, T.NothingCharged);
                    screen.Hint = Text(v, T.OkHint);
                    break;
                case SaleStatus.Unresolved:
                    Titled(screen, ScreenId.Unresolved, v, T.UnresolvedTitle);
                    screen.Line1 = Text(v, T.DoNotChargeAgain);
                    if (english)
                    {
                        screen.Large = Money(v, o.TotalFee);
                        screen.Line2 = Labelled(v, T.OrderLabel, o.OutTradeNo, 19);
                        screen.Line3 = Text(v, T.CallTechnician);
                        screen.Hint = Text(v, T.OkHint);
                    }
                    else
                    {
                        // Amount and order on one 8-pixel line; the warning and the call stay.
                        screen.Line2 = Money(v, o.TotalFee) + " #" + Tail(o.OutTradeNo, Columns - 2 - Money(v, o.TotalFee).Length);
                        screen.Line3 = Text(v, T.CallTechnician);
                    }

                    break;
                case SaleStatus.NotSent:
                    screen.Reset(ScreenId.NotSent, v.Language);
                    screen.TitleInverted = true;
                    screen.Title = Text(v, T.NoNetworkTitle);
                    NothingCharged(v, screen, Text(v, T.TryAgain));
                    screen.Hint = Text(v, T.OkHint);
                    break;
                default:
                    screen.Reset(ScreenId.NotStarted, v.Language);
                    screen.TitleInverted = true;
                    screen.Title = Text(v, T.NotStartedTitle);
                    NothingCharged(v, screen, Text(v, T.CallTechnician));
                    screen.Hint = Text(v, T.OkHint);
                    break;
            }
        }

        /// <summary>
        /// A refused sale: the amount being rescanned, "nothing charged" and what to do. English:
        /// the amount large; Chinese: amount and "nothing charged" share one line.
        /// </summary>
        private static void NothingCharged(ScreenView v, Screen screen, string action)
        {
            if (v.Language == Language.English)
            {
                screen.Large = Money(v, v.Amount);
                screen.Line1 = action;
                screen.Line2 = Text(v, T.NothingCharged);
            }
            else
            {
                screen.Line1 = Money(v, v.Amount) + " " + Text(v, T.NothingCharged);
                screen.Line2 = action;
            }
        }

        /// <summary>The title and the action of a failure reason; returns the action.</summary>
        public static T FailureTexts(FailureReason reason, out T title)
        {
            switch (reason)
            {
                case FailureReason.CodeExpired:
                    title = T.CodeExpiredTitle;
                    return T.CodeExpiredAction;
                case FailureReason.CodeInvalid:
                    title = T.CodeInvalidTitle;
                    return T.ScanAgain;
                case FailureReason.InsufficientFunds:
                    title = T.FundsTitle;
                    return T.SwitchCard;
                case FailureReason.CardNotSupported:
                    title = T.CardTitle;
                    return T.SwitchCard;
                case FailureReason.OrderClosed:
                    title = T.OrderClosedTitle;
                    return T.ScanAgain;
                case FailureReason.DuplicateOrder:
                    title = T.DuplicateTitle;
                    return T.ScanAgain;
                case FailureReason.BuyerMismatch:
                    title = T.BuyerTitle;
                    return T.ScanAgain;
                case FailureReason.TradeError:
                    title = T.TradeErrorTitle;
                    return T.TradeErrorAction;
                case FailureReason.MerchantConfiguration:
                    title = T.MerchantConfigTitle;
                    return T.CallTechnician;
                case FailureReason.TerminalFault:
                    title = T.TerminalFaultTitle;
                    return T.CallTechnician;
                case FailureReason.NotAccepted:
                    title = T.NotAcceptedTitle;
                    return T.TryAgain;
                default:
                    title = T.FailedTitle;
                    return T.TryAgain;
            }
        }

        // ------------------------------------------------------------------ boot recovery

        private static void RecoveredScreen(ScreenView v, Screen screen)
        {
            BootRecovery r = v.Recovery;
            Titled(screen, ScreenId.Recovered, v, T.RecoveredTitle);
            screen.Hint = Text(v, T.OkHint);
            if (r.Error != null)
            {
                screen.Line1 = Text(v, T.NotStartedTitle);
                screen.Line2 = Text(v, T.CallTechnician);
                return;
            }

            if (v.Language == Language.English)
            {
                screen.Line1 = Text(v, T.PaidTitle) + " " + r.Paid.ToString();
                screen.Line2 = Text(v, T.CancelledTitle) + " " + r.NothingCharged.ToString();
                screen.Line3 = Text(v, T.UnresolvedTitle) + " " + r.Pending.ToString();
                if (r.Pending > 0)
                {
                    screen.Hint = Text(v, T.DoNotChargeAgain);
                }

                return;
            }

            // Three lines of 16-pixel glyphs: paid and cancelled share one, the warning stays.
            screen.Hint = null;
            screen.Line1 = Text(v, T.PaidShort) + r.Paid.ToString() + " " + Text(v, T.CancelledShort) + r.NothingCharged.ToString();
            screen.Line2 = Text(v, T.UnresolvedTitle) + " " + r.Pending.ToString();
            screen.Line3 = r.Pending > 0 ? Text(v, T.DoNotChargeAgain) : Text(v, T.OkHint);
        }

        // ------------------------------------------------------------------ blocked, status

        private static void BlockedScreen(ScreenView v, Screen screen)
        {
            screen.Reset(ScreenId.Blocked, v.Language);
            screen.TitleInverted = true;
            screen.Hint = Text(v, T.OkHint);
            SaleReadiness b = v.Blocked;
            switch (b.Blocker)
            {
                case Blocker.NoNetwork:
                    screen.Title = Text(v, T.NoNetworkTitle);
                    screen.Line1 = Text(v, T.CheckNetwork);
                    break;
                case Blocker.ClockNotSynchronised:
                    screen.Title = Text(v, T.ClockTitle);
                    screen.Line1 = Text(v, T.ClockBody);
                    break;
                case Blocker.Suspended:
                    screen.Title = Text(v, T.SuspendedTitle);
                    screen.Line1 = b.Reason == null || b.Reason.Length == 0 ? null : Clip(b.Reason, 50);
                    break;
                case Blocker.OutboxFull:
                    screen.Title = Text(v, T.OutboxFullTitle);
                    screen.Line1 = Text(v, T.OutboxFullBody);
                    screen.Line2 = Text(v, T.CallTechnician);
                    break;
                case Blocker.VelocityLocked:
                    screen.Title = Text(v, T.LockedTitle);
                    screen.Line1 = Text(v, T.LockedBody);
                    break;
                case Blocker.RiskStateUnknown:
                    screen.Title = Text(v, T.LockedTitle);
                    screen.Line1 = Text(v, T.RiskUnknownBody);
                    break;
                case Blocker.Busy:
                    screen.Title = Text(v, T.BusyTitle);
                    screen.Line1 = Text(v, T.PleaseWait);
                    break;
                default:
                    screen.Title = Text(v, T.NotConfiguredTitle);
                    screen.Line1 = Text(v, T.CallTechnician);
                    break;
            }
        }

        private static void StatusScreen(ScreenView v, Screen screen)
        {
            Titled(screen, ScreenId.Status, v, T.StatusTitle);
            TerminalStatus s = v.Status;
            if (s == null)
            {
                return;
            }

            string net = Text(v, s.NetworkUp ? T.StatusNetUp : T.StatusNetDown);
            string clock = Text(v, s.ClockOk ? T.StatusClockOk : T.StatusClockBad);
            string queue = Text(v, T.StatusQueue) + " " + s.Queue.ToString() + " " + Text(v, T.StatusDead) + " " + s.DeadLetters.ToString();
            string unresolved = Text(v, T.StatusUnresolved) + " " + s.Unresolved.ToString();
            T risk = RiskText(s.Risk);
            if (risk != T.Count)
            {
                unresolved += " " + Text(v, risk);
            }

            if (v.Language == Language.English)
            {
                screen.Line1 = net + "  " + clock;
                screen.Line2 = queue;
                screen.Line3 = unresolved;
                screen.Hint = Text(v, T.StatusHint);
            }
            else
            {
                // Four 16-pixel lines: the network joins the title.
                screen.Title = screen.Title + " " + net;
                screen.Line1 = clock;
                screen.Line2 = queue;
                screen.Line3 = unresolved;
            }
        }

        private static T RiskText(Blocker risk)
        {
            switch (risk)
            {
                case Blocker.Suspended:
                    return T.StatusSuspended;
                case Blocker.VelocityLocked:
                case Blocker.RiskStateUnknown:
                    return T.StatusLocked;
                case Blocker.OutboxFull:
                    return T.StatusFull;
                default:
                    return T.Count;
            }
        }

        // ------------------------------------------------------------------ helpers

        internal static void Titled(Screen screen, ScreenId id, ScreenView v, T title)
        {
            screen.Reset(id, v.Language);
            screen.Title = Text(v, title);
            screen.TitleInverted = true;
        }

        internal static string Text(ScreenView v, T id)
        {
            return UiText.Get(id, v.Language);
        }

        /// <summary>"12.34 CNY".</summary>
        public static string Money(ScreenView v, long value)
        {
            return MoneyText.Format(value, v.Currency) + " " + v.Currency.Code;
        }

        private static string Seconds(ScreenView v)
        {
            return v.SecondsLeft < 0 ? "..." : v.SecondsLeft.ToString() + " s";
        }

        internal static string MessageLine(ScreenView v)
        {
            if (v.Message == T.Count)
            {
                return null;
            }

            return v.MessageExtra == null ? Text(v, v.Message) : Text(v, v.Message) + " " + v.MessageExtra;
        }

        /// <summary>
        /// "Order ..00000001" / "订单号 ..00000001": the label and the value's tail, at most
        /// <paramref name="max"/> characters and no more than fit the line after the label.
        /// </summary>
        internal static string Labelled(ScreenView v, T label, string value, int max)
        {
            string text = Text(v, label);
            int room = (Framebuffer.Width - Renderer.Width(text, 0, text.Length)) / Renderer.SmallAdvance - 1;
            return text + " " + Tail(value, room < max ? room : max);
        }

        public static string Tail(string text, int max)
        {
            if (text == null)
            {
                return "-";
            }

            return text.Length <= max ? text : ".." + text.Substring(text.Length - max + 2);
        }

        public static string Clip(string text, int max)
        {
            return text.Length <= max ? text : text.Substring(0, max - 2) + "..";
        }
    }
}
