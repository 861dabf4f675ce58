namespace Terminal.Core.Outbox
{
    /// <summary>
    /// Flash the outbox may reclaim before it refuses a sale for want of space: records that are
    /// not money (the sales history's oldest days) give way to undelivered notifications, so the
    /// outbox's documented capacity holds whatever else the store keeps (docs/storage.md, "Flash
    /// budget"). Called under the outbox's lock; must not call back into the outbox.
    /// </summary>
    public interface IFlashDonor
    {
        /// <summary>Deletes what it can lose, oldest first, until about <paramref name="bytes"/> are free; returns the bytes freed (0: nothing more to give).</summary>
        long Release(long bytes);
    }
}
