using Terminal.Core.Text;

namespace Terminal.Core.Protocol
{
    /// <summary>What a refund or refund-query answer (or its absence) means for one refund (docs/protocol.md, "Refund").</summary>
    public enum RefundVerdict
    {
        /// <summary>No answer, untrusted, not about this refund, SYSTEMERROR, an unlisted code: WeChat may have it. Query.</summary>
        Unknown = 0,

        /// <summary>Refund call result_code SUCCESS: accepted, not yet refunded. Query until final.</summary>
        Accepted,

        /// <summary>refund_status SUCCESS: the money went back. Final.</summary>
        Refunded,

        /// <summary>refund_status PROCESSING: under way. Query later.</summary>
        Processing,

        /// <summary>Refund query REFUNDNOTEXIST: WeChat has no refund under this number (yet). Send it again, same number and amounts.</summary>
        NotFound,

        /// <summary>Not accepted yet (FREQUENCY_LIMITED, INVALID_REQ_TOO_MUCH, NOTENOUGH): send again later with the same number.</summary>
        RetryLater,

        /// <summary>A signed, definite refusal about this request: nothing moved. Final.</summary>
        Refused,

        /// <summary>refund_status REFUNDCLOSE: closed, nothing moved. Final.</summary>
        Closed,

        /// <summary>refund_status CHANGE: the money left the merchant but did not reach the customer. Final for the terminal; the manager settles it.</summary>
        Abnormal,
    }

    /// <summary>One classified refund or refund-query answer. Never contains secrets.</summary>
    public sealed class RefundAnswer
    {
        internal RefundAnswer(RefundVerdict verdict, string detail)
        {
            Verdict = verdict;
            Detail = detail;
        }

        public RefundVerdict Verdict { get; internal set; }

        public string ErrCode { get; internal set; }

        public string Detail { get; internal set; }

        /// <summary>A configuration or firmware fault a technician must fix (signature, ids, parameters).</summary>
        public bool TechnicianAttention { get; internal set; }

        public string RefundId { get; internal set; }

        /// <summary>refund_success_time_$n as received ("yyyy-MM-dd HH:mm:ss", China time), or null.</summary>
        public string SuccessTime { get; internal set; }

        public string TransactionId { get; internal set; }
    }

    /// <summary>
    /// Reads refund and refund-query answers with the discipline of the payment answers: signed
    /// with our key, our merchant ids, about the order, its total and — where the answer names
    /// them — this very out_refund_no and refund_fee; anything else is Unknown, never "refunded"
    /// and never "refused".
    /// </summary>
    public static class RefundAnswers
    {
        /// <summary>The refund asked about.</summary>
        public sealed class Expectation
        {
            public Expectation(MerchantAccount account, string outTradeNo, long totalFee, string outRefundNo, long refundFee)
            {
                Order = new Responses.Expectation(account, outTradeNo, totalFee);
                OutRefundNo = outRefundNo;
                RefundFee = refundFee;
            }

            public Responses.Expectation Order { get; }

            public string OutRefundNo { get; }

            public long RefundFee { get; }
        }

        /// <summary>No usable answer (transport failure): WeChat may have the refund.</summary>
        public static RefundAnswer NoAnswer(string detail)
        {
            return new RefundAnswer(RefundVerdict.Unknown, detail);
        }

        /// <summary>
        /// The request could not be built (invalid field or configuration): nothing was sent now,
        /// but an earlier attempt of the same refund may have been — so it decides nothing.
        /// </summary>
        public static RefundAnswer NotSent(string detail)
        {
            RefundAnswer answer = new RefundAnswer(RefundVerdict.Unknown, "not sent: " + detail);
            answer.TechnicianAttention = true;
            return answer;
        }

        public static RefundAnswer ReadRefund(byte[] body, int offset, int count, Expectation expected)
        {
            WxOutcome opened = Responses.Open(WxApi.Refund, body, offset, count, expected.Order);
            if (!opened.Trusted)
            {
                return Untrusted(opened);
            }

            WxParams p = opened.Params;
            string otherRefund = NotThisRefund(p.Get("out_refund_no"), p.Get("refund_fee"), expected, p.Get("result_code") == "SUCCESS");
            if (otherRefund != null)
            {
                return new RefundAnswer(RefundVerdict.Unknown, "untrusted answer: " + otherRefund);
            }

            if (p.Get("result_code") == "SUCCESS")
            {
                RefundAnswer accepted = new RefundAnswer(RefundVerdict.Accepted, "accepted by WeChat (not yet refunded)");
                accepted.RefundId = p.Get("refund_id");
                accepted.TransactionId = p.Get("transaction_id");
                return accepted;
            }

            string errCode = p.Get("err_code");
            RefundAnswer answer = new RefundAnswer(ClassifyRefundError(errCode), null);
            answer.ErrCode = errCode;
            answer.TechnicianAttention = ErrorCodes.IsPermanentRequestError(errCode) && errCode != "INVALID_REQUEST";
            string code = errCode == null ? "result_code FAIL" : errCode;
            switch (answer.Verdict)
            {
                case RefundVerdict.RetryLater:
                    answer.Detail = Responses.WithDescription(code + ": not accepted yet, sent again later", p);
                    break;
                case RefundVerdict.Refused:
                    answer.Detail = Responses.WithDescription(code + ": refused, nothing refunded", p);
                    break;
                default:
                    answer.Detail = Responses.WithDescription(code + ": outcome unknown, query", p);
                    break;
            }

            return answer;
        }

        /// <summary>A refund-query answer (asked by out_refund_no) about the expected refund.</summary>
        public static RefundAnswer ReadRefundQuery(byte[] body, int offset, int count, Expectation expected)
        {
            WxOutcome opened = Responses.Open(WxApi.RefundQuery, body, offset, count, expected.Order);
            if (!opened.Trusted)
            {
                return Untrusted(opened);
            }

            WxParams p = opened.Params;
            if (p.Get("result_code") != "SUCCESS")
            {
                string errCode = p.Get("err_code");
                RefundAnswer failed = new RefundAnswer(errCode == "REFUNDNOTEXIST" ? RefundVerdict.NotFound : RefundVerdict.Unknown, null);
                failed.ErrCode = errCode;
                failed.TechnicianAttention = ErrorCodes.IsPermanentRequestError(errCode);
                failed.Detail = Responses.WithDescription((errCode == null ? "result_code FAIL" : errCode) +
                    (failed.Verdict == RefundVerdict.NotFound ? ": WeChat has no such refund" : ": query again"), p);
                return failed;
            }

            long listed = Digits.ParseNonNegative(p.Get("refund_count"));
            int found = -1;
            for (int n = 0; n < listed && n < 50 && found < 0; n++)
            {
                if (p.Get("out_refund_no_" + n.ToString()) == expected.OutRefundNo)
                {
                    found = n;
                }
            }

            if (found < 0)
            {
                return new RefundAnswer(RefundVerdict.Unknown, "untrusted answer: refund " + expected.OutRefundNo + " is not among the " + listed.ToString() + " listed");
            }

            string suffix = "_" + found.ToString();
            string otherRefund = NotThisRefund(expected.OutRefundNo, p.Get("refund_fee" + suffix), expected, true);
            if (otherRefund != null)
            {
                RefundAnswer odd = new RefundAnswer(RefundVerdict.Unknown, "untrusted answer: " + otherRefund);
                odd.TechnicianAttention = true;
                return odd;
            }

            string status = p.Get("refund_status" + suffix);
            RefundAnswer answer = new RefundAnswer(RefundVerdict.Unknown, null);
            answer.RefundId = p.Get("refund_id" + suffix);
            answer.TransactionId = p.Get("transaction_id");
            switch (status)
            {
                case "SUCCESS":
                    if (answer.RefundId == null || answer.RefundId.Length == 0)
                    {
                        answer.Detail = "refunded answer without refund_id: query again";
                        break;
                    }

                    answer.Verdict = RefundVerdict.Refunded;
                    answer.SuccessTime = p.Get("refund_success_time" + suffix);
                    answer.Detail = "refunded";
                    break;
                case "PROCESSING":
                    answer.Verdict = RefundVerdict.Processing;
                    answer.Detail = "PROCESSING: under way";
                    break;
                case "REFUNDCLOSE":
                    answer.Verdict = RefundVerdict.Closed;
                    answer.Detail = "REFUNDCLOSE: closed, nothing refunded";
                    break;
                case "CHANGE":
                    answer.Verdict = RefundVerdict.Abnormal;
                    answer.Detail = "CHANGE: the customer's account refused it; settle it on the merchant platform";
                    break;
                default:
                    answer.Detail = "unexpected refund_status " + (status == null ? "(missing)" : "'" + status + "'") + ": query again";
                    break;
            }

            return answer;
        }

        /// <summary>
        /// The refund call's err_code by docs/protocol.md's table: retry-later codes, definite
        /// refusals (signed, nothing moved), everything else unknown.
        /// </summary>
        public static RefundVerdict ClassifyRefundError(string errCode)
        {
            switch (errCode)
            {
                case "FREQUENCY_LIMITED":
                case "INVALID_REQ_TOO_MUCH":
                case "NOTENOUGH":
                    return RefundVerdict.RetryLater;
                case "TRADE_OVERDUE":
                case "USER_ACCOUNT_ABNORMAL":
                case "INVALID_REQUEST":
                case "ORDERNOTEXIST":
                case "INVALID_TRANSACTIONID":
                case "REFUND_FEE_MISMATCH":
                case "PARAM_ERROR":
                case "ERROR":
                case "NOAUTH":
                case "APPID_NOT_EXIST":
                case "MCHID_NOT_EXIST":
                case "APPID_MCHID_NOT_MATCH":
                case "LACK_PARAMS":
                case "REQUIRE_POST_METHOD":
                case "SIGNERROR":
                case "XML_FORMAT_ERROR":
                case "NOT_UTF8":
                    return RefundVerdict.Refused;
                default:
                    return RefundVerdict.Unknown; // SYSTEMERROR, BIZERR_NEED_RETRY, anything unlisted
            }
        }

        private static string NotThisRefund(string outRefundNo, string refundFee, Expectation expected, bool required)
        {
            if (outRefundNo == null || outRefundNo.Length == 0)
            {
                return required ? "answer does not name its refund (no out_refund_no)" : null;
            }

            if (outRefundNo != expected.OutRefundNo)
            {
                return "out_refund_no '" + outRefundNo + "' is not the refund asked about (" + expected.OutRefundNo + ")";
            }

            if (refundFee == null || refundFee.Length == 0)
            {
                return required ? "answer does not state refund_fee" : null;
            }

            long fee = Digits.ParseNonNegative(refundFee);
            return fee == expected.RefundFee ? null : "refund_fee " + refundFee + " differs from the " + expected.RefundFee.ToString() + " asked for";
        }

        private static RefundAnswer Untrusted(WxOutcome opened)
        {
            RefundAnswer answer = new RefundAnswer(RefundVerdict.Unknown, opened.Detail);
            answer.TechnicianAttention = opened.TechnicianAttention;
            return answer;
        }
    }
}
