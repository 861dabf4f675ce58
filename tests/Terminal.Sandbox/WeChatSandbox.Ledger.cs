using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Terminal.Sandbox
{
    /// <summary>
    /// The sandbox's ledger on disk, so a restart of the program hosting it (the simulator) keeps
    /// WeChat's side of every order — what a power cut of the terminal must be rehearsed against.
    /// Saved after every call, before the answer leaves (write a temporary file, then rename over
    /// the old one); loaded when <see cref="LedgerPath"/> is set. Version 2 keeps, besides the
    /// orders and their money, every refund (numbers, amounts, state, acceptance time and the time
    /// a PROCESSING refund settles), scripted refund scenarios and call counters, and each order's
    /// payment time, time_end, revoke time and bill fields (body, attach, device_info), all times
    /// as wall-clock (Unix ms): the sandbox's own clock (a stopwatch from its start, or a test's
    /// virtual clock) may begin anew, and a refund query or a bill after a restart answers as
    /// without it. Version 1 files (orders with their age at the save only) still load.
    /// </summary>
    public sealed partial class WeChatSandbox
    {
        private string? ledgerPath;

        /// <summary>The file the ledger is kept in, or null (memory only, the default). Setting it loads the file if it exists.</summary>
        public string? LedgerPath
        {
            get
            {
                lock (gate)
                {
                    return ledgerPath;
                }
            }

            set
            {
                lock (gate)
                {
                    ledgerPath = value;
                    if (value != null && File.Exists(value))
                    {
                        LoadLedger(value);
                    }
                }
            }
        }

        /// <summary>The version <see cref="SaveLedger"/> writes; version 1 files still load (docs/sandbox.md).</summary>
        public const int LedgerVersion = 2;

        // Sandbox ms <-> the sandbox's wall clock (Unix ms): v2 keeps every time as wall-clock time,
        // so a restart (whose own clock starts anew) puts each payment, refund and revoke at the same
        // moment of the same China day, and a refund PROCESSING until a time settles at that time.
        // In the file "no such time" is -1 (wall-clock times are positive); in memory it is NoTime.
        private long ToUnix(long sandboxMs) => sandboxMs == SandboxOrder.NoTime ? -1 : sandboxMs + UnixOffsetMs;

        private long FromUnix(long unixMs) => unixMs < 0 ? SandboxOrder.NoTime : unixMs - UnixOffsetMs;

        private void SaveLedger(long now)
        {
            if (ledgerPath == null)
            {
                return;
            }

            var file = new LedgerFile
            {
                Version = LedgerVersion,
                SavedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Transactions = transactions,
                RefundIds = refundIds,
                UsedCodes = usedCodes.OrderBy(c => c, StringComparer.Ordinal).ToList(),
                AttemptsByCode = new SortedDictionary<string, int>(attemptsByCode, StringComparer.Ordinal),
                Orders = orders.Values.Select(o => new LedgerOrder
                {
                    OutTradeNo = o.OutTradeNo,
                    AuthCode = o.AuthCode,
                    TotalFee = o.TotalFee,
                    FeeType = o.FeeType,
                    CreatedUnixMs = ToUnix(o.CreatedMs),
                    Scenario = o.Scenario.Kind,
                    ScenarioN = o.Scenario.N,
                    RefundScenario = o.RefundScenario.Kind,
                    RefundScenarioM = o.RefundScenario.M,
                    Body = o.Body,
                    Attach = o.Attach,
                    DeviceInfo = o.DeviceInfo,
                    TransactionId = o.TransactionId,
                    State = o.State,
                    Charged = o.Charged,
                    PaidUnixMs = ToUnix(o.PaidMs),
                    TimeEnd = o.TimeEnd,
                    RevokedUnixMs = ToUnix(o.RevokedMs),
                    RevokeRefundId = o.RevokeRefundId,
                    Refunded = o.Refunded,
                    RefundPending = o.RefundPending,
                    RecallsLeft = o.RecallsLeft,
                    ReverseCalls = o.ReverseCalls,
                    QueryCalls = o.QueryCalls,
                }).ToList(),
                Refunds = refundOrder.Select(r => new LedgerRefund
                {
                    OutRefundNo = r.OutRefundNo,
                    RefundId = r.RefundId,
                    OutTradeNo = r.OutTradeNo,
                    TransactionId = r.TransactionId,
                    RefundFee = r.RefundFee,
                    TotalFee = r.TotalFee,
                    FeeType = r.FeeType,
                    RefundDesc = r.RefundDesc,
                    AcceptedUnixMs = ToUnix(r.AcceptedMs),
                    SettleUnixMs = ToUnix(r.SettleMs),
                    FinalState = r.FinalState,
                    State = r.State,
                }).ToList(),
                RefundScripts = refundScripts.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => new LedgerRefundScript { OutTradeNo = p.Key, Kind = p.Value.Kind, M = p.Value.M }).ToList(),
                RefundCallsByOrder = new SortedDictionary<string, int>(refundCallsByOrder, StringComparer.Ordinal),
                RefundQueryCallsByOrder = new SortedDictionary<string, int>(refundQueryCallsByOrder, StringComparer.Ordinal),
            };

            // A full path always has a directory part (null only for a root, which is no file).
            string directory = Path.GetDirectoryName(Path.GetFullPath(ledgerPath))!;
            Directory.CreateDirectory(directory);
            string temporary = ledgerPath + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(file, JsonOptions));
            File.Move(temporary, ledgerPath, true);
        }

        private void LoadLedger(string path)
        {
            LedgerFile? file = JsonSerializer.Deserialize<LedgerFile>(File.ReadAllBytes(path), JsonOptions);
            if (file == null || (file.Version != 1 && file.Version != LedgerVersion))
            {
                throw new InvalidDataException(path + " is not a sandbox ledger (version 1 or " + LedgerVersion + ")");
            }

            long now = nowMs();
            long sinceSave = Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - file.SavedAtUnixMs);
            orders.Clear();
            refunds.Clear();
            refundOrder.Clear();
            refundScripts.Clear();
            refundCallsByOrder.Clear();
            refundQueryCallsByOrder.Clear();
            foreach (LedgerOrder o in file.Orders ?? new List<LedgerOrder>())
            {
                // Version 1 kept only the order's age at the save; its payment and revoke times,
                // refunds and bill fields were not kept (an old file's paid order is taken as paid
                // when it was created, as PaidAtMs does for an unknown PaidMs).
                bool v1 = file.Version == 1;
                string outTradeNo = Kept(o.OutTradeNo, path, "an order's OutTradeNo");
                orders[outTradeNo] = new SandboxOrder
                {
                    OutTradeNo = outTradeNo,
                    AuthCode = o.AuthCode,
                    TotalFee = o.TotalFee,
                    FeeType = o.FeeType,
                    CreatedMs = v1 ? now - o.AgeMs - sinceSave : FromUnix(o.CreatedUnixMs),
                    Scenario = new Scenario { Kind = o.Scenario, N = o.ScenarioN },
                    RefundScenario = v1 ? RefundScenario.Parse(o.AuthCode) : new RefundScenario { Kind = o.RefundScenario, M = o.RefundScenarioM },
                    Body = o.Body,
                    Attach = o.Attach,
                    DeviceInfo = o.DeviceInfo,
                    TransactionId = o.TransactionId,
                    State = Kept(o.State, path, "an order's State"),
                    Charged = o.Charged,
                    PaidMs = v1 ? SandboxOrder.NoTime : FromUnix(o.PaidUnixMs),
                    TimeEnd = o.TimeEnd,
                    RevokedMs = v1 ? SandboxOrder.NoTime : FromUnix(o.RevokedUnixMs),
                    RevokeRefundId = o.RevokeRefundId,
                    Refunded = o.Refunded,
                    RefundPending = o.RefundPending,
                    RecallsLeft = o.RecallsLeft,
                    ReverseCalls = o.ReverseCalls,
                    QueryCalls = o.QueryCalls,
                };
            }

            foreach (LedgerRefund r in file.Refunds ?? new List<LedgerRefund>())
            {
                var refund = new SandboxRefund
                {
                    OutRefundNo = Kept(r.OutRefundNo, path, "a refund's OutRefundNo"),
                    RefundId = Kept(r.RefundId, path, "a refund's RefundId"),
                    OutTradeNo = Kept(r.OutTradeNo, path, "a refund's OutTradeNo"),
                    TransactionId = r.TransactionId,
                    RefundFee = r.RefundFee,
                    TotalFee = r.TotalFee,
                    FeeType = r.FeeType,
                    RefundDesc = r.RefundDesc,
                    AcceptedMs = FromUnix(r.AcceptedUnixMs),
                    SettleMs = FromUnix(r.SettleUnixMs),
                    FinalState = Kept(r.FinalState, path, "a refund's FinalState"),
                    State = Kept(r.State, path, "a refund's State"),
                };
                refunds[refund.OutRefundNo] = refund;
                refundOrder.Add(refund);
            }

            foreach (LedgerRefundScript script in file.RefundScripts ?? new List<LedgerRefundScript>())
            {
                refundScripts[Kept(script.OutTradeNo, path, "a refund script's OutTradeNo")] = new RefundScenario { Kind = script.Kind, M = script.M };
            }

            foreach (var pair in file.RefundCallsByOrder ?? new SortedDictionary<string, int>())
            {
                refundCallsByOrder[pair.Key] = pair.Value;
            }

            foreach (var pair in file.RefundQueryCallsByOrder ?? new SortedDictionary<string, int>())
            {
                refundQueryCallsByOrder[pair.Key] = pair.Value;
            }

            usedCodes.Clear();
            usedCodes.UnionWith(file.UsedCodes ?? new List<string>());
            attemptsByCode.Clear();
            foreach (var pair in file.AttemptsByCode ?? new SortedDictionary<string, int>())
            {
                attemptsByCode[pair.Key] = pair.Value;
            }

            transactions = Math.Max(transactions, file.Transactions);
            refundIds = Math.Max(refundIds, Math.Max(file.RefundIds, refundOrder.Count + orders.Values.Count(o => o.RevokeRefundId != null)));
            RefreshRefunds(now); // a refund whose PROCESSING time passed while the sandbox was down is settled now
        }

        // A field SaveLedger always writes; a file without it is not a sandbox ledger.
        private static string Kept(string? value, string path, string what)
        {
            return value ?? throw new InvalidDataException(path + " is not a sandbox ledger (" + what + " is missing)");
        }

        /// <summary>Reads a ledger file as the sandbox would (tests and tools).</summary>
        public static IReadOnlyList<SandboxOrder> ReadLedger(string path)
        {
            var sandbox = new WeChatSandbox(DefaultMerchant(), () => 0);
            sandbox.LedgerPath = path;
            lock (sandbox.gate)
            {
                return sandbox.orders.Values.Where(o => o.AuthCode != null).ToList();
            }
        }

        /// <summary>Reads the refunds of a ledger file as the sandbox would (states brought up to the wall-clock time now).</summary>
        public static IReadOnlyList<SandboxRefund> ReadLedgerRefunds(string path)
        {
            var sandbox = new WeChatSandbox(DefaultMerchant(), () => 0);
            sandbox.LedgerPath = path;
            return sandbox.Refunds;
        }

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { WriteIndented = true };

        private sealed class LedgerFile
        {
            public int Version { get; set; }

            public long SavedAtUnixMs { get; set; }

            public long Transactions { get; set; }

            public long RefundIds { get; set; }

            public List<string>? UsedCodes { get; set; }

            public SortedDictionary<string, int>? AttemptsByCode { get; set; }

            public List<LedgerOrder>? Orders { get; set; }

            public List<LedgerRefund>? Refunds { get; set; }

            public List<LedgerRefundScript>? RefundScripts { get; set; }

            public SortedDictionary<string, int>? RefundCallsByOrder { get; set; }

            public SortedDictionary<string, int>? RefundQueryCallsByOrder { get; set; }
        }

        private sealed class LedgerOrder
        {
            public string? OutTradeNo { get; set; }

            public string? AuthCode { get; set; }

            public long TotalFee { get; set; }

            public string? FeeType { get; set; }

            /// <summary>Version 1 only: the order's age at the save (ms).</summary>
            public long AgeMs { get; set; }

            public long CreatedUnixMs { get; set; } = -1;

            public ScenarioKind Scenario { get; set; }

            public int ScenarioN { get; set; }

            public RefundScenarioKind RefundScenario { get; set; }

            public int RefundScenarioM { get; set; }

            public string? Body { get; set; }

            public string? Attach { get; set; }

            public string? DeviceInfo { get; set; }

            public string? TransactionId { get; set; }

            public string? State { get; set; }

            public long Charged { get; set; }

            /// <summary>When the customer paid (Unix ms), -1 unpaid.</summary>
            public long PaidUnixMs { get; set; } = -1;

            /// <summary>WeChat's time_end as first answered (China time, yyyyMMddHHmmss).</summary>
            public string? TimeEnd { get; set; }

            /// <summary>When a reverse returned a paid order's money (Unix ms), -1 never.</summary>
            public long RevokedUnixMs { get; set; } = -1;

            public string? RevokeRefundId { get; set; }

            public long Refunded { get; set; }

            public long RefundPending { get; set; }

            public int RecallsLeft { get; set; }

            public int ReverseCalls { get; set; }

            public int QueryCalls { get; set; }
        }

        private sealed class LedgerRefund
        {
            public string? OutRefundNo { get; set; }

            public string? RefundId { get; set; }

            public string? OutTradeNo { get; set; }

            public string? TransactionId { get; set; }

            public long RefundFee { get; set; }

            public long TotalFee { get; set; }

            public string? FeeType { get; set; }

            public string? RefundDesc { get; set; }

            public long AcceptedUnixMs { get; set; }

            /// <summary>When it leaves PROCESSING (Unix ms).</summary>
            public long SettleUnixMs { get; set; }

            public string? FinalState { get; set; }

            public string? State { get; set; }
        }

        private sealed class LedgerRefundScript
        {
            public string? OutTradeNo { get; set; }

            public RefundScenarioKind Kind { get; set; }

            public int M { get; set; }
        }
    }
}
