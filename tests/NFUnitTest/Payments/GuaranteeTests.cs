using nanoFramework.TestFramework;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// The 交易保障 report (issue 14 item 6) on the payment engine: off by default; one trade per
    /// Quick Pay sale at its final outcome, in a bounded RAM buffer; sent from the background only,
    /// delivered only on a return_code=SUCCESS answer, kept otherwise (bounded attempts), never
    /// while a sale is coming, and never in the way of the next sale.
    /// </summary>
    [TestClass]
    public class GuaranteeTests
    {
        private static GuaranteeLog held;

        private static SaleRig On()
        {
            SaleRig rig = new SaleRig();
            rig.Engine.Guarantee.Enabled = true;
            return rig;
        }

        private static string Pad(int value, int digits)
        {
            string text = value.ToString();
            while (text.Length < digits)
            {
                text = "0" + text;
            }

            return text;
        }

        private static ReportPass Send(SaleRig rig)
        {
            return rig.Engine.SendGuaranteeReport(rig.Engine.SaleIntents);
        }

        [TestMethod]
        public void Off_by_default_records_and_sends_nothing()
        {
            SaleRig rig = new SaleRig();
            Assert.IsFalse(rig.Engine.Guarantee.Enabled);
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(100).Status);
            Assert.AreEqual(0, rig.Engine.Guarantee.Count);
            Assert.AreEqual((int)ReportPass.NothingToSend, (int)Send(rig));
            Assert.AreEqual(0, rig.WeChat.Count(Endpoints.ReportPath));
        }

        [TestMethod]
        public void Paid_refused_and_revoked_sales_are_reported_as_OK_FAIL_and_CANCLE()
        {
            SaleRig rig = On();
            PaymentResult paid = rig.Pay(100);
            rig.WeChat.Answer(Endpoints.MicropayPath, rig.WeChat.Failure("AUTHCODEEXPIRE"));
            PaymentResult refused = rig.Pay(200);
            rig.WeChat.Customer(-1, 0);
            PaymentResult revoked = rig.Pay(300);
            Assert.AreEqual((int)SaleStatus.Paid, (int)paid.Status, paid.Detail);
            Assert.AreEqual((int)SaleStatus.Failed, (int)refused.Status, refused.Detail);
            Assert.AreEqual((int)SaleStatus.Cancelled, (int)revoked.Status, revoked.Detail);
            Assert.AreEqual(3, rig.Engine.Guarantee.Count);

            Assert.AreEqual((int)ReportPass.Delivered, (int)Send(rig));
            Assert.AreEqual(0, rig.Engine.Guarantee.Count);
            Assert.AreEqual(3, rig.Engine.Guarantee.Delivered);
            Assert.AreEqual(1, rig.WeChat.ReportedTrades.Count);
            Assert.AreEqual(GuaranteeReport.BatchInterfaceUrl, (string)rig.WeChat.ReportedInterfaceUrls[0]);
            string trades = (string)rig.WeChat.ReportedTrades[0];
            Assert.Contains("{\"out_trade_no\":\"" + paid.OutTradeNo + "\",", trades);
            Assert.Contains("\"state\":\"OK\",\"err_msg\":\"\"}", trades);
            Assert.Contains("\"state\":\"FAIL\",\"err_msg\":\"AUTHCODEEXPIRE\"}", trades);
            Assert.Contains("\"out_trade_no\":\"" + revoked.OutTradeNo + "\"", trades);
            Assert.Contains("\"state\":\"CANCLE\"", trades);
            Assert.IsTrue(trades.IndexOf("13456789") < 0, "never a payment code");
            Assert.IsNull(rig.Violation());
        }

        [TestMethod]
        public void Begin_is_the_scan_and_end_the_outcome_in_China_time()
        {
            SaleRig rig = On();
            rig.WeChat.Customer(12000, 0); // paid after 12 s of password
            PaymentResult paid = rig.Pay(100);
            Assert.AreEqual((int)SaleStatus.Paid, (int)paid.Status);
            Send(rig);
            string trades = (string)rig.WeChat.ReportedTrades[0];
            // VirtualClock starts at 2026-11-21 04:00:00 UTC = 12:00:00 China time, plus the rig's first second.
            Assert.Contains("\"begin_time\":\"20261121120001\"", trades);
            long end = Terminal.Core.Timing.LocalTime.UnixFromChinaTime(trades.Substring(trades.IndexOf("\"end_time\":\"") + 12, 14));
            long begin = Terminal.Core.Timing.LocalTime.UnixFromChinaTime("20261121120001");
            Assert.IsTrue(end - begin >= 12 && end - begin <= 20, (end - begin).ToString());
        }

        [TestMethod]
        public void An_unresolved_sale_is_reported_when_a_later_pass_settles_it()
        {
            SaleRig rig = On();
            rig.WeChat.Customer(-1, 0);
            rig.WeChat.Fault(Endpoints.ReversePath, WxFault.LostAnswer);
            rig.WeChat.Fault(Endpoints.ReversePath, WxFault.LostAnswer);
            rig.WeChat.Fault(Endpoints.ReversePath, WxFault.LostAnswer);
            rig.WeChat.Fault(Endpoints.OrderQueryPath, WxFault.LostAnswer);
            rig.Config.ReverseTries = 3;
            PaymentResult result = rig.Pay(100);
            if (result.Status != SaleStatus.Unresolved)
            {
                Assert.SkipTest("the fake settled the sale at once (" + result.Detail + ")");
            }

            Assert.AreEqual(0, rig.Engine.Guarantee.Count, "not final: not reported yet");
            Assert.IsTrue(rig.Settle(5));
            Assert.AreEqual(1, rig.Engine.Guarantee.Count, "reported once settled");
            Send(rig);
            Assert.Contains("\"out_trade_no\":\"" + result.OutTradeNo + "\"", (string)rig.WeChat.ReportedTrades[0]);
        }

        [TestMethod]
        public void The_buffer_is_bounded_and_drops_the_oldest()
        {
            GuaranteeLog log = new GuaranteeLog(GuaranteeLog.DefaultCapacity);
            log.Enabled = true;
            for (int i = 0; i < GuaranteeLog.DefaultCapacity + 9; i++)
            {
                log.Add(GuaranteeReport.Trade("T10000000000" + Pad(i, 5), 1796004184, 1796004190, TradeState.Ok, null));
            }

            Assert.AreEqual(GuaranteeLog.DefaultCapacity, log.Count);
            Assert.AreEqual(9, log.Dropped);
            long serial;
            int count;
            string batch = log.TakeBatch(out serial, out count);
            Assert.AreEqual(9L, serial);
            Assert.Contains("T1000000000000009", batch);
            Assert.IsTrue(batch.IndexOf("T1000000000000008") < 0, "the oldest went");

            // Trades dropped while a batch was on the wire are not removed twice.
            for (int i = 0; i < 3; i++)
            {
                log.Add(GuaranteeReport.Trade("T20000000000" + Pad(i, 5), 1796004184, 1796004190, TradeState.Ok, null));
            }

            log.Acknowledge(serial, count);
            Assert.AreEqual(GuaranteeLog.DefaultCapacity - (count - 3), log.Count, "the 3 dropped while on the wire were batch trades");
            Assert.AreEqual(count - 3, log.Delivered);
        }

        [TestMethod]
        public void Turning_it_off_forgets_the_trades()
        {
            GuaranteeLog log = new GuaranteeLog(4);
            log.Add("{}");
            Assert.AreEqual(0, log.Count, "off: nothing kept");
            log.Enabled = true;
            log.Add("{}");
            log.Enabled = false;
            Assert.AreEqual(0, log.Count);
        }

        [TestMethod]
        [DataRow(1)] // WxFault.NotSent
        [DataRow(2)] // LostRequest (time-out)
        [DataRow(3)] // LostAnswer (time-out after WeChat got it)
        [DataRow(4)] // Garbage
        [DataRow(7)] // ReturnFailRefused
        [DataRow(8)] // ReturnFailRateLimited
        public void A_failed_answer_keeps_the_trades_and_the_next_sale_is_unharmed(int fault)
        {
            SaleRig rig = On();
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(100).Status);
            rig.WeChat.Fault(Endpoints.ReportPath, (WxFault)fault);
            Assert.AreEqual((int)ReportPass.NotDelivered, (int)Send(rig));
            Assert.AreEqual(1, rig.Engine.Guarantee.Count, "kept for the next pass");
            Assert.IsFalse(rig.Engine.IsBusy);

            int calls = rig.WeChat.Calls.Count;
            PaymentResult next = rig.Pay(200);
            Assert.AreEqual((int)SaleStatus.Paid, (int)next.Status, next.Detail);
            Assert.AreEqual(calls + 1, rig.WeChat.Calls.Count, "one micropay: nothing else on the sale's path");
            Assert.AreEqual(2, rig.Engine.Guarantee.Count);

            Assert.AreEqual((int)ReportPass.Delivered, (int)Send(rig));
            Assert.AreEqual(0, rig.Engine.Guarantee.Count);
            Assert.IsNull(rig.Violation());
        }

        [TestMethod]
        public void Attempts_are_bounded()
        {
            SaleRig rig = On();
            rig.Pay(100);
            for (int i = 0; i < GuaranteeLog.MaxAttempts; i++)
            {
                rig.WeChat.Fault(Endpoints.ReportPath, WxFault.Garbage);
                Assert.AreEqual((int)ReportPass.NotDelivered, (int)Send(rig));
            }

            Assert.AreEqual(0, rig.Engine.Guarantee.Count, "dropped after " + GuaranteeLog.MaxAttempts.ToString() + " failed passes");
            Assert.AreEqual(1, rig.Engine.Guarantee.Dropped);
            Assert.AreEqual((int)ReportPass.NothingToSend, (int)Send(rig));
        }

        [TestMethod]
        public void A_sale_coming_stops_the_report_before_it_leaves()
        {
            SaleRig rig = On();
            rig.Pay(100);
            int intents = rig.Engine.SaleIntents;
            rig.Engine.SaleComing(); // the cashier keyed a digit after the background pass looked
            Assert.AreEqual((int)ReportPass.Skipped, (int)rig.Engine.SendGuaranteeReport(intents));
            Assert.AreEqual(0, rig.WeChat.Count(Endpoints.ReportPath));
            Assert.AreEqual(1, rig.Engine.Guarantee.Count);
            Assert.IsFalse(rig.WeChat.Interrupted, "no report was on the wire: nothing interrupted");
        }

        [TestMethod]
        public void Batches_of_whole_trades_within_1024_bytes_go_one_per_pass()
        {
            SaleRig rig = On();
            for (int i = 0; i < 10; i++)
            {
                rig.Pay(100 + i);
            }

            int passes = 0;
            while (rig.Engine.Guarantee.Count > 0 && passes < 5)
            {
                Assert.AreEqual((int)ReportPass.Delivered, (int)Send(rig));
                passes++;
            }

            Assert.IsTrue(passes >= 2, passes.ToString());
            int trades = 0;
            for (int i = 0; i < rig.WeChat.ReportedTrades.Count; i++)
            {
                string batch = (string)rig.WeChat.ReportedTrades[i];
                Assert.IsTrue(batch.Length <= 1024, batch.Length.ToString());
                int at = -1;
                while ((at = batch.IndexOf("\"out_trade_no\"", at + 1)) >= 0)
                {
                    trades++;
                }
            }

            Assert.AreEqual(10, trades);
        }

        [TestMethod]
        public void A_full_buffer_fits_its_heap_budget()
        {
            const long BudgetBytes = 4096; // measured: 2760 bytes on the 64-bit interpreter
            HeapProbe.Start();
            held = new GuaranteeLog(GuaranteeLog.DefaultCapacity);
            held.Enabled = true;
            for (int i = 0; i < GuaranteeLog.DefaultCapacity; i++)
            {
                held.Add(GuaranteeReport.Trade("T1202611300" + Pad(i, 6), 1796004184, 1796004196, TradeState.Fail, "AUTHCODEEXPIRE"));
            }

            HeapProbe.Stop();
            long retained = HeapProbe.Retained;
            Assert.AreEqual(GuaranteeLog.DefaultCapacity, held.Count);
            held = null;
            if (!HeapProbe.Available)
            {
                Assert.SkipTest("heap of the full buffer: measured on the nanoFramework interpreter only");
            }

            OutputHelper.WriteLine("heap: 交易保障 buffer with " + GuaranteeLog.DefaultCapacity.ToString() + " trades: " + retained.ToString() + " bytes live on the 64-bit interpreter, budget " + BudgetBytes.ToString());
            Assert.IsTrue(retained <= BudgetBytes, retained.ToString());
        }
    }

    /// <summary>
    /// The 交易保障 report over the production gateway and HTTP client (<see cref="WireWeChat"/>):
    /// it rides the payments' connection (one per host), waits at most its short time-out, never
    /// moves the sales to the other host, and a sale coming abandons it without touching the sale.
    /// </summary>
    [TestClass]
    public class WireGuaranteeTests
    {
        private static WireRig On()
        {
            WireRig rig = new WireRig();
            rig.WeChat.PaidAfterMs = 0;
            rig.WeChat.AnswerMs = 150;
            rig.Engine.Guarantee.Enabled = true;
            return rig;
        }

        [TestMethod]
        public void The_report_rides_the_payments_connection()
        {
            WireRig rig = On();
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(100).Status);
            Assert.AreEqual(1, rig.WeChat.Opens);
            Assert.AreEqual((int)ReportPass.Delivered, (int)rig.Engine.SendGuaranteeReport(rig.Engine.SaleIntents));
            Assert.AreEqual(1, rig.WeChat.Reports);
            Assert.AreEqual(1, rig.WeChat.Opens, "no second connection for the report");
            Assert.AreEqual(1, rig.WeChat.Count(Endpoints.ReportPath, "api.mch.weixin.qq.com"));
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(200).Status);
            Assert.AreEqual(1, rig.WeChat.Opens, "the next sale still has one connection");
        }

        [TestMethod]
        public void A_silent_server_holds_the_report_only_for_its_short_time_out()
        {
            WireRig rig = On();
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(100).Status);
            rig.WeChat.SetMode("api.mch.weixin.qq.com", WireWeChat.BlackHoles);
            long start = rig.Clock.MonotonicMs;
            Assert.AreEqual((int)ReportPass.NotDelivered, (int)rig.Engine.SendGuaranteeReport(rig.Engine.SaleIntents));
            long took = rig.Clock.MonotonicMs - start;
            Assert.IsTrue(took <= GuaranteeLog.TimeoutMs + 1000, "the report waited " + took.ToString() + " ms");
            Assert.IsTrue(rig.Config.ReadTimeoutMs > GuaranteeLog.TimeoutMs, "shorter than a payment's wait");
            Assert.AreEqual(1, rig.Engine.Guarantee.Count, "kept");
            Assert.AreEqual("api.mch.weixin.qq.com", rig.Gateway.Failover.Current, "a background call never moves the sales");
            Assert.AreEqual(rig.Config.ReadTimeoutMs, rig.Gateway.Client.ReadTimeoutMs, "the payments' time-out is back");
            Assert.AreEqual(rig.Config.ConnectTimeoutMs, rig.Gateway.Client.ConnectTimeoutMs);

            rig.WeChat.SetMode("api.mch.weixin.qq.com", WireWeChat.Serves);
            PaymentResult next = rig.Pay(200);
            Assert.AreEqual((int)SaleStatus.Paid, (int)next.Status, next.Detail);
        }

        [TestMethod]
        public void Keying_a_sale_abandons_a_report_on_the_wire_and_the_sale_goes_through()
        {
            WireRig rig = On();
            Assert.AreEqual((int)SaleStatus.Paid, (int)rig.Pay(100).Status);
            rig.WeChat.AnswerMs = 3000;
            rig.WeChat.SaleComingEngine = rig.Engine;
            rig.WeChat.SaleComingAtMs = rig.Clock.MonotonicMs + 1;
            Assert.AreEqual((int)ReportPass.NotDelivered, (int)rig.Engine.SendGuaranteeReport(rig.Engine.SaleIntents));
            Assert.AreEqual(1, rig.Engine.Guarantee.Count, "kept for the next pass");
            Assert.IsFalse(rig.Engine.IsBusy);

            rig.WeChat.AnswerMs = 150;
            PaymentResult next = rig.Pay(200);
            Assert.AreEqual((int)SaleStatus.Paid, (int)next.Status, "the interrupt ended with the report: " + next.Detail);
            Assert.AreEqual((int)ReportPass.Delivered, (int)rig.Engine.SendGuaranteeReport(rig.Engine.SaleIntents));
            Assert.AreEqual(0, rig.Engine.Guarantee.Count);
        }
    }

    /// <summary>
    /// A report stuck on the wire when the cashier scans: the scan abandons it and the sale waits
    /// for it to end (real threads), never refused as "busy".
    /// </summary>
    [TestClass]
    public class GuaranteeGiveWayTests
    {
        private static ReportPass pass;

        /// <summary>FakeWeChat, except that a report blocks until interrupted (then: no answer).</summary>
        private sealed class StuckReports : IWxGateway
        {
            private readonly FakeWeChat inner;
            private readonly System.Threading.ManualResetEvent released = new System.Threading.ManualResetEvent(false);
            public readonly System.Threading.ManualResetEvent Entered = new System.Threading.ManualResetEvent(false);

            public StuckReports(FakeWeChat inner)
            {
                this.inner = inner;
            }

            public string LastHost
            {
                get { return inner.LastHost; }
            }

            public long LastSentMs
            {
                get { return inner.LastSentMs; }
            }

            public byte[] Post(string path, byte[] body, string host)
            {
                if (path == Endpoints.ReportPath)
                {
                    Entered.Set();
                    released.WaitOne(20000, false);
                    throw new Terminal.Core.Net.ConnectionException(Terminal.Core.Net.ConnectionStage.Receive, "fake: report abandoned");
                }

                return inner.Post(path, body, host);
            }

            public void Interrupt()
            {
                released.Set();
                inner.Interrupt();
            }

            public void ResetInterrupt()
            {
                inner.ResetInterrupt();
            }

            public void Warm()
            {
            }
        }

        [TestMethod]
        public void A_scan_during_a_report_waits_for_it_and_is_paid()
        {
            SaleRig rig = new SaleRig();
            StuckReports gateway = new StuckReports(rig.WeChat);
            PaymentEngine engine = new PaymentEngine(rig.Account, "T2", rig.Config, rig.Clock, rig.Store, new CountingRandom(), gateway, rig.Outbox);
            engine.Guarantee.Enabled = true;
            Assert.AreEqual((int)SaleStatus.Paid, (int)engine.Pay(100, "134567890000000001").Status);
            int intents = engine.SaleIntents;
            System.Threading.Thread reporter = new System.Threading.Thread(() => { pass = engine.SendGuaranteeReport(intents); });
            reporter.Start();
            Assert.IsTrue(gateway.Entered.WaitOne(10000, false), "the report went on the wire");
            Assert.IsFalse(engine.IsBusy, "a report is not a reason to refuse a sale");

            engine.SaleComing(); // the scan (EngineSalePort.Begin)
            PaymentResult sale = engine.Pay(200, "134567890000000002");
            Assert.AreEqual((int)SaleStatus.Paid, (int)sale.Status, sale.Detail);
            reporter.Join(10000);
            Assert.AreEqual((int)ReportPass.NotDelivered, (int)pass);
            Assert.AreEqual(2, engine.Guarantee.Count, "the first sale kept, the second added");
        }
    }
}
