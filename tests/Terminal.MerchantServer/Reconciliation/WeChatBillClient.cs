using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using Terminal.Core.Protocol;

namespace Terminal.MerchantServer.Reconciliation
{
    /// <summary>The merchant account the server fetches bills with (never printed: the API key is a secret).</summary>
    public sealed class WeChatBillOptions
    {
        /// <summary>https://api.mch.weixin.qq.com (mainland), https://apihk.mch.weixin.qq.com (Global), or a sandbox's address.</summary>
        public string BaseUrl { get; set; } = "https://" + Endpoints.MainlandHost;

        public string? AppId { get; set; }

        public string? MchId { get; set; }

        /// <summary>Partner mode: the sub-merchant whose bill to fetch; null otherwise.</summary>
        public string? SubMchId { get; set; }

        public string? ApiKey { get; set; }

        public SignType SignType { get; set; } = SignType.HmacSha256;

        /// <summary>Roots the bill server's chain must end at (the sandbox CA, or DigiCert Global Root G2); empty = the machine's trust store.</summary>
        public X509Certificate2Collection TrustedRoots { get; } = new X509Certificate2Collection();

        /// <summary>
        /// How long after a China day ends its bill is asked for: WeChat makes it from 09:00 the next
        /// day and advises fetching after 10:00 (the default). A sandbox rehearsal may set less.
        /// </summary>
        public TimeSpan AvailableAfter { get; set; } = TimeSpan.FromHours(10);

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        public bool Configured => !string.IsNullOrEmpty(AppId) && !string.IsNullOrEmpty(MchId) && !string.IsNullOrEmpty(ApiKey) && !string.IsNullOrEmpty(BaseUrl);
    }

    public enum BillFetchStatus
    {
        /// <summary>The bill's text came back.</summary>
        Loaded,

        /// <summary>WeChat answered "No Bill Exist" (20002): no payment or refund that day.</summary>
        NoBill,

        /// <summary>Anything else: transport failure, another WeChat error, an unreadable answer.</summary>
        Failed,
    }

    public sealed class BillFetchResult
    {
        public BillFetchStatus Status { get; init; }

        public string? Text { get; init; }

        /// <summary>For a failure: what happened (WeChat's return_msg and error_code, or the transport error).</summary>
        public string? Detail { get; init; }
    }

    /// <summary>
    /// Fetches a day's bill from WeChat Pay v2's /pay/downloadbill: a signed XML request (bill_type
    /// ALL, tar_type GZIP), answered by the bill's text (gzip) on success or by an unsigned XML
    /// return_code=FAIL with return_msg and error_code (docs/protocol.md, "Daily bill").
    /// </summary>
    public sealed class WeChatBillClient
    {
        private readonly WeChatBillOptions options;

        public WeChatBillClient(WeChatBillOptions options)
        {
            this.options = options;
        }

        public BillFetchResult Fetch(DateOnly billDate)
        {
            var p = new WxParams();
            p.Set("appid", options.AppId);
            p.Set("mch_id", options.MchId);
            if (!string.IsNullOrEmpty(options.SubMchId))
            {
                p.Set("sub_mch_id", options.SubMchId);
            }

            p.Set("nonce_str", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            p.Set("sign_type", SignTypes.ToWireName(options.SignType));
            p.Set("bill_date", billDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            p.Set("bill_type", "ALL");
            p.Set("tar_type", "GZIP");
            p.Set("sign", Signer.Sign(p, options.ApiKey, options.SignType));
            byte[] request = FlatXml.Write(p);

            byte[] body;
            try
            {
                using var handler = new HttpClientHandler();
                if (options.TrustedRoots.Count > 0)
                {
                    handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => Trusted(certificate, chain, errors);
                }

                using var http = new HttpClient(handler) { Timeout = options.Timeout };
                var content = new ByteArrayContent(request);
                content.Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=utf-8");
                using HttpResponseMessage response = http.PostAsync(options.BaseUrl.TrimEnd('/') + Endpoints.DownloadBillPath, content).GetAwaiter().GetResult();
                body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                if ((int)response.StatusCode != 200)
                {
                    return Failed("HTTP " + (int)response.StatusCode + " from " + options.BaseUrl);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or AuthenticationException)
            {
                return Failed("no bill from " + options.BaseUrl + ": " + e.Message);
            }

            return Read(body);
        }

        /// <summary>Reads downloadbill's answer: gzip or plain bill text, or WeChat's FAIL XML.</summary>
        public static BillFetchResult Read(byte[] body)
        {
            if (body.Length >= 2 && body[0] == 0x1f && body[1] == 0x8b)
            {
                try
                {
                    using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
                    using var output = new MemoryStream();
                    input.CopyTo(output);
                    body = output.ToArray();
                }
                catch (InvalidDataException e)
                {
                    return Failed("the gzip bill is damaged: " + e.Message);
                }
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                return Failed("the bill is not UTF-8");
            }

            if (text.TrimStart().StartsWith("<xml", StringComparison.Ordinal))
            {
                FlatXmlResult parsed = FlatXml.Parse(body);
                if (!parsed.Ok)
                {
                    return Failed("an unreadable XML answer");
                }

                string message = parsed.Params.Get("return_msg") ?? string.Empty;
                string code = parsed.Params.Get("error_code") ?? parsed.Params.Get("err_code") ?? string.Empty;
                // WeChat's text is "No Bill Exist" although its page once wrote "NO Bill Exist": compare without case.
                if (code == "20002" || message.Equals("No Bill Exist", StringComparison.OrdinalIgnoreCase))
                {
                    return new BillFetchResult { Status = BillFetchStatus.NoBill, Detail = message };
                }

                return Failed("WeChat Pay refused: " + message + (code.Length > 0 ? " (" + code + ")" : string.Empty));
            }

            return new BillFetchResult { Status = BillFetchStatus.Loaded, Text = text };
        }

        private bool Trusted(X509Certificate2? certificate, X509Chain? presented, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(options.TrustedRoots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            if (presented != null)
            {
                foreach (X509ChainElement element in presented.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return chain.Build(certificate);
        }

        private static BillFetchResult Failed(string detail) => new BillFetchResult { Status = BillFetchStatus.Failed, Detail = detail };
    }
}
