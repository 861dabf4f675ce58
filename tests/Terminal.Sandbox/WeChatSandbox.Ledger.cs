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
    /// the old one); loaded when <see cref="LedgerPath"/> is set. Order ages survive a restart: the
    /// file stores each order's age and the wall-clock time of the save, so the sandbox's own
    /// clock (a stopwatch from its start, or a test's virtual clock) may begin anew.
    /// </summary>
    public sealed partial class WeChatSandbox
    {
        private string ledgerPath;

        /// <summary>The file the ledger is kept in, or null (memory only, the default). Setting it loads the file if it exists.</summary>
        public string LedgerPath
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

        private void SaveLedger(long now)
        {
            if (ledgerPath == null)
            {
                return;
            }

            var file = new LedgerFile
            {
                Version = 1,
                SavedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Transactions = transactions,
                UsedCodes = usedCodes.OrderBy(c => c, StringComparer.Ordinal).ToList(),
                AttemptsByCode = new SortedDictionary<string, int>(attemptsByCode, StringComparer.Ordinal),
                Orders = orders.Values.Select(o => new LedgerOrder
                {
                    OutTradeNo = o.OutTradeNo,
                    AuthCode = o.AuthCode,
                    TotalFee = o.TotalFee,
                    FeeType = o.FeeType,
                    AgeMs = now - o.CreatedMs,
                    Scenario = o.Scenario.Kind,
                    ScenarioN = o.Scenario.N,
                    TransactionId = o.TransactionId,
                    State = o.State,
                    Charged = o.Charged,
                    Refunded = o.Refunded,
                    RecallsLeft = o.RecallsLeft,
                    ReverseCalls = o.ReverseCalls,
                    QueryCalls = o.QueryCalls,
                }).ToList(),
            };

            string directory = Path.GetDirectoryName(Path.GetFullPath(ledgerPath));
            Directory.CreateDirectory(directory);
            string temporary = ledgerPath + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(file, JsonOptions));
            File.Move(temporary, ledgerPath, true);
        }

        private void LoadLedger(string path)
        {
            LedgerFile file = JsonSerializer.Deserialize<LedgerFile>(File.ReadAllBytes(path), JsonOptions);
            if (file == null || file.Version != 1)
            {
                throw new InvalidDataException(path + " is not a sandbox ledger (version 1)");
            }

            long now = nowMs();
            long sinceSave = Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - file.SavedAtUnixMs);
            orders.Clear();
            foreach (LedgerOrder o in file.Orders ?? new List<LedgerOrder>())
            {
                orders[o.OutTradeNo] = new SandboxOrder
                {
                    OutTradeNo = o.OutTradeNo,
                    AuthCode = o.AuthCode,
                    TotalFee = o.TotalFee,
                    FeeType = o.FeeType,
                    CreatedMs = now - o.AgeMs - sinceSave,
                    Scenario = new Scenario { Kind = o.Scenario, N = o.ScenarioN },
                    TransactionId = o.TransactionId,
                    State = o.State,
                    Charged = o.Charged,
                    Refunded = o.Refunded,
                    RecallsLeft = o.RecallsLeft,
                    ReverseCalls = o.ReverseCalls,
                    QueryCalls = o.QueryCalls,
                };
            }

            usedCodes.Clear();
            usedCodes.UnionWith(file.UsedCodes ?? new List<string>());
            attemptsByCode.Clear();
            foreach (var pair in file.AttemptsByCode ?? new SortedDictionary<string, int>())
            {
                attemptsByCode[pair.Key] = pair.Value;
            }

            transactions = Math.Max(transactions, file.Transactions);
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

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { WriteIndented = true };

        private sealed class LedgerFile
        {
            public int Version { get; set; }

            public long SavedAtUnixMs { get; set; }

            public long Transactions { get; set; }

            public List<string> UsedCodes { get; set; }

            public SortedDictionary<string, int> AttemptsByCode { get; set; }

            public List<LedgerOrder> Orders { get; set; }
        }

        private sealed class LedgerOrder
        {
            public string OutTradeNo { get; set; }

            public string AuthCode { get; set; }

            public long TotalFee { get; set; }

            public string FeeType { get; set; }

            public long AgeMs { get; set; }

            public ScenarioKind Scenario { get; set; }

            public int ScenarioN { get; set; }

            public string TransactionId { get; set; }

            public string State { get; set; }

            public long Charged { get; set; }

            public long Refunded { get; set; }

            public int RecallsLeft { get; set; }

            public int ReverseCalls { get; set; }

            public int QueryCalls { get; set; }
        }
    }
}
