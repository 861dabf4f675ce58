using nanoFramework.TestFramework;
using Terminal.Core.Net;

namespace Terminal.Tests.Net
{
    [TestClass]
    public class WifiPolicyTests
    {
        [TestMethod]
        public void Without_an_ssid_nothing_is_joined()
        {
            WifiPolicy policy = new WifiPolicy();
            Assert.AreEqual((int)LinkState.Stopped, (int)policy.State);
            Assert.AreEqual((int)LinkAction.Wait, (int)policy.Next(0, false, false, false, false));
            Assert.AreEqual((int)LinkState.NotConfigured, (int)policy.State);
        }

        [TestMethod]
        public void The_first_look_joins_at_once_and_a_success_is_online_once_the_clock_is_set()
        {
            WifiPolicy policy = new WifiPolicy();
            Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(0, true, false, false, false));
            Assert.AreEqual((int)LinkState.Connecting, (int)policy.State);
            policy.Joined(true, 3000, false);
            Assert.AreEqual((int)LinkState.WaitingForTime, (int)policy.State);
            Assert.AreEqual(1, policy.Joins);
            Assert.AreEqual((int)LinkAction.Wait, (int)policy.Next(5000, true, true, false, false), "joined by us: the helper already asked SNTP");
            Assert.AreEqual((int)LinkAction.Wait, (int)policy.Next(7000, true, true, true, false));
            Assert.AreEqual((int)LinkState.Online, (int)policy.State);
        }

        [TestMethod]
        public void Failed_joins_back_off_from_5_s_doubling_to_2_min_and_a_success_resets_it()
        {
            WifiPolicy policy = new WifiPolicy();
            long now = 0;
            long[] waits = new long[] { 5000, 10000, 20000, 40000, 80000, 120000, 120000 };
            for (int i = 0; i < waits.Length; i++)
            {
                Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(now, true, false, false, false), "join " + (i + 1).ToString());
                policy.Joined(false, now, false);
                Assert.AreEqual((int)LinkState.Offline, (int)policy.State);
                Assert.AreEqual(now + waits[i], policy.NextJoinMs);
                Assert.AreEqual((int)LinkAction.Wait, (int)policy.Next(now + waits[i] - 1, true, false, false, false), "no join before the back-off ends");
                now += waits[i];
            }

            Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(now, true, false, false, false));
            policy.Joined(true, now, true);
            Assert.AreEqual(0, policy.Failures);
            Assert.AreEqual((int)LinkState.Online, (int)policy.State);

            // Lost again later: the back-off starts from 5 s again.
            Assert.AreEqual((int)LinkAction.Dropped, (int)policy.Next(now + 1000, true, false, true, false));
            Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(now + 6000, true, false, true, false));
            policy.Joined(false, now + 6000, true);
            Assert.AreEqual(now + 11000, policy.NextJoinMs);
        }

        [TestMethod]
        public void A_lost_link_gives_the_driver_5_s_to_reconnect_alone_then_the_time_is_refreshed()
        {
            WifiPolicy policy = new WifiPolicy();
            policy.Next(0, true, false, false, false);
            policy.Joined(true, 0, true);
            Assert.AreEqual((int)LinkAction.Dropped, (int)policy.Next(10000, true, false, true, false));
            Assert.AreEqual((int)LinkState.Offline, (int)policy.State);
            Assert.AreEqual((int)LinkAction.Wait, (int)policy.Next(12000, true, false, true, false));
            Assert.AreEqual((int)LinkAction.RefreshTime, (int)policy.Next(14000, true, true, true, false), "the driver reconnected by itself");
            Assert.AreEqual((int)LinkState.Online, (int)policy.State);
            Assert.AreEqual((int)LinkAction.Wait, (int)policy.Next(16000, true, true, true, false), "refreshed once");
        }

        [TestMethod]
        public void The_driver_not_back_after_5_s_means_a_join()
        {
            WifiPolicy policy = new WifiPolicy();
            policy.Next(0, true, false, false, false);
            policy.Joined(true, 0, true);
            policy.Next(10000, true, false, true, false);
            Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(15000, true, false, true, false));
            Assert.AreEqual((int)LinkState.Offline, (int)policy.State, "stays offline while re-joining");
        }

        [TestMethod]
        public void New_credentials_join_at_once_even_when_the_link_is_up_or_backing_off()
        {
            WifiPolicy policy = new WifiPolicy();
            policy.Next(0, true, false, false, false);
            policy.Joined(true, 0, true);
            Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(1000, true, true, true, true));
            Assert.AreEqual((int)LinkState.Connecting, (int)policy.State, "a change of network is not a lost link");
            policy.Joined(false, 1000, true);
            Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(1500, true, false, true, true), "forced through the back-off");
        }

        [TestMethod]
        public void The_ssid_removed_stops_joining_and_resets_the_back_off()
        {
            WifiPolicy policy = new WifiPolicy();
            policy.Next(0, true, false, false, false);
            policy.Joined(false, 0, false);
            Assert.AreEqual((int)LinkAction.Wait, (int)policy.Next(100, false, false, false, false));
            Assert.AreEqual((int)LinkState.NotConfigured, (int)policy.State);
            Assert.AreEqual((int)LinkAction.Join, (int)policy.Next(200, true, false, false, true));
        }

        [TestMethod]
        [DataRow(1, "WiFi not configured")]
        [DataRow(2, "WiFi connecting shop-ap")]
        [DataRow(3, "WiFi 192.168.1.23 no time")]
        [DataRow(4, "WiFi 192.168.1.23 time ok")]
        [DataRow(5, "WiFi offline")]
        [DataRow(0, "WiFi off")]
        public void Each_state_reads_by_name(int state, string line)
        {
            Assert.AreEqual(line, WifiPolicy.Describe((LinkState)state, "shop-ap", "192.168.1.23", state == 4));
        }
    }
}
