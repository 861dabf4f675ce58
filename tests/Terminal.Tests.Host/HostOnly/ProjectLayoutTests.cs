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
        public static readonly TheoryData<string> DeviceProjects = new TheoryData<string>
        {
            "firmware/Terminal.Core/Terminal.Core.nfproj",
            "firmware/Terminal.Device/Terminal.Device.nfproj",
            "tests/NFUnitTest/NFUnitTest.nfproj",
        };

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
        }

        [Fact]
        public void NFUnitTest_is_named_as_the_device_test_runner_requires()
        {
            XDocument doc = XDocument.Load(RepoPaths.Combine("tests/NFUnitTest/NFUnitTest.nfproj"));
            XNamespace ns = "http://schemas.microsoft.com/developer/msbuild/2003";
            Assert.Equal("NFUnitTest", doc.Descendants(ns + "AssemblyName").Single().Value);
            Assert.Contains(doc.Descendants(ns + "ProjectCapability"), e => (string)e.Attribute("Include") == "TestContainer");
            Assert.True(File.Exists(RepoPaths.Combine("tests/NFUnitTest/nano.runsettings")));
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

            // Every [TestClass] of the device test sources is compiled into this very assembly.
            string[] deviceSources = CompileItems(RepoPaths.Combine("tests/NFUnitTest/NFUnitTest.nfproj"));
            Type[] types = Assembly.GetExecutingAssembly().GetTypes();
            int classes = 0;
            foreach (string file in deviceSources)
            {
                string text = File.ReadAllText(RepoPaths.Combine("tests/NFUnitTest", file));
                foreach (Match m in Regex.Matches(text, @"\[TestClass\]\s*(?:public\s+)?(?:sealed\s+)?class\s+(\w+)"))
                {
                    classes++;
                    Assert.Contains(types, t => t.Name == m.Groups[1].Value && t.GetCustomAttributes(false).Any(a => a.GetType().Name == "TestClassAttribute"));
                }
            }

            Assert.True(classes > 0, "no [TestClass] found in the device test sources");
        }

        [Fact]
        public void Host_core_library_links_the_device_core_sources()
        {
            string csproj = File.ReadAllText(RepoPaths.Combine("firmware/Terminal.Core.Host/Terminal.Core.Host.csproj"));
            Assert.Contains("Include=\"../Terminal.Core/**/*.cs\"", csproj);
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

            // The device projects are in the solution as nanoFramework projects, outside the filter.
            foreach (string nfproj in new[] { "firmware\\Terminal.Core\\Terminal.Core.nfproj", "firmware\\Terminal.Device\\Terminal.Device.nfproj", "tests\\NFUnitTest\\NFUnitTest.nfproj" })
            {
                Assert.Matches("Project\\(\"\\{11A8DD76-328B-46DF-9F39-F559912D0360\\}\"\\) = \"[^\"]+\", \"" + Regex.Escape(nfproj) + "\"", sln);
                Assert.DoesNotContain(nfproj.Replace("\\", "\\\\"), slnf);
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
