using System;
using System.Threading.Tasks;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using Terminal.MerchantServer;
using Terminal.MerchantServer.Dashboard;
using Xunit;

namespace Terminal.Dashboard.Tests
{
    /// <summary>The dashboard's guards at the HTTP level (no browser needed): sign-in, CSRF, redirects, headers, money text.</summary>
    [Collection("browser")]
    public sealed class DashboardHttpTests
    {
        private readonly DashboardFixture fixture;

        public DashboardHttpTests(DashboardFixture fixture)
        {
            this.fixture = fixture;
        }

        private static HttpClient Client(CookieContainer? cookies = null) =>
            new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true });

        /// <summary>The redirect's target; a redirect without one fails the test.</summary>
        private static string Location(HttpResponseMessage response)
        {
            Uri? location = response.Headers.Location;
            Assert.NotNull(location);
            return location.OriginalString;
        }

        private HttpResponseMessage Post(HttpClient http, string path, params (string, string)[] fields)
        {
            var form = new FormUrlEncodedContent(Array.ConvertAll(fields, f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
            return http.PostAsync(fixture.Url(path), form).GetAwaiter().GetResult();
        }

        private HttpClient SignedIn()
        {
            HttpClient http = Client();
            HttpResponseMessage login = Post(http, "dashboard/login", ("token", fixture.Server.Admin.Value), ("return", "/dashboard"));
            Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
            string cookie = string.Join(";", login.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", cookie.ToLowerInvariant());
            Assert.Contains("samesite=strict", cookie.ToLowerInvariant());
            return http;
        }

        [Fact]
        public async Task Without_a_session_pages_redirect_to_sign_in_and_actions_change_nothing()
        {
            using HttpClient http = Client();
            HttpResponseMessage page = await http.GetAsync(fixture.Url("dashboard/totals"));
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.StartsWith("/dashboard/login?return=", Location(page));

            HttpResponseMessage suspend = Post(http, "dashboard/terminals/T-0001/suspend", ("reason", "x"), ("csrf", "00"));
            Assert.Equal(HttpStatusCode.SeeOther, suspend.StatusCode);
            Assert.False(fixture.Server.Store.State("T-0001")!.Suspended);
        }

        [Fact]
        public async Task A_signed_in_form_without_its_CSRF_token_is_refused()
        {
            using HttpClient http = SignedIn();
            HttpResponseMessage forged = Post(http, "dashboard/terminals/T-0001/suspend", ("reason", "forged"));
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            forged = Post(http, "dashboard/terminals/T-0001/suspend", ("reason", "forged"), ("csrf", new string('A', 64)));
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.False(fixture.Server.Store.State("T-0001")!.Suspended);

            string html = await http.GetStringAsync(fixture.Url("dashboard"));
            string csrf = Regex.Match(html, "name=\"csrf\" value=\"([0-9A-F]+)\"").Groups[1].Value;
            Assert.Equal(HttpStatusCode.SeeOther, Post(http, "dashboard/terminals/T-0001/suspend", ("reason", "ok"), ("csrf", csrf)).StatusCode);
            Assert.True(fixture.Server.Store.State("T-0001")!.Suspended);
            Assert.Equal(HttpStatusCode.SeeOther, Post(http, "dashboard/terminals/T-0001/resume", ("csrf", csrf)).StatusCode);
            Assert.False(fixture.Server.Store.State("T-0001")!.Suspended);
        }

        [Fact]
        public async Task The_reconciliation_forms_need_the_CSRF_token_and_a_failed_fetch_or_upload_keeps_the_bill()
        {
            using HttpClient http = SignedIn();
            var day = new DateOnly(2026, 11, 17);
            long loadedAt = fixture.Server.Store.Bill(day)!.LoadedAt;
            Assert.Equal(HttpStatusCode.Forbidden, Post(http, "dashboard/reconciliation/fetch", ("day", DashboardFixture.ReconciledDay)).StatusCode);
            var forgedUpload = new MultipartFormDataContent { { new StringContent(DashboardFixture.ReconciledDay), "day" }, { new ByteArrayContent(new byte[] { 1 }), "bill", "bill.csv" } };
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync(fixture.Url("dashboard/reconciliation/upload"), forgedUpload)).StatusCode);

            string html = await http.GetStringAsync(fixture.Url("dashboard/reconciliation?day=" + DashboardFixture.ReconciledDay));
            string csrf = Regex.Match(html, "name=\"csrf\" value=\"([0-9A-F]+)\"").Groups[1].Value;
            HttpResponseMessage fetch = Post(http, "dashboard/reconciliation/fetch", ("day", DashboardFixture.ReconciledDay), ("csrf", csrf));
            Assert.Equal(HttpStatusCode.SeeOther, fetch.StatusCode);
            Assert.Contains(Uri.EscapeDataString("Not loaded: WeChat Pay did not give the bill"), Location(fetch)); // nothing listens at the configured address

            var garbage = new MultipartFormDataContent
            {
                { new StringContent(csrf), "csrf" }, { new StringContent(DashboardFixture.ReconciledDay), "day" }, { new ByteArrayContent(Encoding.UTF8.GetBytes("not a bill")), "bill", "bill.csv" },
            };
            HttpResponseMessage upload = await http.PostAsync(fixture.Url("dashboard/reconciliation/upload"), garbage);
            Assert.Equal(HttpStatusCode.SeeOther, upload.StatusCode);
            Assert.Contains(Uri.EscapeDataString("Not loaded: the file is not a WeChat Pay bill"), Location(upload));
            Assert.Equal(loadedAt, fixture.Server.Store.Bill(day)!.LoadedAt);
            Assert.Equal("loaded", fixture.Server.Store.Bill(day)!.Status);
        }

        [Theory]
        [InlineData("https://example.invalid/")]
        [InlineData("//example.invalid/dashboard")]
        [InlineData("/dashboard//example.invalid")]
        [InlineData("/elsewhere")]
        public void Sign_in_never_redirects_outside_the_dashboard(string returnPath)
        {
            using HttpClient http = Client();
            HttpResponseMessage login = Post(http, "dashboard/login", ("token", fixture.Server.Admin.Value), ("return", returnPath));
            Assert.Equal("/dashboard", Location(login));
        }

        [Fact]
        public async Task Pages_forbid_scripts_framing_and_caching_and_need_nothing_from_elsewhere()
        {
            using HttpClient http = SignedIn();
            foreach (string page in DashboardFixture.Pages)
            {
                HttpResponseMessage response = await http.GetAsync(fixture.Url(page));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
                Assert.Contains("default-src 'none'", csp);
                Assert.Contains("frame-ancestors 'none'", csp);
                Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
                string html = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
            }
        }

        [Theory]
        [InlineData(0L, "CNY", "0.00 CNY")]
        [InlineData(1L, "CNY", "0.01 CNY")]
        [InlineData(123456789L, "CNY", "1234567.89 CNY")]
        [InlineData(500L, "JPY", "500 JPY")]
        [InlineData(-5L, "HKD", "-0.05 HKD")]
        [InlineData(long.MaxValue, "CNY", "92233720368547758.07 CNY")]
        [InlineData(250L, "XTS", "250 minor units of XTS")]
        public void Money_is_shown_from_long_minor_units_in_the_currencys_decimals(long minor, string currency, string expected)
        {
            Assert.Equal(expected, DashboardPages.Money(minor, currency));
        }

        [Fact]
        public void Totals_never_add_different_currencies()
        {
            var list = new[]
            {
                new StoredNotification { FeeType = "CNY", TotalFee = 150 },
                new StoredNotification { FeeType = "JPY", TotalFee = 3 },
                new StoredNotification { FeeType = "CNY", TotalFee = 50 },
            };
            Assert.Equal("2.00 CNY + 3 JPY", DashboardPages.Totals(list));
        }

        [Fact]
        public void Every_interpolated_value_is_encoded_unless_it_is_already_html()
        {
            string hostile = "<a href=\"x\" onclick='y'>&</a>";
            SafeHtml inner = Html.Format($"<i>{hostile}</i>");
            Assert.Equal("<p title=\"&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;\">" +
                "<i>&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;</i> 中文</p>",
                Html.Format($"<p title=\"{hostile}\">{inner} {"中文"}</p>").Value);
        }
    }
}
