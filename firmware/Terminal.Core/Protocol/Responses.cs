using Terminal.Core.Text;

namespace Terminal.Core.Protocol
{
    /// <summary>
    /// Reads WeChat Pay's answers in the documented order — return_code, then (signed)
    /// result_code/err_code, then trade_state or recall — and classifies each into a
    /// <see cref="WxOutcome"/>. Never throws for bad input: anything malformed, hostile, unsigned
    /// or not ours is Unknown (query) for micropay/orderquery and ReverseAgain for reverse.
    /// </summary>
    public static class Responses
    {
        /// <summary>
        /// Largest answer read (bytes): the biggest documented Quick Pay answer — an orderquery
        /// SUCCESS with partner ids and every optional field at its documented length, each value
        /// in CDATA as WeChat writes it — is about 3 KB, plus about 160 bytes per coupon; 4 KB
        /// holds six coupons (observed answers: 600–900 bytes). docs/protocol.md "Answer limits"
        /// gives the count and the heap each limit costs. The HTTP client refuses a longer body
        /// while reading it (then: query, as for any lost answer).
        /// </summary>
        public const int MaxAnswerBytes = 4096;

        /// <summary>Most elements read in an answer: about 35 documented plus 3 per coupon (coupon_type_n, coupon_id_n, coupon_fee_n), six coupons.</summary>
        public const int MaxAnswerElements = 64;

        /// <summary>WeChat's currency when an answer states an amount without fee_type.</summary>
        public const string DefaultFeeType = "CNY";

        /// <summary>What the request was, so the answer can be checked against it.</summary>
        public sealed class Expectation
        {
            public Expectation(MerchantAccount account, string outTradeNo, long totalFee)
            {
                Account = account;
                OutTradeNo = outTradeNo;
                TotalFee = totalFee;
            }

            public MerchantAccount Account { get; }

            /// <summary>The order number asked about (null when asked by transaction_id only).</summary>
            public string OutTradeNo { get; }

            /// <summary>The amount asked for, or ≤ 0 when unknown (a query after reboot before the journal is read).</summary>
            public long TotalFee { get; }
        }

        /// <summary>
        /// Parses a received answer within the answer limits, for the Read methods that take a
        /// parsed answer: the caller can then let the received bytes go before the signature is
        /// checked (docs/performance.md "Heap"). Null for an empty answer; never throws.
        /// </summary>
        public static FlatXmlResult Parse(byte[] body, int offset, int count)
        {
            return body == null || count <= 0 ? null : FlatXml.Parse(body, offset, count, MaxAnswerBytes, MaxAnswerElements);
        }

        public static WxOutcome ReadMicropay(byte[] body, int offset, int count, Expectation expected)
        {
            return ReadMicropay(Parse(body, offset, count), expected);
        }

        /// <summary>As <see cref="ReadMicropay(byte[], int, int, Expectation)"/>, from <see cref="Parse"/>'s result.</summary>
        public static WxOutcome ReadMicropay(FlatXmlResult parsed, Expectation expected)
        {
            WxOutcome outcome = Open(WxApi.Micropay, parsed, expected);
            if (!outcome.Trusted)
            {
                return outcome;
            }

            WxParams p = outcome.Params;
            if (p.Get("result_code") == "SUCCESS")
            {
                return Paid(outcome);
            }

            ErrorCodes.ClassifyMicropay(p.Get("err_code"), outcome);
            outcome.Detail = WithDescription(outcome.Detail, p);
            return outcome;
        }

        public static WxOutcome ReadOrderQuery(byte[] body, int offset, int count, Expectation expected)
        {
            return ReadOrderQuery(Parse(body, offset, count), expected);
        }

        /// <summary>As <see cref="ReadOrderQuery(byte[], int, int, Expectation)"/>, from <see cref="Parse"/>'s result.</summary>
        public static WxOutcome ReadOrderQuery(FlatXmlResult parsed, Expectation expected)
        {
            WxOutcome outcome = Open(WxApi.OrderQuery, parsed, expected);
            if (!outcome.Trusted)
            {
                return outcome;
            }

            WxParams p = outcome.Params;
            if (p.Get("result_code") != "SUCCESS")
            {
                string errCode = p.Get("err_code");
                outcome.ErrCode = errCode;
                if (errCode == "ORDERNOTEXIST")
                {
                    outcome.Verdict = Verdict.OrderNotExist;
                    outcome.Detail = "ORDERNOTEXIST: WeChat never accepted this order";
                }
                else
                {
                    outcome.Verdict = Verdict.Unknown;
                    outcome.TechnicianAttention = ErrorCodes.IsPermanentRequestError(errCode);
                    outcome.Detail = WithDescription((errCode == null ? "result_code FAIL" : errCode) + ": query again", p);
                }

                return outcome;
            }

            string state = p.Get("trade_state");
            outcome.TradeState = state;
            switch (state)
            {
                case "SUCCESS":
                    return Paid(outcome);
                case "USERPAYING":
                    outcome.Verdict = Verdict.UserPaying;
                    outcome.Detail = "USERPAYING: customer is entering the password";
                    break;
                case "NOTPAY":
                    outcome.Verdict = Verdict.NotPaid;
                    outcome.Detail = "NOTPAY: not paid yet";
                    break;
                case "CLOSED":
                case "REVOKED":
                case "REFUND":
                    outcome.Verdict = Verdict.Closed;
                    outcome.Detail = state + ": final, nothing charged";
                    break;
                case "PAYERROR":
                    outcome.Verdict = Verdict.PayError;
                    outcome.Detail = "PAYERROR: payment failed; reverse it (charges have been reported anyway)";
                    break;
                default:
                    outcome.Verdict = Verdict.Unknown;
                    outcome.Detail = "unexpected trade_state " + (state == null ? "(missing)" : "'" + state + "'") + ": query again";
                    break;
            }

            return outcome;
        }

        public static WxOutcome ReadReverse(byte[] body, int offset, int count, Expectation expected)
        {
            return ReadReverse(Parse(body, offset, count), expected);
        }

        /// <summary>As <see cref="ReadReverse(byte[], int, int, Expectation)"/>, from <see cref="Parse"/>'s result.</summary>
        public static WxOutcome ReadReverse(FlatXmlResult parsed, Expectation expected)
        {
            WxOutcome outcome = Open(WxApi.Reverse, parsed, expected);
            if (!outcome.Trusted)
            {
                return outcome;
            }

            WxParams p = outcome.Params;
            string recall = p.Get("recall");
            outcome.Recall = recall;
            string errCode = p.Get("err_code");
            outcome.ErrCode = errCode;
            if (recall == "Y")
            {
                outcome.Verdict = Verdict.ReverseAgain;
                outcome.Detail = "recall=Y: call reverse again";
            }
            else if (p.Get("result_code") == "SUCCESS")
            {
                outcome.Verdict = Verdict.Revoked;
                outcome.Detail = "revoked";
            }
            else if (errCode == "REVERSE_EXPIRE")
            {
                outcome.Verdict = Verdict.ReverseExpired;
                outcome.Detail = WithDescription("REVERSE_EXPIRE: older than 7 days, cannot be revoked", p);
            }
            else if (ErrorCodes.IsPermanentRequestError(errCode))
            {
                outcome.Verdict = Verdict.ReverseRefused;
                outcome.TechnicianAttention = true;
                outcome.Detail = WithDescription(errCode + ": reverse refused; fix configuration (API key, certificate, ids)", p);
            }
            else
            {
                outcome.Verdict = Verdict.ReverseAgain;
                outcome.Detail = WithDescription((errCode == null ? "result_code FAIL" : errCode) + ": call reverse again", p);
            }

            return outcome;
        }

        /// <summary>
        /// Parses and authenticates an answer: returns a Trusted outcome (verdict still to be
        /// decided) only when return_code=SUCCESS, the signature verifies with the request's sign
        /// type, result_code is SUCCESS or FAIL and the answer is about the order asked about
        /// (<see cref="NotAbout"/>); otherwise an untrusted outcome that decides nothing.
        /// </summary>
        internal static WxOutcome Open(WxApi api, byte[] body, int offset, int count, Expectation expected)
        {
            return Open(api, Parse(body, offset, count), expected);
        }

        /// <summary>As <see cref="Open(WxApi, byte[], int, int, Expectation)"/>, from <see cref="Parse"/>'s result (null: an empty answer).</summary>
        internal static WxOutcome Open(WxApi api, FlatXmlResult parsed, Expectation expected)
        {
            if (expected == null || expected.Account == null)
            {
                return WxOutcome.NoAnswer(api, "no request to check the answer against");
            }

            if (parsed == null)
            {
                return WxOutcome.NoAnswer(api, "empty answer");
            }

            if (!parsed.Ok)
            {
                return WxOutcome.NoAnswer(api, "unreadable answer: " + parsed.Error);
            }

            WxParams p = parsed.Params;
            string returnCode = p.Get("return_code");
            if (returnCode == "FAIL")
            {
                return ReturnFail(api, p);
            }

            if (returnCode != "SUCCESS")
            {
                return Untrusted(api, p, "return_code is " + (returnCode == null ? "missing" : "'" + returnCode + "'"));
            }

            MerchantAccount account = expected.Account;
            string signType = p.Get(SignTypes.ParameterName);
            if (signType != null && signType != SignTypes.ToWireName(account.SignType))
            {
                return Untrusted(api, p, "answer signed with " + signType + " but the request used " + SignTypes.ToWireName(account.SignType));
            }

            string sign = p.Get(Signer.SignName);
            if (sign == null || sign.Length == 0)
            {
                return Untrusted(api, p, "answer has no sign");
            }

            if (!Signer.Verify(p, account.ApiKey, account.SignType))
            {
                return Untrusted(api, p, "answer signature does not verify");
            }

            string resultCode = p.Get("result_code");
            if (resultCode != "SUCCESS" && resultCode != "FAIL")
            {
                return Untrusted(api, p, "result_code is " + (resultCode == null ? "missing" : "'" + resultCode + "'"));
            }

            string otherOrder = NotAbout(api, p, expected, resultCode == "SUCCESS");
            if (otherOrder != null)
            {
                return Untrusted(api, p, otherOrder);
            }

            WxOutcome outcome = new WxOutcome(Verdict.Unknown, null);
            outcome.Params = p;
            outcome.Trusted = true;
            return outcome;
        }

        private static WxOutcome ReturnFail(WxApi api, WxParams p)
        {
            // Unsigned: whoever sends it, it proves nothing about the order, so it is never
            // "nothing charged" — query (micropay, orderquery) or call again (reverse). A refusal
            // retrying cannot fix (signature, ids, format) is flagged for the technician, and stops
            // the reverse calls (the order stays unresolved, which is always safe).
            string message = p.Get("return_msg");
            WxOutcome outcome = WxOutcome.NoAnswer(api, "return_code FAIL: " + Show(message));
            if (!LooksLikeSystemError(message) && !LooksRateLimited(message))
            {
                outcome.TechnicianAttention = true;
                outcome.Detail = outcome.Detail + ": WeChat refused the request (check the API key, sign type, appid/mch_id, certificate)";
                if (api == WxApi.Reverse)
                {
                    outcome.Verdict = Verdict.ReverseRefused;
                }
            }

            outcome.Params = p;
            return outcome;
        }

        /// <summary>
        /// Why a signed answer is not about the order asked about, or null when it is: the ids must
        /// be ours (sub-merchant ids exactly as the request used them; sub_appid may be left out),
        /// and out_trade_no, total_fee and fee_type must match where present (an amount without
        /// fee_type is CNY, WeChat's default). out_trade_no must be present where WeChat always
        /// sends it: a micropay or orderquery answer with result_code SUCCESS. Failure answers and
        /// reverse answers carry no out_trade_no in WeChat's documentation.
        /// </summary>
        private static string NotAbout(WxApi api, WxParams p, Expectation expected, bool resultSuccess)
        {
            MerchantAccount account = expected.Account;
            if (p.Get("appid") != account.AppId || p.Get("mch_id") != account.MchId)
            {
                return "answer is for another merchant (appid/mch_id are not ours)";
            }

            if (Value(p, "sub_mch_id") != (account.PartnerMode ? account.SubMchId : null))
            {
                return "answer is for another sub-merchant (sub_mch_id is not ours)";
            }

            string subAppId = Value(p, "sub_appid");
            if (subAppId != null && (account.SubAppId == null || subAppId != account.SubAppId))
            {
                return "answer is for another sub-merchant app (sub_appid " + Show(subAppId) + ")";
            }

            string outTradeNo = Value(p, "out_trade_no");
            if (expected.OutTradeNo != null)
            {
                if (outTradeNo == null && resultSuccess && api != WxApi.Reverse)
                {
                    return "answer does not name its order (no out_trade_no)";
                }

                if (outTradeNo != null && outTradeNo != expected.OutTradeNo)
                {
                    return "out_trade_no " + Show(outTradeNo) + " is not the order asked about (" + expected.OutTradeNo + ")";
                }
            }

            string feeType = Value(p, "fee_type");
            string fee = Value(p, "total_fee");
            if (fee != null)
            {
                long amount = Digits.ParseNonNegative(fee);
                if (amount <= 0)
                {
                    return "total_fee " + Show(fee) + " is not a positive integer";
                }

                if (expected.TotalFee > 0 && amount != expected.TotalFee)
                {
                    return "total_fee " + amount.ToString() + " differs from the " + expected.TotalFee.ToString() + " requested";
                }

                if (feeType == null)
                {
                    feeType = DefaultFeeType;
                }
            }

            if (feeType != null && account.Currency != null && feeType != account.Currency.Code)
            {
                return "fee_type " + feeType + " differs from " + account.Currency.Code;
            }

            return null;
        }

        /// <summary>A field's value, null when absent or empty (WeChat's signing treats both alike).</summary>
        private static string Value(WxParams p, string name)
        {
            string value = p.Get(name);
            return value == null || value.Length == 0 ? null : value;
        }

        private static WxOutcome Untrusted(WxApi api, WxParams p, string why)
        {
            WxOutcome outcome = WxOutcome.NoAnswer(api, "untrusted answer: " + why);
            outcome.Params = p;
            return outcome;
        }

        private static WxOutcome Paid(WxOutcome outcome)
        {
            WxParams p = outcome.Params;
            outcome.TransactionId = p.Get("transaction_id");
            outcome.OutTradeNo = p.Get("out_trade_no");
            outcome.FeeType = p.Get("fee_type");
            outcome.TimeEnd = p.Get("time_end");
            outcome.BankType = p.Get("bank_type");
            outcome.OpenId = p.Get("openid");
            outcome.TotalFee = Digits.ParseNonNegative(p.Get("total_fee"));
            outcome.CashFee = Digits.ParseNonNegative(p.Get("cash_fee"));

            string problem = null;
            if (outcome.TransactionId == null || outcome.TransactionId.Length == 0)
            {
                problem = "no transaction_id";
            }
            else if (outcome.TotalFee <= 0)
            {
                problem = "total_fee missing or not a positive integer";
            }

            if (problem != null)
            {
                outcome.Verdict = Verdict.Unknown;
                outcome.Detail = "paid answer does not match the order: " + problem;
                return outcome;
            }

            outcome.Verdict = Verdict.Paid;
            outcome.Detail = "paid, transaction " + outcome.TransactionId;
            return outcome;
        }

        private static bool LooksRateLimited(string message)
        {
            if (message == null)
            {
                return false;
            }

            string upper = message.ToUpper();
            return message.IndexOf("频率") >= 0 || upper.IndexOf("FREQUEN") >= 0 || upper.IndexOf("RATE LIMIT") >= 0 || upper.IndexOf("TOO MANY") >= 0;
        }

        private static bool LooksLikeSystemError(string message)
        {
            if (message == null)
            {
                return false;
            }

            string upper = message.ToUpper();
            return message.IndexOf("系统错误") >= 0 || message.IndexOf("系统繁忙") >= 0 || upper.IndexOf("SYSTEM ERROR") >= 0 ||
                upper.IndexOf("SYSTEMERROR") >= 0 || upper.IndexOf("SYSTEM BUSY") >= 0;
        }

        internal static string WithDescription(string detail, WxParams p)
        {
            string description = p.Get("err_code_des");
            return description == null || description.Length == 0 ? detail : detail + " (" + description + ")";
        }

        private static string Show(string value)
        {
            return value == null ? "(none)" : "'" + value + "'";
        }
    }
}
