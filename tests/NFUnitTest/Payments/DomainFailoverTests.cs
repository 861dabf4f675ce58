using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Tests.Support;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Payments
{
    [TestClass]
    public class DomainFailoverTests
    {
        private static ConnectionException Timeout()
        {
            ConnectionException ex = new ConnectionException(ConnectionStage.Connect, "timed out");
            ex.TimedOut = true;
            return ex;
        }

        [TestMethod]
        public void Three_connect_timeouts_or_dns_errors_switch_to_the_backup()
        {
            VirtualClock clock = new VirtualClock();
            DomainFailover failover = new DomainFailover("api", "api2", clock);
            failover.ReportFailure("api", Timeout());
            failover.ReportFailure("api", new ConnectionException(ConnectionStage.Dns, "no name"));
            Assert.AreEqual("api", failover.Current);
            failover.ReportFailure("api", Timeout());
            Assert.AreEqual("api2", failover.Current);
        }

        [TestMethod]
        public void Failures_after_sending_and_refused_connections_do_not_count()
        {
            VirtualClock clock = new VirtualClock();
            DomainFailover failover = new DomainFailover("api", "api2", clock);
            for (int i = 0; i < 5; i++)
            {
                failover.ReportFailure("api", new ConnectionException(ConnectionStage.Receive, "reset"));
                failover.ReportFailure("api", new ConnectionException(ConnectionStage.Connect, "refused"));
                failover.ReportFailure("api", new ConnectionException(ConnectionStage.Handshake, "bad cert"));
            }

            Assert.AreEqual("api", failover.Current);
        }

        [TestMethod]
        public void Two_consecutive_successes_clear_the_count()
        {
            VirtualClock clock = new VirtualClock();
            DomainFailover failover = new DomainFailover("api", "api2", clock);
            failover.ReportFailure("api", Timeout());
            failover.ReportFailure("api", Timeout());
            failover.ReportSuccess("api");
            failover.ReportFailure("api", Timeout());
            Assert.AreEqual("api2", failover.Current, "one success does not clear");

            DomainFailover cleared = new DomainFailover("api", "api2", clock);
            cleared.ReportFailure("api", Timeout());
            cleared.ReportFailure("api", Timeout());
            cleared.ReportSuccess("api");
            cleared.ReportSuccess("api");
            cleared.ReportFailure("api", Timeout());
            cleared.ReportFailure("api", Timeout());
            Assert.AreEqual("api", cleared.Current);
        }

        [TestMethod]
        public void The_backup_returns_to_the_primary_after_three_minutes()
        {
            VirtualClock clock = new VirtualClock();
            DomainFailover failover = new DomainFailover("api", "api2", clock);
            for (int i = 0; i < 3; i++)
            {
                failover.ReportFailure("api", Timeout());
            }

            clock.Advance(179999);
            Assert.AreEqual("api2", failover.Current);
            clock.Advance(1);
            Assert.AreEqual("api", failover.Current);
            Assert.AreEqual(2, failover.Switches);
        }
    }
}
