// The gate project itself contains no device code: each device project (.nfproj) listed in
// NanoGateNfProjects is compiled by its own inner build of this project (see ../Gate.targets).
namespace NanoApiGate
{
    internal static class GateInfo
    {
        internal const string Readme = "tests/NanoApiGate/README.md";
    }
}
