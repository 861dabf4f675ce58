using System;
using System.IO;
using Terminal.Sandbox;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// The power cut rehearsed with the real program, as docs/storage.md tells a technician to:
    /// `terminal simulate --data DIR`, a sale whose customer is still entering the password, the
    /// process killed (SIGKILL: nothing in memory survives, the terminal's flash folder and the
    /// built-in sandbox's ledger do), then the simulator started again on the same folder. Real
    /// time, real TLS to the sandbox: about 15-25 s.
    /// </summary>
    public sealed class PowerCutRehearsalTests : IDisposable
    {
        private readonly string data = Path.Combine(Path.GetTempPath(), "terminal-cut-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public void A_simulator_killed_during_the_password_wait_recovers_the_paid_sale_when_started_again()
        {
            // The customer confirms the payment 8 s after the micropay: after the kill, before recovery ends.
            string code = Scenario.Code(ScenarioKind.PaidAfter, 8, DateTime.UtcNow.Ticks);
            using (SimulatorProcess first = SimulatorProcess.Start(data))
            {
                first.Send("key 42 enter enter");
                first.Send("scan " + code);
                first.WaitFor("screen Password:", TimeSpan.FromSeconds(60));
                first.Kill();
            }

            string ledger = Path.Combine(data, "sandbox", SandboxServer.LedgerFileName);
            SandboxOrder order = Assert.Single(WeChatSandbox.ReadLedger(ledger));
            Assert.Equal(code, order.AuthCode);
            Assert.Equal(4200, order.TotalFee);
            Assert.Single(Directory.GetFiles(Path.Combine(data, "flash", "journal")));

            string output;
            using (SimulatorProcess second = SimulatorProcess.Start(data))
            {
                second.Send("console status");
                second.Send("console tx");
                second.Send("console unresolved");
                second.Send("quit");
                output = second.WaitForExit(TimeSpan.FromSeconds(120));
            }

            Assert.Contains("recovery at boot: 1 unfinished order(s): 1 paid, 0 nothing charged, 0 still unresolved", output);
            Assert.Contains("screen Recovered: [Unfinished sales] | PAID 1", output);
            Assert.Contains(order.OutTradeNo + " 42.00 CNY Paid Recovered wx " + order.TransactionId, output);
            Assert.Contains("no unresolved orders", output);
            Assert.Empty(Directory.GetFiles(Path.Combine(data, "flash", "journal")));
            SandboxOrder settled = Assert.Single(WeChatSandbox.ReadLedger(ledger));
            Assert.Equal("SUCCESS", settled.State);
            Assert.Equal(4200, settled.NetCharged);
        }
    }
}
