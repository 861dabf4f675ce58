using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Text;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    /// <summary>
    /// What WeChat sends is stored within its documented sizes (micropay / orderquery answers:
    /// transaction_id 32, time_end 14, bank_type 32, openid 128 bytes); longer informational
    /// fields are cut and named, other deviations become a dead letter that says why — always the
    /// same bytes for the same payment, never refused, never a loop.
    /// </summary>
    [TestClass]
    public class NotificationFieldsTests
    {
        private static NotificationOutbox Outbox(MemoryFileStore store, VirtualClock clock, FakeMerchantLink server)
        {
            return OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
        }

        [TestMethod]
        public void Every_field_at_its_documented_size_is_stored_whole_and_delivered()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Outbox(store, clock, server);
            PaidNotification n = OutboxFixtures.Payment(1);
            n.OutTradeNo = new string('9', 32);
            n.TransactionId = new string('4', 32);
            n.TimeEnd = "20261121120000";
            n.BankType = new string('B', 32);
            n.OpenId = new string('o', 125) + "名"; // 128 bytes of UTF-8
            EnqueueResult result = outbox.Enqueue(n);
            Assert.IsTrue(result.Committed);
            Assert.IsFalse(result.DeadLettered);
            Assert.IsNull(n.Truncated);
            Assert.AreEqual(0, OutboxFixtures.Drain(outbox, 1));
            Assert.AreEqual(1, server.Order.Count);
            string stored = Utf8.Decode((byte[])server.Bodies[n.IdempotencyKey], 0, ((byte[])server.Bodies[n.IdempotencyKey]).Length);
            Assert.Contains("\"bank_type\":\"" + new string('B', 32) + "\"", stored);
            Assert.Contains(new string('o', 125) + "名", stored);
            Assert.IsTrue(stored.IndexOf("truncated") < 0, "nothing cut");
        }

        [TestMethod]
        [DataRow("bank_type", 40, 32)]
        [DataRow("openid", 200, 128)]
        [DataRow("time_end", 16, 14)]
        public void A_longer_informational_field_is_cut_to_its_documented_size_and_named(string field, int length, int kept)
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Outbox(store, clock, server);
            PaidNotification n = OutboxFixtures.Payment(1);
            string value = field == "time_end" ? "2026112112000099" : new string('x', length);
            Set(n, field, value);
            EnqueueResult result = outbox.Enqueue(n);
            Assert.IsTrue(result.Committed, "a paid notification is never refused for a long field");
            Assert.IsFalse(result.DeadLettered);
            Assert.AreEqual(field, n.Truncated);
            Assert.AreEqual(value.Substring(0, kept), Get(n, field));
            Assert.AreEqual(0, OutboxFixtures.Drain(outbox, 1));
            byte[] sent = (byte[])server.Bodies[n.IdempotencyKey];
            Assert.Contains("\"truncated\":\"" + field + "\"", Utf8.Decode(sent, 0, sent.Length), "the merchant server is told");
        }

        [TestMethod]
        public void Cutting_keeps_whole_characters()
        {
            PaidNotification n = OutboxFixtures.Payment(1);
            n.BankType = "银行卡类型银行卡类型银行卡类型"; // 15 characters, 45 bytes
            n.OpenId = new string('o', 127) + "名"; // 130 bytes
            n.FitToLimits();
            Assert.AreEqual("银行卡类型银行卡类型", n.BankType, "10 characters = 30 bytes; an 11th would make 33");
            Assert.AreEqual(new string('o', 127), n.OpenId);
            Assert.AreEqual("bank_type,openid", n.Truncated);
            Assert.IsNull(n.Validate());
        }

        [TestMethod]
        public void The_same_payment_handed_over_twice_gives_the_same_bytes()
        {
            PaidNotification a = OutboxFixtures.Payment(1);
            a.BankType = new string('x', 40);
            PaidNotification b = OutboxFixtures.Payment(1);
            b.BankType = new string('x', 40);
            a.FitToLimits();
            a.FitToLimits();
            b.FitToLimits();
            Assert.IsTrue(FakeMerchantLink.SameBytes(a.ToJson(), b.ToJson()));
        }

        [TestMethod]
        [DataRow(40, "transaction_id")]
        [DataRow(70, "transaction_id")]
        public void A_transaction_id_longer_than_documented_is_kept_as_a_dead_letter_that_says_why(int length, string reason)
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Outbox(store, clock, server);
            PaidNotification n = OutboxFixtures.Payment(1);
            n.TransactionId = new string('4', length);
            EnqueueResult result = outbox.Enqueue(n);
            Assert.IsTrue(result.Committed, "kept in flash");
            Assert.IsTrue(result.DeadLettered);
            Assert.Contains(reason, result.Refusal);
            Assert.AreEqual(0, outbox.Store.Depth, "not sent on its own");
            Assert.AreEqual(1, outbox.Store.DeadLetterCount);
            DeadLetter letter = outbox.DeadLetters()[0];
            Assert.Contains("refused by the terminal", letter.Reason);
            Assert.AreEqual(0, letter.Status);
            Assert.AreEqual(length > 64 ? 64 : length, letter.Notification.TransactionId.Length);

            // Handed over again (boot recovery): recognised, nothing new written.
            int writes = store.Writes;
            PaidNotification again = OutboxFixtures.Payment(1);
            again.TransactionId = new string('4', length);
            EnqueueResult second = outbox.Enqueue(again);
            Assert.IsTrue(second.Committed && second.Duplicate);
            Assert.AreEqual(writes, store.Writes);

            // It survives a reboot and a technician can still send it.
            NotificationOutbox rebooted = Outbox(store, clock, server);
            Assert.AreEqual(1, rebooted.Store.DeadLetterCount);
            Assert.AreEqual(0, rebooted.Store.QuarantinedCount);
            Assert.IsTrue(rebooted.RetryDeadLetter(letter.Sequence));
            OutboxFixtures.Drain(rebooted, 3);
            Assert.AreEqual(1, server.Order.Count);
        }

        [TestMethod]
        [DataRow(1235L)]
        [DataRow(-5L)]
        public void A_cash_fee_outside_0_to_total_fee_is_kept_as_a_dead_letter(long cashFee)
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = Outbox(store, clock, server);
            PaidNotification n = OutboxFixtures.Payment(1);
            n.TotalFee = 1234;
            n.CashFee = cashFee;
            EnqueueResult result = outbox.Enqueue(n);
            Assert.IsTrue(result.Committed);
            Assert.IsTrue(result.DeadLettered);
            Assert.Contains("cash_fee", outbox.DeadLetters()[0].Reason);
        }

        [TestMethod]
        public void A_power_cut_at_every_step_of_a_dead_lettering_at_enqueue_leaves_nothing_or_the_dead_letter()
        {
            MemoryFileStore probe = new MemoryFileStore();
            NotificationOutbox measured = Outbox(probe, new VirtualClock(), new FakeMerchantLink(OutboxFixtures.Secret()));
            PaidNotification deviant = OutboxFixtures.Payment(1);
            deviant.TransactionId = new string('4', 40);
            probe.ResetCounters();
            Assert.IsTrue(measured.Enqueue(deviant).DeadLettered);
            Assert.AreEqual(2, probe.Operations, "one segment commit: write the .tmp, rename it");
            for (int cutAt = 1; cutAt <= probe.Operations; cutAt++)
            {
                MemoryFileStore store = new MemoryFileStore();
                VirtualClock clock = new VirtualClock();
                FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
                NotificationOutbox outbox = Outbox(store, clock, server);
                PaidNotification n = OutboxFixtures.Payment(1);
                n.TransactionId = new string('4', 40);
                store.CutPowerAt(cutAt);
                try
                {
                    outbox.Enqueue(n);
                }
                catch (Terminal.Core.Ports.StoreException)
                {
                }

                store.Reboot();
                NotificationOutbox rebooted = Outbox(store, clock, server);
                Assert.AreEqual(0, rebooted.Store.Depth, "cut " + cutAt.ToString());
                Assert.AreEqual(0, rebooted.Store.QuarantinedCount, "cut " + cutAt.ToString());
                Assert.AreEqual(0, rebooted.Store.DeadLetterCount, "cut " + cutAt.ToString() + ": not committed, the engine hands it over again");
                Assert.AreEqual(0, OutboxFixtures.QueueFiles(store) + OutboxFixtures.Files(store, ".dead").Length, "cut " + cutAt.ToString());
                PaidNotification again = OutboxFixtures.Payment(1);
                again.TransactionId = new string('4', 40);
                Assert.IsTrue(rebooted.Enqueue(again).DeadLettered);
                Assert.AreEqual(1, rebooted.Store.DeadLetterCount);
            }
        }

        [TestMethod]
        [DataRow("20261121120000", 1795233600L)]
        [DataRow("20240229235959", 1709222399L)]
        [DataRow("20000301000000", 951840000L)]
        [DataRow("21001231235959", 4133951999L)]
        [DataRow("20261121120060", 0L)]
        [DataRow("20230229120000", 0L)]
        [DataRow("20261321120000", 0L)]
        [DataRow("2026112112000", 0L)]
        [DataRow("2026112112000A", 0L)]
        [DataRow("", 0L)]
        public void Time_end_is_China_Standard_Time_as_Unix_seconds(string timeEnd, long unix)
        {
            Assert.AreEqual(unix, PaidNotification.UnixFromTimeEnd(timeEnd));
        }

        private static void Set(PaidNotification n, string field, string value)
        {
            if (field == "bank_type")
            {
                n.BankType = value;
            }
            else if (field == "openid")
            {
                n.OpenId = value;
            }
            else
            {
                n.TimeEnd = value;
            }
        }

        private static string Get(PaidNotification n, string field)
        {
            return field == "bank_type" ? n.BankType : (field == "openid" ? n.OpenId : n.TimeEnd);
        }
    }
}
