using Terminal.Core.Payments;
using Terminal.Core.Receipts;
using Terminal.Core.Store;

namespace Terminal.Core.Technician
{
    /// <summary>
    /// The close of day (Z) that the console's <c>z close</c> and the keypad's "Close day" both
    /// run, so they cannot drift apart: the engine's unresolved orders counted in the terminal's
    /// currency, <see cref="DayClose.Close"/> (numbered, committed to flash, z_report into the
    /// outbox), then the Z receipt when a printer is set (printed on the printer's thread).
    /// Unresolved orders do not block the close: they are reported as unresolved. A sale known
    /// paid that the engine still has to hand over is handed over first; while the history still
    /// lacks it (the flash refuses its record), nothing is closed
    /// (<see cref="CloseError.PaidNotCounted"/>): its notification names the open period, and the Z
    /// must count it there. One only waiting for room in the outbox is counted and does not block.
    /// </summary>
    public static class DayCloser
    {
        public static CloseError Close(DayClose close, PaymentEngine engine, ReceiptPrinter receipts, string currency, out ZReport report)
        {
            string[] waiting = engine.HandOverPaid();
            for (int i = 0; i < waiting.Length; i++)
            {
                if (!close.History.HasPaid(waiting[i]))
                {
                    report = null;
                    return CloseError.PaidNotCounted; // its notification may name the open period: the Z must count it
                }
            }

            CloseError error = close.Close(engine.PendingCount, currency, out report);
            if (error == CloseError.None && receipts != null)
            {
                receipts.ZClosed(report); // committed: the receipt never fails the close
            }

            return error;
        }
    }
}
