using System;
using System.Collections;
using System.Threading;
using Terminal.Core.Store;

namespace Terminal.Core.Receipts
{
    /// <summary>What became of a print request (one message table: <see cref="ReceiptPrinter.Message"/>).</summary>
    public enum PrintError
    {
        None = 0,

        /// <summary>No printer is configured (setting printer = none).</summary>
        NoPrinter,

        /// <summary>No receipt since the boot and none in the history.</summary>
        NothingToPrint,

        /// <summary>The queue is full: the printer is not taking receipts.</summary>
        QueueFull,
    }

    /// <summary>The printer's state for status, selftest and the display (name table: <see cref="ReceiptPrinter.StateName"/>).</summary>
    public enum PrintState
    {
        NoPrinter = 0,
        Ready,
        Printing,
        Failed,
    }

    /// <summary>
    /// Prints receipts after the fact (docs/cashier.md, "Receipts"): the sale, refund or Z is
    /// committed first; then its receipt is built (pure, <see cref="ReceiptBuilder"/>), kept as
    /// the last receipt (for the reprint) and, when <see cref="AutoPrint"/>, queued. A thread of
    /// its own sends the queue to the <see cref="IReceiptPrinter"/>, each receipt bounded by
    /// <see cref="SendTimeoutMs"/>. Nothing here throws to its caller or waits for the printer:
    /// an absent or stuck printer shows as <see cref="State"/> and <see cref="LastProblem"/>, never
    /// as a failed sale.
    /// <para>The last receipt lives in RAM only. After a reboot the reprint rebuilds the receipt
    /// of the newest sale or refund in the sales history (the same content: receipts are pure
    /// functions of the record), so nothing more is written to flash.</para>
    /// </summary>
    public sealed class ReceiptPrinter
    {
        /// <summary>Receipts waiting at most; more are refused (the printer is not taking them).</summary>
        public const int MaxQueued = 4;

        /// <summary>One receipt's send bound: about 1 KB at 9600 baud takes 1.1 s, a printer's buffer-full pause a few more.</summary>
        public const int SendTimeoutMs = 15000;

        /// <summary>History records looked back at for the reprint after a reboot.</summary>
        public const int ReprintLookBack = 50;

        private readonly object gate = new object();
        private readonly IReceiptPrinter port;
        private readonly SalesHistory history;
        private readonly ArrayList queue = new ArrayList(); // byte[]
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private ReceiptHeader header;
        private Thread thread;
        private bool running;

        /// <param name="port">The printer, or null when none is configured.</param>
        /// <param name="history">The sales history (the reprint after a reboot); may be null.</param>
        public ReceiptPrinter(IReceiptPrinter port, SalesHistory history, ReceiptHeader header)
        {
            this.port = port;
            this.history = history;
            this.header = header;
            State = port == null ? PrintState.NoPrinter : PrintState.Ready;
        }

        /// <summary>Setting receipt = auto: print each sale and refund receipt (a Z receipt always prints when there is a printer).</summary>
        public bool AutoPrint { get; set; }

        public bool HasPrinter
        {
            get { return port != null; }
        }

        public PrintState State { get; private set; }

        /// <summary>Why the last receipt failed, or null.</summary>
        public string LastProblem { get; private set; }

        public int Printed { get; private set; }

        public int Failures { get; private set; }

        /// <summary>The newest receipt built since the boot, or null.</summary>
        public Receipt Last { get; private set; }

        public int Queued
        {
            get
            {
                lock (gate)
                {
                    return queue.Count;
                }
            }
        }

        /// <summary>The header of receipts built from now on (settings changed live).</summary>
        public ReceiptHeader Header
        {
            get { return header; }
            set { header = value; }
        }

        public static string Message(PrintError error)
        {
            switch (error)
            {
                case PrintError.NoPrinter:
                    return "no receipt printer is configured (config set printer uart)";
                case PrintError.NothingToPrint:
                    return "no receipt to print yet";
                case PrintError.QueueFull:
                    return "the printer is not taking receipts: check paper, power and cable";
                default:
                    return "ok";
            }
        }

        public static string StateName(PrintState state)
        {
            switch (state)
            {
                case PrintState.Ready:
                    return "ready";
                case PrintState.Printing:
                    return "printing";
                case PrintState.Failed:
                    return "failed";
                default:
                    return "none";
            }
        }

        /// <summary>After a sale is committed (history written): its receipt becomes the last one and prints when auto (not for a sale recovered at boot).</summary>
        public void SaleCommitted(HistoryRecord sale, bool recovered)
        {
            try
            {
                Keep(ReceiptBuilder.Sale(header, sale), AutoPrint && !recovered);
            }
            catch (Exception e)
            {
                Problem("sale receipt not built: " + e.Message);
            }
        }

        /// <summary>After a refund WeChat confirmed is committed: its receipt becomes the last one and prints when auto.</summary>
        public void RefundCommitted(HistoryRecord refund)
        {
            try
            {
                Keep(ReceiptBuilder.Refund(header, refund), AutoPrint);
            }
            catch (Exception e)
            {
                Problem("refund receipt not built: " + e.Message);
            }
        }

        /// <summary>After a Z close: the Z receipt becomes the last one and prints (whatever the receipt setting) when there is a printer.</summary>
        public void ZClosed(ZReport z)
        {
            try
            {
                Keep(ReceiptBuilder.Z(header, z), true);
            }
            catch (Exception e)
            {
                Problem("Z receipt not built: " + e.Message);
            }
        }

        /// <summary>Prints the last receipt again, marked as a reprint (after a reboot: rebuilt from the history's newest sale or refund).</summary>
        public PrintError Reprint()
        {
            if (port == null)
            {
                return PrintError.NoPrinter;
            }

            Receipt r = Last;
            if (r == null)
            {
                r = FromHistory();
                Last = r;
            }

            if (r == null)
            {
                return PrintError.NothingToPrint;
            }

            return Enqueue(EscPos.Encode(r, true)) ? PrintError.None : PrintError.QueueFull;
        }

        /// <summary>The receipt the reprint would print now (the last one, or the history's newest), or null.</summary>
        public Receipt Current()
        {
            Receipt r = Last;
            return r != null ? r : FromHistory();
        }

        /// <summary>
        /// Sends the oldest queued receipt (the print thread's step; tests call it directly).
        /// False when the queue was empty.
        /// </summary>
        public bool PrintNext()
        {
            byte[] job;
            lock (gate)
            {
                if (queue.Count == 0 || port == null)
                {
                    return false;
                }

                job = (byte[])queue[0];
                queue.RemoveAt(0);
                State = PrintState.Printing;
            }

            bool sent;
            string why = null;
            try
            {
                sent = port.Send(job, SendTimeoutMs);
            }
            catch (Exception e)
            {
                sent = false;
                why = e.Message;
            }

            lock (gate)
            {
                if (sent)
                {
                    Printed++;
                    LastProblem = null;
                    State = PrintState.Ready;
                }
                else
                {
                    Failures++;
                    if (why == null)
                    {
                        why = port.Note;
                    }

                    LastProblem = why != null ? why : "the printer did not take the receipt in time";

                    State = PrintState.Failed;
                }
            }

            return true;
        }

        /// <summary>"none" / "ready, 3 printed" / "failed: why" for the console's status and selftest.</summary>
        public string StatusText()
        {
            if (port == null)
            {
                return "none (receipts are built, not printed)";
            }

            string s = StateName(State) + ", " + Printed.ToString() + " printed, " + Failures.ToString() + " failed, " + Queued.ToString() + " queued, receipt " + (AutoPrint ? "auto" : "off");
            return LastProblem != null ? s + "; last problem: " + LastProblem : s;
        }

        /// <summary>Starts the print thread (no-op without a printer).</summary>
        public void Start()
        {
            if (port == null || running)
            {
                return;
            }

            running = true;
            thread = new Thread(Run);
            thread.Start();
        }

        public void Stop()
        {
            running = false;
            wake.Set();
        }

        private void Run()
        {
            while (running)
            {
                wake.WaitOne(5000, false);
                while (running && PrintNext())
                {
                }
            }
        }

        private void Keep(Receipt r, bool print)
        {
            Last = r;
            if (print && port != null && !Enqueue(EscPos.Encode(r, false)))
            {
                Problem(Message(PrintError.QueueFull));
            }
        }

        private bool Enqueue(byte[] job)
        {
            lock (gate)
            {
                if (queue.Count >= MaxQueued)
                {
                    Failures++;
                    State = PrintState.Failed;
                    return false;
                }

                queue.Add(job);
            }

            wake.Set();
            return true;
        }

        private Receipt FromHistory()
        {
            if (history == null)
            {
                return null;
            }

            HistoryRecord[] last = history.Last(ReprintLookBack);
            for (int i = last.Length - 1; i >= 0; i--)
            {
                if (last[i].Status == HistoryRecord.Paid)
                {
                    return ReceiptBuilder.Sale(header, last[i]);
                }

                if (last[i].Status == HistoryRecord.Refunded)
                {
                    return ReceiptBuilder.Refund(header, last[i]);
                }
            }

            return null;
        }

        private void Problem(string why)
        {
            lock (gate)
            {
                LastProblem = why;
            }
        }
    }
}
