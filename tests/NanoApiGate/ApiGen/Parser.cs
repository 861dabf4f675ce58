using System;
using System.Collections.Generic;
using System.IO;

namespace NanoApiGate.ApiGen
{
    /// <summary>
    /// Reads one upstream listing. Format (one declaration per line):
    /// <code>
    /// ### mscorlib 1.17.11.0  (mscorlib.dll)
    ///   ref: mscorlib 1.17.11.0
    /// [abstract |static |sealed ]class|struct|enum|interface|delegate Namespace.Name[`n&lt;T,..&gt;][+Nested] [: Base[, IFace..]]
    ///     [const ][static ][virtual |abstract ][[native] ]Type Name(Type name, ref Type name)
    ///     [static ]Type Name { get; set; }          (property)
    ///     Type Item[int] { get; }                    (indexer)
    ///     event Type Name                            (event)
    ///     [const ][static ]Type Name                 (field)
    ///     .ctor(...)
    ///     A, B, C                                    (enum values)
    /// </code>
    /// </summary>
    internal static class Parser
    {
        public static ListingFile Parse(string path)
        {
            var file = new ListingFile
            {
                FileName = Path.GetFileName(path),
                Stem = Path.GetFileNameWithoutExtension(path),
                AssemblyName = Path.GetFileNameWithoutExtension(path),
                AssemblyVersion = "",
            };
            string[] lines = File.ReadAllLines(path);
            TypeModel? current = null;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd();
                int lineNo = i + 1;
                if (line.Length == 0) continue;
                try
                {
                    if (line.StartsWith("###", StringComparison.Ordinal))
                    {
                        // ### mscorlib 1.17.11.0  (mscorlib.dll)
                        string[] parts = line.Substring(3).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        file.AssemblyName = parts.Length > 0 ? parts[0] : file.Stem;
                        file.AssemblyVersion = parts.Length > 1 ? parts[1] : "";
                        continue;
                    }
                    if (line.StartsWith("  ref:", StringComparison.Ordinal))
                    {
                        string[] parts = line.Substring(6).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (parts.Length > 0) file.References.Add(parts[0]);
                        continue;
                    }
                    if (line.StartsWith("    ", StringComparison.Ordinal))
                    {
                        if (current == null) throw new FormatException("member line before any type line");
                        ParseMember(current, line.Trim(), lineNo);
                        continue;
                    }
                    if (char.IsWhiteSpace(line[0])) throw new FormatException("unexpected indentation");
                    current = ParseTypeLine(line, lineNo);
                    current.File = file;
                    file.Types.Add(current);
                }
                catch (FormatException e)
                {
                    throw new FormatException(file.FileName + ":" + lineNo + ": " + e.Message + "\n    " + line, e);
                }
            }
            return file;
        }

        static TypeModel ParseTypeLine(string line, int lineNo)
        {
            var t = new TypeModel { LineNumber = lineNo };
            string rest = line;
            while (true)
            {
                if (Eat(ref rest, "abstract ")) { t.IsAbstract = true; continue; }
                if (Eat(ref rest, "static ")) { t.IsStatic = true; continue; }
                if (Eat(ref rest, "sealed ")) { t.IsSealed = true; continue; }
                if (Eat(ref rest, "public ")) continue;
                break;
            }
            if (Eat(ref rest, "class ")) t.Kind = TypeKind.Class;
            else if (Eat(ref rest, "struct ")) t.Kind = TypeKind.Struct;
            else if (Eat(ref rest, "enum ")) t.Kind = TypeKind.Enum;
            else if (Eat(ref rest, "interface ")) t.Kind = TypeKind.Interface;
            else if (Eat(ref rest, "delegate ")) t.Kind = TypeKind.Delegate;
            else throw new FormatException("unknown type kind");

            string name = rest.Trim();
            int colon = IndexOfTopLevel(name, " : ");
            if (colon >= 0)
            {
                string bases = name.Substring(colon + 3).Trim();
                name = name.Substring(0, colon).Trim();
                var list = SplitTopLevel(bases);
                for (int i = 0; i < list.Count; i++)
                {
                    // The first entry of a class is its base class unless it names an interface; decided at resolve time.
                    if (i == 0 && t.Kind == TypeKind.Class) t.RawBase = list[i];
                    else t.RawInterfaces.Add(list[i]);
                }
            }
            t.ListedName = name;

            // generic parameters: Name`2<T1,T2>
            int lt = name.IndexOf('<');
            if (lt >= 0)
            {
                if (!name.EndsWith(">", StringComparison.Ordinal)) throw new FormatException("bad generic type name");
                foreach (string g in name.Substring(lt + 1, name.Length - lt - 2).Split(','))
                    t.GenericParams.Add(g.Trim());
                name = name.Substring(0, lt);
            }
            int tick = name.IndexOf('`');
            if (tick >= 0) name = name.Substring(0, tick);
            t.FullName = name;

            int plus = name.LastIndexOf('+');
            if (plus >= 0)
            {
                t.OuterFullName = name.Substring(0, plus);
                t.Name = name.Substring(plus + 1);
                string outermost = name.Substring(0, name.IndexOf('+'));
                int dot = outermost.LastIndexOf('.');
                t.Namespace = dot >= 0 ? outermost.Substring(0, dot) : "";
            }
            else
            {
                int dot = name.LastIndexOf('.');
                t.Namespace = dot >= 0 ? name.Substring(0, dot) : "";
                t.Name = dot >= 0 ? name.Substring(dot + 1) : name;
            }
            return t;
        }

        static void ParseMember(TypeModel t, string line, int lineNo)
        {
            if (t.Kind == TypeKind.Enum)
            {
                foreach (string v in line.Split(','))
                {
                    string s = v.Trim();
                    if (s.Length > 0) t.EnumValues.Add(s);
                }
                return;
            }

            var m = new MemberModel { Owner = t, LineNumber = lineNo, RawLine = line };
            string rest = line;
            bool isConst = false, isEvent = false;
            while (true)
            {
                if (Eat(ref rest, "const ")) { isConst = true; continue; }
                if (Eat(ref rest, "static ")) { m.IsStatic = true; continue; }
                if (Eat(ref rest, "virtual ")) { m.IsVirtual = true; continue; }
                if (Eat(ref rest, "abstract ")) { m.IsAbstract = true; continue; }
                if (Eat(ref rest, "override ")) { m.IsVirtual = true; continue; }
                if (Eat(ref rest, "sealed ")) continue;
                if (Eat(ref rest, "public ")) continue;
                if (Eat(ref rest, "[native] ")) continue;   // implemented in the firmware: irrelevant for declarations
                if (Eat(ref rest, "event ")) { isEvent = true; continue; }
                break;
            }

            if (rest.StartsWith(".ctor(", StringComparison.Ordinal))
            {
                m.Kind = MemberKind.Ctor;
                m.Name = ".ctor";
                m.Params.AddRange(ParseParams(rest.Substring(5)));
                t.Members.Add(m);
                return;
            }
            if (rest.StartsWith(".cctor", StringComparison.Ordinal)) return;

            if (isEvent)
            {
                SplitTypeAndName(rest, out m.RawType, out m.Name);
                m.Kind = MemberKind.Event;
                t.Members.Add(m);
                return;
            }

            int brace = rest.IndexOf('{');
            int paren = rest.IndexOf('(');
            if (paren >= 0 && (brace < 0 || paren < brace))
            {
                SplitTypeAndName(rest.Substring(0, paren), out m.RawType, out m.Name);
                if (m.Name.IndexOf('`') >= 0 || m.Name.IndexOf('<') >= 0)
                    throw new FormatException("generic methods are not supported by the generator");
                m.Kind = MemberKind.Method;
                m.Params.AddRange(ParseParams(rest.Substring(paren)));
                t.Members.Add(m);
                return;
            }
            if (brace >= 0)
            {
                string head = rest.Substring(0, brace).Trim();
                string accessors = rest.Substring(brace);
                m.HasGetter = accessors.Contains("get;");
                m.HasSetter = accessors.Contains("set;") || accessors.Contains("init;");
                int bracket = head.IndexOf('[');
                // an indexer is written "Type Item[int]"; an array-typed property is "Type[] Name"
                int lastSpace = LastTopLevelSpace(head);
                if (bracket > lastSpace)
                {
                    string index = head.Substring(bracket + 1, head.Length - bracket - 2);
                    SplitTypeAndName(head.Substring(0, bracket), out m.RawType, out m.Name);
                    m.Kind = MemberKind.Indexer;
                    int n = 0;
                    foreach (string it in SplitTopLevel(index))
                    {
                        string itype = it.Trim();
                        m.Params.Add(new ParamModel { RawType = itype, Name = n == 0 ? (itype == "int" ? "index" : "key") : "arg" + n });
                        n++;
                    }
                }
                else
                {
                    SplitTypeAndName(head, out m.RawType, out m.Name);
                    m.Kind = MemberKind.Property;
                }
                t.Members.Add(m);
                return;
            }
            SplitTypeAndName(rest, out m.RawType, out m.Name);
            m.Kind = isConst ? MemberKind.Const : MemberKind.Field;
            t.Members.Add(m);
        }

        static List<ParamModel> ParseParams(string s)
        {
            // s = "(type name, ref type name)"
            s = s.Trim();
            if (!s.StartsWith("(", StringComparison.Ordinal) || !s.EndsWith(")", StringComparison.Ordinal))
                throw new FormatException("bad parameter list");
            string inner = s.Substring(1, s.Length - 2).Trim();
            var result = new List<ParamModel>();
            if (inner.Length == 0) return result;
            int n = 0;
            foreach (string raw in SplitTopLevel(inner))
            {
                string p = raw.Trim();
                var pm = new ParamModel();
                if (Eat(ref p, "ref ")) pm.IsByRef = true;
                else if (Eat(ref p, "out ")) { pm.IsByRef = true; pm.IsOut = true; }
                else if (Eat(ref p, "in ")) pm.IsByRef = true;
                int sp = LastTopLevelSpace(p);
                if (sp < 0) { pm.RawType = p; pm.Name = "arg" + n; }
                else { pm.RawType = p.Substring(0, sp).Trim(); pm.Name = p.Substring(sp + 1).Trim(); }
                if (pm.RawType.EndsWith("&", StringComparison.Ordinal)) { pm.IsByRef = true; pm.RawType = pm.RawType.TrimEnd('&'); }
                result.Add(pm);
                n++;
            }
            return result;
        }

        static void SplitTypeAndName(string s, out string type, out string name)
        {
            s = s.Trim();
            int sp = LastTopLevelSpace(s);
            if (sp < 0) throw new FormatException("expected 'Type Name'");
            type = s.Substring(0, sp).Trim();
            name = s.Substring(sp + 1).Trim();
        }

        static int LastTopLevelSpace(string s)
        {
            int depth = 0;
            for (int i = s.Length - 1; i >= 0; i--)
            {
                char c = s[i];
                if (c == '>' || c == ']') depth++;
                else if (c == '<' || c == '[') depth--;
                else if (c == ' ' && depth == 0) return i;
            }
            return -1;
        }

        static int IndexOfTopLevel(string s, string what)
        {
            int depth = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '<') depth++;
                else if (c == '>') depth--;
                else if (depth == 0 && string.CompareOrdinal(s, i, what, 0, what.Length) == 0) return i;
            }
            return -1;
        }

        internal static List<string> SplitTopLevel(string s)
        {
            var list = new List<string>();
            int depth = 0, start = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '<' || c == '[' || c == '(') depth++;
                else if (c == '>' || c == ']' || c == ')') depth--;
                else if (c == ',' && depth == 0)
                {
                    list.Add(s.Substring(start, i - start).Trim());
                    start = i + 1;
                }
            }
            string last = s.Substring(start).Trim();
            if (last.Length > 0) list.Add(last);
            return list;
        }

        static bool Eat(ref string s, string prefix)
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                s = s.Substring(prefix.Length).TrimStart();
                return true;
            }
            return false;
        }
    }
}
