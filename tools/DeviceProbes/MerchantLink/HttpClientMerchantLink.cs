using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.TestFramework;
using Terminal.Core.Net;
using Terminal.Core.Outbox;

namespace Terminal.Probes
{
    /// <summary>
    /// The merchant link on nanoFramework.System.Net.Http's HttpClient (client package 1.5.209), as
    /// the device would use it: the merchant's CA, TLS 1.2, an explicit timeout, every request,
    /// content and response disposed. Compiled for its byte code and its API; the interpreter has no
    /// sockets, so Post never ran. What it cannot do: read the answer's X-Signature header — the
    /// package's HttpResponseHeaders has no getter (HttpHeaders exposes Add only), so the
    /// acknowledgement's signature could not be verified (see docs/architecture.md).
    /// </summary>
    public sealed class HttpClientMerchantLink : IMerchantLink
    {
        private readonly HttpClient client;

        public HttpClientMerchantLink(string baseUrl, X509Certificate merchantCa, int timeoutMs)
        {
            client = new HttpClient();
            client.BaseAddress = new Uri(baseUrl);
            client.HttpsAuthentCert = merchantCa;
            client.SslProtocols = SslProtocols.Tls12;
            client.Timeout = TimeSpan.FromTicks(timeoutMs * TimeSpan.TicksPerMillisecond);
        }

        public LinkReply Post(string path, string terminalId, string signature, byte[] body)
        {
            try
            {
                using (HttpRequestMessage request = Request(path, terminalId, signature, body))
                {
                    using (HttpResponseMessage response = client.Send(request))
                    {
                        byte[] data = response.Content.ReadAsByteArray();

                        // No way to read "X-Signature" from response.Headers in 1.5.209.
                        return new LinkReply((int)response.StatusCode, data, null);
                    }
                }
            }
            catch (WebException e)
            {
                throw new ConnectionException(ConnectionStage.Receive, "merchant server: " + e.Message);
            }
        }

        internal static HttpRequestMessage Request(string path, string terminalId, string signature, byte[] body)
        {
            HttpRequestMessage request = new HttpRequestMessage(HttpMethod.Post, path);
            ByteArrayContent content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Content = content;
            request.Headers.Add("X-Terminal-Id", terminalId);
            request.Headers.Add("X-Signature", signature);
            return request;
        }
    }

    /// <summary>What of HttpClient runs on the interpreter: building and disposing a request (heap: NF_HEAP=1).</summary>
    [TestClass]
    public class HttpClientObjects
    {
        [TestMethod]
        public void Builds_and_disposes_a_request_without_sending_it()
        {
            Samples.Free();
            byte[] body = Samples.Notification().ToJson();
            string outcome;
            try
            {
                for (int i = 0; i < Samples.Rounds; i++)
                {
                    using (HttpRequestMessage request = HttpClientMerchantLink.Request("/v1/notifications", "T-0001", "0123456789abcdef", body))
                    {
                        Assert.IsNotNull(request.Content);
                    }
                }

                outcome = "built and disposed " + Samples.Rounds.ToString() + " requests";
            }
            catch (Exception e)
            {
                outcome = "exception " + e.GetType().Name + ": " + e.Message;
            }

            string client;
            try
            {
                using (HttpClient c = new HttpClient())
                {
                    c.Timeout = TimeSpan.FromTicks(10000 * TimeSpan.TicksPerMillisecond);
                    client = "HttpClient constructed";
                }
            }
            catch (Exception e)
            {
                client = "HttpClient: exception " + e.GetType().Name + ": " + e.Message;
            }

            OutputHelper.WriteLine("probe: HttpClient objects: " + outcome + "; " + client);
        }
    }
}
