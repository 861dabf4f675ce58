using System;
using Terminal.Core.Crypto;
using Terminal.Core.Money;
using Terminal.Core.Outbox;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Store;
using Terminal.Core.Text;
using Terminal.Core.Timing;
using Terminal.Core.Ui;

namespace Terminal.Core.Technician
{
    /// <summary>
    /// The technician console: a line protocol (docs/console.md). Lines end with CR, LF or CR LF,
    /// at most <see cref="MaxLine"/> bytes of UTF-8; backspace edits. Every answer ends with a line
    /// "ok" or "error: ...". Commands that change the terminal need the technician PIN
    /// ("login PIN", valid <see cref="SessionMs"/> after the last command). Secrets are write-only:
    /// never echoed, printed or logged. Input is not echoed (the terminal program may echo locally).
    /// </summary>
    public sealed partial class TechConsole
    {
        public const int MaxLine = 512;
        public const int SessionMs = 5 * 60 * 1000;
        public const string Version = "1";

        private static readonly char[] Space = new char[] { ' ' };

        private readonly ConsoleContext app;
        private readonly IConsoleOutput output;
        private readonly RefundCommands refunds;
        private readonly object gate = new object();
        private readonly byte[] line = new byte[MaxLine];
        private int length;
        private bool overflow;
        private bool lastWasCr;
        private bool loggedIn;
        private long sessionUntilMs;
        private string pemName;
        private string pem;
        private bool pemIsCert;

        private readonly Command[] commands;

        public TechConsole(ConsoleContext app, IConsoleOutput output)
        {
            this.app = app;
            this.output = output;
            commands = BuildCommands();
            refunds = new RefundCommands(app, output);
        }

        public bool LoggedIn
        {
            get
            {
                lock (gate)
                {
                    return SessionValid();
                }
            }
        }

        /// <summary>
        /// True while the console collects the lines of a secret PEM ('secret set client_cert' /
        /// 'client_key'): a host that shows what is typed must hide these lines. Read without the
        /// console's lock: a host asks while redrawing, and the console's own output redraws.
        /// </summary>
        public bool CollectingSecret
        {
            get { return pemName != null && !pemIsCert; }
        }

        /// <summary>Bytes from the console UART.</summary>
        public void OnBytes(byte[] data, int offset, int count)
        {
            lock (gate)
            {
                for (int i = offset; i < offset + count; i++)
                {
                    byte b = data[i];
                    if (b == 13 || b == 10)
                    {
                        bool skip = b == 10 && lastWasCr;
                        lastWasCr = b == 13;
                        if (!skip)
                        {
                            EndLine();
                        }

                        continue;
                    }

                    lastWasCr = false;
                    if (b == 8 || b == 127)
                    {
                        if (length > 0 && !overflow)
                        {
                            length--;
                            while (length > 0 && (line[length] & 0xC0) == 0x80)
                            {
                                length--; // a whole UTF-8 character
                            }
                        }

                        continue;
                    }

                    if (length == MaxLine)
                    {
                        overflow = true;
                        continue;
                    }

                    line[length++] = b;
                }
            }
        }

        private void EndLine()
        {
            if (overflow)
            {
                length = 0;
                overflow = false;
                Error("line longer than " + MaxLine.ToString() + " bytes: discarded");
                return;
            }

            string text;
            int bad;
            bool valid = Utf8.TryDecode(line, 0, length, out text, out bad);
            length = 0;
            if (!valid)
            {
                Error("the line is not valid UTF-8: discarded");
                return;
            }

            Execute(text);
        }

        /// <summary>Runs one command line (also used by tests and the simulator's stdin console).</summary>
        public void Execute(string text)
        {
            lock (gate)
            {
                try
                {
                    Run(text);
                }
                catch (StoreException e)
                {
                    Error("flash: " + e.Message);
                }
            }
        }

        private void Run(string text)
        {
            if (pemName != null)
            {
                CollectPem(text);
                return;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < ' ' && text[i] != '\t')
                {
                    Error("control characters are not allowed in a command");
                    return;
                }
            }

            string[] words = Words(text);
            if (words.Length == 0)
            {
                return;
            }

            string command = words[0].ToLower();
            for (int i = 0; i < commands.Length; i++)
            {
                if (commands[i].Verb == command)
                {
                    commands[i].Run(words, text);
                    return;
                }
            }

            Error("unknown command '" + Clip(words[0]) + "' (try 'help')");
        }

        /// <summary>A command's handler: the line's words (the first is the verb) and the whole line.</summary>
        private delegate void Handler(string[] words, string text);

        /// <summary>
        /// One row of the command table: the verb that selects the handler, the usage and help
        /// line 'help' prints, and whether it needs a technician session. A verb may have several
        /// rows (one per usage); the first row's handler runs. Rows without help are aliases.
        /// </summary>
        private sealed class Command
        {
            public readonly string Verb;
            public readonly string Usage;
            public readonly bool NeedsPin;
            public readonly string Help;
            public readonly Handler Run;

            public Command(string verb, string usage, bool needsPin, string help, Handler run)
            {
                Verb = verb;
                Usage = usage;
                NeedsPin = needsPin;
                Help = help;
                Run = run;
            }
        }

        private Command[] BuildCommands()
        {
            return new Command[]
            {
                new Command("help", "help", false, "this list", new Handler(HelpCommand)),
                new Command("?", null, false, null, new Handler(HelpCommand)),
                new Command("status", "status", false, "network, clock, memory, uptime, firmware, outbox, last error", new Handler(StatusCommand)),
                new Command("config", "config show", false, "every setting; secrets only as set / not set", new Handler(ConfigCommand)),
                new Command("config", "config set KEY VALUE", true, "change a setting (validated, saved to flash)", null),
                new Command("config", "config keys", false, "setting names with their rules", null),
                new Command("secret", "secret set NAME VALUE", true, "api_key, merchant_secret, wifi_password (never shown)", new Handler(SecretCommand)),
                new Command("secret", "secret set client_cert", true, "then paste the PEM (client_key likewise); '.' aborts", null),
                new Command("secret", "secret clear NAME", true, "forget a secret", null),
                new Command("cert", "cert set NAME", true, "wx_ca (bench sandbox CA) or merchant_ca: paste the PEM", new Handler(CertCommand)),
                new Command("cert", "cert show NAME", false, "print a CA certificate", null),
                new Command("cert", "cert clear NAME", true, "forget a CA certificate", null),
                new Command("login", "login PIN", false, "open a technician session (5 min)", new Handler(LoginCommand)),
                new Command("logout", "logout", false, "close the session", new Handler(LogoutCommand)),
                new Command("manager", "manager pin set NEW", true, "set the manager PIN (refunds)", new Handler(ManagerCommand)),
                new Command("manager", "manager login PIN | logout", false, "open / close a manager session (5 min)", null),
                new Command("refund", "refund ORDER|REF AMOUNT", false, "[manager] refund (part of) a sale: order no., transaction_id, #N of tx, last digits", new Handler(RefundCommand)),
                new Command("refund", "refund status NO", false, "one refund (refund or order no.)", null),
                new Command("refunds", "refunds", false, "every refund kept", new Handler(RefundsCommand)),
                new Command("pin", "pin set NEW", false, "set the first PIN", new Handler(PinCommand)),
                new Command("pin", "pin set OLD NEW", false, "change the PIN", null),
                new Command("pin", "pin recover API_KEY NEW", false, "damaged PIN record only: a new PIN, proven by the API key", null),
                new Command("outbox", "outbox", false, "notification queue and delivery state", new Handler(OutboxCommand)),
                new Command("outbox", "outbox list", false, "dead letters (rejected by the merchant server)", null),
                new Command("outbox", "outbox retry SEQ", true, "put a dead letter back in the queue", null),
                new Command("outbox", "outbox delete SEQ", true, "delete a dead letter after exporting it", null),
                new Command("outbox", "outbox send", false, "deliver now (skip the back-off)", null),
                new Command("risk", "risk release", true, "release the velocity lock", new Handler(RiskCommand)),
                new Command("tx", "tx [N]", false, "the last N sales and refunds (default 10, max 50), local time", new Handler(TxCommand)),
                new Command("hist", "hist day|order|ref|amount V", false, "sales and refunds of a day (yyyy-MM-dd) / by order, reference (end), amount (fen)", new Handler(HistCommand)),
                new Command("x", "x", false, "X report: running totals since the last close", new Handler(XCommand)),
                new Command("z", "z", false, "the last Z report", new Handler(ZCommand)),
                new Command("z", "z close", true, "close the day (Z report: totals frozen, sent to the merchant server)", null),
                new Command("z", "z N", false, "show Z report number N", null),
                new Command("receipt", "receipt", false, "the printer's state and the last receipt as text", new Handler(ReceiptCommand)),
                new Command("receipt", "receipt reprint", false, "print the last receipt again (after a reboot: the newest sale or refund)", null),
                new Command("unresolved", "unresolved", false, "orders not settled yet: do not charge again", new Handler(UnresolvedCommand)),
                new Command("resolve", "resolve", true, "query / revoke unresolved orders now", new Handler(ResolveCommand)),
                new Command("selftest", "selftest", false, "flash, clock, network, crypto, display, configuration", new Handler(SelfTestCommand)),
                new Command("time", "time", false, "show the clock (UTC)", new Handler(TimeCommand)),
                new Command("time", "time set YYYY-MM-DDTHH:MM:SSZ", true, "set the clock (UTC)", null),
                new Command("reboot", "reboot", true, "restart the terminal", new Handler(RebootCommand)),
                new Command("factory-reset", "factory-reset confirm", true, "forget settings, secrets, PINs (keeps payments, history, Z reports)", new Handler(FactoryResetCommand)),
            };
        }

        /// <summary>The usages of the command table and whether each needs the PIN (tests, docs).</summary>
        public static string[] Usages(bool needsPin)
        {
            Command[] table = new TechConsole(null, null).commands;
            int n = 0;
            for (int i = 0; i < table.Length; i++)
            {
                if (table[i].Help != null && table[i].NeedsPin == needsPin)
                {
                    n++;
                }
            }

            string[] usages = new string[n];
            n = 0;
            for (int i = 0; i < table.Length; i++)
            {
                if (table[i].Help != null && table[i].NeedsPin == needsPin)
                {
                    usages[n++] = table[i].Usage;
                }
            }

            return usages;
        }

        // ------------------------------------------------------------------ commands

        private void RefundCommand(string[] words, string text)
        {
            refunds.Refund(words);
        }

        private void RefundsCommand(string[] words, string text)
        {
            refunds.List();
        }

        private void ManagerCommand(string[] words, string text)
        {
            refunds.Manager(words, app.Pin.IsSet && SessionValid()); // the manager PIN is set in a technician session
        }

        private void HelpCommand(string[] words, string text)
        {
            Say("Terminal technician console (docs/console.md). [PIN] = needs 'login PIN'.");
            for (int i = 0; i < commands.Length; i++)
            {
                Command c = commands[i];
                if (c.Help == null)
                {
                    continue;
                }

                string usage = c.Usage;
                while (usage.Length < 30)
                {
                    usage += " ";
                }

                Say("  " + usage + (c.NeedsPin ? "[PIN] " : string.Empty) + c.Help);
            }

            Ok();
        }

        private void StatusCommand(string[] words, string text)
        {
            ConsoleContext p = app;
            string bench = app.BenchMarker;
            if (bench != null)
            {
                Say(bench + (!app.BenchComplete ?
                    " - INCOMPLETE: wx_ca not set ('cert set wx_ca'), so WeChat Pay itself is used" :
                    " - WeChat Pay requests go to the sandbox; clear wx_endpoint before production"));
            }

            Say("firmware: " + (p.System == null ? "?" : p.System.FirmwareVersion) + ", console " + Version);
            long up = p.Clock.MonotonicMs / 1000;
            Say("uptime: " + (up / 3600).ToString() + "h " + ((up / 60) % 60).ToString() + "m " + (up % 60).ToString() + "s");
            long free = p.System == null ? -1 : p.System.FreeMemory;
            Say("memory: " + (free < 0 ? "unknown" : free.ToString() + " bytes free"));
            Say("network: " + (p.Network == null ? "unknown" : (p.Network.IsUp ? "up, " : "DOWN, ") + p.Network.Describe()));
            Say("clock: " + (p.Clock.IsWallClockValid ? "synchronised, " + Iso(p.Clock.UtcNow) : "NOT synchronised"));
            Say("flash: " + p.Store.FreeBytes.ToString() + " bytes free");
            if (app.Config.Problem != null)
            {
                Say("SETTINGS DAMAGED: " + app.Config.Problem);
            }

            if (app.Pin.IsDamaged)
            {
                Say("PIN RECORD DAMAGED: console locked; 'pin recover API_KEY NEW' (docs/console.md)");
            }

            string missing = app.Config.MissingForSales();
            Say("merchant: " + (missing == null ? "configured (mch_id " + app.Config.Get("mch_id") + ")" : "NOT configured: " + missing + " missing"));
            OutboxStatus s = app.Outbox.Status();
            Say("outbox: " + s.Depth.ToString() + " waiting, " + s.DeadLetters.ToString() + " dead letters, " + s.Quarantined.ToString() +
                " quarantined, " + s.StoredCount.ToString() + "/" + s.MaxRecords.ToString() + " records" + (s.Full ? ", FULL" : string.Empty) +
                (s.HighWater ? ", above high water" : string.Empty));
            Say("sales: " + (s.SaleRefusal == null ? "allowed" : "refused: " + s.SaleRefusal));
            Say("unresolved orders: " + app.Engine.PendingCount.ToString());
            GuaranteeLog g = app.Engine.Guarantee;
            Say("guarantee report: " + (g.Enabled ? "on, " + g.Count.ToString() + " waiting, " + g.Delivered.ToString() + " delivered, " + g.Dropped.ToString() + " dropped" : "off"));
            Say("recovery at boot: " + app.Engine.LastRecovery.Describe());
            string last = s.LastError;
            HistoryRecord[] tx = app.History.Last(1);
            Say("last error: " + (last == null ? "none" : "merchant server: " + last));
            if (tx.Length == 1)
            {
                Say("last sale: " + Describe(tx[0], app.History.OffsetMinutes));
            }

            Say("printer: " + (app.Receipts == null ? "none" : app.Receipts.StatusText()));
            Say("screen: " + app.Ui.Screen.ToText());
            Ok();
        }

        private void ConfigCommand(string[] words, string text)
        {
            string sub = words.Length > 1 ? words[1].ToLower() : "show";
            if (sub == "show")
            {
                string[] lines = app.Config.Show();
                for (int i = 0; i < lines.Length; i++)
                {
                    Say(lines[i]);
                }

                Ok();
                return;
            }

            if (sub == "keys")
            {
                for (int i = 0; i < TerminalConfig.Settings.Length; i++)
                {
                    Say(TerminalConfig.Settings[i].Name + ": " + TerminalConfig.Settings[i].Help);
                }

                Say("certificates (cert set NAME, paste the PEM): wx_ca = the bench sandbox's CA, merchant_ca = the merchant server's root CA");
                Say("secrets (write-only): api_key, merchant_secret, wifi_password, client_cert, client_key");
                Ok();
                return;
            }

            if (sub != "set")
            {
                Error("usage: config show | config keys | config set KEY VALUE");
                return;
            }

            if (words.Length < 3)
            {
                Error("usage: config set KEY VALUE (an empty VALUE clears optional settings)");
                return;
            }

            string key = words[2].ToLower();
            if (TerminalConfig.IsSecret(key))
            {
                Error("'" + key + "' is a secret: use 'secret set " + key + " ...' (it is never shown)");
                return;
            }

            if (TerminalConfig.IsCert(key))
            {
                Error("'" + key + "' is a certificate: use 'cert set " + key + "' and paste the PEM");
                return;
            }

            if (!Authorised())
            {
                return;
            }

            string value = Rest(text, 3);
            string error = app.Config.Set(key, value);
            if (error != null)
            {
                Error(error);
                return;
            }

            app.Config.Save();
            Say(key + " = " + app.Config.Get(key));
            if (TerminalConfig.Find(key).Live)
            {
                if (app.ApplyLiveSettings != null)
                {
                    app.ApplyLiveSettings();
                }

                Say("applied now");
            }
            else
            {
                Say("saved; takes effect after 'reboot'");
            }

            Ok();
        }

        private void SecretCommand(string[] words, string text)
        {
            if (words.Length < 3 || (words[1].ToLower() != "set" && words[1].ToLower() != "clear"))
            {
                Error("usage: secret set NAME VALUE | secret set client_cert | secret clear NAME");
                return;
            }

            string name = words[2].ToLower();
            if (!TerminalConfig.IsSecret(name))
            {
                Error("unknown secret '" + Clip(words[2]) + "' (secrets: api_key, merchant_secret, wifi_password, client_cert, client_key)");
                return;
            }

            if (!Authorised())
            {
                return;
            }

            if (words[1].ToLower() == "clear")
            {
                app.Config.ClearSecret(name);
                app.Config.Save();
                Say(name + " cleared; takes effect after 'reboot'");
                Ok();
                return;
            }

            if (words.Length == 3 && (name == "client_cert" || name == "client_key"))
            {
                pemName = name;
                pem = string.Empty;
                pemIsCert = false;
                Say("paste the PEM now; it ends with its -----END ...----- line ('.' aborts). It is not echoed.");
                return;
            }

            string value = Rest(text, 3);
            string error = app.Config.SetSecret(name, value);
            if (error != null)
            {
                Error(error); // the error names the rule, never the value
                return;
            }

            app.Config.Save();
            Say(name + " set (" + value.Length.ToString() + " characters); takes effect after 'reboot'");
            Ok();
        }

        private void CollectPem(string text)
        {
            if (text == ".")
            {
                pemName = null;
                pem = null;
                Error("aborted; nothing changed");
                return;
            }

            if (pem.Length + text.Length > TerminalConfig.MaxCertPem)
            {
                pemName = null;
                pem = null;
                Error("PEM longer than " + TerminalConfig.MaxCertPem.ToString() + " characters: aborted; nothing changed");
                return;
            }

            pem += text + "\n";
            if (text.IndexOf("-----END") < 0)
            {
                return;
            }

            string name = pemName;
            string value = pem;
            pemName = null;
            pem = null;
            string error = pemIsCert ? app.Config.SetCert(name, value) : app.Config.SetSecret(name, value);
            if (error != null)
            {
                Error(error);
                return;
            }

            app.Config.Save();
            Say(name + " set (" + value.Length.ToString() + " characters); takes effect after 'reboot'");
            Ok();
        }

        /// <summary>cert set NAME (then the PEM) | cert show NAME | cert clear NAME | cert: the CA certificates (not secret).</summary>
        private void CertCommand(string[] words, string text)
        {
            string sub = words.Length > 1 ? words[1].ToLower() : "list";
            if (sub == "list" && words.Length <= 2)
            {
                for (int i = 0; i < TerminalConfig.CertNames.Length; i++)
                {
                    string v = app.Config.Cert(TerminalConfig.CertNames[i]);
                    Say(TerminalConfig.CertNames[i] + " = " + (v == null ? "(not set)" : "PEM certificate, " + v.Length.ToString() + " characters"));
                }

                Ok();
                return;
            }

            if (words.Length != 3 || (sub != "set" && sub != "show" && sub != "clear"))
            {
                Error("usage: cert | cert set NAME (then paste the PEM) | cert show NAME | cert clear NAME; NAME: wx_ca, merchant_ca");
                return;
            }

            string name = words[2].ToLower();
            if (!TerminalConfig.IsCert(name))
            {
                Error("unknown certificate '" + Clip(words[2]) + "' (certificates: wx_ca, merchant_ca" +
                    (TerminalConfig.IsSecret(name) ? "; '" + name + "' is a secret: 'secret set " + name + "')" : ")"));
                return;
            }

            if (sub == "show")
            {
                string v = app.Config.Cert(name);
                if (v == null)
                {
                    Say(name + " is not set");
                }
                else
                {
                    string[] lines = v.Split(new char[] { '\n' });
                    for (int i = 0; i < lines.Length; i++)
                    {
                        if (lines[i].Length > 0)
                        {
                            Say(lines[i]);
                        }
                    }
                }

                Ok();
                return;
            }

            if (!Authorised())
            {
                return;
            }

            if (sub == "clear")
            {
                app.Config.ClearCert(name);
                app.Config.Save();
                Say(name + " cleared; takes effect after 'reboot'");
                Ok();
                return;
            }

            pemName = name;
            pem = string.Empty;
            pemIsCert = true;
            Say("paste the PEM certificate now; it ends with its -----END CERTIFICATE----- line ('.' aborts)");
        }

        private void LogoutCommand(string[] words, string text)
        {
            loggedIn = false;
            Ok();
        }

        private void LoginCommand(string[] words, string text)
        {
            if (words.Length != 2)
            {
                Error("usage: login PIN");
                return;
            }

            PinCheck check = app.Pin.Verify(words[1]);
            switch (check)
            {
                case PinCheck.Ok:
                    loggedIn = true;
                    sessionUntilMs = app.Clock.MonotonicMs + SessionMs;
                    Say("technician session open for 5 minutes");
                    Ok();
                    return;
                case PinCheck.NotSet:
                    Error("no technician PIN is set yet: 'pin set NEW' (4-12 digits)");
                    return;
                case PinCheck.Damaged:
                    Error(PinDamaged);
                    return;
                case PinCheck.LockedOut:
                    Error("too many wrong PINs: locked for " + app.Pin.LockoutSecondsLeft.ToString() + " s");
                    return;
                default:
                    int left = PinGuard.FreeAttempts - app.Pin.Failures;
                    Error(left > 0 ? "wrong PIN (" + left.ToString() + " more before a lockout)" :
                        "wrong PIN: locked for " + app.Pin.LockoutSecondsLeft.ToString() + " s");
                    return;
            }
        }

        private const string PinDamaged = "the PIN record in flash is damaged: the console is locked. Recovery: 'pin recover API_KEY NEW' with the merchant's WeChat Pay API key (docs/console.md)";

        private void PinCommand(string[] words, string text)
        {
            if (words.Length == 4 && words[1].ToLower() == "recover")
            {
                PinRecover(words[2], words[3]);
                return;
            }

            if (words.Length < 3 || words[1].ToLower() != "set" || words.Length > 4)
            {
                Error("usage: pin set NEW (first PIN) | pin set OLD NEW | pin recover API_KEY NEW (damaged PIN record only)");
                return;
            }

            if (app.Pin.IsDamaged)
            {
                Error(PinDamaged);
                return;
            }

            string newPin;
            if (!app.Pin.IsSet)
            {
                if (words.Length != 3)
                {
                    Error("no PIN is set yet: 'pin set NEW'");
                    return;
                }

                newPin = words[2];
            }
            else
            {
                if (words.Length != 4)
                {
                    Error("a PIN is set: 'pin set OLD NEW'");
                    return;
                }

                PinCheck check = app.Pin.Verify(words[2]);
                if (check == PinCheck.LockedOut)
                {
                    Error("too many wrong PINs: locked for " + app.Pin.LockoutSecondsLeft.ToString() + " s");
                    return;
                }

                if (check != PinCheck.Ok)
                {
                    Error("wrong PIN");
                    return;
                }

                newPin = words[3];
            }

            string problem = PinGuard.CheckFormat(newPin);
            if (problem != null)
            {
                Error(problem);
                return;
            }

            app.Pin.Set(newPin);
            loggedIn = false;
            Say("PIN set; 'login PIN' to open a session");
            Ok();
        }

        /// <summary>pin recover API_KEY NEW: a new PIN when the stored record is damaged, proven by the merchant's API key (never echoed).</summary>
        private void PinRecover(string apiKey, string newPin)
        {
            if (!app.Pin.IsDamaged)
            {
                Error("the PIN record is sound: use 'pin set OLD NEW' ('pin recover' is only for a damaged record)");
                return;
            }

            string stored = app.Config == null ? null : app.Config.Secret("api_key");
            if (stored == null || stored.Length == 0)
            {
                Error("no readable API key is stored, so the PIN cannot be recovered on the terminal: see docs/console.md, 'A damaged PIN record'");
                return;
            }

            string problem = PinGuard.CheckFormat(newPin);
            if (problem != null)
            {
                Error(problem);
                return;
            }

            PinCheck check = app.Pin.CheckRecoveryKey(apiKey, stored);
            if (check == PinCheck.LockedOut)
            {
                Error("too many wrong attempts: locked for " + app.Pin.LockoutSecondsLeft.ToString() + " s");
                return;
            }

            if (check != PinCheck.Ok)
            {
                Error("wrong API key");
                return;
            }

            app.Pin.Set(newPin);
            loggedIn = false;
            Say("PIN record rewritten; 'login PIN' to open a session");
            Ok();
        }

        private void OutboxCommand(string[] words, string text)
        {
            string sub = words.Length > 1 ? words[1].ToLower() : "status";
            NotificationOutbox outbox = app.Outbox;
            switch (sub)
            {
                case "status":
                    OutboxStatus s = outbox.Status();
                    Say("waiting: " + s.Depth.ToString() + " (" + s.PendingBytes.ToString() + " bytes)");
                    Say("dead letters: " + s.DeadLetters.ToString() + ", quarantined: " + s.Quarantined.ToString());
                    Say("capacity: " + s.StoredCount.ToString() + "/" + s.MaxRecords.ToString() + " records, " + s.StoredBytes.ToString() + "/" + s.MaxBytes.ToString() + " bytes" + (s.Full ? " FULL" : string.Empty));
                    Say("delivered this boot: " + s.DeliveredThisBoot.ToString() + ", failures in a row: " + s.ConsecutiveFailures.ToString() + ", next try in " + (s.RetryInMs / 1000).ToString() + " s");
                    Say("last error: " + (s.LastError == null ? "none" : s.LastError));
                    Say("merchant control: " + (s.Suspended ? "SUSPENDED (" + s.SuspendReason + ")" : "selling") + (s.VelocityLocked ? ", velocity LOCKED (" + s.VelocityReason + ")" : string.Empty) + (s.RiskStateUnknown ? ", risk state unknown" : string.Empty));
                    Ok();
                    return;
                case "list":
                    DeadLetter[] dead = outbox.DeadLetters();
                    if (dead.Length == 0)
                    {
                        Say("no dead letters");
                    }

                    for (int i = 0; i < dead.Length; i++)
                    {
                        PaidNotification n = dead[i].Notification;
                        Say(dead[i].Sequence.ToString() + ": " + (n == null ? "(unreadable)" : n.OutTradeNo + " " + n.TotalFee.ToString() + " " + n.FeeType) +
                            " rejected " + dead[i].Status.ToString() + ": " + dead[i].Reason);
                    }

                    string[] q = outbox.Quarantined();
                    for (int i = 0; i < q.Length; i++)
                    {
                        Say("quarantined: " + q[i]);
                    }

                    Ok();
                    return;
                case "send":
                    outbox.RetryNow();
                    Say("delivery requested");
                    Ok();
                    return;
                case "retry":
                case "delete":
                    if (words.Length != 3 || TerminalConfig.ParseNumber(words[2]) < 0)
                    {
                        Error("usage: outbox " + sub + " SEQ (the number 'outbox list' shows)");
                        return;
                    }

                    if (!Authorised())
                    {
                        return;
                    }

                    int seq = (int)TerminalConfig.ParseNumber(words[2]);
                    bool done = sub == "retry" ? outbox.RetryDeadLetter(seq) : outbox.DeleteDeadLetter(seq);
                    if (!done)
                    {
                        Error("no dead letter " + seq.ToString());
                        return;
                    }

                    Say(sub == "retry" ? "dead letter " + seq.ToString() + " queued again" : "dead letter " + seq.ToString() + " deleted");
                    Ok();
                    return;
            }

            Error("usage: outbox [status] | outbox list | outbox send | outbox retry SEQ | outbox delete SEQ");
        }

        private void RiskCommand(string[] words, string text)
        {
            if (words.Length != 2 || words[1].ToLower() != "release")
            {
                Error("usage: risk release");
                return;
            }

            if (!Authorised())
            {
                return;
            }

            app.Outbox.ReleaseVelocityLock();
            Say("velocity lock released");
            Ok();
        }

        private void TxCommand(string[] words, string text)
        {
            int count = 10;
            if (words.Length > 1)
            {
                long n = TerminalConfig.ParseNumber(words[1]);
                if (n < 1 || n > 50)
                {
                    Error("usage: tx [N] with N from 1 to 50");
                    return;
                }

                count = (int)n;
            }

            HistoryRecord[] records = app.History.Last(count);
            if (records.Length == 0)
            {
                Say("no sales yet");
            }

            for (int i = 0; i < records.Length; i++)
            {
                Say(Describe(records[i], app.History.OffsetMinutes));
            }

            Ok();
        }

        private void UnresolvedCommand(string[] words, string text)
        {
            string[] orders = app.Engine.PendingOrders();
            if (orders.Length == 0)
            {
                Say("no unresolved orders");
            }

            for (int i = 0; i < orders.Length; i++)
            {
                Say(orders[i] + ": unresolved - do not charge again; the terminal keeps checking");
            }

            Ok();
        }

        private void ResolveCommand(string[] words, string text)
        {
            if (!Authorised())
            {
                return;
            }

            if (app.Ui.SaleRunning)
            {
                Error("a sale is running; try again when it ends");
                return;
            }

            int before = app.Engine.PendingCount;
            int left = app.Engine.Reconcile();
            Say("resolved " + (before - left < 0 ? 0 : before - left).ToString() + ", still unresolved " + left.ToString());
            Ok();
        }

        private void SelfTestCommand(string[] words, string text)
        {
            int passed = 0;
            int failed = 0;
            ConsoleContext p = app;

            string flash = "ok";
            try
            {
                byte[] probe = new byte[16];
                p.Random.NextBytes(probe);
                p.Store.Write("terminal/selftest", probe, 0, probe.Length);
                byte[] back = p.Store.Read("terminal/selftest");
                p.Store.Delete("terminal/selftest");
                if (back == null || back.Length != 16)
                {
                    flash = "FAIL read back " + (back == null ? "nothing" : back.Length.ToString() + " bytes");
                }
                else
                {
                    for (int i = 0; i < 16; i++)
                    {
                        if (back[i] != probe[i])
                        {
                            flash = "FAIL content differs";
                            break;
                        }
                    }
                }
            }
            catch (StoreException e)
            {
                flash = "FAIL " + e.Message;
            }

            Check("flash write/read/delete", flash, ref passed, ref failed);
            Check("flash free space", p.Store.FreeBytes > 64 * 1024 ? "ok (" + p.Store.FreeBytes.ToString() + " bytes)" : "FAIL only " + p.Store.FreeBytes.ToString() + " bytes", ref passed, ref failed);
            Check("clock", p.Clock.IsWallClockValid ? "ok " + Iso(p.Clock.UtcNow) : "FAIL not synchronised", ref passed, ref failed);
            Check("network", p.Network == null || p.Network.IsUp ? "ok" : "FAIL " + p.Network.Describe(), ref passed, ref failed);
            byte[] md5 = Md5.Hash(Utf8.Encode("abc"));
            Check("md5", Hex.Encode(md5) == "900150983CD24FB0D6963F7D28E17F72" ? "ok" : "FAIL wrong digest", ref passed, ref failed);
            byte[] mac = Hmac.Sha256(Utf8.Encode("key"), Utf8.Encode("The quick brown fox jumps over the lazy dog"));
            Check("hmac-sha256", Hex.Encode(mac) == "F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8" ? "ok" : "FAIL wrong digest", ref passed, ref failed);
            byte[] random = new byte[16];
            p.Random.NextBytes(random);
            bool allSame = true;
            for (int i = 1; i < random.Length; i++)
            {
                allSame &= random[i] == random[0];
            }

            Check("random", allSame ? "FAIL constant output" : "ok", ref passed, ref failed);
            int missing = 0;
            for (int i = 0; i < UiText.ChineseCount; i++)
            {
                string s = UiText.Get((T)i, Language.Chinese);
                for (int j = 0; j < s.Length; j++)
                {
                    if (s[j] > '~' && Renderer.FindCjk(s[j]) < 0)
                    {
                        missing++;
                    }
                }
            }

            Check("display font", missing == 0 ? "ok" : "FAIL " + missing.ToString() + " glyphs missing", ref passed, ref failed);
            Check("receipt printer", PrinterCheck(), ref passed, ref failed);
            Check("stored settings", app.Config.Problem == null ? "ok" : "FAIL " + app.Config.Problem, ref passed, ref failed);
            Check("PIN record", app.Pin.IsDamaged ? "FAIL damaged: 'pin recover API_KEY NEW'" : "ok", ref passed, ref failed);
            string config = app.Config.MissingForSales();
            Check("merchant configuration", config == null ? "ok" : "FAIL " + config + " missing", ref passed, ref failed);
            OutboxStatus s2 = app.Outbox.Status();
            Check("outbox", s2.Quarantined == 0 ? "ok (" + s2.Depth.ToString() + " waiting)" : "FAIL " + s2.Quarantined.ToString() + " unreadable records quarantined", ref passed, ref failed);
            Say("selftest: " + passed.ToString() + " passed, " + failed.ToString() + " failed");
            if (failed == 0)
            {
                Ok();
            }
            else
            {
                Error(failed.ToString() + " check(s) failed");
            }
        }

        private void TimeCommand(string[] words, string text)
        {
            IClock clock = app.Clock;
            if (words.Length == 1)
            {
                Say(clock.IsWallClockValid ? Iso(clock.UtcNow) + " (synchronised)" : "not synchronised (" + Iso(clock.UtcNow) + ")");
                if (clock.IsWallClockValid)
                {
                    Say("local: " + LocalTime.DateTime(UnixNow(), app.History.OffsetMinutes) + " (UTC" + LocalTime.FormatOffset(app.History.OffsetMinutes) + ", setting utc_offset)");
                }

                Say("uptime: " + (clock.MonotonicMs / 1000).ToString() + " s");
                Ok();
                return;
            }

            if (words.Length != 3 || words[1].ToLower() != "set")
            {
                Error("usage: time | time set YYYY-MM-DDTHH:MM:SSZ");
                return;
            }

            DateTime when;
            if (!TryParseIso(words[2], out when))
            {
                Error("time must be UTC as YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-11-21T04:00:00Z");
                return;
            }

            if (!Authorised())
            {
                return;
            }

            if (app.System == null || !app.System.SetTime(when))
            {
                Error("this platform cannot set the clock (it uses SNTP)");
                return;
            }

            Say("clock set to " + Iso(when));
            Ok();
        }

        private void RebootCommand(string[] words, string text)
        {
            if (!Authorised())
            {
                return;
            }

            if (app.Ui.SaleRunning)
            {
                Error("a sale is running; reboot when it ends");
                return;
            }

            Say("rebooting");
            Ok();
            if (app.System != null)
            {
                app.System.Reboot();
            }
        }

        private void FactoryResetCommand(string[] words, string text)
        {
            if (words.Length != 2 || words[1] != "confirm")
            {
                Error("factory-reset forgets every setting, secret, the PIN and the sales list; type 'factory-reset confirm'");
                return;
            }

            if (!Authorised())
            {
                return;
            }

            if (app.Ui.SaleRunning)
            {
                Error("a sale is running; try again when it ends");
                return;
            }

            app.Config.FactoryReset();
            app.Pin.Clear();
            if (app.ManagerPin != null)
            {
                try
                {
                    app.ManagerPin.Clear();
                }
                catch (StoreException)
                {
                    // no manager PIN file: nothing to forget
                }
            }
            loggedIn = false;
            Say("settings, secrets and PINs erased; payment journal, outbox, refunds, sales history and Z reports kept (" +
                app.Outbox.Status().Depth.ToString() + " notifications waiting, " + app.Engine.PendingCount.ToString() + " unresolved orders)");
            Say("rebooting");
            Ok();
            if (app.System != null)
            {
                app.System.Reboot();
            }
        }

        // ------------------------------------------------------------------ helpers

        private bool SessionValid()
        {
            if (loggedIn && app.Clock.MonotonicMs >= sessionUntilMs)
            {
                loggedIn = false;
            }

            return loggedIn;
        }

        private bool Authorised()
        {
            if (app.Pin.IsDamaged)
            {
                Error(PinDamaged);
                return false;
            }

            if (!app.Pin.IsSet)
            {
                Error("no technician PIN is set yet: 'pin set NEW' (4-12 digits), then 'login PIN'");
                return false;
            }

            if (!SessionValid())
            {
                Error("this command needs the technician PIN: 'login PIN' first");
                return false;
            }

            sessionUntilMs = app.Clock.MonotonicMs + SessionMs;
            return true;
        }

        private void Check(string name, string result, ref int passed, ref int failed)
        {
            if (result.StartsWith("FAIL"))
            {
                failed++;
            }
            else
            {
                passed++;
            }

            Say("  " + name + ": " + result);
        }

        /// <summary>One history line in local time: when, order, amount, status, reason, reference.</summary>
        private static string Describe(HistoryRecord r, int offsetMinutes)
        {
            string reference = r.Reference != null && r.Reference.Length > 0 ? (r.Status == HistoryRecord.Refunded ? " refund " : " wx ") + r.Reference : string.Empty;
            return (r.At == 0 ? "(no clock)" : LocalTime.DateTime(r.At, offsetMinutes)) + " " + (r.OutTradeNo == null || r.OutTradeNo.Length == 0 ? "-" : r.OutTradeNo) +
                " " + Amount(r.Amount, r.Currency) + " " + r.Currency + " " + HistoryRecord.StatusName(r.Status) + (r.Reason != null && r.Reason.Length > 0 ? " " + r.Reason : string.Empty) + reference;
        }

        private static string Amount(long minor, string currency)
        {
            Currency c = Currency.Find(currency);
            return c == null ? minor.ToString() : MoneyText.Format(minor, c);
        }

        /// <summary>yyyy-MM-ddTHH:mm:ssZ.</summary>
        public static string Iso(DateTime t)
        {
            return t.Year.ToString() + "-" + Two(t.Month) + "-" + Two(t.Day) + "T" + Two(t.Hour) + ":" + Two(t.Minute) + ":" + Two(t.Second) + "Z";
        }

        private static string Two(int n)
        {
            return n < 10 ? "0" + n.ToString() : n.ToString();
        }

        public static bool TryParseIso(string s, out DateTime result)
        {
            result = DateTime.MinValue;
            if (s == null || s.Length != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
            {
                return false;
            }

            long year = TerminalConfig.ParseNumber(s.Substring(0, 4));
            long month = TerminalConfig.ParseNumber(s.Substring(5, 2));
            long day = TerminalConfig.ParseNumber(s.Substring(8, 2));
            long hour = TerminalConfig.ParseNumber(s.Substring(11, 2));
            long minute = TerminalConfig.ParseNumber(s.Substring(14, 2));
            long second = TerminalConfig.ParseNumber(s.Substring(17, 2));
            if (year < 2024 || year > 2099 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
            {
                return false;
            }

            if (day > DateTime.DaysInMonth((int)year, (int)month))
            {
                return false;
            }

            result = new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, (int)second);
            return true;
        }

        private static string[] Words(string text)
        {
            string[] raw = text.Trim().Split(Space);
            int n = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i].Length > 0)
                {
                    n++;
                }
            }

            string[] words = new string[n];
            n = 0;
            for (int i = 0; i < raw.Length; i++)
            {
                if (raw[i].Length > 0)
                {
                    words[n++] = raw[i];
                }
            }

            return words;
        }

        /// <summary>The text after the first <paramref name="skip"/> words (spaces inside kept).</summary>
        private static string Rest(string text, int skip)
        {
            int i = 0;
            string t = text.Trim();
            for (int w = 0; w < skip; w++)
            {
                while (i < t.Length && t[i] == ' ')
                {
                    i++;
                }

                while (i < t.Length && t[i] != ' ')
                {
                    i++;
                }
            }

            while (i < t.Length && t[i] == ' ')
            {
                i++;
            }

            return t.Substring(i);
        }

        private static string Clip(string s)
        {
            return s.Length > 24 ? s.Substring(0, 24) + "..." : s;
        }

        private void Say(string text)
        {
            if (output != null)
            {
                output.Write(text + "\r\n");
            }
        }

        private void Ok()
        {
            Say("ok");
        }

        private void Error(string message)
        {
            Say("error: " + message);
        }
    }
}
