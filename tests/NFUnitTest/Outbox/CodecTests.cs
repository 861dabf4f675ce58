using Terminal.Core.Crypto;
using Terminal.Core.Outbox;
using Terminal.Core.Storage;
using Terminal.Core.Text;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Outbox
{
    [TestClass]
    public class CodecTests
    {
        [TestMethod]
        [DataRow("", 0x00000000u)]
        [DataRow("a", 0xE8B7BE43u)]
        [DataRow("123456789", 0xCBF43926u)]
        [DataRow("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
        public void Crc32_matches_the_published_check_values(string text, uint expected)
        {
            byte[] data = Utf8.Encode(text);
            Assert.AreEqual(expected, Crc32.Compute(data, 0, data.Length), text);
        }

        [TestMethod]
        public void Crc32_of_a_slice_equals_crc32_of_the_copy()
        {
            byte[] data = Utf8.Encode("xx123456789yy");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 2, 9));
        }

        [TestMethod]
        public void Json_writer_keeps_member_order_and_escapes()
        {
            JsonWriter json = new JsonWriter(8);
            json.BeginObject();
            json.String("b", "q\"b\\s\n\t\u0001/é");
            json.Number("a", -9223372036854775808L);
            json.Bool("t", true);
            json.String("n", null);
            json.BeginObject("o");
            json.Number("x", 0);
            json.EndObject();
            json.Raw("r", Utf8.Encode("[1,2]"), 0, 5);
            json.EndObject();
            string text = Utf8.Decode(json.ToArray(), 0, json.Length);
            Assert.AreEqual("{\"b\":\"q\\\"b\\\\s\\n\\t\\u0001/é\",\"a\":-9223372036854775808,\"t\":true,\"n\":null,\"o\":{\"x\":0},\"r\":[1,2]}", text);
        }

        [TestMethod]
        public void Json_reader_reads_what_the_writer_wrote()
        {
            JsonWriter json = new JsonWriter(8);
            json.BeginObject();
            json.String("s", "line\nquote\" 中文 \u2028");
            json.Number("min", -9223372036854775808L);
            json.Number("max", 9223372036854775807L);
            json.Bool("f", false);
            json.BeginObject("control");
            json.Bool("suspended", true);
            json.String("reason", "surge");
            json.EndObject();
            json.EndObject();
            byte[] bytes = json.ToArray();
            string error;
            JsonObject o = JsonReader.Parse(bytes, 0, bytes.Length, out error);
            Assert.IsNotNull(o, error);
            Assert.AreEqual("line\nquote\" 中文 \u2028", o.GetString("s"));
            Assert.AreEqual(-9223372036854775808L, o.GetLong("min", 0));
            Assert.AreEqual(9223372036854775807L, o.GetLong("max", 0));
            Assert.IsFalse(o.GetBool("f", true));
            Assert.IsTrue(o.GetObject("control").GetBool("suspended", false));
            Assert.AreEqual("surge", o.GetObject("control").GetString("reason"));
            Assert.AreEqual("s", o.NameAt(0));
        }

        [TestMethod]
        [DataRow("{\"a\":\"\\u00e9\\ud83d\\ude00\"}", "é\ud83d\ude00")]
        [DataRow(" {\"a\" : \"x\\/y\"} ", "x/y")]
        [DataRow("{\"b\":[1,{\"c\":null}],\"a\":\"\"}", "")]
        [DataRow("{\"n\":1.5e3,\"a\":\"ok\"}", "ok")]
        public void Json_reader_accepts_valid_documents(string text, string a)
        {
            string error;
            JsonObject o = JsonReader.Parse(text, out error);
            Assert.IsNotNull(o, text + ": " + error);
            Assert.AreEqual(a, o.GetString("a"), text);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("[]")]
        [DataRow("{")]
        [DataRow("{\"a\":1,}")]
        [DataRow("{\"a\":1}x")]
        [DataRow("{\"a\":1,\"a\":2}")]
        [DataRow("{\"a\":01}")]
        [DataRow("{\"a\":9223372036854775808}")]
        [DataRow("{\"a\":-9223372036854775809}")]
        [DataRow("{\"a\":\"\\ud83d\"}")]
        [DataRow("{\"a\":\"\\ude00\"}")]
        [DataRow("{\"a\":\"\\x\"}")]
        [DataRow("{\"a\":\"tab\there\"}")]
        [DataRow("{\"a\":tru}")]
        [DataRow("{\"a\":-}")]
        [DataRow("{\"a\":1.}")]
        [DataRow("{a:1}")]
        [DataRow("{\"a\":\"x\\u0000y\"}")]
        [DataRow("{\"a\":\"\\ud800\"}")]
        [DataRow("{\"a\":\"\\udc00x\"}")]
        [DataRow("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{}}}}}}}}}")]
        public void Json_reader_refuses_invalid_documents_without_throwing(string text)
        {
            string error;
            JsonObject o = JsonReader.Parse(text, out error);
            Assert.IsNull(o, text);
            Assert.IsNotNull(error, text);
        }

        [TestMethod]
        public void Json_reader_refuses_invalid_utf8()
        {
            byte[] data = new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}' };
            string error;
            Assert.IsNull(JsonReader.Parse(data, 0, data.Length, out error));
            Assert.Contains("UTF-8", error);
        }

        [TestMethod]
        public void Notification_json_round_trips_in_a_fixed_member_order()
        {
            PaidNotification n = OutboxFixtures.Payment(3);
            n.PaidAt = 1795752000;
            byte[] json = n.ToJson();
            Assert.AreEqual("{\"terminal_id\":\"T-0001\",\"out_trade_no\":\"T0001100003\",\"transaction_id\":\"4200000000202611210010000003\",\"total_fee\":103,\"cash_fee\":103,\"fee_type\":\"CNY\",\"time_end\":\"20261121120000\",\"bank_type\":\"CMB_DEBIT\",\"openid\":\"oUpF8uN95-Ptaags6E_roPHg7AG0\",\"paid_at\":1795752000}", Utf8.Decode(json, 0, json.Length));
            string error;
            PaidNotification back = PaidNotification.FromJson(json, 0, json.Length, out error);
            Assert.IsNotNull(back, error);
            Assert.AreEqual("T0001100003:4200000000202611210010000003", back.IdempotencyKey);
            Assert.AreEqual(103L, back.TotalFee);
            Assert.AreEqual(1795752000L, back.PaidAt);
        }

        [TestMethod]
        public void Record_encodes_header_payload_and_crc()
        {
            byte[] record = OutboxRecord.Encode(OutboxRecord.KindNotification, 0x01020304u, Utf8.Encode("{}"));
            Assert.AreEqual(18, record.Length);
            Assert.AreEqual("544E4F420101020004030201", Hex.Encode(record, 0, 12));
            Assert.IsNull(OutboxRecord.Check(record, OutboxRecord.KindNotification, 0x01020304u));
            Assert.AreEqual("sequence does not match the file name", OutboxRecord.Check(record, OutboxRecord.KindNotification, 5u));
            Assert.AreEqual("unexpected record kind 1", OutboxRecord.Check(record, OutboxRecord.KindState, 0x01020304u));
        }

        [TestMethod]
        public void Every_truncation_and_every_single_bit_flip_of_a_record_is_refused()
        {
            PaidNotification n = OutboxFixtures.Payment(1);
            byte[] record = OutboxRecord.Encode(OutboxRecord.KindNotification, 7u, n.ToJson());
            for (int length = 0; length < record.Length; length++)
            {
                byte[] prefix = new byte[length];
                System.Array.Copy(record, prefix, length);
                Assert.IsNotNull(OutboxRecord.Check(prefix, OutboxRecord.KindNotification, 7u), "prefix " + length.ToString());
            }

            for (int bit = 0; bit < record.Length * 8; bit++)
            {
                record[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.IsNotNull(OutboxRecord.Check(record, OutboxRecord.KindNotification, 7u), "bit " + bit.ToString());
                record[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            Assert.IsNull(OutboxRecord.Check(record, OutboxRecord.KindNotification, 7u));
            byte[] longer = new byte[record.Length + 1];
            System.Array.Copy(record, longer, record.Length);
            Assert.IsNotNull(OutboxRecord.Check(longer, OutboxRecord.KindNotification, 7u), "trailing byte");
        }

        [TestMethod]
        [DataRow("", "T1", 100L, 100L, "out_trade_no is required")]
        [DataRow("A:B", "T1", 100L, 100L, "out_trade_no may not contain ':' (it separates the idempotency key)")]
        [DataRow("A1", "", 100L, 100L, "transaction_id is required")]
        [DataRow("A1", "T1", 0L, 0L, "total_fee must be positive")]
        [DataRow("A1", "44444444444444444444444444444444444444444444444444444444444444444", 100L, 100L, "transaction_id is longer than 64 bytes")]
        [DataRow("A123456789012345678901234567890123", "T1", 100L, 100L, "out_trade_no is longer than 32 bytes")]
        public void Invalid_notifications_are_refused_with_the_reason(string outTradeNo, string transactionId, long total, long cash, string reason)
        {
            PaidNotification n = OutboxFixtures.Payment(1);
            n.OutTradeNo = outTradeNo;
            n.TransactionId = transactionId;
            n.TotalFee = total;
            n.CashFee = cash;
            Assert.AreEqual(reason, n.Validate());
        }
    }
}
