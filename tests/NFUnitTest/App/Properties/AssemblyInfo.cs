using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest.App")]
[assembly: AssemblyDescription("Device tests of Terminal.Core.Ui, Technician and App.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyVersion("0.1.0.0")]
