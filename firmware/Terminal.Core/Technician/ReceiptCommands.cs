using Terminal.Core.Receipts;

namespace Terminal.Core.Technician
{
    /// <summary>The receipt commands: receipt (printer state, last receipt), receipt reprint; the selftest's printer line.</summary>
    public sealed partial class TechConsole
    {
        private void ReceiptCommand(string[] words, string text)
        {
            ReceiptPrinter printer = app.Receipts;
            if (printer == null)
            {
                Error(ReceiptPrinter.Message(PrintError.NoPrinter));
                return;
            }

            if (words.Length == 1)
            {
                Say("printer: " + printer.StatusText());
                Receipt last = printer.Current();
                if (last == null)
                {
                    Say("no receipt yet");
                }
                else
                {
                    Say("last receipt (" + Receipt.KindName(last.Kind) + (printer.Last == null ? ", rebuilt from the history" : string.Empty) + "):");
                    for (int i = 0; i < last.Count; i++)
                    {
                        Say("  " + last.Line(i).Text);
                    }
                }

                Ok();
                return;
            }

            if (words.Length == 2 && words[1].ToLower() == "reprint")
            {
                PrintError e = printer.Reprint();
                if (e != PrintError.None)
                {
                    Error(ReceiptPrinter.Message(e));
                    return;
                }

                Say("reprint queued");
                Ok();
                return;
            }

            Error("usage: receipt | receipt reprint");
        }

        /// <summary>The selftest's printer line: state, and store_name characters the printer has no code for.</summary>
        private string PrinterCheck()
        {
            ReceiptPrinter printer = app.Receipts;
            if (printer == null || !printer.HasPrinter)
            {
                return "ok (none configured: receipts are not printed)";
            }

            if (printer.State == PrintState.Failed)
            {
                return "FAIL " + printer.LastProblem;
            }

            string store = app.Config.Get("store_name");
            int unprintable = 0;
            for (int i = 0; store != null && i < store.Length; i++)
            {
                if (store[i] >= 0x80 && GbCodes.Find(store[i]) < 0)
                {
                    unprintable++;
                }
            }

            string s = "ok (" + ReceiptPrinter.StateName(printer.State) + ", " + printer.Printed.ToString() + " printed; paper state unknown: no answer line)";
            return unprintable == 0 ? s : s + "; store_name has " + unprintable.ToString() + " characters printed as '?'";
        }
    }
}
