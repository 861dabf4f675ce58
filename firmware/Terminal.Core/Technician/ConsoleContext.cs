using System;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Receipts;
using Terminal.Core.Store;
using Terminal.Core.Ui;

namespace Terminal.Core.Technician
{
    /// <summary>
    /// What the technician console works on: the terminal's parts and ports, handed over by the
    /// composition (<c>TerminalApp</c>), so the console depends on the layers below it and never
    /// on the application that assembles them.
    /// </summary>
    public sealed class ConsoleContext
    {
        public IClock Clock;
        public IFileStore Store;
        public IRandomSource Random;

        /// <summary>Versions, free memory, reboot, clock setting; may be null.</summary>
        public ISystemControl System;

        /// <summary>May be null (unknown).</summary>
        public INetworkStatus Network;

        public TerminalConfig Config;
        public PinGuard Pin;
        public SalesHistory History;
        public DayClose DayClose;

        /// <summary>The manager PIN (refunds); the technician sets it.</summary>
        public PinGuard ManagerPin;
        public PaymentEngine Engine;
        public NotificationOutbox Outbox;
        public CashierUi Ui;

        /// <summary>Receipts: the last one, the printer's state, the reprint; may be null.</summary>
        public ReceiptPrinter Receipts;

        /// <summary>"BENCH: sandbox IP:port" when the bench redirection is on, else null.</summary>
        public string BenchMarker;

        /// <summary>True when the bench redirection has its sandbox CA too.</summary>
        public bool BenchComplete;

        /// <summary>Applies the settings that need no reboot (language, framing, scan time-out); may be null.</summary>
        public Action ApplyLiveSettings;
    }
}
