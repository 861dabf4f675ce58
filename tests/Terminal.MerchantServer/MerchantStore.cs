using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace Terminal.MerchantServer
{
    /// <summary>What happened to a delivered notification.</summary>
    public enum StoreOutcome
    {
        Stored,
        Duplicate,

        /// <summary>Same idempotency key, different content: refused (409), never overwritten.</summary>
        Conflict,
    }

    /// <summary>A terminal's risk-control state as the server sees it.</summary>
    public sealed class TerminalState
    {
        public required string Id { get; set; }

        public bool Suspended { get; set; }

        public string Reason { get; set; } = string.Empty;

        public long ResumedAt { get; set; }

        public long LastSeen { get; set; }

        public int ReportedDepth { get; set; }

        public int ReportedDeadLetters { get; set; }

        public bool ReportedVelocityLock { get; set; }

        public string ReportedVelocityReason { get; set; } = string.Empty;
    }

    /// <summary>A stored notification (one row per idempotency key).</summary>
    public sealed class StoredNotification
    {
        public string Key { get; set; } = string.Empty;

        public string TerminalId { get; set; } = string.Empty;

        public long TotalFee { get; set; }

        public string OutTradeNo { get; set; } = string.Empty;

        public string TransactionId { get; set; } = string.Empty;

        public long CashFee { get; set; }

        /// <summary>ISO 4217 code of total_fee and cash_fee (minor units).</summary>
        public string FeeType { get; set; } = string.Empty;

        public string? BankType { get; set; }

        public string? TimeEnd { get; set; }

        public long PaidAt { get; set; }

        public long ReceivedAt { get; set; }

        /// <summary>Times the terminal delivered it (1 = exactly once; more = harmless repeats).</summary>
        public int Deliveries { get; set; }

        /// <summary>The notification JSON exactly as the terminal signed it.</summary>
        public string Json { get; set; } = string.Empty;

        private long? period;

        /// <summary>The Z number the terminal counts the payment in ("period"); 0 for a notification without it (older terminals: assigned by time).</summary>
        public long Period => period ??= TypedNotificationReader.PeriodOf(Json);
    }

    /// <summary>
    /// SQLite persistence of the reference server (data folder/merchant.db): notifications keyed by
    /// idempotency key, terminals with their secret and risk state, and recently seen nonces.
    /// One connection guarded by a lock; WAL with synchronous=FULL so an acknowledged
    /// notification survives a crash of the server machine.
    /// </summary>
    public sealed partial class MerchantStore : IDisposable
    {
        private readonly object gate = new object();
        private readonly SqliteConnection db;
        private int noncesSincePrune;
        private SqliteTransaction? transaction;

        public MerchantStore(string dataFolder)
        {
            Directory.CreateDirectory(dataFolder);
            Path = System.IO.Path.Combine(dataFolder, "merchant.db");
            db = new SqliteConnection("Data Source=" + Path + ";Pooling=False");
            db.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=FULL;");
            Execute(@"CREATE TABLE IF NOT EXISTS notifications(
                        key TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, out_trade_no TEXT NOT NULL, transaction_id TEXT NOT NULL,
                        total_fee INTEGER NOT NULL, cash_fee INTEGER NOT NULL, fee_type TEXT NOT NULL, time_end TEXT, bank_type TEXT,
                        openid TEXT, paid_at INTEGER NOT NULL, received_at INTEGER NOT NULL, deliveries INTEGER NOT NULL, json TEXT NOT NULL);
                      CREATE INDEX IF NOT EXISTS notifications_terminal ON notifications(terminal_id, paid_at);
                      CREATE TABLE IF NOT EXISTS terminals(
                        id TEXT PRIMARY KEY, secret_hex TEXT NOT NULL, suspended INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '',
                        resumed_at INTEGER NOT NULL DEFAULT 0, last_seen INTEGER NOT NULL DEFAULT 0, depth INTEGER NOT NULL DEFAULT 0,
                        dead_letters INTEGER NOT NULL DEFAULT 0, velocity_locked INTEGER NOT NULL DEFAULT 0, velocity_reason TEXT NOT NULL DEFAULT '');
                      CREATE TABLE IF NOT EXISTS nonces(terminal_id TEXT NOT NULL, nonce TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY(terminal_id, nonce));");
            CreateStoreOperationTables();
        }

        public string Path { get; }

        public void Dispose()
        {
            lock (gate)
            {
                db.Dispose();
            }
        }

        public void UpsertTerminal(string id, byte[] secret)
        {
            lock (gate)
            {
                Execute("INSERT INTO terminals(id, secret_hex) VALUES($id, $s) ON CONFLICT(id) DO UPDATE SET secret_hex = $s;",
                    ("$id", id), ("$s", Convert.ToHexString(secret)));
            }
        }

        /// <summary>The terminal's secret, or null when the terminal is unknown.</summary>
        public byte[]? SecretOf(string id)
        {
            lock (gate)
            {
                object? hex = Scalar("SELECT secret_hex FROM terminals WHERE id = $id;", ("$id", id));
                return hex is string s ? Convert.FromHexString(s) : null;
            }
        }

        /// <summary>Records a nonce; false when it was already seen (a replay).</summary>
        public bool TryUseNonce(string terminalId, string nonce, long now, int windowSeconds)
        {
            lock (gate)
            {
                if (++noncesSincePrune >= 200)
                {
                    noncesSincePrune = 0;
                    Execute("DELETE FROM nonces WHERE seen_at < $t;", ("$t", now - 2L * windowSeconds));
                }

                return Execute("INSERT OR IGNORE INTO nonces(terminal_id, nonce, seen_at) VALUES($t, $n, $s);", ("$t", terminalId), ("$n", nonce), ("$s", now)) == 1;
            }
        }

        public StoreOutcome StoreNotification(string terminalId, string key, string outTradeNo, string transactionId, long totalFee, long cashFee,
            string feeType, string? timeEnd, string? bankType, string? openId, long paidAt, string json, long now)
        {
            lock (gate)
            {
                using SqliteTransaction tx = db.BeginTransaction();
                transaction = tx;
                try
                {
                    return StoreInTransaction(tx, terminalId, key, outTradeNo, transactionId, totalFee, cashFee, feeType, timeEnd, bankType, openId, paidAt, json, now);
                }
                finally
                {
                    transaction = null;
                }
            }
        }

        private StoreOutcome StoreInTransaction(SqliteTransaction tx, string terminalId, string key, string outTradeNo, string transactionId, long totalFee, long cashFee,
            string feeType, string? timeEnd, string? bankType, string? openId, long paidAt, string json, long now)
        {
            {
                object? existing = Scalar("SELECT json FROM notifications WHERE key = $k;", ("$k", key));
                StoreOutcome outcome;
                if (existing is string stored)
                {
                    if (stored != json)
                    {
                        return StoreOutcome.Conflict;
                    }

                    Execute("UPDATE notifications SET deliveries = deliveries + 1 WHERE key = $k;", ("$k", key));
                    outcome = StoreOutcome.Duplicate;
                }
                else
                {
                    Execute(@"INSERT INTO notifications(key, terminal_id, out_trade_no, transaction_id, total_fee, cash_fee, fee_type, time_end,
                                bank_type, openid, paid_at, received_at, deliveries, json)
                              VALUES($k, $t, $o, $x, $f, $c, $ft, $te, $b, $op, $p, $r, 1, $j);",
                        ("$k", key), ("$t", terminalId), ("$o", outTradeNo), ("$x", transactionId), ("$f", totalFee), ("$c", cashFee),
                        ("$ft", feeType), ("$te", (object?)timeEnd ?? DBNull.Value), ("$b", (object?)bankType ?? DBNull.Value),
                        ("$op", (object?)openId ?? DBNull.Value), ("$p", paidAt), ("$r", now), ("$j", json));
                    outcome = StoreOutcome.Stored;
                }

                tx.Commit();
                return outcome;
            }
        }

        /// <summary>Payments and amount from a terminal paid after <paramref name="fromPaidAt"/> (exclusive).</summary>
        public (int Count, long Amount) Window(string terminalId, long fromPaidAt)
        {
            lock (gate)
            {
                using SqliteCommand cmd = Command("SELECT COUNT(*), COALESCE(SUM(total_fee), 0) FROM notifications WHERE terminal_id = $t AND paid_at > $p;",
                    ("$t", terminalId), ("$p", fromPaidAt));
                using SqliteDataReader r = cmd.ExecuteReader();
                r.Read();
                return (r.GetInt32(0), r.GetInt64(1));
            }
        }

        public TerminalState? State(string id)
        {
            lock (gate)
            {
                using SqliteCommand cmd = Command(@"SELECT suspended, reason, resumed_at, last_seen, depth, dead_letters, velocity_locked, velocity_reason
                                                    FROM terminals WHERE id = $id;", ("$id", id));
                using SqliteDataReader r = cmd.ExecuteReader();
                if (!r.Read())
                {
                    return null;
                }

                return new TerminalState
                {
                    Id = id,
                    Suspended = r.GetInt64(0) != 0,
                    Reason = r.GetString(1),
                    ResumedAt = r.GetInt64(2),
                    LastSeen = r.GetInt64(3),
                    ReportedDepth = r.GetInt32(4),
                    ReportedDeadLetters = r.GetInt32(5),
                    ReportedVelocityLock = r.GetInt64(6) != 0,
                    ReportedVelocityReason = r.GetString(7),
                };
            }
        }

        public void Suspend(string id, string? reason)
        {
            lock (gate)
            {
                Execute("UPDATE terminals SET suspended = 1, reason = $r WHERE id = $id;", ("$id", id), ("$r", reason ?? string.Empty));
            }
        }

        /// <summary>Resumes; payments paid up to <paramref name="now"/> no longer count for the surge rule.</summary>
        public void Resume(string id, long now)
        {
            lock (gate)
            {
                Execute("UPDATE terminals SET suspended = 0, reason = '', resumed_at = $n WHERE id = $id;", ("$id", id), ("$n", now));
            }
        }

        public void RecordSeen(string id, long now, int? depth, int? deadLetters, bool? velocityLocked, string? velocityReason)
        {
            lock (gate)
            {
                Execute(@"UPDATE terminals SET last_seen = $n, depth = COALESCE($d, depth), dead_letters = COALESCE($dl, dead_letters),
                            velocity_locked = COALESCE($v, velocity_locked), velocity_reason = COALESCE($vr, velocity_reason) WHERE id = $id;",
                    ("$id", id), ("$n", now), ("$d", (object?)depth ?? DBNull.Value), ("$dl", (object?)deadLetters ?? DBNull.Value),
                    ("$v", velocityLocked.HasValue ? (object)(velocityLocked.Value ? 1 : 0) : DBNull.Value), ("$vr", (object?)velocityReason ?? DBNull.Value));
            }
        }

        public List<StoredNotification> Notifications(string? terminalId = null)
        {
            lock (gate)
            {
                return ReadNotifications(Command(SelectNotifications + " WHERE $t IS NULL OR terminal_id = $t ORDER BY rowid;", ("$t", (object?)terminalId ?? DBNull.Value)));
            }
        }

        /// <summary>
        /// Notifications paid (paid_at) in [<paramref name="fromPaidAt"/>, <paramref name="toPaidAt"/>),
        /// newest first, optionally of one terminal, whose order number or WeChat transaction id
        /// contains <paramref name="order"/>, and whose total_fee is one of <paramref name="amounts"/>
        /// (currency code → minor units); at most <paramref name="limit"/> rows.
        /// </summary>
        public List<StoredNotification> Search(long fromPaidAt, long toPaidAt, string? terminalId, string? order, IReadOnlyDictionary<string, long>? amounts, int limit)
        {
            var sql = new System.Text.StringBuilder(SelectNotifications + " WHERE paid_at >= $from AND paid_at < $to AND ($t IS NULL OR terminal_id = $t)");
            var parameters = new List<(string, object?)> { ("$from", fromPaidAt), ("$to", toPaidAt), ("$t", (object?)terminalId ?? DBNull.Value), ("$limit", limit) };
            if (!string.IsNullOrEmpty(order))
            {
                sql.Append(" AND (instr(out_trade_no, $order) > 0 OR instr(transaction_id, $order) > 0)");
                parameters.Add(("$order", order));
            }

            if (amounts != null)
            {
                var alternatives = new List<string> { "0" };
                int i = 0;
                foreach (KeyValuePair<string, long> amount in amounts)
                {
                    alternatives.Add("(fee_type = $c" + i + " AND total_fee = $a" + i + ")");
                    parameters.Add(("$c" + i, amount.Key));
                    parameters.Add(("$a" + i, amount.Value));
                    i++;
                }

                sql.Append(" AND (" + string.Join(" OR ", alternatives) + ")");
            }

            sql.Append(" ORDER BY paid_at DESC, rowid DESC LIMIT $limit;");
            lock (gate)
            {
                return ReadNotifications(Command(sql.ToString(), parameters.ToArray()));
            }
        }

        /// <summary>The currency codes notifications were paid in.</summary>
        public List<string> Currencies()
        {
            lock (gate)
            {
                using SqliteCommand cmd = Command("SELECT DISTINCT fee_type FROM notifications ORDER BY fee_type;");
                using SqliteDataReader r = cmd.ExecuteReader();
                var codes = new List<string>();
                while (r.Read())
                {
                    codes.Add(r.GetString(0));
                }

                return codes;
            }
        }

        /// <summary>Every registered terminal, by id.</summary>
        public List<TerminalState> Terminals()
        {
            var ids = new List<string>();
            lock (gate)
            {
                using SqliteCommand cmd = Command("SELECT id FROM terminals ORDER BY id;");
                using SqliteDataReader r = cmd.ExecuteReader();
                while (r.Read())
                {
                    ids.Add(r.GetString(0));
                }
            }

            return ids.Select(State).OfType<TerminalState>().ToList();
        }

        private const string SelectNotifications = @"SELECT key, terminal_id, total_fee, paid_at, received_at, deliveries, json,
                                                            out_trade_no, transaction_id, cash_fee, fee_type, bank_type, time_end FROM notifications";

        private static List<StoredNotification> ReadNotifications(SqliteCommand command)
        {
            using SqliteCommand cmd = command;
            using SqliteDataReader r = cmd.ExecuteReader();
            var list = new List<StoredNotification>();
            while (r.Read())
            {
                list.Add(new StoredNotification
                {
                    Key = r.GetString(0),
                    TerminalId = r.GetString(1),
                    TotalFee = r.GetInt64(2),
                    PaidAt = r.GetInt64(3),
                    ReceivedAt = r.GetInt64(4),
                    Deliveries = r.GetInt32(5),
                    Json = r.GetString(6),
                    OutTradeNo = r.GetString(7),
                    TransactionId = r.GetString(8),
                    CashFee = r.GetInt64(9),
                    FeeType = r.GetString(10),
                    BankType = r.IsDBNull(11) ? null : r.GetString(11),
                    TimeEnd = r.IsDBNull(12) ? null : r.GetString(12),
                });
            }

            return list;
        }

        private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
        {
            SqliteCommand cmd = db.CreateCommand();
            cmd.CommandText = sql;
            cmd.Transaction = transaction;
            foreach ((string name, object? value) in parameters)
            {
                cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return cmd;
        }

        private int Execute(string sql, params (string Name, object? Value)[] parameters)
        {
            using SqliteCommand cmd = Command(sql, parameters);
            return cmd.ExecuteNonQuery();
        }

        private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
        {
            using SqliteCommand cmd = Command(sql, parameters);
            return cmd.ExecuteScalar();
        }
    }
}
