using System;
using System.IO;
using Terminal.Core.Ports;
using Terminal.Simulator.Sim;
using Terminal.Tests.Support;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>The simulator rigs the host-only tests start, and their clean-up.</summary>
    internal static class TestRigs
    {
        /// <summary>A fresh data folder under the temp folder (the rig's merchant database, settings).</summary>
        public static string TempFolder(string name) => Path.Combine(Path.GetTempPath(), "terminal-" + name + "-" + Guid.NewGuid().ToString("N"));

        /// <summary>Flash in memory, the given clock, the in-process WeChat Pay sandbox, sales on the caller's thread.</summary>
        public static RigOptions InProcess(string name, IClock clock) => new RigOptions
        {
            DataFolder = TempFolder(name),
            Store = new MemoryFileStore(),
            Clock = clock,
            WeChat = WeChatMode.SandboxInProcess,
            InlineSales = true,
        };

        /// <summary>Flash in a folder, the wall clock, the sandbox over HTTPS on loopback: the simulator as a developer runs it.</summary>
        public static RigOptions OverHttps(string name) => new RigOptions
        {
            DataFolder = TempFolder(name),
            WeChat = WeChatMode.SandboxHttps,
        };

        /// <summary>Disposes the rig and deletes its data folder (a file still held is left to the temp folder).</summary>
        public static void Stop(Rig rig)
        {
            string data = rig.Options.DataFolder;
            rig.Dispose();
            DeleteFolder(data);
        }

        public static void DeleteFolder(string data)
        {
            try
            {
                if (data != null)
                {
                    Directory.Delete(data, true);
                }
            }
            catch (IOException)
            {
            }
        }
    }
}
