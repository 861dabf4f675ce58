using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Terminal.DeviceCheck;

/// <summary>
/// The byte-code budget of a device assembly and a portable estimate of it. A nanoFramework 1.x
/// .pe holds at most 65,535 bytes of byte code; the project keeps each assembly at or under
/// <see cref="ByteCodeBudget"/> so features can grow. MetadataProcessor compacts IL (2-byte tokens
/// instead of 4) and copies the rest, so the device byte code is at most the IL: measured 0.73-0.96
/// of it (docs/performance.md; 0.96 for Base, whose unrolled SHA-256 and MD5 are constants and
/// locals with almost no tokens). <see cref="EstimateByteCode"/> multiplies by
/// <see cref="ByteCodePerIlByte"/>, above every measured ratio; .ci/run proves with the real
/// toolchain that it never undershoots.
/// </summary>
public static class Budget
{
    public const int ByteCodeBudget = 49152;
    public const int PeByteCodeLimit = 65535;
    public const double ByteCodePerIlByte = 1.0;

    public static readonly XNamespace Msb = "http://schemas.microsoft.com/developer/msbuild/2003";

    public static int EstimateByteCode(long ilBytes) => (int)Math.Ceiling(ilBytes * ByteCodePerIlByte);

    /// <summary>The sum of the IL method bodies (code only, as check.sh counts it).</summary>
    public static long IlBytes(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        long total = 0;
        foreach (MethodDefinitionHandle handle in md.MethodDefinitions)
        {
            MethodDefinition method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress != 0)
            {
                total += pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!.Length;
            }
        }

        return total;
    }

    /// <summary>The names of the assemblies an assembly references.</summary>
    public static string[] AssemblyReferences(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(r => md.GetString(md.GetAssemblyReference(r).Name)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    public static string AssemblyName(string nfprojPath)
    {
        return XDocument.Load(nfprojPath).Descendants(Msb + "AssemblyName").Single().Value.Trim();
    }

    public static bool IsExe(string nfprojPath)
    {
        return XDocument.Load(nfprojPath).Descendants(Msb + "OutputType").Single().Value.Trim() == "Exe";
    }

    /// <summary>Every .nfproj under firmware/ and tests/, repository-relative with '/'.</summary>
    public static string[] DeviceProjects(string repoRoot)
    {
        return new[] { "firmware", "tests" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(repoRoot, d), "*.nfproj", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(repoRoot, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// The API gate's build of a device project (tests/NanoApiGate: the project's own sources compiled
    /// as one assembly, exactly as its .nfproj lists them), or null when it has not been built.
    /// </summary>
    public static string? GateAssembly(string repoRoot, string nfproj, string configuration)
    {
        string full = Path.Combine(repoRoot, nfproj);
        string name = AssemblyName(full);
        string dir = Path.Combine(repoRoot, "tests", "NanoApiGate", "Gate", "bin", configuration, "gate", Path.GetFileNameWithoutExtension(full), "net10.0");
        string path = Path.Combine(dir, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    /// <summary>The References a .nfproj declares (assembly names).</summary>
    public static string[] DeclaredReferences(string nfprojPath)
    {
        return XDocument.Load(nfprojPath).Descendants(Msb + "Reference")
            .Select(e => ((string)e.Attribute("Include")!).Split(',')[0].Trim())
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The assembly names of the projects a .nfproj references.</summary>
    public static string[] DeclaredProjectReferences(string nfprojPath)
    {
        string dir = Path.GetDirectoryName(nfprojPath)!;
        return XDocument.Load(nfprojPath).Descendants(Msb + "ProjectReference")
            .Select(e => AssemblyName(Path.GetFullPath(Path.Combine(dir, ((string)e.Attribute("Include")!).Replace('\\', '/')))))
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    /// <summary>One "size:" line of check.sh.</summary>
    public sealed record Size(string Assembly, long Il, int ByteCode);

    public static Size? ParseSizeLine(string line)
    {
        Match m = Regex.Match(line, @"^size: (\S+): IL (\d+) bytes in \d+ methods; (?:\.pe \d+ bytes, byte code (\d+) of|no \.pe: byte code (\d+) bytes)");
        if (!m.Success)
        {
            return null;
        }

        string byteCode = m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value;
        return new Size(m.Groups[1].Value, long.Parse(m.Groups[2].Value), int.Parse(byteCode));
    }
}
