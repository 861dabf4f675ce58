using Terminal.Core.Crypto;
using Terminal.Core.Protocol;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Protocol
{
    [TestClass]
    public class SignTypeTests
    {
        [TestMethod]
        public void Wire_names_are_WeChats()
        {
            Assert.AreEqual("MD5", SignTypes.ToWireName(SignType.Md5));
            Assert.AreEqual("HMAC-SHA256", SignTypes.ToWireName(SignType.HmacSha256));
            Assert.AreEqual("sign_type", SignTypes.ParameterName);
        }

        [TestMethod]
        public void TryParse_accepts_the_exact_wire_names()
        {
            SignType type;
            Assert.IsTrue(SignTypes.TryParse("HMAC-SHA256", out type));
            Assert.IsTrue(type == SignType.HmacSha256, "HMAC-SHA256");
            Assert.IsTrue(SignTypes.TryParse("MD5", out type));
            Assert.IsTrue(type == SignType.Md5, "MD5");
        }

        [TestMethod]
        [DataRow("md5")]
        [DataRow("Md5")]
        [DataRow("hmac-sha256")]
        [DataRow("HMAC_SHA256")]
        [DataRow("HMACSHA256")]
        [DataRow(" MD5")]
        [DataRow("MD5 ")]
        [DataRow("")]
        [DataRow("SHA256")]
        public void TryParse_is_case_sensitive_and_exact(string wireName)
        {
            SignType type;
            Assert.IsFalse(SignTypes.TryParse(wireName, out type), "'" + wireName + "'");
        }

        [TestMethod]
        public void TryParse_refuses_null()
        {
            SignType type;
            Assert.IsFalse(SignTypes.TryParse(null, out type));
        }
    }
}
