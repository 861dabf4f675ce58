using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Base")]
[assembly: AssemblyDescription("Terminal core, base layer: text, money, ports to clock/flash/randomness, storage helpers, crypto helpers.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
