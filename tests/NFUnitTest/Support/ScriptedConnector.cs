using System.Collections;
using System.Text;
using System;
using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Tests.Support
{
    /// <summary>
    /// An <see cref="IConnector"/> whose server is a script: each queued reply is the raw bytes
    /// the server sends after the next request arrives (split into chunks to exercise partial
    /// reads), optionally followed by closing the connection. Records every request; a request
    /// written after the server closed its side never reaches it (<see cref="LostRequests"/>).
    /// With a <see cref="Clock"/>, every read costs <see cref="MsPerRead"/> of virtual time and
    /// honours the connection's read time-out.
    /// </summary>
    public sealed class ScriptedConnector : IConnector
    {
        private readonly ArrayList replies = new ArrayList();
        private readonly ArrayList closeAfter = new ArrayList();

        public ScriptedConnector()
        {
            Requests = new ArrayList();
            ChunkSize = 7;
        }

        /// <summary>Raw request texts received, in order.</summary>
        public ArrayList Requests { get; private set; }

        public int Opens { get; private set; }

        /// <summary>Requests written to a connection the server had already closed.</summary>
        public int LostRequests { get; private set; }

        /// <summary>Bytes of replies handed out.</summary>
        public int BytesServed { get; private set; }

        /// <summary>Optional: reads advance this clock.</summary>
        public VirtualClock Clock { get; set; }

        /// <summary>Virtual time each read takes (with <see cref="Clock"/>).</summary>
        public int MsPerRead { get; set; }

        public int Closes { get; private set; }

        public bool LastOpenHadClientCertificate { get; private set; }

        /// <summary>Bytes per Read call the fake server hands out.</summary>
        public int ChunkSize { get; set; }

        /// <summary>When set, Open throws a ConnectionException of this stage once (then clears).</summary>
        public bool FailNextOpen { get; set; }

        public ConnectionStage FailNextOpenStage { get; set; }

        /// <summary>When set, the next Read throws a time-out (request was sent).</summary>
        public bool TimeOutNextRead { get; set; }

        public void Reply(string raw)
        {
            Reply(raw, false);
        }

        public void Reply(string raw, bool thenClose)
        {
            ReplyBytes(Encoding.UTF8.GetBytes(raw), thenClose);
        }

        /// <summary>Raw reply bytes, for what a device string cannot hold (NUL, invalid UTF-8).</summary>
        public void ReplyBytes(byte[] raw, bool thenClose)
        {
            replies.Add(raw);
            closeAfter.Add(thenClose);
        }

        public IConnection Open(string host, int port, bool presentClientCertificate, int connectTimeoutMs, int readTimeoutMs)
        {
            if (FailNextOpen)
            {
                FailNextOpen = false;
                ConnectionException failure = new ConnectionException(FailNextOpenStage, "scripted " + ConnectionException.StageName(FailNextOpenStage) + " failure");
                failure.TimedOut = true;
                throw failure;
            }

            Opens++;
            LastOpenHadClientCertificate = presentClientCertificate;
            return new Connection(this, readTimeoutMs);
        }

        private sealed class Connection : IConnection
        {
            private readonly ScriptedConnector owner;
            private int readTimeoutMs;
            private bool aborted;
            private byte[] pending;
            private int pendingPos;
            private bool closeWhenDrained;
            private bool closed;

            public Connection(ScriptedConnector owner, int readTimeoutMs)
            {
                this.owner = owner;
                this.readTimeoutMs = readTimeoutMs;
            }

            private bool ServerClosed
            {
                get { return pending != null && pendingPos >= pending.Length && closeWhenDrained; }
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                if (closed)
                {
                    throw new ConnectionException(ConnectionStage.Send, "connection closed");
                }

                if (ServerClosed)
                {
                    owner.LostRequests++; // the bytes leave, but nobody reads them
                    return;
                }

                owner.Requests.Add(Encoding.UTF8.GetString(buffer, offset, count));
                if (owner.replies.Count > 0)
                {
                    pending = (byte[])owner.replies[0];
                    closeWhenDrained = (bool)owner.closeAfter[0];
                    owner.replies.RemoveAt(0);
                    owner.closeAfter.RemoveAt(0);
                    pendingPos = 0;
                }
                else
                {
                    pending = new byte[0];
                    pendingPos = 0;
                    closeWhenDrained = true;
                }
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                if (aborted)
                {
                    throw new ConnectionException(ConnectionStage.Receive, "connection aborted");
                }

                if (owner.TimeOutNextRead)
                {
                    owner.TimeOutNextRead = false;
                    ConnectionException timeout = new ConnectionException(ConnectionStage.Receive, "read timed out");
                    timeout.TimedOut = true;
                    throw timeout;
                }

                if (pending == null || pendingPos >= pending.Length)
                {
                    if (closeWhenDrained)
                    {
                        return 0;
                    }

                    Wait(readTimeoutMs);
                    throw new ConnectionException(ConnectionStage.Receive, "read timed out (server sent nothing more)");
                }

                if (owner.Clock != null && owner.MsPerRead > readTimeoutMs)
                {
                    Wait(readTimeoutMs);
                    ConnectionException slow = new ConnectionException(ConnectionStage.Receive, "read timed out");
                    slow.TimedOut = true;
                    throw slow;
                }

                Wait(owner.MsPerRead);

                int take = pending.Length - pendingPos;
                if (take > count)
                {
                    take = count;
                }

                if (take > owner.ChunkSize)
                {
                    take = owner.ChunkSize;
                }

                Array.Copy(pending, pendingPos, buffer, offset, take);
                pendingPos += take;
                owner.BytesServed += take;
                return take;
            }

            private void Wait(int milliseconds)
            {
                if (owner.Clock != null)
                {
                    owner.Clock.Advance(milliseconds);
                }
            }

            public void SetReadTimeout(int milliseconds)
            {
                readTimeoutMs = milliseconds;
            }

            public bool IsStale()
            {
                return ServerClosed || (pending != null && pendingPos < pending.Length);
            }

            public void Abort()
            {
                aborted = true;
            }

            public void Close()
            {
                if (!closed)
                {
                    closed = true;
                    owner.Closes++;
                }
            }
        }
    }
}
