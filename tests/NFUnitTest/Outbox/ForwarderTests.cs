using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    [TestClass]
    public class ForwarderTests
    {
        private static NotificationOutbox Make(MemoryFileStore store, VirtualClock clock, FakeMerchantLink server)
        {
            return OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
        }

        [TestMethod]
        public void Delivers_in_order_and_deletes_only_after_a_signed_acknowledgement()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            for (int i = 0; i < 5; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual(0, outbox.Forwarder.Step());
                Assert.AreEqual(4 - i, outbox.Store.Depth);
            }

            Assert.AreEqual(5, server.Order.Count);
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual(OutboxFixtures.Payment(i).IdempotencyKey, (string)server.Order[i]);
            }

            Assert.AreEqual(0, OutboxFixtures.QueueFiles(store));
            Assert.AreEqual(60000, outbox.Forwarder.Step(), "the acknowledgements carried control: the next poll is due in a minute");
            Assert.AreEqual(0, server.Polls);
            clock.Advance(60000);
            Assert.AreEqual(60000, outbox.Forwarder.Step());
            Assert.AreEqual(1, server.Polls);
        }

        [TestMethod]
        public void Failures_back_off_exponentially_with_jitter_up_to_the_cap_and_never_skip_the_head()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            outbox.Enqueue(OutboxFixtures.Payment(2));
            server.Then(FakeAction.Down, 12);
            long[] ceilings = new long[] { 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000, 300000 };
            for (int i = 0; i < ceilings.Length; i++)
            {
                int wait = outbox.Forwarder.Step();
                Assert.IsTrue(wait <= ceilings[i] && wait >= ceilings[i] * 3 / 4, "retry " + (i + 1).ToString() + " waits " + wait.ToString());
                Assert.AreEqual(wait, outbox.Forwarder.Step(), "nothing is attempted during the back-off");
                clock.Advance(wait);
            }

            Assert.AreEqual(12, server.Requests);
            Assert.AreEqual(12, outbox.Forwarder.ConsecutiveFailures);
            Assert.Contains("unreachable", outbox.Status().LastError);
            Assert.AreEqual(0, outbox.Forwarder.Step());
            Assert.AreEqual(OutboxFixtures.Payment(1).IdempotencyKey, (string)server.Order[0]);
            Assert.AreEqual(0, outbox.Forwarder.ConsecutiveFailures);
            Assert.IsNull(outbox.Status().LastError);
        }

        [TestMethod]
        public void Back_off_settings_are_configurable()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            OutboxOptions options = OutboxFixtures.Options();
            options.InitialBackoffMs = 100;
            options.MaxBackoffMs = 1000;
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, options);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            server.Then(FakeAction.Down, 7);
            long[] ceilings = new long[] { 100, 200, 400, 800, 1000, 1000, 1000 };
            for (int i = 0; i < ceilings.Length; i++)
            {
                int wait = outbox.Forwarder.Step();
                Assert.IsTrue(wait <= ceilings[i] && wait >= ceilings[i] * 3 / 4, "retry " + (i + 1).ToString() + " waits " + wait.ToString());
                clock.Advance(wait);
            }

            Assert.AreEqual(0, outbox.Forwarder.Step());
            Assert.AreEqual(1, server.Order.Count);
        }

        [TestMethod]
        [DataRow(500, true)]
        [DataRow(503, true)]
        [DataRow(408, true)]
        [DataRow(429, true)]
        [DataRow(401, true)]
        [DataRow(302, true)]
        [DataRow(400, false)]
        [DataRow(403, false)]
        [DataRow(409, false)]
        [DataRow(413, false)]
        [DataRow(422, false)]
        public void Transient_statuses_are_retried_and_permanent_ones_become_dead_letters(int status, bool retried)
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            outbox.Enqueue(OutboxFixtures.Payment(2));
            server.ScriptStatus = status;
            server.Then(FakeAction.Status);
            int wait = outbox.Forwarder.Step();
            if (retried)
            {
                Assert.IsTrue(wait > 0, "backs off");
                Assert.AreEqual(2, outbox.Store.Depth);
                Assert.AreEqual(0, outbox.Store.DeadLetterCount);
                clock.Advance(wait);
                OutboxFixtures.Drain(outbox, 10);
                Assert.AreEqual(2, server.Order.Count);
            }
            else
            {
                Assert.AreEqual(0, wait, "moves on at once");
                Assert.AreEqual(1, outbox.Store.DeadLetterCount);
                DeadLetter letter = outbox.DeadLetters()[0];
                Assert.AreEqual(status, letter.Status);
                Assert.Contains("scripted", letter.Reason);
                OutboxFixtures.Drain(outbox, 10);
                Assert.AreEqual(1, server.Order.Count, "the next one is delivered");
                Assert.AreEqual(1, outbox.Status().DeadLetters);
            }
        }

        [TestMethod]
        public void A_notification_too_large_for_the_merchant_server_is_parked_as_a_dead_letter_that_says_so()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            server.ScriptStatus = 413;
            server.Then(FakeAction.Status);
            Assert.AreEqual(0, outbox.Forwarder.Step(), "permanent: no back-off, no retry");
            Assert.AreEqual(1, outbox.Store.DeadLetterCount);
            DeadLetter letter = outbox.DeadLetters()[0];
            Assert.AreEqual(413, letter.Status);
            Assert.Contains("too large for the merchant server", letter.Reason);
        }

        [TestMethod]
        [DataRow((int)FakeAction.LoseAnswer)]
        [DataRow((int)FakeAction.BadSignature)]
        [DataRow((int)FakeAction.WrongNonce)]
        public void An_answer_that_is_lost_or_untrusted_means_send_again_and_the_server_deduplicates(int action)
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            server.Then((FakeAction)action);
            int wait = outbox.Forwarder.Step();
            Assert.IsTrue(wait > 0);
            Assert.AreEqual(1, outbox.Store.Depth, "kept");
            clock.Advance(wait);
            Assert.AreEqual(0, outbox.Forwarder.Step());
            Assert.AreEqual(0, outbox.Store.Depth);
            Assert.AreEqual(1, server.Order.Count);
            Assert.AreEqual(1, server.Duplicates);
            Assert.AreEqual(1, outbox.Forwarder.Duplicates);
        }

        [TestMethod]
        public void A_wrong_secret_is_never_acknowledged()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(new byte[] { 9, 9, 9 });
            NotificationOutbox outbox = Make(store, clock, server);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            Assert.IsTrue(outbox.Forwarder.Step() > 0);
            Assert.AreEqual(1, outbox.Store.Depth);
            Assert.AreEqual(0, outbox.Store.DeadLetterCount, "401 is not a permanent rejection of the notification");
            Assert.Contains("401", outbox.Status().LastError);
        }

        [TestMethod]
        public void Nothing_is_sent_without_a_valid_wall_clock()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            clock.IsWallClockValid = false;
            Assert.AreEqual(1000, outbox.Forwarder.Step());
            Assert.AreEqual(0, server.Requests);
            clock.IsWallClockValid = true;
            Assert.AreEqual(0, outbox.Forwarder.Step());
            Assert.AreEqual(1, server.Order.Count);
        }

        [TestMethod]
        public void A_record_corrupted_after_boot_is_quarantined_not_sent()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            outbox.Enqueue(OutboxFixtures.Payment(2));
            store.FlipBit("outbox/00000002.seg", 16 * 8 + 200); // inside record 1's frame; record 2 shares the segment
            Assert.AreEqual(0, outbox.Forwarder.Step());
            Assert.AreEqual(0, server.Requests);
            Assert.AreEqual(1, outbox.Store.QuarantinedCount);
            Assert.AreEqual(0, outbox.Forwarder.Step());
            Assert.AreEqual(1, server.Order.Count);
        }

        [TestMethod]
        public void Delivery_resumes_after_a_reboot()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Make(store, clock, server);
            for (int i = 0; i < 3; i++)
            {
                outbox.Enqueue(OutboxFixtures.Payment(i));
            }

            outbox.Forwarder.Step();
            NotificationOutbox rebooted = Make(store, clock, server);
            Assert.AreEqual(2, rebooted.Store.Depth);
            OutboxFixtures.Drain(rebooted, 10);
            Assert.AreEqual(3, server.Order.Count);
            Assert.AreEqual(0, server.Duplicates);
        }
    }
}
