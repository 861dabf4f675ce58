using Terminal.Core.Crypto;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Timing;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// The closed Quick Pay loop for one order, by WeChat Pay's rules (docs/protocol.md, state
    /// diagram): micropay → Paid | Failed | unknown → query every 5 s until the deadline → reverse
    /// (never within 15 s of the micropay; again on recall=Y, no answer or SYSTEMERROR, with
    /// back-off) → Revoked, or Unresolved. The same loop resumes an order found unfinished at boot.
    /// "Nothing charged" is said only on proof: a signed answer about this very order that WeChat
    /// documents as final (a refusal, CLOSED/REVOKED, a revoke, or ORDERNOTEXIST when nothing
    /// WeChat said means the order may exist).
    /// </summary>
    internal sealed class SaleFlow
    {
        private readonly MerchantAccount account;
        private readonly PaymentConfig config;
        private readonly IClock clock;
        private readonly IRandomSource random;
        private readonly WxCalls calls;
        private readonly OrderBook book;
        private readonly OrderNumbers numbers;
        private readonly ProgressReporter reporter;
        private readonly CancelSignal cancel;

        public SaleFlow(MerchantAccount account, PaymentConfig config, IClock clock, IRandomSource random, WxCalls calls, OrderBook book,
            OrderNumbers numbers, ProgressReporter reporter, CancelSignal cancel)
        {
            this.account = account;
            this.config = config;
            this.clock = clock;
            this.random = random;
            this.calls = calls;
            this.book = book;
            this.numbers = numbers;
            this.reporter = reporter;
            this.cancel = cancel;
        }

        /// <summary>A new sale: checks, reserves an order number, commits the intent, submits, and follows the answer to the end.</summary>
        public PaymentResult Sell(long totalFee, string authCode)
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
            sale.ReverseTries = config.ReverseTries;

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
                book.Commit(entry);
            }
            catch (StoreException ex)
            {
                return Rejected(entry.OutTradeNo, totalFee, "cannot record the sale in flash (nothing sent): " + ex.Message);
            }

            cancel.SetInterruptible(true);
            WxOutcome outcome = Submit(sale, null);
            if (outcome == null)
            {
                book.Finish(entry);
                if (cancel.Requested)
                {
                    reporter.Report(PaymentStage.Failed, entry.OutTradeNo, totalFee, -1, "Cancelled before sending: nothing charged.");
                    PaymentResult cancelled = Result(SaleStatus.NotSent, entry, "cancelled by the cashier before the micropay was sent");
                    cancelled.CashierCancelled = true;
                    return cancelled;
                }

                reporter.Report(PaymentStage.Failed, entry.OutTradeNo, totalFee, -1, "No connection to WeChat Pay: nothing sent, nothing charged.");
                return Result(SaleStatus.NotSent, entry, "no connection: the micropay was never sent");
            }

            switch (outcome.Verdict)
            {
                case Verdict.Paid:
                    return FinishPaid(sale, outcome);
                case Verdict.Failed:
                    return FinishFailed(sale, outcome);
                default:
                    // The reverse phase is called from here, not from inside the wait: one frame less
                    // on the stack while it reads answers (docs/performance.md "Heap").
                    PaymentResult waited = WaitAndSettle(sale, outcome);
                    return waited != null ? waited : ReverseSale(sale, sale.ReverseWhy);
            }
        }

        /// <summary>
        /// An order found unfinished at boot, resumed after a query answered <paramref name="answer"/>
        /// (not paid, not final): the caller runs <see cref="WaitAndSettle"/> — queries until the
        /// deadline, counted from <see cref="JournalEntry.SubmittedMs"/>, a time by which its
        /// micropay had certainly left — and, when it returns null without <see cref="Sale.Paid"/>,
        /// <see cref="ReverseSale"/>. Nothing is known of what WeChat said before the power went, so
        /// an ORDERNOTEXIST is no proof here: the reverse is. When WeChat answers paid, either phase
        /// returns null with <see cref="Sale.Paid"/> set and nothing committed: the caller hands it
        /// over (<see cref="FinishPaid(JournalEntry, WxOutcome, bool, bool)"/>) once these frames
        /// have unwound (docs/performance.md "Heap": a frame costs about 0.4 KB on the interpreter).
        /// </summary>
        public static Sale Resumed(JournalEntry entry, WxOutcome answer, int reverseTries)
        {
            Sale sale = new Sale();
            sale.Entry = entry;
            sale.Resumed = true;
            sale.Submitted = true;
            sale.FirstSubmitMs = entry.SubmittedMs;
            sale.LastSubmitMs = entry.SubmittedMs;
            sale.MayExist = true;
            sale.ReverseTries = reverseTries < 1 ? 1 : reverseTries;
            sale.NoteQuery(answer);
            return sale;
        }

        /// <summary>Sends (or re-sends) the micropay; null when it never left the terminal.</summary>
        private WxOutcome Submit(Sale sale, string host)
        {
            int attempts = config.SubmitAttempts < 1 ? 1 : config.SubmitAttempts;
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                reporter.Attempt(attempt, attempts);
                reporter.Report(PaymentStage.Submitting, sale.Entry.OutTradeNo, sale.Entry.TotalFee, -1, "Submitting the payment.");
                try
                {
                    WxOutcome outcome = calls.Micropay(sale.MicropayBody, host, sale.Expected);
                    MarkSubmitted(sale);
                    sale.NoteMicropay(outcome);
                    return outcome;
                }
                catch (ConnectionException ex)
                {
                    if (!ex.NothingSent)
                    {
                        MarkSubmitted(sale);
                        WxOutcome lost = WxOutcome.NoAnswer(WxApi.Micropay, "no answer to the micropay (" + ex.Message + ")");
                        sale.NoteMicropay(lost);
                        return lost;
                    }

                    if (cancel.Requested)
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
            long sent = calls.LastSentMs;
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
            sale.SubmitHost = calls.LastHost;
        }

        /// <summary>
        /// Unknown, USERPAYING or not paid: query until paid, final or the deadline. Null when the
        /// order must be reversed now (<see cref="Sale.ReverseWhy"/> says why; the caller runs
        /// <see cref="ReverseSale"/>), or when a resumed order was paid (<see cref="Sale.Paid"/>).
        /// </summary>
        public PaymentResult WaitAndSettle(Sale sale, WxOutcome outcome)
        {
            JournalEntry entry = sale.Entry;
            long deadline = sale.FirstSubmitMs + config.DeadlineMs;
            long nextQuery = clock.MonotonicMs + config.PollIntervalMs;
            PaymentStage waiting = outcome.Verdict == Verdict.UserPaying || outcome.Verdict == Verdict.NotPaid ? PaymentStage.WaitingForPassword : PaymentStage.Checking;
            string lastDetail = outcome.Detail;
            bool payError = outcome.Verdict == Verdict.PayError;
            long lastQueryMs = -1;

            while (!payError)
            {
                if (cancel.Requested)
                {
                    sale.Cancelled = true;
                    reporter.Progress.CashierCancelled = true;
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
                    reporter.Report(waiting, entry.OutTradeNo, entry.TotalFee, ProgressReporter.SecondsUntil(deadline, now), lastDetail);
                    if (cancel.Requested)
                    {
                        continue;
                    }

                    long wait = nextQuery - now;
                    clock.Sleep(wait > 1000 ? 1000 : (int)wait);
                    continue;
                }

                long queryStarted = now;
                lastQueryMs = now;
                WxOutcome answer = calls.Query(entry);
                sale.NoteQuery(answer);
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
                        if (sale.MayExist)
                        {
                            // WeChat has said the order exists (or nothing is known): the customer
                            // may still pay. Keep asking; at the deadline the reverse decides.
                            break;
                        }

                        if (!sale.Resubmitted && sale.MicropayBody != null)
                        {
                            if (clock.MonotonicMs >= deadline)
                            {
                                break;
                            }

                            // The micropay drew no answer and WeChat never got it: the documented
                            // safe retry is the same out_trade_no and auth_code, to the same host.
                            sale.Resubmitted = true;
                            WxOutcome again = Submit(sale, sale.SubmitHost);
                            if (again != null && again.Verdict == Verdict.Paid)
                            {
                                return FinishPaid(sale, again);
                            }

                            if (again != null && again.Verdict == Verdict.Failed)
                            {
                                return FinishFailed(sale, again);
                            }

                            if (again != null && again.Verdict == Verdict.UserPaying)
                            {
                                waiting = PaymentStage.WaitingForPassword;
                            }

                            lastDetail = again == null ? "re-submit not sent" : again.Detail;
                            nextQuery = clock.MonotonicMs + config.PollIntervalMs;
                            continue;
                        }

                        return FinishNotAccepted(sale, answer);
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

            sale.ReverseWhy = payError ? "PAYERROR" : (sale.Cancelled ? "cancelled by the cashier" : "not paid by the deadline");
            return null;
        }

        public PaymentResult ReverseSale(Sale sale, string why)
        {
            cancel.SetInterruptible(false); // from here on, cancel changes nothing: the reverse must go through
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

                reporter.Report(PaymentStage.Cancelling, entry.OutTradeNo, entry.TotalFee, ProgressReporter.SecondsUntil(notBefore, now), waitMessage);
                long wait = notBefore - now;
                clock.Sleep(wait > 1000 ? 1000 : (int)wait);
            }

            WxOutcome last = null;
            int tries = sale.ReverseTries;
            for (int attempt = 1; attempt <= tries; attempt++)
            {
                reporter.Attempt(attempt, tries);
                reporter.Report(PaymentStage.Reversing, entry.OutTradeNo, entry.TotalFee, -1, reverseMessage);
                last = calls.Reverse(entry);
                sale.NoteRefusal(last);
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
            WxOutcome check = calls.Query(entry);
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

        /// <summary>Paid: hands the payment over (a resumed order's is left to the caller: null, see <see cref="Resumed"/>).</summary>
        private PaymentResult FinishPaid(Sale sale, WxOutcome outcome)
        {
            if (sale.Resumed)
            {
                sale.Paid = outcome;
                return null;
            }

            return FinishPaid(sale.Entry, outcome, false, sale.Cancelled);
        }

        /// <summary>Commits a paid order to the outbox (then removes its intent) and reports it.</summary>
        public PaymentResult FinishPaid(JournalEntry entry, WxOutcome outcome, bool resumed, bool cashierCancelled)
        {
            PaidPayment payment = book.HandOver(entry, outcome, resumed);
            PaymentResult result = Result(SaleStatus.Paid, entry, outcome.Detail);
            result.Payment = payment;
            result.NotificationPending = entry.State == JournalState.Paid;
            result.CashierCancelled = cashierCancelled;
            reporter.Report(PaymentStage.Paid, entry.OutTradeNo, entry.TotalFee, -1, result.NotificationPending ?
                "Paid. The notification is waiting for flash space." : "Paid.");
            return result;
        }

        private PaymentResult FinishFailed(Sale sale, WxOutcome outcome)
        {
            JournalEntry entry = sale.Entry;
            book.Finish(entry);
            PaymentResult result = Result(SaleStatus.Failed, entry, outcome.Detail);
            result.Reason = outcome.Reason;
            result.RescanAllowed = outcome.RescanAllowed;
            result.TechnicianAttention = outcome.TechnicianAttention;
            result.ErrCode = outcome.ErrCode;
            ReportFailed(entry, outcome.Reason, outcome.Detail);
            return result;
        }

        private PaymentResult FinishNotAccepted(Sale sale, WxOutcome outcome)
        {
            JournalEntry entry = sale.Entry;
            book.Finish(entry);
            PaymentResult result = Result(SaleStatus.Failed, entry, WithRefusal("WeChat Pay never accepted the order; nothing charged", sale));
            result.Reason = FailureReason.NotAccepted;
            result.RescanAllowed = sale.Refusal == null;
            result.TechnicianAttention = sale.Refusal != null;
            result.ErrCode = outcome.ErrCode;
            ReportFailed(entry, FailureReason.NotAccepted, result.Detail);
            return result;
        }

        private void ReportFailed(JournalEntry entry, FailureReason reason, string detail)
        {
            reporter.Progress.Reason = reason;
            reporter.Report(PaymentStage.Failed, entry.OutTradeNo, entry.TotalFee, -1, detail);
            reporter.Progress.Reason = FailureReason.None;
        }

        private PaymentResult FinishNothingCharged(Sale sale, string detail)
        {
            JournalEntry entry = sale.Entry;
            book.Finish(entry);
            PaymentResult result = Result(SaleStatus.Cancelled, entry, WithRefusal(detail, sale));
            result.CashierCancelled = sale.Cancelled;
            result.TechnicianAttention = sale.Refusal != null;
            reporter.Report(PaymentStage.Cancelled, entry.OutTradeNo, entry.TotalFee, -1, "Cancelled: nothing charged (" + detail + ").");
            return result;
        }

        private PaymentResult FinishUnresolved(Sale sale, string detail, bool technician)
        {
            JournalEntry entry = sale.Entry;
            entry.SubmittedMs = sale.LastSubmitMs;
            book.MarkPending(entry, JournalState.Unresolved);
            PaymentResult result = Result(SaleStatus.Unresolved, entry, WithRefusal(detail, sale));
            result.CashierCancelled = sale.Cancelled;
            result.TechnicianAttention = technician || sale.Refusal != null;
            reporter.Report(PaymentStage.Unresolved, entry.OutTradeNo, entry.TotalFee, -1, "Unresolved: do not charge again. The terminal keeps checking (" + detail + ").");
            return result;
        }

        /// <summary>The detail, followed by the refusal a technician must see (when it says something else).</summary>
        private static string WithRefusal(string detail, Sale sale)
        {
            if (sale.Refusal == null || sale.Refusal.Detail == null || detail == sale.Refusal.Detail)
            {
                return detail;
            }

            return detail + "; " + sale.Refusal.Detail;
        }

        public PaymentResult Rejected(string outTradeNo, long totalFee, string detail)
        {
            PaymentResult result = new PaymentResult();
            result.Status = SaleStatus.Rejected;
            result.OutTradeNo = outTradeNo;
            result.TotalFee = totalFee;
            result.Detail = detail;
            reporter.Report(PaymentStage.Failed, outTradeNo, totalFee, -1, "Not started: " + detail);
            return result;
        }

        public static PaymentResult Result(SaleStatus status, JournalEntry entry, string detail)
        {
            PaymentResult result = new PaymentResult();
            result.Status = status;
            result.OutTradeNo = entry.OutTradeNo;
            result.TotalFee = entry.TotalFee;
            result.Detail = detail;
            result.StartedUnix = entry.CreatedUnix;
            return result;
        }
    }
}
