using System;
using System.Collections;
using Terminal.Core.Ports;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// The durable queue of notifications on the file store (format 2, docs/storage.md "Outbox"):
    /// record frames (<see cref="OutboxRecord"/>) packed into segment files of one LittleFS block
    /// (<see cref="Segment"/>), all in one folder:
    /// <code>
    /// outbox/NNNNNNNN.tmp    a segment being written (never committed: deleted at recovery)
    /// outbox/NNNNNNNN.seg    pending notifications (frames of kind 1)
    /// outbox/NNNNNNNN.dead   dead letters: each a notification frame and its rejection note (kind 3)
    /// outbox/NNNNNNNN[-k].bad quarantined bytes: damaged frames or headers, kept for the technician
    /// </code>
    /// N is drawn from the sequence counter, so every file name is new. Commit = write the open
    /// segment's pending records plus the new one as a new .tmp, rename it, delete the segment it
    /// replaces. Acknowledge = delete the segment when it was its last pending record, else add
    /// the sequence to outbox/acked (a list of a few hundred bytes at most, which LittleFS keeps
    /// inline in the folder's metadata: no block is written); the next rewrite of that segment
    /// drops the record. A record in a dead-letter segment is dead wherever else it appears. Format-1 files (one record per file under q/, dl/, bad/) are migrated at recovery.
    /// Memory: a few parallel arrays per pending record; payloads stay in flash until sent.
    /// Thread-safe: every public member takes one lock.
    /// </summary>
    public sealed class OutboxStore
    {
        private const string SegExt = ".seg";
        private const string DeadExt = ".dead";
        private const string TmpExt = ".tmp";
        private const string BadExt = ".bad";
        private const string AckedName = "acked";

        private readonly object gate = new object();
        private readonly IFileStore store;
        private readonly string root;
        private readonly OutboxOptions options;

        // Pending records in sequence order, with the segment file that holds each: 16 bytes a
        // record, grown by IndexStep slots (no doubling: a full default outbox needs 112 slots).
        private const int IndexStep = 16;
        private int[] seqs = new int[IndexStep];
        private int[] segs = new int[IndexStep];
        private int[] sizes = new int[IndexStep];
        private int[] keyHashes = new int[IndexStep];
        private int count;

        // During Recover only: the velocity window that each recovered payment is counted in.
        private RiskControl seeding;
        private long seedingNow;
        private long pendingBytes;
        private int openQueue = -1;

        // Acknowledged records still inside a segment that holds pending ones (persisted in "acked").
        private int[] acked = new int[8];
        private int[] ackedSegs = new int[8];
        private int ackedCount;

        // Dead letters (rare): sequence and key hash of each, rebuilt from flash after each change.
        private int[] deadSeqs = new int[0];
        private int[] deadHashes = new int[0];
        private long deadBytes;
        private int openDead = -1;

        private int badCount;
        private long badBytes;
        private int nextSeq = 1;

        public OutboxStore(IFileStore store, OutboxOptions options)
        {
            this.store = store;
            this.options = options;
            root = options.Root;
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
                    return deadSeqs.Length;
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
                    return count + deadSeqs.Length + badCount;
                }
            }
        }

        /// <summary>Record bytes kept in flash (pending + dead letters with their notes + quarantined bytes).</summary>
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

        /// <summary>Segment files holding pending records (for the flash figures).</summary>
        public int SegmentCount
        {
            get
            {
                lock (gate)
                {
                    int n = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (FirstIndexOfSegment(segs[i]) == i)
                        {
                            n++;
                        }
                    }

                    return n;
                }
            }
        }

        /// <summary>
        /// Bytes the next commit writes for a record of <paramref name="recordBytes"/>: the open
        /// segment's pending records and the new one (or a new segment when it would not fit).
        /// The store must have room for this beside what it keeps (the old segment is deleted after).
        /// </summary>
        public int NextCommitBytes(int recordBytes)
        {
            lock (gate)
            {
                int live = openQueue < 0 ? 0 : LiveBytes(openQueue);
                int size = Segment.HeaderSize + live + recordBytes;
                return size <= Segment.MaxBytes ? size : Segment.HeaderSize + recordBytes;
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

        /// <summary>
        /// Boot recovery: deletes uncommitted .tmp files and segments a newer one replaces, rebuilds
        /// the dead letters and the queue in sequence order, moves damaged bytes to quarantine
        /// (never accepted, never fatal) and migrates format-1 files. Returns what it found.
        /// </summary>
        public RecoveryReport Recover()
        {
            return Recover(null, 0);
        }

        /// <summary>
        /// <see cref="Recover()"/>, counting each recovered payment in <paramref name="velocity"/>'s
        /// window (<see cref="RiskControl.Seed(long, long, long, int)"/> at <paramref name="now"/>,
        /// Unix seconds) as it is read, so the index keeps no amounts or times for it.
        /// </summary>
        public RecoveryReport Recover(RiskControl velocity, long now)
        {
            lock (gate)
            {
                seeding = velocity;
                seedingNow = now;
                try
                {
                    // The recovery's steps inline, not in a helper: one frame less while each segment is decoded (docs/performance.md "Heap").
                    RecoveryReport report = new RecoveryReport();
                    count = 0;
                    pendingBytes = 0;
                    openQueue = -1;
                    ackedCount = 0;
                    badCount = 0;
                    badBytes = 0;
                    int maxSeq = 0;

                    string[] names = store.List(root);
                    int queueCount = 0;
                    int deadCount = 0;
                    for (int i = 0; i < names.Length; i++)
                    {
                        string name = names[i];
                        int n = Names.ParseHex8(name, 0);
                        if (n > maxSeq)
                        {
                            maxSeq = n;
                        }

                        if (Names.Is(name, TmpExt))
                        {
                            store.Delete(root + "/" + name);
                            report.UncommittedRemoved++;
                            names[i] = null;
                        }
                        else if (Names.Is(name, SegExt))
                        {
                            queueCount++;
                        }
                        else if (Names.Is(name, DeadExt))
                        {
                            deadCount++;
                        }
                        else if (IsBad(name))
                        {
                            byte[] file = store.Read(root + "/" + name);
                            badCount++;
                            badBytes += file == null ? 0 : file.Length;
                        }
                    }

                    maxSeq = Max(maxSeq, Version1.HighestNumber(store, root));
                    nextSeq = maxSeq + 1;

                    // Newest first: a segment always has a higher number than the one it replaces.
                    int[] queue = Numbers(names, SegExt, queueCount);
                    int[] dead = Numbers(names, DeadExt, deadCount);
                    names = null; // the listing: not needed while the segments are read
                    ResolveReplaced(queue, dead);
                    for (int i = dead.Length - 1; i >= 0; i--)
                    {
                        if (dead[i] > 0)
                        {
                            CheckDeadSegment(dead[i], report);
                        }
                    }

                    LoadDead();
                    int[] acknowledged = LoadAcked();
                    for (int i = queue.Length - 1; i >= 0; i--)
                    {
                        if (queue[i] > 0)
                        {
                            LoadQueueSegment(queue[i], acknowledged, report);
                        }
                    }

                    Version1.Migrate(this, store, root, report);
                    report.Recovered = count;
                    report.DeadLetters = deadSeqs.Length;
                    report.Quarantined = badCount;
                    return report;
                }
                finally
                {
                    seeding = null;
                }
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
                        byte[] payload = ReadFramePayload(segs[i], SegExt, Segment.KindQueue, seqs[i]);
                        if (KeyOf(payload) == idempotencyKey)
                        {
                            return seqs[i];
                        }
                    }
                }

                for (int i = 0; i < deadHashes.Length; i++)
                {
                    if (deadHashes[i] == hash)
                    {
                        DeadLetter letter = FindDead(deadSeqs[i]);
                        if (letter != null && letter.Notification != null && letter.Notification.IdempotencyKey == idempotencyKey)
                        {
                            return -(deadSeqs[i] + 2);
                        }
                    }
                }

                return -1;
            }
        }

        /// <summary>
        /// Commits one notification (new segment content as .tmp, rename, delete the replaced
        /// segment) and returns its sequence number. Capacity is the caller's decision
        /// (<see cref="NotificationOutbox"/>); this only writes. Throws <see cref="StoreException"/>
        /// when the store fails — then nothing was committed.
        /// </summary>
        public int Append(PaidNotification notification, byte[] payload)
        {
            lock (gate)
            {
                int seq = nextSeq++;
                AddToQueue(seq, OutboxRecord.Encode(OutboxRecord.KindNotification, (uint)seq, payload), notification, seq);
                return seq;
            }
        }

        /// <summary>
        /// Commits a notification straight into the dead-letter area with <paramref name="reason"/>
        /// (status 0: refused by the terminal, not by the server), in one segment commit: a cut
        /// leaves either nothing committed (a .tmp, removed at recovery) or the dead letter.
        /// Returns its sequence.
        /// </summary>
        public int AppendDeadLetter(byte[] payload, string reason, long at)
        {
            lock (gate)
            {
                int seq = nextSeq++;
                AddToDead(OutboxRecord.Encode(OutboxRecord.KindNotification, (uint)seq, payload), Note(seq, 0, reason, at), seq);
                return seq;
            }
        }

        /// <summary>Reads a pending record's payload for sending; null (and the reason) when it no longer passes its checks.</summary>
        public byte[] ReadPayload(int seq, out string problem)
        {
            lock (gate)
            {
                int index = IndexOf(seq);
                byte[] payload = index < 0 ? null : ReadFramePayload(segs[index], SegExt, Segment.KindQueue, seq);
                problem = payload == null ? "missing or damaged in its segment" : null;
                return payload;
            }
        }

        /// <summary>
        /// The merchant server acknowledged the record. It leaves the queue; its segment is deleted
        /// (atomic) once none of its records is pending.
        /// </summary>
        public void Acknowledge(int seq)
        {
            lock (gate)
            {
                int index = IndexOf(seq);
                if (index < 0)
                {
                    return;
                }

                int segment = segs[index];
                if (CountInSegment(segment) == 1)
                {
                    store.Delete(PathOf(segment, SegExt));
                    DropAcked(segment);
                    if (segment == openQueue)
                    {
                        openQueue = -1;
                    }
                }
                else
                {
                    AddAcked(seq, segment);
                    try
                    {
                        WriteAcked();
                    }
                    catch (StoreException)
                    {
                        ackedCount--; // still pending: sent again, answered "duplicate"
                        throw;
                    }
                }

                RemoveAt(index);
            }
        }

        /// <summary>
        /// Parks a permanently rejected record with why: committed into the dead-letter segment
        /// first (from then on it is dead, wherever else it appears), then it leaves the queue.
        /// </summary>
        public void DeadLetter(int seq, int status, string reason, long at)
        {
            lock (gate)
            {
                int index = IndexOf(seq);
                if (index < 0)
                {
                    return;
                }

                int segment = segs[index];
                byte[] file = store.Read(PathOf(segment, SegExt));
                int length;
                int frame = FindFrame(file, Segment.KindQueue, OutboxRecord.KindNotification, seq, out length);
                if (frame < 0)
                {
                    RemoveAt(index);
                    Repair(segment, SegExt, seq, "dead-lettering: record damaged", null);
                    return;
                }

                byte[] record = new byte[length];
                Array.Copy(file, frame, record, 0, length);
                file = null;
                AddToDead(record, Note(seq, status, reason, at), nextSeq++);
                ForgetPending(index);
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

                int segment = segs[index];
                RemoveAt(index);
                Repair(segment, SegExt, seq, reason, null);
            }
        }

        /// <summary>The dead letters, oldest first, with their rejection (for the console).</summary>
        public DeadLetter[] DeadLetters()
        {
            lock (gate)
            {
                DeadLetter[] result = new DeadLetter[deadSeqs.Length];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = FindDead(deadSeqs[i]);
                    if (result[i] == null)
                    {
                        result[i] = new DeadLetter();
                        result[i].Sequence = deadSeqs[i];
                        result[i].Reason = "(unreadable)";
                    }
                }

                return result;
            }
        }

        /// <summary>Puts a dead letter back in the queue (at its original place by sequence). False when there is no such dead letter.</summary>
        public bool RetryDeadLetter(int seq)
        {
            lock (gate)
            {
                int segment;
                byte[] record = DeadRecord(seq, out segment);
                string problem;
                PaidNotification n = record == null ? null : PaidNotification.FromJson(record, OutboxRecord.HeaderSize, OutboxRecord.PayloadLength(record), out problem);
                if (n == null || IndexOf(seq) >= 0)
                {
                    return false;
                }

                // Queue first, then leave the dead letters: a cut between leaves it dead (retry undone).
                AddToQueue(seq, record, n, nextSeq++);
                RemoveDead(segment, seq);
                return true;
            }
        }

        /// <summary>Deletes a dead letter on a technician's explicit request (after exporting it). False when absent.</summary>
        public bool DeleteDeadLetter(int seq)
        {
            lock (gate)
            {
                int segment;
                if (DeadRecord(seq, out segment) == null)
                {
                    return false;
                }

                RemoveDead(segment, seq);
                return true;
            }
        }

        /// <summary>Names of the quarantined files (damaged bytes kept for inspection).</summary>
        public string[] Quarantined()
        {
            lock (gate)
            {
                string[] names = store.List(root);
                int n = 0;
                for (int i = 0; i < names.Length; i++)
                {
                    if (IsBad(names[i]))
                    {
                        names[n++] = names[i];
                    }
                }

                string[] result = new string[n];
                Array.Copy(names, result, n);
                return result;
            }
        }

        /// <summary>Raw bytes of a quarantined file (for export over the console), or null.</summary>
        public byte[] ReadQuarantined(string name)
        {
            lock (gate)
            {
                return IsBad(name) ? store.Read(root + "/" + name) : null;
            }
        }

        /// <summary>Deletes every quarantined file (technician's explicit request); returns how many.</summary>
        public int PurgeQuarantine()
        {
            lock (gate)
            {
                string[] names = Quarantined();
                for (int i = 0; i < names.Length; i++)
                {
                    store.Delete(root + "/" + names[i]);
                }

                badCount = 0;
                badBytes = 0;
                return names.Length;
            }
        }

        // ---- used by the format-1 migration (under the lock) ----

        internal int TakeNumber()
        {
            return nextSeq++;
        }

        internal bool Holds(int seq)
        {
            return IndexOf(seq) >= 0 || IsDead(seq);
        }

        /// <summary>Commits format-1 records (whole frames, all valid) as one new segment.</summary>
        internal void AddMigrated(ArrayList frames, ArrayList notifications)
        {
            int size = Segment.HeaderSize;
            for (int i = 0; i < frames.Count; i++)
            {
                size += ((byte[])frames[i]).Length;
            }

            byte[] data = Segment.New(size, Segment.KindQueue, 0);
            int at = Segment.HeaderSize;
            for (int i = 0; i < frames.Count; i++)
            {
                byte[] frame = (byte[])frames[i];
                Array.Copy(frame, 0, data, at, frame.Length);
                at += frame.Length;
            }

            int number = nextSeq++;
            WriteSegment(number, SegExt, 0, data);
            for (int i = 0; i < frames.Count; i++)
            {
                byte[] frame = (byte[])frames[i];
                Insert(OutboxRecord.SequenceAt(frame, 0), number, frame.Length, (PaidNotification)notifications[i]);
            }
        }

        internal void AddMigratedDead(byte[] record, byte[] note)
        {
            AddToDead(record, note, nextSeq++);
        }

        /// <summary>Moves a file into quarantine under a new name (format-1 migration); counts it.</summary>
        internal void QuarantineFile(string path, int number, string reason, RecoveryReport report)
        {
            byte[] file = store.Read(path);
            string name = FreeBadName(number);
            try
            {
                store.Rename(path, root + "/" + name);
            }
            catch (StoreException)
            {
                return; // stays where it is and is not accepted; the next boot tries again
            }

            badCount++;
            badBytes += file == null ? 0 : file.Length;
            if (report != null)
            {
                report.NoteCorrupt(name, reason);
            }
        }

        internal static byte[] Note(int seq, int status, string reason, long at)
        {
            JsonWriter json = new JsonWriter(128);
            json.BeginObject();
            json.Number("status", status);
            json.String("reason", reason);
            json.Number("at", at);
            json.EndObject();
            return OutboxRecord.Encode(OutboxRecord.KindReason, (uint)seq, json.ToArray());
        }

        // ---- segments ----

        private string PathOf(int number, string extension)
        {
            return root + "/" + Names.Hex8(number) + extension;
        }

        /// <summary>Writes a new segment file (as .tmp, then renamed), then deletes the one it replaces.</summary>
        private void WriteSegment(int number, string extension, int replaces, byte[] data)
        {
            string temporary = PathOf(number, TmpExt);
            try
            {
                store.Write(temporary, data, 0, data.Length);
                store.Rename(temporary, PathOf(number, extension));
            }
            catch (StoreException)
            {
                TryDelete(temporary);
                throw;
            }

            if (replaces > 0)
            {
                TryDelete(PathOf(replaces, extension)); // else recovery deletes it: the new one names it
            }
        }

        /// <summary>Commits <paramref name="frame"/> into the open segment (rewritten as file <paramref name="number"/>) or a new one.</summary>
        private void AddToQueue(int seq, byte[] frame, PaidNotification n, int number)
        {
            byte[] data = null;
            int replaces = 0;
            if (openQueue >= 0)
            {
                int live = LiveBytes(openQueue);
                if (Segment.HeaderSize + live + frame.Length <= Segment.MaxBytes)
                {
                    data = Compose(openQueue, live, frame);
                    replaces = data == null ? 0 : openQueue;
                }
            }

            if (data == null)
            {
                data = Segment.New(Segment.HeaderSize + frame.Length, Segment.KindQueue, 0);
                Array.Copy(frame, 0, data, Segment.HeaderSize, frame.Length);
            }

            WriteSegment(number, SegExt, replaces, data);
            if (replaces > 0)
            {
                DropAcked(replaces); // the new content left them out
                for (int i = 0; i < count; i++)
                {
                    if (segs[i] == replaces)
                    {
                        segs[i] = number;
                    }
                }
            }

            Insert(seq, number, frame.Length, n);
            openQueue = number;
        }

        /// <summary>The open segment's pending frames followed by <paramref name="frame"/>; null when a pending frame no longer reads back.</summary>
        private byte[] Compose(int segment, int live, byte[] frame)
        {
            byte[] old = store.Read(PathOf(segment, SegExt));
            if (old == null)
            {
                return null;
            }

            byte[] data = Segment.New(Segment.HeaderSize + live + frame.Length, Segment.KindQueue, segment);
            int at = Segment.HeaderSize;
            int p = Segment.FirstFrame(old, Segment.KindQueue);
            while (p < old.Length)
            {
                int length;
                p = Segment.NextFrame(old, p, out length);
                if (length == 0)
                {
                    break;
                }

                int index = IndexOf(OutboxRecord.SequenceAt(old, p));
                if (OutboxRecord.KindAt(old, p) == OutboxRecord.KindNotification && index >= 0 && segs[index] == segment && length == sizes[index] && at + length <= data.Length - frame.Length)
                {
                    Array.Copy(old, p, data, at, length);
                    at += length;
                }

                p += length;
            }

            if (at != Segment.HeaderSize + live)
            {
                return null; // a pending frame is damaged: leave that segment as it is (quarantined when sent)
            }

            Array.Copy(frame, 0, data, at, frame.Length);
            return data;
        }

        /// <summary>Commits a dead letter (record and note frames) into the open dead-letter segment or a new one.</summary>
        private void AddToDead(byte[] record, byte[] note, int number)
        {
            byte[] old = openDead >= 0 ? store.Read(PathOf(openDead, DeadExt)) : null;
            if (old != null && (!Segment.HeaderValid(old, Segment.KindDead) || old.Length + record.Length + note.Length > Segment.MaxBytes))
            {
                old = null;
            }

            int keep = old == null ? 0 : old.Length - Segment.HeaderSize;
            byte[] data = Segment.New(Segment.HeaderSize + keep + record.Length + note.Length, Segment.KindDead, old == null ? 0 : openDead);
            if (old != null)
            {
                Array.Copy(old, Segment.HeaderSize, data, Segment.HeaderSize, keep);
            }

            Array.Copy(record, 0, data, Segment.HeaderSize + keep, record.Length);
            Array.Copy(note, 0, data, Segment.HeaderSize + keep + record.Length, note.Length);
            WriteSegment(number, DeadExt, old == null ? 0 : openDead, data);
            LoadDead();
        }

        /// <summary>Rewrites dead-letter segment <paramref name="segment"/> without <paramref name="seq"/> (deletes it when nothing is left).</summary>
        private void RemoveDead(int segment, int seq)
        {
            byte[] old = store.Read(PathOf(segment, DeadExt));
            if (old == null)
            {
                LoadDead();
                return;
            }

            byte[] data = new byte[old.Length];
            int at = Segment.HeaderSize;
            int p = Segment.FirstFrame(old, Segment.KindDead);
            while (p < old.Length)
            {
                int length;
                p = Segment.NextFrame(old, p, out length);
                if (length == 0)
                {
                    break;
                }

                if (OutboxRecord.SequenceAt(old, p) != seq)
                {
                    Array.Copy(old, p, data, at, length);
                    at += length;
                }

                p += length;
            }

            if (at == Segment.HeaderSize)
            {
                store.Delete(PathOf(segment, DeadExt));
            }
            else
            {
                byte[] trimmed = Segment.New(at, Segment.KindDead, segment);
                Array.Copy(data, Segment.HeaderSize, trimmed, Segment.HeaderSize, at - Segment.HeaderSize);
                WriteSegment(nextSeq++, DeadExt, segment, trimmed);
            }

            LoadDead();
        }

        /// <summary>
        /// Rewrites a segment after damage: pending frames (queue) or readable dead letters (dead)
        /// are kept in a new file that replaces it; damaged bytes, frames that do not decode and
        /// <paramref name="quarantineSeq"/>'s frame go to a .bad file; anything else (acknowledged,
        /// stale copies) is dropped.
        /// </summary>
        private void Repair(int segment, string extension, int quarantineSeq, string reason, RecoveryReport report)
        {
            bool queue = extension == SegExt;
            byte kind = queue ? Segment.KindQueue : Segment.KindDead;
            byte[] old = store.Read(PathOf(segment, extension));
            if (old == null)
            {
                return;
            }

            byte[] kept = new byte[old.Length];
            byte[] bad = new byte[old.Length];
            int keptLength = Segment.HeaderSize;
            int badLength = 0;
            int lastKept = -1;
            int p = Segment.FirstFrame(old, kind);
            while (p < old.Length)
            {
                int length;
                int frame = Segment.NextFrame(old, p, out length);
                Array.Copy(old, p, bad, badLength, frame - p);
                badLength += frame - p;
                if (length == 0)
                {
                    break;
                }

                int seq = OutboxRecord.SequenceAt(old, frame);
                byte frameKind = OutboxRecord.KindAt(old, frame);
                int keep; // 1 keep, 0 drop, -1 quarantine
                if (frameKind == OutboxRecord.KindReason && !queue)
                {
                    keep = seq == lastKept ? 1 : -1;
                }
                else if (frameKind != OutboxRecord.KindNotification || seq == quarantineSeq || Decode(old, frame) == null)
                {
                    keep = -1;
                }
                else if (queue)
                {
                    int index = IndexOf(seq);
                    keep = index >= 0 && segs[index] == segment && seq != lastKept ? 1 : 0;
                }
                else
                {
                    keep = 1;
                }

                if (keep > 0)
                {
                    Array.Copy(old, frame, kept, keptLength, length);
                    keptLength += length;
                    lastKept = seq;
                }
                else if (keep < 0)
                {
                    Array.Copy(old, frame, bad, badLength, length);
                    badLength += length;
                }

                p = frame + length;
            }

            old = null;
            if (badLength > 0)
            {
                string name = FreeBadName(segment);
                try
                {
                    store.Write(root + "/" + name, bad, 0, badLength);
                    badCount++;
                    badBytes += badLength;
                    if (report != null)
                    {
                        report.NoteCorrupt(name, reason);
                    }
                }
                catch (StoreException)
                {
                    // Evidence not kept (flash full or failing); the valid records still are.
                }
            }

            bad = null;
            if (queue)
            {
                DropAcked(segment);
            }

            if (keptLength == Segment.HeaderSize)
            {
                store.Delete(PathOf(segment, extension));
                if (segment == openQueue)
                {
                    openQueue = -1;
                }
            }
            else
            {
                byte[] data = Segment.New(keptLength, kind, segment);
                Array.Copy(kept, Segment.HeaderSize, data, Segment.HeaderSize, keptLength - Segment.HeaderSize);
                int number = nextSeq++;
                WriteSegment(number, extension, segment, data);
                for (int i = 0; i < count; i++)
                {
                    if (segs[i] == segment)
                    {
                        segs[i] = number;
                    }
                }

                if (segment == openQueue)
                {
                    openQueue = number;
                }
            }

            if (!queue)
            {
                LoadDead();
            }
        }

        /// <summary>Deletes the segments that a newer segment (with a valid header) replaces; marks them 0.</summary>
        private void ResolveReplaced(int[] queue, int[] dead)
        {
            ResolveReplaced(queue, SegExt, Segment.KindQueue);
            ResolveReplaced(dead, DeadExt, Segment.KindDead);
        }

        private void ResolveReplaced(int[] numbers, string extension, byte kind)
        {
            for (int i = numbers.Length - 1; i >= 0; i--)
            {
                if (numbers[i] <= 0)
                {
                    continue;
                }

                byte[] file = store.Read(PathOf(numbers[i], extension));
                int replaced = Segment.HeaderValid(file, kind) ? Segment.Replaces(file) : 0;
                for (int j = 0; j < i && replaced > 0; j++)
                {
                    if (numbers[j] == replaced)
                    {
                        store.Delete(PathOf(replaced, extension));
                        numbers[j] = 0;
                    }
                }
            }
        }

        /// <summary>Recovery of a dead-letter segment: repaired when anything in it is damaged.</summary>
        private void CheckDeadSegment(int segment, RecoveryReport report)
        {
            byte[] file = store.Read(PathOf(segment, DeadExt));
            if (file != null && !Damaged(file, Segment.KindDead))
            {
                return;
            }

            file = null;
            Repair(segment, DeadExt, -1, "dead-letter segment damaged", report);
        }

        /// <summary>Recovery of a queue segment: its pending records join the queue (dead ones and duplicates skipped); damage is repaired.</summary>
        private void LoadQueueSegment(int segment, int[] acknowledged, RecoveryReport report)
        {
            byte[] file = store.Read(PathOf(segment, SegExt));
            if (file == null)
            {
                return;
            }

            bool damaged = !Segment.HeaderValid(file, Segment.KindQueue);
            int p = Segment.FirstFrame(file, Segment.KindQueue);
            while (p < file.Length)
            {
                int length;
                int frame = Segment.NextFrame(file, p, out length);
                if (frame > p)
                {
                    damaged = true;
                }

                if (length == 0)
                {
                    break;
                }

                int seq = OutboxRecord.SequenceAt(file, frame);
                string error; // FromJson called here, not through Decode: one frame less (docs/performance.md "Heap")
                PaidNotification n = OutboxRecord.KindAt(file, frame) == OutboxRecord.KindNotification
                    ? PaidNotification.FromJson(file, frame + OutboxRecord.HeaderSize, OutboxRecord.PayloadLengthAt(file, frame), out error)
                    : null;
                if (n == null)
                {
                    damaged = true;
                }
                else if (Position(acknowledged, acknowledged.Length, seq) >= 0)
                {
                    AddAcked(seq, segment);
                }
                else if (IndexOf(seq) < 0 && !IsDead(seq))
                {
                    Insert(seq, segment, length, n);
                }

                p = frame + length;
            }

            file = null;
            if (damaged)
            {
                Repair(segment, SegExt, -1, "segment damaged", report);
            }
            else if (CountInSegment(segment) == 0)
            {
                store.Delete(PathOf(segment, SegExt)); // only acknowledged, dead or duplicate records left
                DropAcked(segment);
            }
            else if (segment > openQueue)
            {
                openQueue = segment;
            }
        }

        private static bool Damaged(byte[] file, byte kind)
        {
            if (!Segment.HeaderValid(file, kind))
            {
                return true;
            }

            int p = Segment.HeaderSize;
            int last = -1;
            while (p < file.Length)
            {
                int length;
                int frame = Segment.NextFrame(file, p, out length);
                if (frame > p || length == 0)
                {
                    return true;
                }

                byte frameKind = OutboxRecord.KindAt(file, frame);
                int seq = OutboxRecord.SequenceAt(file, frame);
                if (frameKind == OutboxRecord.KindNotification && Decode(file, frame) != null)
                {
                    last = seq;
                }
                else if (frameKind != OutboxRecord.KindReason || seq != last)
                {
                    return true;
                }

                p = frame + length;
            }

            return false;
        }

        /// <summary>Rebuilds the dead-letter table (sequence, key hash, bytes, open segment) from the dead-letter segments.</summary>
        private void LoadDead()
        {
            string[] names = store.List(root);
            int[] s = new int[8];
            int[] h = new int[8];
            int n = 0;
            deadBytes = 0;
            openDead = -1;
            for (int i = 0; i < names.Length; i++)
            {
                if (!Names.Is(names[i], DeadExt))
                {
                    continue;
                }

                int segment = Names.ParseHex8(names[i], 0);
                openDead = segment;
                byte[] file = store.Read(root + "/" + names[i]);
                if (file == null)
                {
                    continue;
                }

                int p = Segment.FirstFrame(file, Segment.KindDead);
                int last = -1;
                while (p < file.Length)
                {
                    int length;
                    p = Segment.NextFrame(file, p, out length);
                    if (length == 0)
                    {
                        break;
                    }

                    int seq = OutboxRecord.SequenceAt(file, p);
                    PaidNotification note = OutboxRecord.KindAt(file, p) == OutboxRecord.KindNotification ? Decode(file, p) : null;
                    if (note != null && Position(s, n, seq) < 0)
                    {
                        if (n == s.Length)
                        {
                            s = Grow(s, n);
                            h = Grow(h, n);
                        }

                        s[n] = seq;
                        h[n] = Names.Hash(note.IdempotencyKey);
                        n++;
                        last = seq;
                        deadBytes += length;
                    }
                    else if (OutboxRecord.KindAt(file, p) == OutboxRecord.KindReason && seq == last)
                    {
                        deadBytes += length;
                    }

                    p += length;
                }
            }

            deadSeqs = new int[n];
            deadHashes = new int[n];
            Array.Copy(s, deadSeqs, n);
            Array.Copy(h, deadHashes, n);
            SortTogether(deadSeqs, deadHashes);
            if (n > 0 && deadSeqs[n - 1] >= nextSeq)
            {
                nextSeq = deadSeqs[n - 1] + 1;
            }
        }

        /// <summary>A dead letter with its note, read from flash; null when absent.</summary>
        private DeadLetter FindDead(int seq)
        {
            int segment;
            byte[] record = DeadRecord(seq, out segment);
            if (record == null)
            {
                return null;
            }

            DeadLetter letter = new DeadLetter();
            letter.Sequence = seq;
            letter.Notification = Decode(record, 0);
            byte[] file = store.Read(PathOf(segment, DeadExt));
            int length;
            int at = FindFrame(file, Segment.KindDead, OutboxRecord.KindReason, seq, out length);
            if (at >= 0)
            {
                string error;
                JsonObject o = JsonReader.Parse(file, at + OutboxRecord.HeaderSize, OutboxRecord.PayloadLengthAt(file, at), out error);
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

            return letter;
        }

        /// <summary>The notification frame of dead letter <paramref name="seq"/> and the segment holding it; null when absent.</summary>
        private byte[] DeadRecord(int seq, out int segment)
        {
            segment = -1;
            if (!IsDead(seq))
            {
                return null;
            }

            string[] names = store.List(root);
            for (int i = 0; i < names.Length; i++)
            {
                if (!Names.Is(names[i], DeadExt))
                {
                    continue;
                }

                byte[] file = store.Read(root + "/" + names[i]);
                int length;
                int at = FindFrame(file, Segment.KindDead, OutboxRecord.KindNotification, seq, out length);
                if (at >= 0)
                {
                    segment = Names.ParseHex8(names[i], 0);
                    byte[] record = new byte[length];
                    Array.Copy(file, at, record, 0, length);
                    return record;
                }
            }

            return null;
        }

        /// <summary>Offset of the valid frame of <paramref name="frameKind"/> and <paramref name="seq"/> in a segment, or -1.</summary>
        private static int FindFrame(byte[] file, byte segmentKind, byte frameKind, int seq, out int length)
        {
            length = 0;
            if (file == null)
            {
                return -1;
            }

            int p = Segment.FirstFrame(file, segmentKind);
            while (p < file.Length)
            {
                p = Segment.NextFrame(file, p, out length);
                if (length == 0)
                {
                    return -1;
                }

                if (OutboxRecord.KindAt(file, p) == frameKind && OutboxRecord.SequenceAt(file, p) == seq)
                {
                    return p;
                }

                p += length;
            }

            return -1;
        }

        private byte[] ReadFramePayload(int segment, string extension, byte segmentKind, int seq)
        {
            byte[] file = store.Read(PathOf(segment, extension));
            int length;
            int at = FindFrame(file, segmentKind, OutboxRecord.KindNotification, seq, out length);
            if (at < 0)
            {
                return null;
            }

            byte[] payload = new byte[length - OutboxRecord.Overhead];
            Array.Copy(file, at + OutboxRecord.HeaderSize, payload, 0, payload.Length);
            return payload;
        }

        private static string KeyOf(byte[] payload)
        {
            if (payload == null)
            {
                return null;
            }

            string error;
            PaidNotification n = PaidNotification.FromJson(payload, 0, payload.Length, out error);
            return n == null ? null : n.IdempotencyKey;
        }

        /// <summary>The notification in the (valid) frame at <paramref name="at"/>, or null when its payload does not decode.</summary>
        private static PaidNotification Decode(byte[] data, int at)
        {
            string error;
            return PaidNotification.FromJson(data, at + OutboxRecord.HeaderSize, OutboxRecord.PayloadLengthAt(data, at), out error);
        }

        private string FreeBadName(int number)
        {
            string name = Names.Hex8(number) + BadExt;
            int k = 1;
            while (store.Exists(root + "/" + name))
            {
                k++;
                name = Names.Hex8(number) + "-" + k.ToString() + BadExt;
            }

            return name;
        }

        private static bool IsBad(string name)
        {
            return name.Length >= 12 && Names.ParseHex8(name, 0) >= 0 && name.EndsWith(BadExt);
        }

        private void TryDelete(string path)
        {
            try
            {
                store.Delete(path);
            }
            catch (StoreException)
            {
                // Recovery removes leftover .tmp files and replaced segments.
            }
        }

        // ---- acknowledged records inside segments ----

        /// <summary>The sequences in outbox/acked (none when it is missing or fails its check: those records are sent again).</summary>
        private int[] LoadAcked()
        {
            byte[] file = store.Read(root + "/" + AckedName);
            if (file == null || OutboxRecord.Check(file, OutboxRecord.KindAcknowledged, 0) != null)
            {
                return new int[0];
            }

            int[] result = new int[OutboxRecord.PayloadLength(file) / 4];
            for (int i = 0; i < result.Length; i++)
            {
                int at = OutboxRecord.HeaderSize + 4 * i;
                result[i] = file[at] | (file[at + 1] << 8) | (file[at + 2] << 16) | (file[at + 3] << 24);
            }

            return result;
        }

        /// <summary>Replaces outbox/acked with the current list (a cut leaves the old or the new list).</summary>
        private void WriteAcked()
        {
            byte[] payload = new byte[4 * ackedCount];
            for (int i = 0; i < ackedCount; i++)
            {
                payload[4 * i] = (byte)acked[i];
                payload[4 * i + 1] = (byte)(acked[i] >> 8);
                payload[4 * i + 2] = (byte)(acked[i] >> 16);
                payload[4 * i + 3] = (byte)(acked[i] >> 24);
            }

            byte[] file = OutboxRecord.Encode(OutboxRecord.KindAcknowledged, 0, payload);
            store.Write(root + "/" + AckedName, file, 0, file.Length);
        }

        private void AddAcked(int seq, int segment)
        {
            if (ackedCount == acked.Length)
            {
                acked = Grow(acked, ackedCount);
                ackedSegs = Grow(ackedSegs, ackedCount);
            }

            acked[ackedCount] = seq;
            ackedSegs[ackedCount] = segment;
            ackedCount++;
        }

        /// <summary>Forgets the acknowledged records of a segment that was deleted or rewritten without them (in RAM; the file follows at the next acknowledgement).</summary>
        private void DropAcked(int segment)
        {
            int kept = 0;
            for (int i = 0; i < ackedCount; i++)
            {
                if (ackedSegs[i] != segment)
                {
                    acked[kept] = acked[i];
                    ackedSegs[kept] = ackedSegs[i];
                    kept++;
                }
            }

            ackedCount = kept;
        }

        // ---- RAM index ----

        private bool IsDead(int seq)
        {
            return Position(deadSeqs, deadSeqs.Length, seq) >= 0;
        }

        /// <summary>A record that became a dead letter leaves the queue; its segment goes when nothing in it is pending.</summary>
        private void ForgetPending(int index)
        {
            int segment = segs[index];
            RemoveAt(index);
            if (CountInSegment(segment) == 0)
            {
                TryDelete(PathOf(segment, SegExt)); // if it stays, the record in it is dead anyway
                DropAcked(segment);
                if (segment == openQueue)
                {
                    openQueue = -1;
                }
            }
        }

        private int LiveBytes(int segment)
        {
            int total = 0;
            for (int i = 0; i < count; i++)
            {
                if (segs[i] == segment)
                {
                    total += sizes[i];
                }
            }

            return total;
        }

        private int CountInSegment(int segment)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (segs[i] == segment)
                {
                    n++;
                }
            }

            return n;
        }

        private int FirstIndexOfSegment(int segment)
        {
            for (int i = 0; i < count; i++)
            {
                if (segs[i] == segment)
                {
                    return i;
                }
            }

            return -1;
        }

        private int IndexOf(int seq)
        {
            return Position(seqs, count, seq);
        }

        private static int Position(int[] values, int n, int value)
        {
            for (int i = 0; i < n; i++)
            {
                if (values[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int[] Numbers(string[] names, string extension, int n)
        {
            int[] numbers = new int[n];
            int k = 0;
            for (int i = 0; i < names.Length && k < n; i++)
            {
                if (names[i] != null && Names.Is(names[i], extension))
                {
                    numbers[k++] = Names.ParseHex8(names[i], 0);
                }
            }

            return numbers; // names are listed in ordinal order: ascending numbers
        }

        private static void SortTogether(int[] keys, int[] values)
        {
            for (int i = 1; i < keys.Length; i++)
            {
                int k = keys[i];
                int v = values[i];
                int j = i - 1;
                while (j >= 0 && keys[j] > k)
                {
                    keys[j + 1] = keys[j];
                    values[j + 1] = values[j];
                    j--;
                }

                keys[j + 1] = k;
                values[j + 1] = v;
            }
        }

        private static int[] Grow(int[] values, int n)
        {
            int[] grown = new int[values.Length * 2];
            Array.Copy(values, grown, n);
            return grown;
        }

        private static int Max(int a, int b)
        {
            return a > b ? a : b;
        }

        private void Insert(int seq, int segment, int size, PaidNotification n)
        {
            if (count == seqs.Length)
            {
                GrowIndex();
            }

            int at = count;
            while (at > 0 && seqs[at - 1] > seq)
            {
                at--;
            }

            for (int i = count; i > at; i--)
            {
                seqs[i] = seqs[i - 1];
                segs[i] = segs[i - 1];
                sizes[i] = sizes[i - 1];
                keyHashes[i] = keyHashes[i - 1];
            }

            seqs[at] = seq;
            segs[at] = segment;
            sizes[at] = size;
            keyHashes[at] = Names.Hash(n.IdempotencyKey);
            if (seeding != null && n.IsPayment)
            {
                seeding.Seed(n.TotalFee, n.PaidAt, seedingNow, keyHashes[at]); // the velocity guard counts payments only
            }

            count++;
            pendingBytes += size;
            if (seq >= nextSeq)
            {
                nextSeq = seq + 1;
            }

            if (segment >= nextSeq)
            {
                nextSeq = segment + 1;
            }
        }

        private void RemoveAt(int index)
        {
            pendingBytes -= sizes[index];
            for (int i = index; i < count - 1; i++)
            {
                seqs[i] = seqs[i + 1];
                segs[i] = segs[i + 1];
                sizes[i] = sizes[i + 1];
                keyHashes[i] = keyHashes[i + 1];
            }

            count--;
        }

        private void GrowIndex()
        {
            seqs = Grown(seqs);
            segs = Grown(segs);
            sizes = Grown(sizes);
            keyHashes = Grown(keyHashes);
        }

        /// <summary>One index array <see cref="IndexStep"/> slots longer (one at a time: the old and the new array of one column are live together, not of all four).</summary>
        private int[] Grown(int[] values)
        {
            int[] grown = new int[values.Length + IndexStep];
            Array.Copy(values, grown, count);
            return grown;
        }
    }
}
