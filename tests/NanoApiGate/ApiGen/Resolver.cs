using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoApiGate.ApiGen
{
    /// <summary>Resolves the simple type names of the listings to fully qualified C# names and computes modifiers.</summary>
    internal sealed class Resolver
    {
        static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "bool", "byte", "sbyte", "char", "short", "ushort", "int", "uint", "long", "ulong",
            "float", "double", "decimal", "string", "object", "void", "nint", "nuint",
        };

        readonly List<ListingFile> files;
        readonly List<TypeModel> all = new List<TypeModel>();
        readonly Dictionary<string, TypeModel> byFullName = new Dictionary<string, TypeModel>(StringComparer.Ordinal);
        readonly Dictionary<string, List<TypeModel>> bySimpleName = new Dictionary<string, List<TypeModel>>(StringComparer.Ordinal);
        readonly Dictionary<string, ListingFile> fileByAssembly = new Dictionary<string, ListingFile>(StringComparer.Ordinal);
        public readonly List<string> Notes = new List<string>();

        public Resolver(List<ListingFile> files)
        {
            this.files = files;
            foreach (var f in files)
            {
                fileByAssembly[f.AssemblyName] = f;
                foreach (var t in f.Types)
                {
                    if (Knowledge.KindFixes.TryGetValue(t.FullName, out var k)) t.Kind = k;
                    if (Knowledge.BaseFixes.TryGetValue(t.FullName, out var b)) t.RawBase = b;
                    if (Knowledge.AbstractTypes.Contains(t.FullName)) t.IsAbstract = true;
                    string key = t.FullName + (t.Arity > 0 ? "`" + t.Arity : "");
                    if (byFullName.ContainsKey(key))
                        throw new InvalidOperationException($"{f.FileName}:{t.LineNumber}: type {key} is listed twice");
                    byFullName[key] = t;
                    all.Add(t);
                    if (!bySimpleName.TryGetValue(t.Name, out var list)) bySimpleName[t.Name] = list = new List<TypeModel>();
                    list.Add(t);
                }
            }
        }

        public void Run()
        {
            // nesting
            foreach (var t in all)
            {
                if (t.OuterFullName == null) continue;
                if (!byFullName.TryGetValue(t.OuterFullName, out var outer))
                    throw new InvalidOperationException($"{t.File.FileName}:{t.LineNumber}: outer type {t.OuterFullName} of {t.FullName} is not listed");
                t.Outer = outer;
                outer.Nested.Add(t);
                if (outer.File != t.File) { outer.NeedsPartial = true; t.NeedsPartial = true; }
            }

            // base types and listed interfaces
            foreach (var t in all)
            {
                if (t.Kind == TypeKind.Class && t.FullName != "System.Object")
                {
                    if (t.RawBase != null)
                    {
                        var b = ResolveTypeModel(t.RawBase, t);
                        if (b.Kind == TypeKind.Interface) { t.Interfaces.Add(b); }
                        else if (b.FullName != "System.Object") t.Base = b;
                    }
                }
                foreach (var raw in t.RawInterfaces)
                {
                    var i = ResolveTypeModel(raw, t);
                    if (!t.Interfaces.Contains(i)) t.Interfaces.Add(i);
                }
                if (t.Kind == TypeKind.Interface && Knowledge.InterfaceBases.TryGetValue(t.FullName, out var bases))
                    foreach (var bn in bases) AddInterface(t, bn);
                if (Knowledge.ExtraInterfaces.TryGetValue(t.FullName, out var extra))
                    foreach (var en in extra) AddInterface(t, en);
            }
            // value types derive from System.ValueType (only used for override detection)
            valueType = byFullName.TryGetValue("System.ValueType", out var vt) ? vt : null;
            objectType = byFullName.TryGetValue("System.Object", out var ot) ? ot : null;

            // member types
            foreach (var t in all)
            {
                if (t.IsStatic)
                    foreach (var m in t.Members) m.IsStatic = true;   // events of static classes are listed without 'static'
                foreach (var m in t.Members)
                {
                    if (m.Kind != MemberKind.Ctor) m.Type = ResolveTypeName(m.RawType, t);
                    foreach (var p in m.Params)
                    {
                        p.Type = ResolveTypeName(p.RawType, t);
                    }
                    foreach (var p in m.Params)
                    {
                        p.IsOut = Knowledge.IsOutParameter(m, p);
                        p.IsParams = !p.IsByRef && p.Type.EndsWith("[]", StringComparison.Ordinal) && m.Params.IndexOf(p) == m.Params.Count - 1
                            && Knowledge.ParamsParameters.Contains(t.FullName + "::" + m.Name + "::" + p.Name);
                        p.DefaultValue = Knowledge.DefaultValue(m, p);
                    }
                    if (m.Kind == MemberKind.Const)
                    {
                        m.ConstValue = Knowledge.ConstValue(m);
                        if (m.ConstValue == null)
                        {
                            m.ConstValue = "default";
                            Notes.Add($"no value known for const {t.FullName}.{m.Name}: using default");
                        }
                    }
                }
            }

            RemoveDuplicates();
            InferInterfaces();
            ComputeOverrides();
        }

        TypeModel? valueType, objectType;   // null when the listings lack System.ValueType / System.Object

        void AddInterface(TypeModel t, string fullName)
        {
            if (!byFullName.TryGetValue(fullName, out var i))
                throw new InvalidOperationException($"curated interface {fullName} of {t.FullName} is not listed");
            if (!t.Interfaces.Contains(i)) t.Interfaces.Add(i);
        }

        // ---------------------------------------------------------------- type names

        public TypeModel ResolveTypeModel(string raw, TypeModel context)
        {
            string s = raw.Trim();
            int tick = s.IndexOf('`');
            int lt = s.IndexOf('<');
            int arity = 0;
            if (lt >= 0)
            {
                arity = Parser.SplitTopLevel(s.Substring(lt + 1, s.Length - lt - 2)).Count;
                s = s.Substring(0, lt);
            }
            if (tick >= 0) s = s.Substring(0, s.IndexOf('`'));
            string suffix = arity > 0 ? "`" + arity : "";

            // qualified / nested names
            if (s.IndexOf('.') >= 0 || s.IndexOf('+') >= 0)
            {
                if (byFullName.TryGetValue(s + suffix, out var exact)) return exact;
            }
            string simple = s;
            int cut = Math.Max(s.LastIndexOf('.'), s.LastIndexOf('+'));
            if (cut >= 0) simple = s.Substring(cut + 1);

            bool Fits(TypeModel c) => c.Name == simple && c.Arity == arity;

            // 1. nested types of the context, its outer types and their base classes
            for (var scope = context; scope != null; scope = scope.Outer)
            {
                for (var b = scope; b != null; b = b.Base)
                {
                    var hit = b.Nested.FirstOrDefault(Fits);
                    if (hit != null) return hit;
                }
            }
            // 2. namespaces enclosing the context, innermost first
            string ns = context.Namespace;
            while (true)
            {
                var hit = all.FirstOrDefault(c => c.Outer == null && c.Namespace == ns && Fits(c));
                if (hit != null) return hit;
                if (string.IsNullOrEmpty(ns)) break;
                int dot = ns.LastIndexOf('.');
                ns = dot >= 0 ? ns.Substring(0, dot) : "";
            }
            // 3./4. anywhere: top-level types first, then nested types
            if (bySimpleName.TryGetValue(simple, out var candidates))
            {
                foreach (bool topLevel in new[] { true, false })
                {
                    var list = candidates.Where(c => (c.Outer == null) == topLevel && c.Arity == arity).ToList();
                    if (list.Count == 1) return list[0];
                    if (list.Count > 1)
                    {
                        var sameFile = list.Where(c => c.File == context.File).ToList();
                        if (sameFile.Count == 1) return sameFile[0];
                        var referenced = list.Where(c => context.File.References.Contains(c.File.AssemblyName)).ToList();
                        if (referenced.Count == 1) return referenced[0];
                        throw new InvalidOperationException($"{context.File.FileName}:{context.LineNumber}: '{raw}' is ambiguous in {context.FullName}: "
                            + string.Join(", ", list.Select(c => c.FullName)));
                    }
                }
            }
            throw new InvalidOperationException($"{context.File.FileName}:{context.LineNumber}: type '{raw}' used by {context.FullName} is not listed anywhere");
        }

        public string ResolveTypeName(string raw, TypeModel context)
        {
            string s = raw.Trim();
            string suffix = "";
            while (s.EndsWith("]", StringComparison.Ordinal))
            {
                int open = s.LastIndexOf('[');
                suffix = s.Substring(open) + suffix;
                s = s.Substring(0, open);
            }
            if (s.EndsWith("*", StringComparison.Ordinal))
                throw new InvalidOperationException($"pointer type '{raw}' in {context.FullName} is not supported");
            if (s.StartsWith("!!", StringComparison.Ordinal))
                throw new InvalidOperationException($"generic method parameter '{raw}' in {context.FullName} is not supported");
            if (s.StartsWith("!", StringComparison.Ordinal))
            {
                int index = int.Parse(s.Substring(1), System.Globalization.CultureInfo.InvariantCulture);
                var generic = context;
                while (generic != null && generic.Arity == 0) generic = generic.Outer;
                if (generic == null || index >= generic.Arity)
                    throw new InvalidOperationException($"'{raw}' used outside a generic type ({context.FullName})");
                return generic.GenericParams[index] + suffix;
            }
            if (Keywords.Contains(s)) return s + suffix;
            if (context.GenericParams.Contains(s)) return s + suffix;

            var t = ResolveTypeModel(s, context);
            int lt = s.IndexOf('<');
            if (lt >= 0)
            {
                var args = Parser.SplitTopLevel(s.Substring(lt + 1, s.Length - lt - 2)).Select(a => ResolveTypeName(a, context));
                return t.CSharpNameNoArgs + "<" + string.Join(", ", args) + ">" + suffix;
            }
            return t.CSharpNameNoArgs + suffix;
        }

        // ---------------------------------------------------------------- duplicates

        void RemoveDuplicates()
        {
            foreach (var t in all)
            {
                var seen = new Dictionary<string, MemberModel>(StringComparer.Ordinal);
                foreach (var m in t.Members)
                {
                    if (m.Kind == MemberKind.Ctor && t.Kind == TypeKind.Struct && m.Params.Count == 0)
                    {
                        Skip(m, "parameterless struct constructor (implicit in C#)");
                        continue;
                    }
                    if (m.Kind == MemberKind.Ctor && t.IsStatic) { Skip(m, "constructor of a static class"); continue; }
                    if (t.Kind == TypeKind.Delegate) continue;
                    string key;
                    switch (m.Kind)
                    {
                        case MemberKind.Method: case MemberKind.Ctor: key = "m:" + m.SignatureKey; break;
                        case MemberKind.Indexer: key = "i:" + string.Join(",", m.Params.Select(p => p.Type)); break;
                        default: key = "n:" + m.Name; break;
                    }
                    if (m.Kind == MemberKind.Method && !m.IsOperator)
                    {
                        // a method may not share its name with a field/property/event
                        if (seen.ContainsKey("n:" + m.Name)) { Skip(m, "name already used by a field/property/event"); continue; }
                    }
                    if (seen.ContainsKey(key)) { Skip(m, "duplicate of line " + seen[key].LineNumber); continue; }
                    if (m.Kind == MemberKind.Method && m.IsOperator == false) seen["n-method:" + m.Name] = m;
                    if ((m.Kind == MemberKind.Field || m.Kind == MemberKind.Const || m.Kind == MemberKind.Property || m.Kind == MemberKind.Event)
                        && seen.ContainsKey("n-method:" + m.Name)) { Skip(m, "name already used by a method"); continue; }
                    if (m.Name == t.Name && m.Kind != MemberKind.Ctor) { Skip(m, "member named like its type (not expressible in C#)"); continue; }
                    seen[key] = m;
                }
            }
        }

        void Skip(MemberModel m, string why)
        {
            m.Skip = true;
            m.SkipReason = why;
            Notes.Add($"{m.Owner.File.FileName}:{m.LineNumber}: skipped '{m.RawLine}' in {m.Owner.FullName}: {why}");
        }

        // ---------------------------------------------------------------- interfaces

        public IEnumerable<TypeModel> AllInterfaces(TypeModel iface)
        {
            var result = new List<TypeModel>();
            var stack = new Stack<TypeModel>();
            stack.Push(iface);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                if (result.Contains(i)) continue;
                result.Add(i);
                foreach (var b in i.Interfaces) stack.Push(b);
            }
            return result;
        }

        public IEnumerable<MemberModel> InterfaceMembers(TypeModel iface)
            => AllInterfaces(iface).SelectMany(i => i.Members).Where(m => !m.Skip && !m.IsStatic);

        /// <summary>Finds a public instance member of t (or its base classes) that implicitly implements im.</summary>
        public MemberModel? FindImplementation(TypeModel t, MemberModel im)
        {
            for (var c = t; c != null; c = c.Base)
            {
                foreach (var m in c.Members)
                {
                    if (m.Skip || m.IsStatic || m.Kind != im.Kind) continue;
                    switch (im.Kind)
                    {
                        case MemberKind.Method:
                            if (m.SignatureKey == im.SignatureKey && m.Type == im.Type && SameRefKinds(m, im)) return m;
                            break;
                        case MemberKind.Property:
                        case MemberKind.Event:
                            if (m.Name == im.Name && m.Type == im.Type && (!im.HasGetter || m.HasGetter) && (!im.HasSetter || m.HasSetter)) return m;
                            break;
                        case MemberKind.Indexer:
                            if (m.Type == im.Type && string.Join(",", m.Params.Select(p => p.Type)) == string.Join(",", im.Params.Select(p => p.Type))
                                && (!im.HasGetter || m.HasGetter) && (!im.HasSetter || m.HasSetter)) return m;
                            break;
                    }
                }
            }
            return null;
        }

        static bool SameRefKinds(MemberModel a, MemberModel b)
        {
            for (int i = 0; i < a.Params.Count; i++)
                if (a.Params[i].IsByRef != b.Params[i].IsByRef || a.Params[i].IsOut != b.Params[i].IsOut) return false;
            return true;
        }

        bool BaseImplements(TypeModel t, TypeModel iface)
        {
            for (var b = t.Base; b != null; b = b.Base)
                foreach (var i in b.Interfaces)
                    if (AllInterfaces(i).Contains(iface)) return true;
            return false;
        }

        void InferInterfaces()
        {
            var interfaces = all.Where(i => i.Kind == TypeKind.Interface && i.Arity == 0).ToList();
            // classes in inheritance order so that a base class gets the interface first
            var ordered = all.Where(t => t.IsClassLike && !t.IsStatic).OrderBy(Depth).ThenBy(t => all.IndexOf(t)).ToList();
            foreach (var t in ordered)
            {
                foreach (var iface in interfaces)
                {
                    var members = InterfaceMembers(iface).ToList();
                    if (members.Count == 0) continue;
                    if (t.Interfaces.Any(i => AllInterfaces(i).Contains(iface)) || BaseImplements(t, iface)) continue;
                    if (members.All(im => FindImplementation(t, im) != null))
                        t.Interfaces.Add(iface);
                }
                // keep only the most derived interfaces (IList implies ICollection and IEnumerable)
                var redundant = t.Interfaces.Where(i => t.Interfaces.Any(o => o != i && AllInterfaces(o).Contains(i))).ToList();
                foreach (var r in redundant) t.Interfaces.Remove(r);
                t.Interfaces.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
            }
        }

        int Depth(TypeModel t)
        {
            int d = 0;
            for (var b = t.Base; b != null; b = b.Base) d++;
            return d;
        }

        /// <summary>Interface members t must implement explicitly (declared on t, not covered by public members).</summary>
        public List<Tuple<TypeModel, MemberModel>> ExplicitImplementations(TypeModel t)
        {
            var result = new List<Tuple<TypeModel, MemberModel>>();
            foreach (var declared in t.Interfaces)
                foreach (var iface in AllInterfaces(declared))
                {
                    if (BaseImplements(t, iface)) continue;
                    foreach (var im in iface.Members)
                    {
                        if (im.Skip || im.IsStatic) continue;
                        if (FindImplementation(t, im) != null) continue;
                        if (result.Any(r => r.Item1 == iface && r.Item2 == im)) continue;
                        result.Add(Tuple.Create(iface, im));
                    }
                }
            return result;
        }

        // ---------------------------------------------------------------- virtual / override / new

        TypeModel? EffectiveBase(TypeModel t)
        {
            if (t.Kind == TypeKind.Struct) return valueType;
            if (t.Kind == TypeKind.Class && t.FullName != "System.Object") return t.Base ?? objectType;
            return null;
        }

        /// <summary>Whether m is emitted virtual/abstract/override (i.e. can be overridden).</summary>
        public bool IsOverridable(MemberModel m)
        {
            if (m.Skip || m.IsStatic || m.Owner.Kind != TypeKind.Class) return false;
            return m.IsVirtual || m.IsAbstract || m.IsOverride || m.MakeVirtual || m.MakeAbstract;
        }

        void ComputeOverrides()
        {
            // properties known to be abstract
            foreach (var t in all)
                foreach (var m in t.Members)
                    if ((m.Kind == MemberKind.Property) && Knowledge.AbstractProperties.Contains(t.FullName + "::" + m.Name))
                        m.MakeAbstract = true;

            // process base classes before derived ones
            var ordered = all.Where(t => t.IsClassLike).OrderBy(Depth).ThenBy(t => all.IndexOf(t)).ToList();
            foreach (var t in ordered)
            {
                var b = EffectiveBase(t);
                if (b == null) continue;
                foreach (var m in t.Members)
                {
                    if (m.Skip || m.IsStatic) continue;
                    if (m.Kind == MemberKind.Method)
                    {
                        var bm = FindInBases(b, x => x.Kind == MemberKind.Method && !x.IsStatic && x.SignatureKey == m.SignatureKey);
                        if (bm == null) continue;
                        if (t.Kind == TypeKind.Struct)
                        {
                            if (IsOverridable(bm) && bm.Type == m.Type) m.IsOverride = true;
                            continue;
                        }
                        if (IsOverridable(bm) && bm.Type == m.Type && SameRefKinds(bm, m) && (m.IsVirtual || m.IsAbstract))
                            m.IsOverride = true;
                        else
                            m.IsNew = true;
                    }
                    else if (m.Kind == MemberKind.Property || m.Kind == MemberKind.Indexer)
                    {
                        if (t.Kind == TypeKind.Struct) continue;
                        string idx = string.Join(",", m.Params.Select(p => p.Type));
                        var bm = FindInBases(b, x => x.Kind == m.Kind && !x.IsStatic
                            && (m.Kind == MemberKind.Indexer ? string.Join(",", x.Params.Select(p => p.Type)) == idx : x.Name == m.Name));
                        if (bm == null)
                        {
                            // a property may also hide a field/method of the same name
                            if (m.Kind == MemberKind.Property && FindInBases(b, x => x.Name == m.Name && !x.IsStatic) != null) m.IsNew = true;
                            continue;
                        }
                        var root = bm;
                        if (bm.Type == m.Type && (!m.HasGetter || bm.HasGetter || HasAccessorInChain(bm, true)) && (!m.HasSetter || bm.HasSetter || HasAccessorInChain(bm, false)))
                        {
                            m.IsOverride = true;
                            if (!IsOverridable(bm)) MarkVirtual(bm);
                        }
                        else
                        {
                            m.IsNew = true;
                        }
                    }
                    else if (m.Kind == MemberKind.Field || m.Kind == MemberKind.Event)
                    {
                        if (FindInBases(b, x => x.Name == m.Name && !x.IsStatic && x.Kind != MemberKind.Ctor) != null) m.IsNew = true;
                    }
                }
            }
        }

        bool HasAccessorInChain(MemberModel m, bool getter)
        {
            // an override can only override accessors that the overridden chain declares
            return getter ? m.HasGetter : m.HasSetter;
        }

        void MarkVirtual(MemberModel bm)
        {
            bm.MakeVirtual = true;
            if (bm.IsNew) return;
        }

        MemberModel? FindInBases(TypeModel? start, Func<MemberModel, bool> predicate)
        {
            for (var c = start; c != null; c = EffectiveBaseOrNull(c))
            {
                var hit = c.Members.FirstOrDefault(x => !x.Skip && predicate(x));
                if (hit != null) return hit;
            }
            return null;
        }

        TypeModel? EffectiveBaseOrNull(TypeModel t)
        {
            if (t.FullName == "System.Object") return null;
            if (t.Kind == TypeKind.Struct) return valueType;
            return t.Base ?? (t.Kind == TypeKind.Class ? objectType : null);
        }

        /// <summary>Abstract members of base classes that a non-abstract class does not override.</summary>
        public List<MemberModel> MissingAbstractOverrides(TypeModel t)
        {
            var result = new List<MemberModel>();
            if (t.Kind != TypeKind.Class || t.IsAbstract) return result;
            var chain = new List<TypeModel>();
            for (var c = t; c != null; c = c.Base) chain.Add(c);
            for (int i = chain.Count - 1; i >= 1; i--)
            {
                foreach (var am in chain[i].Members)
                {
                    if (am.Skip || am.IsStatic) continue;
                    if (!(am.IsAbstract || am.MakeAbstract)) continue;
                    bool overridden = false;
                    for (int j = i - 1; j >= 0 && !overridden; j--)
                        overridden = chain[j].Members.Any(x => !x.Skip && x.IsOverride && x.Kind == am.Kind
                            && (am.Kind == MemberKind.Method ? x.SignatureKey == am.SignatureKey : x.Name == am.Name));
                    if (!overridden && !result.Contains(am)) result.Add(am);
                }
            }
            return result;
        }
    }
}
