using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Terminal.Core.Money;
using Terminal.Core.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace Terminal.Tests.HostOnly.Protocol
{
    /// <summary>
    /// Randomized sign → XML → parse → verify round trips, single-byte tampering of signed
    /// values, and hostile bodies through the response reader (which must never throw).
    /// </summary>
    public class ProtocolRoundTripTests
    {
        private const string Cjk = "微信支付收银台门店咖啡茶一二三四五六七八九十元角分谢谢光临";
        private const string Markup = "<>&\"' ]]>]]&;#x";
        private readonly ITestOutputHelper output;

        public ProtocolRoundTripTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static TheoryData<int> Seeds()
        {
            var data = new TheoryData<int>();
            for (int block = 0; block < 8; block++)
            {
                data.Add(block);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Random_parameter_sets_round_trip_and_every_single_byte_flip_in_a_value_is_detected(int block)
        {
            const int casesPerBlock = 500; // 8 blocks × 500 = 4,000 cases
            for (int i = 0; i < casesPerBlock; i++)
            {
                int seed = block * casesPerBlock + i;
                try
                {
                    RunCase(seed);
                }
                catch (Exception ex)
                {
                    output.WriteLine("failing seed: " + seed);
                    throw new Xunit.Sdk.XunitException("seed " + seed + ": " + ex.Message);
                }
            }
        }

        private static void RunCase(int seed)
        {
            var random = new Random(seed);
            string key = RandomText(random, 32, "0123456789abcdefABCDEF");
            SignType type = random.Next(2) == 0 ? SignType.Md5 : SignType.HmacSha256;
            WxParams p = new WxParams();
            int count = 1 + random.Next(12);
            while (p.Count < count)
            {
                string name = RandomName(random);
                if (name != "sign")
                {
                    p.Set(name, RandomValue(random));
                }
            }

            p.Set("sign", Signer.Sign(p, key, type));
            byte[] xml = FlatXml.Write(p);
            FlatXmlResult parsed = FlatXml.Parse(xml, 0, xml.Length, FlatXml.DefaultMaxBytes);
            Assert.True(parsed.Ok, parsed.Error);
            Assert.Equal(p.Count, parsed.Params.Count);
            for (int k = 0; k < p.Count; k++)
            {
                Assert.Equal(p.ValueAt(k), parsed.Params.Get(p.NameAt(k)));
            }

            Assert.True(Signer.Verify(parsed.Params, key, type), "round trip verifies");

            // Flip one byte inside one non-empty signed value (as it sits in the XML).
            int[] candidates = Enumerable.Range(0, p.Count).Where(k => p.NameAt(k) != "sign" && p.ValueAt(k).Length > 0).ToArray();
            if (candidates.Length == 0)
            {
                return;
            }

            string victim = p.NameAt(candidates[random.Next(candidates.Length)]);
            (int start, int end) = ValueRegion(xml, victim);
            byte[] tampered = (byte[])xml.Clone();
            int at = start + random.Next(end - start);
            tampered[at] ^= (byte)(1 << random.Next(8));
            FlatXmlResult reread = FlatXml.Parse(tampered, 0, tampered.Length, FlatXml.DefaultMaxBytes);
            if (reread.Ok)
            {
                Assert.False(Signer.Verify(reread.Params, key, type), "flip at byte " + at + " in '" + victim + "' was not detected");
            }
        }

        [Fact]
        public void Every_single_byte_flip_in_the_values_of_a_paid_answer_is_never_paid()
        {
            var account = Account();
            WxParams answer = PaidAnswer();
            answer.Set("sign", Signer.Sign(answer, account.ApiKey, SignType.Md5));
            byte[] body = FlatXml.Write(answer);
            var expected = new Responses.Expectation(account, "T0001000000000001", 1234);
            Assert.Equal(Verdict.Paid, Responses.ReadMicropay(body, 0, body.Length, expected).Verdict);

            int flips = 0;
            for (int k = 0; k < answer.Count; k++)
            {
                if (answer.NameAt(k) == "sign")
                {
                    continue;
                }

                (int start, int end) = ValueRegion(body, answer.NameAt(k));
                for (int at = start; at < end; at++)
                {
                    for (int bit = 0; bit < 8; bit++)
                    {
                        byte[] tampered = (byte[])body.Clone();
                        tampered[at] ^= (byte)(1 << bit);
                        WxOutcome outcome = Responses.ReadMicropay(tampered, 0, tampered.Length, expected);
                        Assert.NotEqual(Verdict.Paid, outcome.Verdict);
                        Assert.False(string.IsNullOrEmpty(outcome.Detail));
                        flips++;
                    }
                }
            }

            Assert.True(flips > 500, "too few flips exercised: " + flips);
        }

        [Fact]
        public void A_one_megabyte_body_is_refused_by_size_without_parsing()
        {
            byte[] body = new byte[1024 * 1024];
            byte[] head = Encoding.UTF8.GetBytes("<xml><return_code>SUCCESS</return_code><a>");
            Array.Copy(head, body, head.Length);
            for (int i = head.Length; i < body.Length; i++)
            {
                body[i] = (byte)'x';
            }

            WxOutcome outcome = Responses.ReadMicropay(body, 0, body.Length, new Responses.Expectation(Account(), "T0001000000000001", 1234));
            Assert.Equal(Verdict.Unknown, outcome.Verdict);
            Assert.Contains("the limit is " + Responses.MaxAnswerBytes, outcome.Detail);
        }

        [Fact]
        public void Random_and_truncated_bodies_never_throw_from_any_reader()
        {
            var random = new Random(20261121);
            var expected = new Responses.Expectation(Account(), "T0001000000000001", 1234);
            WxParams answer = PaidAnswer();
            answer.Set("sign", Signer.Sign(answer, Account().ApiKey, SignType.Md5));
            byte[] valid = FlatXml.Write(answer);
            var bodies = new List<byte[]>();
            for (int cut = 0; cut < valid.Length; cut++)
            {
                bodies.Add(valid.Take(cut).ToArray());
            }

            for (int i = 0; i < 2000; i++)
            {
                byte[] noise = new byte[random.Next(200)];
                random.NextBytes(noise);
                bodies.Add(noise);
                byte[] mutated = (byte[])valid.Clone();
                for (int m = 0; m < 1 + random.Next(4); m++)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }

                bodies.Add(mutated);
            }

            foreach (byte[] body in bodies)
            {
                WxOutcome micropay = Responses.ReadMicropay(body, 0, body.Length, expected);
                WxOutcome query = Responses.ReadOrderQuery(body, 0, body.Length, expected);
                WxOutcome reverse = Responses.ReadReverse(body, 0, body.Length, expected);
                Assert.NotNull(micropay.Detail);
                Assert.NotNull(query.Detail);
                Assert.NotNull(reverse.Detail);
                if (body.Length < valid.Length)
                {
                    Assert.NotEqual(Verdict.Paid, micropay.Verdict);
                }
            }
        }

        private static MerchantAccount Account()
        {
            return new MerchantAccount
            {
                AppId = "wxd930ea5d5a258f4f",
                MchId = "10000100",
                ApiKey = "192006250b4c09247ec02edce69f6a2d",
                Currency = Currency.CNY,
            };
        }

        private static WxParams PaidAnswer()
        {
            var p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("appid", "wxd930ea5d5a258f4f");
            p.Set("mch_id", "10000100");
            p.Set("nonce_str", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
            p.Set("result_code", "SUCCESS");
            p.Set("openid", "oUpF8uN95-Ptaags6E_roPHg7AG0");
            p.Set("bank_type", "CMB_DEBIT");
            p.Set("total_fee", "1234");
            p.Set("fee_type", "CNY");
            p.Set("transaction_id", "4200000000202611210000000001");
            p.Set("out_trade_no", "T0001000000000001");
            p.Set("time_end", "20261121120000");
            p.Set("attach", "门店<一号>&收银台");
            return p;
        }

        /// <summary>Byte range [start, end) of an element's content (between its start and end tags).</summary>
        private static (int, int) ValueRegion(byte[] xml, string name)
        {
            byte[] open = Encoding.UTF8.GetBytes("<" + name + ">");
            byte[] close = Encoding.UTF8.GetBytes("</" + name + ">");
            int start = IndexOf(xml, open, 0) + open.Length;
            int end = IndexOf(xml, close, start);
            Assert.True(start >= open.Length && end > start, "element " + name + " not found");
            return (start, end);
        }

        private static int IndexOf(byte[] haystack, byte[] needle, int from)
        {
            for (int i = from; i <= haystack.Length - needle.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return i;
                }
            }

            return -1;
        }

        private static string RandomName(Random random)
        {
            const string first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
            const string rest = first + "0123456789";
            return first[random.Next(first.Length)] + RandomText(random, random.Next(15), rest);
        }

        private static string RandomValue(Random random)
        {
            int length = random.Next(40);
            var sb = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                switch (random.Next(4))
                {
                    case 0: sb.Append(Cjk[random.Next(Cjk.Length)]); break;
                    case 1: sb.Append(Markup[random.Next(Markup.Length)]); break;
                    default: sb.Append((char)random.Next(0x20, 0x7F)); break;
                }
            }

            return sb.ToString();
        }

        private static string RandomText(Random random, int length, string alphabet)
        {
            var sb = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                sb.Append(alphabet[random.Next(alphabet.Length)]);
            }

            return sb.ToString();
        }
    }
}
