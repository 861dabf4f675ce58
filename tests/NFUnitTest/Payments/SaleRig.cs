using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// A terminal's payment side on fake parts: the engine on a virtual clock, a fault-injecting
    /// flash shared with the outbox, and <see cref="FakeWeChat"/>. <see cref="Boot"/> is a reset:
    /// a new engine on the same flash, nothing in memory kept. <see cref="Violation"/> checks the
    /// money invariant over every order WeChat knows.
    /// </summary>
    public sealed class SaleRig
    {
        private long codes;

        public SaleRig()
        {
            Clock = new VirtualClock();
            Clock.Advance(1000);
            Flash = new MemoryFileStore();
            Store = new PowerCutStore(Flash);
            Account = new MerchantAccount();
            Account.AppId = "wxd930ea5d5a258f4f";
            Account.MchId = "10000100";
            Account.ApiKey = "192006250b4c09247ec02edce69f6a2d";
            Account.Currency = Currency.CNY;
            Account.MaxTotalFee = 1000000;
            Account.SpbillCreateIp = "192.168.1.20";
            Config = new PaymentConfig();
            WeChat = new FakeWeChat(Account, Clock);
            Outbox = new FlashOutbox(Store);
            Watcher = new SaleWatcher();
            codes = 134567890000000000;
            Boot();
        }

        public VirtualClock Clock;
        public MemoryFileStore Flash;
        public PowerCutStore Store;
        public MerchantAccount Account;
        public PaymentConfig Config;
        public FakeWeChat WeChat;
        public FlashOutbox Outbox;
        public SaleWatcher Watcher;
        public PaymentEngine Engine;

        /// <summary>Power on: a new engine on the same flash.</summary>
        public void Boot()
        {
            Flash.Reboot();
            Engine = new PaymentEngine(Account, "T1", Config, Clock, Store, new CountingRandom(), WeChat, Outbox);
            Engine.Listener = Watcher;
            Engine.RefundSink = Outbox;
            Watcher.Engine = Engine;
        }

        /// <summary>A sale of <paramref name="fee"/> with a fresh payment code.</summary>
        public PaymentResult Pay(long fee)
        {
            codes++;
            return Engine.Pay(fee, codes.ToString());
        }

        /// <summary>A sale the power cut interrupts: true when it was cut, false when it ran to its end.</summary>
        public bool PayUntilCut(long fee)
        {
            try
            {
                Pay(fee);
                return false;
            }
            catch (PowerCutException)
            {
                return true;
            }
        }

        /// <summary>Background passes a minute apart until nothing is pending; false if it never settles.</summary>
        public bool Settle(int passes)
        {
            for (int i = 0; i < passes && Engine.PendingCount > 0; i++)
            {
                Clock.Advance(60000);
                Engine.Reconcile();
            }

            return Engine.PendingCount == 0;
        }

        /// <summary>
        /// The money invariant, or null when it holds: WeChat charged an order (net of reversals)
        /// exactly when the outbox holds its notification with the charged amount; no reverse
        /// refunded an order WeChat had told the terminal was paid; nothing is left pending.
        /// </summary>
        public string Violation()
        {
            FakeOrder[] orders = WeChat.Orders();
            for (int i = 0; i < orders.Length; i++)
            {
                FakeOrder order = orders[i];
                long held = FlashOutbox.AmountOf(Flash, order.OutTradeNo);
                bool charged = order.NetCharged > 0;
                if (charged != (held >= 0))
                {
                    return order.OutTradeNo + " (" + order.State + ") charged " + order.NetCharged.ToString() + " but the outbox " + (held >= 0 ? "holds" : "lacks") + " it";
                }

                if (charged && held != order.TotalFee)
                {
                    return order.OutTradeNo + " charged " + order.TotalFee.ToString() + " but notified " + held.ToString();
                }

                if (order.Refunded > 0 && order.PaidAnswered)
                {
                    return order.OutTradeNo + " was reversed after WeChat had answered that it was paid";
                }
            }

            string[] held2 = Flash.List(FlashOutbox.Folder);
            for (int i = 0; i < held2.Length; i++)
            {
                FakeOrder order = WeChat.Find(held2[i]);
                if (order == null || order.NetCharged <= 0)
                {
                    return "the outbox holds " + held2[i] + " but WeChat charged nothing";
                }
            }

            if (Flash.List(PaymentJournal.Folder).Length != 0)
            {
                return "the journal still holds " + Flash.List(PaymentJournal.Folder)[0];
            }

            if (Engine.PendingCount != 0)
            {
                return Engine.PendingCount.ToString() + " orders still pending";
            }

            return null;
        }

        /// <summary>Null when the result agrees with WeChat's ledger: Paid ⇔ charged; "nothing charged" results charged nothing.</summary>
        public string ResultViolation(PaymentResult result)
        {
            FakeOrder order = result.OutTradeNo == null ? null : WeChat.Find(result.OutTradeNo);
            long charged = order == null ? 0 : order.NetCharged;
            if (result.Status == SaleStatus.Paid)
            {
                return charged == result.TotalFee ? null : "Paid but WeChat charged " + charged.ToString();
            }

            if (result.Status == SaleStatus.Unresolved)
            {
                return null;
            }

            return charged == 0 ? null : "the cashier was told 'nothing charged' (" + result.Detail + ") but WeChat charged " + charged.ToString();
        }
    }
}
