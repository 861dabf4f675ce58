namespace Terminal.Core.Ports
{
    /// <summary>
    /// Flash storage with LittleFS semantics, the only way the core persists anything:
    /// <list type="bullet">
    /// <item>A file written with <see cref="Write"/> is durable only once the call returns (the
    /// adapter writes, then closes); after a power cut during the call the file is either absent
    /// or holds its previous committed content — never a mix the core could mistake for valid.
    /// (Callers still check their own CRC: a device may tear, and tests inject bit flips.)</item>
    /// <item><see cref="Rename"/> is atomic and refuses to replace an existing file, matching
    /// nanoFramework's File.Move; durable-replace is "write name.tmp, rename" with unique names.</item>
    /// </list>
    /// Paths are relative to the store's own folder (e.g. "journal/00000012.int"); folders are
    /// created as needed. Failures throw <see cref="StoreException"/> (full disk, I/O error).
    /// </summary>
    public interface IFileStore
    {
        bool Exists(string path);

        /// <summary>The whole committed content, or null when the file does not exist.</summary>
        byte[] Read(string path);

        /// <summary>Creates or truncates <paramref name="path"/> and commits <paramref name="count"/> bytes.</summary>
        void Write(string path, byte[] data, int offset, int count);

        /// <summary>Atomically renames; throws if <paramref name="to"/> exists or <paramref name="from"/> does not.</summary>
        void Rename(string from, string to);

        /// <summary>Deletes a file; deleting a missing file is not an error.</summary>
        void Delete(string path);

        /// <summary>
        /// Removes <paramref name="folder"/> when it holds nothing (a LittleFS folder keeps its
        /// metadata pair, two blocks, until removed); a missing or non-empty folder is left as it is.
        /// </summary>
        void DeleteFolder(string folder);

        /// <summary>File names (not paths) directly inside a folder, in ordinal order; empty when the folder is absent.</summary>
        string[] List(string folder);

        /// <summary>Bytes still free for this store (an estimate on LittleFS).</summary>
        long FreeBytes { get; }
    }
}
