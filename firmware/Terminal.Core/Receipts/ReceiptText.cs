namespace Terminal.Core.Receipts
{
    /// <summary>Every label a receipt prints (index into <see cref="ReceiptText"/>).</summary>
    public enum RT
    {
        SaleTitle = 0,
        RefundTitle,
        ZTitle,
        Terminal,
        Time,
        Order,
        Transaction,
        Amount,
        PaidWith,
        RefundNo,
        Refunded,
        ZNumber,
        BusinessDay,
        From,
        To,
        Sales,
        Refunds,
        Revokes,
        Unresolved,
        Net,
        NoActivity,
        Reprint,
        ThankYou,
        KeepReceipt,
    }

    /// <summary>
    /// The receipt labels in English and Chinese (the display's language setting). Chinese labels
    /// use only characters that <c>tools/fontgen.py</c> puts into <see cref="GbCodes"/> (the
    /// printer's GB2312 codes) and the display font (the simulator's paper image); a host test
    /// fails when one is missing. English labels are ASCII.
    /// </summary>
    public static class ReceiptText
    {
        private static readonly string[] English =
        {
            "SALE RECEIPT",
            "REFUND RECEIPT",
            "Z REPORT - DAY CLOSE",
            "Terminal",
            "Time",
            "Order no.",
            "WeChat transaction",
            "AMOUNT",
            "Paid with WeChat Pay",
            "Refund no.",
            "REFUNDED",
            "Z no.",
            "Business day",
            "From",
            "To",
            "Sales",
            "Refunds",
            "Revoked",
            "Unresolved",
            "Net",
            "No sales, refunds or revokes",
            "*** REPRINT ***",
            "Thank you",
            "Please keep this receipt",
        };

        private static readonly string[] Chinese =
        {
            "收款凭证",
            "退款凭证",
            "日结报表 Z",
            "终端号",
            "时间",
            "商户订单号",
            "微信支付交易单号",
            "金额",
            "微信支付 支付成功",
            "退款单号",
            "退款金额",
            "报表号",
            "营业日",
            "开始",
            "结束",
            "收款",
            "退款",
            "撤销",
            "未决",
            "净额",
            "无交易",
            "*** 补打 ***",
            "谢谢惠顾",
            "请保留此凭证",
        };

        public static string Get(RT text, bool chinese)
        {
            return chinese ? Chinese[(int)text] : English[(int)text];
        }

        /// <summary>Both tables (the font and GB table generator and the host test read them).</summary>
        public static int Count
        {
            get { return English.Length; }
        }
    }
}
