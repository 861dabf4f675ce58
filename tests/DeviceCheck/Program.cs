using System.Diagnostics;
using Terminal.DeviceCheck;

// Real-toolchain check of every device project (run by .ci/run when ../shared/nf exists):
//   dotnet tests/DeviceCheck/bin/<cfg>/net10.0/DeviceCheck.dll [--nf DIR] [--work DIR] [--gate-config Debug]
// 1. compiles each top-level device project with ../shared/nf/bin/check.sh (MetadataProcessor included);
// 2. prints every assembly's IL and byte code against the budget and fails above it;
// 3. fails when the portable estimate (Budget, used by the host tests) is below the real byte code;
// 4. fails when a .nfproj declares a reference its assembly does not need, directly or through
//    what it uses (missing ones already fail the compile).
string repo = FindRepo(Directory.GetCurrentDirectory());
string nf = Path.GetFullPath(Path.Combine(repo, "..", "shared", "nf"));
string work = Path.Combine(Path.GetTempPath(), "devicecheck-" + Environment.ProcessId);
string gateConfig = "Debug";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--nf": nf = Path.GetFullPath(args[++i]); break;
        case "--work": work = Path.GetFullPath(args[++i]); break;
        case "--gate-config": gateConfig = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: DeviceCheck [--nf DIR] [--work DIR] [--gate-config Debug|Release]");
            return 2;
    }
}

string checkSh = Path.Combine(nf, "bin", "check.sh");
if (!File.Exists(checkSh))
{
    Console.Error.WriteLine("devicecheck: no nanoFramework toolchain at " + nf + " (bin/check.sh)");
    return 2;
}

string[] projects = Budget.DeviceProjects(repo);
// Roots: projects no other device project references (each run compiles its references too).
var referenced = new HashSet<string>(StringComparer.Ordinal);
foreach (string p in projects)
{
    string dir = Path.GetDirectoryName(Path.Combine(repo, p))!;
    foreach (var e in System.Xml.Linq.XDocument.Load(Path.Combine(repo, p)).Descendants(Budget.Msb + "ProjectReference"))
    {
        string target = Path.GetFullPath(Path.Combine(dir, ((string)e.Attribute("Include")!).Replace('\\', '/')));
        referenced.Add(Path.GetRelativePath(repo, target).Replace('\\', '/'));
    }
}

string[] roots = projects.Where(p => !referenced.Contains(p)).ToArray();
Directory.CreateDirectory(work);
var runs = new Dictionary<string, (int Exit, string Output, string Out)>();
var watch = Stopwatch.StartNew();
Parallel.ForEach(roots, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, root =>
{
    string outDir = Path.Combine(work, Path.GetFileNameWithoutExtension(root));
    var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
    foreach (string a in new[] { checkSh, "--out", outDir, root })
    {
        psi.ArgumentList.Add(a);
    }

    using Process process = Process.Start(psi)!;
    Task<string> err = process.StandardError.ReadToEndAsync();
    string output = process.StandardOutput.ReadToEnd() + err.Result;
    process.WaitForExit();
    lock (runs)
    {
        runs[root] = (process.ExitCode, output, outDir);
    }
});

int failures = 0;
foreach (string root in roots)
{
    var run = runs[root];
    if (run.Exit != 0)
    {
        failures++;
        Console.WriteLine("devicecheck: check.sh failed for " + root + ":");
        foreach (string line in run.Output.Split('\n').Where(l => l.Contains("error") || l.StartsWith("size:")))
        {
            Console.WriteLine("  " + line);
        }
    }
}

if (failures > 0)
{
    return 1;
}

// Sizes: each project's own assembly, from the run where it was compiled (the root's run for
// a root, any run that compiled it for a referenced project).
Console.WriteLine($"device assemblies: byte code per assembly, budget {Budget.ByteCodeBudget} bytes (1.x limit {Budget.PeByteCodeLimit}); check.sh {watch.Elapsed.TotalSeconds:F0} s");
Console.WriteLine($"  {"project",-58} {"IL",7} {"byte code",10} {"of budget",10} {"estimate",9}");
var assemblyDirs = new Dictionary<string, string>(StringComparer.Ordinal); // project -> out dir holding its dll
foreach (string project in projects)
{
    string name = Budget.AssemblyName(Path.Combine(repo, project));
    Budget.Size? size = null;
    string? outDir = null;
    IEnumerable<string> candidates = roots.Contains(project) ? new[] { project } : roots;
    foreach (string root in candidates)
    {
        if (!ProjectClosure(repo, root).Contains(project))
        {
            continue;
        }

        Budget.Size? found = runs[root].Output.Split('\n').Select(Budget.ParseSizeLine).LastOrDefault(s => s != null && s.Assembly == name);
        if (found != null)
        {
            size = found;
            outDir = runs[root].Out;
            break;
        }
    }

    if (size == null || outDir == null)
    {
        Console.WriteLine($"  {project}: no size line from check.sh");
        failures++;
        continue;
    }

    assemblyDirs[project] = outDir;
    string? gate = Budget.GateAssembly(repo, project, gateConfig);
    string estimate = "?";
    string problem = string.Empty;
    if (gate == null)
    {
        problem = " NO GATE BUILD (dotnet build Terminal.Host.slnf first)";
        failures++;
    }
    else
    {
        int e = Budget.EstimateByteCode(Budget.IlBytes(gate));
        estimate = e.ToString();
        if (e < size.ByteCode)
        {
            problem += $" ESTIMATE TOO LOW: raise Budget.ByteCodePerIlByte above {(double)size.ByteCode / Budget.IlBytes(gate):F3}";
            failures++;
        }
    }

    if (size.ByteCode > Budget.ByteCodeBudget)
    {
        problem += " OVER BUDGET: split the assembly or make it smaller";
        failures++;
    }

    Console.WriteLine($"  {project,-58} {size.Il,7} {size.ByteCode,10} {100.0 * size.ByteCode / Budget.ByteCodeBudget,9:F1}% {estimate,9}{problem}");
}

// References: declared == needed (directly, or by something it uses). The test projects also declare
// the UnitTestLauncher, which the test runner loads.
var refsCache = new Dictionary<string, string[]>(StringComparer.Ordinal);
string[] RefsOf(string assembly, string outDir)
{
    if (refsCache.TryGetValue(assembly, out var cached))
    {
        return cached;
    }

    string? path = new[] { ".dll", ".exe" }.Select(x => Path.Combine(outDir, assembly + x)).FirstOrDefault(File.Exists)
        ?? new[] { ".dll", ".exe" }.Select(x => Path.Combine(nf, "refs", assembly + x)).FirstOrDefault(File.Exists);
    string[] result = path == null ? Array.Empty<string>() : Budget.AssemblyReferences(path);
    if (assembly != "NFUnitTest")
    {
        refsCache[assembly] = result;
    }

    return result;
}

int referenceProblems = 0;
foreach (string project in projects)
{
    if (!assemblyDirs.TryGetValue(project, out string? outDir))
    {
        continue;
    }

    string full = Path.Combine(repo, project);
    string name = Budget.AssemblyName(full);
    string[] used = RefsOf(name, outDir);
    var needed = new HashSet<string>(used, StringComparer.Ordinal);
    var queue = new Queue<string>(used);
    while (queue.Count > 0)
    {
        foreach (string r in RefsOf(queue.Dequeue(), outDir))
        {
            if (needed.Add(r))
            {
                queue.Enqueue(r);
            }
        }
    }

    string[] declared = Budget.DeclaredReferences(full).Concat(Budget.DeclaredProjectReferences(full)).ToArray();
    foreach (string d in declared)
    {
        if (!needed.Contains(d) && !(d == "nanoFramework.UnitTestLauncher" && name == "NFUnitTest"))
        {
            Console.WriteLine($"  {project}: declares {d}, which neither its code nor anything it uses needs");
            referenceProblems++;
        }
    }

    foreach (string u in used)
    {
        if (!declared.Contains(u))
        {
            Console.WriteLine($"  {project}: uses {u} without declaring it");
            referenceProblems++;
        }
    }
}

Console.WriteLine(referenceProblems == 0
    ? $"references: each of the {projects.Length} device projects declares exactly what its assembly needs"
    : $"references: {referenceProblems} problem(s)");
failures += referenceProblems;
try
{
    Directory.Delete(work, true);
}
catch (IOException)
{
}

Console.WriteLine(failures == 0 ? "devicecheck: ok" : $"devicecheck: {failures} problem(s)");
return failures == 0 ? 0 : 1;

static string FindRepo(string start)
{
    string? dir = start;
    while (dir != null && !File.Exists(Path.Combine(dir, "Terminal.sln")))
    {
        dir = Path.GetDirectoryName(dir);
    }

    return dir ?? throw new InvalidOperationException("Terminal.sln not found above " + start);
}

static HashSet<string> ProjectClosure(string repo, string project)
{
    var seen = new HashSet<string>(StringComparer.Ordinal);
    var stack = new Stack<string>();
    stack.Push(project);
    while (stack.Count > 0)
    {
        string p = stack.Pop();
        if (!seen.Add(p))
        {
            continue;
        }

        string dir = Path.GetDirectoryName(Path.Combine(repo, p))!;
        foreach (var e in System.Xml.Linq.XDocument.Load(Path.Combine(repo, p)).Descendants(Budget.Msb + "ProjectReference"))
        {
            string target = Path.GetFullPath(Path.Combine(dir, ((string)e.Attribute("Include")!).Replace('\\', '/')));
            stack.Push(Path.GetRelativePath(repo, target).Replace('\\', '/'));
        }
    }

    return seen;
}
