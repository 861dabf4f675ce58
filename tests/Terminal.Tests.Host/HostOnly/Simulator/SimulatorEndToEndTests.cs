using System;
using System.Linq;
using System.Text;
using Terminal.Core.Payments;
using Terminal.Core.Ui;
using Terminal.Sandbox;
using Terminal.Simulator.Sim;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// The whole terminal as the simulator runs it (TerminalApp on PC adapters), driven through
    /// its keypad, scanner and console inputs, against the WeChat Pay sandbox (in-process, on the
    /// virtual clock) and the reference merchant server (HTTP on loopback). Asserts the screens
    /// shown and the sandbox ledger.
    /// </summary>
    public sealed class SimulatorEndToEndTests : IDisposable
    {
        private static long unique = 7000;
        private readonly Rig rig;
        private readonly VirtualClock clock = new VirtualClock();

        public SimulatorEndToEndTests()
        {
            clock.Advance(1000);
            rig = Rig.Start(Options(clock));
        }

        /// <summary>
        /// The merchant server runs in-process: its first answer (JIT, ASP.NET start-up) took more
        /// than the device's 5 s on a loaded machine, the control poll failed and a suspension test
        /// saw Confirm instead of Blocked. The time-outs are not what these tests check.
        /// </summary>
        private const int SlowMachineTimeoutMs = 120000;

        public void Dispose() => TestRigs.Stop(rig);

        private static RigOptions Options(VirtualClock clock)
        {
            RigOptions options = TestRigs.InProcess("e2e", clock);
            options.MerchantConnectTimeoutMs = SlowMachineTimeoutMs;
            options.MerchantReadTimeoutMs = SlowMachineTimeoutMs;
            return options;
        }

        private static string Code(ScenarioKind kind, int n = 0) => Scenario.Code(kind, n, ++unique);

        private void Keys(string keys)
        {
            foreach (char c in keys)
            {
                rig.App.OnKey(c switch
                {
                    'E' => Key.Enter,
                    'X' => Key.Cancel,
                    '<' => Key.Back,
                    '.' => Key.Dot,
                    _ => Terminal.Core.Ui.Keys.FromDigit(c - '0'),
                });
            }
        }

        private void Scan(string code, string ending = "\r")
        {
            byte[] bytes = Encoding.ASCII.GetBytes(code + ending);
            rig.App.OnScannerBytes(bytes, 0, bytes.Length);
        }

        private string Console(string line)
        {
            rig.ConsoleOutput.Take();
            rig.App.Console.Execute(line);
            return rig.ConsoleOutput.Take();
        }

        private ScreenId Current => rig.App.Ui.Current;

        private string Shown => string.Join("\n", rig.Display.History);

        private SandboxOrder OnlyOrder() => Assert.Single(rig.Sandbox.Orders);

        [Fact]
        public void Password_free_sale_is_paid_notified_and_delivered()
        {
            Keys("12.34E");
            Assert.Equal(ScreenId.Confirm, Current);
            Keys("E");
            Assert.Equal(ScreenId.Scan, Current);
            Scan(Code(ScenarioKind.PasswordFree));
            Assert.Equal(ScreenId.Paid, Current);
            SandboxOrder order = OnlyOrder();
            Assert.Equal(1234, order.NetCharged);
            Assert.Contains("Ref .." + order.TransactionId.Substring(order.TransactionId.Length - 18), rig.App.Ui.Screen.Line1);
            Assert.Equal(new[] { ScreenId.Amount, ScreenId.Confirm, ScreenId.Scan, ScreenId.Processing, ScreenId.Paid }, rig.Display.Screens.Distinct().ToArray());
            Assert.Equal(1, rig.App.Outbox.Status().Depth);
            rig.Forward();
            Assert.Equal(0, rig.App.Outbox.Status().Depth);
            Assert.Equal(1, rig.Merchant.StoredCount);
            Assert.Contains(order.OutTradeNo + " 12.34 CNY Paid wx " + order.TransactionId, Console("tx"));
        }

        [Fact]
        public void Password_sale_counts_down_then_is_paid()
        {
            Keys("88EE");
            Scan(Code(ScenarioKind.PaidAfter, 12));
            Assert.Equal(ScreenId.Paid, Current);
            Assert.Contains("Password: [Customer password] *25 s*", Shown);
            Assert.Contains("*20 s*", Shown);
            Assert.Equal(8800, OnlyOrder().NetCharged);
            Assert.Contains(ScreenId.Password, rig.Display.Screens);
        }

        [Fact]
        public void Password_never_entered_times_out_and_is_revoked()
        {
            Keys("5EE");
            Scan(Code(ScenarioKind.NeverPays));
            Assert.Equal(ScreenId.Cancelled, Current);
            Assert.Contains(ScreenId.Password, rig.Display.Screens);
            Assert.Contains(ScreenId.Cancelling, rig.Display.Screens);
            SandboxOrder order = OnlyOrder();
            Assert.Equal(0, order.NetCharged);
            Assert.True(order.ReverseCalls >= 1, "revoked by reverse");
            Assert.Equal(0, rig.App.Outbox.Status().Depth);
            Assert.Contains("Cancelled", Console("tx 1"));
        }

        [Fact]
        public void Cashier_cancels_while_the_customer_enters_the_password()
        {
            bool pressed = false;
            rig.Display.Shown = (screen, frame) =>
            {
                if (!pressed && screen.Id == ScreenId.Password && screen.Large == "20 s")
                {
                    pressed = true;
                    rig.App.OnKey(Key.Cancel);
                }
            };
            Keys("7EE");
            Scan(Code(ScenarioKind.PaidAfter, 40));
            Assert.True(pressed);
            Assert.Equal(ScreenId.Cancelled, Current);
            Assert.Equal(0, OnlyOrder().NetCharged);
            Assert.Contains(ScreenId.Cancelling, rig.Display.Screens);
        }

        [Fact]
        public void Failure_then_rescan_with_a_new_order()
        {
            Keys("20EE");
            Scan(Code(ScenarioKind.Fail, 3)); // NOTENOUGH
            Assert.Equal(ScreenId.Failed, Current);
            Assert.Equal("Balance too low", rig.App.Ui.Screen.Title);
            Assert.Equal("ENTER=rescan CANCEL=end", rig.App.Ui.Screen.Hint);
            Keys("E");
            Assert.Equal(ScreenId.Scan, Current);
            Scan(Code(ScenarioKind.PasswordFree));
            Assert.Equal(ScreenId.Paid, Current);
            var micropays = rig.Sandbox.Calls.Where(c => c.Api == Terminal.Core.Protocol.WxApi.Micropay).Select(c => c.OutTradeNo).Distinct().ToList();
            Assert.Equal(2, micropays.Count); // the rescan is a new order number
            Assert.Equal(0, rig.Sandbox.NetCharged(micropays[0]));
            Assert.Equal(2000, rig.Sandbox.NetCharged(micropays[1]));
            Assert.Equal(2000, rig.Sandbox.TotalNetCharged);
        }

        [Fact]
        public void Merchant_outage_queues_notifications_then_drains_them()
        {
            rig.MerchantLinkDown = true;
            for (int i = 0; i < 3; i++)
            {
                Keys((i + 1) + "EE");
                Scan(Code(ScenarioKind.PasswordFree));
                Assert.Equal(ScreenId.Paid, Current);
                Keys("E");
                rig.Forward();
            }

            Assert.Equal(3, rig.App.Outbox.Status().Depth);
            Assert.Equal(0, rig.Merchant.StoredCount);
            string outbox = Console("outbox");
            Assert.Contains("waiting: 3", outbox);
            Assert.Contains("simulated outage", outbox);
            rig.MerchantLinkDown = false;
            clock.Advance(10 * 60 * 1000);
            rig.Forward();
            Assert.Equal(0, rig.App.Outbox.Status().Depth);
            Assert.Equal(3, rig.Merchant.StoredCount);
            Assert.Equal(600, rig.Sandbox.TotalNetCharged);
        }

        [Fact]
        public void Merchant_suspension_blocks_sales_with_its_reason()
        {
            rig.Merchant.Store.Suspend(Rig.SandboxTerminalId, "Surge: 21 payments in 10 min");
            rig.App.Outbox.RetryNow();
            rig.Forward();
            Keys("9E");
            Assert.Equal(ScreenId.Blocked, Current);
            Assert.Equal("Sales suspended", rig.App.Ui.Screen.Title);
            Assert.Equal("Surge: 21 payments in 10 min", rig.App.Ui.Screen.Line1);
            Assert.Empty(rig.Sandbox.Orders);
            Assert.Contains("SUSPENDED (Surge: 21 payments in 10 min)", Console("outbox"));
            rig.Merchant.Store.Resume(Rig.SandboxTerminalId, (long)(clock.UtcNow - DateTime.UnixEpoch).TotalSeconds);
            rig.App.Outbox.RetryNow();
            rig.Forward();
            Keys("XEE");
            Assert.Equal(ScreenId.Scan, Current);
        }

        [Fact]
        public void Network_down_cuts_WeChat_and_the_merchant_server_not_only_new_sales()
        {
            // A paid sale whose notification is still queued.
            Keys("4EE");
            Scan(Code(ScenarioKind.PasswordFree));
            Assert.Equal(ScreenId.Paid, Current);
            Keys("E");
            // A sale waiting for the password when the network goes down.
            int callsWhenDown = -1;
            rig.Display.Shown = (screen, frame) =>
            {
                if (callsWhenDown < 0 && screen.Id == ScreenId.Password)
                {
                    rig.Network.IsUp = false;
                    callsWhenDown = rig.Sandbox.Calls.Count;
                }
            };
            Keys("6EE");
            Scan(Code(ScenarioKind.PaidAfter, 12));
            Assert.True(callsWhenDown > 0);
            Assert.NotEqual(ScreenId.Paid, Current);
            Assert.Equal(callsWhenDown, rig.Sandbox.Calls.Count); // no query, no reverse reached WeChat
            rig.Forward();
            Assert.Equal(1, rig.App.Outbox.Status().Depth);
            Assert.Equal(0, rig.Merchant.StoredCount);
            Assert.Contains("no network", rig.App.Outbox.Forwarder.LastError);
            rig.Network.IsUp = true;
            rig.App.Outbox.RetryNow();
            rig.Forward();
            Assert.True(rig.Merchant.StoredCount >= 1);
        }

        [Fact]
        public void A_notification_is_delivered_while_the_paid_screen_stays_up()
        {
            RigOptions options = Options(clock);
            options.ForwardingThread = true; // the background threads, as the simulator and the device run them
            using Rig live = Rig.Start(options);
            foreach (char c in "12EE")
            {
                live.App.OnKey(c == 'E' ? Key.Enter : Terminal.Core.Ui.Keys.FromDigit(c - '0'));
            }

            byte[] code = Encoding.ASCII.GetBytes(Code(ScenarioKind.PasswordFree) + "\r");
            live.App.OnScannerBytes(code, 0, code.Length);
            Assert.Equal(ScreenId.Paid, live.App.Ui.Current);
            // No key, no UI tick: nothing on the cashier's side moves, and the notification still goes out.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while ((live.Merchant.StoredCount == 0 || live.App.Outbox.Status().Depth > 0) && waited.ElapsedMilliseconds < SlowMachineTimeoutMs)
            {
                System.Threading.Thread.Sleep(50);
            }

            Assert.Equal(1, live.Merchant.StoredCount);
            Assert.Equal(ScreenId.Paid, live.App.Ui.Current);
            Assert.Equal(0, live.App.Outbox.Status().Depth);
        }

        [Fact]
        public void No_network_and_unsynchronised_clock_return_to_idle()
        {
            rig.Network.IsUp = false;
            Keys("3E");
            Assert.Equal(ScreenId.Blocked, Current);
            Assert.Equal("No network", rig.App.Ui.Screen.Title);
            clock.Advance(6000);
            rig.App.Tick();
            Assert.Equal(ScreenId.Amount, Current);
            rig.Network.IsUp = true;
            clock.IsWallClockValid = false;
            Keys("E");
            Assert.Equal("Clock not synchronised", rig.App.Ui.Screen.Title);
            clock.Advance(6000);
            rig.App.Tick();
            Assert.Equal(ScreenId.Amount, Current);
            Assert.Empty(rig.Sandbox.Orders);
        }

        [Fact]
        public void Bad_input_at_every_prompt_charges_nothing()
        {
            // Keypad at amount entry.
            Keys("E");
            Assert.Equal("Enter an amount", rig.App.Ui.Screen.Line1);
            Keys("99999E");
            Assert.Equal("Above maximum 50000.00", rig.App.Ui.Screen.Line1);
            Keys("X1.239");
            Assert.Equal("1.23_", rig.App.Ui.Screen.Large);
            // Scanner before a code is wanted, then noise, overlong, not WeChat, duplicate.
            Scan(Code(ScenarioKind.PasswordFree));
            Assert.Equal("Scan ignored: key amount", rig.App.Ui.Screen.Line1);
            Keys("EE");
            Scan("1345\u000167890");
            Assert.Equal("Scanner noise discarded", rig.App.Ui.Screen.Line1);
            Scan(new string('1', 80));
            Assert.Equal("Scan too long, discarded", rig.App.Ui.Screen.Line1);
            Scan("ABCDEF");
            Assert.Equal("Not a WeChat Pay code", rig.App.Ui.Screen.Line1);
            Keys("5");
            Assert.Equal("Scan the customer code", rig.App.Ui.Screen.Line1);
            Assert.Equal(ScreenId.Scan, Current);
            // Console.
            Assert.StartsWith("error: unknown command", Console("pay 100"));
            Assert.StartsWith("error: no technician PIN is set yet", Console("config set currency JPY"));
            Console("pin set 135790");
            Console("login 135790");
            Assert.Contains("unsupported currency", Console("config set currency XXX"));
            Assert.Contains("must be exactly 32", Console("secret set api_key 123"));
            Assert.StartsWith("error: usage: tx", Console("tx -1"));
            Assert.Empty(rig.Sandbox.Orders);
            string code = Code(ScenarioKind.PasswordFree);
            Scan(code);
            Scan(code); // the scanner's double read during the sale: ignored
            Assert.Equal(ScreenId.Paid, Current);
            Assert.Equal(123, OnlyOrder().NetCharged);
        }

        [Fact]
        public void Every_screen_fits_and_has_its_glyphs_in_both_languages()
        {
            foreach (Language language in new[] { Language.English, Language.Chinese })
            {
                var shots = ScreenGallery.Render(language);
                Assert.True(shots.Count >= 38, "screens: " + shots.Count);
                foreach (var shot in shots)
                {
                    Assert.False(shot.Overflow, language + " " + shot.Name + " does not fit: " + shot.Text);
                    Assert.Equal(0, shot.MissingGlyphs);
                    Assert.Contains(shot.Frame, b => b != 0);
                }
            }
        }

        [Fact]
        public void Every_screen_of_every_state_exists_in_both_languages_with_the_same_information()
        {
            var english = ScreenGallery.Render(Language.English);
            var chinese = ScreenGallery.Render(Language.Chinese);
            Assert.Equal(english.Select(s => s.Name), chinese.Select(s => s.Name));
            for (int i = 0; i < english.Count; i++)
            {
                Assert.Equal(english[i].Id, chinese[i].Id);
                // Amounts, order and transaction numbers, countdowns, counts of two digits or more, the merchant's reason.
                Assert.True(Facts(english[i].Text).SetEquals(Facts(chinese[i].Text)), english[i].Name + ":\n" + english[i].Text + "\n" + chinese[i].Text);
                Assert.Equal(english[i].Text.Contains("Surge: 21 payments in 10 min"), chinese[i].Text.Contains("Surge: 21 payments in 10 min"));
                if (english[i].Name.StartsWith("failed-") || english[i].Name is "not-sent" or "not-started" or "unresolved" or "paid" or "cancelled")
                {
                    Assert.Contains("12.34 CNY", english[i].Text); // the amount being rescanned (or charged)
                    Assert.Contains("12.34 CNY", chinese[i].Text);
                }
            }

            Assert.Contains("Notices waiting 12min", english.Single(s => s.Name == "amount-notifications-late").Text);
            Assert.Contains("通知待发送 12min", chinese.Single(s => s.Name == "amount-notifications-late").Text);
            Assert.Contains("Unresolved orders: 1", english.Single(s => s.Name == "amount-unresolved").Text);
            Assert.Contains("未确认订单 1", chinese.Single(s => s.Name == "amount-unresolved").Text);
            Assert.Contains("*[7]*", english.Single(s => s.Name == "amount-kept").Text);

            static System.Collections.Generic.HashSet<string> Facts(string text) => new System.Collections.Generic.HashSet<string>(
                System.Text.RegularExpressions.Regex.Matches(text, "[0-9][0-9.:]+[0-9]").Select(m => m.Value.Length > 10 ? m.Value.Substring(m.Value.Length - 10) : m.Value));
        }

        [Fact]
        public void Png_of_the_display_is_a_valid_image()
        {
            byte[] png = Png.FromFramebuffer(rig.Display.Frame, 2);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4).ToArray());
            Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal(128 * 2 + 12, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
            Assert.Equal("IEND", Encoding.ASCII.GetString(png, png.Length - 8, 4));
        }
    }
}
