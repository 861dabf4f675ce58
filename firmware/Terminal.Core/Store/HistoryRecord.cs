using Terminal.Core.Text;

namespace Terminal.Core.Store
{
    /// <summary>
    /// One line of the sales history (docs/storage.md, "Sales history"): a sale's outcome or a
    /// refund. Never holds the payment code or a secret.
    /// </summary>
    public sealed class HistoryRecord
    {
        public const byte Paid = (byte)'P';
        public const byte Failed = (byte)'F';

        /// <summary>Revoked (reversed) or closed by WeChat: nothing charged; counts as a revoke.</summary>
        public const byte Cancelled = (byte)'C';
        public const byte Unresolved = (byte)'U';
        public const byte NotSent = (byte)'N';
        public const byte Rejected = (byte)'X';

        /// <summary>A refund WeChat confirmed.</summary>
        public const byte Refunded = (byte)'R';

        /// <summary>One of the status letters above (its ASCII code).</summary>
        public byte Status;

        /// <summary>The Z period it is counted in (the number the next Z report will carry); 0: before the first Z, never counted (migrated).</summary>
        public int Period;

        /// <summary>Unix seconds UTC: a payment's paid_at (WeChat's time_end), a refund's refunded_at, else when the sale ended; 0 when the clock was not set.</summary>
        public long At;
        public string OutTradeNo;

        /// <summary>A sale's transaction_id, a refund's out_refund_no; may be empty.</summary>
        public string Reference;
        public long Amount;
        public string Currency;

        /// <summary>Why a sale failed (a FailureReason name), or "".</summary>
        public string Reason;

        /// <summary>The status's name for screens and the console (never an enum's ToString()).</summary>
        public static string StatusName(byte status)
        {
            switch (status)
            {
                case Paid:
                    return "Paid";
                case Failed:
                    return "Failed";
                case Cancelled:
                    return "Cancelled";
                case Unresolved:
                    return "Unresolved";
                case NotSent:
                    return "NotSent";
                case Rejected:
                    return "Rejected";
                case Refunded:
                    return "Refunded";
                default:
                    return "?";
            }
        }

        /// <summary>The status letter as a one-character string.</summary>
        public static string Letter(byte status)
        {
            int i = Letters.IndexOf((char)status);
            return i < 0 ? "?" : Letters.Substring(i, 1);
        }

        private const string Letters = "PFCUNXR";

        /// <summary>The status letter of a name (Paid, Failed, …); 0 when unknown.</summary>
        public static byte StatusOf(string name)
        {
            if (name == null)
            {
                return 0; // string == with a null operand crashes the 1.x interpreter
            }

            string[] names = { "Paid", "Failed", "Cancelled", "Unresolved", "NotSent", "Rejected", "Refunded" };
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == name)
                {
                    return (byte)Letters[i];
                }
            }

            return 0;
        }

        /// <summary>The key that makes a record count once: the refund number for a refund, else status + order.</summary>
        public string Key
        {
            get { return Status == Refunded ? "R" + Reference : Letter(Status) + OutTradeNo; }
        }

        /// <summary><c>S|period|at|out_trade_no|reference|amount|currency|reason</c> and a newline.</summary>
        public string ToLine()
        {
            return Letter(Status) + "|" + Period.ToString() + "|" + At.ToString() + "|" + Safe(OutTradeNo) + "|" + Safe(Reference) + "|" +
                Amount.ToString() + "|" + Safe(Currency) + "|" + Safe(Reason) + "\n";
        }

        /// <summary>A line (without its newline) back to a record; null when it is not one.</summary>
        public static HistoryRecord FromLine(string line)
        {
            string[] f = line.Split(new char[] { '|' });
            if (f.Length != 8 || f[0].Length != 1 || StatusName((byte)f[0][0]) == "?")
            {
                return null;
            }

            HistoryRecord r = new HistoryRecord();
            r.Status = (byte)f[0][0];
            long period = Digits.ParseNonNegative(f[1]);
            r.At = Digits.ParseNonNegative(f[2]);
            r.Amount = Digits.ParseNonNegative(f[5]);
            if (period < 0 || period > int.MaxValue || r.At < 0 || r.Amount < 0)
            {
                return null;
            }

            r.Period = (int)period;
            r.OutTradeNo = f[3];
            r.Reference = f[4];
            r.Currency = f[6];
            r.Reason = f[7];
            return r;
        }

        private static string Safe(string value)
        {
            if (value == null)
            {
                return string.Empty;
            }

            return value.IndexOf('|') >= 0 || value.IndexOf('\n') >= 0 || value.IndexOf('#') == 0 ? "?" : value;
        }
    }
}
