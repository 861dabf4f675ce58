using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Core.Text;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    /// <summary>
    /// Format 1 (one record per file under outbox/q, dl, bad, risk) is read and migrated into
    /// segments at boot, and a power cut at any step of the move loses and duplicates nothing.
    /// </summary>
    [TestClass]
    public class MigrationTests
    {
        private static void Version1Store(MemoryFileStore store)
        {
            for (int seq = 1; seq <= 3; seq++)
            {
                byte[] record = OutboxRecord.Encode(OutboxRecord.KindNotification, (uint)seq, OutboxFixtures.Payment(seq).ToJson());
                store.Write("outbox/q/0000000" + seq.ToString() + ".rec", record, 0, record.Length);
            }

            byte[] junk = new byte[] { 1, 2, 3 };
            store.Write("outbox/q/00000004.tmp", junk, 0, junk.Length);
            byte[] dead = OutboxRecord.Encode(OutboxRecord.KindNotification, 5, OutboxFixtures.Payment(5).ToJson());
            store.Write("outbox/dl/00000005.rec", dead, 0, dead.Length);
            byte[] why = OutboxRecord.Encode(OutboxRecord.KindReason, 5, Utf8.Encode("{\"status\":422,\"reason\":\"amount mismatch\",\"at\":1795752000}"));
            store.Write("outbox/dl/00000005.why", why, 0, why.Length);
            store.Write("outbox/bad/00000006.rec", junk, 0, junk.Length);
            byte[] state = OutboxRecord.Encode(OutboxRecord.KindState, 3, Utf8.Encode("{\"suspended\":true,\"reason\":\"audit\",\"since\":1795752000}"));
            store.Write("outbox/risk/state-00000003.rec", state, 0, state.Length);
        }

        private static NotificationOutbox Boot(MemoryFileStore store)
        {
            return OutboxFixtures.Outbox(store, new VirtualClock(), new FakeMerchantLink(OutboxFixtures.Secret()), OutboxFixtures.Options());
        }

        private static void AssertMigrated(MemoryFileStore store, NotificationOutbox outbox, string when)
        {
            int[] seqs = outbox.Store.PendingSequences();
            Assert.AreEqual(3, seqs.Length, when + ": pending");
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual(i + 1, seqs[i], when);
                string problem;
                byte[] payload = outbox.Store.ReadPayload(seqs[i], out problem);
                Assert.IsTrue(FakeMerchantLink.SameBytes(OutboxFixtures.Payment(i + 1).ToJson(), payload), when + ": record " + seqs[i].ToString() + " byte for byte");
            }

            DeadLetter[] letters = outbox.DeadLetters();
            Assert.AreEqual(1, letters.Length, when + ": dead letters");
            Assert.AreEqual(5, letters[0].Sequence, when);
            Assert.AreEqual(422, letters[0].Status, when);
            Assert.AreEqual("amount mismatch", letters[0].Reason, when);
            Assert.AreEqual(1, outbox.Store.QuarantinedCount, when + ": quarantine kept");
            Assert.IsTrue(outbox.Risk.Suspended, when + ": risk state kept");
            Assert.AreEqual("audit", outbox.Risk.SuspendReason, when);
            Assert.AreEqual(0, store.List("outbox/q").Length + store.List("outbox/dl").Length + store.List("outbox/bad").Length + store.List("outbox/risk").Length, when + ": format-1 folders emptied");
            Assert.AreEqual(1, OutboxFixtures.Files(store, ".seg").Length, when + ": the three records share one segment");
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(9)).Sequence > 6, when + ": numbers continue above the format-1 names");
        }

        [TestMethod]
        public void Format_1_files_are_read_and_moved_into_segments_at_boot()
        {
            MemoryFileStore store = new MemoryFileStore();
            Version1Store(store);
            NotificationOutbox outbox = Boot(store);
            AssertMigrated(store, outbox, "first boot");
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(2)).Duplicate, "a migrated record still answers for its payment");
        }

        [TestMethod]
        public void A_power_cut_at_any_step_of_the_migration_loses_and_duplicates_nothing()
        {
            MemoryFileStore probe = new MemoryFileStore();
            Version1Store(probe);
            probe.ResetCounters();
            Boot(probe);
            int operations = probe.Operations;
            Assert.IsTrue(operations >= 8, "the migration writes, renames and deletes");
            for (int cut = 1; cut <= operations; cut++)
            {
                MemoryFileStore store = new MemoryFileStore();
                Version1Store(store);
                store.CutPowerAt(cut);
                try
                {
                    Boot(store);
                }
                catch (StoreException)
                {
                }

                store.Reboot();
                AssertMigrated(store, Boot(store), "cut at " + cut.ToString());
            }
        }
    }
}
