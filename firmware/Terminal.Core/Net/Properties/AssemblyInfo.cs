using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Net")]
[assembly: AssemblyDescription("Terminal core: HTTP/1.1 over the connection port.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
