using System.Reflection;

[assembly: AssemblyTitle("Terminal.Device")]
[assembly: AssemblyDescription("ESP32 application of the Terminal payment terminal (nanoFramework 1.x).")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
