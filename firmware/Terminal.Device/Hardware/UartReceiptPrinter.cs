using Terminal.Core.Receipts;

namespace Terminal.Device.Hardware
{
    /// <summary>
    /// The 58 mm ESC/POS printer on the scanner UART's transmit line (COM2 TX, GPIO32, 9600 8N1;
    /// hardware/README.md, "Receipt printer"): the scanner only sends to the terminal, the
    /// printer only receives. Writes the bytes the core built; no answer line, so the paper
    /// state is not known here. Thin: the core's ReceiptPrinter decides what and when.
    /// </summary>
    public sealed class UartReceiptPrinter : IReceiptPrinter
    {
        /// <summary>The scanner's line, set once it is open; until then sends fail.</summary>
        public SerialLine Line;

        public string Note { get; private set; }

        public bool Send(byte[] data, int timeoutMs)
        {
            SerialLine line = Line;
            if (line == null)
            {
                Note = "the printer UART is not open yet";
                return false;
            }

            string error;
            bool sent = line.WriteAll(data, timeoutMs, out error);
            Note = error;
            return sent;
        }
    }
}
