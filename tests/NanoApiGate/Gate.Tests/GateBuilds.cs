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
        public required string Output;
        public TimeSpan Duration;
        public List<BuildError> Errors = new List<BuildError>();
    }

    public sealed class BuildError
    {
        public required string Id;
        public required string Message;
        public required string Line;
        public required string Project;   // "" when the line names no project
        public override string ToString() => Line;
    }

    /// <summary>
    /// Runs the real gate build of every fixture in ONE dotnet build (a generated .slnx listing one
    /// temporary project per fixture; each imports Gate.props and compiles only its fixture), so that
    /// NanoApi.Reference and NanoApi.Analyzer are built once and the fixtures compile in parallel.
    /// </summary>
    public sealed class GateBuilds : IDisposable
    {
        static readonly Regex ErrorLine = new Regex(@":\s*error\s+(?<id>[A-Z]+[0-9]+)\s*:\s*(?<msg>.*?)(\s+\[(?<project>[^\]]*)\])?$", RegexOptions.Compiled);

        readonly string workDir;
        readonly Lazy<Task<Dictionary<string, BuildResult>>> all;

        /// <summary>The one build of all fixtures; null until it has run.</summary>
        public BuildResult? WholeBuild { get; private set; }

        public GateBuilds()
        {
            workDir = Path.Combine(Path.GetTempPath(), "nanoapigate-tests-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            all = new Lazy<Task<Dictionary<string, BuildResult>>>(() => Task.Run(BuildAll));
        }

        public static string FixturesDir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

        public static IEnumerable<string> FixtureNames()
            => Directory.GetFiles(FixturesDir, "*.cs.txt").Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal);

        /// <summary>NanoApi.Reference.dll as built (Debug) by the fixture build.</summary>
        public string ReferenceAssembly => Path.Combine(RepoPaths.GateDir, "Reference", "bin", "Debug", "net10.0", "NanoApi.Reference.dll");

        public async Task EnsurePrebuilt()
        {
            await all.Value.ConfigureAwait(false);
            if (!File.Exists(ReferenceAssembly))
                throw new InvalidOperationException("the fixture build did not produce " + ReferenceAssembly + ":\n" + WholeBuild?.Output);
        }

        /// <summary>The gate build result of one fixture (all fixtures are built together on first use).</summary>
        public async Task<BuildResult> BuildFixture(string fixtureName)
        {
            var results = await all.Value.ConfigureAwait(false);
            if (!results.TryGetValue(fixtureName, out var result))
                throw new InvalidOperationException("no build of " + fixtureName);
            return result;
        }

        Dictionary<string, BuildResult> BuildAll()
        {
            Directory.CreateDirectory(workDir);
            var projects = new Dictionary<string, string>(StringComparer.Ordinal);   // fixture -> project path
            var slnx = new StringBuilder("<Solution>\n");
            foreach (string fixture in FixtureNames())
            {
                string stem = fixture.Substring(0, fixture.Length - ".cs.txt".Length);
                string dir = Path.Combine(workDir, stem);
                Directory.CreateDirectory(dir);
                File.Copy(Path.Combine(FixturesDir, fixture), Path.Combine(dir, stem + ".cs"), overwrite: true);
                string project = Path.Combine(dir, "Fixture." + stem + ".csproj");
                File.WriteAllText(project, FixtureProject(stem + ".cs"));
                projects[fixture] = project;
                slnx.Append("  <Project Path=\"").Append(System.Security.SecurityElement.Escape(project)).Append("\" />\n");
            }
            slnx.Append("</Solution>\n");
            string solution = Path.Combine(workDir, "Fixtures.slnx");
            File.WriteAllText(solution, slnx.ToString());

            WholeBuild = Dotnet(workDir, "build", solution, "-c", "Debug");

            var results = new Dictionary<string, BuildResult>(StringComparer.Ordinal);
            foreach (var pair in projects)
            {
                string project = pair.Value;
                string dir = Path.GetDirectoryName(project) + Path.DirectorySeparatorChar;
                var errors = WholeBuild.Errors.Where(e => e.Project == project || e.Line.StartsWith(dir, StringComparison.Ordinal)).ToList();
                string assembly = Path.Combine(dir, "bin", "Debug", "net10.0", "Fixture." + Path.GetFileNameWithoutExtension(pair.Key).Replace(".cs", "") + ".dll");
                bool built = File.Exists(assembly);
                results[pair.Key] = new BuildResult
                {
                    ExitCode = errors.Count == 0 && built ? 0 : 1,
                    Errors = errors,
                    Duration = WholeBuild.Duration,
                    Output = string.Join("\n", WholeBuild.Output.Split('\n').Where(l => l.IndexOf(dir, StringComparison.Ordinal) >= 0 || l.IndexOf("NanoApi.", StringComparison.Ordinal) >= 0))
                        + (built ? "" : "\n(no " + assembly + " was produced)")
                        + (errors.Count == 0 && !built ? "\n--- whole build output ---\n" + WholeBuild.Output : ""),
                };
            }
            return results;
        }

        static string FixtureProject(string source)
        {
            string E(string s) => System.Security.SecurityElement.Escape(s);
            return "<Project Sdk=\"Microsoft.NET.Sdk\">\n"
                + "  <Import Project=\"" + E(Path.Combine(RepoPaths.GateDir, "Gate.props")) + "\" />\n"
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
                    result.Errors.Add(new BuildError { Id = m.Groups["id"].Value, Message = m.Groups["msg"].Value, Project = m.Groups["project"].Value, Line = line.TrimEnd('\r') });
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
