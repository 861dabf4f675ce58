using Terminal.Core.App;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Receipts;
using Terminal.Core.Technician;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;

namespace Terminal.Tests.App
{
    /// <summary>
    /// The whole terminal (<see cref="TerminalApp"/>) on memory flash and a virtual clock, talking to
    /// <see cref="FakeWeChat"/> with the network always up and the display and console in one
    /// <see cref="ScreenLog"/>: the set-up the refund, recovery and store tests share.
    /// </summary>
    public static class FakeWeChatTerminal
    {
        public const string AppId = "wxd930ea5d5a258f4f";
        public const string MchId = "10000100";
        public const string ApiKey = "192006250b4c09247ec02edce69f6a2d";

        /// <summary>The merchant account the fake WeChat and the terminal's configuration share.</summary>
        public static MerchantAccount Account()
        {
            MerchantAccount account = new MerchantAccount();
            account.AppId = AppId;
            account.MchId = MchId;
            account.ApiKey = ApiKey;
            return account;
        }

        /// <summary>Writes terminal T1's configuration for <see cref="Account"/>, unless the flash already holds one.</summary>
        public static void Configure(MemoryFileStore flash)
        {
            if (flash.Exists(TerminalConfig.ConfigPath))
            {
                return;
            }

            TerminalConfig config = new TerminalConfig(flash);
            config.Load();
            config.Set("terminal_id", "T1");
            config.Set("appid", AppId);
            config.Set("mch_id", MchId);
            config.SetSecret("api_key", ApiKey);
            config.Save();
        }

        /// <summary>Builds and starts the terminal (boot recovery included); PIN hashing cut to 10 iterations.</summary>
        public static TerminalApp Start(MemoryFileStore flash, VirtualClock clock, FakeWeChat wechat, ScreenLog log)
        {
            return Start(flash, clock, wechat, log, null);
        }

        /// <summary>As above, with a receipt printer on its port (the configuration's <c>printer uart</c> turns it on).</summary>
        public static TerminalApp Start(MemoryFileStore flash, VirtualClock clock, FakeWeChat wechat, ScreenLog log, IReceiptPrinter printer)
        {
            FakeWeChatGateways gateways = new FakeWeChatGateways();
            gateways.WeChat = wechat;
            TerminalPorts ports = new TerminalPorts();
            ports.Clock = clock;
            ports.Store = flash;
            ports.Random = new CountingRandom();
            ports.Display = log;
            ports.Console = log;
            ports.Network = gateways;
            ports.System = gateways;
            ports.Gateways = gateways;
            ports.Printer = printer;
            TerminalApp app = new TerminalApp(ports);
            app.Pin.Iterations = 10;
            app.ManagerPin.Iterations = 10;
            app.Start();
            return app;
        }

        /// <summary>
        /// The terminal as the keypad's manager tests use it: configured (with <c>printer uart</c>
        /// when <paramref name="printer"/> is set), started, sales on the test's thread, and the
        /// manager PIN 1357 (what the technician's <c>manager pin set 1357</c> stores).
        /// </summary>
        public static TerminalApp StartForManager(MemoryFileStore flash, VirtualClock clock, FakeWeChat wechat, ScreenLog log, IReceiptPrinter printer)
        {
            Configure(flash);
            if (printer != null)
            {
                TerminalConfig config = new TerminalConfig(flash);
                config.Load();
                config.Set("printer", "uart");
                config.Save();
            }

            TerminalApp app = Start(flash, clock, wechat, log, printer);
            app.Sales.Inline = true;
            app.ManagerPin.Set("1357");
            return app;
        }

        /// <summary>Presses <paramref name="keys"/> on the keypad, one character a key (<see cref="ManagerMenuTests.KeyOf"/>).</summary>
        public static void Press(TerminalApp app, string keys)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                app.OnKey(ManagerMenuTests.KeyOf(keys[i]));
            }
        }
    }

    /// <summary>The WeChat fake behind the terminal's gateway factory; the network is always up.</summary>
    public sealed class FakeWeChatGateways : IGatewayFactory, INetworkStatus, ISystemControl
    {
        public FakeWeChat WeChat;

        public IWxGateway CreateGateway(LinkSettings settings, PaymentConfig payment)
        {
            return WeChat;
        }

        public IMerchantLink CreateMerchantLink(LinkSettings settings)
        {
            return null;
        }

        public bool IsUp
        {
            get { return true; }
        }

        public string Describe()
        {
            return "test network";
        }

        public string FirmwareVersion
        {
            get { return "test"; }
        }

        public long FreeMemory
        {
            get { return 50000; }
        }

        public void Reboot()
        {
        }

        public bool SetTime(System.DateTime utc)
        {
            return false;
        }
    }
}
