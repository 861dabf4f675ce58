namespace Terminal.Core.Technician
{
    /// <summary>How a setting's value is checked: one rule per kind (<see cref="TerminalConfig"/> applies it on 'config set' and again on every load).</summary>
    public enum SettingRule
    {
        /// <summary>Order-number prefix (OrderNumbers.CheckTerminalId).</summary>
        TerminalId = 0,

        /// <summary>Printable UTF-8 of at most <see cref="Setting.Max"/> bytes (no 4-byte characters).</summary>
        Text,

        /// <summary>Letters, digits, '_' and '-', at most <see cref="Setting.Max"/>.</summary>
        Word,

        /// <summary>Digits only, at most <see cref="Setting.Max"/>.</summary>
        Digits,

        /// <summary>MD5 or HMAC-SHA256 (stored upper-case).</summary>
        SignType,

        /// <summary>One of <see cref="Setting.Choices"/> (stored lower-case).</summary>
        Choice,

        /// <summary>A supported ISO 4217 code (stored upper-case).</summary>
        Currency,

        /// <summary>An amount in the configured currency's decimals.</summary>
        Money,

        /// <summary>An IPv4 address.</summary>
        IPv4,

        /// <summary>https://host[:port][/path] (plain http only to loopback), the core's HttpUrl.</summary>
        Url,

        /// <summary>A whole number from <see cref="Setting.Min"/> to <see cref="Setting.Max"/>.</summary>
        Range,

        /// <summary>IPv4-or-host:port (HttpUrl.ParseEndpoint).</summary>
        Endpoint,

        /// <summary>A UTC offset, +HH:MM or -HH:MM (LocalTime.ParseOffset).</summary>
        UtcOffset,
    }

    /// <summary>
    /// One row of the settings table (<see cref="TerminalConfig.Settings"/>): name, default, help,
    /// the rule that validates it and whether it applies without a reboot. Adding a setting is
    /// adding a row (and, where the core needs it typed, a property on <see cref="TerminalConfig"/>).
    /// </summary>
    public sealed class Setting
    {
        public Setting(string name, string defaultValue, SettingRule rule, int min, int max, string help)
        {
            Name = name;
            Default = defaultValue;
            Rule = rule;
            Min = min;
            Max = max;
            Help = help;
        }

        public string Name { get; private set; }

        public string Default { get; private set; }

        public SettingRule Rule { get; private set; }

        /// <summary>Range: lowest value; Text, Word, Digits: 1 = required.</summary>
        public int Min { get; private set; }

        /// <summary>Range: highest value; Text, Word, Digits: longest value.</summary>
        public int Max { get; private set; }

        public string Help { get; private set; }

        /// <summary>Choice: the accepted values, lower-case.</summary>
        public string[] Choices { get; private set; }

        /// <summary>Applied at once by 'config set' (TerminalApp.ApplyLiveSettings); the others after 'reboot'.</summary>
        public bool Live { get; private set; }

        /// <summary>Optional: an empty value is accepted and clears it.</summary>
        public bool Optional { get; private set; }

        public Setting WithChoices(string[] choices)
        {
            Choices = choices;
            return this;
        }

        public Setting AppliesLive()
        {
            Live = true;
            return this;
        }

        public Setting MayBeEmpty()
        {
            Optional = true;
            return this;
        }
    }
}
