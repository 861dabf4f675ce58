using System;
using System.Device.Wifi;
using System.Net;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using Terminal.Device.Platform;

namespace Terminal.Device.Net
{
    /// <summary>Where the Wi-Fi link stands (shown on the status screen and the console).</summary>
    public enum NetState
    {
        /// <summary><see cref="WifiNetwork.Start"/> not called yet.</summary>
        Stopped = 0,

        /// <summary>No SSID provisioned (technician console: Wi-Fi settings).</summary>
        NotConfigured,

        /// <summary>Joining the access point and waiting for DHCP.</summary>
        Connecting,

        /// <summary>Connected; SNTP has not set the clock yet (no TLS, no payment).</summary>
        WaitingForTime,

        /// <summary>Connected with a valid clock: payments may start.</summary>
        Online,

        /// <summary>The link dropped; the ESP32 reconnects by itself, the monitor retries too.</summary>
        Offline,
    }

    /// <summary>
    /// Wi-Fi station with <see cref="WifiNetworkHelper"/> (DHCP, <c>requiresDateTime</c>: the
    /// helper returns only once SNTP has set the clock, because certificate validation and
    /// WeChat's timestamps need it) and automatic reconnection by the ESP32's Wi-Fi driver. A
    /// monitor thread follows the link, re-joins after a long outage with a capped back-off and
    /// asks SNTP for a fresh time after every reconnection. The state is exposed to the core
    /// (<see cref="IsOnline"/>, <see cref="ClockValid"/>): no payment starts before both are true.
    /// The Wi-Fi password is never logged.
    /// </summary>
    public sealed class WifiNetwork
    {
        /// <summary>How long one join attempt may take, DHCP and first SNTP answer included.</summary>
        public const int JoinTimeoutMs = 60000;

        private const int MonitorPeriodMs = 2000;
        private const int FirstRetryMs = 5000;
        private const int MaxRetryMs = 120000;

        private readonly DeviceClock clock;
        private readonly object gate = new object();
        private string ssid;
        private string password;
        private Thread monitor;
        private NetState state;
        private string lastError;
        private int joins;
        private bool forceJoin;

        public WifiNetwork(DeviceClock clock)
        {
            this.clock = clock;
            state = NetState.Stopped;
        }

        /// <summary>First and second SNTP servers (set before <see cref="Start"/>); defaults suit mainland China and elsewhere.</summary>
        public string SntpServer1 = "ntp.aliyun.com";

        public string SntpServer2 = "pool.ntp.org";

        public NetState State
        {
            get
            {
                lock (gate)
                {
                    return state;
                }
            }
        }

        /// <summary>True while the station has an IPv4 address.</summary>
        public bool IsOnline
        {
            get
            {
                NetState s = State;
                return s == NetState.Online || s == NetState.WaitingForTime;
            }
        }

        /// <summary>True once SNTP (or a technician) has set the wall clock.</summary>
        public bool ClockValid
        {
            get { return clock.IsWallClockValid; }
        }

        /// <summary>The station's IPv4 address, or null while it has none.</summary>
        public string Address
        {
            get
            {
                try
                {
                    IPAddress address = IPGlobalProperties.GetIPAddress();
                    if (address == null || address.Equals(IPAddress.Any))
                    {
                        return null;
                    }

                    return address.ToString();
                }
                catch (Exception)
                {
                    return null;
                }
            }
        }

        /// <summary>The SSID in use (not secret), or null.</summary>
        public string Ssid
        {
            get
            {
                lock (gate)
                {
                    return ssid;
                }
            }
        }

        /// <summary>The last join or link error, in English, for the console; null when none.</summary>
        public string LastError
        {
            get
            {
                lock (gate)
                {
                    return lastError;
                }
            }
        }

        /// <summary>Successful joins since boot.</summary>
        public int Joins
        {
            get
            {
                lock (gate)
                {
                    return joins;
                }
            }
        }

        /// <summary>
        /// Starts (or restarts with new credentials) the link. <paramref name="networkName"/> null
        /// or empty: the station stays <see cref="NetState.NotConfigured"/>.
        /// </summary>
        public void Start(string networkName, string networkPassword)
        {
            lock (gate)
            {
                ssid = networkName;
                password = networkPassword;
                state = networkName == null || networkName.Length == 0 ? NetState.NotConfigured : NetState.Connecting;
                if (monitor != null)
                {
                    // The running monitor picks the new credentials up at its next join.
                    forceJoin = true;
                    return;
                }

                Sntp.Server1 = SntpServer1;
                Sntp.Server2 = SntpServer2;
                monitor = new Thread(new ThreadStart(Monitor));
                monitor.Priority = ThreadPriority.BelowNormal;
                monitor.Start();
            }
        }

        /// <summary>One line for the status screen, e.g. "WiFi shop-ap 192.168.1.23 time ok".</summary>
        public string StatusLine()
        {
            NetState s = State;
            string text = "WiFi ";
            switch (s)
            {
                case NetState.NotConfigured:
                    return text + "not configured";
                case NetState.Connecting:
                    return text + "connecting " + Ssid;
                case NetState.Offline:
                    return text + "offline";
                case NetState.Stopped:
                    return text + "off";
            }

            return text + Address + (ClockValid ? " time ok" : " no time");
        }

        private void Monitor()
        {
            int retryMs = FirstRetryMs;
            long nextJoinMs = 0;
            bool wasUp = false;
            while (true)
            {
                string name;
                string secret;
                bool force;
                lock (gate)
                {
                    name = ssid;
                    secret = password;
                    force = forceJoin;
                    forceJoin = false;
                }

                if (name == null || name.Length == 0)
                {
                    Set(NetState.NotConfigured, null);
                    Thread.Sleep(MonitorPeriodMs);
                    continue;
                }

                bool up = Address != null;
                if (up && !force)
                {
                    if (!wasUp)
                    {
                        // Back after an outage (the driver reconnected by itself): refresh the time.
                        TryUpdateTime();
                    }

                    wasUp = true;
                    retryMs = FirstRetryMs;
                    Set(ClockValid ? NetState.Online : NetState.WaitingForTime, null);
                    Thread.Sleep(MonitorPeriodMs);
                    continue;
                }

                if (wasUp)
                {
                    // Give the driver's automatic reconnection one period before re-joining.
                    wasUp = false;
                    Set(NetState.Offline, "link lost");
                    nextJoinMs = clock.MonotonicMs + FirstRetryMs;
                }

                if (!force && clock.MonotonicMs < nextJoinMs)
                {
                    Thread.Sleep(MonitorPeriodMs);
                    continue;
                }

                if (State != NetState.Offline)
                {
                    Set(NetState.Connecting, null);
                }

                if (Join(name, secret))
                {
                    lock (gate)
                    {
                        joins++;
                    }

                    wasUp = true;
                    retryMs = FirstRetryMs;
                    Set(ClockValid ? NetState.Online : NetState.WaitingForTime, null);
                }
                else
                {
                    nextJoinMs = clock.MonotonicMs + retryMs;
                    retryMs = retryMs * 2 > MaxRetryMs ? MaxRetryMs : retryMs * 2;
                }

                Thread.Sleep(MonitorPeriodMs);
            }
        }

        private bool Join(string name, string secret)
        {
            try
            {
                CancellationTokenSource timeout = new CancellationTokenSource(JoinTimeoutMs);
                bool ok = WifiNetworkHelper.ConnectDhcp(name, secret, WifiReconnectionKind.Automatic, true, 0, timeout.Token);
                timeout.Dispose();
                if (ok)
                {
                    return true;
                }

                Exception reason = WifiNetworkHelper.HelperException;
                Set(NetState.Offline, "join failed: " + StatusText(WifiNetworkHelper.Status) + (reason == null ? string.Empty : " (" + reason.Message + ")"));
            }
            catch (Exception ex)
            {
                Set(NetState.Offline, "join failed: " + ex.Message);
            }

            return false;
        }

        private static void TryUpdateTime()
        {
            try
            {
                Sntp.UpdateNow();
            }
            catch (Exception)
            {
            }
        }

        private void Set(NetState next, string error)
        {
            lock (gate)
            {
                state = next;
                if (error != null || next == NetState.Online)
                {
                    lastError = error;
                }
            }
        }

        /// <summary>The helper's status as text (enum names are not kept on the device).</summary>
        private static string StatusText(NetworkHelperStatus status)
        {
            switch (status)
            {
                case NetworkHelperStatus.Started:
                    return "started";
                case NetworkHelperStatus.NetworkIsReady:
                    return "network ready";
                case NetworkHelperStatus.FailedNoNetworkInterface:
                    return "no network interface";
                case NetworkHelperStatus.TokenExpiredWaitingIPAddress:
                    return "timed out waiting for an IP address";
                case NetworkHelperStatus.TokenExpiredWaitingDateTime:
                    return "timed out waiting for the clock";
                case NetworkHelperStatus.ErrorConnetingToWiFiWhileScanning:
                    return "Wi-Fi was scanning";
                case NetworkHelperStatus.ExceptionOccurred:
                    return "exception";
                case NetworkHelperStatus.Reconnecting:
                    return "reconnecting";
                default:
                    return "status " + ((int)status).ToString();
            }
        }
    }
}
