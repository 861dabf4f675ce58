using Terminal.Core.Crypto;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Text;
using Terminal.Core.Timing;

namespace Terminal.Core.Technician
{
    /// <summary>The answer of <see cref="PinGuard.Verify"/>.</summary>
    public enum PinCheck
    {
        Ok = 0,
        Wrong,

        /// <summary>Too many wrong PINs: wait <see cref="PinGuard.LockoutSecondsLeft"/>.</summary>
        LockedOut,

        /// <summary>No PIN has been set yet.</summary>
        NotSet,
    }

    /// <summary>
    /// The technician PIN: 4-12 digits, stored only as a random 16-byte salt and a PBKDF2-style
    /// HMAC-SHA256 hash (<see cref="Iterations"/> rounds) in <c>terminal/pin</c>
    /// (<c>v1|iterations|salt hex|hash hex|failures</c>). The <see cref="FreeAttempts"/>-th wrong
    /// PIN in a row (the third) starts a lockout of 30 s; each further wrong PIN doubles it, up to one hour; the failure
    /// count survives reboots (the lockout restarts from boot), a correct PIN clears it.
    /// Comparison is constant-time. The PIN itself is never stored, logged or echoed.
    /// </summary>
    public sealed class PinGuard
    {
        public const string Path = "terminal/pin";
        public const int FreeAttempts = 3;
        public const int FirstLockoutSeconds = 30;
        public const int MaxLockoutSeconds = 3600;
        public const int MinLength = 4;
        public const int MaxLength = 12;

        private readonly IFileStore store;
        private readonly IClock clock;
        private readonly IRandomSource random;
        private byte[] salt;
        private byte[] hash;
        private int iterations;
        private int failures;
        private long lockedUntilMs;

        public PinGuard(IFileStore store, IClock clock, IRandomSource random)
        {
            this.store = store;
            this.clock = clock;
            this.random = random;
            Iterations = 2000;
        }

        /// <summary>Hash rounds for a newly set PIN (default 2000; stored with the hash).</summary>
        public int Iterations { get; set; }

        public bool IsSet
        {
            get { return hash != null; }
        }

        public int Failures
        {
            get { return failures; }
        }

        public int LockoutSecondsLeft
        {
            get
            {
                long left = lockedUntilMs - clock.MonotonicMs;
                return left <= 0 ? 0 : (int)((left + 999) / 1000);
            }
        }

        /// <summary>Reads the stored PIN record (boot). An unreadable record counts as not set.</summary>
        public void Load()
        {
            salt = null;
            hash = null;
            failures = 0;
            lockedUntilMs = 0;
            byte[] data;
            try
            {
                data = store.Read(Path);
            }
            catch (StoreException)
            {
                return;
            }

            string text;
            int bad;
            if (data == null || !Utf8.TryDecode(data, 0, data.Length, out text, out bad))
            {
                return;
            }

            string[] f = text.Split(new char[] { '|' });
            if (f.Length != 5 || f[0] != "v1")
            {
                return;
            }

            long rounds = TerminalConfig.ParseNumber(f[1]);
            byte[] s = Hex.Decode(f[2]);
            byte[] h = Hex.Decode(f[3]);
            long fails = TerminalConfig.ParseNumber(f[4]);
            if (rounds < 1 || rounds > 1000000 || s == null || h == null || h.Length != 32 || fails < 0)
            {
                return;
            }

            iterations = (int)rounds;
            salt = s;
            hash = h;
            failures = (int)(fails > 1000 ? 1000 : fails);
            if (failures >= FreeAttempts)
            {
                lockedUntilMs = clock.MonotonicMs + LockoutMs(failures);
            }
        }

        /// <summary>Null when <paramref name="pin"/> is an acceptable PIN, else why not.</summary>
        public static string CheckFormat(string pin)
        {
            if (pin == null || pin.Length < MinLength || pin.Length > MaxLength)
            {
                return "the PIN must be " + MinLength.ToString() + " to " + MaxLength.ToString() + " digits";
            }

            for (int i = 0; i < pin.Length; i++)
            {
                if (pin[i] < '0' || pin[i] > '9')
                {
                    return "the PIN must be digits only";
                }
            }

            return null;
        }

        public PinCheck Verify(string pin)
        {
            if (hash == null)
            {
                return PinCheck.NotSet;
            }

            if (LockoutSecondsLeft > 0)
            {
                return PinCheck.LockedOut;
            }

            byte[] candidate = Derive(pin == null ? string.Empty : pin, salt, iterations);
            int diff = 0;
            for (int i = 0; i < 32; i++)
            {
                diff |= candidate[i] ^ hash[i];
            }

            if (diff == 0)
            {
                if (failures != 0)
                {
                    failures = 0;
                    lockedUntilMs = 0;
                    SaveQuietly();
                }

                return PinCheck.Ok;
            }

            failures++;
            if (failures >= FreeAttempts)
            {
                lockedUntilMs = clock.MonotonicMs + LockoutMs(failures);
            }

            SaveQuietly();
            return PinCheck.Wrong;
        }

        /// <summary>Sets a new PIN (the caller has checked the old one). Throws <see cref="StoreException"/>.</summary>
        public void Set(string pin)
        {
            string error = CheckFormat(pin);
            if (error != null)
            {
                throw new System.ArgumentException(error);
            }

            byte[] s = new byte[16];
            random.NextBytes(s);
            iterations = Iterations;
            salt = s;
            hash = Derive(pin, s, iterations);
            failures = 0;
            lockedUntilMs = 0;
            Save();
        }

        /// <summary>Forgets the PIN (factory reset).</summary>
        public void Clear()
        {
            salt = null;
            hash = null;
            failures = 0;
            lockedUntilMs = 0;
            store.Delete(Path);
        }

        /// <summary>Lockout after the n-th consecutive failure (n ≥ FreeAttempts): 30 s, 60 s, … ≤ 1 h.</summary>
        public static long LockoutMs(int failureCount)
        {
            return CappedBackoff.Delay(failureCount - FreeAttempts + 1, FirstLockoutSeconds, MaxLockoutSeconds) * 1000;
        }

        /// <summary>PBKDF2-HMAC-SHA256, one 32-byte block: U1 = HMAC(pin, salt || 00000001), Ui = HMAC(pin, Ui-1), result = U1 xor … xor Un.</summary>
        public static byte[] Derive(string pin, byte[] salt, int rounds)
        {
            byte[] key = Utf8.Encode(pin);
            byte[] block = new byte[salt.Length + 4];
            System.Array.Copy(salt, block, salt.Length);
            block[block.Length - 1] = 1;
            byte[] u = Hmac.Sha256(key, block);
            byte[] result = new byte[32];
            System.Array.Copy(u, result, 32);
            for (int i = 1; i < rounds; i++)
            {
                u = Hmac.Sha256(key, u);
                for (int j = 0; j < 32; j++)
                {
                    result[j] ^= u[j];
                }
            }

            return result;
        }

        private void Save()
        {
            string text = "v1|" + iterations.ToString() + "|" + Hex.Encode(salt) + "|" + Hex.Encode(hash) + "|" + failures.ToString();
            byte[] bytes = Utf8.Encode(text);
            store.Write(Path, bytes, 0, bytes.Length);
        }

        private void SaveQuietly()
        {
            try
            {
                Save();
            }
            catch (StoreException)
            {
                // The in-memory count still applies until reboot.
            }
        }
    }
}
