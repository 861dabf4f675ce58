using nanoFramework.TestFramework;
using Terminal.Core.App;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Core.Technician;
using Terminal.Core.Ui;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;

namespace Terminal.Tests.App
{
    /// <summary>
    /// The 交易保障 report in the whole terminal (issue 14 item 6): setting guarantee_report is off
    /// by default; on, the background pass (<see cref="TerminalApp.ReconcileStep"/>) sends the sales'
    /// trades while the counter is idle, and never while the cashier keys a sale.
    /// </summary>
    [TestClass]
    public class GuaranteeReportAppTests
    {
        private static TerminalApp Start(VirtualClock clock, FakeWeChat wechat, string guarantee)
        {
            MemoryFileStore flash = new MemoryFileStore();
            FakeWeChatTerminal.Configure(flash);
            if (guarantee != null)
            {
                TerminalConfig config = new TerminalConfig(flash);
                config.Load();
                config.Set("guarantee_report", guarantee);
                config.Save();
            }

            TerminalApp app = FakeWeChatTerminal.Start(flash, clock, wechat, new ScreenLog());
            app.Sales.Inline = true;
            return app;
        }

        private static void Pass(TerminalApp app, VirtualClock clock)
        {
            clock.Advance(TerminalApp.ReconcileEveryMs + 1);
            app.ReconcileStep();
        }

        [TestMethod]
        public void Off_by_default_nothing_is_reported()
        {
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            TerminalApp app = Start(clock, wechat, null);
            Assert.AreEqual("off", app.Config.Get("guarantee_report"));
            Assert.AreEqual((int)SaleStatus.Paid, (int)app.Engine.Pay(1000, "134567890123456789").Status);
            Pass(app, clock);
            Assert.AreEqual(0, wechat.Count(Endpoints.ReportPath));
        }

        [TestMethod]
        public void On_the_background_pass_reports_the_sales_while_the_counter_is_idle()
        {
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            TerminalApp app = Start(clock, wechat, "on");
            PaymentResult paid = app.Engine.Pay(1000, "134567890123456789");
            wechat.Answer(Endpoints.MicropayPath, wechat.Failure("NOTENOUGH"));
            PaymentResult refused = app.Engine.Pay(2000, "134567890123456790");
            Assert.AreEqual(0, wechat.Count(Endpoints.ReportPath), "nothing on a sale's path");
            Assert.IsTrue(app.Ui.Idle);
            Pass(app, clock);
            Assert.AreEqual(1, wechat.ReportedTrades.Count);
            string trades = (string)wechat.ReportedTrades[0];
            Assert.Contains("\"out_trade_no\":\"" + paid.OutTradeNo + "\"", trades);
            Assert.Contains("\"out_trade_no\":\"" + refused.OutTradeNo + "\"", trades);
            Assert.Contains("\"state\":\"FAIL\",\"err_msg\":\"NOTENOUGH\"", trades);
            Assert.AreEqual(0, app.Engine.Guarantee.Count);
        }

        [TestMethod]
        public void Nothing_is_sent_while_the_cashier_keys_a_sale()
        {
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            TerminalApp app = Start(clock, wechat, "on");
            app.Engine.Pay(1000, "134567890123456789");
            app.OnKey(Key.D1); // the cashier starts the next amount
            Assert.IsFalse(app.Ui.Idle);
            Pass(app, clock);
            Assert.AreEqual(0, wechat.Count(Endpoints.ReportPath));
            Assert.AreEqual(1, app.Engine.Guarantee.Count, "kept for a later pass");
        }

        [TestMethod]
        public void Config_set_turns_it_on_and_off_at_once()
        {
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            TerminalApp app = Start(clock, wechat, null);
            Assert.IsNull(app.Config.Set("guarantee_report", "on"));
            app.ApplyLiveSettings();
            app.Engine.Pay(1000, "134567890123456789");
            Assert.AreEqual(1, app.Engine.Guarantee.Count);
            Assert.IsNull(app.Config.Set("guarantee_report", "off"));
            app.ApplyLiveSettings();
            Assert.AreEqual(0, app.Engine.Guarantee.Count);
            Assert.IsNotNull(app.Config.Set("guarantee_report", "yes"), "off or on only");
        }
    }
}
