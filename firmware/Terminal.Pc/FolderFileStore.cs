using System;
using System.IO;
using System.Linq;
using Terminal.Core.Ports;

namespace Terminal.Pc
{
    /// <summary>
    /// <see cref="IFileStore"/> on a PC folder with the device's LittleFS semantics: Write goes to
    /// "name.tmp", is flushed to disk and then moved over the final name (so a crash leaves the old
    /// file or the new one, never a mix); Rename refuses to replace like nanoFramework's File.Move.
    /// Paths are '/'-separated and relative to the root; ".." and absolute paths are refused.
    /// </summary>
    public sealed class FolderFileStore : IFileStore
    {
        private readonly string root;
        private readonly object gate = new object();

        public FolderFileStore(string root, long capacityBytes = 2 * 1024 * 1024)
        {
            this.root = Path.GetFullPath(root);
            Capacity = capacityBytes;
            Directory.CreateDirectory(this.root);
        }

        /// <summary>The simulated flash size (the device's LittleFS partition).</summary>
        public long Capacity { get; set; }

        public long FreeBytes
        {
            get
            {
                lock (gate)
                {
                    long used = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                    return Capacity - used;
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

        public byte[] Read(string path)
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
                long previous = File.Exists(full) ? new FileInfo(full).Length : 0;
                if (FreeBytesUnlocked() + previous < count)
                {
                    throw new StoreException("no space left for " + path + " (" + count + " bytes)") { DiskFull = true };
                }

                string temporary = full + ".tmp";
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(full));
                    using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
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
                    Directory.CreateDirectory(Path.GetDirectoryName(target));
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
                    .Select(Path.GetFileName)
                    .OrderBy(name => name, StringComparer.Ordinal)
                    .ToArray();
            }
        }

        private long FreeBytesUnlocked()
        {
            long used = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            return Capacity - used;
        }

        private string Full(string path)
        {
            if (string.IsNullOrEmpty(path) || path.StartsWith("/", StringComparison.Ordinal) || path.Contains('\\') ||
                path.Split('/').Any(part => part.Length == 0 || part == "." || part == ".."))
            {
                throw new StoreException("invalid store path '" + path + "'");
            }

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
