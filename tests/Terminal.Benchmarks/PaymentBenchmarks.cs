using System;
using BenchmarkDotNet.Attributes;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Pc;
using Terminal.Sandbox;
using Terminal.Tests.Support;

namespace Terminal.Benchmarks
{
    /// <summary>
    /// One whole sale through the payment engine against the in-process WeChat sandbox (virtual
    /// time, memory flash, a no-op outbox): the engine's own cost per payment — request signing,
    /// answer verification, journal commits, order numbers — plus the sandbox's (about half;
    /// see docs/performance.md). Handshakes and requests per payment are counted over real TLS by
    /// tests/Terminal.Sandbox.Tests (TlsEndToEndTests).
    /// </summary>
    [MemoryDiagnoser]
    public class PaymentBenchmarks
    {
        private PaymentEngine? engine;
        private long unique;

        [Params("PasswordFree", "Password12s")]
        public string Flow { get; set; } = "PasswordFree";

        [GlobalSetup]
        public void Setup()
        {
            var clock = new VirtualClock();
            var config = new PaymentConfig();
            var store = new MemoryFileStore(64L * 1024 * 1024);
            MerchantAccount merchant = WeChatSandbox.DefaultMerchant();
            var sandbox = new WeChatSandbox(merchant, () => clock.MonotonicMs);
            engine = new PaymentEngine(merchant, "T1", config, clock, store, new CryptoRandomSource(), new InProcessGateway(sandbox, clock, config), new NullSink());
            engine.Recover();
        }

        [Benchmark]
        public SaleStatus Payment()
        {
            string code = Flow == "PasswordFree" ? Scenario.Code(ScenarioKind.PasswordFree, 0, ++unique) : Scenario.Code(ScenarioKind.PaidAfter, 12, ++unique);
            return (engine ?? throw new InvalidOperationException("GlobalSetup did not run")).Pay(1234, code).Status;
        }

        private sealed class NullSink : Terminal.Core.Payments.IPaidSink
        {
            public void Commit(Terminal.Core.Payments.PaidPayment payment)
            {
            }
        }
    }
}
