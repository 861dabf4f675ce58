using System.Threading;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Receipts;
using Terminal.Core.Store;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.Core.Ui;

namespace Terminal.Core.App
{
    /// <summary>Everything the terminal needs from its host (device, simulator, tests).</summary>
    public sealed class TerminalPorts
    {
        public IClock Clock;
        public IFileStore Store;
        public IRandomSource Random;
        public IDisplay Display;

        /// <summary>Buzzer and LED; may be null.</summary>
        public IFeedback Feedback;

        /// <summary>The technician console's output; may be null (no console).</summary>
        public IConsoleOutput Console;
        public INetworkStatus Network;
        public ISystemControl System;
        public IGatewayFactory Gateways;

        /// <summary>The receipt printer's byte sink; may be null. Used only when the setting printer is uart.</summary>
        public IReceiptPrinter Printer;
    }

    /// <summary>
    /// Builds the links to WeChat Pay and the merchant server from typed settings
    /// (<see cref="LinkSettings"/>: region, client certificate, merchant server URL with its path,
    /// CAs, bench endpoint), parsed once by the configuration; a factory never sees the configuration. Device: WxHttpsGateway
    /// over the TLS connector; simulator: the same over .NET SslStream, pointed at the sandbox.
    /// </summary>
    public interface IGatewayFactory
    {
        IWxGateway CreateGateway(LinkSettings settings, PaymentConfig payment);

        /// <summary>The merchant server link, or null when none is configured (notifications then wait in the outbox).</summary>
        IMerchantLink CreateMerchantLink(LinkSettings settings);
    }

    /// <summary>
    /// The whole terminal on its ports: configuration, payment engine, outbox, cashier UI,
    /// scanner framing and technician console, wired together. The host calls <see cref="Start"/>
    /// once, <see cref="StartBackground"/>, then feeds keys, scanner bytes and console bytes from
    /// any thread and calls <see cref="Tick"/> every 100-500 ms. Nothing in the background waits
    /// for the screen and nothing on the screen waits for the background: notifications go out on
    /// the outbox's forwarding thread and unresolved orders are reconciled on their own thread
    /// (<see cref="ReconcileStep"/>), whatever the cashier display shows.
    /// </summary>
    public sealed class TerminalApp
    {
        /// <summary>Background reconciliation interval for unresolved orders.</summary>
        public const int ReconcileEveryMs = 60000;

        /// <summary>First background pass after a boot that left orders pending (the device's network is up by then, usually).</summary>
        public const int ReconcileAfterBootMs = 15000;

        private readonly TerminalPorts ports;
        private readonly object scannerGate = new object();
        private readonly AutoResetEvent backgroundWake = new AutoResetEvent(false);
        private long nextReconcileMs;
        private Thread reconcileThread;
        private bool backgroundRunning;

        public TerminalApp(TerminalPorts ports)
        {
            this.ports = ports;
            Config = new TerminalConfig(ports.Store);
            Pin = new PinGuard(ports.Store, ports.Clock, ports.Random);
            ManagerPin = new PinGuard(ports.Store, ports.Clock, ports.Random, PinGuard.ManagerPath);
        }

        public TerminalPorts Ports
        {
            get { return ports; }
        }

        public TerminalConfig Config { get; private set; }

        public PinGuard Pin { get; private set; }

        /// <summary>Flash the sales history may use (docs/storage.md, "Sales history").</summary>
        public const long HistoryBytes = 40 * 1024;

        /// <summary>The sales and refunds by local day, and the open period's totals.</summary>
        public SalesHistory History { get; private set; }

        /// <summary>X and Z reports.</summary>
        public DayClose DayClose { get; private set; }

        /// <summary>The manager PIN (refunds).</summary>
        public PinGuard ManagerPin { get; private set; }

        public PaymentEngine Engine { get; private set; }

        public NotificationOutbox Outbox { get; private set; }

        public RecoveryReport OutboxRecovery { get; private set; }

        public EngineSalePort Sales { get; private set; }

        public CashierUi Ui { get; private set; }

        public ScanFramer Scanner { get; private set; }

        public TechConsole Console { get; private set; }

        public MerchantAccount Account { get; private set; }

        /// <summary>
        /// "BENCH: sandbox IP:port" when this start read a <c>wx_endpoint</c> (test bench: WeChat's
        /// host names go to a LAN sandbox), else null. 'status' prints it; the amount screen's
        /// title becomes "BENCH IP:port" (<see cref="TerminalConfig.BenchTitle"/>).
        /// </summary>
        public string BenchMarker { get; private set; }

        /// <summary>True when the bench redirection has its sandbox CA too (<c>wx_ca</c>); without it the device ignores <c>wx_endpoint</c>.</summary>
        public bool BenchComplete { get; private set; }

        /// <summary>What boot recovery found in the payment journal (the console's <c>status</c> prints it).</summary>
        public BootRecovery Recovery { get; private set; }

        /// <summary>Receipts: built after each sale, refund and Z close, printed on their own thread (docs/cashier.md, "Receipts").</summary>
        public ReceiptPrinter Receipts { get; private set; }

        /// <summary>
        /// Loads configuration and state from flash, builds every part, then — before any sale can
        /// start — recovers the orders a power cut or reset left unfinished
        /// (<see cref="PaymentEngine.Recover"/>, on screen): paid ones go to the outbox, the others
        /// are settled by WeChat's rules or stay pending for the background passes. Without a
        /// network (the device starts Wi-Fi afterwards) that takes no time and leaves them pending.
        /// </summary>
        public void Start()
        {
            Config.Load();
            Pin.Load();
            ManagerPin.Load();
            Account = Config.ToAccount();
            BenchMarker = Config.BenchMarker;
            BenchComplete = BenchMarker != null && Config.Cert("wx_ca") != null;
            PaymentConfig payment = Config.ToPaymentConfig();
            LinkSettings links = Config.ToLinkSettings();
            IWxGateway gateway = ports.Gateways.CreateGateway(links, payment);
            IMerchantLink link = ports.Gateways.CreateMerchantLink(links);
            OutboxOptions options = new OutboxOptions();
            options.TerminalId = Config.Get("terminal_id");
            string secret = Config.Secret("merchant_secret");
            options.Secret = Utf8.Encode(secret == null ? string.Empty : secret);
            Outbox = new NotificationOutbox(ports.Store, ports.Clock, ports.Random, link == null ? new NoMerchantLink() : link, options);
            OutboxRecovery = Outbox.Start();
            History = new SalesHistory(ports.Store, HistoryBytes, Config.UtcOffsetMinutes);
            DayClose = new DayClose(ports.Store, History, Outbox, ports.Clock, Config.Get("terminal_id"));
            DayClose.Load(); // before any sale: the open period's number and totals, Z reports not yet handed over
            Outbox.Donor = History; // undelivered notifications take the history's oldest days before sales stop for flash
            Receipts = new ReceiptPrinter(Config.HasPrinter ? ports.Printer : null, History, ReceiptHeaderNow());
            Receipts.AutoPrint = Config.AutoReceipt;
            HistoryPaidSink sink = new HistoryPaidSink(new OutboxPaidSink(Outbox), History);
            sink.Receipts = Receipts;
            Engine = new PaymentEngine(Account, Config.Get("terminal_id"), payment, ports.Clock, ports.Store, ports.Random, gateway, sink);
            Engine.RefundSink = sink;
            Engine.Guarantee.Enabled = Config.GuaranteeReport;
            Engine.SaleLookup = new RecentSales(History);
            Sales = new EngineSalePort(Engine, Outbox, ports.Network, ports.Clock, History, Account.Currency.Code);
            Sales.Configured = Config.MissingForSales() == null;
            Ui = new CashierUi(Sales, ports.Display, ports.Feedback, ports.Clock, Account.Currency, Account.MaxTotalFee);
            Ui.ScanTimeoutMs = Config.ScanTimeoutMs;
            Ui.BenchMarker = Config.BenchTitle;
            Ui.SetLanguage(Config.Language);
            EngineManagerPort manager = new EngineManagerPort(ManagerPin, Engine, History, DayClose, Sales, Config.Get("currency"));
            manager.Receipts = Receipts;
            Ui.ManagerPort = manager;
            Ui.Receipts = new ReceiptKey(Receipts);
            Scanner = new ScanFramer(ports.Clock, Ui, 64);
            Scanner.Framing = Config.Framing;
            ConsoleContext console = new ConsoleContext();
            console.Clock = ports.Clock;
            console.Store = ports.Store;
            console.Random = ports.Random;
            console.System = ports.System;
            console.Network = ports.Network;
            console.Config = Config;
            console.Pin = Pin;
            console.History = History;
            console.DayClose = DayClose;
            console.ManagerPin = ManagerPin;
            console.Engine = Engine;
            console.Outbox = Outbox;
            console.Ui = Ui;
            console.Receipts = Receipts;
            console.BenchMarker = BenchMarker;
            console.BenchComplete = BenchComplete;
            console.ApplyLiveSettings = ApplyLiveSettings;
            Console = new TechConsole(console, ports.Console);
            Ui.BeginRecovery();
            Recovery = Sales.RecoverAtBoot(Ui);
            Ui.EndRecovery(Recovery);
            if (ports.Console != null && Recovery.Found > 0)
            {
                ports.Console.Write("recovery at boot: " + Recovery.Describe() + "\r\n");
            }

            if (ports.Console != null && Config.Problem != null)
            {
                ports.Console.Write("SETTINGS DAMAGED: " + Config.Problem + "\r\n");
            }

            if (ports.Console != null && Pin.IsDamaged)
            {
                ports.Console.Write("PIN RECORD DAMAGED: the console is locked; 'pin recover API_KEY NEW' (docs/console.md)\r\n");
            }

            nextReconcileMs = ports.Clock.MonotonicMs + (Engine.PendingCount > 0 || Engine.RefundPendingCount > 0 ? ReconcileAfterBootMs : ReconcileEveryMs);
        }

        /// <summary>
        /// Starts the background threads (device and simulator): the outbox's forwarder and the
        /// reconciler of unresolved orders. Tests step them themselves (<see cref="Outbox"/>'s
        /// forwarder, <see cref="ReconcileStep"/>).
        /// </summary>
        public void StartBackground()
        {
            Outbox.StartForwarding();
            Receipts.Start();
            if (!backgroundRunning)
            {
                backgroundRunning = true;
                reconcileThread = new Thread(RunReconciler);
                reconcileThread.Start();
            }
        }

        public void Stop()
        {
            backgroundRunning = false;
            backgroundWake.Set();
            Thread t = reconcileThread;
            if (t != null)
            {
                t.Join(2000);
            }

            reconcileThread = null;
            Receipts.Stop();
            Outbox.StopForwarding(2000);
        }

        public void OnKey(Key key)
        {
            Ui.OnKey(key);
        }

        public void OnScannerBytes(byte[] data, int offset, int count)
        {
            lock (scannerGate)
            {
                Scanner.Feed(data, offset, count);
            }
        }

        public void OnConsoleBytes(byte[] data, int offset, int count)
        {
            Console.OnBytes(data, offset, count);
        }

        /// <summary>Time-outs of the UI only: it never waits for the network (reconciliation runs on its own thread).</summary>
        public void Tick()
        {
            Ui.Tick();
        }

        /// <summary>
        /// One pass of background reconciliation when due (every <see cref="ReconcileEveryMs"/>,
        /// the first <see cref="ReconcileAfterBootMs"/> after a boot that left orders pending):
        /// asks WeChat about the unresolved orders unless a sale runs (the engine refuses a second
        /// user anyway). Returns the milliseconds until the next pass is due. The reconciler thread
        /// calls it; tests call it on their virtual clock.
        /// </summary>
        public int ReconcileStep()
        {
            long now = ports.Clock.MonotonicMs;
            if (now < nextReconcileMs)
            {
                long wait = nextReconcileMs - now;
                return wait > ReconcileEveryMs ? ReconcileEveryMs : (int)wait;
            }

            nextReconcileMs = now + ReconcileEveryMs;
            if ((Engine.PendingCount > 0 || Engine.RefundPendingCount > 0) && !Ui.SaleRunning)
            {
                Engine.Reconcile();
            }

            if (DayClose.PendingHandOvers > 0)
            {
                DayClose.HandOverPending(); // a Z report that waited for room in the outbox
            }

            SendGuaranteeReport();
            return ReconcileEveryMs;
        }

        /// <summary>
        /// The background pass's 交易保障 step (setting guarantee_report): one batch, only while the
        /// counter is idle and the network up. The engine's count of sales coming is read before
        /// the UI is checked, so a digit keyed in between stops the report before it leaves, and
        /// one keyed while it is on the wire abandons it. <see cref="ReconcileStep"/> calls it on
        /// the reconciler thread; tests call it directly.
        /// </summary>
        public ReportPass SendGuaranteeReport()
        {
            if (Engine.Guarantee.Count == 0)
            {
                return ReportPass.NothingToSend;
            }

            int intents = Engine.SaleIntents;
            if (!Ui.Idle || (ports.Network != null && !ports.Network.IsUp))
            {
                return ReportPass.Skipped;
            }

            return Engine.SendGuaranteeReport(intents);
        }

        private void RunReconciler()
        {
            while (backgroundRunning)
            {
                int wait;
                try
                {
                    wait = ReconcileStep();
                }
                catch (System.Exception)
                {
                    wait = ReconcileEveryMs; // a pass that failed is retried at the next one
                }

                if (!backgroundRunning)
                {
                    break;
                }

                // At most 10 s at a time: the clock may be virtual (simulator) and Stop must be prompt.
                backgroundWake.WaitOne(wait < 100 ? 100 : (wait > 10000 ? 10000 : wait), false);
            }
        }

        /// <summary>Applies settings that need no reboot (language, scanner framing, scan time-out, UTC offset, receipts, guarantee report).</summary>
        public void ApplyLiveSettings()
        {
            Ui.ScanTimeoutMs = Config.ScanTimeoutMs;
            Ui.SetLanguage(Config.Language);
            History.OffsetMinutes = Config.UtcOffsetMinutes;
            Receipts.Header = ReceiptHeaderNow();
            Receipts.AutoPrint = Config.AutoReceipt;
            Engine.Guarantee.Enabled = Config.GuaranteeReport;
            lock (scannerGate)
            {
                Scanner.Framing = Config.Framing;
            }
        }

        /// <summary>What every receipt carries at its head: the settings store_name, terminal_id, utc_offset and language.</summary>
        private ReceiptHeader ReceiptHeaderNow()
        {
            ReceiptHeader h = new ReceiptHeader();
            h.StoreName = Config.Get("store_name");
            h.TerminalId = Config.Get("terminal_id");
            h.OffsetMinutes = Config.UtcOffsetMinutes;
            h.Chinese = Config.Language == Language.Chinese;
            return h;
        }

        /// <summary>The cashier's reprint key over the receipt printer.</summary>
        private sealed class ReceiptKey : IReprintKey
        {
            private readonly ReceiptPrinter printer;

            public ReceiptKey(ReceiptPrinter printer)
            {
                this.printer = printer;
            }

            public ReprintAnswer Reprint()
            {
                PrintError e = printer.Reprint();
                return e == PrintError.None ? ReprintAnswer.Printing : (e == PrintError.NoPrinter ? ReprintAnswer.NoPrinter : (e == PrintError.NothingToPrint ? ReprintAnswer.NothingToPrint : ReprintAnswer.PrinterStuck));
            }
        }

        private sealed class NoMerchantLink : IMerchantLink
        {
            public LinkReply Post(string path, string terminalId, string signature, byte[] body)
            {
                throw new ConnectionException(ConnectionStage.Dns, "no merchant server configured (config set merchant_url)");
            }
        }
    }
}
