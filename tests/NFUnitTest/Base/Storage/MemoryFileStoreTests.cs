using nanoFramework.TestFramework;
using Terminal.Core.Ports;
using Terminal.Tests.Support;

namespace Terminal.Tests.Storage
{
    [TestClass]
    public class MemoryFileStoreTests
    {
        private static byte[] Bytes(string text)
        {
            return System.Text.Encoding.UTF8.GetBytes(text);
        }

        private static void Write(MemoryFileStore store, string path, string text)
        {
            byte[] data = Bytes(text);
            store.Write(path, data, 0, data.Length);
        }

        [TestMethod]
        public void Write_read_rename_delete_and_list()
        {
            MemoryFileStore store = new MemoryFileStore();
            Write(store, "q/b.tmp", "two");
            Write(store, "q/a", "one");
            store.Rename("q/b.tmp", "q/b");
            Assert.AreEqual("one", System.Text.Encoding.UTF8.GetString(store.Read("q/a"), 0, 3));
            CollectionAssert.AreEqual(new string[] { "a", "b" }, store.List("q"));
            Assert.IsNull(store.Read("q/b.tmp"));
            store.Delete("q/a");
            store.Delete("q/missing");
            CollectionAssert.AreEqual(new string[] { "b" }, store.List("q"));
            Assert.AreEqual(0, store.List("nothing").Length);
            Assert.AreEqual(2, store.Writes);
            Assert.AreEqual(6L, store.BytesWritten);
        }

        [TestMethod]
        public void Rename_refuses_to_replace_like_nanoFramework()
        {
            MemoryFileStore store = new MemoryFileStore();
            Write(store, "a", "1");
            Write(store, "b", "2");
            Assert.ThrowsException(typeof(StoreException), () => store.Rename("a", "b"));
            Assert.ThrowsException(typeof(StoreException), () => store.Rename("c", "d"));
        }

        [TestMethod]
        public void A_power_cut_keeps_committed_state_and_fails_everything_until_reboot()
        {
            MemoryFileStore store = new MemoryFileStore();
            Write(store, "a", "old");
            store.CutPowerAt(1);
            Assert.ThrowsException(typeof(StoreException), () => Write(store, "a", "new"));
            Assert.IsTrue(store.PowerLost);
            Assert.ThrowsException(typeof(StoreException), () => store.Read("a"));
            store.Reboot();
            Assert.AreEqual(3, store.Read("a").Length);
            Assert.AreEqual((byte)'o', store.Read("a")[0]);
        }

        [TestMethod]
        public void A_torn_write_leaves_a_prefix_of_the_new_data()
        {
            MemoryFileStore store = new MemoryFileStore();
            store.Torn = TornWrite.Prefix;
            store.CutPowerAt(1);
            Assert.ThrowsException(typeof(StoreException), () => Write(store, "x.tmp", "abcdefgh"));
            store.Reboot();
            Assert.AreEqual(4, store.Read("x.tmp").Length);
        }

        [TestMethod]
        public void Full_disk_and_bit_flips()
        {
            MemoryFileStore store = new MemoryFileStore(10);
            Write(store, "a", "12345678");
            try
            {
                Write(store, "b", "123");
                Assert.IsTrue(false, "expected a full disk");
            }
            catch (StoreException ex)
            {
                Assert.IsTrue(ex.DiskFull);
            }

            store.FlipBit("a", 0);
            Assert.AreEqual((byte)('1' ^ 1), store.Read("a")[0]);
        }

        [TestMethod]
        public void Virtual_clock_advances_on_sleep()
        {
            VirtualClock clock = new VirtualClock();
            long start = clock.MonotonicMs;
            clock.Sleep(5000);
            Assert.AreEqual(start + 5000, clock.MonotonicMs);
            Assert.AreEqual(5000L, clock.SleptMs);
            Assert.AreEqual(clock.UtcNow.Ticks, new System.DateTime(2026, 11, 21, 4, 0, 5).Ticks);
        }
    }
}
