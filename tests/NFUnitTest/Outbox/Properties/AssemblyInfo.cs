using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest.Outbox")]
[assembly: AssemblyDescription("Device tests of Terminal.Core.Outbox.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyVersion("0.1.0.0")]
