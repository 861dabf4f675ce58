using System;
using System.Collections;

namespace Terminal.Core.Net
{
    /// <summary>One HTTP/1.1 request for <see cref="Http11Client"/>.</summary>
    public sealed class HttpRequest
    {
        private readonly ArrayList headerNames = new ArrayList();
        private readonly ArrayList headerValues = new ArrayList();

        public HttpRequest()
        {
            Method = "POST";
            Port = 443;
            Path = "/";
        }

        public string Method { get; set; }

        public string Host { get; set; }

        public int Port { get; set; }

        /// <summary>Absolute path and query, e.g. "/pay/micropay".</summary>
        public string Path { get; set; }

        /// <summary>Content-Type of the body, e.g. "text/xml; charset=utf-8"; null when there is no body.</summary>
        public string ContentType { get; set; }

        public byte[] Body { get; set; }

        /// <summary>Open the connection with the merchant client certificate (mutual TLS).</summary>
        public bool PresentClientCertificate { get; set; }

        public int HeaderCount
        {
            get { return headerNames.Count; }
        }

        /// <summary>Adds a header; names and values may not contain CR, LF or (names) ':' — header injection is refused.</summary>
        public void AddHeader(string name, string value)
        {
            if (name == null || name.Length == 0 || name.IndexOf(':') >= 0 || HasLineBreak(name) || value == null || HasLineBreak(value))
            {
                throw new ArgumentException("invalid HTTP header " + (name == null ? "(null)" : "'" + name + "'"));
            }

            headerNames.Add(name);
            headerValues.Add(value);
        }

        public string HeaderName(int index)
        {
            return (string)headerNames[index];
        }

        public string HeaderValue(int index)
        {
            return (string)headerValues[index];
        }

        private static bool HasLineBreak(string text)
        {
            return text.IndexOf('\r') >= 0 || text.IndexOf('\n') >= 0;
        }
    }
}
