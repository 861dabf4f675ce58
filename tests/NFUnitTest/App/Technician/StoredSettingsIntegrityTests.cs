using Terminal.Core.Crypto;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Technician
{
    /// <summary>
    /// Stored settings fail closed (issue 11 item 6, docs/storage.md "Settings files"): every
    /// truncation and every single-bit flip of <c>terminal/pin</c> locks the console (never "no PIN
    /// set", so 'pin set' cannot take over), and of <c>terminal/config</c> / <c>terminal/secrets</c>
    /// is reported and refuses sales (never silently defaulted). Old-format files still load.
    /// </summary>
    [TestClass]
    public class StoredSettingsIntegrityTests
    {
        private const string Pin = "246810";
        private const string ApiKey = "abcdefghijklmnopqrstuvwxyz012345";

        private static PinGuard NewGuard(MemoryFileStore store, VirtualClock clock)
        {
            PinGuard guard = new PinGuard(store, clock, new CountingRandomSource());
            guard.Iterations = 3;
            return guard;
        }

        private static TechConsole ConsoleOn(MemoryFileStore store, VirtualClock clock, PinGuard guard, TerminalConfig config, ScreenLog log)
        {
            ConsoleContext context = new ConsoleContext();
            context.Clock = clock;
            context.Store = store;
            context.Random = new CountingRandomSource();
            context.Pin = guard;
            context.Config = config;
            return new TechConsole(context, log);
        }

        private static string Run(TechConsole console, ScreenLog log, string line)
        {
            log.Take();
            console.Execute(line);
            return log.Take();
        }

        private static byte[] Truncated(byte[] data, int length)
        {
            byte[] copy = new byte[length];
            System.Array.Copy(data, copy, length);
            return copy;
        }

        private static byte[] Flipped(byte[] data, int bit)
        {
            byte[] copy = new byte[data.Length];
            System.Array.Copy(data, copy, data.Length);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            return copy;
        }

        /// <summary>Damage case n of a file: n &lt; length is a truncation to n bytes, then every bit flip.</summary>
        private static byte[] Damage(byte[] data, int n)
        {
            return n < data.Length ? Truncated(data, n) : Flipped(data, n - data.Length);
        }

        private static int DamageCount(byte[] data)
        {
            return data.Length + data.Length * 8;
        }

        private static void AssertPinLocked(MemoryFileStore store, VirtualClock clock, byte[] damaged, int n)
        {
            store.Write(PinGuard.Path, damaged, 0, damaged.Length);
            PinGuard guard = NewGuard(store, clock);
            guard.Load();
            ScreenLog log = new ScreenLog();
            TechConsole console = ConsoleOn(store, clock, guard, null, log);
            string login = Run(console, log, "login " + Pin);
            string take = Run(console, log, "pin set 1111");
            if (login.IndexOf("ok\r\n") >= 0 || take.IndexOf("ok\r\n") >= 0 || guard.Verify(Pin) == PinCheck.Ok)
            {
                Assert.IsTrue(false, "damage case " + n.ToString() + " (" + damaged.Length.ToString() + " bytes) opened the console: " + login + take);
            }
        }

        [TestMethod]
        public void Every_truncation_and_bit_flip_of_the_pin_file_locks_the_console()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            PinGuard original = NewGuard(store, clock);
            original.Set(Pin);
            byte[] good = store.Read(PinGuard.Path);
            int cases = DamageCount(good);
            for (int n = 0; n < cases; n++)
            {
                AssertPinLocked(store, clock, Damage(good, n), n);
            }
        }

        [TestMethod]
        public void A_damaged_pin_file_says_locked_and_how_to_recover_with_the_api_key()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalConfig config = new TerminalConfig(store);
            config.SetSecret("api_key", ApiKey);
            config.Save();
            PinGuard first = NewGuard(store, clock);
            first.Set(Pin);
            byte[] good = store.Read(PinGuard.Path);
            store.Write(PinGuard.Path, good, 0, good.Length - 3);
            PinGuard guard = NewGuard(store, clock);
            guard.Load();
            config.Load();
            ScreenLog log = new ScreenLog();
            TechConsole console = ConsoleOn(store, clock, guard, config, log);
            string login = Run(console, log, "login " + Pin);
            Assert.StartsWith("error: the PIN record in flash is damaged", login);
            Assert.Contains("pin recover", login);
            Assert.StartsWith("error: the PIN record in flash is damaged", Run(console, log, "pin set 1111"));
            Assert.StartsWith("error: wrong API key", Run(console, log, "pin recover " + "x" + ApiKey.Substring(1) + " 135790"));
            string recovered = Run(console, log, "pin recover " + ApiKey + " 135790");
            Assert.EndsWith("ok\r\n", recovered);
            Assert.DoesNotContains(ApiKey, recovered);
            Assert.EndsWith("ok\r\n", Run(console, log, "login 135790"));
            PinGuard rebooted = NewGuard(store, clock);
            rebooted.Load();
            Assert.IsTrue(rebooted.Verify("135790") == PinCheck.Ok);
        }

        [TestMethod]
        public void Pin_recover_is_refused_while_the_pin_file_is_sound()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            TerminalConfig config = new TerminalConfig(store);
            config.SetSecret("api_key", ApiKey);
            PinGuard guard = NewGuard(store, clock);
            guard.Set(Pin);
            ScreenLog log = new ScreenLog();
            TechConsole console = ConsoleOn(store, clock, guard, config, log);
            Assert.StartsWith("error: the PIN record is sound", Run(console, log, "pin recover " + ApiKey + " 135790"));
            Assert.IsTrue(guard.Verify(Pin) == PinCheck.Ok);
        }

        [TestMethod]
        public void An_old_format_pin_file_still_loads_and_is_rewritten_sealed()
        {
            MemoryFileStore store = new MemoryFileStore();
            VirtualClock clock = new VirtualClock();
            byte[] salt = new byte[16];
            for (int i = 0; i < salt.Length; i++)
            {
                salt[i] = (byte)(i * 7);
            }

            string legacy = "v1|3|" + Hex.Encode(salt) + "|" + Hex.Encode(PinGuard.Derive(Pin, salt, 3)) + "|1";
            byte[] bytes = Utf8.Encode(legacy);
            store.Write(PinGuard.Path, bytes, 0, bytes.Length);
            PinGuard guard = NewGuard(store, clock);
            guard.Load();
            Assert.IsTrue(guard.IsSet);
            Assert.AreEqual(1, guard.Failures);
            string migrated = Utf8.Decode(store.Read(PinGuard.Path), 0, store.Read(PinGuard.Path).Length);
            Assert.StartsWith("terminal-pin v2\n", migrated);
            Assert.IsTrue(guard.Verify(Pin) == PinCheck.Ok);
        }

        private static TerminalConfig Provisioned(MemoryFileStore store)
        {
            TerminalConfig config = new TerminalConfig(store);
            Assert.IsNull(config.Set("appid", "wx2421b1c4370ec43b"));
            Assert.IsNull(config.Set("mch_id", "10000100"));
            Assert.IsNull(config.Set("currency", "HKD"));
            Assert.IsNull(config.SetSecret("api_key", ApiKey));
            config.Save();
            return config;
        }

        private static void SweepSettingsFile(string path)
        {
            MemoryFileStore store = new MemoryFileStore();
            Provisioned(store);
            byte[] good = store.Read(path);
            int cases = DamageCount(good);
            for (int n = 0; n < cases; n++)
            {
                byte[] damaged = Damage(good, n);
                store.Write(path, damaged, 0, damaged.Length);
                TerminalConfig config = new TerminalConfig(store);
                config.Load();
                if (config.Problem == null || config.MissingForSales() == null)
                {
                    Assert.IsTrue(false, path + " damage case " + n.ToString() + " (" + damaged.Length.ToString() + " bytes) loaded silently");
                }
            }
        }

        [TestMethod]
        public void Every_truncation_and_bit_flip_of_the_config_file_is_reported_and_refuses_sales()
        {
            SweepSettingsFile(TerminalConfig.ConfigPath);
        }

        [TestMethod]
        public void Every_truncation_and_bit_flip_of_the_secrets_file_is_reported_and_refuses_sales()
        {
            SweepSettingsFile(TerminalConfig.SecretsPath);
        }

        [TestMethod]
        public void A_sound_config_loads_without_a_problem()
        {
            MemoryFileStore store = new MemoryFileStore();
            Provisioned(store);
            TerminalConfig config = new TerminalConfig(store);
            config.Load();
            Assert.IsNull(config.Problem);
            Assert.IsNull(config.MissingForSales());
            Assert.AreEqual("HKD", config.Get("currency"));
            Assert.IsTrue(config.HasSecret("api_key"));
        }

        [TestMethod]
        public void Old_format_config_and_secrets_still_load_and_are_rewritten_sealed()
        {
            MemoryFileStore store = new MemoryFileStore();
            byte[] settings = Utf8.Encode("# terminal settings (docs/console.md)\nappid=wx2421b1c4370ec43b\nmch_id=10000100\ncurrency=HKD\n");
            byte[] secrets = Utf8.Encode("# write-only secrets: never printed\napi_key=" + ApiKey + "\n");
            store.Write(TerminalConfig.ConfigPath, settings, 0, settings.Length);
            store.Write(TerminalConfig.SecretsPath, secrets, 0, secrets.Length);
            TerminalConfig config = new TerminalConfig(store);
            config.Load();
            Assert.IsNull(config.Problem);
            Assert.IsNull(config.MissingForSales());
            Assert.AreEqual("HKD", config.Get("currency"));
            byte[] migrated = store.Read(TerminalConfig.ConfigPath);
            Assert.StartsWith("terminal-config v2\n", Utf8.Decode(migrated, 0, migrated.Length));
            TerminalConfig again = new TerminalConfig(store);
            again.Load();
            Assert.IsNull(again.Problem);
            Assert.AreEqual("wx2421b1c4370ec43b", again.Get("appid"));
        }

        [TestMethod]
        public void A_damaged_config_is_named_in_the_problem_and_a_save_does_not_hide_it_until_reboot()
        {
            MemoryFileStore store = new MemoryFileStore();
            Provisioned(store);
            store.FlipBit(TerminalConfig.ConfigPath, 100);
            TerminalConfig config = new TerminalConfig(store);
            config.Load();
            Assert.Contains(TerminalConfig.ConfigPath, config.Problem);
            Assert.Contains("damaged", config.Problem);
            Assert.AreEqual(string.Empty, config.Get("appid"));
        }
    }
}
