using System;
using Terminal.Core.Ports;
using Terminal.Core.Text;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// Order numbers (out_trade_no) unique forever per terminal: the terminal id followed by a
    /// 12-digit sequence. The sequence is reserved in blocks: the highest reserved value is the
    /// NAME of the single file in "seq/" (a new name is written before the old one is deleted, so
    /// a power cut at any point leaves at least the last reservation; the name, not the content,
    /// is the truth). After a reboot numbering continues above the highest name, skipping the rest
    /// of the block — gaps are harmless, reuse never happens. On a terminal with no "seq/" file
    /// (new or wiped flash) the sequence starts from the wall clock (tenths of seconds since
    /// 2024-01-01), so a wiped terminal does not reuse its earlier numbers.
    /// </summary>
    public sealed class OrderNumbers
    {
        public const string Folder = "seq";
        public const int SequenceDigits = 12;
        public const int MaxTerminalIdLength = 20;
        private const long Epoch2024Unix = 1704067200;
        private const long MaxSequence = 999999999999;

        private readonly IFileStore store;
        private readonly IClock clock;
        private readonly string terminalId;
        private readonly int block;
        private bool loaded;
        private long next;
        private long reservedTop;
        private long atLeast;

        public OrderNumbers(IFileStore store, IClock clock, string terminalId, int block)
        {
            string error = CheckTerminalId(terminalId);
            if (error != null)
            {
                throw new ArgumentException(error);
            }

            this.store = store;
            this.clock = clock;
            this.terminalId = terminalId;
            this.block = block < 1 ? 1 : block;
        }

        public string TerminalId
        {
            get { return terminalId; }
        }

        /// <summary>Checks a terminal id: 1–20 characters of [0-9A-Za-z]. Returns null when valid.</summary>
        public static string CheckTerminalId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxTerminalIdLength)
            {
                return "The terminal id must be 1 to " + MaxTerminalIdLength + " letters or digits.";
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                {
                    return "The terminal id may only contain letters and digits (found '" + c + "').";
                }
            }

            return null;
        }

        /// <summary>The order number for a sequence value.</summary>
        public string Format(long sequence)
        {
            return terminalId + Pad(sequence);
        }

        /// <summary>The refund number (out_refund_no) for a sequence value: the terminal id, "R", the digits.</summary>
        public string FormatRefund(long sequence)
        {
            return terminalId + "R" + Pad(sequence);
        }

        /// <summary>The sequence value of one of this terminal's order numbers, or -1.</summary>
        public long SequenceOf(string outTradeNo)
        {
            if (outTradeNo == null || outTradeNo.Length != terminalId.Length + SequenceDigits || outTradeNo.IndexOf(terminalId) != 0)
            {
                return -1;
            }

            return Digits.ParseNonNegative(outTradeNo.Substring(terminalId.Length));
        }

        /// <summary>Makes sure later numbers are above <paramref name="sequence"/> (e.g. the journal's highest).</summary>
        public void KeepAbove(long sequence)
        {
            if (sequence >= atLeast)
            {
                atLeast = sequence + 1;
            }

            if (loaded && next < atLeast)
            {
                next = atLeast;
            }
        }

        /// <summary>
        /// The next sequence value, reserved in flash before it is returned. Throws
        /// <see cref="StoreException"/> when the reservation cannot be committed (nothing is used then).
        /// </summary>
        public long Next()
        {
            if (!loaded)
            {
                Load();
            }

            if (next > reservedTop)
            {
                long top = next + block - 1;
                if (top > MaxSequence)
                {
                    throw new StoreException("order-number sequence exhausted");
                }

                store.Write(Folder + "/" + Pad(top), new byte[0], 0, 0);
                long previous = reservedTop;
                reservedTop = top;
                if (previous > 0)
                {
                    try
                    {
                        store.Delete(Folder + "/" + Pad(previous));
                    }
                    catch (StoreException)
                    {
                        // A leftover lower name is harmless: the highest name wins at boot.
                    }
                }
            }

            return next++;
        }

        private void Load()
        {
            long top = 0;
            string[] names = store.List(Folder);
            for (int i = 0; i < names.Length; i++)
            {
                long value = names[i].Length == SequenceDigits ? Digits.ParseNonNegative(names[i]) : -1;
                if (value > top)
                {
                    top = value;
                }
            }

            if (top > 0)
            {
                next = top + 1;
                reservedTop = top; // the rest of the last block may have been used: skip it
            }
            else
            {
                next = 1;
                if (clock != null && clock.IsWallClockValid)
                {
                    long seconds = UnixSeconds(clock.UtcNow) - Epoch2024Unix;
                    if (seconds > 0)
                    {
                        next = seconds * 10;
                    }
                }

                reservedTop = 0;
            }

            if (next < atLeast)
            {
                next = atLeast;
            }

            loaded = true;
        }

        /// <summary>Unix seconds of a UTC time (DateTime.ToUnixTimeSeconds exists on the device only).</summary>
        public static long UnixSeconds(DateTime utc)
        {
            return (utc.Ticks - 621355968000000000L) / 10000000L;
        }

        private static string Pad(long value)
        {
            string digits = value.ToString();
            return digits.Length >= SequenceDigits ? digits : new string('0', SequenceDigits - digits.Length) + digits;
        }
    }
}
