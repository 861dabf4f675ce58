using System.Net.Http;
using Terminal.Core.Outbox;
using Terminal.MerchantServer;
using Terminal.Tests.Outbox;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Outbox.Tests
{
    /// <summary>Issue 5, "Done when" #3: the surge rule suspends, an admin resumes, both survive terminal reboots.</summary>
    public class RiskControlEndToEndTests
    {
        [Fact]
        public void A_surge_suspends_the_terminal_and_a_resume_lifts_it_end_to_end_across_reboots()
        {
            string folder = Harness.TempFolder();
            MerchantServerOptions serverOptions = Harness.ServerOptions(folder);
            serverOptions.SurgeCount = 5;
            serverOptions.SurgeWindowSeconds = 600;
            MerchantServer.MerchantServer server = MerchantServer.MerchantServer.Start(serverOptions);
            int port = server.Port;
            var flash = new MemoryFileStore();
            var terminal = new TestTerminal(flash, port, Harness.FastTerminalOptions(), new Terminal.Pc.SystemClock());
            try
            {
                for (int i = 0; i < 5; i++)
                {
                    Assert.Null(terminal.Outbox.SaleRefusal());
                    Assert.True(terminal.Outbox.Enqueue(OutboxFixtures.Payment(i)).Committed);
                    terminal.DrainByStepping();
                }

                Assert.Equal(0, terminal.Outbox.Store.Depth);
                Assert.True(server.Store.State(Harness.TerminalId)!.Suspended);
                OutboxStatus status = terminal.Outbox.Status();
                Assert.True(status.Suspended);
                Assert.Equal("surge: 5 payments in 10 min", status.SuspendReason);
                Assert.Equal("Sales suspended by the merchant: surge: 5 payments in 10 min", terminal.Outbox.SaleRefusal());

                // Reboot while the merchant server is down: the suspension and its reason come from flash.
                server.Dispose();
                terminal.PowerOff();
                terminal.Boot();
                Assert.Equal("Sales suspended by the merchant: surge: 5 payments in 10 min", terminal.Outbox.SaleRefusal());
                Assert.True(terminal.Outbox.Forwarder.Step() > 0, "poll fails: unreachable");
                Assert.True(terminal.Outbox.Status().Suspended, "an unreachable server changes nothing");

                // The merchant resumes the terminal; the control poll (empty outbox) brings the news.
                server = MerchantServer.MerchantServer.Start(Harness.ServerOptions(folder, port).With(o => { o.SurgeCount = 5; }));
                using (var http = new HttpClient())
                {
                    var resume = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress + "admin/terminals/" + Harness.TerminalId + "/resume");
                    resume.Headers.Add("X-Admin-Token", server.Admin.Value);
                    HttpResponseMessage r = http.Send(resume);
                    Assert.Equal(200, (int)r.StatusCode);
                }

                terminal.Outbox.RetryNow();
                terminal.Outbox.Forwarder.Step();
                Assert.Null(terminal.Outbox.SaleRefusal());
                Assert.False(terminal.Outbox.Status().Suspended);

                terminal.PowerOff();
                terminal.Boot();
                Assert.Null(terminal.Outbox.SaleRefusal());

                // Payments before the resume no longer count towards the surge.
                Assert.True(terminal.Outbox.Enqueue(OutboxFixtures.Payment(10)).Committed);
                terminal.DrainByStepping();
                Assert.False(terminal.Outbox.Status().Suspended);
                Assert.False(server.Store.State(Harness.TerminalId)!.Suspended);
            }
            finally
            {
                terminal.PowerOff();
                server.Dispose();
            }
        }

        [Fact]
        public void A_local_velocity_lock_is_reported_to_the_merchant_in_the_control_poll()
        {
            string folder = Harness.TempFolder();
            using MerchantServer.MerchantServer server = MerchantServer.MerchantServer.Start(Harness.ServerOptions(folder));
            OutboxOptions options = Harness.FastTerminalOptions();
            options.VelocityMaxCount = 3;
            var terminal = new TestTerminal(new MemoryFileStore(), server.Port, options, new Terminal.Pc.SystemClock());
            try
            {
                server.Dispose(); // unreachable: the local guard is the first line of defence
                for (int i = 0; i < 3; i++)
                {
                    terminal.Outbox.Enqueue(OutboxFixtures.Payment(i));
                }

                Assert.StartsWith("Sales locked by the velocity guard (3 payments in 10 min)", terminal.Outbox.SaleRefusal());
                terminal.PowerOff();
                terminal.Boot();
                Assert.True(terminal.Outbox.Status().VelocityLocked, "persisted");

                using MerchantServer.MerchantServer again = MerchantServer.MerchantServer.Start(Harness.ServerOptions(folder, terminal.Port));
                terminal.DrainByStepping();
                terminal.Outbox.RetryNow();
                terminal.Outbox.Forwarder.Step();
                TerminalState state = again.Store.State(Harness.TerminalId)!;
                Assert.True(state.ReportedVelocityLock);
                Assert.Equal("3 payments in 10 min", state.ReportedVelocityReason);
                Assert.Equal(3, again.Store.Notifications(Harness.TerminalId).Count);
            }
            finally
            {
                terminal.PowerOff();
            }
        }
    }

    internal static class OptionsExtensions
    {
        public static MerchantServerOptions With(this MerchantServerOptions options, System.Action<MerchantServerOptions> change)
        {
            change(options);
            return options;
        }
    }
}
