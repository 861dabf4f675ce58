using Terminal.Core.Outbox;
using Terminal.Core.Ports;
using Terminal.Core.Store;
using Terminal.Tests.App;
using Terminal.Tests.Support;

namespace Terminal.Tests.Store
{
    /// <summary>One terminal's store day (history, X/Z, outbox) over a flash, built as TerminalApp.Start builds it.</summary>
    public sealed class StoreDay
    {
        public const string TerminalId = "T0001";
        public const long MaxHistoryBytes = 40 * 1024;

        public StoreDay(IFileStore store, VirtualClock clock, KeyedMerchantServer server)
        {
            Clock = clock;
            OutboxOptions options = new OutboxOptions();
            options.TerminalId = TerminalId;
            options.Secret = PaidHandover.Secret();
            Outbox = new NotificationOutbox(store, clock, new SteadyRandom(), server, options);
            Outbox.Start();
            History = new SalesHistory(store, MaxHistoryBytes, 480);
            Close = new DayClose(store, History, Outbox, clock, TerminalId);
            Close.Load();
        }

        public VirtualClock Clock { get; private set; }

        public NotificationOutbox Outbox { get; private set; }

        public SalesHistory History { get; private set; }

        public DayClose Close { get; private set; }

        public long Now
        {
            get { return (Clock.UtcNow.Ticks - 621355968000000000L) / 10000000L; }
        }

        /// <summary>Records a paid sale now (the clock moves on a minute).</summary>
        public bool Sale(int n, long amount)
        {
            Clock.Advance(60000);
            return History.Add(Record(HistoryRecord.Paid, n, amount, Now));
        }

        public static HistoryRecord Record(byte status, int n, long amount, long at)
        {
            HistoryRecord r = new HistoryRecord();
            r.Status = status;
            r.At = at;
            r.OutTradeNo = TerminalId + "00000000000" + (n < 10 ? "0" : string.Empty) + n.ToString();
            r.Reference = status == HistoryRecord.Paid ? "42000000002026112100100000" + (n < 10 ? "0" : string.Empty) + n.ToString() : string.Empty;
            r.Amount = amount;
            r.Currency = "CNY";
            r.Reason = string.Empty;
            return r;
        }
    }
}
