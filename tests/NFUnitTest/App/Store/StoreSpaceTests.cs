using nanoFramework.TestFramework;
using Terminal.Core.App;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Storage;
using Terminal.Core.Store;
using Terminal.Tests.App;
using Terminal.Tests.Support;

namespace Terminal.Tests.Store
{
    /// <summary>
    /// The whole store on the device's space count (whole 4 KB blocks per file, a metadata pair
    /// per folder) within the 4 MB board's share (<see cref="FlashBudget.StoreShare"/> of the
    /// 256 KB LittleFS partition): settings, PINs, order numbers, a sale's journal entry, the
    /// refunds kept (RefundBook.MaxKeptOrders), the Z reports kept
    /// (<see cref="DayClose.Keep"/>) and a full sales history (<see cref="TerminalApp.HistoryBytes"/>,
    /// no Z for ten days: carried). The merchant server is then down: the outbox must still take
    /// its documented capacity (100 notifications) before it stops sales, the history giving its
    /// oldest days (<see cref="IFlashDonor"/>) and keeping its totals. docs/storage.md has the figures.
    /// </summary>
    [TestClass]
    public class StoreSpaceTests
    {
        private const long Day0 = 1795190400L; // 2026-11-21 00:00 China time

        /// <summary>RefundBook.MaxKeptOrders (internal to Payments): finished refund files kept.</summary>
        private const int KeptRefundOrders = 4;

        [TestMethod]
        public void With_every_store_full_the_outbox_still_takes_its_documented_capacity()
        {
            for (int withDonor = 0; withDonor < 2; withDonor++)
            {
                MemoryFileStore flash = new MemoryFileStore(FlashBudget.StoreShare(256 * 1024));
                flash.BlockSize = FlashBudget.DeviceBlockSize;
                Write(flash, "terminal/config", 900);
                Write(flash, "terminal/secrets", 6000);
                Write(flash, "terminal/pin", 120);
                Write(flash, "terminal/mpin", 120);
                Write(flash, "seq/000000000016", 0);
                Write(flash, "journal/000000000017.1", 420);
                long provisioned = flash.UsedBytes;
                for (int i = 0; i < KeptRefundOrders; i++)
                {
                    Write(flash, "refunds" + "/T0001000000000" + (100 + i).ToString() + ".1", 420);
                }

                long refunds = flash.UsedBytes - provisioned;
                for (int i = 1; i <= DayClose.Keep + 1; i++)
                {
                    Write(flash, DayClose.Folder + "/z0000000" + i.ToString() + (i <= DayClose.Keep ? ".sent" : ".rec"), 520);
                }

                long zReports = flash.UsedBytes - provisioned - refunds;
                SalesHistory history = new SalesHistory(flash, TerminalApp.HistoryBytes, 480);
                history.Load(1);
                int sales = 0;
                for (int d = 0; d < 10; d++)
                {
                    for (int i = 0; i < 60; i++)
                    {
                        history.Add(StoreDay.Record(HistoryRecord.Paid, sales, 100, Day0 + d * 86400L + i * 600));
                        sales++;
                    }
                }

                long historyBytes = flash.UsedBytes - provisioned - refunds - zReports;
                OutboxOptions options = new OutboxOptions();
                options.TerminalId = StoreDay.TerminalId;
                options.Secret = PaidHandover.Secret();
                options.VelocityMaxCount = 0;
                options.VelocityMaxAmount = 0;
                NotificationOutbox outbox = new NotificationOutbox(flash, new VirtualClock(), new SteadyRandom(), new KeyedMerchantServer(PaidHandover.Secret()), options);
                outbox.Start();
                if (withDonor == 1)
                {
                    outbox.Donor = history;
                }

                int queued = 0;
                while (outbox.SaleRefusal() == null && queued < 300)
                {
                    Assert.IsTrue(outbox.Enqueue(Payment(queued)).Committed, "notification " + queued.ToString());
                    queued++;
                }

                OutputHelper.WriteLine((withDonor == 1 ? "with" : "without") + " the history giving way: provisioned " + (provisioned / 4096).ToString()
                    + " blocks, refunds " + (refunds / 4096).ToString() + ", Z reports " + (zReports / 4096).ToString() + ", history " + (historyBytes / 4096).ToString()
                    + " (" + sales.ToString() + " sales); outbox took " + queued.ToString() + " notifications; history now " + (history.UsedBytes / 4096).ToString()
                    + " blocks of parts, " + history.Days().Length.ToString() + " days; " + (flash.FreeBytes / 4096).ToString() + " blocks free: " + outbox.SaleRefusal());
                if (withDonor == 0)
                {
                    Assert.IsTrue(queued < options.MaxRecords, "without the history giving way the flash, not the capacity, stops sales (the test's premise)");
                    continue;
                }

                Assert.AreEqual(options.MaxRecords, queued, "the documented capacity, not the flash, stops sales");
                Assert.StartsWith("Notification storage full (100 of 100)", outbox.SaleRefusal());
                Assert.IsTrue(flash.FreeBytes >= options.MinFreeBytes, "the reserve for the rest of the store is still free");
                Assert.IsTrue(outbox.Enqueue(Payment(queued)).Committed, "the sale in progress when the limit was reached");
                Assert.AreEqual((long)sales, history.OpenTotals().SalesCount(0), "the totals keep every sale the history gave away");
                SalesHistory again = new SalesHistory(flash, TerminalApp.HistoryBytes, 480);
                again.Load(1);
                Assert.AreEqual((long)sales, again.OpenTotals().SalesCount(0), "and after a reboot");
                Assert.IsTrue(again.Days().Length >= 1);
            }
        }

        private static void Write(MemoryFileStore store, string path, int length)
        {
            byte[] data = new byte[length];
            store.Write(path, data, 0, length);
        }

        private static PaidNotification Payment(int i)
        {
            PaidNotification n = new PaidNotification();
            n.TerminalId = StoreDay.TerminalId;
            n.OutTradeNo = StoreDay.TerminalId + (100000 + i).ToString();
            n.TransactionId = "42000000002026112100" + (10000000 + i).ToString();
            n.TotalFee = 100 + i;
            n.CashFee = 100 + i;
            n.FeeType = "CNY";
            n.TimeEnd = "20261121120000";
            n.BankType = "CMB_DEBIT";
            n.OpenId = "oUpF8uN95-Ptaags6E_roPHg7AG0";
            return n;
        }
    }
}
