using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Terminal.Tests.HostOnly
{
    /// <summary>
    /// The device projects (.nfproj, built by Visual Studio) and the .NET 10 projects (built here)
    /// must compile the very same files; these tests stop the two from drifting apart.
    /// </summary>
    public class ProjectLayoutTests
    {
        /// <summary>The portable core's assemblies, lowest layer first: a project may reference only projects before it.</summary>
        public static readonly string[] CoreLayers = { "Base", "Net", "Protocol", "Payments", "Outbox", "Store", "Receipts", "Ui", "Technician", "App" };

        /// <summary>Which core assembly owns each namespace (Base holds several small ones).</summary>
        private static readonly (string Namespace, string Layer)[] NamespaceOwners =
        {
            ("Terminal.Core.Text", "Base"), ("Terminal.Core.Money", "Base"), ("Terminal.Core.Ports", "Base"),
            ("Terminal.Core.Storage", "Base"), ("Terminal.Core.Crypto", "Base"), ("Terminal.Core.Timing", "Base"),
            ("Terminal.Core.Net", "Net"), ("Terminal.Core.Protocol", "Protocol"), ("Terminal.Core.Payments", "Payments"),
            ("Terminal.Core.Outbox", "Outbox"), ("Terminal.Core.Store", "Store"), ("Terminal.Core.Receipts", "Receipts"), ("Terminal.Core.Ui", "Ui"), ("Terminal.Core.Technician", "Technician"),
            ("Terminal.Core.App", "App"),
        };

        /// <summary>Every .nfproj in the repository (device firmware, portable core, device tests).</summary>
        public static TheoryData<string> DeviceProjects
        {
            get
            {
                TheoryData<string> data = new TheoryData<string>();
                foreach (string p in AllNfProjects())
                {
                    data.Add(p);
                }

                return data;
            }
        }

        internal static string[] AllNfProjects()
        {
            return new[] { "firmware", "tests" }
                .SelectMany(d => Directory.GetFiles(RepoPaths.Combine(d), "*.nfproj", SearchOption.AllDirectories))
                .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
                .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
        }

        [Fact]
        public void The_core_is_one_assembly_per_layer()
        {
            string[] core = AllNfProjects().Where(p => p.StartsWith("firmware/Terminal.Core/")).ToArray();
            string[] expected = CoreLayers.Select(l => "firmware/Terminal.Core/" + l + "/Terminal.Core." + l + ".nfproj").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, core);
            Assert.Empty(Directory.GetFiles(RepoPaths.Combine("firmware/Terminal.Core"), "*.cs", SearchOption.TopDirectoryOnly));
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Core_projects_reference_only_lower_layers(string nfproj)
        {
            // The reference graph is the architecture: each core layer references only layers below
            // it, so the graph is acyclic by construction and the device loads it bottom up.
            string[] references = ProjectReferences(nfproj);
            string layer = CoreLayerOf(nfproj);
            foreach (string reference in references)
            {
                Assert.True(File.Exists(RepoPaths.Combine(reference)), nfproj + " references missing " + reference);
                string target = CoreLayerOf(reference);
                if (reference == "tests/NFUnitTest/Support/Terminal.Tests.Support.nfproj" && nfproj.StartsWith("tests/NFUnitTest/", StringComparison.Ordinal))
                {
                    continue; // the device tests' shared test doubles
                }

                Assert.True(target != null, nfproj + " references " + reference + ", which is not a core layer (device apps and tests are never referenced)");
                if (layer != null)
                {
                    Assert.True(Array.IndexOf(CoreLayers, target) < Array.IndexOf(CoreLayers, layer),
                        "Terminal.Core." + layer + " references Terminal.Core." + target + ", a layer at or above it (" + string.Join(" -> ", CoreLayers) + ")");
                }
            }
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Core_sources_declare_and_use_only_namespaces_their_assembly_may_see(string nfproj)
        {
            string layer = CoreLayerOf(nfproj);
            if (layer == null)
            {
                return;
            }

            string dir = Path.GetDirectoryName(RepoPaths.Combine(nfproj));
            string[] visible = ProjectReferences(nfproj).Select(CoreLayerOf).Append(layer).ToArray();
            foreach (string file in CompileItems(RepoPaths.Combine(nfproj)))
            {
                string text = File.ReadAllText(Path.Combine(dir, file));
                foreach (Match m in Regex.Matches(text, @"^namespace\s+([\w.]+)", RegexOptions.Multiline))
                {
                    Assert.True(OwnerOf(m.Groups[1].Value) == layer, file + " declares namespace " + m.Groups[1].Value + " in Terminal.Core." + layer);
                }

                foreach (Match m in Regex.Matches(text, @"^using\s+(Terminal\.Core\.[\w.]+);", RegexOptions.Multiline))
                {
                    string owner = OwnerOf(m.Groups[1].Value);
                    Assert.True(owner != null && visible.Contains(owner), file + " (Terminal.Core." + layer + ") uses " + m.Groups[1].Value + ", which its project does not reference");
                }
            }
        }

        private static string OwnerOf(string ns)
        {
            foreach ((string Namespace, string Layer) o in NamespaceOwners)
            {
                if (ns == o.Namespace || ns.StartsWith(o.Namespace + ".", StringComparison.Ordinal))
                {
                    return o.Layer;
                }
            }

            return null;
        }

        private static string CoreLayerOf(string nfproj)
        {
            Match m = Regex.Match(nfproj.Replace('\\', '/'), @"firmware/Terminal\.Core/(\w+)/Terminal\.Core\.(\w+)\.nfproj$");
            return m.Success && m.Groups[1].Value == m.Groups[2].Value && CoreLayers.Contains(m.Groups[1].Value) ? m.Groups[1].Value : null;
        }

        /// <summary>The ProjectReferences of a .nfproj, as repository-relative paths.</summary>
        internal static string[] ProjectReferences(string nfproj)
        {
            string path = RepoPaths.Combine(nfproj);
            XDocument doc = XDocument.Load(path);
            XNamespace ns = "http://schemas.microsoft.com/developer/msbuild/2003";
            string dir = Path.GetDirectoryName(path);
            return doc.Descendants(ns + "ProjectReference")
                .Select(e => Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(Path.Combine(dir, ((string)e.Attribute("Include")).Replace('\\', '/')))).Replace('\\', '/'))
                .ToArray();
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Every_source_file_in_a_device_project_folder_is_compiled_by_its_nfproj(string nfproj)
        {
            string path = RepoPaths.Combine(nfproj);
            string folder = Path.GetDirectoryName(path);
            string[] listed = CompileItems(path);
            string[] onDisk = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/") && !f.StartsWith("obj/"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();

            Assert.True(listed.Length > 0, nfproj + " compiles nothing");
            Assert.Equal(onDisk.Except(listed).ToArray(), Array.Empty<string>()); // on disk but not built for the device
            Assert.Equal(listed.Except(onDisk).ToArray(), Array.Empty<string>()); // listed but missing
            Assert.Equal(listed.Length, listed.Distinct().Count());
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Device_projects_use_the_classic_nanoFramework_format(string nfproj)
        {
            XDocument doc = XDocument.Load(RepoPaths.Combine(nfproj));
            XNamespace ns = "http://schemas.microsoft.com/developer/msbuild/2003";
            Assert.Contains("{11A8DD76-328B-46DF-9F39-F559912D0360}", doc.Descendants(ns + "ProjectTypeGuids").Single().Value);
            Assert.Equal("v1.0", doc.Descendants(ns + "TargetFrameworkVersion").Single().Value);
            Assert.Equal("9.0", doc.Descendants(ns + "LangVersion").Single().Value);

            // Every referenced package is pinned in packages.config at the version the HintPath uses.
            string config = Path.Combine(Path.GetDirectoryName(RepoPaths.Combine(nfproj)), "packages.config");
            XDocument packages = XDocument.Load(config);
            foreach (XElement hint in doc.Descendants(ns + "HintPath"))
            {
                Match m = Regex.Match(hint.Value, @"packages\\([A-Za-z0-9.]+?)\.(\d+\.\d+\.\d+)\\lib\\");
                Assert.True(m.Success, "unexpected HintPath " + hint.Value);
                Assert.Contains(packages.Root.Elements("package"), p =>
                    (string)p.Attribute("id") == m.Groups[1].Value && (string)p.Attribute("version") == m.Groups[2].Value &&
                    (string)p.Attribute("targetFramework") == "netnano1.0");
            }

            // ... and every pinned package is referenced (no stale packages.config lines).
            string[] hints = doc.Descendants(ns + "HintPath").Select(h => h.Value).ToArray();
            foreach (XElement package in packages.Root.Elements("package"))
            {
                string id = (string)package.Attribute("id") + "." + (string)package.Attribute("version") + "\\";
                Assert.True(hints.Any(h => h.Contains(id, StringComparison.Ordinal)), nfproj + ": packages.config pins " + id + " but no Reference uses it");
            }
        }

        /// <summary>The device test projects: every .nfproj under tests/NFUnitTest but the shared test doubles.</summary>
        internal static string[] DeviceTestProjects()
        {
            return AllNfProjects().Where(p => p.StartsWith("tests/NFUnitTest/", StringComparison.Ordinal) && !p.EndsWith("/Terminal.Tests.Support.nfproj", StringComparison.Ordinal)).ToArray();
        }

        [Fact]
        public void Device_test_projects_are_named_as_the_device_test_runner_requires()
        {
            // nanoFramework's test adapter and launcher load an assembly named NFUnitTest; the tests
            // are split into one such project per core layer so each stays under the byte-code budget.
            string[] projects = DeviceTestProjects();
            Assert.True(projects.Length >= 1);
            XNamespace ns = "http://schemas.microsoft.com/developer/msbuild/2003";
            foreach (string project in projects)
            {
                XDocument doc = XDocument.Load(RepoPaths.Combine(project));
                Assert.Equal("NFUnitTest", doc.Descendants(ns + "AssemblyName").Single().Value);
                Assert.Contains(doc.Descendants(ns + "ProjectCapability"), e => (string)e.Attribute("Include") == "TestContainer");
                Assert.Contains("..\\nano.runsettings", doc.Descendants(ns + "RunSettingsFilePath").Single().Value);
            }

            Assert.True(File.Exists(RepoPaths.Combine("tests/NFUnitTest/nano.runsettings")));
            Assert.Empty(Directory.GetFiles(RepoPaths.Combine("tests/NFUnitTest"), "*.cs", SearchOption.TopDirectoryOnly));
        }

        [Fact]
        public void Host_test_project_links_the_device_tests_instead_of_copying_them()
        {
            string hostDir = RepoPaths.Combine("tests/Terminal.Tests.Host");
            string[] ownSources = Directory.GetFiles(hostDir, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(hostDir, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/") && !f.StartsWith("obj/"))
                .ToArray();
            Assert.All(ownSources, f => Assert.StartsWith("HostOnly/", f));

            // Every [TestClass] of every device test project is compiled into this very assembly.
            Type[] types = Assembly.GetExecutingAssembly().GetTypes();
            int classes = 0;
            foreach (string project in DeviceTestProjects())
            {
                string dir = Path.GetDirectoryName(RepoPaths.Combine(project));
                foreach (string file in CompileItems(RepoPaths.Combine(project)))
                {
                    string text = File.ReadAllText(Path.Combine(dir, file));
                    foreach (Match m in Regex.Matches(text, @"\[TestClass\]\s*(?:public\s+)?(?:sealed\s+)?class\s+(\w+)"))
                    {
                        classes++;
                        Assert.Contains(types, t => t.Name == m.Groups[1].Value && t.GetCustomAttributes(false).Any(a => a.GetType().Name == "TestClassAttribute"));
                    }
                }
            }

            Assert.True(classes > 0, "no [TestClass] found in the device test sources");
        }

        [Fact]
        public void Host_core_library_links_the_device_core_sources()
        {
            string csproj = File.ReadAllText(RepoPaths.Combine("firmware/Terminal.Core.Host/Terminal.Core.Host.csproj"));
            Assert.Contains("Include=\"../Terminal.Core/**/*.cs\"", csproj);
            Assert.Contains("../Terminal.Core/*/Properties/**", csproj); // each core assembly's own AssemblyInfo stays on the device
            Assert.Empty(Directory.GetFiles(RepoPaths.Combine("firmware/Terminal.Core.Host"), "*.cs", SearchOption.TopDirectoryOnly));
        }

        [Fact]
        public void Every_device_test_method_is_discoverable_by_the_host_runner()
        {
            // A [DataRow]/[Setup]/[Cleanup] outside a [TestClass], or a [DataRow] without [TestMethod],
            // would run on the device but silently not on the host (or vice versa).
            foreach (Type type in Assembly.GetExecutingAssembly().GetTypes())
            {
                bool testClass = type.GetCustomAttributes(false).Any(a => a.GetType().Name == "TestClassAttribute");
                foreach (MethodInfo method in type.GetMethods())
                {
                    string[] attributes = method.GetCustomAttributes(false).Select(a => a.GetType().Name).ToArray();
                    bool nano = attributes.Any(a => a is "TestMethodAttribute" or "DataRowAttribute" or "SetupAttribute" or "CleanupAttribute");
                    if (!nano)
                    {
                        continue;
                    }

                    Assert.True(testClass, type.Name + "." + method.Name + " is outside a [TestClass]");
                    if (attributes.Contains("DataRowAttribute"))
                    {
                        Assert.True(attributes.Contains("TestMethodAttribute"), type.Name + "." + method.Name + " has [DataRow] but no [TestMethod]");
                    }
                }
            }
        }

        [Fact]
        public void Every_dotnet_project_in_the_solution_is_built_and_tested_by_the_README_command()
        {
            string sln = File.ReadAllText(RepoPaths.Combine("Terminal.sln"));
            string slnf = File.ReadAllText(RepoPaths.Combine("Terminal.Host.slnf"));
            string[] csprojs = Regex.Matches(sln, "\"([^\"]+\\.csproj)\"").Select(m => m.Groups[1].Value).ToArray();
            Assert.NotEmpty(csprojs);
            foreach (string csproj in csprojs)
            {
                Assert.True(File.Exists(RepoPaths.Combine(csproj.Replace('\\', '/'))), csproj + " is in Terminal.sln but missing");
                Assert.True(slnf.Contains(csproj.Replace("\\", "\\\\")), csproj + " is in Terminal.sln but not in Terminal.Host.slnf");
            }

            // The device projects are in the solution as nanoFramework projects, outside the filter,
            // and every one of them is compiled by the API gate.
            string gate = File.ReadAllText(RepoPaths.Combine("tests/NanoApiGate/Gate/NanoApi.Gate.csproj"));
            foreach (string nfproj in AllNfProjects())
            {
                string windows = nfproj.Replace('/', '\\');
                Assert.Matches("Project\\(\"\\{11A8DD76-328B-46DF-9F39-F559912D0360\\}\"\\) = \"[^\"]+\", \"" + Regex.Escape(windows) + "\"", sln);
                Assert.DoesNotContain(windows.Replace("\\", "\\\\"), slnf);
                Assert.True(gate.Contains("../../../" + nfproj, StringComparison.Ordinal) || gate.Contains("../../" + nfproj.Substring("tests/".Length), StringComparison.Ordinal),
                    nfproj + " is not in NanoGateNfProjects (tests/NanoApiGate/Gate/NanoApi.Gate.csproj)");
            }
        }

        internal static string[] CompileItems(string nfprojPath)
        {
            XDocument doc = XDocument.Load(nfprojPath);
            XNamespace ns = "http://schemas.microsoft.com/developer/msbuild/2003";
            return doc.Descendants(ns + "Compile")
                .Select(e => ((string)e.Attribute("Include")).Replace('\\', '/'))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
        }
    }
}
