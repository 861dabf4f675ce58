using System;
using System.IO;

namespace Terminal.Tests.HostOnly
{
    /// <summary>Locates the repository from the test assembly (tests run from bin/…).</summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> RootPath = new Lazy<string>(() =>
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "Terminal.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Terminal.sln not found above " + AppContext.BaseDirectory);
        });

        public static string Root => RootPath.Value;

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));
    }
}
