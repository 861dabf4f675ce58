using System;
using System.Diagnostics;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using Terminal.Core.Ui;
using Terminal.Sandbox;
using Terminal.Simulator.Sim;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// One round trip from scan to answer, measured in the simulator on real time: the terminal
    /// (TerminalApp on PC adapters, sales on their own thread as on the device) talks TLS to the
    /// WeChat sandbox on loopback, and every TLS connection takes 2 s longer to open (an ESP32's
    /// handshake). Keying the amount warms the connection in the background, so a password-free
    /// sale's scan → Paid is one request round trip plus the sandbox's processing; with warming
    /// switched off the same sale waits for the handshake. Figures in docs/performance.md.
    /// </summary>
    public sealed class WarmConnectionSimulatorTests : IDisposable
    {
        private const int HandshakeDelayMs = 2000;
        private static long unique = 91000;
        private readonly Rig rig;
        private readonly ITestOutputHelper output;

        public WarmConnectionSimulatorTests(ITestOutputHelper output)
        {
            this.output = output;
            RigOptions options = TestRigs.OverHttps("warm");
            options.HandshakeDelayMs = HandshakeDelayMs;
            rig = Rig.Start(options);
        }

        public void Dispose() => TestRigs.Stop(rig);

        private void Keys(string keys)
        {
            foreach (char c in keys)
            {
                rig.App.OnKey(c == 'E' ? Key.Enter : Terminal.Core.Ui.Keys.FromDigit(c - '0'));
            }
        }

        /// <summary>Keys the amount, gives the cashier <paramref name="cashierMs"/>, scans; returns scan → Paid in ms.</summary>
        private long Sale(int cashierMs, int opensBeforeScan)
        {
            Keys("1234");
            Thread.Sleep(cashierMs);

            // On a loaded machine the warm-up's TLS handshake can outlast the cashier's keying;
            // the measurement is of a connection the warm-up finished (a slower handshake would
            // only move the wait from before the scan to after it).
            var warmUp = Stopwatch.StartNew();
            while (rig.WeChatConnector.Opens < opensBeforeScan && warmUp.ElapsedMilliseconds < 20000)
            {
                Thread.Sleep(5);
            }

            Keys("EE");
            Assert.Equal(ScreenId.Scan, rig.App.Ui.Current);
            byte[] code = Encoding.ASCII.GetBytes(Scenario.Code(ScenarioKind.PasswordFree, 0, Interlocked.Increment(ref unique)) + "\r");
            var watch = Stopwatch.StartNew();
            rig.App.OnScannerBytes(code, 0, code.Length);
            while (rig.App.Ui.Current != ScreenId.Paid && watch.ElapsedMilliseconds < 30000)
            {
                Assert.NotEqual(ScreenId.Failed, rig.App.Ui.Current);
                Thread.Sleep(2);
            }

            long elapsed = watch.ElapsedMilliseconds;
            Assert.Equal(ScreenId.Paid, rig.App.Ui.Current);
            Keys("E"); // back to the amount screen
            return elapsed;
        }

        [Fact]
        public void A_password_free_sale_costs_one_round_trip_from_scan_to_paid_not_the_handshake()
        {
            // A first sale, not measured: the in-process sandbox's first request (JIT, ASP.NET
            // start-up) costs seconds on a loaded machine, and that is not the terminal's time.
            Sale(2500, 1);
            rig.HttpsGateway.Close();
            int primed = rig.WeChatConnector.Opens;

            // Warm: the cashier takes 2.5 s to key and confirm; the handshake runs meanwhile.
            long warm = Sale(2500, primed + 1);
            int warmOpens = rig.WeChatConnector.Opens - primed;

            // Cold: the same sale with warming off and no connection left open.
            rig.PaymentConfig.WarmConnection = false;
            rig.HttpsGateway.Close();
            long cold = Sale(2500, 0);
            int coldOpens = rig.WeChatConnector.Opens - primed - warmOpens;

            output.WriteLine($"scan -> Paid with a {HandshakeDelayMs} ms handshake over {rig.WeChatTls.LastProtocol}: warm connection {warm} ms, cold {cold} ms");

            // TLS 1.3, whose post-handshake session tickets arrive on the warmed connection before
            // any request (they once made it look stale: docs/protocol.md).
            Assert.Equal(SslProtocols.Tls13, rig.WeChatTls.LastProtocol);
            Assert.Equal(1, warmOpens);
            Assert.Equal(1, coldOpens);
            // The injected handshake is a 2 s sleep, finished before the scan (waited for above), so a
            // sale that opened or waited for a connection takes at least that long; anything below it is
            // a round trip on the warm connection, however loaded the machine (a bound of half the
            // handshake failed once at 1,161 ms on a CI machine shared with builds).
            Assert.True(warm < HandshakeDelayMs, $"warm sale took {warm} ms: the handshake was on the scan's path");
            Assert.True(cold >= HandshakeDelayMs, $"cold sale took {cold} ms, less than the handshake: the measurement is wrong");
        }
    }
}
