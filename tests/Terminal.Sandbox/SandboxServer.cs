using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Terminal.Core.Protocol;

namespace Terminal.Sandbox
{
    public sealed class SandboxOptions
    {
        /// <summary>Port; 0 picks a free one.</summary>
        public int Port { get; set; }

        /// <summary>
        /// Where to listen: null or empty = loopback only (the default). Otherwise an IP address
        /// (0.0.0.0 = every interface) or a host name (its IPv4 addresses): the sandbox is then
        /// reachable from the network (a bench ESP32), and the server certificate's SAN gains the
        /// address / name. Test benches only: anyone on the network can reach it.
        /// </summary>
        public string? ListenAddress { get; set; }

        /// <summary>Where the generated CA and certificates live (reused across runs).</summary>
        public string DataFolder { get; set; } = "sandbox-data";

        /// <summary>The merchant the sandbox accepts; null = <see cref="WeChatSandbox.DefaultMerchant"/>.</summary>
        public MerchantAccount? Merchant { get; set; }

        /// <summary>The sandbox's time in ms (tests pass their virtual clock); null = real time.</summary>
        public Func<long>? Clock { get; set; }

        /// <summary>
        /// Keep the ledger in <see cref="DataFolder"/>/ledger.json across restarts (the simulator does,
        /// so a terminal's power cut can be rehearsed end to end); default false: a fresh ledger each start.
        /// </summary>
        public bool KeepLedger { get; set; }

        /// <summary>Longest real time a stalled answer is held before the connection is dropped.</summary>
        public int MaxStallMs { get; set; } = 30000;

        /// <summary>
        /// Tests only: take the time of each request from its <see cref="SandboxServer.SentAtHeader"/>
        /// (the test's virtual clock when the terminal wrote it) instead of the moment it is handled.
        /// </summary>
        public bool TrustSentAtHeader { get; set; }

        /// <summary>When a day's bill exists after the day ends (China time); null = WeChat's 09:00 next day (<see cref="WeChatSandbox.BillDelay"/>).</summary>
        public TimeSpan? BillDelay { get; set; }
    }

    /// <summary>
    /// The sandbox over HTTPS (Kestrel; loopback only unless <see cref="SandboxOptions.ListenAddress"/>): /pay/micropay, /pay/orderquery,
    /// /secapi/pay/reverse and /secapi/pay/refund (client certificate issued by the sandbox CA required),
    /// /pay/refundquery, /pay/downloadbill, /payitil/report, plus the control endpoints of docs/sandbox.md:
    /// /sandbox/ledger, /sandbox/refunds, /sandbox/calls, /sandbox/reports, /sandbox/bill (GET, inspection),
    /// /sandbox/fault and /sandbox/refund-scenario (POST).
    /// </summary>
    public sealed class SandboxServer : IDisposable
    {
        /// <summary>Request header a test transport adds: the sandbox time at which the request was written.</summary>
        public const string SentAtHeader = "X-Sandbox-Sent-At";

        private readonly WebApplication app;

        private SandboxServer(WebApplication app, WeChatSandbox sandbox, SandboxCertificates certificates, int port, IPAddress[] listen, string host)
        {
            this.app = app;
            Sandbox = sandbox;
            Certificates = certificates;
            Port = port;
            ListenAddresses = listen;
            host_ = host;
        }

        private readonly string host_;

        /// <summary>The addresses Kestrel listens on (loopback only by default).</summary>
        public IPAddress[] ListenAddresses { get; }

        /// <summary>True when the server listens only on loopback.</summary>
        public bool LoopbackOnly => ListenAddresses.All(IPAddress.IsLoopback);

        /// <summary>The sandbox answering calls; tests may swap it between runs (one server, fresh ledgers).</summary>
        public WeChatSandbox Sandbox { get; set; }

        public SandboxCertificates Certificates { get; }

        public int Port { get; }

        /// <summary>https://localhost:port by default; with a listen address, that address (or host name).</summary>
        public string BaseAddress => "https://" + host_ + ":" + Port;

        /// <summary>Connections accepted (TLS handshakes completed or attempted).</summary>
        public int Connections => connections;

        private static int connections;

        /// <summary>The ledger's file name in the data folder when <see cref="SandboxOptions.KeepLedger"/> is set.</summary>
        public const string LedgerFileName = "ledger.json";

        public static SandboxServer Start(SandboxOptions options)
        {
            MerchantAccount merchant = options.Merchant ?? WeChatSandbox.DefaultMerchant();
            var stopwatch = Stopwatch.StartNew();
            Func<long> clock = options.Clock ?? (() => stopwatch.ElapsedMilliseconds);
            var sandbox = new WeChatSandbox(merchant, clock);
            if (options.KeepLedger)
            {
                sandbox.LedgerPath = Path.Combine(options.DataFolder, LedgerFileName);
            }
            if (options.BillDelay.HasValue)
            {
                sandbox.BillDelay = options.BillDelay.Value;
            }

            (IPAddress[] listen, string[] sanNames, string host) = ListenPlan(options.ListenAddress);
            SandboxCertificates certificates = SandboxCertificates.LoadOrCreate(options.DataFolder, merchant.MchId, sanNames);

            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            int chosenPort = options.Port;
            if (chosenPort == 0 && listen.Length > 1)
            {
                chosenPort = FreePort(); // one port on every address
            }

            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                foreach (IPAddress address in listen)
                {
                    kestrel.Listen(address, chosenPort, endpoint =>
                    {
                        endpoint.Use(next => context =>
                        {
                            Interlocked.Increment(ref connections);
                            return next(context);
                        });
                        endpoint.UseHttps(https =>
                        {
                            https.ServerCertificate = certificates.Server;
                            https.ServerCertificateChain = certificates.ServerChain; // leaf + intermediate, like WeChat
                            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                            https.ClientCertificateValidation = (certificate, chain, errors) => certificates.IssuedByCa(certificate);
                        });
                    });
                }
            });

            WebApplication app = builder.Build();
            SandboxServer? server = null;

            // The sandbox answering now: the server's (tests may swap it); until Start returns, the one made here.
            WeChatSandbox Current() => server?.Sandbox ?? sandbox;

            app.MapPost("/pay/micropay", context => Serve(context, Current(), options));
            app.MapPost("/pay/orderquery", context => Serve(context, Current(), options));
            app.MapPost("/secapi/pay/reverse", context => Serve(context, Current(), options));
            app.MapPost(Endpoints.RefundPath, context => Serve(context, Current(), options));
            app.MapPost(Endpoints.RefundQueryPath, context => Serve(context, Current(), options));
            app.MapPost(Endpoints.DownloadBillPath, context => Serve(context, Current(), options));
            app.MapPost(Endpoints.ReportPath, context => Serve(context, Current(), options));
            app.MapGet("/sandbox/ledger", context => Json(context, Current().Orders.Select(o => new
            {
                o.OutTradeNo, o.TotalFee, o.FeeType, o.State, o.Charged, o.Refunded, o.RefundPending, o.NetCharged, scenario = o.Scenario.ToString(),
                refundScenario = o.RefundScenario.ToString(), o.TransactionId, o.ReverseCalls, o.QueryCalls,
                paidAt = o.PaidAtMs == SandboxOrder.NoTime ? null : Current().ChinaTime(o.PaidAtMs).ToString("yyyy-MM-dd HH:mm:ss"),
            })));
            app.MapGet("/sandbox/refunds", context => Json(context, Current().Refunds.Select(r => new
            {
                r.OutRefundNo, r.RefundId, r.OutTradeNo, r.TransactionId, r.RefundFee, r.TotalFee, r.FeeType, r.State,
                acceptedAt = Current().ChinaTime(r.AcceptedMs).ToString("yyyy-MM-dd HH:mm:ss"),
                settlesAt = Current().ChinaTime(r.SettleMs).ToString("yyyy-MM-dd HH:mm:ss"), r.FinalState,
            })));
            app.MapGet("/sandbox/reports", context => Json(context, Current().Reports.Select(r => new
            {
                r.AtMs, r.Form, r.InterfaceUrl, r.DeviceInfo, r.UserIp, r.ExecuteTimeMs, r.ReturnCode, r.ResultCode, r.ErrCode, r.OutTradeNo, r.Time,
                trades = r.Trades.Select(t => new { t.OutTradeNo, t.BeginTime, t.EndTime, t.State, t.ErrMsg }),
            })));
            app.MapGet("/sandbox/bill", context =>
            {
                // Inspection: the bill of a China day as it stands now (whether or not WeChat would have made it yet).
                string dateText = context.Request.Query["bill_date"].ToString();
                string billType = context.Request.Query["bill_type"].ToString();
                DateOnly day = Current().ChinaToday;
                if (dateText.Length > 0 && !DateOnly.TryParseExact(dateText, "yyyyMMdd", out day))
                {
                    context.Response.StatusCode = 400;
                    return context.Response.WriteAsync("bill_date must be yyyyMMdd (a China Standard Time day)");
                }

                string? text = Current().BillText(day, billType.Length == 0 ? WeChatSandbox.BillTypeAll : billType, soFar: true);
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync(text ?? "No Bill Exist", Encoding.UTF8);
            });
            app.MapPost("/sandbox/refund-scenario", context =>
            {
                string outTradeNo = context.Request.Query["out_trade_no"].ToString();
                if (outTradeNo.Length == 0 || !Enum.TryParse(context.Request.Query["scenario"].ToString(), true, out RefundScenarioKind kind) || !Enum.IsDefined(kind))
                {
                    context.Response.StatusCode = 400;
                    return context.Response.WriteAsync("out_trade_no and scenario (one of: " + string.Join(", ", Enum.GetNames<RefundScenarioKind>()) + ") are required; m optional");
                }

                int m = int.TryParse(context.Request.Query["m"].ToString(), out int parsed) && parsed >= 0 ? parsed : 0;
                Current().ScriptRefund(outTradeNo, kind, m);
                return context.Response.WriteAsync("refunds of " + outTradeNo + ": " + kind + "(" + m + ")");
            });
            app.MapGet("/sandbox/calls", context => Json(context, Current().Calls.Select(c => new
            {
                c.AtMs, api = c.Api.ToString(), c.OutTradeNo, fault = c.Fault.ToString(), c.Processed, c.Answer,
            })));
            app.MapPost("/sandbox/fault", context =>
            {
                string apiText = context.Request.Query["api"].ToString();
                if (!Enum.TryParse(context.Request.Query["fault"].ToString(), true, out SandboxFault fault))
                {
                    context.Response.StatusCode = 400;
                    return context.Response.WriteAsync("fault must be one of: " + string.Join(", ", Enum.GetNames<SandboxFault>()));
                }

                WxApi? api = apiText switch
                {
                    "micropay" => WxApi.Micropay,
                    "orderquery" => WxApi.OrderQuery,
                    "reverse" => WxApi.Reverse,
                    "refund" => WxApi.Refund,
                    "refundquery" => WxApi.RefundQuery,
                    "downloadbill" => WxApi.DownloadBill,
                    "report" => WxApi.Report,
                    _ => null,
                };
                int count = int.TryParse(context.Request.Query["count"].ToString(), out int n) && n > 0 ? n : 1;
                for (int i = 0; i < count; i++)
                {
                    Current().EnqueueFault(api, fault);
                }

                return context.Response.WriteAsync("queued " + count + " x " + fault + " for " + (api?.ToString() ?? "any call"));
            });

            app.StartAsync().GetAwaiter().GetResult();
            int port = chosenPort;
            if (port == 0)
            {
                string address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                    .Features.Get<IServerAddressesFeature>()?.Addresses.First()
                    ?? throw new InvalidOperationException("Kestrel reports no listening address");
                port = new Uri(address.Replace("[::]", "localhost").Replace("+", "localhost")).Port;
            }

            server = new SandboxServer(app, sandbox, certificates, port, listen, host);
            return server;
        }

        /// <summary>What to bind, which names the server certificate needs, and the name for <see cref="BaseAddress"/>.</summary>
        internal static (IPAddress[] Listen, string[] SanNames, string Host) ListenPlan(string? listenAddress)
        {
            if (string.IsNullOrWhiteSpace(listenAddress))
            {
                return (new[] { IPAddress.Loopback }, Array.Empty<string>(), "localhost");
            }

            string text = listenAddress.Trim();
            if (IPAddress.TryParse(text, out IPAddress? ip))
            {
                if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
                {
                    // Every interface: the certificate names each local unicast address.
                    string[] local = NetworkInterface.GetAllNetworkInterfaces()
                        .Where(n => n.OperationalStatus == OperationalStatus.Up)
                        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                        .Select(u => u.Address)
                        .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                        .Select(a => a.ToString()).Distinct().ToArray();
                    return (new[] { ip }, local, "localhost");
                }

                string host = ip.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + ip + "]" : ip.ToString();
                return (new[] { ip }, new[] { ip.ToString() }, host);
            }

            IPAddress[] addresses = Dns.GetHostAddresses(text).Where(a => a.AddressFamily == AddressFamily.InterNetwork).Distinct().ToArray();
            if (addresses.Length == 0)
            {
                throw new ArgumentException("--listen " + text + ": no IPv4 address for this host name");
            }

            return (addresses, new[] { text }.Concat(addresses.Select(a => a.ToString())).ToArray(), text);
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private static async Task Serve(HttpContext context, WeChatSandbox sandbox, SandboxOptions options)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            bool clientCertificate = context.Connection.ClientCertificate != null;
            string host = context.Request.Host.Host;
            long? sentAt = options.TrustSentAtHeader && long.TryParse(context.Request.Headers[SentAtHeader].ToString(), out long stamped) ? stamped : null;
            string path = context.Request.Path.Value!; // a routed request always has a path
            SandboxReply reply = sandbox.Handle(path, buffer.ToArray(), clientCertificate, host, sentAt);
            if (reply.DelayMs > 0)
            {
                int delay = Math.Min(reply.DelayMs, options.MaxStallMs);
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }

            if (reply.Drop || reply.ConnectFault != SandboxFault.None)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            context.Response.ContentLength = reply.Body.Length;
            await context.Response.Body.WriteAsync(reply.Body);
        }

        private static Task Json(HttpContext context, object value)
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true }), Encoding.UTF8);
        }

        public void Dispose()
        {
            app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)app).Dispose();
        }
    }
}
