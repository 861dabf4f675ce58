using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Store;
using Terminal.Tests.App;
using Terminal.Tests.Support;

namespace Terminal.Tests.Store
{
    /// <summary>X and Z reports: running totals, the close (frozen, numbered, persisted, sent once, reset).</summary>
    [TestClass]
    public class DayCloseTests
    {
        [TestMethod]
        public void The_x_report_counts_sales_refunds_revokes_and_unresolved_per_currency()
        {
            StoreDay day = new StoreDay(new MemoryFileStore(), new VirtualClock(), new KeyedMerchantServer(PaidHandover.Secret()));
            day.Sale(1, 1000);
            day.Sale(2, 250);
            day.History.Add(StoreDay.Record(HistoryRecord.Cancelled, 3, 700, day.Now));
            day.History.Add(StoreDay.Record(HistoryRecord.Failed, 4, 900, day.Now));
            SalesHistory refunds = day.History; // what the engine's refund sink (HistoryPaidSink) calls
            refunds.RefundSucceeded(StoreDay.TerminalId + "0000000000001", "T0001R1", 300, "CNY", day.Now);
            refunds.RefundSucceeded(StoreDay.TerminalId + "0000000000001", "T0001R1", 300, "CNY", day.Now); // handed over again
            HistoryRecord usd = StoreDay.Record(HistoryRecord.Paid, 5, 99, day.Now);
            usd.Currency = "USD";
            day.History.Add(usd);

            ZReport x = day.Close.X(2, "CNY");
            Assert.AreEqual(1, x.Number);
            Assert.AreEqual(2, x.Totals.Count);
            Assert.AreEqual("CNY", x.Totals.Currency(0));
            Assert.AreEqual(2L, x.Totals.SalesCount(0));
            Assert.AreEqual(1250L, x.Totals.SalesSum(0));
            Assert.AreEqual(1L, x.Totals.RefundsCount(0));
            Assert.AreEqual(300L, x.Totals.RefundsSum(0));
            Assert.AreEqual(1L, x.Totals.RevokesCount(0));
            Assert.AreEqual(2L, x.Totals.UnresolvedCount(0));
            Assert.AreEqual(1L, x.Totals.SalesCount(1));
            Assert.AreEqual(99L, x.Totals.SalesSum(1));
            Assert.AreEqual(0L, x.Totals.UnresolvedCount(1));
        }

        [TestMethod]
        public void A_payment_handed_over_again_is_counted_once()
        {
            StoreDay day = new StoreDay(new MemoryFileStore(), new VirtualClock(), new KeyedMerchantServer(PaidHandover.Secret()));
            Assert.IsTrue(day.History.Add(StoreDay.Record(HistoryRecord.Unresolved, 1, 500, day.Now)));
            Assert.IsTrue(day.History.Add(StoreDay.Record(HistoryRecord.Paid, 1, 500, day.Now)), "settled later: paid");
            Assert.IsFalse(day.History.Add(StoreDay.Record(HistoryRecord.Paid, 1, 500, day.Now)), "the same payment again");
            Assert.AreEqual(1L, day.Close.X(0, "CNY").Totals.SalesCount(0));
        }

        [TestMethod]
        public void The_z_report_is_the_contract_s_notification_numbered_and_sent_once_and_resets_the_totals()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
            StoreDay day = new StoreDay(flash, clock, server);
            long opened = day.Now + 60;
            day.Sale(1, 1000);
            day.Sale(2, 2345);
            day.History.Add(StoreDay.Record(HistoryRecord.Cancelled, 3, 700, day.Now));
            ZReport z;
            Assert.AreEqual((int)CloseError.None, (int)day.Close.Close(1, "CNY", out z));
            Assert.AreEqual(1, z.Number);
            Assert.IsTrue(z.HandedOver);
            Assert.AreEqual(2, day.Close.NextNumber);
            string expected = "{\"type\":\"z_report\",\"version\":1,\"terminal_id\":\"T0001\",\"z_number\":1,\"business_day\":\"2026-11-21\"," +
                "\"utc_offset_minutes\":480,\"opened_at\":" + opened.ToString() + ",\"closed_at\":" + day.Now.ToString() + "," +
                "\"totals\":[{\"fee_type\":\"CNY\",\"sales_count\":2,\"sales_sum\":3345,\"refunds_count\":0,\"refunds_sum\":0,\"revokes_count\":1,\"unresolved_count\":1}]}";
            PaidHandover.Drain(day.Outbox, clock);
            Assert.AreEqual(expected, server.Body("z_report:T0001:1"));

            ZReport x = day.Close.X(0, "CNY");
            Assert.AreEqual(2, x.Number);
            Assert.AreEqual(0, x.Totals.Count, "counters start again");
            Assert.AreEqual(z.ClosedAt, x.OpenedAt, "the next period opens where this one closed");

            day.Sale(4, 10);
            ZReport z2;
            day.Close.Close(0, "CNY", out z2);
            Assert.AreEqual(2, z2.Number);
            Assert.AreEqual(10L, z2.Totals.SalesSum(0));

            // A reboot: nothing is sent again, numbering goes on, the stored reports read back.
            StoreDay rebooted = new StoreDay(flash, clock, server);
            PaidHandover.Drain(rebooted.Outbox, clock);
            Assert.AreEqual(3, rebooted.Close.NextNumber);
            Assert.AreEqual(0, rebooted.Close.X(0, "CNY").Totals.Count);
            Assert.AreEqual(3345L, rebooted.Close.Find(1).Totals.SalesSum(0));
            Assert.AreEqual(2, rebooted.Close.Last.Number);
            Assert.AreEqual(0, server.Duplicates);
            Assert.AreEqual(0, server.Conflicts);
            Assert.AreEqual(2, server.Stored);
        }

        [TestMethod]
        public void A_day_without_activity_closes_with_empty_totals()
        {
            KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
            VirtualClock clock = new VirtualClock();
            StoreDay day = new StoreDay(new MemoryFileStore(), clock, server);
            ZReport z;
            Assert.AreEqual((int)CloseError.None, (int)day.Close.Close(0, "CNY", out z));
            PaidHandover.Drain(day.Outbox, clock);
            string body = server.Body("z_report:T0001:1");
            Assert.IsTrue(body.IndexOf("\"totals\":[]") > 0, body);
        }

        [TestMethod]
        public void Without_a_clock_there_is_no_close()
        {
            VirtualClock clock = new VirtualClock();
            StoreDay day = new StoreDay(new MemoryFileStore(), clock, new KeyedMerchantServer(PaidHandover.Secret()));
            day.Sale(1, 100);
            clock.IsWallClockValid = false;
            ZReport z;
            Assert.AreEqual((int)CloseError.ClockNotSet, (int)day.Close.Close(0, "CNY", out z));
            Assert.IsNull(z);
            Assert.AreEqual(1, day.Close.NextNumber);
            Assert.AreEqual(1L, day.Close.X(0, "CNY").Totals.SalesCount(0));
        }

        [TestMethod]
        public void A_flash_error_closes_nothing()
        {
            MemoryFileStore flash = new MemoryFileStore();
            StoreDay day = new StoreDay(flash, new VirtualClock(), new KeyedMerchantServer(PaidHandover.Secret()));
            day.Sale(1, 100);
            flash.FailAt(1);
            ZReport z;
            Assert.AreEqual((int)CloseError.FlashFailed, (int)day.Close.Close(0, "CNY", out z));
            Assert.AreEqual(1, day.Close.NextNumber);
            Assert.AreEqual(1L, day.Close.X(0, "CNY").Totals.SalesCount(0));
            Assert.AreEqual((int)CloseError.None, (int)day.Close.Close(0, "CNY", out z));
            Assert.AreEqual(1, z.Number);
            Assert.AreEqual(1L, z.Totals.SalesCount(0));
        }

        [TestMethod]
        public void A_z_report_waits_for_room_in_a_full_outbox_and_is_handed_over_later()
        {
            MemoryFileStore flash = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
            StoreDay day = new StoreDay(flash, clock, server);
            day.Outbox.Options.MaxRecords = 0;
            day.Outbox.Options.InFlightReserve = 0;
            day.Sale(1, 100);
            ZReport z;
            Assert.AreEqual((int)CloseError.None, (int)day.Close.Close(0, "CNY", out z));
            Assert.IsFalse(z.HandedOver);
            Assert.AreEqual(1, day.Close.PendingHandOvers);
            day.Outbox.Options.MaxRecords = 100;
            day.Close.HandOverPending();
            Assert.AreEqual(0, day.Close.PendingHandOvers);
            PaidHandover.Drain(day.Outbox, clock);
            Assert.IsNotNull(server.Body("z_report:T0001:1"));
        }
    }
}
