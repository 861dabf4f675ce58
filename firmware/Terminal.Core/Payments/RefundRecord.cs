using System;
using System.Collections;
using System.Text;
using Terminal.Core.Storage;
using Terminal.Core.Text;
using Terminal.Core.Timing;

namespace Terminal.Core.Payments
{
    /// <summary>Where one refund stands, as committed to flash (docs/storage.md, "Refunds").</summary>
    public enum RefundState
    {
        /// <summary>Committed before the refund call leaves: WeChat may or may not have it. Query; resend the same number if it has none.</summary>
        Intent = 1,

        /// <summary>WeChat accepted it (or said PROCESSING): query until final.</summary>
        Accepted = 2,

        /// <summary>WeChat says SUCCESS; the refund notification is not yet in the outbox.</summary>
        Refunded = 3,

        /// <summary>Refunded and the notification is in the outbox. Final.</summary>
        Notified = 4,

        /// <summary>A signed, definite refusal: nothing moved. Final.</summary>
        Failed = 5,

        /// <summary>REFUNDCLOSE: nothing moved. Final.</summary>
        Closed = 6,

        /// <summary>CHANGE: the money left the merchant, the customer's account refused it. Final for the terminal.</summary>
        Abnormal = 7,
    }

    /// <summary>
    /// One refund: the plain record the console, the display and receipts show (refund number,
    /// order, amount, time, state). Its <see cref="State"/> says whether it is final.
    /// </summary>
    public sealed class RefundRecord
    {
        public RefundRecord()
        {
            State = RefundState.Intent;
        }

        /// <summary>The terminal's refund number sent to WeChat (out_refund_no).</summary>
        public string OutRefundNo { get; set; }

        /// <summary>The refunded order (out_trade_no).</summary>
        public string OutTradeNo { get; set; }

        /// <summary>This refund, minor units of <see cref="Currency"/>.</summary>
        public long Fee { get; set; }

        public string Currency { get; set; }

        public RefundState State { get; set; }

        /// <summary>When the manager asked for it, Unix seconds UTC; 0 when the clock was not set.</summary>
        public long CreatedUnix { get; set; }

        /// <summary>WeChat's refund_id once known, else null.</summary>
        public string RefundId { get; set; }

        /// <summary>WeChat's refund_success_time ("yyyy-MM-dd HH:mm:ss", China time) as received, or null.</summary>
        public string SuccessTime { get; set; }

        /// <summary>Unix seconds UTC of the success (from <see cref="SuccessTime"/>, else the terminal's clock when it learned of it); 0 until refunded.</summary>
        public long RefundedUnix { get; set; }

        /// <summary>The last thing WeChat (or its silence) said, for the console; not stored.</summary>
        public string LastDetail { get; set; }

        /// <summary>Not stored: the monotonic time before which the background pass leaves it alone.</summary>
        internal long NextAttemptMs { get; set; }

        /// <summary>True while the money is (or may be) on its way back: it counts against the sale.</summary>
        public bool Counts
        {
            get { return State != RefundState.Failed && State != RefundState.Closed; }
        }

        /// <summary>True while the terminal still has to act on it (query, resend, hand over).</summary>
        public bool Pending
        {
            get { return State == RefundState.Intent || State == RefundState.Accepted || State == RefundState.Refunded; }
        }

        private static readonly string[] StateNames = new string[] { "?", "in flight", "accepted", "refunded (notifying)", "refunded", "failed", "closed", "abnormal" };

        /// <summary>The state's name for screens and the console (enum ToString gives a number on the device).</summary>
        public static string StateName(RefundState state)
        {
            int i = (int)state;
            return i > 0 && i < StateNames.Length ? StateNames[i] : StateNames[0];
        }

        /// <summary>"yyyy-MM-dd HH:mm:ss" (China Standard Time, UTC+8) as Unix seconds UTC, or 0.</summary>
        public static long UnixFromSuccessTime(string text)
        {
            if (text == null || text.Length != 19)
            {
                return 0;
            }

            char[] digits = new char[14];
            int at = 0;
            for (int i = 0; i < 19; i++)
            {
                char c = text[i];
                if (i == 4 || i == 7)
                {
                    if (c != '-')
                    {
                        return 0;
                    }
                }
                else if (i == 10)
                {
                    if (c != ' ')
                    {
                        return 0;
                    }
                }
                else if (i == 13 || i == 16)
                {
                    if (c != ':')
                    {
                        return 0;
                    }
                }
                else
                {
                    digits[at++] = c;
                }
            }

            return UnixFromChinaTime(new string(digits));
        }

        /// <summary>yyyyMMddHHmmss China Standard Time as Unix seconds UTC; 0 when not a valid time.</summary>
        public static long UnixFromChinaTime(string t)
        {
            return LocalTime.UnixFromChinaTime(t);
        }
    }

    /// <summary>
    /// The refunds of one order as one file (docs/storage.md, "Refunds"): the order's total, its
    /// currency and transaction, and every refund asked of it. One file per order, so the sum
    /// "refunded or on its way" is committed in the same write as the new refund's intent.
    /// Encoded like the in-flight journal: UTF-8 "key=value" lines, a CRC-32 line last.
    /// </summary>
    public sealed class RefundOrder
    {
        /// <summary>Format version 1 of the refund file.</summary>
        internal const string Magic = "TR1";

        public RefundOrder()
        {
            Refunds = new ArrayList();
            TotalFee = -1;
        }

        public string OutTradeNo { get; set; }

        public string TransactionId { get; set; }

        /// <summary>The order's total_fee as WeChat reported it (minor units).</summary>
        public long TotalFee { get; set; }

        public string Currency { get; set; }

        /// <summary>File version: each commit writes version + 1 and deletes the previous one.</summary>
        public int Version { get; set; }

        /// <summary>True when no version of the file could be read: its refunds are unknown, so no new refund is allowed.</summary>
        public bool Damaged { get; set; }

        /// <summary><see cref="RefundRecord"/>s, oldest first.</summary>
        public ArrayList Refunds { get; private set; }

        /// <summary>Refunded, or possibly on its way back (everything but failed and closed).</summary>
        public long CountedSum()
        {
            long sum = 0;
            for (int i = 0; i < Refunds.Count; i++)
            {
                RefundRecord r = (RefundRecord)Refunds[i];
                if (r.Counts)
                {
                    sum += r.Fee;
                }
            }

            return sum;
        }

        public bool HasPending()
        {
            for (int i = 0; i < Refunds.Count; i++)
            {
                if (((RefundRecord)Refunds[i]).Pending)
                {
                    return true;
                }
            }

            return false;
        }

        public RefundRecord Find(string outRefundNo)
        {
            for (int i = 0; i < Refunds.Count; i++)
            {
                RefundRecord r = (RefundRecord)Refunds[i];
                if (r.OutRefundNo == outRefundNo)
                {
                    return r;
                }
            }

            return null;
        }

        public byte[] Encode()
        {
            StringBuilder text = new StringBuilder(160 + 96 * Refunds.Count);
            text.Append(Magic).Append('\n');
            JournalEntry.Line(text, "otn", OutTradeNo);
            JournalEntry.Line(text, "txn", TransactionId);
            JournalEntry.Line(text, "fee", TotalFee.ToString());
            JournalEntry.Line(text, "cur", Currency);
            for (int i = 0; i < Refunds.Count; i++)
            {
                RefundRecord r = (RefundRecord)Refunds[i];
                JournalEntry.Line(text, "r", r.OutRefundNo);
                JournalEntry.Line(text, "rfee", r.Fee.ToString());
                JournalEntry.Line(text, "rstate", ((int)r.State).ToString());
                JournalEntry.Line(text, "rcreated", r.CreatedUnix.ToString());
                JournalEntry.Line(text, "rid", r.RefundId);
                JournalEntry.Line(text, "rtime", r.SuccessTime);
                if (r.RefundedUnix > 0)
                {
                    JournalEntry.Line(text, "rat", r.RefundedUnix.ToString());
                }
            }

            return SealedFile.WithCrcLine(Encoding.UTF8.GetBytes(text.ToString()));
        }

        /// <summary>Decodes a refund file; null when it is damaged (bad CRC, torn, wrong format, a refund without number or amount).</summary>
        public static RefundOrder Decode(byte[] data)
        {
            string[] lines = JournalEntry.RecordLines(data, Magic);
            if (lines == null)
            {
                return null;
            }

            RefundOrder order = new RefundOrder();
            RefundRecord current = null;
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i];
                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string key = line.Substring(0, eq);
                string value = JournalEntry.Unescape(line.Substring(eq + 1));
                if (key == "r")
                {
                    current = new RefundRecord();
                    current.OutRefundNo = value;
                    current.Fee = -1;
                    order.Refunds.Add(current);
                    continue;
                }

                if (current == null)
                {
                    switch (key)
                    {
                        case "otn":
                            order.OutTradeNo = value;
                            break;
                        case "txn":
                            order.TransactionId = value;
                            break;
                        case "fee":
                            order.TotalFee = Digits.ParseNonNegative(value);
                            break;
                        case "cur":
                            order.Currency = value;
                            break;
                    }

                    continue;
                }

                switch (key)
                {
                    case "rfee":
                        current.Fee = Digits.ParseNonNegative(value);
                        break;
                    case "rstate":
                        long state = Digits.ParseNonNegative(value);
                        current.State = state >= 1 && state <= 7 ? (RefundState)(int)state : RefundState.Intent;
                        break;
                    case "rcreated":
                        current.CreatedUnix = Digits.ParseNonNegative(value);
                        break;
                    case "rid":
                        current.RefundId = value;
                        break;
                    case "rtime":
                        current.SuccessTime = value;
                        break;
                    case "rat":
                        current.RefundedUnix = Digits.ParseNonNegative(value);
                        break;
                }
            }

            if (order.OutTradeNo == null || order.OutTradeNo.Length == 0 || order.TotalFee <= 0)
            {
                return null;
            }

            for (int i = 0; i < order.Refunds.Count; i++)
            {
                RefundRecord r = (RefundRecord)order.Refunds[i];
                if (r.Fee <= 0 || r.OutRefundNo == null || r.OutRefundNo.Length == 0)
                {
                    return null;
                }

                r.OutTradeNo = order.OutTradeNo;
                r.Currency = order.Currency;
            }

            return order;
        }
    }
}
