using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Terminal.MerchantServer
{
    /// <summary>
    /// The notification types of POST /v1/notifications (docs/merchant-api.md, "Notification types"):
    /// the inner object's <c>type</c> member names the type — absent means a payment, the original
    /// format, byte for byte — and <c>version</c> its format (required for every type but payment).
    /// </summary>
    public static class NotificationTypes
    {
        public const string Payment = "payment";
        public const string Refund = "refund";
        public const string ZReport = "z_report";

        /// <summary>The newest version of each type this server understands (refund 1 and 2: 2 carries "period").</summary>
        public const int RefundVersion = 2;

        /// <summary>The refund version that carries "period" (required from it on).</summary>
        public const int RefundPeriodVersion = 2;
        public const int ZReportVersion = 1;

        /// <summary>Most currencies one Z report may carry.</summary>
        public const int MaxZCurrencies = 16;

        /// <summary>Largest count a Z report may state (a billion: far above a day of one terminal).</summary>
        public const long MaxCount = 1_000_000_000;
    }

    /// <summary>Why a notification was refused; each has its HTTP status and error code (one table).</summary>
    public enum NotificationError
    {
        /// <summary>422: a field is missing or out of range (the message names it).</summary>
        InvalidNotification,

        /// <summary>422: a type this server does not know.</summary>
        UnknownType,

        /// <summary>422: a version of a known type this server does not know.</summary>
        UnsupportedVersion,

        /// <summary>409: a different notification under an idempotency key already stored.</summary>
        Conflict,

        /// <summary>422: the order's refunds would add up to more than its total_fee.</summary>
        RefundExceedsPayment,

        /// <summary>422: the refund names the order differently from its payment or earlier refunds (transaction_id, total_fee, fee_type).</summary>
        RefundMismatch,
    }

    public static class NotificationErrors
    {
        private static readonly (NotificationError Error, int Status, string Code)[] Table =
        {
            (NotificationError.InvalidNotification, 422, "invalid_notification"),
            (NotificationError.UnknownType, 422, "unknown_type"),
            (NotificationError.UnsupportedVersion, 422, "unsupported_version"),
            (NotificationError.Conflict, 409, "conflict"),
            (NotificationError.RefundExceedsPayment, 422, "refund_exceeds_payment"),
            (NotificationError.RefundMismatch, 422, "refund_mismatch"),
        };

        public static int Status(NotificationError error) => Array.Find(Table, row => row.Error == error).Status;

        public static string Code(NotificationError error) => Array.Find(Table, row => row.Error == error).Code;
    }

    /// <summary>A refund WeChat confirmed (refund_status SUCCESS), as the terminal reports it. Idempotency key: "refund:" + out_refund_no.</summary>
    public sealed class RefundNotification
    {
        public required string TerminalId { get; init; }
        public required string OutTradeNo { get; init; }
        public required string TransactionId { get; init; }
        public required string OutRefundNo { get; init; }
        public required string RefundId { get; init; }

        /// <summary>Minor units of <see cref="FeeType"/>.</summary>
        public long RefundFee { get; init; }

        /// <summary>The refunded order's total_fee (minor units).</summary>
        public long TotalFee { get; init; }
        public required string FeeType { get; init; }

        /// <summary>WeChat's refund_success_time ("yyyy-MM-dd HH:mm:ss", China Standard Time), or null.</summary>
        public string? RefundSuccessTime { get; init; }

        /// <summary>Unix seconds UTC: WeChat's refund_success_time when it came (stable bytes on every hand-over), else when the terminal learned of the success.</summary>
        public long RefundedAt { get; init; }

        /// <summary>The Z number the terminal counts the refund in (version 2); 0 in version 1.</summary>
        public long Period { get; init; }

        public string Key => KeyOf(OutRefundNo);

        public static string KeyOf(string outRefundNo) => "refund:" + outRefundNo;
    }

    /// <summary>One currency's figures of a Z report (money in minor units).</summary>
    public sealed class ZTotals
    {
        public required string FeeType { get; init; }
        public long SalesCount { get; init; }
        public long SalesSum { get; init; }
        public long RefundsCount { get; init; }
        public long RefundsSum { get; init; }
        public long RevokesCount { get; init; }
        public long UnresolvedCount { get; init; }
    }

    /// <summary>A terminal's close of day. Idempotency key: "z_report:" + terminal_id + ":" + z_number.</summary>
    public sealed class ZReport
    {
        public required string TerminalId { get; init; }
        public long ZNumber { get; init; }

        /// <summary>The store's local date the Z closes ("yyyy-MM-dd").</summary>
        public required string BusinessDay { get; init; }

        /// <summary>The store's UTC offset in minutes when the Z was taken (e.g. 480 for UTC+8).</summary>
        public int UtcOffsetMinutes { get; init; }

        /// <summary>The period the Z covers: [opened_at, closed_at), Unix seconds UTC.</summary>
        public long OpenedAt { get; init; }
        public long ClosedAt { get; init; }

        public IReadOnlyList<ZTotals> Totals { get; init; } = Array.Empty<ZTotals>();

        public string Key => KeyOf(TerminalId, ZNumber);

        public static string KeyOf(string terminalId, long zNumber) => "z_report:" + terminalId + ":" + zNumber.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Reads and checks the typed notifications; a problem is a sentence naming the field.</summary>
    public static class TypedNotificationReader
    {
        /// <summary>The type (null = payment) and its version (-1 = absent), or a problem.</summary>
        public static string? TypeOf(JsonElement n, out string? type, out long version)
        {
            type = null;
            version = -1;
            if (n.TryGetProperty("type", out JsonElement t))
            {
                if (t.ValueKind != JsonValueKind.String)
                {
                    return "type must be a string";
                }

                type = t.GetString();
            }

            if (n.TryGetProperty("version", out JsonElement v))
            {
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out version) || version < 1)
                {
                    return "version must be a positive integer";
                }
            }

            return null;
        }

        /// <summary>
        /// The "period" member (docs/merchant-api.md): the number of the Z report the terminal
        /// counts the notification in; 0 when absent and not <paramref name="required"/>.
        /// </summary>
        public static string? Period(JsonElement n, bool required, out long period)
        {
            period = 0;
            if (!n.TryGetProperty("period", out _))
            {
                return required ? "period is required (the Z number the terminal counts it in)" : null;
            }

            return Count(n, "period", 1, out period);
        }

        /// <summary>The "period" of a stored notification's JSON, 0 when it has none (older terminals) or it is not a number.</summary>
        public static long PeriodOf(string json)
        {
            using JsonDocument d = JsonDocument.Parse(json);
            return d.RootElement.ValueKind == JsonValueKind.Object && d.RootElement.TryGetProperty("period", out JsonElement p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out long n) && n > 0 ? n : 0;
        }

        public static RefundNotification? ReadRefund(JsonElement n, string terminalId, long version, out string? problem)
        {
            string? terminal = null, outTradeNo = null, transactionId = null, outRefundNo = null, refundId = null, feeType = null, successTime = null;
            long refundFee = 0, totalFee = 0, refundedAt = 0, period = 0;
            problem = Id(n, "terminal_id", 64, true, false, out terminal);
            problem ??= Id(n, "out_trade_no", 32, true, true, out outTradeNo);
            problem ??= Id(n, "transaction_id", 32, true, false, out transactionId);
            problem ??= Id(n, "out_refund_no", 64, true, true, out outRefundNo);
            problem ??= Id(n, "refund_id", 32, true, false, out refundId);
            problem ??= Amount(n, "refund_fee", out refundFee);
            problem ??= Amount(n, "total_fee", out totalFee);
            problem ??= Currency(n, "fee_type", out feeType);
            problem ??= Seconds(n, "refunded_at", out refundedAt);
            problem ??= WeChatTime(n, "refund_success_time", out successTime);
            problem ??= version >= NotificationTypes.RefundPeriodVersion ? Period(n, true, out period) : null;
            if (problem == null && terminal != terminalId)
            {
                problem = "terminal_id must be this terminal's (X-Terminal-Id)";
            }

            if (problem == null && refundFee > totalFee)
            {
                problem = "refund_fee may not exceed total_fee";
            }

            // No problem means every required reader set its value.
            return problem != null ? null : new RefundNotification
            {
                TerminalId = terminal!, OutTradeNo = outTradeNo!, TransactionId = transactionId!, OutRefundNo = outRefundNo!, RefundId = refundId!,
                RefundFee = refundFee, TotalFee = totalFee, FeeType = feeType!, RefundSuccessTime = successTime, RefundedAt = refundedAt, Period = period,
            };
        }

        public static ZReport? ReadZReport(JsonElement n, string terminalId, out string? problem)
        {
            string? terminal = null, businessDay = null;
            long zNumber = 0, openedAt = 0, closedAt = 0;
            int offset = 0;
            problem = Id(n, "terminal_id", 64, true, false, out terminal);
            problem ??= Count(n, "z_number", 1, out zNumber);
            problem ??= Day(n, "business_day", out businessDay);
            problem ??= Offset(n, "utc_offset_minutes", out offset);
            problem ??= Seconds(n, "opened_at", out openedAt);
            problem ??= Seconds(n, "closed_at", out closedAt);
            if (problem == null && terminal != terminalId)
            {
                problem = "terminal_id must be this terminal's (X-Terminal-Id)";
            }

            if (problem == null && openedAt > closedAt)
            {
                problem = "opened_at may not be after closed_at";
            }

            var totals = new List<ZTotals>();
            if (problem == null)
            {
                if (!n.TryGetProperty("totals", out JsonElement array) || array.ValueKind != JsonValueKind.Array)
                {
                    problem = "totals must be an array (empty for a day without activity)";
                }
                else if (array.GetArrayLength() > NotificationTypes.MaxZCurrencies)
                {
                    problem = "totals may hold at most " + NotificationTypes.MaxZCurrencies + " currencies";
                }
                else
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    int i = 0;
                    foreach (JsonElement t in array.EnumerateArray())
                    {
                        string at = "totals[" + i++ + "].";
                        if (t.ValueKind != JsonValueKind.Object)
                        {
                            problem = at.TrimEnd('.') + " must be an object";
                            break;
                        }

                        string? feeType = null;
                        long salesCount = 0, salesSum = 0, refundsCount = 0, refundsSum = 0, revokesCount = 0, unresolvedCount = 0;
                        problem = Currency(t, "fee_type", out feeType);
                        problem ??= Count(t, "sales_count", 0, out salesCount);
                        problem ??= Sum(t, "sales_sum", out salesSum);
                        problem ??= Count(t, "refunds_count", 0, out refundsCount);
                        problem ??= Sum(t, "refunds_sum", out refundsSum);
                        problem ??= Count(t, "revokes_count", 0, out revokesCount);
                        problem ??= Count(t, "unresolved_count", 0, out unresolvedCount);
                        // Currency set feeType when it returned no problem.
                        if (problem == null && !seen.Add(feeType!))
                        {
                            problem = "fee_type " + feeType + " appears twice";
                        }

                        if (problem == null && (salesCount == 0) != (salesSum == 0))
                        {
                            problem = "sales_count and sales_sum must be both zero or both positive";
                        }

                        if (problem == null && (refundsCount == 0) != (refundsSum == 0))
                        {
                            problem = "refunds_count and refunds_sum must be both zero or both positive";
                        }

                        if (problem != null)
                        {
                            problem = at + problem;
                            break;
                        }

                        totals.Add(new ZTotals
                        {
                            FeeType = feeType!, SalesCount = salesCount, SalesSum = salesSum, RefundsCount = refundsCount, RefundsSum = refundsSum,
                            RevokesCount = revokesCount, UnresolvedCount = unresolvedCount,
                        });
                    }
                }
            }

            // No problem means every required reader set its value.
            return problem != null ? null : new ZReport
            {
                TerminalId = terminal!, ZNumber = zNumber, BusinessDay = businessDay!, UtcOffsetMinutes = offset, OpenedAt = openedAt, ClosedAt = closedAt, Totals = totals,
            };
        }

        // An identifier: 1..max characters; WeChat's merchant numbers allow [0-9A-Za-z_-|*@], WeChat's own are letters and digits.
        private static string? Id(JsonElement o, string name, int max, bool required, bool merchantNumber, out string? value)
        {
            value = o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (string.IsNullOrEmpty(value))
            {
                value = null;
                return required ? name + " is required (a string)" : null;
            }

            if (value.Length > max)
            {
                return name + " is longer than " + max + " characters";
            }

            foreach (char c in value)
            {
                bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
                    (merchantNumber && (c == '_' || c == '|' || c == '*' || c == '@'));
                if (!ok)
                {
                    return name + " may only contain letters, digits" + (merchantNumber ? " and _-|*@" : " and -");
                }
            }

            return null;
        }

        private static bool Integer(JsonElement o, string name, out long value)
        {
            value = 0;
            return o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value);
        }

        private static string? Amount(JsonElement o, string name, out long value) =>
            Integer(o, name, out value) && value > 0 ? null : name + " must be a positive integer (minor units)";

        private static string? Sum(JsonElement o, string name, out long value) =>
            Integer(o, name, out value) && value >= 0 ? null : name + " must be a non-negative integer (minor units)";

        private static string? Count(JsonElement o, string name, long minimum, out long value) =>
            Integer(o, name, out value) && value >= minimum && value <= NotificationTypes.MaxCount ? null : name + " must be an integer from " + minimum + " to " + NotificationTypes.MaxCount;

        private static string? Seconds(JsonElement o, string name, out long value) =>
            Integer(o, name, out value) && value > 0 && value < 32503680000 ? null : name + " must be Unix seconds (a positive integer)";

        private static string? Offset(JsonElement o, string name, out int value)
        {
            value = 0;
            if (!Integer(o, name, out long minutes) || minutes < -720 || minutes > 840)
            {
                return name + " must be an integer from -720 to 840";
            }

            value = (int)minutes;
            return null;
        }

        private static string? Currency(JsonElement o, string name, out string? value)
        {
            value = o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (value == null || value.Length != 3 || value[0] < 'A' || value[0] > 'Z' || value[1] < 'A' || value[1] > 'Z' || value[2] < 'A' || value[2] > 'Z')
            {
                value = null;
                return name + " must be an ISO 4217 code (three capital letters)";
            }

            return null;
        }

        private static string? Day(JsonElement o, string name, out string? value)
        {
            value = o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (value == null || value.Length != 10 || !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                value = null;
                return name + " must be a date yyyy-MM-dd";
            }

            return null;
        }

        // Optional: WeChat's "yyyy-MM-dd HH:mm:ss" (China Standard Time) or null/absent.
        private static string? WeChatTime(JsonElement o, string name, out string? value)
        {
            value = null;
            if (!o.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            value = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (value == null || value.Length != 19 || !DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                value = null;
                return name + " must be yyyy-MM-dd HH:mm:ss or null";
            }

            return null;
        }
    }
}
