using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Storage;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    /// <summary>
    /// The outbox on the device's space count (<see cref="FlashBudget"/>: whole 4 KB blocks per file,
    /// a metadata pair per folder) within the store's share of the 4 MB board's 256 KB LittleFS
    /// partition (<see cref="FlashBudget.StoreShare"/>, as Program.StoreBudget gives it), beside the
    /// rest of a provisioned terminal's store: the documented capacity (MaxRecords, 100) fits with
    /// the reserve (MinFreeBytes) still free. docs/storage.md records the figures.
    /// </summary>
    [TestClass]
    public class DeviceSpaceTests
    {
        /// <summary>A provisioned terminal's store in the middle of a sale: settings, secrets, PIN, sales list, order numbers, the sale's journal entry.</summary>
        private static MemoryFileStore ProvisionedStore()
        {
            MemoryFileStore store = new MemoryFileStore(FlashBudget.StoreShare(256 * 1024));
            store.BlockSize = FlashBudget.DeviceBlockSize;
            Put(store, "terminal/config", 900);
            Put(store, "terminal/secrets", 6000); // API key, merchant secret, client certificate and key
            Put(store, "terminal/pin", 120);
            Put(store, "terminal/txlog", 1600);
            Put(store, "seq/000000000016", 0);
            Put(store, "journal/000000000017.1", 420);
            return store;
        }

        private static void Put(MemoryFileStore store, string path, int length)
        {
            byte[] data = new byte[length];
            store.Write(path, data, 0, length);
        }

        private static NotificationOutbox Outbox(MemoryFileStore store, OutboxOptions options)
        {
            options.VelocityMaxCount = 0;
            options.VelocityMaxAmount = 0;
            return OutboxFixtures.Outbox(store, new VirtualClock(), new FakeMerchantLink(OutboxFixtures.Secret()), options);
        }

        [TestMethod]
        public void On_the_device_count_the_outbox_holds_its_documented_capacity_beside_the_rest_of_the_store()
        {
            MemoryFileStore store = ProvisionedStore();
            long before = store.UsedBytes;
            OutboxOptions options = OutboxFixtures.Options();
            NotificationOutbox outbox = Outbox(store, options);
            int sales = 0;
            while (outbox.SaleRefusal() == null && sales < 300)
            {
                EnqueueResult result = outbox.Enqueue(OutboxFixtures.Payment(sales));
                Assert.IsTrue(result.Committed, "sale " + sales.ToString());
                sales++;
            }

            OutputHelper.WriteLine("device count, " + (FlashBudget.StoreShare(256 * 1024) / 1024).ToString() + " KB store share: rest of the store "
                + (before / 4096).ToString() + " blocks; " + sales.ToString() + " notifications in " + outbox.Store.SegmentCount.ToString()
                + " segments; " + (store.UsedBytes / 4096).ToString() + " blocks counted, " + (store.FreeBytes / 4096).ToString() + " free");
            Assert.AreEqual(options.MaxRecords, sales, "the documented capacity, not the flash, stops sales");
            Assert.StartsWith("Notification storage full (100 of 100)", outbox.SaleRefusal());
            Assert.AreEqual(8, outbox.Store.SegmentCount, "100 typical records in 8 one-block segments");
            Assert.IsTrue(store.FreeBytes >= options.MinFreeBytes + 4096, "the reserve for the rest of the store is still free, with a block for the next commit");
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(sales)).Committed, "the sale in progress when the limit was reached");
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(sales + 1)).Committed, "and a second one (InFlightReserve)");
        }

        [TestMethod]
        public void Records_of_the_largest_size_stop_at_the_byte_limit_with_the_reserve_still_free()
        {
            MemoryFileStore store = ProvisionedStore();
            OutboxOptions options = OutboxFixtures.Options();
            NotificationOutbox outbox = Outbox(store, options);
            int sales = 0;
            while (outbox.SaleRefusal() == null && sales < 300)
            {
                PaidNotification n = OutboxFixtures.Payment(sales);
                n.OpenId = new string('o', 128);
                n.BankType = new string('B', 32);
                Assert.IsTrue(outbox.Enqueue(n).Committed, "sale " + sales.ToString());
                sales++;
            }

            OutputHelper.WriteLine("largest records: " + sales.ToString() + " notifications, " + outbox.Store.StoredBytes.ToString() + " bytes in "
                + outbox.Store.SegmentCount.ToString() + " segments; " + (store.FreeBytes / 4096).ToString() + " blocks free");
            Assert.StartsWith("Notification storage full", outbox.SaleRefusal(), "the outbox's limits, not the flash");
            Assert.IsTrue(store.FreeBytes >= options.MinFreeBytes + 4096);
        }
    }
}
