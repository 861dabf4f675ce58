using Terminal.Core.Outbox;
using Terminal.Core.Timing;

namespace Terminal.Core.Store
{
    /// <summary>
    /// A close of day, frozen: its number, period, the store's offset and the totals. Its JSON is
    /// the merchant contract's <c>z_report</c> notification, version 1 (docs/merchant-api.md),
    /// encoded once and stored as those very bytes.
    /// </summary>
    public sealed class ZReport
    {
        public int Number;
        public string TerminalId;
        public int OffsetMinutes;
        public long OpenedAt;
        public long ClosedAt;
        public Totals Totals;

        /// <summary>True once the notification is in the outbox (the file is named .sent).</summary>
        public bool HandedOver;

        /// <summary>The store's local date the Z belongs to: the day of its last second.</summary>
        public string BusinessDay
        {
            get { return LocalTime.Date(ClosedAt > OpenedAt ? ClosedAt - 1 : ClosedAt, OffsetMinutes); }
        }

        public byte[] ToJson()
        {
            byte[] totals = Totals.ToJsonArray();
            JsonWriter w = new JsonWriter(256 + totals.Length);
            w.BeginObject();
            w.String("type", "z_report");
            w.Number("version", 1);
            w.String("terminal_id", TerminalId);
            w.Number("z_number", Number);
            w.String("business_day", BusinessDay);
            w.Number("utc_offset_minutes", OffsetMinutes);
            w.Number("opened_at", OpenedAt);
            w.Number("closed_at", ClosedAt);
            w.Raw("totals", totals, 0, totals.Length);
            w.EndObject();
            return w.ToArray();
        }

        /// <summary>A stored report back; null (and why) when it is not a version-1 z_report.</summary>
        public static ZReport FromJson(byte[] json, out string error)
        {
            JsonObject o = JsonReader.Parse(json, 0, json.Length, out error);
            if (o == null)
            {
                return null;
            }

            ZReport z = new ZReport();
            z.Number = (int)o.GetLong("z_number", 0);
            z.TerminalId = o.GetString("terminal_id");
            z.OffsetMinutes = (int)o.GetLong("utc_offset_minutes", 0);
            z.OpenedAt = o.GetLong("opened_at", -1);
            z.ClosedAt = o.GetLong("closed_at", -1);
            z.Totals = Totals.FromJson(o.Get("totals") as System.Collections.ArrayList);
            if (o.GetString("type") != "z_report" || o.GetLong("version", 0) != 1 || z.Number < 1 || z.OpenedAt < 0 || z.ClosedAt < z.OpenedAt || z.Totals == null)
            {
                error = "not a version-1 z_report";
                return null;
            }

            return z;
        }
    }
}
