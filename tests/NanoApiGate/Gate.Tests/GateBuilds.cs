using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace NanoApiGate.Tests
{
    /// <summary>Result of one real gate build.</summary>
    public sealed class BuildResult
    {
        public int ExitCode;
        public string Output;
        public TimeSpan Duration;
        public List<BuildError> Errors = new List<BuildError>();
    }

    public sealed class BuildError
    {
        public string Id;
        public string Message;
        public string Line;
        public override string ToString() => Line;
    }

    /// <summary>
    /// Builds NanoApi.Reference and NanoApi.Analyzer once (into a temporary folder), then runs the gate
    /// build of every fixture, several at a time, each in its own temporary project that imports
    /// Gate.props and compiles only that fixture.
    /// </summary>
    public sealed class GateBuilds : IDisposable
    {
        static readonly Regex ErrorLine = new Regex(@":\s*error\s+(?<id>[A-Z]+[0-9]+)\s*:\s*(?<msg>.*?)(\s+\[[^\]]*\])?$", RegexOptions.Compiled);

        readonly string workDir;
        readonly Lazy<Task> prebuild;
        readonly ConcurrentDictionary<string, Lazy<Task<BuildResult>>> fixtureBuilds = new ConcurrentDictionary<string, Lazy<Task<BuildResult>>>();
        readonly SemaphoreSlim parallel = new SemaphoreSlim(Math.Max(2, Math.Min(4, Environment.ProcessorCount + 1)));

        public string ReferenceAssembly { get; private set; }
        public string AnalyzerAssembly { get; private set; }
        public BuildResult ReferenceBuild { get; private set; }
        public BuildResult AnalyzerBuild { get; private set; }

        public GateBuilds()
        {
            workDir = Path.Combine(Path.GetTempPath(), "nanoapigate-tests-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(workDir);
            prebuild = new Lazy<Task>(() => Task.Run(Prebuild));
        }

        public static string FixturesDir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

        public static IEnumerable<string> FixtureNames()
            => Directory.GetFiles(FixturesDir, "*.cs.txt").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);

        public Task EnsurePrebuilt() => prebuild.Value;

        void Prebuild()
        {
            string gate = RepoPaths.GateDir;
            ReferenceBuild = Dotnet(gate, "build", Path.Combine(gate, "Reference", "NanoApi.Reference.csproj"),
                "-c", "Release", "-o", Path.Combine(workDir, "reference"));
            if (ReferenceBuild.ExitCode != 0) throw new InvalidOperationException("NanoApi.Reference does not build:\n" + ReferenceBuild.Output);
            AnalyzerBuild = Dotnet(gate, "build", Path.Combine(gate, "Analyzer", "NanoApi.Analyzer.csproj"),
                "-c", "Release", "-o", Path.Combine(workDir, "analyzer"));
            if (AnalyzerBuild.ExitCode != 0) throw new InvalidOperationException("NanoApi.Analyzer does not build:\n" + AnalyzerBuild.Output);
            ReferenceAssembly = Path.Combine(workDir, "reference", "NanoApi.Reference.dll");
            AnalyzerAssembly = Path.Combine(workDir, "analyzer", "NanoApi.Analyzer.dll");
        }

        /// <summary>Starts (once) and returns the gate build of a fixture. All fixtures are started together.</summary>
        public Task<BuildResult> BuildFixture(string fixtureName)
        {
            // the first request queues every fixture, so they build in parallel while the theory cases run one by one
            foreach (string name in FixtureNames())
                fixtureBuilds.GetOrAdd(name, n => new Lazy<Task<BuildResult>>(() => Task.Run(() => RunFixture(n))));
            var build = fixtureBuilds.GetOrAdd(fixtureName, n => new Lazy<Task<BuildResult>>(() => Task.Run(() => RunFixture(n))));
            StartAll();
            return build.Value;
        }

        public void StartAll()
        {
            foreach (string name in FixtureNames())
                fixtureBuilds.GetOrAdd(name, n => new Lazy<Task<BuildResult>>(() => Task.Run(() => RunFixture(n))));
            foreach (var lazy in fixtureBuilds.Values) _ = lazy.Value;
        }

        async Task<BuildResult> RunFixture(string fixtureName)
        {
            await EnsurePrebuilt().ConfigureAwait(false);
            await parallel.WaitAsync().ConfigureAwait(false);
            try
            {
                string stem = fixtureName.Substring(0, fixtureName.Length - ".cs.txt".Length);
                string dir = Path.Combine(workDir, "fixtures", stem);
                Directory.CreateDirectory(dir);
                File.Copy(Path.Combine(FixturesDir, fixtureName), Path.Combine(dir, stem + ".cs"), overwrite: true);
                string project = Path.Combine(dir, "Fixture." + stem + ".csproj");
                File.WriteAllText(project, FixtureProject(stem + ".cs"));
                return Dotnet(dir, "build", project, "-c", "Debug");
            }
            finally
            {
                parallel.Release();
            }
        }

        string FixtureProject(string source)
        {
            string E(string s) => System.Security.SecurityElement.Escape(s);
            return "<Project Sdk=\"Microsoft.NET.Sdk\">\n"
                + "  <Import Project=\"" + E(Path.Combine(RepoPaths.GateDir, "Gate.props")) + "\" />\n"
                + "  <PropertyGroup>\n"
                + "    <NanoApiReferenceAssembly>" + E(ReferenceAssembly) + "</NanoApiReferenceAssembly>\n"
                + "    <NanoApiAnalyzerAssembly>" + E(AnalyzerAssembly) + "</NanoApiAnalyzerAssembly>\n"
                + "  </PropertyGroup>\n"
                + "  <ItemGroup>\n"
                + "    <Compile Include=\"" + E(source) + "\" />\n"
                + "  </ItemGroup>\n"
                + "</Project>\n";
        }

        static BuildResult Dotnet(string workingDirectory, params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in args) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add("-nologo");
            psi.ArgumentList.Add("-nodeReuse:false");
            psi.ArgumentList.Add("-v:minimal");
            psi.ArgumentList.Add("-clp:NoSummary;ForceNoAlign");
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_NOLOGO"] = "1";
            psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";

            var watch = Stopwatch.StartNew();
            var output = new StringBuilder();
            using (var process = new Process { StartInfo = psi })
            {
                process.OutputDataReceived += (s, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                process.ErrorDataReceived += (s, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (!process.WaitForExit(300_000))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException("dotnet " + string.Join(" ", args) + " did not finish in 5 minutes");
                }
                process.WaitForExit();
                var result = new BuildResult { ExitCode = process.ExitCode, Output = output.ToString(), Duration = watch.Elapsed };
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (string line in result.Output.Split('\n'))
                {
                    var m = ErrorLine.Match(line.TrimEnd('\r'));
                    if (!m.Success || !seen.Add(line.TrimEnd('\r'))) continue;
                    result.Errors.Add(new BuildError { Id = m.Groups["id"].Value, Message = m.Groups["msg"].Value, Line = line.TrimEnd('\r') });
                }
                return result;
            }
        }

        public void Dispose()
        {
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition("gate")]
    public sealed class GateCollection : ICollectionFixture<GateBuilds> { }
}
