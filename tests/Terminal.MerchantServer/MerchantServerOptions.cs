using System;
using System.Collections.Generic;

namespace Terminal.MerchantServer
{
    /// <summary>Settings of the reference merchant server.</summary>
    public sealed class MerchantServerOptions
    {
        /// <summary>Folder holding merchant.db (created if missing).</summary>
        public string DataFolder { get; set; } = "merchant-data";

        /// <summary>Loopback port; 0 picks a free one (tests).</summary>
        public int Port { get; set; } = 5080;

        /// <summary>Terminal id -> per-terminal HMAC secret. Also read from and saved to the database.</summary>
        public Dictionary<string, byte[]> Terminals { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        /// <summary>Accepted clock difference between terminal and server, seconds.</summary>
        public int ReplayWindowSeconds { get; set; } = 300;

        /// <summary>Surge rule: this many payments from one terminal within SurgeWindowSeconds suspends it (0 = off).</summary>
        public int SurgeCount { get; set; } = 20;

        /// <summary>Surge rule: this total amount (minor units) within the window suspends it (0 = off).</summary>
        public long SurgeAmount { get; set; } = 2_000_000;

        public int SurgeWindowSeconds { get; set; } = 600;

        /// <summary>
        /// The token admin endpoints (header X-Admin-Token) and the dashboard require. Null: generated
        /// at the first start into DataFolder/admin-token (owner-only) and reused afterwards.
        /// </summary>
        public string? AdminToken { get; set; }

        /// <summary>The server's clock (tests may shift it); Unix seconds.</summary>
        public Func<long> Now { get; set; } = () => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <summary>The dashboard's days and clock times (daily totals, search by day); default: this machine's zone.</summary>
        public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;

        /// <summary>Largest accepted request body in bytes.</summary>
        public int MaxBodyBytes { get; set; } = 16 * 1024;

        /// <summary>The WeChat Pay merchant account daily bills are fetched with (reconciliation); unset = upload bills only.</summary>
        public Reconciliation.WeChatBillOptions WeChat { get; } = new Reconciliation.WeChatBillOptions();
    }
}
