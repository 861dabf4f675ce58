using System.Collections;
using Terminal.Core.Ports;
using Terminal.Core.Text;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// The refund files in flash (docs/storage.md, "Refunds"): "refunds/&lt;out_trade_no&gt;.&lt;version&gt;",
    /// one per refunded order, updated like the in-flight journal (write the next version — under
    /// a temporary name, then renamed — and delete the previous one), so a power cut at any point
    /// leaves a complete committed version. The
    /// files of orders whose refunds are all final are kept (they bound later refunds of the same
    /// order) up to <see cref="MaxKeptOrders"/>; beyond that the oldest finished ones go.
    /// Runs on the engine's one thread; the console reads a snapshot.
    /// </summary>
    internal sealed class RefundBook
    {
        public const string Folder = "refunds";

        /// <summary>Finished orders kept for the sum bound (0.2–0.5 KB each, a 4 KB block on the device's count; StoreSpaceTests fits them beside a full outbox on the 4 MB board). Older ones are bounded by WeChat.</summary>
        public const int MaxKeptOrders = 4;

        private readonly IFileStore store;
        private readonly ArrayList orders = new ArrayList(); // RefundOrder, in name (≈ order number) order
        private readonly object gate = new object();
        private bool loaded;

        public RefundBook(IFileStore store)
        {
            this.store = store;
        }

        public bool Loaded
        {
            get { return loaded; }
        }

        public static string FileName(string outTradeNo, int version)
        {
            return Folder + "/" + outTradeNo + "." + version.ToString();
        }

        /// <summary>Reads every refund file (throws <see cref="StoreException"/>); superseded versions are deleted.</summary>
        public void Load()
        {
            string[] names = store.List(Folder);
            ArrayList found = new ArrayList();
            int i = 0;
            while (i < names.Length)
            {
                string order;
                int version;
                if (!Parse(names[i], out order, out version))
                {
                    TryDelete(Folder + "/" + names[i]);
                    i++;
                    continue;
                }

                int first = i;
                int highest = version;
                i++;
                string other;
                int otherVersion;
                while (i < names.Length && Parse(names[i], out other, out otherVersion) && other == order)
                {
                    if (otherVersion > highest)
                    {
                        highest = otherVersion;
                    }

                    i++;
                }

                found.Add(LoadOne(order, highest, names, first, i));
            }

            lock (gate)
            {
                orders.Clear();
                for (int k = 0; k < found.Count; k++)
                {
                    orders.Add(found[k]);
                }

                loaded = true;
            }
        }

        /// <summary>The order's refunds, or null when it has none.</summary>
        public RefundOrder Find(string outTradeNo)
        {
            lock (gate)
            {
                for (int i = 0; i < orders.Count; i++)
                {
                    RefundOrder o = (RefundOrder)orders[i];
                    if (o.OutTradeNo == outTradeNo)
                    {
                        return o;
                    }
                }
            }

            return null;
        }

        /// <summary>Every order with refunds (a snapshot).</summary>
        public object[] Snapshot()
        {
            lock (gate)
            {
                return orders.ToArray();
            }
        }

        /// <summary>Refunds the terminal still has to act on.</summary>
        public int PendingCount()
        {
            int n = 0;
            lock (gate)
            {
                for (int i = 0; i < orders.Count; i++)
                {
                    ArrayList refunds = ((RefundOrder)orders[i]).Refunds;
                    for (int k = 0; k < refunds.Count; k++)
                    {
                        if (((RefundRecord)refunds[k]).Pending)
                        {
                            n++;
                        }
                    }
                }
            }

            return n;
        }

        /// <summary>Commits the order's next version (throws <see cref="StoreException"/>: then the previous version is what flash holds).</summary>
        public void Commit(RefundOrder order)
        {
            byte[] data = order.Encode();
            int previous = order.Version;
            string name = FileName(order.OutTradeNo, previous + 1);

            // Written whole under a temporary name, then renamed: a version is complete or absent,
            // so even the first one (the first intent) is never left half-written.
            try
            {
                store.Write(name + ".tmp", data, 0, data.Length);
                store.Rename(name + ".tmp", name);
            }
            catch (StoreException)
            {
                TryDelete(name + ".tmp");
                throw;
            }

            order.Version = previous + 1;
            if (previous > 0)
            {
                TryDelete(FileName(order.OutTradeNo, previous));
            }

            lock (gate)
            {
                if (!orders.Contains(order))
                {
                    orders.Add(order);
                }
            }
        }

        /// <summary>Commits, best effort: a failure leaves the earlier version, which recovery settles the same way.</summary>
        public void TryCommit(RefundOrder order)
        {
            try
            {
                Commit(order);
            }
            catch (StoreException)
            {
                // the earlier version (at least the intent) is in flash
            }
        }

        /// <summary>Beyond <see cref="MaxKeptOrders"/>: deletes the oldest orders whose refunds are all final.</summary>
        public void Prune()
        {
            lock (gate)
            {
                int i = 0;
                while (orders.Count > MaxKeptOrders && i < orders.Count)
                {
                    RefundOrder o = (RefundOrder)orders[i];
                    if (o.HasPending() || o.Damaged || !TryDelete(FileName(o.OutTradeNo, o.Version)))
                    {
                        i++;
                        continue;
                    }

                    orders.RemoveAt(i);
                }
            }
        }

        private RefundOrder LoadOne(string outTradeNo, int highest, string[] names, int first, int end)
        {
            RefundOrder best = null;
            for (int version = highest; version >= 1 && best == null; version--)
            {
                if (!Listed(names, first, end, version))
                {
                    continue;
                }

                RefundOrder o = RefundOrder.Decode(store.Read(FileName(outTradeNo, version)));
                if (o != null && o.OutTradeNo == outTradeNo)
                {
                    o.Version = version;
                    best = o;
                }
            }

            if (best == null)
            {
                // Nothing readable: keep the files for the technician; the order takes no new refund.
                best = new RefundOrder();
                best.OutTradeNo = outTradeNo;
                best.Version = highest;
                best.Damaged = true;
                return best;
            }

            for (int k = first; k < end; k++)
            {
                string o;
                int v;
                if (Parse(names[k], out o, out v) && v != best.Version)
                {
                    TryDelete(FileName(o, v));
                }
            }

            return best;
        }

        private static bool Listed(string[] names, int first, int end, int version)
        {
            for (int k = first; k < end; k++)
            {
                string o;
                int v;
                if (Parse(names[k], out o, out v) && v == version)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Parse(string name, out string outTradeNo, out int version)
        {
            outTradeNo = null;
            version = -1;
            int dot = name.LastIndexOf('.');
            if (dot < 1 || name.Length < dot + 2 || name.Length > dot + 7)
            {
                return false;
            }

            long v = Digits.ParseNonNegative(name.Substring(dot + 1));
            if (v < 1)
            {
                return false;
            }

            outTradeNo = name.Substring(0, dot);
            version = (int)v;
            return true;
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
