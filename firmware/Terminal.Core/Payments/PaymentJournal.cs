using System.Collections;
using Terminal.Core.Ports;
using Terminal.Core.Text;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// The in-flight journal (docs/storage.md, "In-flight journal"): one file per unfinished order,
    /// "journal/&lt;12-digit sequence&gt;.&lt;version&gt;". An update writes the next version under a
    /// new name and then deletes the previous one (LittleFS's rename cannot replace), so a power
    /// cut at any point leaves at least one committed version; at boot the highest version that
    /// passes its CRC wins and the others are deleted. A file too damaged to read is rebuilt from
    /// its name (the order number is the terminal id + the sequence), so its order is still
    /// queried and settled.
    /// </summary>
    public sealed class PaymentJournal
    {
        public const string Folder = "journal";

        private readonly IFileStore store;
        private readonly OrderNumbers numbers;

        public PaymentJournal(IFileStore store, OrderNumbers numbers)
        {
            this.store = store;
            this.numbers = numbers;
        }

        public static string FileName(long sequence, int version)
        {
            string digits = sequence.ToString();
            if (digits.Length < OrderNumbers.SequenceDigits)
            {
                digits = new string('0', OrderNumbers.SequenceDigits - digits.Length) + digits;
            }

            return Folder + "/" + digits + "." + version.ToString();
        }

        /// <summary>Commits the entry as its next version (throws <see cref="StoreException"/> if it cannot).</summary>
        public void Commit(JournalEntry entry)
        {
            byte[] data = entry.Encode();
            int previous = entry.Version;
            store.Write(FileName(entry.Sequence, previous + 1), data, 0, data.Length);
            entry.Version = previous + 1;
            if (previous > 0)
            {
                TryDelete(FileName(entry.Sequence, previous));
            }
        }

        /// <summary>Removes a finished order (its outcome is settled); a failure leaves it for the next boot.</summary>
        public bool Remove(JournalEntry entry)
        {
            if (entry.Version <= 0)
            {
                return true;
            }

            return TryDelete(FileName(entry.Sequence, entry.Version));
        }

        /// <summary>Every unfinished order, oldest first; superseded and damaged versions are cleaned up.</summary>
        public ArrayList LoadAll()
        {
            string[] names = store.List(Folder);
            ArrayList result = new ArrayList();
            int i = 0;
            while (i < names.Length)
            {
                long sequence;
                int version;
                if (!Parse(names[i], out sequence, out version))
                {
                    TryDelete(Folder + "/" + names[i]); // a stray temporary file
                    i++;
                    continue;
                }

                // Names sort by sequence (fixed width); gather this sequence's versions.
                int first = i;
                int highest = version;
                i++;
                long otherSequence;
                int otherVersion;
                while (i < names.Length && Parse(names[i], out otherSequence, out otherVersion) && otherSequence == sequence)
                {
                    if (otherVersion > highest)
                    {
                        highest = otherVersion;
                    }

                    i++;
                }

                result.Add(LoadOne(sequence, highest, names, first, i));
            }

            return result;
        }

        private JournalEntry LoadOne(long sequence, int highest, string[] names, int first, int end)
        {
            // Try versions from the highest down; the first one that decodes wins.
            JournalEntry best = null;
            for (int version = highest; version >= 1 && best == null; version--)
            {
                if (!Listed(names, first, end, sequence, version))
                {
                    continue;
                }

                JournalEntry entry = JournalEntry.Decode(store.Read(FileName(sequence, version)));
                if (entry != null && entry.Sequence == sequence)
                {
                    entry.Version = version;
                    best = entry;
                }
            }

            if (best == null)
            {
                best = new JournalEntry();
                best.Sequence = sequence;
                best.OutTradeNo = numbers.Format(sequence);
                best.Version = highest;
                best.Rebuilt = true;
            }

            for (int k = first; k < end; k++)
            {
                long s;
                int v;
                if (Parse(names[k], out s, out v) && v != best.Version)
                {
                    TryDelete(FileName(s, v));
                }
            }

            return best;
        }

        private static bool Listed(string[] names, int first, int end, long sequence, int version)
        {
            for (int k = first; k < end; k++)
            {
                long s;
                int v;
                if (Parse(names[k], out s, out v) && s == sequence && v == version)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Parse(string name, out long sequence, out int version)
        {
            sequence = -1;
            version = -1;
            int dot = name.IndexOf('.');
            if (dot != OrderNumbers.SequenceDigits || name.Length < dot + 2 || name.Length > dot + 7)
            {
                return false;
            }

            sequence = Digits.ParseNonNegative(name.Substring(0, dot));
            long v = Digits.ParseNonNegative(name.Substring(dot + 1));
            version = (int)v;
            return sequence >= 0 && v >= 1;
        }

        private bool TryDelete(string path)
        {
            try
            {
                store.Delete(path);
                return true;
            }
            catch (StoreException)
            {
                return false;
            }
        }
    }
}
