using nanoFramework.TestFramework;
using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Core.Ui;
using Terminal.Tests.Support;

namespace Terminal.Tests.Ui
{
    [TestClass]
    public class CashierUiTests
    {
        private const string Code = "134567890123456789";

        private static CashierUi Ui(FakeSalePort port, ScreenLog log, VirtualClock clock, Currency currency)
        {
            return new CashierUi(port, log, null, clock, currency, 5000000);
        }

        private static void Type(CashierUi ui, string keys)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                char c = keys[i];
                ui.OnKey(c == '.' ? Key.Dot : (c == '<' ? Key.Back : (c == 'E' ? Key.Enter : (c == 'X' ? Key.Cancel : Keys.FromDigit(c - '0')))));
            }
        }

        [TestMethod]
        [DataRow("12.34", "12.34_")]
        [DataRow("0012", "12_")]
        [DataRow(".5", "0.5_")]
        [DataRow("12.345", "12.34_")]
        [DataRow("1..2", "1.2_")]
        [DataRow("12<3", "13_")]
        [DataRow("1.<<", "0.00")]
        [DataRow("12345678901", "1234567890_")]
        public void Amount_entry_keeps_a_valid_amount(string keys, string shown)
        {
            CashierUi ui = Ui(new FakeSalePort(), new ScreenLog(), new VirtualClock(), Currency.CNY);
            Type(ui, keys);
            Assert.AreEqual(shown, ui.Screen.Large);
        }

        [TestMethod]
        public void The_connection_is_prepared_at_the_first_digit_and_at_the_confirmation()
        {
            FakeSalePort port = new FakeSalePort();
            CashierUi ui = Ui(port, new ScreenLog(), new VirtualClock(), Currency.CNY);
            Type(ui, "1");
            Assert.AreEqual(1, port.Prepares, "first digit: warm the connection");
            Type(ui, "2.34");
            Assert.AreEqual(1, port.Prepares, "later keys do not ask again");
            Type(ui, "E");
            Assert.AreEqual(1, port.Prepares, "the confirmation screen");
            Type(ui, "E");
            Assert.AreEqual(2, port.Prepares, "confirmed: check it again before the scan");
            Assert.AreEqual(0, port.Begins, "preparing starts no sale");
        }

        [TestMethod]
        public void Yen_takes_no_decimal_point()
        {
            ScreenLog log = new ScreenLog();
            CashierUi ui = Ui(new FakeSalePort(), log, new VirtualClock(), Currency.JPY);
            Type(ui, "5.0");
            Assert.AreEqual("50_", ui.Screen.Large);
            Assert.IsTrue(log.Screens.Count > 0);
        }

        [TestMethod]
        [DataRow("E", "Enter an amount")]
        [DataRow("0E", "Enter an amount")]
        [DataRow("60000E", "Above maximum 50000.00")]
        [DataRow("1.234", "At most 2 decimals")]
        public void Bad_amounts_are_refused_with_a_message(string keys, string message)
        {
            FakeSalePort port = new FakeSalePort();
            CashierUi ui = Ui(port, new ScreenLog(), new VirtualClock(), Currency.CNY);
            Type(ui, keys);
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current);
            Assert.AreEqual(message, ui.Screen.Line1);
            Assert.AreEqual(0, port.Begins);
        }

        [TestMethod]
        public void Sale_goes_amount_confirm_scan_processing_paid()
        {
            FakeSalePort port = new FakeSalePort();
            CashierUi ui = Ui(port, new ScreenLog(), new VirtualClock(), Currency.CNY);
            Type(ui, "12.34E");
            Assert.AreEqual((int)ScreenId.Confirm, (int)ui.Current);
            Assert.AreEqual("12.34 CNY", ui.Screen.Large);
            Type(ui, "E");
            Assert.AreEqual((int)ScreenId.Scan, (int)ui.Current);
            Assert.IsTrue(ui.WantsScan);
            ui.OnScan(Code);
            Assert.AreEqual(1, port.Begins);
            Assert.AreEqual(1234L, port.Amount);
            Assert.AreEqual(Code, port.Code);
            Assert.AreEqual((int)ScreenId.Processing, (int)ui.Current);
            port.Listener.OnSaleProgress(PaymentStage.WaitingForPassword, 25);
            Assert.AreEqual((int)ScreenId.Password, (int)ui.Current);
            Assert.AreEqual("25 s", ui.Screen.Large);
            port.Listener.OnSaleProgress(PaymentStage.WaitingForPassword, 24);
            Assert.AreEqual("24 s", ui.Screen.Large);
            port.Finish(SaleStatus.Paid, null);
            Assert.AreEqual((int)ScreenId.Paid, (int)ui.Current);
            Assert.AreEqual("12.34 CNY", ui.Screen.Large);
            Assert.AreEqual("Ref ..202611210000000001", ui.Screen.Line1);
            Type(ui, "E");
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current);
            Assert.AreEqual("0.00", ui.Screen.Large);
        }

        [TestMethod]
        public void Cancel_works_at_every_stage()
        {
            FakeSalePort port = new FakeSalePort();
            CashierUi ui = Ui(port, new ScreenLog(), new VirtualClock(), Currency.CNY);
            Type(ui, "5E");
            Type(ui, "X");
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current, "confirm → amount");
            Assert.AreEqual("5", ui.Screen.Large, "the amount is kept");
            Assert.IsTrue(ui.Screen.LargeInverted, "selected: the next digit replaces it");
            Type(ui, "EE");
            Type(ui, "X");
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current, "scan → amount");
            Type(ui, "EE");
            ui.OnScan(Code);
            port.Listener.OnSaleProgress(PaymentStage.WaitingForPassword, 20);
            Type(ui, "X");
            Assert.AreEqual(1, port.Cancels);
            Assert.AreEqual((int)ScreenId.Cancelling, (int)ui.Current);
            Type(ui, "X");
            Assert.AreEqual(1, port.Cancels, "a second CANCEL does nothing more");
            port.Listener.OnSaleProgress(PaymentStage.Cancelling, 9);
            Assert.AreEqual("9 s", ui.Screen.Large);
            port.Finish(SaleStatus.Cancelled, null);
            Assert.AreEqual((int)ScreenId.Cancelled, (int)ui.Current);
            Type(ui, "X");
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current);
            Type(ui, "X");
            Assert.AreEqual("0.00", ui.Screen.Large, "CANCEL clears the amount");
        }

        [TestMethod]
        public void A_cancel_before_the_micropay_left_shows_cancelled_not_no_network()
        {
            FakeSalePort port = new FakeSalePort();
            CashierUi ui = Ui(port, new ScreenLog(), new VirtualClock(), Currency.CNY);
            Type(ui, "5EE");
            ui.OnScan(Code);
            Type(ui, "X");
            Assert.AreEqual(1, port.Cancels);
            port.CashierCancelled = true;
            port.Finish(SaleStatus.NotSent, null);
            Assert.AreEqual((int)ScreenId.Cancelled, (int)ui.Current);
        }

        [TestMethod]
        [DataRow((int)FailureReason.InsufficientFunds, true, "Balance too low", "Customer switches card")]
        [DataRow((int)FailureReason.CodeExpired, true, "Code expired", "Customer refreshes code")]
        [DataRow((int)FailureReason.CodeInvalid, true, "Invalid payment code", "Scan again")]
        [DataRow((int)FailureReason.CardNotSupported, true, "Card not supported", "Customer switches card")]
        [DataRow((int)FailureReason.OrderClosed, true, "Order closed", "Scan again")]
        [DataRow((int)FailureReason.DuplicateOrder, true, "Duplicate order number", "Scan again")]
        [DataRow((int)FailureReason.BuyerMismatch, true, "Different payer", "Scan again")]
        [DataRow((int)FailureReason.TradeError, true, "Payment refused", "Customer checks WeChat")]
        [DataRow((int)FailureReason.MerchantConfiguration, false, "Merchant setup error", "Call the technician")]
        [DataRow((int)FailureReason.TerminalFault, false, "Terminal fault", "Call the technician")]
        [DataRow((int)FailureReason.NotAccepted, true, "Not accepted", "Try again")]
        public void Every_failure_has_a_short_actionable_screen(int reason, bool rescan, string title, string action)
        {
            FakeSalePort port = new FakeSalePort();
            CashierUi ui = Ui(port, new ScreenLog(), new VirtualClock(), Currency.CNY);
            Type(ui, "8EE");
            ui.OnScan(Code);
            port.Finish(SaleStatus.Failed, new FailureReasonBox((FailureReason)reason, rescan));
            Assert.AreEqual((int)ScreenId.Failed, (int)ui.Current);
            Assert.AreEqual(title, ui.Screen.Title);
            Assert.AreEqual(action, ui.Screen.Line1);
            Assert.AreEqual("Nothing charged", ui.Screen.Line2);
            Type(ui, "E");
            Assert.AreEqual(rescan ? (int)ScreenId.Scan : (int)ScreenId.Amount, (int)ui.Current, "ENTER rescans only when WeChat allows it");
            if (rescan)
            {
                ui.OnScan("134567890123456780");
                Assert.AreEqual(2, port.Begins);
                Assert.AreEqual(800L, port.Amount, "same amount on the rescan");
            }
        }

        [TestMethod]
        [DataRow((int)Blocker.NoNetwork, "No network", true)]
        [DataRow((int)Blocker.ClockNotSynchronised, "Clock not synchronised", true)]
        [DataRow((int)Blocker.Suspended, "Sales suspended", false)]
        [DataRow((int)Blocker.OutboxFull, "Storage full", false)]
        [DataRow((int)Blocker.VelocityLocked, "Sales locked", false)]
        [DataRow((int)Blocker.RiskStateUnknown, "Sales locked", false)]
        [DataRow((int)Blocker.NotConfigured, "Terminal not set up", false)]
        public void Blocked_sales_say_why_and_some_return_to_idle_by_themselves(int blocker, string title, bool autoReturn)
        {
            FakeSalePort port = new FakeSalePort();
            port.Readiness = SaleReadiness.Blocked((Blocker)blocker, "Surge limit");
            VirtualClock clock = new VirtualClock();
            CashierUi ui = Ui(port, new ScreenLog(), clock, Currency.CNY);
            Type(ui, "9E");
            Assert.AreEqual((int)ScreenId.Blocked, (int)ui.Current);
            Assert.AreEqual(title, ui.Screen.Title);
            if (blocker == (int)Blocker.Suspended)
            {
                Assert.AreEqual("Surge limit", ui.Screen.Line1, "the merchant's reason");
            }

            clock.Advance(6000);
            ui.Tick();
            Assert.AreEqual(autoReturn ? (int)ScreenId.Amount : (int)ScreenId.Blocked, (int)ui.Current);
            Type(ui, "X");
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current);
            Assert.AreEqual(0, port.Begins);
        }

        [TestMethod]
        public void Scans_are_accepted_only_at_the_scan_prompt()
        {
            FakeSalePort port = new FakeSalePort();
            CashierUi ui = Ui(port, new ScreenLog(), new VirtualClock(), Currency.CNY);
            ui.OnScan(Code);
            Assert.AreEqual("Scan ignored: key amount", ui.Screen.Line1);
            Type(ui, "1E");
            ui.OnScan(Code);
            Assert.AreEqual((int)ScreenId.Confirm, (int)ui.Current);
            Type(ui, "E");
            ui.OnScan("12345");
            Assert.AreEqual("Not a WeChat Pay code", ui.Screen.Line1);
            ui.OnScanProblem(ScanProblem.Noise);
            Assert.AreEqual("Scanner noise discarded", ui.Screen.Line1);
            Type(ui, "5");
            Assert.AreEqual("Scan the customer code", ui.Screen.Line1);
            Assert.AreEqual(0, port.Begins);
            ui.OnScan(Code);
            Assert.AreEqual(1, port.Begins);
            ui.OnScan("134567890123456780");
            Assert.AreEqual(1, port.Begins, "no second sale while one runs");
        }

        [TestMethod]
        public void Unresolved_says_do_not_charge_again_and_waits_for_the_cashier()
        {
            FakeSalePort port = new FakeSalePort();
            VirtualClock clock = new VirtualClock();
            CashierUi ui = Ui(port, new ScreenLog(), clock, Currency.CNY);
            Type(ui, "3EE");
            ui.OnScan(Code);
            port.Finish(SaleStatus.Unresolved, null);
            Assert.AreEqual("UNRESOLVED", ui.Screen.Title);
            Assert.AreEqual("Do NOT charge again", ui.Screen.Line1);
            clock.Advance(600000);
            ui.Tick();
            Assert.AreEqual((int)ScreenId.Unresolved, (int)ui.Current);
        }

        [TestMethod]
        public void Scan_prompt_times_out_and_paid_screen_returns_to_idle()
        {
            FakeSalePort port = new FakeSalePort();
            VirtualClock clock = new VirtualClock();
            CashierUi ui = Ui(port, new ScreenLog(), clock, Currency.CNY);
            Type(ui, "3EE");
            clock.Advance(61000);
            ui.Tick();
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current);
            Type(ui, "EE");
            ui.OnScan(Code);
            port.Finish(SaleStatus.Paid, null);
            clock.Advance(31000);
            ui.Tick();
            Assert.AreEqual((int)ScreenId.Amount, (int)ui.Current);
        }

        [TestMethod]
        public void The_idle_screen_follows_late_notifications_without_a_key()
        {
            FakeSalePort port = new FakeSalePort();
            VirtualClock clock = new VirtualClock();
            CashierUi ui = Ui(port, new ScreenLog(), clock, Currency.CNY);
            Assert.IsNull(ui.Screen.Line2);
            port.State.Queue = 2;
            port.State.WaitingMs = 360000;
            clock.Advance(ui.StatusRefreshMs);
            ui.Tick();
            Assert.AreEqual("Notices waiting 6min", ui.Screen.Line2);
            port.State.Queue = 0;
            port.State.WaitingMs = 0;
            clock.Advance(ui.StatusRefreshMs);
            ui.Tick();
            Assert.IsNull(ui.Screen.Line2);
        }

        [TestMethod]
        public void F1_switches_to_chinese_and_every_text_has_its_glyphs()
        {
            CashierUi ui = Ui(new FakeSalePort(), new ScreenLog(), new VirtualClock(), Currency.CNY);
            ui.OnKey(Key.F1);
            Assert.AreEqual((int)Language.Chinese, (int)ui.Language);
            Assert.AreEqual("微信支付", ui.Screen.Title);
            Assert.AreEqual(0, ui.Renderer.MissingGlyphs);
            Assert.IsFalse(ui.Renderer.Overflow);
            Assert.AreEqual((int)T.Count, UiText.EnglishCount);
            Assert.AreEqual((int)T.Count, UiText.ChineseCount);
        }

        [TestMethod]
        [DataRow(0, 0, (int)Key.D1)]
        [DataRow(2, 2, (int)Key.D9)]
        [DataRow(0, 3, (int)Key.F1)]
        [DataRow(1, 3, (int)Key.F2)]
        [DataRow(2, 3, (int)Key.Back)]
        [DataRow(3, 3, (int)Key.Enter)]
        [DataRow(3, 0, (int)Key.Dot)]
        [DataRow(3, 1, (int)Key.D0)]
        [DataRow(3, 2, (int)Key.Cancel)]
        [DataRow(4, 0, (int)Key.None)]
        public void Matrix_positions_map_to_keys(int row, int column, int key)
        {
            Assert.AreEqual(key, (int)Keys.FromMatrix(row, column));
        }
    }
}
