using System.Collections;

namespace Terminal.Core.Protocol
{
    /// <summary>
    /// The flat name/value parameters of one WeChat Pay v2 message (request or response), in the
    /// order they were added or received. Names are unique. Values are raw text (never escaped).
    /// The signer, the XML codec and the message builders all work on this one type.
    /// </summary>
    public sealed class WxParams
    {
        // Parallel lists: no generics on the device, and two ArrayLists cost less than an entry object per pair.
        private readonly ArrayList names = new ArrayList();
        private readonly ArrayList values = new ArrayList();

        public int Count
        {
            get { return names.Count; }
        }

        public string NameAt(int index)
        {
            return (string)names[index];
        }

        public string ValueAt(int index)
        {
            return (string)values[index];
        }

        /// <summary>Index of a parameter by exact (case-sensitive) name, or -1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if ((string)names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        public bool Contains(string name)
        {
            return IndexOf(name) >= 0;
        }

        /// <summary>The value of a parameter, or null when absent.</summary>
        public string Get(string name)
        {
            int index = IndexOf(name);
            return index < 0 ? null : (string)values[index];
        }

        /// <summary>Adds or replaces a parameter (a null value removes it).</summary>
        public void Set(string name, string value)
        {
            int index = IndexOf(name);
            if (value == null)
            {
                if (index >= 0)
                {
                    names.RemoveAt(index);
                    values.RemoveAt(index);
                }

                return;
            }

            if (index >= 0)
            {
                values[index] = value;
            }
            else
            {
                names.Add(name);
                values.Add(value);
            }
        }

        /// <summary>Adds a parameter that must not exist yet; false if the name is already present.</summary>
        public bool TryAdd(string name, string value)
        {
            if (IndexOf(name) >= 0)
            {
                return false;
            }

            names.Add(name);
            values.Add(value);
            return true;
        }

        public void Remove(string name)
        {
            Set(name, null);
        }

        public void Clear()
        {
            names.Clear();
            values.Clear();
        }
    }
}
