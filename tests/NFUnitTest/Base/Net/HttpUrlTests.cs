using nanoFramework.TestFramework;
using Terminal.Core.Net;

namespace Terminal.Tests.Net
{
    [TestClass]
    public class HttpUrlTests
    {
        [TestMethod]
        [DataRow("https://pay.example.com", true, "pay.example.com", 443, "")]
        [DataRow("https://pay.example.com/", true, "pay.example.com", 443, "")]
        [DataRow("HTTPS://Pay.Example.com:8443/merchant/", true, "Pay.Example.com", 8443, "/merchant")]
        [DataRow("https://192.168.1.50:1/a/b", true, "192.168.1.50", 1, "/a/b")]
        [DataRow("https://h:65535", true, "h", 65535, "")]
        [DataRow("http://127.0.0.1:5080", false, "127.0.0.1", 5080, "")]
        [DataRow("http://localhost", false, "localhost", 80, "")]
        [DataRow("http://LOCALHOST:9/x", false, "LOCALHOST", 9, "/x")]
        [DataRow("https://h/p-._~%20!$&'()*+,;=:@", true, "h", 443, "/p-._~%20!$&'()*+,;=:@")]
        public void Parses_scheme_host_port_and_path_prefix(string text, bool secure, string host, int port, string basePath)
        {
            HttpUrl url;
            Assert.AreEqual((int)UrlError.None, (int)HttpUrl.Parse(text, out url));
            Assert.AreEqual(secure, url.Secure);
            Assert.AreEqual(host, url.Host);
            Assert.AreEqual(port, url.Port);
            Assert.AreEqual(basePath, url.BasePath);
            Assert.AreEqual(basePath + "/v1/notifications", url.PathFor("/v1/notifications"));
        }

        [TestMethod]
        [DataRow("", (int)UrlError.Empty)]
        [DataRow("ftp://x", (int)UrlError.Scheme)]
        [DataRow("https:/x", (int)UrlError.Scheme)]
        [DataRow("pay.example.com", (int)UrlError.Scheme)]
        [DataRow("https://", (int)UrlError.Host)]
        [DataRow("https://:443", (int)UrlError.Host)]
        [DataRow("https://user@host", (int)UrlError.Host)]
        [DataRow("https://[::1]:443", (int)UrlError.Host)]
        [DataRow("https://-bad.example", (int)UrlError.Host)]
        [DataRow("https://bad-.example", (int)UrlError.Host)]
        [DataRow("https://a..b", (int)UrlError.Host)]
        [DataRow("https://h:0", (int)UrlError.Port)]
        [DataRow("https://h:65536", (int)UrlError.Port)]
        [DataRow("https://h:", (int)UrlError.Port)]
        [DataRow("https://h:123456", (int)UrlError.Port)]
        [DataRow("https://h:8a", (int)UrlError.Port)]
        [DataRow("https://h:80:81", (int)UrlError.Port)]
        [DataRow("https://h/a b", (int)UrlError.Path)]
        [DataRow("https://h/a?b=1", (int)UrlError.Path)]
        [DataRow("https://h/a#top", (int)UrlError.Path)]
        [DataRow("http://pay.example.com", (int)UrlError.PlainHttpNotLoopback)]
        [DataRow("http://localhost.evil.example", (int)UrlError.PlainHttpNotLoopback)]
        [DataRow("http://127.0.0.1.evil.example", (int)UrlError.PlainHttpNotLoopback)]
        [DataRow("http://127.0.0.2", (int)UrlError.PlainHttpNotLoopback)]
        public void Refuses_with_a_reason(string text, int error)
        {
            HttpUrl url;
            Assert.AreEqual(error, (int)HttpUrl.Parse(text, out url));
            Assert.IsNull(url);
            Assert.IsTrue(HttpUrl.Message((UrlError)error).Length > 5);
        }

        [TestMethod]
        public void Refuses_more_than_200_characters()
        {
            HttpUrl url;
            string path = new string('a', 200 - "https://h/".Length);
            Assert.AreEqual((int)UrlError.None, (int)HttpUrl.Parse("https://h/" + path, out url));
            Assert.AreEqual((int)UrlError.TooLong, (int)HttpUrl.Parse("https://h/" + path + "a", out url));
        }

        [TestMethod]
        [DataRow("192.168.1.50:8443", "192.168.1.50", 8443)]
        [DataRow("bench-pc.local:443", "bench-pc.local", 443)]
        [DataRow("h:1", "h", 1)]
        public void Endpoints_are_host_and_port(string text, string host, int port)
        {
            string parsedHost;
            int parsedPort;
            Assert.AreEqual((int)UrlError.None, (int)HttpUrl.ParseEndpoint(text, out parsedHost, out parsedPort));
            Assert.AreEqual(host, parsedHost);
            Assert.AreEqual(port, parsedPort);
        }

        [TestMethod]
        [DataRow("", (int)UrlError.Empty)]
        [DataRow("192.168.1.50", (int)UrlError.Endpoint)]
        [DataRow(":8443", (int)UrlError.Endpoint)]
        [DataRow("a:b:8443", (int)UrlError.Endpoint)]
        [DataRow("h:0", (int)UrlError.Port)]
        [DataRow("h:99999", (int)UrlError.Port)]
        [DataRow("under_score:443", (int)UrlError.Host)]
        [DataRow("https://h:443", (int)UrlError.Endpoint)]
        public void Bad_endpoints_are_refused(string text, int error)
        {
            string host;
            int port;
            Assert.AreEqual(error, (int)HttpUrl.ParseEndpoint(text, out host, out port));
        }

        [TestMethod]
        [DataRow("0.0.0.0", true)]
        [DataRow("255.255.255.255", true)]
        [DataRow("192.168.001.020", true)]
        [DataRow("256.1.1.1", false)]
        [DataRow("1.1.1", false)]
        [DataRow("1.1.1.1.1", false)]
        [DataRow("1..1.1", false)]
        [DataRow("1.1.1.1234", false)]
        [DataRow("a.b.c.d", false)]
        [DataRow("", false)]
        public void IPv4_addresses(string text, bool valid)
        {
            Assert.AreEqual(valid, HttpUrl.IsIPv4(text));
        }
    }
}
