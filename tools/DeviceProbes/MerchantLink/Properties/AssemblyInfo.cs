using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest.MerchantLinkProbe")]
[assembly: AssemblyDescription("Interpreter probes: the core's JSON and HTTP/1.1 path against nanoFramework.Json and System.Net.Http (docs/architecture.md).")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyVersion("0.1.0.0")]
