using nanoFramework.TestFramework;
using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Protocol;
using Terminal.Core.Ui;
using Terminal.Tests.Support;

namespace Terminal.Tests.Ui
{
    /// <summary>
    /// Every key sequence around leaving the confirm and scan screens (issue 13, item 1): a kept
    /// amount comes back selected, and the first digit replaces it instead of being appended.
    /// </summary>
    [TestClass]
    public class AmountEntryTests
    {
        private const string Code = "134567890123456789";

        /// <summary>
        /// Keys: digits, '.', '&lt;' BACK, 'D' CLEAR, 'E' ENTER, 'X' CANCEL; 'T' the scan prompt
        /// times out; 'N' / 'U' sales blocked (no network) / ready again; 'S' a code is scanned;
        /// 'F' the sale fails (rescan allowed); 'P' it is paid.
        /// </summary>
        private static void Play(CashierUi ui, FakeSalePort port, VirtualClock clock, string keys)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                char c = keys[i];
                switch (c)
                {
                    case 'T':
                        clock.Advance(61000);
                        ui.Tick();
                        break;
                    case 'N':
                        port.Readiness = SaleReadiness.Blocked(Blocker.NoNetwork, "down");
                        break;
                    case 'U':
                        port.Readiness = SaleReadiness.Ready();
                        break;
                    case 'S':
                        ui.OnScan(Code);
                        break;
                    case 'F':
                        port.Finish(SaleStatus.Failed, new FailureReasonBox(FailureReason.InsufficientFunds, true));
                        break;
                    case 'P':
                        port.Finish(SaleStatus.Paid, null);
                        break;
                    default:
                        ui.OnKey(c == '.' ? Key.Dot : (c == '<' ? Key.Back : (c == 'D' ? Key.Clear : (c == 'E' ? Key.Enter : (c == 'X' ? Key.Cancel : Keys.FromDigit(c - '0'))))));
                        break;
                }
            }
        }

        /// <summary>The large line, in brackets when it is shown selected (highlighted).</summary>
        private static string Large(CashierUi ui)
        {
            return ui.Screen.LargeInverted ? "[" + ui.Screen.Large + "]" : ui.Screen.Large;
        }

        [TestMethod]
        [DataRow("7EEX3.33E", "Confirm", "3.33 CNY")] // the sequence: was 73.33
        [DataRow("7EEX", "Amount", "[7]")]
        [DataRow("7EEX3", "Amount", "3_")]
        [DataRow("7EEX3.33EE", "Scan", "3.33 CNY")]
        [DataRow("7EX3E", "Confirm", "3.00 CNY")]
        [DataRow("7E<3E", "Confirm", "3.00 CNY")]
        [DataRow("7EX", "Amount", "[7]")]
        [DataRow("7EEXE", "Confirm", "7.00 CNY")]
        [DataRow("7EEXEE", "Scan", "7.00 CNY")]
        [DataRow("7EEXEX3E", "Confirm", "3.00 CNY")]
        [DataRow("12EEX<3E", "Confirm", "13.00 CNY")]
        [DataRow("12EEX<", "Amount", "1_")]
        [DataRow("7EEX<", "Amount", "0.00")]
        [DataRow("7EEX.5E", "Confirm", "0.50 CNY")]
        [DataRow("7EEXX", "Amount", "0.00")]
        [DataRow("7EEXX3E", "Confirm", "3.00 CNY")]
        [DataRow("7EEXD3E", "Confirm", "3.00 CNY")]
        [DataRow("7.5EEX", "Amount", "[7.5]")]
        [DataRow("7.5EEX9E", "Confirm", "9.00 CNY")]
        [DataRow("7EET", "Amount", "[7]")]
        [DataRow("7EET3E", "Confirm", "3.00 CNY")]
        [DataRow("7NE", "Blocked", "")]
        [DataRow("7NEXU3E", "Confirm", "3.00 CNY")]
        [DataRow("7ENEXU3E", "Confirm", "3.00 CNY")]
        [DataRow("8EESF", "Failed", "")]
        [DataRow("8EESFE", "Scan", "8.00 CNY")]
        [DataRow("8EESFEX3E", "Confirm", "3.00 CNY")]
        [DataRow("8EESFX3E", "Confirm", "3.00 CNY")]
        [DataRow("8EESPE3E", "Confirm", "3.00 CNY")]
        [DataRow("3.33E", "Confirm", "3.33 CNY")]
        [DataRow("3.3E", "Confirm", "3.30 CNY")]
        public void Leaving_confirm_or_scan_never_appends_to_the_old_amount(string keys, string screen, string large)
        {
            FakeSalePort port = new FakeSalePort();
            VirtualClock clock = new VirtualClock();
            CashierUi ui = new CashierUi(port, new ScreenLog(), null, clock, Currency.CNY, 5000000);
            Play(ui, port, clock, keys);
            Assert.AreEqual(screen, Screen.Name(ui.Current), keys);
            if (large.Length > 0)
            {
                Assert.AreEqual(large, Large(ui), keys);
            }
        }
    }
}
