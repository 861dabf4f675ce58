using Terminal.Core.Protocol;

namespace Terminal.Core.Payments
{
    /// <summary>What the engine knows about one order while it drives it to an end (a live sale, or an order resumed at boot).</summary>
    internal sealed class Sale
    {
        public JournalEntry Entry;

        /// <summary>The signed micropay, kept for the one documented re-submit; null for a resumed order.</summary>
        public byte[] MicropayBody;
        public Responses.Expectation Expected;
        public bool Submitted;

        /// <summary>Monotonic time the first micropay left (the query deadline counts from it).</summary>
        public long FirstSubmitMs;

        /// <summary>Monotonic time the last micropay left (no reverse within 15 s of it).</summary>
        public long LastSubmitMs;
        public string SubmitHost;

        /// <summary>The last micropay drew no trusted answer (time-out, reset, unsigned, not ours).</summary>
        public bool NoAnswer;

        /// <summary>
        /// WeChat said something that means the order may exist (USERPAYING, SYSTEMERROR,
        /// BANKERROR, ORDERPAID, NOTPAY, PAYERROR), or nothing is known (resumed at boot): an
        /// ORDERNOTEXIST is then no proof that nothing was charged.
        /// </summary>
        public bool MayExist;
        public bool Resubmitted;
        public bool Cancelled;

        /// <summary>Found unfinished at boot and resumed (its notification is marked recovered).</summary>
        public bool Resumed;

        /// <summary>Reverse calls allowed before the order is left unresolved.</summary>
        public int ReverseTries;

        /// <summary>Why the wait ended in a reverse (set when the wait returns without a result).</summary>
        public string ReverseWhy;

        /// <summary>A resumed order: the answer that said paid, left for the caller to hand over (<see cref="SaleFlow.Resumed"/>).</summary>
        public WxOutcome Paid;

        /// <summary>The first answer that needs a technician (a refusal or a configuration error), or null.</summary>
        public WxOutcome Refusal;

        /// <summary>Takes in what a micropay answer says about the order.</summary>
        public void NoteMicropay(WxOutcome outcome)
        {
            NoAnswer = !outcome.Trusted && outcome.Verdict == Verdict.Unknown;
            if (outcome.Trusted && (outcome.Verdict == Verdict.UserPaying || outcome.Verdict == Verdict.Unknown))
            {
                MayExist = true;
            }

            NoteRefusal(outcome);
        }

        /// <summary>Takes in what a query answer says about the order.</summary>
        public void NoteQuery(WxOutcome outcome)
        {
            if (outcome.Verdict == Verdict.UserPaying || outcome.Verdict == Verdict.NotPaid || outcome.Verdict == Verdict.PayError)
            {
                MayExist = true;
            }

            NoteRefusal(outcome);
        }

        public void NoteRefusal(WxOutcome outcome)
        {
            if (Refusal == null && outcome.TechnicianAttention)
            {
                Refusal = outcome;
            }
        }
    }
}
