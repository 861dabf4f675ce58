using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Terminal.Core.Outbox;
using Terminal.Core.Protocol;
using Terminal.MerchantServer;
using Terminal.Tests.Outbox;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Outbox.Tests
{
    /// <summary>The reference server's side of docs/merchant-api.md, request by request.</summary>
    public sealed class MerchantServerContractTests : IDisposable
    {
        private readonly MerchantServer.MerchantServer server;
        private readonly HttpClient http = new HttpClient();
        private long clockOffset;

        public MerchantServerContractTests()
        {
            MerchantServerOptions options = Harness.ServerOptions(Harness.TempFolder());
            options.Now = () => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + clockOffset;
            server = MerchantServer.MerchantServer.Start(options);
        }

        public void Dispose()
        {
            http.Dispose();
            server.Dispose();
        }

        private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        private (int Status, JsonElement Body, string? Signature, byte[] Raw) Post(string path, byte[] body, byte[]? secret = null, string terminalId = Harness.TerminalId)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, server.BaseAddress + path.TrimStart('/')) { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Terminal-Id", terminalId);
            request.Headers.Add("X-Signature", MerchantProtocol.Sign(secret ?? OutboxFixtures.Secret(), body));
            HttpResponseMessage response = http.Send(request);
            byte[] raw = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            response.Headers.TryGetValues("X-Signature", out var sig);
            return ((int)response.StatusCode, JsonDocument.Parse(raw).RootElement, sig == null ? null : string.Join(",", sig), raw);
        }

        private static byte[] Notification(PaidNotification n, string nonce, long timestamp)
        {
            // paid_at is part of the notification: set once, so a repeat is the same bytes even
            // when the clock crosses a second between two posts (the server answers 409 otherwise).
            if (n.PaidAt == 0)
            {
                n.PaidAt = timestamp;
            }

            return MerchantProtocol.NotificationBody(Harness.TerminalId, timestamp, nonce, n.ToJson());
        }

        [Fact]
        public void A_notification_is_stored_once_and_acknowledged_with_a_signed_answer_echoing_nonce_and_key()
        {
            PaidNotification n = OutboxFixtures.Payment(1);
            var first = Post("/v1/notifications", Notification(n, "N0000000000000000000000000000001", Now()));
            Assert.Equal(200, first.Status);
            Assert.Equal("stored", first.Body.GetProperty("result").GetString());
            Assert.Equal(n.IdempotencyKey, first.Body.GetProperty("key").GetString());
            Assert.Equal("N0000000000000000000000000000001", first.Body.GetProperty("nonce").GetString());
            Assert.False(first.Body.GetProperty("control").GetProperty("suspended").GetBoolean());
            Assert.True(MerchantProtocol.Verify(OutboxFixtures.Secret(), first.Raw, first.Signature));

            var again = Post("/v1/notifications", Notification(n, "N0000000000000000000000000000002", Now()));
            Assert.Equal("duplicate", again.Body.GetProperty("result").GetString());
            Assert.Single(server.Store.Notifications());
            Assert.Equal(2, server.Store.Notifications()[0].Deliveries);
        }

        [Fact]
        public void Bad_signatures_stale_timestamps_and_replayed_nonces_are_refused_with_401()
        {
            PaidNotification n = OutboxFixtures.Payment(2);
            Assert.Equal("bad_signature", Post("/v1/notifications", Notification(n, "N1000000000000000000000000000001", Now()), new byte[] { 1, 2, 3 }).Body.GetProperty("error").GetString());
            Assert.Equal("unknown_terminal", Post("/v1/notifications", Notification(n, "N1000000000000000000000000000002", Now()), terminalId: "T-9999").Body.GetProperty("error").GetString());
            var stale = Post("/v1/notifications", Notification(n, "N1000000000000000000000000000003", Now() - 301));
            Assert.Equal(401, stale.Status);
            Assert.Equal("stale_timestamp", stale.Body.GetProperty("error").GetString());
            byte[] body = Notification(n, "N1000000000000000000000000000004", Now());
            Assert.Equal(200, Post("/v1/notifications", body).Status);
            var replay = Post("/v1/notifications", body);
            Assert.Equal(401, replay.Status);
            Assert.Equal("replayed", replay.Body.GetProperty("error").GetString());
            Assert.Single(server.Store.Notifications());
        }

        [Fact]
        public void The_server_clock_window_is_symmetric()
        {
            clockOffset = -250;
            Assert.Equal(200, Post("/v1/control", MerchantProtocol.ControlBody(Harness.TerminalId, Now(), "N2000000000000000000000000000001", 0, 0, false, "")).Status);
            clockOffset = -400;
            Assert.Equal(401, Post("/v1/control", MerchantProtocol.ControlBody(Harness.TerminalId, Now(), "N2000000000000000000000000000002", 0, 0, false, "")).Status);
        }

        [Fact]
        public void A_different_notification_under_an_existing_key_is_a_409_conflict_and_invalid_content_a_422()
        {
            PaidNotification n = OutboxFixtures.Payment(3);
            Assert.Equal(200, Post("/v1/notifications", Notification(n, "N3000000000000000000000000000001", Now())).Status);
            n.TotalFee = 1;
            n.CashFee = 1;
            Assert.Equal(409, Post("/v1/notifications", Notification(n, "N3000000000000000000000000000002", Now())).Status);
            PaidNotification other = OutboxFixtures.Payment(4);
            other.TerminalId = "T-OTHER";
            Assert.Equal(422, Post("/v1/notifications", Notification(other, "N3000000000000000000000000000003", Now())).Status);
            Assert.Equal(400, Post("/v1/notifications", Encoding.UTF8.GetBytes("{\"terminal_id\":\"T-0001\"")).Status);
        }

        [Fact]
        public void A_rejected_notification_becomes_a_dead_letter_on_the_terminal_and_the_next_one_is_delivered()
        {
            var terminal = new TestTerminal(new MemoryFileStore(), server.Port, Harness.FastTerminalOptions(), new Terminal.Pc.SystemClock());
            try
            {
                PaidNotification foreign = OutboxFixtures.Payment(5);
                foreign.TerminalId = "T-OTHER"; // the server answers 422
                terminal.Outbox.Enqueue(foreign);
                terminal.Outbox.Enqueue(OutboxFixtures.Payment(6));
                terminal.DrainByStepping();
                DeadLetter[] letters = terminal.Outbox.DeadLetters();
                Assert.Single(letters);
                Assert.Equal(422, letters[0].Status);
                Assert.Contains("invalid_notification", letters[0].Reason);
                Assert.Single(server.Store.Notifications());
            }
            finally
            {
                terminal.PowerOff();
            }
        }
    }
}
