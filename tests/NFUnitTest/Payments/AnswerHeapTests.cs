using System.Text;
using nanoFramework.TestFramework;
using Terminal.Core.Money;
using Terminal.Core.Protocol;
using Terminal.Tests.Support;

namespace Terminal.Tests.Payments
{
    /// <summary>
    /// What reading the largest answer the terminal accepts costs (issue 12): a signed-looking
    /// SUCCESS answer of exactly <see cref="Responses.MaxAnswerBytes"/> with
    /// <see cref="Responses.MaxAnswerElements"/> elements, parsed and verified (the signature is
    /// computed over every element) within the budget of the steps other than a sale, measured
    /// with <see cref="HeapProbe"/> on the interpreter. One byte or one element more is refused.
    /// </summary>
    [TestClass]
    public class AnswerHeapTests
    {
        /// <summary>The heap budget of reading one answer at the limits, on the interpreter.</summary>
        public const long AnswerBudgetBytes = 24 * 1024;

        private static MerchantAccount Account()
        {
            MerchantAccount account = new MerchantAccount();
            account.AppId = "wxd930ea5d5a258f4f";
            account.MchId = "10000100";
            account.ApiKey = "192006250b4c09247ec02edce69f6a2d";
            account.Currency = Currency.CNY;
            account.MaxTotalFee = 1000000;
            return account;
        }

        /// <summary>A SUCCESS answer of exactly <paramref name="bytes"/> bytes with <paramref name="elements"/> elements, the filler values as long as the size allows.</summary>
        public static byte[] LargestAnswer(int bytes, int elements)
        {
            string[] fixedPart = new string[]
            {
                "<return_code>SUCCESS</return_code>", "<appid>wxd930ea5d5a258f4f</appid>", "<mch_id>10000100</mch_id>",
                "<result_code>SUCCESS</result_code>", "<out_trade_no>T1202611210001</out_trade_no>", "<sign>0123456789ABCDEF0123456789ABCDEF</sign>",
            };
            StringBuilder head = new StringBuilder("<xml>");
            for (int i = 0; i < fixedPart.Length; i++)
            {
                head.Append(fixedPart[i]);
            }

            int fillers = elements - fixedPart.Length;
            int tagBytes = fillers * "<c000></c000>".Length;
            int room = bytes - head.Length - "</xml>".Length - tagBytes;
            StringBuilder xml = head;
            for (int i = 0; i < fillers; i++)
            {
                string name = "c" + (i < 10 ? "00" : (i < 100 ? "0" : string.Empty)) + i.ToString();
                int length = room / fillers + (i < room % fillers ? 1 : 0);
                xml.Append("<" + name + ">").Append(new string('v', length)).Append("</" + name + ">");
            }

            xml.Append("</xml>");
            return Encoding.UTF8.GetBytes(xml.ToString());
        }

        [TestMethod]
        public void Reading_an_answer_at_the_limits_fits_the_budget()
        {
            byte[] answer = LargestAnswer(Responses.MaxAnswerBytes, Responses.MaxAnswerElements);
            Assert.AreEqual(Responses.MaxAnswerBytes, answer.Length);
            Responses.Expectation expected = new Responses.Expectation(Account(), "T1202611210001", 1234);

            HeapProbe.Start();
            WxOutcome outcome = Responses.ReadMicropay(answer, 0, answer.Length, expected);
            long peak = HeapProbe.Stop();

            Assert.IsFalse(outcome.Trusted, "read to the end and verified: the signature is wrong, so the answer is untrusted");
            Assert.Contains("signature", outcome.Detail);
            if (!HeapProbe.Available)
            {
                Assert.SkipTest("heap budget of reading an answer at the limits: measured on the nanoFramework interpreter only");
            }

            OutputHelper.WriteLine("heap: reading an answer of " + answer.Length.ToString() + " bytes and " + Responses.MaxAnswerElements.ToString() + " elements: peak " + peak.ToString() + " bytes live (" + HeapProbe.Samples.ToString() + " samples), budget " + AnswerBudgetBytes.ToString());
            Assert.IsTrue(peak <= AnswerBudgetBytes, "reading an answer at the limits peaked at " + peak.ToString() + " bytes live, over its budget of " + AnswerBudgetBytes.ToString());
        }

        [TestMethod]
        public void One_byte_or_one_element_over_the_limits_is_refused_unread()
        {
            Responses.Expectation expected = new Responses.Expectation(Account(), "T1202611210001", 1234);
            byte[] tooLong = LargestAnswer(Responses.MaxAnswerBytes + 1, Responses.MaxAnswerElements);
            WxOutcome outcome = Responses.ReadMicropay(tooLong, 0, tooLong.Length, expected);
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict, "never 'nothing charged'");
            Assert.Contains("the limit is " + Responses.MaxAnswerBytes.ToString(), outcome.Detail);

            byte[] tooMany = LargestAnswer(Responses.MaxAnswerBytes, Responses.MaxAnswerElements + 1);
            outcome = Responses.ReadMicropay(tooMany, 0, tooMany.Length, expected);
            Assert.AreEqual((int)Verdict.Unknown, (int)outcome.Verdict, "never 'nothing charged'");
            Assert.Contains("more than " + Responses.MaxAnswerElements.ToString() + " elements", outcome.Detail);
        }

        /// <summary>
        /// Figures, not asserted: parsing and verifying answers of several sizes and element
        /// counts, among them the former limit (the general 16 KB codec limit, no element limit)
        /// and a typical paid answer (about 700 bytes, 20 elements).
        /// </summary>
        [TestMethod]
        public void Figures_by_answer_size_and_element_count()
        {
            int[] sizes = new int[] { 700, 4096, 4096, 6144, 8192, 8192, 16384 };
            int[] counts = new int[] { 20, 32, 64, 96, 64, 128, 1000 };
            for (int k = 0; k < sizes.Length; k++)
            {
                byte[] answer = LargestAnswer(sizes[k], counts[k]);
                HeapProbe.Start();
                FlatXmlResult parsed = FlatXml.Parse(answer, 0, answer.Length, FlatXml.DefaultMaxBytes);
                bool verified = parsed.Ok && Signer.Verify(parsed.Params, Account().ApiKey, SignType.Md5);
                parsed = null;
                long peak = HeapProbe.Stop();
                Assert.IsFalse(verified);
                if (HeapProbe.Available)
                {
                    OutputHelper.WriteLine("heap: parsing and verifying an answer of " + sizes[k].ToString() + " bytes and " + counts[k].ToString() + " elements: peak " + peak.ToString() + " bytes live");
                }
            }

            if (!HeapProbe.Available)
            {
                Assert.SkipTest("figures of the nanoFramework interpreter only");
            }
        }
    }
}
