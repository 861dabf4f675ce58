using nanoFramework.TestFramework;
using Terminal.Core.Store;
using Terminal.Core.Text;
using Terminal.Core.Timing;
using Terminal.Tests.App;
using Terminal.Tests.Support;

namespace Terminal.Tests.Store
{
    /// <summary>The sales history: days in local time, search, the flash budget, migration, damage.</summary>
    [TestClass]
    public class SalesHistoryTests
    {
        private const long Day0 = 1795190400L; // 2026-11-21 00:00 China time

        [TestMethod]
        public void Records_go_to_the_local_day_and_are_found_by_day_order_reference_and_amount()
        {
            MemoryFileStore flash = new MemoryFileStore();
            SalesHistory h = new SalesHistory(flash, 40960, 480);
            h.Load(1);
            h.Add(StoreDay.Record(HistoryRecord.Paid, 1, 1000, Day0 - 1)); // 23:59:59 the day before
            h.Add(StoreDay.Record(HistoryRecord.Paid, 2, 2000, Day0));
            h.Add(StoreDay.Record(HistoryRecord.Failed, 3, 1000, Day0 + 3600));
            string[] files = flash.List(SalesHistory.Folder);
            Assert.AreEqual(2, files.Length);
            Assert.AreEqual("20261120-00", files[0]);
            Assert.AreEqual("20261121-00", files[1]);
            string error;
            Assert.AreEqual(2, h.Search(HistoryQuery.Day, "2026-11-21", 50, out error).Length);
            Assert.AreEqual(2, h.Search(HistoryQuery.Amount, "1000", 50, out error).Length);
            HistoryRecord[] byOrder = h.Search(HistoryQuery.Order, "0002", 50, out error);
            Assert.AreEqual(1, byOrder.Length);
            Assert.AreEqual(2000L, byOrder[0].Amount);
            Assert.AreEqual(1, h.Search(HistoryQuery.Reference, "10000001", 50, out error).Length);
            Assert.IsNull(h.Search(HistoryQuery.Day, "yesterday", 50, out error));
            Assert.IsNotNull(error);
            Assert.IsNull(h.Search(HistoryQuery.Amount, "10.00", 50, out error));
            Assert.AreEqual(2, h.Days().Length);
        }

        [TestMethod]
        public void The_history_reads_back_after_a_reboot_with_its_open_totals()
        {
            MemoryFileStore flash = new MemoryFileStore();
            SalesHistory h = new SalesHistory(flash, 40960, 480);
            h.Load(1);
            for (int i = 1; i <= 30; i++)
            {
                h.Add(StoreDay.Record(HistoryRecord.Paid, i, i, Day0 + i * 60));
            }

            SalesHistory again = new SalesHistory(flash, 40960, 480);
            again.Load(1);
            Assert.AreEqual(30L, again.OpenTotals().SalesCount(0));
            Assert.AreEqual(465L, again.OpenTotals().SalesSum(0));
            Assert.AreEqual(0, again.DamagedChunks);
            Assert.IsFalse(again.Add(StoreDay.Record(HistoryRecord.Paid, 30, 30, Day0 + 1800)), "recent keys survive the reboot");
        }

        [TestMethod]
        public void Seven_days_fit_the_budget_and_older_closed_days_are_dropped_first()
        {
            MemoryFileStore flash = new MemoryFileStore();
            flash.BlockSize = 4096;
            SalesHistory h = new SalesHistory(flash, 40960, 480);
            h.Load(1);
            int period = 1;
            for (int d = 0; d < 12; d++)
            {
                for (int i = 0; i < 50; i++)
                {
                    h.Add(StoreDay.Record(HistoryRecord.Paid, d * 100 + i, 100, Day0 + d * 86400L + i * 600));
                }

                period++;
                h.StartPeriod(period, Day0 + (d + 1) * 86400L); // a Z every evening
                Assert.IsTrue(h.UsedBytes <= 40960, "day " + d.ToString() + ": " + h.UsedBytes.ToString());
            }

            long[] days = h.Days();
            Assert.IsTrue(days.Length >= 7, "days kept: " + days.Length.ToString());
            Assert.AreEqual(LocalTime.Day(Day0, 480) + 11, days[days.Length - 1]);
            string error;
            Assert.AreEqual(50, h.Search(HistoryQuery.Day, LocalTime.DayText(days[days.Length - 7], "-"), 100, out error).Length, "the 7th day back is whole");
            Assert.IsFalse(h.OverBudget);
        }

        [TestMethod]
        public void A_store_that_never_closes_stays_within_the_budget_and_keeps_its_totals()
        {
            // Before the carry file the open period's chunks were never deleted: a store that never
            // ran a Z grew the history until the flash was full and the outbox stopped sales.
            MemoryFileStore flash = new MemoryFileStore();
            SalesHistory h = new SalesHistory(flash, 8192, 480);
            h.Load(1);
            for (int i = 0; i < 150; i++)
            {
                h.Add(StoreDay.Record(HistoryRecord.Paid, i, 1 + i, Day0 + i * 600));
                Assert.IsTrue(h.UsedBytes <= 8192, "record " + i.ToString() + ": " + h.UsedBytes.ToString());
            }

            Assert.IsFalse(h.OverBudget);
            Assert.IsTrue(flash.Exists(SalesHistory.CarryPath));
            Assert.AreEqual(150L, h.OpenTotals().SalesCount(0));
            Assert.AreEqual(11325L, h.OpenTotals().SalesSum(0));
            SalesHistory again = new SalesHistory(flash, 8192, 480);
            again.Load(1);
            Assert.AreEqual(150L, again.OpenTotals().SalesCount(0));
            Assert.AreEqual(11325L, again.OpenTotals().SalesSum(0));
            Assert.IsFalse(again.CarryDamaged);
            Assert.AreEqual(Day0 + 0, again.OpenSince, "the period still starts at its first sale");
            string error;
            HistoryRecord[] lastOfFirstDay = again.Search(HistoryQuery.Order, StoreDay.Record(HistoryRecord.Paid, 143, 0, 0).OutTradeNo, 5, out error);
            Assert.AreEqual(1, lastOfFirstDay.Length, "a sale recorded after its day's older parts went is still found under its own day");
            HistoryRecord[] secondDay = again.Search(HistoryQuery.Day, "2026-11-22", 50, out error);
            Assert.AreEqual(6, secondDay.Length, "the second day holds its own 6 sales only");

            // After a Z the carry is about a closed period: the new period starts from zero.
            again.StartPeriod(2, Day0 + 150 * 600);
            again.Add(StoreDay.Record(HistoryRecord.Paid, 500, 7, Day0 + 151 * 600));
            SalesHistory third = new SalesHistory(flash, 8192, 480);
            third.Load(2);
            Assert.AreEqual(1L, third.OpenTotals().SalesCount(0));
            Assert.AreEqual(7L, third.OpenTotals().SalesSum(0));
        }

        [TestMethod]
        public void A_cut_at_every_flash_operation_of_a_prune_never_loses_or_doubles_a_count()
        {
            int cuts = 0;
            for (int k = 1; k < 12; k++)
            {
                MemoryFileStore inner = new MemoryFileStore();
                PowerCutStore flash = new PowerCutStore(inner);
                SalesHistory h = new SalesHistory(flash, 8192, 480);
                h.Load(1);
                int n = 0;
                while (h.UsedBytes < 8192)
                {
                    h.Add(StoreDay.Record(HistoryRecord.Paid, n, 10, Day0 + n * 600));
                    n++;
                }

                // The next chunk's first record makes the history prune: cut the power at its k-th operation.
                int recorded = n;
                inner.CutPowerAt(k);
                try
                {
                    for (int i = 0; i < 60; i++)
                    {
                        h.Add(StoreDay.Record(HistoryRecord.Paid, n, 10, Day0 + n * 600));
                        n++;
                        recorded = n;
                    }
                }
                catch (PowerCutException)
                {
                    cuts++;
                }

                inner.Reboot();
                SalesHistory again = new SalesHistory(flash, 8192, 480);
                again.Load(1);
                long count = again.OpenTotals().SalesCount(0);
                Assert.IsTrue(count == recorded || count == recorded + 1, "cut at " + k.ToString() + ": " + count.ToString() + " counted, " + recorded.ToString() + " recorded");
                Assert.AreEqual(count * 10, again.OpenTotals().SalesSum(0));
                Assert.IsFalse(again.CarryDamaged, "cut at " + k.ToString());
            }

            Assert.IsTrue(cuts > 5, "the cuts happened: " + cuts.ToString());
        }

        [TestMethod]
        public void The_old_twenty_entry_log_migrates_once_and_is_never_counted()
        {
            MemoryFileStore flash = new MemoryFileStore();
            byte[] old = Utf8.Encode("1795190460|T000100000000000001|1234|CNY|Paid||4200000000202611210010000001\n" +
                "1795190520|T000100000000000002|500|CNY|Failed|CodeExpired|\n" +
                "garbage line\n");
            flash.Write(SalesHistory.LegacyLogPath, old, 0, old.Length);
            SalesHistory h = new SalesHistory(flash, 40960, 480);
            h.Load(1);
            Assert.IsFalse(flash.Exists(SalesHistory.LegacyLogPath));
            string error;
            HistoryRecord[] found = h.Search(HistoryQuery.Day, "2026-11-21", 50, out error);
            Assert.AreEqual(2, found.Length);
            Assert.AreEqual("CodeExpired", found[1].Reason);
            Assert.AreEqual(0, found[0].Period);
            Assert.AreEqual(0, h.OpenTotals().Count, "sales from before the first Z are not in it");
            SalesHistory again = new SalesHistory(flash, 40960, 480);
            again.Load(1);
            Assert.AreEqual(2, again.Search(HistoryQuery.Day, "2026-11-21", 50, out error).Length, "migrated once");
        }

        [TestMethod]
        public void A_damaged_chunk_is_reported_and_its_whole_lines_still_read()
        {
            MemoryFileStore flash = new MemoryFileStore();
            SalesHistory h = new SalesHistory(flash, 40960, 480);
            h.Load(1);
            h.Add(StoreDay.Record(HistoryRecord.Paid, 1, 100, Day0 + 60));
            h.Add(StoreDay.Record(HistoryRecord.Paid, 2, 200, Day0 + 120));
            flash.FlipBit(SalesHistory.Folder + "/20261121-00", 8 * 6 + 1); // inside the first record's period field? no: its status line prefix
            SalesHistory again = new SalesHistory(flash, 40960, 480);
            again.Load(1);
            Assert.AreEqual(1, again.DamagedChunks);
            Assert.IsTrue(again.OpenTotals().SalesCount(0) >= 1);
        }
    }
}
