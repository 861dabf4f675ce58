using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Tests.Support;

namespace Terminal.Tests.App
{
    /// <summary>
    /// A paid order handed to the outbox again — after a power cut at any storage operation of
    /// the sale, or after a transient flash error — is the same notification: the merchant server
    /// stores it once and never answers 409, nothing becomes a dead letter, nothing stays pending.
    /// Boot follows TerminalApp: the outbox starts (recovery), then the engine recovers; on the
    /// device WeChat is often unreachable at that point (no Wi-Fi yet), so the forwarder may
    /// deliver first and the engine settles the order on a later pass.
    /// </summary>
    [TestClass]
    public class RecoveredNotificationTests
    {
        private const string Code = "134567890123456789";

        [TestMethod]
        public void A_power_cut_at_every_storage_operation_of_a_sale_then_boot_in_the_app_order()
        {
            Sweep(false, false, true);
        }

        [TestMethod]
        public void A_power_cut_at_every_storage_operation_when_the_forwarder_delivered_before_the_journal_was_updated()
        {
            Sweep(true, false, true);
        }

        [TestMethod]
        public void A_power_cut_at_every_storage_operation_then_a_boot_without_wechat_or_wall_clock_until_later()
        {
            Sweep(true, true, false);
        }

        [TestMethod]
        public void A_transient_flash_error_at_every_storage_operation_of_a_sale()
        {
            int errors = 0;
            for (int failAt = 1; failAt < 200; failAt++)
            {
                MemoryFileStore store = new MemoryFileStore();
                VirtualClock clock = new VirtualClock();
                PayingWeChat wechat = new PayingWeChat(PayingWeChat.Account());
                KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
                PaidHandover terminal = new PaidHandover(store, clock, wechat, server);
                terminal.Sink.DeliverAtOnce = true;
                store.FailAt(failAt);
                try
                {
                    terminal.Engine.Pay(1234, Code);
                }
                catch (System.Exception)
                {
                    // A flash error the engine does not absorb ends the sale here; the journal settles it.
                }

                if (!store.Failed)
                {
                    break;
                }

                errors++;
                for (int pass = 0; pass < 3; pass++)
                {
                    clock.Advance(61000);
                    terminal.Engine.Reconcile();
                    PaidHandover.Drain(terminal.Outbox, clock);
                }

                Check(terminal, wechat, server, "flash error at operation " + failAt.ToString());

                // A journal entry the error left behind is settled at the next boot: still the same notification.
                clock.Advance(45000);
                PaidHandover rebooted = new PaidHandover(store, clock, wechat, server);
                rebooted.Engine.Recover();
                PaidHandover.Drain(rebooted.Outbox, clock);
                Check(rebooted, wechat, server, "boot after the flash error at operation " + failAt.ToString());
            }

            Assert.IsTrue(errors > 5, "errors injected: " + errors.ToString());
        }

        private static void Sweep(bool deliverAtOnce, bool lateNetwork, bool wallClockAtBoot)
        {
            int cuts = 0;
            for (int cutAt = 1; cutAt < 200; cutAt++)
            {
                MemoryFileStore store = new MemoryFileStore();
                VirtualClock clock = new VirtualClock();
                PayingWeChat wechat = new PayingWeChat(PayingWeChat.Account());
                KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
                PaidHandover terminal = new PaidHandover(store, clock, wechat, server);
                terminal.Sink.DeliverAtOnce = deliverAtOnce;
                store.CutPowerAt(cutAt);
                try
                {
                    terminal.Engine.Pay(1234, Code);
                    PaidHandover.Drain(terminal.Outbox, clock);
                }
                catch (System.Exception)
                {
                    // The power went: whatever the engine was doing stops here.
                }

                if (!store.PowerLost)
                {
                    Check(terminal, wechat, server, "no cut (" + cutAt.ToString() + " is past the last operation)");
                    break;
                }

                cuts++;
                store.Reboot();
                clock.Advance(45000); // the reboot takes a while: the clock moves on
                wechat.Reachable = !lateNetwork;
                clock.IsWallClockValid = wallClockAtBoot;
                PaidHandover rebooted = new PaidHandover(store, clock, wechat, server); // outbox start, then engine
                rebooted.Engine.Recover();
                PaidHandover.Drain(rebooted.Outbox, clock);

                // Later: Wi-Fi and SNTP are up, the forwarder delivers and the background passes settle.
                clock.IsWallClockValid = true;
                wechat.Reachable = true;
                PaidHandover.Drain(rebooted.Outbox, clock);
                for (int pass = 0; pass < 3; pass++)
                {
                    clock.Advance(61000);
                    rebooted.Engine.Reconcile();
                    PaidHandover.Drain(rebooted.Outbox, clock);
                }

                Check(rebooted, wechat, server, "cut at operation " + cutAt.ToString());
            }

            Assert.IsTrue(cuts > 5, "cuts: " + cuts.ToString());
        }

        private static void Check(PaidHandover terminal, PayingWeChat wechat, KeyedMerchantServer server, string when)
        {
            Assert.AreEqual(0, server.Conflicts, when + ": the merchant server saw a different body under the same key");
            Assert.AreEqual(0, terminal.Outbox.Store.DeadLetterCount, when + ": nothing parked");
            Assert.AreEqual(0, terminal.Outbox.Store.QuarantinedCount, when + ": nothing corrupt");
            Assert.AreEqual(0, terminal.Outbox.Store.Depth, when + ": nothing left to deliver");
            Assert.AreEqual(0, terminal.Engine.PendingCount, when + ": nothing left to settle");
            Assert.AreEqual(wechat.Charged, server.Stored, when + ": every charged order stored, once");
        }
    }
}
