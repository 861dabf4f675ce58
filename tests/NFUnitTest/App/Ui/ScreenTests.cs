using nanoFramework.TestFramework;
using Terminal.Core.Ui;

namespace Terminal.Tests.Ui
{
    [TestClass]
    public class ScreenTests
    {
        [TestMethod]
        [DataRow(0, "Amount")]
        [DataRow(2, "Scan")]
        [DataRow(7, "Paid")]
        [DataRow(10, "Unresolved")]
        [DataRow(14, "Status")]
        [DataRow(15, "Recovering")]
        [DataRow(16, "Recovered")]
        [DataRow(17, "ManagerPin")]
        [DataRow(23, "RefundResult")]
        [DataRow(25, "History")]
        [DataRow(28, "ZResult")]
        public void Screens_have_names_on_the_device_too(int id, string name)
        {
            // enum.ToString() gives the number on nanoFramework; the console and logs need the name.
            Assert.AreEqual(name, Screen.Name((ScreenId)id));
        }

        [TestMethod]
        public void Every_screen_id_has_a_name()
        {
            for (int i = 0; i <= (int)ScreenId.ZResult; i++)
            {
                Assert.IsFalse(Screen.Name((ScreenId)i).StartsWith("Screen"), "screen " + i.ToString());
            }

            Assert.AreEqual("Screen29", Screen.Name((ScreenId)29));
        }

        [TestMethod]
        public void ToText_starts_with_the_screen_name()
        {
            Screen s = new Screen();
            s.Id = ScreenId.Confirm;
            s.Title = "Confirm";
            Assert.StartsWith("Confirm: [Confirm]", s.ToText());
        }
    }
}
