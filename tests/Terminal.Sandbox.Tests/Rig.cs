using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Pc;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Sandbox.Tests
{
    /// <summary>Thrown by <see cref="PowerCutStore"/> once the injected power cut happened: unwinds the engine like a reset.</summary>
    public sealed class PowerCutException : Exception
    {
        public PowerCutException(string message) : base(message)
        {
        }
    }

    /// <summary>The memory store, but a power cut stops the program instead of surfacing as a StoreException.</summary>
    public sealed class PowerCutStore : IFileStore
    {
        public PowerCutStore(MemoryFileStore inner) => Inner = inner;

        public MemoryFileStore Inner { get; }

        public long FreeBytes => Guard(() => Inner.FreeBytes);

        public bool Exists(string path) => Guard(() => Inner.Exists(path));

        public byte[] Read(string path) => Guard(() => Inner.Read(path));

        public void Write(string path, byte[] data, int offset, int count) => Guard(() => { Inner.Write(path, data, offset, count); return 0; });

        public void Rename(string from, string to) => Guard(() => { Inner.Rename(from, to); return 0; });

        public void Delete(string path) => Guard(() => { Inner.Delete(path); return 0; });

        public void DeleteFolder(string folder) => Guard(() => { Inner.DeleteFolder(folder); return 0; });

        public string[] List(string folder) => Guard(() => Inner.List(folder));

        private T Guard<T>(Func<T> operation)
        {
            try
            {
                T result = operation();
                if (Inner.PowerLost)
                {
                    throw new PowerCutException("power cut");
                }

                return result;
            }
            catch (StoreException ex) when (Inner.PowerLost)
            {
                throw new PowerCutException(ex.Message);
            }
        }
    }

    /// <summary>A stand-in for the notification outbox: one file per order in the same flash, idempotent by order number.</summary>
    public sealed class FlashOutbox : IPaidSink
    {
        private readonly IFileStore store;

        public FlashOutbox(IFileStore store) => this.store = store;

        public int Commits { get; private set; }

        public void Commit(PaidPayment payment)
        {
            Commits++;
            byte[] data = Encoding.UTF8.GetBytes(payment.OutTradeNo + "|" + payment.TotalFee + "|" + payment.TransactionId);
            store.Write("outbox/" + payment.OutTradeNo, data, 0, data.Length);
        }

        public static Dictionary<string, long> Read(MemoryFileStore store)
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (string name in store.List("outbox"))
            {
                string[] parts = Encoding.UTF8.GetString(store.Read("outbox/" + name)).Split('|');
                result[parts[0]] = long.Parse(parts[1]);
            }

            return result;
        }
    }

    public sealed class ProgressLog : IPaymentListener
    {
        public List<(PaymentStage Stage, int SecondsLeft, long AtMs)> Reports { get; } = new();

        public Action<PaymentProgress>? OnReport { get; set; }

        public VirtualClock? Clock { get; set; }

        public void OnProgress(PaymentProgress progress)
        {
            Reports.Add((progress.Stage, progress.SecondsLeft, Clock?.MonotonicMs ?? 0));
            OnReport?.Invoke(progress);
        }
    }

    /// <summary>Engine + in-process sandbox + virtual clock + fault-injecting flash, with the invariant checks.</summary>
    public sealed class Rig
    {
        private long unique;

        public Rig(PaymentConfig? config = null, long seed = 1)
        {
            Config = config ?? new PaymentConfig();
            Clock = new VirtualClock();
            Clock.Advance(1000);
            Flash = new MemoryFileStore();
            Store = new PowerCutStore(Flash);
            Merchant = WeChatSandbox.DefaultMerchant();
            Sandbox = new WeChatSandbox(Merchant, () => Clock.MonotonicMs);
            Gateway = new InProcessGateway(Sandbox, Clock, Config);
            Outbox = new FlashOutbox(Store);
            Progress = new ProgressLog { Clock = Clock };
            unique = seed * 1000003;
            Boot();
        }

        public PaymentConfig Config { get; }
        public VirtualClock Clock { get; }
        public MemoryFileStore Flash { get; }
        public PowerCutStore Store { get; }
        public MerchantAccount Merchant { get; }
        public WeChatSandbox Sandbox { get; }
        public InProcessGateway Gateway { get; set; }
        public FlashOutbox Outbox { get; }
        public ProgressLog Progress { get; }
        public PaymentEngine Engine { get; private set; }
        public string TerminalId { get; set; } = "T1";

        /// <summary>A new engine on the same flash (a reboot): nothing in memory survives.</summary>
        [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Engine))]
        public void Boot(IWxGateway? gateway = null)
        {
            Engine = new PaymentEngine(Merchant, TerminalId, Config, Clock, Store, new CryptoRandomSource(), gateway ?? Gateway, Outbox);
            Engine.Listener = Progress;
        }

        public string Code(ScenarioKind kind, int n = 0) => Scenario.Code(kind, n, ++unique);

        public PaymentResult Pay(ScenarioKind kind, int n = 0, long fee = 1234) => Engine.Pay(fee, Code(kind, n));

        /// <summary>Background passes (a minute apart) until nothing is pending; false if it never settles.</summary>
        public bool Settle(int passes = 30)
        {
            for (int i = 0; i < passes && Engine.PendingCount > 0; i++)
            {
                Clock.Advance(60000);
                Engine.Reconcile();
            }

            return Engine.PendingCount == 0;
        }

        /// <summary>
        /// The invariant over every order WeChat knows: the customer is charged ⇔ the
        /// outbox holds the notification (with the charged amount); nothing is left unresolved in
        /// the journal; no order was charged twice.
        /// </summary>
        public void AssertInvariant(string context)
        {
            Dictionary<string, long> outbox = FlashOutbox.Read(Flash);
            foreach (SandboxOrder order in Sandbox.Orders)
            {
                bool charged = order.NetCharged > 0;
                Assert.True(charged == outbox.ContainsKey(order.OutTradeNo),
                    context + ": order " + order.OutTradeNo + " (" + order.Scenario + ", " + order.State + ") charged " + order.NetCharged +
                    " but outbox " + (outbox.ContainsKey(order.OutTradeNo) ? "has" : "lacks") + " it");
                if (charged)
                {
                    Assert.Equal(order.TotalFee, order.NetCharged);
                    Assert.Equal(order.TotalFee, outbox[order.OutTradeNo]);
                }
            }

            foreach (string paid in outbox.Keys)
            {
                Assert.True(Sandbox.NetCharged(paid) > 0, context + ": outbox has " + paid + " but WeChat charged nothing");
            }

            Assert.True(Flash.List(PaymentJournal.Folder).Length == 0, context + ": journal still holds " + string.Join(", ", Flash.List(PaymentJournal.Folder)));
            Assert.Equal(0, Engine.PendingCount);

            // One order per payment code: never a new order number while one was unknown.
            foreach (var group in Sandbox.Orders.GroupBy(o => o.AuthCode))
            {
                Assert.True(group.Count() == 1, context + ": code " + group.Key + " has " + group.Count() + " orders");
            }
        }

        /// <summary>The final result agrees with the money: Paid ⇔ charged; otherwise nothing charged.</summary>
        public void AssertResultMatchesLedger(PaymentResult result, string context)
        {
            long charged = result.OutTradeNo == null ? 0 : Sandbox.NetCharged(result.OutTradeNo);
            switch (result.Status)
            {
                case SaleStatus.Paid:
                    Assert.True(result.OutTradeNo != null, context + ": Paid without an order number");
                    Assert.True(charged == result.TotalFee, context + ": Paid but charged " + charged);
                    Assert.False(result.NotificationPending, context);
                    Assert.True(FlashOutbox.Read(Flash).ContainsKey(result.OutTradeNo), context + ": Paid without a notification");
                    break;
                case SaleStatus.Unresolved:
                    break; // settled by reconciliation; AssertInvariant decides
                default:
                    Assert.True(charged == 0, context + ": " + result.Status + " but the customer was charged " + charged);
                    break;
            }
        }

        /// <summary>WeChat's timing rules over the calls of one sale (those at or after <paramref name="fromMs"/> up to <paramref name="toMs"/>).</summary>
        public void AssertTiming(string outTradeNo, long fromMs, long toMs, bool strictInterval, string context)
        {
            var calls = Sandbox.Calls.Where(c => c.OutTradeNo == outTradeNo && c.AtMs >= fromMs && c.AtMs <= toMs).ToList();
            // Micropays that may have reached WeChat (connect-stage failures sent nothing).
            var micropays = calls.Where(c => c.Api == WxApi.Micropay && c.Fault != SandboxFault.DnsError &&
                c.Fault != SandboxFault.ConnectTimeout && c.Fault != SandboxFault.HandshakeFailure).ToList();
            if (micropays.Count == 0)
            {
                Assert.DoesNotContain(calls, c => c.Api == WxApi.OrderQuery);
                return;
            }

            long firstSubmit = micropays[0].AtMs;
            var queries = calls.Where(c => c.Api == WxApi.OrderQuery).ToList();
            var reverses = calls.Where(c => c.Api == WxApi.Reverse).ToList();
            foreach (var query in queries)
            {
                Assert.True(query.AtMs >= firstSubmit + (strictInterval ? Config.PollIntervalMs : Config.RetryPauseMs),
                    context + ": query at " + (query.AtMs - firstSubmit) + " ms after the submit; calls: " + string.Join("; ", calls.Select(c => (c.AtMs - firstSubmit) + " " + c.Api + " " + c.Fault + " " + c.Answer)));
            }

            // Queries of the waiting phase stop at the deadline (the one check after a failed reverse excepted).
            long lastWaitingQuery = queries.Where(q => reverses.Count == 0 || q.AtMs < reverses[0].AtMs).Select(q => q.AtMs).DefaultIfEmpty(firstSubmit).Max();
            Assert.True(lastWaitingQuery <= firstSubmit + Config.DeadlineMs, context + ": query " + (lastWaitingQuery - firstSubmit) + " ms after the submit, beyond the deadline");
            Assert.True(lastWaitingQuery <= firstSubmit + PaymentConfig.MaxDeadlineMs, context + ": query beyond 45 s");
            if (strictInterval)
            {
                for (int i = 1; i < queries.Count; i++)
                {
                    bool finalLookAtDeadline = queries[i].AtMs == firstSubmit + Config.DeadlineMs;
                    if ((reverses.Count == 0 || queries[i].AtMs < reverses[0].AtMs) && !finalLookAtDeadline)
                    {
                        Assert.True(queries[i].AtMs - queries[i - 1].AtMs >= Config.PollIntervalMs, context + ": queries " + (queries[i].AtMs - queries[i - 1].AtMs) + " ms apart");
                    }
                }
            }

            foreach (var reverse in reverses)
            {
                long lastSubmitBefore = micropays.Where(m => m.AtMs <= reverse.AtMs).Max(m => m.AtMs);
                Assert.True(reverse.AtMs >= lastSubmitBefore + PaymentConfig.MinReverseDelayMs,
                    context + ": reverse " + (reverse.AtMs - lastSubmitBefore) + " ms after the micropay");
            }

            Assert.True(reverses.Count <= Config.ReverseTries, context + ": " + reverses.Count + " reverse calls in one sale");
            Assert.True(micropays.Select(m => m.OutTradeNo).Distinct().Count() == 1);
        }
    }
}
