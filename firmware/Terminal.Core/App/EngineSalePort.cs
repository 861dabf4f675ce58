using System.Threading;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Store;
using Terminal.Core.Technician;
using Terminal.Core.Ui;

namespace Terminal.Core.App
{
    /// <summary>
    /// The cashier UI's <see cref="ISalePort"/> over the real payment engine and outbox: a sale
    /// may start only with the network up, the wall clock set, merchant credentials configured,
    /// the merchant not suspending sales, the velocity guard unlocked and room in the outbox;
    /// the sale runs on its own thread (<see cref="Inline"/> = false, device and simulator) or on
    /// the caller's (tests, virtual time). Every finished sale goes to the <see cref="SalesHistory"/>,
    /// and so does every order the engine settles later (boot recovery, background passes: reason "Recovered").
    /// </summary>
    public sealed class EngineSalePort : ISalePort, IPaymentListener, ISettlementListener
    {
        /// <summary>The reason written to the sales list for orders settled outside the cashier's sale.</summary>
        public const string RecoveredReason = "Recovered";

        private readonly PaymentEngine engine;
        private readonly NotificationOutbox outbox;
        private readonly INetworkStatus network;
        private readonly IClock clock;
        private readonly SalesHistory log;
        private readonly string currency;
        private readonly object waitingGate = new object();
        private long waitingSinceMs = -1;
        private readonly object warmGate = new object();
        private bool warming; // under warmGate
        private ISaleListener listener;
        private long pendingFee;
        private string pendingCode;

        public EngineSalePort(PaymentEngine engine, NotificationOutbox outbox, INetworkStatus network, IClock clock, SalesHistory log, string currency)
        {
            this.engine = engine;
            this.outbox = outbox;
            this.network = network;
            this.clock = clock;
            this.log = log;
            this.currency = currency;
            Configured = true;
            engine.Listener = this;
            engine.SettlementListener = this;
        }

        /// <summary>Run each sale on the calling thread (tests) instead of a new thread.</summary>
        public bool Inline { get; set; }

        /// <summary>False when merchant credentials are missing: sales are refused.</summary>
        public bool Configured { get; set; }

        public PaymentEngine Engine
        {
            get { return engine; }
        }

        public SaleReadiness CheckReady()
        {
            if (!Configured)
            {
                return SaleReadiness.Blocked(Blocker.NotConfigured, "merchant credentials are not configured");
            }

            if (network != null && !network.IsUp)
            {
                return SaleReadiness.Blocked(Blocker.NoNetwork, network.Describe());
            }

            if (!clock.IsWallClockValid)
            {
                return SaleReadiness.Blocked(Blocker.ClockNotSynchronised, "the wall clock is not set (SNTP)");
            }

            if (outbox != null)
            {
                RiskControl risk = outbox.Risk;
                if (risk.Suspended)
                {
                    return SaleReadiness.Blocked(Blocker.Suspended, risk.SuspendReason);
                }

                if (risk.StateUnknown)
                {
                    return SaleReadiness.Blocked(Blocker.RiskStateUnknown, risk.SaleRefusal());
                }

                if (risk.VelocityLocked)
                {
                    return SaleReadiness.Blocked(Blocker.VelocityLocked, risk.VelocityReason);
                }

                string full = outbox.CapacityRefusal();
                if (full != null)
                {
                    return SaleReadiness.Blocked(Blocker.OutboxFull, full);
                }
            }

            if (engine.IsBusy)
            {
                return SaleReadiness.Blocked(Blocker.Busy, "the payment engine is settling an earlier order");
            }

            return SaleReadiness.Ready();
        }

        public void Begin(long totalFee, string authCode, ISaleListener saleListener)
        {
            engine.SaleComing(); // a background report on the wire gives way at once
            listener = saleListener;
            pendingFee = totalFee;
            pendingCode = authCode;
            if (Inline)
            {
                Run();
                return;
            }

            new Thread(Run).Start();
        }

        public void Cancel()
        {
            engine.Cancel();
        }

        /// <summary>
        /// A sale is coming: abandons a 交易保障 report on the wire (<see cref="PaymentEngine.SaleComing"/>),
        /// then warms the micropay connection on its own thread (at most one at a time; inline in
        /// tests), when a sale could start at all (configured, network up).
        /// </summary>
        public void Prepare()
        {
            engine.SaleComing(); // the cashier is keying: a background report gives way
            if (!Configured || (network != null && !network.IsUp))
            {
                return;
            }

            if (Inline)
            {
                engine.WarmConnection();
                return;
            }

            lock (warmGate)
            {
                if (warming)
                {
                    return;
                }

                warming = true;
            }

            new Thread(Warm).Start();
        }

        private void Warm()
        {
            try
            {
                engine.WarmConnection();
            }
            catch (System.Exception)
            {
                // Warming is an optimisation: the micropay opens its own connection if need be.
            }
            finally
            {
                lock (warmGate)
                {
                    warming = false;
                }
            }
        }

        /// <summary>
        /// The state the cashier screens show. <see cref="TerminalStatus.WaitingMs"/> counts from
        /// the first read that saw notifications waiting (the UI reads every few seconds) until a
        /// read sees the queue empty; after a boot it counts from the boot.
        /// </summary>
        public TerminalStatus Status()
        {
            TerminalStatus t = new TerminalStatus();
            t.NetworkUp = network == null || network.IsUp;
            t.ClockOk = clock.IsWallClockValid;
            t.Unresolved = engine.PendingCount;
            if (outbox != null)
            {
                OutboxStatus s = outbox.Status();
                t.Queue = s.Depth;
                t.DeadLetters = s.DeadLetters;
                t.Risk = s.Suspended ? Blocker.Suspended : (s.VelocityLocked ? Blocker.VelocityLocked :
                    (s.RiskStateUnknown ? Blocker.RiskStateUnknown : (s.Full ? Blocker.OutboxFull : Blocker.None)));
            }

            long now = clock.MonotonicMs;
            lock (waitingGate)
            {
                if (t.Queue == 0)
                {
                    waitingSinceMs = -1;
                }
                else if (waitingSinceMs < 0)
                {
                    waitingSinceMs = now;
                }

                t.WaitingMs = waitingSinceMs < 0 ? 0 : now - waitingSinceMs;
            }

            return t;
        }

        /// <summary>
        /// Boot: runs the engine's recovery of unfinished orders before any sale, showing its
        /// progress on <paramref name="view"/> (the cashier screen). Returns what it found.
        /// </summary>
        public BootRecovery RecoverAtBoot(ISaleListener view)
        {
            listener = view;
            try
            {
                engine.Recover();
            }
            finally
            {
                listener = null;
            }

            return engine.LastRecovery;
        }

        /// <summary>An order settled outside the cashier's sale goes to the sales list.</summary>
        public void OnSettled(PaymentResult result)
        {
            if (log == null)
            {
                return;
            }

            Record(result.Status, result.OutTradeNo, result.TotalFee, RecoveredReason, result.Payment == null ? null : result.Payment.TransactionId);
        }

        public void OnProgress(PaymentProgress progress)
        {
            ISaleListener l = listener;
            if (l != null && progress.Stage != PaymentStage.ScanIgnored)
            {
                l.OnSaleProgress(progress.Stage, progress.SecondsLeft);
            }
        }

        private void Run()
        {
            ISaleListener l = listener;
            SaleOutcome outcome = new SaleOutcome();
            try
            {
                PaymentResult result = engine.Pay(pendingFee, pendingCode);
                outcome.Status = result.Status;
                outcome.Reason = result.Reason;
                outcome.RescanAllowed = result.RescanAllowed;
                outcome.TechnicianAttention = result.TechnicianAttention;
                outcome.NotificationPending = result.NotificationPending;
                outcome.CashierCancelled = result.CashierCancelled;
                outcome.TotalFee = result.TotalFee;
                outcome.OutTradeNo = result.OutTradeNo;
                outcome.TransactionId = result.Payment == null ? null : result.Payment.TransactionId;
                outcome.Detail = result.Detail;
            }
            catch (System.Exception e)
            {
                // A bug or a flash failure the engine did not handle: nothing is known to be charged
                // beyond what the journal holds; the cashier sees "not started / call technician".
                outcome.Status = SaleStatus.Rejected;
                outcome.TotalFee = pendingFee;
                outcome.Detail = "internal error: " + e.Message;
                if (Inline)
                {
                    throw;
                }
            }
            finally
            {
                pendingCode = null;
            }

            if (log != null && outcome.Status != SaleStatus.Busy)
            {
                Record(outcome.Status, outcome.OutTradeNo, outcome.TotalFee, outcome.Status == SaleStatus.Failed ? ReasonName(outcome.Reason) : string.Empty, outcome.TransactionId);
            }

            if (l != null)
            {
                l.OnSaleFinished(outcome);
            }
        }

        /// <summary>
        /// A sale's outcome in the history. A payment is already there (the paid sink recorded it
        /// with WeChat's time before the cashier saw "Paid"; this adds nothing). Other outcomes
        /// are kept best effort: the journal and outbox are the records of money.
        /// </summary>
        private void Record(SaleStatus status, string outTradeNo, long totalFee, string reason, string transactionId)
        {
            if (status == SaleStatus.Paid)
            {
                return;
            }

            HistoryRecord record = new HistoryRecord();
            record.Status = HistoryRecord.StatusOf(StatusName(status));
            record.At = clock.IsWallClockValid ? OrderNumbers.UnixSeconds(clock.UtcNow) : 0;
            record.OutTradeNo = outTradeNo;
            record.Amount = totalFee;
            record.Currency = currency;
            record.Reason = reason;
            record.Reference = transactionId;
            try
            {
                log.Add(record);
            }
            catch (StoreException)
            {
                // Not money: the next sale writes again.
            }
        }

        /// <summary>SaleStatus as text (enum names are not kept by the device's runtime).</summary>
        public static string StatusName(SaleStatus status)
        {
            switch (status)
            {
                case SaleStatus.Paid:
                    return "Paid";
                case SaleStatus.Failed:
                    return "Failed";
                case SaleStatus.NotSent:
                    return "NotSent";
                case SaleStatus.Cancelled:
                    return "Cancelled";
                case SaleStatus.Unresolved:
                    return "Unresolved";
                case SaleStatus.Busy:
                    return "Busy";
                default:
                    return "Rejected";
            }
        }

        public static string ReasonName(FailureReason reason)
        {
            switch (reason)
            {
                case FailureReason.CodeExpired:
                    return "CodeExpired";
                case FailureReason.CodeInvalid:
                    return "CodeInvalid";
                case FailureReason.InsufficientFunds:
                    return "InsufficientFunds";
                case FailureReason.CardNotSupported:
                    return "CardNotSupported";
                case FailureReason.OrderClosed:
                    return "OrderClosed";
                case FailureReason.DuplicateOrder:
                    return "DuplicateOrder";
                case FailureReason.BuyerMismatch:
                    return "BuyerMismatch";
                case FailureReason.TradeError:
                    return "TradeError";
                case FailureReason.MerchantConfiguration:
                    return "MerchantConfiguration";
                case FailureReason.TerminalFault:
                    return "TerminalFault";
                case FailureReason.NotAccepted:
                    return "NotAccepted";
                default:
                    return "None";
            }
        }
    }
}
