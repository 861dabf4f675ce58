using System;
using System.Collections;
using Terminal.Core.Ports;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// The durable queue of notifications on the file store, one <see cref="OutboxRecord"/> file per
    /// notification (layout in docs/storage.md, "Outbox"):
    /// <code>
    /// outbox/q/SSSSSSSS.tmp   being written (never committed: deleted at recovery)
    /// outbox/q/SSSSSSSS.rec   pending, FIFO by sequence S (8 hex digits)
    /// outbox/dl/SSSSSSSS.rec  dead letter (permanently rejected), with
    /// outbox/dl/SSSSSSSS.why  the rejection (status, reason, time)
    /// outbox/bad/SSSSSSSS[-n].rec  quarantined: failed its checks at recovery or when read
    /// </code>
    /// Commit = write .tmp, rename to .rec (atomic). Acknowledge = delete (atomic). Dead-letter =
    /// write .why, rename .rec into dl/. Memory use is a few parallel arrays (sequence, size,
    /// key hash, amount, time) — payloads stay in flash until the forwarder sends them.
    /// Thread-safe: every public member takes one lock.
    /// </summary>
    public sealed class OutboxStore
    {
        private readonly object gate = new object();
        private readonly IFileStore store;
        private readonly string queueDir;
        private readonly string deadDir;
        private readonly string badDir;

        // Pending records in sequence order.
        private int[] seqs = new int[16];
        private int[] sizes = new int[16];
        private int[] keyHashes = new int[16];
        private long[] amounts = new long[16];
        private long[] paidAts = new long[16];
        private int count;
        private long pendingBytes;

        private int deadCount;
        private long deadBytes;
        private int badCount;
        private long badBytes;
        private int nextSeq = 1;

        public OutboxStore(IFileStore store, OutboxOptions options)
        {
            this.store = store;
            queueDir = options.Root + "/q";
            deadDir = options.Root + "/dl";
            badDir = options.Root + "/bad";
        }

        /// <summary>Pending (unacknowledged, not dead-lettered) notifications.</summary>
        public int Depth
        {
            get
            {
                lock (gate)
                {
                    return count;
                }
            }
        }

        public long PendingBytes
        {
            get
            {
                lock (gate)
                {
                    return pendingBytes;
                }
            }
        }

        public int DeadLetterCount
        {
            get
            {
                lock (gate)
                {
                    return deadCount;
                }
            }
        }

        public int QuarantinedCount
        {
            get
            {
                lock (gate)
                {
                    return badCount;
                }
            }
        }

        /// <summary>Records kept in flash: pending + dead letters + quarantined (what capacity counts).</summary>
        public int StoredCount
        {
            get
            {
                lock (gate)
                {
                    return count + deadCount + badCount;
                }
            }
        }

        /// <summary>Record bytes kept in flash (pending + dead letters + quarantined, plus rejection notes).</summary>
        public long StoredBytes
        {
            get
            {
                lock (gate)
                {
                    return pendingBytes + deadBytes + badBytes;
                }
            }
        }

        /// <summary>The oldest pending sequence number, or -1 when nothing is pending.</summary>
        public int HeadSequence
        {
            get
            {
                lock (gate)
                {
                    return count == 0 ? -1 : seqs[0];
                }
            }
        }

        /// <summary>Sequence numbers of the pending records, oldest first.</summary>
        public int[] PendingSequences()
        {
            lock (gate)
            {
                int[] result = new int[count];
                Array.Copy(seqs, result, count);
                return result;
            }
        }

        /// <summary>Amounts and times of the pending records (for the velocity guard at boot).</summary>
        public void PendingPayments(out long[] amountsOut, out long[] paidAtOut)
        {
            lock (gate)
            {
                amountsOut = new long[count];
                paidAtOut = new long[count];
                Array.Copy(amounts, amountsOut, count);
                Array.Copy(paidAts, paidAtOut, count);
            }
        }

        /// <summary>
        /// Boot recovery: rebuilds the queue in sequence order from flash. Uncommitted .tmp files are
        /// deleted; a record that fails any check is moved to quarantine (never accepted, never
        /// fatal); orphan rejection notes are removed. Returns what it found.
        /// </summary>
        public RecoveryReport Recover()
        {
            lock (gate)
            {
                RecoveryReport report = new RecoveryReport();
                count = 0;
                pendingBytes = 0;
                deadCount = 0;
                deadBytes = 0;
                badCount = 0;
                badBytes = 0;
                int maxSeq = 0;

                string[] names = store.List(queueDir);
                for (int i = 0; i < names.Length; i++)
                {
                    string name = names[i];
                    string path = queueDir + "/" + name;
                    int seq = Names.ParseHex8(name, 0);
                    if (seq > maxSeq)
                    {
                        maxSeq = seq;
                    }

                    if (Names.Is(name, ".tmp"))
                    {
                        store.Delete(path);
                        report.UncommittedRemoved++;
                        continue;
                    }

                    if (!Names.Is(name, ".rec"))
                    {
                        Quarantine(path, name, "unexpected file name", report);
                        continue;
                    }

                    byte[] file = store.Read(path);
                    string problem;
                    PaidNotification n = Decode(file, seq, out problem);
                    if (n == null)
                    {
                        Quarantine(path, name, problem, report);
                        continue;
                    }

                    Insert(seq, file.Length, n);
                    report.Recovered++;
                }

                names = store.List(deadDir);
                for (int i = 0; i < names.Length; i++)
                {
                    string name = names[i];
                    int seq = Names.ParseHex8(name, 0);
                    if (seq > maxSeq)
                    {
                        maxSeq = seq;
                    }

                    string path = deadDir + "/" + name;
                    if (Names.Is(name, ".why"))
                    {
                        if (!store.Exists(deadDir + "/" + name.Substring(0, 8) + ".rec"))
                        {
                            store.Delete(path); // an interrupted dead-lettering or retry left it behind
                        }
                        else
                        {
                            byte[] why = store.Read(path);
                            deadBytes += why == null ? 0 : why.Length;
                        }

                        continue;
                    }

                    byte[] file = Names.Is(name, ".rec") ? store.Read(path) : null;
                    string problem;
                    PaidNotification n = file == null ? null : Decode(file, seq, out problem);
                    if (n == null)
                    {
                        Quarantine(path, name, "dead letter unreadable", report);
                        continue;
                    }

                    deadCount++;
                    deadBytes += file.Length;
                    report.DeadLetters++;
                }

                names = store.List(badDir);
                for (int i = 0; i < names.Length; i++)
                {
                    int seq = Names.ParseHex8(names[i], 0);
                    if (seq > maxSeq)
                    {
                        maxSeq = seq;
                    }

                    byte[] file = store.Read(badDir + "/" + names[i]);
                    badCount++;
                    badBytes += file == null ? 0 : file.Length;
                }

                report.Quarantined = badCount;
                nextSeq = maxSeq + 1;
                return report;
            }
        }

        /// <summary>
        /// The pending record with this idempotency key, or -1. Dead letters count too (the payment
        /// is already stored, waiting for a technician), reported as a negative -(seq + 2).
        /// </summary>
        public int Find(string idempotencyKey)
        {
            lock (gate)
            {
                int hash = Names.Hash(idempotencyKey);
                for (int i = 0; i < count; i++)
                {
                    if (keyHashes[i] == hash)
                    {
                        PaidNotification n = ReadNotification(queueDir + "/" + Names.Hex8(seqs[i]) + ".rec", seqs[i]);
                        if (n != null && n.IdempotencyKey == idempotencyKey)
                        {
                            return seqs[i];
                        }
                    }
                }

                if (deadCount > 0)
                {
                    string[] names = store.List(deadDir);
                    for (int i = 0; i < names.Length; i++)
                    {
                        if (Names.Is(names[i], ".rec"))
                        {
                            int seq = Names.ParseHex8(names[i], 0);
                            PaidNotification n = ReadNotification(deadDir + "/" + names[i], seq);
                            if (n != null && n.IdempotencyKey == idempotencyKey)
                            {
                                return -(seq + 2);
                            }
                        }
                    }
                }

                return -1;
            }
        }

        /// <summary>
        /// Commits one notification (write .tmp, rename to .rec) and returns its sequence number.
        /// Capacity is the caller's decision (<see cref="NotificationOutbox"/>); this only writes. Throws
        /// <see cref="StoreException"/> when the store fails — then nothing was committed.
        /// </summary>
        public int Append(PaidNotification notification, byte[] payload)
        {
            lock (gate)
            {
                int seq = nextSeq++;
                byte[] record = OutboxRecord.Encode(OutboxRecord.KindNotification, (uint)seq, payload);
                string name = queueDir + "/" + Names.Hex8(seq);
                try
                {
                    store.Write(name + ".tmp", record, 0, record.Length);
                    store.Rename(name + ".tmp", name + ".rec");
                }
                catch (StoreException)
                {
                    TryDelete(name + ".tmp");
                    throw;
                }

                Insert(seq, record.Length, notification);
                return seq;
            }
        }

        /// <summary>
        /// Commits a notification straight into the dead-letter area with <paramref name="reason"/>
        /// (status 0: refused by the terminal, not by the server): write the note, write .tmp in
        /// the queue, rename it into dl/ (atomic). A cut leaves either nothing committed (an
        /// orphan note or .tmp, removed at recovery) or the dead letter. Returns its sequence.
        /// </summary>
        public int AppendDeadLetter(byte[] payload, string reason, long at)
        {
            lock (gate)
            {
                int seq = nextSeq++;
                string hex = Names.Hex8(seq);
                byte[] note = Note(seq, 0, reason, at);
                byte[] record = OutboxRecord.Encode(OutboxRecord.KindNotification, (uint)seq, payload);
                try
                {
                    store.Write(deadDir + "/" + hex + ".why", note, 0, note.Length);
                    store.Write(queueDir + "/" + hex + ".tmp", record, 0, record.Length);
                    store.Rename(queueDir + "/" + hex + ".tmp", deadDir + "/" + hex + ".rec");
                }
                catch (StoreException)
                {
                    TryDelete(queueDir + "/" + hex + ".tmp");
                    TryDelete(deadDir + "/" + hex + ".why");
                    throw;
                }

                deadCount++;
                deadBytes += record.Length + note.Length;
                return seq;
            }
        }

        /// <summary>Reads a pending record's payload for sending; null (and the reason) when it no longer passes its checks.</summary>
        public byte[] ReadPayload(int seq, out string problem)
        {
            lock (gate)
            {
                byte[] file = store.Read(queueDir + "/" + Names.Hex8(seq) + ".rec");
                problem = OutboxRecord.Check(file, OutboxRecord.KindNotification, (uint)seq);
                return problem == null ? OutboxRecord.Payload(file) : null;
            }
        }

        /// <summary>The merchant server acknowledged the record: delete it (atomic).</summary>
        public void Acknowledge(int seq)
        {
            lock (gate)
            {
                int index = IndexOf(seq);
                if (index < 0)
                {
                    return;
                }

                store.Delete(queueDir + "/" + Names.Hex8(seq) + ".rec");
                RemoveAt(index);
            }
        }

        /// <summary>Parks a permanently rejected record in the dead-letter area, with why.</summary>
        public void DeadLetter(int seq, int status, string reason, long at)
        {
            lock (gate)
            {
                int index = IndexOf(seq);
                if (index < 0)
                {
                    return;
                }

                byte[] note = Note(seq, status, reason, at);
                string hex = Names.Hex8(seq);
                store.Write(deadDir + "/" + hex + ".why", note, 0, note.Length);
                store.Rename(queueDir + "/" + hex + ".rec", deadDir + "/" + hex + ".rec");
                deadCount++;
                deadBytes += sizes[index] + note.Length;
                RemoveAt(index);
            }
        }

        /// <summary>Moves a pending record that no longer passes its checks to quarantine.</summary>
        public void QuarantinePending(int seq, string reason)
        {
            lock (gate)
            {
                int index = IndexOf(seq);
                if (index < 0)
                {
                    return;
                }

                string name = Names.Hex8(seq) + ".rec";
                RemoveAt(index);
                Quarantine(queueDir + "/" + name, name, reason, null);
            }
        }

        /// <summary>The dead letters, oldest first, with their rejection (for the console).</summary>
        public DeadLetter[] DeadLetters()
        {
            lock (gate)
            {
                ArrayList list = new ArrayList();
                string[] names = store.List(deadDir);
                for (int i = 0; i < names.Length; i++)
                {
                    if (!Names.Is(names[i], ".rec"))
                    {
                        continue;
                    }

                    int seq = Names.ParseHex8(names[i], 0);
                    DeadLetter letter = new DeadLetter();
                    letter.Sequence = seq;
                    letter.Notification = ReadNotification(deadDir + "/" + names[i], seq);
                    byte[] note = store.Read(deadDir + "/" + Names.Hex8(seq) + ".why");
                    if (OutboxRecord.Check(note, OutboxRecord.KindReason, (uint)seq) == null)
                    {
                        string error;
                        byte[] payload = OutboxRecord.Payload(note);
                        JsonObject o = JsonReader.Parse(payload, 0, payload.Length, out error);
                        if (o != null)
                        {
                            letter.Status = (int)o.GetLong("status", 0);
                            letter.Reason = o.GetString("reason");
                            letter.RejectedAt = o.GetLong("at", 0);
                        }
                    }

                    if (letter.Reason == null)
                    {
                        letter.Reason = "(rejection note unreadable)";
                    }

                    list.Add(letter);
                }

                return (DeadLetter[])list.ToArray(typeof(DeadLetter));
            }
        }

        /// <summary>Puts a dead letter back in the queue (at its original place by sequence). False when there is no such dead letter.</summary>
        public bool RetryDeadLetter(int seq)
        {
            lock (gate)
            {
                string hex = Names.Hex8(seq);
                string path = deadDir + "/" + hex + ".rec";
                byte[] file = store.Read(path);
                string problem;
                PaidNotification n = file == null ? null : Decode(file, seq, out problem);
                if (n == null)
                {
                    return false;
                }

                byte[] note = store.Read(deadDir + "/" + hex + ".why");
                store.Rename(path, queueDir + "/" + hex + ".rec");
                TryDelete(deadDir + "/" + hex + ".why");
                deadCount--;
                deadBytes -= file.Length + (note == null ? 0 : note.Length);
                Insert(seq, file.Length, n);
                return true;
            }
        }

        /// <summary>Deletes a dead letter on a technician's explicit request (after exporting it). False when absent.</summary>
        public bool DeleteDeadLetter(int seq)
        {
            lock (gate)
            {
                string hex = Names.Hex8(seq);
                byte[] file = store.Read(deadDir + "/" + hex + ".rec");
                if (file == null)
                {
                    return false;
                }

                byte[] note = store.Read(deadDir + "/" + hex + ".why");
                store.Delete(deadDir + "/" + hex + ".rec");
                TryDelete(deadDir + "/" + hex + ".why");
                deadCount--;
                deadBytes -= file.Length + (note == null ? 0 : note.Length);
                return true;
            }
        }

        /// <summary>Names of the quarantined files (unreadable records kept for inspection).</summary>
        public string[] Quarantined()
        {
            lock (gate)
            {
                return store.List(badDir);
            }
        }

        /// <summary>Raw bytes of a quarantined file (for export over the console), or null.</summary>
        public byte[] ReadQuarantined(string name)
        {
            lock (gate)
            {
                return store.Read(badDir + "/" + name);
            }
        }

        /// <summary>Deletes every quarantined file (technician's explicit request); returns how many.</summary>
        public int PurgeQuarantine()
        {
            lock (gate)
            {
                string[] names = store.List(badDir);
                for (int i = 0; i < names.Length; i++)
                {
                    store.Delete(badDir + "/" + names[i]);
                }

                badCount = 0;
                badBytes = 0;
                return names.Length;
            }
        }

        private static byte[] Note(int seq, int status, string reason, long at)
        {
            JsonWriter json = new JsonWriter(128);
            json.BeginObject();
            json.Number("status", status);
            json.String("reason", reason);
            json.Number("at", at);
            json.EndObject();
            return OutboxRecord.Encode(OutboxRecord.KindReason, (uint)seq, json.ToArray());
        }

        private PaidNotification Decode(byte[] file, int seq, out string problem)
        {
            problem = OutboxRecord.Check(file, OutboxRecord.KindNotification, (uint)seq);
            if (problem != null)
            {
                return null;
            }

            int length = OutboxRecord.PayloadLength(file);
            PaidNotification n = PaidNotification.FromJson(file, OutboxRecord.HeaderSize, length, out problem);
            if (n == null)
            {
                problem = "payload: " + problem;
            }

            return n;
        }

        private PaidNotification ReadNotification(string path, int seq)
        {
            string problem;
            byte[] file = store.Read(path);
            return file == null ? null : Decode(file, seq, out problem);
        }

        private void Quarantine(string path, string name, string reason, RecoveryReport report)
        {
            byte[] file = null;
            try
            {
                file = store.Read(path);
                string target = badDir + "/" + name;
                int n = 1;
                while (store.Exists(target))
                {
                    target = badDir + "/" + name + "-" + n.ToString();
                    n++;
                }

                store.Rename(path, target);
            }
            catch (StoreException)
            {
                // Could not move it: it stays where it is and is simply not accepted.
            }

            badCount++;
            badBytes += file == null ? 0 : file.Length;
            if (report != null)
            {
                report.NoteCorrupt(name, reason);
            }
        }

        private void TryDelete(string path)
        {
            try
            {
                store.Delete(path);
            }
            catch (StoreException)
            {
                // Recovery removes leftover .tmp files.
            }
        }

        private int IndexOf(int seq)
        {
            for (int i = 0; i < count; i++)
            {
                if (seqs[i] == seq)
                {
                    return i;
                }
            }

            return -1;
        }

        private void Insert(int seq, int size, PaidNotification n)
        {
            if (count == seqs.Length)
            {
                Grow();
            }

            int at = count;
            while (at > 0 && seqs[at - 1] > seq)
            {
                at--;
            }

            for (int i = count; i > at; i--)
            {
                seqs[i] = seqs[i - 1];
                sizes[i] = sizes[i - 1];
                keyHashes[i] = keyHashes[i - 1];
                amounts[i] = amounts[i - 1];
                paidAts[i] = paidAts[i - 1];
            }

            seqs[at] = seq;
            sizes[at] = size;
            keyHashes[at] = Names.Hash(n.IdempotencyKey);
            amounts[at] = n.TotalFee;
            paidAts[at] = n.PaidAt;
            count++;
            pendingBytes += size;
            if (seq >= nextSeq)
            {
                nextSeq = seq + 1;
            }
        }

        private void RemoveAt(int index)
        {
            pendingBytes -= sizes[index];
            for (int i = index; i < count - 1; i++)
            {
                seqs[i] = seqs[i + 1];
                sizes[i] = sizes[i + 1];
                keyHashes[i] = keyHashes[i + 1];
                amounts[i] = amounts[i + 1];
                paidAts[i] = paidAts[i + 1];
            }

            count--;
        }

        private void Grow()
        {
            int size = seqs.Length * 2;
            int[] s = new int[size];
            int[] z = new int[size];
            int[] k = new int[size];
            long[] a = new long[size];
            long[] p = new long[size];
            Array.Copy(seqs, s, count);
            Array.Copy(sizes, z, count);
            Array.Copy(keyHashes, k, count);
            Array.Copy(amounts, a, count);
            Array.Copy(paidAts, p, count);
            seqs = s;
            sizes = z;
            keyHashes = k;
            amounts = a;
            paidAts = p;
        }
    }
}
