using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.App")]
[assembly: AssemblyDescription("Terminal core: the composition of the whole terminal on its ports.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
