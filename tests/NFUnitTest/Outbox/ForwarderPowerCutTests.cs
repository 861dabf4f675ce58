using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    /// <summary>
    /// The forwarder against a scripted merchant server with the power cut at every storage
    /// operation of a delivery (acknowledgements, a dead-lettering), each followed by a reboot
    /// and recovery: nothing is lost, the server stores each notification once, the refused one
    /// ends as a dead letter.
    /// </summary>
    [TestClass]
    public class ForwarderPowerCutTests
    {
        private const int Notifications = 5;
        private const int RefusedIndex = 2;

        [TestMethod]
        public void A_power_cut_at_every_storage_operation_of_a_delivery_loses_nothing_and_stores_each_once()
        {
            int cuts = 0;
            for (int cutAt = 1; cutAt < 100; cutAt++)
            {
                MemoryFileStore store = new MemoryFileStore();
                VirtualClock clock = new VirtualClock();
                FakeMerchantLink server = Server();
                NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
                for (int i = 0; i < Notifications; i++)
                {
                    Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(i)).Committed);
                }

                // Some answers lost and a server outage on the way, so acknowledgements repeat.
                server.Then(FakeAction.Normal);
                server.Then(FakeAction.LoseAnswer);
                server.Then(FakeAction.Down);
                store.CutPowerAt(cutAt);
                Run(outbox, clock, store);
                if (!store.PowerLost)
                {
                    Check(server, outbox, store, "no cut (" + cutAt.ToString() + " is past the last operation)");
                    break;
                }

                cuts++;
                store.Reboot();
                NotificationOutbox rebooted = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
                Run(rebooted, clock, store);
                Check(server, rebooted, store, "cut at operation " + cutAt.ToString());
            }

            Assert.IsTrue(cuts >= Notifications, "every acknowledgement and the dead-lettering were cut (" + cuts.ToString() + " cuts)");
        }

        [TestMethod]
        public void Timeouts_and_5xx_back_off_and_the_head_is_delivered_once_the_server_answers()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = Server();
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            outbox.Enqueue(OutboxFixtures.Payment(0));
            server.ScriptStatus = 503;
            server.Then(FakeAction.Status);
            server.Then(FakeAction.LoseAnswer);
            server.Then(FakeAction.Status);
            long[] ceilings = new long[] { 2000, 4000, 8000 };
            for (int i = 0; i < ceilings.Length; i++)
            {
                int wait = outbox.Forwarder.Step();
                Assert.IsTrue(wait <= ceilings[i] && wait >= ceilings[i] * 3 / 4, "failure " + (i + 1).ToString() + " waits " + wait.ToString());
                Assert.AreEqual(1, outbox.Store.Depth);
                clock.Advance(wait);
            }

            Assert.AreEqual(0, outbox.Forwarder.Step());
            Assert.AreEqual(0, outbox.Store.Depth);
            Assert.AreEqual(1, server.Order.Count, "stored once although the lost answer made it arrive twice");
            Assert.AreEqual(1, server.Duplicates);
        }

        private static FakeMerchantLink Server()
        {
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            server.Refused[OutboxFixtures.Payment(RefusedIndex).IdempotencyKey] = 422;
            return server;
        }

        /// <summary>Steps the forwarder (waiting out back-offs) until the queue is empty or the power is lost.</summary>
        private static void Run(NotificationOutbox outbox, VirtualClock clock, MemoryFileStore store)
        {
            for (int step = 0; step < 100 && !store.PowerLost; step++)
            {
                int wait;
                try
                {
                    wait = outbox.Forwarder.Step();
                }
                catch (StoreException)
                {
                    // The forwarder thread notes the crash and backs off; here the power is gone.
                    return;
                }

                if (outbox.Store.Depth == 0)
                {
                    return;
                }

                clock.Advance(wait);
            }
        }

        private static void Check(FakeMerchantLink server, NotificationOutbox outbox, MemoryFileStore store, string when)
        {
            Assert.AreEqual(0, outbox.Store.Depth, when + ": nothing left to send");
            Assert.AreEqual(0, server.Conflicts, when);
            Assert.AreEqual(Notifications - 1, server.Order.Count, when + ": every accepted notification stored");
            for (int i = 0; i < Notifications; i++)
            {
                string key = OutboxFixtures.Payment(i).IdempotencyKey;
                Assert.AreEqual(i != RefusedIndex, server.Stored.Contains(key), when + ": " + key);
            }

            Assert.AreEqual(1, outbox.Store.DeadLetterCount, when + ": the refused one is a dead letter");
            DeadLetter[] letters = outbox.DeadLetters();
            Assert.AreEqual(OutboxFixtures.Payment(RefusedIndex).IdempotencyKey, letters[0].Notification.IdempotencyKey, when);
            Assert.AreEqual(422, letters[0].Status, when);
            Assert.AreEqual(0, outbox.Store.QuarantinedCount, when + ": nothing corrupt");
            Assert.AreEqual(0, OutboxFixtures.QueueFiles(store), when + ": no leftover segment");
        }
    }
}
