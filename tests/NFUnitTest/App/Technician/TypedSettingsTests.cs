using Terminal.Core.Net;
using Terminal.Core.Outbox;
using Terminal.Core.Protocol;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.Tests.Support;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Technician
{
    /// <summary>
    /// Typed configuration, parsed once (issue 13 item 7): one row per setting, values validated
    /// again on load, and the links built from typed values (<see cref="LinkSettings"/>) — the
    /// merchant_url's path really prefixes the API's paths.
    /// </summary>
    [TestClass]
    public class TypedSettingsTests
    {
        [TestMethod]
        public void Every_setting_has_one_row_with_a_default_that_meets_its_rule()
        {
            MemoryFileStore store = new MemoryFileStore();
            TerminalConfig config = new TerminalConfig(store);
            for (int i = 0; i < TerminalConfig.Settings.Length; i++)
            {
                Setting s = TerminalConfig.Settings[i];
                Assert.IsTrue(TerminalConfig.Find(s.Name) == s, s.Name + " listed twice");
                Assert.IsNotNull(s.Help);
                if (s.Default.Length > 0 || s.Optional)
                {
                    Assert.IsNull(config.Set(s.Name, s.Default), s.Name + " default breaks its rule");
                }
            }
        }

        [TestMethod]
        [DataRow("region", "GLOBAL", "global")]
        [DataRow("language", "ZH", "zh")]
        [DataRow("scanner_framing", "CrLf", "crlf")]
        [DataRow("currency", "hkd", "HKD")]
        [DataRow("sign_type", "hmac-sha256", "HMAC-SHA256")]
        [DataRow("merchant_url", "https://pay.example.com/shop", "https://pay.example.com/shop")]
        [DataRow("wx_endpoint", "192.168.1.50:8443", "192.168.1.50:8443")]
        public void Set_normalises_by_the_rows_rule(string name, string value, string stored)
        {
            TerminalConfig config = new TerminalConfig(new MemoryFileStore());
            Assert.IsNull(config.Set(name, value));
            Assert.AreEqual(stored, config.Get(name));
        }

        [TestMethod]
        [DataRow("region", "moon", "must be mainland or global")]
        [DataRow("scanner_framing", "tab", "must be cr, lf, crlf or any")]
        [DataRow("poll_s", "0", "from 1 to 15")]
        [DataRow("wx_endpoint", "nohost", "IPv4-or-host:port")]
        [DataRow("store_name", "0123456789012345678901234567890123", "at most 32 bytes")]
        public void Set_refuses_by_the_rows_rule(string name, string value, string error)
        {
            TerminalConfig config = new TerminalConfig(new MemoryFileStore());
            string answer = config.Set(name, value);
            Assert.IsNotNull(answer);
            Assert.Contains(error, answer);
        }

        [TestMethod]
        public void A_stored_value_that_breaks_its_rule_is_reported_on_load_and_refuses_sales()
        {
            MemoryFileStore store = new MemoryFileStore();
            TerminalConfig config = new TerminalConfig(store);
            Assert.IsNull(config.Set("appid", "wx2421b1c4370ec43b"));
            Assert.IsNull(config.Set("mch_id", "10000100"));
            Assert.IsNull(config.SetSecret("api_key", "abcdefghijklmnopqrstuvwxyz012345"));
            config.Save();
            // A sealed file whose value an older firmware accepted (or a hand edit): deadline 99 s.
            byte[] file = Terminal.Core.Storage.SealedFile.Seal(TerminalConfig.ConfigMagic, TerminalConfig.FormatVersion, "appid=wx2421b1c4370ec43b\nmch_id=10000100\ndeadline_s=99\n");
            store.Write(TerminalConfig.ConfigPath, file, 0, file.Length);
            TerminalConfig loaded = new TerminalConfig(store);
            loaded.Load();
            Assert.IsNotNull(loaded.Problem);
            Assert.Contains("deadline_s", loaded.Problem);
            Assert.IsNotNull(loaded.MissingForSales());
        }

        [TestMethod]
        public void Link_settings_are_typed_and_parsed_once()
        {
            TerminalConfig config = new TerminalConfig(new MemoryFileStore());
            Assert.IsNull(config.Set("region", "global"));
            Assert.IsNull(config.Set("merchant_url", "https://pay.example.com:8443/shop/"));
            Assert.IsNull(config.Set("wx_endpoint", "bench-pc.local:9443"));
            LinkSettings links = config.ToLinkSettings();
            Assert.AreEqual((int)Region.Global, (int)links.Region);
            Assert.AreEqual((int)Region.Global, (int)config.ToAccount().Region);
            Assert.AreEqual("pay.example.com", links.MerchantUrl.Host);
            Assert.AreEqual(8443, links.MerchantUrl.Port);
            Assert.IsTrue(links.MerchantUrl.Secure);
            Assert.AreEqual("/shop", links.MerchantUrl.BasePath);
            Assert.AreEqual("bench-pc.local", links.BenchHost);
            Assert.AreEqual(9443, links.BenchPort);
            Assert.IsNull(links.BenchCa);
        }

        [TestMethod]
        public void No_merchant_url_means_no_link_settings_for_it()
        {
            LinkSettings links = new TerminalConfig(new MemoryFileStore()).ToLinkSettings();
            Assert.IsNull(links.MerchantUrl);
            Assert.IsNull(links.BenchHost);
            Assert.AreEqual((int)Region.Mainland, (int)links.Region);
        }

        [TestMethod]
        [DataRow("http://127.0.0.1:8080", "POST /v1/notifications HTTP/1.1")]
        [DataRow("http://127.0.0.1:8080/shop", "POST /shop/v1/notifications HTTP/1.1")]
        [DataRow("http://127.0.0.1:8080/shop/pay/", "POST /shop/pay/v1/notifications HTTP/1.1")]
        public void The_merchant_link_posts_under_the_urls_path(string url, string requestLine)
        {
            TerminalConfig config = new TerminalConfig(new MemoryFileStore());
            Assert.IsNull(config.Set("merchant_url", url));
            ScriptedConnector connector = new ScriptedConnector();
            connector.Reply("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            HttpMerchantLink link = new HttpMerchantLink(new Http11Client(connector, new VirtualClock(), 1000, 1000), config.ToLinkSettings().MerchantUrl);
            link.Post("/v1/notifications", "T1", "sig", Utf8.Encode("{}"));
            Assert.StartsWith(requestLine, (string)connector.Requests[0]);
        }
    }
}
