using Terminal.Core.Crypto;
using Terminal.Core.Storage;
using Terminal.Core.Technician;
using Terminal.Core.Text;
using Terminal.Tests.Support;
using Terminal.Tests.Ui;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Technician
{
    /// <summary>
    /// The PIN record (terminal/pin, sealed "terminal-pin v2" with rounds|salt|hash|failures; the
    /// unsealed "v1|…" of earlier firmware is read and rewritten sealed): records written before the
    /// managed HMAC (2,000 rounds of the native HMACSHA256) still verify, are re-derived with the
    /// current round count at the first correct PIN, and new PINs use the current count.
    /// </summary>
    [TestClass]
    public class PinGuardTests
    {
        // PBKDF2-HMAC-SHA256("482913", salt 00 01 .. 0F, 2000 rounds, 32 bytes), computed
        // independently (Python hashlib.pbkdf2_hmac): the record the native-HMAC firmware wrote.
        private const string OldRecord = "v1|2000|000102030405060708090A0B0C0D0E0F|C0B6DEBC26ACFC3A720BA6C1571D79D656981665B99B46BD61B90A31ADD36233|0";

        private static PinGuard Guard(MemoryFileStore store)
        {
            PinGuard guard = new PinGuard(store, new VirtualClock(), new CountingRandomSource());
            guard.Load();
            return guard;
        }

        private static void WriteRecord(MemoryFileStore store, string record)
        {
            byte[] bytes = Utf8.Encode(record);
            store.Write(PinGuard.Path, bytes, 0, bytes.Length);
        }

        /// <summary>The stored record's fields: [0] the sealed file's kind and version, then rounds, salt, hash, failures.</summary>
        private static string[] StoredFields(MemoryFileStore store)
        {
            string body;
            int version;
            SealedState state = SealedFile.Open(store.Read(PinGuard.Path), PinGuard.Magic, PinGuard.FormatVersion, null, out body, out version);
            Assert.AreEqual((int)SealedState.Ok, (int)state, "the record is stored sealed (an old one is rewritten at load)");
            return (PinGuard.Magic + " v" + version.ToString() + "|" + body.Substring(0, body.Length - 1)).Split(new char[] { '|' });
        }

        [TestMethod]
        public void A_record_of_2000_native_rounds_still_verifies()
        {
            MemoryFileStore store = new MemoryFileStore();
            WriteRecord(store, OldRecord);
            PinGuard guard = Guard(store);
            Assert.IsTrue(guard.IsSet);
            Assert.AreEqual((int)PinCheck.Wrong, (int)guard.Verify("482914"));
            Assert.AreEqual((int)PinCheck.Ok, (int)guard.Verify("482913"));
        }

        [TestMethod]
        public void A_correct_pin_rewrites_an_old_record_with_the_current_round_count()
        {
            MemoryFileStore store = new MemoryFileStore();
            WriteRecord(store, OldRecord);
            PinGuard guard = Guard(store);
            Assert.AreEqual((int)PinCheck.Wrong, (int)guard.Verify("000000"));
            Assert.AreEqual("2000", StoredFields(store)[1], "a wrong PIN does not re-derive");

            Assert.AreEqual((int)PinCheck.Ok, (int)guard.Verify("482913"));
            string[] fields = StoredFields(store);
            Assert.AreEqual("terminal-pin v2", fields[0]);
            Assert.AreEqual(PinGuard.DefaultIterations.ToString(), fields[1]);
            Assert.AreNotEqual("000102030405060708090A0B0C0D0E0F", fields[2], "fresh salt");
            Assert.AreEqual(Hex.Encode(PinGuard.Derive("482913", Hex.Decode(fields[2]), PinGuard.DefaultIterations)), fields[3]);
            Assert.AreEqual("0", fields[4], "the correct PIN cleared the failure");

            PinGuard rebooted = Guard(store);
            Assert.AreEqual((int)PinCheck.Wrong, (int)rebooted.Verify("482914"));
            Assert.AreEqual((int)PinCheck.Ok, (int)rebooted.Verify("482913"));
        }

        [TestMethod]
        public void A_new_pin_is_stored_with_the_current_round_count()
        {
            MemoryFileStore store = new MemoryFileStore();
            PinGuard guard = Guard(store);
            Assert.AreEqual(PinGuard.DefaultIterations, guard.Iterations);
            guard.Set("246810");
            string[] fields = StoredFields(store);
            Assert.AreEqual(5, fields.Length);
            Assert.AreEqual(PinGuard.DefaultIterations.ToString(), fields[1]);
            Assert.AreEqual(Hex.Encode(Hmac.Pbkdf2Sha256(Utf8.Encode("246810"), Hex.Decode(fields[2]), PinGuard.DefaultIterations)), fields[3]);
            Assert.AreEqual((int)PinCheck.Ok, (int)Guard(store).Verify("246810"));
        }

        [TestMethod]
        public void A_record_that_cannot_be_rewritten_still_verifies_with_its_own_rounds()
        {
            MemoryFileStore store = new MemoryFileStore();
            WriteRecord(store, OldRecord);
            PinGuard guard = Guard(store);
            store.CutPowerAt(1);
            Assert.AreEqual((int)PinCheck.Ok, (int)guard.Verify("482913"));
            store.Reboot();
            Assert.AreEqual("2000", StoredFields(store)[1]);
            Assert.AreEqual((int)PinCheck.Ok, (int)Guard(store).Verify("482913"));
        }
    }
}
