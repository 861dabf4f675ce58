using Terminal.Core.Crypto;
using Terminal.Core.Ports;
using Terminal.Core.Protocol;
using Terminal.Core.Storage;
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

        /// <summary>The stored PIN record failed its check: the console stays locked (docs/console.md, "A damaged PIN record").</summary>
        Damaged,
    }

    /// <summary>
    /// The technician PIN: 4-12 digits, stored only as a random 16-byte salt and a PBKDF2-HMAC-SHA256
    /// hash (one 32-byte block, the record's own round count) in <c>terminal/pin</c>, a
    /// <see cref="SealedFile"/> (<c>terminal-pin v2</c>, body <c>rounds|salt hex|hash hex|failures</c>,
    /// CRC line; the unsealed <c>v1|…</c> of earlier firmware is read and rewritten sealed). A
    /// record that fails its check locks the console (<see cref="IsDamaged"/>) — it never reads as
    /// "no PIN set", so 'pin set' cannot take the terminal over; only a missing file is "not set".
    /// New PINs use <see cref="DefaultIterations"/>; a record with another count (the 2,000 of the
    /// native-HMAC firmware) still verifies with its own and is re-derived with the current count
    /// at the first correct PIN. The <see cref="FreeAttempts"/>-th wrong PIN in a row (the third)
    /// starts a lockout of 30 s; each further wrong PIN doubles it, up to one hour; the failure
    /// count survives reboots (the lockout restarts from boot), a correct PIN clears it. Comparison
    /// is constant-time. The PIN itself is never stored, logged or echoed.
    /// </summary>
    public sealed class PinGuard
    {
        public const string Path = "terminal/pin";
        public const string Magic = "terminal-pin";
        public const int FormatVersion = 2;

        /// <summary>The manager PIN's file (refunds): same format and rules as the technician's.</summary>
        public const string ManagerPath = "terminal/mpin";
        public const int FreeAttempts = 3;
        public const int FirstLockoutSeconds = 30;
        public const int MaxLockoutSeconds = 3600;
        public const int MinLength = 4;
        public const int MaxLength = 12;

        /// <summary>
        /// PBKDF2 rounds for a new PIN. A round of the managed HMAC-SHA256 (two SHA-256
        /// compressions) costs 0.43 million host instructions on the nanoCLR interpreter, an
        /// estimated 2-5 ms on the ESP32: 100 rounds keep a PIN check at about 0.2-0.5 s there,
        /// where the 2,000 of the native HMAC would take 4-9 s. The count is only a constant factor
        /// on an offline search of a record read from flash; the console is guarded by the lockout
        /// and the flash by flash encryption, whatever the count (docs/performance.md, "PIN key
        /// derivation"; docs/security.md).
        /// </summary>
        public const int DefaultIterations = 100;

        private readonly IFileStore store;
        private readonly IClock clock;
        private readonly IRandomSource random;
        private readonly string path;
        private byte[] salt;
        private byte[] hash;
        private int iterations;
        private int failures;
        private long lockedUntilMs;
        private bool damaged;

        public PinGuard(IFileStore store, IClock clock, IRandomSource random)
            : this(store, clock, random, Path)
        {
        }

        /// <summary>A PIN kept in <paramref name="file"/> (<see cref="Path"/> technician, <see cref="ManagerPath"/> manager).</summary>
        public PinGuard(IFileStore store, IClock clock, IRandomSource random, string file)
        {
            path = file;
            this.store = store;
            this.clock = clock;
            this.random = random;
            Iterations = DefaultIterations;
        }

        /// <summary>Hash rounds for a newly set PIN (default <see cref="DefaultIterations"/>; stored with the hash).</summary>
        public int Iterations { get; set; }

        public bool IsSet
        {
            get { return hash != null; }
        }

        /// <summary>True when <c>terminal/pin</c> exists but failed its check (or could not be read): every PIN command is refused until 'pin recover'.</summary>
        public bool IsDamaged
        {
            get { return damaged; }
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

        /// <summary>
        /// Reads the stored PIN record (boot). No file: not set. A file that fails its check, an
        /// unreadable one or an old-format one that does not parse: <see cref="IsDamaged"/>. An
        /// old-format record that parses is rewritten sealed.
        /// </summary>
        public void Load()
        {
            salt = null;
            hash = null;
            failures = 0;
            lockedUntilMs = 0;
            damaged = false;
            byte[] data;
            try
            {
                data = store.Read(path);
            }
            catch (StoreException)
            {
                damaged = true;
                return;
            }

            string body;
            int version;
            SealedState state = SealedFile.Open(data, Magic, FormatVersion, "v1|", out body, out version);
            if (state == SealedState.Missing)
            {
                return;
            }

            bool parsed = false;
            if (state == SealedState.Ok && body.Length > 0 && body[body.Length - 1] == '\n')
            {
                parsed = Parse(body.Substring(0, body.Length - 1).Split(new char[] { '|' }), 0);
            }
            else if (state == SealedState.Legacy)
            {
                string[] f = body.Split(new char[] { '|' });
                parsed = f.Length == 5 && Parse(f, 1);
                if (parsed)
                {
                    SaveQuietly(); // migrate to the sealed format
                }
            }

            if (!parsed)
            {
                salt = null;
                hash = null;
                failures = 0;
                damaged = true;
                return;
            }

            if (failures >= FreeAttempts)
            {
                lockedUntilMs = clock.MonotonicMs + LockoutMs(failures);
            }
        }

        /// <summary>rounds|salt|hash|failures from <paramref name="first"/>; strict (digits, 16-byte salt, 32-byte hash).</summary>
        private bool Parse(string[] f, int first)
        {
            if (f.Length != first + 4)
            {
                return false;
            }

            long rounds = Digits.ParseNonNegative(f[first]);
            byte[] s = Hex.Decode(f[first + 1]);
            byte[] h = Hex.Decode(f[first + 2]);
            long fails = Digits.ParseNonNegative(f[first + 3]);
            if (rounds < 1 || rounds > 1000000 || s == null || s.Length == 0 || h == null || h.Length != 32 || fails < 0)
            {
                return false;
            }

            iterations = (int)rounds;
            salt = s;
            hash = h;
            failures = (int)(fails > 1000 ? 1000 : fails);
            return true;
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
            if (damaged)
            {
                return PinCheck.Damaged;
            }

            if (hash == null)
            {
                return PinCheck.NotSet;
            }

            if (LockoutSecondsLeft > 0)
            {
                return PinCheck.LockedOut;
            }

            if (pin == null)
            {
                pin = string.Empty;
            }

            byte[] candidate = Derive(pin, salt, iterations);
            int diff = 0;
            for (int i = 0; i < 32; i++)
            {
                diff |= candidate[i] ^ hash[i];
            }

            if (diff == 0)
            {
                bool cleared = failures != 0;
                failures = 0;
                lockedUntilMs = 0;
                if (iterations != Iterations)
                {
                    Rederive(pin);
                }
                else if (cleared)
                {
                    SaveQuietly();
                }

                return PinCheck.Ok;
            }

            CountFailure();
            SaveQuietly();
            return PinCheck.Wrong;
        }

        /// <summary>
        /// 'pin recover': only while the record <see cref="IsDamaged"/>, the technician proves the
        /// merchant's WeChat Pay API key (constant-time; wrong keys count towards the same lockout,
        /// in memory). <see cref="PinCheck.Ok"/>: call <see cref="Set"/>.
        /// </summary>
        public PinCheck CheckRecoveryKey(string given, string stored)
        {
            if (LockoutSecondsLeft > 0)
            {
                return PinCheck.LockedOut;
            }

            byte[] a = Utf8.Encode(given == null ? string.Empty : given);
            byte[] b = Utf8.Encode(stored == null ? string.Empty : stored);
            int diff = a.Length ^ b.Length;
            for (int i = 0; i < a.Length; i++)
            {
                diff |= a[i] ^ (i < b.Length ? b[i] : 0);
            }

            if (diff == 0 && b.Length > 0)
            {
                return PinCheck.Ok;
            }

            CountFailure();
            return PinCheck.Wrong;
        }

        private void CountFailure()
        {
            failures++;
            if (failures >= FreeAttempts)
            {
                lockedUntilMs = clock.MonotonicMs + LockoutMs(failures);
            }
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
            damaged = false;
        }

        /// <summary>Forgets the PIN (factory reset).</summary>
        public void Clear()
        {
            salt = null;
            hash = null;
            failures = 0;
            lockedUntilMs = 0;
            damaged = false;
            store.Delete(path);
        }

        /// <summary>Lockout after the n-th consecutive failure (n ≥ FreeAttempts): 30 s, 60 s, … ≤ 1 h.</summary>
        public static long LockoutMs(int failureCount)
        {
            return CappedBackoff.Delay(failureCount - FreeAttempts + 1, FirstLockoutSeconds, MaxLockoutSeconds) * 1000;
        }

        /// <summary>PBKDF2-HMAC-SHA256 of the PIN's UTF-8, one 32-byte block: U1 = HMAC(pin, salt || 00000001), Ui = HMAC(pin, Ui-1), result = U1 xor … xor Un.</summary>
        public static byte[] Derive(string pin, byte[] salt, int rounds)
        {
            return Hmac.Pbkdf2Sha256(Utf8.Encode(pin), salt, rounds);
        }

        /// <summary>
        /// The correct PIN of a record with another round count: a fresh salt and hash with
        /// <see cref="Iterations"/>. If the record cannot be written, the old one stays in force
        /// (in memory and in flash), so the PIN keeps working either way.
        /// </summary>
        private void Rederive(string pin)
        {
            byte[] oldSalt = salt;
            byte[] oldHash = hash;
            int oldIterations = iterations;
            byte[] s = new byte[16];
            random.NextBytes(s);
            iterations = Iterations;
            salt = s;
            hash = Derive(pin, s, iterations);
            try
            {
                Save();
            }
            catch (StoreException)
            {
                salt = oldSalt;
                hash = oldHash;
                iterations = oldIterations;
            }
        }

        private void Save()
        {
            string body = iterations.ToString() + "|" + Hex.Encode(salt) + "|" + Hex.Encode(hash) + "|" + failures.ToString() + "\n";
            byte[] bytes = SealedFile.Seal(Magic, FormatVersion, body);
            store.Write(path, bytes, 0, bytes.Length);
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
