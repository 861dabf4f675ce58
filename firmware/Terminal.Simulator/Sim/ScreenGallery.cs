using System;
using System.Collections.Generic;
using System.IO;
using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Store;
using Terminal.Core.Ui;
using Terminal.Simulator.Cli;

namespace Terminal.Simulator.Sim
{
    /// <summary>A clock that moves only when told (screens, tests).</summary>
    public sealed class ManualClock : IClock
    {
        private long now;

        public long MonotonicMs => now;

        public DateTime UtcNow => new DateTime(2026, 11, 21, 4, 0, 0, DateTimeKind.Utc).AddMilliseconds(now);

        public bool IsWallClockValid { get; set; } = true;

        public void Sleep(int milliseconds) => now += Math.Max(0, milliseconds);

        public void Advance(long ms) => now += ms;
    }

    /// <summary>An <see cref="ISalePort"/> the caller scripts: readiness, then progress and the end of the sale.</summary>
    public sealed class ScriptedSalePort : ISalePort
    {
        public SaleReadiness Readiness { get; set; } = SaleReadiness.Ready();

        public ISaleListener? Listener { get; private set; }

        /// <summary>The listener of the sale that began (a gallery step that needs one fails clearly without).</summary>
        public ISaleListener Began => Listener ?? throw new InvalidOperationException("no sale began on this port");

        public long Amount { get; private set; }

        public string? Code { get; private set; }

        public int Cancels { get; private set; }

        public int Begins { get; private set; }

        public SaleReadiness CheckReady() => Readiness;

        public void Begin(long totalFee, string authCode, ISaleListener listener)
        {
            Begins++;
            Amount = totalFee;
            Code = authCode;
            Listener = listener;
        }

        public void Cancel() => Cancels++;

        public TerminalStatus State { get; set; } = new TerminalStatus { NetworkUp = true, ClockOk = true, Queue = 2 };

        public TerminalStatus Status() => State;

        public void Prepare()
        {
        }
    }

    /// <summary>An <see cref="IManagerPort"/> for the screen gallery: PIN 1357, three sales (one partly refunded), scripted refund outcomes.</summary>
    public sealed class ScriptedManagerPort : IManagerPort
    {
        public const string Pin = "1357";
        private const long Start = 1795219200; // 2026-11-21 00:00 UTC, 08:00 in the store (UTC+8)

        public int Failures { get; set; }

        public RefundOutcome? FinishWith { get; set; }

        public HistoryRecord[] History { get; } =
        {
            Record(HistoryRecord.Paid, "SIM1000000004219", 3000, Start + 3600),
            Record(HistoryRecord.Refunded, "SIM1000000004218", 500, Start + 1800),
            Record(HistoryRecord.Paid, "SIM1000000004218", 2000, Start + 600),
            Record(HistoryRecord.Paid, "SIM1000000004217", 1234, Start),
        };

        public int OffsetMinutes => 480;

        public static HistoryRecord Record(byte status, string order, long amount, long at) => new HistoryRecord
        {
            Status = status,
            OutTradeNo = order,
            Reference = "4200001234202611210123456" + order.Substring(order.Length - 3),
            Amount = amount,
            Currency = "CNY",
            At = at,
            Reason = string.Empty,
        };

        public PinAnswer CheckPin(string pin)
        {
            if (Failures >= 3)
            {
                return new PinAnswer { Verdict = PinVerdict.LockedOut, LockedSeconds = 30 };
            }

            if (pin == Pin)
            {
                Failures = 0;
                return new PinAnswer { Verdict = PinVerdict.Ok };
            }

            Failures++;
            return new PinAnswer { Verdict = PinVerdict.Wrong, TriesLeft = 3 - Failures, LockedSeconds = Failures >= 3 ? 30 : 0 };
        }

        public HistoryRecord[] Recent(int max) => History;

        public HistoryRecord[] FindSales(string orderEnd, int max) =>
            Array.FindAll(History, r => r.Status == HistoryRecord.Paid && r.OutTradeNo.EndsWith(orderEnd, StringComparison.Ordinal));

        public long Refunded(string outTradeNo) => outTradeNo == "SIM1000000004218" ? 500 : 0;

        public void BeginRefund(string outTradeNo, long fee, IRefundListener listener)
        {
            if (FinishWith != null)
            {
                FinishWith.Fee = fee;
                FinishWith.OutTradeNo = outTradeNo;
                listener.OnRefundFinished(FinishWith);
            }
        }

        public ZReport XReport()
        {
            var z = new ZReport { Number = 3, OpenedAt = Start, OffsetMinutes = 480, Totals = new Totals() };
            foreach (HistoryRecord r in History)
            {
                z.Totals.Add(r);
            }

            z.Totals.Add(Record(HistoryRecord.Cancelled, "SIM1000000004216", 900, Start));
            z.Totals.SetUnresolved("CNY", 1);
            return z;
        }

        /// <summary>What the next close of day answers (None: closes Z 3 with the X report's totals).</summary>
        public CloseError CloseWith { get; set; }

        public CloseError CloseDay(out ZReport report)
        {
            report = CloseWith == CloseError.None ? XReport() : null!;
            return CloseWith;
        }
    }

    /// <summary>Every screen of the cashier UI, driven through the UI's own inputs (docs/cashier.md; `terminal screens`).</summary>
    public static class ScreenGallery
    {
        public const string SampleCode = "134567890123456789";

        public sealed class Shot
        {
            public required string Name { get; init; }

            public ScreenId Id { get; init; }

            public required string Text { get; init; }

            public required byte[] Frame { get; init; }

            public bool Overflow { get; init; }

            public int MissingGlyphs { get; init; }
        }

        public static List<Shot> Render(Language language)
        {
            var shots = new List<Shot>();
            void Take(CashierUi ui, string name) => shots.Add(new Shot
            {
                Name = name,
                Id = ui.Current,
                Text = ui.Screen.ToText(),
                Frame = (byte[])ui.Frame.Bytes.Clone(),
                Overflow = ui.Renderer.Overflow,
                MissingGlyphs = ui.Renderer.MissingGlyphs,
            });

            (CashierUi ui, ScriptedSalePort port) Fresh()
            {
                var port = new ScriptedSalePort();
                var ui = new CashierUi(port, null, null, new ManualClock(), Currency.CNY, 5000000);
                ui.SetLanguage(language);
                return (ui, port);
            }

            void Type(CashierUi ui, string keys)
            {
                foreach (char c in keys)
                {
                    ui.OnKey(c == '.' ? Key.Dot : Keys.FromDigit(c - '0'));
                }
            }

            (CashierUi ui, ScriptedSalePort port) Scanning(string amount)
            {
                var (ui, port) = Fresh();
                Type(ui, amount);
                ui.OnKey(Key.Enter);
                ui.OnKey(Key.Enter);
                return (ui, port);
            }

            (CashierUi ui, ScriptedSalePort port) Selling()
            {
                var (ui, port) = Scanning("12.34");
                ui.OnScan(SampleCode);
                return (ui, port);
            }

            var (a, _) = Fresh();
            Take(a, "amount");
            var (bench, _) = Fresh();
            bench.BenchMarker = "BENCH 192.168.1.50:8443";
            bench.Refresh();
            Take(bench, "amount-bench");
            Type(a, "128.5");
            Take(a, "amount-typed");
            Type(a, "00");
            Take(a, "amount-decimals");
            var (late, latePort) = Fresh();
            latePort.State = new TerminalStatus { NetworkUp = true, ClockOk = true, Queue = 3, WaitingMs = 12 * 60000 };
            late.Refresh(); // reads the terminal's state again
            Take(late, "amount-notifications-late");
            var (unresolvedIdle, unresolvedPort) = Fresh();
            unresolvedPort.State = new TerminalStatus { NetworkUp = true, ClockOk = true, Unresolved = 1 };
            unresolvedIdle.Refresh();
            Take(unresolvedIdle, "amount-unresolved");
            var (m, _) = Fresh();
            Type(m, "60000");
            m.OnKey(Key.Enter);
            Take(m, "amount-above-max");

            var (kept, _) = Fresh();
            Type(kept, "7");
            kept.OnKey(Key.Enter);
            kept.OnKey(Key.Enter);
            kept.OnKey(Key.Cancel);
            Take(kept, "amount-kept");
            var (c, _) = Fresh();
            Type(c, "12.34");
            c.OnKey(Key.Enter);
            Take(c, "confirm");
            c.OnKey(Key.Enter);
            Take(c, "scan");
            c.OnScan("12345");
            Take(c, "scan-not-wechat");

            var (s, port) = Selling();
            Take(s, "processing");
            port.Began.OnSaleProgress(PaymentStage.WaitingForPassword, 25);
            Take(s, "password");
            port.Began.OnSaleProgress(PaymentStage.Checking, 18);
            Take(s, "checking");
            s.OnKey(Key.Cancel);
            port.Began.OnSaleProgress(PaymentStage.Cancelling, 9);
            Take(s, "cancelling");

            void Finish(string name, SaleOutcome outcome)
            {
                var (ui, p) = Selling();
                outcome.TotalFee = 1234;
                outcome.OutTradeNo ??= "SIM1000000004217";
                p.Began.OnSaleFinished(outcome);
                Take(ui, name);
            }

            Finish("paid", new SaleOutcome { Status = SaleStatus.Paid, TransactionId = "4200001234202611210123456789" });
            Finish("paid-notification-pending", new SaleOutcome { Status = SaleStatus.Paid, TransactionId = "4200001234202611210123456789", NotificationPending = true });
            foreach (FailureReason reason in Enum.GetValues<FailureReason>())
            {
                bool rescan = reason != FailureReason.MerchantConfiguration && reason != FailureReason.TerminalFault;
                Finish("failed-" + Kebab(reason.ToString()), new SaleOutcome { Status = SaleStatus.Failed, Reason = reason, RescanAllowed = rescan });
            }

            Finish("cancelled", new SaleOutcome { Status = SaleStatus.Cancelled, CashierCancelled = true });
            Finish("unresolved", new SaleOutcome { Status = SaleStatus.Unresolved });
            Finish("not-sent", new SaleOutcome { Status = SaleStatus.NotSent });
            Finish("not-started", new SaleOutcome { Status = SaleStatus.Rejected });

            foreach (Blocker blocker in Enum.GetValues<Blocker>())
            {
                if (blocker == Blocker.None)
                {
                    continue;
                }

                var (ui, p) = Fresh();
                p.Readiness = SaleReadiness.Blocked(blocker, blocker == Blocker.Suspended ? "Surge: 21 payments in 10 min" : null);
                Type(ui, "12.34");
                ui.OnKey(Key.Enter);
                Take(ui, "blocked-" + Kebab(blocker.ToString()));
            }

            var (st, _) = Fresh();
            st.OnKey(Key.F2);
            Take(st, "status");

            var (r, _) = Fresh();
            r.BeginRecovery();
            r.OnSaleProgress(PaymentStage.Recovering, -1);
            Take(r, "recovering");
            r.OnSaleProgress(PaymentStage.WaitingForPassword, 21);
            Take(r, "recovering-password");
            r.OnSaleProgress(PaymentStage.Cancelling, 6);
            Take(r, "recovering-cancelling");
            r.EndRecovery(new BootRecovery { Ran = true, Found = 2, Paid = 1, NothingCharged = 1 });
            Take(r, "recovered");
            var (ru, _) = Fresh();
            ru.BeginRecovery();
            ru.EndRecovery(new BootRecovery { Ran = true, Found = 3, Paid = 1, NothingCharged = 0, Pending = 2 });
            Take(ru, "recovered-unresolved");

            // The manager functions (MENU: F2 held).
            (CashierUi ui, ScriptedManagerPort port) Manager(string keys)
            {
                var (ui, _) = Fresh();
                var managerPort = new ScriptedManagerPort();
                ui.ManagerPort = managerPort;
                Press(ui, keys);
                return (ui, managerPort);
            }

            void Press(CashierUi ui, string keys)
            {
                foreach (char ch in keys)
                {
                    ui.OnKey(ch switch
                    {
                        'M' => Key.Menu,
                        'E' => Key.Enter,
                        'X' => Key.Cancel,
                        'a' => Key.F1,
                        'b' => Key.F2,
                        '.' => Key.Dot,
                        _ => Keys.FromDigit(ch - '0'),
                    });
                }
            }

            Take(Manager("M13").ui, "manager-pin");
            Take(Manager("M2468E").ui, "manager-pin-wrong");
            Take(Manager("M0000E0000E0000E").ui, "manager-pin-locked");
            Take(Manager("M1357E").ui, "manager-menu");
            Take(Manager("M1357E1").ui, "refund-pick");
            Take(Manager("M1357E14217").ui, "refund-pick-search");
            Take(Manager("M1357E1bE").ui, "refund-amount");
            Take(Manager("M1357E1bE16E").ui, "refund-amount-above");
            Take(Manager("M1357E1bE5E").ui, "refund-confirm");
            Take(Manager("M1357E1bE5EE").ui, "refunding");

            void Refund(string name, RefundOutcome outcome)
            {
                var (ui, managerPort) = Manager("M1357E1bE5E");
                managerPort.FinishWith = outcome;
                ui.OnKey(Key.Enter);
                Take(ui, name);
            }

            Refund("refund-refunded", new RefundOutcome { End = RefundEnd.Refunded });
            Refund("refund-accepted", new RefundOutcome { End = RefundEnd.Accepted });
            Refund("refund-in-flight", new RefundOutcome { End = RefundEnd.InFlight });
            Refund("refund-failed", new RefundOutcome { End = RefundEnd.Failed, ErrCode = "NOTENOUGH", TechnicianAttention = false });
            Refund("refund-closed", new RefundOutcome { End = RefundEnd.Closed });
            Refund("refund-abnormal", new RefundOutcome { End = RefundEnd.Abnormal });
            Refund("refund-refused-exceeds-sale", new RefundOutcome { End = RefundEnd.Refused, Rejection = RefundRejection.ExceedsSale, SaleTotal = 2000, AlreadyRefunded = 1600 });
            Refund("refund-refused-no-answer", new RefundOutcome { End = RefundEnd.Refused, Rejection = RefundRejection.NoAnswer });
            Refund("refund-refused-busy", new RefundOutcome { End = RefundEnd.Refused, Rejection = RefundRejection.Busy });
            Take(Manager("M1357E2").ui, "x-report");
            Take(Manager("M1357E2b").ui, "x-report-more");
            Take(Manager("M1357E3").ui, "history");
            Take(Manager("M1357E3b").ui, "history-refund");
            Take(Manager("M1357E4").ui, "z-preview");
            Take(Manager("M1357E4E").ui, "z-confirm");
            Take(Manager("M1357E4EE").ui, "z-closed");
            Take(Manager("M1357E4EEb").ui, "z-closed-more");
            var (refused, refusedPort) = Manager("M1357E4E");
            refusedPort.CloseWith = CloseError.ClockNotSet;
            refused.OnKey(Key.Enter);
            Take(refused, "z-not-closed");
            return shots;
        }

        private static string Kebab(string name)
        {
            var sb = new System.Text.StringBuilder();
            foreach (char ch in name)
            {
                if (char.IsUpper(ch) && sb.Length > 0)
                {
                    sb.Append('-');
                }

                sb.Append(char.ToLowerInvariant(ch));
            }

            return sb.ToString();
        }
    }

    /// <summary>`terminal screens --out DIR`: every screen as PNG, English (name-en.png) and Chinese (name-zh.png).</summary>
    public static class ScreensCommand
    {
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Length != 2 || args[0] != "--out")
            {
                throw new UsageException("usage: terminal screens --out DIR");
            }

            Directory.CreateDirectory(args[1]);
            int count = 0;
            foreach (Language language in new[] { Language.English, Language.Chinese })
            {
                string suffix = language == Language.English ? "en" : "zh";
                foreach (ScreenGallery.Shot shot in ScreenGallery.Render(language))
                {
                    string file = Path.Combine(args[1], shot.Name + "-" + suffix + ".png");
                    File.WriteAllBytes(file, Png.FromFramebuffer(shot.Frame, 2));
                    stdout.WriteLine(file + "  " + shot.Text + (shot.Overflow ? "  OVERFLOW" : string.Empty) + (shot.MissingGlyphs > 0 ? "  MISSING GLYPHS" : string.Empty));
                    count++;
                }
            }

            stdout.WriteLine(count + " screens written");
            return ExitCodes.Ok;
        }
    }
}
