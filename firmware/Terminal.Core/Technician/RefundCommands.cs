using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Ports;

namespace Terminal.Core.Technician
{
    /// <summary>
    /// The console's manager functions (docs/console.md, "Refunds"): <c>manager login PIN</c> /
    /// <c>manager logout</c> (a manager session of <see cref="TechConsole.SessionMs"/>),
    /// <c>manager pin set NEW</c> (the technician sets the manager PIN),
    /// <c>refund ORDER|REF AMOUNT</c> (manager session), <c>refund status NO</c> and <c>refunds</c>.
    /// The manager PIN is a second <see cref="PinGuard"/> (same hashing, storage format and
    /// lockout, its own file); it is never printed or logged.
    /// </summary>
    internal sealed class RefundCommands
    {
        private readonly ConsoleContext app;
        private readonly IConsoleOutput output;
        private bool managerSession;
        private long managerUntilMs;

        public RefundCommands(ConsoleContext app, IConsoleOutput output)
        {
            this.app = app;
            this.output = output;
        }

        /// <summary>"manager login PIN | logout | pin set NEW"; <paramref name="technician"/>: a technician session is open.</summary>
        public void Manager(string[] words, bool technician)
        {
            string sub = words.Length > 1 ? words[1].ToLower() : string.Empty;
            PinGuard pin = app.ManagerPin;
            if (sub == "logout")
            {
                managerSession = false;
                Say("ok");
                return;
            }

            if (sub == "login" && words.Length == 3)
            {
                PinCheck check = pin.Verify(words[2]);
                if (check == PinCheck.Ok)
                {
                    managerSession = true;
                    managerUntilMs = app.Clock.MonotonicMs + TechConsole.SessionMs;
                    Say("manager session open for 5 minutes");
                    Say("ok");
                }
                else if (check == PinCheck.NotSet)
                {
                    Error("no manager PIN is set yet: the technician sets it ('manager pin set NEW')");
                }
                else if (check == PinCheck.LockedOut)
                {
                    Error("too many wrong manager PINs: locked for " + pin.LockoutSecondsLeft.ToString() + " s");
                }
                else
                {
                    int left = PinGuard.FreeAttempts - pin.Failures;
                    Error(left > 0 ? "wrong manager PIN (" + left.ToString() + " more before a lockout)" :
                        "wrong manager PIN: locked for " + pin.LockoutSecondsLeft.ToString() + " s");
                }

                return;
            }

            if (sub == "pin" && words.Length == 4 && words[2].ToLower() == "set")
            {
                if (!technician)
                {
                    Error("the technician sets the manager PIN: 'login PIN' first");
                    return;
                }

                string problem = PinGuard.CheckFormat(words[3]);
                if (problem != null)
                {
                    Error(problem);
                    return;
                }

                pin.Set(words[3]);
                managerSession = false;
                Say("manager PIN set");
                Say("ok");
                return;
            }

            Error("usage: manager login PIN | manager logout | manager pin set NEW");
        }

        /// <summary>"refund ORDER|REF AMOUNT" or "refund status NO".</summary>
        public void Refund(string[] words)
        {
            if (words.Length == 3 && words[1].ToLower() == "status")
            {
                Status(words[2]);
                return;
            }

            if (words.Length != 3)
            {
                Error("usage: refund ORDER|REF AMOUNT (manager session) | refund status NO");
                return;
            }

            if (!ManagerSessionValid())
            {
                Error(app.ManagerPin.IsSet ? "refunds need the manager PIN: 'manager login PIN' first" :
                    "no manager PIN is set yet: the technician sets it ('manager pin set NEW')");
                return;
            }

            Currency currency = app.Ui == null ? null : app.Ui.Currency;
            if (currency == null)
            {
                currency = Currency.CNY;
            }

            long fee;
            string error;
            if (!MoneyText.TryParse(words[2], currency, long.MaxValue / 4, out fee, out error))
            {
                Error("amount: " + error);
                return;
            }

            Say("refunding " + MoneyText.Format(fee, currency) + " " + currency.Code + " of " + words[1] + " ...");
            RefundResult result = app.Engine.Refund(words[1], fee);
            if (result.Refund == null)
            {
                Error("refund refused: " + result.Detail);
                return;
            }

            Say(Describe(result.Refund, currency));
            if (result.Detail != null)
            {
                Say("  WeChat: " + result.Detail);
            }

            if (result.TechnicianAttention)
            {
                Say("  technician: WeChat refused the request's configuration; check the API key, ids and client certificate");
            }

            Say("ok");
        }

        /// <summary>"refunds": every refund in flash.</summary>
        public void List()
        {
            RefundRecord[] all = app.Engine.Refunds();
            if (all.Length == 0)
            {
                Say("no refunds");
            }

            for (int i = 0; i < all.Length; i++)
            {
                Say(Describe(all[i], CurrencyOf(all[i])));
            }

            Say(app.Engine.RefundPendingCount.ToString() + " in flight");
            Say("ok");
        }

        private void Status(string key)
        {
            RefundRecord[] all = app.Engine.Refunds();
            bool found = false;
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].OutRefundNo == key || all[i].OutTradeNo == key)
                {
                    found = true;
                    Say(Describe(all[i], CurrencyOf(all[i])));
                    if (all[i].LastDetail != null)
                    {
                        Say("  last answer: " + all[i].LastDetail);
                    }
                }
            }

            if (!found)
            {
                Error("no refund " + key);
                return;
            }

            Say("ok");
        }

        private static Currency CurrencyOf(RefundRecord r)
        {
            Currency c = r.Currency == null ? null : Currency.Find(r.Currency);
            return c == null ? Currency.CNY : c;
        }

        private static string Describe(RefundRecord r, Currency currency)
        {
            string line = r.OutRefundNo + "  order " + r.OutTradeNo + "  " + MoneyText.Format(r.Fee, currency) + " " + currency.Code + "  " + RefundRecord.StateName(r.State);
            if (r.SuccessTime != null)
            {
                line = line + "  at " + r.SuccessTime + " (China time)";
            }

            if (r.RefundId != null)
            {
                line = line + "  WeChat " + r.RefundId;
            }

            return line;
        }

        private bool ManagerSessionValid()
        {
            if (managerSession && app.Clock.MonotonicMs >= managerUntilMs)
            {
                managerSession = false;
            }

            if (managerSession)
            {
                managerUntilMs = app.Clock.MonotonicMs + TechConsole.SessionMs;
            }

            return managerSession;
        }

        private void Say(string text)
        {
            if (output != null)
            {
                output.Write(text + "\r\n");
            }
        }

        private void Error(string message)
        {
            Say("error: " + message);
        }
    }
}
