using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Terminal.Simulator.Sim;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// Issue 13 item 9 / issue 11 item 10 in the simulator: it prints the merchant dashboard's
    /// address, the same at every start, and the admin token (the token itself only the first
    /// time, afterwards where it is kept), and the admin endpoints work with that token.
    /// </summary>
    public sealed class SimulatorDashboardTests : IDisposable
    {
        private readonly string data = TestRigs.TempFolder("sim-dashboard");

        public void Dispose() => TestRigs.DeleteFolder(data);

        private Rig Start()
        {
            RigOptions options = TestRigs.InProcess("sim-dashboard", new VirtualClock());
            options.DataFolder = data; // one folder for every start: the dashboard's database outlives a reboot
            return Rig.Start(options);
        }

        [Fact]
        public void The_dashboard_keeps_its_address_across_restarts_and_the_token_is_shown_once()
        {
            string first;
            string token;
            using (Rig rig = Start())
            {
                string[] lines = SimulateCommand.ServiceLines(rig).ToArray();
                first = lines.Single(l => l.StartsWith("Merchant dashboard: ", StringComparison.Ordinal));
                Assert.Equal("Merchant dashboard: http://127.0.0.1:" + rig.Merchant.Port + "/dashboard", first);
                token = File.ReadAllText(Path.Combine(data, "merchant", "admin-token")).Trim();
                Assert.Contains(lines, l => l.Contains(token, StringComparison.Ordinal));

                using var http = new HttpClient();
                var request = new HttpRequestMessage(HttpMethod.Get, rig.Merchant.BaseAddress + "admin/terminals/" + Rig.SandboxTerminalId);
                Assert.Equal(HttpStatusCode.Unauthorized, http.Send(request).StatusCode);
                request = new HttpRequestMessage(HttpMethod.Get, rig.Merchant.BaseAddress + "admin/terminals/" + Rig.SandboxTerminalId);
                request.Headers.Add("X-Admin-Token", token);
                Assert.Equal(HttpStatusCode.OK, http.Send(request).StatusCode);
            }

            using (Rig again = Start())
            {
                string[] lines = SimulateCommand.ServiceLines(again).ToArray();
                Assert.Contains(first, lines);
                Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal));
                Assert.Contains(lines, l => l.Contains(Path.Combine(data, "merchant", "admin-token"), StringComparison.Ordinal));
                Assert.False(again.MerchantPortChanged);
            }
        }

        [Fact]
        public void When_the_kept_port_is_taken_the_dashboard_moves_says_so_and_keeps_the_new_one()
        {
            int kept;
            using (Rig rig = Start())
            {
                kept = rig.Merchant.Port;
            }

            var squatter = new TcpListener(IPAddress.Loopback, kept);
            squatter.Start();
            int moved;
            try
            {
                using Rig rig = Start();
                moved = rig.Merchant.Port;
                Assert.NotEqual(kept, moved);
                Assert.True(rig.MerchantPortChanged);
                Assert.Contains(SimulateCommand.ServiceLines(rig), l => l.Contains("moved", StringComparison.Ordinal));
            }
            finally
            {
                squatter.Stop();
            }

            using Rig later = Start();
            Assert.Equal(moved, later.Merchant.Port);
        }
    }
}
