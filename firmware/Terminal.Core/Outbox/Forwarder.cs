using System;
using Terminal.Core.Crypto;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Core.Timing;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// Delivers the outbox to the merchant server, oldest first, and keeps risk control current.
    /// <see cref="Step"/> does at most one exchange and says how long to wait before the next, so
    /// tests drive it deterministically with a virtual clock; <see cref="ForwarderThread"/> runs
    /// it in the background on the device.
    /// <list type="bullet">
    /// <item>At-least-once: a record is deleted only after a signed acknowledgement that echoes
    /// the request's nonce and the record's idempotency key (out_trade_no:transaction_id); the
    /// server stores by that key, so repeats are harmless.</item>
    /// <item>Failures (no answer, 5xx, 408, 429, 401, untrusted 2xx) back off exponentially from
    /// InitialBackoffMs to MaxBackoffMs with jitter (each delay is drawn from [75 %, 100 %] of
    /// the exponential value); the head record is retried, never skipped.</item>
    /// <item>Permanent rejections (other 4xx) move the record to the dead-letter area.</item>
    /// <item>With nothing to send, a control poll runs every ControlPollMs (terminals behind NAT
    /// cannot be called back); acknowledgements carry the same control fields.</item>
    /// </list>
    /// Not re-entrant: one thread calls Step.
    /// </summary>
    public sealed class Forwarder
    {
        private const long UnixEpochTicks = 621355968000000000L;

        private readonly OutboxStore queue;
        private readonly RiskControl risk;
        private readonly IMerchantLink link;
        private readonly IClock clock;
        private readonly IRandomSource random;
        private readonly OutboxOptions options;
        private readonly byte[] jitterBytes = new byte[2];

        private long nextAttemptMs;
        private long lastControlMs = -1;
        private bool pollRequested;

        public Forwarder(OutboxStore queue, RiskControl risk, IMerchantLink link, IClock clock, IRandomSource random, OutboxOptions options)
        {
            this.queue = queue;
            this.risk = risk;
            this.link = link;
            this.clock = clock;
            this.random = random;
            this.options = options;
        }

        /// <summary>Failed exchanges since the last success (0 when healthy).</summary>
        public int ConsecutiveFailures { get; private set; }

        /// <summary>Why the last exchange failed (kept until the next success clears it), or null.</summary>
        public string LastError { get; private set; }

        /// <summary>Monotonic ms before which no exchange is attempted (back-off).</summary>
        public long NextAttemptMs
        {
            get { return nextAttemptMs; }
        }

        /// <summary>Notifications acknowledged (this boot), of which duplicates the server already had.</summary>
        public int Delivered { get; private set; }

        public int Duplicates { get; private set; }

        public int DeadLettered { get; private set; }

        public int Polls { get; private set; }

        /// <summary>Exchanges attempted (each one HTTP request).</summary>
        public int Attempts { get; private set; }

        /// <summary>Monotonic ms of the last trusted control information (-1 = none this boot).</summary>
        public long LastControlMs
        {
            get { return lastControlMs; }
        }

        /// <summary>Asks for a control poll at the next step (e.g. to report a velocity alert promptly).</summary>
        public void RequestPoll()
        {
            pollRequested = true;
        }

        /// <summary>Technician's "retry now": forget the back-off.</summary>
        public void RetryNow()
        {
            nextAttemptMs = 0;
        }

        /// <summary>Records an unexpected failure of a step (the thread wrapper calls it) and backs off.</summary>
        public int NoteCrash(Exception e)
        {
            return Fail(clock.MonotonicMs, "forwarder error: " + e.Message);
        }

        /// <summary>
        /// One unit of work: deliver the head record, or poll control when due, or nothing.
        /// Returns the milliseconds to wait before calling again (0 = call again now).
        /// </summary>
        public int Step()
        {
            long now = clock.MonotonicMs;
            if (now < nextAttemptMs)
            {
                return Clamp(nextAttemptMs - now);
            }

            if (options.Secret == null || options.TerminalId == null)
            {
                LastError = "merchant server link not provisioned (terminal id / secret)";
                return 30000;
            }

            if (!clock.IsWallClockValid)
            {
                LastError = "waiting for the wall clock (signatures carry a timestamp)";
                return 1000;
            }

            int seq = queue.HeadSequence;
            if (seq >= 0)
            {
                return Deliver(seq, now);
            }

            if (pollRequested || lastControlMs < 0 || now - lastControlMs >= options.ControlPollMs)
            {
                return Poll(now);
            }

            return Clamp(options.ControlPollMs - (now - lastControlMs));
        }

        private int Deliver(int seq, long now)
        {
            string problem;
            byte[] payload = queue.ReadPayload(seq, out problem);
            PaidNotification notification = payload == null ? null : PaidNotification.FromJson(payload, 0, payload.Length, out problem);
            if (notification == null)
            {
                // Corrupted since boot: never send it; keep the bytes in quarantine for the technician.
                queue.QuarantinePending(seq, problem);
                LastError = "record " + seq.ToString() + " failed its checks and was quarantined: " + problem;
                return 0;
            }

            string key = notification.IdempotencyKey;
            notification = null;
            string nonce = Nonce.Create(random);
            long timestamp = UnixNow();
            byte[] body = MerchantProtocol.NotificationBody(options.TerminalId, timestamp, nonce, payload);
            payload = null;
            MerchantAnswer answer = Exchange(options.NotificationsPath, body, nonce, key);
            if (answer == null)
            {
                return Fail(now, LastError);
            }

            if (answer.Kind == AnswerKind.Accepted)
            {
                try
                {
                    queue.Acknowledge(seq);
                }
                catch (StoreException e)
                {
                    // Still stored: it will be sent again and the server will answer "duplicate".
                    return Fail(now, "could not delete acknowledged record " + seq.ToString() + ": " + e.Message);
                }

                Delivered++;
                if (answer.Result == "duplicate")
                {
                    Duplicates++;
                }

                Succeeded(answer, now);
                return 0;
            }

            if (answer.Kind == AnswerKind.Rejected)
            {
                try
                {
                    queue.DeadLetter(seq, answer.Status, answer.Detail, timestamp);
                }
                catch (StoreException e)
                {
                    return Fail(now, "could not park rejected record " + seq.ToString() + ": " + e.Message);
                }

                DeadLettered++;
                ConsecutiveFailures = 0;
                LastError = "notification " + key + " " + answer.Detail;
                return 0;
            }

            return Fail(now, answer.Detail);
        }

        private int Poll(long now)
        {
            string nonce = Nonce.Create(random);
            byte[] body = MerchantProtocol.ControlBody(options.TerminalId, UnixNow(), nonce, queue.Depth, queue.DeadLetterCount, risk.VelocityLocked, risk.VelocityReason);
            MerchantAnswer answer = Exchange(options.ControlPath, body, nonce, null);
            if (answer == null)
            {
                return Fail(now, LastError);
            }

            if (answer.Kind != AnswerKind.Accepted)
            {
                return Fail(now, "control poll: " + answer.Detail);
            }

            Polls++;
            pollRequested = false;
            Succeeded(answer, now);
            return Clamp(options.ControlPollMs);
        }

        // One signed POST; null (with LastError set) when no answer arrived.
        private MerchantAnswer Exchange(string path, byte[] body, string nonce, string key)
        {
            Attempts++;
            string signature = MerchantProtocol.Sign(options.Secret, body);
            LinkReply reply;
            try
            {
                reply = link.Post(path, options.TerminalId, signature, body);
            }
            catch (ConnectionException e)
            {
                LastError = "merchant server unreachable (" + ConnectionException.StageName(e.Stage) + (e.TimedOut ? ", timed out" : string.Empty) + "): " + e.Message;
                return null;
            }

            return MerchantProtocol.Read(reply, options.Secret, nonce, key);
        }

        private void Succeeded(MerchantAnswer answer, long now)
        {
            ConsecutiveFailures = 0;
            LastError = null;
            lastControlMs = now;
            if (answer.HasControl)
            {
                risk.ApplyControl(answer.Suspended, answer.SuspendReason, UnixNow());
            }
        }

        private int Fail(long now, string error)
        {
            ConsecutiveFailures++;
            LastError = error;
            long ceiling = CappedBackoff.Delay(ConsecutiveFailures, options.InitialBackoffMs, options.MaxBackoffMs);
            random.NextBytes(jitterBytes);
            int r = jitterBytes[0] | (jitterBytes[1] << 8); // 0..65535
            long delay = ceiling - (ceiling / 4) * r / 65535;
            if (delay < 1)
            {
                delay = 1;
            }

            nextAttemptMs = now + delay;
            return Clamp(delay);
        }

        private long UnixNow()
        {
            return (clock.UtcNow.Ticks - UnixEpochTicks) / 10000000L;
        }

        private static int Clamp(long ms)
        {
            if (ms < 0)
            {
                return 0;
            }

            return ms > int.MaxValue ? int.MaxValue : (int)ms;
        }
    }
}
