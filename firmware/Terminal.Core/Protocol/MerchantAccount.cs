using Terminal.Core.Money;

namespace Terminal.Core.Protocol
{
    /// <summary>Which WeChat Pay site the merchant is contracted with.</summary>
    public enum Region
    {
        /// <summary>Mainland China: api.mch.weixin.qq.com, backup api2.mch.weixin.qq.com.</summary>
        Mainland,

        /// <summary>WeChat Pay Global (Hong Kong): apihk.mch.weixin.qq.com, backup api.mch.weixin.qq.com.</summary>
        Global,
    }

    /// <summary>
    /// The merchant identity and limits every request is built and checked with. Partner
    /// (institution) mode is on when <see cref="SubMchId"/> is set.
    /// </summary>
    public sealed class MerchantAccount
    {
        public MerchantAccount()
        {
            SignType = SignType.Md5;
            Currency = Currency.CNY;
            Region = Region.Mainland;
            MaxTotalFee = 5000000; // 50,000.00 in a 2-decimal currency; configurable per store
            SpbillCreateIp = "127.0.0.1";
        }

        public string AppId { get; set; }

        public string MchId { get; set; }

        /// <summary>Partner mode: the sub-merchant's app id (optional even in partner mode).</summary>
        public string SubAppId { get; set; }

        /// <summary>Partner mode: the sub-merchant id; required on every call in partner/institution mode.</summary>
        public string SubMchId { get; set; }

        /// <summary>The APIv2 key. Never printed, logged or displayed.</summary>
        public string ApiKey { get; set; }

        public SignType SignType { get; set; }

        public Currency Currency { get; set; }

        public Region Region { get; set; }

        /// <summary>Largest total_fee a single sale may request, in minor units.</summary>
        public long MaxTotalFee { get; set; }

        /// <summary>Terminal / store id sent as device_info (optional, ≤ 32 bytes).</summary>
        public string DeviceInfo { get; set; }

        /// <summary>IP of the calling machine (spbill_create_ip), required by micropay.</summary>
        public string SpbillCreateIp { get; set; }

        public bool PartnerMode
        {
            get { return SubMchId != null && SubMchId.Length > 0; }
        }
    }
}
