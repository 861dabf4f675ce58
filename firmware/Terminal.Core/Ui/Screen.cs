namespace Terminal.Core.Ui
{
    /// <summary>Which screen the cashier display shows (docs/cashier.md has a picture of each).</summary>
    public enum ScreenId
    {
        Amount = 0,
        Confirm,
        Scan,
        Processing,
        Password,
        Checking,
        Cancelling,
        Paid,
        Failed,
        Cancelled,
        Unresolved,
        NotSent,
        NotStarted,
        Blocked,
        Status,

        /// <summary>Boot: orders a power cut left unfinished are being settled.</summary>
        Recovering,

        /// <summary>Boot: what recovery found (paid, nothing charged, still unresolved).</summary>
        Recovered,

        // The manager functions (docs/cashier.md, "Manager functions").
        ManagerPin,
        ManagerMenu,
        RefundPick,
        RefundAmount,
        RefundConfirm,
        Refunding,
        RefundResult,
        XReport,
        History,

        /// <summary>Close of day: the running totals before the close.</summary>
        ZPreview,

        /// <summary>Close of day: the confirmation (ENTER closes, CANCEL changes nothing).</summary>
        ZConfirm,

        /// <summary>Close of day: the Z number and its totals, or why nothing was closed.</summary>
        ZResult,
    }

    /// <summary>
    /// The display's content as text: a title bar, an optional large line, up to three normal
    /// lines (wrapped) and a hint anchored at the bottom. One instance is reused for every
    /// render; adapters that keep it must copy (e.g. <see cref="ToText"/>).
    /// </summary>
    public sealed class Screen
    {
        public ScreenId Id;
        public Language Language;

        /// <summary>Title bar text (drawn inverted when <see cref="TitleInverted"/>).</summary>
        public string Title;
        public bool TitleInverted;

        /// <summary>Double-size centred line (amount or countdown), or null.</summary>
        public string Large;

        /// <summary>The large line is highlighted (a kept amount, selected: the next digit replaces it).</summary>
        public bool LargeInverted;

        public string Line1;
        public string Line2;
        public string Line3;

        /// <summary>Key hint at the bottom, or null.</summary>
        public string Hint;

        public void Reset(ScreenId id, Language language)
        {
            Id = id;
            Language = language;
            Title = null;
            TitleInverted = false;
            Large = null;
            LargeInverted = false;
            Line1 = null;
            Line2 = null;
            Line3 = null;
            Hint = null;
        }

        private static readonly string[] Names =
        {
            "Amount", "Confirm", "Scan", "Processing", "Password", "Checking", "Cancelling", "Paid",
            "Failed", "Cancelled", "Unresolved", "NotSent", "NotStarted", "Blocked", "Status", "Recovering", "Recovered",
            "ManagerPin", "ManagerMenu", "RefundPick", "RefundAmount", "RefundConfirm", "Refunding", "RefundResult", "XReport", "History",
            "ZPreview", "ZConfirm", "ZResult",
        };

        /// <summary>The screen's name (enum names are not kept by the device's runtime).</summary>
        public static string Name(ScreenId id)
        {
            int i = (int)id;
            return i >= 0 && i < Names.Length ? Names[i] : "Screen" + i.ToString();
        }

        /// <summary>The screen as lines of text ("[Title]", large line between asterisks), for logs and tests.</summary>
        public string ToText()
        {
            string text = Name(Id) + ": [" + Title + "]";
            if (Large != null)
            {
                text += LargeInverted ? " *[" + Large + "]*" : " *" + Large + "*";
            }

            if (Line1 != null)
            {
                text += " | " + Line1;
            }

            if (Line2 != null)
            {
                text += " | " + Line2;
            }

            if (Line3 != null)
            {
                text += " | " + Line3;
            }

            if (Hint != null)
            {
                text += " | (" + Hint + ")";
            }

            return text;
        }
    }
}
