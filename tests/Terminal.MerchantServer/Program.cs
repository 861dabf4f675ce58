using System;
using Terminal.MerchantServer;

// Standalone reference merchant server (docs/merchant-api.md):
//   dotnet run --project tests/Terminal.MerchantServer -- --port 5080 --data ./merchant-data --terminal T-0001=<secret hex>
// Options: --surge-count N, --surge-amount X (minor units), --surge-window T (seconds), --replay-window S, --admin-token TOKEN,
//          --time-zone ID (the dashboard's days and times; default: this machine's).
var options = new MerchantServerOptions();
for (int i = 0; i < args.Length; i++)
{
    string value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(value); i++; break;
        case "--data": options.DataFolder = value; i++; break;
        case "--surge-count": options.SurgeCount = int.Parse(value); i++; break;
        case "--surge-amount": options.SurgeAmount = long.Parse(value); i++; break;
        case "--surge-window": options.SurgeWindowSeconds = int.Parse(value); i++; break;
        case "--replay-window": options.ReplayWindowSeconds = int.Parse(value); i++; break;
        case "--admin-token": options.AdminToken = value; i++; break;
        case "--time-zone": options.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(value); i++; break;
        case "--terminal":
            int eq = value.IndexOf('=');
            options.Terminals[value.Substring(0, eq)] = Convert.FromHexString(value.Substring(eq + 1));
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
server.WaitForShutdown();
return 0;

