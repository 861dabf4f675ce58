namespace Terminal.Core.Payments
{
    /// <summary>
    /// Sends the engine's progress to its listener (the cashier screen) through one reused
    /// <see cref="PaymentProgress"/>: no allocation per report.
    /// </summary>
    internal sealed class ProgressReporter
    {
        private readonly PaymentProgress progress = new PaymentProgress();

        /// <summary>May be null; read once per report, so it may be swapped from another thread.</summary>
        public IPaymentListener Listener;

        public PaymentProgress Progress
        {
            get { return progress; }
        }

        public void Attempt(int attempt, int maxAttempts)
        {
            progress.Attempt = attempt;
            progress.MaxAttempts = maxAttempts;
        }

        public void Report(PaymentStage stage, string outTradeNo, long totalFee, int secondsLeft, string message)
        {
            IPaymentListener listener = Listener;
            progress.Stage = stage;
            progress.OutTradeNo = outTradeNo;
            progress.TotalFee = totalFee;
            progress.SecondsLeft = secondsLeft;
            progress.Message = message;
            if (stage != PaymentStage.Submitting && stage != PaymentStage.Reversing)
            {
                progress.Attempt = 0;
                progress.MaxAttempts = 0;
            }

            if (listener != null)
            {
                listener.OnProgress(progress);
            }
        }

        /// <summary>Whole seconds from <paramref name="now"/> to <paramref name="target"/>, rounded up; 0 when past.</summary>
        public static int SecondsUntil(long target, long now)
        {
            long left = target - now;
            return left <= 0 ? 0 : (int)((left + 999) / 1000);
        }
    }
}
