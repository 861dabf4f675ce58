using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// Which WeChat Pay domain the next request goes to (docs/protocol.md, "Domain failover").
    /// The official SDK's policy is the floor: it leaves a domain after more than 2 DNS errors or
    /// connect time-outs and returns to the primary after 3 minutes. This policy leaves the
    /// current domain at its first failure where nothing was sent and the network itself said
    /// no — a DNS error, a refused or timed-out connect, a timed-out TLS handshake — so the very
    /// next request (the same sale's next micropay attempt) goes to the other domain; it returns
    /// to the primary <see cref="ReturnToPrimaryMs"/> after leaving it. Changing domain is safe
    /// only because nothing was sent: a request that may have reached WeChat is never counted
    /// here, and a micropay whose outcome is unknown is never re-ordered on the other domain
    /// (the engine queries it, or re-sends it with the same out_trade_no to the host it went to).
    /// A refused handshake (certificate, clock, missing client certificate) is a local problem
    /// the other domain would not solve: it does not count.
    /// </summary>
    public sealed class DomainFailover
    {
        public const long ReturnToPrimaryMs = 180000;

        private readonly object gate = new object();
        private readonly IClock clock;
        private bool onBackup;
        private long switchedAtMs;

        public DomainFailover(string primaryHost, string backupHost, IClock clock)
        {
            PrimaryHost = primaryHost;
            BackupHost = backupHost;
            this.clock = clock;
        }

        public string PrimaryHost { get; private set; }

        public string BackupHost { get; private set; }

        /// <summary>How many times the current domain changed (for tests and the console).</summary>
        public int Switches { get; private set; }

        /// <summary>The host to use now.</summary>
        public string Current
        {
            get
            {
                lock (gate)
                {
                    if (onBackup && clock.MonotonicMs - switchedAtMs >= ReturnToPrimaryMs)
                    {
                        onBackup = false;
                        Switches++;
                    }

                    return CurrentHostLocked();
                }
            }
        }

        /// <summary>A call to <paramref name="host"/> failed: a failure that <see cref="Counts"/> moves the next request to the other domain.</summary>
        public void ReportFailure(string host, ConnectionException failure)
        {
            if (!Counts(failure) || BackupHost == null || BackupHost == PrimaryHost)
            {
                return;
            }

            lock (gate)
            {
                if (host != CurrentHostLocked())
                {
                    return; // a request pinned to the other host (a re-submitted micropay)
                }

                onBackup = !onBackup;
                switchedAtMs = clock.MonotonicMs;
                Switches++;
            }
        }

        /// <summary>
        /// Nothing was sent and the network refused: DNS errors, refused or timed-out connects,
        /// timed-out handshakes. Not an interrupt (the cashier's cancel), not a refused handshake.
        /// </summary>
        public static bool Counts(ConnectionException failure)
        {
            if (failure == null || failure.Interrupted || !failure.NothingSent)
            {
                return false;
            }

            return failure.Stage != ConnectionStage.Handshake || failure.TimedOut;
        }

        private string CurrentHostLocked()
        {
            return onBackup ? BackupHost : PrimaryHost;
        }
    }
}
