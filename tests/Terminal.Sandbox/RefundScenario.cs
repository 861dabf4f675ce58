using System;

namespace Terminal.Sandbox
{
    /// <summary>
    /// What the sandbox does when an order is refunded, chosen with the payment code of the sale:
    /// <c>13 20 000 RR MMM xxxxxx</c> (payment scenario 20: password-free) — digits 8–9 the refund
    /// scenario, 10–12 its parameter M (seconds, or a number of calls), the last six free. Every
    /// other code refunds normally. A test may also script any order's refunds with
    /// <see cref="WeChatSandbox.ScriptRefund"/> (or POST /sandbox/refund-scenario).
    /// docs/sandbox.md lists them.
    /// </summary>
    public enum RefundScenarioKind
    {
        /// <summary>Accepted; PROCESSING for M s, then SUCCESS (M = 0: SUCCESS at the first query).</summary>
        Normal = 0,

        /// <summary>Accepted, but the answer is a signed SYSTEMERROR; PROCESSING for M s, then SUCCESS.</summary>
        SystemErrorAccepted = 1,

        /// <summary>The first M calls (at least one) answer SYSTEMERROR and accept nothing; then as Normal.</summary>
        SystemErrorNotAccepted = 2,

        /// <summary>Accepted, then the connection drops before the answer; PROCESSING for M s, then SUCCESS.</summary>
        DropAfterProcessing = 3,

        /// <summary>The first M calls (at least one) are dropped before processing; then as Normal.</summary>
        DropBeforeProcessing = 4,

        /// <summary>The first M calls (at least one) answer BIZERR_NEED_RETRY, nothing accepted; then as Normal.</summary>
        BizErrNeedRetry = 5,

        /// <summary>The first M calls (at least one) answer NOTENOUGH (merchant balance too low); then as Normal.</summary>
        NotEnough = 6,

        /// <summary>The first M calls (at least one) answer FREQUENCY_LIMITED; then as Normal.</summary>
        FrequencyLimited = 7,

        /// <summary>Every call answers USER_ACCOUNT_ABNORMAL (the customer's account is closed): never accepted.</summary>
        UserAccountAbnormal = 8,

        /// <summary>Every call answers ERROR (business error with a description): never accepted.</summary>
        Error = 9,

        /// <summary>Accepted; PROCESSING for M s, then REFUNDCLOSE (the money stays with the merchant).</summary>
        Closes = 10,

        /// <summary>Accepted; PROCESSING for M s, then CHANGE (退款异常: the customer's card refused it).</summary>
        Abnormal = 11,

        /// <summary>Accepted (PROCESSING for M s, then SUCCESS); the first answer's signature is wrong.</summary>
        BadSignature = 12,

        /// <summary>The first M calls (at least one) answer return_code=FAIL (unsigned), nothing accepted; then as Normal.</summary>
        ReturnFail = 13,

        /// <summary>The first M calls (at least one) answer INVALID_REQ_TOO_MUCH, nothing accepted; then as Normal.</summary>
        InvalidReqTooMuch = 14,

        /// <summary>Accepted at once; the first M refund queries (at least one) answer SYSTEMERROR.</summary>
        QuerySystemError = 15,

        /// <summary>Accepted (SUCCESS at the first query); the answer comes after M s.</summary>
        SlowAnswer = 16,
    }

    public sealed class RefundScenario
    {
        public RefundScenarioKind Kind { get; init; }

        public int M { get; init; }

        /// <summary>The refund scenario of a payment code (Normal for any code that does not spell one).</summary>
        public static RefundScenario Parse(string? authCode)
        {
            if (authCode != null && authCode.Length == 18 && authCode.StartsWith("1320", StringComparison.Ordinal) &&
                int.TryParse(authCode.AsSpan(7, 2), out int kind) && int.TryParse(authCode.AsSpan(9, 3), out int m) &&
                Enum.IsDefined(typeof(RefundScenarioKind), kind))
            {
                return new RefundScenario { Kind = (RefundScenarioKind)kind, M = m };
            }

            return new RefundScenario();
        }

        /// <summary>True for the kinds whose M counts calls rather than seconds.</summary>
        public bool CountsCalls => Kind is RefundScenarioKind.SystemErrorNotAccepted or RefundScenarioKind.DropBeforeProcessing
            or RefundScenarioKind.BizErrNeedRetry or RefundScenarioKind.NotEnough or RefundScenarioKind.FrequencyLimited
            or RefundScenarioKind.ReturnFail or RefundScenarioKind.InvalidReqTooMuch or RefundScenarioKind.QuerySystemError;

        public override string ToString() => Kind + "(" + M + ")";
    }
}
