using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace Terminal.MerchantServer
{
    /// <summary>A stored refund notification.</summary>
    public sealed class StoredRefund
    {
        public required string Key { get; set; }
        public required string TerminalId { get; set; }
        public required string OutTradeNo { get; set; }
        public required string TransactionId { get; set; }
        public required string OutRefundNo { get; set; }
        public required string RefundId { get; set; }
        public long RefundFee { get; set; }
        public long TotalFee { get; set; }
        public required string FeeType { get; set; }
        public string? RefundSuccessTime { get; set; }
        public long RefundedAt { get; set; }
        public long ReceivedAt { get; set; }
        public int Deliveries { get; set; }
        public required string Json { get; set; }

        private long? period;

        /// <summary>The Z number the terminal counts the refund in ("period", refund version 2); 0 for version 1 (assigned by time).</summary>
        public long Period => period ??= TypedNotificationReader.PeriodOf(Json);
    }

    /// <summary>A stored Z report with its totals.</summary>
    public sealed class StoredZReport
    {
        public required string Key { get; set; }
        public required ZReport Report { get; set; }
        public long ReceivedAt { get; set; }
        public int Deliveries { get; set; }
        public required string Json { get; set; }
    }

    /// <summary>The refunds and Z reports terminals deliver, stored like payments: once per idempotency key, 409 on a different repeat.</summary>
    public sealed partial class MerchantStore
    {
        private void CreateStoreOperationTables()
        {
            Execute(@"CREATE TABLE IF NOT EXISTS refunds(
                        key TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, out_trade_no TEXT NOT NULL, transaction_id TEXT NOT NULL,
                        out_refund_no TEXT NOT NULL UNIQUE, refund_id TEXT NOT NULL, refund_fee INTEGER NOT NULL, total_fee INTEGER NOT NULL,
                        fee_type TEXT NOT NULL, refund_success_time TEXT, refunded_at INTEGER NOT NULL, received_at INTEGER NOT NULL,
                        deliveries INTEGER NOT NULL, json TEXT NOT NULL);
                      CREATE INDEX IF NOT EXISTS refunds_order ON refunds(out_trade_no);
                      CREATE INDEX IF NOT EXISTS refunds_terminal ON refunds(terminal_id, refunded_at);
                      CREATE TABLE IF NOT EXISTS z_reports(
                        key TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, z_number INTEGER NOT NULL, business_day TEXT NOT NULL,
                        utc_offset_minutes INTEGER NOT NULL, opened_at INTEGER NOT NULL, closed_at INTEGER NOT NULL,
                        received_at INTEGER NOT NULL, deliveries INTEGER NOT NULL, json TEXT NOT NULL);
                      CREATE INDEX IF NOT EXISTS z_reports_terminal ON z_reports(terminal_id, closed_at);
                      CREATE TABLE IF NOT EXISTS z_totals(
                        key TEXT NOT NULL, fee_type TEXT NOT NULL, sales_count INTEGER NOT NULL, sales_sum INTEGER NOT NULL,
                        refunds_count INTEGER NOT NULL, refunds_sum INTEGER NOT NULL, revokes_count INTEGER NOT NULL,
                        unresolved_count INTEGER NOT NULL, PRIMARY KEY(key, fee_type));");
            CreateBillTables();
        }

        /// <summary>
        /// Stores a refund once (Stored / Duplicate / Conflict), or refuses one that contradicts the
        /// order: its payment or earlier refunds name another transaction, total or currency
        /// (<see cref="NotificationError.RefundMismatch"/>), or the refunds would exceed the total
        /// (<see cref="NotificationError.RefundExceedsPayment"/>). One transaction: checked and stored together.
        /// </summary>
        public (StoreOutcome Outcome, NotificationError? Refusal, string? Detail) StoreRefund(RefundNotification refund, string json, long now)
        {
            lock (gate)
            {
                using SqliteTransaction tx = db.BeginTransaction();
                transaction = tx;
                try
                {
                    object? stored = Scalar("SELECT json FROM refunds WHERE key = $k;", ("$k", refund.Key));
                    if (stored is string same)
                    {
                        if (same != json)
                        {
                            return (StoreOutcome.Conflict, NotificationError.Conflict, "a different refund with the idempotency key " + refund.Key + " is already stored");
                        }

                        Execute("UPDATE refunds SET deliveries = deliveries + 1 WHERE key = $k;", ("$k", refund.Key));
                        tx.Commit();
                        return (StoreOutcome.Duplicate, null, null);
                    }

                    using (SqliteCommand cmd = Command("SELECT transaction_id, total_fee, fee_type FROM notifications WHERE out_trade_no = $o " +
                                                       "UNION ALL SELECT transaction_id, total_fee, fee_type FROM refunds WHERE out_trade_no = $o;", ("$o", refund.OutTradeNo)))
                    using (SqliteDataReader r = cmd.ExecuteReader())
                    {
                        while (r.Read())
                        {
                            if (r.GetString(0) != refund.TransactionId || r.GetInt64(1) != refund.TotalFee || r.GetString(2) != refund.FeeType)
                            {
                                return (StoreOutcome.Conflict, NotificationError.RefundMismatch, "order " + refund.OutTradeNo + " is stored as transaction " + r.GetString(0) +
                                    ", total_fee " + r.GetInt64(1) + " " + r.GetString(2) + "; this refund says " + refund.TransactionId + ", " + refund.TotalFee + " " + refund.FeeType);
                            }
                        }
                    }

                    // COALESCE makes the sum never NULL.
                    long earlier = (long)Scalar("SELECT COALESCE(SUM(refund_fee), 0) FROM refunds WHERE out_trade_no = $o;", ("$o", refund.OutTradeNo))!;
                    if (earlier + refund.RefundFee > refund.TotalFee)
                    {
                        return (StoreOutcome.Conflict, NotificationError.RefundExceedsPayment, "order " + refund.OutTradeNo + " has " + earlier + " refunded already; " +
                            refund.RefundFee + " more exceeds its total_fee " + refund.TotalFee);
                    }

                    Execute(@"INSERT INTO refunds(key, terminal_id, out_trade_no, transaction_id, out_refund_no, refund_id, refund_fee, total_fee, fee_type,
                                refund_success_time, refunded_at, received_at, deliveries, json)
                              VALUES($k, $t, $o, $x, $r, $ri, $f, $tf, $ft, $st, $ra, $n, 1, $j);",
                        ("$k", refund.Key), ("$t", refund.TerminalId), ("$o", refund.OutTradeNo), ("$x", refund.TransactionId), ("$r", refund.OutRefundNo),
                        ("$ri", refund.RefundId), ("$f", refund.RefundFee), ("$tf", refund.TotalFee), ("$ft", refund.FeeType),
                        ("$st", (object?)refund.RefundSuccessTime ?? DBNull.Value), ("$ra", refund.RefundedAt), ("$n", now), ("$j", json));
                    tx.Commit();
                    return (StoreOutcome.Stored, null, null);
                }
                finally
                {
                    transaction = null;
                }
            }
        }

        /// <summary>Stores a Z report once (Stored / Duplicate / Conflict with a different report under the same terminal and number).</summary>
        public StoreOutcome StoreZReport(ZReport report, string json, long now)
        {
            lock (gate)
            {
                using SqliteTransaction tx = db.BeginTransaction();
                transaction = tx;
                try
                {
                    object? stored = Scalar("SELECT json FROM z_reports WHERE key = $k;", ("$k", report.Key));
                    if (stored is string same)
                    {
                        if (same != json)
                        {
                            return StoreOutcome.Conflict;
                        }

                        Execute("UPDATE z_reports SET deliveries = deliveries + 1 WHERE key = $k;", ("$k", report.Key));
                        tx.Commit();
                        return StoreOutcome.Duplicate;
                    }

                    Execute(@"INSERT INTO z_reports(key, terminal_id, z_number, business_day, utc_offset_minutes, opened_at, closed_at, received_at, deliveries, json)
                              VALUES($k, $t, $z, $d, $u, $o, $c, $n, 1, $j);",
                        ("$k", report.Key), ("$t", report.TerminalId), ("$z", report.ZNumber), ("$d", report.BusinessDay), ("$u", report.UtcOffsetMinutes),
                        ("$o", report.OpenedAt), ("$c", report.ClosedAt), ("$n", now), ("$j", json));
                    foreach (ZTotals t in report.Totals)
                    {
                        Execute(@"INSERT INTO z_totals(key, fee_type, sales_count, sales_sum, refunds_count, refunds_sum, revokes_count, unresolved_count)
                                  VALUES($k, $f, $sc, $ss, $rc, $rs, $vc, $uc);",
                            ("$k", report.Key), ("$f", t.FeeType), ("$sc", t.SalesCount), ("$ss", t.SalesSum), ("$rc", t.RefundsCount), ("$rs", t.RefundsSum),
                            ("$vc", t.RevokesCount), ("$uc", t.UnresolvedCount));
                    }

                    tx.Commit();
                    return StoreOutcome.Stored;
                }
                finally
                {
                    transaction = null;
                }
            }
        }

        /// <summary>Stored refunds, oldest delivery first, optionally of one terminal.</summary>
        public List<StoredRefund> Refunds(string? terminalId = null)
        {
            lock (gate)
            {
                using SqliteCommand cmd = Command(@"SELECT key, terminal_id, out_trade_no, transaction_id, out_refund_no, refund_id, refund_fee, total_fee, fee_type,
                                                           refund_success_time, refunded_at, received_at, deliveries, json
                                                    FROM refunds WHERE $t IS NULL OR terminal_id = $t ORDER BY rowid;", ("$t", (object?)terminalId ?? DBNull.Value));
                using SqliteDataReader r = cmd.ExecuteReader();
                var list = new List<StoredRefund>();
                while (r.Read())
                {
                    list.Add(new StoredRefund
                    {
                        Key = r.GetString(0), TerminalId = r.GetString(1), OutTradeNo = r.GetString(2), TransactionId = r.GetString(3), OutRefundNo = r.GetString(4),
                        RefundId = r.GetString(5), RefundFee = r.GetInt64(6), TotalFee = r.GetInt64(7), FeeType = r.GetString(8),
                        RefundSuccessTime = r.IsDBNull(9) ? null : r.GetString(9), RefundedAt = r.GetInt64(10), ReceivedAt = r.GetInt64(11),
                        Deliveries = r.GetInt32(12), Json = r.GetString(13),
                    });
                }

                return list;
            }
        }

        /// <summary>Stored Z reports, by terminal and number, optionally of one terminal.</summary>
        public List<StoredZReport> ZReports(string? terminalId = null)
        {
            var reports = new List<StoredZReport>();
            lock (gate)
            {
                using (SqliteCommand cmd = Command(@"SELECT key, terminal_id, z_number, business_day, utc_offset_minutes, opened_at, closed_at, received_at, deliveries, json
                                                     FROM z_reports WHERE $t IS NULL OR terminal_id = $t ORDER BY terminal_id, z_number;", ("$t", (object?)terminalId ?? DBNull.Value)))
                using (SqliteDataReader r = cmd.ExecuteReader())
                {
                    while (r.Read())
                    {
                        reports.Add(new StoredZReport
                        {
                            Key = r.GetString(0),
                            Report = new ZReport
                            {
                                TerminalId = r.GetString(1), ZNumber = r.GetInt64(2), BusinessDay = r.GetString(3), UtcOffsetMinutes = r.GetInt32(4),
                                OpenedAt = r.GetInt64(5), ClosedAt = r.GetInt64(6),
                            },
                            ReceivedAt = r.GetInt64(7), Deliveries = r.GetInt32(8), Json = r.GetString(9),
                        });
                    }
                }

                var totals = new Dictionary<string, List<ZTotals>>(StringComparer.Ordinal);
                using (SqliteCommand cmd = Command("SELECT key, fee_type, sales_count, sales_sum, refunds_count, refunds_sum, revokes_count, unresolved_count FROM z_totals ORDER BY key, fee_type;"))
                using (SqliteDataReader r = cmd.ExecuteReader())
                {
                    while (r.Read())
                    {
                        if (!totals.TryGetValue(r.GetString(0), out List<ZTotals>? list))
                        {
                            totals[r.GetString(0)] = list = new List<ZTotals>();
                        }

                        list.Add(new ZTotals
                        {
                            FeeType = r.GetString(1), SalesCount = r.GetInt64(2), SalesSum = r.GetInt64(3), RefundsCount = r.GetInt64(4), RefundsSum = r.GetInt64(5),
                            RevokesCount = r.GetInt64(6), UnresolvedCount = r.GetInt64(7),
                        });
                    }
                }

                return reports.Select(z =>
                {
                    totals.TryGetValue(z.Key, out List<ZTotals>? list);
                    z.Report = new ZReport
                    {
                        TerminalId = z.Report.TerminalId, ZNumber = z.Report.ZNumber, BusinessDay = z.Report.BusinessDay, UtcOffsetMinutes = z.Report.UtcOffsetMinutes,
                        OpenedAt = z.Report.OpenedAt, ClosedAt = z.Report.ClosedAt, Totals = (IReadOnlyList<ZTotals>?)list ?? Array.Empty<ZTotals>(),
                    };
                    return z;
                }).ToList();
            }
        }
    }
}
