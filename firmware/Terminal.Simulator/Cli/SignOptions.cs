using System;
using System.Collections.Generic;
using Terminal.Core.Protocol;

namespace Terminal.Simulator.Cli
{
    /// <summary>
    /// The options shared by sign and verify: --key (required), --sign-type, and for sign the
    /// name=value parameters, in command-line order. Both "--key K" and "--key=K" work.
    /// Errors never quote an argument's value (a key typed without --key would be echoed to the
    /// screen and the shell's scroll-back): they name its position, or only a parameter's name.
    /// </summary>
    public sealed class SignOptions
    {
        public string? Key { get; private set; }

        /// <summary>The --sign-type given, or null when absent.</summary>
        public string? SignTypeOption { get; private set; }

        public bool Help { get; private set; }

        public WxParams Params { get; } = new WxParams();

        public List<string> Positionals { get; } = new List<string>();

        public static SignOptions Parse(string[] args, bool acceptParams)
        {
            var options = new SignOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string position = "argument " + (i + 1);
                if (arg == "--help" || arg == "-h")
                {
                    options.Help = true;
                    continue;
                }

                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    string name = arg;
                    string? value = null;
                    int equals = arg.IndexOf('=');
                    if (equals > 0)
                    {
                        name = arg.Substring(0, equals);
                        value = arg.Substring(equals + 1);
                    }

                    if (name != "--key" && name != "--sign-type")
                    {
                        throw new UsageException("unknown option " + OptionName(name, position) + " (options: --key, --sign-type)");
                    }

                    if (value == null)
                    {
                        if (i + 1 >= args.Length)
                        {
                            throw new UsageException(name + " needs a value");
                        }

                        value = args[++i];
                    }

                    if (name == "--key")
                    {
                        if (options.Key != null)
                        {
                            throw new UsageException("--key given twice");
                        }

                        options.Key = value;
                    }
                    else
                    {
                        if (options.SignTypeOption != null)
                        {
                            throw new UsageException("--sign-type given twice");
                        }

                        options.SignTypeOption = value;
                    }

                    continue;
                }

                if (!acceptParams)
                {
                    throw new UsageException("unexpected " + position + " (the message is read from standard input; the key goes after --key)");
                }

                int separator = arg.IndexOf('=');
                if (separator < 0)
                {
                    throw new UsageException(position + " is not name=value (the key goes after --key)");
                }

                if (separator == 0)
                {
                    throw new UsageException(position + " has an empty name before '='");
                }

                string paramName = arg.Substring(0, separator);
                if (!options.Params.TryAdd(paramName, arg.Substring(separator + 1)))
                {
                    throw new UsageException("parameter '" + paramName + "' given twice");
                }
            }

            return options;
        }

        /// <summary>The --key given; fails with a clear message when it is missing or empty.</summary>
        public string RequireKey()
        {
            if (Key == null)
            {
                throw new UsageException("missing --key (the merchant's APIv2 key)");
            }

            if (Key.Length == 0)
            {
                throw new UsageException("--key is empty");
            }

            return Key;
        }

        /// <summary>
        /// The sign type to use: --sign-type when given, else the message's sign_type, else MD5.
        /// <paramref name="source"/> says where it came from, for the output.
        /// </summary>
        public SignType ResolveSignType(WxParams message, out string source, out string? warning)
        {
            warning = null;
            string inMessage = message.Get(SignTypes.ParameterName);
            SignType type;
            if (SignTypeOption != null)
            {
                if (!SignTypes.TryParse(SignTypeOption, out type))
                {
                    throw new UsageException("unknown sign type " + SignTypeText(SignTypeOption) + " (use MD5 or HMAC-SHA256, exactly in this case)");
                }

                source = "--sign-type";
                if (!string.IsNullOrEmpty(inMessage) && inMessage != SignTypeOption)
                {
                    warning = "--sign-type " + SignTypeOption + " differs from sign_type=" + inMessage + " in the message; WeChat uses the message's sign_type";
                }

                return type;
            }

            if (!string.IsNullOrEmpty(inMessage))
            {
                if (!SignTypes.TryParse(inMessage, out type))
                {
                    throw new UsageException("sign_type=" + SignTypeText(inMessage).Trim('\'') + " in the message is not MD5 or HMAC-SHA256 (WeChat compares it case-sensitively); fix it or pass --sign-type");
                }

                source = "sign_type in the message";
                return type;
            }

            source = "default";
            return SignType.Md5;
        }

        /// <summary>An option name is quoted only when it looks like one (letters and dashes), else its position.</summary>
        private static string OptionName(string name, string position)
        {
            return IsWord(name, 24) ? "'" + name + "'" : "at " + position;
        }

        /// <summary>A sign type is quoted only when it is a known name in another letter case, else not at all.</summary>
        private static string SignTypeText(string value)
        {
            bool knownName = string.Equals(value, SignTypes.Md5Name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(value, SignTypes.HmacSha256Name, StringComparison.OrdinalIgnoreCase);
            return knownName ? "'" + value + "'" : "(value not shown)";
        }

        /// <summary>True for short text of letters and dashes only: a command or option name, never a key.</summary>
        internal static bool IsWord(string text, int maxLength)
        {
            if (string.IsNullOrEmpty(text) || text.Length > maxLength)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (!(c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
