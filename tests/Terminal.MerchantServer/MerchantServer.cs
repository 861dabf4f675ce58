using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Terminal.MerchantServer
{
    /// <summary>
    /// The reference merchant server (contract: docs/merchant-api.md). Start it in-process with
    /// <see cref="Start"/>; it listens on 127.0.0.1 only, HTTP (put a TLS reverse proxy in front for
    /// anything but loopback tests).
    /// </summary>
    public sealed class MerchantServer : IDisposable
    {
        private readonly WebApplication app;
        private readonly MerchantServerOptions options;
        private int requests;
        private int stored;
        private int duplicates;
        private int refused;

        private MerchantServer(MerchantServerOptions options, WebApplication app, MerchantStore store)
        {
            this.options = options;
            this.app = app;
            Store = store;
        }

        public MerchantStore Store { get; }

        public FaultPlan Faults { get; } = new FaultPlan();

        public Uri BaseAddress { get; private set; }

        public int Port => BaseAddress.Port;

        public int Requests => requests;

        public int StoredCount => stored;

        public int DuplicateCount => duplicates;

        /// <summary>Requests refused for authentication (signature, clock, replay).</summary>
        public int Refused => refused;

        /// <summary>Builds and starts the server; returns once it is listening.</summary>
        public static MerchantServer Start(MerchantServerOptions options, bool consoleLogging = false)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            if (consoleLogging)
            {
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            }

            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, options.Port);
                k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            });
            var store = new MerchantStore(options.DataFolder);
            foreach (var terminal in options.Terminals)
            {
                store.UpsertTerminal(terminal.Key, terminal.Value);
            }

            WebApplication app = builder.Build();
            var server = new MerchantServer(options, app, store);
            server.Map();
            app.StartAsync().GetAwaiter().GetResult();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            server.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1"));
            return server;
        }

        /// <summary>Blocks until the process is asked to stop (standalone mode).</summary>
        public void WaitForShutdown()
        {
            app.WaitForShutdown();
        }

        public void Dispose()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                app.StopAsync(timeout.Token).GetAwaiter().GetResult();
            }
            finally
            {
                ((IDisposable)app).Dispose();
                Store.Dispose();
            }
        }

        private void Map()
        {
            app.MapPost("/v1/notifications", ctx => HandleTerminal(ctx, control: false));
            app.MapPost("/v1/control", ctx => HandleTerminal(ctx, control: true));
            app.MapGet("/admin/terminals/{id}", ctx => Admin(ctx, () => Json(ctx, 200, TerminalJson(Store.State((string)ctx.Request.RouteValues["id"])))));
            app.MapPost("/admin/terminals/{id}/resume", ctx => Admin(ctx, () =>
            {
                string id = (string)ctx.Request.RouteValues["id"];
                Store.Resume(id, options.Now());
                return Json(ctx, 200, TerminalJson(Store.State(id)));
            }));
            app.MapPost("/admin/terminals/{id}/suspend", ctx => Admin(ctx, () =>
            {
                string id = (string)ctx.Request.RouteValues["id"];
                Store.Suspend(id, ctx.Request.Query["reason"].FirstOrDefault() ?? "suspended by the merchant");
                return Json(ctx, 200, TerminalJson(Store.State(id)));
            }));
            app.MapPost("/admin/terminals/{id}/register", ctx => Admin(ctx, () =>
            {
                string id = (string)ctx.Request.RouteValues["id"];
                byte[] secret = Convert.FromHexString(ctx.Request.Query["secret"].FirstOrDefault() ?? string.Empty);
                if (secret.Length < 16)
                {
                    return Json(ctx, 400, Error(null, "bad_secret", "secret must be at least 16 bytes of hex"));
                }

                Store.UpsertTerminal(id, secret);
                return Json(ctx, 200, TerminalJson(Store.State(id)));
            }));
            app.MapGet("/admin/notifications", ctx => Admin(ctx, () =>
            {
                var list = Store.Notifications(ctx.Request.Query["terminal"].FirstOrDefault());
                return Json(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(list.Select(n => new
                {
                    key = n.Key, terminal_id = n.TerminalId, total_fee = n.TotalFee, paid_at = n.PaidAt, received_at = n.ReceivedAt, deliveries = n.Deliveries,
                })));
            }));
        }

        private Task Admin(HttpContext ctx, Func<Task> handler)
        {
            if (options.AdminToken != null && ctx.Request.Headers["X-Admin-Token"] != options.AdminToken)
            {
                return Json(ctx, 401, Error(null, "admin_token", "X-Admin-Token required"));
            }

            return handler();
        }

        private async Task HandleTerminal(HttpContext ctx, bool control)
        {
            Interlocked.Increment(ref requests);
            ServerFault fault = Faults.Next();
            if (fault == ServerFault.Unavailable)
            {
                await Json(ctx, 503, Error(null, "unavailable", "try again later"));
                return;
            }

            if (fault == ServerFault.TooManyRequests)
            {
                ctx.Response.Headers["Retry-After"] = "1";
                await Json(ctx, 429, Error(null, "rate_limited", "slow down"));
                return;
            }

            byte[] body = await ReadBody(ctx);
            string terminalId = ctx.Request.Headers["X-Terminal-Id"].FirstOrDefault();
            byte[] secret = body == null || terminalId == null ? null : Store.SecretOf(terminalId);
            Answer answer = secret == null
                ? new Answer(401, Error(null, "unknown_terminal", "unknown terminal or missing X-Terminal-Id"))
                : Process(body, terminalId, secret, ctx.Request.Headers["X-Signature"].FirstOrDefault(), control);
            if (answer.Status == 401)
            {
                Interlocked.Increment(ref refused);
            }

            if (fault == ServerFault.DropAnswer)
            {
                ctx.Abort();
                return;
            }

            if (fault == ServerFault.SlowAnswer)
            {
                try
                {
                    await Task.Delay(Faults.SlowAnswerMs, ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (secret != null)
            {
                ctx.Response.Headers["X-Signature"] = Convert.ToHexString(HMACSHA256.HashData(secret, answer.Body));
            }

            await Json(ctx, answer.Status, answer.Body);
        }

        private sealed class Answer
        {
            public Answer(int status, byte[] body)
            {
                Status = status;
                Body = body;
            }

            public int Status { get; }

            public byte[] Body { get; }
        }

        // Verification order: signature (before parsing anything), then JSON, identity, clock, replay, content.
        private Answer Process(byte[] body, string terminalId, byte[] secret, string signature, bool control)
        {
            byte[] given = null;
            try
            {
                given = signature == null ? null : Convert.FromHexString(signature);
            }
            catch (FormatException)
            {
            }

            if (given == null || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, body), given))
            {
                return new Answer(401, Error(null, "bad_signature", "X-Signature is not HMAC-SHA256 of the body with this terminal's secret"));
            }

            JsonElement root;
            try
            {
                root = JsonDocument.Parse(body).RootElement;
            }
            catch (JsonException e)
            {
                return new Answer(400, Error(null, "malformed", e.Message));
            }

            string nonce = Str(root, "nonce");
            if (root.ValueKind != JsonValueKind.Object || Str(root, "terminal_id") != terminalId || nonce == null || nonce.Length < 16 || nonce.Length > 64
                || !root.TryGetProperty("timestamp", out JsonElement ts) || !ts.TryGetInt64(out long timestamp))
            {
                return new Answer(400, Error(nonce, "malformed", "terminal_id (matching X-Terminal-Id), timestamp and nonce are required"));
            }

            long now = options.Now();
            if (Math.Abs(now - timestamp) > options.ReplayWindowSeconds)
            {
                return new Answer(401, Error(nonce, "stale_timestamp", "timestamp is " + (timestamp - now) + " s off the server clock (window " + options.ReplayWindowSeconds + " s); server_time=" + now));
            }

            if (!Store.TryUseNonce(terminalId, nonce, now, options.ReplayWindowSeconds))
            {
                return new Answer(401, Error(nonce, "replayed", "this nonce was already used"));
            }

            if (control)
            {
                Store.RecordSeen(terminalId, now, Int(root, "outbox_depth"), Int(root, "dead_letters"),
                    root.TryGetProperty("velocity_locked", out JsonElement v) && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False) ? v.GetBoolean() : null,
                    Str(root, "velocity_reason"));
                return new Answer(200, Ack(nonce, "ok", null, terminalId));
            }

            Store.RecordSeen(terminalId, now, null, null, null, null);
            if (!root.TryGetProperty("notification", out JsonElement n) || n.ValueKind != JsonValueKind.Object)
            {
                return new Answer(400, Error(nonce, "malformed", "notification object missing"));
            }

            string outTradeNo = Str(n, "out_trade_no");
            string transactionId = Str(n, "transaction_id");
            long totalFee = Int64(n, "total_fee");
            long cashFee = Int64(n, "cash_fee");
            string feeType = Str(n, "fee_type");
            long paidAt = Int64(n, "paid_at");
            if (string.IsNullOrEmpty(outTradeNo) || string.IsNullOrEmpty(transactionId) || totalFee <= 0 || cashFee < 0 || cashFee > totalFee
                || string.IsNullOrEmpty(feeType) || Str(n, "terminal_id") != terminalId)
            {
                return new Answer(422, Error(nonce, "invalid_notification", "out_trade_no, transaction_id, total_fee > 0, 0 <= cash_fee <= total_fee, fee_type and this terminal_id are required"));
            }

            string key = outTradeNo + ":" + transactionId;
            StoreOutcome outcome = Store.StoreNotification(terminalId, key, outTradeNo, transactionId, totalFee, cashFee, feeType,
                Str(n, "time_end"), Str(n, "bank_type"), Str(n, "openid"), paidAt, n.GetRawText(), now);
            if (outcome == StoreOutcome.Conflict)
            {
                return new Answer(409, Error(nonce, "conflict", "a different notification with the idempotency key " + key + " is already stored"));
            }

            if (outcome == StoreOutcome.Stored)
            {
                Interlocked.Increment(ref stored);
                ApplySurgeRule(terminalId, now);
            }
            else
            {
                Interlocked.Increment(ref duplicates);
            }

            return new Answer(200, Ack(nonce, outcome == StoreOutcome.Stored ? "stored" : "duplicate", key, terminalId));
        }

        // Surge rule: N payments or amount X paid within T seconds (counting only payments after the last resume).
        private void ApplySurgeRule(string terminalId, long now)
        {
            TerminalState state = Store.State(terminalId);
            if (state.Suspended)
            {
                return;
            }

            long from = Math.Max(now - options.SurgeWindowSeconds, state.ResumedAt);
            (int count, long amount) = Store.Window(terminalId, from);
            string reason = null;
            if (options.SurgeCount > 0 && count >= options.SurgeCount)
            {
                reason = "surge: " + count + " payments in " + (options.SurgeWindowSeconds / 60) + " min";
            }
            else if (options.SurgeAmount > 0 && amount >= options.SurgeAmount)
            {
                reason = "surge: amount " + amount + " in " + (options.SurgeWindowSeconds / 60) + " min";
            }

            if (reason != null)
            {
                Store.Suspend(terminalId, reason);
            }
        }

        private byte[] Ack(string nonce, string result, string key, string terminalId)
        {
            TerminalState state = Store.State(terminalId);
            var buffer = new ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("nonce", nonce);
                w.WriteString("result", result);
                if (key != null)
                {
                    w.WriteString("key", key);
                }

                w.WriteStartObject("control");
                w.WriteBoolean("suspended", state.Suspended);
                w.WriteString("reason", state.Suspended ? state.Reason : string.Empty);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }

        private static byte[] Error(string nonce, string code, string message)
        {
            return JsonSerializer.SerializeToUtf8Bytes(new { nonce, error = code, message });
        }

        private static byte[] TerminalJson(TerminalState s)
        {
            if (s == null)
            {
                return Error(null, "unknown_terminal", "no such terminal");
            }

            return JsonSerializer.SerializeToUtf8Bytes(new
            {
                id = s.Id, suspended = s.Suspended, reason = s.Reason, resumed_at = s.ResumedAt, last_seen = s.LastSeen,
                outbox_depth = s.ReportedDepth, dead_letters = s.ReportedDeadLetters, velocity_locked = s.ReportedVelocityLock, velocity_reason = s.ReportedVelocityReason,
            });
        }

        private static async Task Json(HttpContext ctx, int status, byte[] body)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body);
        }

        private async Task<byte[]> ReadBody(HttpContext ctx)
        {
            using var memory = new MemoryStream();
            try
            {
                await ctx.Request.Body.CopyToAsync(memory);
            }
            catch (BadHttpRequestException)
            {
                return null;
            }

            return memory.Length > options.MaxBodyBytes ? null : memory.ToArray();
        }

        private static string Str(JsonElement e, string name)
        {
            return e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        private static long Int64(JsonElement e, string name)
        {
            return e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x) ? x : -1;
        }

        private static int? Int(JsonElement e, string name)
        {
            return e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int x) ? x : null;
        }
    }
}
