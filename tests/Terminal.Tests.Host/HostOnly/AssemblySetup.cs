// Runs [TestClass]/[TestMethod] device tests with nanoFramework's life cycle (see tests/TestFramework.Host).
[assembly: Xunit.TestFramework("nanoFramework.TestFramework.Host.NanoTestFramework", "Terminal.TestFramework.Host")]
