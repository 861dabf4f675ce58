using System;
using System.Collections;
using nanoFramework.TestFramework;
using Terminal.Core.Storage;

namespace Terminal.Tests.Storage
{
    /// <summary>Thrown by <see cref="CuttableOps"/> when the power goes: nothing after it happens.</summary>
    public sealed class PowerCut : Exception
    {
    }

    /// <summary>
    /// Flash in memory ('/'-separated full paths) with a power cut before the N-th change; a cut
    /// inside <see cref="WriteNew"/> leaves a torn side file (half the bytes), worse than the
    /// ESP32's commit-at-close. Delete and Move are atomic (LittleFS).
    /// </summary>
    public sealed class CuttableOps : ISideFileOps
    {
        public readonly Hashtable Files_ = new Hashtable();
        public int CutAt = -1;
        public int Changes;

        private void Step()
        {
            if (Changes == CutAt)
            {
                throw new PowerCut();
            }

            Changes++;
        }

        public bool Exists(string file)
        {
            return Files_.Contains(file);
        }

        public void WriteNew(string file, byte[] data, int offset, int count)
        {
            if (Files_.Contains(file))
            {
                throw new InvalidOperationException("exists: " + file);
            }

            if (Changes == CutAt)
            {
                byte[] torn = new byte[count / 2];
                Array.Copy(data, offset, torn, 0, torn.Length);
                Files_[file] = torn;
            }

            Step();
            byte[] copy = new byte[count];
            Array.Copy(data, offset, copy, 0, count);
            Files_[file] = copy;
        }

        public void Delete(string file)
        {
            Step();
            Files_.Remove(file);
        }

        public void Move(string from, string to)
        {
            if (!Files_.Contains(from) || Files_.Contains(to))
            {
                throw new InvalidOperationException("move " + from + " -> " + to);
            }

            Step();
            Files_[to] = Files_[from];
            Files_.Remove(from);
        }

        public string[] Files(string folder)
        {
            ArrayList result = new ArrayList();
            foreach (string name in Files_.Keys)
            {
                if (name.Length > folder.Length + 1 && name.IndexOf(folder + "/") == 0 && name.IndexOf('/', folder.Length + 1) < 0)
                {
                    result.Add(name);
                }
            }

            return (string[])result.ToArray(typeof(string));
        }

        public string[] Folders(string folder)
        {
            ArrayList result = new ArrayList();
            foreach (string name in Files_.Keys)
            {
                if (name.Length > folder.Length + 1 && name.IndexOf(folder + "/") == 0)
                {
                    int slash = name.IndexOf('/', folder.Length + 1);
                    if (slash > 0 && !result.Contains(name.Substring(0, slash)))
                    {
                        result.Add(name.Substring(0, slash));
                    }
                }
            }

            return (string[])result.ToArray(typeof(string));
        }

        public string Text(string file)
        {
            byte[] b = (byte[])Files_[file];
            if (b == null)
            {
                return null;
            }

            char[] chars = new char[b.Length];
            for (int i = 0; i < b.Length; i++)
            {
                chars[i] = (char)b[i];
            }

            return new string(chars);
        }

        public int SideFileCount()
        {
            int n = 0;
            foreach (string name in Files_.Keys)
            {
                if (SideFiles.IsSideFile(name))
                {
                    n++;
                }
            }

            return n;
        }
    }

    /// <summary>
    /// The device file store's durable write and boot recovery (firmware/Terminal.Core/Storage/SideFiles.cs,
    /// used by LittleFsFileStore): every decision, and a power cut at every step of a new-file and a
    /// replacing write, recovered at the next boot.
    /// </summary>
    [TestClass]
    public class SideFilesTests
    {
        private static byte[] Bytes(string text)
        {
            byte[] b = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                b[i] = (byte)text[i];
            }

            return b;
        }

        [TestMethod]
        [DataRow("r/outbox/0001~n", false, 1)]
        [DataRow("r/outbox/0001~n", true, 1)]
        [DataRow("r/outbox/0001~r", true, 1)]
        [DataRow("r/outbox/0001~r", false, 2)]
        [DataRow("r/outbox/0001", false, 0)]
        [DataRow("r/outbox/0001", true, 0)]
        [DataRow("r/a~x", false, 0)]
        [DataRow("~r", false, 0)]
        public void Decision_for_each_leftover(string file, bool targetExists, int action)
        {
            Assert.AreEqual(action, (int)SideFiles.Decide(file, targetExists));
        }

        [TestMethod]
        [DataRow(false, false, 1)]
        [DataRow(false, true, 1)]
        [DataRow(true, true, 1)]
        [DataRow(true, false, 2)]
        public void Decision_after_a_failed_write(bool replacing, bool targetExists, int action)
        {
            Assert.AreEqual(action, (int)SideFiles.OnWriteFailure(replacing, targetExists));
        }

        [TestMethod]
        public void Side_files_are_recognised_by_suffix_only()
        {
            Assert.IsTrue(SideFiles.IsSideFile("config~n"));
            Assert.IsTrue(SideFiles.IsSideFile("config~r"));
            Assert.IsFalse(SideFiles.IsSideFile("config"));
            Assert.IsFalse(SideFiles.IsSideFile("~n"));
            Assert.AreEqual("a/config", SideFiles.TargetOf("a/config~r"));
            Assert.IsNull(SideFiles.TargetOf("a/config"));
        }

        [TestMethod]
        public void Boot_recovery_resolves_every_leftover_in_every_folder()
        {
            CuttableOps ops = new CuttableOps();
            ops.Files_["r/config"] = Bytes("old config");
            ops.Files_["r/config~r"] = Bytes("torn"); // cut before the delete: keep the old
            ops.Files_["r/txlog~r"] = Bytes("new txlog"); // cut between delete and move: roll forward
            ops.Files_["r/pin~n"] = Bytes("half"); // a new file never moved: drop
            ops.Files_["r/outbox/0007~n"] = Bytes("x");
            ops.Files_["r/outbox/0006"] = Bytes("six");
            ops.Files_["r/outbox/deep/0005~r"] = Bytes("five");
            ops.Files_["other/config~n"] = Bytes("outside the folder");
            Assert.AreEqual(5, SideFiles.Recover(ops, "r"));
            Assert.AreEqual("old config", ops.Text("r/config"));
            Assert.AreEqual("new txlog", ops.Text("r/txlog"));
            Assert.IsNull(ops.Text("r/pin"));
            Assert.AreEqual("six", ops.Text("r/outbox/0006"));
            Assert.IsNull(ops.Text("r/outbox/0007"));
            Assert.AreEqual("five", ops.Text("r/outbox/deep/0005"));
            Assert.AreEqual(1, ops.SideFileCount()); // only the one outside the store's folder
            Assert.AreEqual(0, SideFiles.Recover(ops, "r"));
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void A_power_cut_at_every_step_leaves_the_old_or_the_new_content(bool replacing)
        {
            int cuts = 0;
            for (int cutAt = 0; cutAt < 20; cutAt++)
            {
                CuttableOps ops = new CuttableOps();
                if (replacing)
                {
                    ops.Files_["r/config"] = Bytes("previous content");
                }

                // A torn side file of an earlier cut of the same kind (dropped by the write itself).
                ops.Files_[replacing ? "r/config~r" : "r/config~n"] = Bytes("stale side file of an earlier cut");
                ops.CutAt = cutAt;
                bool completed = true;
                try
                {
                    SideFiles.Write(ops, "r/config", replacing, Bytes("the new content"), 0, 15);
                }
                catch (PowerCut)
                {
                    completed = false;
                    cuts++;
                }

                // Power back: a fresh boot recovers the frozen state.
                ops.CutAt = -1;
                SideFiles.Recover(ops, "r");
                string now = ops.Text("r/config");
                Assert.AreEqual(0, ops.SideFileCount(), "side files left after a cut at step " + cutAt.ToString());
                if (completed)
                {
                    Assert.AreEqual("the new content", now);
                    break;
                }

                if (replacing)
                {
                    Assert.IsTrue(now == "previous content" || now == "the new content", "cut at step " + cutAt.ToString() + " left '" + now + "'");
                }
                else
                {
                    Assert.IsTrue(now == null || now == "the new content", "cut at step " + cutAt.ToString() + " left '" + now + "'");
                }
            }

            // Cuts before: deleting the stale side file, writing, (deleting the old,) moving.
            Assert.AreEqual(replacing ? 4 : 3, cuts);
        }

        [TestMethod]
        public void Replacing_write_cut_between_delete_and_move_rolls_forward()
        {
            CuttableOps ops = new CuttableOps();
            ops.Files_["r/config"] = Bytes("previous content");
            ops.CutAt = 2; // 0 = write side file, 1 = delete target, 2 = move
            try
            {
                SideFiles.Write(ops, "r/config", true, Bytes("the new content"), 0, 15);
                Assert.IsTrue(false, "no cut");
            }
            catch (PowerCut)
            {
            }

            Assert.IsNull(ops.Text("r/config"));
            Assert.AreEqual("the new content", ops.Text("r/config~r"));
            ops.CutAt = -1;
            Assert.AreEqual(1, SideFiles.Recover(ops, "r"));
            Assert.AreEqual("the new content", ops.Text("r/config"));
        }

        [TestMethod]
        public void A_failed_write_resolves_its_side_file_at_once()
        {
            // The target vanished under the write (the move fails): the write throws and drops nothing it should keep.
            FailingMoveOps ops = new FailingMoveOps();
            ops.Files_["r/config"] = Bytes("previous content");
            try
            {
                SideFiles.Write(ops, "r/config", true, Bytes("the new content"), 0, 15);
                Assert.IsTrue(false, "no failure");
            }
            catch (InvalidOperationException)
            {
            }

            // The target was deleted before the failing move: the complete side file is kept as the target.
            Assert.AreEqual(0, ops.SideFileCount());
            Assert.AreEqual("the new content", ops.Text("r/config"));

            FailingWriteOps writes = new FailingWriteOps();
            writes.Files_["r/config"] = Bytes("previous content");
            try
            {
                SideFiles.Write(writes, "r/config", true, Bytes("the new content"), 0, 15);
                Assert.IsTrue(false, "no failure");
            }
            catch (InvalidOperationException)
            {
            }

            Assert.AreEqual(0, writes.SideFileCount());
            Assert.AreEqual("previous content", writes.Text("r/config"));
        }
    }

    /// <summary>The first move fails once (an I/O error, not a cut); later moves work.</summary>
    public sealed class FailingMoveOps : ISideFileOps
    {
        private readonly CuttableOps inner = new CuttableOps();
        private bool failed;

        public Hashtable Files_
        {
            get { return inner.Files_; }
        }

        public bool Exists(string file) { return inner.Exists(file); }

        public void WriteNew(string file, byte[] data, int offset, int count) { inner.WriteNew(file, data, offset, count); }

        public void Delete(string file) { inner.Delete(file); }

        public void Move(string from, string to)
        {
            if (!failed)
            {
                failed = true;
                throw new InvalidOperationException("I/O error");
            }

            inner.Move(from, to);
        }

        public string[] Files(string folder) { return inner.Files(folder); }

        public string[] Folders(string folder) { return inner.Folders(folder); }

        public string Text(string file) { return inner.Text(file); }

        public int SideFileCount() { return inner.SideFileCount(); }
    }

    /// <summary>Writing the side file fails after creating it empty (flash full).</summary>
    public sealed class FailingWriteOps : ISideFileOps
    {
        private readonly CuttableOps inner = new CuttableOps();

        public Hashtable Files_
        {
            get { return inner.Files_; }
        }

        public bool Exists(string file) { return inner.Exists(file); }

        public void WriteNew(string file, byte[] data, int offset, int count)
        {
            inner.Files_[file] = new byte[0];
            throw new InvalidOperationException("no space");
        }

        public void Delete(string file) { inner.Delete(file); }

        public void Move(string from, string to) { inner.Move(from, to); }

        public string[] Files(string folder) { return inner.Files(folder); }

        public string[] Folders(string folder) { return inner.Folders(folder); }

        public string Text(string file) { return inner.Text(file); }

        public int SideFileCount() { return inner.SideFileCount(); }
    }
}
