using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Terminal.Core.Outbox;
using Terminal.MerchantServer;
using Terminal.Tests.Outbox;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Outbox.Tests
{
    /// <summary>
    /// Issue 11 item 10: the reference server refuses admin calls without a token by default,
    /// answers bad input with 4xx (never 5xx), and an oversized body with 413, which the terminal
    /// parks as a dead letter instead of retrying for ever.
    /// </summary>
    public sealed class MerchantServerHardeningTests : IDisposable
    {
        private readonly string folder = Harness.TempFolder();
        private readonly HttpClient http = new HttpClient();
        private MerchantServer.MerchantServer? server;

        /// <summary>The server the test started.</summary>
        private MerchantServer.MerchantServer Running => server ?? throw new InvalidOperationException("the test did not Start() a server");

        public void Dispose()
        {
            http.Dispose();
            server?.Dispose();
        }

        private MerchantServer.MerchantServer Start(Action<MerchantServerOptions>? change = null)
        {
            server?.Dispose();
            MerchantServerOptions options = Harness.ServerOptions(folder);
            change?.Invoke(options);
            server = MerchantServer.MerchantServer.Start(options);
            return server;
        }

        private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        private string StoredToken() => File.ReadAllText(Path.Combine(folder, "admin-token")).Trim();

        private (int Status, string Body) Send(HttpMethod method, string path, string? token = null, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, Running.BaseAddress + path.TrimStart('/')) { Content = content };
            if (token != null)
            {
                request.Headers.Add("X-Admin-Token", token);
            }

            HttpResponseMessage response = http.Send(request);
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }

        private (int Status, string Body) PostSigned(string path, byte[] body)
        {
            var content = new ByteArrayContent(body);
            var request = new HttpRequestMessage(HttpMethod.Post, Running.BaseAddress + path.TrimStart('/')) { Content = content };
            request.Headers.Add("X-Terminal-Id", Harness.TerminalId);
            request.Headers.Add("X-Signature", MerchantProtocol.Sign(OutboxFixtures.Secret(), body));
            HttpResponseMessage response = http.Send(request);
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }

        private static string? Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();

        [Fact]
        public void Admin_endpoints_need_a_token_generated_at_first_start_and_kept_owner_only()
        {
            Start();
            Assert.Equal(401, Send(HttpMethod.Get, "admin/terminals/" + Harness.TerminalId).Status);
            Assert.Equal(401, Send(HttpMethod.Post, "admin/terminals/" + Harness.TerminalId + "/resume").Status);
            Assert.Equal(401, Send(HttpMethod.Get, "admin/notifications").Status);
            Assert.Equal(401, Send(HttpMethod.Post, "admin/terminals/T-NEW/register?secret=" + new string('A', 64)).Status);
            Assert.Equal(401, Send(HttpMethod.Get, "admin/terminals/" + Harness.TerminalId, "wrong-token").Status);

            string token = StoredToken();
            Assert.True(token.Length >= 32, "a long random token");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "admin-token")));
            }

            Assert.Equal(200, Send(HttpMethod.Get, "admin/terminals/" + Harness.TerminalId, token).Status);

            Start();
            Assert.Equal(token, StoredToken());
            Assert.Equal(200, Send(HttpMethod.Post, "admin/terminals/" + Harness.TerminalId + "/suspend?reason=x", token).Status);
        }

        [Theory]
        [InlineData("\"1795752000\"")]
        [InlineData("\"abc\"")]
        [InlineData("1.5")]
        [InlineData("1e30")]
        [InlineData("99999999999999999999")]
        [InlineData("null")]
        [InlineData("[]")]
        [InlineData("{}")]
        [InlineData("true")]
        public void A_signed_body_with_a_malformed_timestamp_is_400(string timestamp)
        {
            Start();
            byte[] body = Encoding.UTF8.GetBytes("{\"terminal_id\":\"" + Harness.TerminalId + "\",\"timestamp\":" + timestamp +
                ",\"nonce\":\"N0000000000000000000000000000009\",\"outbox_depth\":0}");
            var answer = PostSigned("v1/control", body);
            Assert.Equal(400, answer.Status);
            Assert.Equal("malformed", Error(answer.Body));
        }

        [Theory]
        [InlineData("zz")]
        [InlineData("ABC")]
        [InlineData("")]
        [InlineData("00")]
        [InlineData("0g0102030405060708090A0B0C0D0E0F")]
        public void A_bad_register_secret_is_400(string secret)
        {
            Start();
            var answer = Send(HttpMethod.Post, "admin/terminals/T-NEW/register?secret=" + secret, StoredToken());
            Assert.Equal(400, answer.Status);
            Assert.Equal("bad_secret", Error(answer.Body));
        }

        [Fact]
        public void An_unknown_terminal_on_the_admin_api_is_404()
        {
            Start();
            Assert.Equal(404, Send(HttpMethod.Get, "admin/terminals/T-NONE", StoredToken()).Status);
            Assert.Equal(404, Send(HttpMethod.Post, "admin/terminals/T-NONE/resume", StoredToken()).Status);
            Assert.Equal(404, Send(HttpMethod.Post, "admin/terminals/T-NONE/suspend", StoredToken()).Status);
        }

        [Fact]
        public void A_body_over_the_limit_is_413_with_or_without_a_length()
        {
            Start(o => o.MaxBodyBytes = 1024);
            byte[] big = Encoding.UTF8.GetBytes("{\"terminal_id\":\"" + Harness.TerminalId + "\",\"pad\":\"" + new string('x', 4000) + "\"}");
            var withLength = PostSigned("v1/notifications", big);
            Assert.Equal(413, withLength.Status);
            Assert.Equal("too_large", Error(withLength.Body));

            var request = new HttpRequestMessage(HttpMethod.Post, Running.BaseAddress + "v1/notifications") { Content = new StreamContent(new MemoryStream(big)) };
            request.Headers.TransferEncodingChunked = true;
            request.Headers.Add("X-Terminal-Id", Harness.TerminalId);
            request.Headers.Add("X-Signature", MerchantProtocol.Sign(OutboxFixtures.Secret(), big));
            HttpResponseMessage chunked = http.Send(request);
            Assert.Equal(413, (int)chunked.StatusCode);
            Assert.Equal(0, Running.Refused);
        }

        [Fact]
        public void A_notification_too_large_for_the_server_becomes_a_dead_letter_on_the_terminal()
        {
            Start(o => o.MaxBodyBytes = 200);
            var terminal = new TestTerminal(new MemoryFileStore(), Running.Port, Harness.FastTerminalOptions(), new Terminal.Pc.SystemClock());
            try
            {
                terminal.Outbox.Enqueue(OutboxFixtures.Payment(1));
                terminal.DrainByStepping(20);
                Assert.Equal(0, terminal.Outbox.Store.Depth);
                DeadLetter[] letters = terminal.Outbox.DeadLetters();
                Assert.Single(letters);
                Assert.Equal(413, letters[0].Status);
                Assert.Contains("too large", letters[0].Reason);
            }
            finally
            {
                terminal.PowerOff();
            }
        }

        [Fact]
        public void No_hostile_value_in_any_field_makes_the_server_fail_with_5xx()
        {
            Start();
            string[] hostile = { "null", "true", "[]", "{}", "\"\"", "\"x\"", "-1", "1.5", "1e308", "99999999999999999999", "\"\\u0000\"", "\"<script>\"" };
            string[] notificationFields = { "terminal_id", "out_trade_no", "transaction_id", "total_fee", "cash_fee", "fee_type", "time_end", "bank_type", "openid", "paid_at" };
            string[] envelopeFields = { "terminal_id", "timestamp", "nonce", "notification" };
            int n = 0;
            foreach (string value in hostile)
            {
                foreach (string field in envelopeFields)
                {
                    Check(Body(envelope: (field, value), n: ++n), "v1/notifications", field, value);
                    Check(Body(envelope: (field, value), n: ++n), "v1/control", field, value);
                }

                foreach (string field in notificationFields)
                {
                    Check(Body(inner: (field, value), n: ++n), "v1/notifications", "notification." + field, value);
                }

                foreach (string field in new[] { "outbox_depth", "dead_letters", "velocity_locked", "velocity_reason" })
                {
                    Check(Body(envelope: (field, value), n: ++n), "v1/control", field, value);
                }
            }

            void Check(byte[] body, string path, string field, string value)
            {
                var answer = PostSigned(path, body);
                Assert.True(answer.Status < 500, path + " " + field + "=" + value + " gave " + answer.Status + ": " + answer.Body);
            }
        }

        // A valid notification envelope in which one field is replaced by a raw JSON value.
        private static byte[] Body(int n, (string Name, string Json)? envelope = null, (string Name, string Json)? inner = null)
        {
            string Field(string name, string json, (string Name, string Json)? replace) => "\"" + name + "\":" + (replace?.Name == name ? replace.Value.Json : json);
            string notification = "{" + string.Join(",",
                Field("terminal_id", "\"" + Harness.TerminalId + "\"", inner),
                Field("out_trade_no", "\"H" + n.ToString("D9") + "\"", inner),
                Field("transaction_id", "\"42000" + n.ToString("D9") + "\"", inner),
                Field("total_fee", "100", inner),
                Field("cash_fee", "100", inner),
                Field("fee_type", "\"CNY\"", inner),
                Field("time_end", "\"20261121120000\"", inner),
                Field("bank_type", "\"CMB_DEBIT\"", inner),
                Field("openid", "\"o1\"", inner),
                Field("paid_at", Now().ToString(), inner)) + "}";
            string text = "{" + string.Join(",",
                Field("terminal_id", "\"" + Harness.TerminalId + "\"", envelope),
                Field("timestamp", Now().ToString(), envelope),
                Field("nonce", "\"H" + n.ToString("D31") + "\"", envelope),
                Field("notification", notification, envelope),
                Field("outbox_depth", "0", envelope),
                Field("dead_letters", "0", envelope),
                Field("velocity_locked", "false", envelope),
                Field("velocity_reason", "\"\"", envelope)) + "}";
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
