using System.IO;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System;
using System.Diagnostics.CodeAnalysis;
using Terminal.Core.App;
using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.MerchantServer;
using Terminal.Pc;
using Terminal.Sandbox;

namespace Terminal.Simulator.Sim
{
    /// <summary>How the simulator reaches WeChat Pay.</summary>
    public enum WeChatMode
    {
        /// <summary>The sandbox over HTTPS on loopback (generated CA, client certificate for /secapi/): the default.</summary>
        SandboxHttps,

        /// <summary>The sandbox's logic called in-process on the terminal's clock (tests, screenshots: virtual time).</summary>
        SandboxInProcess,

        /// <summary>The real WeChat Pay endpoints with the configured merchant credentials.</summary>
        Real,
    }

    public sealed class RigOptions
    {
        /// <summary>Flash folder, certificates and the merchant server's database live here.</summary>
        public string? DataFolder { get; set; }

        /// <summary>The terminal's flash; null = a folder store under <see cref="DataFolder"/>/flash.</summary>
        public IFileStore? Store { get; set; }

        /// <summary>null = the PC's clock.</summary>
        public IClock? Clock { get; set; }

        public WeChatMode WeChat { get; set; } = WeChatMode.SandboxHttps;

        /// <summary>Start the reference merchant server in-process (not in <see cref="WeChatMode.Real"/> mode unless asked).</summary>
        public bool MerchantServer { get; set; } = true;

        /// <summary>Run each sale on the caller's thread (tests).</summary>
        public bool InlineSales { get; set; }

        /// <summary>Start the outbox's forwarding thread (interactive use); tests call <see cref="Forward"/>.</summary>
        public bool ForwardingThread { get; set; }

        /// <summary>Real mode: PEM file of the root CA WeChat Pay's servers chain to (DigiCert Global Root G2).</summary>
        public string? WeChatRootCaFile { get; set; }

        /// <summary>Merchant server over https: PEM of its root CA.</summary>
        public string? MerchantRootCaFile { get; set; }

        /// <summary>
        /// Time-outs of the merchant server link (connect, answer), real milliseconds. The device's
        /// 3 s / 5 s by default; tests allow more, because the first request to the in-process
        /// server (JIT, ASP.NET start-up) takes seconds on a loaded machine.
        /// </summary>
        public int MerchantConnectTimeoutMs { get; set; } = 3000;

        public int MerchantReadTimeoutMs { get; set; } = 5000;

        /// Sandbox over HTTPS: every TLS connection to WeChat takes this much longer to open (an
        /// ESP32's handshake takes seconds), to measure what the scan waits for.
        /// </summary>
        public int HandshakeDelayMs { get; set; }

        /// <summary>
        /// Tests: the built-in sandbox's spacing of two new refunds of one order (WeChat: a minute;
        /// <see cref="WeChatSandbox.RefundSpacingMs"/>); null = WeChat's. `terminal simulate` takes it
        /// from the environment variable TERMINAL_SIM_REFUND_SPACING_MS (docs/sandbox.md).
        /// </summary>
        public long? SandboxRefundSpacingMs { get; set; }

        /// <summary>
        /// Tests and rehearsals: when a day's bill exists after the day ends, for the built-in sandbox
        /// (<see cref="WeChatSandbox.BillDelay"/>) and for the merchant server's fetch of it; negative
        /// serves today's bill so far (e.g. -24 h). null = WeChat's (09:00 / fetch after 10:00).
        /// `terminal simulate` takes it from TERMINAL_SIM_BILL_DELAY_MIN (minutes).
        /// </summary>
        public TimeSpan? BillDelay { get; set; }

        /// <summary>Called before the terminal starts (its boot recovery already shows on the display and console).</summary>
        public Action<Rig>? Starting { get; set; }
    }

    /// <summary>
    /// The whole terminal on PC adapters, with the WeChat Pay sandbox and the reference merchant
    /// server started in-process on loopback: what `terminal simulate` runs and what the
    /// end-to-end tests drive.
    /// </summary>
    public sealed class Rig : IDisposable, IGatewayFactory
    {
        public const string SandboxTerminalId = "SIM1";

        private Rig(RigOptions options)
        {
            Options = options;
            Boot();
        }

        public RigOptions Options { get; }

        public IClock Clock { get; private set; }

        public IFileStore Store { get; private set; }

        public SimDisplay Display { get; } = new SimDisplay();

        public SimConsoleOutput ConsoleOutput { get; } = new SimConsoleOutput();

        public SimNetwork Network { get; } = new SimNetwork();

        public SimFeedback Feedback { get; } = new SimFeedback();

        public SimSystem System { get; } = new SimSystem();

        /// <summary>The sandbox (null in <see cref="WeChatMode.Real"/>).</summary>
        public WeChatSandbox? Sandbox { get; private set; }

        /// <summary>The sandbox's HTTPS server (<see cref="WeChatMode.SandboxHttps"/> only).</summary>
        public SandboxServer? SandboxServer { get; private set; }

        /// <summary>The reference merchant server (null when not started).</summary>
        public Terminal.MerchantServer.MerchantServer? Merchant { get; private set; }

        public InProcessGateway? InProcessGateway { get; private set; }

        /// <summary>Sandbox over HTTPS: the terminal's WeChat gateway (its HTTP client and connection).</summary>
        public WxHttpsGateway? HttpsGateway { get; private set; }

        /// <summary>Sandbox over HTTPS: the connector under the gateway (counts the connections opened).</summary>
        public DelayedConnector? WeChatConnector { get; private set; }

        /// <summary>Sandbox over HTTPS: the TLS connector to WeChat (which TLS version it negotiated); null in the other modes.</summary>
        public SslConnector? WeChatTls { get; private set; }

        /// <summary>The payment settings the running terminal's engine uses (tests change them live); null until the core asked for its WeChat gateway.</summary>
        public PaymentConfig? PaymentConfig { get; private set; }

        public TerminalApp App { get; private set; }

        /// <summary>The 58 mm receipt printer: receipts as text and PNG under the data folder's receipts/ (used with the setting printer = uart, which the sandbox provisioning sets).</summary>
        public SimReceiptPrinter Printer { get; private set; }

        /// <summary>Merchant server link failures to simulate an outage (true = the link is cut).</summary>
        public bool MerchantLinkDown { get; set; }

        public static Rig Start(RigOptions options)
        {
            return new Rig(options);
        }

        [MemberNotNull(nameof(Clock), nameof(Store), nameof(App), nameof(Printer))]
        private void Boot()
        {
            string data = Options.DataFolder ?? Path.Combine(Path.GetTempPath(), "terminal-sim-" + Guid.NewGuid().ToString("N"));
            Options.DataFolder = data;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(data);
            }
            else
            {
                // Secrets, the sandbox's keys and the merchant admin token live below: owner-only when we create it.
                Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            Clock = Options.Clock ?? new SystemClock();
            Store = Options.Store ?? new FolderFileStore(Path.Combine(data, "flash"));
            Printer = new SimReceiptPrinter(Path.Combine(data, "receipts"));
            Printer.Printed = path => ConsoleOutput.Write("receipt printed: " + path + " (and " + Path.ChangeExtension(path, ".png") + ")\r\n");

            var config = new TerminalConfig(Store);
            config.Load();
            if (Options.WeChat != WeChatMode.Real)
            {
                ProvisionForSandbox(config);
            }

            bool virtualTime = Options.Clock != null && !(Options.Clock is SystemClock);
            if (Options.WeChat == WeChatMode.SandboxHttps)
            {
                SandboxServer = SandboxServer.Start(new SandboxOptions
                {
                    Port = 0,
                    DataFolder = Path.Combine(data, "sandbox"),
                    Clock = virtualTime ? () => Clock.MonotonicMs : null,
                    KeepLedger = true, // WeChat's side survives a restart of the simulator, like the terminal's flash
                    BillDelay = Options.BillDelay,
                });
                Sandbox = SandboxServer.Sandbox;
            }
            else if (Options.WeChat == WeChatMode.SandboxInProcess)
            {
                Sandbox = new WeChatSandbox(WeChatSandbox.DefaultMerchant(), () => Clock.MonotonicMs);
                if (Options.BillDelay.HasValue)
                {
                    Sandbox.BillDelay = Options.BillDelay.Value;
                }
            }

            if (Sandbox != null && Options.SandboxRefundSpacingMs.HasValue)
            {
                Sandbox.RefundSpacingMs = Options.SandboxRefundSpacingMs.Value;
            }

            if (Options.MerchantServer)
            {
                var merchantOptions = new MerchantServerOptions
                {
                    Port = 0,
                    DataFolder = Path.Combine(data, "merchant"),
                    Now = () => (long)(Clock.UtcNow - DateTime.UnixEpoch).TotalSeconds,
                };
                string secret = config.Secret("merchant_secret");
                if (secret != null)
                {
                    merchantOptions.Terminals[config.Get("terminal_id")] = Utf8.Encode(secret);
                }

                if (SandboxServer != null)
                {
                    // Reconciliation on the dashboard fetches the day's bill from the built-in sandbox
                    // (downloadbill over TLS, anchored at the sandbox CA), as a merchant's server does from WeChat.
                    MerchantAccount wx = SandboxServer.Sandbox.Merchant;
                    merchantOptions.WeChat.BaseUrl = "https://localhost:" + SandboxServer.Port;
                    merchantOptions.WeChat.AppId = wx.AppId;
                    merchantOptions.WeChat.MchId = wx.MchId;
                    merchantOptions.WeChat.ApiKey = wx.ApiKey;
                    merchantOptions.WeChat.TrustedRoots.Add(SandboxServer.Certificates.Ca);
                    if (Options.BillDelay.HasValue)
                    {
                        merchantOptions.WeChat.AvailableAfter = Options.BillDelay.Value;
                    }
                }

                Merchant = StartMerchantServer(merchantOptions);
                if (Options.WeChat != WeChatMode.Real)
                {
                    config.Set("merchant_url", "http://127.0.0.1:" + Merchant.Port);
                    config.Save();
                }
            }

            // Like the device, 'reboot' does not restart the core under the command that asked
            // for it: the host restarts it once the command has returned (RebootIfRequested).
            System.OnReboot = () => rebootRequested = true;
            Options.Starting?.Invoke(this);
            StartApp();
        }

        /// <summary>True when the port kept from an earlier start was taken and the dashboard moved.</summary>
        public bool MerchantPortChanged { get; private set; }

        /// <summary>
        /// The dashboard keeps its address across restarts: the port chosen at the first start is
        /// kept in merchant/port and asked for again (another free one only if it is taken).
        /// </summary>
        private Terminal.MerchantServer.MerchantServer StartMerchantServer(MerchantServerOptions options)
        {
            Directory.CreateDirectory(options.DataFolder);
            string portFile = Path.Combine(options.DataFolder, "port");
            int kept = File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile).Trim(), out int p) && p > 0 && p < 65536 ? p : 0;
            Terminal.MerchantServer.MerchantServer? server = null;
            if (kept > 0)
            {
                options.Port = kept;
                try
                {
                    server = Terminal.MerchantServer.MerchantServer.Start(options);
                }
                catch (IOException)
                {
                    server = null; // in use by another program
                }
            }

            if (server == null)
            {
                options.Port = 0;
                server = Terminal.MerchantServer.MerchantServer.Start(options);
                File.WriteAllText(portFile, server.Port.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            }

            MerchantPortChanged = kept > 0 && kept != server.Port;
            return server;
        }

        private readonly object appGate = new object();
        private volatile bool rebootRequested;

        /// <summary>True after 'reboot' / 'factory-reset' until the host ran <see cref="RebootIfRequested"/>.</summary>
        public bool RebootRequested => rebootRequested;

        /// <summary>
        /// Restarts the core when the console asked for it. Every host input path (standard-input
        /// console, console port, script) calls it after a command, and the tick does too.
        /// </summary>
        public bool RebootIfRequested()
        {
            if (!rebootRequested)
            {
                return false;
            }

            lock (appGate)
            {
                if (!rebootRequested)
                {
                    return false;
                }

                rebootRequested = false;
                Reboot();
                return true;
            }
        }

        /// <summary>The host's tick: a requested reboot, else the core's <see cref="TerminalApp.Tick"/> (never on a core being replaced).</summary>
        public void Tick()
        {
            if (RebootIfRequested())
            {
                return;
            }

            lock (appGate)
            {
                App.Tick();
            }
        }

        [MemberNotNull(nameof(App))]
        private void StartApp()
        {
            App = NewApp();
        }

        /// <summary>A started core: published to <see cref="App"/> only when whole, so a redraw or tick never sees one half built.</summary>
        private TerminalApp NewApp()
        {
            var ports = new TerminalPorts
            {
                Clock = Clock,
                Store = Store,
                Random = new CryptoRandomSource(),
                Display = Display,
                Feedback = Feedback,
                Console = ConsoleOutput,
                Network = Network,
                System = System,
                Gateways = this,
                Printer = Printer,
            };
            var app = new TerminalApp(ports);
            app.Start();
            app.Sales.Inline = Options.InlineSales;
            if (Options.ForwardingThread)
            {
                app.StartBackground();
            }

            return app;
        }

        /// <summary>A reboot: the core restarts from flash; nothing in memory survives. The old core answers until the new one is whole.</summary>
        public void Reboot()
        {
            lock (appGate)
            {
                App.Stop();
                App = NewApp();
            }
        }

        /// <summary>
        /// Tests: runs the outbox forwarder until it has nothing to do now (at most <paramref name="steps"/>
        /// steps). With the network and the merchant link up, an exchange that failed is an error
        /// of the test's machine or of the code, never a state to assert on: it throws with the
        /// forwarder's reason instead of letting a test go on with stale control information.
        /// </summary>
        public void Forward(int steps = 50)
        {
            for (int i = 0; i < steps; i++)
            {
                if (App.Outbox.Forwarder.Step() > 0)
                {
                    break;
                }
            }

            if (Network.IsUp && !MerchantLinkDown && Merchant != null && App.Outbox.Forwarder.ConsecutiveFailures > 0)
            {
                throw new InvalidOperationException("the merchant server exchange failed with the link up: " + App.Outbox.Forwarder.LastError);
            }
        }

        /// <summary>Fills in the sandbox merchant's credentials and a merchant server secret on a fresh terminal.</summary>
        public static void ProvisionForSandbox(TerminalConfig config)
        {
            MerchantAccount merchant = WeChatSandbox.DefaultMerchant();
            bool changed = false;
            if (config.Get("appid").Length == 0)
            {
                config.Set("terminal_id", SandboxTerminalId);
                config.Set("store_name", "Sandbox Store");
                config.Set("appid", merchant.AppId);
                config.Set("mch_id", merchant.MchId);
                config.Set("sign_type", "MD5");
                config.Set("printer", "uart"); // the simulator has a receipt printer: SimReceiptPrinter
                changed = true;
            }

            if (!config.HasSecret("api_key"))
            {
                config.SetSecret("api_key", merchant.ApiKey);
                changed = true;
            }

            if (!config.HasSecret("merchant_secret"))
            {
                config.SetSecret("merchant_secret", Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
                changed = true;
            }

            if (changed)
            {
                config.Save();
            }
        }

        // ------------------------------------------------------------------ IGatewayFactory

        public IWxGateway CreateGateway(LinkSettings settings, PaymentConfig payment)
        {
            Region region = settings.Region;
            PaymentConfig = payment;
            switch (Options.WeChat)
            {
                case WeChatMode.SandboxInProcess:
                    InProcessGateway = new InProcessGateway(Sandbox ?? throw new InvalidOperationException("no in-process sandbox"), Clock, payment, region);
                    return new NetworkSwitch(this, InProcessGateway);
                case WeChatMode.SandboxHttps:
                    SandboxServer server = SandboxServer ?? throw new InvalidOperationException("the sandbox's HTTPS server is not running");
                    var connector = new SslConnector(new X509Certificate2Collection(server.Certificates.Ca), server.Certificates.Client);
                    foreach (string host in SandboxCertificates.ServerNames)
                    {
                        connector.Map(host, new IPEndPoint(IPAddress.Loopback, server.Port));
                    }

                    WeChatTls = connector;
                    WeChatConnector = new DelayedConnector(connector, Options.HandshakeDelayMs);
                    HttpsGateway = WxHttpsGateway.ForRegion(WeChatConnector, Clock, region, payment);
                    return new NetworkSwitch(this, HttpsGateway);
                default:
                    if (Options.WeChatRootCaFile == null)
                    {
                        throw new InvalidOperationException("--wechat-ca FILE is required with --real (the PEM of DigiCert Global Root G2)");
                    }

                    var roots = new X509Certificate2Collection();
                    roots.ImportFromPemFile(Options.WeChatRootCaFile);
                    X509Certificate2? client = null;
                    string? cert = settings.ClientCert;
                    string? key = settings.ClientKey;
                    if (cert != null && key != null)
                    {
                        client = X509Certificate2.CreateFromPem(cert, key);
                    }

                    return new NetworkSwitch(this, WxHttpsGateway.ForRegion(new SslConnector(roots, client), Clock, region, payment));
            }
        }

        public IMerchantLink? CreateMerchantLink(LinkSettings settings)
        {
            // Parsed once by the core (HttpUrl: https, or plain http to loopback only; the path is kept).
            HttpUrl? parsed = settings.MerchantUrl;
            if (parsed == null)
            {
                return null;
            }

            IConnector connector;
            if (parsed.Secure)
            {
                var roots = new X509Certificate2Collection();
                if (Options.MerchantRootCaFile != null)
                {
                    roots.ImportFromPemFile(Options.MerchantRootCaFile);
                }

                connector = new SslConnector(roots, null);
            }
            else
            {
                connector = new TcpConnector();
            }

            var link = new HttpMerchantLink(new Http11Client(connector, Clock, Options.MerchantConnectTimeoutMs, Options.MerchantReadTimeoutMs), parsed);
            return new SwitchableLink(this, link);
        }

        private sealed class SwitchableLink : IMerchantLink
        {
            private readonly Rig rig;
            private readonly IMerchantLink inner;

            public SwitchableLink(Rig rig, IMerchantLink inner)
            {
                this.rig = rig;
                this.inner = inner;
            }

            public LinkReply Post(string path, string terminalId, string signature, byte[] body)
            {
                if (!rig.Network.IsUp)
                {
                    throw new ConnectionException(ConnectionStage.Dns, "no network (simulated outage: N)");
                }

                if (rig.MerchantLinkDown)
                {
                    throw new ConnectionException(ConnectionStage.Connect, "merchant server unreachable (simulated outage)");
                }

                return inner.Post(path, terminalId, signature, body);
            }
        }

        /// <summary>
        /// The simulated network (N) cuts WeChat Pay too, not only new sales: a call while it is
        /// down fails before anything is sent, as a device without Wi-Fi fails at DNS.
        /// </summary>
        private sealed class NetworkSwitch : IWxGateway, IBackgroundPost
        {
            private readonly Rig rig;
            private readonly IWxGateway inner;
            private volatile bool lastRefused;

            public NetworkSwitch(Rig rig, IWxGateway inner)
            {
                this.rig = rig;
                this.inner = inner;
            }

            public string LastHost => inner.LastHost;

            /// <summary>-1 after a call the switch refused: nothing of it was sent.</summary>
            public long LastSentMs => lastRefused ? -1 : inner.LastSentMs;

            public byte[] Post(string path, byte[] body, string host)
            {
                lastRefused = !rig.Network.IsUp;
                if (lastRefused)
                {
                    throw new ConnectionException(ConnectionStage.Dns, "no network (simulated outage: N)");
                }

                return inner.Post(path, body, host);
            }

            /// <summary>The 交易保障 report: the inner gateway's short time-out when it has one, else a plain post.</summary>
            public byte[] PostBackground(string path, byte[] body, int timeoutMs)
            {
                lastRefused = !rig.Network.IsUp;
                if (lastRefused)
                {
                    throw new ConnectionException(ConnectionStage.Dns, "no network (simulated outage: N)");
                }

                return inner is IBackgroundPost background ? background.PostBackground(path, body, timeoutMs) : inner.Post(path, body, null);
            }

            public void Interrupt() => inner.Interrupt();

            public void ResetInterrupt() => inner.ResetInterrupt();

            public void Warm()
            {
                if (rig.Network.IsUp)
                {
                    inner.Warm();
                }
            }
        }

        public void Dispose()
        {
            try
            {
                App?.Stop();
            }
            catch (Exception)
            {
            }

            Merchant?.Dispose();
            SandboxServer?.Dispose();
        }
    }
}
