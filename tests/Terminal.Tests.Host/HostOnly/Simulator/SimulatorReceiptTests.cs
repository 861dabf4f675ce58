using System;
using System.IO;
using System.Linq;
using System.Text;
using Terminal.Core.Receipts;
using Terminal.Core.Ui;
using Terminal.Sandbox;
using Terminal.Simulator.Sim;
using Terminal.Tests.Support;
using Xunit;

namespace Terminal.Tests.HostOnly.Simulator
{
    /// <summary>
    /// Receipts end to end in the simulator: a sale in each display language prints its receipt
    /// as text and PNG under the data folder; the reprint key and command; the Z receipt; a
    /// printer that is off never fails a sale.
    /// </summary>
    public sealed class SimulatorReceiptTests : IDisposable
    {
        private static long unique = 91000;
        private readonly Rig rig;
        private readonly VirtualClock clock = new VirtualClock();

        public SimulatorReceiptTests()
        {
            clock.Advance(1000);
            RigOptions options = TestRigs.InProcess("receipts", clock);
            options.MerchantConnectTimeoutMs = 120000;
            options.MerchantReadTimeoutMs = 120000;
            rig = Rig.Start(options);
        }

        public void Dispose() => TestRigs.Stop(rig);

        [Theory]
        [InlineData("en", "SALE RECEIPT", "AMOUNT", "Paid with WeChat Pay")]
        [InlineData("zh", "收款凭证", "金额", "微信支付 支付成功")]
        public void A_sale_prints_its_receipt_as_text_and_png_in_the_display_language(string language, string title, string amountLabel, string paidLine)
        {
            rig.App.Config.Set("language", language);
            rig.App.ApplyLiveSettings();
            Sell("12.34");
            SandboxOrder order = Assert.Single(rig.Sandbox.Orders);

            Assert.True(rig.App.Receipts.PrintNext()); // the print thread's step (tests run no threads)
            string textPath = rig.Printer.LastTextPath;
            Assert.NotNull(textPath);
            Assert.StartsWith(Path.Combine(rig.Options.DataFolder, "receipts"), textPath);
            string text = File.ReadAllText(textPath, Encoding.UTF8);
            Assert.Contains(title, text);
            Assert.Contains("Sandbox Store", text);
            Assert.Contains(Rig.SandboxTerminalId, text);
            Assert.Contains(order.OutTradeNo, text);
            Assert.Contains(order.TransactionId, text);
            Assert.Contains(paidLine, text);
            string amountLine = text.Split('\n').Single(l => l.StartsWith(amountLabel));
            Assert.EndsWith("12.34 CNY", amountLine);
            byte[] png = File.ReadAllBytes(Path.ChangeExtension(textPath, ".png"));
            PngAssert.Valid(png, EscPosPaper.Dots, BigEndian(png, 20));
            Assert.Contains("receipt printed: " + textPath, rig.ConsoleOutput.Take());
            Assert.Contains("1 printed", Console("status"));
        }

        [Fact]
        public void The_reprint_key_and_command_print_the_last_receipt_again_marked_as_a_reprint()
        {
            Sell("5");
            Assert.True(rig.App.Receipts.PrintNext());
            string first = rig.Printer.LastTextPath;

            rig.App.OnKey(Key.F2);
            Assert.Equal(ScreenId.Status, rig.App.Ui.Current);
            rig.App.OnKey(Key.Dot);
            Assert.Equal(ScreenId.Amount, rig.App.Ui.Current);
            Assert.Contains("Printing receipt", rig.App.Ui.Screen.ToText());
            Assert.True(rig.App.Receipts.PrintNext());
            string second = rig.Printer.LastTextPath;
            Assert.NotEqual(first, second);
            string reprinted = File.ReadAllText(second);
            Assert.Contains("*** REPRINT ***", reprinted);
            Assert.Equal(File.ReadAllText(first), reprinted.Replace("        *** REPRINT ***\n", string.Empty));

            Assert.Contains("reprint queued", Console("receipt reprint"));
            Assert.True(rig.App.Receipts.PrintNext());
            Assert.Contains("SALE RECEIPT", Console("receipt"));
        }

        [Fact]
        public void A_z_close_prints_the_z_receipt_with_the_days_totals()
        {
            Sell("10");
            Sell("2.50");
            while (rig.App.Receipts.PrintNext())
            {
            }

            Console("pin set 135790");
            Console("login 135790");
            Assert.Contains("ok", Console("z close"));
            Assert.True(rig.App.Receipts.PrintNext());
            string text = File.ReadAllText(rig.Printer.LastTextPath);
            Assert.Contains("Z REPORT - DAY CLOSE", text);
            Assert.Contains("Sales x2", text);
            Assert.Contains("12.50 CNY", text);
        }

        [Fact]
        public void A_printer_that_is_off_never_fails_the_sale_and_shows_in_status_and_selftest()
        {
            rig.Printer.Off = true;
            Sell("3"); // paid (Sell checks it) with the printer off
            Assert.True(rig.App.Receipts.PrintNext());
            Assert.Equal(PrintState.Failed, rig.App.Receipts.State);
            Assert.Contains("the simulated printer is off", Console("status"));
            Assert.Contains("receipt printer: FAIL the simulated printer is off", Console("selftest"));
            rig.Printer.Off = false;
            Assert.Contains("reprint queued", Console("receipt reprint"));
            Assert.True(rig.App.Receipts.PrintNext());
            Assert.Equal(PrintState.Ready, rig.App.Receipts.State);
        }

        private void Sell(string amount)
        {
            foreach (char c in amount + "EE")
            {
                rig.App.OnKey(c switch
                {
                    'E' => Key.Enter,
                    '.' => Key.Dot,
                    _ => Terminal.Core.Ui.Keys.FromDigit(c - '0'),
                });
            }

            byte[] bytes = Encoding.ASCII.GetBytes(Scenario.Code(ScenarioKind.PasswordFree, 0, ++unique) + "\r");
            rig.App.OnScannerBytes(bytes, 0, bytes.Length);
            Assert.Equal(ScreenId.Paid, rig.App.Ui.Current);
            rig.App.OnKey(Key.Enter); // next sale
        }

        private string Console(string line)
        {
            rig.ConsoleOutput.Take();
            rig.App.Console.Execute(line);
            return rig.ConsoleOutput.Take();
        }

        private static int BigEndian(byte[] b, int at) => b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3];
    }
}
