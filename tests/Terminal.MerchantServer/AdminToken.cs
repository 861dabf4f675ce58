using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Terminal.MerchantServer
{
    /// <summary>
    /// The admin token (header X-Admin-Token, and the dashboard's sign-in): given on the command
    /// line, or generated at the first start into &lt;data&gt;/admin-token (owner-only, 0600 on
    /// Linux/macOS) and read from there afterwards. Compared in constant time.
    /// </summary>
    public sealed class AdminToken
    {
        public const string FileName = "admin-token";

        private readonly byte[] expected;

        private AdminToken(string value, string? path, bool generated)
        {
            Value = value;
            Path = path;
            Generated = generated;
            expected = Encoding.UTF8.GetBytes(value);
        }

        /// <summary>The token (never logged by the server; printed once by the command line when generated).</summary>
        public string Value { get; }

        /// <summary>Where it is stored, or null when it was given on the command line.</summary>
        public string? Path { get; }

        /// <summary>True when this start created it (the only time it is printed).</summary>
        public bool Generated { get; }

        /// <summary>The given token, else the stored one, else a new random one stored owner-only.</summary>
        public static AdminToken LoadOrCreate(string dataFolder, string? given)
        {
            if (!string.IsNullOrEmpty(given))
            {
                return new AdminToken(given, null, false);
            }

            string path = System.IO.Path.Combine(dataFolder, FileName);
            if (File.Exists(path))
            {
                string stored = File.ReadAllText(path).Trim();
                if (stored.Length >= 16)
                {
                    TightenPermissions(path);
                    return new AdminToken(stored, path, false);
                }
            }

            string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(path, options))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(token + "\n");
                file.Write(bytes, 0, bytes.Length);
                file.Flush(true);
            }

            TightenPermissions(path);
            return new AdminToken(token, path, true);
        }

        /// <summary>
        /// One line for a start-up banner: the token itself only when this start generated it
        /// (shown once), afterwards only where it is kept.
        /// </summary>
        public string Describe()
        {
            if (Path == null)
            {
                return "admin token: the one given with --admin-token";
            }

            return Generated
                ? "admin token (shown only now; kept owner-only in " + Path + "): " + Value
                : "admin token: in " + Path + " (owner-only)";
        }

        /// <summary>Constant-time comparison with a presented token (null = none presented).</summary>
        public bool Matches(string? presented)
        {
            if (presented == null)
            {
                return false;
            }

            return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(expected));
        }

        private static void TightenPermissions(string path)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
