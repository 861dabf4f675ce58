using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Terminal.Core.Net;
using Terminal.Core.Outbox;

namespace Terminal.Probes
{
    /// <summary>
    /// The merchant link on the same package's lower-level HttpWebRequest (nanoFramework.System.Net.Http
    /// client 1.5.209), which — unlike HttpClient — can read the answer's X-Signature header
    /// (HttpWebResponse.Headers is a readable WebHeaderCollection). Compiled for its byte code and API
    /// only: the interpreter has no sockets, so GetResponse never ran. The body is read up to a bound,
    /// as the core's Http11Client bounds it.
    /// </summary>
    public sealed class HttpWebRequestMerchantLink : IMerchantLink
    {
        private const int MaxAnswerBytes = 4096;

        private readonly string baseUrl;
        private readonly X509Certificate merchantCa;
        private readonly int timeoutMs;

        public HttpWebRequestMerchantLink(string baseUrl, X509Certificate merchantCa, int timeoutMs)
        {
            this.baseUrl = baseUrl;
            this.merchantCa = merchantCa;
            this.timeoutMs = timeoutMs;
        }

        public LinkReply Post(string path, string terminalId, string signature, byte[] body)
        {
            try
            {
                HttpWebRequest request = (HttpWebRequest)WebRequest.Create(baseUrl + path);
                request.Method = "POST";
                request.ContentType = "application/json";
                request.ContentLength = body.Length;
                request.Timeout = timeoutMs;
                request.ReadWriteTimeout = timeoutMs;
                request.KeepAlive = true;
                request.HttpsAuthentCert = merchantCa;
                request.SslProtocols = SslProtocols.Tls12;
                request.Headers.Add("X-Terminal-Id", terminalId);
                request.Headers.Add("X-Signature", signature);
                using (Stream output = request.GetRequestStream())
                {
                    output.Write(body, 0, body.Length);
                }

                using (HttpWebResponse response = (HttpWebResponse)request.GetResponse())
                {
                    byte[] answer = new byte[MaxAnswerBytes];
                    int length = 0;
                    using (Stream input = response.GetResponseStream())
                    {
                        int n;
                        while (length < answer.Length && (n = input.Read(answer, length, answer.Length - length)) > 0)
                        {
                            length += n;
                        }
                    }

                    byte[] data = new byte[length];
                    Array.Copy(answer, data, length);
                    return new LinkReply((int)response.StatusCode, data, response.Headers["X-Signature"]);
                }
            }
            catch (WebException e)
            {
                throw new ConnectionException(ConnectionStage.Receive, "merchant server: " + e.Message);
            }
        }
    }
}
