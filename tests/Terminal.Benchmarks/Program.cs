using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Terminal.Benchmarks
{
    /// <summary>
    /// dotnet run -c Release --project tests/Terminal.Benchmarks -- --filter '*' [--quick]
    /// All BenchmarkDotNet arguments pass through. --quick selects a short job (3 warm-ups,
    /// 3 iterations, 1 launch) run in-process, which skips the ~1 minute build of a separate
    /// benchmark project, so a whole run stays under 2 minutes (noisier figures: use the full
    /// run for docs/performance.md).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            var rest = new List<string>(args);
            bool quick = rest.Remove("--quick");
            if (rest.Remove("--outbox-figures"))
            {
                OutboxFigures.Print();
                return 0;
            }

            IConfig config = DefaultConfig.Instance
                .AddJob(quick ? Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick") : Job.Default)
                .WithOptions(ConfigOptions.JoinSummary);

            IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), config);
            PrintMd5Ratios(summaries);
            PrintManagedRatios(summaries);
            return 0;
        }

        // Managed MD5 against .NET's: time ratio and throughput per buffer size.
        private static void PrintMd5Ratios(IEnumerable<Summary> summaries)
        {
            var reports = summaries
                .SelectMany(s => s.Reports)
                .Where(r => r.BenchmarkCase.Descriptor.Type == typeof(Md5Benchmarks) && r.ResultStatistics != null)
                .ToList();
            foreach (var size in reports.Select(r => (int)r.BenchmarkCase.Parameters["Size"]).Distinct().OrderBy(s => s))
            {
                double managed = MeanNs(reports, size, nameof(Md5Benchmarks.ManagedMd5));
                double dotnet = MeanNs(reports, size, nameof(Md5Benchmarks.DotNetMd5));
                if (double.IsNaN(managed) || double.IsNaN(dotnet))
                {
                    continue;
                }

                Console.WriteLine(
                    "MD5 {0,6} B: managed {1,8:F1} MB/s, .NET {2,8:F1} MB/s, managed/.NET time ratio {3:F2}",
                    size, size / managed * 1e3, size / dotnet * 1e3, managed / dotnet);
            }
        }

        // The managed SHA-256, HMAC and PBKDF2 against .NET's: time ratio per parameter value.
        private static void PrintManagedRatios(IEnumerable<Summary> summaries)
        {
            var types = new[] { typeof(Sha256Benchmarks), typeof(HmacBenchmarks), typeof(Pbkdf2Benchmarks) };
            var reports = summaries
                .SelectMany(s => s.Reports)
                .Where(r => types.Contains(r.BenchmarkCase.Descriptor.Type) && r.ResultStatistics != null)
                .ToList();
            foreach (var group in reports.GroupBy(r => r.BenchmarkCase.Descriptor.Type.Name + " " + r.BenchmarkCase.Parameters.PrintInfo))
            {
                var managed = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "Managed");
                var dotnet = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "DotNet");
                if (managed?.ResultStatistics is not { } managedTime || dotnet?.ResultStatistics is not { } dotnetTime)
                {
                    continue;
                }

                Console.WriteLine(
                    "{0}: managed {1:F2} us, .NET {2:F2} us, managed/.NET time ratio {3:F2}",
                    group.Key.Trim(), managedTime.Mean / 1e3, dotnetTime.Mean / 1e3, managedTime.Mean / dotnetTime.Mean);
            }
        }

        private static double MeanNs(List<BenchmarkReport> reports, int size, string method)
        {
            var report = reports.FirstOrDefault(r => (int)r.BenchmarkCase.Parameters["Size"] == size && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
            return report?.ResultStatistics?.Mean ?? double.NaN;
        }
    }
}
