using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Technician")]
[assembly: AssemblyDescription("Terminal core: configuration, technician PIN and console.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
