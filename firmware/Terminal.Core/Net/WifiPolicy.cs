using Terminal.Core.Timing;

namespace Terminal.Core.Net
{
    /// <summary>Where the Wi-Fi link stands (status screen, console).</summary>
    public enum LinkState
    {
        /// <summary>The monitor has not started.</summary>
        Stopped = 0,

        /// <summary>No SSID provisioned (console: config set wifi_ssid).</summary>
        NotConfigured,

        /// <summary>Joining the access point and waiting for DHCP.</summary>
        Connecting,

        /// <summary>Connected; SNTP has not set the clock yet (no TLS, no payment).</summary>
        WaitingForTime,

        /// <summary>Connected with a valid clock: payments may start.</summary>
        Online,

        /// <summary>The link dropped or a join failed; re-joins follow the back-off.</summary>
        Offline,
    }

    /// <summary>What the Wi-Fi adapter does after one look at the link.</summary>
    public enum LinkAction
    {
        /// <summary>Nothing: look again after <see cref="WifiPolicy.MonitorPeriodMs"/>.</summary>
        Wait = 0,

        /// <summary>The link came back by itself (the driver reconnected): ask SNTP for a fresh time.</summary>
        RefreshTime,

        /// <summary>The link was lost: note it; the driver gets <see cref="WifiPolicy.FirstRetryMs"/> to reconnect alone.</summary>
        Dropped,

        /// <summary>Join now (DHCP, first SNTP answer), then report with <see cref="WifiPolicy.Joined"/>.</summary>
        Join,
    }

    /// <summary>
    /// The Wi-Fi reconnect policy, free of radio calls so both runners test it: the device's
    /// monitor thread looks at the link every <see cref="MonitorPeriodMs"/>, asks <see cref="Next"/>
    /// what to do and reports each join with <see cref="Joined"/>.
    /// <list type="bullet">
    /// <item>Not configured: nothing to do.</item>
    /// <item>Link up: Online (or WaitingForTime until the clock is set); when it came back by
    /// itself, refresh the time once.</item>
    /// <item>Link lost: Offline; the ESP32 driver reconnects by itself, so the first re-join waits
    /// <see cref="FirstRetryMs"/>.</item>
    /// <item>A failed join: re-join after the capped back-off, 5 s doubling to 2 min
    /// (<see cref="CappedBackoff"/>); a success resets it.</item>
    /// <item>New credentials (force): join at once, whatever the link.</item>
    /// </list>
    /// One thread drives it (the monitor); readers take the adapter's lock.
    /// </summary>
    public sealed class WifiPolicy
    {
        public const int MonitorPeriodMs = 2000;
        public const int FirstRetryMs = 5000;
        public const int MaxRetryMs = 120000;

        private bool wasUp;
        private long nextJoinMs;

        public WifiPolicy()
        {
            State = LinkState.Stopped;
        }

        public LinkState State { get; private set; }

        /// <summary>Failed joins since the last success.</summary>
        public int Failures { get; private set; }

        /// <summary>Successful joins since start.</summary>
        public int Joins { get; private set; }

        /// <summary>Monotonic ms before which no join is attempted (unless forced).</summary>
        public long NextJoinMs
        {
            get { return nextJoinMs; }
        }

        /// <summary>
        /// One look at the link: <paramref name="configured"/> (an SSID is set), <paramref name="linkUp"/>
        /// (the station has an address), <paramref name="clockValid"/> (SNTP set the time),
        /// <paramref name="force"/> (new credentials: join now).
        /// </summary>
        public LinkAction Next(long nowMs, bool configured, bool linkUp, bool clockValid, bool force)
        {
            if (!configured)
            {
                State = LinkState.NotConfigured;
                wasUp = false;
                Failures = 0;
                nextJoinMs = 0;
                return LinkAction.Wait;
            }

            if (linkUp && !force)
            {
                bool cameBack = !wasUp;
                wasUp = true;
                Failures = 0;
                State = clockValid ? LinkState.Online : LinkState.WaitingForTime;
                return cameBack ? LinkAction.RefreshTime : LinkAction.Wait;
            }

            if (wasUp && !force)
            {
                wasUp = false;
                State = LinkState.Offline;
                nextJoinMs = nowMs + FirstRetryMs;
                return LinkAction.Dropped;
            }

            if (!force && nowMs < nextJoinMs)
            {
                return LinkAction.Wait;
            }

            wasUp = false;
            if (State != LinkState.Offline)
            {
                State = LinkState.Connecting;
            }

            return LinkAction.Join;
        }

        /// <summary>The outcome of the join <see cref="Next"/> asked for.</summary>
        public void Joined(bool ok, long nowMs, bool clockValid)
        {
            if (ok)
            {
                Joins++;
                Failures = 0;
                wasUp = true;
                State = clockValid ? LinkState.Online : LinkState.WaitingForTime;
                return;
            }

            Failures++;
            nextJoinMs = nowMs + CappedBackoff.Delay(Failures, FirstRetryMs, MaxRetryMs);
            State = LinkState.Offline;
        }

        /// <summary>One line for the status screen and console, e.g. "WiFi 192.168.1.23 time ok" (never a password).</summary>
        public static string Describe(LinkState state, string ssid, string address, bool clockValid)
        {
            switch (state)
            {
                case LinkState.NotConfigured:
                    return "WiFi not configured";
                case LinkState.Connecting:
                    return "WiFi connecting " + ssid;
                case LinkState.Offline:
                    return "WiFi offline";
                case LinkState.Stopped:
                    return "WiFi off";
            }

            return "WiFi " + address + (clockValid ? " time ok" : " no time");
        }
    }
}
