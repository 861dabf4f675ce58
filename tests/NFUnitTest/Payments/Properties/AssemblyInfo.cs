using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest.Payments")]
[assembly: AssemblyDescription("Device tests of Terminal.Core.Payments.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyVersion("0.1.0.0")]
