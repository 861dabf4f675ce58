using nanoFramework.TestFramework;
using Terminal.Core.App;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Store;
using Terminal.Core.Technician;
using Terminal.Tests.App;
using Terminal.Tests.Support;

namespace Terminal.Tests.Store
{
    /// <summary>
    /// A sale whose history write the flash refused still sends its notification, naming the open
    /// period; the close of day must then count the sale in that very period. The close hands the
    /// waiting payment over first, and closes nothing while the history still lacks it
    /// (<see cref="CloseError.PaidNotCounted"/>); a sale counted whose notification only waits for
    /// the outbox never blocks it. Swept over a flash error at every storage operation of the sale.
    /// </summary>
    [TestClass]
    public class FailedHistoryCloseTests
    {
        private const string Code = "134567890123456789";

        [TestMethod]
        public void A_flash_error_at_every_write_of_a_sale_then_a_close_counts_the_sale_in_the_period_its_notification_names()
        {
            int errors = 0;
            int waitedForHistory = 0;
            int waitedForOutbox = 0;
            for (int failAt = 1; failAt < 200; failAt++)
            {
                MemoryFileStore store = new MemoryFileStore();
                VirtualClock clock = new VirtualClock();
                KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
                StoreDay day = new StoreDay(store, clock, server);
                PayingWeChat wechat = new PayingWeChat(PayingWeChat.Account());
                PaymentEngine engine = new PaymentEngine(PayingWeChat.Account(), StoreDay.TerminalId, new PaymentConfig(), clock, store,
                    new SteadyRandom(), wechat, new HistoryPaidSink(new OutboxPaidSink(day.Outbox), day.History));
                engine.Recover();
                store.FailAt(failAt);
                try
                {
                    engine.Pay(1234, Code);
                }
                catch (System.Exception)
                {
                    // A flash error the engine does not absorb ends the sale here; the journal keeps the order.
                }

                if (!store.Failed)
                {
                    break;
                }

                errors++;
                string at = "flash error at operation " + failAt.ToString();
                ZReport z1;
                string[] waiting = engine.PaidWaiting();
                if (waiting.Length > 0)
                {
                    // Paid, not handed over yet, and the flash refuses once more at the close.
                    bool recorded = day.History.HasPaid(waiting[0]);
                    store.FailAt(1);
                    CloseError refused = DayCloser.Close(day.Close, engine, null, "CNY", out z1);
                    if (!recorded)
                    {
                        // Its notification is out naming period 1, its history record refused: nothing is closed.
                        waitedForHistory++;
                        Assert.AreEqual((int)CloseError.PaidNotCounted, (int)refused, at);
                        Assert.IsNull(z1, at);
                        Assert.AreEqual(1, day.Close.NextNumber, at + ": nothing closed");
                        Assert.AreEqual((int)CloseError.None, (int)DayCloser.Close(day.Close, engine, null, "CNY", out z1), at);
                    }
                    else
                    {
                        // Counted, only its notification waits (the outbox refused): that never blocks a close.
                        waitedForOutbox++;
                        Assert.AreEqual((int)CloseError.None, (int)refused, at);
                        engine.HandOverPaid();
                    }
                }
                else
                {
                    Assert.AreEqual((int)CloseError.None, (int)DayCloser.Close(day.Close, engine, null, "CNY", out z1), at);
                }

                Assert.AreEqual(0, engine.PaidWaiting().Length, at + ": handed over");
                PaidHandover.Drain(day.Outbox, clock);

                long counted = z1.Totals.Count == 0 ? 0L : z1.Totals.SalesCount(0);
                if (wechat.Charged == 0)
                {
                    // The flash refused the sale's intent: nothing was sent, nothing charged, nothing counted.
                    Assert.AreEqual(0L, counted, at);
                    continue;
                }

                string order = wechat.LastOrder;
                string paid = server.Body(PaidNotification.Key(order, wechat.TransactionIdOf(order)));
                Assert.IsNotNull(paid, at + ": the notification of a paid sale");
                Assert.IsTrue(paid.IndexOf(",\"period\":1") > 0, at + ": " + paid);
                Assert.AreEqual(1L, counted, at + ": the close that followed the sale counts it, in the period its notification names");
                Assert.AreEqual(0, server.Conflicts, at);
            }

            Assert.IsTrue(errors > 5, "errors injected: " + errors.ToString());
            Assert.IsTrue(waitedForHistory >= 1, "some error left a paid sale waiting for its history record: " + waitedForHistory.ToString());
            Assert.IsTrue(waitedForOutbox >= 1, "some error left a paid sale waiting for the outbox: " + waitedForOutbox.ToString());
        }
    }
}
