namespace Terminal.Core.Protocol
{
    /// <summary>What WeChat's answer (or its absence) means for the order, by WeChat's rules.</summary>
    public enum Verdict
    {
        /// <summary>Anything ambiguous: no answer, a time-out, an untrusted or unexpected answer, an unlisted code. Query.</summary>
        Unknown = 0,

        /// <summary>The customer paid (micropay SUCCESS, or orderquery trade_state SUCCESS). Final.</summary>
        Paid,

        /// <summary>Micropay refused; nothing was charged. Final for this order number.</summary>
        Failed,

        /// <summary>The customer is entering the password (USERPAYING): keep querying until the deadline.</summary>
        UserPaying,

        /// <summary>orderquery trade_state NOTPAY: not paid yet.</summary>
        NotPaid,

        /// <summary>orderquery CLOSED, REVOKED or REFUND: final, nothing (left) charged.</summary>
        Closed,

        /// <summary>orderquery PAYERROR: failed, but charges have been reported anyway — reverse it.</summary>
        PayError,

        /// <summary>orderquery ORDERNOTEXIST: WeChat never accepted the micropay.</summary>
        OrderNotExist,

        /// <summary>Reverse done (recall=N): nothing is charged.</summary>
        Revoked,

        /// <summary>Reverse must be called again (recall=Y, SYSTEMERROR, no answer, anything ambiguous).</summary>
        ReverseAgain,

        /// <summary>REVERSE_EXPIRE: the order is older than 7 days and can no longer be revoked.</summary>
        ReverseExpired,

        /// <summary>Reverse refused for a reason retrying cannot fix (configuration, signature): a technician must act.</summary>
        ReverseRefused,
    }

    /// <summary>Why a payment failed, for the cashier screen (the UI maps it to a localized message).</summary>
    public enum FailureReason
    {
        None = 0,

        /// <summary>AUTHCODEEXPIRE: the customer refreshes the code; scan again.</summary>
        CodeExpired,

        /// <summary>AUTH_CODE_ERROR / AUTH_CODE_INVALID: not a valid (or an already used) WeChat code.</summary>
        CodeInvalid,

        /// <summary>NOTENOUGH: insufficient balance; the customer switches card.</summary>
        InsufficientFunds,

        /// <summary>NOTSUPORTCARD: card type not supported; switch card.</summary>
        CardNotSupported,

        /// <summary>ORDERCLOSED / ORDERREVERSED: this order number is closed; a new sale is needed.</summary>
        OrderClosed,

        /// <summary>OUT_TRADE_NO_USED: the order number was already submitted with other details.</summary>
        DuplicateOrder,

        /// <summary>BUYER_MISMATCH: one order cannot change payer.</summary>
        BuyerMismatch,

        /// <summary>TRADE_ERROR: account abnormal, risk control, or the customer cancelled.</summary>
        TradeError,

        /// <summary>NOAUTH, APPID_NOT_EXIST, MCHID_NOT_EXIST, APPID_MCHID_NOT_MATCH, INVALID_REQUEST.</summary>
        MerchantConfiguration,

        /// <summary>PARAM_ERROR, LACK_PARAMS, XML_FORMAT_ERROR, SIGNERROR, NOT_UTF8, REQUIRE_POST_METHOD.</summary>
        TerminalFault,

        /// <summary>return_code=FAIL: the request did not get through (rate limit, format…); nothing was created.</summary>
        NotAccepted,
    }
}
