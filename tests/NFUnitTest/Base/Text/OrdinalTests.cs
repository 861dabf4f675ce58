using nanoFramework.TestFramework;
using Terminal.Core.Text;

namespace Terminal.Tests.Text
{
    [TestClass]
    public class OrdinalTests
    {
        [TestMethod]
        [DataRow("a", "b", -1)]
        [DataRow("B", "a", -1)]
        [DataRow("ab", "a", 1)]
        [DataRow("same", "same", 0)]
        [DataRow("_", "a", -1)]
        [DataRow("Z", "_", -1)]
        [DataRow("微", "a", 1)]
        public void Compare_is_code_unit_order(string a, string b, int sign)
        {
            int result = Ordinal.Compare(a, b);
            Assert.AreEqual(sign, result < 0 ? -1 : result > 0 ? 1 : 0, a + " vs " + b);
        }

        [TestMethod]
        public void Sort_orders_in_place_and_keeps_duplicates()
        {
            string[] items = { "b", "a", "B", "aa", "", "a" };
            Ordinal.Sort(items);
            CollectionAssert.AreEqual(new string[] { "", "B", "a", "a", "aa", "b" }, items);
            string[] empty = new string[0];
            Ordinal.Sort(empty);
            Assert.AreEqual(0, empty.Length);
        }
    }
}
