using System.Collections;
using Terminal.Core.App;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Technician;
using Terminal.Core.Ui;
using Terminal.Tests.Support;

namespace Terminal.Tests.Ui
{
    /// <summary>A sale port the test scripts: readiness, then progress and the end of the sale.</summary>
    public sealed class FakeSalePort : ISalePort
    {
        public SaleReadiness Readiness = SaleReadiness.Ready();
        public ISaleListener Listener;
        public long Amount;
        public string Code;
        public int Begins;
        public int Cancels;
        public bool CashierCancelled;

        public SaleReadiness CheckReady()
        {
            return Readiness;
        }

        public void Begin(long totalFee, string authCode, ISaleListener listener)
        {
            Begins++;
            Amount = totalFee;
            Code = authCode;
            Listener = listener;
        }

        public void Cancel()
        {
            Cancels++;
        }

        /// <summary>Times the UI asked to get the connection ready.</summary>
        public int Prepares;

        public void Prepare()
        {
            Prepares++;
        }

        public TerminalStatus State = Healthy();

        public TerminalStatus Status()
        {
            return State;
        }

        public static TerminalStatus Healthy()
        {
            TerminalStatus s = new TerminalStatus();
            s.NetworkUp = true;
            s.ClockOk = true;
            return s;
        }

        public void Finish(SaleStatus status, FailureReasonBox reason)
        {
            SaleOutcome o = new SaleOutcome();
            o.Status = status;
            o.TotalFee = Amount;
            o.OutTradeNo = "T1000000000001";
            o.TransactionId = "4200000000202611210000000001";
            o.CashierCancelled = CashierCancelled;
            if (reason != null)
            {
                o.Reason = reason.Reason;
                o.RescanAllowed = reason.Rescan;
            }

            Listener.OnSaleFinished(o);
        }
    }

    /// <summary>A failure reason and whether a rescan is allowed (no nullable value types on the device).</summary>
    public sealed class FailureReasonBox
    {
        public Terminal.Core.Protocol.FailureReason Reason;
        public bool Rescan;

        public FailureReasonBox(Terminal.Core.Protocol.FailureReason reason, bool rescan)
        {
            Reason = reason;
            Rescan = rescan;
        }
    }

    /// <summary>Records every screen shown (as text) and the scanner's codes and problems.</summary>
    public sealed class ScreenLog : IDisplay, IScanHandler, IConsoleOutput
    {
        public readonly ArrayList Screens = new ArrayList();
        public readonly ArrayList Codes = new ArrayList();
        public readonly ArrayList Problems = new ArrayList();
        public string Output = string.Empty;

        public void Show(Screen screen, byte[] pageBytes)
        {
            Screens.Add(screen.ToText());
        }

        public string Last
        {
            get { return Screens.Count == 0 ? string.Empty : (string)Screens[Screens.Count - 1]; }
        }

        public void OnScan(string code)
        {
            Codes.Add(code);
        }

        public void OnScanProblem(ScanProblem problem)
        {
            Problems.Add((int)problem);
        }

        public void Write(string text)
        {
            Output += text;
        }

        public string Take()
        {
            string s = Output;
            Output = string.Empty;
            return s;
        }
    }

    /// <summary>Deterministic random bytes.</summary>
    public sealed class CountingRandomSource : IRandomSource
    {
        private byte next = 7;

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                next = (byte)(next * 31 + 17);
                buffer[i] = next;
            }
        }
    }

    /// <summary>WeChat and the merchant server unreachable: enough to build a terminal for console tests.</summary>
    public sealed class OfflineGateways : IGatewayFactory, IWxGateway, INetworkStatus, ISystemControl
    {
        public int Reboots;

        public IWxGateway CreateGateway(LinkSettings settings, PaymentConfig payment)
        {
            return this;
        }

        public IMerchantLink CreateMerchantLink(LinkSettings settings)
        {
            return null;
        }

        public byte[] Post(string path, byte[] body, string host)
        {
            throw new ConnectionException(ConnectionStage.Dns, "offline");
        }

        public string LastHost
        {
            get { return "offline"; }
        }

        public long LastSentMs
        {
            get { return -1; }
        }

        public void Interrupt()
        {
        }

        public void ResetInterrupt()
        {
        }

        /// <summary>No transport: nothing to warm.</summary>
        public void Warm()
        {
        }

        public bool IsUp
        {
            get { return true; }
        }

        public string Describe()
        {
            return "test network";
        }

        public string FirmwareVersion
        {
            get { return "test"; }
        }

        public long FreeMemory
        {
            get { return 50000; }
        }

        public void Reboot()
        {
            Reboots++;
        }

        public bool SetTime(System.DateTime utc)
        {
            return false;
        }

        /// <summary>A terminal on memory flash with a virtual clock, started.</summary>
        public static TerminalApp Boot(MemoryFileStore store, VirtualClock clock, ScreenLog log, OfflineGateways gateways)
        {
            TerminalPorts ports = new TerminalPorts();
            ports.Clock = clock;
            ports.Store = store;
            ports.Random = new CountingRandomSource();
            ports.Display = log;
            ports.Console = log;
            ports.Network = gateways;
            ports.System = gateways;
            ports.Gateways = gateways;
            TerminalApp app = new TerminalApp(ports);
            app.Pin.Iterations = 10;
            app.Start();
            app.Pin.Iterations = 10;
            return app;
        }
    }
}
