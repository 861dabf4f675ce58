using System;
using nanoFramework.TestFramework;
using Terminal.Core.Receipts;
using Terminal.Core.Store;
using Terminal.Tests.Support;

namespace Terminal.Tests.Receipts
{
    /// <summary>A printer that takes, refuses or throws, and remembers what it took.</summary>
    public sealed class ScriptedPrinter : IReceiptPrinter
    {
        /// <summary>0: takes every receipt; 1: times out; 2: throws.</summary>
        public int Mode;
        public int Sent;
        public byte[] LastData;

        public string Note
        {
            get { return Mode == 1 ? "time-out after 15 s" : null; }
        }

        public bool Send(byte[] data, int timeoutMs)
        {
            if (Mode == 2)
            {
                throw new InvalidOperationException("port closed");
            }

            if (Mode == 1)
            {
                return false;
            }

            Sent++;
            LastData = data;
            return true;
        }
    }

    /// <summary>When receipts print, the reprint, and a printer that fails never failing the caller.</summary>
    [TestClass]
    public class ReceiptPrinterTests
    {
        [TestMethod]
        [DataRow(false, false, 0)]
        [DataRow(true, false, 1)]
        [DataRow(true, true, 0)]
        public void A_sale_receipt_prints_when_auto_and_not_for_a_sale_recovered_at_boot(bool auto, bool recovered, int printed)
        {
            ScriptedPrinter port = new ScriptedPrinter();
            ReceiptPrinter p = new ReceiptPrinter(port, null, ReceiptLayoutTests.Header(false));
            p.AutoPrint = auto;
            p.SaleCommitted(ReceiptLayoutTests.Paid(), recovered);
            Assert.IsNotNull(p.Last);
            Assert.AreEqual(printed, p.Queued);
            while (p.PrintNext())
            {
            }

            Assert.AreEqual(printed, port.Sent);
            Assert.AreEqual(printed, p.Printed);
            Assert.AreEqual(PrintState.Ready, p.State);
        }

        [TestMethod]
        public void A_z_receipt_prints_whatever_the_receipt_setting()
        {
            ScriptedPrinter port = new ScriptedPrinter();
            ReceiptPrinter p = new ReceiptPrinter(port, null, ReceiptLayoutTests.Header(false));
            p.AutoPrint = false;
            ZReport z = new ZReport();
            z.Number = 1;
            z.OffsetMinutes = 480;
            z.OpenedAt = ReceiptLayoutTests.PaidAt;
            z.ClosedAt = ReceiptLayoutTests.PaidAt + 60;
            z.Totals = new Totals();
            p.ZClosed(z);
            Assert.IsTrue(p.PrintNext());
            Assert.AreEqual(1, port.Sent);
            Assert.AreEqual(ReceiptKind.ZReport, p.Last.Kind);
        }

        [TestMethod]
        [DataRow(1, "time-out after 15 s")]
        [DataRow(2, "port closed")]
        public void A_printer_that_times_out_or_throws_shows_as_failed_and_the_caller_never_sees_it(int mode, string problem)
        {
            ScriptedPrinter port = new ScriptedPrinter();
            port.Mode = mode;
            ReceiptPrinter p = new ReceiptPrinter(port, null, ReceiptLayoutTests.Header(true));
            p.AutoPrint = true;
            p.SaleCommitted(ReceiptLayoutTests.Paid(), false);
            Assert.IsTrue(p.PrintNext());
            Assert.AreEqual(PrintState.Failed, p.State);
            Assert.AreEqual(problem, p.LastProblem);
            Assert.AreEqual(1, p.Failures);
            Assert.IsTrue(p.StatusText().IndexOf(problem) > 0);
            port.Mode = 0;
            Assert.AreEqual(PrintError.None, p.Reprint());
            Assert.IsTrue(p.PrintNext());
            Assert.AreEqual(PrintState.Ready, p.State);
            Assert.IsNull(p.LastProblem);
        }

        [TestMethod]
        public void A_printer_that_takes_nothing_fills_the_queue_and_further_receipts_are_refused_not_waited_for()
        {
            ScriptedPrinter port = new ScriptedPrinter();
            ReceiptPrinter p = new ReceiptPrinter(port, null, ReceiptLayoutTests.Header(false));
            p.AutoPrint = true;
            for (int i = 0; i < ReceiptPrinter.MaxQueued + 2; i++)
            {
                p.SaleCommitted(ReceiptLayoutTests.Paid(), false);
            }

            Assert.AreEqual(ReceiptPrinter.MaxQueued, p.Queued);
            Assert.AreEqual(PrintError.QueueFull, p.Reprint());
            Assert.AreEqual(PrintState.Failed, p.State);
        }

        [TestMethod]
        public void Without_a_printer_receipts_are_still_built_and_the_reprint_says_why_not()
        {
            ReceiptPrinter p = new ReceiptPrinter(null, null, ReceiptLayoutTests.Header(false));
            p.AutoPrint = true;
            p.SaleCommitted(ReceiptLayoutTests.Paid(), false);
            Assert.IsNotNull(p.Last);
            Assert.AreEqual(0, p.Queued);
            Assert.IsFalse(p.PrintNext());
            Assert.AreEqual(PrintError.NoPrinter, p.Reprint());
            Assert.AreEqual(PrintState.NoPrinter, p.State);
            Assert.AreEqual("none", ReceiptPrinter.StateName(p.State));
        }

        [TestMethod]
        public void After_a_reboot_the_reprint_rebuilds_the_newest_sale_or_refund_from_the_history()
        {
            MemoryFileStore flash = new MemoryFileStore();
            SalesHistory h = new SalesHistory(flash, 40960, 480);
            h.Load(1);
            ScriptedPrinter port = new ScriptedPrinter();
            ReceiptPrinter p = new ReceiptPrinter(port, h, ReceiptLayoutTests.Header(false));
            Assert.AreEqual(PrintError.NothingToPrint, p.Reprint());

            HistoryRecord sale = ReceiptLayoutTests.Paid();
            h.Add(sale);
            HistoryRecord failed = ReceiptLayoutTests.Paid();
            failed.Status = HistoryRecord.Failed;
            failed.OutTradeNo = "T00012026112115200002";
            h.Add(failed);

            ReceiptPrinter rebooted = new ReceiptPrinter(port, h, ReceiptLayoutTests.Header(false));
            Assert.AreEqual(PrintError.None, rebooted.Reprint());
            Assert.IsTrue(rebooted.PrintNext());
            Assert.AreEqual(ReceiptKind.Sale, rebooted.Last.Kind);
            string expected = EscPosTests.Hex(EscPos.Encode(ReceiptBuilder.Sale(ReceiptLayoutTests.Header(false), sale), true));
            Assert.AreEqual(expected, EscPosTests.Hex(port.LastData));
        }
    }
}
