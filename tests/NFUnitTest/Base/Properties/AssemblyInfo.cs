using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest.Base")]
[assembly: AssemblyDescription("Device tests of Terminal.Core.Base and Terminal.Core.Net: run on nanoCLR, real hardware and (linked) under dotnet test.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyVersion("0.1.0.0")]
