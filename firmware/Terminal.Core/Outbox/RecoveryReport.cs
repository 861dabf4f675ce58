namespace Terminal.Core.Outbox
{
    /// <summary>What boot recovery found in the outbox.</summary>
    public sealed class RecoveryReport
    {
        /// <summary>Valid pending records rebuilt into the queue.</summary>
        public int Recovered { get; set; }

        /// <summary>Uncommitted .tmp files removed (a cut during a commit: the sale never saw "Paid").</summary>
        public int UncommittedRemoved { get; set; }

        public int DeadLetters { get; set; }

        /// <summary>Files found corrupt during this recovery and moved to quarantine.</summary>
        public int Corrupt { get; set; }

        /// <summary>Quarantined files now kept (including earlier ones).</summary>
        public int Quarantined { get; set; }

        /// <summary>Name and reason of the last corrupt file, for the log (null when none).</summary>
        public string LastCorrupt { get; set; }

        internal void NoteCorrupt(string name, string reason)
        {
            Corrupt++;
            LastCorrupt = name + ": " + reason;
        }
    }
}
