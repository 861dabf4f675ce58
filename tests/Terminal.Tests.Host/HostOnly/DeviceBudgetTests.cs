using System;
using System.IO;
using Terminal.DeviceCheck;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Tests.HostOnly
{
    /// <summary>
    /// The byte-code budget on a fresh clone without the nanoFramework toolchain: each device
    /// project as the API gate compiled it (its own .nfproj sources, one assembly), its IL measured
    /// and turned into an estimate of the device byte code that never undershoots the real one
    /// (.ci/run proves that against MetadataProcessor when ../shared/nf is present).
    /// </summary>
    public class DeviceBudgetTests
    {
        private readonly ITestOutputHelper output;

        public DeviceBudgetTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static TheoryData<string> DeviceProjects => ProjectLayoutTests.DeviceProjects;

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Every_device_assembly_fits_the_byte_code_budget(string nfproj)
        {
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent.Name; // bin/<Configuration>/net10.0
            string gate = Budget.GateAssembly(RepoPaths.Root, nfproj, configuration);
            Assert.True(gate != null, "the API gate has not built " + nfproj + " (" + configuration + "): build Terminal.Host.slnf");
            Assert.True(File.GetLastWriteTimeUtc(gate) >= File.GetLastWriteTimeUtc(RepoPaths.Combine(nfproj)), "the gate's build of " + nfproj + " is older than the project");
            long il = Budget.IlBytes(gate);
            int estimate = Budget.EstimateByteCode(il);
            output.WriteLine(nfproj + ": IL " + il + " bytes, estimated byte code " + estimate + " of " + Budget.ByteCodeBudget);
            Assert.True(estimate <= Budget.ByteCodeBudget,
                nfproj + " is too big for the device: about " + estimate + " bytes of byte code (IL " + il + "), budget " + Budget.ByteCodeBudget +
                ". Split it (docs/architecture.md) or make it smaller.");
        }

        [Theory]
        [InlineData(0, 0)]
        [InlineData(1000, 1000)]
        [InlineData(49153, 49153)]
        public void The_estimate_rounds_up(long il, int expected)
        {
            Assert.Equal(expected, Budget.EstimateByteCode(il));
        }

        [Theory]
        [InlineData("size: Terminal.Core.Base: IL 8397 bytes in 55 methods; .pe 12260 bytes, byte code 7778 of the 65535 bytes a 1.x assembly may hold", "Terminal.Core.Base", 8397, 7778)]
        [InlineData("size: Terminal.Core: IL 102050 bytes in 1207 methods; no .pe: byte code 82494 bytes, over the 65535 bytes a 1.x assembly may hold", "Terminal.Core", 102050, 82494)]
        public void Reads_check_sh_size_lines(string line, string assembly, long il, int byteCode)
        {
            Budget.Size size = Budget.ParseSizeLine(line);
            Assert.NotNull(size);
            Assert.Equal(assembly, size.Assembly);
            Assert.Equal(il, size.Il);
            Assert.Equal(byteCode, size.ByteCode);
            Assert.Null(Budget.ParseSizeLine("size: Terminal.Core: not built (compile errors)"));
        }
    }
}
