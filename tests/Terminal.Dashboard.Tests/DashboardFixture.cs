using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Terminal.MerchantServer;

namespace Terminal.Dashboard.Tests
{
    /// <summary>
    /// A merchant server with a known history (fixed clock: 2026-11-21 12:00 in UTC+8) and, when
    /// Debian's chromium and chromium-driver are installed, one headless browser for the tests.
    /// </summary>
    public sealed class DashboardFixture : IDisposable
    {
        public const string Chromium = "/usr/bin/chromium";
        public const string ChromeDriver = "/usr/bin/chromedriver";

        /// <summary>Stored markup that must only ever appear as text.</summary>
        public const string HostileTerminal = "T-<b>\"&'";
        public const string HostileOrder = "<script>document.title='pwned'</script>";
        public const string HostileBank = "<img src=x onerror=alert(1)>";
        public const string HostileReason = "<iframe src=//example.invalid></iframe>";

        public static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "UTC+08", "UTC+08");
        public static readonly long Now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();

        private readonly string? userData;
        private int unique;

        public DashboardFixture()
        {
            DataFolder = Path.Combine(Path.GetTempPath(), "terminal-dashboard-" + Guid.NewGuid().ToString("N"));
            var options = new MerchantServerOptions
            {
                DataFolder = DataFolder,
                Port = 0,
                TimeZone = ChinaTime,
                Now = () => Now,
                SurgeCount = 20,
                SurgeAmount = 2_000_000,
                SurgeWindowSeconds = 600,
            };
            // A merchant account so the reconciliation page offers "fetch"; nothing listens there (the tests upload bills).
            options.WeChat.AppId = "wxdashboard000001";
            options.WeChat.MchId = "1900000109";
            options.WeChat.ApiKey = "dashboarddashboarddashboard00001";
            options.WeChat.BaseUrl = "https://127.0.0.1:9";
            foreach (string id in new[] { "T-0001", "T-0002", "T-0003", HostileTerminal })
            {
                options.Terminals[id] = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
            }

            Server = MerchantServer.MerchantServer.Start(options, consoleLogging: Environment.GetEnvironmentVariable("TERMINAL_DASHBOARD_LOG") == "1"); // 1: server errors on the console
            Seed();

            BrowserMissing = !File.Exists(Chromium) ? Chromium + " is not installed" : !File.Exists(ChromeDriver) ? ChromeDriver + " is not installed" : null;
            if (BrowserMissing == null)
            {
                userData = Path.Combine(Path.GetTempPath(), "terminal-chromium-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(userData);
                var chrome = new ChromeOptions { BinaryLocation = Chromium };
                chrome.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + userData, "--window-size=1360,860", "--lang=en-US", "--hide-scrollbars");
                ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver), Path.GetFileName(ChromeDriver));
                service.SuppressInitialDiagnosticInformation = true;
                service.HideCommandPromptWindow = true;
                Driver = new ChromeDriver(service, chrome, TimeSpan.FromSeconds(90));
            }

            string? shots = Environment.GetEnvironmentVariable("TERMINAL_DASHBOARD_SCREENSHOTS");
            ScreenshotFolder = string.IsNullOrEmpty(shots) ? Path.Combine(DataFolder, "screenshots") : Path.GetFullPath(shots);
            Directory.CreateDirectory(ScreenshotFolder);
        }

        public MerchantServer.MerchantServer Server { get; }

        public string DataFolder { get; }

        /// <summary>Why the browser tests cannot run (null: they can).</summary>
        public string? BrowserMissing { get; }

        /// <summary>The headless browser, or null when <see cref="BrowserMissing"/> says why not.</summary>
        public IWebDriver? Driver { get; }

        /// <summary>TERMINAL_DASHBOARD_SCREENSHOTS (docs/dashboard when refreshing the docs), else a temporary folder.</summary>
        public string ScreenshotFolder { get; }

        public string Url(string path) => new Uri(Server.BaseAddress, path.TrimStart('/')).ToString();

        public void Screenshot(string name)
        {
            ((ITakesScreenshot)(Driver ?? throw new InvalidOperationException("no browser: " + BrowserMissing))).GetScreenshot().SaveAsFile(Path.Combine(ScreenshotFolder, name + ".png"));
        }

        public void Dispose()
        {
            try
            {
                Driver?.Quit();
            }
            finally
            {
                Server.Dispose();
                TryDelete(userData);
                if (Environment.GetEnvironmentVariable("TERMINAL_DASHBOARD_SCREENSHOTS") == null)
                {
                    TryDelete(DataFolder);
                }
            }
        }

        private static void TryDelete(string? folder)
        {
            try
            {
                if (folder != null)
                {
                    Directory.Delete(folder, true);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>Two days of payments from three terminals, in CNY and JPY, some with markup in their fields.</summary>
        private void Seed()
        {
            MerchantStore store = Server.Store;
            long today = Now - 3 * 3600;          // 09:00
            long yesterday = Now - 27 * 3600;     // 2026-11-20 09:00
            Pay("T-0001", 1234, "CNY", today, "CMB_DEBIT");
            Pay("T-0001", 880, "CNY", today + 60, "ICBC_CREDIT");
            Pay("T-0001", 50000, "CNY", today + 600, "CMB_DEBIT");
            Pay("T-0002", 1234, "CNY", today + 1200, HostileBank);
            Pay("T-0002", 500, "JPY", today + 1800, "OTHERS");
            Pay("T-0001", 9999, "CNY", yesterday, "CCB_DEBIT");
            Pay("T-0001", 1, "CNY", yesterday + 60, "CCB_DEBIT");
            Pay(HostileTerminal, 100, "CNY", yesterday + 120, "CMB_DEBIT", HostileOrder);
            store.StoreNotification("T-0003", "T0003000001:4200000000202611210000000009", "T0003000001", "4200000000202611210000000009", 2500, 2500, "CNY",
                "20261121113000", "CMB_DEBIT", "o3", Now - 1800, "{\"n\":9}", Now - 1790);
            store.StoreNotification("T-0003", "T0003000001:4200000000202611210000000009", "T0003000001", "4200000000202611210000000009", 2500, 2500, "CNY",
                "20261121113000", "CMB_DEBIT", "o3", Now - 1800, "{\"n\":9}", Now - 1700); // a harmless repeat: 2 deliveries

            store.RecordSeen("T-0001", Now - 120, 3, 1, false, string.Empty);
            store.RecordSeen("T-0002", Now - 30, 0, 0, true, "velocity: 30 sales in 10 min");
            store.Suspend("T-0002", "surge: 20 payments in 10 min");
            store.RecordSeen("T-0003", Now - 45, 0, 0, false, string.Empty);
            store.RecordSeen(HostileTerminal, Now - 3 * 86400, 2, 0, true, HostileReason);
            SeedReconciliation();
        }

        /// <summary>The reconciled day (China time): 2026-11-17, away from the days the other pages' tests count.</summary>
        public const string ReconciledDay = "2026-11-17";

        /// <summary>
        /// A day of WeChat's bill against what the terminals notified: T-0001's 11:30 payment was
        /// never notified, T-0002's second refund (made on WeChat's merchant platform) neither,
        /// T-0003's refund was still processing when the bill was made, and the hostile terminal
        /// notified a payment WeChat does not have; Z reports of T-0001 and T-0002.
        /// </summary>
        private void SeedReconciliation()
        {
            MerchantStore store = Server.Store;
            static long At(int hour, int minute, int second = 0) => new DateTimeOffset(2026, 11, 17, hour, minute, second, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
            void Paid(string terminal, string order, string transaction, long fee, long at) =>
                store.StoreNotification(terminal, order + ":" + transaction, order, transaction, fee, fee, "CNY",
                    DateTimeOffset.FromUnixTimeSeconds(at).ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMddHHmmss"), "CMB_DEBIT", "o", at, "{\"order\":\"" + order + "\"}", at + 3);
            Paid("T-0001", "T-0001000000000101", "4200000000202611170000000101", 4250, At(9, 12, 7));
            Paid("T-0001", "T-0001000000000102", "4200000000202611170000000102", 1880, At(10, 5, 44));
            Paid("T-0002", "T-0002000000000201", "4200000000202611170000000201", 12000, At(12, 0, 30));
            Paid("T-0003", "T-0003000000000301", "4200000000202611170000000301", 990, At(16, 0));
            Paid(HostileTerminal, HostileOrder + "2", "4200000000202611170000000401", 100, At(17, 0));
            store.StoreRefund(new RefundNotification
            {
                TerminalId = "T-0002", OutTradeNo = "T-0002000000000201", TransactionId = "4200000000202611170000000201", OutRefundNo = "RF-201-1",
                RefundId = "50300000000000000000000201", RefundFee = 2000, TotalFee = 12000, FeeType = "CNY", RefundSuccessTime = "2026-11-17 14:00:05", RefundedAt = At(14, 0, 6),
            }, "{\"refund\":\"RF-201-1\"}", At(14, 0, 9));
            void Z(string terminal, long number, long sales, long salesSum, long refunds, long refundsSum) =>
                store.StoreZReport(new ZReport
                {
                    TerminalId = terminal, ZNumber = number, BusinessDay = ReconciledDay, UtcOffsetMinutes = 480, OpenedAt = At(8, 0), ClosedAt = At(22, 0),
                    Totals = new[] { new ZTotals { FeeType = "CNY", SalesCount = sales, SalesSum = salesSum, RefundsCount = refunds, RefundsSum = refundsSum } },
                }, "{\"z\":" + number + "}", At(22, 0, 5));
            Z("T-0001", 41, 3, 9730, 0, 0);
            Z("T-0002", 17, 1, 12000, 1, 2000);

            static string Row(string time, string order, string transaction, string state, string? amount, string refundId = "0", string refundNo = "0", string refund = "0.00", string status = "") =>
                "`" + ReconciledDay + " " + time + ",`wxdashboard000001,`1900000109,`0,`,`" + transaction + ",`" + order + ",`o,`MICROPAY,`" + state + ",`CMB_DEBIT,`CNY,`" +
                (state == "SUCCESS" ? amount : "0.00") + ",`0.00,`" + refundId + ",`" + refundNo + ",`" + refund + ",`0.00,`" + (state == "SUCCESS" ? "" : "ORIGINAL") + ",`" + status +
                ",`咖啡,`,`0.00000,`0.60%,`" + (state == "SUCCESS" ? amount : "0.00") + ",`" + refund + ",`";
            string bill = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n" +
                string.Join("\n",
                    Row("09:12:07", "T-0001000000000101", "4200000000202611170000000101", "SUCCESS", "42.50"),
                    Row("10:05:44", "T-0001000000000102", "4200000000202611170000000102", "SUCCESS", "18.80"),
                    Row("11:30:02", "T-0001000000000103", "4200000000202611170000000103", "SUCCESS", "36.00"),
                    Row("12:00:30", "T-0002000000000201", "4200000000202611170000000201", "SUCCESS", "120.00"),
                    Row("14:00:00", "T-0002000000000201", "4200000000202611170000000201", "REFUND", null, "50300000000000000000000201", "RF-201-1", "20.00", "SUCCESS"),
                    Row("15:00:00", "T-0002000000000201", "4200000000202611170000000201", "REFUND", null, "50300000000000000000000202", "WXPLATFORM-1", "10.00", "SUCCESS"),
                    Row("16:00:00", "T-0003000000000301", "4200000000202611170000000301", "SUCCESS", "9.90"),
                    Row("16:30:00", "T-0003000000000301", "4200000000202611170000000301", "REFUND", null, "50300000000000000000000301", "T-0003R1", "9.90", "PROCESSING")) +
                "\n总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n`8,`227.20,`39.90,`0.00,`0.00000,`227.20,`39.90\n";
            (var outcome, string? detail) = Server.BillReconciliation.Upload(new DateOnly(2026, 11, 17), Encoding.UTF8.GetBytes(bill));
            if (outcome != Terminal.MerchantServer.Reconciliation.BillLoadOutcome.Loaded)
            {
                throw new InvalidOperationException("the fixture's bill did not load: " + outcome + " " + detail);
            }
        }

        private void Pay(string terminal, long fee, string currency, long paidAt, string bank, string? order = null)
        {
            unique++;
            order ??= "T" + terminal.Replace("-", string.Empty) + unique.ToString("D6");
            string transaction = "42000000002026112" + unique.ToString("D11");
            Server.Store.StoreNotification(terminal, order + ":" + transaction, order, transaction, fee, fee, currency, "20261121120000", bank, "o" + unique,
                paidAt, "{\"n\":" + unique + "}", paidAt + 5);
        }

        /// <summary>Pages of the dashboard, for tests that look at all of them.</summary>
        public static readonly IReadOnlyList<string> Pages = new[] { "dashboard", "dashboard/notifications?day=", "dashboard/totals?from=2026-11-19&to=2026-11-21", "dashboard/risk", "dashboard/reconciliation?day=" + ReconciledDay };
    }
}

namespace Terminal.Dashboard.Tests
{
    /// <summary>One merchant server and one browser for every dashboard test (they run one at a time).</summary>
    [Xunit.CollectionDefinition("browser")]
    public sealed class BrowserCollection : Xunit.ICollectionFixture<DashboardFixture>
    {
    }
}
