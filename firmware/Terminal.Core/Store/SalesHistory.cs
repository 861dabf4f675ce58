using System.Collections;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Core.Storage;
using Terminal.Core.Text;
using Terminal.Core.Timing;

namespace Terminal.Core.Store
{
    /// <summary>What the console's history search matches.</summary>
    public enum HistoryQuery
    {
        /// <summary>A local day (yyyy-MM-dd or yyyyMMdd).</summary>
        Day = 0,

        /// <summary>An order number (out_trade_no), or its end.</summary>
        Order,

        /// <summary>A reference: transaction_id or out_refund_no, or its end.</summary>
        Reference,

        /// <summary>An amount in minor units.</summary>
        Amount,
    }

    /// <summary>
    /// The store's sales and refunds, in flash by local day (docs/storage.md, "Sales history"), and
    /// the running totals of the open Z period. Files <c>history/yyyyMMdd-NN</c>, each at most
    /// <see cref="ChunkBytes"/> bytes (one 4 KB LittleFS block): the line <c>TH1</c>, one
    /// <see cref="HistoryRecord"/> line per record, and <c>#</c> + CRC-32 (8 hex digits) of
    /// everything before it. A record is appended by rewriting only the day's last chunk.
    /// <para>Bounded by <see cref="MaxBytes"/> (flash counted in whole blocks): the oldest chunks
    /// are deleted first. A chunk that still holds records of the open Z period is deleted only
    /// after its counts are carried: <see cref="CarryPath"/> (sealed, CRC) holds the open period's
    /// totals of every chunk deleted so far and the name of the newest of them, written before the
    /// delete, so a store that never closes a day stays within its budget and its X/Z totals stay
    /// whole; a cut between the two deletes the chunk at the next boot without counting it.</para>
    /// <para>Counting once: every record has a key (status + order, or the refund number); a key
    /// among the last <see cref="RecentKeys"/> recorded is not recorded again (a payment handed
    /// over again after a power cut, a re-delivered refund).</para>
    /// Thread-safe: every public member takes one lock.
    /// </summary>
    public sealed class SalesHistory : IFlashDonor
    {
        public const string Folder = "history";
        public const string Header = "TH1\n";
        public const int ChunkBytes = 4000;
        public const int RecentKeys = 64;

        /// <summary>The open period's totals of deleted chunks (see the class summary).</summary>
        public const string CarryPath = Folder + "/carry";
        public const string CarryMagic = "history-carry";
        public const int CarryVersion = 1;

        /// <summary>The 20-entry log of earlier firmware, migrated once at <see cref="Load"/>.</summary>
        public const string LegacyLogPath = "terminal/txlog";

        private readonly object gate = new object();
        private readonly IFileStore store;
        private readonly ArrayList chunks = new ArrayList(); // ChunkInfo, oldest first
        private readonly string[] recent = new string[RecentKeys];
        private readonly int[] recentPeriods = new int[RecentKeys]; // the period each recent key is counted in
        private int recentNext;
        private Totals open = new Totals();
        private Totals carried = new Totals(); // the open period's counts of deleted chunks
        private ChunkInfo carriedThrough; // the newest chunk deleted with a carry, or null

        public SalesHistory(IFileStore store, long maxBytes, int offsetMinutes)
        {
            this.store = store;
            MaxBytes = maxBytes;
            OffsetMinutes = offsetMinutes;
            OpenPeriod = 1;
        }

        /// <summary>The lock every member takes: a Z close holds it so no record is counted while it freezes the totals.</summary>
        public object SyncRoot
        {
            get { return gate; }
        }

        /// <summary>Flash the history may use, counted in whole 4 KB blocks.</summary>
        public long MaxBytes { get; set; }

        /// <summary>The store's UTC offset (minutes): the day boundary of the files.</summary>
        public int OffsetMinutes { get; set; }

        /// <summary>The number the next Z report will carry; new records are counted in it.</summary>
        public int OpenPeriod { get; private set; }

        /// <summary>Earliest record time of the open period (0 when none).</summary>
        public long OpenSince { get; private set; }

        /// <summary>Chunks that failed their check at load (kept, read line by line).</summary>
        public int DamagedChunks { get; private set; }

        /// <summary>True when the history is over <see cref="MaxBytes"/> (a chunk could not be deleted).</summary>
        public bool OverBudget { get; private set; }

        /// <summary>True when the carry file failed its check at load: the open period's totals lack the deleted chunks' counts.</summary>
        public bool CarryDamaged { get; private set; }

        /// <summary>Flash the history uses now (whole 4 KB blocks per chunk).</summary>
        public long UsedBytes
        {
            get
            {
                lock (gate)
                {
                    return Cost();
                }
            }
        }

        /// <summary>
        /// Boot: reads every chunk, rebuilds the open period's totals (records of
        /// <paramref name="openPeriod"/>) and the recent keys; migrates the old 20-entry log once.
        /// </summary>
        public void Load(int openPeriod)
        {
            lock (gate)
            {
                OpenPeriod = openPeriod;
                open = new Totals();
                OpenSince = 0;
                chunks.Clear();
                DamagedChunks = 0;
                LoadCarry();
                string[] names = store.List(Folder);
                for (int i = 0; i < names.Length; i++)
                {
                    ChunkInfo c = ChunkInfo.Parse(names[i]);
                    if (c == null)
                    {
                        continue;
                    }

                    if (carriedThrough != null && c.CompareTo(carriedThrough) <= 0)
                    {
                        TryDelete(c); // carried before a cut stopped its delete: never counted twice
                        continue;
                    }

                    chunks.Add(c);
                    ArrayList records = ReadChunk(c);
                    for (int k = 0; k < records.Count; k++)
                    {
                        Count((HistoryRecord)records[k], c);
                    }
                }

                Migrate();
            }
        }

        /// <summary>The running totals of the open period (an X report's figures); a copy.</summary>
        public Totals OpenTotals()
        {
            lock (gate)
            {
                return open.Copy();
            }
        }

        /// <summary>
        /// Records a sale's outcome or a refund in the open period. Returns false when it was
        /// already recorded (same key among the recent ones). Either way <c>r.Period</c> is then the
        /// period that counts it (the Z number it is or will be in: the notification carries it).
        /// Throws <see cref="StoreException"/> when the flash refused (nothing recorded).
        /// </summary>
        public bool Add(HistoryRecord r)
        {
            lock (gate)
            {
                return AddLocked(r);
            }
        }

        private bool AddLocked(HistoryRecord r)
        {
            {
                string key = r.Key;
                int seen = RecentIndex(key);
                if (seen >= 0)
                {
                    r.Period = recentPeriods[seen];
                    return false;
                }

                r.Period = OpenPeriod;
                long day = r.At > 0 ? LocalTime.Day(r.At, OffsetMinutes) : (chunks.Count > 0 ? ((ChunkInfo)chunks[chunks.Count - 1]).Day : 0);
                if (carriedThrough != null && day < carriedThrough.Day)
                {
                    day = carriedThrough.Day; // older than what was deleted (a payment recovered late): filed with the oldest day kept
                }

                byte[] line = Utf8.Encode(r.ToLine());
                ChunkInfo last = LastChunkOf(day);
                bool fresh = last == null;
                byte[] body = null;
                if (last != null)
                {
                    body = Body(store.Read(Folder + "/" + last.Name));
                    if (body == null || body.Length + line.Length + 10 > ChunkBytes)
                    {
                        body = null;
                        last = new ChunkInfo(day, last.Part + 1);
                        fresh = true;
                    }
                }
                else
                {
                    // A part after the carried ones: parts up to the carry's bound are deleted at boot.
                    last = new ChunkInfo(day, carriedThrough != null && day == carriedThrough.Day ? carriedThrough.Part + 1 : 0);
                }

                WriteChunk(last, body, line);
                if (fresh)
                {
                    Insert(last);
                }

                Count(r, last);
                Prune();
                return true;
            }
        }

        /// <summary>
        /// True when the paid sale <paramref name="outTradeNo"/> is recorded (among the recent keys,
        /// else in the parts still in flash): the close of day asks it of each sale the engine still
        /// has to hand over.
        /// </summary>
        public bool HasPaid(string outTradeNo)
        {
            HistoryRecord probe = new HistoryRecord();
            probe.Status = HistoryRecord.Paid;
            probe.OutTradeNo = outTradeNo;
            lock (gate)
            {
                if (RecentIndex(probe.Key) >= 0)
                {
                    return true;
                }
            }

            string error;
            HistoryRecord[] found = Search(HistoryQuery.Order, outTradeNo, 8, out error);
            for (int i = 0; found != null && i < found.Length; i++)
            {
                if (found[i].Status == HistoryRecord.Paid && found[i].OutTradeNo == outTradeNo)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Counts a confirmed refund, once by <paramref name="outRefundNo"/> (App's HistoryPaidSink hands every refund WeChat confirmed over; recovery may hand it again). Returns the record, or null when it was already recorded.</summary>
        public HistoryRecord RefundSucceeded(string outTradeNo, string outRefundNo, long refundFee, string feeType, long refundedAt)
        {
            bool added;
            HistoryRecord r = RefundSucceeded(outTradeNo, outRefundNo, refundFee, feeType, refundedAt, out added);
            return added ? r : null;
        }

        /// <summary>As above, but returns the record either way: its <c>Period</c> is the one that counts the refund (<paramref name="added"/> false: recorded before).</summary>
        public HistoryRecord RefundSucceeded(string outTradeNo, string outRefundNo, long refundFee, string feeType, long refundedAt, out bool added)
        {
            HistoryRecord r = new HistoryRecord();
            r.Status = HistoryRecord.Refunded;
            r.At = refundedAt;
            r.OutTradeNo = outTradeNo;
            r.Reference = outRefundNo;
            r.Amount = refundFee;
            r.Currency = feeType;
            r.Reason = string.Empty;
            added = Add(r);
            return r;
        }

        /// <summary>
        /// The Z report froze the open period: new records go to <paramref name="next"/>, the
        /// running totals start again from zero (nothing is written: the Z file is the commit).
        /// </summary>
        public void StartPeriod(int next, long since)
        {
            lock (gate)
            {
                OpenPeriod = next;
                open = new Totals();
                carried = new Totals(); // the carry file names the closed period: ignored from now on
                OpenSince = since;
            }
        }

        /// <summary>The newest <paramref name="count"/> records (file order within each day), oldest first.</summary>
        public HistoryRecord[] Last(int count)
        {
            lock (gate)
            {
                ArrayList found = new ArrayList();
                for (int i = chunks.Count - 1; i >= 0 && found.Count < count; i--)
                {
                    ArrayList records = ReadChunk((ChunkInfo)chunks[i]);
                    for (int k = records.Count - 1; k >= 0 && found.Count < count; k--)
                    {
                        found.Insert(0, records[k]);
                    }
                }

                HistoryRecord[] result = new HistoryRecord[found.Count];
                found.CopyTo(result);
                return result;
            }
        }

        /// <summary>The local days that have records, oldest first.</summary>
        public long[] Days()
        {
            lock (gate)
            {
                ArrayList days = new ArrayList();
                for (int i = 0; i < chunks.Count; i++)
                {
                    long d = ((ChunkInfo)chunks[i]).Day;
                    if (days.Count == 0 || (long)days[days.Count - 1] != d)
                    {
                        days.Add(d);
                    }
                }

                long[] result = new long[days.Count];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (long)days[i];
                }

                return result;
            }
        }

        /// <summary>
        /// Records matching <paramref name="text"/> (<see cref="HistoryQuery"/>), oldest first, at most
        /// <paramref name="max"/> (the newest of them). Null and <paramref name="error"/> set when the
        /// query text is not valid for its kind.
        /// </summary>
        public HistoryRecord[] Search(HistoryQuery kind, string text, int max, out string error)
        {
            error = null;
            long day = -1;
            long amount = -1;
            if (kind == HistoryQuery.Day)
            {
                day = LocalTime.ParseDay(text);
                if (day < 0)
                {
                    error = "day must be yyyy-MM-dd";
                    return null;
                }
            }
            else if (kind == HistoryQuery.Amount)
            {
                amount = Digits.ParseNonNegative(text);
                if (amount < 0)
                {
                    error = "amount must be minor units (fen), digits only";
                    return null;
                }
            }
            else if (text == null || text.Length == 0)
            {
                error = "nothing to search for";
                return null;
            }

            lock (gate)
            {
                ArrayList found = new ArrayList();
                for (int i = 0; i < chunks.Count; i++)
                {
                    ChunkInfo c = (ChunkInfo)chunks[i];
                    if (day >= 0 && c.Day != day)
                    {
                        continue;
                    }

                    ArrayList records = ReadChunk(c);
                    for (int k = 0; k < records.Count; k++)
                    {
                        HistoryRecord r = (HistoryRecord)records[k];
                        if (Matches(r, kind, text, amount))
                        {
                            found.Add(r);
                            if (found.Count > max)
                            {
                                found.RemoveAt(0);
                            }
                        }
                    }
                }

                HistoryRecord[] result = new HistoryRecord[found.Count];
                found.CopyTo(result);
                return result;
            }
        }

        private static bool Matches(HistoryRecord r, HistoryQuery kind, string text, long amount)
        {
            switch (kind)
            {
                case HistoryQuery.Day:
                    return true;
                case HistoryQuery.Order:
                    return r.OutTradeNo != null && r.OutTradeNo.Length > 0 && r.OutTradeNo.EndsWith(text);
                case HistoryQuery.Reference:
                    return r.Reference != null && r.Reference.Length > 0 && r.Reference.EndsWith(text);
                default:
                    return r.Amount == amount;
            }
        }

        private void Count(HistoryRecord r, ChunkInfo c)
        {
            if (r.Period > c.MaxPeriod)
            {
                c.MaxPeriod = r.Period;
            }

            Remember(r.Key, r.Period);
            if (r.Period == OpenPeriod && r.Period > 0)
            {
                open.Add(r);
                if (r.At > 0 && (OpenSince == 0 || r.At < OpenSince))
                {
                    OpenSince = r.At;
                }
            }
        }

        /// <summary>Where <paramref name="key"/> is among the recent keys, or -1.</summary>
        private int RecentIndex(string key)
        {
            for (int i = 0; i < RecentKeys; i++)
            {
                // string == with a null operand crashes the 1.x interpreter (SIGSEGV): test null by reference first
                string seen = recent[i];
                if (seen != null && seen == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private void Remember(string key, int period)
        {
            recent[recentNext] = key;
            recentPeriods[recentNext] = period;
            recentNext = (recentNext + 1) % RecentKeys;
        }

        private ChunkInfo LastChunkOf(long day)
        {
            ChunkInfo best = null;
            for (int i = 0; i < chunks.Count; i++)
            {
                ChunkInfo c = (ChunkInfo)chunks[i];
                if (c.Day == day && (best == null || c.Part > best.Part))
                {
                    best = c;
                }
            }

            return best;
        }

        private void Insert(ChunkInfo c)
        {
            int at = chunks.Count;
            while (at > 0 && ((ChunkInfo)chunks[at - 1]).CompareTo(c) > 0)
            {
                at--;
            }

            if (at == chunks.Count)
            {
                chunks.Add(c);
            }
            else
            {
                chunks.Insert(at, c);
            }
        }

        private void WriteChunk(ChunkInfo c, byte[] body, byte[] line)
        {
            int bodyLength = body == null ? Header.Length : body.Length;
            byte[] data = new byte[bodyLength + line.Length + 10];
            if (body == null)
            {
                byte[] header = Utf8.Encode(Header);
                System.Array.Copy(header, 0, data, 0, header.Length);
            }
            else
            {
                System.Array.Copy(body, 0, data, 0, body.Length);
            }

            System.Array.Copy(line, 0, data, bodyLength, line.Length);
            int end = bodyLength + line.Length;
            string crc = "#" + Hex8(Crc32.Compute(data, 0, end)) + "\n";
            for (int i = 0; i < 10; i++)
            {
                data[end + i] = (byte)crc[i];
            }

            store.Write(Folder + "/" + c.Name, data, 0, data.Length);
            c.Bytes = data.Length;
        }

        /// <summary>The bytes before the CRC line when the chunk checks out, else null.</summary>
        private static byte[] Body(byte[] data)
        {
            if (data == null || data.Length < Header.Length + 10 || data[0] != (byte)'T' || data[1] != (byte)'H' || data[2] != (byte)'1')
            {
                return null;
            }

            int end = data.Length - 10;
            if (data[end] != (byte)'#' || data[data.Length - 1] != (byte)'\n')
            {
                return null;
            }

            string crc = Hex8(Crc32.Compute(data, 0, end));
            for (int i = 0; i < 8; i++)
            {
                if (data[end + 1 + i] != (byte)crc[i])
                {
                    return null;
                }
            }

            byte[] body = new byte[end];
            System.Array.Copy(data, 0, body, 0, end);
            return body;
        }

        /// <summary>The records of a chunk; a damaged chunk is read line by line (whole lines only) and counted.</summary>
        private ArrayList ReadChunk(ChunkInfo c)
        {
            ArrayList result = new ArrayList();
            byte[] data;
            try
            {
                data = store.Read(Folder + "/" + c.Name);
            }
            catch (StoreException)
            {
                return result;
            }

            if (data == null)
            {
                return result;
            }

            c.Bytes = data.Length;
            byte[] body = Body(data);
            if (body == null)
            {
                DamagedChunks++;
                body = data;
            }

            string text;
            int bad;
            if (!Utf8.TryDecode(body, 0, body.Length, out text, out bad))
            {
                return result;
            }

            string[] lines = text.Split(new char[] { '\n' });
            for (int i = 1; i < lines.Length; i++)
            {
                HistoryRecord r = HistoryRecord.FromLine(lines[i]);
                if (r != null)
                {
                    result.Add(r);
                }
            }

            return result;
        }

        private long Cost()
        {
            long total = 0;
            for (int i = 0; i < chunks.Count; i++)
            {
                long blocks = (((ChunkInfo)chunks[i]).Bytes + FlashBudget.DeviceBlockSize - 1) / FlashBudget.DeviceBlockSize;
                total += (blocks < 1 ? 1 : blocks) * FlashBudget.DeviceBlockSize;
            }

            return total;
        }

        /// <summary>
        /// Deletes the oldest chunks while over the budget, never the newest one. A chunk with
        /// records of the open period is carried first (<see cref="CarryPath"/>); when the carry
        /// cannot be written the chunk stays (over budget, nothing lost).
        /// </summary>
        private void Prune()
        {
            while (Cost() > MaxBytes && chunks.Count > 1 && DropOldest())
            {
            }

            OverBudget = Cost() > MaxBytes;
        }

        /// <summary>
        /// The outbox needs flash (<see cref="IFlashDonor"/>): the oldest chunks go (carried as in
        /// <see cref="Prune"/>), never the newest one. Returns the bytes freed on the device's count.
        /// </summary>
        public long Release(long bytes)
        {
            lock (gate)
            {
                long before = Cost();
                while (before - Cost() < bytes && chunks.Count > 1 && DropOldest())
                {
                }

                Released += before - Cost();
                return before - Cost();
            }
        }

        /// <summary>Bytes given to the outbox since boot (the history then keeps fewer days: <c>status</c> says so).</summary>
        public long Released { get; private set; }

        /// <summary>Deletes the oldest chunk, carrying its open-period counts first; false when it could not.</summary>
        private bool DropOldest()
        {
            {
                ChunkInfo c = (ChunkInfo)chunks[0];
                if (c.MaxPeriod >= OpenPeriod && OpenPeriod > 0)
                {
                    Totals next = carried.Copy();
                    ArrayList records = ReadChunk(c);
                    for (int k = 0; k < records.Count; k++)
                    {
                        HistoryRecord r = (HistoryRecord)records[k];
                        if (r.Period == OpenPeriod)
                        {
                            next.Add(r);
                        }
                    }

                    try
                    {
                        WriteCarry(next, c);
                    }
                    catch (StoreException)
                    {
                        return false;
                    }

                    carried = next;
                    carriedThrough = c;
                }

                if (!TryDelete(c))
                {
                    return false;
                }

                chunks.RemoveAt(0);
                return true;
            }
        }

        private bool TryDelete(ChunkInfo c)
        {
            try
            {
                store.Delete(Folder + "/" + c.Name);
                return true;
            }
            catch (StoreException)
            {
                return false;
            }
        }

        /// <summary>The carry file: the open period, the newest carried chunk, the period's start, the carried totals.</summary>
        private void WriteCarry(Totals totals, ChunkInfo through)
        {
            string body = "period=" + OpenPeriod.ToString() + "\nthrough=" + through.Name + "\nsince=" + OpenSince.ToString()
                + "\ntotals=" + Json(totals) + "\n";
            byte[] data = SealedFile.Seal(CarryMagic, CarryVersion, body);
            store.Write(CarryPath, data, 0, data.Length);
        }

        private static string Json(Totals totals)
        {
            byte[] json = totals.ToJsonArray();
            return Utf8.Decode(json, 0, json.Length);
        }

        /// <summary>
        /// Reads the carry file: its chunk bound always (chunks up to it are deleted), its totals
        /// only when it is about the open period (a Z closed since makes them history).
        /// </summary>
        private void LoadCarry()
        {
            carried = new Totals();
            carriedThrough = null;
            CarryDamaged = false;
            byte[] data;
            try
            {
                data = store.Read(CarryPath);
            }
            catch (StoreException)
            {
                data = null;
                CarryDamaged = true;
            }

            string body;
            int version;
            SealedState state = SealedFile.Open(data, CarryMagic, CarryVersion, null, out body, out version);
            if (state == SealedState.Missing)
            {
                return;
            }

            long period = -1;
            long since = -1;
            ChunkInfo through = null;
            Totals totals = null;
            string[] lines = state == SealedState.Ok ? body.Split(new char[] { '\n' }) : new string[0];
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                int eq = line.IndexOf('=');
                string name = eq > 0 ? line.Substring(0, eq) : string.Empty;
                string value = eq > 0 ? line.Substring(eq + 1) : string.Empty;
                if (name == "period")
                {
                    period = Digits.ParseNonNegative(value);
                }
                else if (name == "through")
                {
                    through = ChunkInfo.Parse(value);
                }
                else if (name == "since")
                {
                    since = Digits.ParseNonNegative(value);
                }
                else if (name == "totals")
                {
                    string error;
                    JsonObject o = JsonReader.Parse("{\"t\":" + value + "}", out error);
                    totals = o == null ? null : Totals.FromJson(o.Get("t") as ArrayList);
                }
            }

            if (period < 0 || since < 0 || through == null || totals == null)
            {
                CarryDamaged = true; // the open period's totals lack what it carried: reported, never guessed
                return;
            }

            carriedThrough = through;
            if (period == OpenPeriod)
            {
                carried = totals;
                open = totals.Copy();
                OpenSince = since;
            }
        }

        private void Migrate()
        {
            byte[] data;
            try
            {
                data = store.Read(LegacyLogPath);
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
            if (Utf8.TryDecode(data, 0, data.Length, out text, out bad))
            {
                // at|out_trade_no|total_fee|currency|status|reason|transaction_id (the 20-entry log)
                string[] lines = text.Split(new char[] { '\n' });
                int period = OpenPeriod;
                OpenPeriod = 0; // before the first Z: shown, never counted
                for (int i = 0; i < lines.Length; i++)
                {
                    string[] f = lines[i].Split(new char[] { '|' });
                    if (f.Length != 7)
                    {
                        continue;
                    }

                    HistoryRecord r = new HistoryRecord();
                    r.At = Digits.ParseNonNegative(f[0]);
                    r.OutTradeNo = f[1];
                    r.Amount = Digits.ParseNonNegative(f[2]);
                    r.Currency = f[3];
                    r.Status = HistoryRecord.StatusOf(f[4]);
                    r.Reason = f[5];
                    r.Reference = f[6];
                    if (r.At < 0 || r.Amount < 0 || r.Status == 0)
                    {
                        continue;
                    }

                    AddLocked(r);
                }

                OpenPeriod = period;
            }

            store.Delete(LegacyLogPath);
        }

        private static string Hex8(uint value)
        {
            char[] chars = new char[8];
            for (int i = 0; i < 8; i++)
            {
                int d = (int)((value >> (28 - 4 * i)) & 0xF);
                chars[i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
            }

            return new string(chars);
        }

        private sealed class ChunkInfo
        {
            public ChunkInfo(long day, int part)
            {
                Day = day;
                Part = part;
                Name = LocalTime.DayText(day, string.Empty) + "-" + (part < 10 ? "0" : string.Empty) + part.ToString();
            }

            public long Day;
            public int Part;
            public string Name;
            public long Bytes;
            public int MaxPeriod;

            public static ChunkInfo Parse(string name)
            {
                if (name.Length != 11 || name[8] != '-')
                {
                    return null;
                }

                long day = LocalTime.ParseDay(name.Substring(0, 8));
                long part = Digits.ParseNonNegative(name.Substring(9));
                return day < 0 || part < 0 ? null : new ChunkInfo(day, (int)part);
            }

            public int CompareTo(ChunkInfo other)
            {
                return Day != other.Day ? (Day < other.Day ? -1 : 1) : Part - other.Part;
            }
        }
    }
}
