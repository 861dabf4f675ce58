using nanoFramework.TestFramework;
using Terminal.Core.App;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Store;
using Terminal.Tests.App;
using Terminal.Tests.Support;

namespace Terminal.Tests.Store
{
    /// <summary>
    /// Every paid and refund notification names the period (Z number) the terminal's history
    /// counts it in, so the merchant server assigns it to the same Z even when the close falls in
    /// the same second: at once, after a close, handed over again, and across a power cut at any
    /// write of the hand-over followed by a Z before the journal hands it over again.
    /// </summary>
    [TestClass]
    public class PeriodNotificationTests
    {
        private const string Transaction = "4200000000202611210000000042";

        private static PaidPayment Payment(int n, long fee, VirtualClock clock)
        {
            PaidPayment p = new PaidPayment();
            p.TerminalId = StoreDay.TerminalId;
            p.OutTradeNo = StoreDay.Record(HistoryRecord.Paid, n, fee, 0).OutTradeNo;
            p.TransactionId = Transaction + n.ToString();
            p.TotalFee = fee;
            p.CashFee = fee;
            p.FeeType = "CNY";
            p.TimeEnd = "20261121120000";
            p.BankType = "CMB_DEBIT";
            p.OpenId = "o";
            p.ConfirmedUtc = clock.UtcNow;
            p.WallClockValid = true;
            return p;
        }

        private static RefundOrder Order(int n, long total)
        {
            RefundOrder o = new RefundOrder();
            o.OutTradeNo = StoreDay.Record(HistoryRecord.Paid, n, total, 0).OutTradeNo;
            o.TransactionId = Transaction + n.ToString();
            o.TotalFee = total;
            o.Currency = "CNY";
            return o;
        }

        private static RefundRecord Refund(int n, long fee, long at)
        {
            RefundRecord r = new RefundRecord();
            r.OutRefundNo = "T0001R" + n.ToString();
            r.OutTradeNo = StoreDay.Record(HistoryRecord.Paid, n, fee, 0).OutTradeNo;
            r.Fee = fee;
            r.Currency = "CNY";
            r.State = RefundState.Refunded;
            r.RefundId = "5030000000" + n.ToString();
            r.SuccessTime = "2026-11-21 12:00:00";
            r.RefundedUnix = at;
            return r;
        }

        private static HistoryPaidSink Sink(StoreDay day)
        {
            return new HistoryPaidSink(new OutboxPaidSink(day.Outbox), day.History);
        }

        private static string PaidKey(int n)
        {
            return PaidNotification.Key(StoreDay.Record(HistoryRecord.Paid, n, 1, 0).OutTradeNo, Transaction + n.ToString());
        }

        [TestMethod]
        public void Payments_and_refunds_name_the_period_that_counts_them_before_and_after_a_close()
        {
            VirtualClock clock = new VirtualClock();
            KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
            StoreDay day = new StoreDay(new MemoryFileStore(), clock, server);
            HistoryPaidSink sink = Sink(day);
            sink.Commit(Payment(1, 1000, clock));
            sink.Commit(Order(1, 1000), Refund(1, 300, day.Now));
            ZReport z1;
            Assert.AreEqual((int)CloseError.None, (int)day.Close.Close(0, "CNY", out z1));
            sink.Commit(Payment(2, 500, clock)); // the same second as the close: counted after it
            sink.Commit(Payment(1, 1000, clock)); // handed over again after the close: still period 1
            PaidHandover.Drain(day.Outbox, clock);

            Assert.AreEqual(1L, z1.Totals.SalesCount(0));
            Assert.AreEqual(1L, z1.Totals.RefundsCount(0));
            Assert.IsTrue(server.Body(PaidKey(1)).IndexOf(",\"period\":1") > 0, server.Body(PaidKey(1)));
            string refund = server.Body("refund:T0001R1");
            Assert.IsTrue(refund.IndexOf("\"version\":2,") > 0 && refund.IndexOf(",\"period\":1}") > 0, refund);
            Assert.IsTrue(server.Body(PaidKey(2)).IndexOf(",\"period\":2") > 0, server.Body(PaidKey(2)));
            Assert.AreEqual(0, server.Conflicts);
            Assert.AreEqual(1L, day.Close.X(0, "CNY").Totals.SalesCount(0));
        }

        [TestMethod]
        public void A_cut_at_every_write_of_a_hand_over_then_a_close_keeps_the_notification_in_the_period_the_history_counts_it_in()
        {
            int cuts = 0;
            for (int k = 1; k < 40; k++)
            {
                MemoryFileStore inner = new MemoryFileStore();
                PowerCutStore flash = new PowerCutStore(inner);
                VirtualClock clock = new VirtualClock();
                KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
                StoreDay day = new StoreDay(flash, clock, server);
                day.Sale(1, 100);
                PaidPayment payment = Payment(2, 200, clock);
                RefundRecord refund = Refund(3, 50, day.Now);
                inner.CutPowerAt(k);
                bool cut = false;
                try
                {
                    HistoryPaidSink sink = Sink(day);
                    sink.Commit(payment);
                    sink.Commit(Order(3, 100), refund);
                }
                catch (PowerCutException)
                {
                    cut = true;
                }

                inner.Reboot();
                StoreDay rebooted = new StoreDay(flash, clock, server);
                ZReport z1;
                Assert.AreEqual((int)CloseError.None, (int)rebooted.Close.Close(0, "CNY", out z1), "cut at " + k.ToString());
                HistoryPaidSink again = Sink(rebooted); // the engine's journal hands both over again at boot
                again.Commit(payment);
                again.Commit(Order(3, 100), refund);
                PaidHandover.Drain(rebooted.Outbox, clock);

                string paid = server.Body(PaidKey(2));
                string refunded = server.Body("refund:T0001R3");
                Assert.IsNotNull(paid, "cut at " + k.ToString());
                Assert.IsNotNull(refunded, "cut at " + k.ToString());
                bool saleInZ1 = z1.Totals.SalesCount(0) == 2;
                bool refundInZ1 = z1.Totals.RefundsCount(0) == 1;
                Assert.IsTrue(paid.IndexOf(",\"period\":" + (saleInZ1 ? "1" : "2")) > 0, "cut at " + k.ToString() + ": Z 1 counts " + z1.Totals.SalesCount(0).ToString() + " sales; " + paid);
                Assert.IsTrue(refunded.IndexOf(",\"period\":" + (refundInZ1 ? "1" : "2")) > 0, "cut at " + k.ToString() + ": " + refunded);
                ZReport open = rebooted.Close.X(0, "CNY");
                Assert.AreEqual(saleInZ1 ? 0L : 1L, open.Totals.Count == 0 ? 0L : open.Totals.SalesCount(0), "cut at " + k.ToString() + ": counted once");
                Assert.AreEqual(0, server.Conflicts, "cut at " + k.ToString());
                if (!cut)
                {
                    break;
                }

                cuts++;
            }

            Assert.IsTrue(cuts >= 4, "the hand-over has flash writes to cut: " + cuts.ToString());
        }
    }
}
