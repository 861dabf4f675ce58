using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Text;

namespace Terminal.Tests.Support
{
    /// <summary>
    /// The outbox as the engine sees it, in the same flash: one file per order
    /// ("outbox/&lt;out_trade_no&gt;" holding "total_fee|transaction_id"), idempotent by order number.
    /// </summary>
    public sealed class FlashOutbox : IPaidSink, IRefundSink
    {
        public const string Folder = "outbox";

        /// <summary>Refund notifications: "outrefund/&lt;out_refund_no&gt;" holding "refund_fee|out_trade_no|refunded_at".</summary>
        public const string RefundFolder = "outrefund";

        private readonly IFileStore store;

        public FlashOutbox(IFileStore store)
        {
            this.store = store;
        }

        public int Commits { get; private set; }

        /// <summary>When set, every commit fails as a full flash would.</summary>
        public bool Full { get; set; }

        public void Commit(PaidPayment payment)
        {
            if (Full)
            {
                StoreException full = new StoreException("outbox full");
                full.DiskFull = true;
                throw full;
            }

            Commits++;
            byte[] data = Utf8.Encode(payment.TotalFee.ToString() + "|" + payment.TransactionId);
            store.Write(Folder + "/" + payment.OutTradeNo, data, 0, data.Length);
        }

        /// <summary>Refund hand-overs, including repeats of the same refund.</summary>
        public int RefundCommits { get; private set; }

        public void Commit(RefundOrder order, RefundRecord refund)
        {
            if (Full)
            {
                StoreException full = new StoreException("outbox full");
                full.DiskFull = true;
                throw full;
            }

            string path = RefundFolder + "/" + refund.OutRefundNo;
            byte[] data = Utf8.Encode(refund.Fee.ToString() + "|" + order.OutTradeNo + "|" + refund.RefundedUnix.ToString());
            byte[] held = store.Read(path);
            if (held != null && Utf8.Decode(held, 0, held.Length) != Utf8.Decode(data, 0, data.Length))
            {
                throw new System.InvalidOperationException("refund " + refund.OutRefundNo + " handed over with other bytes: the merchant server would answer 409");
            }

            RefundCommits++;
            if (held == null)
            {
                // Like the real outbox: written whole, then renamed into place.
                store.Write(path + ".tmp", data, 0, data.Length);
                store.Rename(path + ".tmp", path);
            }
        }

        /// <summary>The sum of refund notifications the outbox holds for an order.</summary>
        public static long RefundedOf(MemoryFileStore flash, string outTradeNo)
        {
            string[] names = flash.List(RefundFolder);
            long sum = 0;
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i].IndexOf(".tmp") > 0)
                {
                    continue;
                }

                byte[] data = flash.Read(RefundFolder + "/" + names[i]);
                string text = Utf8.Decode(data, 0, data.Length);
                string[] parts = text.Split(new char[] { '|' });
                if (parts[1] == outTradeNo)
                {
                    sum += Terminal.Core.Text.Digits.ParseNonNegative(parts[0]);
                }
            }

            return sum;
        }

        /// <summary>The amount the outbox holds for an order, or -1 when it holds none.</summary>
        public static long AmountOf(MemoryFileStore flash, string outTradeNo)
        {
            byte[] data = flash.Read(Folder + "/" + outTradeNo);
            if (data == null)
            {
                return -1;
            }

            string text = Utf8.Decode(data, 0, data.Length);
            return Terminal.Core.Text.Digits.ParseNonNegative(text.Substring(0, text.IndexOf('|')));
        }
    }

    /// <summary>
    /// Records the engine's progress and plays the people around it: the cashier pressing cancel,
    /// or the power going (a reset: <see cref="PowerCutException"/> unwinds the sale) once the
    /// sale reaches a stage with at most some seconds left.
    /// </summary>
    public sealed class SaleWatcher : IPaymentListener
    {
        public SaleWatcher()
        {
            CancelAt = -1;
            ResetAt = -1;
        }

        public PaymentEngine Engine;

        /// <summary>Press cancel once the password wait shows this many seconds left or fewer (-1: never).</summary>
        public int CancelAt;

        /// <summary>Cut the power once the password wait shows this many seconds left or fewer (-1: never).</summary>
        public int ResetAt;

        public int Reports;
        public int PasswordReports;
        public int RecoveringReports;
        public PaymentStage LastStage;

        public void OnProgress(PaymentProgress progress)
        {
            Reports++;
            LastStage = progress.Stage;
            if (progress.Stage == PaymentStage.Recovering)
            {
                RecoveringReports++;
            }

            if (progress.Stage != PaymentStage.WaitingForPassword)
            {
                return;
            }

            PasswordReports++;
            if (CancelAt >= 0 && progress.SecondsLeft <= CancelAt)
            {
                CancelAt = -1;
                Engine.Cancel();
            }

            if (ResetAt >= 0 && progress.SecondsLeft <= ResetAt)
            {
                ResetAt = -1;
                throw new PowerCutException("reset during the password wait");
            }
        }
    }
}
