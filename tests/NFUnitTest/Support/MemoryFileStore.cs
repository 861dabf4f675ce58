// Device source (C# 9, nanoFramework: no nullable annotations). The .NET projects that link it compile it oblivious.
#nullable disable
using System.Collections;
using Terminal.Core.Ports;
using Terminal.Core.Storage;

namespace Terminal.Tests.Support
{
    /// <summary>How a power cut during a write leaves the file being written.</summary>
    public enum TornWrite
    {
        /// <summary>LittleFS: the file keeps its previous committed state (absent if new).</summary>
        KeepPrevious,

        /// <summary>A worse medium: the file holds a prefix of the new data (an uncommitted, torn file).</summary>
        Prefix,
    }

    /// <summary>
    /// In-memory <see cref="IFileStore"/> with LittleFS semantics and fault injection, after
    /// littlefs's emulated block device and ESP-IDF's NVS host tests: a power cut after the k-th
    /// mutating operation (for every k, in sweeps), torn writes, bit flips in committed files,
    /// and a full disk. Counts operations and bytes for the benchmarks. Paths follow the device's
    /// rules (<see cref="StorePath"/>); with <see cref="BlockSize"/> set to
    /// <see cref="FlashBudget.DeviceBlockSize"/> the space count is the device's too.
    /// </summary>
    public sealed class MemoryFileStore : IFileStore
    {
        private readonly object gate = new object();
        private readonly Hashtable files = new Hashtable();
        private long capacity;
        private int cutAfter = -1;
        private int failAt = -1;
        private bool powerLost;

        public MemoryFileStore()
            : this(256 * 1024)
        {
        }

        public MemoryFileStore(long capacityBytes)
        {
            capacity = capacityBytes;
            Torn = TornWrite.KeepPrevious;
        }

        /// <summary>Mutating operations (write, rename, delete) since creation or <see cref="ResetCounters"/>.</summary>
        public int Operations { get; private set; }

        public int Writes { get; private set; }

        public long BytesWritten { get; private set; }

        public int Renames { get; private set; }

        public int Deletes { get; private set; }

        public int Reads { get; private set; }

        public TornWrite Torn { get; set; }

        /// <summary>True once the injected power cut has happened (until <see cref="Reboot"/>).</summary>
        public bool PowerLost
        {
            get { return powerLost; }
        }

        public long Capacity
        {
            get { return capacity; }
            set { capacity = value; }
        }

        /// <summary>
        /// 0 (default): exact bytes, and a replacement needs only the difference. Otherwise the
        /// device's count (<see cref="FlashBudget"/>): whole blocks per file and per folder that
        /// holds files, and new content must fit beside the old.
        /// </summary>
        public int BlockSize { get; set; }

        /// <summary>
        /// Arms a power cut: mutating operation number <paramref name="operation"/> (1-based,
        /// counted from now) is interrupted, and every operation after it fails until Reboot.
        /// </summary>
        public void CutPowerAt(int operation)
        {
            lock (gate)
            {
                cutAfter = Operations + operation;
            }
        }

        /// <summary>
        /// Arms one transient failure: mutating operation number <paramref name="operation"/>
        /// (1-based, counted from now) fails with a <see cref="StoreException"/> and changes
        /// nothing; the operations after it work (a flash write error, not a power cut).
        /// </summary>
        public void FailAt(int operation)
        {
            lock (gate)
            {
                failAt = Operations + operation;
            }
        }

        /// <summary>True once the armed transient failure has happened.</summary>
        public bool Failed { get; private set; }

        /// <summary>Power comes back: committed files survive, the cut is disarmed.</summary>
        public void Reboot()
        {
            lock (gate)
            {
                powerLost = false;
                cutAfter = -1;
            }
        }

        public void ResetCounters()
        {
            lock (gate)
            {
                Operations = 0;
                Writes = 0;
                BytesWritten = 0;
                Renames = 0;
                Deletes = 0;
                Reads = 0;
            }
        }

        /// <summary>Flips one bit of a committed file (a flash bit error).</summary>
        public void FlipBit(string path, int bitIndex)
        {
            lock (gate)
            {
                byte[] data = (byte[])files[path];
                data[bitIndex / 8] ^= (byte)(1 << (bitIndex % 8));
            }
        }

        /// <summary>All file paths, in ordinal order.</summary>
        public string[] AllPaths()
        {
            lock (gate)
            {
                string[] paths = new string[files.Count];
                files.Keys.CopyTo(paths, 0);
                Terminal.Core.Text.Ordinal.Sort(paths);
                return paths;
            }
        }

        public long UsedBytes
        {
            get
            {
                lock (gate)
                {
                    return Used();
                }
            }
        }

        public long FreeBytes
        {
            get { return capacity - UsedBytes; }
        }

        public bool Exists(string path)
        {
            StorePath.Check(path);
            lock (gate)
            {
                CheckPower();
                return files.Contains(path);
            }
        }

        public byte[] Read(string path)
        {
            HeapProbe.Sample();
            StorePath.Check(path);
            lock (gate)
            {
                CheckPower();
                Reads++;
                byte[] data = (byte[])files[path];
                if (data == null)
                {
                    return null;
                }

                byte[] copy = new byte[data.Length];
                System.Array.Copy(data, copy, data.Length);
                return copy;
            }
        }

        public void Write(string path, byte[] data, int offset, int count)
        {
            HeapProbe.Sample();
            StorePath.Check(path);
            lock (gate)
            {
                CheckPower();
                byte[] previous = (byte[])files[path];
                bool fits;
                if (BlockSize > 0)
                {
                    FlashBudget budget = new FlashBudget(capacity, BlockSize);
                    budget.Reset(Used());
                    fits = budget.Fits(count);
                }
                else
                {
                    fits = Used() - (previous == null ? 0 : previous.Length) + count <= capacity;
                }

                if (!fits)
                {
                    StoreException full = new StoreException("no space left for " + path + " (" + count + " bytes)");
                    full.DiskFull = true;
                    throw full;
                }

                if (Cut())
                {
                    if (Torn == TornWrite.Prefix && count > 1)
                    {
                        byte[] torn = new byte[count / 2];
                        System.Array.Copy(data, offset, torn, 0, torn.Length);
                        files[path] = torn;
                        HeapProbe.FlashChanged(torn.Length - (previous == null ? 0 : previous.Length));
                    }

                    throw Lost("write " + path);
                }

                byte[] copy = new byte[count];
                System.Array.Copy(data, offset, copy, 0, count);
                files[path] = copy;
                HeapProbe.FlashChanged(count - (previous == null ? 0 : previous.Length));
                Writes++;
                BytesWritten += count;
            }
        }

        public void Rename(string from, string to)
        {
            StorePath.Check(from);
            StorePath.Check(to);
            lock (gate)
            {
                CheckPower();
                if (!files.Contains(from))
                {
                    throw new StoreException("cannot rename " + from + ": it does not exist");
                }

                if (files.Contains(to))
                {
                    throw new StoreException("cannot rename " + from + " to " + to + ": the target exists");
                }

                if (Cut())
                {
                    throw Lost("rename " + from); // atomic: nothing happened
                }

                files[to] = files[from];
                files.Remove(from);
                Renames++;
            }
        }

        public void Delete(string path)
        {
            StorePath.Check(path);
            lock (gate)
            {
                CheckPower();
                if (Cut())
                {
                    throw Lost("delete " + path);
                }

                byte[] deleted = (byte[])files[path];
                files.Remove(path);
                HeapProbe.FlashChanged(deleted == null ? 0 : -deleted.Length);
                Deletes++;
            }
        }

        /// <summary>Folders exist here only while they hold files (as the space count assumes): nothing to do.</summary>
        public void DeleteFolder(string folder)
        {
            StorePath.Check(folder);
            lock (gate)
            {
                CheckPower();
            }
        }

        public string[] List(string folder)
        {
            HeapProbe.Sample();
            if (folder != null && folder.Length > 0)
            {
                StorePath.Check(folder);
            }

            lock (gate)
            {
                CheckPower();
                string prefix = folder == null || folder.Length == 0 ? string.Empty : folder + "/";
                ArrayList names = new ArrayList();
                foreach (DictionaryEntry entry in files)
                {
                    string path = (string)entry.Key;
                    if (path.Length > prefix.Length && (prefix.Length == 0 || path.IndexOf(prefix) == 0))
                    {
                        string rest = path.Substring(prefix.Length);
                        if (rest.IndexOf('/') < 0)
                        {
                            names.Add(rest);
                        }
                    }
                }

                string[] sorted = (string[])names.ToArray(typeof(string));
                Terminal.Core.Text.Ordinal.Sort(sorted);

                // The 1.x interpreter's Hashtable can enumerate a key twice after many overwrites
                // and removals (seen in SalesHistoryTests: a rewritten history part listed twice);
                // a file store lists each name once.
                int unique = 0;
                for (int i = 0; i < sorted.Length; i++)
                {
                    if (unique == 0 || !(sorted[unique - 1] == sorted[i]))
                    {
                        sorted[unique++] = sorted[i];
                    }
                }

                string[] result = new string[unique];
                System.Array.Copy(sorted, 0, result, 0, unique);
                return result;
            }
        }

        private long Used()
        {
            long used = 0;
            if (BlockSize <= 0)
            {
                foreach (DictionaryEntry entry in files)
                {
                    used += ((byte[])entry.Value).Length;
                }

                return used;
            }

            FlashBudget budget = new FlashBudget(capacity, BlockSize);
            Hashtable folders = new Hashtable();
            foreach (DictionaryEntry entry in files)
            {
                used += budget.FileCost(((byte[])entry.Value).Length);
                string path = (string)entry.Key;
                for (int slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                {
                    folders[path.Substring(0, slash)] = true;
                }
            }

            return used + folders.Count * budget.FolderCost;
        }

        private bool Cut()
        {
            Operations++;
            if (failAt > 0 && Operations == failAt)
            {
                failAt = -1;
                Failed = true;
                throw new StoreException("flash write error (injected)");
            }

            if (cutAfter > 0 && Operations >= cutAfter)
            {
                powerLost = true;
                return true;
            }

            return false;
        }

        private void CheckPower()
        {
            if (powerLost)
            {
                throw new StoreException("power lost");
            }
        }

        private static StoreException Lost(string what)
        {
            return new StoreException("power lost during " + what);
        }


    }
}
