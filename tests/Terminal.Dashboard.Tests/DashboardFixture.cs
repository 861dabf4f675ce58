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

        private readonly string userData;
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

            string shots = Environment.GetEnvironmentVariable("TERMINAL_DASHBOARD_SCREENSHOTS");
            ScreenshotFolder = string.IsNullOrEmpty(shots) ? Path.Combine(DataFolder, "screenshots") : Path.GetFullPath(shots);
            Directory.CreateDirectory(ScreenshotFolder);
        }

        public MerchantServer.MerchantServer Server { get; }

        public string DataFolder { get; }

        /// <summary>Why the browser tests cannot run (null: they can).</summary>
        public string BrowserMissing { get; }

        public IWebDriver Driver { get; }

        /// <summary>TERMINAL_DASHBOARD_SCREENSHOTS (docs/dashboard when refreshing the docs), else a temporary folder.</summary>
        public string ScreenshotFolder { get; }

        public string Url(string path) => new Uri(Server.BaseAddress, path.TrimStart('/')).ToString();

        public void Screenshot(string name)
        {
            ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(Path.Combine(ScreenshotFolder, name + ".png"));
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

        private static void TryDelete(string folder)
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
        }

        private void Pay(string terminal, long fee, string currency, long paidAt, string bank, string order = null)
        {
            unique++;
            order ??= "T" + terminal.Replace("-", string.Empty) + unique.ToString("D6");
            string transaction = "42000000002026112" + unique.ToString("D11");
            Server.Store.StoreNotification(terminal, order + ":" + transaction, order, transaction, fee, fee, currency, "20261121120000", bank, "o" + unique,
                paidAt, "{\"n\":" + unique + "}", paidAt + 5);
        }

        /// <summary>Pages of the dashboard, for tests that look at all of them.</summary>
        public static readonly IReadOnlyList<string> Pages = new[] { "dashboard", "dashboard/notifications?day=", "dashboard/totals?from=2026-11-19&to=2026-11-21", "dashboard/risk" };
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
