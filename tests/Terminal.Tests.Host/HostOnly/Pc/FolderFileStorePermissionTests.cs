using System;
using System.IO;
using Terminal.Pc;
using Terminal.Simulator.Sim;
using Xunit;

namespace Terminal.Tests.HostOnly.Pc
{
    /// <summary>
    /// Issue 11 item 14: the PC flash holds the API key, the merchant secret and the PIN hash, so
    /// every file the folder store writes is owner-only (0600) and its folders 0700 (Linux/macOS).
    /// </summary>
    public sealed class FolderFileStorePermissionTests : IDisposable
    {
        private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        private readonly string root = Path.Combine(Path.GetTempPath(), "terminal-flash-perm-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(root, true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public void Files_and_folders_are_owner_only()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // NTFS ACLs: the user profile folder is already private
            }

            var store = new FolderFileStore(root);
            store.Write("terminal/secrets", new byte[] { 1, 2, 3 }, 0, 3);
            store.Write("terminal/secrets", new byte[] { 4, 5 }, 0, 2);
            store.Rename("terminal/secrets", "terminal/renamed");
            Assert.Equal(OwnerFile, File.GetUnixFileMode(Path.Combine(root, "terminal", "renamed")));
            Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.Combine(root, "terminal")));
            Assert.Equal(OwnerFolder, File.GetUnixFileMode(root));
        }

        [Fact]
        public void Files_left_readable_by_an_older_version_are_tightened_when_the_store_opens()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            Directory.CreateDirectory(Path.Combine(root, "terminal"));
            string old = Path.Combine(root, "terminal", "secrets");
            File.WriteAllBytes(old, new byte[] { 1 });
            File.SetUnixFileMode(old, OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.SetUnixFileMode(Path.Combine(root, "terminal"), OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            _ = new FolderFileStore(root);
            Assert.Equal(OwnerFile, File.GetUnixFileMode(old));
            Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.Combine(root, "terminal")));
        }

        [Fact]
        public void The_simulators_secrets_file_is_0600()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            using Rig rig = Rig.Start(new RigOptions { DataFolder = root, WeChat = WeChatMode.SandboxInProcess, MerchantServer = false, InlineSales = true });
            string secrets = Path.Combine(root, "flash", "terminal", "secrets");
            Assert.True(File.Exists(secrets), "the simulator provisions its sandbox secrets at first start");
            Assert.Equal(OwnerFile, File.GetUnixFileMode(secrets));
        }
    }
}
