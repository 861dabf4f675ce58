using nanoFramework.TestFramework;
using Terminal.Core.Store;
using Terminal.Tests.App;
using Terminal.Tests.Support;

namespace Terminal.Tests.Store
{
    /// <summary>
    /// A power cut at every flash operation of a close (and of the hand-over and delivery it
    /// starts), then a reboot: no sale lost or counted twice, never two Z reports under one
    /// number, each Z stored once by the merchant server (same bytes, never a conflict).
    /// </summary>
    [TestClass]
    public class ClosePowerCutTests
    {
        [TestMethod]
        public void A_cut_at_every_write_of_a_close_loses_nothing_and_numbers_once()
        {
            int cuts = 0;
            for (int k = 1; k < 40; k++)
            {
                MemoryFileStore inner = new MemoryFileStore();
                PowerCutStore flash = new PowerCutStore(inner);
                VirtualClock clock = new VirtualClock();
                KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
                StoreDay day = new StoreDay(flash, clock, server);
                day.Sale(1, 100);
                day.Sale(2, 200);
                day.Sale(3, 300);
                inner.CutPowerAt(k);
                bool cut = false;
                try
                {
                    ZReport z;
                    day.Close.Close(0, "CNY", out z);
                    PaidHandover.Drain(day.Outbox, clock);
                }
                catch (PowerCutException)
                {
                    cut = true;
                }

                inner.Reboot();
                clock.Advance(5000);
                StoreDay rebooted = new StoreDay(flash, clock, server);
                if (rebooted.Close.NextNumber == 1)
                {
                    Assert.AreEqual(3L, rebooted.Close.X(0, "CNY").Totals.SalesCount(0), "cut at " + k.ToString() + ": the open period keeps its sales");
                    ZReport again;
                    Assert.AreEqual((int)CloseError.None, (int)rebooted.Close.Close(0, "CNY", out again));
                }

                Assert.AreEqual(2, rebooted.Close.NextNumber, "cut at " + k.ToString());
                Assert.AreEqual(0, rebooted.Close.X(0, "CNY").Totals.Count, "cut at " + k.ToString() + ": counters reset");
                rebooted.Sale(4, 400);
                ZReport z2;
                Assert.AreEqual((int)CloseError.None, (int)rebooted.Close.Close(0, "CNY", out z2));
                Assert.AreEqual(2, z2.Number);
                PaidHandover.Drain(rebooted.Outbox, clock);

                string z1 = server.Body("z_report:T0001:1");
                Assert.IsNotNull(z1, "cut at " + k.ToString() + ": Z 1 delivered");
                Assert.IsTrue(z1.IndexOf("\"sales_count\":3,\"sales_sum\":600") > 0, z1);
                string second = server.Body("z_report:T0001:2");
                Assert.IsTrue(second.IndexOf("\"sales_count\":1,\"sales_sum\":400") > 0, second);
                Assert.AreEqual(2, server.Stored);
                Assert.AreEqual(0, server.Conflicts, "cut at " + k.ToString() + ": never two reports under one number");
                // The outbox deletes a record after the server's acknowledgement: a cut between the two
                // sends it again and the server answers "duplicate" (stored once, same bytes).
                Assert.IsTrue(server.Duplicates <= 1, "cut at " + k.ToString() + ": " + server.Duplicates.ToString() + " duplicates");
                if (!cut)
                {
                    break;
                }

                cuts++;
            }

            Assert.IsTrue(cuts >= 4, "the close has flash operations to cut: " + cuts.ToString());
        }

        [TestMethod]
        public void A_torn_z_file_is_never_taken_for_a_close()
        {
            MemoryFileStore flash = new MemoryFileStore();
            flash.Torn = TornWrite.Prefix;
            VirtualClock clock = new VirtualClock();
            KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
            StoreDay day = new StoreDay(flash, clock, server);
            day.Sale(1, 100);
            flash.CutPowerAt(1);
            ZReport z;
            day.Close.Close(0, "CNY", out z);
            flash.Reboot();
            StoreDay rebooted = new StoreDay(flash, clock, server);
            Assert.AreEqual(1, rebooted.Close.NextNumber, "the torn report never left: its number is free");
            Assert.AreEqual(1L, rebooted.Close.X(0, "CNY").Totals.SalesCount(0));
        }
    }
}
