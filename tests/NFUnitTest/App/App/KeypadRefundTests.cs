using nanoFramework.TestFramework;
using Terminal.Core.App;
using Terminal.Core.Payments;
using Terminal.Core.Ui;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;

namespace Terminal.Tests.App
{
    /// <summary>
    /// Refunds from the keypad of the whole terminal against the fake WeChat: the manager PIN,
    /// the sale picked from the history, the refund sent exactly once, its place in the X report
    /// and the history, the bound of the sale, and a refund WeChat only accepted that the
    /// background passes settle.
    /// </summary>
    [TestClass]
    public class KeypadRefundTests
    {
        [TestMethod]
        public void A_keypad_refund_is_sent_once_and_counted_in_the_x_report_and_the_history()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            ScreenLog log = new ScreenLog();
            TerminalApp app = FakeWeChatTerminal.StartForManager(flash, clock, wechat, log, null);
            PaymentResult sale = app.Engine.Pay(1000, "134567890123456789");
            Assert.AreEqual((int)SaleStatus.Paid, (int)sale.Status, sale.Detail);
            string order = sale.OutTradeNo;

            FakeWeChatTerminal.Press(app, "M2468E");
            Assert.AreEqual("Wrong PIN, tries left 2", app.Ui.Screen.Line1);
            FakeWeChatTerminal.Press(app, "1357E1");
            Assert.AreEqual((int)ScreenId.RefundPick, (int)app.Ui.Current);
            Assert.AreEqual("10.00 CNY", app.Ui.Screen.Large);
            Assert.AreEqual("Refundable 10.00 1/1", app.Ui.Screen.Line2);
            FakeWeChatTerminal.Press(app, "E3E");
            Assert.AreEqual((int)ScreenId.RefundConfirm, (int)app.Ui.Current);
            Assert.AreEqual(0, wechat.Refunds().Length, "nothing leaves before the confirmation");
            FakeWeChatTerminal.Press(app, "E");
            Assert.AreEqual("REFUNDED", app.Ui.Screen.Title);
            Assert.AreEqual("3.00 CNY", app.Ui.Screen.Large);
            Assert.AreEqual(1, wechat.Refunds().Length);
            Assert.AreEqual(1, wechat.Refunds()[0].Requests, "sent exactly once");
            Assert.AreEqual(300L, wechat.Find(order).RefundTotal);
            Assert.AreEqual(2, app.Outbox.Status().Depth, "the payment and the refund notification");
            FakeWeChatTerminal.Press(app, "EEEX"); // extra ENTERs on the result and the menu refund nothing more
            Assert.AreEqual(1, wechat.Refunds().Length);

            FakeWeChatTerminal.Press(app, "M1357E1");
            Assert.AreEqual("Refundable 7.00 1/1", app.Ui.Screen.Line2);
            FakeWeChatTerminal.Press(app, "X2");
            Assert.AreEqual("Sales 1: 10.00", app.Ui.Screen.Line1);
            Assert.AreEqual("Refunds 1: 3.00", app.Ui.Screen.Line2);
            Assert.AreEqual("Net 7.00", app.Ui.Screen.Line3);
            FakeWeChatTerminal.Press(app, "X3");
            Assert.AreEqual("3.00 CNY", app.Ui.Screen.Large, "the refund is the newest line");
            Assert.StartsWith("Refund ", app.Ui.Screen.Line1);
            FakeWeChatTerminal.Press(app, "b");
            Assert.AreEqual("10.00 CNY", app.Ui.Screen.Large);
            Assert.StartsWith("Paid ", app.Ui.Screen.Line1);

            // The rest, a minute later (WeChat: one refund call per order a minute): then nothing is left.
            clock.Advance(61000);
            FakeWeChatTerminal.Press(app, "X1EE");
            Assert.AreEqual("7.00 CNY", app.Ui.Screen.Large, "the default is what is left");
            FakeWeChatTerminal.Press(app, "E");
            Assert.AreEqual("REFUNDED", app.Ui.Screen.Title);
            Assert.AreEqual(1000L, wechat.Find(order).RefundTotal);
            FakeWeChatTerminal.Press(app, "E1E");
            Assert.AreEqual((int)ScreenId.RefundPick, (int)app.Ui.Current, "nothing left to refund: refused");
            Assert.AreEqual("More than refundable", app.Ui.Screen.Line2);
            Assert.AreEqual(2, wechat.Refunds().Length);
        }

        [TestMethod]
        public void A_refund_WeChat_only_accepted_says_do_not_refund_again_and_the_background_settles_it()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            wechat.RefundProcessingQueries = 3;
            ScreenLog log = new ScreenLog();
            TerminalApp app = FakeWeChatTerminal.StartForManager(flash, clock, wechat, log, null);
            PaymentResult sale = app.Engine.Pay(1000, "134567890123456789");
            Assert.AreEqual((int)SaleStatus.Paid, (int)sale.Status, sale.Detail);

            FakeWeChatTerminal.Press(app, "M1357E1E4EE");
            Assert.AreEqual((int)ScreenId.RefundResult, (int)app.Ui.Current);
            Assert.AreEqual("Refund accepted", app.Ui.Screen.Title);
            Assert.AreEqual("Do NOT refund again", app.Ui.Screen.Line1);
            Assert.AreEqual("Terminal keeps checking", app.Ui.Screen.Line2);
            FakeWeChatTerminal.Press(app, "E1");
            Assert.AreEqual("Refundable 6.00 1/1", app.Ui.Screen.Line2, "a refund on its way counts against the sale");
            FakeWeChatTerminal.Press(app, "XX");

            for (int i = 0; i < 5 && app.Engine.RefundPendingCount > 0; i++)
            {
                clock.Advance(TerminalApp.ReconcileEveryMs + 1000);
                app.ReconcileStep();
            }

            Assert.AreEqual(0, app.Engine.RefundPendingCount);
            Assert.AreEqual(1, wechat.Refunds().Length, "never sent again");
            FakeWeChatTerminal.Press(app, "M1357E2");
            Assert.AreEqual("Refunds 1: 4.00", app.Ui.Screen.Line2);
        }
    }
}
