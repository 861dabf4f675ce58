namespace Terminal.Core.Protocol
{
    /// <summary>
    /// WeChat Pay v2 hosts and paths: Quick Pay, Query Order, Revoke Order, and the store
    /// operations (refund, refund query, daily bill, transaction-guarantee report; docs/protocol.md).
    /// </summary>
    public static class Endpoints
    {
        public const string MainlandHost = "api.mch.weixin.qq.com";
        public const string MainlandBackupHost = "api2.mch.weixin.qq.com";
        public const string GlobalHost = "apihk.mch.weixin.qq.com";

        public const string MicropayPath = "/pay/micropay";
        public const string OrderQueryPath = "/pay/orderquery";
        public const string ReversePath = "/secapi/pay/reverse";

        /// <summary>申请退款: mutual TLS like Revoke Order.</summary>
        public const string RefundPath = "/secapi/pay/refund";

        /// <summary>查询退款: no client certificate.</summary>
        public const string RefundQueryPath = "/pay/refundquery";

        /// <summary>下载对账单: the day's bill as text (not XML) on success.</summary>
        public const string DownloadBillPath = "/pay/downloadbill";

        /// <summary>交易保障: the terminal's report of its calls' outcome and latency.</summary>
        public const string ReportPath = "/payitil/report";

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

        /// <summary>Revoke Order and Refund (/secapi/…) need the merchant's client certificate (mutual TLS).</summary>
        public static bool NeedsClientCertificate(string path)
        {
            return path != null && path.IndexOf("/secapi/") == 0;
        }
    }
}
