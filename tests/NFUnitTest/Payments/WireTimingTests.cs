using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// WeChat's timing rules measured where WeChat measures them: at the arrival of each request
    /// (<see cref="WireWeChat"/> records the virtual time every request reaches it), over the
    /// production gateway and HTTP client, with connections that take seconds to open.
    /// </summary>
    [TestClass]
    public class WireTimingTests
    {
        [TestMethod]
        public void The_15_s_reverse_rule_counts_from_the_moment_the_micropay_reached_WeChat()
        {
            // A cold first connection (DNS + TCP + TLS) of 4 s, later ones 0.3 s: the reverse
            // rule must not be counted from before the micropay's connect.
            WireRig rig = new WireRig();
            rig.WeChat.FirstOpenMs = 4000;
            rig.WeChat.OpenMs = 300;
            rig.Engine.Listener = new CancelOnWait(rig.Engine);
            PaymentResult result = rig.Pay(1234);

            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
            WireCall micropay = rig.WeChat.Find(Endpoints.MicropayPath, false);
            WireCall reverse = rig.WeChat.Find(Endpoints.ReversePath, false);
            Assert.IsNotNull(reverse, "the cancelled sale is reversed");
            long gap = reverse.AtMs - micropay.AtMs;
            OutputHelper.WriteLine("reverse reached WeChat " + gap + " ms after the micropay");
            Assert.IsTrue(gap >= PaymentConfig.MinReverseDelayMs, "reverse " + gap + " ms after the micropay arrived");
            Assert.IsTrue(gap <= PaymentConfig.MinReverseDelayMs + 1000, "and not much later: " + gap + " ms");
        }

        [TestMethod]
        public void The_query_deadline_counts_from_the_moment_the_micropay_reached_WeChat()
        {
            WireRig rig = new WireRig();
            rig.WeChat.FirstOpenMs = 4000;
            PaymentResult result = rig.Pay(1234);

            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
            WireCall micropay = rig.WeChat.Find(Endpoints.MicropayPath, false);
            WireCall reverse = rig.WeChat.Find(Endpoints.ReversePath, false);
            long lastQuery = -1;
            for (int i = 0; i < rig.WeChat.Calls.Count; i++)
            {
                WireCall call = rig.WeChat.Call(i);
                if (call.Path == Endpoints.OrderQueryPath && call.AtMs < reverse.AtMs)
                {
                    lastQuery = call.AtMs;
                }
            }

            long last = lastQuery - micropay.AtMs;
            OutputHelper.WriteLine("last query " + last + " ms after the micropay, reverse after " + (reverse.AtMs - micropay.AtMs) + " ms");
            Assert.IsTrue(last >= rig.Config.DeadlineMs, "the last look comes at the full 30 s deadline, not " + last + " ms");
            Assert.IsTrue(last <= rig.Config.DeadlineMs + rig.WeChat.OpenMs, "and no later: " + last + " ms");
        }

        [TestMethod]
        public void A_trickled_answer_is_cut_at_the_read_time_out_and_the_deadline_holds()
        {
            // The micropay answer arrives one byte every 700 ms (each read well under the 10 s
            // read time-out): the whole answer must still be in within the time-out.
            WireRig rig = new WireRig();
            rig.WeChat.TrickleNext = 1;
            rig.WeChat.TrickleMs = 700;
            PaymentResult result = rig.Pay(1234);

            WireCall micropay = rig.WeChat.Find(Endpoints.MicropayPath, false);
            WireCall firstQuery = rig.WeChat.Find(Endpoints.OrderQueryPath, false);
            WireCall reverse = rig.WeChat.Find(Endpoints.ReversePath, false);
            Assert.IsNotNull(firstQuery, "the unanswered micropay is queried");
            Assert.IsNotNull(reverse, "and reversed at the deadline");
            long waited = firstQuery.AtMs - micropay.AtMs;
            OutputHelper.WriteLine("first query " + waited + " ms after the micropay; reverse after " + (reverse.AtMs - micropay.AtMs) + " ms; " + rig.WeChat.TrickledBytes + " bytes of the trickled answer read");
            Assert.IsTrue(waited <= rig.Config.ReadTimeoutMs + rig.Config.PollIntervalMs + 1000, "the trickled answer held the sale for " + waited + " ms");
            Assert.IsTrue(reverse.AtMs - micropay.AtMs <= rig.Config.DeadlineMs + rig.Config.ReadTimeoutMs, "reverse only " + (reverse.AtMs - micropay.AtMs) + " ms after the micropay");
            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
        }

        [TestMethod]
        public void Cancel_interrupts_the_wait_for_a_trickled_answer()
        {
            WireRig rig = new WireRig();
            rig.WeChat.TrickleNext = 1;
            rig.WeChat.TrickleMs = 700;
            rig.WeChat.CancelEngine = rig.Engine;
            rig.WeChat.CancelAtMs = rig.Clock.MonotonicMs + rig.WeChat.FirstOpenMs + 2000; // 2 s into the answer
            PaymentResult result = rig.Pay(1234);

            WireCall micropay = rig.WeChat.Find(Endpoints.MicropayPath, false);
            WireCall reverse = rig.WeChat.Find(Endpoints.ReversePath, false);
            Assert.AreEqual((int)SaleStatus.Cancelled, (int)result.Status, result.Detail);
            Assert.IsTrue(result.CashierCancelled);
            Assert.IsNotNull(reverse);
            long gap = reverse.AtMs - micropay.AtMs;
            OutputHelper.WriteLine("cancel at 2 s; reverse " + gap + " ms after the micropay; " + rig.WeChat.TrickledBytes + " bytes of the trickled answer read");
            Assert.IsTrue(gap >= PaymentConfig.MinReverseDelayMs, "never within 15 s: " + gap);
            Assert.IsTrue(gap <= PaymentConfig.MinReverseDelayMs + 1000, "cancel stopped the wait: reverse " + gap + " ms after the micropay");
            Assert.AreEqual(0, rig.WeChat.Count(Endpoints.OrderQueryPath, null), "a cancelled sale goes straight to reverse");
            Assert.IsTrue(rig.WeChat.TrickledBytes <= 3, "no byte read after the cancel: " + rig.WeChat.TrickledBytes);
        }
    }
}
