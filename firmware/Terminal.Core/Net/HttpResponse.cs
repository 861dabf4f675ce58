using System.Collections;

namespace Terminal.Core.Net
{
    /// <summary>A complete HTTP/1.1 response (status, headers, de-chunked body).</summary>
    public sealed class HttpResponse
    {
        private readonly ArrayList headerNames = new ArrayList();
        private readonly ArrayList headerValues = new ArrayList();

        internal HttpResponse(int status, string reason)
        {
            Status = status;
            Reason = reason;
            Body = new byte[0];
        }

        public int Status { get; private set; }

        public string Reason { get; private set; }

        /// <summary>The body, exactly <see cref="BodyLength"/> bytes long.</summary>
        public byte[] Body { get; internal set; }

        public int BodyLength
        {
            get { return Body.Length; }
        }

        /// <summary>False when the server will close the connection after this response.</summary>
        public bool KeepAlive { get; internal set; }

        public int HeaderCount
        {
            get { return headerNames.Count; }
        }

        public string HeaderName(int index)
        {
            return (string)headerNames[index];
        }

        public string HeaderValue(int index)
        {
            return (string)headerValues[index];
        }

        /// <summary>The first header with this name (case-insensitive), or null.</summary>
        public string Header(string name)
        {
            string lower = name.ToLower();
            for (int i = 0; i < headerNames.Count; i++)
            {
                if (((string)headerNames[i]).ToLower() == lower)
                {
                    return (string)headerValues[i];
                }
            }

            return null;
        }

        internal void AddHeader(string name, string value)
        {
            headerNames.Add(name);
            headerValues.Add(value);
        }
    }
}
