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
    /// A power cut during a password wait, then the terminal starts again: <see cref="TerminalApp.Start"/>
    /// recovers the unfinished order before any sale — on screen, in the console's status, the
    /// unresolved list and the sales list — and the background passes settle what boot could not.
    /// </summary>
    [TestClass]
    public class BootRecoveryTests
    {
        /// <summary>A provisioned terminal's flash with a sale a reset interrupted during the password wait; returns its order number.</summary>
        private static string InterruptedSale(MemoryFileStore flash, VirtualClock clock, FakeWeChat wechat)
        {
            FakeWeChatTerminal.Configure(flash);
            TerminalConfig config = new TerminalConfig(flash);
            config.Load();
            SaleWatcher watcher = new SaleWatcher();
            PaymentEngine engine = new PaymentEngine(config.ToAccount(), "T1", config.ToPaymentConfig(), clock, new PowerCutStore(flash),
                new CountingRandom(), wechat, new FlashOutbox(new PowerCutStore(flash)));
            engine.Listener = watcher;
            watcher.Engine = engine;
            watcher.ResetAt = 28;
            bool reset = false;
            try
            {
                engine.Pay(4200, "134567890123456789");
            }
            catch (PowerCutException)
            {
                reset = true;
            }

            Assert.IsTrue(reset, "the reset happened during the password wait");

            clock.Advance(2000);
            return ((FakeOrder)wechat.Orders()[0]).OutTradeNo;
        }

        [TestMethod]
        public void Start_finds_the_customer_who_paid_during_the_outage_and_queues_the_notification()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            wechat.Customer(8000, 0);
            string order = InterruptedSale(flash, clock, wechat);

            ScreenLog log = new ScreenLog();
            TerminalApp app = FakeWeChatTerminal.Start(flash, clock, wechat, log);
            Assert.AreEqual("SUCCESS", wechat.Find(order).State);
            Assert.AreEqual(0, app.Engine.PendingCount);
            Assert.AreEqual(1, app.Outbox.Status().Depth, "the notification is in the outbox at boot");
            Assert.AreEqual(1, app.Recovery.Found);
            Assert.AreEqual(1, app.Recovery.Paid);
            Assert.AreEqual((int)ScreenId.Recovered, (int)app.Ui.Current);
            Assert.Contains("Resuming unfinished sale", Joined(log));
            Assert.Contains("PAID 1", log.Last);
            Assert.Contains("recovery at boot: 1 unfinished order(s): 1 paid", log.Output);

            log.Take();
            app.Console.Execute("status");
            Assert.Contains("recovery at boot: 1 unfinished order(s): 1 paid, 0 nothing charged, 0 still unresolved", log.Take());
            app.Console.Execute("tx");
            Assert.Contains(order + " 42.00 CNY Paid Recovered wx " + wechat.Find(order).TransactionId, log.Take());

            // The recovered payment is in the store's totals and history (local time, +08:00).
            app.Console.Execute("x");
            Assert.Contains("CNY: sales 1 = 42.00, refunds 0 = 0.00, net 42.00, revokes 0, unresolved 0", log.Take());
            app.Console.Execute("hist order " + order);
            Assert.Contains(order + " 42.00 CNY Paid Recovered", log.Take());
            app.Console.Execute("hist day 2026-11-21");
            Assert.Contains("2026-11-21 12:0", log.Take());
            app.Console.Execute("z");
            Assert.Contains("no Z report yet; the next is number 1", log.Take());
            app.OnKey(Key.Enter);
            Assert.AreEqual((int)ScreenId.Amount, (int)app.Ui.Current);
        }

        [TestMethod]
        public void Without_WeChat_at_boot_the_order_is_listed_unresolved_and_settled_by_the_first_background_pass()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeWeChat wechat = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            wechat.Customer(-1, 0);
            string order = InterruptedSale(flash, clock, wechat);
            wechat.Fault(null, WxFault.NotSent);
            wechat.Fault(null, WxFault.NotSent);

            ScreenLog log = new ScreenLog();
            TerminalApp app = FakeWeChatTerminal.Start(flash, clock, wechat, log);
            Assert.AreEqual(1, app.Engine.PendingCount, "known at boot, before the first sale");
            Assert.AreEqual((int)ScreenId.Recovered, (int)app.Ui.Current);
            Assert.Contains("UNRESOLVED 1", log.Last);
            log.Take();
            app.Console.Execute("unresolved");
            Assert.Contains(order + ": unresolved - do not charge again", log.Take());
            app.Console.Execute("tx");
            Assert.Contains(order + " 42.00 CNY Unresolved Recovered", log.Take());

            int queries = wechat.Count(Endpoints.OrderQueryPath);
            clock.Advance(TerminalApp.ReconcileAfterBootMs);
            app.Tick();
            Assert.AreEqual(queries, wechat.Count(Endpoints.OrderQueryPath), "the UI tick never waits for WeChat: reconciliation is not its job");
            app.ReconcileStep();
            Assert.IsTrue(wechat.Count(Endpoints.OrderQueryPath) > queries, "the first background pass comes soon after boot");
            Assert.AreEqual(1, app.Engine.PendingCount, "the customer may still pay until the deadline: left for the next pass");
            clock.Advance(TerminalApp.ReconcileEveryMs);
            Assert.AreEqual(TerminalApp.ReconcileEveryMs, app.ReconcileStep(), "due now: runs, next in a minute");
            Assert.AreEqual(0, app.Engine.PendingCount, "settled by the next pass");
            Assert.AreEqual("REVOKED", wechat.Find(order).State);
            log.Take();
            app.Console.Execute("tx");
            Assert.Contains(order + " 42.00 CNY Cancelled Recovered", log.Take());
        }

        [TestMethod]
        public void A_paid_order_waiting_in_the_journal_reaches_the_outbox_at_boot_even_with_sales_refused()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalConfig config = new TerminalConfig(flash);
            config.Load();
            config.Set("terminal_id", "T1");
            config.Save(); // merchant credentials missing: no sale can start
            OrderNumbers numbers = new OrderNumbers(flash, clock, "T1", 16);
            JournalEntry entry = new JournalEntry();
            entry.Sequence = 77;
            entry.OutTradeNo = numbers.Format(77);
            entry.TotalFee = 990;
            entry.Currency = "CNY";
            entry.State = JournalState.Paid;
            entry.TransactionId = "4200000000000077";
            new PaymentJournal(flash, numbers).Commit(entry);

            ScreenLog log = new ScreenLog();
            FakeWeChat offline = new FakeWeChat(FakeWeChatTerminal.Account(), clock);
            TerminalApp app = FakeWeChatTerminal.Start(flash, clock, offline, log);
            Assert.AreEqual(1, app.Outbox.Status().Depth);
            Assert.AreEqual(0, app.Engine.PendingCount);
            Assert.AreEqual(0, offline.Calls.Count, "nothing to ask WeChat");
            Assert.AreEqual(0, flash.List(PaymentJournal.Folder).Length);
        }

        private static string Joined(ScreenLog log)
        {
            string all = string.Empty;
            for (int i = 0; i < log.Screens.Count; i++)
            {
                all += (string)log.Screens[i] + "\n";
            }

            return all;
        }
    }
}
