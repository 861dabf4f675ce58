using System.Collections;
using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    [TestClass]
    public class JournalTests
    {
        private static JournalEntry Sample()
        {
            JournalEntry entry = new JournalEntry();
            entry.Sequence = 42;
            entry.OutTradeNo = "T1000000000042";
            entry.TotalFee = 1234;
            entry.Currency = "CNY";
            entry.AuthCode = "134567890123456789";
            entry.Body = "店 sale\\line\nnext";
            entry.CreatedUnix = 1795000000;
            return entry;
        }

        private static PaymentJournal Journal(MemoryFileStore store)
        {
            return new PaymentJournal(store, new OrderNumbers(store, new VirtualClock(), "T1", 4));
        }

        [TestMethod]
        public void An_entry_round_trips_through_its_encoding()
        {
            JournalEntry entry = Sample();
            entry.State = JournalState.Paid;
            entry.ReverseCalls = 3;
            entry.TransactionId = "4200000000001";
            entry.CashFee = 1200;
            JournalEntry back = JournalEntry.Decode(entry.Encode());
            Assert.IsNotNull(back);
            Assert.AreEqual(42L, back.Sequence);
            Assert.AreEqual("T1000000000042", back.OutTradeNo);
            Assert.AreEqual(1234L, back.TotalFee);
            Assert.AreEqual("134567890123456789", back.AuthCode);
            Assert.AreEqual("店 sale\\line\nnext", back.Body);
            Assert.AreEqual(1795000000L, back.CreatedUnix);
            Assert.AreEqual((int)JournalState.Paid, (int)back.State);
            Assert.AreEqual(3, back.ReverseCalls);
            Assert.AreEqual("4200000000001", back.TransactionId);
            Assert.AreEqual(1200L, back.CashFee);
        }

        [TestMethod]
        public void Every_single_bit_flip_and_every_truncation_is_detected()
        {
            byte[] data = Sample().Encode();
            for (int bit = 0; bit < data.Length * 8; bit++)
            {
                byte[] copy = (byte[])data.Clone();
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.IsNull(JournalEntry.Decode(copy), "bit " + bit + " flipped but accepted");
            }

            for (int length = 0; length < data.Length; length++)
            {
                byte[] prefix = new byte[length];
                System.Array.Copy(data, prefix, length);
                Assert.IsNull(JournalEntry.Decode(prefix), "prefix of " + length + " bytes accepted");
            }
        }

        [TestMethod]
        public void Commit_writes_a_new_version_then_deletes_the_old_one()
        {
            MemoryFileStore store = new MemoryFileStore();
            PaymentJournal journal = Journal(store);
            JournalEntry entry = Sample();
            journal.Commit(entry);
            entry.State = JournalState.Unresolved;
            journal.Commit(entry);
            CollectionAssert.AreEqual(new string[] { "000000000042.2" }, store.List(PaymentJournal.Folder));
            ArrayList loaded = journal.LoadAll();
            Assert.AreEqual(1, loaded.Count);
            Assert.AreEqual((int)JournalState.Unresolved, (int)((JournalEntry)loaded[0]).State);
            Assert.IsTrue(journal.Remove((JournalEntry)loaded[0]));
            Assert.AreEqual(0, store.List(PaymentJournal.Folder).Length);
        }

        [TestMethod]
        public void A_torn_newest_version_falls_back_to_the_previous_one()
        {
            MemoryFileStore store = new MemoryFileStore();
            store.Torn = TornWrite.Prefix;
            PaymentJournal journal = Journal(store);
            JournalEntry entry = Sample();
            journal.Commit(entry);
            entry.State = JournalState.Unresolved;
            store.CutPowerAt(1);
            Assert.ThrowsException(typeof(StoreException), () => journal.Commit(entry));
            store.Reboot();
            ArrayList loaded = Journal(store).LoadAll();
            Assert.AreEqual(1, loaded.Count);
            JournalEntry back = (JournalEntry)loaded[0];
            Assert.AreEqual((int)JournalState.Intent, (int)back.State);
            Assert.AreEqual(1, back.Version);
            CollectionAssert.AreEqual(new string[] { "000000000042.1" }, store.List(PaymentJournal.Folder));
        }

        [TestMethod]
        public void A_damaged_only_version_is_rebuilt_from_its_name()
        {
            MemoryFileStore store = new MemoryFileStore();
            PaymentJournal journal = Journal(store);
            journal.Commit(Sample());
            store.FlipBit("journal/000000000042.1", 100);
            ArrayList loaded = Journal(store).LoadAll();
            Assert.AreEqual(1, loaded.Count);
            JournalEntry rebuilt = (JournalEntry)loaded[0];
            Assert.IsTrue(rebuilt.Rebuilt);
            Assert.AreEqual("T1000000000042", rebuilt.OutTradeNo);
            Assert.AreEqual(-1L, rebuilt.TotalFee);
        }

        [TestMethod]
        public void Two_committed_versions_after_a_cut_keep_the_newest()
        {
            MemoryFileStore store = new MemoryFileStore();
            PaymentJournal journal = Journal(store);
            JournalEntry entry = Sample();
            journal.Commit(entry);
            entry.ReverseCalls = 7;
            store.CutPowerAt(2); // the delete of version 1: the new version is already committed
            journal.Commit(entry);
            Assert.IsTrue(store.PowerLost);
            store.Reboot();
            Assert.AreEqual(2, store.List(PaymentJournal.Folder).Length);
            ArrayList loaded = Journal(store).LoadAll();
            Assert.AreEqual(7, ((JournalEntry)loaded[0]).ReverseCalls);
            CollectionAssert.AreEqual(new string[] { "000000000042.2" }, store.List(PaymentJournal.Folder));
        }
    }
}
