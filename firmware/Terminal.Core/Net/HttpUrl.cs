namespace Terminal.Core.Net
{
    /// <summary>Why a URL or endpoint was refused (one message each: <see cref="HttpUrl.Message"/>).</summary>
    public enum UrlError
    {
        None = 0,
        Empty,
        TooLong,
        Scheme,
        Host,
        Port,
        Path,
        PlainHttpNotLoopback,
        Endpoint,
    }

    /// <summary>
    /// The terminal's one parser of server addresses: <c>http[s]://host[:port][/path]</c> for the
    /// merchant server (device, simulator and the console's validation all use it) and
    /// <c>host:port</c> for the bench endpoint. Hosts are IPv4 addresses or DNS names (letters,
    /// digits, '-', '.'); no user info, IPv6 literals, query or fragment. The path, when given, is
    /// the prefix the merchant API's paths are appended to.
    /// </summary>
    public sealed class HttpUrl
    {
        /// <summary>Longest URL accepted (the console's limit for merchant_url).</summary>
        public const int MaxLength = 200;

        private HttpUrl()
        {
        }

        /// <summary>True for https (TLS); false for plain http.</summary>
        public bool Secure { get; private set; }

        public string Host { get; private set; }

        /// <summary>The port given, else 443 (https) or 80 (http).</summary>
        public int Port { get; private set; }

        /// <summary>The path prefix without a trailing '/', "" when none (e.g. "/merchant" for https://h/merchant/).</summary>
        public string BasePath { get; private set; }

        /// <summary>127.0.0.1 or localhost: the only hosts plain http may reach.</summary>
        public bool IsLoopback
        {
            get { return Host == "127.0.0.1" || Host.ToLower() == "localhost"; }
        }

        /// <summary><see cref="BasePath"/> followed by <paramref name="path"/> (which starts with '/').</summary>
        public string PathFor(string path)
        {
            return BasePath + path;
        }

        /// <summary>
        /// Parses <paramref name="text"/>; <see cref="UrlError.None"/> and the URL, or the error
        /// and null. Plain http is refused unless to loopback (<see cref="UrlError.PlainHttpNotLoopback"/>).
        /// </summary>
        public static UrlError Parse(string text, out HttpUrl url)
        {
            url = null;
            if (text == null || text.Length == 0)
            {
                return UrlError.Empty;
            }

            if (text.Length > MaxLength)
            {
                return UrlError.TooLong;
            }

            bool secure;
            int rest;
            if (StartsWithIgnoreCase(text, "https://"))
            {
                secure = true;
                rest = 8;
            }
            else if (StartsWithIgnoreCase(text, "http://"))
            {
                secure = false;
                rest = 7;
            }
            else
            {
                return UrlError.Scheme;
            }

            int slash = text.IndexOf('/', rest);
            int end = slash < 0 ? text.Length : slash;
            string authority = text.Substring(rest, end - rest);
            int colon = authority.IndexOf(':');
            string host = colon < 0 ? authority : authority.Substring(0, colon);
            if (!IsIPv4(host) && !IsHostName(host))
            {
                return UrlError.Host;
            }

            int port = secure ? 443 : 80;
            if (colon >= 0)
            {
                port = ParsePort(authority.Substring(colon + 1));
                if (port < 0)
                {
                    return UrlError.Port;
                }
            }

            string path = slash < 0 ? string.Empty : text.Substring(slash);
            if (!IsPath(path))
            {
                return UrlError.Path;
            }

            while (path.Length > 0 && path[path.Length - 1] == '/')
            {
                path = path.Substring(0, path.Length - 1);
            }

            HttpUrl parsed = new HttpUrl();
            parsed.Secure = secure;
            parsed.Host = host;
            parsed.Port = port;
            parsed.BasePath = path;
            if (!secure && !parsed.IsLoopback)
            {
                return UrlError.PlainHttpNotLoopback;
            }

            url = parsed;
            return UrlError.None;
        }

        /// <summary>"host:port" (IPv4 or DNS name, port 1-65535), e.g. the bench's 192.168.1.50:8443.</summary>
        public static UrlError ParseEndpoint(string text, out string host, out int port)
        {
            host = null;
            port = 0;
            if (text == null || text.Length == 0)
            {
                return UrlError.Empty;
            }

            if (text.Length > 260)
            {
                return UrlError.TooLong;
            }

            int colon = text.LastIndexOf(':');
            if (colon <= 0 || colon != text.IndexOf(':'))
            {
                return UrlError.Endpoint;
            }

            int n = ParsePort(text.Substring(colon + 1));
            if (n < 0)
            {
                return UrlError.Port;
            }

            string name = text.Substring(0, colon);
            if (!IsIPv4(name) && !IsHostName(name))
            {
                return UrlError.Host;
            }

            host = name;
            port = n;
            return UrlError.None;
        }

        /// <summary>What to tell the technician (English).</summary>
        public static string Message(UrlError error)
        {
            switch (error)
            {
                case UrlError.None:
                    return "ok";
                case UrlError.Empty:
                    return "nothing given";
                case UrlError.TooLong:
                    return "too long (at most " + MaxLength.ToString() + " characters)";
                case UrlError.Scheme:
                    return "must start with https:// (plain http:// only to 127.0.0.1 or localhost)";
                case UrlError.Host:
                    return "the host must be an IPv4 address or a host name of letters, digits, '-' and '.'";
                case UrlError.Port:
                    return "the port must be 1-65535";
                case UrlError.Path:
                    return "the path may hold only letters, digits and - . _ ~ / % ! $ & ' ( ) * + , ; = : @ (no query, fragment or spaces)";
                case UrlError.PlainHttpNotLoopback:
                    return "plain http:// only to 127.0.0.1 or localhost; use https://";
                default:
                    return "must be IPv4-or-host:port, port 1-65535, e.g. 192.168.1.50:8443";
            }
        }

        /// <summary>Four decimal numbers 0-255 of 1-3 digits, dot-separated.</summary>
        public static bool IsIPv4(string value)
        {
            int parts = 0;
            int digits = 0;
            int n = 0;
            for (int i = 0; i <= value.Length; i++)
            {
                if (i == value.Length || value[i] == '.')
                {
                    if (digits == 0 || n > 255)
                    {
                        return false;
                    }

                    parts++;
                    digits = 0;
                    n = 0;
                    continue;
                }

                char c = value[i];
                if (c < '0' || c > '9' || ++digits > 3)
                {
                    return false;
                }

                n = n * 10 + (c - '0');
            }

            return parts == 4;
        }

        /// <summary>Letters, digits, '-' and '.', labels of 1-63 not starting or ending with '-', at most 253.</summary>
        public static bool IsHostName(string value)
        {
            if (value.Length == 0 || value.Length > 253)
            {
                return false;
            }

            int label = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '.')
                {
                    if (label == 0 || value[i - 1] == '-')
                    {
                        return false;
                    }

                    label = 0;
                    continue;
                }

                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok || (c == '-' && label == 0) || ++label > 63)
                {
                    return false;
                }
            }

            return label > 0 && value[value.Length - 1] != '-';
        }

        /// <summary>1-5 digits, 1-65535; -1 otherwise.</summary>
        private static int ParsePort(string text)
        {
            if (text.Length == 0 || text.Length > 5)
            {
                return -1;
            }

            int port = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                port = port * 10 + (c - '0');
            }

            return port >= 1 && port <= 65535 ? port : -1;
        }

        /// <summary>Empty, or '/' then RFC 3986 path characters (no '?', '#', spaces or controls).</summary>
        private static bool IsPath(string path)
        {
            if (path.Length == 0)
            {
                return true;
            }

            if (path[0] != '/')
            {
                return false;
            }

            for (int i = 1; i < path.Length; i++)
            {
                char c = path[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/%!$&'()*+,;=:@".IndexOf(c) >= 0;
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool StartsWithIgnoreCase(string text, string prefix)
        {
            return text.Length >= prefix.Length && text.Substring(0, prefix.Length).ToLower() == prefix;
        }
    }
}
