using nanoFramework.TestFramework;
using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Core.Ui;

namespace Terminal.Tests.Ui
{
    /// <summary>
    /// The screen builder on its own (issue 13, items 3 and 8): every result and blocked screen in
    /// both languages carries the same information — the amount, the order, the reason — and
    /// fits the display with every glyph present.
    /// </summary>
    [TestClass]
    public class ScreenBuilderTests
    {
        private const string Order = "SIM1000000004217";
        private const string Transaction = "4200001234202611210123456789";

        private static ScreenView View(Language language, UiMode mode)
        {
            ScreenView v = new ScreenView();
            v.Language = language;
            v.Mode = mode;
            v.Currency = Currency.CNY;
            v.Entry = new AmountEntry(Currency.CNY);
            v.Amount = 1234;
            return v;
        }

        private static SaleOutcome Outcome(int status, int reason, bool pending)
        {
            SaleOutcome o = new SaleOutcome();
            o.Status = (SaleStatus)status;
            o.Reason = (FailureReason)reason;
            o.RescanAllowed = true;
            o.TotalFee = 1234;
            o.OutTradeNo = Order;
            o.TransactionId = Transaction;
            o.NotificationPending = pending;
            return o;
        }

        /// <summary>Builds and draws; fails when the screen does not fit or lacks a glyph.</summary>
        private static string Draw(ScreenView v)
        {
            Screen screen = new Screen();
            ScreenBuilder.Build(v, screen);
            Renderer renderer = new Renderer();
            renderer.Draw(screen, new Framebuffer());
            string text = screen.ToText();
            Assert.IsFalse(renderer.Overflow, "does not fit: " + text);
            Assert.AreEqual(0, renderer.MissingGlyphs, "missing glyphs: " + text);
            return text;
        }

        [TestMethod]
        [DataRow((int)SaleStatus.Paid, 0, false, true, true)]
        [DataRow((int)SaleStatus.Paid, 0, true, true, true)]
        [DataRow((int)SaleStatus.Cancelled, 0, false, true, false)]
        [DataRow((int)SaleStatus.Unresolved, 0, false, true, true)]
        [DataRow((int)SaleStatus.NotSent, 0, false, true, false)]
        [DataRow((int)SaleStatus.Rejected, 0, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.None, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.CodeExpired, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.CodeInvalid, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.InsufficientFunds, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.CardNotSupported, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.OrderClosed, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.DuplicateOrder, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.BuyerMismatch, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.TradeError, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.MerchantConfiguration, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.TerminalFault, false, true, false)]
        [DataRow((int)SaleStatus.Failed, (int)FailureReason.NotAccepted, false, true, false)]
        public void Every_result_shows_the_same_information_in_both_languages(int status, int reason, bool pending, bool amount, bool order)
        {
            string english = Draw(WithOutcome(Language.English, status, reason, pending));
            string chinese = Draw(WithOutcome(Language.Chinese, status, reason, pending));
            string[] both = new string[] { english, chinese };
            for (int i = 0; i < both.Length; i++)
            {
                Assert.AreEqual(amount, both[i].IndexOf("12.34 CNY") >= 0, "amount: " + both[i]);
                Assert.AreEqual(order, both[i].IndexOf("00004217") >= 0, "order: " + both[i]);
            }

            Assert.AreEqual(english.Substring(0, english.IndexOf(':')), chinese.Substring(0, chinese.IndexOf(':')), "the same screen");
            if (status == (int)SaleStatus.Failed)
            {
                T title;
                T action = ScreenBuilder.FailureTexts((FailureReason)reason, out title);
                Assert.IsTrue(chinese.IndexOf(UiText.Get(title, Language.Chinese)) >= 0, "reason: " + chinese);
                Assert.IsTrue(chinese.IndexOf(UiText.Get(action, Language.Chinese)) >= 0, "action: " + chinese);
                Assert.IsTrue(english.IndexOf(UiText.Get(title, Language.English)) >= 0, "reason: " + english);
            }
        }

        private static ScreenView WithOutcome(Language language, int status, int reason, bool pending)
        {
            ScreenView v = View(language, UiMode.Result);
            v.Outcome = Outcome(status, reason, pending);
            return v;
        }

        [TestMethod]
        [DataRow((int)Blocker.NoNetwork)]
        [DataRow((int)Blocker.ClockNotSynchronised)]
        [DataRow((int)Blocker.Suspended)]
        [DataRow((int)Blocker.OutboxFull)]
        [DataRow((int)Blocker.VelocityLocked)]
        [DataRow((int)Blocker.RiskStateUnknown)]
        [DataRow((int)Blocker.Busy)]
        [DataRow((int)Blocker.NotConfigured)]
        public void Every_blocked_screen_has_the_same_lines_in_both_languages(int blocker)
        {
            ScreenView en = View(Language.English, UiMode.Blocked);
            en.Blocked = SaleReadiness.Blocked((Blocker)blocker, "Surge: 21 payments");
            ScreenView zh = View(Language.Chinese, UiMode.Blocked);
            zh.Blocked = en.Blocked;
            Screen a = new Screen();
            Screen b = new Screen();
            ScreenBuilder.Build(en, a);
            ScreenBuilder.Build(zh, b);
            Draw(en);
            Draw(zh);
            Assert.AreEqual(a.Line1 == null, b.Line1 == null);
            Assert.AreEqual(a.Line2 == null, b.Line2 == null);
            Assert.AreEqual(a.Line3 == null, b.Line3 == null);
        }

        [TestMethod]
        [DataRow((int)PaymentStage.Submitting)]
        [DataRow((int)PaymentStage.WaitingForPassword)]
        [DataRow((int)PaymentStage.Checking)]
        [DataRow((int)PaymentStage.Cancelling)]
        [DataRow((int)PaymentStage.Reversing)]
        public void The_sale_in_progress_shows_its_amount_in_both_languages(int stage)
        {
            for (int language = 0; language < 2; language++)
            {
                ScreenView v = View((Language)language, UiMode.Processing);
                v.Stage = (PaymentStage)stage;
                v.SecondsLeft = 21;
                string text = Draw(v);
                Assert.IsTrue(text.IndexOf("12.34 CNY") >= 0, text);
            }
        }

        [TestMethod]
        [DataRow(true, true, 0, 0, 0, (int)Blocker.None, "Status: [Status] | Net up  Clock ok | Queue 0 Dead 0 | Unresolved 0 | (ENTER=OK  .=reprint)", "Status: [状态 网络OK] | 时间OK | 待发 0 失败 0 | 未确认 0")]
        [DataRow(false, false, 12, 3, 2, (int)Blocker.OutboxFull, "Status: [Status] | Net DOWN  Clock NOT SET | Queue 12 Dead 3 | Unresolved 2 STORAGE FULL | (ENTER=OK  .=reprint)", "Status: [状态 无网络] | 时间未同步 | 待发 12 失败 3 | 未确认 2 存储满")]
        [DataRow(true, true, 1, 0, 0, (int)Blocker.Suspended, "Status: [Status] | Net up  Clock ok | Queue 1 Dead 0 | Unresolved 0 SUSPENDED | (ENTER=OK  .=reprint)", "Status: [状态 网络OK] | 时间OK | 待发 1 失败 0 | 未确认 0 已暂停")]
        public void The_status_screen_speaks_both_languages(bool net, bool clock, int queue, int dead, int unresolved, int risk, string english, string chinese)
        {
            TerminalStatus s = new TerminalStatus();
            s.NetworkUp = net;
            s.ClockOk = clock;
            s.Queue = queue;
            s.DeadLetters = dead;
            s.Unresolved = unresolved;
            s.Risk = (Blocker)risk;
            ScreenView en = View(Language.English, UiMode.Status);
            en.Status = s;
            ScreenView zh = View(Language.Chinese, UiMode.Status);
            zh.Status = s;
            Assert.AreEqual(english, Draw(en));
            Assert.AreEqual(chinese, Draw(zh));
        }

        [TestMethod]
        [DataRow(0, 0, 0L, "", "")]
        [DataRow(0, 2, 299000L, "", "")]
        [DataRow(0, 2, 300000L, "Notices waiting 5min", "通知待发送 5min")]
        [DataRow(1, 2, 900000L, "Unresolved orders: 1", "未确认订单 1")]
        public void The_idle_screen_warns_of_late_notifications_and_unresolved_orders(int unresolved, int queue, long waitingMs, string english, string chinese)
        {
            TerminalStatus s = new TerminalStatus();
            s.NetworkUp = true;
            s.ClockOk = true;
            s.Unresolved = unresolved;
            s.Queue = queue;
            s.WaitingMs = waitingMs;
            ScreenView en = View(Language.English, UiMode.Amount);
            en.Status = s;
            ScreenView zh = View(Language.Chinese, UiMode.Amount);
            zh.Status = s;
            Assert.AreEqual(english.Length == 0 ? null : english, ScreenBuilder.IdleWarning(en));
            Assert.AreEqual(chinese.Length == 0 ? null : chinese, ScreenBuilder.IdleWarning(zh));
            string a = Draw(en);
            string b = Draw(zh);
            if (english.Length > 0)
            {
                Assert.IsTrue(a.IndexOf(english) >= 0, a);
                Assert.IsTrue(b.IndexOf(chinese) >= 0, b);
            }
        }
    }
}
