using Terminal.Core.App;
using Terminal.Core.Protocol;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.Core.Ui;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Technician
{
    /// <summary>
    /// Test-bench and CA settings (docs/console.md): wx_endpoint (LAN sandbox redirection),
    /// wx_ca and merchant_ca (CA certificates pasted with 'cert set'), and the bench marker on
    /// the amount screen and in 'status'.
    /// </summary>
    [TestClass]
    public class BenchSettingsTests
    {
        private const string Body = "MIIBszCCAVmgAwIBAgIUQWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU2Nzg5";
        private const string Pem = "-----BEGIN CERTIFICATE-----\n" + Body + "\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END CERTIFICATE-----\n";

        private static string Run(TerminalApp app, ScreenLog log, string line)
        {
            log.Take();
            byte[] b = Utf8.Encode(line + "\r\n");
            app.OnConsoleBytes(b, 0, b.Length);
            return log.Take();
        }

        private static TerminalApp LoggedIn(MemoryFileStore store, VirtualClock clock, ScreenLog log)
        {
            TerminalApp app = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            if (!app.Pin.IsSet)
            {
                Run(app, log, "pin set 246810");
            }

            Run(app, log, "login 246810");
            return app;
        }

        private static string PasteCert(TerminalApp app, ScreenLog log, string name)
        {
            string first = Run(app, log, "cert set " + name);
            Assert.Contains("paste the PEM certificate", first);
            string[] lines = Pem.Split(new char[] { '\n' });
            string last = string.Empty;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > 0)
                {
                    last = Run(app, log, lines[i]);
                }
            }

            return last;
        }

        [TestMethod]
        [DataRow("192.168.1.50:8443", "192.168.1.50", 8443)]
        [DataRow("10.0.0.1:1", "10.0.0.1", 1)]
        [DataRow("bench-pc.local:65535", "bench-pc.local", 65535)]
        [DataRow("sandbox:443", "sandbox", 443)]
        public void Endpoint_accepts_ipv4_or_host_and_a_port(string text, string host, int port)
        {
            string parsedHost;
            int parsedPort;
            Assert.IsNull(TerminalConfig.ParseEndpoint(text, out parsedHost, out parsedPort));
            Assert.AreEqual(host, parsedHost);
            Assert.AreEqual(port, parsedPort);
        }

        [TestMethod]
        [DataRow("192.168.1.50")]
        [DataRow(":8443")]
        [DataRow("192.168.1.50:")]
        [DataRow("192.168.1.50:0")]
        [DataRow("192.168.1.50:65536")]
        [DataRow("192.168.1.50:123456")]
        [DataRow("192.168.1.50:84a3")]
        [DataRow("192.168.1.50:-1")]
        [DataRow("https://192.168.1.50:8443")]
        [DataRow("[::1]:8443")]
        [DataRow("-bench:8443")]
        [DataRow("bench-:8443")]
        [DataRow("a..b:8443")]
        [DataRow("bench_pc:8443")]
        [DataRow("bench pc:8443")]
        [DataRow("")]
        public void Endpoint_refuses_anything_else(string text)
        {
            string host;
            int port;
            string error = TerminalConfig.ParseEndpoint(text, out host, out port);
            Assert.IsNotNull(error);
            Assert.Contains("IPv4-or-host:port", error);
            Assert.IsNull(host);
        }

        [TestMethod]
        public void Certificate_pem_rules()
        {
            Assert.IsNull(TerminalConfig.CheckCertificatePem(Pem));
            Assert.Contains("PEM certificate", TerminalConfig.CheckCertificatePem("-----BEGIN CERTIFICATE-----\n" + Body + "\n"));
            Assert.Contains("PEM certificate", TerminalConfig.CheckCertificatePem(Body));
            Assert.Contains("PEM certificate", TerminalConfig.CheckCertificatePem("-----END CERTIFICATE-----\n" + Body + "\n-----BEGIN CERTIFICATE-----\n"));
            Assert.Contains("private key", TerminalConfig.CheckCertificatePem("-----BEGIN PRIVATE KEY-----\n" + Body + "\n-----END PRIVATE KEY-----\n" + Pem));
            Assert.Contains("base64", TerminalConfig.CheckCertificatePem("-----BEGIN CERTIFICATE-----\n" + Body + "!\n-----END CERTIFICATE-----\n"));
            Assert.Contains("too short", TerminalConfig.CheckCertificatePem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
            Assert.Contains("empty", TerminalConfig.CheckCertificatePem(string.Empty));
            string huge = "-----BEGIN CERTIFICATE-----\n";
            while (huge.Length <= TerminalConfig.MaxCertPem)
            {
                huge += Body + "\n";
            }

            Assert.Contains("longer than 8192", TerminalConfig.CheckCertificatePem(huge + "-----END CERTIFICATE-----\n"));
        }

        [TestMethod]
        [DataRow("192.168.1.50")]
        [DataRow("192.168.1.50:70000")]
        [DataRow("bench_pc:8443")]
        public void Config_set_wx_endpoint_validates(string value)
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = LoggedIn(new MemoryFileStore(), new VirtualClock(), log);
            string answer = Run(app, log, "config set wx_endpoint " + value);
            Assert.StartsWith("error: wx_endpoint: ", answer);
            Assert.Contains("192.168.1.50:8443", answer);
            Assert.AreEqual(string.Empty, app.Config.Get("wx_endpoint"));
        }

        [TestMethod]
        public void Certificates_are_pasted_shown_cleared_and_kept_over_a_reboot()
        {
            ScreenLog log = new ScreenLog();
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalApp app = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            Run(app, log, "pin set 246810");
            Assert.StartsWith("error: this command needs the technician PIN", Run(app, log, "cert set wx_ca"));
            Run(app, log, "login 246810");
            Assert.Contains("is a certificate: use 'cert set wx_ca'", Run(app, log, "config set wx_ca x"));
            Assert.Contains("unknown certificate 'client_cert'", Run(app, log, "cert set client_cert"));
            Assert.Contains("usage: cert", Run(app, log, "cert set"));
            string done = PasteCert(app, log, "merchant_ca");
            Assert.Contains("merchant_ca set (", done);
            Assert.EndsWith("ok\r\n", done);
            Assert.AreEqual(Pem, app.Config.Cert("merchant_ca"));
            Assert.Contains("merchant_ca = PEM certificate, " + Pem.Length.ToString() + " characters  [cert]", Run(app, log, "config show"));
            Assert.Contains("wx_ca = (not set)  [cert]", Run(app, log, "config show"));
            string shown = Run(app, log, "cert show merchant_ca");
            Assert.Contains("-----BEGIN CERTIFICATE-----\r\n" + Body + "\r\n", shown);

            TerminalApp rebooted = LoggedIn(store, clock, log);
            Assert.AreEqual(Pem, rebooted.Config.Cert("merchant_ca"));
            Assert.Contains("merchant_ca cleared", Run(rebooted, log, "cert clear merchant_ca"));
            Assert.IsNull(rebooted.Config.Cert("merchant_ca"));
            Assert.IsNull(OfflineGateways.Boot(store, clock, log, new OfflineGateways()).Config.Cert("merchant_ca"));
        }

        [TestMethod]
        public void A_bad_certificate_paste_changes_nothing()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = LoggedIn(new MemoryFileStore(), new VirtualClock(), log);
            Run(app, log, "cert set wx_ca");
            Run(app, log, "-----BEGIN RSA PRIVATE KEY-----");
            Run(app, log, Body);
            string answer = Run(app, log, "-----END RSA PRIVATE KEY-----");
            Assert.StartsWith("error: wx_ca: ", answer);
            Assert.Contains("private key", answer);
            Assert.DoesNotContains(Body, answer);
            Assert.IsNull(app.Config.Cert("wx_ca"));
            Run(app, log, "cert set wx_ca");
            Assert.Contains("aborted; nothing changed", Run(app, log, "."));
            Assert.IsNull(app.Config.Cert("wx_ca"));
            Assert.EndsWith("ok\r\n", Run(app, log, "help")); // back to commands
        }

        [TestMethod]
        public void Without_wx_endpoint_there_is_no_bench_marker()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = OfflineGateways.Boot(new MemoryFileStore(), new VirtualClock(), log, new OfflineGateways());
            Assert.IsNull(app.BenchMarker);
            Assert.DoesNotContains("BENCH", Run(app, log, "status"));
            app.Ui.Refresh();
            Assert.DoesNotContains("BENCH", log.Last);
        }

        [TestMethod]
        public void Bench_mode_is_shown_on_the_amount_screen_and_in_status_after_reboot()
        {
            ScreenLog log = new ScreenLog();
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalApp app = LoggedIn(store, clock, log);
            string set = Run(app, log, "config set wx_endpoint 192.168.1.50:8443");
            Assert.Contains("wx_endpoint = 192.168.1.50:8443", set);
            Assert.Contains("after 'reboot'", set);

            TerminalApp half = LoggedIn(store, clock, log);
            string incomplete = Run(half, log, "status");
            Assert.Contains("BENCH: sandbox 192.168.1.50:8443 - INCOMPLETE: wx_ca not set", incomplete);
            Assert.IsFalse(half.BenchComplete);
            PasteCert(half, log, "wx_ca");

            TerminalApp bench = LoggedIn(store, clock, log);
            Assert.IsTrue(bench.BenchComplete);
            string status = Run(bench, log, "status");
            Assert.StartsWith("BENCH: sandbox 192.168.1.50:8443 - WeChat Pay requests go to the sandbox", status);
            bench.Ui.Refresh();
            Assert.StartsWith("Amount: [BENCH 192.168.1.50:8443]", log.Last);

            Run(bench, log, "config set language zh");
            Assert.StartsWith("Amount: [BENCH 192.168.1.50:8443]", log.Last);

            Run(bench, log, "config set wx_endpoint");
            TerminalApp production = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            Assert.IsNull(production.BenchMarker);
            production.Ui.Refresh();
            Assert.DoesNotContains("BENCH", log.Last);
        }

        [TestMethod]
        public void A_long_bench_marker_is_clipped_to_the_title_bar()
        {
            ScreenLog log = new ScreenLog();
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalApp app = LoggedIn(store, clock, log);
            Assert.EndsWith("ok\r\n", Run(app, log, "config set wx_endpoint bench-workstation.lab.example:8443"));
            TerminalApp bench = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            Screen screen = new Screen();
            bench.Ui.Refresh();
            Assert.StartsWith("Amount: [BENCH bench-workstation..]", log.Last);
            int open = log.Last.IndexOf('[');
            int close = log.Last.IndexOf(']');
            Assert.IsTrue(close - open - 1 <= Framebuffer.Width / Renderer.SmallAdvance);
            screen.Reset(ScreenId.Amount, Language.English);
            screen.Title = log.Last.Substring(open + 1, close - open - 1);
            Renderer renderer = new Renderer();
            renderer.Draw(screen, new Framebuffer());
            Assert.IsFalse(renderer.Overflow);
        }
    }
}
