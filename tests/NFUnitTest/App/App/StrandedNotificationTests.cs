using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Tests.Support;

namespace Terminal.Tests.App
{
    /// <summary>
    /// A paid notification is never stranded: whatever WeChat's paid answer carries, the sale ends
    /// Paid with its notification committed, the journal keeps nothing, no background pass
    /// rewrites flash, and the notification is delivered (or kept as a dead letter that says why).
    /// </summary>
    [TestClass]
    public class StrandedNotificationTests
    {
        private const string Code = "134567890123456789";

        [TestMethod]
        [DataRow("bank_type")]
        [DataRow("openid")]
        [DataRow("time_end")]
        public void An_over_long_informational_field_is_stored_cut_and_delivered(string field)
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            PayingWeChat wechat = new PayingWeChat(PayingWeChat.Account());
            if (field == "bank_type")
            {
                wechat.BankType = "CMB_DEBIT_0123456789_0123456789_ABCDEF"; // 40 characters, seen in the field
            }
            else if (field == "openid")
            {
                wechat.OpenId = new string('o', 200);
            }
            else
            {
                wechat.TimeEnd = "2026112112000000";
            }

            KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
            PaidHandover terminal = new PaidHandover(store, clock, wechat, server);
            PaymentResult result = terminal.Engine.Pay(1234, Code);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status);
            Assert.IsFalse(result.NotificationPending, "not 'waiting for flash space'");
            Assert.AreEqual(0, terminal.Engine.PendingCount, "nothing left in the journal");
            Assert.AreEqual(1, terminal.Outbox.Store.Depth);

            int operations = store.Operations;
            for (int pass = 0; pass < 5; pass++)
            {
                clock.Advance(61000);
                terminal.Engine.Reconcile();
            }

            Assert.AreEqual(operations, store.Operations, "no flash write on the background passes");
            PaidHandover.Drain(terminal.Outbox, clock);
            Assert.AreEqual(1, server.Stored);
            Assert.AreEqual(0, terminal.Outbox.Store.DeadLetterCount);
        }

        [TestMethod]
        public void A_transaction_id_longer_than_WeChat_documents_is_kept_as_a_dead_letter_that_says_why()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            PayingWeChat wechat = new PayingWeChat(PayingWeChat.Account());
            wechat.TransactionIdSuffix = "0123456789";
            KeyedMerchantServer server = new KeyedMerchantServer(PaidHandover.Secret());
            PaidHandover terminal = new PaidHandover(store, clock, wechat, server);
            PaymentResult result = terminal.Engine.Pay(1234, Code);
            Assert.AreEqual((int)SaleStatus.Paid, (int)result.Status, "the customer paid");
            Assert.IsFalse(result.NotificationPending);
            Assert.AreEqual(0, terminal.Engine.PendingCount);
            Assert.AreEqual(1, terminal.Outbox.Store.DeadLetterCount, "kept in flash for the technician");
            Assert.Contains("transaction_id", terminal.Outbox.DeadLetters()[0].Reason);
            int operations = store.Operations;
            clock.Advance(61000);
            terminal.Engine.Reconcile();
            Assert.AreEqual(operations, store.Operations, "no flash write on the background passes");
        }
    }
}
