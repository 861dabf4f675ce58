using nanoFramework.TestFramework;
using Terminal.Core.Ports;
using Terminal.Core.Storage;
using Terminal.Tests.Support;

namespace Terminal.Tests.Storage
{
    /// <summary>The device store's path and space rules (<see cref="StorePath"/>, <see cref="FlashBudget"/>) and the test store following them.</summary>
    [TestClass]
    public class StoreRulesTests
    {
        [TestMethod]
        [DataRow("config")]
        [DataRow("terminal/pin")]
        [DataRow("outbox/q/0000000A.rec")]
        [DataRow("outbox/bad/00000001.rec-2")]
        [DataRow("a/b/c/d.e")]
        [DataRow("..a")]
        [DataRow("a..")]
        [DataRow("名字")]
        public void Relative_slash_separated_paths_are_accepted(string path)
        {
            Assert.IsTrue(StorePath.IsValid(path));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("/abs")]
        [DataRow("trailing/")]
        [DataRow("a//b")]
        [DataRow("./a")]
        [DataRow("a/../b")]
        [DataRow("..")]
        [DataRow(".")]
        [DataRow("a\\b")]
        [DataRow("I:")]
        [DataRow("C:/x")]
        [DataRow("name~n")]
        [DataRow("name~r")]
        [DataRow("tab\there")]
        [DataRow("line\nbreak")]
        public void Paths_the_device_cannot_hold_safely_are_refused(string path)
        {
            Assert.IsFalse(StorePath.IsValid(path));
            Assert.ThrowsException(typeof(StoreException), () => StorePath.Check(path));
        }

        [TestMethod]
        public void Null_is_refused()
        {
            Assert.IsFalse(StorePath.IsValid(null));
        }

        [TestMethod]
        [DataRow("outbox/q/00000001.rec", "I:\\terminal\\outbox\\q\\00000001.rec")]
        [DataRow("config", "I:\\terminal\\config")]
        public void Device_paths_use_backslashes_under_the_root(string path, string native)
        {
            Assert.AreEqual(native, StorePath.Native("I:\\terminal", path, '\\'));
        }

        [TestMethod]
        [DataRow(0L, 4096L)]
        [DataRow(1L, 4096L)]
        [DataRow(4096L, 4096L)]
        [DataRow(4097L, 8192L)]
        [DataRow(10000L, 12288L)]
        public void A_file_costs_whole_4_KB_blocks_at_least_one(long length, long cost)
        {
            Assert.AreEqual(cost, new FlashBudget(160 * 1024, FlashBudget.DeviceBlockSize).FileCost(length));
        }

        [TestMethod]
        public void New_content_must_fit_beside_the_old_and_the_count_follows_writes_and_deletes()
        {
            FlashBudget budget = new FlashBudget(6 * 4096, FlashBudget.DeviceBlockSize);
            budget.FolderCreated();
            Assert.AreEqual(2 * 4096L, budget.Used, "a folder is a LittleFS metadata pair: two blocks");
            budget.Wrote(5000, -1);
            Assert.AreEqual(4 * 4096L, budget.Used);
            Assert.AreEqual(2 * 4096L, budget.Free);
            Assert.IsTrue(budget.Fits(8192), "two blocks free: a 2-block file fits");
            Assert.IsFalse(budget.Fits(8193), "three blocks do not, even though the 2-block file it would replace is freed after");
            budget.Wrote(300, 5000);
            Assert.AreEqual(3 * 4096L, budget.Used, "replaced by a one-block file");
            budget.Deleted(300);
            Assert.AreEqual(2 * 4096L, budget.Used);
            budget.FolderDeleted();
            Assert.AreEqual(0L, budget.Used);
            Assert.IsTrue(new FlashBudget(4096, 4096).LooksFull(0), "room for one copy only: a failed write looks like a full flash");
        }

        [TestMethod]
        [DataRow(256L * 1024, 196L * 1024)]
        [DataRow(2048L * 1024, 1988L * 1024)]
        [DataRow(40L * 1024, 0L)]
        public void The_store_counts_against_the_partition_less_what_LittleFS_and_the_device_need(long partition, long share)
        {
            Assert.AreEqual(share, FlashBudget.StoreShare(partition));
        }

        [TestMethod]
        public void One_byte_blocks_count_exact_bytes()
        {
            FlashBudget budget = new FlashBudget(1000, 1);
            budget.Wrote(999, -1);
            Assert.AreEqual(999L, budget.Used);
            Assert.IsTrue(budget.Fits(1));
            Assert.IsFalse(budget.Fits(2));
        }

        [TestMethod]
        public void The_test_store_refuses_the_paths_the_device_refuses()
        {
            MemoryFileStore store = new MemoryFileStore();
            byte[] data = new byte[] { 1 };
            Assert.ThrowsException(typeof(StoreException), () => store.Write("a~n", data, 0, 1));
            Assert.ThrowsException(typeof(StoreException), () => store.Write("../x", data, 0, 1));
            Assert.ThrowsException(typeof(StoreException), () => store.Read("/x"));
            Assert.ThrowsException(typeof(StoreException), () => store.Rename("ok", "I:x"));
            Assert.ThrowsException(typeof(StoreException), () => store.Delete("a\\b"));
            Assert.ThrowsException(typeof(StoreException), () => store.List("a//b"));
            Assert.AreEqual(0, store.Operations, "refused before anything happened");
        }

        [TestMethod]
        public void The_test_store_counts_like_the_device_when_given_its_block_size()
        {
            MemoryFileStore store = new MemoryFileStore(6 * 4096);
            store.BlockSize = FlashBudget.DeviceBlockSize;
            byte[] small = new byte[300];
            store.Write("outbox/q/00000001.rec", small, 0, small.Length);
            Assert.AreEqual(5 * 4096L, store.UsedBytes, "one block for the file, a metadata pair (two blocks) per folder (outbox, outbox/q)");
            store.Write("outbox/q/00000002.rec", small, 0, small.Length);
            Assert.AreEqual(0L, store.FreeBytes);
            StoreException full = null;
            try
            {
                store.Write("outbox/q/00000002.rec", small, 0, small.Length);
            }
            catch (StoreException e)
            {
                full = e;
            }

            Assert.IsNotNull(full, "even a same-size replacement needs a free block for its side file");
            Assert.IsTrue(full.DiskFull);
            store.Delete("outbox/q/00000001.rec");
            store.Write("outbox/q/00000002.rec", small, 0, small.Length);
            Assert.AreEqual(5 * 4096L, store.UsedBytes);
        }

        [TestMethod]
        public void By_default_the_test_store_counts_exact_bytes_and_a_replacement_needs_only_the_difference()
        {
            MemoryFileStore store = new MemoryFileStore(1000);
            byte[] data = new byte[600];
            store.Write("a/b", data, 0, data.Length);
            Assert.AreEqual(600L, store.UsedBytes);
            store.Write("a/b", data, 0, data.Length);
            Assert.AreEqual(400L, store.FreeBytes);
        }
    }
}
