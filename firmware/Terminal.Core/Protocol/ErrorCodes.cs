namespace Terminal.Core.Protocol
{
    /// <summary>
    /// WeChat's micropay err_code table (quickpay-v2.md), each code mapped to a verdict. Codes not
    /// listed are Unknown: query, never success and never a silent failure.
    /// </summary>
    public static class ErrorCodes
    {
        /// <summary>Fills verdict, reason and flags of <paramref name="outcome"/> for a micropay result_code=FAIL.</summary>
        public static void ClassifyMicropay(string errCode, WxOutcome outcome)
        {
            outcome.ErrCode = errCode;
            outcome.Verdict = Verdict.Failed;
            outcome.RescanAllowed = true;
            switch (errCode)
            {
                case "USERPAYING":
                    outcome.Verdict = Verdict.UserPaying;
                    outcome.RescanAllowed = false;
                    outcome.Detail = "customer is entering the password: query in 5 s";
                    return;
                case "SYSTEMERROR":
                case "BANKERROR":
                    Unknown(outcome, errCode + ": outcome unknown, query");
                    return;
                case "ORDERPAID":
                    // "Order number already paid: check, never charge again." The check that tells
                    // whether this terminal's customer paid is a query; treating it as a failure
                    // would invite a second charge.
                    Unknown(outcome, "ORDERPAID: this order number is already paid; query it, never charge again");
                    return;
                case "AUTHCODEEXPIRE":
                    Fail(outcome, FailureReason.CodeExpired, "payment code expired: customer refreshes it, scan again");
                    return;
                case "AUTH_CODE_ERROR":
                case "AUTH_CODE_INVALID":
                    Fail(outcome, FailureReason.CodeInvalid, "not a valid WeChat payment code (or already used): scan a fresh one");
                    return;
                case "NOTENOUGH":
                    Fail(outcome, FailureReason.InsufficientFunds, "insufficient balance: customer switches card, scan again");
                    return;
                case "NOTSUPORTCARD":
                    Fail(outcome, FailureReason.CardNotSupported, "card type not supported: customer switches card");
                    return;
                case "ORDERCLOSED":
                case "ORDERREVERSED":
                    Fail(outcome, FailureReason.OrderClosed, "order closed or revoked: start a new sale");
                    return;
                case "OUT_TRADE_NO_USED":
                    Fail(outcome, FailureReason.DuplicateOrder, "order number already used with other details");
                    return;
                case "BUYER_MISMATCH":
                    Fail(outcome, FailureReason.BuyerMismatch, "one order cannot change payer: start a new sale");
                    return;
                case "TRADE_ERROR":
                    Fail(outcome, FailureReason.TradeError, "account abnormal, risk control or cancelled by the customer");
                    return;
                case "NOAUTH":
                case "APPID_NOT_EXIST":
                case "MCHID_NOT_EXIST":
                case "APPID_MCHID_NOT_MATCH":
                case "INVALID_REQUEST":
                    Technician(outcome, FailureReason.MerchantConfiguration, errCode + ": merchant configuration problem (appid, mch_id or permissions)");
                    return;
                case "PARAM_ERROR":
                case "LACK_PARAMS":
                case "XML_FORMAT_ERROR":
                case "SIGNERROR":
                case "NOT_UTF8":
                case "REQUIRE_POST_METHOD":
                    Technician(outcome, FailureReason.TerminalFault, errCode + ": request rejected as malformed (check API key, sign type, firmware)");
                    return;
                default:
                    Unknown(outcome, "unlisted err_code " + (errCode == null ? "(none)" : errCode) + ": outcome unknown, query");
                    return;
            }
        }

        /// <summary>True for codes that mean the request itself was refused for a reason retrying cannot fix.</summary>
        public static bool IsPermanentRequestError(string errCode)
        {
            switch (errCode)
            {
                case "NOAUTH":
                case "APPID_NOT_EXIST":
                case "MCHID_NOT_EXIST":
                case "APPID_MCHID_NOT_MATCH":
                case "INVALID_REQUEST":
                case "PARAM_ERROR":
                case "LACK_PARAMS":
                case "XML_FORMAT_ERROR":
                case "SIGNERROR":
                case "NOT_UTF8":
                case "REQUIRE_POST_METHOD":
                    return true;
                default:
                    return false;
            }
        }

        private static void Fail(WxOutcome outcome, FailureReason reason, string detail)
        {
            outcome.Verdict = Verdict.Failed;
            outcome.Reason = reason;
            outcome.RescanAllowed = true;
            outcome.Detail = outcome.ErrCode + ": " + detail;
        }

        private static void Technician(WxOutcome outcome, FailureReason reason, string detail)
        {
            outcome.Verdict = Verdict.Failed;
            outcome.Reason = reason;
            outcome.RescanAllowed = false;
            outcome.TechnicianAttention = true;
            outcome.Detail = detail;
        }

        private static void Unknown(WxOutcome outcome, string detail)
        {
            outcome.Verdict = Verdict.Unknown;
            outcome.Reason = FailureReason.None;
            outcome.RescanAllowed = false;
            outcome.Detail = detail;
        }
    }
}
