using System;
using System.IO;
using Terminal.Core.Ui;
using Terminal.Simulator.Sim;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// The manager functions in the simulator: MENU on its keys (F3, R, the script's "menu"), a
    /// refund keyed on the simulated keypad against the in-process WeChat Pay sandbox, and the
    /// day closed on the keypad (CANCEL first, then the confirmation) as the console's Z report.
    /// </summary>
    public sealed class SimulatorManagerTests : IDisposable
    {
        private readonly Rig rig;
        private readonly VirtualClock clock = new VirtualClock();

        public SimulatorManagerTests()
        {
            clock.Advance(1000);
            rig = Rig.Start(TestRigs.InProcess("manager", clock));
        }

        public void Dispose() => TestRigs.Stop(rig);

        [Fact]
        public void Menu_has_a_key_in_the_simulator_and_in_scripts()
        {
            Assert.Equal(Key.Menu, SimulateCommand.Map(new ConsoleKeyInfo('\0', ConsoleKey.F3, false, false, false)));
            Assert.Equal(Key.Menu, SimulateCommand.MapChar('r'));
            Assert.Equal(Key.Menu, SimulateCommand.Named("menu"));
            Assert.Contains("F3/R=MENU", SimulateCommand.KeyMap);
        }

        [Fact]
        public void A_refund_keyed_on_the_simulated_keypad_reaches_the_sandbox_once()
        {
            var output = new StringWriter();
            var script = new StringReader(
                "console pin set 2468\nconsole login 2468\nconsole manager pin set 1357\nconsole logout\n" +
                "key 12.34 enter enter\nscan 130000000000000001\nscreen\nkey enter\n" +
                "key menu 1357 enter 1\nscreen\nkey enter 5 enter\nscreen\nkey enter\nscreen\n" +
                "key enter 2\nscreen\n");
            int code = SimulateCommand.RunScript(rig, script, output, Path.Combine(rig.Options.DataFolder, "x.png"));
            Assert.Equal(0, code);
            string text = output.ToString();
            Assert.Contains("screen Paid:", text);
            Assert.Contains("screen RefundPick: [Refund: pick a sale] *12.34 CNY*", text);
            Assert.Contains("Refundable 12.34 1/1", text);
            Assert.Contains("screen RefundConfirm: [Confirm refund] *5.00 CNY*", text);
            Assert.Contains("screen RefundResult: [REFUNDED] *5.00 CNY*", text);
            Assert.Contains("screen XReport: [X report CNY 1/2] | Sales 1: 12.34 | Refunds 1: 5.00 | Net 7.34", text);
            Assert.DoesNotContain("1357", text.Replace("console manager pin set 1357", string.Empty));
            var order = Assert.Single(rig.Sandbox.Orders);
            Assert.Equal(500, order.Refunded);
            Assert.Equal(734, order.NetCharged);
        }

        [Fact]
        public void The_day_closed_on_the_simulated_keypad_is_the_consoles_z_report()
        {
            var output = new StringWriter();
            var script = new StringReader(
                "console pin set 2468\nconsole login 2468\nconsole manager pin set 1357\n" +
                "key 12.34 enter enter\nscan 130000000000000001\nscreen\nkey enter\n" +
                "key menu 1357 enter 4\nscreen\nkey enter\nscreen\nkey cancel 4 enter enter\nscreen\nkey enter enter\nconsole z\n");
            int code = SimulateCommand.RunScript(rig, script, output, Path.Combine(rig.Options.DataFolder, "z.png"));
            Assert.Equal(0, code);
            string text = output.ToString();
            Assert.Contains("screen ZPreview: [Close day: Z 1 CNY 1/2] | Sales 1: 12.34 | Refunds 0: 0.00 | Net 12.34", text);
            Assert.Contains("screen ZConfirm: [Close the day?] *Z 1*", text);
            Assert.Contains("screen ZResult: [Day closed: Z 1 CNY 1/2] | Sales 1: 12.34", text);
            Assert.Contains("Z report 1, business day", text);
            Assert.Contains("  CNY: sales 1 = 12.34, refunds 0 = 0.00, net 12.34", text);
            Assert.Equal(2, rig.App.DayClose.NextNumber);
            Assert.True(rig.App.DayClose.Last.HandedOver, "the z_report is in the outbox");
        }
    }
}
