using System;
using System.Collections.Generic;
using System.Linq;
using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Tests.Outbox;
using Terminal.Tests.Support;

namespace Terminal.Tests.HostOnly.Outbox
{
    /// <summary>How the flash misbehaves in a sweep run.</summary>
    public enum SweepFault
    {
        /// <summary>LittleFS semantics: a cut write leaves the previous state.</summary>
        PowerCut,

        /// <summary>A cut write leaves a prefix of the new file (a torn, uncommitted file).</summary>
        TornWrite,

        /// <summary>A power cut, then one bit flips in a random committed outbox file before recovery.</summary>
        BitFlip,
    }

    /// <summary>
    /// The outbox power-cut sweep: a seeded workload of payments, deliveries (acknowledged, lost
    /// answers, outages, rejections into dead letters, retries of dead letters) and risk-control
    /// changes is run once to count its file-store operations N, then once per k in 1..N with the
    /// power cut at operation k. After each cut the terminal reboots and recovers; the oracle checks
    /// that recovery succeeded, no notification whose Enqueue returned was lost (it is at the
    /// server, pending, or a dead letter), no accepted record differs from what was committed, and
    /// that finishing the workload delivers everything.
    /// </summary>
    public sealed class PowerCutSweep
    {
        private readonly int seed;
        private readonly int payments;
        private readonly SweepFault fault;
        private readonly List<Op> workload;

        public PowerCutSweep(int seed, int payments, SweepFault fault)
        {
            this.seed = seed;
            this.payments = payments;
            this.fault = fault;
            workload = MakeWorkload(seed, payments);
        }

        private enum Kind
        {
            Pay,
            Deliver,
            Outage,
            LoseAnswer,
            Reject,
            ServerError,
            RetryDeadLetter,
            ToggleSuspend,
        }

        private struct Op
        {
            public Kind Kind;
            public int Payment;
        }

        /// <summary>Test of the test: make the terminal drop records now and then; the oracle must notice.</summary>
        public bool Sabotage { get; set; }

        public int Operations { get; private set; }

        public int Runs { get; private set; }

        public int Recoveries { get; private set; }

        public int CorruptQuarantined { get; private set; }

        public int FlippedRecordsQuarantined { get; private set; }

        public string Describe()
        {
            return "seed " + seed + ", " + payments + " payments, " + workload.Count + " workload steps, fault " + fault;
        }

        /// <summary>Runs the whole sweep; throws with the seed and cut index on the first violation.</summary>
        public void Run()
        {
            Operations = RunOnce(-1);
            for (int k = 1; k <= Operations; k++)
            {
                try
                {
                    RunOnce(k);
                }
                catch (Exception e)
                {
                    throw new Exception("outbox sweep failed: " + Describe() + ", power cut at operation " + k + " of " + Operations + ": " + e.Message, e);
                }

                Runs++;
            }
        }

        private static List<Op> MakeWorkload(int seed, int payments)
        {
            var random = new Random(seed);
            var ops = new List<Op>();
            int paid = 0;
            while (paid < payments)
            {
                int roll = random.Next(100);
                Kind kind;
                if (roll < 40)
                {
                    kind = Kind.Pay;
                }
                else if (roll < 72)
                {
                    kind = Kind.Deliver;
                }
                else if (roll < 77)
                {
                    kind = Kind.Outage;
                }
                else if (roll < 83)
                {
                    kind = Kind.LoseAnswer;
                }
                else if (roll < 88)
                {
                    kind = Kind.Reject;
                }
                else if (roll < 92)
                {
                    kind = Kind.ServerError;
                }
                else if (roll < 97)
                {
                    kind = Kind.RetryDeadLetter;
                }
                else
                {
                    kind = Kind.ToggleSuspend;
                }

                ops.Add(new Op { Kind = kind, Payment = kind == Kind.Pay ? paid++ : -1 });
            }

            return ops;
        }

        private static OutboxOptions Options()
        {
            OutboxOptions options = OutboxFixtures.Options();
            options.MaxRecords = 1000;
            options.MaxBytes = 1024 * 1024;
            options.MinFreeBytes = 0;
            options.VelocityMaxCount = 7; // trips (and persists) the velocity lock during the workload
            options.VelocityWindowSeconds = 600;
            return options;
        }

        private static PaidNotification Payment(int i)
        {
            PaidNotification n = OutboxFixtures.Payment(i);
            n.PaidAt = 1795752000 + i;
            return n;
        }

        // Returns the number of mutating store operations of the run (used with cutAt = -1).
        private int RunOnce(int cutAt)
        {
            var store = new MemoryFileStore(4 * 1024 * 1024);
            store.Torn = fault == SweepFault.TornWrite ? TornWrite.Prefix : TornWrite.KeepPrevious;
            var clock = new VirtualClock();
            var server = new FakeMerchantLink(OutboxFixtures.Secret());
            var committed = new Dictionary<string, byte[]>(); // key -> exact payload committed
            var flipRandom = new Random(seed ^ cutAt);
            NotificationOutbox outbox = Boot(store, clock, server, null, committed);
            store.ResetCounters();
            if (cutAt > 0)
            {
                store.CutPowerAt(cutAt);
            }

            string flippedFile = null;
            flippedKey = null;
            bool rebooted = false;

            // Runs one step; on a power cut: reboot, (flip a bit), recover and check, re-hand the interrupted payment.
            void Guard(Action step, int payment)
            {
                try
                {
                    step();
                }
                catch (StoreException) when (store.PowerLost)
                {
                }

                if (!store.PowerLost || rebooted)
                {
                    return;
                }

                store.Reboot();
                rebooted = true;
                if (fault == SweepFault.BitFlip)
                {
                    flippedFile = FlipOneBit(store, flipRandom);
                }

                outbox = Boot(store, clock, server, flippedFile, committed);
                Recoveries++;
                if (payment >= 0 && !committed.ContainsKey(Payment(payment).IdempotencyKey))
                {
                    // The engine's journal hands the interrupted payment over again.
                    EnqueueResult again = outbox.Enqueue(Payment(payment));
                    if (!again.Committed)
                    {
                        throw new Exception("re-enqueue after reboot refused: " + again.Refusal);
                    }

                    committed[Payment(payment).IdempotencyKey] = Payment(payment).ToJson();
                }
            }

            for (int i = 0; i < workload.Count; i++)
            {
                Op op = workload[i];
                bool sabotage = Sabotage && i % 5 == 0;
                Guard(() => Apply(outbox, server, clock, op, committed, sabotage), op.Payment);
            }

            // Finish: heal, retry every dead letter, drain; everything committed must reach the server.
            server.Suspended = false;
            for (int guard = 0; guard < 10000 && (outbox.Store.Depth > 0 || outbox.Store.DeadLetterCount > 0); guard++)
            {
                Guard(
                    () =>
                    {
                        foreach (DeadLetter letter in outbox.DeadLetters())
                        {
                            outbox.RetryDeadLetter(letter.Sequence);
                        }

                        clock.Advance(outbox.Forwarder.Step());
                    },
                    -1);
            }

            if (outbox.Store.Depth != 0)
            {
                throw new Exception("the outbox did not drain: " + outbox.Status().LastError);
            }

            string lostKey = flippedFile == null ? null : KeyOfFlipped(flippedFile, committed);
            foreach (string key in committed.Keys)
            {
                if (!server.Stored.Contains(key) && key != lostKey)
                {
                    throw new Exception("notification " + key + " was committed but never reached the server (lost)");
                }
            }

            if (lostKey != null && !server.Stored.Contains(lostKey))
            {
                FlippedRecordsQuarantined++;
                if (outbox.Store.QuarantinedCount == 0)
                {
                    throw new Exception("the bit-flipped record " + flippedFile + " was neither delivered nor quarantined");
                }
            }

            foreach (string key in server.Order)
            {
                if (!committed.ContainsKey(key))
                {
                    throw new Exception("the server received " + key + ", which was never committed");
                }
            }

            return store.Operations;
        }

        private static void Apply(NotificationOutbox outbox, FakeMerchantLink server, VirtualClock clock, Op op, Dictionary<string, byte[]> committed, bool sabotage)
        {
            if (sabotage && op.Kind == Kind.Deliver && outbox.Store.HeadSequence >= 0)
            {
                outbox.Store.Acknowledge(outbox.Store.HeadSequence); // a broken terminal: drops the head unsent
                return;
            }

            switch (op.Kind)
            {
                case Kind.Pay:
                    PaidNotification n = Payment(op.Payment);
                    EnqueueResult r = outbox.Enqueue(n);
                    if (!r.Committed)
                    {
                        throw new Exception("enqueue refused: " + r.Refusal);
                    }

                    committed[n.IdempotencyKey] = n.ToJson();
                    return;
                case Kind.Outage:
                    server.Then(FakeAction.Down);
                    break;
                case Kind.LoseAnswer:
                    server.Then(FakeAction.LoseAnswer);
                    break;
                case Kind.Reject:
                    server.ScriptStatus = 422;
                    server.Then(FakeAction.Status);
                    break;
                case Kind.ServerError:
                    server.ScriptStatus = 503;
                    server.Then(FakeAction.Status);
                    break;
                case Kind.RetryDeadLetter:
                    DeadLetter[] letters = outbox.DeadLetters();
                    if (letters.Length > 0)
                    {
                        outbox.RetryDeadLetter(letters[0].Sequence);
                    }

                    return;
                case Kind.ToggleSuspend:
                    server.Suspended = !server.Suspended;
                    server.Reason = server.Suspended ? "sweep" : string.Empty;
                    break;
            }

            clock.Advance(10 * 60 * 1000); // past any back-off
            outbox.Forwarder.Step();
        }

        // Boots a terminal on the store and checks the recovered state against what was committed.
        private NotificationOutbox Boot(MemoryFileStore store, VirtualClock clock, FakeMerchantLink server, string flippedFile, Dictionary<string, byte[]> committed)
        {
            var outbox = new NotificationOutbox(store, clock, new OutboxRandom((uint)seed), server, Options());
            RecoveryReport report = outbox.Start(); // must not throw, whatever it finds
            CorruptQuarantined += report.Corrupt;
            if (fault == SweepFault.PowerCut && report.Corrupt != 0)
            {
                throw new Exception("with LittleFS semantics nothing may be corrupt, yet recovery found " + report.LastCorrupt);
            }

            if (fault == SweepFault.PowerCut && outbox.Risk.StateUnknown)
            {
                throw new Exception("with LittleFS semantics the risk state must stay readable");
            }

            var present = new HashSet<string>();
            foreach (int seq in outbox.Store.PendingSequences())
            {
                byte[] payload = outbox.Store.ReadPayload(seq, out string problem);
                if (payload == null)
                {
                    throw new Exception("recovered record " + seq + " does not read back: " + problem);
                }

                CheckAccepted(payload, committed, present, "pending " + seq);
            }

            foreach (DeadLetter letter in outbox.DeadLetters())
            {
                CheckAccepted(letter.Notification.ToJson(), committed, present, "dead letter " + letter.Sequence);
            }

            string flippedKey = flippedFile == null ? null : KeyOfFlipped(flippedFile, committed);
            foreach (KeyValuePair<string, byte[]> entry in committed)
            {
                if (!present.Contains(entry.Key) && !server.Stored.Contains(entry.Key) && entry.Key != flippedKey)
                {
                    throw new Exception("notification " + entry.Key + " is lost after recovery (not at the server, not pending, not a dead letter)");
                }
            }

            return outbox;
        }

        // An accepted record must be byte-identical to a committed (or being-committed) payment.
        private void CheckAccepted(byte[] payload, Dictionary<string, byte[]> committed, HashSet<string> present, string where)
        {
            PaidNotification n = PaidNotification.FromJson(payload, 0, payload.Length, out string error);
            if (n == null)
            {
                throw new Exception(where + " was accepted but does not parse: " + error);
            }

            string key = n.IdempotencyKey;
            byte[] expected = committed.TryGetValue(key, out byte[] c) ? c : ExpectedFor(key);
            if (expected == null || !expected.SequenceEqual(payload))
            {
                throw new Exception(where + " was accepted with content that was never committed (corrupt record accepted)");
            }

            if (!present.Add(key))
            {
                throw new Exception(where + ": the same payment is stored twice in the outbox");
            }
        }

        // A record whose Enqueue was interrupted after its rename is legitimately present.
        private byte[] ExpectedFor(string key)
        {
            for (int i = 0; i < payments; i++)
            {
                if (Payment(i).IdempotencyKey == key)
                {
                    return Payment(i).ToJson();
                }
            }

            return null;
        }

        // Flips one bit of a random committed segment (pending or dead letters); remembers whose record it was.
        private string FlipOneBit(MemoryFileStore store, Random random)
        {
            string[] files = store.AllPaths().Where(p => p.StartsWith("outbox/") && (p.EndsWith(".seg") || p.EndsWith(".dead"))).ToArray();
            if (files.Length == 0)
            {
                return null;
            }

            string path = files[random.Next(files.Length)];
            byte[] before = store.Read(path);
            int bit = random.Next(before.Length * 8);
            flippedKey = null;

            // The notification frame the bit lands in (none: the segment header or a rejection note).
            for (int at = 16; at < before.Length;)
            {
                int length = OutboxRecord.FrameAt(before, at, before.Length);
                if (length == 0)
                {
                    break;
                }

                if (bit / 8 >= at && bit / 8 < at + length && OutboxRecord.KindAt(before, at) == OutboxRecord.KindNotification)
                {
                    PaidNotification n = PaidNotification.FromJson(before, at + OutboxRecord.HeaderSize, OutboxRecord.PayloadLengthAt(before, at), out string error);
                    flippedKey = n?.IdempotencyKey;
                }

                at += length;
            }

            store.FlipBit(path, bit);
            return path;
        }

        private string KeyOfFlipped(string path, Dictionary<string, byte[]> committed)
        {
            return path == null ? null : flippedKey;
        }

        private string flippedKey;
    }
}
