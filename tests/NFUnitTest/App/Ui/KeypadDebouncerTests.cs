using nanoFramework.TestFramework;
using Terminal.Core.Ui;

namespace Terminal.Tests.Ui
{
    [TestClass]
    public class KeypadDebouncerTests
    {
        // Bits of the 4x4 matrix (bit = row * 4 + column).
        private const int One = 1 << 0;
        private const int Five = 1 << 5;
        private const int F2 = 1 << 7;
        private const int Back = 1 << 11;
        private const int Enter = 1 << 15;

        /// <summary>Feeds <paramref name="raw"/> every 10 ms from <paramref name="fromMs"/> to <paramref name="toMs"/>; returns the keys delivered, as text.</summary>
        private static string Feed(KeypadDebouncer keypad, int raw, long fromMs, long toMs)
        {
            string keys = string.Empty;
            for (long t = fromMs; t <= toMs; t += 10)
            {
                int n = keypad.Sample(raw, t);
                for (int i = 0; i < n; i++)
                {
                    keys += Name(keypad.KeyAt(i)) + " ";
                }
            }

            return keys;
        }

        private static string Name(Key key)
        {
            switch (key)
            {
                case Key.D1:
                    return "1";
                case Key.D5:
                    return "5";
                case Key.Back:
                    return "BACK";
                case Key.Clear:
                    return "CLEAR";
                case Key.Enter:
                    return "ENTER";
                case Key.F2:
                    return "F2";
                case Key.Menu:
                    return "MENU";
                default:
                    return "key" + ((int)key).ToString();
            }
        }

        [TestMethod]
        public void A_press_is_delivered_once_after_30_ms_of_stable_reads_and_the_release_delivers_nothing()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            Assert.AreEqual(string.Empty, Feed(keypad, One, 0, 20), "not stable long enough");
            Assert.AreEqual("1 ", Feed(keypad, One, 30, 30));
            Assert.AreEqual(string.Empty, Feed(keypad, One, 40, 500), "once per press");
            Assert.AreEqual(string.Empty, Feed(keypad, 0, 510, 600));
            Assert.AreEqual(0, keypad.Stable);
            Assert.AreEqual("1 ", Feed(keypad, One, 610, 640), "pressed again");
        }

        [TestMethod]
        public void Glitches_shorter_than_the_debounce_are_ignored()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            string keys = string.Empty;
            for (long t = 0; t < 2000; t += 10)
            {
                // A 20 ms glitch on a column every 100 ms (GPIO36/39 when the radio wakes).
                int raw = t % 100 < 20 ? Five : 0;
                int n = keypad.Sample(raw, t);
                for (int i = 0; i < n; i++)
                {
                    keys += Name(keypad.KeyAt(i)) + " ";
                }
            }

            Assert.AreEqual(string.Empty, keys);
            Assert.AreEqual(0, keypad.Stable);
        }

        [TestMethod]
        public void A_bouncing_press_counts_once_it_settles()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            int[] bounce = new int[] { Enter, 0, Enter, 0, Enter, Enter, Enter, Enter, Enter };
            string keys = string.Empty;
            for (int i = 0; i < bounce.Length; i++)
            {
                int n = keypad.Sample(bounce[i], i * 10);
                for (int k = 0; k < n; k++)
                {
                    keys += Name(keypad.KeyAt(k)) + " ";
                }
            }

            Assert.AreEqual("ENTER ", keys);
        }

        [TestMethod]
        public void Back_held_for_a_second_is_clear_once_per_press()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            Assert.AreEqual("BACK ", Feed(keypad, Back, 0, 40), "BACK itself at the press");
            Assert.AreEqual(string.Empty, Feed(keypad, Back, 50, 1020), "not yet a second after the debounced press");
            Assert.AreEqual("CLEAR ", Feed(keypad, Back, 1030, 1030));
            Assert.AreEqual(string.Empty, Feed(keypad, Back, 1040, 5000), "once per press");
            Feed(keypad, 0, 5010, 5100);
            Assert.AreEqual("BACK CLEAR ", Feed(keypad, Back, 5110, 6200), "again on the next press");
        }

        [TestMethod]
        public void F2_held_for_a_second_is_menu_once_per_press()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            Assert.AreEqual("F2 ", Feed(keypad, F2, 0, 1020), "F2 itself at the press (the status screen)");
            Assert.AreEqual("MENU ", Feed(keypad, F2, 1030, 5000), "then the manager functions, once");
            Feed(keypad, 0, 5010, 5100);
            Assert.AreEqual("F2 ", Feed(keypad, F2, 5110, 5500), "a short press is only F2");
        }

        [TestMethod]
        public void Other_keys_held_deliver_nothing_more()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            Assert.AreEqual("5 ", Feed(keypad, Five, 0, 3000));
        }

        [TestMethod]
        public void Two_keys_down_are_no_hold_until_one_is_released()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            Assert.AreEqual("1 BACK ", Feed(keypad, One | Back, 0, 2000), "both delivered in bit order, no CLEAR while two are down");
            Assert.AreEqual(string.Empty, Feed(keypad, Back, 2010, 2990), "the hold counts from when BACK is alone");
            Assert.AreEqual("CLEAR ", Feed(keypad, Back, 3000, 3100));
        }

        [TestMethod]
        public void A_second_key_joining_delivers_only_the_new_one()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            Assert.AreEqual("1 ", Feed(keypad, One, 0, 100));
            Assert.AreEqual("5 ", Feed(keypad, One | Five, 110, 200));
        }

        [TestMethod]
        public void Settings_are_configurable()
        {
            KeypadDebouncer keypad = new KeypadDebouncer(4, 4);
            keypad.DebounceMs = 50;
            keypad.HoldMs = 500;
            Assert.AreEqual(string.Empty, Feed(keypad, Back, 0, 40));
            Assert.AreEqual("BACK ", Feed(keypad, Back, 50, 540));
            Assert.AreEqual("CLEAR ", Feed(keypad, Back, 550, 560));
        }

        [TestMethod]
        public void More_than_32_keys_is_refused()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new KeypadDebouncer(5, 7));
        }
    }
}
