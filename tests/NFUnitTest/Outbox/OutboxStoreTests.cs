using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    [TestClass]
    public class OutboxStoreTests
    {
        private static NotificationOutbox Fresh(MemoryFileStore store, OutboxOptions options)
        {
            return OutboxFixtures.Outbox(store, new VirtualClock(), new FakeMerchantLink(OutboxFixtures.Secret()), options);
        }

        [TestMethod]
        public void Enqueue_packs_records_into_one_segment_and_recovery_rebuilds_in_order()
        {
            MemoryFileStore store = new MemoryFileStore();
            NotificationOutbox outbox = Fresh(store, OutboxFixtures.Options());
            store.ResetCounters();
            for (int i = 0; i < 5; i++)
            {
                EnqueueResult r = outbox.Enqueue(OutboxFixtures.Payment(i));
                Assert.IsTrue(r.Committed, r.Refusal);
                Assert.AreEqual(i + 1, r.Sequence);
            }

            Assert.AreEqual(5, store.Writes);
            Assert.AreEqual(5, store.Renames);
            Assert.AreEqual(4, store.Deletes, "each commit after the first replaces the open segment");
            string[] segments = OutboxFixtures.Files(store, ".seg");
            Assert.AreEqual(1, segments.Length);
            Assert.AreEqual("00000005.seg", segments[0]);

            NotificationOutbox rebooted = Fresh(store, OutboxFixtures.Options());
            Assert.AreEqual(5, rebooted.Store.Depth);
            int[] seqs = rebooted.Store.PendingSequences();
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual(i + 1, seqs[i]);
            }

            Assert.AreEqual(6, rebooted.Enqueue(OutboxFixtures.Payment(9)).Sequence);
        }

        [TestMethod]
        public void Acknowledging_inside_a_segment_writes_only_the_small_acknowledged_list_and_the_last_one_deletes_the_segment()
        {
            MemoryFileStore store = new MemoryFileStore();
            NotificationOutbox outbox = Fresh(store, OutboxFixtures.Options());
            for (int i = 0; i < 3; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            store.ResetCounters();
            outbox.Store.Acknowledge(1);
            outbox.Store.Acknowledge(2);
            Assert.AreEqual(2, store.Writes, "one write of outbox/acked per acknowledgement");
            Assert.IsTrue(store.BytesWritten <= 2 * (16 + 8), "a few bytes, not the segment");
            Assert.AreEqual(1, Fresh(store, OutboxFixtures.Options()).Store.Depth, "a reboot does not send them again");
            store.ResetCounters();
            outbox.Store.Acknowledge(3);
            Assert.AreEqual(0, store.Writes);
            Assert.AreEqual(1, store.Deletes, "the last one deletes the segment");
            Assert.AreEqual(0, OutboxFixtures.QueueFiles(store));
            Assert.AreEqual(0, Fresh(store, OutboxFixtures.Options()).Store.Depth);
        }

        [TestMethod]
        public void The_same_payment_is_stored_once()
        {
            MemoryFileStore store = new MemoryFileStore();
            NotificationOutbox outbox = Fresh(store, OutboxFixtures.Options());
            outbox.Enqueue(OutboxFixtures.Payment(1));
            EnqueueResult again = outbox.Enqueue(OutboxFixtures.Payment(1));
            Assert.IsTrue(again.Committed);
            Assert.IsTrue(again.Duplicate);
            Assert.AreEqual(1, again.Sequence);
            Assert.AreEqual(1, outbox.Store.Depth);
        }

        [TestMethod]
        public void Recovery_deletes_uncommitted_files_and_quarantines_corrupt_ones()
        {
            MemoryFileStore store = new MemoryFileStore();
            NotificationOutbox outbox = Fresh(store, OutboxFixtures.Options());
            for (int i = 0; i < 4; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            byte[] junk = new byte[] { 1, 2, 3 };
            store.Write("outbox/00000009.tmp", junk, 0, 3);
            int frame = (store.Read("outbox/00000004.seg").Length - 16) / 4; // after the segment header; records are the same size
            store.FlipBit("outbox/00000004.seg", (16 + frame + 100) * 8); // inside record 2's frame
            store.Write("outbox/00000007.seg", junk, 0, 3);

            NotificationOutbox rebooted = Fresh(store, OutboxFixtures.Options());
            RecoveryReport report = rebooted.Start();
            Assert.AreEqual(3, rebooted.Store.Depth, "one damaged frame costs that record only");
            int[] seqs = rebooted.Store.PendingSequences();
            Assert.AreEqual(1, seqs[0]);
            Assert.AreEqual(3, seqs[1]);
            Assert.AreEqual(4, seqs[2]);
            Assert.AreEqual(2, rebooted.Store.QuarantinedCount, "the damaged frame and the junk segment");
            Assert.IsFalse(store.Exists("outbox/00000009.tmp"));
            Assert.IsFalse(store.Exists("outbox/00000007.seg"));
            string[] bad = rebooted.Store.Quarantined();
            Assert.AreEqual(2, bad.Length);
            Assert.AreEqual("00000004.bad", bad[0]);
            Assert.AreEqual("00000007.bad", bad[1]);
            Assert.AreEqual(frame, rebooted.Store.ReadQuarantined(bad[0]).Length, "exactly the damaged frame is kept");
            Assert.AreEqual(1, OutboxFixtures.Files(store, ".seg").Length, "the damaged segment was rewritten without it");
            Assert.AreEqual(0, report.Corrupt, "already quarantined by the recovery in Fresh()");
            Assert.IsTrue(rebooted.Enqueue(OutboxFixtures.Payment(7)).Sequence > 9, "numbers continue above every file name");
            Assert.AreEqual(2, rebooted.PurgeQuarantine());
        }

        [TestMethod]
        public void Acknowledge_deletes_and_dead_letters_can_be_listed_retried_and_deleted()
        {
            MemoryFileStore store = new MemoryFileStore();
            NotificationOutbox outbox = Fresh(store, OutboxFixtures.Options());
            for (int i = 0; i < 3; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            outbox.Store.Acknowledge(1);
            outbox.Store.DeadLetter(2, 422, "rejected (422): amount mismatch", 1795752000);
            Assert.AreEqual(1, outbox.Store.Depth);
            Assert.AreEqual(1, outbox.Store.DeadLetterCount);

            NotificationOutbox rebooted = Fresh(store, OutboxFixtures.Options());
            DeadLetter[] letters = rebooted.DeadLetters();
            Assert.AreEqual(1, letters.Length);
            Assert.AreEqual(2, letters[0].Sequence);
            Assert.AreEqual(422, letters[0].Status);
            Assert.AreEqual("rejected (422): amount mismatch", letters[0].Reason);
            Assert.AreEqual(1795752000L, letters[0].RejectedAt);
            Assert.AreEqual(OutboxFixtures.Payment(1).IdempotencyKey, letters[0].Notification.IdempotencyKey);
            Assert.IsTrue(rebooted.Enqueue(OutboxFixtures.Payment(1)).Duplicate, "a dead letter is still stored");

            Assert.IsTrue(rebooted.RetryDeadLetter(2));
            Assert.IsFalse(rebooted.RetryDeadLetter(2));
            Assert.AreEqual(2, rebooted.Store.HeadSequence, "back at its place, ahead of 3");
            Assert.AreEqual(0, rebooted.Store.DeadLetterCount);
            Assert.AreEqual(0, OutboxFixtures.Files(store, ".dead").Length);

            rebooted.Store.DeadLetter(2, 400, "bad", 1);
            Assert.IsTrue(rebooted.DeleteDeadLetter(2));
            Assert.AreEqual(0, Fresh(store, OutboxFixtures.Options()).Store.DeadLetterCount);
        }

        [TestMethod]
        public void Past_the_high_water_mark_it_warns_and_when_full_it_refuses_sales_but_never_a_paid_record()
        {
            MemoryFileStore store = new MemoryFileStore();
            OutboxOptions options = OutboxFixtures.Options();
            options.MaxRecords = 4;
            options.HighWaterPercent = 50;
            options.InFlightReserve = 1;
            NotificationOutbox outbox = Fresh(store, options);
            Assert.IsNull(outbox.SaleRefusal());
            Assert.IsFalse(outbox.Enqueue(OutboxFixtures.Payment(0)).HighWater);
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(1)).HighWater);
            outbox.Enqueue(OutboxFixtures.Payment(2));
            Assert.IsNull(outbox.SaleRefusal());
            outbox.Enqueue(OutboxFixtures.Payment(3));
            Assert.StartsWith("Notification storage full (4 of 4)", outbox.SaleRefusal());
            Assert.IsTrue(outbox.Status().Full);

            EnqueueResult inFlight = outbox.Enqueue(OutboxFixtures.Payment(4));
            Assert.IsTrue(inFlight.Committed, "the sale started before the limit: its record is kept");
            EnqueueResult beyond = outbox.Enqueue(OutboxFixtures.Payment(5));
            Assert.IsFalse(beyond.Committed);
            Assert.StartsWith("Notification storage full", beyond.Refusal);
            Assert.AreEqual(5, outbox.Store.Depth, "nothing was dropped");

            outbox.Store.Acknowledge(1);
            outbox.Store.Acknowledge(2);
            Assert.IsNull(outbox.SaleRefusal(), "drained: sales resume");
        }

        [TestMethod]
        public void The_byte_limit_and_the_free_space_floor_also_refuse_sales()
        {
            MemoryFileStore store = new MemoryFileStore(200 * 1024);
            OutboxOptions options = OutboxFixtures.Options();
            options.MaxBytes = 2000;
            NotificationOutbox outbox = Fresh(store, options);
            for (int i = 0; i < 5; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            Assert.StartsWith("Notification storage full (", outbox.SaleRefusal());
            Assert.Contains("bytes)", outbox.SaleRefusal());

            MemoryFileStore small = new MemoryFileStore(32 * 1024 + 100);
            NotificationOutbox tight = Fresh(small, OutboxFixtures.Options());
            Assert.StartsWith("Flash almost full", tight.SaleRefusal());
        }

        [TestMethod]
        public void A_full_disk_is_a_clear_refusal_and_leaves_nothing_behind()
        {
            MemoryFileStore store = new MemoryFileStore();
            OutboxOptions options = OutboxFixtures.Options();
            options.MinFreeBytes = 0;
            options.InFlightReserve = 0;
            NotificationOutbox outbox = Fresh(store, options);
            store.Capacity = store.UsedBytes + 100;
            EnqueueResult r = outbox.Enqueue(OutboxFixtures.Payment(1));
            Assert.IsFalse(r.Committed);
            Assert.IsNotNull(r.Refusal);
            Assert.AreEqual(0, outbox.Store.Depth);
            Assert.AreEqual(0, OutboxFixtures.QueueFiles(store));
        }

        [TestMethod]
        public void Invalid_notifications_are_refused_not_stored()
        {
            MemoryFileStore store = new MemoryFileStore();
            NotificationOutbox outbox = Fresh(store, OutboxFixtures.Options());
            PaidNotification n = OutboxFixtures.Payment(1);
            n.TransactionId = null;
            EnqueueResult r = outbox.Enqueue(n);
            Assert.IsFalse(r.Committed);
            Assert.AreEqual("Invalid payment notification: transaction_id is required", r.Refusal);
        }

        [TestMethod]
        public void Store_failures_other_than_a_full_disk_are_thrown()
        {
            MemoryFileStore store = new MemoryFileStore();
            NotificationOutbox outbox = Fresh(store, OutboxFixtures.Options());
            store.CutPowerAt(1);
            Assert.ThrowsException(typeof(StoreException), () => outbox.Enqueue(OutboxFixtures.Payment(1)));
        }
    }
}
