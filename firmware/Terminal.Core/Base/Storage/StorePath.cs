using Terminal.Core.Ports;

namespace Terminal.Core.Storage
{
    /// <summary>
    /// The store's path rules, the same on every <see cref="IFileStore"/> (device LittleFS, PC
    /// folder, test memory store) so code that runs on the PC runs on the device: '/'-separated
    /// and relative; no empty, "." or ".." segment; no '\', ':' (drive letters), '~' (reserved for
    /// the device's side files, <see cref="SideFiles"/>) or control characters.
    /// </summary>
    public static class StorePath
    {
        /// <summary>True when <paramref name="path"/> follows the rules.</summary>
        public static bool IsValid(string path)
        {
            if (path == null || path.Length == 0 || path[0] == '/' || path[path.Length - 1] == '/')
            {
                return false;
            }

            int start = 0;
            for (int i = 0; i <= path.Length; i++)
            {
                if (i == path.Length || path[i] == '/')
                {
                    int length = i - start;
                    if (length == 0 || (length == 1 && path[start] == '.') || (length == 2 && path[start] == '.' && path[start + 1] == '.'))
                    {
                        return false;
                    }

                    start = i + 1;
                }
                else if (path[i] == '\\' || path[i] == ':' || path[i] == '~' || path[i] < ' ' || path[i] == (char)127)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Throws <see cref="StoreException"/> unless <paramref name="path"/> follows the rules.</summary>
        public static void Check(string path)
        {
            if (!IsValid(path))
            {
                throw new StoreException("invalid store path '" + path + "'");
            }
        }

        /// <summary>The checked path under <paramref name="root"/> with <paramref name="separator"/> between segments (the device's '\').</summary>
        public static string Native(string root, string path, char separator)
        {
            Check(path);
            char[] chars = path.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '/')
                {
                    chars[i] = separator;
                }
            }

            return root + separator + new string(chars);
        }
    }
}
