using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>Why a refund was not started (nothing was committed, nothing sent). Messages: <see cref="RefundFlow.Message"/>.</summary>
    public enum RefundRejection
    {
        None = 0,

        /// <summary>The amount is not a positive number of minor units.</summary>
        BadAmount,

        /// <summary>Refunds already made or on their way plus this one would exceed the sale.</summary>
        ExceedsSale,

        /// <summary>No such sale (order number or reference unknown, or WeChat has no such order).</summary>
        UnknownSale,

        /// <summary>WeChat does not report the order as paid.</summary>
        NotPaid,

        /// <summary>WeChat could not be asked about the order now (no answer, untrusted answer).</summary>
        NoAnswer,

        /// <summary>The order's refund file in flash is unreadable: its earlier refunds are unknown.</summary>
        RecordsDamaged,

        /// <summary>The intent could not be committed to flash.</summary>
        FlashUnavailable,

        /// <summary>A sale, recovery or another refund is running.</summary>
        Busy,

        /// <summary>WeChat allows at most 50 refunds of one order.</summary>
        TooManyRefunds,

        /// <summary>The terminal has no outbox for refund notifications (configuration).</summary>
        NoOutbox,

        /// <summary>The request would be invalid (order number, configuration).</summary>
        InvalidRequest,
    }

    /// <summary>The outcome of <see cref="PaymentEngine.Refund"/>: a refund record (with its state) or why none was started.</summary>
    public sealed class RefundResult
    {
        public RefundRejection Rejection { get; internal set; }

        /// <summary>The refund as it stands (null when rejected).</summary>
        public RefundRecord Refund { get; internal set; }

        /// <summary>What the order had refunded or on its way before this refund, and its total.</summary>
        public long AlreadyRefunded { get; internal set; }

        public long SaleTotal { get; internal set; }

        /// <summary>A sentence for the console (English).</summary>
        public string Detail { get; internal set; }

        /// <summary>True when the terminal must be looked at (a configuration error in WeChat's answer).</summary>
        public bool TechnicianAttention { get; internal set; }
    }

    /// <summary>
    /// Refunds by WeChat's rules (docs/protocol.md, "Refund"), with the discipline of sales: the
    /// refund's intent — out_refund_no, amount, order — is committed to flash in the order's
    /// refund file before the request leaves, and in the same write the sum refunded or on its way
    /// is checked against the sale; an ambiguous answer leaves the refund in flight and is settled
    /// by a refund query (WeChat having no refund under the number: the same number and amounts are
    /// sent again — WeChat refunds one out_refund_no once); "refunded" only on refund_status
    /// SUCCESS, "failed" only on a signed definite refusal or REFUNDCLOSE. A confirmed refund is
    /// committed to the outbox (<see cref="IRefundSink"/>) before it is final; its refunded time
    /// is stored first, so every hand-over gives the same notification.
    /// </summary>
    internal sealed class RefundFlow
    {
        /// <summary>WeChat: one refund call per order a minute; PROCESSING is queried about as often.</summary>
        public const int RetryMs = 60000;

        /// <summary>WeChat: at most 50 partial refunds per order.</summary>
        public const int MaxRefundsPerOrder = 50;

        private static readonly string[] Messages = new string[]
        {
            "",
            "the amount must be a positive number of minor units",
            "the refunds would exceed the sale",
            "no such sale",
            "WeChat does not report this sale as paid",
            "WeChat could not be asked about the sale now; try again",
            "this sale's refund records in flash are damaged; its refunds cannot be checked",
            "flash unavailable: the refund could not be recorded, nothing was sent",
            "the terminal is busy (a sale or recovery is running)",
            "WeChat allows at most 50 refunds of one sale",
            "no outbox for refund notifications",
            "the refund request would be invalid",
        };

        private readonly MerchantAccount account;
        private readonly IClock clock;
        private readonly WxCalls calls;
        private readonly RefundBook book;
        private readonly OrderNumbers numbers;

        public RefundFlow(MerchantAccount account, IClock clock, WxCalls calls, RefundBook book, OrderNumbers numbers)
        {
            this.account = account;
            this.clock = clock;
            this.calls = calls;
            this.book = book;
            this.numbers = numbers;
        }

        /// <summary>Where confirmed refunds go (the outbox). Refunds are refused while null.</summary>
        public IRefundSink Sink { get; set; }

        public static string Message(RefundRejection rejection)
        {
            int i = (int)rejection;
            return i >= 0 && i < Messages.Length ? Messages[i] : "refund refused";
        }

        public static RefundResult Rejected(RefundRejection rejection, string detail)
        {
            RefundResult result = new RefundResult();
            result.Rejection = rejection;
            result.Detail = detail == null ? Message(rejection) : Message(rejection) + " (" + detail + ")";
            return result;
        }

        /// <summary>Reads the refund files if not yet done (throws <see cref="StoreException"/>).</summary>
        public void EnsureLoaded()
        {
            if (!book.Loaded)
            {
                book.Load();
            }
        }

        /// <summary>Starts a refund of <paramref name="fee"/> from the order and drives it as far as WeChat answers now.</summary>
        public RefundResult Refund(string outTradeNo, long fee)
        {
            if (Sink == null)
            {
                return Rejected(RefundRejection.NoOutbox, null);
            }

            if (fee <= 0)
            {
                return Rejected(RefundRejection.BadAmount, null);
            }

            string invalid = Requests.CheckOutTradeNo(outTradeNo);
            if (invalid != null)
            {
                return Rejected(RefundRejection.UnknownSale, invalid);
            }

            try
            {
                EnsureLoaded();
            }
            catch (StoreException ex)
            {
                return Rejected(RefundRejection.FlashUnavailable, ex.Message);
            }

            RefundOrder order = book.Find(outTradeNo);
            if (order != null && order.Damaged)
            {
                return Rejected(RefundRejection.RecordsDamaged, null);
            }

            bool created = order == null;
            if (created)
            {
                RefundResult problem;
                order = AskWeChat(outTradeNo, out problem);
                if (order == null)
                {
                    return problem;
                }
            }

            long already = order.CountedSum();
            if (already + fee > order.TotalFee)
            {
                RefundResult over = Rejected(RefundRejection.ExceedsSale, "sale " + order.TotalFee.ToString() + ", already refunded or on its way " + already.ToString() + ", asked " + fee.ToString());
                over.AlreadyRefunded = already;
                over.SaleTotal = order.TotalFee;
                return over;
            }

            if (order.Refunds.Count >= MaxRefundsPerOrder)
            {
                return Rejected(RefundRejection.TooManyRefunds, null);
            }

            RefundRecord refund = new RefundRecord();
            refund.OutTradeNo = order.OutTradeNo;
            refund.Fee = fee;
            refund.Currency = order.Currency;
            refund.CreatedUnix = clock.IsWallClockValid ? OrderNumbers.UnixSeconds(clock.UtcNow) : 0;
            try
            {
                refund.OutRefundNo = numbers.FormatRefund(numbers.Next());
            }
            catch (StoreException ex)
            {
                return Rejected(RefundRejection.FlashUnavailable, ex.Message);
            }

            RequestBuild check = Requests.Refund(account, order.OutTradeNo, refund.OutRefundNo, order.TotalFee, fee, "check");
            if (!check.Ok)
            {
                return Rejected(RefundRejection.InvalidRequest, check.Error);
            }

            order.Refunds.Add(refund);
            try
            {
                book.Commit(order); // the intent: in flash before the request leaves
            }
            catch (StoreException ex)
            {
                order.Refunds.Remove(refund);
                return Rejected(RefundRejection.FlashUnavailable, ex.Message);
            }

            book.Prune();
            RefundResult result = new RefundResult();
            result.Refund = refund;
            result.AlreadyRefunded = already;
            result.SaleTotal = order.TotalFee;
            RefundAnswer sent = Send(order, refund);
            result.TechnicianAttention = sent.TechnicianAttention;
            if (refund.State == RefundState.Intent || refund.State == RefundState.Accepted)
            {
                if (sent.Verdict != RefundVerdict.RetryLater)
                {
                    RefundAnswer queried = Query(order, refund, false);
                    result.TechnicianAttention = result.TechnicianAttention || queried.TechnicianAttention;
                }
            }

            result.Detail = refund.LastDetail;
            return result;
        }

        /// <summary>
        /// One pass over the refunds still in flight: query each (at most once a minute; at boot
        /// at once), send again under the same number when WeChat has none, hand confirmed ones
        /// to the outbox. Never waits.
        /// </summary>
        public void Pass(bool boot)
        {
            EnsureLoaded();
            object[] orders = book.Snapshot();
            long now = clock.MonotonicMs;
            for (int i = 0; i < orders.Length; i++)
            {
                RefundOrder order = (RefundOrder)orders[i];
                for (int k = 0; k < order.Refunds.Count; k++)
                {
                    RefundRecord refund = (RefundRecord)order.Refunds[k];
                    if (!refund.Pending || (!boot && now < refund.NextAttemptMs))
                    {
                        continue;
                    }

                    Settle(order, refund);
                }
            }
        }

        private void Settle(RefundOrder order, RefundRecord refund)
        {
            if (refund.State == RefundState.Refunded)
            {
                HandOver(order, refund); // WeChat already said SUCCESS: only the outbox is missing
                return;
            }

            Query(order, refund, true);
        }

        private RefundOrder AskWeChat(string outTradeNo, out RefundResult problem)
        {
            problem = null;
            JournalEntry probe = new JournalEntry();
            probe.OutTradeNo = outTradeNo;
            WxOutcome outcome = calls.QueryWithParams(probe);
            bool paid = outcome.Verdict == Verdict.Paid;
            bool partlyRefunded = outcome.Verdict == Verdict.Closed && outcome.TradeState == "REFUND";
            if (!paid && !partlyRefunded)
            {
                if (outcome.Verdict == Verdict.Unknown)
                {
                    problem = Rejected(RefundRejection.NoAnswer, outcome.Detail);
                }
                else if (outcome.Verdict == Verdict.OrderNotExist)
                {
                    problem = Rejected(RefundRejection.UnknownSale, outcome.Detail);
                }
                else
                {
                    problem = Rejected(RefundRejection.NotPaid, outcome.Detail);
                }

                problem.TechnicianAttention = outcome.TechnicianAttention;
                return null;
            }

            WxParams p = outcome.Params;
            RefundOrder order = new RefundOrder();
            order.OutTradeNo = outTradeNo;
            order.TransactionId = p.Get("transaction_id");
            order.TotalFee = Terminal.Core.Text.Digits.ParseNonNegative(p.Get("total_fee"));
            string feeType = p.Get("fee_type");
            order.Currency = feeType == null || feeType.Length == 0 ? Responses.DefaultFeeType : feeType;
            if (order.TotalFee <= 0 || order.TransactionId == null || order.TransactionId.Length == 0)
            {
                problem = Rejected(RefundRejection.NoAnswer, "WeChat's answer lacks total_fee or transaction_id");
                return null;
            }

            return order;
        }

        /// <summary>Sends (or re-sends, same number and amounts) the refund and records what the answer proves.</summary>
        private RefundAnswer Send(RefundOrder order, RefundRecord refund)
        {
            RefundAnswer answer = calls.Refund(order, refund);
            refund.LastDetail = answer.Detail;
            refund.NextAttemptMs = clock.MonotonicMs + RetryMs;
            switch (answer.Verdict)
            {
                case RefundVerdict.Accepted:
                    refund.State = RefundState.Accepted;
                    if (answer.RefundId != null)
                    {
                        refund.RefundId = answer.RefundId;
                    }

                    book.TryCommit(order);
                    break;
                case RefundVerdict.Refused:
                    refund.State = RefundState.Failed;
                    book.TryCommit(order);
                    break;
                default:
                    // Unknown or not accepted yet: still in flight, the query (or the next pass) settles it.
                    break;
            }

            return answer;
        }

        /// <summary>Queries the refund and acts on the answer; <paramref name="resend"/>: send it again when WeChat has none.</summary>
        private RefundAnswer Query(RefundOrder order, RefundRecord refund, bool resend)
        {
            RefundAnswer answer = calls.RefundQuery(order, refund);
            refund.LastDetail = answer.Detail;
            refund.NextAttemptMs = clock.MonotonicMs + RetryMs;
            switch (answer.Verdict)
            {
                case RefundVerdict.Refunded:
                    refund.State = RefundState.Refunded;
                    if (answer.RefundId != null)
                    {
                        refund.RefundId = answer.RefundId;
                    }

                    refund.SuccessTime = answer.SuccessTime;
                    refund.RefundedUnix = RefundRecord.UnixFromSuccessTime(answer.SuccessTime);
                    if (refund.RefundedUnix == 0 && clock.IsWallClockValid)
                    {
                        refund.RefundedUnix = OrderNumbers.UnixSeconds(clock.UtcNow);
                    }

                    if (order.TransactionId == null && answer.TransactionId != null)
                    {
                        order.TransactionId = answer.TransactionId;
                    }

                    book.TryCommit(order); // the success and its time, before the hand-over
                    HandOver(order, refund);
                    break;
                case RefundVerdict.Processing:
                    if (refund.State == RefundState.Intent)
                    {
                        refund.State = RefundState.Accepted;
                        book.TryCommit(order);
                    }

                    break;
                case RefundVerdict.Closed:
                    refund.State = RefundState.Closed;
                    book.TryCommit(order);
                    break;
                case RefundVerdict.Abnormal:
                    refund.State = RefundState.Abnormal;
                    book.TryCommit(order);
                    break;
                case RefundVerdict.NotFound:
                    if (resend)
                    {
                        return Send(order, refund);
                    }

                    break;
            }

            return answer;
        }

        private void HandOver(RefundOrder order, RefundRecord refund)
        {
            if (Sink == null)
            {
                return;
            }

            try
            {
                Sink.Commit(order, refund);
            }
            catch (StoreException)
            {
                refund.LastDetail = "refunded; the notification waits for outbox space";
                return; // stays Refunded: the next pass hands it over again (the outbox is idempotent)
            }

            refund.State = RefundState.Notified;
            book.TryCommit(order);
        }
    }
}
