using System;
using Terminal.Core.Crypto;
using Terminal.Core.Net;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// Takes WeChat Pay Quick Pay payments by WeChat's rules and never loses one. The parts:
    /// <see cref="SaleFlow"/> drives one order through micropay, query and reverse;
    /// <see cref="Reconciler"/> recovers unfinished orders at boot and settles pending ones in
    /// the background; <see cref="OrderBook"/> keeps the in-flight journal, the pending list and
    /// the hand-over to the outbox; <see cref="WxCalls"/> makes the calls and reads each answer
    /// against its request.
    /// <para>Crash safety: the intent (order number, amount, code, time) is committed to the
    /// journal before the micropay leaves; a payment WeChat confirms is committed to the outbox
    /// (<see cref="IPaidSink"/>) before the cashier sees "Paid", and only then is the intent
    /// removed. <see cref="Recover"/> resumes every unfinished intent at boot.</para>
    /// <para>One thing at a time: <see cref="Pay"/>, <see cref="Recover"/> and
    /// <see cref="Reconcile"/> run on the calling thread; a call while another runs returns at
    /// once (Pay: Busy). <see cref="Cancel"/> may be called from any thread. Only
    /// <see cref="StoreException"/> and <see cref="ConnectionException"/> are handled; anything
    /// else (a bug, a power cut in tests) propagates.</para>
    /// </summary>
    public sealed class PaymentEngine
    {
        private readonly PaymentConfig config;
        private readonly OrderNumbers numbers;
        private readonly OrderBook book;
        private readonly SaleFlow flow;
        private readonly Reconciler reconciler;
        private readonly ProgressReporter reporter = new ProgressReporter();
        private readonly CancelSignal cancel;
        private readonly IWxGateway gateway;
        private readonly RefundBook refundBook;
        private readonly RefundFlow refunds;
        private readonly object gate = new object();
        private readonly MerchantAccount account;
        private readonly IClock clock;
        private readonly IRandomSource random;
        private readonly GuaranteeLog guarantee = new GuaranteeLog(GuaranteeLog.DefaultCapacity);
        private readonly object reportGate = new object();
        private int saleIntents; // under reportGate: counts SaleComing calls
        private bool reporting; // under reportGate: a report is on the wire
        private bool reportHolds; // under reportGate: a report holds the engine (it gives way to a sale)
        private bool busy;

        public PaymentEngine(MerchantAccount account, string terminalId, PaymentConfig config, IClock clock, IFileStore store,
            IRandomSource random, IWxGateway gateway, IPaidSink sink)
        {
            if (account == null || config == null || clock == null || store == null || random == null || gateway == null || sink == null)
            {
                throw new ArgumentNullException("account, config, clock, store, random, gateway and sink are required");
            }

            this.config = config;
            this.gateway = gateway;
            this.account = account;
            this.clock = clock;
            this.random = random;
            numbers = new OrderNumbers(store, clock, terminalId, config.SequenceBlock);
            string currency = account.Currency == null ? null : account.Currency.Code;
            book = new OrderBook(new PaymentJournal(store, numbers), sink, numbers, clock, currency, config.Body);
            cancel = new CancelSignal(gateway);
            WxCalls calls = new WxCalls(account, random, gateway);
            flow = new SaleFlow(account, config, clock, random, calls, book, numbers, reporter, cancel);
            reconciler = new Reconciler(config, clock, calls, book, numbers, flow, reporter);
            reconciler.Guarantee = guarantee;
            refundBook = new RefundBook(store);
            refunds = new RefundFlow(account, clock, calls, refundBook, numbers);
        }

        /// <summary>Where confirmed refunds go (the outbox); refunds are refused while null.</summary>
        public IRefundSink RefundSink
        {
            get { return refunds.Sink; }
            set { refunds.Sink = value; }
        }

        /// <summary>Resolves a sale reference to its order number for <see cref="Refund"/>. May be null (order numbers only).</summary>
        public ISaleLookup SaleLookup { get; set; }

        /// <summary>Refunds the terminal still has to settle (in flight, accepted, or refunded but not yet in the outbox).</summary>
        public int RefundPendingCount
        {
            get { return refundBook.PendingCount(); }
        }

        /// <summary>
        /// Refunds <paramref name="fee"/> (minor units) of the sale named by its order number or
        /// reference (<see cref="SaleLookup"/>): the intent is committed to flash before the request
        /// leaves, and the sum of the sale's refunds (including those in flight) never exceeds it.
        /// Blocks for the refund call and one refund query; a refund still in flight is settled by
        /// <see cref="Reconcile"/> and at boot. Returns at once (Busy) while a sale runs.
        /// </summary>
        public RefundResult Refund(string orderOrReference, long fee)
        {
            if (!EnterForSale())
            {
                return RefundFlow.Rejected(RefundRejection.Busy, null);
            }

            try
            {
                string order = null;
                ISaleLookup lookup = SaleLookup;
                if (lookup != null && orderOrReference != null)
                {
                    order = lookup.FindOrder(orderOrReference);
                }

                return refunds.Refund(order == null ? orderOrReference : order, fee);
            }
            finally
            {
                Leave();
            }
        }

        /// <summary>Every refund in flash (orders oldest first, each order's refunds in the order asked), or an empty array when flash is unreadable.</summary>
        public RefundRecord[] Refunds()
        {
            System.Collections.ArrayList list = new System.Collections.ArrayList();
            object[] orders = refundBook.Snapshot();
            for (int i = 0; i < orders.Length; i++)
            {
                System.Collections.ArrayList records = ((RefundOrder)orders[i]).Refunds;
                for (int k = 0; k < records.Count; k++)
                {
                    list.Add(records[k]);
                }
            }

            return (RefundRecord[])list.ToArray(typeof(RefundRecord));
        }

        /// <summary>
        /// The cashier is keying a sale: opens or checks the connection the micropay will use
        /// (<see cref="IWxGateway.Warm"/>), unless <see cref="PaymentConfig.WarmConnection"/> is
        /// off. Sends nothing, so it changes nothing about any order; never throws. Blocks for a
        /// handshake: call it off the keypad's thread.
        /// </summary>
        public void WarmConnection()
        {
            if (config.WarmConnection)
            {
                gateway.Warm();
            }
        }

        /// <summary>Receives progress reports (the cashier UI). May be null.</summary>
        public IPaymentListener Listener
        {
            get { return reporter.Listener; }
            set { reporter.Listener = value; }
        }

        /// <summary>Told about orders settled outside a sale (boot recovery, background passes). May be null.</summary>
        public ISettlementListener SettlementListener
        {
            get { return reconciler.Listener; }
            set { reconciler.Listener = value; }
        }

        public PaymentConfig Config
        {
            get { return config; }
        }

        public OrderNumbers Numbers
        {
            get { return numbers; }
        }

        /// <summary>What the last recovery found (not run yet: <see cref="BootRecovery.Ran"/> is false).</summary>
        public BootRecovery LastRecovery
        {
            get { return reconciler.Last; }
        }

        /// <summary>True while a sale, recovery, refund or reconciliation runs (a 交易保障 report gives way to a sale: not counted).</summary>
        public bool IsBusy
        {
            get
            {
                bool held;
                lock (gate)
                {
                    held = busy;
                }

                if (!held)
                {
                    return false;
                }

                lock (reportGate)
                {
                    return !reportHolds;
                }
            }
        }

        /// <summary>Orders not settled yet (Unresolved, or paid but not yet in the outbox).</summary>
        public int PendingCount
        {
            get { return book.PendingCount; }
        }

        /// <summary>The order numbers of the orders known paid whose hand-over (history, outbox) has not stuck yet: <see cref="HandOverPaid"/> tries them again.</summary>
        public string[] PaidWaiting()
        {
            return book.PaidWaiting();
        }

        /// <summary>The order numbers of the unsettled orders (for the "do not charge again" list).</summary>
        public string[] PendingOrders()
        {
            return book.PendingOrders();
        }

        /// <summary>
        /// The cashier pressed cancel: the running sale stops waiting at once — an answer still on
        /// its way is abandoned (the gateway is interrupted) — and reverses after the 15 s rule.
        /// The reverse itself is never interrupted.
        /// </summary>
        public void Cancel()
        {
            cancel.Request();
        }

        /// <summary>
        /// Boot: resumes every unfinished order of the journal — paid: outbox; not paid yet: the
        /// sale's rules (query until the deadline, then reverse); no answer: left pending for
        /// <see cref="Reconcile"/>. Blocks while WeChat's rules make it wait. Returns the number
        /// still pending. Runs automatically before the first sale if nobody called it.
        /// </summary>
        public int Recover()
        {
            if (!Enter())
            {
                return PendingCount;
            }

            try
            {
                cancel.Requested = false;
                reconciler.Recover(true);
            }
            catch (StoreException)
            {
                // flash unreadable now (LastRecovery says why); the next sale or pass tries again
            }

            try
            {
                refunds.Pass(true);
            }
            catch (StoreException)
            {
                // refund files unreadable now: the next pass tries again
            }
            finally
            {
                cancel.Requested = false;
                Leave();
            }

            return PendingCount;
        }

        /// <summary>
        /// One background pass over pending orders (the device calls it every minute or so while
        /// idle): hand confirmed payments to the outbox, query, reverse; it never waits. Returns the
        /// number still pending. Does nothing while a sale runs.
        /// </summary>
        public int Reconcile()
        {
            if (!Enter())
            {
                return PendingCount;
            }

            try
            {
                if (!reconciler.Loaded)
                {
                    reconciler.Recover(false);
                }
                else
                {
                    reconciler.Pass();
                }
            }
            catch (StoreException)
            {
                // flash unreadable now: next pass
            }

            try
            {
                refunds.Pass(false);
            }
            catch (StoreException)
            {
                // refund files unreadable now: next pass
            }
            finally
            {
                Leave();
            }

            return PendingCount;
        }

        /// <summary>
        /// Hands every order known paid but not yet taken by the sink over again now, without the
        /// network (a flash write of the sink failed at the sale: the history's, whose notification
        /// then went out naming the open period, or the outbox's, full or refusing). The close of day
        /// calls it first, so such a payment is counted in the period its notification names.
        /// Returns the order numbers still waiting (the flash still fails, or a sale holds the engine).
        /// </summary>
        public string[] HandOverPaid()
        {
            string[] waiting = book.PaidWaiting();
            if (waiting.Length == 0 || !Enter())
            {
                return waiting;
            }

            try
            {
                reconciler.HandOverPaid();
            }
            catch (StoreException)
            {
                // the journal could not be rewritten either: still waiting, counted below
            }
            finally
            {
                Leave();
            }

            return book.PaidWaiting();
        }

        /// <summary>
        /// Runs one sale to its end: <paramref name="totalFee"/> in minor units of the account
        /// currency, <paramref name="authCode"/> the scanned payment code. Blocks for up to the
        /// deadline plus the reverse phase.
        /// </summary>
        public PaymentResult Pay(long totalFee, string authCode)
        {
            if (!EnterForSale())
            {
                return Busy(totalFee);
            }

            try
            {
                cancel.Requested = false;
                reporter.Progress.CashierCancelled = false;
                if (!reconciler.Loaded)
                {
                    try
                    {
                        reconciler.Recover(true);
                    }
                    catch (StoreException ex)
                    {
                        return flow.Rejected(null, totalFee, "flash unavailable, unfinished orders cannot be checked: " + ex.Message);
                    }

                    cancel.Requested = false;
                    reporter.Progress.CashierCancelled = false;
                }

                PaymentResult result = flow.Sell(totalFee, authCode);
                if (clock.IsWallClockValid)
                {
                    guarantee.Record(result, OrderNumbers.UnixSeconds(clock.UtcNow));
                }

                return result;
            }
            finally
            {
                cancel.SetInterruptible(false);
                cancel.Requested = false;
                Leave();
            }
        }

        /// <summary>The 交易保障 trades waiting to be reported (off by default: <see cref="GuaranteeLog.Enabled"/>).</summary>
        public GuaranteeLog Guarantee
        {
            get { return guarantee; }
        }

        /// <summary>How many times <see cref="SaleComing"/> was called: a background pass reads it before it checks the cashier is idle, and hands it to <see cref="SendGuaranteeReport"/>.</summary>
        public int SaleIntents
        {
            get
            {
                lock (reportGate)
                {
                    return saleIntents;
                }
            }
        }

        /// <summary>
        /// The cashier started keying a sale (or scanned): a 交易保障 report on the wire is abandoned
        /// at once (its trades stay for the next pass) and none starts before the next idle check.
        /// Thread-safe; never waits.
        /// </summary>
        public void SaleComing()
        {
            lock (reportGate)
            {
                saleIntents++;
                if (reporting)
                {
                    gateway.Interrupt();
                }
            }
        }

        /// <summary>
        /// One 交易保障 report (the background pass, never a sale's thread): the oldest trades that
        /// fit one batch, signed like every request, posted with a short time-out
        /// (<see cref="GuaranteeLog.TimeoutMs"/>) on the payments' connection. Delivered only on a
        /// well-formed return_code=SUCCESS answer; otherwise the trades stay (bounded attempts).
        /// Skipped while the engine is busy or when <see cref="SaleComing"/> was called since the
        /// caller read <paramref name="saleIntents"/> (<see cref="SaleIntents"/>). The answer changes
        /// nothing about any payment.
        /// </summary>
        public ReportPass SendGuaranteeReport(int saleIntents)
        {
            if (!guarantee.Enabled || guarantee.Count == 0)
            {
                return ReportPass.NothingToSend;
            }

            if (!Enter())
            {
                return ReportPass.Skipped;
            }

            try
            {
                lock (reportGate)
                {
                    reportHolds = true;
                    if (this.saleIntents != saleIntents)
                    {
                        return ReportPass.Skipped;
                    }

                    reporting = true;
                }

                long serial;
                int count;
                bool delivered = false;
                try
                {
                    string trades = guarantee.TakeBatch(out serial, out count);
                    if (trades == null)
                    {
                        return ReportPass.NothingToSend;
                    }

                    RequestBuild build = Requests.Report(account, account.SpbillCreateIp, trades, Nonce.Create(random));
                    trades = null;
                    if (build.Ok)
                    {
                        delivered = PostReport(build.Body);
                    }
                }
                finally
                {
                    lock (reportGate)
                    {
                        reporting = false;
                        gateway.ResetInterrupt(); // a SaleComing interrupt ends with the report it interrupted
                    }
                }

                if (delivered)
                {
                    guarantee.Acknowledge(serial, count);
                    return ReportPass.Delivered;
                }

                guarantee.Fail(serial, count);
                return ReportPass.NotDelivered;
            }
            finally
            {
                Leave();
                lock (reportGate)
                {
                    reportHolds = false; // after Leave: a sale waiting in EnterForSale finds the engine free
                }
            }
        }

        /// <summary>
        /// Enter for a sale or a refund: a 交易保障 report holding the engine ends within its time-out
        /// (at once when the scan abandoned it, <see cref="SaleComing"/>), so the sale or refund
        /// waits for it rather than being refused; anything else holding the engine refuses it (Busy).
        /// </summary>
        private bool EnterForSale()
        {
            // Real time, not the engine's clock: the report runs on another thread in real time.
            for (int waited = 0; waited <= GuaranteeLog.TimeoutMs + 1000; waited += 20)
            {
                if (Enter())
                {
                    return true;
                }

                lock (reportGate)
                {
                    if (!reportHolds)
                    {
                        return false;
                    }
                }

                System.Threading.Thread.Sleep(20);
            }

            return false;
        }

        /// <summary>True on a well-formed answer with return_code=SUCCESS; any failure is false.</summary>
        private bool PostReport(byte[] body)
        {
            byte[] answer;
            try
            {
                IBackgroundPost background = gateway as IBackgroundPost;
                answer = background != null ? background.PostBackground(Endpoints.ReportPath, body, GuaranteeLog.TimeoutMs) : gateway.Post(Endpoints.ReportPath, body, null);
            }
            catch (ConnectionException)
            {
                return false;
            }

            if (answer == null)
            {
                return false;
            }

            FlatXmlResult parsed = FlatXml.Parse(answer, 0, answer.Length, Responses.MaxAnswerBytes, Responses.MaxAnswerElements);
            return parsed.Ok && parsed.Params.Get("return_code") == "SUCCESS";
        }

        private PaymentResult Busy(long totalFee)
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

            PaymentResult result = new PaymentResult();
            result.Status = SaleStatus.Busy;
            result.TotalFee = totalFee;
            result.Detail = "a sale is in progress";
            return result;
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
    }
}
