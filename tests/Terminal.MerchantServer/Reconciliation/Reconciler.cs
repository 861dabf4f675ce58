using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Terminal.MerchantServer.Reconciliation
{
    /// <summary>What reconciliation found (one table: code, severity, title).</summary>
    public enum IssueKind
    {
        /// <summary>WeChat has a payment no terminal notified.</summary>
        PaymentNotNotified,

        /// <summary>A terminal notified a payment no loaded bill has.</summary>
        PaymentNotInBill,

        /// <summary>Same order, different transaction, amount or currency.</summary>
        PaymentMismatch,

        /// <summary>WeChat revoked (returned the money of) an order a terminal notified as paid.</summary>
        PaymentRevoked,

        /// <summary>WeChat has a refund (SUCCESS when the bill was made) no terminal notified.</summary>
        RefundNotNotified,

        /// <summary>WeChat's bill shows a refund not (yet) SUCCESS that no terminal notified: the terminal notifies only successes.</summary>
        RefundProcessing,

        /// <summary>A terminal notified a refund no loaded bill has.</summary>
        RefundNotInBill,

        /// <summary>Same refund, different amount, currency or order.</summary>
        RefundMismatch,

        /// <summary>A Z report's figures differ from the bill over its period.</summary>
        ZMismatchBill,

        /// <summary>A Z report's figures differ from what its terminal notified over its period.</summary>
        ZMismatchNotified,

        /// <summary>A Z report's period covers a day whose bill is not loaded: it could not be checked against WeChat.</summary>
        ZBillIncomplete,

        /// <summary>A Z report closed with orders whose outcome was still unknown.</summary>
        ZUnresolved,

        /// <summary>The bill's summary lines disagree with its rows.</summary>
        BillSummaryMismatch,
    }

    public static class IssueKinds
    {
        private static readonly (IssueKind Kind, string Code, bool Mismatch, string Title)[] Table =
        {
            (IssueKind.PaymentNotNotified, "payment_not_notified", true, "WeChat has this payment; no terminal notified it"),
            (IssueKind.PaymentNotInBill, "payment_not_in_bill", true, "A terminal notified this payment; WeChat's bill does not have it"),
            (IssueKind.PaymentMismatch, "payment_mismatch", true, "The notified payment differs from WeChat's"),
            (IssueKind.PaymentRevoked, "payment_revoked", true, "WeChat revoked this order (the money went back); its terminal notified it as paid"),
            (IssueKind.RefundNotNotified, "refund_not_notified", true, "WeChat has this refund; no terminal notified it"),
            (IssueKind.RefundProcessing, "refund_processing", false, "WeChat's bill shows this refund not yet successful; terminals notify refunds once they succeed"),
            (IssueKind.RefundNotInBill, "refund_not_in_bill", true, "A terminal notified this refund; no loaded bill has it"),
            (IssueKind.RefundMismatch, "refund_mismatch", true, "The notified refund differs from WeChat's"),
            (IssueKind.ZMismatchBill, "z_mismatch_bill", true, "The Z report's figures differ from WeChat's bill over its period"),
            (IssueKind.ZMismatchNotified, "z_mismatch_notified", true, "The Z report's figures differ from what its terminal notified over its period"),
            (IssueKind.ZBillIncomplete, "z_bill_incomplete", false, "The Z report's period covers a day whose bill is not loaded"),
            (IssueKind.ZUnresolved, "z_unresolved", false, "The Z report closed with orders whose outcome was unknown"),
            (IssueKind.BillSummaryMismatch, "bill_summary_mismatch", true, "The bill's summary disagrees with its rows"),
        };

        public static string Code(IssueKind kind) => Array.Find(Table, r => r.Kind == kind).Code;

        /// <summary>True for a disagreement about money; false for a notice.</summary>
        public static bool IsMismatch(IssueKind kind) => Array.Find(Table, r => r.Kind == kind).Mismatch;

        public static string Title(IssueKind kind) => Array.Find(Table, r => r.Kind == kind).Title;

        public static IEnumerable<IssueKind> All => Table.Select(r => r.Kind);
    }

    public sealed class ReconciliationIssue
    {
        public IssueKind Kind { get; init; }

        /// <summary>The terminal it belongs to; null when no registered terminal could be named.</summary>
        public string? TerminalId { get; init; }
        public string? OutTradeNo { get; init; }
        public string? TransactionId { get; init; }
        public string? OutRefundNo { get; init; }
        public string? RefundId { get; init; }
        public string? FeeType { get; init; }

        /// <summary>Minor units: what WeChat's bill says, and what the terminal notified (null: nothing).</summary>
        public long? WeChatAmount { get; init; }
        public long? NotifiedAmount { get; init; }

        /// <summary>When (China Standard Time, yyyy-MM-dd HH:mm:ss), when known.</summary>
        public string? At { get; init; }

        public long? ZNumber { get; init; }

        public string? Detail { get; init; }
    }

    /// <summary>Count and sum in minor units.</summary>
    public sealed class Tally
    {
        public long Count { get; set; }

        public long Sum { get; set; }

        public void Add(long amount)
        {
            Count++;
            Sum = checked(Sum + amount);
        }

        public bool SameAs(long count, long sum) => Count == count && Sum == sum;
    }

    /// <summary>A terminal's day in one currency: what WeChat's bill has and what the terminal notified.</summary>
    public sealed class CurrencyFigures
    {
        public required string FeeType { get; init; }
        public Tally WeChatPayments { get; } = new Tally();
        public Tally WeChatRefunds { get; } = new Tally();
        public Tally WeChatRevokes { get; } = new Tally();
        public Tally NotifiedPayments { get; } = new Tally();
        public Tally NotifiedRefunds { get; } = new Tally();
    }

    /// <summary>One currency of a Z report against the bill and the notifications over its period.</summary>
    public sealed class ZCurrencyCheck
    {
        public required string FeeType { get; init; }
        public required ZTotals Z { get; init; }
        public Tally BillSales { get; } = new Tally();
        public Tally BillRefunds { get; } = new Tally();
        public long BillRevokes { get; set; }
        public Tally NotifiedSales { get; } = new Tally();
        public Tally NotifiedRefunds { get; } = new Tally();

        public bool MatchesNotified => NotifiedSales.SameAs(Z.SalesCount, Z.SalesSum) && NotifiedRefunds.SameAs(Z.RefundsCount, Z.RefundsSum);

        /// <summary>Sales and refunds as in the bill; WeChat's revokes (only paid orders) no more than the Z's (which include unpaid ones).</summary>
        public bool MatchesBill => BillSales.SameAs(Z.SalesCount, Z.SalesSum) && BillRefunds.SameAs(Z.RefundsCount, Z.RefundsSum) && BillRevokes <= Z.RevokesCount;
    }

    public sealed class ZCheck
    {
        public required ZReport Report { get; init; }

        /// <summary>China days the period covers whose bill is not loaded (empty: fully checked against WeChat).</summary>
        public List<string> MissingBillDays { get; } = new List<string>();

        public List<ZCurrencyCheck> Currencies { get; } = new List<ZCurrencyCheck>();

        public bool BillComplete => MissingBillDays.Count == 0;
    }

    public sealed class TerminalReconciliation
    {
        /// <summary>Null: bill rows no registered terminal could be named for.</summary>
        public string? TerminalId { get; init; }

        public List<CurrencyFigures> Currencies { get; } = new List<CurrencyFigures>();

        public List<ZCheck> ZReports { get; } = new List<ZCheck>();

        public int Mismatches { get; set; }

        public int Notices { get; set; }

        public CurrencyFigures For(string feeType)
        {
            CurrencyFigures? figures = Currencies.FirstOrDefault(c => c.FeeType == feeType);
            if (figures == null)
            {
                figures = new CurrencyFigures { FeeType = feeType };
                Currencies.Add(figures);
                Currencies.Sort((a, b) => string.CompareOrdinal(a.FeeType, b.FeeType));
            }

            return figures;
        }
    }

    public sealed class ReconciliationReport
    {
        /// <summary>The bill's day: a China Standard Time calendar day, yyyy-MM-dd.</summary>
        public required string BillDate { get; init; }

        /// <summary>"loaded", "no_bill" (WeChat had nothing that day) or "missing" (not fetched or uploaded yet).</summary>
        public required string BillStatus { get; init; }

        public string? BillSource { get; init; }

        public long BillLoadedAt { get; init; }

        public int BillRows { get; init; }

        /// <summary>Unix seconds from which WeChat's bill of the day can be fetched.</summary>
        public long BillAvailableAt { get; init; }

        public List<TerminalReconciliation> Terminals { get; } = new List<TerminalReconciliation>();

        public List<ReconciliationIssue> Issues { get; } = new List<ReconciliationIssue>();

        public int Mismatches => Issues.Count(i => IssueKinds.IsMismatch(i.Kind));

        /// <summary>True when the bill is held and nothing disagrees about money.</summary>
        public bool Clean => BillStatus != "missing" && Mismatches == 0;
    }

    /// <summary>
    /// The second line of defence behind the terminals' flash outbox: a China day of WeChat's bill
    /// against what the terminals notified (payments, refunds) and their Z reports. Bill rows are
    /// put on a terminal by its notification, else by out_trade_no (terminal id + 12 digits),
    /// else by device_info equal to a terminal id; a refund no terminal notified goes to the
    /// terminal that made the sale. docs/merchant-api.md, "Reconciliation".
    /// </summary>
    public sealed class Reconciler
    {
        private readonly MerchantStore store;

        public Reconciler(MerchantStore store)
        {
            this.store = store;
        }

        public static DateTimeOffset DayStart(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), WeChatBill.ChinaOffset);

        public ReconciliationReport Report(DateOnly day, TimeSpan availableAfter)
        {
            string dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            StoredBill? bill = store.Bill(day);
            long availableAt = DayStart(day.AddDays(1)).Add(availableAfter).ToUnixTimeSeconds();
            if (bill == null)
            {
                return new ReconciliationReport { BillDate = dayText, BillStatus = "missing", BillAvailableAt = availableAt };
            }

            List<BillRow> allRows = store.BillRows();
            List<BillRow> dayRows = allRows.Where(r => r.BillDate == dayText).ToList();
            var report = new ReconciliationReport
            {
                BillDate = dayText, BillStatus = bill.Status, BillSource = bill.Source, BillLoadedAt = bill.LoadedAt, BillRows = dayRows.Count, BillAvailableAt = availableAt,
            };

            var world = new World(store, allRows);
            var terminals = new Dictionary<string, TerminalReconciliation>(StringComparer.Ordinal);
            TerminalReconciliation Of(string? terminalId)
            {
                string key = terminalId ?? string.Empty;
                if (!terminals.TryGetValue(key, out TerminalReconciliation? t))
                {
                    terminals[key] = t = new TerminalReconciliation { TerminalId = terminalId };
                }

                return t;
            }

            void Add(ReconciliationIssue issue)
            {
                report.Issues.Add(issue);
                TerminalReconciliation t = Of(issue.TerminalId);
                if (IssueKinds.IsMismatch(issue.Kind))
                {
                    t.Mismatches++;
                }
                else
                {
                    t.Notices++;
                }
            }

            foreach (string mismatch in bill.SummaryMismatches)
            {
                Add(new ReconciliationIssue { Kind = IssueKind.BillSummaryMismatch, Detail = mismatch });
            }

            // WeChat's side: every row of the day.
            foreach (BillRow row in dayRows)
            {
                string? terminal = world.TerminalOf(row);
                CurrencyFigures figures = Of(terminal).For(row.FeeType);
                string at = Time(row.TradeTime);
                switch (row.Kind)
                {
                    case BillRowKind.Payment:
                        figures.WeChatPayments.Add(row.Amount);
                        if (!world.PaymentsByOrder.TryGetValue(row.OutTradeNo, out StoredNotification? paid))
                        {
                            if (!world.RevokedOrders.Contains(row.OutTradeNo))
                            {
                                Add(new ReconciliationIssue
                                {
                                    Kind = IssueKind.PaymentNotNotified, TerminalId = terminal, OutTradeNo = row.OutTradeNo, TransactionId = row.TransactionId,
                                    FeeType = row.FeeType, WeChatAmount = row.Amount, At = at,
                                    Detail = "bill line " + row.Line + (row.DeviceInfo is { Length: > 0 } ? ", device_info " + row.DeviceInfo : string.Empty),
                                });
                            }
                        }
                        else if (paid.TransactionId != row.TransactionId || paid.TotalFee != row.OrderFee || paid.FeeType != row.FeeType)
                        {
                            Add(new ReconciliationIssue
                            {
                                Kind = IssueKind.PaymentMismatch, TerminalId = terminal, OutTradeNo = row.OutTradeNo, TransactionId = row.TransactionId, FeeType = row.FeeType,
                                WeChatAmount = row.OrderFee, NotifiedAmount = paid.TotalFee, At = at,
                                Detail = "notified as transaction " + paid.TransactionId + ", " + paid.TotalFee + " " + paid.FeeType + "; WeChat: " + row.TransactionId + ", " + row.OrderFee + " " + row.FeeType,
                            });
                        }

                        break;
                    case BillRowKind.Revoke:
                        figures.WeChatRevokes.Add(row.Amount);
                        if (world.PaymentsByOrder.TryGetValue(row.OutTradeNo, out StoredNotification? revoked))
                        {
                            Add(new ReconciliationIssue
                            {
                                Kind = IssueKind.PaymentRevoked, TerminalId = terminal, OutTradeNo = row.OutTradeNo, TransactionId = row.TransactionId, FeeType = row.FeeType,
                                WeChatAmount = row.Amount, NotifiedAmount = revoked.TotalFee, At = at, Detail = "bill line " + row.Line,
                            });
                        }

                        break;
                    default:
                        figures.WeChatRefunds.Add(row.Amount);
                        StoredRefund? notified = world.RefundOf(row);
                        if (notified == null)
                        {
                            bool success = row.RefundStatus == "SUCCESS";
                            Add(new ReconciliationIssue
                            {
                                Kind = success ? IssueKind.RefundNotNotified : IssueKind.RefundProcessing, TerminalId = terminal, OutTradeNo = row.OutTradeNo,
                                TransactionId = row.TransactionId, OutRefundNo = row.OutRefundNo, RefundId = row.RefundId, FeeType = row.FeeType, WeChatAmount = row.Amount, At = at,
                                Detail = "bill line " + row.Line + ", refund status " + (row.RefundStatus ?? "(none)") + " when the bill was made",
                            });
                        }
                        else if (notified.RefundFee != row.RefundFee || notified.FeeType != row.FeeType || notified.OutTradeNo != row.OutTradeNo || notified.RefundId != row.RefundId)
                        {
                            Add(new ReconciliationIssue
                            {
                                Kind = IssueKind.RefundMismatch, TerminalId = terminal, OutTradeNo = row.OutTradeNo, OutRefundNo = row.OutRefundNo, RefundId = row.RefundId,
                                FeeType = row.FeeType, WeChatAmount = row.RefundFee, NotifiedAmount = notified.RefundFee, At = at,
                                Detail = "notified as " + notified.OutRefundNo + "/" + notified.RefundId + " of " + notified.OutTradeNo + ", " + notified.RefundFee + " " + notified.FeeType,
                            });
                        }

                        break;
                }
            }

            // The terminals' side: what they notified for this day that no loaded bill has.
            HashSet<string> held = store.BillDates();
            foreach (StoredNotification n in world.Payments.Where(p => WeChatDay(p) == day))
            {
                Of(n.TerminalId).For(n.FeeType).NotifiedPayments.Add(n.TotalFee);
                if (!world.BillPaymentOrders.Contains(n.OutTradeNo))
                {
                    Add(new ReconciliationIssue
                    {
                        Kind = IssueKind.PaymentNotInBill, TerminalId = n.TerminalId, OutTradeNo = n.OutTradeNo, TransactionId = n.TransactionId, FeeType = n.FeeType,
                        NotifiedAmount = n.TotalFee, At = WeChatTime(n), Detail = "time_end " + (n.TimeEnd ?? "(none)"),
                    });
                }
            }

            foreach (StoredRefund r in world.Refunds.Where(r => RefundDay(r) == day))
            {
                Of(r.TerminalId).For(r.FeeType).NotifiedRefunds.Add(r.RefundFee);
                if (!world.BillRefundNumbers.Contains(r.OutRefundNo) && !world.BillRefundIds.Contains(r.RefundId))
                {
                    string previous = day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    Add(new ReconciliationIssue
                    {
                        Kind = IssueKind.RefundNotInBill, TerminalId = r.TerminalId, OutTradeNo = r.OutTradeNo, TransactionId = r.TransactionId, OutRefundNo = r.OutRefundNo,
                        RefundId = r.RefundId, FeeType = r.FeeType, NotifiedAmount = r.RefundFee, At = r.RefundSuccessTime,
                        Detail = held.Contains(previous) ? "in no loaded bill" : "in no loaded bill (WeChat lists a refund on the day it accepted it; the bill of " + previous + " is not loaded)",
                    });
                }
            }

            // Z reports whose period overlaps the day.
            long from = DayStart(day).ToUnixTimeSeconds();
            long to = DayStart(day.AddDays(1)).ToUnixTimeSeconds();
            foreach (StoredZReport stored in store.ZReports().Where(z => z.Report.OpenedAt < to && z.Report.ClosedAt >= from))
            {
                ZReport z = stored.Report;
                ZCheck check = CheckZ(z, world, held);
                Of(z.TerminalId).ZReports.Add(check);
                foreach (string missing in check.MissingBillDays)
                {
                    Add(new ReconciliationIssue { Kind = IssueKind.ZBillIncomplete, TerminalId = z.TerminalId, ZNumber = z.ZNumber, Detail = "the bill of " + missing + " is not loaded" });
                }

                foreach (ZCurrencyCheck c in check.Currencies)
                {
                    if (!c.MatchesNotified)
                    {
                        Add(new ReconciliationIssue
                        {
                            Kind = IssueKind.ZMismatchNotified, TerminalId = z.TerminalId, ZNumber = z.ZNumber, FeeType = c.FeeType,
                            Detail = "Z: sales " + c.Z.SalesCount + "/" + c.Z.SalesSum + ", refunds " + c.Z.RefundsCount + "/" + c.Z.RefundsSum +
                                "; notified: sales " + c.NotifiedSales.Count + "/" + c.NotifiedSales.Sum + ", refunds " + c.NotifiedRefunds.Count + "/" + c.NotifiedRefunds.Sum,
                        });
                    }

                    if (check.BillComplete && !c.MatchesBill)
                    {
                        Add(new ReconciliationIssue
                        {
                            Kind = IssueKind.ZMismatchBill, TerminalId = z.TerminalId, ZNumber = z.ZNumber, FeeType = c.FeeType,
                            Detail = "Z: sales " + c.Z.SalesCount + "/" + c.Z.SalesSum + ", refunds " + c.Z.RefundsCount + "/" + c.Z.RefundsSum + ", revokes " + c.Z.RevokesCount +
                                "; WeChat: sales " + c.BillSales.Count + "/" + c.BillSales.Sum + ", refunds " + c.BillRefunds.Count + "/" + c.BillRefunds.Sum + ", revokes of paid orders " + c.BillRevokes,
                        });
                    }

                    if (c.Z.UnresolvedCount > 0)
                    {
                        Add(new ReconciliationIssue
                        {
                            Kind = IssueKind.ZUnresolved, TerminalId = z.TerminalId, ZNumber = z.ZNumber, FeeType = c.FeeType,
                            Detail = c.Z.UnresolvedCount + " order(s) unresolved at the close; their outcome is in the next day's notifications and bill",
                        });
                    }
                }
            }

            report.Terminals.AddRange(terminals.Values.OrderBy(t => t.TerminalId == null ? 1 : 0).ThenBy(t => t.TerminalId, StringComparer.Ordinal));
            report.Issues.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.At, b.At));
            return report;
        }

        private static ZCheck CheckZ(ZReport z, World world, HashSet<string> held)
        {
            var check = new ZCheck { Report = z };
            for (DateOnly d = ChinaDay(z.OpenedAt); d <= ChinaDay(Math.Max(z.OpenedAt, z.ClosedAt - 1)); d = d.AddDays(1))
            {
                string text = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (!held.Contains(text))
                {
                    check.MissingBillDays.Add(text);
                }
            }

            bool In(long unixSeconds) => unixSeconds >= z.OpenedAt && unixSeconds < z.ClosedAt;

            // A notification that names its period ("period": the Z number the terminal counts it in)
            // belongs to that Z, and so does its bill row; older notifications and rows no
            // notification names go by time (whole seconds: a close in the same second is ambiguous).
            bool InZ(long period, long unixSeconds) => period > 0 ? period == z.ZNumber : In(unixSeconds);
            long PeriodOf(BillRow row) => row.Kind switch
            {
                BillRowKind.Payment => world.PaymentsByOrder.TryGetValue(row.OutTradeNo, out StoredNotification? paid) ? paid.Period : 0,
                BillRowKind.Refund => world.RefundOf(row)?.Period ?? 0,
                _ => 0,
            };
            var currencies = new SortedDictionary<string, ZCurrencyCheck>(StringComparer.Ordinal);
            ZCurrencyCheck For(string feeType)
            {
                if (!currencies.TryGetValue(feeType, out ZCurrencyCheck? c))
                {
                    ZTotals totals = z.Totals.FirstOrDefault(t => t.FeeType == feeType) ?? new ZTotals { FeeType = feeType };
                    currencies[feeType] = c = new ZCurrencyCheck { FeeType = feeType, Z = totals };
                }

                return c;
            }

            foreach (ZTotals t in z.Totals)
            {
                For(t.FeeType);
            }

            foreach (BillRow row in world.Rows.Where(r => InZ(PeriodOf(r), r.TradeTime.ToUnixTimeSeconds()) && world.TerminalOf(r) == z.TerminalId))
            {
                switch (row.Kind)
                {
                    case BillRowKind.Payment when !world.RevokedOrders.Contains(row.OutTradeNo):
                        For(row.FeeType).BillSales.Add(row.Amount);
                        break;
                    case BillRowKind.Refund when row.RefundStatus != "REFUNDCLOSE":
                        For(row.FeeType).BillRefunds.Add(row.Amount);
                        break;
                    case BillRowKind.Revoke:
                        For(row.FeeType).BillRevokes++;
                        break;
                }
            }

            foreach (StoredNotification n in world.Payments.Where(p => p.TerminalId == z.TerminalId && InZ(p.Period, p.PaidAt)))
            {
                For(n.FeeType).NotifiedSales.Add(n.TotalFee);
            }

            foreach (StoredRefund r in world.Refunds.Where(r => r.TerminalId == z.TerminalId && InZ(r.Period, r.RefundedAt)))
            {
                For(r.FeeType).NotifiedRefunds.Add(r.RefundFee);
            }

            check.Currencies.AddRange(currencies.Values);
            return check;
        }

        /// <summary>The China day of WeChat's payment time (time_end), else of the terminal's paid_at; null when neither is known.</summary>
        public static DateOnly? WeChatDay(StoredNotification n)
        {
            if (n.TimeEnd != null && DateTime.TryParseExact(n.TimeEnd, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime end))
            {
                return DateOnly.FromDateTime(end);
            }

            return n.PaidAt > 0 ? ChinaDay(n.PaidAt) : null;
        }

        /// <summary>The China day of WeChat's refund_success_time, else of the terminal's refunded_at.</summary>
        public static DateOnly? RefundDay(StoredRefund r)
        {
            if (r.RefundSuccessTime != null && DateTime.TryParseExact(r.RefundSuccessTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime success))
            {
                return DateOnly.FromDateTime(success);
            }

            return r.RefundedAt > 0 ? ChinaDay(r.RefundedAt) : null;
        }

        public static DateOnly ChinaDay(long unixSeconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToOffset(WeChatBill.ChinaOffset).DateTime);

        private static string Time(DateTimeOffset chinaTime) => chinaTime.ToOffset(WeChatBill.ChinaOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string? WeChatTime(StoredNotification n) =>
            n.TimeEnd != null && DateTime.TryParseExact(n.TimeEnd, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime end)
                ? end.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null;

        /// <summary>Everything a report looks things up in, indexed once.</summary>
        private sealed class World
        {
            private readonly List<string> terminalIds;
            private readonly Dictionary<string, StoredRefund> refundsByNumber = new Dictionary<string, StoredRefund>(StringComparer.Ordinal);
            private readonly Dictionary<string, StoredRefund> refundsById = new Dictionary<string, StoredRefund>(StringComparer.Ordinal);

            public World(MerchantStore store, List<BillRow> rows)
            {
                Rows = rows;
                Payments = store.Notifications();
                Refunds = store.Refunds();
                terminalIds = store.Terminals().Select(t => t.Id).OrderByDescending(id => id.Length).ToList();
                foreach (StoredNotification n in Payments)
                {
                    PaymentsByOrder.TryAdd(n.OutTradeNo, n);
                }

                foreach (StoredRefund r in Refunds)
                {
                    refundsByNumber.TryAdd(r.OutRefundNo, r);
                    refundsById.TryAdd(r.RefundId, r);
                }

                foreach (BillRow row in rows)
                {
                    switch (row.Kind)
                    {
                        case BillRowKind.Payment:
                            BillPaymentOrders.Add(row.OutTradeNo);
                            break;
                        case BillRowKind.Revoke:
                            RevokedOrders.Add(row.OutTradeNo);
                            break;
                        default:
                            if (!string.IsNullOrEmpty(row.OutRefundNo))
                            {
                                BillRefundNumbers.Add(row.OutRefundNo);
                            }

                            if (!string.IsNullOrEmpty(row.RefundId))
                            {
                                BillRefundIds.Add(row.RefundId);
                            }

                            break;
                    }
                }
            }

            public List<BillRow> Rows { get; }
            public List<StoredNotification> Payments { get; }
            public List<StoredRefund> Refunds { get; }
            public Dictionary<string, StoredNotification> PaymentsByOrder { get; } = new Dictionary<string, StoredNotification>(StringComparer.Ordinal);
            public HashSet<string> BillPaymentOrders { get; } = new HashSet<string>(StringComparer.Ordinal);
            public HashSet<string> RevokedOrders { get; } = new HashSet<string>(StringComparer.Ordinal);
            public HashSet<string> BillRefundNumbers { get; } = new HashSet<string>(StringComparer.Ordinal);
            public HashSet<string> BillRefundIds { get; } = new HashSet<string>(StringComparer.Ordinal);

            public StoredRefund? RefundOf(BillRow row) =>
                row.OutRefundNo != null && refundsByNumber.TryGetValue(row.OutRefundNo, out StoredRefund? byNumber) ? byNumber
                    : row.RefundId != null && refundsById.TryGetValue(row.RefundId, out StoredRefund? byId) ? byId : null;

            /// <summary>The terminal a bill row belongs to, or null.</summary>
            public string? TerminalOf(BillRow row)
            {
                if (row.Kind == BillRowKind.Refund && RefundOf(row) is StoredRefund refund)
                {
                    return refund.TerminalId;
                }

                if (PaymentsByOrder.TryGetValue(row.OutTradeNo, out StoredNotification? paid))
                {
                    return paid.TerminalId;
                }

                // Order numbers are the terminal id followed by a 12-digit sequence (Payments.OrderNumbers).
                foreach (string id in terminalIds)
                {
                    string order = row.OutTradeNo;
                    if (order.Length == id.Length + 12 && order.StartsWith(id, StringComparison.Ordinal) && order.Substring(id.Length).All(char.IsAsciiDigit))
                    {
                        return id;
                    }
                }

                return row.DeviceInfo is { Length: > 0 } && terminalIds.Contains(row.DeviceInfo) ? row.DeviceInfo : null;
            }
        }
    }
}
