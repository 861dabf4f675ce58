using Terminal.Core.Technician;
using Terminal.Device.Net;

namespace Terminal.Device.Ports
{
    /// <summary><see cref="INetworkStatus"/> over the Wi-Fi monitor (never a password).</summary>
    public sealed class NetworkStatus : INetworkStatus
    {
        private readonly WifiNetwork wifi;

        public NetworkStatus(WifiNetwork wifi)
        {
            this.wifi = wifi;
        }

        public bool IsUp
        {
            get { return wifi.IsOnline; }
        }

        public string Describe()
        {
            string text = wifi.StatusLine() + ", joins " + wifi.Joins.ToString();
            string error = wifi.LastError;
            return error == null ? text : text + ", last error: " + error;
        }
    }
}
