using Terminal.Core.Money;
using Terminal.Core.Text;

namespace Terminal.Core.Protocol
{
    /// <summary>
    /// Builds and signs the three Quick Pay requests — micropay, orderquery, reverse — after
    /// validating every field against WeChat's limits (lengths are UTF-8 bytes; only 1–3-byte
    /// UTF-8 characters are accepted). Nothing invalid is ever sent.
    /// </summary>
    public static class Requests
    {
        public const int AuthCodeLength = 18;

        public static RequestBuild Micropay(MerchantAccount account, MicropayOrder order, string nonce)
        {
            string path = Endpoints.MicropayPath;
            string error = CheckAccount(account, nonce);
            if (error != null)
            {
                return Failure(path, error);
            }

            if (order == null)
            {
                return RequestBuild.Failure(path, "order", "No order to submit.");
            }

            string field = "out_trade_no";
            error = CheckOutTradeNo(order.OutTradeNo);
            if (error == null)
            {
                field = "total_fee";
                error = CheckTotalFee(order.TotalFee, account);
            }

            if (error == null)
            {
                field = "body";
                error = CheckText("body", order.Body, true, 127);
            }

            string warning = null;
            if (error == null)
            {
                field = "auth_code";
                error = CheckAuthCode(order.AuthCode);
                if (error == null && !HasKnownAuthCodePrefix(order.AuthCode))
                {
                    warning = "auth_code starts with " + order.AuthCode.Substring(0, 2) +
                        "; WeChat payment codes usually start with 10–15. Sending anyway: WeChat decides (AUTH_CODE_INVALID).";
                }
            }

            if (error == null)
            {
                error = CheckOptional(order, out field);
            }

            if (error != null)
            {
                return RequestBuild.Failure(path, field, error);
            }

            WxParams p = Identity(account, nonce);
            p.Set("body", order.Body);
            Put(p, "detail", order.Detail);
            Put(p, "attach", order.Attach);
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("total_fee", order.TotalFee.ToString());
            p.Set("fee_type", account.Currency.Code);
            p.Set("spbill_create_ip", account.SpbillCreateIp);
            Put(p, "goods_tag", order.GoodsTag);
            Put(p, "limit_pay", order.LimitPay);
            Put(p, "receipt", order.Receipt);
            Put(p, "time_start", order.TimeStart);
            Put(p, "time_expire", order.TimeExpire);
            p.Set("auth_code", order.AuthCode);
            Put(p, "scene_info", order.SceneInfo);
            return Seal(path, p, account, warning);
        }

        /// <summary>Query Order by transaction_id (preferred when known) or out_trade_no; exactly one is sent.</summary>
        public static RequestBuild OrderQuery(MerchantAccount account, string outTradeNo, string transactionId, string nonce)
        {
            return ByOrderId(Endpoints.OrderQueryPath, account, outTradeNo, transactionId, nonce);
        }

        /// <summary>Revoke Order (mutual TLS) by transaction_id or out_trade_no; exactly one is sent.</summary>
        public static RequestBuild Reverse(MerchantAccount account, string outTradeNo, string transactionId, string nonce)
        {
            return ByOrderId(Endpoints.ReversePath, account, outTradeNo, transactionId, nonce);
        }

        /// <summary>
        /// 申请退款 (mutual TLS) of <paramref name="refundFee"/> from the order <paramref name="outTradeNo"/>
        /// whose total is <paramref name="totalFee"/>, under <paramref name="outRefundNo"/> (the same
        /// number and amounts on every retry: WeChat refunds one out_refund_no once).
        /// </summary>
        public static RequestBuild Refund(MerchantAccount account, string outTradeNo, string outRefundNo, long totalFee, long refundFee, string nonce)
        {
            string path = Endpoints.RefundPath;
            string error = CheckAccount(account, nonce);
            if (error != null)
            {
                return Failure(path, error);
            }

            string field = "out_trade_no";
            error = CheckOutTradeNo(outTradeNo);
            if (error == null)
            {
                field = "out_refund_no";
                error = CheckOutRefundNo(outRefundNo);
            }

            if (error == null)
            {
                field = "total_fee";
                error = totalFee > 0 ? null : "total_fee must be a positive amount in minor units (got " + totalFee.ToString() + ").";
            }

            if (error == null)
            {
                field = "refund_fee";
                error = refundFee > 0 && refundFee <= totalFee ? null : "refund_fee must be positive and at most total_fee (got " + refundFee.ToString() + ").";
            }

            if (error != null)
            {
                return RequestBuild.Failure(path, field, error);
            }

            WxParams p = Identity(account, nonce);
            p.Set("out_trade_no", outTradeNo);
            p.Set("out_refund_no", outRefundNo);
            p.Set("total_fee", totalFee.ToString());
            p.Set("refund_fee", refundFee.ToString());
            p.Set("refund_fee_type", account.Currency.Code);
            return Seal(path, p, account, null);
        }

        /// <summary>查询退款 by out_refund_no (the terminal's own refund number).</summary>
        public static RequestBuild RefundQuery(MerchantAccount account, string outRefundNo, string nonce)
        {
            string path = Endpoints.RefundQueryPath;
            string error = CheckAccount(account, nonce);
            if (error != null)
            {
                return Failure(path, error);
            }

            error = CheckOutRefundNo(outRefundNo);
            if (error != null)
            {
                return RequestBuild.Failure(path, "out_refund_no", error);
            }

            WxParams p = Identity(account, nonce);
            p.Set("out_refund_no", outRefundNo);
            return Seal(path, p, account, null);
        }

        /// <summary>
        /// 交易保障 POS batch report (<see cref="GuaranteeReport"/>): <paramref name="trades"/> is the
        /// JSON array of whole trades (at most 1024 bytes), <paramref name="userIp"/> the terminal's
        /// IPv4 address (user_ip, at most 16). Signed like every request (the account's sign_type).
        /// </summary>
        public static RequestBuild Report(MerchantAccount account, string userIp, string trades, string nonce)
        {
            string path = Endpoints.ReportPath;
            string error = CheckAccount(account, nonce);
            if (error != null)
            {
                return Failure(path, error);
            }

            string field = "user_ip";
            error = CheckText("user_ip", userIp, true, 16);
            if (error == null)
            {
                field = "trades";
                error = CheckText("trades", trades, true, GuaranteeReport.MaxTradesBytes);
            }

            if (error != null)
            {
                return RequestBuild.Failure(path, field, error);
            }

            WxParams p = Identity(account, nonce);
            p.Set("interface_url", GuaranteeReport.BatchInterfaceUrl);
            p.Set("user_ip", userIp);
            p.Set("trades", trades);
            return Seal(path, p, account, null);
        }

        /// <summary>Checks a refund number: 1–64 characters of [0-9A-Za-z_-|*@]. Returns null when valid.</summary>
        public static string CheckOutRefundNo(string value)
        {
            if (value == null || value.Length == 0)
            {
                return "out_refund_no is required.";
            }

            if (value.Length > 64)
            {
                return "out_refund_no must be at most 64 characters (got " + value.Length + ").";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '|' || c == '*' || c == '@';
                if (!ok)
                {
                    return "out_refund_no may only contain 0-9, A-Z, a-z, _, -, |, * and @ (found '" + c + "' at position " + (i + 1) + ").";
                }
            }

            return null;
        }

        /// <summary>Checks an order number: 6–32 characters of [0-9A-Za-z_-]. Returns null when valid.</summary>
        public static string CheckOutTradeNo(string value)
        {
            if (value == null || value.Length == 0)
            {
                return "out_trade_no is required.";
            }

            if (value.Length < 6 || value.Length > 32)
            {
                return "out_trade_no must be 6 to 32 characters (got " + value.Length + ").";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
                if (!ok)
                {
                    return "out_trade_no may only contain 0-9, A-Z, a-z, _ and - (found '" + c + "' at position " + (i + 1) + ").";
                }
            }

            return null;
        }

        /// <summary>Checks a scanned payment code: exactly 18 digits. Returns null when valid.</summary>
        public static string CheckAuthCode(string value)
        {
            if (value == null || value.Length == 0)
            {
                return "auth_code is required: scan the customer's payment code.";
            }

            if (value.Length != AuthCodeLength)
            {
                return "auth_code must be 18 digits (got " + value.Length + " characters).";
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return "auth_code must be 18 digits (found '" + value[i] + "' at position " + (i + 1) + ").";
                }
            }

            return null;
        }

        /// <summary>WeChat payment codes start 10–15; other prefixes only warn (Global also mentions 160…).</summary>
        public static bool HasKnownAuthCodePrefix(string authCode)
        {
            return authCode != null && authCode.Length >= 2 && authCode[0] == '1' && authCode[1] >= '0' && authCode[1] <= '5';
        }

        private static RequestBuild ByOrderId(string path, MerchantAccount account, string outTradeNo, string transactionId, string nonce)
        {
            string error = CheckAccount(account, nonce);
            if (error != null)
            {
                return Failure(path, error);
            }

            WxParams p = Identity(account, nonce);
            if (transactionId != null && transactionId.Length > 0)
            {
                error = CheckText("transaction_id", transactionId, true, 32);
                if (error == null && !IsAsciiAlphanumeric(transactionId))
                {
                    error = "transaction_id may only contain letters and digits.";
                }

                if (error != null)
                {
                    return RequestBuild.Failure(path, "transaction_id", error);
                }

                p.Set("transaction_id", transactionId);
            }
            else
            {
                error = CheckOutTradeNo(outTradeNo);
                if (error != null)
                {
                    return RequestBuild.Failure(path, "out_trade_no", error);
                }

                p.Set("out_trade_no", outTradeNo);
            }

            return Seal(path, p, account, null);
        }

        private static RequestBuild Failure(string path, string fieldAndError)
        {
            // CheckAccount reports "field|message" so one method can name the field.
            int bar = fieldAndError.IndexOf('|');
            return RequestBuild.Failure(path, fieldAndError.Substring(0, bar), fieldAndError.Substring(bar + 1));
        }

        private static string CheckAccount(MerchantAccount account, string nonce)
        {
            if (account == null)
            {
                return "account|No merchant account configured.";
            }

            string error = CheckText("appid", account.AppId, true, 32);
            if (error != null)
            {
                return "appid|" + error;
            }

            error = CheckText("mch_id", account.MchId, true, 32);
            if (error != null)
            {
                return "mch_id|" + error;
            }

            error = CheckText("sub_appid", account.SubAppId, false, 32);
            if (error != null)
            {
                return "sub_appid|" + error;
            }

            if (account.SubAppId != null && account.SubAppId.Length > 0 && !account.PartnerMode)
            {
                return "sub_mch_id|sub_mch_id is required when sub_appid is set (partner mode).";
            }

            error = CheckText("sub_mch_id", account.SubMchId, false, 32);
            if (error != null)
            {
                return "sub_mch_id|" + error;
            }

            error = CheckText("device_info", account.DeviceInfo, false, 32);
            if (error != null)
            {
                return "device_info|" + error;
            }

            error = CheckText("spbill_create_ip", account.SpbillCreateIp, true, 64);
            if (error != null)
            {
                return "spbill_create_ip|" + error;
            }

            if (account.ApiKey == null || account.ApiKey.Length == 0)
            {
                return "key|The API key is not configured.";
            }

            if (account.Currency == null || !IsIso4217Shape(account.Currency.Code))
            {
                return "fee_type|fee_type must be an ISO 4217 code of three upper-case letters (supported: " + Currency.SupportedCodes() + ").";
            }

            error = CheckText("nonce_str", nonce, true, 32);
            if (error == null && !IsAsciiAlphanumeric(nonce))
            {
                error = "nonce_str may only contain letters and digits.";
            }

            return error == null ? null : "nonce_str|" + error;
        }

        private static string CheckTotalFee(long totalFee, MerchantAccount account)
        {
            if (totalFee <= 0)
            {
                return "total_fee must be a positive amount in minor units (got " + totalFee + ").";
            }

            if (totalFee > account.MaxTotalFee)
            {
                return "total_fee " + MoneyText.Format(totalFee, account.Currency) + " " + account.Currency.Code +
                    " is above this terminal's maximum of " + MoneyText.Format(account.MaxTotalFee, account.Currency) + ".";
            }

            return null;
        }

        private static string CheckOptional(MicropayOrder order, out string field)
        {
            field = "detail";
            string error = CheckText(field, order.Detail, false, 6000);
            if (error != null)
            {
                return error;
            }

            field = "attach";
            error = CheckText(field, order.Attach, false, 127);
            if (error != null)
            {
                return error;
            }

            field = "goods_tag";
            error = CheckText(field, order.GoodsTag, false, 32);
            if (error != null)
            {
                return error;
            }

            field = "limit_pay";
            if (order.LimitPay != null && order.LimitPay != "no_credit")
            {
                return "limit_pay must be \"no_credit\" or absent.";
            }

            field = "receipt";
            if (order.Receipt != null && order.Receipt != "Y")
            {
                return "receipt must be \"Y\" or absent.";
            }

            field = "time_start";
            error = CheckTimestamp(field, order.TimeStart);
            if (error != null)
            {
                return error;
            }

            field = "time_expire";
            error = CheckTimestamp(field, order.TimeExpire);
            if (error != null)
            {
                return error;
            }

            field = "scene_info";
            return CheckText(field, order.SceneInfo, false, 256);
        }

        /// <summary>Presence, UTF-8 byte length and the BMP-only rule for one text field.</summary>
        private static string CheckText(string name, string value, bool required, int maxBytes)
        {
            if (value == null || value.Length == 0)
            {
                return required ? name + " is required." : null;
            }

            if (Utf8.IndexOfLoneSurrogate(value) >= 0)
            {
                return name + " contains an invalid character (an unpaired UTF-16 surrogate).";
            }

            if (Utf8.HasFourByteChar(value))
            {
                return name + " contains a character outside the Basic Multilingual Plane (e.g. an emoji), which WeChat Pay rejects.";
            }

            int bytes = Utf8.ByteCount(value);
            if (bytes > maxBytes)
            {
                return name + " is " + bytes + " UTF-8 bytes; the limit is " + maxBytes + ".";
            }

            return null;
        }

        private static string CheckTimestamp(string name, string value)
        {
            if (value == null)
            {
                return null;
            }

            if (value.Length != 14)
            {
                return name + " must be yyyyMMddHHmmss (14 digits).";
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return name + " must be yyyyMMddHHmmss (14 digits).";
                }
            }

            int month = (value[4] - '0') * 10 + (value[5] - '0');
            int day = (value[6] - '0') * 10 + (value[7] - '0');
            int hour = (value[8] - '0') * 10 + (value[9] - '0');
            int minute = (value[10] - '0') * 10 + (value[11] - '0');
            int second = (value[12] - '0') * 10 + (value[13] - '0');
            if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
            {
                return name + " is not a valid date and time (yyyyMMddHHmmss).";
            }

            return null;
        }

        private static bool IsIso4217Shape(string code)
        {
            if (code == null || code.Length != 3)
            {
                return false;
            }

            for (int i = 0; i < 3; i++)
            {
                if (code[i] < 'A' || code[i] > 'Z')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsAsciiAlphanumeric(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                {
                    return false;
                }
            }

            return true;
        }

        private static WxParams Identity(MerchantAccount account, string nonce)
        {
            WxParams p = new WxParams();
            p.Set("appid", account.AppId);
            p.Set("mch_id", account.MchId);
            Put(p, "sub_appid", account.SubAppId);
            Put(p, "sub_mch_id", account.SubMchId);
            Put(p, "device_info", account.DeviceInfo);
            p.Set("nonce_str", nonce);
            p.Set(SignTypes.ParameterName, SignTypes.ToWireName(account.SignType));
            return p;
        }

        private static void Put(WxParams p, string name, string value)
        {
            if (value != null && value.Length > 0)
            {
                p.Set(name, value);
            }
        }

        private static RequestBuild Seal(string path, WxParams p, MerchantAccount account, string warning)
        {
            p.Set(Signer.SignName, Signer.Sign(p, account.ApiKey, account.SignType));
            return RequestBuild.Success(path, p, FlatXml.Write(p), warning);
        }
    }
}
