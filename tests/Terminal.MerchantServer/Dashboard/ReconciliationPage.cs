using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.AspNetCore.Http;
using Terminal.MerchantServer.Reconciliation;

namespace Terminal.MerchantServer.Dashboard
{
    /// <summary>
    /// The reconciliation page: a China day of WeChat's bill against what the terminals notified
    /// and their Z reports, per terminal, with every disagreement listed; fetch the bill from
    /// WeChat Pay or upload the file. Same rules as every page: session, CSRF on the forms, no
    /// script, every stored value encoded by <see cref="Html.Format"/>.
    /// </summary>
    public sealed partial class DashboardPages
    {
        private ReconciliationService Bills => server.BillReconciliation;

        // Yesterday in China: the most recent day WeChat has made a bill of.
        private DateOnly DefaultBillDay() => Reconciler.ChinaDay(Options.Now()).AddDays(-1);

        private string FetchBill(HttpContext ctx)
        {
            var form = FormOf(ctx);
            if (!ReconciliationService.TryParseDay(form["day"].FirstOrDefault(), out DateOnly day))
            {
                return Root + "/reconciliation?notice=" + Uri.EscapeDataString("Day: use the form YYYY-MM-DD.");
            }

            (BillLoadOutcome outcome, string? detail) = Bills.Fetch(day);
            return Root + "/reconciliation?day=" + ReconciliationService.Day(day) + "&notice=" + Uri.EscapeDataString(LoadNotice(day, outcome, detail));
        }

        private string UploadBill(HttpContext ctx)
        {
            var form = FormOf(ctx);
            if (!ReconciliationService.TryParseDay(form["day"].FirstOrDefault(), out DateOnly day))
            {
                return Root + "/reconciliation?notice=" + Uri.EscapeDataString("Day: use the form YYYY-MM-DD.");
            }

            IFormFile? file = form.Files["bill"];
            string notice;
            if (file == null || file.Length == 0)
            {
                notice = "Choose the bill file to upload.";
            }
            else if (file.Length > ReconciliationService.MaxUploadBytes)
            {
                notice = "That file is larger than " + ReconciliationService.MaxUploadBytes / (1024 * 1024) + " MB: not a day's bill.";
            }
            else
            {
                using var memory = new MemoryStream();
                file.CopyTo(memory);
                (BillLoadOutcome outcome, string? detail) = Bills.Upload(day, memory.ToArray());
                notice = LoadNotice(day, outcome, detail);
            }

            return Root + "/reconciliation?day=" + ReconciliationService.Day(day) + "&notice=" + Uri.EscapeDataString(notice);
        }

        private static string LoadNotice(DateOnly day, BillLoadOutcome outcome, string? detail) => outcome switch
        {
            BillLoadOutcome.Loaded => "The bill of " + ReconciliationService.Day(day) + " is loaded (" + detail + ").",
            BillLoadOutcome.NoBill => "WeChat Pay has no bill for " + ReconciliationService.Day(day) + ": no payment and no refund that day.",
            _ => "Not loaded: " + BillLoadOutcomes.Message(outcome) + (detail == null ? "." : " — " + detail),
        };

        private SafeHtml ReconciliationPage(HttpContext ctx, string session)
        {
            IQueryCollection q = ctx.Request.Query;
            string? dayText = q["day"].FirstOrDefault()?.Trim();
            string? notice = q["notice"].FirstOrDefault();
            var problems = new List<string>();
            DateOnly day = DefaultBillDay();
            if (!string.IsNullOrEmpty(dayText) && !ReconciliationService.TryParseDay(dayText, out day))
            {
                problems.Add("Day: use the form YYYY-MM-DD.");
                day = DefaultBillDay();
            }

            ReconciliationReport report = Bills.Report(day);
            string csrf = CsrfToken(session);
            string dayValue = ReconciliationService.Day(day);
            return Html.Format($@"<h1>Reconciliation</h1>
{(notice == null ? Html.Empty : Html.Format($"<p class=\"notice\" role=\"status\">{notice}</p>"))}
{Html.Join(problems.Select(p => Html.Format($"<p class=\"error\" role=\"alert\">{p}</p>")))}
<form method=""get"" action=""{Root}/reconciliation"" class=""search"">
<label>WeChat's day (China time) <input type=""date"" name=""day"" value=""{dayValue}""></label>
<button type=""submit"">Show</button>
</form>
<p class=""hint"">WeChat Pay's daily bill lists every payment and refund of a day in China Standard Time (UTC+8). It is the second line of defence behind the terminals' flash: every payment WeChat has must be one a terminal notified, and the other way round.</p>
{BillStatus(report, csrf, dayValue)}
{(report.BillStatus == "missing" ? Html.Empty : Verdict(report))}
{(report.BillStatus == "missing" ? Html.Empty : TerminalTable(report))}
{(report.BillStatus == "missing" ? Html.Empty : ZTable(report))}
{(report.BillStatus == "missing" ? Html.Empty : IssueTable(report))}");
        }

        private SafeHtml BillStatus(ReconciliationReport report, string csrf, string day)
        {
            SafeHtml state = report.BillStatus switch
            {
                "loaded" => Html.Format($"<span class=\"badge selling\">Loaded</span> {report.BillRows} rows, {(report.BillSource == "upload" ? "uploaded" : "fetched from WeChat Pay")} at {LocalTime(report.BillLoadedAt)}."),
                "no_bill" => Html.Format($"<span class=\"badge selling\">No bill</span> WeChat Pay has no bill for this day: no payment and no refund ({(report.BillSource == "upload" ? "uploaded" : "fetched")} at {LocalTime(report.BillLoadedAt)})."),
                _ => Html.Format($"<span class=\"badge suspended\">Not loaded</span> WeChat makes this day's bill from 09:00 China time the next day; it can be fetched from {LocalTime(report.BillAvailableAt)}."),
            };
            SafeHtml fetch = server.Options.WeChat.Configured
                ? Html.Format($@"<form method=""post"" action=""{Root}/reconciliation/fetch""><input type=""hidden"" name=""csrf"" value=""{csrf}""><input type=""hidden"" name=""day"" value=""{day}""><button type=""submit"">{(report.BillStatus == "missing" ? "Fetch WeChat's bill" : "Fetch it again")}</button></form>")
                : Html.Format($"<p class=\"hint\">No WeChat Pay account is set up to fetch bills (start the server with <code>--wx-appid</code>, <code>--wx-mch-id</code>, <code>--wx-key-file</code>); upload the file downloaded from the merchant platform instead.</p>");
            return Html.Format($@"<section class=""bill"" data-status=""{report.BillStatus}"">
<p>WeChat's bill of {report.BillDate}: {state}</p>
<div class=""bill-actions"">{fetch}
<form method=""post"" action=""{Root}/reconciliation/upload"" enctype=""multipart/form-data""><input type=""hidden"" name=""csrf"" value=""{csrf}""><input type=""hidden"" name=""day"" value=""{day}""><label>Bill file <input type=""file"" name=""bill"" accept="".csv,.txt,.gz,.gzip""></label><button type=""submit"">Upload</button></form>
</div>
</section>");
        }

        private static SafeHtml Verdict(ReconciliationReport report)
        {
            int notices = report.Issues.Count - report.Mismatches;
            string text = report.Clean
                ? "Everything matches: every payment and refund WeChat has was notified by a terminal, and the other way round" + (notices > 0 ? " (" + notices + " notice" + (notices == 1 ? "" : "s") + " below)." : ".")
                : report.Mismatches + " mismatch" + (report.Mismatches == 1 ? "" : "es") + (notices > 0 ? " and " + notices + " notice" + (notices == 1 ? "" : "s") : string.Empty) + ": see below.";
            return Html.Format($"<p class=\"verdict {(report.Clean ? "clean" : "mismatch")}\" data-clean=\"{(report.Clean ? "true" : "false")}\" data-mismatches=\"{report.Mismatches}\">{text}</p>");
        }

        private static SafeHtml TerminalTable(ReconciliationReport report)
        {
            var rows = new List<SafeHtml>();
            foreach (TerminalReconciliation t in report.Terminals)
            {
                string name = t.TerminalId ?? "No terminal";
                foreach (CurrencyFigures c in t.Currencies)
                {
                    rows.Add(Html.Format($@"<tr data-terminal=""{t.TerminalId ?? string.Empty}"" data-currency=""{c.FeeType}"">
<td>{name}</td><td>{c.FeeType}</td>
<td class=""num"" data-field=""wechat-payments"">{Tally(c.WeChatPayments, c.FeeType)}</td><td class=""num"" data-field=""notified-payments"">{Tally(c.NotifiedPayments, c.FeeType)}</td>
<td class=""num"" data-field=""wechat-refunds"">{Tally(c.WeChatRefunds, c.FeeType)}</td><td class=""num"" data-field=""notified-refunds"">{Tally(c.NotifiedRefunds, c.FeeType)}</td>
<td class=""num"" data-field=""wechat-revokes"">{Tally(c.WeChatRevokes, c.FeeType)}</td>
<td class=""num"" data-field=""issues"">{Issues(t)}</td></tr>"));
                }
            }

            return rows.Count == 0
                ? Html.Format($"<p>No payment, refund or Z report on this day.</p>")
                : Html.Format($@"<h2>Per terminal</h2>
<table class=""reconciliation"">
<thead><tr><th>Terminal</th><th>Currency</th><th>WeChat: payments</th><th>Notified: payments</th><th>WeChat: refunds</th><th>Notified: refunds</th><th>WeChat: revoked after payment</th><th>Issues</th></tr></thead>
<tbody>
{Html.Join(rows)}
</tbody></table>");
        }

        private static SafeHtml Issues(TerminalReconciliation t) => t.Mismatches == 0 && t.Notices == 0
            ? Html.Format($"<span class=\"badge selling\">none</span>")
            : Html.Format($"{(t.Mismatches > 0 ? Html.Format($"<span class=\"badge suspended\">{t.Mismatches} mismatch{(t.Mismatches == 1 ? "" : "es")}</span>") : Html.Empty)} {(t.Notices > 0 ? Html.Format($"<span class=\"badge info\">{t.Notices} notice{(t.Notices == 1 ? "" : "s")}</span>") : Html.Empty)}");

        private SafeHtml ZTable(ReconciliationReport report)
        {
            var rows = new List<SafeHtml>();
            foreach (TerminalReconciliation t in report.Terminals)
            {
                foreach (ZCheck z in t.ZReports)
                {
                    foreach (ZCurrencyCheck c in z.Currencies)
                    {
                        SafeHtml result = !c.MatchesNotified
                            ? Html.Format($"<span class=\"badge suspended\">differs from the notifications</span>")
                            : !z.BillComplete ? Html.Format($"<span class=\"badge info\">bill of {string.Join(", ", z.MissingBillDays)} not loaded</span>")
                            : c.MatchesBill ? Html.Format($"<span class=\"badge selling\">matches</span>")
                            : Html.Format($"<span class=\"badge suspended\">differs from WeChat</span>");
                        string period = ZTime(z.Report.OpenedAt, z.Report.UtcOffsetMinutes) + " – " + ZTime(z.Report.ClosedAt, z.Report.UtcOffsetMinutes);
                        rows.Add(Html.Format($@"<tr data-terminal=""{t.TerminalId}"" data-z=""{z.Report.ZNumber}"" data-currency=""{c.FeeType}"">
<td>{t.TerminalId}</td><td class=""num"">{z.Report.ZNumber}</td><td class=""nowrap"">{z.Report.BusinessDay}</td><td class=""nowrap"">{period}</td><td>{c.FeeType}</td>
<td class=""num figures""><span data-field=""z-sales"">Z {Pair(c.Z.SalesCount, c.Z.SalesSum, c.FeeType)}</span><br><span data-field=""bill-sales"">WeChat {Tally(c.BillSales, c.FeeType)}</span><br><span data-field=""notified-sales"">notified {Tally(c.NotifiedSales, c.FeeType)}</span></td>
<td class=""num figures""><span data-field=""z-refunds"">Z {Pair(c.Z.RefundsCount, c.Z.RefundsSum, c.FeeType)}</span><br><span data-field=""bill-refunds"">WeChat {Tally(c.BillRefunds, c.FeeType)}</span><br><span data-field=""notified-refunds"">notified {Tally(c.NotifiedRefunds, c.FeeType)}</span></td>
<td class=""num"">{c.Z.RevokesCount} / {c.BillRevokes}</td><td class=""num"">{c.Z.UnresolvedCount}</td><td data-field=""result"">{result}</td></tr>"));
                    }
                }
            }

            return rows.Count == 0 ? Html.Empty : Html.Format($@"<h2>Z reports</h2>
<p class=""hint"">Each close of day against WeChat's bill and the terminal's notifications over the same period (the Z's own times, shown in the store's time).</p>
<table class=""zreports"">
<thead><tr><th>Terminal</th><th>Z</th><th>Business day</th><th>Period</th><th>Currency</th><th>Sales</th><th>Refunds</th><th>Revokes Z / WeChat</th><th>Unresolved</th><th>Result</th></tr></thead>
<tbody>
{Html.Join(rows)}
</tbody></table>");
        }

        private static SafeHtml IssueTable(ReconciliationReport report)
        {
            if (report.Issues.Count == 0)
            {
                return Html.Empty;
            }

            SafeHtml rows = Html.Join(report.Issues.Select(i => Html.Format($@"<tr data-kind=""{IssueKinds.Code(i.Kind)}"" data-terminal=""{i.TerminalId ?? string.Empty}"" class=""{(IssueKinds.IsMismatch(i.Kind) ? "is-mismatch" : "is-notice")}"">
<td>{IssueKinds.Title(i.Kind)}</td><td>{i.TerminalId ?? "No terminal"}{(i.ZNumber.HasValue ? Html.Format($" · Z {i.ZNumber.Value}") : Html.Empty)}</td>
<td class=""mono"">{i.OutTradeNo}</td><td class=""mono"">{i.OutRefundNo}</td>
<td class=""num"" data-field=""wechat"">{Optional(i.WeChatAmount, i.FeeType)}</td><td class=""num"" data-field=""notified"">{Optional(i.NotifiedAmount, i.FeeType)}</td>
<td>{i.At}</td><td class=""detail"">{i.Detail}</td></tr>")));
            return Html.Format($@"<h2>Issues</h2>
<table class=""issues"">
<thead><tr><th>What</th><th>Terminal</th><th>Order</th><th>Refund</th><th>WeChat</th><th>Notified</th><th>When (China time)</th><th>Detail</th></tr></thead>
<tbody>
{rows}
</tbody></table>");
        }

        private static string Tally(Tally t, string feeType) => t.Count + " · " + Money(t.Sum, feeType);

        private static string Pair(long count, long sum, string feeType) => count + " · " + Money(sum, feeType);

        private static string Optional(long? amount, string? feeType) => amount.HasValue ? Money(amount.Value, feeType) : "—";

        // A Z's times in the store's own offset, as the terminal printed them.
        private static string ZTime(long unixSeconds, int offsetMinutes) =>
            DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToOffset(TimeSpan.FromMinutes(offsetMinutes)).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
