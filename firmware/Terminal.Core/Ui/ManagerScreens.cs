using Terminal.Core.Money;
using Terminal.Core.Payments;
using Terminal.Core.Store;
using Terminal.Core.Timing;

namespace Terminal.Core.Ui
{
    /// <summary>
    /// The manager functions' screens (docs/cashier.md, "Manager functions"), built like every
    /// other screen by <see cref="ScreenBuilder"/> from the view: English and Chinese carry the
    /// same amounts, order numbers, counts and times; where 16-pixel Chinese lines leave no room,
    /// Chinese drops the key hint or puts the amount and the order on one line.
    /// </summary>
    internal static class ManagerScreens
    {
        public static void Build(ScreenView v, ManagerMenu m, Screen screen)
        {
            bool english = v.Language == Language.English;
            switch (m.Step)
            {
                case ManagerStep.Pin:
                    ScreenBuilder.Titled(screen, ScreenId.ManagerPin, v, T.ManagerPinTitle);
                    screen.Large = m.PinLength == 0 ? "_" : new string('*', m.PinLength);
                    screen.Line1 = PinMessage(v, m.PinProblem);
                    screen.Hint = Text(v, T.PinHint);
                    break;
                case ManagerStep.Menu:
                    ScreenBuilder.Titled(screen, ScreenId.ManagerMenu, v, T.ManagerTitle);
                    if (english)
                    {
                        screen.Line1 = Text(v, T.MenuRefund);
                        screen.Line2 = Text(v, T.MenuReport);
                        screen.Line3 = Text(v, T.MenuHistory) + "  " + Text(v, T.MenuClose);
                    }
                    else
                    {
                        screen.Line1 = Text(v, T.MenuRefund) + " " + Text(v, T.MenuReport);
                        screen.Line2 = Text(v, T.MenuHistory) + " " + Text(v, T.MenuClose);
                    }

                    screen.Hint = Text(v, T.ExitHint);
                    break;
                case ManagerStep.Pick:
                    PickScreen(v, m, screen);
                    break;
                case ManagerStep.Amount:
                    ScreenBuilder.Titled(screen, ScreenId.RefundAmount, v, T.RefundAmountTitle);
                    screen.Large = m.Entry.Display;
                    screen.LargeInverted = m.Entry.Selected;
                    screen.Line1 = ScreenBuilder.MessageLine(v);
                    if (screen.Line1 == null)
                    {
                        screen.Line1 = Text(v, T.Refundable) + " " + Amount(m.Refundable, m.Sale.Currency, v);
                    }

                    screen.Hint = Text(v, T.OkBackHint);
                    break;
                case ManagerStep.Confirm:
                    ScreenBuilder.Titled(screen, ScreenId.RefundConfirm, v, T.ConfirmRefundTitle);
                    screen.Large = Amount(m.Fee, m.Sale.Currency, v);
                    screen.Line1 = ScreenBuilder.Labelled(v, T.OrderLabel, m.Sale.OutTradeNo, 19);
                    screen.Hint = Text(v, T.ConfirmRefundHint);
                    break;
                case ManagerStep.Running:
                    ScreenBuilder.Titled(screen, ScreenId.Refunding, v, T.RefundingTitle);
                    screen.Large = Amount(m.Fee, m.Sale.Currency, v);
                    screen.Line1 = Text(v, T.PleaseWait);
                    screen.Line2 = ScreenBuilder.Labelled(v, T.OrderLabel, m.Sale.OutTradeNo, 19);
                    break;
                case ManagerStep.Result:
                    ResultScreen(v, m, screen);
                    break;
                case ManagerStep.Report:
                    ScreenBuilder.Titled(screen, ScreenId.XReport, v, T.XTitle);
                    ReportScreen(v, m, screen);
                    break;
                case ManagerStep.ZPreview:
                    ScreenBuilder.Titled(screen, ScreenId.ZPreview, v, T.ZPreviewTitle);
                    screen.Title = screen.Title + " " + m.Report.Number.ToString();
                    ReportScreen(v, m, screen);
                    if (screen.Hint != null)
                    {
                        screen.Hint = Text(v, T.ZPreviewHint);
                    }

                    break;
                case ManagerStep.ZConfirm:
                    ScreenBuilder.Titled(screen, ScreenId.ZConfirm, v, T.ZConfirmTitle);
                    screen.Large = "Z " + m.Report.Number.ToString();
                    screen.Line1 = ScreenBuilder.MessageLine(v);
                    if (screen.Line1 == null)
                    {
                        screen.Line1 = Text(v, T.ZConfirmBody);
                    }

                    screen.Hint = Text(v, T.ZConfirmHint);
                    break;
                case ManagerStep.ZResult:
                    ZResultScreen(v, m, screen);
                    break;
                default:
                    HistoryScreen(v, m, screen);
                    break;
            }
        }

        private static string PinMessage(ScreenView v, PinAnswer a)
        {
            if (a == null)
            {
                return null;
            }

            switch (a.Verdict)
            {
                case PinVerdict.Wrong:
                    return a.TriesLeft > 0 ? Text(v, T.PinWrong) + " " + a.TriesLeft.ToString() : Locked(v, a);
                case PinVerdict.LockedOut:
                    return Locked(v, a);
                case PinVerdict.NotSet:
                    return Text(v, T.PinNotSet);
                default:
                    return Text(v, T.PinDamaged);
            }
        }

        private static string Locked(ScreenView v, PinAnswer a)
        {
            return Text(v, T.PinLocked) + " " + a.LockedSeconds.ToString() + " s";
        }

        private static void PickScreen(ScreenView v, ManagerMenu m, Screen screen)
        {
            ScreenBuilder.Titled(screen, ScreenId.RefundPick, v, T.PickTitle);
            bool typing = m.Filter.Length > 0 && !m.FilterApplied;
            string message = ScreenBuilder.MessageLine(v);
            if (m.List.Length == 0)
            {
                screen.Line1 = Text(v, T.NoSales);
                screen.Line2 = m.FilterApplied ? Text(v, T.OrderEnds) + " " + m.Filter : null;
            }
            else
            {
                HistoryRecord sale = m.List[m.Index];
                screen.Large = Amount(sale.Amount, sale.Currency, v);
                screen.Line1 = When(sale.At, m.OffsetMinutes) + " #" + ScreenBuilder.Tail(sale.OutTradeNo, 12);
                screen.Line2 = Text(v, T.Refundable) + " " + MoneyText.Format(m.Refundable, ManagerMenu.CurrencyOf(sale.Currency, v.Currency)) +
                    " " + Position(m.Index, m.List.Length);
            }

            if (typing)
            {
                screen.Line2 = Text(v, T.OrderEnds) + " " + m.Filter + "_";
            }

            if (message != null)
            {
                screen.Line2 = message;
            }

            screen.Hint = Text(v, typing ? T.SearchHint : T.BrowseHint);
        }

        private static void ResultScreen(ScreenView v, ManagerMenu m, Screen screen)
        {
            RefundOutcome o = m.Outcome;
            bool english = v.Language == Language.English;
            string fee = Amount(o.Fee, m.Sale.Currency, v);
            string order = ScreenBuilder.Labelled(v, T.OrderLabel, o.OutTradeNo, 19);
            string oneLine = fee + " #" + ScreenBuilder.Tail(o.OutTradeNo, ScreenBuilder.Columns - 2 - fee.Length);
            screen.Reset(ScreenId.RefundResult, v.Language);
            screen.TitleInverted = true;
            screen.Hint = Text(v, T.OkHint);
            switch (o.End)
            {
                case RefundEnd.Refunded:
                    screen.Title = Text(v, T.RefundedTitle);
                    screen.Large = fee;
                    screen.Line1 = order;
                    return;
                case RefundEnd.Accepted:
                case RefundEnd.InFlight:
                    screen.Title = Text(v, o.End == RefundEnd.Accepted ? T.AcceptedTitle : T.InFlightTitle);
                    Three(v, screen, fee, oneLine, Text(v, T.DoNotRefundAgain), Text(v, T.KeepsChecking), order);
                    return;
                case RefundEnd.Abnormal:
                    screen.Title = Text(v, T.AbnormalTitle);
                    Three(v, screen, fee, oneLine, Text(v, T.AbnormalBody), Text(v, T.AbnormalAction), order);
                    return;
                case RefundEnd.Failed:
                case RefundEnd.Closed:
                    screen.Title = Text(v, o.End == RefundEnd.Failed ? T.RefundFailedTitle : T.RefundClosedTitle);
                    NothingDone(v, screen, fee, T.NothingRefunded);
                    screen.Line2 = o.ErrCode == null ? null : Text(v, T.WeChatSays) + " " + ScreenBuilder.Clip(o.ErrCode, 17);
                    screen.Line3 = o.TechnicianAttention ? Text(v, T.CallTechnician) : null;
                    if (!english)
                    {
                        screen.Hint = null;
                    }

                    return;
                default:
                    screen.Title = Text(v, T.RefusedTitle);
                    string figures = o.Rejection == RefundRejection.ExceedsSale && o.SaleTotal > 0 ?
                        Text(v, T.SaleLabel) + (english ? " " : string.Empty) + Amount(o.SaleTotal, m.Sale.Currency, v, false) + " " +
                        Text(v, T.DoneLabel) + (english ? " " : string.Empty) + Amount(o.AlreadyRefunded, m.Sale.Currency, v, false) : null;
                    if (english)
                    {
                        screen.Large = fee;
                        screen.Line1 = Text(v, RejectionText(o.Rejection));
                        screen.Line2 = figures;
                        screen.Line3 = Text(v, T.NothingSent);
                    }
                    else
                    {
                        screen.Line1 = Text(v, RejectionText(o.Rejection));
                        screen.Line2 = fee + " " + Text(v, T.NothingSent);
                        screen.Line3 = figures;
                        screen.Hint = null;
                    }

                    return;
            }
        }

        /// <summary>English: the amount large, two lines and the order; Chinese: amount and order on one line, then the two lines.</summary>
        private static void Three(ScreenView v, Screen screen, string fee, string oneLine, string first, string second, string order)
        {
            if (v.Language == Language.English)
            {
                screen.Large = fee;
                screen.Line1 = first;
                screen.Line2 = second;
                screen.Line3 = order;
                return;
            }

            screen.Hint = null;
            screen.Line1 = oneLine;
            screen.Line2 = first;
            screen.Line3 = second;
        }

        private static void NothingDone(ScreenView v, Screen screen, string fee, T nothing)
        {
            if (v.Language == Language.English)
            {
                screen.Large = fee;
                screen.Line1 = Text(v, nothing);
            }
            else
            {
                screen.Line1 = fee + " " + Text(v, nothing);
            }
        }

        /// <summary>The screen text of a refusal before anything was sent.</summary>
        public static T RejectionText(RefundRejection rejection)
        {
            switch (rejection)
            {
                case RefundRejection.BadAmount:
                    return T.RejectBadAmount;
                case RefundRejection.ExceedsSale:
                    return T.RejectExceedsSale;
                case RefundRejection.UnknownSale:
                    return T.RejectUnknownSale;
                case RefundRejection.NotPaid:
                    return T.RejectNotPaid;
                case RefundRejection.NoAnswer:
                    return T.RejectNoAnswer;
                case RefundRejection.RecordsDamaged:
                    return T.RejectRecordsDamaged;
                case RefundRejection.FlashUnavailable:
                    return T.RejectFlash;
                case RefundRejection.Busy:
                    return T.RejectBusy;
                case RefundRejection.TooManyRefunds:
                    return T.RejectTooMany;
                case RefundRejection.NoOutbox:
                    return T.RejectNoOutbox;
                default:
                    return T.RejectInvalid;
            }
        }

        /// <summary>The closed Z report's pages (its number in the title), or why nothing was closed.</summary>
        private static void ZResultScreen(ScreenView v, ManagerMenu m, Screen screen)
        {
            if (m.CloseProblem == CloseError.None)
            {
                ScreenBuilder.Titled(screen, ScreenId.ZResult, v, T.ZClosedTitle);
                screen.Title = screen.Title + " " + m.Report.Number.ToString();
                ReportScreen(v, m, screen);
                return;
            }

            screen.Reset(ScreenId.ZResult, v.Language);
            screen.TitleInverted = true;
            screen.Title = Text(v, T.ZNotClosedTitle);
            screen.Line1 = Text(v, m.CloseProblem == CloseError.ClockNotSet ? T.ClockTitle : T.RejectFlash);
            screen.Line2 = Text(v, T.ZNothingChanged);
            screen.Hint = Text(v, T.OkHint);
        }

        /// <summary>A report's pages under the title already set: two per currency, "from" on the second.</summary>
        private static void ReportScreen(ScreenView v, ManagerMenu m, Screen screen)
        {
            bool english = v.Language == Language.English;
            ZReport r = m.Report;
            screen.Hint = Text(v, T.MoreHint);
            string from = Text(v, T.XFrom) + " " + When(r.OpenedAt, m.OffsetMinutes);
            Totals t = r.Totals;
            if (t.Count == 0)
            {
                screen.Line1 = Text(v, T.NoTotals);
                screen.Line2 = from;
                return;
            }

            int i = m.Page / 2;
            string code = t.Currency(i);
            screen.Title = screen.Title + " " + code + " " + Position(m.Page, m.Pages);
            if (m.Page % 2 == 0)
            {
                screen.Line1 = Text(v, T.XSales) + " " + t.SalesCount(i).ToString() + ": " + Amount(t.SalesSum(i), code, v, false);
                screen.Line2 = Text(v, T.XRefunds) + " " + t.RefundsCount(i).ToString() + ": " + Amount(t.RefundsSum(i), code, v, false);
                screen.Line3 = Text(v, T.XNet) + " " + Amount(t.SalesSum(i) - t.RefundsSum(i), code, v, false);
                if (!english)
                {
                    screen.Hint = null; // three 16-pixel lines
                }
            }
            else
            {
                screen.Line1 = Text(v, T.XRevoked) + " " + t.RevokesCount(i).ToString();
                screen.Line2 = Text(v, T.StatusUnresolved) + " " + t.UnresolvedCount(i).ToString();
                screen.Line3 = from;
                if (!english)
                {
                    screen.Hint = null;
                }
            }
        }

        private static void HistoryScreen(ScreenView v, ManagerMenu m, Screen screen)
        {
            ScreenBuilder.Titled(screen, ScreenId.History, v, T.HistoryTitle);
            screen.Hint = Text(v, T.BackHint);
            if (m.List == null || m.List.Length == 0)
            {
                screen.Line1 = Text(v, T.NoSales);
                return;
            }

            HistoryRecord r = m.List[m.Index];
            screen.Title = screen.Title + " " + Position(m.Index, m.List.Length);
            screen.Large = Amount(r.Amount, r.Currency, v);
            screen.Line1 = Text(v, StatusText(r.Status)) + " " + When(r.At, m.OffsetMinutes);
            screen.Line2 = ScreenBuilder.Labelled(v, T.OrderLabel, r.OutTradeNo, 19);
            if (v.Language != Language.English)
            {
                screen.Hint = null; // four 16-pixel lines
            }
        }

        /// <summary>A history record's status as the screen names it.</summary>
        public static T StatusText(byte status)
        {
            switch (status)
            {
                case HistoryRecord.Paid:
                    return T.PaidShort;
                case HistoryRecord.Refunded:
                    return T.HistRefund;
                case HistoryRecord.Failed:
                    return T.HistFailed;
                case HistoryRecord.Cancelled:
                    return T.CancelledShort;
                case HistoryRecord.Unresolved:
                    return T.StatusUnresolved;
                case HistoryRecord.NotSent:
                    return T.HistNotSent;
                default:
                    return T.NotStartedTitle;
            }
        }

        // ------------------------------------------------------------------ helpers

        private static string Text(ScreenView v, T id)
        {
            return ScreenBuilder.Text(v, id);
        }

        /// <summary>"12.34 CNY" in the record's currency (the terminal's when it has none).</summary>
        private static string Amount(long value, string code, ScreenView v)
        {
            return Amount(value, code, v, true);
        }

        private static string Amount(long value, string code, ScreenView v, bool withCode)
        {
            Currency c = ManagerMenu.CurrencyOf(code, v.Currency);
            string text = MoneyText.Format(value, c);
            return withCode ? text + " " + c.Code : text;
        }

        /// <summary>"11-21 12:00" in local time; "--" when the clock was not set.</summary>
        public static string When(long unixSeconds, int offsetMinutes)
        {
            if (unixSeconds == 0)
            {
                return "--";
            }

            return LocalTime.Date(unixSeconds, offsetMinutes).Substring(5) + " " + LocalTime.Time(unixSeconds, offsetMinutes, false);
        }

        private static string Position(int index, int count)
        {
            return (index + 1).ToString() + "/" + count.ToString();
        }
    }
}
