using System.Collections;
using System;
using Terminal.Core.Crypto;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Timing;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// The closed Quick Pay loop, by WeChat Pay's rules (docs/protocol.md, state diagram):
    /// micropay → Paid | Failed | unknown → query every 5 s until the deadline (30 s, never beyond
    /// 45 s) → reverse (never within 15 s of the micropay; again on recall=Y, no answer or
    /// SYSTEMERROR, up to 10 tries with back-off) → Revoked, or Unresolved: persisted, reconciled
    /// in the background until final.
    /// <para>Crash safety: the intent (order number, amount, code, time) is committed to the
    /// journal before the micropay leaves; a payment WeChat confirms is committed to the outbox
    /// (<see cref="IPaidSink"/>) before the cashier sees "Paid", and only then is the intent
    /// removed. <see cref="Recover"/> resumes every unfinished intent at boot.</para>
    /// <para>One sale at a time: <see cref="Pay"/> runs the whole sale on the calling thread;
    /// a second call while a sale runs returns Busy. <see cref="Cancel"/> may be called from any
    /// thread. Only <see cref="StoreException"/> and <see cref="ConnectionException"/> are
    /// handled; anything else (a bug, a power cut in tests) propagates.</para>
    /// </summary>
    public sealed class PaymentEngine
    {
        private readonly MerchantAccount account;
        private readonly PaymentConfig config;
        private readonly IClock clock;
        private readonly IRandomSource random;
        private readonly IWxGateway gateway;
        private readonly IPaidSink sink;
        private readonly OrderNumbers numbers;
        private readonly PaymentJournal journal;
        private readonly PaymentProgress progress = new PaymentProgress();
        private readonly ArrayList pending = new ArrayList(); // JournalEntry: Unresolved or Paid-not-handed-over
        private readonly object gate = new object();
        private bool busy;
        private bool recovered;
        private bool cancelRequested; // read and written under gate (no volatile on the device)
        private bool interruptible; // a sale's micropay or queries are on the wire: cancel may cut them (under gate)

        public PaymentEngine(MerchantAccount account, string terminalId, PaymentConfig config, IClock clock, IFileStore store,
            IRandomSource random, IWxGateway gateway, IPaidSink sink)
        {
            if (account == null || config == null || clock == null || store == null || random == null || gateway == null || sink == null)
            {
                throw new ArgumentNullException("account, config, clock, store, random, gateway and sink are required");
            }

            this.account = account;
            this.config = config;
            this.clock = clock;
            this.random = random;
            this.gateway = gateway;
            this.sink = sink;
            numbers = new OrderNumbers(store, clock, terminalId, config.SequenceBlock);
            journal = new PaymentJournal(store, numbers);
        }

        /// <summary>Receives progress reports (the cashier UI). May be null.</summary>
        public IPaymentListener Listener { get; set; }

        public PaymentConfig Config
        {
            get { return config; }
        }

        public OrderNumbers Numbers
        {
            get { return numbers; }
        }

        /// <summary>True while a sale, recovery or reconciliation runs.</summary>
        public bool IsBusy
        {
            get
            {
                lock (gate)
                {
                    return busy;
                }
            }
        }

        /// <summary>Orders not settled yet (Unresolved, or paid but not yet in the outbox).</summary>
        public int PendingCount
        {
            get
            {
                lock (gate)
                {
                    return pending.Count;
                }
            }
        }

        /// <summary>The order numbers of the unsettled orders (for the "do not charge again" list).</summary>
        public string[] PendingOrders()
        {
            lock (gate)
            {
                string[] result = new string[pending.Count];
                for (int i = 0; i < pending.Count; i++)
                {
                    result[i] = ((JournalEntry)pending[i]).OutTradeNo;
                }

                return result;
            }
        }

        /// <summary>
        /// The cashier pressed cancel: the running sale stops waiting at once — an answer still on
        /// its way is abandoned (the gateway is interrupted) — and reverses after the 15 s rule.
        /// The reverse itself is never interrupted.
        /// </summary>
        public void Cancel()
        {
            lock (gate)
            {
                cancelRequested = true;
                if (interruptible)
                {
                    gateway.Interrupt();
                }
            }
        }

        /// <summary>
        /// Boot: resumes every unfinished order of the journal (query → paid: outbox; otherwise
        /// reverse). Orders that cannot be settled now stay pending for <see cref="Reconcile"/>.
        /// Returns the number still pending. Called automatically before the first sale.
        /// </summary>
        public int Recover()
        {
            if (!Enter())
            {
                return PendingCount;
            }

            try
            {
                RecoverLocked();
                return PendingCount;
            }
            catch (StoreException)
            {
                return PendingCount; // flash unreadable now; the next sale or pass tries again
            }
            finally
            {
                Leave();
            }
        }

        /// <summary>
        /// One background pass over pending orders (the device calls it every minute or so while
        /// idle): hand confirmed payments to the outbox, query, reverse. Returns the number still
        /// pending. Does nothing while a sale runs.
        /// </summary>
        public int Reconcile()
        {
            if (!Enter())
            {
                return PendingCount;
            }

            try
            {
                if (!recovered)
                {
                    try
                    {
                        RecoverLocked();
                    }
                    catch (StoreException)
                    {
                        return PendingCount;
                    }
                }

                object[] snapshot;
                lock (gate)
                {
                    snapshot = pending.ToArray();
                }

                for (int i = 0; i < snapshot.Length; i++)
                {
                    Settle((JournalEntry)snapshot[i], 1, false);
                }

                return PendingCount;
            }
            finally
            {
                Leave();
            }
        }

        /// <summary>
        /// Runs one sale to its end: <paramref name="totalFee"/> in minor units of the account
        /// currency, <paramref name="authCode"/> the scanned payment code. Blocks for up to the
        /// deadline plus the reverse phase.
        /// </summary>
        public PaymentResult Pay(long totalFee, string authCode)
        {
            if (!Enter())
            {
                // Another thread owns the shared progress object: report on a separate one.
                PaymentProgress ignored = new PaymentProgress();
                ignored.Stage = PaymentStage.ScanIgnored;
                ignored.TotalFee = totalFee;
                ignored.SecondsLeft = -1;
                ignored.Message = "A sale is in progress: scan ignored.";
                IPaymentListener listener = Listener;
                if (listener != null)
                {
                    listener.OnProgress(ignored);
                }

                PaymentResult busyResult = new PaymentResult();
                busyResult.Status = SaleStatus.Busy;
                busyResult.TotalFee = totalFee;
                busyResult.Detail = "a sale is in progress";
                return busyResult;
            }

            try
            {
                SetCancel(false);
                progress.CashierCancelled = false;
                if (!recovered)
                {
                    try
                    {
                        RecoverLocked();
                    }
                    catch (StoreException ex)
                    {
                        return Rejected(null, totalFee, "flash unavailable, unfinished orders cannot be checked: " + ex.Message);
                    }
                }

                return Sell(totalFee, authCode);
            }
            finally
            {
                SetInterruptible(false);
                SetCancel(false);
                Leave();
            }
        }

        // ---------------------------------------------------------------- the sale

        private sealed class Sale
        {
            public JournalEntry Entry;
            public byte[] MicropayBody;
            public Responses.Expectation Expected;
            public bool Submitted;
            public long FirstSubmitMs;
            public long LastSubmitMs;
            public string SubmitHost;
            public bool NoAnswer;
            public bool Resubmitted;
            public bool Cancelled;
        }

        private PaymentResult Sell(long totalFee, string authCode)
        {
            string error = Requests.CheckAuthCode(authCode);
            if (error == null && (totalFee <= 0 || totalFee > account.MaxTotalFee))
            {
                error = "amount " + totalFee + " is outside 1.." + account.MaxTotalFee;
            }

            if (error != null)
            {
                return Rejected(null, totalFee, error);
            }

            long sequence;
            try
            {
                sequence = numbers.Next();
            }
            catch (StoreException ex)
            {
                return Rejected(null, totalFee, "cannot reserve an order number: " + ex.Message);
            }

            Sale sale = new Sale();
            JournalEntry entry = new JournalEntry();
            entry.Sequence = sequence;
            entry.OutTradeNo = numbers.Format(sequence);
            entry.TotalFee = totalFee;
            entry.Currency = account.Currency.Code;
            entry.AuthCode = authCode;
            entry.Body = config.Body;
            entry.CreatedUnix = clock.IsWallClockValid ? OrderNumbers.UnixSeconds(clock.UtcNow) : 0;
            sale.Entry = entry;

            MicropayOrder order = new MicropayOrder();
            order.OutTradeNo = entry.OutTradeNo;
            order.TotalFee = totalFee;
            order.Body = config.Body;
            order.AuthCode = authCode;
            RequestBuild build = Requests.Micropay(account, order, Nonce.Create(random));
            if (!build.Ok)
            {
                return Rejected(entry.OutTradeNo, totalFee, build.Field + ": " + build.Error);
            }

            sale.MicropayBody = build.Body;
            sale.Expected = new Responses.Expectation(account, entry.OutTradeNo, totalFee);

            // The intent reaches flash before anything leaves the terminal.
            try
            {
                journal.Commit(entry);
            }
            catch (StoreException ex)
            {
                return Rejected(entry.OutTradeNo, totalFee, "cannot record the sale in flash (nothing sent): " + ex.Message);
            }

            SetInterruptible(true);
            WxOutcome outcome = Submit(sale, null);
            if (outcome == null)
            {
                journal.Remove(entry);
                if (CancelRequested())
                {
                    Report(PaymentStage.Failed, entry.OutTradeNo, totalFee, -1, "Cancelled before sending: nothing charged.");
                    PaymentResult cancelled = Result(SaleStatus.NotSent, entry, "cancelled by the cashier before the micropay was sent");
                    cancelled.CashierCancelled = true;
                    return cancelled;
                }

                Report(PaymentStage.Failed, entry.OutTradeNo, totalFee, -1, "No connection to WeChat Pay: nothing sent, nothing charged.");
                PaymentResult notSent = Result(SaleStatus.NotSent, entry, "no connection: the micropay was never sent");
                return notSent;
            }

            switch (outcome.Verdict)
            {
                case Verdict.Paid:
                    return FinishPaid(sale, outcome);
                case Verdict.Failed:
                    return FinishFailed(sale, outcome);
                default:
                    return WaitAndSettle(sale, outcome);
            }
        }

        /// <summary>Sends (or re-sends) the micropay; null when it never left the terminal.</summary>
        private WxOutcome Submit(Sale sale, string host)
        {
            int attempts = config.SubmitAttempts < 1 ? 1 : config.SubmitAttempts;
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                progress.Attempt = attempt;
                progress.MaxAttempts = attempts;
                Report(PaymentStage.Submitting, sale.Entry.OutTradeNo, sale.Entry.TotalFee, -1, "Submitting the payment.");
                try
                {
                    byte[] answer = gateway.Post(Endpoints.MicropayPath, sale.MicropayBody, host);
                    MarkSubmitted(sale);
                    WxOutcome outcome = Responses.ReadMicropay(answer, 0, answer.Length, sale.Expected);
                    sale.NoAnswer = !outcome.Trusted && outcome.Verdict == Verdict.Unknown;
                    return outcome;
                }
                catch (ConnectionException ex)
                {
                    if (!ex.NothingSent)
                    {
                        MarkSubmitted(sale);
                        sale.NoAnswer = true;
                        return WxOutcome.NoAnswer(WxApi.Micropay, "no answer to the micropay (" + ex.Message + ")");
                    }

                    if (CancelRequested())
                    {
                        return null; // nothing left the terminal and the cashier gave up
                    }

                    if (attempt < attempts)
                    {
                        clock.Sleep(config.RetryPauseMs);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Records when the micropay went out: the moment its bytes were written (after DNS,
        /// connect and handshake), as WeChat's clock sees it — or, when writing failed part way,
        /// the moment of the failure. The deadline and the 15 s reverse rule count from here.
        /// </summary>
        private void MarkSubmitted(Sale sale)
        {
            long sent = gateway.LastSentMs;
            if (sent < 0)
            {
                sent = clock.MonotonicMs;
            }

            if (!sale.Submitted)
            {
                sale.Submitted = true;
                sale.FirstSubmitMs = sent;
            }

            sale.LastSubmitMs = sent;
            sale.SubmitHost = gateway.LastHost;
        }

        /// <summary>Unknown or USERPAYING: query until paid, final or the deadline; then reverse.</summary>
        private PaymentResult WaitAndSettle(Sale sale, WxOutcome outcome)
        {
            JournalEntry entry = sale.Entry;
            long deadline = sale.FirstSubmitMs + config.DeadlineMs;
            long nextQuery = clock.MonotonicMs + config.PollIntervalMs;
            PaymentStage waiting = outcome.Verdict == Verdict.UserPaying ? PaymentStage.WaitingForPassword : PaymentStage.Checking;
            string lastDetail = outcome.Detail;
            bool payError = false;
            long lastQueryMs = -1;

            while (true)
            {
                if (CancelRequested())
                {
                    sale.Cancelled = true;
                    progress.CashierCancelled = true;
                    break;
                }

                long now = clock.MonotonicMs;
                if (nextQuery > deadline)
                {
                    if (lastQueryMs >= deadline || now > deadline)
                    {
                        break;
                    }

                    nextQuery = deadline; // one last look exactly at the deadline
                }

                if (now < nextQuery)
                {
                    Report(waiting, entry.OutTradeNo, entry.TotalFee, SecondsUntil(deadline, now), lastDetail);
                    if (CancelRequested())
                    {
                        continue;
                    }

                    long wait = nextQuery - now;
                    clock.Sleep(wait > 1000 ? 1000 : (int)wait);
                    continue;
                }

                long queryStarted = now;
                lastQueryMs = now;
                WxOutcome answer = Query(entry);
                lastDetail = answer.Detail;
                switch (answer.Verdict)
                {
                    case Verdict.Paid:
                        return FinishPaid(sale, answer);
                    case Verdict.Closed:
                        return FinishNothingCharged(sale, "closed by WeChat (" + answer.Detail + ")");
                    case Verdict.PayError:
                        payError = true;
                        break;
                    case Verdict.OrderNotExist:
                        if (sale.NoAnswer && !sale.Resubmitted && clock.MonotonicMs < deadline)
                        {
                            // The micropay timed out and WeChat never got it: the documented safe
                            // retry is the same out_trade_no and auth_code, to the same host.
                            sale.Resubmitted = true;
                            WxOutcome again = Submit(sale, sale.SubmitHost);
                            if (again != null && again.Verdict == Verdict.Paid)
                            {
                                return FinishPaid(sale, again);
                            }

                            if (again != null && again.Verdict == Verdict.UserPaying)
                            {
                                waiting = PaymentStage.WaitingForPassword;
                            }

                            lastDetail = again == null ? "re-submit not sent" : again.Detail;
                            nextQuery = clock.MonotonicMs + config.PollIntervalMs;
                            continue;
                        }

                        if (!sale.NoAnswer || sale.Resubmitted)
                        {
                            return FinishNotAccepted(sale, answer);
                        }

                        break;
                    case Verdict.UserPaying:
                        waiting = PaymentStage.WaitingForPassword;
                        break;
                }

                if (payError)
                {
                    break;
                }

                nextQuery = queryStarted + config.PollIntervalMs;
                if (nextQuery <= clock.MonotonicMs)
                {
                    nextQuery = clock.MonotonicMs + (answer.Verdict == Verdict.Unknown ? config.RetryPauseMs : 0);
                }
            }

            return ReverseSale(sale, payError ? "PAYERROR" : (sale.Cancelled ? "cancelled by the cashier" : "not paid by the deadline"));
        }

        private PaymentResult ReverseSale(Sale sale, string why)
        {
            SetInterruptible(false); // from here on, cancel changes nothing: the reverse must go through
            JournalEntry entry = sale.Entry;
            long notBefore = sale.LastSubmitMs + config.ReverseDelayMs;
            string waitMessage = "Cancelling (" + why + "): WeChat allows the reverse 15 s after the payment.";
            string reverseMessage = "Reversing (" + why + ").";
            while (true)
            {
                long now = clock.MonotonicMs;
                if (now >= notBefore)
                {
                    break;
                }

                Report(PaymentStage.Cancelling, entry.OutTradeNo, entry.TotalFee, SecondsUntil(notBefore, now), waitMessage);
                long wait = notBefore - now;
                clock.Sleep(wait > 1000 ? 1000 : (int)wait);
            }

            WxOutcome last = null;
            int tries = config.ReverseTries;
            for (int attempt = 1; attempt <= tries; attempt++)
            {
                progress.Attempt = attempt;
                progress.MaxAttempts = tries;
                Report(PaymentStage.Reversing, entry.OutTradeNo, entry.TotalFee, -1, reverseMessage);
                last = ReverseOnce(entry);
                if (last.Verdict == Verdict.Revoked)
                {
                    return FinishNothingCharged(sale, "revoked (" + why + ")");
                }

                if (last.Verdict == Verdict.ReverseExpired || last.Verdict == Verdict.ReverseRefused)
                {
                    break;
                }

                if (attempt < tries)
                {
                    clock.Sleep(Backoff(attempt));
                }
            }

            // Reverse could not finish: one last look before calling it Unresolved.
            WxOutcome check = Query(entry);
            if (check.Verdict == Verdict.Paid)
            {
                return FinishPaid(sale, check);
            }

            if (check.Verdict == Verdict.Closed)
            {
                return FinishNothingCharged(sale, "closed by WeChat (" + check.Detail + ")");
            }

            return FinishUnresolved(sale, last == null ? "reverse not completed" : last.Detail, last != null && last.TechnicianAttention);
        }

        private int Backoff(int attempt)
        {
            return (int)CappedBackoff.Delay(attempt, config.ReverseBackoffMs, config.ReverseBackoffMaxMs);
        }

        // ---------------------------------------------------------------- outcomes

        private PaymentResult FinishPaid(Sale sale, WxOutcome outcome)
        {
            JournalEntry entry = sale.Entry;
            PaidPayment payment = HandOver(entry, outcome, false);
            PaymentResult result = Result(SaleStatus.Paid, entry, outcome.Detail);
            result.Payment = payment;
            result.NotificationPending = entry.State == JournalState.Paid;
            result.CashierCancelled = sale.Cancelled;
            Report(PaymentStage.Paid, entry.OutTradeNo, entry.TotalFee, -1, result.NotificationPending ?
                "Paid. The notification is waiting for flash space." : "Paid.");
            return result;
        }

        private PaymentResult FinishFailed(Sale sale, WxOutcome outcome)
        {
            JournalEntry entry = sale.Entry;
            journal.Remove(entry);
            PaymentResult result = Result(SaleStatus.Failed, entry, outcome.Detail);
            result.Reason = outcome.Reason;
            result.RescanAllowed = outcome.RescanAllowed;
            result.TechnicianAttention = outcome.TechnicianAttention;
            result.ErrCode = outcome.ErrCode;
            progress.Reason = outcome.Reason;
            Report(PaymentStage.Failed, entry.OutTradeNo, entry.TotalFee, -1, outcome.Detail);
            progress.Reason = FailureReason.None;
            return result;
        }

        private PaymentResult FinishNotAccepted(Sale sale, WxOutcome outcome)
        {
            JournalEntry entry = sale.Entry;
            journal.Remove(entry);
            PaymentResult result = Result(SaleStatus.Failed, entry, "WeChat Pay never accepted the order; nothing charged");
            result.Reason = FailureReason.NotAccepted;
            result.RescanAllowed = true;
            result.ErrCode = outcome.ErrCode;
            progress.Reason = FailureReason.NotAccepted;
            Report(PaymentStage.Failed, entry.OutTradeNo, entry.TotalFee, -1, result.Detail);
            progress.Reason = FailureReason.None;
            return result;
        }

        private PaymentResult FinishNothingCharged(Sale sale, string detail)
        {
            JournalEntry entry = sale.Entry;
            journal.Remove(entry);
            PaymentResult result = Result(SaleStatus.Cancelled, entry, detail);
            result.CashierCancelled = sale.Cancelled;
            Report(PaymentStage.Cancelled, entry.OutTradeNo, entry.TotalFee, -1, "Cancelled: nothing charged (" + detail + ").");
            return result;
        }

        private PaymentResult FinishUnresolved(Sale sale, string detail, bool technician)
        {
            JournalEntry entry = sale.Entry;
            MarkPending(entry, JournalState.Unresolved);
            PaymentResult result = Result(SaleStatus.Unresolved, entry, detail);
            result.CashierCancelled = sale.Cancelled;
            result.TechnicianAttention = technician;
            Report(PaymentStage.Unresolved, entry.OutTradeNo, entry.TotalFee, -1, "Unresolved: do not charge again. The terminal keeps checking (" + detail + ").");
            return result;
        }

        /// <summary>Commits a confirmed payment to the outbox, then removes the intent. Returns what was handed over.</summary>
        private PaidPayment HandOver(JournalEntry entry, WxOutcome outcome, bool recoveredPayment)
        {
            if (outcome != null)
            {
                entry.TransactionId = outcome.TransactionId;
                entry.CashFee = outcome.CashFee;
                entry.TimeEnd = outcome.TimeEnd;
                entry.BankType = outcome.BankType;
                entry.OpenId = outcome.OpenId;
                if (entry.TotalFee <= 0)
                {
                    entry.TotalFee = outcome.TotalFee;
                }

                if (outcome.FeeType != null)
                {
                    entry.Currency = outcome.FeeType;
                }
            }

            PaidPayment payment = new PaidPayment();
            payment.OutTradeNo = entry.OutTradeNo;
            payment.TransactionId = entry.TransactionId;
            payment.TotalFee = entry.TotalFee;
            payment.CashFee = entry.CashFee;
            payment.FeeType = entry.Currency == null ? account.Currency.Code : entry.Currency;
            payment.TimeEnd = entry.TimeEnd;
            payment.BankType = entry.BankType;
            payment.OpenId = entry.OpenId;
            payment.Body = entry.Body == null ? config.Body : entry.Body;
            payment.TerminalId = numbers.TerminalId;
            payment.WallClockValid = clock.IsWallClockValid;
            payment.ConfirmedUtc = clock.UtcNow;
            payment.Recovered = recoveredPayment;
            try
            {
                sink.Commit(payment);
            }
            catch (StoreException)
            {
                // Charged but not yet in the outbox: keep it in the journal and hand it over again.
                MarkPending(entry, JournalState.Paid);
                return payment;
            }

            journal.Remove(entry);
            Unpend(entry);
            entry.State = JournalState.Intent;
            return payment;
        }

        private void MarkPending(JournalEntry entry, JournalState state)
        {
            entry.State = state;
            try
            {
                journal.Commit(entry);
            }
            catch (StoreException)
            {
                // The earlier version (at least the intent) is still in flash: recovery finds it.
            }

            lock (gate)
            {
                if (!pending.Contains(entry))
                {
                    pending.Add(entry);
                }
            }
        }

        private void Unpend(JournalEntry entry)
        {
            lock (gate)
            {
                pending.Remove(entry);
            }
        }

        // ---------------------------------------------------------------- recovery and reconciliation

        private void RecoverLocked()
        {
            ArrayList entries = journal.LoadAll();
            long highest = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                long sequence = ((JournalEntry)entries[i]).Sequence;
                if (sequence > highest)
                {
                    highest = sequence;
                }
            }

            numbers.KeepAbove(highest);
            recovered = true;
            for (int i = 0; i < entries.Count; i++)
            {
                JournalEntry entry = (JournalEntry)entries[i];
                lock (gate)
                {
                    if (!pending.Contains(entry))
                    {
                        pending.Add(entry);
                    }
                }

                Report(PaymentStage.Recovering, entry.OutTradeNo, entry.TotalFee, -1, "Resuming an unfinished order.");
                Settle(entry, config.BootReverseTries, true);
            }
        }

        /// <summary>
        /// Settles one unfinished order without a sale context: hand a confirmed payment over;
        /// otherwise query — paid: outbox; closed / never accepted: done; not paid: reverse; no answer: next pass.
        /// Leaves it pending when it cannot be settled now.
        /// </summary>
        private void Settle(JournalEntry entry, int reverseTries, bool boot)
        {
            if (entry.State == JournalState.Paid)
            {
                HandOver(entry, null, true);
                return;
            }

            long age = AgeMs(entry);
            if (age > config.QueryWindowMs)
            {
                // WeChat: do not poll orders older than a month. Stays listed for a technician.
                return;
            }

            WxOutcome answer = null;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                answer = Query(entry);
                if (answer.Verdict != Verdict.Unknown)
                {
                    break;
                }
            }

            switch (answer.Verdict)
            {
                case Verdict.Unknown:
                    // No reverse without a definite "not paid": this order may already be in the
                    // outbox (power cut between the outbox's commit and the journal's), and a
                    // reverse would refund a payment the merchant was told about. Next pass.
                    if (entry.State != JournalState.Unresolved)
                    {
                        MarkPending(entry, JournalState.Unresolved);
                    }

                    return;
                case Verdict.Paid:
                    HandOver(entry, answer, true);
                    return;
                case Verdict.Closed:
                    Settled(entry, "closed by WeChat");
                    return;
                case Verdict.OrderNotExist:
                    if (entry.State == JournalState.Intent || entry.Rebuilt)
                    {
                        // The micropay never reached WeChat (the power went before it left, or it was lost).
                        Settled(entry, "never accepted by WeChat");
                        return;
                    }

                    break;
            }

            if (age >= 0 && age > config.ReverseWindowMs)
            {
                // Past the 7-day reverse window: only a query can settle it now.
                if (answer.Verdict == Verdict.NotPaid || answer.Verdict == Verdict.OrderNotExist)
                {
                    Settled(entry, "not paid after the reverse window");
                    return;
                }

                MarkPending(entry, JournalState.Unresolved);
                return;
            }

            // Reverse: never within 15 s of the micropay. Without a sale context, the journal's
            // wall-clock time tells; without one, wait the full delay from now (boot).
            if (boot)
            {
                long waitMs = config.ReverseDelayMs;
                if (age >= 0)
                {
                    waitMs = config.ReverseDelayMs - age;
                }

                long until = clock.MonotonicMs + waitMs;
                while (clock.MonotonicMs < until)
                {
                    long now = clock.MonotonicMs;
                    Report(PaymentStage.Cancelling, entry.OutTradeNo, entry.TotalFee, SecondsUntil(until, now), "Reversing an unfinished order after the 15 s rule.");
                    long left = until - now;
                    clock.Sleep(left > 1000 ? 1000 : (int)left);
                }
            }
            else if (age >= 0 && age < config.ReverseDelayMs)
            {
                return; // too early for reverse: next pass
            }

            for (int attempt = 1; attempt <= reverseTries; attempt++)
            {
                WxOutcome reversed = ReverseOnce(entry);
                if (reversed.Verdict == Verdict.Revoked)
                {
                    Settled(entry, "revoked");
                    return;
                }

                if (reversed.Verdict == Verdict.ReverseExpired)
                {
                    // Too old to reverse; the query above said not paid, or could not tell.
                    if (answer.Verdict == Verdict.NotPaid || answer.Verdict == Verdict.OrderNotExist)
                    {
                        Settled(entry, "not paid; reverse window over");
                        return;
                    }

                    break;
                }

                if (reversed.Verdict == Verdict.ReverseRefused)
                {
                    break;
                }

                if (attempt < reverseTries)
                {
                    clock.Sleep(Backoff(attempt));
                }
            }

            MarkPending(entry, JournalState.Unresolved);
        }

        private void Settled(JournalEntry entry, string detail)
        {
            journal.Remove(entry);
            Unpend(entry);
            Report(PaymentStage.Cancelled, entry.OutTradeNo, entry.TotalFee, -1, "Unfinished order settled: " + detail + "; nothing charged.");
        }

        /// <summary>Age from the journal's wall-clock time; -1 when unknown.</summary>
        private long AgeMs(JournalEntry entry)
        {
            if (entry.CreatedUnix <= 0 || !clock.IsWallClockValid)
            {
                return -1;
            }

            long age = (OrderNumbers.UnixSeconds(clock.UtcNow) - entry.CreatedUnix) * 1000;
            return age < 0 ? 0 : age;
        }

        // ---------------------------------------------------------------- calls

        private WxOutcome Query(JournalEntry entry)
        {
            RequestBuild build = Requests.OrderQuery(account, entry.OutTradeNo, null, Nonce.Create(random));
            if (!build.Ok)
            {
                return WxOutcome.NoAnswer(WxApi.OrderQuery, build.Error);
            }

            Responses.Expectation expected = new Responses.Expectation(account, entry.OutTradeNo, entry.TotalFee);
            try
            {
                byte[] answer = gateway.Post(Endpoints.OrderQueryPath, build.Body, null);
                return Responses.ReadOrderQuery(answer, 0, answer.Length, expected);
            }
            catch (ConnectionException ex)
            {
                return WxOutcome.NoAnswer(WxApi.OrderQuery, "no answer to the query (" + ex.Message + ")");
            }
        }

        private WxOutcome ReverseOnce(JournalEntry entry)
        {
            entry.ReverseCalls++;
            RequestBuild build = Requests.Reverse(account, entry.OutTradeNo, null, Nonce.Create(random));
            if (!build.Ok)
            {
                return WxOutcome.NoAnswer(WxApi.Reverse, build.Error);
            }

            Responses.Expectation expected = new Responses.Expectation(account, entry.OutTradeNo, entry.TotalFee);
            try
            {
                byte[] answer = gateway.Post(Endpoints.ReversePath, build.Body, null);
                return Responses.ReadReverse(answer, 0, answer.Length, expected);
            }
            catch (ConnectionException ex)
            {
                return WxOutcome.NoAnswer(WxApi.Reverse, "no answer to the reverse (" + ex.Message + ")");
            }
        }

        // ---------------------------------------------------------------- helpers

        private bool CancelRequested()
        {
            lock (gate)
            {
                return cancelRequested;
            }
        }

        private void SetCancel(bool value)
        {
            lock (gate)
            {
                cancelRequested = value;
            }
        }

        /// <summary>Opens or closes the window in which <see cref="Cancel"/> interrupts the gateway.</summary>
        private void SetInterruptible(bool value)
        {
            lock (gate)
            {
                interruptible = value;
                gateway.ResetInterrupt();
                if (value && cancelRequested)
                {
                    gateway.Interrupt(); // the cashier was quicker than the first request
                }
            }
        }

        private bool Enter()
        {
            lock (gate)
            {
                if (busy)
                {
                    return false;
                }

                busy = true;
                return true;
            }
        }

        private void Leave()
        {
            lock (gate)
            {
                busy = false;
            }
        }

        private PaymentResult Rejected(string outTradeNo, long totalFee, string detail)
        {
            PaymentResult result = new PaymentResult();
            result.Status = SaleStatus.Rejected;
            result.OutTradeNo = outTradeNo;
            result.TotalFee = totalFee;
            result.Detail = detail;
            Report(PaymentStage.Failed, outTradeNo, totalFee, -1, "Not started: " + detail);
            return result;
        }

        private static PaymentResult Result(SaleStatus status, JournalEntry entry, string detail)
        {
            PaymentResult result = new PaymentResult();
            result.Status = status;
            result.OutTradeNo = entry.OutTradeNo;
            result.TotalFee = entry.TotalFee;
            result.Detail = detail;
            return result;
        }

        private static int SecondsUntil(long target, long now)
        {
            long left = target - now;
            return left <= 0 ? 0 : (int)((left + 999) / 1000);
        }

        private void Report(PaymentStage stage, string outTradeNo, long totalFee, int secondsLeft, string message)
        {
            IPaymentListener listener = Listener;
            progress.Stage = stage;
            progress.OutTradeNo = outTradeNo;
            progress.TotalFee = totalFee;
            progress.SecondsLeft = secondsLeft;
            progress.Message = message;
            if (stage != PaymentStage.Submitting && stage != PaymentStage.Reversing)
            {
                progress.Attempt = 0;
                progress.MaxAttempts = 0;
            }

            if (listener != null)
            {
                listener.OnProgress(progress);
            }
        }
    }
}
