using System;
using System.Collections;
using System.Text;
using nanoFramework.Json;
using nanoFramework.TestFramework;
using Terminal.Core.Outbox;
using JsonObject = Terminal.Core.Outbox.JsonObject;

namespace Terminal.Probes
{
    /// <summary>The merchant's JSON as the device meets it: one acknowledgement, one notification.</summary>
    internal static class Samples
    {
        public const int Rounds = 300;

        /// <summary>Free managed heap after a full collection (no compaction: compacting crashed the POSIX nanoCLR) (nanoFramework.Runtime.Native.GC.Run).</summary>
        public static int Free()
        {
            return (int)nanoFramework.Runtime.Native.GC.Run(false);
        }

        public static byte[] Answer()
        {
            return Encoding.UTF8.GetBytes("{\"result\":\"stored\",\"key\":\"T0001100001:4200000000202611210010000001\",\"nonce\":\"4f1c2a9b7e6d5c3b\",\"control\":{\"suspended\":false,\"reason\":\"\"}}");
        }

        public static PaidNotification Notification()
        {
            PaidNotification n = new PaidNotification();
            n.TerminalId = "T-0001";
            n.OutTradeNo = "T0001100001";
            n.TransactionId = "4200000000202611210010000001";
            n.TotalFee = 101;
            n.CashFee = 101;
            n.FeeType = "CNY";
            n.TimeEnd = "20261121120000";
            n.BankType = "CMB_DEBIT";
            n.OpenId = "oUpF8uN95-Ptaags6E_roPHg7AG0";
            n.PaidAt = 1795752000;
            return n;
        }

        public static string Text(byte[] data)
        {
            return Encoding.UTF8.GetString(data, 0, data.Length);
        }
    }

    /// <summary>The same notification as a class for nanoFramework.Json's serializer (members in the documented order).</summary>
    public sealed class NotificationDto
    {
        public string terminal_id { get; set; }

        public string out_trade_no { get; set; }

        public string transaction_id { get; set; }

        public long total_fee { get; set; }

        public long cash_fee { get; set; }

        public string fee_type { get; set; }

        public string time_end { get; set; }

        public string bank_type { get; set; }

        public string openid { get; set; }

        public long paid_at { get; set; }
    }

    /// <summary>Workload 1: the core's reader and writer (heap: NF_HEAP=1).</summary>
    [TestClass]
    public class HandWrittenJson
    {
        [TestMethod]
        public void Reads_the_acknowledgement_and_writes_the_notification()
        {
            Samples.Free();
            byte[] answer = Samples.Answer();
            bool suspended = true;
            byte[] written = null;
            for (int i = 0; i < Samples.Rounds; i++)
            {
                string error;
                JsonObject o = JsonReader.Parse(answer, 0, answer.Length, out error);
                Assert.AreEqual("stored", o.GetString("result"));
                suspended = o.GetObject("control").GetBool("suspended", true);
                written = Samples.Notification().ToJson();
            }

            Assert.IsFalse(suspended);

            // What one parsed answer and one written notification hold while in use.
            int before = Samples.Free();
            string held;
            JsonObject kept = JsonReader.Parse(answer, 0, answer.Length, out held);
            byte[] keptBytes = Samples.Notification().ToJson();
            int after = Samples.Free();
            Assert.IsNotNull(kept.GetObject("control"));
            Assert.AreEqual(written.Length, keptBytes.Length);
            OutputHelper.WriteLine("probe: hand-written held live: " + (before - after).ToString() + " bytes (parsed answer + notification bytes)");
            OutputHelper.WriteLine("probe: hand-written notification " + written.Length.ToString() + " bytes: " + Samples.Text(written));
        }
    }

    /// <summary>Workload 2: nanoFramework.Json 2.2.203 on the same documents.</summary>
    [TestClass]
    public class NanoFrameworkJson
    {
        private static NotificationDto Dto(PaidNotification n)
        {
            NotificationDto dto = new NotificationDto();
            dto.terminal_id = n.TerminalId;
            dto.out_trade_no = n.OutTradeNo;
            dto.transaction_id = n.TransactionId;
            dto.total_fee = n.TotalFee;
            dto.cash_fee = n.CashFee;
            dto.fee_type = n.FeeType;
            dto.time_end = n.TimeEnd;
            dto.bank_type = n.BankType;
            dto.openid = n.OpenId;
            dto.paid_at = n.PaidAt;
            return dto;
        }

        [TestMethod]
        public void Reads_the_acknowledgement_and_writes_the_notification()
        {
            Samples.Free();
            byte[] answer = Samples.Answer();
            bool suspended = true;
            string written = null;
            for (int i = 0; i < Samples.Rounds; i++)
            {
                Hashtable o = (Hashtable)JsonConvert.DeserializeObject(Samples.Text(answer), typeof(Hashtable));
                Assert.AreEqual("stored", (string)o["result"]);
                suspended = (bool)((Hashtable)o["control"])["suspended"];
                written = JsonConvert.SerializeObject(Dto(Samples.Notification()));
            }

            Assert.IsFalse(suspended);

            int before = Samples.Free();
            Hashtable kept = (Hashtable)JsonConvert.DeserializeObject(Samples.Text(answer), typeof(Hashtable));
            byte[] keptBytes = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(Dto(Samples.Notification())));
            int after = Samples.Free();
            Assert.IsNotNull(kept["control"]);
            Assert.IsTrue(keptBytes.Length > 0);
            OutputHelper.WriteLine("probe: nanoFramework.Json held live: " + (before - after).ToString() + " bytes (parsed answer + notification bytes)");
            byte[] bytes = Encoding.UTF8.GetBytes(written);
            byte[] expected = Samples.Notification().ToJson();
            bool same = bytes.Length == expected.Length;
            for (int i = 0; same && i < bytes.Length; i++)
            {
                same = bytes[i] == expected[i];
            }

            OutputHelper.WriteLine("probe: nanoFramework.Json notification " + bytes.Length.ToString() + " bytes, " + (same ? "identical to" : "DIFFERENT from") + " the stored bytes: " + written);
        }
    }

    /// <summary>Hostile documents through both readers: what each accepts, refuses or throws.</summary>
    [TestClass]
    public class HostileInput
    {
        private static byte[] Nested(int depth)
        {
            byte[] data = new byte[depth * 6 + 1 + depth];
            int at = 0;
            for (int i = 0; i < depth; i++)
            {
                data[at++] = (byte)'{';
                data[at++] = (byte)'"';
                data[at++] = (byte)'a';
                data[at++] = (byte)'"';
                data[at++] = (byte)':';
                data[at++] = (byte)' ';
            }

            data[at++] = (byte)'1';
            for (int i = 0; i < depth; i++)
            {
                data[at++] = (byte)'}';
            }

            return data;
        }

        private static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        private static byte[] BadUtf8()
        {
            byte[] head = Bytes("{\"result\":\"st");
            byte[] data = new byte[head.Length + 4];
            Array.Copy(head, data, head.Length);
            data[head.Length] = 0xC3;
            data[head.Length + 1] = 0x28; // not a continuation byte
            data[head.Length + 2] = (byte)'"';
            data[head.Length + 3] = (byte)'}';
            return data;
        }

        private static string HandWritten(byte[] data)
        {
            string error;
            JsonObject o = JsonReader.Parse(data, 0, data.Length, out error);
            return o == null ? "refused: " + error : "accepted";
        }

        private static string Nano(byte[] data)
        {
            try
            {
                string text = Samples.Text(data);
                object o = JsonConvert.DeserializeObject(text, typeof(Hashtable));
                Hashtable h = o as Hashtable;
                if (h == null)
                {
                    return "accepted as " + (o == null ? "null" : o.GetType().Name);
                }

                string values = string.Empty;
                foreach (DictionaryEntry entry in h)
                {
                    object v = entry.Value;
                    values += " " + entry.Key.ToString() + "=" + (v == null ? "null" : v.GetType().Name + ":" + (v is Hashtable ? "{...}" : v.ToString()));
                }

                return "accepted (decoded text " + text.Length.ToString() + " chars):" + values;
            }
            catch (Exception e)
            {
                return "exception " + e.GetType().Name + (e.Message == null ? string.Empty : ": " + e.Message);
            }
        }

        private static void Case(string name, byte[] data)
        {
            OutputHelper.WriteLine("probe: hostile " + name + " | hand-written: " + HandWritten(data) + " | nanoFramework.Json: " + Nano(data));
        }

        [TestMethod]
        public void Huge_numbers()
        {
            Case("huge integer", Bytes("{\"total_fee\":123456789012345678901234567890}"));
            Case("huge exponent", Bytes("{\"total_fee\":1e999999}"));
            Case("long beyond int64", Bytes("{\"total_fee\":9223372036854775808}"));
        }

        [TestMethod]
        public void Bad_utf8_and_nul()
        {
            Case("bad UTF-8 (C3 28)", BadUtf8());
            Case("\\u0000 escape", Bytes("{\"reason\":\"x\\u0000y\"}"));
            Case("lone surrogate escape", Bytes("{\"reason\":\"x\\ud800y\"}"));
        }

        [TestMethod]
        public void Duplicate_keys_and_truncation()
        {
            Case("duplicate keys", Bytes("{\"result\":\"stored\",\"result\":\"rejected\"}"));
            Case("truncated string", Bytes("{\"result\":\"sto"));
            Case("truncated object", Bytes("{\"result\":\"stored\","));
            Case("trailing data", Bytes("{\"result\":\"stored\"} x"));
        }

        [TestMethod]
        public void Nesting_64()
        {
            Case("nesting 64", Nested(64));
        }

        [TestMethod]
        public void Nesting_2000()
        {
            Case("nesting 2000", Nested(2000));
        }
    }
}
