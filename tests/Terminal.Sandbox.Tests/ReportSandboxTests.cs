using System.Linq;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>Issue 14: the sandbox accepts and records 交易保障 reports (both documented forms) and refuses malformed ones.</summary>
    public class ReportSandboxTests
    {
        private readonly WeChatSandbox sandbox = new WeChatSandbox(WeChatSandbox.DefaultMerchant(), () => 5_000);
        private readonly StoreOpsClient wx;

        public ReportSandboxTests()
        {
            wx = new StoreOpsClient(sandbox) { ClientCertificate = false };
        }

        private const string Trades = "[{\"out_trade_no\":\"T1000000000001\",\"begin_time\":\"20261121093000\",\"end_time\":\"20261121093002\",\"state\":\"OK\",\"err_msg\":\"\"}," +
            "{\"out_trade_no\":\"T1000000000002\",\"begin_time\":\"20261121094000\",\"end_time\":\"20261121094031\",\"state\":\"CANCLE\",\"err_msg\":\"customer cancelled\"}]";

        [Fact]
        public void A_batch_report_of_a_pos_terminal_is_accepted_and_recorded()
        {
            WxParams answer = wx.Call(Endpoints.ReportPath, ("device_info", "POS-1"), ("interface_url", WeChatSandbox.BatchReportUrl), ("user_ip", "192.168.1.23"), ("trades", Trades));
            Assert.Equal("SUCCESS", answer.Get("return_code"));
            Assert.Equal("SUCCESS", answer.Get("result_code"));
            SandboxReport report = sandbox.Reports.Single();
            Assert.Equal("batch", report.Form);
            Assert.Equal("POS-1", report.DeviceInfo);
            Assert.Equal(new[] { "OK", "CANCLE" }, report.Trades.Select(t => t.State).ToArray());
            Assert.Equal("20261121094031", report.Trades[1].EndTime);
        }

        [Fact]
        public void A_per_call_report_is_accepted_and_recorded()
        {
            WxParams answer = wx.Call(Endpoints.ReportPath, ("interface_url", "https://api.mch.weixin.qq.com/pay/micropay/total"), ("execute_time_", "1830"),
                ("return_code", "SUCCESS"), ("return_msg", "OK"), ("result_code", "FAIL"), ("err_code", "USERPAYING"), ("out_trade_no", "T1000000000003"),
                ("user_ip", "192.168.1.23"), ("time", "20261121093000"));
            Assert.Equal("SUCCESS", answer.Get("return_code"));
            SandboxReport report = sandbox.Reports.Single();
            Assert.Equal("call", report.Form);
            Assert.Equal(1830, report.ExecuteTimeMs);
            Assert.Equal("USERPAYING", report.ErrCode);
        }

        [Theory]
        [InlineData("trades", "not json")]
        [InlineData("trades", "[]")]
        [InlineData("trades", "[{\"out_trade_no\":\"T1\",\"begin_time\":\"20261121093000\",\"end_time\":\"20261121093002\",\"state\":\"CANCEL\"}]")]
        [InlineData("trades", "[{\"out_trade_no\":\"T1\",\"begin_time\":\"20261121093005\",\"end_time\":\"20261121093002\",\"state\":\"OK\"}]")]
        [InlineData("trades", "[{\"begin_time\":\"20261121093000\",\"end_time\":\"20261121093002\",\"state\":\"OK\"}]")]
        [InlineData("user_ip", "")]
        [InlineData("user_ip", "2001:db8:0:0:0:0:0:1")]
        public void A_malformed_batch_report_is_refused_unsigned_and_not_recorded(string field, string value)
        {
            var fields = new System.Collections.Generic.Dictionary<string, string>
            {
                ["interface_url"] = WeChatSandbox.BatchReportUrl, ["user_ip"] = "192.168.1.23", ["trades"] = Trades,
            };
            fields[field] = value;
            WxParams answer = wx.Call(Endpoints.ReportPath, fields.Where(f => f.Value.Length > 0).Select(f => (f.Key, f.Value)).ToArray());
            Assert.Equal("FAIL", answer.Get("return_code"));
            Assert.Null(answer.Get("sign"));
            Assert.Contains(field, answer.Get("return_msg"));
            Assert.Empty(sandbox.Reports);
        }

        [Fact]
        public void Trades_longer_than_1024_bytes_are_refused()
        {
            string many = "[" + string.Join(",", Enumerable.Range(0, 12).Select(i =>
                "{\"out_trade_no\":\"T1" + i.ToString("D12") + "\",\"begin_time\":\"20261121093000\",\"end_time\":\"20261121093002\",\"state\":\"OK\",\"err_msg\":\"\"}")) + "]";
            Assert.True(many.Length > 1024);
            WxParams answer = wx.Call(Endpoints.ReportPath, ("interface_url", WeChatSandbox.BatchReportUrl), ("user_ip", "10.0.0.1"), ("trades", many));
            Assert.Equal("FAIL", answer.Get("return_code"));
            Assert.Contains("1024", answer.Get("return_msg"));
        }

        [Fact]
        public void A_per_call_report_without_its_fields_is_refused()
        {
            WxParams answer = wx.Call(Endpoints.ReportPath, ("interface_url", "https://api.mch.weixin.qq.com/pay/micropay"), ("user_ip", "10.0.0.1"), ("return_code", "SUCCESS"));
            Assert.Equal("FAIL", answer.Get("return_code"));
            Assert.Contains("execute_time_", answer.Get("return_msg"));
            Assert.Empty(sandbox.Reports);
        }
    }
}
