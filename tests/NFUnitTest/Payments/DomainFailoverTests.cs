using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Tests.Support;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Payments
{
    [TestClass]
    public class DomainFailoverTests
    {
        private static ConnectionException Failure(ConnectionStage stage, bool timedOut)
        {
            ConnectionException ex = new ConnectionException(stage, "scripted");
            ex.TimedOut = timedOut;
            return ex;
        }

        [TestMethod]
        [DataRow(0, false)] // DNS error
        [DataRow(1, false)] // connection refused
        [DataRow(1, true)] // connect time-out (black hole)
        [DataRow(2, true)] // handshake time-out
        public void A_network_failure_where_nothing_was_sent_moves_the_next_request_to_the_other_domain(int stage, bool timedOut)
        {
            DomainFailover failover = new DomainFailover("api", "api2", new VirtualClock());
            failover.ReportFailure("api", Failure((ConnectionStage)stage, timedOut));
            Assert.AreEqual("api2", failover.Current);
            Assert.AreEqual(1, failover.Switches);
        }

        [TestMethod]
        public void Failures_after_sending_refused_handshakes_and_interrupts_do_not_count()
        {
            DomainFailover failover = new DomainFailover("api", "api2", new VirtualClock());
            ConnectionException interrupted = Failure(ConnectionStage.Connect, false);
            interrupted.Interrupted = true;
            for (int i = 0; i < 5; i++)
            {
                failover.ReportFailure("api", Failure(ConnectionStage.Receive, true));
                failover.ReportFailure("api", Failure(ConnectionStage.Send, false));
                failover.ReportFailure("api", Failure(ConnectionStage.Handshake, false)); // certificate, clock, no client certificate
                failover.ReportFailure("api", interrupted);
            }

            Assert.AreEqual("api", failover.Current);
            Assert.AreEqual(0, failover.Switches);
        }

        [TestMethod]
        public void A_failure_of_a_request_pinned_to_the_other_host_does_not_count()
        {
            DomainFailover failover = new DomainFailover("api", "api2", new VirtualClock());
            failover.ReportFailure("api", Failure(ConnectionStage.Dns, false));
            failover.ReportFailure("api", Failure(ConnectionStage.Dns, false)); // a re-submit to where the micropay went
            Assert.AreEqual("api2", failover.Current);
        }

        [TestMethod]
        public void When_both_domains_fail_the_requests_alternate()
        {
            DomainFailover failover = new DomainFailover("api", "api2", new VirtualClock());
            failover.ReportFailure("api", Failure(ConnectionStage.Connect, true));
            failover.ReportFailure("api2", Failure(ConnectionStage.Connect, true));
            Assert.AreEqual("api", failover.Current);
            Assert.AreEqual(2, failover.Switches);
        }

        [TestMethod]
        public void The_backup_returns_to_the_primary_after_three_minutes()
        {
            VirtualClock clock = new VirtualClock();
            DomainFailover failover = new DomainFailover("api", "api2", clock);
            failover.ReportFailure("api", Failure(ConnectionStage.Connect, true));
            clock.Advance(DomainFailover.ReturnToPrimaryMs - 1);
            Assert.AreEqual("api2", failover.Current);
            clock.Advance(1);
            Assert.AreEqual("api", failover.Current);
            Assert.AreEqual(2, failover.Switches);
        }

        [TestMethod]
        public void Without_a_distinct_backup_nothing_changes()
        {
            DomainFailover failover = new DomainFailover("api", "api", new VirtualClock());
            failover.ReportFailure("api", Failure(ConnectionStage.Dns, false));
            Assert.AreEqual("api", failover.Current);
            Assert.AreEqual(0, failover.Switches);
        }
    }
}
