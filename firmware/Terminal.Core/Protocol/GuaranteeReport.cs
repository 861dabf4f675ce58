using System.Collections;
using System.Text;
using Terminal.Core.Timing;

namespace Terminal.Core.Protocol
{
    /// <summary>A trade's state in the 交易保障 batch report, by WeChat's list.</summary>
    public enum TradeState
    {
        /// <summary>"OK": paid.</summary>
        Ok = 0,

        /// <summary>"FAIL": refused, or never accepted or sent.</summary>
        Fail,

        /// <summary>"CANCLE" (WeChat's spelling): revoked or closed.</summary>
        Cancel,
    }

    /// <summary>
    /// The 交易保障 POS batch report (docs/protocol.md, "Transaction-guarantee report"): each Quick
    /// Pay sale as one JSON object <c>{out_trade_no, begin_time, end_time, state, err_msg}</c>
    /// (times yyyyMMddHHmmss China time), and batches of whole trades whose JSON array
    /// (<c>trades</c>) is at most <see cref="MaxTradesBytes"/> bytes. The JSON is pure ASCII
    /// (anything else is a \u escape), so its length in characters is its length in bytes.
    /// </summary>
    public static class GuaranteeReport
    {
        /// <summary>interface_url of the POS batch form ("刷卡支付终端上报统一填").</summary>
        public const string BatchInterfaceUrl = "https://api.mch.weixin.qq.com/pay/batchreport/micropay/total";

        /// <summary>trades is String(1024).</summary>
        public const int MaxTradesBytes = 1024;

        /// <summary>err_msg keeps at most this many characters of the reason (before escaping).</summary>
        public const int MaxErrMsgChars = 32;

        /// <summary>out_trade_no keeps at most this many characters (WeChat's limit).</summary>
        public const int MaxOutTradeNoChars = 32;

        /// <summary>The state as WeChat spells it.</summary>
        public static string StateName(TradeState state)
        {
            return state == TradeState.Ok ? "OK" : (state == TradeState.Fail ? "FAIL" : "CANCLE");
        }

        /// <summary>One trade as JSON object text (ASCII; at most a few hundred bytes, so one always fits a batch).</summary>
        public static string Trade(string outTradeNo, long beginUnix, long endUnix, TradeState state, string errMsg)
        {
            StringBuilder b = new StringBuilder(160);
            b.Append("{\"out_trade_no\":\"");
            AppendEscaped(b, outTradeNo, MaxOutTradeNoChars);
            b.Append("\",\"begin_time\":\"");
            b.Append(LocalTime.ChinaTime(beginUnix));
            b.Append("\",\"end_time\":\"");
            b.Append(LocalTime.ChinaTime(endUnix < beginUnix ? beginUnix : endUnix));
            b.Append("\",\"state\":\"");
            b.Append(StateName(state));
            b.Append("\",\"err_msg\":\"");
            AppendEscaped(b, errMsg, MaxErrMsgChars);
            b.Append("\"}");
            return b.ToString();
        }

        /// <summary>
        /// Appends the first <paramref name="maxChars"/> characters of <paramref name="text"/> as
        /// the inside of a JSON string: printable ASCII as it is, <c>"</c> and <c>\</c> escaped,
        /// every other character (controls, non-ASCII, surrogates) as \uXXXX. Null is empty.
        /// </summary>
        public static void AppendEscaped(StringBuilder b, string text, int maxChars)
        {
            if (text == null)
            {
                return;
            }

            int n = text.Length < maxChars ? text.Length : maxChars;
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\\')
                {
                    b.Append('\\');
                    b.Append(c);
                }
                else if (c >= ' ' && c < (char)0x7F)
                {
                    b.Append(c);
                }
                else
                {
                    b.Append("\\u");
                    b.Append(Hex((c >> 12) & 0xF));
                    b.Append(Hex((c >> 8) & 0xF));
                    b.Append(Hex((c >> 4) & 0xF));
                    b.Append(Hex(c & 0xF));
                }
            }
        }

        /// <summary>
        /// How many whole trades of <paramref name="trades"/> (JSON object strings), from
        /// <paramref name="first"/> on, fit one <c>trades</c> array of at most
        /// <see cref="MaxTradesBytes"/> bytes; 0 when none is left or the first alone is too long.
        /// </summary>
        public static int Fit(ArrayList trades, int first)
        {
            int length = 2; // [ ]
            int count = 0;
            for (int i = first; i < trades.Count; i++)
            {
                int add = ((string)trades[i]).Length + (count > 0 ? 1 : 0);
                if (length + add > MaxTradesBytes)
                {
                    break;
                }

                length += add;
                count++;
            }

            return count;
        }

        /// <summary>The JSON array of <paramref name="count"/> trades from <paramref name="first"/>.</summary>
        public static string Batch(ArrayList trades, int first, int count)
        {
            StringBuilder b = new StringBuilder(MaxTradesBytes);
            b.Append('[');
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    b.Append(',');
                }

                b.Append((string)trades[first + i]);
            }

            b.Append(']');
            return b.ToString();
        }

        private static char Hex(int nibble)
        {
            return (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }
    }
}
