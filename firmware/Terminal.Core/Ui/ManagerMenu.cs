using Terminal.Core.Money;
using Terminal.Core.Store;

namespace Terminal.Core.Ui
{
    /// <summary>Where the manager functions are (docs/cashier.md, "Manager functions").</summary>
    public enum ManagerStep
    {
        /// <summary>The manager PIN, masked.</summary>
        Pin = 0,

        /// <summary>1 refund, 2 X report, 3 history, 4 close day (Z).</summary>
        Menu,

        /// <summary>Refund: the sale, browsed (F1/F2) or found by the last digits of its order number.</summary>
        Pick,

        /// <summary>Refund: the amount (default: what is left refundable).</summary>
        Amount,
        Confirm,

        /// <summary>The refund runs on its own thread; keys wait.</summary>
        Running,
        Result,
        Report,
        History,

        /// <summary>Close of day: the running totals (the X report's pages); ENTER asks to confirm.</summary>
        ZPreview,

        /// <summary>Close of day: ENTER closes, CANCEL returns to the menu with nothing changed.</summary>
        ZConfirm,

        /// <summary>Close of day: the Z number and totals (<see cref="ManagerMenu.Report"/>), or why nothing was closed (<see cref="ManagerMenu.CloseProblem"/>).</summary>
        ZResult,
    }

    /// <summary>
    /// The manager functions on the keypad (docs/cashier.md, "Manager functions"): reached with
    /// MENU (F2 held) from the idle or status screen, behind the manager PIN; a refund of a sale
    /// from the history (browsed, or found by the last digits of its order number), the X report,
    /// the history and the close of day (Z: totals, confirmation, the closed report), one screen
    /// each. Pure state: the cashier UI owns it, calls it under its lock, renders it through
    /// <see cref="ScreenBuilder"/> and ends the session (CANCEL from the menu, time-out, back to
    /// idle). The PIN's digits are kept in a char buffer that is wiped
    /// after each check; screens show only as many '*'.
    /// </summary>
    public sealed class ManagerMenu
    {
        /// <summary>History records the list and the refund's sale list load (newest first).</summary>
        public const int MaxList = 30;
        public const int MaxFilter = 12;

        private readonly IManagerPort port;
        private readonly ScreenView view;
        private readonly char[] pin = new char[12];
        private readonly char[] filter = new char[MaxFilter];
        private int pinLength;
        private int filterLength;
        private bool filterApplied;

        public ManagerMenu(IManagerPort port, ScreenView view)
        {
            this.port = port;
            this.view = view;
            Entry = new AmountEntry(view.Currency);
        }

        public ManagerStep Step { get; private set; }

        /// <summary>The last refused PIN's answer (null: none yet, or the message expired).</summary>
        public PinAnswer PinProblem { get; private set; }

        /// <summary>Digits of the PIN typed so far (the screen shows as many '*').</summary>
        public int PinLength
        {
            get { return pinLength; }
        }

        /// <summary>The records browsed (Pick: paid sales; History: everything), newest first.</summary>
        public HistoryRecord[] List { get; private set; }

        public int Index { get; private set; }

        /// <summary>The last digits of an order number typed on the pick screen ("" none).</summary>
        public string Filter
        {
            get { return new string(filter, 0, filterLength); }
        }

        /// <summary>True once <see cref="Filter"/> was searched (the list shows its matches).</summary>
        public bool FilterApplied
        {
            get { return filterApplied; }
        }

        /// <summary>What is left refundable of the sale shown or picked.</summary>
        public long Refundable { get; private set; }

        /// <summary>The refund amount being keyed.</summary>
        public AmountEntry Entry { get; private set; }

        /// <summary>The picked sale.</summary>
        public HistoryRecord Sale { get; private set; }

        /// <summary>The confirmed refund amount.</summary>
        public long Fee { get; private set; }

        public RefundOutcome Outcome { get; private set; }

        /// <summary>The X report (Report, ZPreview, ZConfirm) or the closed Z report (ZResult).</summary>
        public ZReport Report { get; private set; }

        /// <summary>Why the last close of day closed nothing (<see cref="CloseError.None"/>: it closed).</summary>
        public CloseError CloseProblem { get; private set; }

        /// <summary>X report page: two per currency (sales/refunds/net, revokes/unresolved/since).</summary>
        public int Page { get; private set; }

        public int Pages
        {
            get { return Report == null || Report.Totals.Count == 0 ? 1 : Report.Totals.Count * 2; }
        }

        public int OffsetMinutes
        {
            get { return port.OffsetMinutes; }
        }

        /// <summary>True while a refund runs (the UI refuses everything else, the background waits).</summary>
        public bool Running
        {
            get { return Step == ManagerStep.Running; }
        }

        /// <summary>MENU pressed: a new session starts at the PIN.</summary>
        public void Open()
        {
            WipePin();
            PinProblem = null;
            Step = ManagerStep.Pin;
            List = null;
            Sale = null;
            Outcome = null;
            Report = null;
        }

        /// <summary>The session ends: nothing of it stays in memory.</summary>
        public void Close()
        {
            WipePin();
            PinProblem = null;
            List = null;
            Sale = null;
            Report = null;
            Outcome = null;
        }

        /// <summary>The message time ran out.</summary>
        public void ClearMessage()
        {
            PinProblem = null;
        }

        /// <summary>
        /// One key. Returns the tone to sound; <paramref name="exit"/> is set when the session ends
        /// (back to idle). <paramref name="listener"/> receives a refund started here.
        /// </summary>
        public Tone OnKey(Key key, IRefundListener listener, out bool exit)
        {
            exit = false;
            switch (Step)
            {
                case ManagerStep.Pin:
                    return PinKey(key, out exit);
                case ManagerStep.Menu:
                    return MenuKey(key, out exit);
                case ManagerStep.Pick:
                    return PickKey(key);
                case ManagerStep.Amount:
                    return AmountKey(key);
                case ManagerStep.Confirm:
                    if (key == Key.Enter)
                    {
                        Step = ManagerStep.Running;
                        Outcome = null;
                        port.BeginRefund(Sale.OutTradeNo, Fee, listener);
                        return Tone.Key;
                    }

                    if (key == Key.Cancel || key == Key.Back)
                    {
                        Step = ManagerStep.Amount;
                        return Tone.Key;
                    }

                    return Refuse(T.MsgKeyIgnored, null);
                case ManagerStep.Running:
                    return Tone.Error; // the refund cannot be stopped once it left
                case ManagerStep.Result:
                    if (key == Key.Enter || key == Key.Cancel)
                    {
                        Step = ManagerStep.Menu;
                        return Tone.Key;
                    }

                    return Tone.Error;
                case ManagerStep.Report:
                    return Browse(key, Pages, true);
                case ManagerStep.ZPreview:
                    return ZPreviewKey(key);
                case ManagerStep.ZConfirm:
                    return ZConfirmKey(key);
                case ManagerStep.ZResult:
                    if (key == Key.Enter || key == Key.Cancel)
                    {
                        Step = ManagerStep.Menu;
                        Report = null;
                        return Tone.Key;
                    }

                    return key == Key.F1 || key == Key.F2 ? Browse(key, Pages, true) : Tone.Error;
                default:
                    return Browse(key, List == null ? 0 : List.Length, false);
            }
        }

        /// <summary>The refund's end (under the UI's lock). False when no refund was running.</summary>
        public bool Finished(RefundOutcome outcome)
        {
            if (Step != ManagerStep.Running)
            {
                return false;
            }

            Outcome = outcome;
            Step = ManagerStep.Result;
            return true;
        }

        // ------------------------------------------------------------------ steps

        private Tone PinKey(Key key, out bool exit)
        {
            exit = false;
            int digit = Keys.Digit(key);
            if (digit >= 0)
            {
                if (pinLength == pin.Length)
                {
                    return Tone.Error;
                }

                pin[pinLength++] = (char)('0' + digit);
                return Tone.Key;
            }

            switch (key)
            {
                case Key.Back:
                    if (pinLength == 0)
                    {
                        return Tone.Error;
                    }

                    pin[--pinLength] = ' ';
                    return Tone.Key;
                case Key.Clear:
                    WipePin();
                    return Tone.Key;
                case Key.Cancel:
                    exit = true;
                    return Tone.Key;
                case Key.Enter:
                    if (pinLength == 0)
                    {
                        return Tone.Error;
                    }

                    PinAnswer answer = port.CheckPin(new string(pin, 0, pinLength));
                    WipePin();
                    if (answer.Verdict == PinVerdict.Ok)
                    {
                        PinProblem = null;
                        Step = ManagerStep.Menu;
                        return Tone.Key;
                    }

                    PinProblem = answer;
                    view.Message = T.Count;
                    return Tone.Error;
            }

            return Tone.Error;
        }

        private Tone MenuKey(Key key, out bool exit)
        {
            exit = false;
            switch (key)
            {
                case Key.D1:
                    LoadSales(null);
                    Step = ManagerStep.Pick;
                    return Tone.Key;
                case Key.D2:
                    Report = port.XReport();
                    Page = 0;
                    Step = ManagerStep.Report;
                    return Tone.Key;
                case Key.D3:
                    List = port.Recent(MaxList);
                    Index = 0;
                    Step = ManagerStep.History;
                    return Tone.Key;
                case Key.D4:
                    Report = port.XReport();
                    Page = 0;
                    Step = ManagerStep.ZPreview;
                    return Tone.Key;
                case Key.Cancel:
                    exit = true;
                    return Tone.Key;
            }

            return Tone.Error;
        }

        private Tone PickKey(Key key)
        {
            int digit = Keys.Digit(key);
            if (digit >= 0)
            {
                if (filterLength == MaxFilter)
                {
                    return Tone.Error;
                }

                if (filterApplied)
                {
                    filterLength = 0; // a new search
                    filterApplied = false;
                }

                filter[filterLength++] = (char)('0' + digit);
                return Tone.Key;
            }

            switch (key)
            {
                case Key.F1:
                case Key.F2:
                    return Browse(key, List.Length, false);
                case Key.Back:
                    if (filterLength == 0)
                    {
                        return Tone.Error;
                    }

                    filterLength--;
                    if (filterLength == 0 && filterApplied)
                    {
                        LoadSales(null); // back to the newest sales
                    }

                    filterApplied = false;
                    return Tone.Key;
                case Key.Clear:
                    LoadSales(null);
                    return Tone.Key;
                case Key.Cancel:
                    if (filterLength > 0)
                    {
                        LoadSales(null);
                        return Tone.Key;
                    }

                    Step = ManagerStep.Menu;
                    List = null;
                    return Tone.Key;
                case Key.Enter:
                    if (filterLength > 0 && !filterApplied)
                    {
                        LoadSales(Filter);
                        return List.Length == 0 ? Tone.Error : Tone.Key;
                    }

                    if (List.Length == 0)
                    {
                        return Tone.Error;
                    }

                    if (Refundable <= 0)
                    {
                        return Refuse(T.RejectExceedsSale, null); // fully refunded (or on its way)
                    }

                    Sale = List[Index];
                    Entry.Currency = CurrencyOf(Sale.Currency, view.Currency);
                    Entry.Set(Refundable);
                    Step = ManagerStep.Amount;
                    return Tone.Key;
            }

            return Tone.Error;
        }

        private Tone AmountKey(Key key)
        {
            if (key == Key.Cancel)
            {
                Step = ManagerStep.Pick;
                return Tone.Key;
            }

            if (key == Key.Enter)
            {
                long value;
                T refusal;
                bool above;
                if (!Entry.TryParse(Refundable, out value, out refusal, out above))
                {
                    return Refuse(above ? T.MsgAboveRefundable : refusal, above ? MoneyText.Format(Refundable, Entry.Currency) : null);
                }

                Fee = value;
                Step = ManagerStep.Confirm;
                return Tone.Key;
            }

            T result = Entry.Press(key);
            if (result == AmountEntry.Accepted)
            {
                return Tone.Key;
            }

            return key == Key.Back ? Tone.Error : Refuse(result, null);
        }

        /// <summary>The totals before a close: F1/F2 page, ENTER asks to confirm, CANCEL back to the menu (nothing changed).</summary>
        private Tone ZPreviewKey(Key key)
        {
            switch (key)
            {
                case Key.F1:
                case Key.F2:
                    return Browse(key, Pages, true);
                case Key.Enter:
                    Step = ManagerStep.ZConfirm;
                    return Tone.Key;
                case Key.Cancel:
                case Key.Back:
                    Step = ManagerStep.Menu;
                    Report = null;
                    return Tone.Key;
            }

            return Tone.Error;
        }

        /// <summary>The second key: ENTER closes the day (once), CANCEL/BACK return to the menu with nothing changed.</summary>
        private Tone ZConfirmKey(Key key)
        {
            if (key == Key.Enter)
            {
                ZReport closed;
                CloseProblem = port.CloseDay(out closed);
                Report = CloseProblem == CloseError.None ? closed : null;
                Page = 0;
                Step = ManagerStep.ZResult;
                return CloseProblem == CloseError.None ? Tone.Key : Tone.Error;
            }

            if (key == Key.Cancel || key == Key.Back)
            {
                Step = ManagerStep.Menu;
                Report = null;
                return Tone.Key;
            }

            return Refuse(T.MsgKeyIgnored, null);
        }

        /// <summary>F1 newer (previous page), F2 older (next page), CANCEL (or ENTER off the pick screen) back to the menu.</summary>
        private Tone Browse(Key key, int count, bool pages)
        {
            int at = pages ? Page : Index;
            if (key == Key.F1 || key == Key.F2 || (pages && key == Key.Enter))
            {
                int next = key == Key.F1 ? at - 1 : at + 1;
                if (next < 0 || next >= count)
                {
                    return Tone.Error;
                }

                if (pages)
                {
                    Page = next;
                }
                else
                {
                    Index = next;
                    if (Step == ManagerStep.Pick)
                    {
                        Refundable = Left(List[Index]);
                    }
                }

                return Tone.Key;
            }

            if (key == Key.Cancel || key == Key.Enter)
            {
                Step = ManagerStep.Menu;
                List = null;
                Report = null;
                return Tone.Key;
            }

            return Tone.Error;
        }

        private void LoadSales(string orderEnd)
        {
            filterApplied = orderEnd != null;
            if (orderEnd == null)
            {
                filterLength = 0;
                HistoryRecord[] recent = port.Recent(MaxList);
                int paid = 0;
                for (int i = 0; i < recent.Length; i++)
                {
                    if (recent[i].Status == HistoryRecord.Paid)
                    {
                        paid++;
                    }
                }

                HistoryRecord[] sales = new HistoryRecord[paid];
                paid = 0;
                for (int i = 0; i < recent.Length; i++)
                {
                    if (recent[i].Status == HistoryRecord.Paid)
                    {
                        sales[paid++] = recent[i];
                    }
                }

                List = sales;
            }
            else
            {
                List = port.FindSales(orderEnd, MaxList);
            }

            Index = 0;
            Refundable = List.Length == 0 ? 0 : Left(List[0]);
        }

        private long Left(HistoryRecord sale)
        {
            long left = sale.Amount - port.Refunded(sale.OutTradeNo);
            return left < 0 ? 0 : left;
        }

        private Tone Refuse(T message, string extra)
        {
            view.Message = message;
            view.MessageExtra = extra;
            return Tone.Error;
        }

        private void WipePin()
        {
            for (int i = 0; i < pin.Length; i++)
            {
                pin[i] = ' ';
            }

            pinLength = 0;
        }

        /// <summary>The currency of a record's code, or <paramref name="fallback"/>.</summary>
        public static Currency CurrencyOf(string code, Currency fallback)
        {
            Currency c = code == null || code.Length == 0 ? null : Currency.Find(code);
            return c == null ? fallback : c;
        }
    }
}
