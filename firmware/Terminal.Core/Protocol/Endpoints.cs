namespace Terminal.Core.Protocol
{
    /// <summary>WeChat Pay v2 hosts and paths for Quick Pay, Query Order and Revoke Order.</summary>
    public static class Endpoints
    {
        public const string MainlandHost = "api.mch.weixin.qq.com";
        public const string MainlandBackupHost = "api2.mch.weixin.qq.com";
        public const string GlobalHost = "apihk.mch.weixin.qq.com";

        public const string MicropayPath = "/pay/micropay";
        public const string OrderQueryPath = "/pay/orderquery";
        public const string ReversePath = "/secapi/pay/reverse";

        /// <summary>The host a region's calls go to first.</summary>
        public static string PrimaryHost(Region region)
        {
            return region == Region.Global ? GlobalHost : MainlandHost;
        }

        /// <summary>
        /// The recommended backup: mainland fails over to the other city (api2); Global and
        /// mainland are each other's backup (apihk ↔ api).
        /// </summary>
        public static string BackupHost(Region region)
        {
            return region == Region.Global ? MainlandHost : MainlandBackupHost;
        }

        /// <summary>Revoke Order (/secapi/…) needs the merchant's client certificate (mutual TLS).</summary>
        public static bool NeedsClientCertificate(string path)
        {
            return path != null && path.IndexOf("/secapi/") == 0;
        }
    }
}
