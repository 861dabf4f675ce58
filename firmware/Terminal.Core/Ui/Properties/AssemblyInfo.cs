using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Ui")]
[assembly: AssemblyDescription("Terminal core: cashier UI state machine, screens, fonts, scanner framing.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
