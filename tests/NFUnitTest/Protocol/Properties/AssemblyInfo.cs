using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest.Protocol")]
[assembly: AssemblyDescription("Device tests of Terminal.Core.Protocol.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyVersion("0.1.0.0")]
