using nanoFramework.TestFramework;
using Terminal.Core.App;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Technician;
using Terminal.Core.Ui;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;

namespace Terminal.Tests.App
{
    /// <summary>
    /// Refunds from the technician console of the whole terminal: the manager PIN the technician
    /// sets (never echoed, locked out like the technician's), the refund through the outbox, the
    /// sum bound, the sale found by its tx line, and the refunds kept across a restart.
    /// </summary>
    [TestClass]
    public class RefundConsoleTests
    {
        private static TerminalApp Start(MemoryFileStore flash, VirtualClock clock, FakeWeChat wechat, ScreenLog log)
        {
            FakeWeChatTerminal.Configure(flash);
            return FakeWeChatTerminal.Start(flash, clock, wechat, log);
        }

        private static string Run(TerminalApp app, ScreenLog log, string line)
        {
            log.Take();
            app.Console.Execute(line);
            return log.Take();
        }

        [TestMethod]
        public void A_manager_refunds_part_of_a_sale_from_the_console_and_never_more_than_the_sale()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            ScreenLog log = new ScreenLog();
            TerminalApp app = Start(flash, clock, wechat, log);
            PaymentResult sale = app.Engine.Pay(1000, "134567890123456789");
            Assert.AreEqual((int)SaleStatus.Paid, (int)sale.Status, sale.Detail);
            string order = sale.OutTradeNo;

            Assert.StartsWith("error: no manager PIN is set yet", Run(app, log, "refund " + order + " 3.00"));
            Assert.StartsWith("error: the technician sets the manager PIN", Run(app, log, "manager pin set 1357"));
            Run(app, log, "pin set 246810");
            Run(app, log, "login 246810");
            string set = Run(app, log, "manager pin set 1357");
            Assert.Contains("manager PIN set", set);
            Assert.DoesNotContains("1357", set);
            Assert.StartsWith("error: refunds need the manager PIN", Run(app, log, "refund " + order + " 3.00"));
            Assert.Contains("manager session open", Run(app, log, "manager login 1357"));

            string refunded = Run(app, log, "refund " + order + " 3.00");
            Assert.Contains("3.00 CNY  refunded", refunded);
            Assert.EndsWith("ok\r\n", refunded);
            Assert.AreEqual(2, app.Outbox.Status().Depth, "the payment and the refund notification");
            Assert.Contains("refund refused: the refunds would exceed the sale", Run(app, log, "refund " + order + " 7.01"));
            Assert.Contains("refund refused: no such sale", Run(app, log, "refund " + order + "x 1.00"));
            Assert.StartsWith("error: amount", Run(app, log, "refund " + order + " lots"));

            // A restart keeps the refunds and the bound; a new manager session is needed.
            ScreenLog log2 = new ScreenLog();
            clock.Advance(61000);
            TerminalApp again = Start(flash, clock, wechat, log2);
            Assert.Contains(order, Run(again, log2, "refunds"));
            Assert.Contains("0 in flight", Run(again, log2, "refunds"));
            Assert.StartsWith("error: refunds need the manager PIN", Run(again, log2, "refund " + order + " 1.00"));
            Run(again, log2, "manager login 1357");
            Assert.Contains("refund refused: the refunds would exceed the sale", Run(again, log2, "refund " + order + " 7.01"));
            Assert.Contains("7.00 CNY  refunded", Run(again, log2, "refund " + order + " 7.00"));
            Assert.AreEqual(1000L, wechat.Find(order).RefundTotal);
        }

        [TestMethod]
        public void Wrong_manager_PINs_lock_like_the_technician_PIN_and_the_sale_is_found_by_its_tx_line()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            ScreenLog log = new ScreenLog();
            TerminalApp app = Start(flash, clock, wechat, log);
            Run(app, log, "pin set 246810");
            Run(app, log, "login 246810");
            Run(app, log, "manager pin set 1357");
            Run(app, log, "logout");
            Assert.Contains("wrong manager PIN (2 more", Run(app, log, "manager login 0000"));
            Run(app, log, "manager login 0000");
            Assert.Contains("wrong manager PIN: locked for 30 s", Run(app, log, "manager login 0000"));
            Assert.Contains("locked for", Run(app, log, "manager login 1357"));
            clock.Advance(31000);
            Assert.Contains("manager session open", Run(app, log, "manager login 1357"));

            PaymentResult sale = app.Engine.Pay(500, "134567890123456780"); // the paid sink records it in the history: "#1" of tx
            Assert.Contains(sale.OutTradeNo + "  5.00 CNY  refunded", Run(app, log, "refund #1 5.00"));
            Assert.Contains("refunded", Run(app, log, "refund status " + sale.OutTradeNo));

            // The confirmed refund is in the history and the open period's totals (X report), once.
            Terminal.Core.Store.ZReport x = app.DayClose.X(app.Engine.PendingCount, "CNY");
            Assert.AreEqual(1L, x.Totals.SalesCount(0));
            Assert.AreEqual(500L, x.Totals.SalesSum(0));
            Assert.AreEqual(1L, x.Totals.RefundsCount(0));
            Assert.AreEqual(500L, x.Totals.RefundsSum(0));
            Assert.Contains("refund", Run(app, log, "hist order " + sale.OutTradeNo));
        }
    }
}
