using System;
using System.Collections;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Text;

namespace Terminal.Core.Ui
{
    /// <summary>One finished sale, for the console's "tx" command. Never holds the payment code.</summary>
    public sealed class TransactionRecord
    {
        /// <summary>Unix seconds (UTC) when it ended; 0 when the clock was not set.</summary>
        public long At;
        public string OutTradeNo;
        public long TotalFee;
        public string Currency;

        /// <summary>The SaleStatus name (Paid, Failed, Cancelled, Unresolved, NotSent, Rejected).</summary>
        public string Status;

        /// <summary>The FailureReason name, or "".</summary>
        public string Reason;
        public string TransactionId;
    }

    /// <summary>
    /// The last <see cref="Capacity"/> sales, newest last, kept in memory and in one small file
    /// ("terminal/txlog": a line per sale, fields separated by '|':
    /// <c>at|out_trade_no|total_fee|currency|status|reason|transaction_id</c>). Losing it loses
    /// nothing that matters: the journal and the outbox are the records of money.
    /// </summary>
    public sealed class TransactionLog
    {
        public const string Path = "terminal/txlog";
        public const int Capacity = 20;

        private readonly object gate = new object();
        private readonly IFileStore store;
        private readonly ArrayList records = new ArrayList();

        public TransactionLog(IFileStore store)
        {
            this.store = store;
        }

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return records.Count;
                }
            }
        }

        public void Load()
        {
            lock (gate)
            {
                records.Clear();
                byte[] data;
                try
                {
                    data = store.Read(Path);
                }
                catch (StoreException)
                {
                    return;
                }

                if (data == null)
                {
                    return;
                }

                string text;
                int bad;
                if (!Utf8.TryDecode(data, 0, data.Length, out text, out bad))
                {
                    return;
                }

                string[] lines = text.Split(new char[] { '\n' });
                for (int i = 0; i < lines.Length; i++)
                {
                    string[] f = lines[i].Split(new char[] { '|' });
                    if (f.Length != 7)
                    {
                        continue;
                    }

                    TransactionRecord r = new TransactionRecord();
                    r.At = ParseLong(f[0]);
                    r.OutTradeNo = f[1];
                    r.TotalFee = ParseLong(f[2]);
                    r.Currency = f[3];
                    r.Status = f[4];
                    r.Reason = f[5];
                    r.TransactionId = f[6];
                    records.Add(r);
                }

                while (records.Count > Capacity)
                {
                    records.RemoveAt(0);
                }
            }
        }

        public void Add(TransactionRecord record)
        {
            lock (gate)
            {
                records.Add(record);
                while (records.Count > Capacity)
                {
                    records.RemoveAt(0);
                }

                string text = string.Empty;
                for (int i = 0; i < records.Count; i++)
                {
                    TransactionRecord r = (TransactionRecord)records[i];
                    text += r.At.ToString() + "|" + Safe(r.OutTradeNo) + "|" + r.TotalFee.ToString() + "|" + Safe(r.Currency) + "|" +
                        Safe(r.Status) + "|" + Safe(r.Reason) + "|" + Safe(r.TransactionId) + "\n";
                }

                byte[] bytes = Utf8.Encode(text);
                try
                {
                    store.Write(Path, bytes, 0, bytes.Length);
                }
                catch (StoreException)
                {
                    // Kept in memory; the next sale writes again.
                }
            }
        }

        /// <summary>The newest <paramref name="count"/> records, oldest first.</summary>
        public TransactionRecord[] Last(int count)
        {
            lock (gate)
            {
                int n = count > records.Count ? records.Count : (count < 0 ? 0 : count);
                TransactionRecord[] result = new TransactionRecord[n];
                for (int i = 0; i < n; i++)
                {
                    result[i] = (TransactionRecord)records[records.Count - n + i];
                }

                return result;
            }
        }

        public void Clear()
        {
            lock (gate)
            {
                records.Clear();
                try
                {
                    store.Delete(Path);
                }
                catch (StoreException)
                {
                }
            }
        }

        private static string Safe(string value)
        {
            if (value == null)
            {
                return string.Empty;
            }

            return value.IndexOf('|') >= 0 || value.IndexOf('\n') >= 0 ? "?" : value;
        }

        // Unreadable numbers in an old log line show as 0 rather than hiding the line.
        private static long ParseLong(string text)
        {
            long value = Digits.ParseNonNegative(text);
            return value < 0 ? 0 : value;
        }
    }
}
