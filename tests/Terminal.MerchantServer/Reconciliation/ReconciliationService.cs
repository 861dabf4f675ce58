using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Terminal.MerchantServer.Reconciliation
{
    /// <summary>What loading a day's bill did (one table: HTTP status, error code, message).</summary>
    public enum BillLoadOutcome
    {
        Loaded,
        NoBill,
        NotConfigured,
        NotYetAvailable,
        FetchFailed,
        Unreadable,
        WrongDay,
    }

    public static class BillLoadOutcomes
    {
        private static readonly (BillLoadOutcome Outcome, int Status, string Code, string Message)[] Table =
        {
            (BillLoadOutcome.Loaded, 200, "loaded", "WeChat's bill is loaded"),
            (BillLoadOutcome.NoBill, 200, "no_bill", "WeChat has no bill for the day (No Bill Exist): no payment and no refund"),
            (BillLoadOutcome.NotConfigured, 503, "wechat_not_configured", "the server has no WeChat Pay merchant account to fetch bills with (--wx-appid, --wx-mch-id, --wx-key-file)"),
            (BillLoadOutcome.NotYetAvailable, 409, "bill_not_yet_available", "WeChat makes a day's bill from 09:00 China time the next day; fetch it after"),
            (BillLoadOutcome.FetchFailed, 502, "bill_fetch_failed", "WeChat Pay did not give the bill"),
            (BillLoadOutcome.Unreadable, 400, "bill_unreadable", "the file is not a WeChat Pay bill"),
            (BillLoadOutcome.WrongDay, 400, "bill_wrong_day", "the bill's payments are of another day"),
        };

        public static int Status(BillLoadOutcome outcome) => Array.Find(Table, r => r.Outcome == outcome).Status;

        public static string Code(BillLoadOutcome outcome) => Array.Find(Table, r => r.Outcome == outcome).Code;

        public static string Message(BillLoadOutcome outcome) => Array.Find(Table, r => r.Outcome == outcome).Message;
    }

    /// <summary>Loads bills (from WeChat or an uploaded file) and reconciles a day.</summary>
    public sealed class ReconciliationService
    {
        /// <summary>Largest bill accepted as an upload (bytes, before decompression).</summary>
        public const int MaxUploadBytes = 32 * 1024 * 1024;

        private readonly MerchantStore store;
        private readonly MerchantServerOptions options;

        public ReconciliationService(MerchantStore store, MerchantServerOptions options)
        {
            this.store = store;
            this.options = options;
        }

        public ReconciliationReport Report(DateOnly day) => new Reconciler(store).Report(day, options.WeChat.AvailableAfter);

        /// <summary>Fetches the day's bill from WeChat Pay and keeps it.</summary>
        public (BillLoadOutcome Outcome, string? Detail) Fetch(DateOnly day)
        {
            WeChatBillOptions wx = options.WeChat;
            if (!wx.Configured)
            {
                return (BillLoadOutcome.NotConfigured, null);
            }

            long availableAt = Reconciler.DayStart(day.AddDays(1)).Add(wx.AvailableAfter).ToUnixTimeSeconds();
            if (options.Now() < availableAt)
            {
                return (BillLoadOutcome.NotYetAvailable, "the bill of " + Day(day) + " can be fetched from " +
                    DateTimeOffset.FromUnixTimeSeconds(availableAt).ToOffset(WeChatBill.ChinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " China time");
            }

            BillFetchResult fetched = new WeChatBillClient(wx).Fetch(day);
            return Keep(day, "wechat", fetched);
        }

        /// <summary>Keeps a bill given as a file: the text, its gzip, or WeChat's "No Bill Exist" answer.</summary>
        public (BillLoadOutcome Outcome, string? Detail) Upload(DateOnly day, byte[] body)
        {
            BillFetchResult read = WeChatBillClient.Read(body);
            if (read.Status == BillFetchStatus.Failed)
            {
                return (BillLoadOutcome.Unreadable, read.Detail);
            }

            return Keep(day, "upload", read);
        }

        private (BillLoadOutcome Outcome, string? Detail) Keep(DateOnly day, string source, BillFetchResult result)
        {
            switch (result.Status)
            {
                case BillFetchStatus.NoBill:
                    store.StoreBill(day, source, null, null, options.Now());
                    return (BillLoadOutcome.NoBill, null);
                case BillFetchStatus.Failed:
                    return (BillLoadOutcome.FetchFailed, result.Detail);
            }

            if (!WeChatBill.TryParse(result.Text, out WeChatBill? bill, out BillProblem problem, out string? detail))
            {
                return (BillLoadOutcome.Unreadable, BillProblems.Message(problem) + (detail == null ? string.Empty : ": " + detail));
            }

            // A payment row's 交易时间 is its payment time, always on the bill's day: a row of another day means the wrong file.
            BillRow? stray = bill.Rows.FirstOrDefault(r => r.Kind == BillRowKind.Payment && DateOnly.FromDateTime(r.TradeTime.DateTime) != day);
            if (stray != null)
            {
                return (BillLoadOutcome.WrongDay, "line " + stray.Line + " is a payment of " + stray.TradeTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ", not " + Day(day));
            }

            store.StoreBill(day, source, result.Text, bill, options.Now());
            return (BillLoadOutcome.Loaded, bill.Rows.Count + " rows");
        }

        public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public static bool TryParseDay(string? text, out DateOnly day) =>
            DateOnly.TryParseExact(text ?? string.Empty, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

        /// <summary>The report as JSON (docs/merchant-api.md, "GET /admin/reconciliation").</summary>
        public static byte[] Json(ReconciliationReport report)
        {
            object Tally(Tally t) => new { count = t.Count, sum = t.Sum };
            return JsonSerializer.SerializeToUtf8Bytes(new
            {
                bill_date = report.BillDate,
                bill = new { status = report.BillStatus, source = report.BillSource, loaded_at = report.BillLoadedAt, rows = report.BillRows, available_at = report.BillAvailableAt },
                clean = report.Clean,
                mismatches = report.Mismatches,
                notices = report.Issues.Count - report.Mismatches,
                counts = report.Issues.GroupBy(i => i.Kind).OrderBy(g => g.Key).ToDictionary(g => IssueKinds.Code(g.Key), g => g.Count()),
                terminals = report.Terminals.Select(t => new
                {
                    terminal_id = t.TerminalId,
                    mismatches = t.Mismatches,
                    notices = t.Notices,
                    currencies = t.Currencies.Select(c => new
                    {
                        fee_type = c.FeeType,
                        wechat_payments = Tally(c.WeChatPayments),
                        notified_payments = Tally(c.NotifiedPayments),
                        wechat_refunds = Tally(c.WeChatRefunds),
                        notified_refunds = Tally(c.NotifiedRefunds),
                        wechat_revokes = Tally(c.WeChatRevokes),
                    }),
                    z_reports = t.ZReports.Select(z => new
                    {
                        z_number = z.Report.ZNumber,
                        business_day = z.Report.BusinessDay,
                        utc_offset_minutes = z.Report.UtcOffsetMinutes,
                        opened_at = z.Report.OpenedAt,
                        closed_at = z.Report.ClosedAt,
                        bill_complete = z.BillComplete,
                        missing_bill_days = z.MissingBillDays,
                        currencies = z.Currencies.Select(c => new
                        {
                            fee_type = c.FeeType,
                            z = new
                            {
                                sales_count = c.Z.SalesCount, sales_sum = c.Z.SalesSum, refunds_count = c.Z.RefundsCount, refunds_sum = c.Z.RefundsSum,
                                revokes_count = c.Z.RevokesCount, unresolved_count = c.Z.UnresolvedCount,
                            },
                            bill = new { sales = Tally(c.BillSales), refunds = Tally(c.BillRefunds), revokes_count = c.BillRevokes },
                            notified = new { sales = Tally(c.NotifiedSales), refunds = Tally(c.NotifiedRefunds) },
                            matches_bill = z.BillComplete ? c.MatchesBill : (bool?)null,
                            matches_notified = c.MatchesNotified,
                        }),
                    }),
                }),
                issues = report.Issues.Select(i => new
                {
                    kind = IssueKinds.Code(i.Kind),
                    mismatch = IssueKinds.IsMismatch(i.Kind),
                    title = IssueKinds.Title(i.Kind),
                    terminal_id = i.TerminalId,
                    out_trade_no = i.OutTradeNo,
                    transaction_id = i.TransactionId,
                    out_refund_no = i.OutRefundNo,
                    refund_id = i.RefundId,
                    fee_type = i.FeeType,
                    wechat_amount = i.WeChatAmount,
                    notified_amount = i.NotifiedAmount,
                    at = i.At,
                    z_number = i.ZNumber,
                    detail = i.Detail,
                }),
            });
        }
    }
}
