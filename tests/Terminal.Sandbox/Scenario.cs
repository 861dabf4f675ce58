using System;

namespace Terminal.Sandbox
{
    /// <summary>
    /// What the sandbox's "customer" does, chosen by the scanned payment code:
    /// <c>13 SS NNN xxxxxxxxxxx</c> — digits 3–4 the scenario, 5–7 its parameter N (seconds or a
    /// count), the rest free (make them unique per sale). Any other 18-digit code behaves as
    /// <see cref="ScenarioKind.PasswordFree"/>. Scenario 20 pays password-free and lets digits 8–12
    /// choose what a refund of the sale does (<see cref="RefundScenario"/>). docs/sandbox.md lists them.
    /// </summary>
    public enum ScenarioKind
    {
        PasswordFree = 0,
        PaidAfter = 1,
        NeverPays = 2,
        CustomerCancels = 3,
        Fail = 4,
        SystemErrorThenPaid = 5,
        SystemErrorThenNotPaid = 6,
        BankErrorThenPaid = 7,
        BankErrorThenNotPaid = 8,
        SlowAnswer = 9,
        DropBeforeProcessing = 10,
        DropAfterProcessing = 11,
        TruncatedAnswer = 12,
        BadSignature = 13,
        ReturnFail = 14,
        RateLimited = 15,
        RecallY = 16,
        AutoRevoke = 17,
        OrderNotExistThenResubmit = 18,
        NeverArrives = 19,

        /// <summary>Password-free payment whose refunds follow digits 8–12 (<see cref="RefundScenario"/>).</summary>
        RefundScripted = 20,
    }

    public sealed class Scenario
    {
        /// <summary>Failure err_codes for <see cref="ScenarioKind.Fail"/>, indexed by N.</summary>
        public static readonly string[] FailureCodes =
        {
            "AUTHCODEEXPIRE", "AUTH_CODE_ERROR", "AUTH_CODE_INVALID", "NOTENOUGH", "NOTSUPORTCARD", "ORDERCLOSED",
            "ORDERREVERSED", "OUT_TRADE_NO_USED", "BUYER_MISMATCH", "TRADE_ERROR", "NOAUTH", "APPID_NOT_EXIST",
            "MCHID_NOT_EXIST", "APPID_MCHID_NOT_MATCH", "INVALID_REQUEST", "PARAM_ERROR", "LACK_PARAMS",
            "XML_FORMAT_ERROR", "SIGNERROR", "NOT_UTF8", "REQUIRE_POST_METHOD", "ORDERPAID",
        };

        public ScenarioKind Kind { get; init; }

        public int N { get; init; }

        public static Scenario Parse(string authCode)
        {
            if (authCode != null && authCode.Length == 18 && authCode.StartsWith("13", StringComparison.Ordinal) &&
                int.TryParse(authCode.AsSpan(2, 2), out int kind) && int.TryParse(authCode.AsSpan(4, 3), out int n) &&
                Enum.IsDefined(typeof(ScenarioKind), kind))
            {
                return new Scenario { Kind = (ScenarioKind)kind, N = n };
            }

            return new Scenario { Kind = ScenarioKind.PasswordFree };
        }

        /// <summary>Builds a payment code for a scenario; <paramref name="unique"/> fills the free digits.</summary>
        public static string Code(ScenarioKind kind, int n, long unique)
        {
            return "13" + ((int)kind).ToString("D2") + n.ToString("D3") + (Math.Abs(unique) % 100000000000L).ToString("D11");
        }

        /// <summary>
        /// A password-free payment code whose refunds follow <paramref name="refund"/> with parameter
        /// <paramref name="m"/>: <c>13 20 000 RR MMM xxxxxx</c>; <paramref name="unique"/> fills the last six digits.
        /// </summary>
        public static string RefundCode(RefundScenarioKind refund, int m, long unique)
        {
            return "13" + ((int)ScenarioKind.RefundScripted).ToString("D2") + "000" + ((int)refund).ToString("D2") + m.ToString("D3") + (Math.Abs(unique) % 1000000L).ToString("D6");
        }

        public override string ToString() => Kind + "(" + N + ")";
    }
}
