using nanoFramework.TestFramework;
using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// Counted limits hold at the wire: a request whose bytes may have reached WeChat is never
    /// sent again behind the engine's back, so WeChat sees exactly the calls the engine counts.
    /// </summary>
    [TestClass]
    public class WireLimitsTests
    {
        [TestMethod]
        public void A_request_lost_on_a_reused_connection_is_not_sent_again_by_the_gateway()
        {
            WireRig rig = new WireRig();
            byte[] body = System.Text.Encoding.UTF8.GetBytes("<xml><out_trade_no>T1000000000000001</out_trade_no></xml>");
            rig.Gateway.Post(Endpoints.ReversePath, body, null);
            rig.WeChat.FaultPath = Endpoints.ReversePath;
            rig.WeChat.DropAfterProcessing = 1;
            try
            {
                rig.Gateway.Post(Endpoints.ReversePath, body, null);
                Assert.IsTrue(false, "expected a ConnectionException");
            }
            catch (ConnectionException ex)
            {
                Assert.IsFalse(ex.NothingSent, "WeChat may have it: " + ex.Message);
            }

            Assert.AreEqual(2, rig.WeChat.Count(Endpoints.ReversePath, null), "WeChat received each reverse once");
        }

        [TestMethod]
        public void A_sale_never_makes_more_reverse_calls_than_its_limit()
        {
            // WeChat keeps answering recall=Y, and every reverse on a kept-alive connection is
            // processed but its answer lost.
            WireRig rig = new WireRig();
            rig.WeChat.RecallTimes = 1000;
            rig.WeChat.FaultPath = Endpoints.ReversePath;
            rig.WeChat.DropAfterProcessingOnReuse = true;
            PaymentResult result = rig.Pay(1234);

            int reverses = rig.WeChat.Count(Endpoints.ReversePath, null);
            OutputHelper.WriteLine(reverses + " reverse calls reached WeChat");
            Assert.AreEqual((int)SaleStatus.Unresolved, (int)result.Status, result.Detail);
            Assert.IsTrue(reverses <= rig.Config.ReverseTries, reverses + " reverse calls for a limit of " + rig.Config.ReverseTries);
        }
    }
}
