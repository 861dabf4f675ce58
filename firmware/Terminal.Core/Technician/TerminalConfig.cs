using System.Collections;
using Terminal.Core.Money;
using Terminal.Core.Net;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Storage;
using Terminal.Core.Text;
using Terminal.Core.Timing;
using Terminal.Core.Ui;

namespace Terminal.Core.Technician
{
    /// <summary>
    /// The terminal's settings and write-only secrets, persisted through the file store
    /// (docs/console.md, "Configuration"; docs/storage.md, "Settings files"). Two
    /// <see cref="SealedFile"/>s (version line, CRC line), UTF-8, one <c>key=value</c> per line,
    /// unknown keys are kept: <c>terminal/config</c> (settings) and <c>terminal/secrets</c> (API
    /// key, merchant server secret, Wi-Fi password, client certificate and key; PEM line breaks
    /// stored as "\n"). Each file is written whole (the store commits atomically). A file that
    /// fails its check is never read as defaults: nothing of it is loaded, <see cref="Problem"/>
    /// says so and sales are refused (<see cref="MissingForSales"/>) until the next start finds
    /// sound files. The unsealed files of earlier firmware are read and rewritten sealed. Secrets never leave this class except to build the merchant
    /// account and links; <see cref="Show"/> prints only whether each one is set.
    /// </summary>
    public sealed class TerminalConfig
    {
        public const string ConfigPath = "terminal/config";
        public const string SecretsPath = "terminal/secrets";
        public const string ConfigMagic = "terminal-config";
        public const string SecretsMagic = "terminal-secrets";
        public const int FormatVersion = 2;

        /// <summary>How the unsealed version-1 files began (always written with these headers).</summary>
        private const string LegacyConfigHeader = "# terminal settings (docs/console.md)\n";
        private const string LegacySecretsHeader = "# write-only secrets: never printed\n";

        /// <summary>
        /// The settings: one row each (name, default, rule, bounds, help; <see cref="Setting"/>).
        /// 'config set' validates by the row's rule, <see cref="Load"/> validates every stored value
        /// again, 'config keys' and 'config show' list the rows. Extend by adding a row.
        /// </summary>
        public static readonly Setting[] Settings =
        {
            new Setting("terminal_id", "T1", SettingRule.TerminalId, 1, 20, "order-number prefix, 1-20 letters/digits"),
            new Setting("store_name", "", SettingRule.Text, 0, 32, "shown on receipts and sent as the order body, <= 32 bytes"),
            new Setting("appid", "", SettingRule.Word, 1, 32, "WeChat Pay appid (wx...), <= 32"),
            new Setting("mch_id", "", SettingRule.Digits, 1, 32, "merchant id (digits), <= 32"),
            new Setting("sub_appid", "", SettingRule.Word, 0, 32, "partner mode: sub-merchant appid (optional)"),
            new Setting("sub_mch_id", "", SettingRule.Digits, 0, 32, "partner mode: sub-merchant id (optional)"),
            new Setting("sign_type", "MD5", SettingRule.SignType, 0, 0, "MD5 or HMAC-SHA256"),
            new Setting("region", "mainland", SettingRule.Choice, 0, 0, "mainland or global (endpoints: docs/protocol.md)").WithChoices(new string[] { "mainland", "global" }),
            new Setting("currency", "CNY", SettingRule.Currency, 0, 0, "ISO 4217 code: " + Currency.SupportedCodes()),
            new Setting("max_amount", "50000.00", SettingRule.Money, 0, 0, "largest sale, e.g. 50000.00 (currency decimals)"),
            new Setting("device_info", "", SettingRule.Word, 0, 32, "device_info sent to WeChat, <= 32 (optional)"),
            new Setting("spbill_ip", "127.0.0.1", SettingRule.IPv4, 0, 0, "the terminal's IPv4 address for spbill_create_ip"),
            new Setting("merchant_url", "", SettingRule.Url, 0, 0, "merchant server, https://host[:port][/path]").MayBeEmpty(),
            new Setting("wifi_ssid", "", SettingRule.Text, 0, 32, "Wi-Fi network name (password: secret set wifi_password)"),
            new Setting("deadline_s", "30", SettingRule.Range, 5, 45, "stop waiting for the password after N s (5-45)"),
            new Setting("poll_s", "5", SettingRule.Range, 1, 15, "query interval in s (1-15)"),
            new Setting("scan_timeout_s", "60", SettingRule.Range, 10, 300, "scan prompt time-out in s (10-300)").AppliesLive(),
            new Setting("language", "en", SettingRule.Choice, 0, 0, "display language: en or zh").WithChoices(new string[] { "en", "zh" }).AppliesLive(),
            new Setting("scanner_framing", "cr", SettingRule.Choice, 0, 0, "scanner end of line: cr, lf, crlf or any").WithChoices(new string[] { "cr", "lf", "crlf", "any" }).AppliesLive(),
            new Setting("wx_endpoint", "", SettingRule.Endpoint, 0, 0, "TEST BENCH ONLY: send WeChat's host names to this LAN sandbox, IPv4-or-host:port (also needs 'cert set wx_ca'); empty = WeChat Pay").MayBeEmpty(),
            new Setting("utc_offset", "+08:00", SettingRule.UtcOffset, 0, 0, "the store's UTC offset, +HH:MM (times shown, the day a Z report closes); default +08:00, China time").AppliesLive(),
            new Setting("printer", "none", SettingRule.Choice, 0, 0, "receipt printer: none, or uart (58 mm ESC/POS on the scanner UART's TX, 9600 baud; hardware/README.md)").WithChoices(new string[] { "none", "uart" }),
            new Setting("receipt", "auto", SettingRule.Choice, 0, 0, "sale and refund receipts: auto (print each) or off (reprint on demand); Z receipts always print; needs printer uart").WithChoices(new string[] { "auto", "off" }).AppliesLive(),
            new Setting("guarantee_report", "off", SettingRule.Choice, 0, 0, "交易保障 report of each sale to WeChat Pay (best effort, background only): off or on").WithChoices(new string[] { "off", "on" }).AppliesLive(),
        };

        /// <summary>Write-only secrets.</summary>
        public static readonly string[] SecretNames =
        {
            "api_key", "merchant_secret", "wifi_password", "client_cert", "client_key",
        };

        /// <summary>
        /// CA certificates (PEM): not secret, but too long for 'config set'; set by pasting
        /// ('cert set NAME'), stored in <c>terminal/config</c> under these names.
        /// <c>wx_ca</c>: the LAN sandbox's CA, trusted instead of DigiCert while <c>wx_endpoint</c>
        /// is set; <c>merchant_ca</c>: the merchant server's root, trusted instead of the built-in roots.
        /// </summary>
        public static readonly string[] CertNames =
        {
            "wx_ca", "merchant_ca",
        };

        /// <summary>Longest certificate PEM accepted (characters; a 4096-bit RSA root is about 2,000).</summary>
        public const int MaxCertPem = 8192;

        private const string PemBegin = "-----BEGIN CERTIFICATE-----";
        private const string PemEnd = "-----END CERTIFICATE-----";

        private readonly IFileStore store;
        private readonly Pairs values = new Pairs();
        private readonly Pairs secrets = new Pairs();

        public TerminalConfig(IFileStore store)
        {
            this.store = store;
        }

        private SealedState configState = SealedState.Missing;
        private SealedState secretsState = SealedState.Missing;
        private string invalid;

        /// <summary>
        /// Null, or why the stored settings could not be trusted at the last <see cref="Load"/> (a
        /// damaged or unreadable file): for 'status', 'selftest' and the boot line on the console.
        /// Stays until the next start, even after the technician saved new values.
        /// </summary>
        public string Problem
        {
            get
            {
                string config = configState == SealedState.Damaged ? ConfigPath : null;
                string secret = secretsState == SealedState.Damaged ? SecretsPath : null;
                if (config == null && secret == null)
                {
                    return invalid == null ? null : "stored values break their rules (" + invalid + "): sales are refused; set them again ('config set', 'secret set') and reboot";
                }

                string files = config != null && secret != null ? config + " and " + secret : (config != null ? config : secret);
                return files + " failed the integrity check at start (damaged flash): nothing of it was loaded and sales are refused; " +
                    "enter the settings again ('config show', docs/console.md) and reboot";
            }
        }

        /// <summary>Reads both files (missing files mean defaults; damaged ones load nothing and set <see cref="Problem"/>). Old-format files are rewritten sealed.</summary>
        public void Load()
        {
            values.Clear();
            secrets.Clear();
            configState = ReadInto(ConfigPath, ConfigMagic, LegacyConfigHeader, values);
            secretsState = ReadInto(SecretsPath, SecretsMagic, LegacySecretsHeader, secrets);
            invalid = null;
            for (int i = 0; i < Settings.Length; i++)
            {
                string stored = (string)values[Settings[i].Name];
                string error = stored == null ? null : Validate(Settings[i], stored);
                if (error != null)
                {
                    invalid = (invalid == null ? string.Empty : invalid + "; ") + Settings[i].Name + " " + error;
                }
            }

            for (int i = 0; i < CertNames.Length; i++)
            {
                string pem = (string)values[CertNames[i]];
                string error = pem == null || pem.Length == 0 ? null : CheckCertificatePem(pem);
                if (error != null)
                {
                    invalid = (invalid == null ? string.Empty : invalid + "; ") + CertNames[i] + " " + error;
                }
            }

            for (int i = 0; i < SecretNames.Length; i++)
            {
                string secret = (string)secrets[SecretNames[i]];
                if (secret != null && ValidateSecret(SecretNames[i], secret) != null)
                {
                    invalid = (invalid == null ? string.Empty : invalid + "; ") + SecretNames[i] + " breaks its rule";
                }
            }
            if (configState == SealedState.Legacy || secretsState == SealedState.Legacy)
            {
                try
                {
                    Save();
                }
                catch (StoreException)
                {
                    // Loaded all the same; the next save seals them.
                }
            }
        }

        /// <summary>Writes both files. Throws <see cref="StoreException"/>.</summary>
        public void Save()
        {
            Write(ConfigPath, ConfigMagic, values);
            Write(SecretsPath, SecretsMagic, secrets);
        }

        /// <summary>The row of <paramref name="name"/>, or null.</summary>
        public static Setting Find(string name)
        {
            for (int i = 0; i < Settings.Length; i++)
            {
                if (Settings[i].Name == name)
                {
                    return Settings[i];
                }
            }

            return null;
        }

        public static bool IsSecret(string name)
        {
            for (int i = 0; i < SecretNames.Length; i++)
            {
                if (SecretNames[i] == name)
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsCert(string name)
        {
            for (int i = 0; i < CertNames.Length; i++)
            {
                if (CertNames[i] == name)
                {
                    return true;
                }
            }

            return false;
        }

        public static string HelpFor(string name)
        {
            Setting setting = Find(name);
            return setting == null ? null : setting.Help;
        }

        /// <summary>The setting's value (the default when not set).</summary>
        public string Get(string name)
        {
            string value = (string)values[name];
            if (value != null)
            {
                return value;
            }

            Setting setting = Find(name);
            return setting == null ? null : setting.Default;
        }

        /// <summary>Validates and sets (in memory; call <see cref="Save"/>). Returns null or the error for the technician.</summary>
        public string Set(string name, string value)
        {
            if (IsSecret(name))
            {
                return "'" + name + "' is a secret: use 'secret set " + name + "'";
            }

            if (IsCert(name))
            {
                return "'" + name + "' is a certificate: use 'cert set " + name + "' and paste the PEM";
            }

            Setting setting = Find(name);
            if (setting == null)
            {
                return "unknown setting '" + name + "' (see 'config show')";
            }

            if (value == null)
            {
                value = string.Empty;
            }

            string error = Validate(setting, value);
            if (error != null)
            {
                return name + ": " + error;
            }

            values[name] = Normalised(setting, value);
            if (name == "currency")
            {
                // Re-check the maximum against the new currency's decimals.
                string max = Get("max_amount");
                if (Validate(Find("max_amount"), max) != null)
                {
                    values.Remove("max_amount");
                }
            }

            return null;
        }

        public string SetSecret(string name, string value)
        {
            if (!IsSecret(name))
            {
                return "unknown secret '" + name + "' (secrets: api_key, merchant_secret, wifi_password, client_cert, client_key)";
            }

            string error = ValidateSecret(name, value);
            if (error != null)
            {
                return name + ": " + error;
            }

            secrets[name] = value;
            return null;
        }

        public void ClearSecret(string name)
        {
            secrets.Remove(name);
        }

        public bool HasSecret(string name)
        {
            string v = (string)secrets[name];
            return v != null && v.Length > 0;
        }

        /// <summary>The secret's value, for building the account and links only. Never print it.</summary>
        public string Secret(string name)
        {
            return (string)secrets[name];
        }

        /// <summary>Validates and sets a CA certificate (in memory; call <see cref="Save"/>). Returns null or the error.</summary>
        public string SetCert(string name, string pem)
        {
            if (!IsCert(name))
            {
                return "unknown certificate '" + name + "' (certificates: wx_ca, merchant_ca)";
            }

            string error = CheckCertificatePem(pem);
            if (error != null)
            {
                return name + ": " + error;
            }

            values[name] = pem;
            return null;
        }

        public void ClearCert(string name)
        {
            values.Remove(name);
        }

        /// <summary>The certificate PEM, or null when not set.</summary>
        public string Cert(string name)
        {
            if (!IsCert(name))
            {
                return null;
            }

            string v = (string)values[name];
            return v == null || v.Length == 0 ? null : v;
        }

        /// <summary>The bench redirection (<c>wx_endpoint</c>), or null on a normal terminal.</summary>
        public string BenchEndpoint
        {
            get
            {
                string v = Get("wx_endpoint");
                return v == null || v.Length == 0 ? null : v;
            }
        }

        /// <summary>"BENCH: sandbox 192.168.1.50:8443" while <c>wx_endpoint</c> is set, else null (ASCII: every language).</summary>
        public string BenchMarker
        {
            get
            {
                string endpoint = BenchEndpoint;
                return endpoint == null ? null : "BENCH: sandbox " + endpoint;
            }
        }

        /// <summary>The amount screen's title while <c>wx_endpoint</c> is set ("BENCH 192.168.1.50:8443", fits the 25-column title bar), else null.</summary>
        public string BenchTitle
        {
            get
            {
                string endpoint = BenchEndpoint;
                return endpoint == null ? null : "BENCH " + endpoint;
            }
        }

        /// <summary>Settings (value or default), certificates (summary) and secrets (set / not set), one line each.</summary>
        public string[] Show()
        {
            int n = Settings.Length;
            string[] lines = new string[n + CertNames.Length + SecretNames.Length];
            for (int i = 0; i < n; i++)
            {
                string name = Settings[i].Name;
                string v = Get(name);
                lines[i] = name + " = " + (v.Length == 0 ? "(empty)" : v) + (values[name] == null ? "  [default]" : string.Empty);
            }

            for (int i = 0; i < CertNames.Length; i++)
            {
                string pem = Cert(CertNames[i]);
                lines[n + i] = CertNames[i] + " = " + (pem == null ? "(not set)" : "PEM certificate, " + pem.Length.ToString() + " characters") + "  [cert]";
            }

            for (int i = 0; i < SecretNames.Length; i++)
            {
                lines[n + CertNames.Length + i] = SecretNames[i] + " = " + (HasSecret(SecretNames[i]) ? "(set)" : "(not set)") + "  [secret]";
            }

            return lines;
        }

        /// <summary>Forgets every setting and secret, in memory and in flash.</summary>
        public void FactoryReset()
        {
            values.Clear();
            secrets.Clear();
            store.Delete(ConfigPath);
            store.Delete(SecretsPath);
        }

        /// <summary>Null when the merchant credentials a sale needs are present, else what is missing.</summary>
        public string MissingForSales()
        {
            if (Problem != null)
            {
                return "sound stored settings";
            }

            if (Get("appid").Length == 0)
            {
                return "appid";
            }

            if (Get("mch_id").Length == 0)
            {
                return "mch_id";
            }

            return HasSecret("api_key") ? null : "api_key";
        }

        // ------------------------------------------------------------------ typed views

        public Currency Currency
        {
            get
            {
                Currency c = Currency.Find(Get("currency"));
                return c == null ? Currency.CNY : c;
            }
        }

        public long MaxAmount
        {
            get
            {
                long value;
                string error;
                return MoneyText.TryParse(Get("max_amount"), Currency, long.MaxValue, out value, out error) ? value : 5000000;
            }
        }

        /// <summary>The store's UTC offset in minutes (setting utc_offset; +08:00 when unset or invalid).</summary>
        public int UtcOffsetMinutes
        {
            get
            {
                int minutes;
                return LocalTime.ParseOffset(Get("utc_offset"), out minutes) == null ? minutes : LocalTime.DefaultOffsetMinutes;
            }
        }

        /// <summary>Setting printer = uart: a receipt printer is wired (docs/console.md).</summary>
        public bool HasPrinter
        {
            get { return Get("printer") == "uart"; }
        }

        /// <summary>Setting receipt = auto: sale and refund receipts print by themselves.</summary>
        public bool AutoReceipt
        {
            get { return Get("receipt") != "off"; }
        }

        /// <summary>Setting guarantee_report = on: the 交易保障 report of each sale goes to WeChat Pay in the background (docs/protocol.md).</summary>
        public bool GuaranteeReport
        {
            get { return Get("guarantee_report") == "on"; }
        }

        public Language Language
        {
            get { return Get("language") == "zh" ? Language.Chinese : Language.English; }
        }

        public Framing Framing
        {
            get
            {
                string f = Get("scanner_framing");
                return f == "lf" ? Framing.Lf : (f == "crlf" ? Framing.CrLf : (f == "any" ? Framing.Any : Framing.Cr));
            }
        }

        public int Seconds(string name)
        {
            return (int)ParseNumber(Get(name));
        }

        /// <summary>WeChat Pay's region (<c>region</c>), parsed here only.</summary>
        public Region Region
        {
            get { return Get("region") == "global" ? Region.Global : Region.Mainland; }
        }

        public int ScanTimeoutMs
        {
            get { return Seconds("scan_timeout_s") * 1000; }
        }

        /// <summary>The merchant server (<c>merchant_url</c>) through the core's one URL parser, or null when none is set.</summary>
        public HttpUrl MerchantUrl
        {
            get
            {
                string text = Get("merchant_url");
                HttpUrl url;
                return text.Length > 0 && HttpUrl.Parse(text, out url) == UrlError.None ? url : null;
            }
        }

        /// <summary>Everything the gateway factory needs, typed (the factory never sees this object).</summary>
        public LinkSettings ToLinkSettings()
        {
            LinkSettings l = new LinkSettings();
            l.Region = Region;
            l.MerchantUrl = MerchantUrl;
            l.MerchantCa = Cert("merchant_ca");
            string bench = BenchEndpoint;
            string host;
            int port;
            if (bench != null && ParseEndpoint(bench, out host, out port) == null)
            {
                l.BenchHost = host;
                l.BenchPort = port;
            }

            l.BenchCa = Cert("wx_ca");
            l.ClientCert = Empty(Secret("client_cert"));
            l.ClientKey = Empty(Secret("client_key"));
            return l;
        }

        public MerchantAccount ToAccount()
        {
            MerchantAccount a = new MerchantAccount();
            a.AppId = Get("appid");
            a.MchId = Get("mch_id");
            a.SubAppId = Empty(Get("sub_appid"));
            a.SubMchId = Empty(Get("sub_mch_id"));
            a.ApiKey = Secret("api_key");
            SignType type;
            a.SignType = SignTypes.TryParse(Get("sign_type"), out type) ? type : SignType.Md5;
            a.Currency = Currency;
            a.Region = Region;
            a.MaxTotalFee = MaxAmount;
            a.DeviceInfo = Empty(Get("device_info"));
            a.SpbillCreateIp = Get("spbill_ip");
            return a;
        }

        public PaymentConfig ToPaymentConfig()
        {
            PaymentConfig c = new PaymentConfig();
            c.DeadlineMs = Seconds("deadline_s") * 1000;
            c.PollIntervalMs = Seconds("poll_s") * 1000;
            string store = Get("store_name");
            if (store.Length > 0)
            {
                c.Body = store + "-Quick Pay";
            }

            return c;
        }

        // ------------------------------------------------------------------ validation

        /// <summary>Null when <paramref name="value"/> meets <paramref name="setting"/>'s rule, else the rule for the technician.</summary>
        private string Validate(Setting setting, string value)
        {
            if (value.Length == 0 && setting.Optional)
            {
                return null;
            }

            switch (setting.Rule)
            {
                case SettingRule.TerminalId:
                    return OrderNumbers.CheckTerminalId(value);
                case SettingRule.Text:
                    return Utf8.ByteCount(value) > setting.Max || Utf8.HasFourByteChar(value) ? "at most " + setting.Max.ToString() + " bytes of UTF-8 (no emoji)" : Printable(value);
                case SettingRule.Word:
                    return Word(value, setting.Max, setting.Min > 0);
                case SettingRule.Digits:
                    return Digits(value, setting.Max, setting.Min > 0);
                case SettingRule.SignType:
                    SignType t;
                    return SignTypes.TryParse(value.ToUpper(), out t) ? null : "must be MD5 or HMAC-SHA256";
                case SettingRule.Choice:
                    string lower = value.ToLower();
                    string list = string.Empty;
                    for (int i = 0; i < setting.Choices.Length; i++)
                    {
                        if (setting.Choices[i] == lower)
                        {
                            return null;
                        }

                        list += (i == 0 ? string.Empty : (i == setting.Choices.Length - 1 ? " or " : ", ")) + setting.Choices[i];
                    }

                    return "must be " + list;
                case SettingRule.Currency:
                    return Currency.Find(value.ToUpper()) == null ? "unsupported currency '" + value + "'; supported: " + Currency.SupportedCodes() : null;
                case SettingRule.Money:
                    long amount;
                    string error;
                    return MoneyText.TryParse(value, Currency, 99999999999L, out amount, out error) ? null : error;
                case SettingRule.IPv4:
                    return HttpUrl.IsIPv4(value) ? null : "must be an IPv4 address like 192.168.1.20";
                case SettingRule.Url:
                    HttpUrl url;
                    UrlError urlError = HttpUrl.Parse(value, out url);
                    return urlError == UrlError.None ? null : "must be https://host[:port][/path] (plain http only to 127.0.0.1 or localhost), at most 200 characters: " + HttpUrl.Message(urlError);
                case SettingRule.Range:
                    return Range(value, setting.Min, setting.Max);
                case SettingRule.UtcOffset:
                    int offset;
                    return LocalTime.ParseOffset(value, out offset);
                case SettingRule.Endpoint:
                    string host;
                    int port;
                    return ParseEndpoint(value, out host, out port);
            }

            return null;
        }

        /// <summary>How a valid value is stored: codes upper-case, choices lower-case.</summary>
        private static string Normalised(Setting setting, string value)
        {
            if (setting.Rule == SettingRule.Currency || setting.Rule == SettingRule.SignType)
            {
                return value.ToUpper();
            }

            return setting.Rule == SettingRule.Choice ? value.ToLower() : value;
        }

        /// <summary>
        /// "host:port" where host is an IPv4 address (192.168.1.50) or a host name (bench-pc.local)
        /// and port 1-65535 (the core's one parser, <see cref="HttpUrl.ParseEndpoint"/>). Returns
        /// null, or the error for the technician.
        /// </summary>
        public static string ParseEndpoint(string text, out string host, out int port)
        {
            UrlError error = HttpUrl.ParseEndpoint(text, out host, out port);
            return error == UrlError.None ? null : HttpUrl.Message(error) + " (IPv4-or-host:port, e.g. 192.168.1.50:8443)";
        }

        /// <summary>
        /// A CA certificate PEM: BEGIN/END CERTIFICATE with base64 between, no private key, at most
        /// <see cref="MaxCertPem"/> characters. Returns null, or the error for the technician.
        /// </summary>
        public static string CheckCertificatePem(string pem)
        {
            if (pem == null || pem.Length == 0)
            {
                return "empty (use 'cert clear' to remove it)";
            }

            if (pem.Length > MaxCertPem)
            {
                return "longer than " + MaxCertPem.ToString() + " characters: paste only the root CA certificate";
            }

            if (pem.IndexOf("PRIVATE KEY") >= 0)
            {
                return "contains a private key: paste only the CA certificate (never its key)";
            }

            int begin = pem.IndexOf(PemBegin);
            int end = begin < 0 ? -1 : pem.IndexOf(PemEnd, begin);
            if (begin < 0 || end < 0)
            {
                return "must be a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)";
            }

            int body = 0;
            for (int i = begin + PemBegin.Length; i < end; i++)
            {
                char c = pem[i];
                if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
                {
                    continue;
                }

                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
                {
                    return "the certificate body must be base64 (found '" + c + "')";
                }

                body++;
            }

            if (body < 64)
            {
                return "the certificate body is too short to be a certificate";
            }

            return null;
        }

        private static string ValidateSecret(string name, string value)
        {
            if (value == null || value.Length == 0)
            {
                return "empty (use 'secret clear " + name + "' to remove it)";
            }

            switch (name)
            {
                case "api_key":
                    if (value.Length != 32)
                    {
                        return "must be exactly 32 letters and digits (it has " + value.Length.ToString() + " characters)";
                    }

                    return Word(value, 32, true) == null ? null : "must be exactly 32 letters and digits";
                case "merchant_secret":
                    return value.Length < 16 || value.Length > 128 ? "must be 16 to 128 characters" : Printable(value);
                case "wifi_password":
                    return value.Length < 8 || value.Length > 63 ? "must be 8 to 63 characters" : null;
                case "client_cert":
                    return value.IndexOf("-----BEGIN CERTIFICATE-----") >= 0 && value.IndexOf("-----END CERTIFICATE-----") > 0 ? null : "must be a PEM certificate (BEGIN/END CERTIFICATE)";
                case "client_key":
                    return value.IndexOf("-----BEGIN") >= 0 && value.IndexOf("PRIVATE KEY-----") > 0 ? null : "must be a PEM private key (BEGIN ... PRIVATE KEY)";
            }

            return null;
        }

        private static string Word(string value, int max, bool required)
        {
            if (value.Length == 0)
            {
                return required ? "required" : null;
            }

            if (value.Length > max)
            {
                return "at most " + max.ToString() + " characters";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
                {
                    return "only letters, digits, '_' and '-' (found '" + c + "')";
                }
            }

            return null;
        }

        private static string Digits(string value, int max, bool required)
        {
            if (value.Length == 0)
            {
                return required ? "required" : null;
            }

            if (value.Length > max)
            {
                return "at most " + max.ToString() + " digits";
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return "digits only (found '" + value[i] + "')";
                }
            }

            return null;
        }

        private static string Printable(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < ' ' || value[i] == '\u007f')
                {
                    return "control characters are not allowed";
                }
            }

            return null;
        }

        private static string Range(string value, int min, int max)
        {
            long n = ParseNumber(value);
            if (n < min || n > max)
            {
                return "must be a whole number from " + min.ToString() + " to " + max.ToString();
            }

            return null;
        }

        /// <summary>A non-negative decimal integer, or -1.</summary>
        public static long ParseNumber(string value)
        {
            if (value == null || value.Length == 0 || value.Length > 12)
            {
                return -1;
            }

            long n = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return -1;
                }

                n = n * 10 + (value[i] - '0');
            }

            return n;
        }

        private static string Empty(string value)
        {
            return value == null || value.Length == 0 ? null : value;
        }

        // ------------------------------------------------------------------ file format

        private SealedState ReadInto(string path, string magic, string legacyHeader, Pairs table)
        {
            byte[] data;
            try
            {
                data = store.Read(path);
            }
            catch (StoreException)
            {
                return SealedState.Damaged;
            }

            string text;
            int version;
            SealedState state = SealedFile.Open(data, magic, FormatVersion, legacyHeader, out text, out version);
            if (state != SealedState.Ok && state != SealedState.Legacy)
            {
                return state;
            }

            string[] lines = text.Split(new char[] { '\n' });
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    if (state == SealedState.Ok)
                    {
                        table.Clear(); // a sound file holds only key=value lines
                        return SealedState.Damaged;
                    }

                    continue;
                }

                table[line.Substring(0, eq)] = Unescape(line.Substring(eq + 1));
            }

            return state;
        }

        private void Write(string path, string magic, Pairs table)
        {
            string text = string.Empty;
            for (int i = 0; i < table.Count; i++)
            {
                text += table.KeyAt(i) + "=" + Escape(table.ValueAt(i)) + "\n";
            }

            byte[] bytes = SealedFile.Seal(magic, FormatVersion, text);
            store.Write(path, bytes, 0, bytes.Length);
        }

        private static string Escape(string value)
        {
            string result = string.Empty;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\')
                {
                    result += "\\\\";
                }
                else if (c == '\n')
                {
                    result += "\\n";
                }
                else if (c == '\r')
                {
                    result += "\\r";
                }
                else
                {
                    result += c.ToString();
                }
            }

            return result;
        }

        private static string Unescape(string value)
        {
            if (value.IndexOf('\\') < 0)
            {
                return value;
            }

            string result = string.Empty;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\' && i + 1 < value.Length)
                {
                    char n = value[++i];
                    result += n == 'n' ? "\n" : (n == 'r' ? "\r" : n.ToString());
                }
                else
                {
                    result += c.ToString();
                }
            }

            return result;
        }

        /// <summary>An insertion-ordered string map (no Hashtable dependency; a few dozen entries).</summary>
        private sealed class Pairs
        {
            private readonly ArrayList keys = new ArrayList();
            private readonly ArrayList vals = new ArrayList();

            public int Count
            {
                get { return keys.Count; }
            }

            public object this[string key]
            {
                get
                {
                    int i = keys.IndexOf(key);
                    return i < 0 ? null : vals[i];
                }

                set
                {
                    int i = keys.IndexOf(key);
                    if (i < 0)
                    {
                        keys.Add(key);
                        vals.Add(value);
                    }
                    else
                    {
                        vals[i] = value;
                    }
                }
            }

            public string KeyAt(int i)
            {
                return (string)keys[i];
            }

            public string ValueAt(int i)
            {
                return (string)vals[i];
            }

            public void Remove(string key)
            {
                int i = keys.IndexOf(key);
                if (i >= 0)
                {
                    keys.RemoveAt(i);
                    vals.RemoveAt(i);
                }
            }

            public void Clear()
            {
                keys.Clear();
                vals.Clear();
            }
        }
    }
}
