using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace NanoApiGate.Tests
{
    [Collection("gate")]
    public sealed class ReferenceTests
    {
        readonly GateBuilds builds;
        readonly ITestOutputHelper output;

        public ReferenceTests(GateBuilds builds, ITestOutputHelper output)
        {
            this.builds = builds;
            this.output = output;
        }

        /// <summary>The committed declarations must be exactly what ApiGen makes of the listings.</summary>
        [Fact]
        public void Committed_declarations_match_the_listings()
        {
            string listings = RepoPaths.Listings;
            string committed = Path.Combine(RepoPaths.GateDir, "Reference", "Generated");
            if (!Directory.Exists(listings))
            {
                output.WriteLine("NOT CHECKED: the upstream listings (" + listings + ") are not beside this clone, so the committed "
                    + "declarations in " + committed + " cannot be compared with them. Passing without comparison.");
                return;
            }

            string fresh = Path.Combine(Path.GetTempPath(), "nanoapigate-apigen-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            try
            {
                var log = new StringWriter();
                NanoApiGate.ApiGen.Program.Generate(listings, fresh, log);
                output.WriteLine(log.ToString());

                var expected = Directory.GetFiles(fresh, "*.cs").Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToList();
                var actual = Directory.GetFiles(committed, "*.cs").Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToList();
                Assert.True(expected.SequenceEqual(actual),
                    "Reference/Generated is out of date (files differ). Regenerate: dotnet run --project tests/NanoApiGate/ApiGen -- "
                    + listings + " tests/NanoApiGate/Reference/Generated\nexpected: " + string.Join(", ", expected) + "\ncommitted: " + string.Join(", ", actual));
                foreach (string name in expected)
                {
                    byte[] a = File.ReadAllBytes(Path.Combine(fresh, name));
                    byte[] b = File.ReadAllBytes(Path.Combine(committed, name));
                    Assert.True(a.AsSpan().SequenceEqual(b),
                        "Reference/Generated/" + name + " differs from what ApiGen generates from " + listings
                        + ". Regenerate: dotnet run --project tests/NanoApiGate/ApiGen -- " + listings + " tests/NanoApiGate/Reference/Generated");
                }
                output.WriteLine($"{expected.Count} generated files are byte-identical to the committed ones.");
            }
            finally
            {
                try { Directory.Delete(fresh, recursive: true); } catch (IOException) { }
            }
        }

        [Fact]
        public async Task Reference_assembly_exposes_the_device_api_and_nothing_of_dotnet_beyond_it()
        {
            await builds.EnsurePrebuilt();
            var types = PublicTypes(builds.ReferenceAssembly);
            output.WriteLine(types.Count + " public types in " + builds.ReferenceAssembly);

            foreach (string present in new[]
            {
                "System.Object", "System.String", "System.Collections.ArrayList", "System.Collections.Hashtable",
                "System.Collections.Queue", "System.Collections.Stack", "System.Text.StringBuilder", "System.Text.Encoding",
                "System.Threading.Thread", "System.Threading.Timer", "System.Threading.CancellationToken",
                "System.Security.Cryptography.HMACSHA256", "System.Security.Cryptography.HMACSHA512", "System.IO.Hashing.Crc32",
                "System.Net.Http.HttpClient", "System.Net.Security.SslStream",
                "System.Security.Cryptography.X509Certificates.X509Certificate2", "System.IO.Ports.SerialPort",
                "System.IO.File", "nanoFramework.Json.JsonConvert", "nanoFramework.Hardware.Esp32.Configuration",
                "nanoFramework.TestFramework.Assert", "System.SpanByte", "System.Action`1",
                "System.IO.IOException+IOExceptionErrorCode",
            })
                Assert.Contains(present, types);

            foreach (string absent in new[]
            {
                "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.IEnumerable`1",
                "System.Decimal", "System.Nullable`1", "System.ValueTuple`2", "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1",
                "System.Linq.Enumerable", "System.Span`1", "System.Security.Cryptography.SHA256", "System.Security.Cryptography.MD5",
                "System.Threading.ThreadPool", "System.Diagnostics.Stopwatch", "NanoApiGen.Marker",
            })
                Assert.DoesNotContain(absent, types);
        }

        /// <summary>With the listings present: the public types of the reference are exactly the listed types.</summary>
        [Fact]
        public async Task Reference_public_types_equal_the_listed_types()
        {
            string listings = RepoPaths.Listings;
            if (!Directory.Exists(listings))
            {
                output.WriteLine("NOT CHECKED: the upstream listings (" + listings + ") are not beside this clone. Passing without comparison.");
                return;
            }
            await builds.EnsurePrebuilt();
            var typeLine = new Regex(@"^(?:(?:abstract|static|sealed)\s+)*(?:class|struct|enum|interface|delegate)\s+(?<name>[^\s<:]+)", RegexOptions.Compiled);
            var listed = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(listings, "*.txt"))
                foreach (string line in File.ReadAllLines(file))
                {
                    var m = typeLine.Match(line);
                    if (m.Success) listed.Add(m.Groups["name"].Value);
                }
            var types = PublicTypes(builds.ReferenceAssembly);
            var missing = listed.Except(types).ToList();
            var extra = types.Except(listed).ToList();
            Assert.True(missing.Count == 0, "listed but not public in the reference: " + string.Join(", ", missing));
            Assert.True(extra.Count == 0, "public in the reference but not listed: " + string.Join(", ", extra));
            output.WriteLine(listed.Count + " listed types = public types of the reference");
        }

        static SortedSet<string> PublicTypes(string assembly)
        {
            var result = new SortedSet<string>(StringComparer.Ordinal);
            using (var stream = File.OpenRead(assembly))
            using (var pe = new PEReader(stream))
            {
                var md = pe.GetMetadataReader();
                foreach (var handle in md.TypeDefinitions)
                {
                    var def = md.GetTypeDefinition(handle);
                    if (!IsPublic(md, def)) continue;
                    result.Add(FullName(md, def));
                }
            }
            return result;
        }

        static bool IsPublic(MetadataReader md, TypeDefinition def)
        {
            var visibility = def.Attributes & TypeAttributes.VisibilityMask;
            if (visibility == TypeAttributes.Public) return true;
            if (visibility != TypeAttributes.NestedPublic) return false;
            return IsPublic(md, md.GetTypeDefinition(def.GetDeclaringType()));
        }

        static string FullName(MetadataReader md, TypeDefinition def)
        {
            string name = md.GetString(def.Name);
            if (def.GetDeclaringType().IsNil)
            {
                string ns = md.GetString(def.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            }
            return FullName(md, md.GetTypeDefinition(def.GetDeclaringType())) + "+" + name;
        }
    }
}
