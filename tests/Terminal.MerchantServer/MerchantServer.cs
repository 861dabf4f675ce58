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
using Terminal.MerchantServer.Reconciliation;

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
        private Uri? baseAddress;

        private MerchantServer(MerchantServerOptions options, WebApplication app, MerchantStore store, AdminToken adminToken)
        {
            this.options = options;
            this.app = app;
            Store = store;
            Admin = adminToken;
            BillReconciliation = new ReconciliationService(store, options);
        }

        /// <summary>WeChat's daily bills against the terminals' notifications and Z reports (docs/merchant-api.md, "Reconciliation").</summary>
        public ReconciliationService BillReconciliation { get; }

        public MerchantStore Store { get; }

        /// <summary>The token admin calls and the dashboard need (generated into the data folder unless given).</summary>
        public AdminToken Admin { get; }

        /// <summary>The settings the server runs with (surge rule, windows, limits).</summary>
        public MerchantServerOptions Options => options;

        public FaultPlan Faults { get; } = new FaultPlan();

        /// <summary>Where it listens; set by <see cref="Start"/> before it returns.</summary>
        public Uri BaseAddress => baseAddress ?? throw new InvalidOperationException("the server has not started");

        public int Port => BaseAddress.Port;

        /// <summary>The store owner's dashboard (sign in with the admin token).</summary>
        public Uri DashboardAddress => new Uri(BaseAddress, "dashboard");

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
                // Kestrel's own cap is looser: a body a little over MaxBodyBytes is read and dropped, so
                // the 413 reaches the client instead of a reset of a connection it is still writing to.
                k.Limits.MaxRequestBodySize = Math.Max(4L * options.MaxBodyBytes, 256 * 1024);
            });
            var store = new MerchantStore(options.DataFolder);
            foreach (var terminal in options.Terminals)
            {
                store.UpsertTerminal(terminal.Key, terminal.Value);
            }

            AdminToken adminToken = AdminToken.LoadOrCreate(options.DataFolder, options.AdminToken);
            WebApplication app = builder.Build();
            var server = new MerchantServer(options, app, store, adminToken);
            server.Map();
            try
            {
                app.StartAsync().GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // e.g. the port is taken (IOException): release the database before the caller retries.
                ((IDisposable)app).Dispose();
                store.Dispose();
                throw;
            }

            // Kestrel always has the addresses feature.
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.baseAddress = new Uri(address.Replace("[::1]", "127.0.0.1"));
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
            new Dashboard.DashboardPages(this).Map(app);
            app.MapPost("/v1/notifications", ctx => HandleTerminal(ctx, control: false));
            app.MapPost("/v1/control", ctx => HandleTerminal(ctx, control: true));
            app.MapGet("/admin/terminals/{id}", ctx => RequireAdmin(ctx, () => TerminalAnswer(ctx, RouteId(ctx))));
            app.MapPost("/admin/terminals/{id}/resume", ctx => RequireAdmin(ctx, () =>
            {
                string id = RouteId(ctx);
                if (Store.State(id) != null)
                {
                    Store.Resume(id, options.Now());
                }

                return TerminalAnswer(ctx, id);
            }));
            app.MapPost("/admin/terminals/{id}/suspend", ctx => RequireAdmin(ctx, () =>
            {
                string id = RouteId(ctx);
                if (Store.State(id) != null)
                {
                    Store.Suspend(id, SuspendReason(ctx.Request.Query["reason"].FirstOrDefault()));
                }

                return TerminalAnswer(ctx, id);
            }));
            app.MapPost("/admin/terminals/{id}/register", ctx => RequireAdmin(ctx, () =>
            {
                string id = RouteId(ctx);
                byte[]? secret = ParseSecret(ctx.Request.Query["secret"].FirstOrDefault());
                if (secret == null)
                {
                    return Json(ctx, 400, Error(null, "bad_secret", "secret must be at least 16 bytes written as an even number of hex digits"));
                }

                Store.UpsertTerminal(id, secret);
                return Json(ctx, 200, TerminalJson(Store.State(id)));
            }));
            app.MapGet("/admin/refunds", ctx => RequireAdmin(ctx, () =>
            {
                var list = Store.Refunds(ctx.Request.Query["terminal"].FirstOrDefault());
                return Json(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(list.Select(r => new
                {
                    key = r.Key, terminal_id = r.TerminalId, out_trade_no = r.OutTradeNo, transaction_id = r.TransactionId, out_refund_no = r.OutRefundNo,
                    refund_id = r.RefundId, refund_fee = r.RefundFee, total_fee = r.TotalFee, fee_type = r.FeeType, refund_success_time = r.RefundSuccessTime,
                    refunded_at = r.RefundedAt, received_at = r.ReceivedAt, deliveries = r.Deliveries,
                })));
            }));
            app.MapGet("/admin/z-reports", ctx => RequireAdmin(ctx, () =>
            {
                var list = Store.ZReports(ctx.Request.Query["terminal"].FirstOrDefault());
                return Json(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(list.Select(z => new
                {
                    key = z.Key, terminal_id = z.Report.TerminalId, z_number = z.Report.ZNumber, business_day = z.Report.BusinessDay,
                    utc_offset_minutes = z.Report.UtcOffsetMinutes, opened_at = z.Report.OpenedAt, closed_at = z.Report.ClosedAt,
                    totals = z.Report.Totals.Select(t => new
                    {
                        fee_type = t.FeeType, sales_count = t.SalesCount, sales_sum = t.SalesSum, refunds_count = t.RefundsCount, refunds_sum = t.RefundsSum,
                        revokes_count = t.RevokesCount, unresolved_count = t.UnresolvedCount,
                    }),
                    received_at = z.ReceivedAt, deliveries = z.Deliveries,
                })));
            }));
            app.MapGet("/admin/reconciliation", ctx => RequireAdmin(ctx, () =>
            {
                if (!ReconciliationService.TryParseDay(ctx.Request.Query["date"].FirstOrDefault(), out DateOnly day))
                {
                    return Json(ctx, 400, Error(null, "bad_date", "date must be yyyy-MM-dd (a China Standard Time day: WeChat's bill day)"));
                }

                return Json(ctx, 200, ReconciliationService.Json(BillReconciliation.Report(day)));
            }));
            app.MapPost("/admin/reconciliation/fetch", ctx => RequireAdmin(ctx, () =>
            {
                if (!ReconciliationService.TryParseDay(ctx.Request.Query["date"].FirstOrDefault(), out DateOnly day))
                {
                    return Json(ctx, 400, Error(null, "bad_date", "date must be yyyy-MM-dd (a China Standard Time day: WeChat's bill day)"));
                }

                (BillLoadOutcome outcome, string? detail) = BillReconciliation.Fetch(day);
                return LoadAnswer(ctx, day, outcome, detail);
            }));
            app.MapPost("/admin/reconciliation/bill", ctx => RequireAdmin(ctx, async () =>
            {
                if (!ReconciliationService.TryParseDay(ctx.Request.Query["date"].FirstOrDefault(), out DateOnly day))
                {
                    await Json(ctx, 400, Error(null, "bad_date", "date must be yyyy-MM-dd (a China Standard Time day: WeChat's bill day)"));
                    return;
                }

                byte[]? body = await ReadUpload(ctx);
                if (body == null)
                {
                    await Json(ctx, 413, Error(null, "too_large", "a bill over " + ReconciliationService.MaxUploadBytes + " bytes"));
                    return;
                }

                (BillLoadOutcome outcome, string? detail) = BillReconciliation.Upload(day, body);
                await LoadAnswer(ctx, day, outcome, detail);
            }));
            app.MapGet("/admin/notifications", ctx => RequireAdmin(ctx, () =>
            {
                var list = Store.Notifications(ctx.Request.Query["terminal"].FirstOrDefault());
                return Json(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(list.Select(n => new
                {
                    key = n.Key, terminal_id = n.TerminalId, total_fee = n.TotalFee, paid_at = n.PaidAt, received_at = n.ReceivedAt, deliveries = n.Deliveries,
                })));
            }));
        }

        // A bill load's answer: the day's report when loaded, else the outcome's error.
        private Task LoadAnswer(HttpContext ctx, DateOnly day, BillLoadOutcome outcome, string? detail)
        {
            int status = BillLoadOutcomes.Status(outcome);
            if (status != 200)
            {
                return Json(ctx, status, Error(null, BillLoadOutcomes.Code(outcome),
                    BillLoadOutcomes.Message(outcome) + (detail == null ? string.Empty : ": " + detail)));
            }

            return Json(ctx, 200, ReconciliationService.Json(BillReconciliation.Report(day)));
        }

        /// <summary>An uploaded bill: up to <see cref="ReconciliationService.MaxUploadBytes"/> (far above the terminals' 16 KB); null when larger.</summary>
        internal static async Task<byte[]?> ReadUpload(HttpContext ctx)
        {
            var limit = ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
            if (limit != null && !limit.IsReadOnly)
            {
                limit.MaxRequestBodySize = ReconciliationService.MaxUploadBytes + 1L;
            }

            using var memory = new MemoryStream();
            byte[] buffer = new byte[65536];
            try
            {
                int read;
                while ((read = await ctx.Request.Body.ReadAsync(buffer)) > 0)
                {
                    memory.Write(buffer, 0, read);
                    if (memory.Length > ReconciliationService.MaxUploadBytes)
                    {
                        return null;
                    }
                }
            }
            catch (BadHttpRequestException)
            {
                return null;
            }

            return memory.ToArray();
        }

        private Task RequireAdmin(HttpContext ctx, Func<Task> handler)
        {
            if (!Admin.Matches(ctx.Request.Headers["X-Admin-Token"].FirstOrDefault()))
            {
                return Json(ctx, 401, Error(null, "admin_token", "X-Admin-Token required (the token is in the data folder's " + AdminToken.FileName + " file)"));
            }

            return handler();
        }

        // The route template {id} always binds it.
        private static string RouteId(HttpContext ctx) => (string)ctx.Request.RouteValues["id"]!;

        private Task TerminalAnswer(HttpContext ctx, string id)
        {
            TerminalState? state = Store.State(id);
            return state == null ? Json(ctx, 404, Error(null, "unknown_terminal", "no such terminal")) : Json(ctx, 200, TerminalJson(state));
        }

        /// <summary>Longest suspension reason kept (the terminal shows the first 160 characters).</summary>
        public const int MaxReasonLength = 200;

        internal static string SuspendReason(string? given)
        {
            string reason = string.IsNullOrWhiteSpace(given) ? "suspended by the merchant" : given.Trim();
            return reason.Length > MaxReasonLength ? reason.Substring(0, MaxReasonLength) : reason;
        }

        /// <summary>A terminal secret in hex (at least 16 bytes), or null when it is not one.</summary>
        internal static byte[]? ParseSecret(string? hex)
        {
            if (string.IsNullOrEmpty(hex) || hex.Length % 2 != 0 || hex.Length < 32)
            {
                return null;
            }

            byte[] secret = new byte[hex.Length / 2];
            return Convert.FromHexString(hex, secret, out _, out int written) == System.Buffers.OperationStatus.Done && written == secret.Length ? secret : null;
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

            (byte[]? body, int bodyStatus) = await ReadBody(ctx);
            if (bodyStatus != 0)
            {
                // Before any identity check: "too large" is about the request, and answering it with
                // 401 would make the terminal retry for ever. The terminal parks a 413 as a dead letter.
                await Json(ctx, bodyStatus, bodyStatus == 413
                    ? Error(null, "too_large", "request body over " + options.MaxBodyBytes + " bytes")
                    : Error(null, "malformed", "unreadable request body"));
                return;
            }

            string? terminalId = ctx.Request.Headers["X-Terminal-Id"].FirstOrDefault();
            byte[]? secret = terminalId == null ? null : Store.SecretOf(terminalId);
            // ReadBody gives a body whenever its status is 0.
            Answer answer = terminalId == null || secret == null
                ? new Answer(401, Error(null, "unknown_terminal", "unknown terminal or missing X-Terminal-Id"))
                : Process(body!, terminalId, secret, ctx.Request.Headers["X-Signature"].FirstOrDefault(), control);
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
        private Answer Process(byte[] body, string terminalId, byte[] secret, string? signature, bool control)
        {
            byte[]? given = null;
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

            string? nonce = Str(root, "nonce");
            if (root.ValueKind != JsonValueKind.Object || Str(root, "terminal_id") != terminalId || nonce == null || nonce.Length < 16 || nonce.Length > 64
                || !root.TryGetProperty("timestamp", out JsonElement ts) || ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out long timestamp))
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

            // The type (absent = payment, the original format) and its version: docs/merchant-api.md, "Notification types".
            string? typeProblem = TypedNotificationReader.TypeOf(n, out string? type, out long version);
            if (typeProblem != null)
            {
                return Refuse(nonce, NotificationError.InvalidNotification, typeProblem);
            }

            switch (type)
            {
                case null:
                case NotificationTypes.Payment:
                    if (version > 1)
                    {
                        return Refuse(nonce, NotificationError.UnsupportedVersion, "payment notifications have version 1 (or none); this server does not know version " + version);
                    }

                    break;
                case NotificationTypes.Refund:
                    return StoreRefund(n, nonce, terminalId, version, now);
                case NotificationTypes.ZReport:
                    return StoreZReport(n, nonce, terminalId, version, now);
                default:
                    return Refuse(nonce, NotificationError.UnknownType, "unknown notification type '" + Truncate(type, 40) + "' (this server knows payment, refund and z_report)");
            }

            string? outTradeNo = Str(n, "out_trade_no");
            string? transactionId = Str(n, "transaction_id");
            long totalFee = Int64(n, "total_fee");
            long cashFee = Int64(n, "cash_fee");
            string? feeType = Str(n, "fee_type");
            long paidAt = Int64(n, "paid_at");
            if (string.IsNullOrEmpty(outTradeNo) || string.IsNullOrEmpty(transactionId) || totalFee <= 0 || cashFee < 0 || cashFee > totalFee
                || string.IsNullOrEmpty(feeType) || Str(n, "terminal_id") != terminalId)
            {
                return new Answer(422, Error(nonce, "invalid_notification", "out_trade_no, transaction_id, total_fee > 0, 0 <= cash_fee <= total_fee, fee_type and this terminal_id are required"));
            }

            string? periodProblem = TypedNotificationReader.Period(n, false, out _);
            if (periodProblem != null)
            {
                return Refuse(nonce, NotificationError.InvalidNotification, periodProblem);
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

        private static Answer Refuse(string nonce, NotificationError error, string message) =>
            new Answer(NotificationErrors.Status(error), Error(nonce, NotificationErrors.Code(error), message));

        private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";

        private Answer StoreRefund(JsonElement n, string nonce, string terminalId, long version, long now)
        {
            if (version < 1 || version > NotificationTypes.RefundVersion)
            {
                return Refuse(nonce, NotificationError.UnsupportedVersion, version < 0
                    ? "refund notifications need \"version\" (1 to " + NotificationTypes.RefundVersion + ")"
                    : "this server knows refund versions 1 to " + NotificationTypes.RefundVersion + ", not " + version);
            }

            RefundNotification? refund = TypedNotificationReader.ReadRefund(n, terminalId, version, out string? problem);
            if (refund == null)
            {
                // The reader returns null only with a problem.
                return Refuse(nonce, NotificationError.InvalidNotification, problem!);
            }

            (StoreOutcome outcome, NotificationError? refusal, string? detail) = Store.StoreRefund(refund, n.GetRawText(), now);
            if (refusal != null)
            {
                // A refusal always comes with its detail.
                return Refuse(nonce, refusal.Value, detail!);
            }

            Count(outcome);
            return new Answer(200, Ack(nonce, outcome == StoreOutcome.Stored ? "stored" : "duplicate", refund.Key, terminalId));
        }

        private Answer StoreZReport(JsonElement n, string nonce, string terminalId, long version, long now)
        {
            if (version != NotificationTypes.ZReportVersion)
            {
                return Refuse(nonce, NotificationError.UnsupportedVersion, version < 0
                    ? "z_report notifications need \"version\":" + NotificationTypes.ZReportVersion
                    : "this server knows z_report version " + NotificationTypes.ZReportVersion + ", not " + version);
            }

            ZReport? report = TypedNotificationReader.ReadZReport(n, terminalId, out string? problem);
            if (report == null)
            {
                // The reader returns null only with a problem.
                return Refuse(nonce, NotificationError.InvalidNotification, problem!);
            }

            StoreOutcome outcome = Store.StoreZReport(report, n.GetRawText(), now);
            if (outcome == StoreOutcome.Conflict)
            {
                return Refuse(nonce, NotificationError.Conflict, "a different Z report with the idempotency key " + report.Key + " is already stored");
            }

            Count(outcome);
            return new Answer(200, Ack(nonce, outcome == StoreOutcome.Stored ? "stored" : "duplicate", report.Key, terminalId));
        }

        private void Count(StoreOutcome outcome)
        {
            if (outcome == StoreOutcome.Stored)
            {
                Interlocked.Increment(ref stored);
            }
            else
            {
                Interlocked.Increment(ref duplicates);
            }
        }

        // Surge rule: N payments or amount X paid within T seconds (counting only payments after the last resume).
        private void ApplySurgeRule(string terminalId, long now)
        {
            // The terminal's secret was found, and terminals are never removed.
            TerminalState state = Store.State(terminalId)!;
            if (state.Suspended)
            {
                return;
            }

            long from = Math.Max(now - options.SurgeWindowSeconds, state.ResumedAt);
            (int count, long amount) = Store.Window(terminalId, from);
            string? reason = null;
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

        private byte[] Ack(string nonce, string result, string? key, string terminalId)
        {
            // The terminal's secret was found, and terminals are never removed.
            TerminalState state = Store.State(terminalId)!;
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

        private static byte[] Error(string? nonce, string code, string message)
        {
            return JsonSerializer.SerializeToUtf8Bytes(new { nonce, error = code, message });
        }

        private static byte[] TerminalJson(TerminalState? s)
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

        // The body, or the status to refuse it with (413 over the limit, 400 unreadable). Past the
        // limit the rest is read and dropped (up to Kestrel's looser cap), never kept in memory.
        private async Task<(byte[]? Body, int Status)> ReadBody(HttpContext ctx)
        {
            using var memory = new MemoryStream();
            byte[] buffer = new byte[4096];
            bool tooLarge = ctx.Request.ContentLength > options.MaxBodyBytes;
            try
            {
                int read;
                while ((read = await ctx.Request.Body.ReadAsync(buffer)) > 0)
                {
                    if (!tooLarge && memory.Length + read <= options.MaxBodyBytes)
                    {
                        memory.Write(buffer, 0, read);
                    }
                    else
                    {
                        tooLarge = true;
                    }
                }
            }
            catch (BadHttpRequestException e)
            {
                return (null, e.StatusCode == 413 ? 413 : 400);
            }

            return tooLarge ? (null, 413) : (memory.ToArray(), 0);
        }

        private static string? Str(JsonElement e, string name)
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
