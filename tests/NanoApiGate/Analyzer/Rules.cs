using Microsoft.CodeAnalysis;

namespace NanoApiGate.Analyzer
{
    /// <summary>The NFG diagnostics. Every one is a build error; README.md explains each.</summary>
    public static class Rules
    {
        const string Category = "nanoFramework";
        const string Why = "nanoFramework 1.x ";

        public static readonly DiagnosticDescriptor GenericTypeDeclaration = Make(
            "NFG001", "Generic type declared",
            "Generic type '{0}' is declared here: " + Why + "has no generics (the 1.x runtime cannot load an assembly that contains them). Write a non-generic type that works on object, a typed array, ArrayList or Hashtable.");

        public static readonly DiagnosticDescriptor GenericMethodDeclaration = Make(
            "NFG002", "Generic method declared",
            "Generic method '{0}' is declared here: " + Why + "has no generics. Write one overload per type, or take object/Array.");

        public static readonly DiagnosticDescriptor GenericTypeUse = Make(
            "NFG003", "Generic type used",
            "'{0}' is a generic type: " + Why + "has no generics at run time (not even Action<T>, Func<> or EventHandler<T>, although the listing declares them). Use ArrayList/Hashtable/Queue/Stack or typed arrays for collections and a non-generic delegate (Action, EventHandler, ThreadStart or your own delegate type) for callbacks.");

        public static readonly DiagnosticDescriptor GenericMethodUse = Make(
            "NFG004", "Generic method called",
            "'{0}' is a generic method: " + Why + "has no generics. Call or write a non-generic overload (object, Array, typed array).");

        public static readonly DiagnosticDescriptor Async = Make(
            "NFG005", "async/await used",
            "{0}: " + Why + "has no async/await (no Task, no async state machine). Use a Thread or Timer, or a blocking call with a timeout and a CancellationToken.");

        public static readonly DiagnosticDescriptor Decimal = Make(
            "NFG006", "decimal used",
            "'{0}' uses decimal: " + Why + "has no System.Decimal. Keep money as long minor units (e.g. fen) and format it with integer arithmetic.");

        public static readonly DiagnosticDescriptor NullableValueType = Make(
            "NFG007", "Nullable value type used",
            "'{0}' is a nullable value type: " + Why + "has no Nullable<T>. Use a separate bool flag (HasValue-style), a sentinel value, or a reference type.");

        public static readonly DiagnosticDescriptor Tuple = Make(
            "NFG008", "Tuple used",
            "Tuple '{0}': " + Why + "has no System.ValueTuple. Return a small class or struct, or use out parameters.");

        public static readonly DiagnosticDescriptor Record = Make(
            "NFG009", "Record declared",
            "Record '{0}': " + Why + "cannot run records (they need generic IEquatable<T> and compiler-generated members the 1.x libraries lack). Write a class or struct with explicit properties, Equals and GetHashCode.");

        public static readonly DiagnosticDescriptor Dynamic = Make(
            "NFG010", "dynamic used",
            "'{0}' uses dynamic: " + Why + "has no dynamic binder. Use object, casts and 'is' checks.");

        public static readonly DiagnosticDescriptor NotInApi = Make(
            "NFG011", "Not part of the nanoFramework 1.x API",
            "'{0}' is not part of the nanoFramework 1.x API (see tests/NanoApiGate/README.md){1}");

        public static readonly DiagnosticDescriptor Linq = Make(
            "NFG012", "LINQ used",
            "LINQ query '{0}': " + Why + "has no System.Linq. Write a for/foreach loop over the array or ArrayList.");

        public static readonly DiagnosticDescriptor EnumText = Make(
            "NFG013", "Enum turned into text",
            "{0}: " + Why + "keeps no enum names: an enum value's ToString() (also through string concatenation or interpolation) gives its number, not its name. Map the value to text with a switch or a name table.");

        static DiagnosticDescriptor Make(string id, string title, string message)
            => new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                description: "The nanoFramework API gate checks device code against the nanoFramework 1.x API. See tests/NanoApiGate/README.md.");
    }
}
