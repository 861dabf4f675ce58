using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Terminal.MerchantServer.Reconciliation;

namespace Terminal.MerchantServer
{
    /// <summary>A day's bill as the server holds it.</summary>
    public sealed class StoredBill
    {
        /// <summary>The China Standard Time day, yyyy-MM-dd.</summary>
        public required string BillDate { get; set; }

        /// <summary>"loaded" (rows below) or "no_bill" (WeChat: No Bill Exist — nothing happened that day).</summary>
        public required string Status { get; set; }

        /// <summary>"wechat" (fetched) or "upload" (an admin gave the file).</summary>
        public required string Source { get; set; }

        public long LoadedAt { get; set; }

        public required string Text { get; set; }

        public List<string> SummaryMismatches { get; set; } = new List<string>();
    }

    /// <summary>WeChat's daily bills: the text as received and its rows, one bill per China day (a new load replaces the old).</summary>
    public sealed partial class MerchantStore
    {
        public const string BillLoaded = "loaded";
        public const string BillNone = "no_bill";

        private void CreateBillTables()
        {
            Execute(@"CREATE TABLE IF NOT EXISTS bills(
                        bill_date TEXT PRIMARY KEY, status TEXT NOT NULL, source TEXT NOT NULL, loaded_at INTEGER NOT NULL,
                        text TEXT NOT NULL, summary_mismatches TEXT NOT NULL);
                      CREATE TABLE IF NOT EXISTS bill_rows(
                        bill_date TEXT NOT NULL, line INTEGER NOT NULL, kind INTEGER NOT NULL, trade_time INTEGER NOT NULL,
                        device_info TEXT, transaction_id TEXT NOT NULL, out_trade_no TEXT NOT NULL, fee_type TEXT NOT NULL,
                        settlement_fee INTEGER NOT NULL, order_fee INTEGER NOT NULL, refund_id TEXT, out_refund_no TEXT,
                        refund_fee INTEGER NOT NULL, refund_status TEXT, trade_state TEXT NOT NULL, PRIMARY KEY(bill_date, line));
                      CREATE INDEX IF NOT EXISTS bill_rows_order ON bill_rows(out_trade_no);
                      CREATE INDEX IF NOT EXISTS bill_rows_refund ON bill_rows(refund_id);");
        }

        /// <summary>Keeps a day's bill (replacing an earlier load of that day); <paramref name="bill"/> null = WeChat has no bill for the day.</summary>
        public void StoreBill(DateOnly billDate, string source, string? text, WeChatBill? bill, long now)
        {
            string day = billDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            lock (gate)
            {
                using SqliteTransaction tx = db.BeginTransaction();
                transaction = tx;
                try
                {
                    Execute("DELETE FROM bill_rows WHERE bill_date = $d;", ("$d", day));
                    Execute(@"INSERT INTO bills(bill_date, status, source, loaded_at, text, summary_mismatches) VALUES($d, $s, $src, $n, $t, $m)
                              ON CONFLICT(bill_date) DO UPDATE SET status = $s, source = $src, loaded_at = $n, text = $t, summary_mismatches = $m;",
                        ("$d", day), ("$s", bill == null ? BillNone : BillLoaded), ("$src", source), ("$n", now), ("$t", text ?? string.Empty),
                        ("$m", bill == null ? string.Empty : string.Join("\n", bill.SummaryMismatches)));
                    foreach (BillRow row in bill?.Rows ?? Array.Empty<BillRow>())
                    {
                        Execute(@"INSERT INTO bill_rows(bill_date, line, kind, trade_time, device_info, transaction_id, out_trade_no, fee_type, settlement_fee,
                                    order_fee, refund_id, out_refund_no, refund_fee, refund_status, trade_state)
                                  VALUES($d, $l, $k, $tt, $di, $x, $o, $f, $sf, $of, $ri, $ro, $rf, $rs, $ts);",
                            ("$d", day), ("$l", row.Line), ("$k", (int)row.Kind), ("$tt", row.TradeTime.ToUnixTimeSeconds()), ("$di", (object?)row.DeviceInfo ?? DBNull.Value),
                            ("$x", row.TransactionId ?? string.Empty), ("$o", row.OutTradeNo ?? string.Empty), ("$f", row.FeeType), ("$sf", row.SettlementFee),
                            ("$of", row.OrderFee), ("$ri", (object?)row.RefundId ?? DBNull.Value), ("$ro", (object?)row.OutRefundNo ?? DBNull.Value),
                            ("$rf", row.RefundFee), ("$rs", (object?)row.RefundStatus ?? DBNull.Value), ("$ts", row.TradeState));
                    }

                    tx.Commit();
                }
                finally
                {
                    transaction = null;
                }
            }
        }

        /// <summary>The bill of a China day, or null when none was loaded.</summary>
        public StoredBill? Bill(DateOnly billDate)
        {
            lock (gate)
            {
                using SqliteCommand cmd = Command("SELECT bill_date, status, source, loaded_at, text, summary_mismatches FROM bills WHERE bill_date = $d;",
                    ("$d", billDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                using SqliteDataReader r = cmd.ExecuteReader();
                if (!r.Read())
                {
                    return null;
                }

                return new StoredBill
                {
                    BillDate = r.GetString(0), Status = r.GetString(1), Source = r.GetString(2), LoadedAt = r.GetInt64(3), Text = r.GetString(4),
                    SummaryMismatches = new List<string>(r.GetString(5).Split('\n', StringSplitOptions.RemoveEmptyEntries)),
                };
            }
        }

        /// <summary>The China days whose bill (or "no bill") is held.</summary>
        public HashSet<string> BillDates()
        {
            lock (gate)
            {
                using SqliteCommand cmd = Command("SELECT bill_date FROM bills;");
                using SqliteDataReader r = cmd.ExecuteReader();
                var days = new HashSet<string>(StringComparer.Ordinal);
                while (r.Read())
                {
                    days.Add(r.GetString(0));
                }

                return days;
            }
        }

        /// <summary>Rows of every held bill, or of one day.</summary>
        public List<BillRow> BillRows(DateOnly? billDate = null)
        {
            lock (gate)
            {
                using SqliteCommand cmd = Command(@"SELECT line, kind, trade_time, device_info, transaction_id, out_trade_no, fee_type, settlement_fee, order_fee,
                                                           refund_id, out_refund_no, refund_fee, refund_status, trade_state, bill_date
                                                    FROM bill_rows WHERE $d IS NULL OR bill_date = $d ORDER BY bill_date, line;",
                    ("$d", billDate.HasValue ? billDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value));
                using SqliteDataReader r = cmd.ExecuteReader();
                var rows = new List<BillRow>();
                while (r.Read())
                {
                    rows.Add(new BillRow
                    {
                        Line = r.GetInt32(0), Kind = (BillRowKind)r.GetInt32(1),
                        TradeTime = DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(2)).ToOffset(WeChatBill.ChinaOffset),
                        DeviceInfo = r.IsDBNull(3) ? null : r.GetString(3), TransactionId = r.GetString(4), OutTradeNo = r.GetString(5), FeeType = r.GetString(6),
                        SettlementFee = r.GetInt64(7), OrderFee = r.GetInt64(8), RefundId = r.IsDBNull(9) ? null : r.GetString(9),
                        OutRefundNo = r.IsDBNull(10) ? null : r.GetString(10), RefundFee = r.GetInt64(11), RefundStatus = r.IsDBNull(12) ? null : r.GetString(12),
                        TradeState = r.GetString(13), BillDate = r.GetString(14),
                    });
                }

                return rows;
            }
        }
    }
}
