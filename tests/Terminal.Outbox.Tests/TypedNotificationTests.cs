using System;
using System.Threading.Tasks;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Terminal.Core.Outbox;
using Terminal.MerchantServer;
using Terminal.Tests.Outbox;
using Xunit;

namespace Terminal.Outbox.Tests
{
    /// <summary>
    /// Issue 14: the merchant contract's refund and z_report notifications (docs/merchant-api.md,
    /// "Notification types") — carried by POST /v1/notifications with a type and a version,
    /// stored once per idempotency key, 409 on a different repeat, 422 with an error code for
    /// content refused for good, never a 5xx for hostile values; payments unchanged.
    /// </summary>
    public sealed class TypedNotificationTests : IDisposable
    {
        private readonly string folder = Harness.TempFolder();
        private readonly MerchantServer.MerchantServer server;
        private readonly HttpClient http = new HttpClient();
        private int nonce;

        public TypedNotificationTests()
        {
            server = MerchantServer.MerchantServer.Start(Harness.ServerOptions(folder));
        }

        public void Dispose()
        {
            http.Dispose();
            server.Dispose();
        }

        private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        private (int Status, JsonElement Body, string Raw) Post(string notificationJson)
        {
            string n = "T" + (++nonce).ToString("D31");
            byte[] body = MerchantProtocol.NotificationBody(Harness.TerminalId, Now(), n, Encoding.UTF8.GetBytes(notificationJson));
            var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress + "v1/notifications") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Terminal-Id", Harness.TerminalId);
            request.Headers.Add("X-Signature", MerchantProtocol.Sign(OutboxFixtures.Secret(), body));
            HttpResponseMessage response = http.Send(request);
            string raw = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return ((int)response.StatusCode, JsonDocument.Parse(raw).RootElement, raw);
        }

        private static string? Error(JsonElement body) => body.GetProperty("error").GetString();

        private static string Payment(string order = "T0001000000000001", string transaction = "4200000001", long fee = 1000) =>
            "{\"terminal_id\":\"" + Harness.TerminalId + "\",\"out_trade_no\":\"" + order + "\",\"transaction_id\":\"" + transaction + "\",\"total_fee\":" + fee +
            ",\"cash_fee\":" + fee + ",\"fee_type\":\"CNY\",\"time_end\":\"20261121100000\",\"bank_type\":\"CMB_DEBIT\",\"openid\":\"o1\",\"paid_at\":" + Now() + "}";

        private static string Refund(string refundNo = "T0001R000000000001", long refundFee = 300, long totalFee = 1000, string order = "T0001000000000001",
            string transaction = "4200000001", string refundId = "50300000000000000000000000001", string extra = "") =>
            "{\"type\":\"refund\",\"version\":1,\"terminal_id\":\"" + Harness.TerminalId + "\",\"out_trade_no\":\"" + order + "\",\"transaction_id\":\"" + transaction +
            "\",\"out_refund_no\":\"" + refundNo + "\",\"refund_id\":\"" + refundId + "\",\"refund_fee\":" + refundFee + ",\"total_fee\":" + totalFee +
            ",\"fee_type\":\"CNY\",\"refund_success_time\":\"2026-11-21 11:00:05\",\"refunded_at\":" + Now() + extra + "}";

        private static string Z(long number = 1, string? totals = null, string day = "2026-11-21", int offset = 480, long opened = 1795708800, long closed = 1795795200) =>
            "{\"type\":\"z_report\",\"version\":1,\"terminal_id\":\"" + Harness.TerminalId + "\",\"z_number\":" + number + ",\"business_day\":\"" + day +
            "\",\"utc_offset_minutes\":" + offset + ",\"opened_at\":" + opened + ",\"closed_at\":" + closed + ",\"totals\":" +
            (totals ?? "[{\"fee_type\":\"CNY\",\"sales_count\":3,\"sales_sum\":2914,\"refunds_count\":1,\"refunds_sum\":200,\"revokes_count\":1,\"unresolved_count\":0}]") + "}";

        [Fact]
        public void A_refund_is_stored_once_under_its_key_and_acknowledged_like_a_payment()
        {
            Assert.Equal(200, Post(Payment()).Status);
            var first = Post(Refund());
            Assert.Equal(200, first.Status);
            Assert.Equal("stored", first.Body.GetProperty("result").GetString());
            Assert.Equal("refund:T0001R000000000001", first.Body.GetProperty("key").GetString());
            var again = Post(Refund());
            Assert.Equal("duplicate", again.Body.GetProperty("result").GetString());
            StoredRefund stored = server.Store.Refunds().Single();
            Assert.Equal(300, stored.RefundFee);
            Assert.Equal(2, stored.Deliveries);
            Assert.Equal("2026-11-21 11:00:05", stored.RefundSuccessTime);
            Assert.Single(server.Store.Notifications()); // payments are untouched by refunds
        }

        [Fact]
        public void A_different_refund_under_the_same_out_refund_no_is_409()
        {
            Assert.Equal(200, Post(Refund(refundFee: 300)).Status);
            var conflict = Post(Refund(refundFee: 301));
            Assert.Equal(409, conflict.Status);
            Assert.Equal("conflict", Error(conflict.Body));
            Assert.Equal(300, server.Store.Refunds().Single().RefundFee);
        }

        [Fact]
        public void Refunds_that_contradict_the_order_or_exceed_it_are_refused_for_good()
        {
            Assert.Equal(200, Post(Payment(fee: 1000)).Status);
            var otherTotal = Post(Refund(totalFee: 999));
            Assert.Equal(422, otherTotal.Status);
            Assert.Equal("refund_mismatch", Error(otherTotal.Body));
            Assert.Equal("refund_mismatch", Error(Post(Refund(transaction: "4200000999")).Body));

            Assert.Equal(200, Post(Refund("T0001R000000000001", 600)).Status);
            var tooMuch = Post(Refund("T0001R000000000002", 401, refundId: "50300000000000000000000000002"));
            Assert.Equal(422, tooMuch.Status);
            Assert.Equal("refund_exceeds_payment", Error(tooMuch.Body));
            Assert.Equal(200, Post(Refund("T0001R000000000002", 400, refundId: "50300000000000000000000000002")).Status);
            Assert.Equal(1000, server.Store.Refunds().Sum(r => r.RefundFee));
        }

        [Theory]
        [InlineData("\"refund_fee\":300", "\"refund_fee\":0")]
        [InlineData("\"refund_fee\":300", "\"refund_fee\":1001")]
        [InlineData("\"refund_fee\":300", "\"refund_fee\":\"300\"")]
        [InlineData("\"fee_type\":\"CNY\"", "\"fee_type\":\"cny\"")]
        [InlineData("\"out_refund_no\":\"T0001R000000000001\"", "\"out_refund_no\":\"T0001 R1\"")]
        [InlineData("\"out_refund_no\":\"T0001R000000000001\"", "\"out_refund_no\":\"\"")]
        [InlineData("\"refund_id\":\"50300000000000000000000000001\"", "\"refund_id\":null")]
        [InlineData("\"refund_success_time\":\"2026-11-21 11:00:05\"", "\"refund_success_time\":\"20261121110005\"")]
        [InlineData("\"terminal_id\":\"T-0001\"", "\"terminal_id\":\"T-9999\"")]
        public void An_invalid_refund_is_422_naming_the_field(string field, string replacement)
        {
            string body = Refund();
            Assert.Contains(field, body);
            var answer = Post(body.Replace(field, replacement));
            Assert.Equal(422, answer.Status);
            Assert.Equal("invalid_notification", Error(answer.Body));
            Assert.Empty(server.Store.Refunds());
        }

        [Fact]
        public void Types_and_versions_this_server_does_not_know_are_refused_with_their_own_codes()
        {
            var unknown = Post(Refund().Replace("\"type\":\"refund\"", "\"type\":\"tip\""));
            Assert.Equal(422, unknown.Status);
            Assert.Equal("unknown_type", Error(unknown.Body));
            Assert.Equal("unsupported_version", Error(Post(Refund().Replace("\"version\":1", "\"version\":3")).Body));
            Assert.Equal("invalid_notification", Error(Post(Refund().Replace("\"version\":1", "\"version\":2")).Body)); // version 2 needs its period
            Assert.Equal("unsupported_version", Error(Post(Refund().Replace("\"version\":1,", string.Empty)).Body));
            Assert.Equal("unsupported_version", Error(Post(Payment().Replace("{\"terminal_id\"", "{\"version\":2,\"terminal_id\"")).Body));
            Assert.Equal("invalid_notification", Error(Post(Refund().Replace("\"type\":\"refund\"", "\"type\":7")).Body));
            Assert.Equal("invalid_notification", Error(Post(Refund().Replace("\"version\":1", "\"version\":1.5")).Body));

            // A payment may name its type and version; it is the same payment format.
            var typed = Post(Payment("T0001000000000009", "4200000009").Replace("{\"terminal_id\"", "{\"type\":\"payment\",\"version\":1,\"terminal_id\""));
            Assert.Equal(200, typed.Status);
            Assert.Equal("T0001000000000009:4200000009", typed.Body.GetProperty("key").GetString());
        }

        [Fact]
        public void A_z_report_is_stored_once_per_terminal_and_number_and_a_different_one_is_409()
        {
            var first = Post(Z(12));
            Assert.Equal(200, first.Status);
            Assert.Equal("z_report:" + Harness.TerminalId + ":12", first.Body.GetProperty("key").GetString());
            Assert.Equal("duplicate", Post(Z(12)).Body.GetProperty("result").GetString());
            var conflict = Post(Z(12, "[]"));
            Assert.Equal(409, conflict.Status);
            Assert.Equal("conflict", Error(conflict.Body));

            StoredZReport stored = server.Store.ZReports().Single();
            Assert.Equal(12, stored.Report.ZNumber);
            Assert.Equal("2026-11-21", stored.Report.BusinessDay);
            Assert.Equal(480, stored.Report.UtcOffsetMinutes);
            ZTotals cny = stored.Report.Totals.Single();
            Assert.Equal(2914, cny.SalesSum);
            Assert.Equal(1, cny.RevokesCount);

            Assert.Equal(200, Post(Z(13, "[]")).Status); // a day without activity
            Assert.Equal(2, server.Store.ZReports().Count);
        }

        [Theory]
        [InlineData("[{\"fee_type\":\"CNY\",\"sales_count\":1,\"sales_sum\":0,\"refunds_count\":0,\"refunds_sum\":0,\"revokes_count\":0,\"unresolved_count\":0}]")]
        [InlineData("[{\"fee_type\":\"CNY\",\"sales_count\":0,\"sales_sum\":5,\"refunds_count\":0,\"refunds_sum\":0,\"revokes_count\":0,\"unresolved_count\":0}]")]
        [InlineData("[{\"fee_type\":\"CNY\",\"sales_count\":-1,\"sales_sum\":0,\"refunds_count\":0,\"refunds_sum\":0,\"revokes_count\":0,\"unresolved_count\":0}]")]
        [InlineData("[{\"fee_type\":\"CNY\",\"sales_count\":0,\"sales_sum\":0,\"refunds_count\":0,\"refunds_sum\":0,\"revokes_count\":0}]")]
        [InlineData("[{\"fee_type\":\"CNY\",\"sales_count\":0,\"sales_sum\":0,\"refunds_count\":0,\"refunds_sum\":0,\"revokes_count\":0,\"unresolved_count\":0},{\"fee_type\":\"CNY\",\"sales_count\":0,\"sales_sum\":0,\"refunds_count\":0,\"refunds_sum\":0,\"revokes_count\":0,\"unresolved_count\":0}]")]
        [InlineData("{}")]
        [InlineData("[1]")]
        public void A_z_report_with_impossible_totals_is_422(string totals)
        {
            var answer = Post(Z(1, totals));
            Assert.Equal(422, answer.Status);
            Assert.Equal("invalid_notification", Error(answer.Body));
            Assert.Empty(server.Store.ZReports());
        }

        [Theory]
        [InlineData(0, "2026-11-21", 480, 100, 200)]
        [InlineData(1, "2026-11-31", 480, 100, 200)]
        [InlineData(1, "21.11.2026", 480, 100, 200)]
        [InlineData(1, "2026-11-21", 900, 100, 200)]
        [InlineData(1, "2026-11-21", -721, 100, 200)]
        [InlineData(1, "2026-11-21", 480, 300, 200)]
        [InlineData(1, "2026-11-21", 480, 0, 200)]
        public void A_z_report_with_an_impossible_header_is_422(long number, string day, int offset, long opened, long closed)
        {
            var answer = Post(Z(number, "[]", day, offset, opened, closed));
            Assert.Equal(422, answer.Status);
            Assert.Equal("invalid_notification", Error(answer.Body));
        }

        [Fact]
        public void No_hostile_value_in_any_refund_or_z_field_makes_the_server_fail_with_5xx()
        {
            string[] hostile = { "null", "true", "[]", "{}", "\"\"", "\"x\"", "-1", "0", "1.5", "1e308", "99999999999999999999", "\"\\u0000\"", "\"<script>\"", "\"" + new string('9', 300) + "\"" };
            string[] refundFields = { "type", "version", "terminal_id", "out_trade_no", "transaction_id", "out_refund_no", "refund_id", "refund_fee", "total_fee", "fee_type", "refund_success_time", "refunded_at" };
            string[] zFields = { "type", "version", "terminal_id", "z_number", "business_day", "utc_offset_minutes", "opened_at", "closed_at", "totals" };
            string[] totalFields = { "fee_type", "sales_count", "sales_sum", "refunds_count", "refunds_sum", "revokes_count", "unresolved_count" };
            foreach (string value in hostile)
            {
                foreach (string field in refundFields)
                {
                    Check(Replace(Refund(), field, value), "refund." + field, value);
                }

                foreach (string field in zFields)
                {
                    Check(Replace(Z(), field, value), "z." + field, value);
                }

                foreach (string field in totalFields)
                {
                    Check(Replace(Z(), field, value), "z.totals." + field, value);
                }
            }

            void Check(string json, string field, string value)
            {
                var answer = Post(json);
                Assert.True(answer.Status < 500, field + "=" + value + " gave " + answer.Status + ": " + answer.Raw);
            }
        }

        // The JSON with one member's value replaced by a raw JSON value (first occurrence).
        private static string Replace(string json, string member, string rawValue)
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                bool done = false;
                void Write(JsonElement element)
                {
                    switch (element.ValueKind)
                    {
                        case JsonValueKind.Object:
                            writer.WriteStartObject();
                            foreach (JsonProperty p in element.EnumerateObject())
                            {
                                writer.WritePropertyName(p.Name);
                                if (!done && p.Name == member)
                                {
                                    done = true;
                                    writer.WriteRawValue(rawValue, skipInputValidation: true);
                                }
                                else
                                {
                                    Write(p.Value);
                                }
                            }

                            writer.WriteEndObject();
                            break;
                        case JsonValueKind.Array:
                            writer.WriteStartArray();
                            foreach (JsonElement item in element.EnumerateArray())
                            {
                                Write(item);
                            }

                            writer.WriteEndArray();
                            break;
                        default:
                            element.WriteTo(writer);
                            break;
                    }
                }

                Write(doc.RootElement);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        [Fact]
        public async Task Refunds_and_z_reports_are_listed_on_the_admin_api_with_the_token()
        {
            Assert.Equal(200, Post(Refund()).Status);
            Assert.Equal(200, Post(Z(3)).Status);
            string token = File.ReadAllText(Path.Combine(folder, "admin-token")).Trim();
            var get = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress + "admin/refunds");
            Assert.Equal(401, (int)http.Send(get).StatusCode);
            var refunds = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress + "admin/refunds?terminal=" + Harness.TerminalId);
            refunds.Headers.Add("X-Admin-Token", token);
            JsonElement list = JsonDocument.Parse(await http.Send(refunds).Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("T0001R000000000001", list[0].GetProperty("out_refund_no").GetString());
            var zs = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress + "admin/z-reports");
            zs.Headers.Add("X-Admin-Token", token);
            JsonElement z = JsonDocument.Parse(await http.Send(zs).Content.ReadAsStringAsync()).RootElement[0];
            Assert.Equal(3, z.GetProperty("z_number").GetInt64());
            Assert.Equal(2914, z.GetProperty("totals")[0].GetProperty("sales_sum").GetInt64());
        }
    }
}
