using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NanoApiGate.ApiGen
{
    /// <summary>
    /// Facts the listings do not carry (they are produced from metadata and lose them), kept small and
    /// explicit. Everything here mirrors the upstream nanoFramework sources; none of it adds public API.
    /// </summary>
    internal static class Knowledge
    {
        /// <summary>Interfaces the listings never show on interfaces (base interfaces).</summary>
        public static readonly Dictionary<string, string[]> InterfaceBases = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["System.Collections.ICollection"] = new[] { "System.Collections.IEnumerable" },
            ["System.Collections.IList"] = new[] { "System.Collections.ICollection", "System.Collections.IEnumerable" },
            ["System.Collections.IDictionary"] = new[] { "System.Collections.ICollection", "System.Collections.IEnumerable" },
            ["System.Collections.IDictionaryEnumerator"] = new[] { "System.Collections.IEnumerator" },
        };

        /// <summary>
        /// Interfaces implemented upstream that cannot be inferred from the public members (explicitly
        /// implemented, or marker interfaces). Every other interface is inferred structurally: a class or
        /// struct whose public instance members cover all members of an interface implements it.
        /// </summary>
        public static readonly Dictionary<string, string[]> ExtraInterfaces = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["System.Array"] = new[] { "System.ICloneable", "System.Collections.IList" },
            ["System.Net.Sockets.Socket"] = new[] { "System.IDisposable" },   // 'void IDisposable.Dispose()' upstream
            ["nanoFramework.Hardware.Esp32.Touch.Esp32FilterSetting"] = new[] { "nanoFramework.Hardware.Esp32.Touch.IFilterSetting" },
            ["nanoFramework.Hardware.Esp32.Touch.S2S3FilterSetting"] = new[] { "nanoFramework.Hardware.Esp32.Touch.IFilterSetting" },
        };

        /// <summary>Types whose kind the listing tool reports wrongly (System.Enum derives from ValueType but is a class).</summary>
        public static readonly Dictionary<string, TypeKind> KindFixes = new Dictionary<string, TypeKind>(StringComparer.Ordinal)
        {
            ["System.Enum"] = TypeKind.Class,
        };

        /// <summary>Abstract upstream although the listing does not say so.</summary>
        public static readonly HashSet<string> AbstractTypes = new HashSet<string>(StringComparer.Ordinal) { "System.Enum" };

        public static readonly Dictionary<string, string> BaseFixes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Enum"] = "ValueType",
        };

        /// <summary>Properties that are abstract upstream (the listings do not say whether a property is virtual).</summary>
        public static readonly HashSet<string> AbstractProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.IO.Stream::CanRead",
            "System.IO.Stream::CanSeek",
            "System.IO.Stream::CanWrite",
            "System.IO.Stream::Length",
            "System.IO.Stream::Position",
        };

        /// <summary>
        /// The listings write both 'ref' and 'out' parameters as 'ref'. These are 'out' upstream
        /// (in addition to the rule: by-ref parameters of Try* methods and of Deconstruct are 'out').
        /// </summary>
        public static readonly HashSet<string> OutParameters = new HashSet<string>(StringComparer.Ordinal)
        {
            "nanoFramework.Hardware.Esp32.NativeMemory::GetMemoryInfo::totalSize",
            "nanoFramework.Hardware.Esp32.NativeMemory::GetMemoryInfo::totalFreeSize",
            "nanoFramework.Hardware.Esp32.NativeMemory::GetMemoryInfo::largestFreeBlock",
            "System.Text.Decoder::Convert::bytesUsed",
            "System.Text.Decoder::Convert::charsUsed",
            "System.Text.Decoder::Convert::completed",
        };

        public static bool IsOutParameter(MemberModel m, ParamModel p)
        {
            if (!p.IsByRef) return false;
            if (p.IsOut) return true;
            if (m.Name.StartsWith("Try", StringComparison.Ordinal) && m.Params.IndexOf(p) == m.Params.Count - 1) return true;
            if (m.Name == "Deconstruct") return true;
            return OutParameters.Contains(m.Owner.FullName + "::" + m.Name + "::" + p.Name);
        }

        /// <summary>The listings do not show 'params'; these array parameters are 'params' upstream.</summary>
        public static readonly HashSet<string> ParamsParameters = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.String::Format::args",
            "System.String::Concat::args",
            "System.String::Concat::values",
            "nanoFramework.TestFramework.DataRowAttribute::.ctor::methodParameters",
        };

        /// <summary>
        /// AttributeUsage that matters to the C# compiler (AllowMultiple). Every other attribute gets the
        /// C# default (all targets, single use).
        /// </summary>
        public static readonly Dictionary<string, string> AttributeUsage = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.AttributeUsageAttribute"] = "global::System.AttributeTargets.Class, Inherited = true",
            ["nanoFramework.TestFramework.DataRowAttribute"] = "global::System.AttributeTargets.Method, AllowMultiple = true",
            ["System.Runtime.CompilerServices.InternalsVisibleToAttribute"] = "global::System.AttributeTargets.Assembly, AllowMultiple = true, Inherited = false",
            ["System.Diagnostics.ConditionalAttribute"] = "global::System.AttributeTargets.Class | global::System.AttributeTargets.Method, AllowMultiple = true",
            ["System.Diagnostics.CodeAnalysis.MemberNotNullAttribute"] = "global::System.AttributeTargets.Method | global::System.AttributeTargets.Property, AllowMultiple = true, Inherited = false",
            ["System.Diagnostics.CodeAnalysis.MemberNotNullWhenAttribute"] = "global::System.AttributeTargets.Method | global::System.AttributeTargets.Property, AllowMultiple = true, Inherited = false",
            ["System.Diagnostics.DebuggerDisplayAttribute"] = "global::System.AttributeTargets.All, AllowMultiple = true",
        };

        /// <summary>Enum values the compiler interprets (attribute arguments) or that code compares; otherwise 0,1,2,...</summary>
        public static readonly Dictionary<string, Dictionary<string, string>> EnumValues = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["System.AttributeTargets"] = Values("Assembly=1 Module=2 Class=4 Struct=8 Enum=16 Constructor=32 Method=64 Property=128 Field=256 Event=512 Interface=1024 Parameter=2048 Delegate=4096 ReturnValue=8192 All=32767"),
            ["System.Runtime.CompilerServices.MethodImplOptions"] = Values("Unmanaged=4 ForwardRef=16 PreserveSig=128 InternalCall=4096 Synchronized=32 NoInlining=8"),
            ["System.Runtime.InteropServices.LayoutKind"] = Values("Sequential=0 Explicit=2 Auto=3"),
            ["System.Runtime.InteropServices.CharSet"] = Values("None=1 Ansi=2 Unicode=3 Auto=4"),
            ["System.Diagnostics.DebuggableAttribute+DebuggingModes"] = Values("None=0 Default=1 DisableOptimizations=256 IgnoreSymbolStoreSequencePoints=2 EnableEditAndContinue=4"),
            ["System.Diagnostics.DebuggerBrowsableState"] = Values("Never=0 Collapsed=2 RootHidden=3"),
            ["System.Net.HttpStatusCode"] = Values(
                "Continue=100 SwitchingProtocols=101 OK=200 Created=201 Accepted=202 NonAuthoritativeInformation=203 NoContent=204 ResetContent=205 PartialContent=206 " +
                "MultipleChoices=300 Ambiguous=300 MovedPermanently=301 Moved=301 Found=302 Redirect=302 SeeOther=303 RedirectMethod=303 NotModified=304 UseProxy=305 Unused=306 TemporaryRedirect=307 RedirectKeepVerb=307 " +
                "BadRequest=400 Unauthorized=401 PaymentRequired=402 Forbidden=403 NotFound=404 MethodNotAllowed=405 NotAcceptable=406 ProxyAuthenticationRequired=407 RequestTimeout=408 Conflict=409 Gone=410 LengthRequired=411 PreconditionFailed=412 RequestEntityTooLarge=413 RequestUriTooLong=414 UnsupportedMediaType=415 RequestedRangeNotSatisfiable=416 ExpectationFailed=417 " +
                "InternalServerError=500 NotImplemented=501 BadGateway=502 ServiceUnavailable=503 GatewayTimeout=504 HttpVersionNotSupported=505"),
        };

        static Dictionary<string, string> Values(string spec)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string pair in spec.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                d[pair.Substring(0, eq)] = pair.Substring(eq + 1);
            }
            return d;
        }

        static readonly Dictionary<string, string> Consts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Byte::MaxValue"] = "255",
            ["System.Byte::MinValue"] = "0",
            ["System.SByte::MaxValue"] = "127",
            ["System.SByte::MinValue"] = "-128",
            ["System.Int16::MaxValue"] = "32767",
            ["System.Int16::MinValue"] = "-32768",
            ["System.UInt16::MaxValue"] = "65535",
            ["System.UInt16::MinValue"] = "0",
            ["System.Int32::MaxValue"] = "2147483647",
            ["System.Int32::MinValue"] = "-2147483648",
            ["System.UInt32::MaxValue"] = "4294967295U",
            ["System.UInt32::MinValue"] = "0U",
            ["System.Int64::MaxValue"] = "9223372036854775807L",
            ["System.Int64::MinValue"] = "-9223372036854775808L",
            ["System.UInt64::MaxValue"] = "18446744073709551615UL",
            ["System.UInt64::MinValue"] = "0UL",
            ["System.Char::MaxValue"] = "'\\uffff'",
            ["System.Char::MinValue"] = "'\\0'",
            ["System.Double::MinValue"] = "-1.7976931348623157E+308",
            ["System.Double::MaxValue"] = "1.7976931348623157E+308",
            ["System.Double::Epsilon"] = "4.94065645841247E-324",
            ["System.Double::NegativeInfinity"] = "-1.0 / 0.0",
            ["System.Double::PositiveInfinity"] = "1.0 / 0.0",
            ["System.Double::NaN"] = "0.0 / 0.0",
            ["System.Single::MinValue"] = "-3.40282347E+38f",
            ["System.Single::MaxValue"] = "3.40282347E+38f",
            ["System.Single::Epsilon"] = "1.401298E-45f",
            ["System.Single::NegativeInfinity"] = "-1.0f / 0.0f",
            ["System.Single::PositiveInfinity"] = "1.0f / 0.0f",
            ["System.Single::NaN"] = "0.0f / 0.0f",
            ["System.TimeSpan::TicksPerMillisecond"] = "10000L",
            ["System.TimeSpan::TicksPerSecond"] = "10000000L",
            ["System.TimeSpan::TicksPerMinute"] = "600000000L",
            ["System.TimeSpan::TicksPerHour"] = "36000000000L",
            ["System.TimeSpan::TicksPerDay"] = "864000000000L",
            ["System.Math::PI"] = "3.14159265358979323846",
            ["System.Math::E"] = "2.7182818284590452354",
            ["System.Threading.Timeout::Infinite"] = "-1",
            ["System.Threading.WaitHandle::WaitTimeout"] = "258",
            ["System.Uri::UriSchemeHttp"] = "\"http\"",
            ["System.Uri::UriSchemeHttps"] = "\"https\"",
            ["System.Uri::HttpDefaultPort"] = "80",
            ["System.Uri::HttpsDefaultPort"] = "443",
            ["System.Uri::UnknownPort"] = "-1",
            ["System.Net.IPEndPoint::MinPort"] = "0",
            ["System.Net.IPEndPoint::MaxPort"] = "65535",
            ["System.Runtime.CompilerServices.RuntimeFeature::DefaultImplementationsOfInterfaces"] = "\"DefaultImplementationsOfInterfaces\"",
        };

        static readonly Dictionary<string, string> HeaderNameExceptions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["WWWAuthenticate"] = "WWW-Authenticate",
            ["ContentMD5"] = "Content-MD5",
            ["ContentID"] = "Content-ID",
            ["ETag"] = "ETag",
            ["TE"] = "TE",
            ["MimeVersion"] = "MIME-Version",
            ["SecWebSocketAccept"] = "Sec-WebSocket-Accept",
            ["SecWebSocketProtocol"] = "Sec-WebSocket-Protocol",
            ["SecWebSocketVersion"] = "Sec-WebSocket-Version",
            ["SecWebSocketKey"] = "Sec-WebSocket-Key",
        };

        /// <summary>
        /// The listings give no constant values. Known ones get their real value; HTTP header names are
        /// spelled out; Gpio.IOnn is nn; everything else is 'default'.
        /// </summary>
        public static string? ConstValue(MemberModel m)
        {
            string key = m.Owner.FullName + "::" + m.Name;
            if (Consts.TryGetValue(key, out var v)) return v;
            if (m.Owner.FullName == "nanoFramework.Hardware.Esp32.Gpio" && m.Name.StartsWith("IO", StringComparison.Ordinal)
                && int.TryParse(m.Name.Substring(2), NumberStyles.None, CultureInfo.InvariantCulture, out int pin))
                return pin.ToString(CultureInfo.InvariantCulture);
            if (m.Owner.FullName == "System.Net.HttpKnownHeaderNames" && m.Type == "string")
                return "\"" + HeaderName(m.Name) + "\"";
            return null;
        }

        static string HeaderName(string member)
        {
            if (HeaderNameExceptions.TryGetValue(member, out var s)) return s;
            var sb = new StringBuilder();
            for (int i = 0; i < member.Length; i++)
            {
                if (i > 0 && char.IsUpper(member[i])) sb.Append('-');
                sb.Append(member[i]);
            }
            return sb.ToString();
        }

        /// <summary>Upstream nanoFramework.TestFramework declares 'string message = ""' as the optional last parameter.</summary>
        public static string? DefaultValue(MemberModel m, ParamModel p)
        {
            if (m.Owner.File.AssemblyName == "nanoFramework.TestFramework"
                && p.Name == "message" && p.Type == "string"
                && m.Params.IndexOf(p) == m.Params.Count - 1
                && m.Owner.FullName != "nanoFramework.TestFramework.OutputHelper")   // upstream: OutputHelper.Write(string message), no default
                return "\"\"";
            return null;
        }
    }
}
