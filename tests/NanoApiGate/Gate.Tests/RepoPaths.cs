using System;
using System.IO;

namespace NanoApiGate.Tests
{
    internal static class RepoPaths
    {
        static readonly Lazy<string> root = new Lazy<string>(FindRoot);

        /// <summary>The repository root: the first folder above the test assembly holding Terminal.sln
        /// (or, before the solution exists, tests/NanoApiGate/Gate.props).</summary>
        public static string Root => root.Value;

        public static string GateDir => Path.Combine(Root, "tests", "NanoApiGate");

        /// <summary>shared/nanoframework/api beside the repository (not part of the repository).</summary>
        public static string Listings => Path.GetFullPath(Path.Combine(Root, "..", "shared", "nanoframework", "api"));

        static string FindRoot()
        {
            string start = AppContext.BaseDirectory;
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Terminal.sln"))) return dir.FullName;
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "tests", "NanoApiGate", "Gate.props"))) return dir.FullName;
            throw new InvalidOperationException("repository root (Terminal.sln) not found above " + start);
        }
    }
}
