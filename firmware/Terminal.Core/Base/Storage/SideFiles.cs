using System;

namespace Terminal.Core.Storage
{
    /// <summary>What to do with a side file left by a write (at boot, or after a failed write).</summary>
    public enum SideFileAction
    {
        /// <summary>Not a side file.</summary>
        None = 0,

        /// <summary>Drop it: the target holds the content to keep (previous, or absent for a new file).</summary>
        Delete,

        /// <summary>Rename it to the target: it is complete and the target was already deleted.</summary>
        RollForward,
    }

    /// <summary>
    /// The file operations <see cref="SideFiles"/> needs, on full paths (the device adapter maps
    /// them to System.IO on LittleFS; tests to memory with power cuts).
    /// </summary>
    public interface ISideFileOps
    {
        bool Exists(string file);

        /// <summary>Creates <paramref name="file"/> (it does not exist), writes, closes: committed when this returns.</summary>
        void WriteNew(string file, byte[] data, int offset, int count);

        void Delete(string file);

        /// <summary>Atomic rename; <paramref name="to"/> does not exist.</summary>
        void Move(string from, string to);

        /// <summary>Full paths of the files directly in <paramref name="folder"/>.</summary>
        string[] Files(string folder);

        /// <summary>Full paths of the folders directly in <paramref name="folder"/>.</summary>
        string[] Folders(string folder);
    }

    /// <summary>
    /// Durable whole-file writes where opening a file truncates it at once and a rename cannot
    /// replace (nanoFramework's FileStream and File.Move on the ESP32's LittleFS):
    /// <list type="bullet">
    /// <item>new file: write <c>name~n</c>, move it to <c>name</c>. A cut leaves <c>name</c> absent.</item>
    /// <item>existing file: write <c>name~r</c>, delete <c>name</c>, move <c>name~r</c> to
    /// <c>name</c>. <c>name~r</c> is complete before <c>name</c> is deleted.</item>
    /// </list>
    /// At boot (<see cref="Recover"/>): a <c>name~n</c> is dropped; a <c>name~r</c> beside
    /// <c>name</c> (cut before the delete, possibly while writing it) is dropped, keeping the
    /// previous content; a <c>name~r</c> without <c>name</c> (cut between delete and move) is
    /// rolled forward. So a cut leaves the previous content or the new one, never a torn or
    /// missing file. Store names never contain '~', so side files are recognised by suffix.
    /// </summary>
    public static class SideFiles
    {
        public const string NewSuffix = "~n";
        public const string ReplaceSuffix = "~r";

        public static bool IsSideFile(string name)
        {
            return EndsWith(name, NewSuffix) || EndsWith(name, ReplaceSuffix);
        }

        /// <summary>The file a side file stands for, or null when <paramref name="file"/> is not one.</summary>
        public static string TargetOf(string file)
        {
            return IsSideFile(file) ? file.Substring(0, file.Length - 2) : null;
        }

        /// <summary>The boot decision for one file of the folder (<paramref name="targetExists"/>: its target is there).</summary>
        public static SideFileAction Decide(string file, bool targetExists)
        {
            if (EndsWith(file, NewSuffix))
            {
                return SideFileAction.Delete;
            }

            if (EndsWith(file, ReplaceSuffix))
            {
                return targetExists ? SideFileAction.Delete : SideFileAction.RollForward;
            }

            return SideFileAction.None;
        }

        /// <summary>After a write failed (not a cut): the side file is dropped unless the target was already deleted.</summary>
        public static SideFileAction OnWriteFailure(bool replacing, bool targetExists)
        {
            return !replacing || targetExists ? SideFileAction.Delete : SideFileAction.RollForward;
        }

        /// <summary>
        /// Writes <paramref name="target"/> whole through a side file (see the class summary).
        /// On an exception the side file is resolved at once (best effort) and the exception rethrown.
        /// </summary>
        public static void Write(ISideFileOps ops, string target, bool replacing, byte[] data, int offset, int count)
        {
            string side = target + (replacing ? ReplaceSuffix : NewSuffix);
            try
            {
                if (ops.Exists(side))
                {
                    ops.Delete(side);
                }

                ops.WriteNew(side, data, offset, count);
                if (replacing)
                {
                    ops.Delete(target);
                }

                ops.Move(side, target);
            }
            catch (Exception)
            {
                try
                {
                    if (ops.Exists(side))
                    {
                        Apply(ops, side, OnWriteFailure(replacing, ops.Exists(target)));
                    }
                }
                catch (Exception)
                {
                    // Boot recovery resolves it.
                }

                throw;
            }
        }

        /// <summary>Resolves every side file in <paramref name="folder"/> and below; returns how many.</summary>
        public static int Recover(ISideFileOps ops, string folder)
        {
            int resolved = 0;
            string[] files = ops.Files(folder);
            for (int i = 0; i < files.Length; i++)
            {
                string target = TargetOf(files[i]);
                if (target == null)
                {
                    continue;
                }

                Apply(ops, files[i], Decide(files[i], ops.Exists(target)));
                resolved++;
            }

            string[] folders = ops.Folders(folder);
            for (int i = 0; i < folders.Length; i++)
            {
                resolved += Recover(ops, folders[i]);
            }

            return resolved;
        }

        private static void Apply(ISideFileOps ops, string side, SideFileAction action)
        {
            if (action == SideFileAction.Delete)
            {
                ops.Delete(side);
            }
            else if (action == SideFileAction.RollForward)
            {
                ops.Move(side, TargetOf(side));
            }
        }

        private static bool EndsWith(string text, string suffix)
        {
            if (text == null || text.Length <= suffix.Length)
            {
                return false;
            }

            for (int i = 0; i < suffix.Length; i++)
            {
                if (text[text.Length - suffix.Length + i] != suffix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
