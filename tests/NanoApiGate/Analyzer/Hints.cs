using System;
using System.Collections.Generic;

namespace NanoApiGate.Analyzer
{
    /// <summary>What to use instead, for names that people commonly reach for.</summary>
    internal static class Hints
    {
        const string Collections = ". nanoFramework 1.x has no generic collections: use ArrayList, Hashtable, Queue or Stack (System.Collections) or a typed array";
        const string Linq = ". nanoFramework 1.x has no LINQ: write a for/foreach loop";
        const string Tasks = ". nanoFramework 1.x has no Task/async/ThreadPool: use Thread, Timer, AutoResetEvent/ManualResetEvent and CancellationToken (System.Threading)";
        const string Spans = ". nanoFramework 1.x has no Span<T>/Memory<T>: use byte[] with offset/count, or SpanByte";
        const string Money = ". nanoFramework 1.x has no decimal: keep money as long minor units";
        const string Hashes = ". nanoFramework 1.x has no MD5/SHA-1/SHA-256 class: HMACSHA256/HMACSHA512 exist; a plain hash must be written in managed code";

        static readonly Dictionary<string, string> BySimpleName = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Generic"] = Collections, ["List"] = Collections, ["Dictionary"] = Collections, ["HashSet"] = Collections,
            ["IEnumerable"] = Collections, ["IList"] = Collections, ["ICollection"] = Collections, ["IDictionary"] = Collections,
            ["IReadOnlyList"] = Collections, ["IReadOnlyCollection"] = Collections, ["IReadOnlyDictionary"] = Collections,
            ["KeyValuePair"] = Collections, ["SortedList"] = Collections, ["SortedDictionary"] = Collections, ["LinkedList"] = Collections,
            ["ConcurrentDictionary"] = Collections, ["ConcurrentQueue"] = Collections, ["Concurrent"] = Collections,
            ["Linq"] = Linq, ["Enumerable"] = Linq, ["Where"] = Linq, ["Select"] = Linq, ["SelectMany"] = Linq, ["Any"] = Linq,
            ["All"] = Linq, ["First"] = Linq, ["FirstOrDefault"] = Linq, ["Last"] = Linq, ["LastOrDefault"] = Linq,
            ["Single"] = Linq, ["SingleOrDefault"] = Linq, ["OrderBy"] = Linq, ["OrderByDescending"] = Linq, ["ToList"] = Linq,
            ["ToArray"] = Linq, ["ToDictionary"] = Linq, ["Sum"] = Linq, ["Max"] = Linq, ["Min"] = Linq, ["Skip"] = Linq,
            ["Take"] = Linq, ["Distinct"] = Linq, ["Aggregate"] = Linq, ["Cast"] = Linq, ["OfType"] = Linq,
            ["Tasks"] = Tasks, ["Task"] = Tasks, ["ValueTask"] = Tasks, ["Parallel"] = Tasks, ["ThreadPool"] = Tasks,
            ["TaskCompletionSource"] = Tasks, ["Delay"] = Tasks, ["ConfigureAwait"] = Tasks, ["SemaphoreSlim"] = Tasks,
            ["Span"] = Spans, ["ReadOnlySpan"] = Spans, ["Memory"] = Spans, ["ReadOnlyMemory"] = Spans, ["AsSpan"] = Spans,
            ["Decimal"] = Money, ["System.Decimal"] = Money,
            ["SHA256"] = Hashes, ["SHA1"] = Hashes, ["MD5"] = Hashes, ["SHA512"] = Hashes, ["IncrementalHash"] = Hashes,
            ["Now"] = ". Use DateTime.UtcNow (the device clock is UTC)",
            ["ASCII"] = ". Only Encoding.UTF8 exists on the device",
            ["Stopwatch"] = ". Use Environment.TickCount64 or DateTime.UtcNow.Ticks",
            ["Join"] = ". Concatenate in a loop (StringBuilder exists in System.Text)",
            ["ValueTuple"] = ". Return a small class or struct, or use out parameters",
            ["System.ValueTuple`2"] = ". Return a small class or struct, or use out parameters",
            ["System.Nullable`1"] = ". Use a bool flag or a sentinel value instead of a nullable value type",
        };

        public static string For(string display)
        {
            if (string.IsNullOrEmpty(display)) return ".";
            if (BySimpleName.TryGetValue(display, out string direct)) return direct;
            if (display.StartsWith("System.ValueTuple", StringComparison.Ordinal)) return BySimpleName["ValueTuple"];
            if (display.StartsWith("System.Runtime.CompilerServices.IAsyncStateMachine", StringComparison.Ordinal)
                || display.StartsWith("System.Runtime.CompilerServices.AsyncVoidMethodBuilder", StringComparison.Ordinal)
                || display.StartsWith("System.Runtime.CompilerServices.AsyncTaskMethodBuilder", StringComparison.Ordinal))
                return Tasks;
            // last simple name, without type arguments: "System.Collections.Generic.List<int>" -> "List"
            string s = display;
            int lt = s.IndexOf('<');
            if (lt >= 0) s = s.Substring(0, lt);
            int tick = s.IndexOf('`');
            if (tick >= 0) s = s.Substring(0, tick);
            int dot = s.LastIndexOf('.');
            string simple = dot >= 0 ? s.Substring(dot + 1) : s;
            if (BySimpleName.TryGetValue(simple, out string hint)) return hint;
            if (s.IndexOf(".Generic", StringComparison.Ordinal) >= 0) return Collections;
            if (s.IndexOf(".Linq", StringComparison.Ordinal) >= 0) return Linq;
            if (s.IndexOf(".Tasks", StringComparison.Ordinal) >= 0) return Tasks;
            return ". What exists is declared in tests/NanoApiGate/Reference/Generated; otherwise write it in managed code";
        }
    }
}
