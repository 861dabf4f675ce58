using System;

namespace Terminal.Core.Ports
{
    /// <summary>A storage operation failed (disk full, I/O error, power lost in a test).</summary>
    public class StoreException : Exception
    {
        public StoreException(string message)
            : base(message)
        {
        }

        public StoreException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        /// <summary>True when the store had no room: callers refuse new work instead of retrying.</summary>
        public bool DiskFull { get; set; }
    }
}
