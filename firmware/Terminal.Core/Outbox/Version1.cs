using System.Collections;
using Terminal.Core.Ports;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// Reads the outbox's format 1 (one record per file: q/S.rec pending, q/S.tmp uncommitted,
    /// dl/S.rec + dl/S.why dead letters, bad/ quarantine, risk/ state) and migrates it at boot into
    /// format 2 (segments in the outbox folder). Each record is committed in its new place before
    /// its old file is deleted, and a record already held is only deleted, so a cut at any point
    /// loses nothing and the next boot finishes the move. The emptied folders are removed (each is
    /// a LittleFS metadata pair: 8 KB).
    /// </summary>
    internal static class Version1
    {
        private static readonly string[] Folders = new string[] { "/q", "/dl", "/bad", "/risk" };

        /// <summary>The highest number in a format-1 file name (so new numbers stay above them).</summary>
        public static int HighestNumber(IFileStore store, string root)
        {
            int max = 0;
            for (int f = 0; f < 3; f++)
            {
                string[] names = store.List(root + Folders[f]);
                for (int i = 0; i < names.Length; i++)
                {
                    int n = Names.ParseHex8(names[i], 0);
                    if (n > max)
                    {
                        max = n;
                    }
                }
            }

            return max;
        }

        public static void Migrate(OutboxStore outbox, IFileStore store, string root, RecoveryReport report)
        {
            MigrateQueue(outbox, store, root + Folders[0], report);
            MigrateDead(outbox, store, root + Folders[1], report);
            string[] names = store.List(root + Folders[2]);
            for (int i = 0; i < names.Length; i++)
            {
                int n = Names.ParseHex8(names[i], 0);
                outbox.QuarantineFile(root + Folders[2] + "/" + names[i], n < 0 ? 0 : n, "quarantined before", null);
            }

            names = store.List(root + Folders[3]);
            for (int i = 0; i < names.Length; i++)
            {
                string from = root + Folders[3] + "/" + names[i];
                if (store.Exists(root + "/" + names[i]))
                {
                    store.Delete(from);
                }
                else
                {
                    store.Rename(from, root + "/" + names[i]);
                }
            }

            for (int f = 0; f < Folders.Length; f++)
            {
                store.DeleteFolder(root + Folders[f]);
            }
        }

        private static void MigrateQueue(OutboxStore outbox, IFileStore store, string folder, RecoveryReport report)
        {
            string[] names = store.List(folder);
            ArrayList frames = new ArrayList();
            ArrayList notifications = new ArrayList();
            ArrayList paths = new ArrayList();
            int bytes = Segment.HeaderSize;
            for (int i = 0; i < names.Length; i++)
            {
                string path = folder + "/" + names[i];
                int seq = Names.ParseHex8(names[i], 0);
                if (Names.Is(names[i], ".tmp"))
                {
                    store.Delete(path);
                    report.UncommittedRemoved++;
                    continue;
                }

                byte[] file = Names.Is(names[i], ".rec") ? store.Read(path) : null;
                PaidNotification n = Decode(file, OutboxRecord.KindNotification, seq);
                if (n == null)
                {
                    outbox.QuarantineFile(path, seq < 0 ? 0 : seq, "format-1 record damaged", report);
                    continue;
                }

                if (outbox.Holds(seq))
                {
                    store.Delete(path); // moved before a cut
                    continue;
                }

                if (bytes + file.Length > Segment.MaxBytes)
                {
                    Flush(outbox, store, frames, notifications, paths);
                    bytes = Segment.HeaderSize;
                }

                frames.Add(file);
                notifications.Add(n);
                paths.Add(path);
                bytes += file.Length;
            }

            Flush(outbox, store, frames, notifications, paths);
        }

        private static void Flush(OutboxStore outbox, IFileStore store, ArrayList frames, ArrayList notifications, ArrayList paths)
        {
            if (frames.Count == 0)
            {
                return;
            }

            outbox.AddMigrated(frames, notifications);
            for (int i = 0; i < paths.Count; i++)
            {
                store.Delete((string)paths[i]);
            }

            frames.Clear();
            notifications.Clear();
            paths.Clear();
        }

        private static void MigrateDead(OutboxStore outbox, IFileStore store, string folder, RecoveryReport report)
        {
            string[] names = store.List(folder);
            for (int i = 0; i < names.Length; i++)
            {
                string path = folder + "/" + names[i];
                int seq = Names.ParseHex8(names[i], 0);
                if (Names.Is(names[i], ".why"))
                {
                    // Its record (sorted before it) was moved or quarantined; a note alone is an orphan.
                    if (!store.Exists(folder + "/" + names[i].Substring(0, 8) + ".rec"))
                    {
                        store.Delete(path);
                    }

                    continue;
                }

                byte[] file = Names.Is(names[i], ".rec") ? store.Read(path) : null;
                if (Decode(file, OutboxRecord.KindNotification, seq) == null)
                {
                    outbox.QuarantineFile(path, seq < 0 ? 0 : seq, "format-1 dead letter unreadable", report);
                    continue;
                }

                string why = folder + "/" + names[i].Substring(0, 8) + ".why";
                if (!outbox.Holds(seq))
                {
                    byte[] note = store.Read(why);
                    if (OutboxRecord.Check(note, OutboxRecord.KindReason, (uint)seq) != null)
                    {
                        note = OutboxStore.Note(seq, 0, "(rejection note unreadable)", 0);
                    }

                    outbox.AddMigratedDead(file, note);
                }

                store.Delete(path);
                store.Delete(why);
            }
        }

        private static PaidNotification Decode(byte[] file, byte kind, int seq)
        {
            if (seq < 0 || OutboxRecord.Check(file, kind, (uint)seq) != null)
            {
                return null;
            }

            string error;
            return PaidNotification.FromJson(file, OutboxRecord.HeaderSize, OutboxRecord.PayloadLength(file), out error);
        }
    }
}
