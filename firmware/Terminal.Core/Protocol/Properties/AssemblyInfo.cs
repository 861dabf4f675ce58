using System.Reflection;

[assembly: AssemblyTitle("Terminal.Core.Protocol")]
[assembly: AssemblyDescription("Terminal core: the WeChat Pay v2 protocol (flat XML, signing, requests, answers).")]
[assembly: AssemblyProduct("Terminal")]
[assembly: AssemblyCopyright("Copyright (c) Terminal contributors")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
