using System.Reflection;

[assembly: AssemblyTitle("Terminal.Tests.Support")]
[assembly: AssemblyDescription("Test doubles shared by the device test projects: in-memory flash, virtual clock, scripted connections.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyVersion("0.1.0.0")]
