using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Store")]
[assembly: AssemblyDescription("Terminal core: the store day: local time, sales history, X and Z reports.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
