using System;
using Terminal.Core.Ports;

namespace Terminal.Tests.Support
{
    /// <summary>
    /// Thrown by <see cref="PowerCutStore"/> once the injected power cut happened. It is not a
    /// <see cref="StoreException"/>, so no code under test can handle it: it unwinds the program
    /// the way a reset does, leaving only what the flash holds.
    /// </summary>
    public sealed class PowerCutException : Exception
    {
        public PowerCutException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// A <see cref="MemoryFileStore"/> whose injected power cut stops the program instead of
    /// surfacing as a <see cref="StoreException"/> the code could handle (and carry on with, which
    /// a real power cut never allows). Every other store error passes through unchanged.
    /// </summary>
    public sealed class PowerCutStore : IFileStore
    {
        private readonly MemoryFileStore inner;

        public PowerCutStore(MemoryFileStore inner)
        {
            this.inner = inner;
        }

        public MemoryFileStore Inner
        {
            get { return inner; }
        }

        public long FreeBytes
        {
            get
            {
                Check();
                return inner.FreeBytes;
            }
        }

        public bool Exists(string path)
        {
            try
            {
                return inner.Exists(path);
            }
            catch (StoreException ex)
            {
                throw Translate(ex);
            }
        }

        public byte[] Read(string path)
        {
            try
            {
                return inner.Read(path);
            }
            catch (StoreException ex)
            {
                throw Translate(ex);
            }
        }

        public void Write(string path, byte[] data, int offset, int count)
        {
            try
            {
                inner.Write(path, data, offset, count);
            }
            catch (StoreException ex)
            {
                throw Translate(ex);
            }
        }

        public void Rename(string from, string to)
        {
            try
            {
                inner.Rename(from, to);
            }
            catch (StoreException ex)
            {
                throw Translate(ex);
            }
        }

        public void Delete(string path)
        {
            try
            {
                inner.Delete(path);
            }
            catch (StoreException ex)
            {
                throw Translate(ex);
            }
        }

        public void DeleteFolder(string folder)
        {
            try
            {
                inner.DeleteFolder(folder);
            }
            catch (StoreException ex)
            {
                throw Translate(ex);
            }
        }

        public string[] List(string folder)
        {
            try
            {
                return inner.List(folder);
            }
            catch (StoreException ex)
            {
                throw Translate(ex);
            }
        }

        private void Check()
        {
            if (inner.PowerLost)
            {
                throw new PowerCutException("power cut");
            }
        }

        private Exception Translate(StoreException ex)
        {
            return inner.PowerLost ? (Exception)new PowerCutException(ex.Message) : ex;
        }
    }
}
