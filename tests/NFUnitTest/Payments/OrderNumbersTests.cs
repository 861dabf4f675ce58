using System;
using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    [TestClass]
    public class OrderNumbersTests
    {
        [TestMethod]
        public void Numbers_are_the_terminal_id_and_twelve_digits_and_valid_out_trade_nos()
        {
            MemoryFileStore store = new MemoryFileStore();
            OrderNumbers numbers = new OrderNumbers(store, null, "T7", 4);
            long first = numbers.Next();
            Assert.AreEqual(1L, first);
            string number = numbers.Format(first);
            Assert.AreEqual("T7000000000001", number);
            Assert.IsNull(Requests.CheckOutTradeNo(number));
            Assert.AreEqual(1L, numbers.SequenceOf(number));
            Assert.AreEqual(-1L, numbers.SequenceOf("X7000000000001"));
        }

        [TestMethod]
        public void A_fresh_terminal_starts_from_the_wall_clock()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock(new DateTime(2026, 1, 1, 0, 0, 0));
            long first = new OrderNumbers(store, clock, "T7", 4).Next();
            Assert.AreEqual((OrderNumbers.UnixSeconds(new DateTime(2026, 1, 1, 0, 0, 0)) - 1704067200L) * 10, first);
        }

        [TestMethod]
        public void Reservations_cost_one_write_per_block_and_reboots_never_reuse()
        {
            MemoryFileStore store = new MemoryFileStore();
            OrderNumbers numbers = new OrderNumbers(store, null, "T7", 4);
            for (int i = 0; i < 8; i++)
            {
                numbers.Next();
            }

            Assert.AreEqual(2, store.Writes);
            CollectionAssert.AreEqual(new string[] { "000000000008" }, store.List(OrderNumbers.Folder));
            numbers.Next(); // 9, reserves up to 12
            long afterReboot = new OrderNumbers(store, null, "T7", 4).Next();
            Assert.AreEqual(13L, afterReboot);
        }

        [TestMethod]
        public void A_power_cut_at_any_reservation_step_never_reuses_a_number()
        {
            for (int cut = 1; cut <= 6; cut++)
            {
                MemoryFileStore store = new MemoryFileStore();
                OrderNumbers numbers = new OrderNumbers(store, null, "T7", 2);
                long highest = 0;
                store.CutPowerAt(cut);
                try
                {
                    for (int i = 0; i < 10; i++)
                    {
                        highest = numbers.Next();
                    }
                }
                catch (StoreException)
                {
                }

                store.Reboot();
                long next = new OrderNumbers(store, null, "T7", 2).Next();
                Assert.IsTrue(next > highest, "cut " + cut + ": " + next + " after " + highest);
            }
        }

        [TestMethod]
        public void Numbers_stay_above_the_journal()
        {
            MemoryFileStore store = new MemoryFileStore();
            OrderNumbers numbers = new OrderNumbers(store, null, "T7", 4);
            numbers.KeepAbove(500);
            Assert.AreEqual(501L, numbers.Next());
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("T-1")]
        [DataRow("ABCDEFGHIJKLMNOPQRSTU")]
        public void Bad_terminal_ids_are_refused(string id)
        {
            Assert.IsNotNull(OrderNumbers.CheckTerminalId(id));
        }
    }
}
