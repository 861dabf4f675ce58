using Terminal.Core.App;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Technician
{
    /// <summary>
    /// The console's command table (issue 13 item 8): each command is one row (verb, usage, needs
    /// PIN, help, handler); 'help' prints the rows, and the PIN column is what the command does.
    /// </summary>
    [TestClass]
    public class ConsoleCommandTableTests
    {
        private static string Run(TerminalApp app, ScreenLog log, string line)
        {
            log.Take();
            byte[] b = Utf8.Encode(line + "\r\n");
            app.OnConsoleBytes(b, 0, b.Length);
            return log.Take();
        }

        private static TerminalApp WithPin(ScreenLog log)
        {
            TerminalApp app = OfflineGateways.Boot(new MemoryFileStore(), new VirtualClock(), log, new OfflineGateways());
            Run(app, log, "pin set 246810");
            return app;
        }

        [TestMethod]
        public void Help_prints_every_row_with_its_pin_mark()
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = WithPin(log);
            string help = Run(app, log, "help");
            string[] pin = TechConsole.Usages(true);
            string[] free = TechConsole.Usages(false);
            Assert.IsTrue(pin.Length >= 10);
            Assert.IsTrue(free.Length >= 10);
            for (int i = 0; i < pin.Length; i++)
            {
                int at = help.IndexOf("  " + pin[i] + " ");
                Assert.IsTrue(at >= 0, pin[i] + " missing from help");
                int end = help.IndexOf("\r\n", at);
                Assert.Contains("[PIN]", help.Substring(at, end - at));
            }

            for (int i = 0; i < free.Length; i++)
            {
                int at = help.IndexOf("  " + free[i] + " ");
                Assert.IsTrue(at >= 0, free[i] + " missing from help");
                int end = help.IndexOf("\r\n", at);
                Assert.DoesNotContains("[PIN]", help.Substring(at, end - at));
            }
        }

        [TestMethod]
        [DataRow("config set store_name Shop")]
        [DataRow("secret set api_key abcdefghijklmnopqrstuvwxyz012345")]
        [DataRow("secret set client_cert")]
        [DataRow("secret clear api_key")]
        [DataRow("cert set wx_ca")]
        [DataRow("cert clear wx_ca")]
        [DataRow("outbox retry 1")]
        [DataRow("outbox delete 1")]
        [DataRow("risk release")]
        [DataRow("resolve")]
        [DataRow("time set 2026-11-21T04:00:00Z")]
        [DataRow("reboot")]
        [DataRow("factory-reset confirm")]
        public void Pin_rows_refuse_without_a_session(string line)
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = WithPin(log);
            Assert.StartsWith("error: this command needs the technician PIN", Run(app, log, line));
        }

        [TestMethod]
        [DataRow("help", "ok\r\n")]
        [DataRow("?", "ok\r\n")]
        [DataRow("status", "ok\r\n")]
        [DataRow("config show", "ok\r\n")]
        [DataRow("config keys", "ok\r\n")]
        [DataRow("cert show wx_ca", "ok\r\n")]
        [DataRow("logout", "ok\r\n")]
        [DataRow("outbox", "ok\r\n")]
        [DataRow("outbox list", "ok\r\n")]
        [DataRow("outbox send", "ok\r\n")]
        [DataRow("tx", "ok\r\n")]
        [DataRow("unresolved", "ok\r\n")]
        [DataRow("time", "ok\r\n")]
        public void Free_rows_answer_without_a_session(string line, string ending)
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = WithPin(log);
            Assert.EndsWith(ending, Run(app, log, line));
        }

        [TestMethod]
        [DataRow("config set store_name Shop", "store_name = Shop")]
        [DataRow("risk release", "velocity lock released")]
        [DataRow("resolve", "resolved 0, still unresolved 0")]
        [DataRow("outbox retry 7", "error: no dead letter 7")]
        public void Pin_rows_run_in_a_session(string line, string expected)
        {
            ScreenLog log = new ScreenLog();
            TerminalApp app = WithPin(log);
            Run(app, log, "login 246810");
            Assert.Contains(expected, Run(app, log, line));
        }
    }
}
