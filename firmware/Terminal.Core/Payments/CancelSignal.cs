namespace Terminal.Core.Payments
{
    /// <summary>The cashier's cancel, set from any thread and read by the thread running the sale (a lock: no volatile on the device).</summary>
    internal sealed class CancelSignal
    {
        private readonly object gate = new object();
        private bool requested;

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
    }
}
