using System;
using System.Linq;
using OpenQA.Selenium;
using Xunit;

namespace Terminal.Dashboard.Tests
{
    /// <summary>
    /// Issue 13 item 9: the store owner's dashboard in a real browser (headless Debian chromium
    /// through chromium-driver): sign-in with the admin token, terminals with suspend/resume,
    /// notification search, daily totals, the risk rule — and stored markup shown only as text.
    /// Each page is screenshotted (docs/dashboard/*.png when TERMINAL_DASHBOARD_SCREENSHOTS=docs/dashboard).
    /// </summary>
    [Collection("browser")]
    public sealed class DashboardBrowserTests
    {
        private readonly DashboardFixture fixture;

        public DashboardBrowserTests(DashboardFixture fixture)
        {
            this.fixture = fixture;
        }

        private IWebDriver Browser
        {
            get
            {
                Skip.If(fixture.BrowserMissing != null,
                    "browser test skipped: " + fixture.BrowserMissing + " — install Debian's chromium and chromium-driver (bash .ci/install-browser)");
                return fixture.Driver ?? throw new InvalidOperationException("no browser although none is missing");
            }
        }

        private void Open(string path)
        {
            Browser.Navigate().GoToUrl(fixture.Url(path));
            if (Browser.Url.Contains("/dashboard/login", StringComparison.Ordinal))
            {
                SignIn(fixture.Server.Admin.Value);
            }
        }

        private void SignIn(string token)
        {
            IWebElement field = Browser.FindElement(By.Id("token"));
            field.Clear();
            field.SendKeys(token);
            Submit(Browser.FindElement(By.CssSelector("form.login button")));
        }

        // Clicks a button that submits a form and waits until the next page has replaced this one.
        private void Submit(IWebElement button)
        {
            IWebElement before = Browser.FindElement(By.TagName("html"));
            button.Click();
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    _ = before.TagName; // throws once the old page is gone
                }
                catch (StaleElementReferenceException)
                {
                    break;
                }
                catch (WebDriverException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
                {
                    break; // Chrome's word for a stale element while the next page is being swapped in
                }

                Assert.True(DateTime.UtcNow < deadline, "the form's next page did not load");
                System.Threading.Thread.Sleep(50);
            }

            while (!"complete".Equals(((IJavaScriptExecutor)Browser).ExecuteScript("return document.readyState")))
            {
                Assert.True(DateTime.UtcNow < deadline, "the form's next page did not finish loading");
                System.Threading.Thread.Sleep(50);
            }
        }

        private IWebElement Row(string terminal) => Browser.FindElements(By.CssSelector("table.terminals tbody tr")).Single(r => r.GetAttribute("data-terminal") == terminal);

        private string Cell(IWebElement row, string field) => row.FindElement(By.CssSelector("[data-field='" + field + "']")).Text;

        [SkippableFact]
        public void Every_page_needs_the_admin_token_and_a_wrong_one_is_refused()
        {
            Browser.Manage().Cookies.DeleteAllCookies();
            Browser.Navigate().GoToUrl(fixture.Url("dashboard/notifications?day=2026-11-20"));
            Assert.Contains("/dashboard/login", Browser.Url);
            Assert.Empty(Browser.FindElements(By.CssSelector("table")));
            fixture.Screenshot("dashboard-sign-in");

            SignIn("not-the-token");
            Assert.Equal("That is not the admin token.", Browser.FindElement(By.CssSelector(".error")).Text);
            Assert.Empty(Browser.FindElements(By.CssSelector("table")));

            SignIn(fixture.Server.Admin.Value);
            Assert.EndsWith("/dashboard/notifications?day=2026-11-20", Browser.Url);
            Assert.Equal("3", Browser.FindElement(By.CssSelector(".count")).GetAttribute("data-count"));
        }

        [SkippableFact]
        public void Terminals_show_last_contact_reported_queue_and_suspension_and_the_owner_suspends_and_resumes()
        {
            Open("dashboard");
            IWebElement one = Row("T-0001");
            Assert.Equal("2026-11-21 11:58:00 (2 min ago)", Cell(one, "last-contact"));
            Assert.Equal("3", Cell(one, "queue"));
            Assert.Equal("1", Cell(one, "dead-letters"));
            Assert.Equal("3 · 521.14 CNY", Cell(one, "today"));
            Assert.StartsWith("Selling", Cell(one, "state"));

            IWebElement two = Row("T-0002");
            Assert.Equal("Suspended surge: 20 payments in 10 min", Cell(two, "state"));
            Assert.Equal("Locked velocity: 30 sales in 10 min", Cell(two, "velocity"));
            Assert.Equal("2 · 12.34 CNY + 500 JPY", Cell(two, "today"));
            Assert.Equal("2026-11-21 11:59:15 (45 s ago)", Cell(Row("T-0003"), "last-contact"));
            Assert.Equal("2026-11-18 12:00:00 (3 d ago)", Cell(Row(DashboardFixture.HostileTerminal), "last-contact"));
            fixture.Screenshot("dashboard-terminals");

            // Suspend T-0003 with a reason, then resume it: the store sees both, the page says so.
            IWebElement three = Row("T-0003");
            three.FindElement(By.Name("reason")).SendKeys("till audit");
            Submit(three.FindElement(By.CssSelector("button")));
            Assert.Contains("T-0003 suspended: till audit", Browser.FindElement(By.CssSelector(".notice")).Text);
            Assert.True(fixture.Server.Store.State("T-0003")!.Suspended);
            Assert.Equal("till audit", fixture.Server.Store.State("T-0003")!.Reason);
            Assert.Equal("Suspended till audit", Cell(Row("T-0003"), "state"));

            Submit(Row("T-0003").FindElement(By.CssSelector("button")));
            Assert.Contains("T-0003 resumed", Browser.FindElement(By.CssSelector(".notice")).Text);
            Assert.False(fixture.Server.Store.State("T-0003")!.Suspended);
            Assert.Equal(DashboardFixture.Now, fixture.Server.Store.State("T-0003")!.ResumedAt);
        }

        [SkippableFact]
        public void Notifications_are_found_by_day_order_and_amount_with_money_from_minor_units()
        {
            Open("dashboard/notifications");
            Assert.Equal("2026-11-21", Browser.FindElement(By.Name("day")).GetAttribute("value"));
            Assert.Equal("6", Browser.FindElement(By.CssSelector(".count")).GetAttribute("data-count"));
            Assert.Contains("558.48 CNY + 500 JPY", Browser.FindElement(By.CssSelector(".count")).Text);

            IWebElement amount = Browser.FindElement(By.Name("amount"));
            amount.SendKeys("12.34");
            Submit(Browser.FindElement(By.CssSelector("form.search button")));
            var rows = Browser.FindElements(By.CssSelector("table.notifications tbody tr"));
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal("12.34 CNY", r.FindElement(By.CssSelector("[data-field='amount']")).Text));
            fixture.Screenshot("dashboard-notifications");

            Open("dashboard/notifications?day=&amount=500");
            Assert.Equal(new[] { "500 JPY", "500.00 CNY" }, Browser.FindElements(By.CssSelector("table.notifications [data-field='amount']")).Select(e => e.Text).ToArray());

            Open("dashboard/notifications?day=2026-11-20&order=000007");
            Assert.Equal("1", Browser.FindElement(By.CssSelector(".count")).GetAttribute("data-count"));
            Assert.Equal("0.01 CNY", Browser.FindElement(By.CssSelector("table.notifications [data-field='amount']")).Text);

            Open("dashboard/notifications?day=2026-11-21&terminal=T-0003");
            Assert.Equal("2", Browser.FindElements(By.CssSelector("table.notifications tbody tr td")).Last().Text); // two deliveries, stored once

            Open("dashboard/notifications?day=2026-11-21&amount=12%2C34");
            Assert.Contains("Amount: type it as on a receipt", Browser.FindElement(By.CssSelector(".error")).Text);
        }

        [SkippableFact]
        public void Daily_totals_are_per_terminal_and_per_day_in_each_currency()
        {
            Open("dashboard/totals?from=2026-11-19&to=2026-11-21");
            string Total(string day, string terminal) => Browser.FindElements(By.CssSelector("table.totals tbody tr"))
                .Single(r => r.GetAttribute("data-day") == day && r.GetAttribute("data-terminal") == terminal)
                .FindElement(By.CssSelector("[data-field='amount']")).Text;
            Assert.Equal("521.14 CNY", Total("2026-11-21", "T-0001"));
            Assert.Equal("12.34 CNY + 500 JPY", Total("2026-11-21", "T-0002"));
            Assert.Equal("558.48 CNY + 500 JPY", Total("2026-11-21", ""));
            Assert.Equal("100.00 CNY", Total("2026-11-20", "T-0001"));
            Assert.Equal("101.00 CNY", Total("2026-11-20", ""));
            Assert.Empty(Browser.FindElements(By.CssSelector("tr[data-day='2026-11-19']")));
            fixture.Screenshot("dashboard-totals");
        }

        [SkippableFact]
        public void The_risk_rules_settings_are_shown()
        {
            Open("dashboard/risk");
            string Setting(string name) => Browser.FindElement(By.CssSelector("tr[data-setting='" + name + "'] td.num")).Text;
            Assert.Equal("20", Setting("surge-count"));
            Assert.Equal("2,000,000 minor units (20000.00 CNY)", Setting("surge-amount"));
            Assert.Equal("10 min", Setting("surge-window"));
            Assert.Equal("5 min", Setting("replay-window"));
            fixture.Screenshot("dashboard-risk");
        }

        [SkippableFact]
        public void Reconciliation_shows_each_terminals_day_its_z_reports_and_every_disagreement_with_WeChats_bill()
        {
            Open("dashboard/reconciliation");
            Assert.Equal("2026-11-20", Browser.FindElement(By.Name("day")).GetAttribute("value")); // yesterday, China time
            Assert.Equal("missing", Browser.FindElement(By.CssSelector("section.bill")).GetAttribute("data-status"));
            Assert.Contains("Not loaded", Browser.FindElement(By.CssSelector("section.bill")).Text);
            Assert.Equal("Fetch WeChat's bill", Browser.FindElement(By.CssSelector("form[action='/dashboard/reconciliation/fetch'] button")).Text);
            Assert.Empty(Browser.FindElements(By.CssSelector("table.issues")));

            IWebElement day = Browser.FindElement(By.Name("day"));
            ((IJavaScriptExecutor)Browser).ExecuteScript("arguments[0].value = arguments[1]", day, DashboardFixture.ReconciledDay);
            Submit(Browser.FindElement(By.CssSelector("form.search button")));
            Assert.EndsWith("day=" + DashboardFixture.ReconciledDay, Browser.Url);
            Assert.Equal("loaded", Browser.FindElement(By.CssSelector("section.bill")).GetAttribute("data-status"));
            IWebElement verdict = Browser.FindElement(By.CssSelector(".verdict"));
            Assert.Equal("false", verdict.GetAttribute("data-clean"));
            Assert.Equal("5 mismatches and 1 notice: see below.", verdict.Text);

            string Figure(string terminal, string field) => Browser.FindElements(By.CssSelector("table.reconciliation tbody tr"))
                .Single(r => r.GetAttribute("data-terminal") == terminal).FindElement(By.CssSelector("[data-field='" + field + "']")).Text;
            Assert.Equal("3 · 97.30 CNY", Figure("T-0001", "wechat-payments"));
            Assert.Equal("2 · 61.30 CNY", Figure("T-0001", "notified-payments"));
            Assert.Equal("2 · 30.00 CNY", Figure("T-0002", "wechat-refunds"));
            Assert.Equal("1 · 20.00 CNY", Figure("T-0002", "notified-refunds"));

            string?[] kinds = Browser.FindElements(By.CssSelector("table.issues tbody tr")).Select(r => r.GetAttribute("data-kind")).ToArray();
            Assert.Equal(new[] { "payment_not_notified", "payment_not_in_bill", "refund_not_notified", "refund_processing", "z_mismatch_bill", "z_mismatch_notified" }, kinds);
            IWebElement withheld = Browser.FindElements(By.CssSelector("table.issues tbody tr")).First();
            Assert.Contains("T-0001000000000103", withheld.Text);
            Assert.Equal("36.00 CNY", withheld.FindElement(By.CssSelector("[data-field='wechat']")).Text);
            Assert.Equal("—", withheld.FindElement(By.CssSelector("[data-field='notified']")).Text);

            string Result(string terminal) => Browser.FindElements(By.CssSelector("table.zreports tbody tr"))
                .Single(r => r.GetAttribute("data-terminal") == terminal).FindElement(By.CssSelector("[data-field='result']")).Text;
            Assert.Equal("differs from the notifications", Result("T-0001"));
            Assert.Equal("differs from WeChat", Result("T-0002"));
            System.Drawing.Size window = Browser.Manage().Window.Size;
            Browser.Manage().Window.Size = new System.Drawing.Size(window.Width, 1720); // the whole page: figures, Z reports and issues
            fixture.Screenshot("dashboard-reconciliation");
            Browser.Manage().Window.Size = window;
        }

        [SkippableFact]
        public void Stored_markup_is_shown_as_text_on_every_page_and_never_runs()
        {
            foreach (string page in DashboardFixture.Pages)
            {
                Open(page);
                Assert.Empty(Browser.FindElements(By.CssSelector("script, img, iframe, b")));
                Assert.Equal(Browser.Title, Browser.Title.Replace("pwned", string.Empty));
                Assert.Contains(DashboardFixture.HostileTerminal, Browser.FindElement(By.TagName("main")).Text);
            }

            Open("dashboard");
            Assert.Contains(DashboardFixture.HostileReason, Row(DashboardFixture.HostileTerminal).Text);
            Open("dashboard/notifications?day=");
            string text = Browser.FindElement(By.TagName("main")).Text;
            Assert.Contains(DashboardFixture.HostileOrder, text);
            Assert.Contains(DashboardFixture.HostileBank, text);
        }
    }
}
