using System;
using System.IO;
using Terminal.Core.Ports;
using Terminal.Core.Storage;

namespace Terminal.Device.Storage
{
    /// <summary>
    /// <see cref="IFileStore"/> on the ESP32's internal LittleFS drive (<c>I:</c>), inside its own
    /// folder (<c>I:\terminal</c> by default). The drive also holds the device's own configuration
    /// (network, Wi-Fi, certificates): this adapter never reads, lists, writes or deletes anything
    /// outside its folder.
    /// <para>
    /// Durable write. nanoFramework's FileStream on the ESP32 commits at close, and opening with
    /// <see cref="FileMode.Create"/> truncates the old file straight away, so overwriting in place
    /// could leave an empty file after a power cut. Every <see cref="Write"/> therefore writes a
    /// side file in one <c>FileStream.Write</c>, closes it (committed), and renames it over the
    /// target (<see cref="File.Move"/> is atomic on LittleFS but refuses to replace). The protocol
    /// and the boot recovery of the side files a cut leaves are the core's
    /// <see cref="SideFiles"/> (tested on every cut point in tests/NFUnitTest/Storage); this
    /// adapter only supplies the System.IO calls (<see cref="ISideFileOps"/>).
    /// </para>
    /// Side files are never listed. The path rules (<see cref="StorePath"/>) and the space count
    /// (<see cref="FlashBudget"/>: whole 4 KB blocks per file and folder, a new content must fit
    /// beside the old) are the core's, shared with the PC and test stores. All calls are serialised.
    /// </summary>
    public sealed class LittleFsFileStore : IFileStore
    {
        private readonly object gate = new object();
        private readonly string root;
        private readonly FlashBudget budget;

        /// <param name="root">The store's folder, e.g. <c>I:\terminal</c> (created if missing).</param>
        /// <param name="capacityBytes">
        /// The share of the drive this store may use (block-rounded). LittleFS cannot report free
        /// space to managed code (DriveInfo has only TotalSize), so the store keeps its own count
        /// against this budget; leave room for the device configuration and LittleFS metadata.
        /// </param>
        public LittleFsFileStore(string root, long capacityBytes)
        {
            if (root == null || root.Length == 0)
            {
                throw new ArgumentException("root");
            }

            this.root = root[root.Length - 1] == '\\' ? root.Substring(0, root.Length - 1) : root;
            budget = new FlashBudget(capacityBytes, FlashBudget.DeviceBlockSize);
            try
            {
                if (!Directory.Exists(this.root))
                {
                    Directory.CreateDirectory(this.root);
                }

                Recovered = SideFiles.Recover(new Ops(), this.root);
                budget.Reset(Measure(this.root));
            }
            catch (IOException ex)
            {
                throw new StoreException("cannot open the store at " + this.root + ": " + ex.Message, ex);
            }
        }

        /// <summary>Side files resolved at start-up (rolled forward or dropped), for the boot log.</summary>
        public int Recovered { get; private set; }

        /// <summary>Bytes the store's files occupy, rounded to blocks.</summary>
        public long UsedBytes
        {
            get
            {
                lock (gate)
                {
                    return budget.Used;
                }
            }
        }

        public long FreeBytes
        {
            get
            {
                lock (gate)
                {
                    return budget.Free;
                }
            }
        }

        public bool Exists(string path)
        {
            string full = Full(path);
            lock (gate)
            {
                return File.Exists(full);
            }
        }

        public byte[] Read(string path)
        {
            string full = Full(path);
            lock (gate)
            {
                try
                {
                    if (!File.Exists(full))
                    {
                        return null;
                    }

                    return File.ReadAllBytes(full);
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot read " + path + ": " + ex.Message, ex);
                }
            }
        }

        public void Write(string path, byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentException("data");
            }

            string full = Full(path);
            lock (gate)
            {
                bool replacing = File.Exists(full);
                long previous = replacing ? FileLength(full) : -1;
                if (!budget.Fits(count))
                {
                    StoreException full1 = new StoreException("no space left for " + path + " (" + count.ToString() + " bytes, " + budget.Free.ToString() + " free)");
                    full1.DiskFull = true;
                    throw full1;
                }

                try
                {
                    EnsureFolder(full);

                    // Side file, delete, move; on a failure the side file is resolved (SideFiles).
                    SideFiles.Write(new Ops(), full, replacing, data, offset, count);
                    budget.Wrote(count, previous);
                }
                catch (IOException ex)
                {
                    StoreException failure = new StoreException("cannot write " + path + ": " + ex.Message, ex);

                    // IOException has no disk-full code on nanoFramework: judge by the budget.
                    failure.DiskFull = budget.LooksFull(count);
                    throw failure;
                }
            }
        }

        public void Rename(string from, string to)
        {
            string source = Full(from);
            string target = Full(to);
            lock (gate)
            {
                if (!File.Exists(source))
                {
                    throw new StoreException("cannot rename " + from + ": it does not exist");
                }

                if (File.Exists(target))
                {
                    throw new StoreException("cannot rename " + from + " to " + to + ": the target exists");
                }

                try
                {
                    EnsureFolder(target);
                    File.Move(source, target);
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot rename " + from + ": " + ex.Message, ex);
                }
            }
        }

        public void Delete(string path)
        {
            string full = Full(path);
            lock (gate)
            {
                try
                {
                    if (File.Exists(full))
                    {
                        long length = FileLength(full);
                        File.Delete(full);
                        budget.Deleted(length);
                    }
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot delete " + path + ": " + ex.Message, ex);
                }
            }
        }

        public void DeleteFolder(string folder)
        {
            string full = Full(folder);
            lock (gate)
            {
                try
                {
                    if (Directory.Exists(full) && Directory.GetFiles(full).Length == 0 && Directory.GetDirectories(full).Length == 0)
                    {
                        Directory.Delete(full);
                        budget.FolderDeleted();
                    }
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot remove folder " + folder + ": " + ex.Message, ex);
                }
            }
        }

        public string[] List(string folder)
        {
            string full = folder == null || folder.Length == 0 ? root : Full(folder);
            lock (gate)
            {
                try
                {
                    if (!Directory.Exists(full))
                    {
                        return new string[0];
                    }

                    string[] files = Directory.GetFiles(full);
                    int kept = 0;
                    for (int i = 0; i < files.Length; i++)
                    {
                        string name = Path.GetFileName(files[i]);
                        if (!SideFiles.IsSideFile(name))
                        {
                            files[kept++] = name;
                        }
                    }

                    string[] result = new string[kept];
                    Array.Copy(files, result, kept);
                    Terminal.Core.Text.Ordinal.Sort(result);
                    return result;
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot list " + folder + ": " + ex.Message, ex);
                }
            }
        }

        private long Measure(string folder)
        {
            long total = 0;
            string[] files = Directory.GetFiles(folder);
            for (int i = 0; i < files.Length; i++)
            {
                total += budget.FileCost(FileLength(Entry(folder, files[i])));
            }

            string[] folders = Directory.GetDirectories(folder);
            for (int i = 0; i < folders.Length; i++)
            {
                total += budget.FolderCost + Measure(Entry(folder, folders[i]));
            }

            return total;
        }

        /// <summary>Directory listings return full paths on the device; accept bare names too.</summary>
        private static string Entry(string folder, string entry)
        {
            return entry.IndexOf('\\') >= 0 ? entry : folder + "\\" + entry;
        }

        private static long FileLength(string full)
        {
            return new FileInfo(full).Length;
        }

        private void EnsureFolder(string fullFile)
        {
            string folder = Path.GetDirectoryName(fullFile);
            if (folder != null && folder.Length > 0 && !Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                budget.FolderCreated();
            }
        }

        private string Full(string path)
        {
            return StorePath.Native(root, path, '\\');
        }

        /// <summary>System.IO on LittleFS for <see cref="SideFiles"/> (full paths; called under the store's lock).</summary>
        private sealed class Ops : ISideFileOps
        {
            public bool Exists(string file)
            {
                return File.Exists(file);
            }

            public void WriteNew(string file, byte[] data, int offset, int count)
            {
                using (FileStream stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
                {
                    // One call: one native open-write-close, committed when the stream closes.
                    stream.Write(data, offset, count);
                }
            }

            public void Delete(string file)
            {
                File.Delete(file);
            }

            public void Move(string from, string to)
            {
                File.Move(from, to);
            }

            public string[] Files(string folder)
            {
                return Entries(folder, Directory.GetFiles(folder));
            }

            public string[] Folders(string folder)
            {
                return Entries(folder, Directory.GetDirectories(folder));
            }

            private static string[] Entries(string folder, string[] entries)
            {
                for (int i = 0; i < entries.Length; i++)
                {
                    entries[i] = Entry(folder, entries[i]);
                }

                return entries;
            }
        }
    }
}
