using nanoFramework.TestFramework;
using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Store;
using Terminal.Core.Ui;
using Terminal.Tests.Support;

namespace Terminal.Tests.Ui
{
    /// <summary>A manager port the test scripts: PIN 1357 with the PinGuard's lockout rule, three sales, a refund outcome.</summary>
    public sealed class FakeManagerPort : IManagerPort
    {
        public const string Pin = "1357";
        public int Failures;
        public int Checks;
        public string LastPinSeen;
        public HistoryRecord[] History;
        public long AlreadyRefunded = 500; // of the second sale
        public int Begins;
        public string RefundOrder;
        public long RefundFee;
        public IRefundListener Listener;

        /// <summary>Finish each refund inside BeginRefund with this outcome (null: leave it running).</summary>
        public RefundOutcome FinishWith;

        public FakeManagerPort()
        {
            History = new HistoryRecord[]
            {
                Record(HistoryRecord.Paid, "T100000000000003", 3000, 1795219200 + 3600),
                Record(HistoryRecord.Refunded, "T100000000000002", 500, 1795219200 + 1800),
                Record(HistoryRecord.Paid, "T100000000000002", 2000, 1795219200 + 600),
                Record(HistoryRecord.Failed, "T100000000000009", 700, 1795219200 + 300),
                Record(HistoryRecord.Paid, "T100000000000001", 1000, 1795219200),
            };
        }

        public static HistoryRecord Record(byte status, string order, long amount, long at)
        {
            HistoryRecord r = new HistoryRecord();
            r.Status = status;
            r.OutTradeNo = order;
            r.Reference = "4200000000000000000" + order.Substring(order.Length - 3);
            r.Amount = amount;
            r.Currency = "CNY";
            r.At = at;
            r.Reason = string.Empty;
            return r;
        }

        public int OffsetMinutes
        {
            get { return 480; }
        }

        public PinAnswer CheckPin(string pin)
        {
            Checks++;
            LastPinSeen = pin;
            PinAnswer a = new PinAnswer();
            if (Failures >= 3)
            {
                a.Verdict = PinVerdict.LockedOut;
                a.LockedSeconds = 30;
                return a;
            }

            if (pin == Pin)
            {
                Failures = 0;
                a.Verdict = PinVerdict.Ok;
                return a;
            }

            Failures++;
            a.Verdict = PinVerdict.Wrong;
            a.TriesLeft = 3 - Failures;
            a.LockedSeconds = Failures >= 3 ? 30 : 0;
            return a;
        }

        public HistoryRecord[] Recent(int max)
        {
            return History;
        }

        public HistoryRecord[] FindSales(string orderEnd, int max)
        {
            int n = 0;
            HistoryRecord[] found = new HistoryRecord[History.Length];
            for (int i = 0; i < History.Length; i++)
            {
                if (History[i].Status == HistoryRecord.Paid && History[i].OutTradeNo.EndsWith(orderEnd))
                {
                    found[n++] = History[i];
                }
            }

            HistoryRecord[] result = new HistoryRecord[n];
            System.Array.Copy(found, result, n);
            return result;
        }

        public long Refunded(string outTradeNo)
        {
            return outTradeNo == "T100000000000002" ? AlreadyRefunded : 0;
        }

        public void BeginRefund(string outTradeNo, long fee, IRefundListener listener)
        {
            Begins++;
            RefundOrder = outTradeNo;
            RefundFee = fee;
            Listener = listener;
            if (FinishWith != null)
            {
                FinishWith.Fee = fee;
                FinishWith.OutTradeNo = outTradeNo;
                listener.OnRefundFinished(FinishWith);
            }
        }

        public ZReport XReport()
        {
            ZReport z = new ZReport();
            z.Number = 3;
            z.OpenedAt = 1795219200;
            z.OffsetMinutes = 480;
            z.Totals = new Totals();
            z.Totals.Add(History[0]);
            z.Totals.Add(History[1]);
            z.Totals.Add(History[2]);
            z.Totals.Add(History[4]);
            HistoryRecord revoked = Record(HistoryRecord.Cancelled, "T100000000000008", 900, 1795219200);
            z.Totals.Add(revoked);
            z.Totals.SetUnresolved("CNY", 1);
            return z;
        }

        /// <summary>Closes of day asked for (each one the terminal would number and commit).</summary>
        public int Closes;

        /// <summary>What the next close answers (None: Z 3 with the X report's totals).</summary>
        public CloseError CloseWith;

        public CloseError CloseDay(out ZReport report)
        {
            Closes++;
            report = CloseWith == CloseError.None ? XReport() : null;
            return CloseWith;
        }

        public static RefundOutcome Outcome(RefundEnd end)
        {
            RefundOutcome o = new RefundOutcome();
            o.End = end;
            return o;
        }
    }

    /// <summary>
    /// The manager functions on the keypad as key sequences: MENU, the masked manager PIN with the
    /// lockout messages, the menu, the refund (sale browsed or found by its order number's last
    /// digits, amount, confirmation, outcome), the X report, the history and the close of day.
    /// Keys: digits, '.', '&lt;' BACK, 'C' CLEAR, 'E' ENTER, 'X' CANCEL, 'M' MENU, 'a' F1, 'b' F2.
    /// </summary>
    [TestClass]
    public class ManagerMenuTests
    {
        private static CashierUi Ui(FakeManagerPort port, VirtualClock clock)
        {
            CashierUi ui = new CashierUi(new FakeSalePort(), new ScreenLog(), null, clock, Currency.CNY, 5000000);
            ui.ManagerPort = port;
            return ui;
        }

        private static void Type(CashierUi ui, string keys)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                ui.OnKey(KeyOf(keys[i]));
            }
        }

        public static Key KeyOf(char c)
        {
            switch (c)
            {
                case '.':
                    return Key.Dot;
                case '<':
                    return Key.Back;
                case 'C':
                    return Key.Clear;
                case 'E':
                    return Key.Enter;
                case 'X':
                    return Key.Cancel;
                case 'M':
                    return Key.Menu;
                case 'a':
                    return Key.F1;
                case 'b':
                    return Key.F2;
                default:
                    return Keys.FromDigit(c - '0');
            }
        }

        [TestMethod]
        [DataRow("M", "ManagerPin: [Manager PIN] *_* | (ENTER=OK  CANCEL=exit)")]
        [DataRow("bM", "ManagerPin: [Manager PIN] *_* | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M135", "ManagerPin: [Manager PIN] ***** | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M13<", "ManagerPin: [Manager PIN] *** | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M13C", "ManagerPin: [Manager PIN] *_* | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M1357X", "Amount: [WeChat Pay] *0.00* | Amount CNY | (ENTER=OK  F1=lang F2=info)")]
        [DataRow("M0000E", "ManagerPin: [Manager PIN] *_* | Wrong PIN, tries left 2 | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M0000E0000E0000E", "ManagerPin: [Manager PIN] *_* | Locked, wait 30 s | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M0000E0000E0000E1357E", "ManagerPin: [Manager PIN] *_* | Locked, wait 30 s | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M1357E", "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E9", "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357EX", "Amount: [WeChat Pay] *0.00* | Amount CNY | (ENTER=OK  F1=lang F2=info)")]
        [DataRow("M1357EXM", "ManagerPin: [Manager PIN] *_* | (ENTER=OK  CANCEL=exit)")]
        [DataRow("M1357E2", "XReport: [X report CNY 1/2] | Sales 3: 60.00 | Refunds 1: 5.00 | Net 55.00 | (F1/F2=page CANCEL=back)")]
        [DataRow("M1357E2b", "XReport: [X report CNY 2/2] | Revoked 1 | Unresolved 1 | From 11-21 08:00 | (F1/F2=page CANCEL=back)")]
        [DataRow("M1357E2bX", "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E3", "History: [History 1/5] *30.00 CNY* | Paid 11-21 09:00 | Order T100000000000003 | (F1/F2=browse CANCEL=back)")]
        [DataRow("M1357E3b", "History: [History 2/5] *5.00 CNY* | Refund 11-21 08:30 | Order T100000000000002 | (F1/F2=browse CANCEL=back)")]
        [DataRow("M1357E3bbba", "History: [History 3/5] *20.00 CNY* | Paid 11-21 08:10 | Order T100000000000002 | (F1/F2=browse CANCEL=back)")]
        [DataRow("M1357E3bbbb", "History: [History 5/5] *10.00 CNY* | Paid 11-21 08:00 | Order T100000000000001 | (F1/F2=browse CANCEL=back)")]
        [DataRow("M1357E3bbbbb", "History: [History 5/5] *10.00 CNY* | Paid 11-21 08:00 | Order T100000000000001 | (F1/F2=browse CANCEL=back)")]
        public void Menu_pin_report_and_history_follow_the_keys(string keys, string screen)
        {
            FakeManagerPort port = new FakeManagerPort();
            CashierUi ui = Ui(port, new VirtualClock());
            Type(ui, keys);
            Assert.AreEqual(screen, ui.Screen.ToText());
        }

        [TestMethod]
        [DataRow("M1357E1", "RefundPick: [Refund: pick a sale] *30.00 CNY* | 11-21 09:00 #..0000000003 | Refundable 30.00 1/3 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E1b", "RefundPick: [Refund: pick a sale] *20.00 CNY* | 11-21 08:10 #..0000000002 | Refundable 15.00 2/3 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E1bbb", "RefundPick: [Refund: pick a sale] *10.00 CNY* | 11-21 08:00 #..0000000001 | Refundable 10.00 3/3 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E1ba", "RefundPick: [Refund: pick a sale] *30.00 CNY* | 11-21 09:00 #..0000000003 | Refundable 30.00 1/3 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E101", "RefundPick: [Refund: pick a sale] *30.00 CNY* | 11-21 09:00 #..0000000003 | Order ends 01_ | (ENTER=search BACK=edit)")]
        [DataRow("M1357E101E", "RefundPick: [Refund: pick a sale] *10.00 CNY* | 11-21 08:00 #..0000000001 | Refundable 10.00 1/1 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E19999E", "RefundPick: [Refund: pick a sale] | No sales found | Order ends 9999 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E19999EX", "RefundPick: [Refund: pick a sale] *30.00 CNY* | 11-21 09:00 #..0000000003 | Refundable 30.00 1/3 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E1X", "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E1bE", "RefundAmount: [Refund amount] *[15.00]* | Refundable 15.00 CNY | (ENTER=OK  CANCEL=back)")]
        [DataRow("M1357E1bE5", "RefundAmount: [Refund amount] *5_* | Refundable 15.00 CNY | (ENTER=OK  CANCEL=back)")]
        [DataRow("M1357E1bE16E", "RefundAmount: [Refund amount] *16_* | Above refundable 15.00 | (ENTER=OK  CANCEL=back)")]
        [DataRow("M1357E1bE0E", "RefundAmount: [Refund amount] *0_* | Enter an amount | (ENTER=OK  CANCEL=back)")]
        [DataRow("M1357E1bE5.505E", "RefundConfirm: [Confirm refund] *5.50 CNY* | Order T100000000000002 | (ENTER=refund CANCEL=back)")]
        [DataRow("M1357E1bEE", "RefundConfirm: [Confirm refund] *15.00 CNY* | Order T100000000000002 | (ENTER=refund CANCEL=back)")]
        [DataRow("M1357E1bEEX", "RefundAmount: [Refund amount] *[15.00]* | Refundable 15.00 CNY | (ENTER=OK  CANCEL=back)")]
        [DataRow("M1357E1bEX", "RefundPick: [Refund: pick a sale] *20.00 CNY* | 11-21 08:10 #..0000000002 | Refundable 15.00 2/3 | (F1/F2=browse ENTER=pick)")]
        [DataRow("M1357E1bEEE", "Refunding: [Refunding] *15.00 CNY* | Please wait... | Order T100000000000002")]
        [DataRow("M1357E1bEEE1X", "Refunding: [Refunding] *15.00 CNY* | Please wait... | Order T100000000000002")]
        public void Refund_entry_follows_the_keys(string keys, string screen)
        {
            FakeManagerPort port = new FakeManagerPort();
            CashierUi ui = Ui(port, new VirtualClock());
            Type(ui, keys);
            Assert.AreEqual(screen, ui.Screen.ToText());
            Assert.AreEqual(keys.EndsWith("EEE") || keys.EndsWith("EEE1X") ? 1 : 0, port.Begins);
        }

        [TestMethod]
        public void A_confirmed_refund_asks_the_engine_once_and_keys_wait_until_it_ends()
        {
            FakeManagerPort port = new FakeManagerPort();
            VirtualClock clock = new VirtualClock();
            CashierUi ui = Ui(port, clock);
            Type(ui, "M1357E1bE3E");
            Assert.AreEqual(0, port.Begins, "nothing before the confirmation");
            Type(ui, "E");
            Assert.AreEqual(1, port.Begins);
            Assert.AreEqual("T100000000000002", port.RefundOrder);
            Assert.AreEqual(300L, port.RefundFee);
            Assert.IsTrue(ui.SaleRunning, "a refund runs: no sale, no background pass");
            Type(ui, "EEXXM12");
            clock.Advance(10 * 60000);
            ui.Tick();
            Assert.AreEqual(1, port.Begins, "keys and time-outs never start or end it");
            Assert.AreEqual((int)ScreenId.Refunding, (int)ui.Current);
            port.Listener.OnRefundFinished(Finished(RefundEnd.Refunded, "T100000000000002", 300));
            Assert.AreEqual("RefundResult: [REFUNDED] *3.00 CNY* | Order T100000000000002 | (ENTER=OK)", ui.Screen.ToText());
            Assert.IsFalse(ui.SaleRunning);
            Type(ui, "E");
            Assert.AreEqual((int)ScreenId.ManagerMenu, (int)ui.Current, "the session goes on");
        }

        private static RefundOutcome Finished(RefundEnd end, string order, long fee)
        {
            RefundOutcome o = FakeManagerPort.Outcome(end);
            o.OutTradeNo = order;
            o.Fee = fee;
            return o;
        }

        [TestMethod]
        [DataRow((int)RefundEnd.Refunded, 0, "RefundResult: [REFUNDED] *15.00 CNY* | Order T100000000000002 | (ENTER=OK)")]
        [DataRow((int)RefundEnd.Accepted, 0, "RefundResult: [Refund accepted] *15.00 CNY* | Do NOT refund again | Terminal keeps checking | Order T100000000000002 | (ENTER=OK)")]
        [DataRow((int)RefundEnd.InFlight, 0, "RefundResult: [Refund not confirmed] *15.00 CNY* | Do NOT refund again | Terminal keeps checking | Order T100000000000002 | (ENTER=OK)")]
        [DataRow((int)RefundEnd.Failed, 0, "RefundResult: [Refund failed] *15.00 CNY* | Nothing refunded | WeChat: NOTENOUGH | Call the technician | (ENTER=OK)")]
        [DataRow((int)RefundEnd.Closed, 0, "RefundResult: [Refund closed] *15.00 CNY* | Nothing refunded | (ENTER=OK)")]
        [DataRow((int)RefundEnd.Abnormal, 0, "RefundResult: [Refund abnormal] *15.00 CNY* | Customer account refused | Settle on merchant site | Order T100000000000002 | (ENTER=OK)")]
        [DataRow((int)RefundEnd.Refused, (int)RefundRejection.ExceedsSale, "RefundResult: [Refund refused] *15.00 CNY* | More than refundable | Sale 20.00 refunded 10.00 | Nothing sent | (ENTER=OK)")]
        [DataRow((int)RefundEnd.Refused, (int)RefundRejection.NoAnswer, "RefundResult: [Refund refused] *15.00 CNY* | No answer: try again | Nothing sent | (ENTER=OK)")]
        [DataRow((int)RefundEnd.Refused, (int)RefundRejection.Busy, "RefundResult: [Refund refused] *15.00 CNY* | Busy: try again | Nothing sent | (ENTER=OK)")]
        public void Every_refund_outcome_has_its_screen(int end, int rejection, string screen)
        {
            FakeManagerPort port = new FakeManagerPort();
            RefundOutcome o = FakeManagerPort.Outcome((RefundEnd)end);
            o.Rejection = (RefundRejection)rejection;
            if (o.End == RefundEnd.Failed)
            {
                o.ErrCode = "NOTENOUGH";
                o.TechnicianAttention = true;
            }

            if (o.Rejection == RefundRejection.ExceedsSale)
            {
                o.SaleTotal = 2000;
                o.AlreadyRefunded = 1000;
            }

            port.FinishWith = o;
            CashierUi ui = Ui(port, new VirtualClock());
            Type(ui, "M1357E1bEEE");
            Assert.AreEqual(screen, ui.Screen.ToText());
            Type(ui, "X");
            Assert.AreEqual((int)ScreenId.ManagerMenu, (int)ui.Current);
        }

        [TestMethod]
        public void The_session_ends_after_a_minute_without_keys_and_the_pin_is_asked_again()
        {
            FakeManagerPort port = new FakeManagerPort();
            VirtualClock clock = new VirtualClock();
            CashierUi ui = Ui(port, clock);
            Type(ui, "M1357E1");
            clock.Advance(59000);
            ui.Tick();
            Assert.AreEqual((int)ScreenId.RefundPick, (int)ui.Current);
            Type(ui, "b");
            clock.Advance(59000);
            ui.Tick();
            Assert.AreEqual((int)ScreenId.RefundPick, (int)ui.Current, "each key restarts the minute");
            clock.Advance(1000);
            ui.Tick();
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current);
            Type(ui, "M");
            Assert.AreEqual((int)ScreenId.ManagerPin, (int)ui.Current);
            Assert.AreEqual(1, port.Checks);
        }

        [TestMethod]
        [DataRow("M1357E4", 0, "ZPreview: [Close day: Z 3 CNY 1/2] | Sales 3: 60.00 | Refunds 1: 5.00 | Net 55.00 | (F1/F2=page ENTER=close)")]
        [DataRow("M1357E4b", 0, "ZPreview: [Close day: Z 3 CNY 2/2] | Revoked 1 | Unresolved 1 | From 11-21 08:00 | (F1/F2=page ENTER=close)")]
        [DataRow("M1357E4bE", 0, "ZConfirm: [Close the day?] *Z 3* | Totals start again at 0 | (ENTER=close CANCEL=back)")]
        [DataRow("M1357E4E1", 0, "ZConfirm: [Close the day?] *Z 3* | Key not used here | (ENTER=close CANCEL=back)")]
        [DataRow("M1357E4X", 0, "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E4EX", 0, "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E4E<", 0, "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E4EE", 1, "ZResult: [Day closed: Z 3 CNY 1/2] | Sales 3: 60.00 | Refunds 1: 5.00 | Net 55.00 | (F1/F2=page CANCEL=back)")]
        [DataRow("M1357E4EEb", 1, "ZResult: [Day closed: Z 3 CNY 2/2] | Revoked 1 | Unresolved 1 | From 11-21 08:00 | (F1/F2=page CANCEL=back)")]
        [DataRow("M1357E4EEE", 1, "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E4EEEE", 1, "ManagerMenu: [Manager] | 1 Refund | 2 X report | 3 History  4 Close day | (CANCEL=exit)")]
        [DataRow("M1357E4EEX4", 1, "ZPreview: [Close day: Z 3 CNY 1/2] | Sales 3: 60.00 | Refunds 1: 5.00 | Net 55.00 | (F1/F2=page ENTER=close)")]
        public void Close_of_day_shows_the_totals_asks_and_closes_once_on_the_confirmation(string keys, int closes, string screen)
        {
            FakeManagerPort port = new FakeManagerPort();
            CashierUi ui = Ui(port, new VirtualClock());
            Type(ui, keys);
            Assert.AreEqual(screen, ui.Screen.ToText());
            Assert.AreEqual(closes, port.Closes, "closes asked for");
        }

        [TestMethod]
        [DataRow((int)CloseError.ClockNotSet, "ZResult: [Day NOT closed] | Clock not synchronised | Nothing changed, retry | (ENTER=OK)")]
        [DataRow((int)CloseError.FlashFailed, "ZResult: [Day NOT closed] | Storage error | Nothing changed, retry | (ENTER=OK)")]
        public void A_close_the_terminal_refused_says_why_and_nothing_was_closed(int error, string screen)
        {
            FakeManagerPort port = new FakeManagerPort();
            port.CloseWith = (CloseError)error;
            CashierUi ui = Ui(port, new VirtualClock());
            Type(ui, "M1357E4EE");
            Assert.AreEqual(screen, ui.Screen.ToText());
            Assert.AreEqual(1, port.Closes);
            Type(ui, "E");
            Assert.AreEqual((int)ScreenId.ManagerMenu, (int)ui.Current);
        }

        [TestMethod]
        [DataRow("M1357E")]
        [DataRow("M1357E4")]
        [DataRow("M1357E4b")]
        [DataRow("M1357E4E")]
        [DataRow("M1357E4EE")]
        [DataRow("M1357E4EEb")]
        public void Close_of_day_screens_fit_in_both_languages(string keys)
        {
            for (int language = 0; language < 2; language++)
            {
                FakeManagerPort port = new FakeManagerPort();
                CashierUi ui = Ui(port, new VirtualClock());
                ui.SetLanguage((Language)language);
                Type(ui, keys);
                Assert.AreEqual(0, ui.Renderer.MissingGlyphs, ui.Screen.ToText());
                Assert.IsFalse(ui.Renderer.Overflow, ui.Screen.ToText());
            }

            FakeManagerPort refused = new FakeManagerPort();
            refused.CloseWith = CloseError.FlashFailed;
            CashierUi zh = Ui(refused, new VirtualClock());
            zh.SetLanguage(Language.Chinese);
            Type(zh, "M1357E4EE");
            Assert.AreEqual("未能日结", zh.Screen.Title);
            Assert.AreEqual(0, zh.Renderer.MissingGlyphs, zh.Screen.ToText());
            Assert.IsFalse(zh.Renderer.Overflow, zh.Screen.ToText());
        }

        [TestMethod]
        public void The_pin_is_never_shown_and_menu_without_a_manager_port_is_refused()
        {
            FakeManagerPort port = new FakeManagerPort();
            ScreenLog log = new ScreenLog();
            CashierUi ui = new CashierUi(new FakeSalePort(), log, null, new VirtualClock(), Currency.CNY, 5000000);
            ui.ManagerPort = port;
            Type(ui, "M2468E1357E");
            Assert.AreEqual("1357", port.LastPinSeen);
            for (int i = 0; i < log.Screens.Count; i++)
            {
                string shown = (string)log.Screens[i];
                Assert.IsTrue(shown.IndexOf("2468") < 0 && shown.IndexOf("1357") < 0, shown);
            }

            CashierUi plain = new CashierUi(new FakeSalePort(), new ScreenLog(), null, new VirtualClock(), Currency.CNY, 5000000);
            Type(plain, "M");
            Assert.AreEqual((int)ScreenId.Amount, (int)plain.Current);
            Assert.AreEqual("Key not used here", plain.Screen.Line1);
        }
    }
}
