using System.Collections;
using nanoFramework.TestFramework;
using Terminal.Core.Protocol;
using Terminal.Core.Text;

namespace Terminal.Tests.Protocol
{
    /// <summary>
    /// The 交易保障 POS batch (issue 14 item 6): one trade as JSON (times in China time, state as
    /// WeChat spells it, err_msg escaped and cut), batches of whole trades within 1024 bytes, and
    /// the signed request.
    /// </summary>
    [TestClass]
    public class GuaranteeReportTests
    {
        [TestMethod]
        [DataRow(0L, "19700101080000")]
        [DataRow(1796004184L, "20261130100304")] // 2026-11-30 02:03:04 UTC
        [DataRow(1798732800L, "20270101000000")] // New Year in China, still 2026 in UTC
        [DataRow(1709139599L, "20240229005959")] // a leap day
        public void Times_are_yyyyMMddHHmmss_in_China_time(long unix, string expected)
        {
            Assert.AreEqual(expected, Terminal.Core.Timing.LocalTime.ChinaTime(unix));
            Assert.AreEqual(unix, Terminal.Core.Timing.LocalTime.UnixFromChinaTime(expected));
        }

        [TestMethod]
        [DataRow(0, "OK")]
        [DataRow(1, "FAIL")]
        [DataRow(2, "CANCLE")]
        public void States_are_spelled_as_WeChat_does(int state, string expected)
        {
            Assert.AreEqual(expected, GuaranteeReport.StateName((TradeState)state));
            string trade = GuaranteeReport.Trade("T1000000000000001", 1796004184, 1796004190, (TradeState)state, null);
            Assert.IsTrue(trade.IndexOf("\"state\":\"" + expected + "\"") > 0, trade);
        }

        [TestMethod]
        public void A_trade_is_one_json_object_with_the_five_fields()
        {
            string trade = GuaranteeReport.Trade("T1000000000000001", 1796004184, 1796004196, TradeState.Fail, "AUTHCODEEXPIRE");
            Assert.AreEqual("{\"out_trade_no\":\"T1000000000000001\",\"begin_time\":\"20261130100304\",\"end_time\":\"20261130100316\",\"state\":\"FAIL\",\"err_msg\":\"AUTHCODEEXPIRE\"}", trade);
        }

        [TestMethod]
        public void An_end_before_the_begin_is_written_as_the_begin()
        {
            string trade = GuaranteeReport.Trade("T1", 1796004184, 1796004000, TradeState.Ok, null);
            Assert.IsTrue(trade.IndexOf("\"end_time\":\"20261130100304\"") > 0, trade);
        }

        [TestMethod]
        [DataRow("SYSTEMERROR", "SYSTEMERROR")]
        [DataRow("say \"hi\"", "say \\\"hi\\\"")]
        [DataRow("back\\slash", "back\\\\slash")]
        [DataRow("line\nbreak\ttab", "line\\u000abreak\\u0009tab")]
        [DataRow("中文", "\\u4e2d\\u6587")]
        [DataRow("del\u007f", "del\\u007f")]
        [DataRow("0123456789012345678901234567890123456789", "01234567890123456789012345678901")]
        [DataRow("", "")]
        public void Err_msg_is_escaped_ascii_json_and_cut_to_32_characters(string errMsg, string expected)
        {
            string trade = GuaranteeReport.Trade("T1", 1796004184, 1796004184, TradeState.Fail, errMsg);
            string tail = "\"err_msg\":\"" + expected + "\"}";
            Assert.IsTrue(trade.EndsWith(tail), trade);
            for (int i = 0; i < trade.Length; i++)
            {
                Assert.IsTrue(trade[i] >= ' ' && trade[i] < (char)0x7F, "not printable ASCII at " + i.ToString());
            }

            Assert.AreEqual(trade.Length, Utf8.ByteCount(trade), "bytes = characters");
        }

        [TestMethod]
        [DataRow(1, 100, 1)]
        [DataRow(7, 140, 7)] // 2 + 7*140 + 6 = 988
        [DataRow(8, 140, 7)] // the eighth would make 1129
        [DataRow(10, 101, 10)] // 2 + 1010 + 9 = 1021
        [DataRow(11, 101, 10)]
        [DataRow(1, 1022, 1)] // exactly 1024
        [DataRow(1, 1023, 0)] // one trade alone too long: none
        [DataRow(0, 100, 0)]
        public void A_batch_holds_whole_trades_within_1024_bytes(int trades, int length, int expected)
        {
            ArrayList list = new ArrayList();
            for (int i = 0; i < trades; i++)
            {
                list.Add(new string((char)('a' + i % 26), length));
            }

            int count = GuaranteeReport.Fit(list, 0);
            Assert.AreEqual(expected, count);
            if (count > 0)
            {
                string batch = GuaranteeReport.Batch(list, 0, count);
                Assert.IsTrue(batch.Length <= GuaranteeReport.MaxTradesBytes, batch.Length.ToString());
                Assert.AreEqual(2 + count * length + count - 1, batch.Length);
                Assert.AreEqual('[', batch[0]);
                Assert.AreEqual(']', batch[batch.Length - 1]);
            }
        }

        [TestMethod]
        public void Real_trades_split_into_batches_under_1024_bytes()
        {
            ArrayList list = new ArrayList();
            for (int i = 0; i < 20; i++)
            {
                list.Add(GuaranteeReport.Trade("T100000000000000" + (i % 10).ToString(), 1796004184 + i, 1796004200 + i, (TradeState)(i % 3), i % 3 == 1 ? "USERPAYING\"x\"" : null));
            }

            int first = 0;
            int batches = 0;
            while (first < list.Count)
            {
                int count = GuaranteeReport.Fit(list, first);
                Assert.IsTrue(count > 0);
                string batch = GuaranteeReport.Batch(list, first, count);
                Assert.IsTrue(batch.Length <= 1024, batch.Length.ToString());
                if (first + count < list.Count)
                {
                    Assert.IsTrue(batch.Length + 1 + ((string)list[first + count]).Length > 1024, "the next trade would have fitted");
                }

                first += count;
                batches++;
            }

            Assert.IsTrue(batches >= 3, batches.ToString());
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        public void The_request_is_signed_like_every_request(int signType)
        {
            MerchantAccount account = ProtocolFixtures.Account();
            account.SignType = (SignType)signType;
            string trades = "[" + GuaranteeReport.Trade("T1000000000000001", 1796004184, 1796004190, TradeState.Ok, null) + "]";
            RequestBuild build = Requests.Report(account, account.SpbillCreateIp, trades, "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
            Assert.IsTrue(build.Ok, build.Error);
            Assert.AreEqual(Endpoints.ReportPath, build.Path);
            FlatXmlResult parsed = FlatXml.Parse(build.Body);
            Assert.IsTrue(parsed.Ok);
            WxParams p = parsed.Params;
            Assert.AreEqual(GuaranteeReport.BatchInterfaceUrl, p.Get("interface_url"));
            Assert.AreEqual("192.168.1.20", p.Get("user_ip"));
            Assert.AreEqual(trades, p.Get("trades"));
            Assert.AreEqual("STORE1-T1", p.Get("device_info"));
            Assert.IsTrue(Signer.Verify(p, ProtocolFixtures.ApiKey, account.SignType));
        }

        [TestMethod]
        [DataRow("", "[]", "user_ip")]
        [DataRow("10.0.0.1", "", "trades")]
        [DataRow("255.255.255.255.1", "[]", "user_ip")] // 17 bytes
        public void A_bad_request_is_refused_before_it_is_signed(string userIp, string trades, string field)
        {
            RequestBuild build = Requests.Report(ProtocolFixtures.Account(), userIp, trades, "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
            Assert.IsFalse(build.Ok);
            Assert.AreEqual(field, build.Field);
        }

        [TestMethod]
        public void Trades_over_1024_bytes_are_refused()
        {
            RequestBuild build = Requests.Report(ProtocolFixtures.Account(), "10.0.0.1", new string('x', 1025), "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
            Assert.IsFalse(build.Ok);
            Assert.AreEqual("trades", build.Field);
        }
    }
}
