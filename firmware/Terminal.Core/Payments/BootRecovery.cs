namespace Terminal.Core.Payments
{
    /// <summary>What boot recovery found in the in-flight journal and what became of it (the screen and the console's <c>status</c> show it).</summary>
    public sealed class BootRecovery
    {
        /// <summary>False until recovery has read the journal.</summary>
        public bool Ran;

        /// <summary>Unfinished orders in the journal.</summary>
        public int Found;

        /// <summary>Of those: paid, their notification in the outbox (or waiting for room, then also counted in <see cref="Pending"/>).</summary>
        public int Paid;

        /// <summary>Of those: settled with nothing charged (revoked, closed).</summary>
        public int NothingCharged;

        /// <summary>Orders still unsettled after recovery ("do not charge again"; reconciled in the background).</summary>
        public int Pending;

        /// <summary>Why the journal could not be read, or null.</summary>
        public string Error;

        /// <summary>One line for the console and the log.</summary>
        public string Describe()
        {
            if (Error != null)
            {
                return "FAILED: " + Error;
            }

            if (!Ran)
            {
                return "not run yet";
            }

            if (Found == 0)
            {
                return "no unfinished orders";
            }

            return Found.ToString() + " unfinished order(s): " + Paid.ToString() + " paid, " + NothingCharged.ToString() + " nothing charged, " +
                Pending.ToString() + " still unresolved";
        }
    }
}
