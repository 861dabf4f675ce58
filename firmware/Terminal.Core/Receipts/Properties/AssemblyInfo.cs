using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Receipts")]
[assembly: AssemblyDescription("Terminal core: receipts: sale, refund and Z receipt content, the ESC/POS encoder, the printer port and its print thread.")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
