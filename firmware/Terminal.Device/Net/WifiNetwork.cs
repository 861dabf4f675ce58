using System;
using System.Device.Wifi;
using System.Net;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using Terminal.Core.Net;
using Terminal.Device.Platform;

namespace Terminal.Device.Net
{
    /// <summary>
    /// Wi-Fi station with <see cref="WifiNetworkHelper"/> (DHCP, <c>requiresDateTime</c>: the
    /// helper returns only once SNTP has set the clock, because certificate validation and
    /// WeChat's timestamps need it) and automatic reconnection by the ESP32's Wi-Fi driver. A
    /// monitor thread looks at the link every <see cref="WifiPolicy.MonitorPeriodMs"/> and does
    /// what the core's <see cref="WifiPolicy"/> decides (re-join with a capped back-off, a fresh
    /// SNTP time after the driver reconnected by itself). The state is exposed to the core
    /// (<see cref="IsOnline"/>, <see cref="ClockValid"/>): no payment starts before both are true.
    /// The Wi-Fi password is never logged.
    /// </summary>
    public sealed class WifiNetwork
    {
        /// <summary>How long one join attempt may take, DHCP and first SNTP answer included.</summary>
        public const int JoinTimeoutMs = 60000;

        private readonly DeviceClock clock;
        private readonly object gate = new object();
        private readonly WifiPolicy policy = new WifiPolicy();
        private string ssid;
        private string password;
        private Thread monitor;
        private bool starting;
        private string lastError;
        private bool forceJoin;

        public WifiNetwork(DeviceClock clock)
        {
            this.clock = clock;
        }

        /// <summary>First and second SNTP servers (set before <see cref="Start"/>); defaults suit mainland China and elsewhere.</summary>
        public string SntpServer1 = "ntp.aliyun.com";

        public string SntpServer2 = "pool.ntp.org";

        public LinkState State
        {
            get
            {
                lock (gate)
                {
                    return starting ? LinkState.Connecting : policy.State;
                }
            }
        }

        /// <summary>True while the station has an IPv4 address.</summary>
        public bool IsOnline
        {
            get
            {
                LinkState s = State;
                return s == LinkState.Online || s == LinkState.WaitingForTime;
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
                    return policy.Joins;
                }
            }
        }

        /// <summary>
        /// Starts (or restarts with new credentials) the link. <paramref name="networkName"/> null
        /// or empty: the station stays <see cref="LinkState.NotConfigured"/>.
        /// </summary>
        public void Start(string networkName, string networkPassword)
        {
            lock (gate)
            {
                ssid = networkName;
                password = networkPassword;
                starting = networkName != null && networkName.Length > 0;
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

        /// <summary>One line for the status screen, e.g. "WiFi 192.168.1.23 time ok" (the core's wording).</summary>
        public string StatusLine()
        {
            return WifiPolicy.Describe(State, Ssid, Address, ClockValid);
        }

        private void Monitor()
        {
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

                bool configured = name != null && name.Length > 0;
                LinkAction action;
                lock (gate)
                {
                    action = policy.Next(clock.MonotonicMs, configured, configured && Address != null, ClockValid, force);
                    starting = false;
                    if (policy.State == LinkState.Online)
                    {
                        lastError = null;
                    }
                }

                if (action == LinkAction.RefreshTime)
                {
                    TryUpdateTime();
                }
                else if (action == LinkAction.Dropped)
                {
                    Note("link lost");
                }
                else if (action == LinkAction.Join)
                {
                    string error = Join(name, secret);
                    lock (gate)
                    {
                        policy.Joined(error == null, clock.MonotonicMs, ClockValid);
                        lastError = error;
                    }
                }

                Thread.Sleep(WifiPolicy.MonitorPeriodMs);
            }
        }

        /// <summary>One join attempt: null when joined, else why not (in English, never the password).</summary>
        private static string Join(string name, string secret)
        {
            try
            {
                CancellationTokenSource timeout = new CancellationTokenSource(JoinTimeoutMs);
                bool ok = WifiNetworkHelper.ConnectDhcp(name, secret, WifiReconnectionKind.Automatic, true, 0, timeout.Token);
                timeout.Dispose();
                if (ok)
                {
                    return null;
                }

                Exception reason = WifiNetworkHelper.HelperException;
                return "join failed: " + StatusText(WifiNetworkHelper.Status) + (reason == null ? string.Empty : " (" + reason.Message + ")");
            }
            catch (Exception ex)
            {
                return "join failed: " + ex.Message;
            }
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

        private void Note(string error)
        {
            lock (gate)
            {
                lastError = error;
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
