using Terminal.Core.Net;
using Terminal.Core.Ports;

namespace Terminal.Core.Payments
{
    /// <summary>
    /// WeChat Pay's domain failover policy (the official SDK's): leave the current domain after
    /// more than 2 connect time-outs or DNS errors; two consecutive successes clear the count;
    /// a terminal on the backup returns to the primary after 3 minutes. Only failures where
    /// nothing was sent count; it never decides to re-send anything (the engine never re-orders
    /// on the other domain: an unknown micropay is queried, or re-sent to the same host).
    /// </summary>
    public sealed class DomainFailover
    {
        public const int FailuresToSwitch = 3;
        public const int SuccessesToClear = 2;
        public const long ReturnToPrimaryMs = 180000;

        private readonly object gate = new object();
        private readonly IClock clock;
        private int failures;
        private int successes;
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
                        failures = 0;
                        successes = 0;
                        Switches++;
                    }

                    return onBackup ? BackupHost : PrimaryHost;
                }
            }
        }

        public bool OnBackup
        {
            get
            {
                string current = Current;
                return current == BackupHost && current != PrimaryHost;
            }
        }

        /// <summary>An answer arrived from <paramref name="host"/>.</summary>
        public void ReportSuccess(string host)
        {
            lock (gate)
            {
                if (host != CurrentHostLocked())
                {
                    return;
                }

                successes++;
                if (successes >= SuccessesToClear)
                {
                    failures = 0;
                    successes = 0;
                }
            }
        }

        /// <summary>A call to <paramref name="host"/> failed; DNS errors and connect time-outs count towards switching.</summary>
        public void ReportFailure(string host, ConnectionException failure)
        {
            if (!Counts(failure))
            {
                return;
            }

            lock (gate)
            {
                if (host != CurrentHostLocked())
                {
                    return;
                }

                successes = 0;
                failures++;
                if (failures >= FailuresToSwitch && BackupHost != null && BackupHost != PrimaryHost)
                {
                    onBackup = !onBackup;
                    switchedAtMs = clock.MonotonicMs;
                    failures = 0;
                    Switches++;
                }
            }
        }

        /// <summary>DNS errors and connect time-outs (the SDK's UnknownHost / ConnectTimeout) count.</summary>
        public static bool Counts(ConnectionException failure)
        {
            return failure != null && (failure.Stage == ConnectionStage.Dns || (failure.Stage == ConnectionStage.Connect && failure.TimedOut));
        }

        private string CurrentHostLocked()
        {
            return onBackup ? BackupHost : PrimaryHost;
        }
    }
}
