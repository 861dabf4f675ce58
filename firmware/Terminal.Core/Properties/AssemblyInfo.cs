using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("Terminal.Core")]
[assembly: AssemblyDescription("Portable payment-terminal logic: runs on nanoFramework 1.x, the PC simulator and under test.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
