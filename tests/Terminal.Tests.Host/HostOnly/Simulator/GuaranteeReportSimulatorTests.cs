using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using Terminal.Core.Payments;
using Terminal.Core.Store;
using Terminal.Core.Ui;
using Terminal.Sandbox;
using Terminal.Simulator.Sim;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// The 交易保障 report end to end (issue 14 item 6): the simulator's terminal (TerminalApp on PC
    /// adapters, sales on their own thread as on the device) with guarantee_report on sells against
    /// the WeChat sandbox over TLS — paid, refused, paid after the password, revoked — then the
    /// background pass's step sends the batch on the payments' connection, and the sandbox's record
    /// of it (<see cref="WeChatSandbox.Reports"/>, also GET /sandbox/reports) holds exactly the
    /// sales' order numbers and states.
    /// </summary>
    public sealed class GuaranteeReportSimulatorTests : IDisposable
    {
        private static long unique = 93000;
        private readonly Rig rig;

        public GuaranteeReportSimulatorTests()
        {
            rig = Rig.Start(TestRigs.OverHttps("payitil"));
        }

        public void Dispose() => TestRigs.Stop(rig);

        private void Keys(string keys)
        {
            foreach (char c in keys)
            {
                rig.App.OnKey(c == 'E' ? Key.Enter : Terminal.Core.Ui.Keys.FromDigit(c - '0'));
            }
        }

        /// <summary>Keys an amount, scans a sandbox code, waits for the outcome screen, returns to the amount screen; returns the order number.</summary>
        private string Sell(ScenarioKind kind, int n, ScreenId expected)
        {
            Keys("1234EE");
            Assert.Equal(ScreenId.Scan, rig.App.Ui.Current);
            byte[] code = Encoding.ASCII.GetBytes(Scenario.Code(kind, n, Interlocked.Increment(ref unique)) + "\r");
            rig.App.OnScannerBytes(code, 0, code.Length);
            var watch = Stopwatch.StartNew();
            while (rig.App.Ui.Current != expected && watch.ElapsedMilliseconds < 60000)
            {
                Thread.Sleep(5);
            }

            Assert.Equal(expected, rig.App.Ui.Current);
            while (rig.App.Ui.SaleRunning && watch.ElapsedMilliseconds < 60000)
            {
                Thread.Sleep(5);
            }

            HistoryRecord last = rig.App.History.Last(1).Single();
            Keys("E"); // back to the amount screen
            return last.OutTradeNo;
        }

        [Fact]
        public void The_sandbox_receives_the_sales_order_numbers_and_states()
        {
            Assert.Equal("off", rig.App.Config.Get("guarantee_report"));
            Assert.Null(rig.App.Config.Set("guarantee_report", "on"));
            rig.App.ApplyLiveSettings();
            rig.PaymentConfig.DeadlineMs = 5000; // the revoked sale: 5 s of password, then the reverse (15 s after the micropay)

            string paid = Sell(ScenarioKind.PasswordFree, 0, ScreenId.Paid);
            string refused = Sell(ScenarioKind.Fail, 3, ScreenId.Failed); // NOTENOUGH
            string password = Sell(ScenarioKind.PaidAfter, 1, ScreenId.Paid);
            string revoked = Sell(ScenarioKind.NeverPays, 0, ScreenId.Cancelled);
            Assert.Empty(rig.Sandbox.Reports); // nothing on a sale's path
            Assert.Equal(4, rig.App.Engine.Guarantee.Count);

            Assert.Equal(ReportPass.Delivered, rig.App.SendGuaranteeReport());
            Assert.Equal(0, rig.App.Engine.Guarantee.Count);

            SandboxReport report = Assert.Single(rig.Sandbox.Reports);
            Assert.Equal("batch", report.Form);
            Assert.Equal(WeChatSandbox.BatchReportUrl, report.InterfaceUrl);
            Assert.Equal(new[] { paid, refused, password, revoked }, report.Trades.Select(t => t.OutTradeNo).ToArray());
            Assert.Equal(new[] { "OK", "FAIL", "OK", "CANCLE" }, report.Trades.Select(t => t.State).ToArray());
            Assert.Equal("NOTENOUGH", report.Trades[1].ErrMsg);
            foreach (SandboxReportTrade t in report.Trades)
            {
                Assert.True(string.CompareOrdinal(t.BeginTime, t.EndTime) <= 0, t.BeginTime + " " + t.EndTime);
            }

            Assert.Equal(ReportPass.NothingToSend, rig.App.SendGuaranteeReport());
        }
    }
}
