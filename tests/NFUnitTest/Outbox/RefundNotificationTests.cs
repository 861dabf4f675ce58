using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using Terminal.Core.Text;
using Terminal.Tests.Support;

namespace Terminal.Tests.Outbox
{
    /// <summary>
    /// The "refund" notification (docs/merchant-api.md, version 2 with its period; version 1 as
    /// stored before): its bytes, its key, stored once, rebuilt at boot and delivered once through
    /// the same queue as payments; a payment's optional period.
    /// </summary>
    [TestClass]
    public class RefundNotificationTests
    {
        private static PaidNotification Refund()
        {
            PaidNotification n = new PaidNotification();
            n.Type = PaidNotification.RefundType;
            n.TerminalId = "T0001";
            n.OutTradeNo = "T0001000000000042";
            n.TransactionId = "4200000000202611210010000042";
            n.OutRefundNo = "T0001R00000000000007";
            n.RefundId = "50300000000000000000000000007";
            n.RefundFee = 50;
            n.TotalFee = 103;
            n.FeeType = "CNY";
            n.RefundSuccessTime = "2026-11-21 12:05:00";
            n.RefundedAt = 1795233900;
            return n;
        }

        [TestMethod]
        public void A_refund_is_encoded_exactly_as_the_contract_shows()
        {
            string expected = "{\"type\":\"refund\",\"version\":1,\"terminal_id\":\"T0001\",\"out_trade_no\":\"T0001000000000042\"," +
                "\"transaction_id\":\"4200000000202611210010000042\",\"out_refund_no\":\"T0001R00000000000007\"," +
                "\"refund_id\":\"50300000000000000000000000007\",\"refund_fee\":50,\"total_fee\":103,\"fee_type\":\"CNY\"," +
                "\"refund_success_time\":\"2026-11-21 12:05:00\",\"refunded_at\":1795233900}";
            byte[] json = Refund().ToJson();
            Assert.AreEqual(expected, Utf8.Decode(json, 0, json.Length));
            Assert.AreEqual("refund:T0001R00000000000007", Refund().IdempotencyKey);
            string error;
            PaidNotification back = PaidNotification.FromJson(json, 0, json.Length, out error);
            Assert.IsNotNull(back, error);
            Assert.IsTrue(back.IsRefund);
            Assert.AreEqual(50L, back.RefundFee);
            Assert.AreEqual(1795233900L, back.RefundedAt);
        }

        [TestMethod]
        public void The_period_makes_a_refund_version_2_and_stored_payloads_without_it_read_back_byte_for_byte()
        {
            PaidNotification n = Refund();
            n.Period = 12;
            byte[] json = n.ToJson();
            string text = Utf8.Decode(json, 0, json.Length);
            Assert.IsTrue(text.StartsWith("{\"type\":\"refund\",\"version\":2,"), text);
            Assert.IsTrue(text.EndsWith(",\"refunded_at\":1795233900,\"period\":12}"), text);
            string error;
            PaidNotification back = PaidNotification.FromJson(json, 0, json.Length, out error);
            Assert.IsNotNull(back, error);
            Assert.AreEqual(12L, back.Period);
            byte[] again = back.ToJson();
            Assert.AreEqual(text, Utf8.Decode(again, 0, again.Length));

            // A version 2 refund without its period is refused; version 1 (stored before) reads as it was.
            byte[] noPeriod = Utf8.Encode(text.Substring(0, text.Length - ",\"period\":12}".Length) + "}");
            Assert.IsNull(PaidNotification.FromJson(noPeriod, 0, noPeriod.Length, out error));
            Assert.IsNotNull(error);
            byte[] old = Refund().ToJson();
            PaidNotification v1 = PaidNotification.FromJson(old, 0, old.Length, out error);
            Assert.IsNotNull(v1, error);
            Assert.AreEqual(0L, v1.Period);
            byte[] v1Again = v1.ToJson();
            Assert.AreEqual(Utf8.Decode(old, 0, old.Length), Utf8.Decode(v1Again, 0, v1Again.Length));

            // A payment: period after paid_at when known; a stored payment without it reads back unchanged.
            PaidNotification paid = OutboxFixtures.Payment(1);
            paid.PaidAt = 1795233600;
            byte[] without = paid.ToJson();
            paid.Period = 3;
            byte[] with = paid.ToJson();
            Assert.IsTrue(Utf8.Decode(with, 0, with.Length).EndsWith(",\"paid_at\":1795233600,\"period\":3}"));
            PaidNotification readWith = PaidNotification.FromJson(with, 0, with.Length, out error);
            Assert.AreEqual(3L, readWith.Period);
            PaidNotification readWithout = PaidNotification.FromJson(without, 0, without.Length, out error);
            Assert.AreEqual(0L, readWithout.Period);
            byte[] withoutAgain = readWithout.ToJson();
            Assert.AreEqual(Utf8.Decode(without, 0, without.Length), Utf8.Decode(withoutAgain, 0, withoutAgain.Length));
        }

        [TestMethod]
        public void A_refund_without_success_time_is_written_with_null_and_one_above_the_sale_is_refused()
        {
            PaidNotification n = Refund();
            n.RefundSuccessTime = null;
            byte[] json = n.ToJson();
            Assert.IsTrue(Utf8.Decode(json, 0, json.Length).IndexOf("\"refund_success_time\":null") > 0);
            string error;
            Assert.IsNotNull(PaidNotification.FromJson(json, 0, json.Length, out error), error);
            n.RefundFee = 104;
            Assert.IsNotNull(n.Validate());
            n.RefundFee = 50;
            n.RefundedAt = 0;
            Assert.IsNotNull(n.Validate(), "refunded_at is required by the contract");
        }

        [TestMethod]
        public void A_refund_is_stored_once_rebuilt_at_boot_and_delivered_once_after_its_payment()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            FakeMerchantLink server = new FakeMerchantLink(OutboxFixtures.Secret());
            NotificationOutbox outbox = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            Assert.IsTrue(outbox.Enqueue(OutboxFixtures.Payment(1)).Committed);
            EnqueueResult first = outbox.Enqueue(Refund());
            Assert.IsTrue(first.Committed, first.Refusal);
            Assert.IsFalse(first.VelocityTripped);
            EnqueueResult again = outbox.Enqueue(Refund());
            Assert.IsTrue(again.Duplicate);
            NotificationOutbox rebooted = OutboxFixtures.Outbox(store, clock, server, OutboxFixtures.Options());
            Assert.AreEqual(2, rebooted.Store.Depth);
            Assert.IsTrue(rebooted.Enqueue(Refund()).Duplicate, "recognised after the reboot");
            OutboxFixtures.Drain(rebooted, 10);
            Assert.AreEqual(2, server.Order.Count);
            Assert.AreEqual(OutboxFixtures.Payment(1).IdempotencyKey, (string)server.Order[0]);
            Assert.AreEqual("refund:T0001R00000000000007", (string)server.Order[1]);
            Assert.AreEqual(1, (int)server.Stored["refund:T0001R00000000000007"]);
        }
    }
}
