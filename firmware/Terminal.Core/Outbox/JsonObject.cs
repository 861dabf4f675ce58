using System.Collections;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// A parsed JSON object from <see cref="JsonReader"/>: member values are string, long (integers),
    /// bool, <see cref="JsonObject"/>, ArrayList (arrays), <see cref="JsonReader.Null"/>, or — for a
    /// number with a fraction or exponent — its text wrapped in <see cref="JsonNumberText"/>.
    /// Typed getters return a fallback when a member is missing or of another type.
    /// </summary>
    public sealed class JsonObject
    {
        private readonly Hashtable members = new Hashtable();
        private readonly ArrayList order = new ArrayList();

        public int Count
        {
            get { return order.Count; }
        }

        /// <summary>Member names in document order.</summary>
        public string NameAt(int index)
        {
            return (string)order[index];
        }

        public bool Has(string name)
        {
            return members.Contains(name);
        }

        /// <summary>The raw value, or null when absent.</summary>
        public object Get(string name)
        {
            return members[name];
        }

        public string GetString(string name)
        {
            return members[name] as string;
        }

        public bool IsLong(string name)
        {
            return members[name] is long;
        }

        public long GetLong(string name, long fallback)
        {
            object value = members[name];
            return value is long ? (long)value : fallback;
        }

        public bool IsBool(string name)
        {
            return members[name] is bool;
        }

        public bool GetBool(string name, bool fallback)
        {
            object value = members[name];
            return value is bool ? (bool)value : fallback;
        }

        public JsonObject GetObject(string name)
        {
            return members[name] as JsonObject;
        }

        /// <summary>Adds a member; false when the name is already present (duplicates are refused).</summary>
        internal bool Add(string name, object value)
        {
            if (members.Contains(name))
            {
                return false;
            }

            members[name] = value;
            order.Add(name);
            return true;
        }
    }

    /// <summary>A JSON number that is not an integer, kept as its text (the protocol never needs one).</summary>
    public sealed class JsonNumberText
    {
        public JsonNumberText(string text)
        {
            Text = text;
        }

        public string Text { get; private set; }
    }
}
