using System;
using System.Text;
using Terminal.Core.Storage;
using Terminal.Core.Text;

namespace Terminal.Core.Payments
{
    /// <summary>Where an in-flight order stands, as committed to flash.</summary>
    public enum JournalState
    {
        /// <summary>Committed before the micropay leaves: the outcome is not known yet.</summary>
        Intent = 1,

        /// <summary>Query and reverse could not settle it: "do not charge again", reconciled in the background.</summary>
        Unresolved = 2,

        /// <summary>WeChat confirmed payment but the outbox could not commit it yet: hand it over again.</summary>
        Paid = 3,
    }

    /// <summary>
    /// One in-flight order of the journal (docs/storage.md, "In-flight journal"). Encoded as
    /// UTF-8 "key=value" lines closed by a CRC-32 line; unknown keys are ignored so later
    /// firmware can add fields.
    /// </summary>
    public sealed class JournalEntry
    {
        internal const string Magic = "TJ1";

        public JournalEntry()
        {
            State = JournalState.Intent;
            TotalFee = -1;
            CashFee = -1;
        }

        /// <summary>The order's sequence number (names the journal file).</summary>
        public long Sequence { get; set; }

        /// <summary>File version: each commit writes version + 1 and deletes the previous one.</summary>
        public int Version { get; set; }

        public string OutTradeNo { get; set; }

        /// <summary>Minor units; -1 when unknown (entry rebuilt from a damaged file).</summary>
        public long TotalFee { get; set; }

        public string Currency { get; set; }

        /// <summary>The scanned code, kept only while the order is unfinished (needed to re-submit).</summary>
        public string AuthCode { get; set; }

        public string Body { get; set; }

        /// <summary>Wall-clock creation time, Unix seconds; 0 when the clock was not set.</summary>
        public long CreatedUnix { get; set; }

        public JournalState State { get; set; }

        /// <summary>Reverse calls made so far.</summary>
        public int ReverseCalls { get; set; }

        /// <summary>Paid state: WeChat's transaction data.</summary>
        public string TransactionId { get; set; }

        public long CashFee { get; set; }

        public string TimeEnd { get; set; }

        public string BankType { get; set; }

        public string OpenId { get; set; }

        /// <summary>True when the file was damaged and the entry was rebuilt from its name alone.</summary>
        public bool Rebuilt { get; set; }

        /// <summary>
        /// Not stored: a monotonic time (ms) by which the order's last micropay had certainly left;
        /// the 15 s reverse rule and the query deadline count from it outside a sale.
        /// </summary>
        public long SubmittedMs { get; set; }

        public byte[] Encode()
        {
            StringBuilder text = new StringBuilder(256);
            text.Append(Magic).Append('\n');
            Line(text, "seq", Sequence.ToString());
            Line(text, "otn", OutTradeNo);
            Line(text, "fee", TotalFee.ToString());
            Line(text, "cur", Currency);
            Line(text, "auth", AuthCode);
            Line(text, "body", Body);
            Line(text, "created", CreatedUnix.ToString());
            Line(text, "state", StateCode(State));
            Line(text, "rev", ReverseCalls.ToString());
            Line(text, "txn", TransactionId);
            if (CashFee >= 0)
            {
                Line(text, "cash", CashFee.ToString());
            }

            Line(text, "end", TimeEnd);
            Line(text, "bank", BankType);
            Line(text, "openid", OpenId);
            return SealedFile.WithCrcLine(Encoding.UTF8.GetBytes(text.ToString()));
        }

        /// <summary>
        /// The lines of a record sealed by <see cref="SealedFile.WithCrcLine"/> whose first line is
        /// <paramref name="magic"/> (a journal entry, a refund file), the magic line included; null
        /// when it is damaged (bad CRC, torn, not UTF-8, another format).
        /// </summary>
        public static string[] RecordLines(byte[] data, string magic)
        {
            if (data == null || data.Length < 20)
            {
                return null;
            }

            int crcStart = SealedFile.CheckedLength(data); // the last line: crc=XXXXXXXX over everything before it
            if (crcStart < 0)
            {
                return null;
            }

            string text;
            try
            {
                text = new string(Encoding.UTF8.GetChars(data, 0, crcStart));
            }
            catch (Exception)
            {
                return null;
            }

            string[] lines = text.Split(new char[] { '\n' });
            return lines.Length < 2 || lines[0] != magic ? null : lines;
        }

        /// <summary>Decodes a journal file; null when it is damaged (bad CRC, torn, wrong format).</summary>
        public static JournalEntry Decode(byte[] data)
        {
            string[] lines = RecordLines(data, Magic);
            if (lines == null)
            {
                return null;
            }

            JournalEntry entry = new JournalEntry();
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i];
                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string key = line.Substring(0, eq);
                string value = Unescape(line.Substring(eq + 1));
                switch (key)
                {
                    case "seq":
                        entry.Sequence = Digits.ParseNonNegative(value);
                        break;
                    case "otn":
                        entry.OutTradeNo = value;
                        break;
                    case "fee":
                        entry.TotalFee = Digits.ParseNonNegative(value);
                        break;
                    case "cur":
                        entry.Currency = value;
                        break;
                    case "auth":
                        entry.AuthCode = value;
                        break;
                    case "body":
                        entry.Body = value;
                        break;
                    case "created":
                        entry.CreatedUnix = Digits.ParseNonNegative(value);
                        break;
                    case "state":
                        entry.State = value == "U" ? JournalState.Unresolved : (value == "P" ? JournalState.Paid : JournalState.Intent);
                        break;
                    case "rev":
                        entry.ReverseCalls = (int)Digits.ParseNonNegative(value);
                        break;
                    case "txn":
                        entry.TransactionId = value;
                        break;
                    case "cash":
                        entry.CashFee = Digits.ParseNonNegative(value);
                        break;
                    case "end":
                        entry.TimeEnd = value;
                        break;
                    case "bank":
                        entry.BankType = value;
                        break;
                    case "openid":
                        entry.OpenId = value;
                        break;
                }
            }

            if (entry.OutTradeNo == null || entry.OutTradeNo.Length == 0 || entry.Sequence < 0)
            {
                return null;
            }

            return entry;
        }

        private static string StateCode(JournalState state)
        {
            return state == JournalState.Unresolved ? "U" : (state == JournalState.Paid ? "P" : "I");
        }

        internal static void Line(StringBuilder text, string key, string value)
        {
            if (value == null)
            {
                return;
            }

            text.Append(key).Append('=');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\')
                {
                    text.Append("\\\\");
                }
                else if (c == '\n')
                {
                    text.Append("\\n");
                }
                else if (c == '\r')
                {
                    text.Append("\\r");
                }
                else
                {
                    text.Append(c);
                }
            }

            text.Append('\n');
        }

        internal static string Unescape(string value)
        {
            if (value.IndexOf('\\') < 0)
            {
                return value;
            }

            StringBuilder text = new StringBuilder(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\' && i + 1 < value.Length)
                {
                    char next = value[++i];
                    text.Append(next == 'n' ? '\n' : (next == 'r' ? '\r' : next));
                }
                else
                {
                    text.Append(c);
                }
            }

            return text.ToString();
        }
    }
}
