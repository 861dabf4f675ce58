namespace Terminal.Core.Payments
{
    /// <summary>
    /// The cashier's cancel, set from any thread and read by the thread running the sale (a lock:
    /// no volatile on the device). While a sale's micropay or queries are on the wire the window
    /// is interruptible: a cancel then also interrupts the gateway, so an answer still on its way
    /// is abandoned at once. The reverse is never interrupted.
    /// </summary>
    internal sealed class CancelSignal
    {
        private readonly object gate = new object();
        private readonly IWxGateway gateway;
        private bool requested;
        private bool interruptible;

        public CancelSignal(IWxGateway gateway)
        {
            this.gateway = gateway;
        }

        public bool Requested
        {
            get
            {
                lock (gate)
                {
                    return requested;
                }
            }

            set
            {
                lock (gate)
                {
                    requested = value;
                }
            }
        }

        /// <summary>The cashier pressed cancel.</summary>
        public void Request()
        {
            lock (gate)
            {
                requested = true;
                if (interruptible)
                {
                    gateway.Interrupt();
                }
            }
        }

        /// <summary>Opens or closes the window in which <see cref="Request"/> interrupts the gateway.</summary>
        public void SetInterruptible(bool value)
        {
            lock (gate)
            {
                interruptible = value;
                gateway.ResetInterrupt();
                if (value && requested)
                {
                    gateway.Interrupt(); // the cashier was quicker than the first request
                }
            }
        }
    }
}
