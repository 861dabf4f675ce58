using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Storage;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    /// <summary>
    /// The outbox on the device's space count (<see cref="FlashBudget"/>: 4 KB per file and folder,
    /// the 160 KB budget Program.StoreBudget gives a 256 KB partition): new sales stop before the
    /// flash is short, and a payment already made still commits. docs/storage.md records the figure.
    /// </summary>
    [TestClass]
    public class DeviceSpaceTests
    {
        [TestMethod]
        public void On_the_device_count_sales_stop_before_a_commit_could_fail_and_a_paid_sale_still_commits()
        {
            MemoryFileStore store = new MemoryFileStore(160 * 1024);
            store.BlockSize = FlashBudget.DeviceBlockSize;
            VirtualClock clock = new VirtualClock();
            OutboxOptions options = OutboxFixtures.Options();
            options.VelocityMaxCount = 0;
            options.VelocityMaxAmount = 0;
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, new FakeMerchantLink(OutboxFixtures.Secret()), options);
            int sales = 0;
            while (outbox.SaleRefusal() == null && sales < 200)
            {
                EnqueueResult result = outbox.Enqueue(OutboxFixtures.Payment(sales));
                Assert.IsTrue(result.Committed, "sale " + sales.ToString());
                sales++;
            }

            OutputHelper.WriteLine("device count, 160 KB budget, default options: " + sales.ToString() + " notifications before sales stop; " + store.UsedBytes.ToString() + " bytes counted");
            Assert.Contains("Flash almost full", outbox.SaleRefusal());
            Assert.IsTrue(store.FreeBytes >= options.MinFreeBytes, "the configuration's share is still free");
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(sales)).Committed, "the sale in progress when the limit was reached");
            Assert.AreEqual(14, sales, "the figure docs/storage.md gives");
        }
    }
}
