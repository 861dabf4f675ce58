using Terminal.Core.Ports;

namespace Terminal.Core.Outbox
{
    /// <summary>
    /// A small piece of state that survives power cuts: each save writes a new generation
    /// "name-GGGGGGGG.rec" (an <see cref="OutboxRecord"/> of kind State whose sequence is the
    /// generation) and then deletes the older ones. Loading takes the newest valid generation.
    /// A cut during a save leaves the previous generation in force; <see cref="NewestWasCorrupt"/>
    /// tells the caller when the newest file was unreadable (torn or bit-flipped), so it can fail
    /// safe instead of trusting an older state.
    /// </summary>
    internal sealed class DurableSlot
    {
        private readonly IFileStore store;
        private readonly string folder;
        private readonly string prefix;
        private int generation;

        public DurableSlot(IFileStore store, string folder, string name)
        {
            this.store = store;
            this.folder = folder;
            prefix = name + "-";
        }

        public bool NewestWasCorrupt { get; private set; }

        /// <summary>True when at least one generation file exists (valid or not).</summary>
        public bool Exists { get; private set; }

        /// <summary>The payload of the newest valid generation, or null.</summary>
        public byte[] Load()
        {
            string[] names = store.List(folder);
            byte[] best = null;
            int bestGeneration = -1;
            int newest = -1;
            NewestWasCorrupt = false;
            Exists = false;
            for (int i = 0; i < names.Length; i++)
            {
                int g = GenerationOf(names[i]);
                if (g < 0)
                {
                    continue;
                }

                Exists = true;
                if (g > newest)
                {
                    newest = g;
                }

                byte[] file = store.Read(folder + "/" + names[i]);
                if (OutboxRecord.Check(file, OutboxRecord.KindState, (uint)g) == null && g > bestGeneration)
                {
                    bestGeneration = g;
                    best = OutboxRecord.Payload(file);
                }
            }

            NewestWasCorrupt = newest >= 0 && newest != bestGeneration;
            generation = newest < 0 ? 0 : newest;
            return best;
        }

        /// <summary>Commits a new generation, then removes the older files (best effort).</summary>
        public void Save(byte[] payload)
        {
            int next = generation + 1;
            generation = next; // never reuse a generation number, even if this save fails
            store.Write(folder + "/" + prefix + Names.Hex8(next) + ".rec", OutboxRecord.Encode(OutboxRecord.KindState, (uint)next, payload), 0, OutboxRecord.Overhead + payload.Length);
            NewestWasCorrupt = false;
            string[] names = store.List(folder);
            for (int i = 0; i < names.Length; i++)
            {
                int g = GenerationOf(names[i]);
                if (g >= 0 && g < next)
                {
                    store.Delete(folder + "/" + names[i]);
                }
            }
        }

        private int GenerationOf(string name)
        {
            if (!name.StartsWith(prefix) || name.Length != prefix.Length + 12 || !name.EndsWith(".rec"))
            {
                return -1;
            }

            return Names.ParseHex8(name, prefix.Length);
        }
    }
}
