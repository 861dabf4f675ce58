using System;
using System.IO;
using System.Linq;
using Terminal.Core.Ports;
using Terminal.Core.Storage;

namespace Terminal.Pc
{
    /// <summary>
    /// <see cref="IFileStore"/> on a PC folder with the device's LittleFS semantics: Write goes to
    /// "name.tmp", is flushed to disk and then moved over the final name (so a crash leaves the old
    /// file or the new one, never a mix); Rename refuses to replace like nanoFramework's File.Move.
    /// Paths follow the device's rules (<see cref="StorePath"/>) and space is counted the device's
    /// way (<see cref="FlashBudget"/>: whole 4 KB blocks per file and folder, new content must fit
    /// beside the old, as the side file does on LittleFS), so the simulator refuses where the
    /// device would.
    /// The flash holds the API key, the merchant secret and the PIN hash: on Linux and macOS every
    /// file is created owner-only (0600) and every folder 0700, and files an older version left
    /// readable are tightened when the store opens (Windows: the profile folder's ACLs apply).
    /// </summary>
    public sealed class FolderFileStore : IFileStore
    {
        private readonly string root;
        private readonly object gate = new object();

        private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        public FolderFileStore(string root, long capacityBytes = 2 * 1024 * 1024, int blockSize = FlashBudget.DeviceBlockSize)
        {
            this.root = Path.GetFullPath(root);
            Capacity = capacityBytes;
            BlockSize = blockSize;
            CreateFolder(this.root);
            TightenExisting();
        }

        /// <summary>Allocation unit of the space count (the device's 4 KB by default; 1 counts exact bytes).</summary>
        public int BlockSize { get; }

        /// <summary>The simulated flash size (the device's LittleFS partition).</summary>
        public long Capacity { get; set; }

        public long FreeBytes
        {
            get
            {
                lock (gate)
                {
                    return Budget().Free;
                }
            }
        }

        public bool Exists(string path)
        {
            lock (gate)
            {
                return File.Exists(Full(path));
            }
        }

        public byte[]? Read(string path)
        {
            lock (gate)
            {
                string full = Full(path);
                try
                {
                    return File.Exists(full) ? File.ReadAllBytes(full) : null;
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot read " + path + ": " + ex.Message, ex);
                }
            }
        }

        public void Write(string path, byte[] data, int offset, int count)
        {
            lock (gate)
            {
                string full = Full(path);
                if (!Budget().Fits(count))
                {
                    throw new StoreException("no space left for " + path + " (" + count + " bytes)") { DiskFull = true };
                }

                string temporary = full + ".tmp";
                try
                {
                    CreateFolder(Path.GetDirectoryName(full));
                    TryDelete(temporary); // a leftover would keep its old mode
                    using (var stream = new FileStream(temporary, OwnerOnly(FileMode.CreateNew)))
                    {
                        stream.Write(data, offset, count);
                        stream.Flush(true);
                    }

                    File.Move(temporary, full, overwrite: true);
                }
                catch (IOException ex)
                {
                    TryDelete(temporary);
                    throw new StoreException("cannot write " + path + ": " + ex.Message, ex) { DiskFull = IsDiskFull(ex) };
                }
                catch (UnauthorizedAccessException ex)
                {
                    TryDelete(temporary);
                    throw new StoreException("cannot write " + path + ": " + ex.Message, ex);
                }
            }
        }

        public void Rename(string from, string to)
        {
            lock (gate)
            {
                string source = Full(from);
                string target = Full(to);
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
                    CreateFolder(Path.GetDirectoryName(target));
                    File.Move(source, target, overwrite: false);
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot rename " + from + ": " + ex.Message, ex);
                }
            }
        }

        public void Delete(string path)
        {
            lock (gate)
            {
                try
                {
                    File.Delete(Full(path));
                }
                catch (DirectoryNotFoundException)
                {
                }
                catch (IOException ex)
                {
                    throw new StoreException("cannot delete " + path + ": " + ex.Message, ex);
                }
            }
        }

        public void DeleteFolder(string folder)
        {
            lock (gate)
            {
                string full = Full(folder);
                try
                {
                    if (Directory.Exists(full) && !Directory.EnumerateFileSystemEntries(full).Any())
                    {
                        Directory.Delete(full);
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
            lock (gate)
            {
                string full = string.IsNullOrEmpty(folder) ? root : Full(folder);
                if (!Directory.Exists(full))
                {
                    return Array.Empty<string>();
                }

                return Directory.GetFiles(full)
                    .Select(file => Path.GetFileName(file))
                    .OrderBy(name => name, StringComparer.Ordinal)
                    .ToArray();
            }
        }

        private static FileStreamOptions OwnerOnly(FileMode mode)
        {
            var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerFile;
            }

            return options;
        }

        /// <summary>Creates the folder (owner-only) and its missing parents; null (a file system's root) has nothing to create.</summary>
        private static void CreateFolder(string? path)
        {
            if (path == null)
            {
                return;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
                return;
            }

            // CreateDirectory applies the mode only to folders it creates (minus the umask, which never adds bits).
            string? parent = Path.GetDirectoryName(path);
            if (!Directory.Exists(path) && parent != null && !Directory.Exists(parent))
            {
                CreateFolder(parent);
            }

            Directory.CreateDirectory(path, OwnerFolder);
        }

        // Owner-only for everything under the root, including what an older version wrote 0644.
        private void TightenExisting()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            File.SetUnixFileMode(root, OwnerFolder);
            foreach (string folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(folder, OwnerFolder);
            }

            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(file, OwnerFile);
            }
        }

        /// <summary>The device's count of what the folder holds (files and sub-folders).</summary>
        private FlashBudget Budget()
        {
            var budget = new FlashBudget(Capacity, BlockSize);
            long used = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => budget.FileCost(new FileInfo(f).Length))
                + Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).LongCount() * budget.FolderCost;
            budget.Reset(used);
            return budget;
        }

        private string Full(string path)
        {
            StorePath.Check(path);
            return Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));
        }

        private static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
        }

        private static bool IsDiskFull(IOException ex) => (ex.HResult & 0xFFFF) == 112 || (ex.HResult & 0xFFFF) == 28 || ex.HResult == 28;
    }
}
