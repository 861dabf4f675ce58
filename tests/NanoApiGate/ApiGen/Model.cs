using System;
using System.Collections.Generic;

namespace NanoApiGate.ApiGen
{
    internal enum TypeKind { Class, Struct, Enum, Interface, Delegate }

    internal enum MemberKind { Ctor, Method, Property, Indexer, Field, Const, Event }

    /// <summary>One listing file (= one upstream assembly).</summary>
    internal sealed class ListingFile
    {
        public required string FileName;         // e.g. "mscorlib.txt"
        public required string Stem;             // e.g. "mscorlib"
        public required string AssemblyName;     // from the "###" header; the stem when there is none
        public required string AssemblyVersion;  // from the "###" header; "" when there is none
        public readonly List<string> References = new List<string>();
        public readonly List<TypeModel> Types = new List<TypeModel>();
    }

    // The parser fills TypeModel, MemberModel and ParamModel field by field as it reads a line, and the
    // Resolver fills the "resolved" fields before the Emitter runs; the fields marked '= null!' are
    // therefore set before anything reads them (a missing one is a parser/resolver bug, not input).
    internal sealed class TypeModel
    {
        public ListingFile File = null!;
        public int LineNumber;
        public TypeKind Kind;
        public bool IsAbstract, IsStatic, IsSealed;
        public string ListedName = null!;        // as written, e.g. "System.Action`1<T>" or "System.IO.IOException+IOExceptionErrorCode"
        public string FullName = null!;          // metadata-like name without arity: "System.Action", "System.IO.IOException+IOExceptionErrorCode"
        public string Namespace = null!;         // "System.IO"
        public string Name = null!;      // simple name: "IOExceptionErrorCode"
        public string? OuterFullName;    // "System.IO.IOException" or null
        public TypeModel? Outer;
        public readonly List<TypeModel> Nested = new List<TypeModel>();
        public readonly List<string> GenericParams = new List<string>();
        public string? RawBase;          // as written after ':' (may be null)
        public readonly List<string> RawInterfaces = new List<string>();
        public readonly List<MemberModel> Members = new List<MemberModel>();
        public readonly List<string> EnumValues = new List<string>();

        // resolved
        public TypeModel? Base;          // resolved base class (null for System.Object, interfaces, enums, delegates)
        public readonly List<TypeModel> Interfaces = new List<TypeModel>();     // declared on this type (after inference)
        public bool NeedsPartial;

        public bool IsClassLike => Kind == TypeKind.Class || Kind == TypeKind.Struct;
        public int Arity => GenericParams.Count;

        /// <summary>C# reference to this type, e.g. global::System.IO.IOException.IOExceptionErrorCode</summary>
        public string CSharpName
        {
            get
            {
                string own = Name + (GenericParams.Count > 0 ? "<" + string.Join(", ", GenericParams) + ">" : "");
                if (Outer != null) return Outer.CSharpNameNoArgs + "." + own;
                return "global::" + (string.IsNullOrEmpty(Namespace) ? "" : Namespace + ".") + own;
            }
        }

        public string CSharpNameNoArgs
        {
            get
            {
                if (Outer != null) return Outer.CSharpNameNoArgs + "." + Name;
                return "global::" + (string.IsNullOrEmpty(Namespace) ? "" : Namespace + ".") + Name;
            }
        }

        public override string ToString() => FullName;
    }

    internal sealed class ParamModel
    {
        public string RawType = null!;
        public string Name = null!;
        public bool IsByRef;
        // resolved
        public string Type = null!;
        public bool IsOut;
        public bool IsParams;
        public string? DefaultValue;     // C# literal or null
    }

    internal sealed class MemberModel
    {
        public TypeModel Owner = null!;
        public int LineNumber;
        public string RawLine = null!;
        public MemberKind Kind;
        public bool IsStatic, IsVirtual, IsAbstract;
        public string RawType = null!;   // return / property / field type
        public string Name = null!;
        public readonly List<ParamModel> Params = new List<ParamModel>();   // method/ctor params; indexer params
        public bool HasGetter, HasSetter;

        // resolved
        public string Type = null!;
        public bool IsOverride;          // emit 'override'
        public bool IsNew;               // emit 'new'
        public bool MakeVirtual;         // property that a derived class overrides
        public bool MakeAbstract;        // property known to be abstract upstream
        public bool Skip;                // duplicate or not expressible
        public string? SkipReason;
        public string? ConstValue;

        public bool IsOperator => Kind == MemberKind.Method && IsStatic && Name.StartsWith("op_", StringComparison.Ordinal);

        /// <summary>Signature key used for duplicate detection and override matching (name + parameter types).</summary>
        public string SignatureKey
        {
            get
            {
                var parts = new List<string>();
                foreach (var p in Params) parts.Add((p.IsByRef ? "ref " : "") + p.Type);
                string key = Name + "(" + string.Join(",", parts) + ")";
                if (Name == "op_Implicit" || Name == "op_Explicit") key += ":" + Type;
                return key;
            }
        }

        public override string ToString() => Owner.FullName + "::" + RawLine;
    }
}
