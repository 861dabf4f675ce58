using Terminal.Core.Store;
using Terminal.Core.Timing;

namespace Terminal.Core.Technician
{
    /// <summary>The store-day commands: x (X report), z (Z report: show, close), hist (history search).</summary>
    public sealed partial class TechConsole
    {
        private void XCommand(string[] words, string text)
        {
            PrintReport("X report (running, not closed)", app.DayClose.X(app.Engine.PendingCount, app.Config.Get("currency")));
            Ok();
        }

        private void ZCommand(string[] words, string text)
        {
            DayClose close = app.DayClose;
            if (words.Length == 1)
            {
                if (close.Last == null)
                {
                    Say("no Z report yet; the next is number " + close.NextNumber.ToString());
                }
                else
                {
                    PrintReport("Z report", close.Last);
                }

                Ok();
                return;
            }

            if (words[1].ToLower() == "close" && words.Length == 2)
            {
                if (!Authorised())
                {
                    return;
                }

                ZReport z;
                CloseError error = DayCloser.Close(close, app.Engine, app.Receipts, app.Config.Get("currency"), out z);
                if (error != CloseError.None)
                {
                    Error(DayClose.Message(error));
                    return;
                }

                PrintReport("Z report (closed)", z);
                Ok();
                return;
            }

            long n = TerminalConfig.ParseNumber(words[1]);
            ZReport found = n >= 1 && n < close.NextNumber && words.Length == 2 ? close.Find((int)n) : null;
            if (found == null)
            {
                Error(n >= 1 && n < close.NextNumber ? "Z " + n.ToString() + " is no longer on the terminal (the merchant server has it)" : "usage: z | z close | z N");
                return;
            }

            PrintReport("Z report", found);
            Ok();
        }

        private long UnixNow()
        {
            return (app.Clock.UtcNow.Ticks - 621355968000000000L) / 10000000L;
        }

        private void PrintReport(string title, ZReport r)
        {
            Say(title + " " + r.Number.ToString() + ", business day " + r.BusinessDay + " (UTC" + LocalTime.FormatOffset(r.OffsetMinutes) + ")");
            Say("  from " + LocalTime.DateTime(r.OpenedAt, r.OffsetMinutes) + " to " + LocalTime.DateTime(r.ClosedAt, r.OffsetMinutes));
            if (r.Totals.Count == 0)
            {
                Say("  no sales, refunds or revokes");
            }

            for (int i = 0; i < r.Totals.Count; i++)
            {
                string c = r.Totals.Currency(i);
                Say("  " + c + ": sales " + r.Totals.SalesCount(i).ToString() + " = " + Amount(r.Totals.SalesSum(i), c) +
                    ", refunds " + r.Totals.RefundsCount(i).ToString() + " = " + Amount(r.Totals.RefundsSum(i), c) +
                    ", net " + Amount(r.Totals.SalesSum(i) - r.Totals.RefundsSum(i), c) +
                    ", revokes " + r.Totals.RevokesCount(i).ToString() + ", unresolved " + r.Totals.UnresolvedCount(i).ToString());
            }

            if (title.StartsWith("Z"))
            {
                Say("  merchant server: " + (r.HandedOver ? "in the outbox / delivered" : "waiting for room in the outbox (" + app.DayClose.LastError + ")"));
            }
        }

        private void HistCommand(string[] words, string text)
        {
            if (words.Length != 3)
            {
                Error("usage: hist day yyyy-MM-dd | hist order N | hist ref R | hist amount FEN");
                return;
            }

            string what = words[1].ToLower();
            HistoryQuery kind = what == "day" ? HistoryQuery.Day : (what == "order" ? HistoryQuery.Order : (what == "ref" ? HistoryQuery.Reference : HistoryQuery.Amount));
            if (kind == HistoryQuery.Amount && what != "amount")
            {
                Error("usage: hist day yyyy-MM-dd | hist order N | hist ref R | hist amount FEN");
                return;
            }

            string error;
            HistoryRecord[] found = app.History.Search(kind, words[2], 100, out error);
            if (found == null)
            {
                Error(error);
                return;
            }

            if (found.Length == 0)
            {
                Say("nothing found");
            }

            for (int i = 0; i < found.Length; i++)
            {
                Say(Describe(found[i], app.History.OffsetMinutes));
            }

            Ok();
        }
    }
}
