using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace NanoApiGate.Tests
{
    /// <summary>
    /// Each Fixtures/*.cs.txt is device code compiled by a real gate build (Gate.props + prebuilt
    /// reference and analyzer). Its header says what must happen:
    ///   // gate-expect: pass
    ///   // gate-expect: error ID text     (an error ID whose message contains text)
    /// </summary>
    [Collection("gate")]
    public sealed class FixtureTests
    {
        readonly GateBuilds builds;
        readonly ITestOutputHelper output;

        public FixtureTests(GateBuilds builds, ITestOutputHelper output)
        {
            this.builds = builds;
            this.output = output;
        }

        public static IEnumerable<object[]> Fixtures() => GateBuilds.FixtureNames().Select(n => new object[] { n });

        [Theory]
        [MemberData(nameof(Fixtures))]
        public async Task Fixture_meets_its_gate_expectation(string fixture)
        {
            var expectations = ReadExpectations(fixture);
            Assert.True(expectations.Count > 0, fixture + " has no '// gate-expect:' line");

            BuildResult result = await builds.BuildFixture(fixture);
            output.WriteLine($"gate build of {fixture}: exit code {result.ExitCode}, {result.Duration.TotalSeconds:F1} s");
            foreach (var e in result.Errors) output.WriteLine("  " + e.Id + ": " + e.Message);

            if (expectations.Any(x => x.Pass))
            {
                Assert.True(result.ExitCode == 0 && result.Errors.Count == 0,
                    fixture + " must pass the gate but failed:\n" + result.Output);
                return;
            }

            Assert.True(result.ExitCode != 0, fixture + " must fail the gate but the build succeeded:\n" + result.Output);
            foreach (var x in expectations)
            {
                bool found = result.Errors.Any(e => e.Id == x.Id && e.Message.IndexOf(x.Text, StringComparison.Ordinal) >= 0);
                Assert.True(found, $"{fixture}: expected error {x.Id} containing \"{x.Text}\"; got:\n"
                    + string.Join("\n", result.Errors.Select(e => e.Id + ": " + e.Message)) + "\n--- build output ---\n" + result.Output);
            }
        }

        [Fact]
        public void Every_forbidden_construct_of_the_brief_has_a_failing_fixture()
        {
            var all = GateBuilds.FixtureNames().ToList();
            foreach (string required in new[] { "ListOfT", "LinqUsing", "LinqQuery", "AsyncMethod", "Decimal", "GenericClass", "GenericMethod", "ActionOfInt", "NullableInt", "Passing" })
                Assert.Contains(required + ".cs.txt", all);
        }

        sealed class Expectation
        {
            public bool Pass;
            public required string Id;     // "" for a pass expectation
            public required string Text;
        }

        static List<Expectation> ReadExpectations(string fixture)
        {
            var list = new List<Expectation>();
            foreach (string raw in File.ReadAllLines(Path.Combine(GateBuilds.FixturesDir, fixture)))
            {
                string line = raw.Trim();
                const string prefix = "// gate-expect:";
                if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue;
                string rest = line.Substring(prefix.Length).Trim();
                if (rest == "pass") { list.Add(new Expectation { Pass = true, Id = "", Text = "" }); continue; }
                if (!rest.StartsWith("error ", StringComparison.Ordinal)) throw new FormatException(fixture + ": bad expectation: " + line);
                rest = rest.Substring("error ".Length).Trim();
                int space = rest.IndexOf(' ');
                list.Add(new Expectation
                {
                    Id = space < 0 ? rest : rest.Substring(0, space),
                    Text = space < 0 ? "" : rest.Substring(space + 1).Trim(),
                });
            }
            return list;
        }
    }
}
