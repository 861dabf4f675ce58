using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace NanoApiGate.ApiGen
{
    /// <summary>
    /// dotnet run --project tests/NanoApiGate/ApiGen -- &lt;listingsDir&gt; &lt;outDir&gt;
    /// Reads every *.txt listing in listingsDir and writes one declarations-only .cs file per listing
    /// to outDir (stale *.cs files there are removed). Output is deterministic.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: ApiGen <listingsDir> <outDir>");
                return 2;
            }
            try
            {
                Generate(args[0], args[1], Console.Out);
                return 0;
            }
            catch (Exception e) when (e is FormatException || e is InvalidOperationException || e is IOException)
            {
                Console.Error.WriteLine("ApiGen: error: " + e.Message);
                return 1;
            }
        }

        public static void Generate(string listingsDir, string outDir, TextWriter log)
        {
            if (!Directory.Exists(listingsDir)) throw new IOException("listings folder not found: " + listingsDir);
            var paths = Directory.GetFiles(listingsDir, "*.txt").OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal).ToList();
            if (paths.Count == 0) throw new IOException("no *.txt listings in " + listingsDir);

            var files = paths.Select(Parser.Parse).ToList();
            var resolver = new Resolver(files);
            resolver.Run();

            Directory.CreateDirectory(outDir);
            var written = new HashSet<string>(StringComparer.Ordinal);
            var utf8 = new UTF8Encoding(false);
            foreach (var f in files)
            {
                string name = f.Stem + ".cs";
                File.WriteAllText(Path.Combine(outDir, name), new Emitter(resolver, f).Emit(), utf8);
                written.Add(name);
            }
            foreach (var stale in Directory.GetFiles(outDir, "*.cs"))
                if (!written.Contains(Path.GetFileName(stale))) File.Delete(stale);

            foreach (var note in resolver.Notes) log.WriteLine("note: " + note);
            log.WriteLine($"ApiGen: {files.Count} listings, {files.Sum(f => f.Types.Count)} types -> {outDir}");
        }
    }
}
