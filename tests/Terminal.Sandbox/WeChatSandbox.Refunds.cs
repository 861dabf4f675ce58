using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Terminal.Core.Protocol;

namespace Terminal.Sandbox
{
    /// <summary>A refund in the sandbox's ledger (申请退款 accepted it).</summary>
    public sealed class SandboxRefund
    {
        public required string OutRefundNo { get; init; }
        public required string RefundId { get; init; }
        public required string OutTradeNo { get; init; }
        public string? TransactionId { get; init; }
        public long RefundFee { get; init; }
        public long TotalFee { get; init; }
        public string? FeeType { get; init; }
        public string? RefundDesc { get; init; }

        /// <summary>When WeChat accepted it (sandbox ms): the bill's 交易时间 of the REFUND row.</summary>
        public long AcceptedMs { get; init; }

        /// <summary>When it leaves PROCESSING (sandbox ms).</summary>
        public long SettleMs { get; init; }

        /// <summary>What it becomes at <see cref="SettleMs"/>: SUCCESS, REFUNDCLOSE or CHANGE.</summary>
        public required string FinalState { get; init; }

        /// <summary>PROCESSING, SUCCESS, REFUNDCLOSE or CHANGE (refund_status_$n).</summary>
        public string State { get; set; } = "PROCESSING";

        /// <summary>State at a given sandbox time (the bill shows the state when it was made).</summary>
        public string StateAt(long ms) => ms >= SettleMs ? FinalState : "PROCESSING";
    }

    /// <summary>
    /// 申请退款 (/secapi/pay/refund) and 查询退款 (/pay/refundquery) as WeChat documents them
    /// (docs/protocol.md, "Refund"): full and partial refunds up to what is left, out_refund_no
    /// idempotency, the one-year window, one new refund per order per minute, at most 50 per
    /// order, the documented error codes, refunds that stay PROCESSING for a scripted time.
    /// </summary>
    public sealed partial class WeChatSandbox
    {
        /// <summary>WeChat refuses a refund of an order paid more than a year ago (TRADE_OVERDUE; 支付成功时间+365天).</summary>
        public const long RefundWindowMs = 365L * 24 * 3600 * 1000;

        /// <summary>WeChat: 每个支付订单的部分退款次数不能超过50次.</summary>
        public const int MaxRefundsPerOrder = 50;

        /// <summary>refundquery by order number returns ten refunds from offset (分页查询).</summary>
        public const int RefundQueryPageSize = 10;

        private readonly Dictionary<string, SandboxRefund> refunds = new Dictionary<string, SandboxRefund>(StringComparer.Ordinal);
        private readonly List<SandboxRefund> refundOrder = new List<SandboxRefund>();
        private readonly Dictionary<string, RefundScenario> refundScripts = new Dictionary<string, RefundScenario>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> refundCallsByOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> refundQueryCallsByOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        private long refundIds;

        /// <summary>
        /// WeChat: 同一笔订单多次退款的请求需相隔1分钟 — a new refund of the same order sooner
        /// answers FREQUENCY_LIMITED. 0 turns the rule off.
        /// </summary>
        public long RefundSpacingMs { get; set; } = 60000;

        /// <summary>How long an ordinary refund stays PROCESSING when its scenario does not say (ms).</summary>
        public long RefundProcessingMs { get; set; }

        /// <summary>Every accepted refund, oldest first (states brought up to date).</summary>
        public IReadOnlyList<SandboxRefund> Refunds
        {
            get
            {
                lock (gate)
                {
                    RefreshRefunds(nowMs());
                    return refundOrder.ToList();
                }
            }
        }

        /// <summary>Scripts what refunds of one order do (wins over the payment code's digits).</summary>
        public void ScriptRefund(string outTradeNo, RefundScenarioKind kind, int m)
        {
            lock (gate)
            {
                refundScripts[outTradeNo] = new RefundScenario { Kind = kind, M = m };
                SaveLedger(nowMs()); // a script is part of the ledger (version 2): it survives a restart
            }
        }

        private RefundScenario RefundScenarioOf(SandboxOrder order)
        {
            return refundScripts.TryGetValue(order.OutTradeNo, out RefundScenario? scripted) ? scripted : order.RefundScenario;
        }

        private List<SandboxRefund> RefundsOf(string outTradeNo)
        {
            return refundOrder.Where(r => r.OutTradeNo == outTradeNo).ToList();
        }

        private string NextRefundId()
        {
            return "503" + (++refundIds).ToString("D26", CultureInfo.InvariantCulture);
        }

        /// <summary>Moves refunds out of PROCESSING when their time has come, with the money.</summary>
        private void RefreshRefunds(long now)
        {
            foreach (SandboxRefund refund in refundOrder)
            {
                if (refund.State != "PROCESSING" || now < refund.SettleMs)
                {
                    continue;
                }

                refund.State = refund.FinalState;
                if (!orders.TryGetValue(refund.OutTradeNo, out SandboxOrder? order))
                {
                    continue;
                }

                switch (refund.FinalState)
                {
                    case "SUCCESS":
                        order.RefundPending -= refund.RefundFee;
                        order.Refunded += refund.RefundFee;
                        break;
                    case "REFUNDCLOSE":
                        order.RefundPending -= refund.RefundFee; // the money stays with the merchant
                        break;
                }
            }
        }

        // ------------------------------------------------------------------ 申请退款

        private WxParams? Refund(WxParams request, long now, SandboxReply reply, out bool processed, out string note)
        {
            processed = false;
            RefreshRefunds(now);
            string outRefundNo = request.Get("out_refund_no");
            string transactionId = request.Get("transaction_id");
            string outTradeNo = request.Get("out_trade_no");
            string? missing = transactionId == null && outTradeNo == null ? "transaction_id" : outRefundNo == null ? "out_refund_no"
                : request.Get("total_fee") == null ? "total_fee" : request.Get("refund_fee") == null ? "refund_fee" : null;
            if (missing != null || outRefundNo == null) // missing is set whenever out_refund_no is absent; the second test is for the compiler
            {
                note = "PARAM_ERROR (no " + missing + ")";
                return Fail("PARAM_ERROR", "缺少参数" + missing);
            }

            long totalFee = Terminal.Core.Text.Digits.ParseNonNegative(request.Get("total_fee"));
            long refundFee = Terminal.Core.Text.Digits.ParseNonNegative(request.Get("refund_fee"));
            string refundFeeType = request.Get("refund_fee_type");
            string refundDesc = request.Get("refund_desc");
            if (!ValidRefundNumber(outRefundNo) || totalFee <= 0 || refundFee <= 0 ||
                (refundDesc != null && Encoding.UTF8.GetByteCount(refundDesc) > 80) || (refundFeeType != null && refundFeeType.Length > 8))
            {
                note = "PARAM_ERROR";
                return Fail("PARAM_ERROR", "参数格式错误");
            }

            // Without transaction_id, out_trade_no is there (missing covered both).
            SandboxOrder? order = transactionId != null
                ? orders.Values.FirstOrDefault(o => o.TransactionId == transactionId)
                : orders.TryGetValue(outTradeNo!, out SandboxOrder? byNumber) ? byNumber : null;
            if (order == null || order.AuthCode == null)
            {
                note = "ORDERNOTEXIST";
                return Fail("ORDERNOTEXIST", "订单不存在");
            }

            Refresh(order);
            if (refunds.TryGetValue(outRefundNo, out SandboxRefund? existing))
            {
                // 同一退款单号多次请求只退一笔: the same request is answered again; a different one is refused.
                if (existing.OutTradeNo != order.OutTradeNo)
                {
                    note = "INVALID_REQUEST (out_refund_no of another order)";
                    return Fail("INVALID_REQUEST", "商户退款单号已用于其他订单");
                }

                if (existing.RefundFee != refundFee || existing.TotalFee != totalFee)
                {
                    note = "REFUND_FEE_MISMATCH";
                    return Fail("REFUND_FEE_MISMATCH", "订单金额或退款金额与之前请求不一致，请核实后再试");
                }

                processed = true;
                note = "refund again: " + existing.State;
                return RefundAccepted(order, existing);
            }

            RefundScenario scenario = RefundScenarioOf(order);
            refundCallsByOrder.TryGetValue(order.OutTradeNo, out int calls);
            refundCallsByOrder[order.OutTradeNo] = ++calls;
            bool early = scenario.CountsCalls && calls <= Math.Max(1, scenario.M);
            switch (scenario.Kind)
            {
                case RefundScenarioKind.SystemErrorNotAccepted when early:
                    note = "scenario: SYSTEMERROR, not accepted";
                    return Fail("SYSTEMERROR", "系统超时");
                case RefundScenarioKind.DropBeforeProcessing when early:
                    reply.Drop = true;
                    note = "scenario: dropped before processing";
                    return null;
                case RefundScenarioKind.BizErrNeedRetry when early:
                    note = "scenario: BIZERR_NEED_RETRY";
                    return Fail("BIZERR_NEED_RETRY", "退款业务流程错误，需要商户触发重试来解决");
                case RefundScenarioKind.NotEnough when early:
                    note = "scenario: NOTENOUGH";
                    return Fail("NOTENOUGH", "基本账户余额不足，请充值后重新发起");
                case RefundScenarioKind.FrequencyLimited when early:
                    note = "scenario: FREQUENCY_LIMITED";
                    return Fail("FREQUENCY_LIMITED", "频率限制");
                case RefundScenarioKind.ReturnFail when early:
                    note = "scenario: return_code FAIL";
                    reply.Body = ReturnFailBody("系统繁忙,请稍后再试");
                    return null;
                case RefundScenarioKind.InvalidReqTooMuch when early:
                    note = "scenario: INVALID_REQ_TOO_MUCH";
                    return Fail("INVALID_REQ_TOO_MUCH", "无效请求过多");
                case RefundScenarioKind.UserAccountAbnormal:
                    note = "scenario: USER_ACCOUNT_ABNORMAL";
                    return Fail("USER_ACCOUNT_ABNORMAL", "用户账户异常或已注销，不能原路退回，请使用其他方式进行退款。");
                case RefundScenarioKind.Error:
                    note = "scenario: ERROR";
                    return Fail("ERROR", "申请退款业务发生错误");
            }

            string? refusal = RefusalOf(order, totalFee, refundFee, refundFeeType, now);
            if (refusal != null)
            {
                int space = refusal.IndexOf(' ');
                string code = space < 0 ? refusal : refusal.Substring(0, space);
                note = refusal;
                return Fail(code, space < 0 ? code : refusal.Substring(space + 1));
            }

            long processing = scenario.Kind switch
            {
                RefundScenarioKind.Normal or RefundScenarioKind.SystemErrorAccepted or RefundScenarioKind.DropAfterProcessing
                    or RefundScenarioKind.Closes or RefundScenarioKind.Abnormal or RefundScenarioKind.BadSignature => scenario.M * 1000L,
                _ => 0,
            };
            if (processing == 0 && !scenario.CountsCalls && scenario.Kind == RefundScenarioKind.Normal)
            {
                processing = RefundProcessingMs;
            }

            var refund = new SandboxRefund
            {
                OutRefundNo = outRefundNo,
                RefundId = NextRefundId(),
                OutTradeNo = order.OutTradeNo,
                TransactionId = order.TransactionId,
                RefundFee = refundFee,
                TotalFee = totalFee,
                FeeType = order.FeeType,
                RefundDesc = refundDesc,
                AcceptedMs = now,
                SettleMs = now + processing,
                FinalState = scenario.Kind == RefundScenarioKind.Closes ? "REFUNDCLOSE" : scenario.Kind == RefundScenarioKind.Abnormal ? "CHANGE" : "SUCCESS",
            };
            refunds[outRefundNo] = refund;
            refundOrder.Add(refund);
            order.RefundPending += refundFee;
            RefreshRefunds(now);
            processed = true;
            note = "refund accepted " + refund.RefundId;
            WxParams accepted = RefundAccepted(order, refund);
            switch (scenario.Kind)
            {
                case RefundScenarioKind.SystemErrorAccepted:
                    note = "scenario: accepted, answered SYSTEMERROR";
                    return Fail("SYSTEMERROR", "系统超时");
                case RefundScenarioKind.DropAfterProcessing:
                    reply.Drop = true;
                    note = "scenario: accepted, answer dropped";
                    break;
                case RefundScenarioKind.BadSignature:
                    reply.Body = CorruptSign(accepted);
                    note = "scenario: accepted, bad signature";
                    return null;
                case RefundScenarioKind.SlowAnswer:
                    reply.DelayMs = scenario.M * 1000;
                    note = "scenario: accepted, slow answer";
                    break;
            }

            return accepted;
        }

        // Why WeChat refuses a new refund of this order ("ERR_CODE description"), or null.
        private string? RefusalOf(SandboxOrder order, long totalFee, long refundFee, string? refundFeeType, long now)
        {
            if (order.PaidAtMs == SandboxOrder.NoTime)
            {
                return "INVALID_REQUEST 订单未支付，不能退款";
            }

            if (now - order.PaidAtMs > RefundWindowMs)
            {
                return "TRADE_OVERDUE 订单已经超过可退款的最大期限(支付后一年内可退款)";
            }

            if (totalFee != order.TotalFee || (refundFeeType != null && refundFeeType != order.FeeType))
            {
                return "INVALID_REQUEST 您的请求参数与订单信息不一致";
            }

            if (refundFee > order.Refundable)
            {
                return "INVALID_REQUEST refund_fee大于可退金额";
            }

            List<SandboxRefund> earlier = RefundsOf(order.OutTradeNo);
            if (earlier.Count >= MaxRefundsPerOrder)
            {
                return "INVALID_REQUEST 每个支付订单的部分退款次数不能超过50次";
            }

            if (RefundSpacingMs > 0 && earlier.Count > 0 && now - earlier[^1].AcceptedMs < RefundSpacingMs)
            {
                return "FREQUENCY_LIMITED 单笔订单请求频率过高,请于1分钟后重试.";
            }

            return null;
        }

        private static bool ValidRefundNumber(string outRefundNo)
        {
            if (outRefundNo.Length < 1 || outRefundNo.Length > 64)
            {
                return false;
            }

            foreach (char c in outRefundNo)
            {
                bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '|' || c == '*' || c == '@';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private WxParams RefundAccepted(SandboxOrder order, SandboxRefund refund)
        {
            WxParams p = Answer("SUCCESS");
            p.Set("transaction_id", order.TransactionId);
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("out_refund_no", refund.OutRefundNo);
            p.Set("refund_id", refund.RefundId);
            p.Set("refund_fee", refund.RefundFee.ToString(CultureInfo.InvariantCulture));
            p.Set("total_fee", order.TotalFee.ToString(CultureInfo.InvariantCulture));
            p.Set("fee_type", order.FeeType);
            p.Set("cash_fee", order.TotalFee.ToString(CultureInfo.InvariantCulture));
            p.Set("cash_refund_fee", refund.RefundFee.ToString(CultureInfo.InvariantCulture));
            p.Set("coupon_refund_fee", "0");
            p.Set("coupon_refund_count", "0");
            return p;
        }

        // ------------------------------------------------------------------ 查询退款

        private WxParams RefundQuery(WxParams request, long now, out string note)
        {
            RefreshRefunds(now);
            string refundId = request.Get("refund_id");
            string outRefundNo = request.Get("out_refund_no");
            string transactionId = request.Get("transaction_id");
            string outTradeNo = request.Get("out_trade_no");
            string offsetText = request.Get("offset");
            long offset = offsetText == null ? 0 : Terminal.Core.Text.Digits.ParseNonNegative(offsetText);
            if (offset < 0)
            {
                note = "PARAM_ERROR (offset)";
                return Fail("PARAM_ERROR", "offset格式错误");
            }

            // 四选一; 优先级 refund_id > out_refund_no > transaction_id > out_trade_no.
            List<SandboxRefund> found;
            SandboxOrder? order;
            bool byOrder = false;
            if (refundId != null || outRefundNo != null)
            {
                // Without refund_id, out_refund_no is there (the test above).
                SandboxRefund? one = refundId != null ? refundOrder.FirstOrDefault(r => r.RefundId == refundId)
                    : refunds.TryGetValue(outRefundNo!, out SandboxRefund? r) ? r : null;
                found = one == null ? new List<SandboxRefund>() : new List<SandboxRefund> { one };
                order = one == null ? null : orders[one.OutTradeNo];
            }
            else if (transactionId != null || outTradeNo != null)
            {
                // Without transaction_id, out_trade_no is there (the test above).
                order = transactionId != null ? orders.Values.FirstOrDefault(o => o.TransactionId == transactionId)
                    : orders.TryGetValue(outTradeNo!, out SandboxOrder? o) ? o : null;
                found = order == null ? new List<SandboxRefund>() : RefundsOf(order.OutTradeNo);
                byOrder = true;
            }
            else
            {
                note = "PARAM_ERROR (no number)";
                return Fail("PARAM_ERROR", "缺少参数out_refund_no");
            }

            if (found.Count == 0 || order == null)
            {
                note = "REFUNDNOTEXIST";
                return Fail("REFUNDNOTEXIST", "not exist");
            }

            RefundScenario scenario = RefundScenarioOf(order);
            refundQueryCallsByOrder.TryGetValue(order.OutTradeNo, out int queries);
            refundQueryCallsByOrder[order.OutTradeNo] = ++queries;
            if (scenario.Kind == RefundScenarioKind.QuerySystemError && queries <= Math.Max(1, scenario.M))
            {
                note = "scenario: refundquery SYSTEMERROR";
                return Fail("SYSTEMERROR", "系统超时");
            }

            if (byOrder && offset > 0 && offset >= found.Count)
            {
                note = "PARAM_ERROR (offset beyond total_refund_count)";
                return Fail("PARAM_ERROR", "offset超过退款总笔数");
            }

            List<SandboxRefund> page = found.Skip((int)offset).Take(RefundQueryPageSize).ToList();
            WxParams p = Answer("SUCCESS");
            p.Set("transaction_id", order.TransactionId);
            p.Set("out_trade_no", order.OutTradeNo);
            p.Set("total_fee", order.TotalFee.ToString(CultureInfo.InvariantCulture));
            p.Set("fee_type", order.FeeType);
            p.Set("cash_fee", order.TotalFee.ToString(CultureInfo.InvariantCulture));
            if (byOrder)
            {
                p.Set("total_refund_count", found.Count.ToString(CultureInfo.InvariantCulture));
            }

            p.Set("refund_count", page.Count.ToString(CultureInfo.InvariantCulture));
            for (int n = 0; n < page.Count; n++)
            {
                SandboxRefund r = page[n];
                string i = n.ToString(CultureInfo.InvariantCulture);
                p.Set("out_refund_no_" + i, r.OutRefundNo);
                p.Set("refund_id_" + i, r.RefundId);
                p.Set("refund_channel_" + i, "ORIGINAL");
                p.Set("refund_fee_" + i, r.RefundFee.ToString(CultureInfo.InvariantCulture));
                p.Set("settlement_refund_fee_" + i, r.RefundFee.ToString(CultureInfo.InvariantCulture));
                p.Set("refund_status_" + i, r.State);
                p.Set("refund_account_" + i, "REFUND_SOURCE_UNSETTLED_FUNDS");
                p.Set("refund_recv_accout_" + i, "支付用户的零钱");
                if (r.State == "SUCCESS")
                {
                    p.Set("refund_success_time_" + i, ChinaTime(r.SettleMs).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                }
            }

            note = string.Join(",", page.Select(r => r.OutRefundNo + "=" + r.State));
            return p;
        }
    }
}
