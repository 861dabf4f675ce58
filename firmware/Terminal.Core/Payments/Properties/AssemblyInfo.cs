using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Payments")]
[assembly: AssemblyDescription("Terminal core: the payment engine and its journal.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
