namespace Terminal.Core.Receipts
{
    /// <summary>
    /// The receipt printer, as the core sees it: a byte sink. The device writes to the printer's
    /// UART (Terminal.Device, <c>UartReceiptPrinter</c>); the simulator decodes the bytes into a
    /// text file and a PNG. Called only from <see cref="ReceiptPrinter"/>'s own thread, never
    /// while a sale waits.
    /// </summary>
    public interface IReceiptPrinter
    {
        /// <summary>
        /// Sends one whole receipt. False when it could not be sent within
        /// <paramref name="timeoutMs"/> (or the port failed); never throws for that.
        /// </summary>
        bool Send(byte[] data, int timeoutMs);

        /// <summary>What the adapter last has to say (why a send failed, or where the receipt went); may be null.</summary>
        string Note { get; }
    }
}
