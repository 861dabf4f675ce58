using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Outbox")]
[assembly: AssemblyDescription("Terminal core: the notification outbox, merchant protocol and risk control.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
