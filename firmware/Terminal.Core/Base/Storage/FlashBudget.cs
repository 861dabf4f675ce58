namespace Terminal.Core.Storage
{
    /// <summary>
    /// How the device's file store counts flash against its budget (LittleFS cannot report free
    /// space to managed code, so the store keeps its own count): a file costs whole blocks of
    /// <see cref="BlockSize"/>, at least one; a folder costs one block. A write goes through a
    /// side file that exists beside the old file for a moment, so the new content must fit in
    /// full whatever it replaces (<see cref="Fits"/>). The same rules drive the PC and test stores
    /// when given the device's block size, so the simulator and the tests refuse where the device
    /// would.
    /// </summary>
    public sealed class FlashBudget
    {
        /// <summary>LittleFS on the ESP32 allocates 4 KB blocks.</summary>
        public const int DeviceBlockSize = 4096;

        /// <summary>
        /// Blocks of the LittleFS partition the terminal's store leaves to others (docs/storage.md,
        /// "Flash budget"): the partition's root metadata pair (2), nanoFramework's configuration
        /// blocks — network, Wi-Fi, CA bundle, device certificate — (4), the store's own folder (2),
        /// the boot guard's folder, counter, crash log and the crash log's copy while it is
        /// rewritten (5), and LittleFS's working room for a metadata-pair split or relocation (2).
        /// </summary>
        public const int OutsideStoreBlocks = 15;

        /// <summary>The share of a LittleFS partition of <paramref name="partitionBytes"/> the store may count against (196 KB of 256 KB).</summary>
        public static long StoreShare(long partitionBytes)
        {
            long share = partitionBytes / DeviceBlockSize * DeviceBlockSize - (long)OutsideStoreBlocks * DeviceBlockSize;
            return share < 0 ? 0 : share;
        }

        private readonly int blockSize;

        /// <param name="blockSize">Allocation unit in bytes; 1 counts exact bytes.</param>
        public FlashBudget(long capacityBytes, int blockSize)
        {
            this.blockSize = blockSize < 1 ? 1 : blockSize;
            Capacity = capacityBytes;
        }

        public long Capacity { get; set; }

        public int BlockSize
        {
            get { return blockSize; }
        }

        /// <summary>Bytes counted as used.</summary>
        public long Used { get; private set; }

        public long Free
        {
            get
            {
                long free = Capacity - Used;
                return free < 0 ? 0 : free;
            }
        }

        /// <summary>Flash a file of <paramref name="length"/> bytes costs: whole blocks, at least one.</summary>
        public long FileCost(long length)
        {
            long blocks = (length + blockSize - 1) / blockSize;
            return (blocks < 1 ? 1 : blocks) * blockSize;
        }

        /// <summary>Flash a folder costs: its LittleFS metadata pair, two blocks.</summary>
        public long FolderCost
        {
            get { return 2L * blockSize; }
        }

        /// <summary>True when a file of <paramref name="length"/> bytes can be written now (its side file beside any old content).</summary>
        public bool Fits(long length)
        {
            return Capacity - Used >= FileCost(length);
        }

        /// <summary>
        /// After a write that failed for an unknown reason (LittleFS gives no disk-full code to
        /// managed code): true when the budget suggests the flash was full — less than two copies
        /// of the file left.
        /// </summary>
        public bool LooksFull(long length)
        {
            return Capacity - Used < 2 * FileCost(length);
        }

        /// <summary>A file of <paramref name="length"/> bytes was written over <paramref name="previousLength"/> bytes (-1: it is new).</summary>
        public void Wrote(long length, long previousLength)
        {
            Used += FileCost(length) - (previousLength < 0 ? 0 : FileCost(previousLength));
        }

        /// <summary>A file of <paramref name="length"/> bytes was deleted.</summary>
        public void Deleted(long length)
        {
            Used -= FileCost(length);
        }

        public void FolderCreated()
        {
            Used += FolderCost;
        }

        public void FolderDeleted()
        {
            Used -= FolderCost;
        }

        /// <summary>Starts the count again (boot: the store measures what is on flash).</summary>
        public void Reset(long used)
        {
            Used = used;
        }
    }
}
