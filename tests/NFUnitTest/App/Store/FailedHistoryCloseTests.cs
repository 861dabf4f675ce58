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
    /// waiting payment over first, and closes nothing while the flash still refuses it
    /// (<see cref="CloseError.PaidNotCounted"/>). Swept over a flash error at every storage
    /// operation of the sale.
    /// </summary>
    [TestClass]
    public class FailedHistoryCloseTests
    {
        private const string Code = "134567890123456789";

        [TestMethod]
        public void A_flash_error_at_every_write_of_a_sale_then_a_close_counts_the_sale_in_the_period_its_notification_names()
        {
            int errors = 0;
            int waited = 0;
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
                CloseError closed;
                if (engine.PaidWaiting > 0)
                {
                    // Paid, its notification out, its history record refused: a close that cannot count it closes nothing.
                    waited++;
                    store.FailAt(1);
                    closed = DayCloser.Close(day.Close, engine, null, "CNY", out z1);
                    Assert.AreEqual((int)CloseError.PaidNotCounted, (int)closed, at);
                    Assert.IsNull(z1, at);
                    Assert.AreEqual(1, day.Close.NextNumber, at + ": nothing closed");
                }

                closed = DayCloser.Close(day.Close, engine, null, "CNY", out z1);
                Assert.AreEqual((int)CloseError.None, (int)closed, at);
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
            Assert.IsTrue(waited >= 1, "some error left a paid sale waiting for its history record: " + waited.ToString());
        }
    }
}
