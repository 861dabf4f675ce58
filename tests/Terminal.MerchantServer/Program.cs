using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using Terminal.Core.Protocol;
using Terminal.MerchantServer;

// Standalone reference merchant server (docs/merchant-api.md):
//   dotnet run --project tests/Terminal.MerchantServer -- --port 5080 --data ./merchant-data --terminal T-0001=<secret hex>
// Options: --surge-count N, --surge-amount X (minor units), --surge-window T (seconds), --replay-window S, --admin-token TOKEN,
//          --time-zone ID (the dashboard's days and times; default: this machine's).
// Reconciliation (fetching WeChat's daily bill): --wx-appid ID --wx-mch-id ID [--wx-sub-mch-id ID] --wx-key-file FILE
//          [--wx-sign-type MD5|HMAC-SHA256] [--wx-base-url https://api.mch.weixin.qq.com] [--wx-ca ROOT.pem]
//          [--bill-after-hours H] (hours after the China day's end a bill is asked for; WeChat: 10).
var options = new MerchantServerOptions();
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    string Value() => value ?? throw new ArgumentException(args[i] + " needs a value (see docs/merchant-api.md)");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Value()); i++; break;
        case "--data": options.DataFolder = Value(); i++; break;
        case "--surge-count": options.SurgeCount = int.Parse(Value()); i++; break;
        case "--surge-amount": options.SurgeAmount = long.Parse(Value()); i++; break;
        case "--surge-window": options.SurgeWindowSeconds = int.Parse(Value()); i++; break;
        case "--replay-window": options.ReplayWindowSeconds = int.Parse(Value()); i++; break;
        case "--admin-token": options.AdminToken = Value(); i++; break;
        case "--time-zone": options.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(Value()); i++; break;
        case "--wx-appid": options.WeChat.AppId = Value(); i++; break;
        case "--wx-mch-id": options.WeChat.MchId = Value(); i++; break;
        case "--wx-sub-mch-id": options.WeChat.SubMchId = Value(); i++; break;
        case "--wx-base-url": options.WeChat.BaseUrl = Value(); i++; break;
        case "--wx-key-file": options.WeChat.ApiKey = File.ReadAllText(Value()).Trim(); i++; break; // the key itself is never printed
        case "--wx-sign-type":
            if (!SignTypes.TryParse(value, out SignType signType))
            {
                Console.Error.WriteLine("--wx-sign-type must be MD5 or HMAC-SHA256");
                return 2;
            }

            options.WeChat.SignType = signType;
            i++;
            break;
        case "--wx-ca": options.WeChat.TrustedRoots.Add(X509Certificate2.CreateFromPem(File.ReadAllText(Value()))); i++; break;
        case "--bill-after-hours": options.WeChat.AvailableAfter = TimeSpan.FromHours(double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)); i++; break;
        case "--terminal":
            string terminal = Value();
            int eq = terminal.IndexOf('=');
            options.Terminals[terminal.Substring(0, eq)] = Convert.FromHexString(terminal.Substring(eq + 1));
            i++;
            break;
        default:
            Console.Error.WriteLine("unknown option " + args[i] + " (see docs/merchant-api.md)");
            return 2;
    }
}

using MerchantServer server = MerchantServer.Start(options, consoleLogging: true);
Console.WriteLine("merchant server listening on " + server.BaseAddress + " (data: " + server.Store.Path + "); Ctrl+C to stop");
Console.WriteLine(server.Admin.Describe());
Console.WriteLine("dashboard: " + server.DashboardAddress);
Console.WriteLine(options.WeChat.Configured
    ? "reconciliation: daily bills of mch_id " + options.WeChat.MchId + " from " + options.WeChat.BaseUrl
    : "reconciliation: no WeChat Pay account given (--wx-appid, --wx-mch-id, --wx-key-file); bills can be uploaded");
server.WaitForShutdown();
return 0;

