using System;
using System.Text;
using Terminal.Core.Net;
using Terminal.Core.Protocol;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>The store operations over the real stack: refund only with the merchant certificate, refundquery and the bill without it.</summary>
    public class StoreOpsTlsTests : IClassFixture<TlsSandboxFixture>
    {
        private readonly TlsSandboxFixture fixture;

        public StoreOpsTlsTests(TlsSandboxFixture fixture)
        {
            this.fixture = fixture;
        }

        [Fact]
        public void Refund_goes_over_mutual_TLS_and_the_bill_comes_back_as_text()
        {
            var (rig, gateway, _) = TlsEndToEndTests.Connect(fixture.Server);
            rig.Sandbox.BillDelay = TimeSpan.FromHours(-24); // today's bill so far
            var wx = new StoreOpsClient(rig.Sandbox);
            string order = rig.Pay(ScenarioKind.PasswordFree, 0, 990).OutTradeNo;

            byte[] refund = gateway.Post(Endpoints.RefundPath, wx.Body(("out_trade_no", order), ("out_refund_no", "RF-TLS-1"), ("total_fee", "990"), ("refund_fee", "990")), null);
            WxParams accepted = FlatXml.Parse(refund).Params;
            StoreOpsClient.AssertSuccess(accepted);
            Assert.True(wx.Verifies(accepted));

            WxParams query = FlatXml.Parse(gateway.Post(Endpoints.RefundQueryPath, wx.Body(("out_refund_no", "RF-TLS-1")), null)).Params;
            Assert.Equal("SUCCESS", query.Get("refund_status_0"));

            string day = rig.Sandbox.ChinaToday.ToString("yyyyMMdd");
            string bill = Encoding.UTF8.GetString(gateway.Post(Endpoints.DownloadBillPath, wx.Body(("bill_date", day), ("bill_type", "ALL")), null));
            Assert.StartsWith(WeChatSandbox.AllHeader, bill);
            Assert.Contains(",`REFUND,`", bill);
            Assert.Contains("`" + order, bill);
            gateway.Close();
        }

        [Fact]
        public void Without_the_client_certificate_no_refund_is_made()
        {
            var (rig, gateway, _) = TlsEndToEndTests.Connect(fixture.Server, withClientCertificate: false);
            var wx = new StoreOpsClient(rig.Sandbox);
            string order = rig.Pay(ScenarioKind.PasswordFree, 0, 450).OutTradeNo;
            Assert.Throws<ConnectionException>(() => gateway.Post(Endpoints.RefundPath, wx.Body(("out_trade_no", order), ("out_refund_no", "RF-TLS-2"), ("total_fee", "450"), ("refund_fee", "450")), null));
            Assert.Empty(rig.Sandbox.Refunds);
            Assert.Equal(450, rig.Sandbox.NetCharged(order));
            gateway.Close();
        }
    }
}
