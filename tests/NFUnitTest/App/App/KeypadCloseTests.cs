using nanoFramework.TestFramework;
using Terminal.Core.App;
using Terminal.Core.Payments;
using Terminal.Core.Receipts;
using Terminal.Core.Store;
using Terminal.Core.Ui;
using Terminal.Tests.Receipts;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;

namespace Terminal.Tests.App
{
    /// <summary>
    /// The close of day from the keypad of the whole terminal (manager menu 4): the running
    /// totals, a confirmation that CANCEL leaves with nothing changed, then the console's close
    /// (numbered, committed, z_report in the outbox, Z receipt) exactly once. A power cut during
    /// the close itself is DayClose's, covered by ClosePowerCutTests (the keypad adds no write).
    /// </summary>
    [TestClass]
    public class KeypadCloseTests
    {
        [TestMethod]
        public void Cancel_changes_nothing_and_the_confirmation_closes_once_as_the_console_does()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            TerminalApp app = FakeWeChatTerminal.StartForManager(flash, clock, wechat, new ScreenLog(), new ScriptedPrinter());
            PaymentResult sale = app.Engine.Pay(1000, "134567890123456789");
            Assert.AreEqual((int)SaleStatus.Paid, (int)sale.Status, sale.Detail);
            Assert.AreEqual(1, app.Outbox.Status().Depth, "the payment");

            FakeWeChatTerminal.Press(app, "M1357E4");
            Assert.AreEqual((int)ScreenId.ZPreview, (int)app.Ui.Current);
            Assert.AreEqual("Close day: Z 1 CNY 1/2", app.Ui.Screen.Title);
            Assert.AreEqual("Sales 1: 10.00", app.Ui.Screen.Line1);
            FakeWeChatTerminal.Press(app, "E");
            Assert.AreEqual((int)ScreenId.ZConfirm, (int)app.Ui.Current);
            FakeWeChatTerminal.Press(app, "X");
            Assert.AreEqual((int)ScreenId.ManagerMenu, (int)app.Ui.Current);
            FakeWeChatTerminal.Press(app, "4X4E<");
            Assert.AreEqual(1, app.DayClose.NextNumber, "cancelled: nothing closed");
            Assert.IsNull(app.DayClose.Last);
            Assert.AreEqual(0, flash.List(DayClose.Folder).Length, "no Z file");
            Assert.AreEqual(1, app.Outbox.Status().Depth, "no z_report");
            Assert.AreEqual(1L, app.DayClose.X(0, "CNY").Totals.SalesCount(0), "the running totals kept");

            FakeWeChatTerminal.Press(app, "4EE");
            Assert.AreEqual((int)ScreenId.ZResult, (int)app.Ui.Current);
            Assert.AreEqual("Day closed: Z 1 CNY 1/2", app.Ui.Screen.Title);
            Assert.AreEqual("Sales 1: 10.00", app.Ui.Screen.Line1);
            Assert.AreEqual(2, app.DayClose.NextNumber);
            Assert.AreEqual(1, app.DayClose.Last.Number);
            Assert.IsTrue(app.DayClose.Last.HandedOver, "z_report in the outbox");
            Assert.AreEqual(2, app.Outbox.Status().Depth, "the payment and the z_report");
            Assert.AreEqual(1, flash.List(DayClose.Folder).Length);
            Assert.AreEqual((int)ReceiptKind.ZReport, (int)app.Receipts.Last.Kind, "the Z receipt");
            Assert.AreEqual(0, app.DayClose.X(0, "CNY").Totals.Count, "the counters start again");

            FakeWeChatTerminal.Press(app, "EEEE"); // result, then the menu: ENTER closes nothing more
            Assert.AreEqual((int)ScreenId.ManagerMenu, (int)app.Ui.Current);
            Assert.AreEqual(2, app.DayClose.NextNumber, "closed exactly once");
            Assert.AreEqual(2, app.Outbox.Status().Depth);
        }

        [TestMethod]
        public void Without_the_clock_the_keypad_says_why_and_closes_nothing()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            TerminalApp app = FakeWeChatTerminal.StartForManager(flash, clock, wechat, new ScreenLog(), null);
            clock.IsWallClockValid = false;
            FakeWeChatTerminal.Press(app, "M1357E4EE");
            Assert.AreEqual((int)ScreenId.ZResult, (int)app.Ui.Current);
            Assert.AreEqual("Day NOT closed", app.Ui.Screen.Title);
            Assert.AreEqual("Clock not synchronised", app.Ui.Screen.Line1);
            Assert.AreEqual(1, app.DayClose.NextNumber);
            Assert.AreEqual(0, flash.List(DayClose.Folder).Length);
        }
    }
}
