using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    [TestClass]
    public class RiskControlTests
    {
        [TestMethod]
        public void Suspension_in_an_acknowledgement_refuses_sales_with_the_reason_and_survives_a_reboot()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            outbox.Enqueue(OutboxFixtures.Payment(1));
            server.Suspended = true;
            server.Reason = "surge: 12 payments in 10 min";
            outbox.Forwarder.Step();
            Assert.AreEqual("Sales suspended by the merchant: surge: 12 payments in 10 min", outbox.SaleRefusal());
            Assert.IsTrue(outbox.Status().Suspended);

            NotificationOutbox rebooted = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            Assert.AreEqual("surge: 12 payments in 10 min", rebooted.Status().SuspendReason);
            Assert.IsNotNull(rebooted.SaleRefusal());
            Assert.IsTrue(rebooted.Enqueue(OutboxFixtures.Payment(2)).Committed, "a payment that happened is still recorded");
        }

        [TestMethod]
        public void The_control_poll_resumes_a_suspended_terminal_with_an_empty_outbox()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            server.Suspended = true;
            server.Reason = "manual";
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            Assert.AreEqual(60000, outbox.Forwarder.Step());
            Assert.IsTrue(outbox.Risk.Suspended);
            server.Suspended = false;
            Assert.AreEqual(60000, outbox.Forwarder.Step(), "not due yet");
            Assert.AreEqual(1, server.Polls);
            clock.Advance(60000);
            outbox.Forwarder.Step();
            Assert.AreEqual(2, server.Polls);
            Assert.IsNull(outbox.SaleRefusal());
            Assert.IsFalse(OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options()).Risk.Suspended, "resume persisted too");
        }

        [TestMethod]
        public void Answers_without_control_fields_change_nothing()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            server.Suspended = true;
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            outbox.Forwarder.Step();
            server.SendControl = false;
            server.Suspended = false;
            clock.Advance(60000);
            outbox.Forwarder.Step();
            Assert.IsTrue(outbox.Risk.Suspended);
        }

        [TestMethod]
        [DataRow(3, 0L, 3)]
        [DataRow(0, 350L, 4)]
        [DataRow(5, 202L, 2)]
        public void The_velocity_guard_locks_sales_persistently_until_a_technician_releases_it(int maxCount, long maxAmount, int tripsAt)
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            OutboxOptions options = OutboxFixtures.Options();
            options.VelocityMaxCount = maxCount;
            options.VelocityMaxAmount = maxAmount;
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, options);
            for (int i = 1; i <= tripsAt; i++)
            {
                Assert.IsNull(outbox.SaleRefusal(), "payment " + i.ToString());
                EnqueueResult r = outbox.Enqueue(OutboxFixtures.Payment(i));
                Assert.AreEqual(i == tripsAt, r.VelocityTripped, "payment " + i.ToString());
                clock.Advance(1000);
            }

            Assert.StartsWith("Sales locked by the velocity guard", outbox.SaleRefusal());
            Assert.AreEqual(60000, OutboxFixtures.Drain(outbox, 20));
            Assert.AreEqual(0, outbox.Store.Depth);
            Assert.IsNotNull(server.LastPoll, "the alert reaches the merchant in a control poll");
            Assert.IsTrue(server.LastPoll.GetBool("velocity_locked", false));

            NotificationOutbox rebooted = OutboxFixtures.Outbox(store, clock, server, options);
            Assert.IsTrue(rebooted.Status().VelocityLocked);
            rebooted.ReleaseVelocityLock();
            Assert.IsNull(rebooted.SaleRefusal());
            Assert.IsNull(OutboxFixtures.Outbox(store, clock, server, options).SaleRefusal());
        }

        [TestMethod]
        public void The_velocity_window_slides_and_is_reseeded_from_pending_notifications_at_boot()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            OutboxOptions options = OutboxFixtures.Options();
            options.VelocityMaxCount = 3;
            options.VelocityWindowSeconds = 600;
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, options);
            outbox.Enqueue(OutboxFixtures.Payment(1));
            clock.Advance(601000);
            outbox.Enqueue(OutboxFixtures.Payment(2));
            Assert.AreEqual(1, outbox.Risk.WindowCount, "the first one left the window");
            outbox.Enqueue(OutboxFixtures.Payment(3));

            NotificationOutbox rebooted = OutboxFixtures.Outbox(store, clock, server, options);
            Assert.AreEqual(2, rebooted.Risk.WindowCount, "the server is unreachable: pending payments still count");
            Assert.IsTrue(rebooted.Enqueue(OutboxFixtures.Payment(4)).VelocityTripped);
        }

        [TestMethod]
        public void A_payment_handed_over_again_after_its_acknowledgement_counts_once_in_the_velocity_window()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            OutboxOptions options = OutboxFixtures.Options();
            options.VelocityMaxCount = 2;
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, options);
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(1)).Committed);
            OutboxFixtures.Drain(outbox, 5);
            Assert.AreEqual(0, outbox.Store.Depth, "acknowledged: its record is gone");
            clock.Advance(60000);

            // Boot recovery or a background pass hands the same paid order over again.
            EnqueueResult again = outbox.Enqueue(OutboxFixtures.Payment(1));
            Assert.IsTrue(again.Committed);
            Assert.IsFalse(again.VelocityTripped, "the same payment is not a second payment");
            Assert.AreEqual(1, outbox.Risk.WindowCount);
            Assert.IsNull(outbox.SaleRefusal());
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(2)).VelocityTripped, "a second payment still counts");
        }

        [TestMethod]
        public void An_unreadable_risk_state_fails_safe_until_the_merchant_server_answers()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            server.Suspended = true;
            server.Reason = "x";
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            outbox.Forwarder.Step();
            string[] files = OutboxFixtures.Files(store, ".rec");
            Assert.AreEqual(1, files.Length);
            Assert.StartsWith("state-", files[0]);
            store.FlipBit("outbox/" + files[0], 40);

            server.Suspended = false;
            NotificationOutbox rebooted = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            Assert.IsTrue(rebooted.Status().RiskStateUnknown);
            Assert.StartsWith("Sales locked: the saved risk state is unreadable", rebooted.SaleRefusal());
            rebooted.Forwarder.Step();
            Assert.IsNull(rebooted.SaleRefusal());
            Assert.AreEqual(1, OutboxFixtures.Files(store, ".rec").Length, "older generations are removed");
        }

        [TestMethod]
        public void The_velocity_window_counts_payments_by_when_they_were_made_not_when_they_were_handed_over()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            OutboxOptions options = OutboxFixtures.Options();
            options.VelocityMaxCount = 2;
            options.VelocityMaxAmount = 0;
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, new FakeMerchantLink(OutboxFixtures.Secret()), options);
            long now = (clock.UtcNow.Ticks - 621355968000000000L) / 10000000L;
            PaidNotification recent = OutboxFixtures.Payment(1);
            recent.PaidAt = now - 60;
            Assert.IsFalse(outbox.Enqueue(recent).VelocityTripped);

            // Boot recovery hands over a payment made an hour ago (paid_at is WeChat's time_end).
            PaidNotification old = OutboxFixtures.Payment(2);
            old.PaidAt = now - 3600;
            Assert.IsFalse(outbox.Enqueue(old).VelocityTripped, "outside the 10-minute window");
            Assert.IsNull(outbox.SaleRefusal());

            // WeChat's clock a little ahead of the terminal's still counts, as now.
            PaidNotification ahead = OutboxFixtures.Payment(3);
            ahead.PaidAt = now + 5;
            Assert.IsTrue(outbox.Enqueue(ahead).VelocityTripped, "two payments within the window");
        }
    }
}
