using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Terminal.Core.Money;

namespace Terminal.MerchantServer.Dashboard
{
    /// <summary>
    /// The store owner's web dashboard (docs/dashboard.md): terminals (last contact, reported
    /// queue, dead letters, local velocity lock, suspended or not and why) with suspend/resume,
    /// notifications searchable by day, order and amount, daily totals per terminal, and the risk
    /// rule's settings. Server-rendered HTML and one stylesheet served from here: no JavaScript, no
    /// CDN. Sign-in with the admin token gives an HttpOnly, SameSite=Strict session cookie; every
    /// form that changes something carries a per-session CSRF token. Everything stored is shown
    /// through <see cref="Html.Format"/>, which encodes it.
    /// </summary>
    public sealed partial class DashboardPages
    {
        public const string Root = "/dashboard";
        public const string CookieName = "dashboard_session";
        public const int SessionSeconds = 8 * 3600;
        public const int MaxResults = 500;
        public const int MaxTotalsDays = 92;

        private readonly MerchantServer server;
        private readonly ConcurrentDictionary<string, long> sessions = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        private readonly byte[] csrfKey = RandomNumberGenerator.GetBytes(32);

        public DashboardPages(MerchantServer server)
        {
            this.server = server;
        }

        private MerchantStore Store => server.Store;

        private MerchantServerOptions Options => server.Options;

        public void Map(WebApplication app)
        {
            app.MapGet(Root, ctx => Page(ctx, "Terminals", TerminalsPage));
            app.MapGet(Root + "/notifications", ctx => Page(ctx, "Notifications", NotificationsPage));
            app.MapGet(Root + "/totals", ctx => Page(ctx, "Daily totals", TotalsPage));
            app.MapGet(Root + "/risk", ctx => Page(ctx, "Risk rule", RiskPage));
            app.MapGet(Root + "/reconciliation", ctx => Page(ctx, "Reconciliation", ReconciliationPage));
            app.MapPost(Root + "/reconciliation/fetch", ctx => Act(ctx, session => FetchBill(ctx)));
            app.MapPost(Root + "/reconciliation/upload", ctx =>
            {
                // A bill file is far larger than the terminals' requests: this form alone may send up to the upload limit.
                var limit = ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
                if (limit != null && !limit.IsReadOnly)
                {
                    limit.MaxRequestBodySize = Reconciliation.ReconciliationService.MaxUploadBytes + 64 * 1024;
                }

                return Act(ctx, session => UploadBill(ctx));
            });
            app.MapGet(Root + "/style.css", Stylesheet);
            app.MapGet(Root + "/login", ctx => Send(ctx, 200, LoginPage(ReturnPath(ctx.Request.Query["return"].FirstOrDefault()), null)));
            app.MapPost(Root + "/login", Login);
            app.MapPost(Root + "/logout", ctx => Act(ctx, session =>
            {
                sessions.TryRemove(session, out _);
                ctx.Response.Cookies.Delete(CookieName, new CookieOptions { Path = Root });
                return Root + "/login";
            }));
            app.MapPost(Root + "/terminals/{id}/suspend", ctx => Act(ctx, session => ChangeTerminal(ctx, suspend: true)));
            app.MapPost(Root + "/terminals/{id}/resume", ctx => Act(ctx, session => ChangeTerminal(ctx, suspend: false)));
        }

        // ------------------------------------------------------------------ sessions

        private string? SessionOf(HttpContext ctx)
        {
            string? id = ctx.Request.Cookies[CookieName];
            if (id == null || !sessions.TryGetValue(id, out long expires))
            {
                return null;
            }

            if (expires < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
            {
                sessions.TryRemove(id, out _);
                return null;
            }

            return id;
        }

        private string CsrfToken(string session) => Convert.ToHexString(HMACSHA256.HashData(csrfKey, Encoding.UTF8.GetBytes(session)));

        private async Task Login(HttpContext ctx)
        {
            IFormCollection? form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync() : null;
            string returnPath = ReturnPath(form?["return"].FirstOrDefault());
            if (form == null || !server.Admin.Matches(form["token"].FirstOrDefault()))
            {
                await Send(ctx, 401, LoginPage(returnPath, "That is not the admin token."));
                return;
            }

            string session = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            sessions[session] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + SessionSeconds;
            ctx.Response.Cookies.Append(CookieName, session, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = Root,
                Secure = ctx.Request.IsHttps,
                MaxAge = TimeSpan.FromSeconds(SessionSeconds),
            });
            Redirect(ctx, returnPath);
        }

        // Only a path of this dashboard: never an open redirect.
        private static string ReturnPath(string? given)
        {
            if (string.IsNullOrEmpty(given) || !given.StartsWith(Root, StringComparison.Ordinal) || given.Contains("//", StringComparison.Ordinal)
                || given.Contains('\\') || given.Any(char.IsControl))
            {
                return Root;
            }

            return given;
        }

        private static void Redirect(HttpContext ctx, string location)
        {
            ctx.Response.StatusCode = 303;
            ctx.Response.Headers.Location = location;
        }

        // A POST that changes something: needs a session and its CSRF token; answers with a redirect.
        private async Task Act(HttpContext ctx, Func<string, string> action)
        {
            string? session = SessionOf(ctx);
            if (session == null)
            {
                Redirect(ctx, Root + "/login");
                return;
            }

            IFormCollection? form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync() : null;
            string? given = form?["csrf"].FirstOrDefault();
            if (given == null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(CsrfToken(session))))
            {
                await Send(ctx, 403, Layout(session, "Refused", Html.Format($"<h1>Refused</h1><p>This form has expired or did not come from this dashboard. <a href=\"{Root}\">Back to the terminals</a>.</p>")));
                return;
            }

            ctx.Items["form"] = form;
            Redirect(ctx, action(session));
        }

        // Act stores the form (checked above: a CSRF token came with it) before it calls the action.
        private static IFormCollection FormOf(HttpContext ctx) => (IFormCollection)ctx.Items["form"]!;

        private string ChangeTerminal(HttpContext ctx, bool suspend)
        {
            // The route template {id} always binds it.
            string id = (string)ctx.Request.RouteValues["id"]!;
            if (Store.State(id) == null)
            {
                return Root + "?notice=" + Uri.EscapeDataString("No terminal " + id + ".");
            }

            if (suspend)
            {
                var form = FormOf(ctx);
                string reason = MerchantServer.SuspendReason(form["reason"].FirstOrDefault());
                Store.Suspend(id, reason);
                return Root + "?notice=" + Uri.EscapeDataString(id + " suspended: " + reason + ". It refuses new sales from its next contact.");
            }

            Store.Resume(id, Options.Now());
            return Root + "?notice=" + Uri.EscapeDataString(id + " resumed. It sells again from its next contact.");
        }

        // ------------------------------------------------------------------ pages

        private async Task Page(HttpContext ctx, string title, Func<HttpContext, string, SafeHtml> body)
        {
            string? session = SessionOf(ctx);
            if (session == null)
            {
                Redirect(ctx, Root + "/login?return=" + Uri.EscapeDataString(ctx.Request.Path + ctx.Request.QueryString));
                return;
            }

            await Send(ctx, 200, Layout(session, title, body(ctx, session)));
        }

        private SafeHtml Layout(string? session, string title, SafeHtml main)
        {
            SafeHtml nav = Html.Join(new[] { ("Terminals", Root), ("Notifications", Root + "/notifications"), ("Daily totals", Root + "/totals"), ("Reconciliation", Root + "/reconciliation"), ("Risk rule", Root + "/risk") }
                .Select(link => Html.Format($"<a href=\"{link.Item2}\"{(link.Item1 == title ? Html.Format($" class=\"current\" aria-current=\"page\"") : Html.Empty)}>{link.Item1}</a>")));
            SafeHtml signOut = session == null ? Html.Empty : Html.Format(
                $"<form method=\"post\" action=\"{Root}/logout\" class=\"signout\"><input type=\"hidden\" name=\"csrf\" value=\"{CsrfToken(session)}\"><button type=\"submit\">Sign out</button></form>");
            return Html.Format($@"<!DOCTYPE html>
<html lang=""en"">
<head>
<meta charset=""utf-8"">
<meta name=""viewport"" content=""width=device-width, initial-scale=1"">
<title>{title} · Merchant dashboard</title>
<link rel=""stylesheet"" href=""{Root}/style.css"">
</head>
<body>
<header><span class=""brand"">Merchant dashboard</span><nav>{(session == null ? Html.Empty : nav)}</nav>{signOut}</header>
<main>
{main}
</main>
<footer>Times and days in {ZoneName()}. Amounts in each payment's currency. Reference merchant server: docs/dashboard.md.</footer>
</body>
</html>
");
        }

        private SafeHtml LoginPage(string returnPath, string? error)
        {
            SafeHtml problem = error == null ? Html.Empty : Html.Format($"<p class=\"error\" role=\"alert\">{error}</p>");
            return Layout(null, "Sign in", Html.Format($@"<h1>Sign in</h1>
{problem}
<form method=""post"" action=""{Root}/login"" class=""login"">
<input type=""hidden"" name=""return"" value=""{returnPath}"">
<label for=""token"">Admin token</label>
<input type=""password"" id=""token"" name=""token"" autocomplete=""current-password"" required autofocus>
<button type=""submit"">Sign in</button>
</form>
<p class=""hint"">The token was printed when the server first started and is kept in its data folder, file <code>{AdminToken.FileName}</code> (the simulator prints where).</p>"));
        }

        private SafeHtml TerminalsPage(HttpContext ctx, string session)
        {
            long now = Options.Now();
            (long dayStart, long dayEnd) = DayRange(LocalDate(now));
            var today = Store.Search(dayStart, dayEnd, null, null, null, int.MaxValue).GroupBy(n => n.TerminalId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            string? notice = ctx.Request.Query["notice"].FirstOrDefault();
            string csrf = CsrfToken(session);
            var rows = new List<SafeHtml>();
            foreach (TerminalState t in Store.Terminals())
            {
                today.TryGetValue(t.Id, out List<StoredNotification>? sales);
                sales ??= new List<StoredNotification>();
                string escaped = Uri.EscapeDataString(t.Id);
                SafeHtml state = t.Suspended
                    ? Html.Format($"<span class=\"badge suspended\">Suspended</span> <span class=\"reason\">{t.Reason}</span>")
                    : Html.Format($"<span class=\"badge selling\">Selling</span>");
                SafeHtml velocity = t.ReportedVelocityLock
                    ? Html.Format($"<span class=\"badge suspended\">Locked</span> <span class=\"reason\">{t.ReportedVelocityReason}</span>")
                    : Html.Format($"no");
                SafeHtml action = t.Suspended
                    ? Html.Format($"<form method=\"post\" action=\"{Root}/terminals/{escaped}/resume\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><button type=\"submit\">Resume</button></form>")
                    : Html.Format($"<form method=\"post\" action=\"{Root}/terminals/{escaped}/suspend\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"text\" name=\"reason\" maxlength=\"{MerchantServer.MaxReasonLength}\" placeholder=\"reason\" aria-label=\"reason to suspend {t.Id}\"><button type=\"submit\">Suspend</button></form>");
                rows.Add(Html.Format($@"<tr data-terminal=""{t.Id}"">
<td class=""id"">{t.Id}</td><td data-field=""last-contact"">{LastContact(t.LastSeen, now)}</td>
<td class=""num"" data-field=""queue"">{t.ReportedDepth}</td><td class=""num"" data-field=""dead-letters"">{t.ReportedDeadLetters}</td>
<td data-field=""velocity"">{velocity}</td><td data-field=""state"">{state}</td>
<td class=""num"" data-field=""today"">{sales.Count} · {Totals(sales)}</td><td class=""action"">{action}</td></tr>"));
            }

            SafeHtml table = rows.Count == 0
                ? Html.Format($"<p>No terminal is registered yet (start the server with <code>--terminal ID=SECRET</code> or use <code>POST /admin/terminals/ID/register</code>).</p>")
                : Html.Format($@"<table class=""terminals"">
<thead><tr><th>Terminal</th><th>Last contact</th><th>Queue reported</th><th>Dead letters</th><th>Local velocity lock</th><th>Sales</th><th>Today</th><th>Suspend / resume</th></tr></thead>
<tbody>
{Html.Join(rows)}
</tbody></table>");
            return Html.Format($@"<h1>Terminals</h1>
{(notice == null ? Html.Empty : Html.Format($"<p class=\"notice\" role=\"status\">{notice}</p>"))}
<p class=""hint"">Now: {LocalTime(now)}. “Queue reported” and “dead letters” are what each terminal said at its last contact; a suspension or resumption reaches the terminal with its next contact (at most a minute when it is on line).</p>
{table}");
        }

        private SafeHtml NotificationsPage(HttpContext ctx, string session)
        {
            IQueryCollection q = ctx.Request.Query;
            long now = Options.Now();
            string day = q.ContainsKey("day") ? q["day"].FirstOrDefault()?.Trim() ?? string.Empty : LocalDate(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string order = q["order"].FirstOrDefault()?.Trim() ?? string.Empty;
            string amountText = q["amount"].FirstOrDefault()?.Trim() ?? string.Empty;
            string terminal = q["terminal"].FirstOrDefault() ?? string.Empty;
            var problems = new List<string>();

            long from = long.MinValue;
            long to = long.MaxValue;
            if (day.Length > 0)
            {
                if (DateTime.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date))
                {
                    (from, to) = DayRange(date);
                }
                else
                {
                    problems.Add("Day: use the form YYYY-MM-DD, or leave it empty for every day.");
                }
            }

            Dictionary<string, long>? amounts = null;
            if (amountText.Length > 0)
            {
                amounts = AmountsFor(amountText);
                if (amounts.Count == 0)
                {
                    problems.Add("Amount: type it as on a receipt, e.g. 12.34 (no currency sign, no thousands separator).");
                }
            }

            List<StoredNotification> found = problems.Count > 0
                ? new List<StoredNotification>()
                : Store.Search(from, to, terminal.Length == 0 ? null : terminal, order, amounts, MaxResults + 1);
            bool more = found.Count > MaxResults;
            if (more)
            {
                found.RemoveAt(found.Count - 1);
            }

            SafeHtml options = Html.Join(new[] { Html.Format($"<option value=\"\">All terminals</option>") }.Concat(Store.Terminals().Select(t =>
                Html.Format($"<option value=\"{t.Id}\"{(t.Id == terminal ? Html.Format($" selected") : Html.Empty)}>{t.Id}</option>"))));
            SafeHtml rows = Html.Join(found.Select(n => Html.Format($@"<tr data-order=""{n.OutTradeNo}"">
<td>{LocalTime(n.PaidAt)}</td><td>{n.TerminalId}</td><td class=""mono"">{n.OutTradeNo}</td><td class=""mono"">{n.TransactionId}</td>
<td class=""num"" data-field=""amount"">{Money(n.TotalFee, n.FeeType)}</td><td class=""num"">{Money(n.CashFee, n.FeeType)}</td><td>{n.BankType}</td><td class=""num"">{n.Deliveries}</td></tr>")));
            SafeHtml result = found.Count == 0
                ? Html.Format($"<p class=\"count\" data-count=\"0\">No notification matches.</p>")
                : Html.Format($@"<p class=""count"" data-count=""{found.Count}"">{found.Count} notification{(found.Count == 1 ? "" : "s")}, {Totals(found)}{(more ? Html.Format($" — the newest {MaxResults}; narrow the search to see the others") : Html.Empty)}.</p>
<table class=""notifications"">
<thead><tr><th>Paid</th><th>Terminal</th><th>Order</th><th>WeChat transaction</th><th>Amount</th><th>Customer paid</th><th>Bank</th><th>Deliveries</th></tr></thead>
<tbody>
{rows}
</tbody></table>");
            return Html.Format($@"<h1>Notifications</h1>
<form method=""get"" action=""{Root}/notifications"" class=""search"">
<label>Day <input type=""date"" name=""day"" value=""{day}""></label>
<label>Order or transaction <input type=""text"" name=""order"" value=""{order}"" placeholder=""part of the number""></label>
<label>Amount <input type=""text"" name=""amount"" value=""{amountText}"" placeholder=""12.34"" inputmode=""decimal""></label>
<label>Terminal <select name=""terminal"">{options}</select></label>
<button type=""submit"">Search</button>
</form>
{Html.Join(problems.Select(p => Html.Format($"<p class=\"error\" role=\"alert\">{p}</p>")))}
<p class=""hint"">Each row is one payment WeChat Pay confirmed, as its terminal delivered it; “Deliveries” above 1 are harmless repeats after a lost answer. Empty day: every day.</p>
{result}");
        }

        private SafeHtml TotalsPage(HttpContext ctx, string session)
        {
            IQueryCollection q = ctx.Request.Query;
            DateTime today = LocalDate(Options.Now());
            var problems = new List<string>();
            DateTime to = ParseDay(q["to"].FirstOrDefault(), today, "To", problems);
            DateTime from = ParseDay(q["from"].FirstOrDefault(), to.AddDays(-6), "From", problems);
            if (from > to)
            {
                (from, to) = (to, from);
            }

            if ((to - from).TotalDays >= MaxTotalsDays)
            {
                from = to.AddDays(-(MaxTotalsDays - 1));
                problems.Add("At most " + MaxTotalsDays + " days at a time: showing the last " + MaxTotalsDays + " up to " + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".");
            }

            (long start, _) = DayRange(from);
            (_, long end) = DayRange(to);
            var byDay = Store.Search(start, end, null, null, null, int.MaxValue)
                .GroupBy(n => LocalDate(n.PaidAt))
                .OrderByDescending(g => g.Key);
            var rows = new List<SafeHtml>();
            foreach (var dayGroup in byDay)
            {
                string dayText = dayGroup.Key.ToString("yyyy-MM-dd (ddd)", CultureInfo.InvariantCulture);
                foreach (var terminalGroup in dayGroup.GroupBy(n => n.TerminalId).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    rows.Add(Html.Format($"<tr data-day=\"{dayGroup.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\" data-terminal=\"{terminalGroup.Key}\"><td>{dayText}</td><td>{terminalGroup.Key}</td><td class=\"num\">{terminalGroup.Count()}</td><td class=\"num\" data-field=\"amount\">{Totals(terminalGroup)}</td></tr>"));
                }

                rows.Add(Html.Format($"<tr class=\"subtotal\" data-day=\"{dayGroup.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\" data-terminal=\"\"><td>{dayText}</td><td>All terminals</td><td class=\"num\">{dayGroup.Count()}</td><td class=\"num\" data-field=\"amount\">{Totals(dayGroup)}</td></tr>"));
            }

            SafeHtml table = rows.Count == 0
                ? Html.Format($"<p>No payment in these days.</p>")
                : Html.Format($@"<table class=""totals""><thead><tr><th>Day</th><th>Terminal</th><th>Payments</th><th>Amount</th></tr></thead><tbody>
{Html.Join(rows)}
</tbody></table>");
            return Html.Format($@"<h1>Daily totals</h1>
<form method=""get"" action=""{Root}/totals"" class=""search"">
<label>From <input type=""date"" name=""from"" value=""{from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}""></label>
<label>To <input type=""date"" name=""to"" value=""{to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}""></label>
<button type=""submit"">Show</button>
</form>
{Html.Join(problems.Select(p => Html.Format($"<p class=\"error\" role=\"alert\">{p}</p>")))}
<p class=""hint"">Payments by the day they were paid, per terminal, with each day's total. Days without payments are not listed.</p>
{table}");
        }

        private SafeHtml RiskPage(HttpContext ctx, string session)
        {
            MerchantServerOptions o = Options;
            long now = o.Now();
            string window = Duration(o.SurgeWindowSeconds);
            var rows = new List<SafeHtml>();
            foreach (TerminalState t in Store.Terminals())
            {
                long from = Math.Max(now - o.SurgeWindowSeconds, t.ResumedAt);
                (int count, long amount) = Store.Window(t.Id, from);
                rows.Add(Html.Format($"<tr data-terminal=\"{t.Id}\"><td>{t.Id}</td><td class=\"num\">{count}</td><td class=\"num\">{amount}</td><td>{(t.Suspended ? Html.Format($"<span class=\"badge suspended\">Suspended</span> <span class=\"reason\">{t.Reason}</span>") : Html.Format($"<span class=\"badge selling\">Selling</span>"))}</td></tr>"));
            }

            string amountRule = o.SurgeAmount > 0
                ? o.SurgeAmount.ToString("N0", CultureInfo.InvariantCulture) + " minor units (" + MoneyText.Format(o.SurgeAmount, Currency.CNY) + " CNY)"
                : "off";
            return Html.Format($@"<h1>Risk rule</h1>
<p>The server suspends a terminal when a newly stored payment makes it reach, within the last {window} and counting only payments after its last resumption, either limit below. The terminal then refuses new sales (payments already made keep being delivered) until you resume it on the <a href=""{Root}"">Terminals</a> page.</p>
<table class=""settings"">
<thead><tr><th>Setting</th><th>Value</th><th>Command-line option</th></tr></thead>
<tbody>
<tr data-setting=""surge-count""><td>Payments per window</td><td class=""num"">{(o.SurgeCount > 0 ? o.SurgeCount.ToString(CultureInfo.InvariantCulture) : "off")}</td><td><code>--surge-count N</code> (0 = off)</td></tr>
<tr data-setting=""surge-amount""><td>Amount per window</td><td class=""num"">{amountRule}</td><td><code>--surge-amount X</code> (minor units, 0 = off)</td></tr>
<tr data-setting=""surge-window""><td>Window</td><td class=""num"">{window}</td><td><code>--surge-window SECONDS</code></td></tr>
<tr data-setting=""replay-window""><td>Accepted clock difference (replay window)</td><td class=""num"">{Duration(o.ReplayWindowSeconds)}</td><td><code>--replay-window SECONDS</code></td></tr>
<tr data-setting=""max-body""><td>Largest request</td><td class=""num"">{o.MaxBodyBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes</td><td>(fixed)</td></tr>
</tbody></table>
<p class=""hint"">Settings are read at start-up: restart the server with the options to change them. Each terminal also has its own local velocity guard (count and amount per window, set on the terminal's console), shown on the Terminals page when it trips.</p>
<h2>Now, per terminal</h2>
<table class=""window""><thead><tr><th>Terminal</th><th>Payments in the window</th><th>Amount in the window (minor units)</th><th>Sales</th></tr></thead><tbody>
{Html.Join(rows)}
</tbody></table>");
        }

        // ------------------------------------------------------------------ formatting

        /// <summary>Minor units shown in the currency's decimals ("12.34 CNY", "500 JPY"); an unknown currency as a count of minor units.</summary>
        public static string Money(long minorUnits, string? currencyCode)
        {
            Currency currency = Currency.Find(currencyCode);
            return currency == null
                ? minorUnits.ToString(CultureInfo.InvariantCulture) + " minor units of " + (currencyCode ?? "?")
                : MoneyText.Format(minorUnits, currency) + " " + currency.Code;
        }

        /// <summary>Sums per currency, e.g. "12.34 CNY + 500 JPY" (never adds different currencies).</summary>
        public static string Totals(IEnumerable<StoredNotification> notifications)
        {
            var sums = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (StoredNotification n in notifications)
            {
                sums.TryGetValue(n.FeeType, out long sum);
                sums[n.FeeType] = checked(sum + n.TotalFee);
            }

            return sums.Count == 0 ? Money(0, "CNY") : string.Join(" + ", sums.Select(s => Money(s.Value, s.Key)));
        }

        // What a typed amount means in each currency payments were made in ("5" = 5.00 CNY and 5 JPY).
        private Dictionary<string, long> AmountsFor(string text)
        {
            var amounts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (string code in Store.Currencies())
            {
                Currency currency = Currency.Find(code);
                if (currency != null && MoneyText.TryParse(text, currency, long.MaxValue, out long minor, out _))
                {
                    amounts[code] = minor;
                }
                else if (currency == null && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long raw))
                {
                    amounts[code] = raw;
                }
            }

            if (amounts.Count == 0 && MoneyText.TryParse(text, Currency.CNY, long.MaxValue, out long cny, out _))
            {
                amounts["CNY"] = cny; // nothing stored yet: still a valid search
            }

            return amounts;
        }

        private DateTime ParseDay(string? text, DateTime fallback, string name, List<string> problems)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day))
            {
                return day;
            }

            problems.Add(name + ": use the form YYYY-MM-DD.");
            return fallback;
        }

        private DateTime LocalDate(long unixSeconds) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), Options.TimeZone).Date;

        private string LocalTime(long unixSeconds)
        {
            if (unixSeconds <= 0)
            {
                return "unknown";
            }

            return TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), Options.TimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        // [start, end) in Unix seconds of a calendar day in the dashboard's time zone.
        private (long Start, long End) DayRange(DateTime day)
        {
            DateTime local = DateTime.SpecifyKind(day.Date, DateTimeKind.Unspecified);
            long start = new DateTimeOffset(local, Options.TimeZone.GetUtcOffset(local)).ToUnixTimeSeconds();
            DateTime next = local.AddDays(1);
            long end = new DateTimeOffset(next, Options.TimeZone.GetUtcOffset(next)).ToUnixTimeSeconds();
            return (start, end);
        }

        private string LastContact(long lastSeen, long now)
        {
            if (lastSeen <= 0)
            {
                return "never";
            }

            long ago = Math.Max(0, now - lastSeen);
            string relative = ago < 60 ? ago + " s ago" : ago < 3600 ? ago / 60 + " min ago" : ago < 86400 ? ago / 3600 + " h ago" : ago / 86400 + " d ago";
            return LocalTime(lastSeen) + " (" + relative + ")";
        }

        private static string Duration(int seconds) => seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";

        private string ZoneName()
        {
            TimeSpan offset = Options.TimeZone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(Options.Now()));
            return Options.TimeZone.Id + " (UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture) + ")";
        }

        // ------------------------------------------------------------------ HTTP

        private static Task Send(HttpContext ctx, int status, SafeHtml page)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "text/html; charset=utf-8";
            Secure(ctx.Response);
            return ctx.Response.WriteAsync(page.Value, Encoding.UTF8);
        }

        // No script may run at all, nothing is loaded from elsewhere, nothing frames the pages.
        private static void Secure(HttpResponse response)
        {
            response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers["Cache-Control"] = "no-store";
        }

        private static Task Stylesheet(HttpContext ctx)
        {
            ctx.Response.ContentType = "text/css; charset=utf-8";
            Secure(ctx.Response);
            return ctx.Response.WriteAsync(Css, Encoding.UTF8);
        }

        private const string Css = @"
:root { --ink: #1d2733; --muted: #5c6b7a; --line: #d9e0e7; --bg: #f6f8fa; --accent: #1a7f37; --warn: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; }
nav { display: flex; gap: 4px; flex: 1; }
nav a { padding: 6px 12px; border-radius: 6px; color: var(--ink); text-decoration: none; }
nav a.current { background: var(--ink); color: #fff; }
main { padding: 16px 24px 32px; }
h1 { font-size: 22px; margin: 8px 0 12px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); min-width: 60%; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
th { background: #eef2f6; font-weight: 600; font-size: 13px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td[data-field='last-contact'], table.notifications td:first-child, table.totals td:first-child { white-space: nowrap; }
.mono { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 13px; }
tr.subtotal td { font-weight: 600; background: #f3f6f9; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.selling { background: #dafbe1; color: var(--accent); }
.badge.suspended { background: #ffebe9; color: var(--warn); }
.reason { color: var(--muted); }
.hint, footer { color: var(--muted); font-size: 13px; }
footer { padding: 0 24px 24px; }
.notice { background: #ddf4ff; border: 1px solid #9cd1ff; padding: 8px 12px; border-radius: 6px; }
.error { background: #ffebe9; border: 1px solid #ffb3ad; padding: 8px 12px; border-radius: 6px; }
form.search { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin-bottom: 12px; }
form.search label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
form.login { display: flex; gap: 8px; align-items: center; }
input, select, button { font: inherit; padding: 5px 8px; border: 1px solid #b8c2cc; border-radius: 6px; background: #fff; }
button { background: var(--ink); color: #fff; border-color: var(--ink); cursor: pointer; }
td.action form { display: flex; gap: 6px; }
td.action input { width: 9em; }
form.signout button { background: #fff; color: var(--ink); }
.badge.info { background: #fff8c5; color: #7d4e00; }
.verdict { padding: 8px 12px; border-radius: 6px; font-weight: 600; }
.verdict.clean { background: #dafbe1; color: var(--accent); }
.verdict.mismatch { background: #ffebe9; color: var(--warn); }
.bill-actions { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin-bottom: 12px; }
.bill-actions form { display: flex; gap: 8px; align-items: center; }
table.issues td.detail { color: var(--muted); font-size: 13px; max-width: 28em; }
td.nowrap { white-space: nowrap; }
td.figures { white-space: nowrap; line-height: 1.6; }
table.issues tr.is-notice td { background: #fffdf0; }
";
    }
}
