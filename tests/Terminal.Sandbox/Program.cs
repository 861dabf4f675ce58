using System;
using System.Threading;

namespace Terminal.Sandbox
{
    /// <summary>dotnet run --project tests/Terminal.Sandbox [-- --port 8443 --data sandbox-data --listen 192.168.1.50]</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            int port = 8443;
            string data = "sandbox-data";
            string? listen = null;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--port":
                        port = int.Parse(args[i + 1]);
                        break;
                    case "--data":
                        data = args[i + 1];
                        break;
                    case "--listen":
                        listen = args[i + 1];
                        break;
                    default:
                        Console.Error.WriteLine("usage: Terminal.Sandbox [--port 8443] [--data <folder>] [--listen <IP address or host name>]");
                        Console.Error.WriteLine("  --listen: default loopback only; any other address exposes this TEST server on the network (bench networks only)");
                        return 2;
                }
            }

            if (args.Length % 2 != 0)
            {
                Console.Error.WriteLine("usage: Terminal.Sandbox [--port 8443] [--data <folder>] [--listen <IP address or host name>]");
                return 2;
            }

            using var server = SandboxServer.Start(new SandboxOptions { Port = port, DataFolder = data, ListenAddress = listen });
            if (server.LoopbackOnly)
            {
                Console.WriteLine("WeChat Pay sandbox on " + server.BaseAddress + " (loopback only)");
            }
            else
            {
                Console.WriteLine("WeChat Pay sandbox on " + server.BaseAddress + " (listening on " + string.Join(", ", (object[])server.ListenAddresses) + ")");
                Console.WriteLine("  WARNING: this TEST server is reachable from the network. Use it on an isolated bench network only,");
                Console.WriteLine("  never on a shop's network; anyone who can reach it can read its ledger and queue faults.");
                Console.WriteLine("  Terminal: config set wx_endpoint <this address>:" + server.Port + " ; cert set wx_ca (paste " + server.Certificates.CaCertificatePath + ")");
            }

            Console.WriteLine("  CA certificate (trust it in the terminal): " + server.Certificates.CaCertificatePath);
            Console.WriteLine("  merchant client certificate (for /secapi/: reverse and refund): " + server.Certificates.ClientPfxPath + " (password: the mch_id)");
            Console.WriteLine("  merchant: appid " + server.Sandbox.Merchant.AppId + ", mch_id " + server.Sandbox.Merchant.MchId + ", API key " + server.Sandbox.Merchant.ApiKey);
            Console.WriteLine("  ledger: GET " + server.BaseAddress + "/sandbox/ledger ; faults: POST " + server.BaseAddress + "/sandbox/fault?api=micropay&fault=DropAfterProcessing");
            Console.WriteLine("  refunds: GET " + server.BaseAddress + "/sandbox/refunds ; today's bill so far: GET " + server.BaseAddress + "/sandbox/bill (days are China time)");
            Console.WriteLine("Press Ctrl+C to stop.");
            var done = new ManualResetEventSlim();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.Set(); };
            done.Wait();
            return 0;
        }
    }
}
