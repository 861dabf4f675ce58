using Terminal.Core.App;
using Terminal.Core.Protocol;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.Core.Ui;
using Terminal.Tests.Support;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Ui
{
    [TestClass]
    public class TechConsoleTests
    {
        private const string ApiKey = "abcdefghijklmnopqrstuvwxyz012345";

        private static TerminalApp Fresh(ScreenLog log)
        {
            return OfflineGateways.Boot(new MemoryFileStore(), new VirtualClock(), log, new OfflineGateways());
        }

        private static string Run(TerminalApp app, ScreenLog log, string line)
        {
            log.Take();
            byte[] b = Utf8.Encode(line + "\r\n");
            app.OnConsoleBytes(b, 0, b.Length);
            return log.Take();
        }

        [TestMethod]
        public void Help_lists_every_command()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            string help = Run(app, log, "help");
            string[] commands = new string[] { "status", "config show", "config set", "secret set", "cert set", "cert show", "cert clear", "login", "pin set", "outbox list", "outbox retry", "outbox delete", "tx", "unresolved", "resolve", "selftest", "time", "reboot", "factory-reset" };
            for (int i = 0; i < commands.Length; i++)
            {
                Assert.Contains(commands[i], help);
            }

            Assert.EndsWith("ok\r\n", help);
        }

        [TestMethod]
        [DataRow("frobnicate", "error: unknown command 'frobnicate'")]
        [DataRow("config set currency XYZ", "error: no technician PIN is set yet")]
        [DataRow("config set", "error: usage: config set KEY VALUE")]
        [DataRow("config set api_key x", "error: 'api_key' is a secret")]
        [DataRow("tx 99", "error: usage: tx [N]")]
        [DataRow("outbox retry x", "error: usage: outbox retry SEQ")]
        [DataRow("time set yesterday", "error: time must be UTC")]
        [DataRow("factory-reset", "error: factory-reset forgets")]
        [DataRow("login 1234", "error: no technician PIN is set yet")]
        [DataRow("reboot", "error: no technician PIN is set yet")]
        [DataRow("pin set 12", "error: the PIN must be 4 to 12 digits")]
        public void Bad_commands_get_a_clear_error(string line, string expected)
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            Assert.StartsWith(expected, Run(app, log, line));
        }

        [TestMethod]
        public void Sensitive_commands_need_the_pin_and_secrets_are_never_echoed()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            Assert.EndsWith("ok\r\n", Run(app, log, "pin set 246810"));
            Assert.StartsWith("error: this command needs the technician PIN", Run(app, log, "secret set api_key " + ApiKey));
            Assert.EndsWith("ok\r\n", Run(app, log, "login 246810"));
            string set = Run(app, log, "secret set api_key " + ApiKey);
            Assert.Contains("api_key set (32 characters)", set);
            Assert.DoesNotContains(ApiKey, set);
            string bad = Run(app, log, "secret set api_key short");
            Assert.Contains("must be exactly 32", bad);
            Assert.DoesNotContains("short", bad);
            string show = Run(app, log, "config show");
            Assert.Contains("api_key = (set)  [secret]", show);
            Assert.DoesNotContains(ApiKey, show);
            Assert.DoesNotContains(ApiKey, Run(app, log, "status"));
            Assert.DoesNotContains("246810", log.Output + show + set);
        }

        [TestMethod]
        [DataRow("currency", "XYZ", "unsupported currency")]
        [DataRow("max_amount", "12.345", "at most 2 decimals")]
        [DataRow("mch_id", "12a", "digits only")]
        [DataRow("deadline_s", "60", "from 5 to 45")]
        [DataRow("merchant_url", "ftp://x", "must be https://")]
        [DataRow("spbill_ip", "1.2.3", "IPv4")]
        [DataRow("terminal_id", "T-1", "letters and digits")]
        [DataRow("language", "fr", "en or zh")]
        [DataRow("nosuch", "1", "unknown setting")]
        public void Config_set_validates(string key, string value, string error)
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            Run(app, log, "pin set 246810");
            Run(app, log, "login 246810");
            string answer = Run(app, log, "config set " + key + " " + value);
            Assert.StartsWith("error: ", answer);
            Assert.Contains(error, answer);
        }

        [TestMethod]
        public void Config_set_persists_and_applies_language_now()
        {
            ScreenLog log = new ScreenLog();
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalApp app = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            Run(app, log, "pin set 246810");
            Run(app, log, "login 246810");
            Assert.EndsWith("ok\r\n", Run(app, log, "config set store_name Corner Shop"));
            Assert.EndsWith("ok\r\n", Run(app, log, "config set language zh"));
            Assert.AreEqual((int)Language.Chinese, (int)app.Ui.Language);
            TerminalApp rebooted = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            Assert.AreEqual("Corner Shop", rebooted.Config.Get("store_name"));
            Assert.AreEqual((int)Language.Chinese, (int)rebooted.Ui.Language);
            Assert.IsTrue(rebooted.Pin.IsSet);
        }

        [TestMethod]
        public void Wrong_pins_lock_out_with_a_growing_delay_that_survives_reboot()
        {
            ScreenLog log = new ScreenLog();
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalApp app = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            Run(app, log, "pin set 246810");
            Assert.Contains("2 more before a lockout", Run(app, log, "login 1111"));
            Run(app, log, "login 1111");
            Assert.Contains("locked for 30 s", Run(app, log, "login 1111"));
            Assert.Contains("too many wrong PINs", Run(app, log, "login 246810"));
            clock.Advance(31000);
            Assert.Contains("locked for 60 s", Run(app, log, "login 2222"));
            TerminalApp rebooted = OfflineGateways.Boot(store, clock, log, new OfflineGateways());
            Assert.Contains("too many wrong PINs", Run(rebooted, log, "login 246810"));
            clock.Advance(61000);
            Assert.EndsWith("ok\r\n", Run(rebooted, log, "login 246810"));
            Assert.AreEqual(0, rebooted.Pin.Failures);
        }

        [TestMethod]
        [DataRow(3, 30000L)]
        [DataRow(4, 60000L)]
        [DataRow(5, 120000L)]
        [DataRow(30, 3600000L)]
        public void Lockout_doubles_up_to_an_hour(int failures, long ms)
        {
            Assert.AreEqual(ms, PinGuard.LockoutMs(failures));
        }

        [TestMethod]
        public void Pem_secret_is_collected_over_lines_and_not_echoed()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            Run(app, log, "pin set 246810");
            Run(app, log, "login 246810");
            Assert.IsFalse(app.Console.CollectingSecret);
            Assert.Contains("paste the PEM", Run(app, log, "secret set client_cert"));
            Assert.IsTrue(app.Console.CollectingSecret); // a host that shows typed lines hides these
            Assert.AreEqual(string.Empty, Run(app, log, "-----BEGIN CERTIFICATE-----"));
            Assert.AreEqual(string.Empty, Run(app, log, "MIIBszCCAVmgAwIBAgIUQ"));
            Assert.IsTrue(app.Console.CollectingSecret);
            string done = Run(app, log, "-----END CERTIFICATE-----");
            Assert.Contains("client_cert set", done);
            Assert.DoesNotContains("MIIB", done);
            Assert.IsTrue(app.Config.HasSecret("client_cert"));
            Assert.IsFalse(app.Console.CollectingSecret);
            Run(app, log, "secret set client_key");
            Assert.IsTrue(app.Console.CollectingSecret);
            Run(app, log, ".");
            Assert.IsFalse(app.Console.CollectingSecret); // aborted
        }

        [TestMethod]
        public void A_pasted_ca_certificate_is_no_secret()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            Run(app, log, "pin set 246810");
            Run(app, log, "login 246810");
            Assert.Contains("paste", Run(app, log, "cert set merchant_ca"));
            Assert.IsFalse(app.Console.CollectingSecret);
            Run(app, log, ".");
        }

        [TestMethod]
        public void Overlong_and_invalid_lines_are_discarded_with_an_error()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            byte[] longLine = new byte[700];
            for (int i = 0; i < longLine.Length; i++)
            {
                longLine[i] = (byte)'a';
            }

            app.OnConsoleBytes(longLine, 0, longLine.Length);
            app.OnConsoleBytes(new byte[] { 13 }, 0, 1);
            Assert.Contains("line longer than 512 bytes", log.Take());
            app.OnConsoleBytes(new byte[] { 0xC3, 0x28, 13, 10 }, 0, 4);
            Assert.Contains("not valid UTF-8", log.Take());
            app.OnConsoleBytes(Utf8.Encode("helq\bp\r"), 0, 7);
            Assert.EndsWith("ok\r\n", log.Take());
        }

        [TestMethod]
        public void Status_tx_unresolved_selftest_and_factory_reset()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = Fresh(log);
            string status = Run(app, log, "status");
            Assert.Contains("merchant: NOT configured: appid missing", status);
            Assert.Contains("outbox: 0 waiting", status);
            Assert.Contains("no sales yet", Run(app, log, "tx"));
            Assert.Contains("no unresolved orders", Run(app, log, "unresolved"));
            string selftest = Run(app, log, "selftest");
            Assert.Contains("flash write/read/delete: ok", selftest);
            Assert.Contains("md5: ok", selftest);
            Assert.Contains("hmac-sha256: ok", selftest);
            Assert.Contains("display font: ok", selftest);
            Assert.Contains("merchant configuration: FAIL appid missing", selftest);
            Run(app, log, "pin set 246810");
            Run(app, log, "login 246810");
            Run(app, log, "config set appid wx1234");
            string reset = Run(app, log, "factory-reset confirm");
            Assert.Contains("payment journal, outbox, refunds, sales history and Z reports kept", reset);
            Assert.IsFalse(app.Pin.IsSet);
            Assert.AreEqual(string.Empty, app.Config.Get("appid"));
            Assert.AreEqual(1, ((OfflineGateways)app.Ports.System).Reboots);
        }
    }
}
