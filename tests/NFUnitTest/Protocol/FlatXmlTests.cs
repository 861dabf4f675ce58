using System;
using Terminal.Core.Crypto;
using Terminal.Core.Protocol;
using Terminal.Core.Text;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Protocol
{
    [TestClass]
    public class FlatXmlTests
    {
        // The micropay SUCCESS example of the WeChat Pay v2 documentation: strings in CDATA,
        // integers bare, indented with newlines and spaces.
        private const string MicropaySuccess =
            "<xml>\n" +
            "   <return_code><![CDATA[SUCCESS]]></return_code>\n" +
            "   <return_msg><![CDATA[OK]]></return_msg>\n" +
            "   <appid><![CDATA[wx2421b1c4370ec43b]]></appid>\n" +
            "   <mch_id><![CDATA[10000100]]></mch_id>\n" +
            "   <device_info><![CDATA[1000]]></device_info>\n" +
            "   <nonce_str><![CDATA[GOp3TRyMXzbMlkun]]></nonce_str>\n" +
            "   <sign><![CDATA[D6C76CB785F07992CDE05494BB7DF7FD]]></sign>\n" +
            "   <result_code><![CDATA[SUCCESS]]></result_code>\n" +
            "   <openid><![CDATA[oUpF8uN95-Ptaags6E_roPHg7AG0]]></openid>\n" +
            "   <is_subscribe><![CDATA[Y]]></is_subscribe>\n" +
            "   <trade_type><![CDATA[MICROPAY]]></trade_type>\n" +
            "   <bank_type><![CDATA[CCB_DEBIT]]></bank_type>\n" +
            "   <total_fee>1</total_fee>\n" +
            "   <coupon_fee>0</coupon_fee>\n" +
            "   <fee_type><![CDATA[CNY]]></fee_type>\n" +
            "   <transaction_id><![CDATA[1008450740201411110005820873]]></transaction_id>\n" +
            "   <out_trade_no><![CDATA[1415757673]]></out_trade_no>\n" +
            "   <attach><![CDATA[订单额外描述]]></attach>\n" +
            "   <time_end><![CDATA[20141111170043]]></time_end>\n" +
            "</xml>";

        private static FlatXmlResult ParseText(string xml)
        {
            byte[] data = Utf8.Encode(xml);
            return FlatXml.Parse(data, 0, data.Length, FlatXml.DefaultMaxBytes);
        }

        private static string Text(byte[] data)
        {
            return Utf8.Decode(data, 0, data.Length);
        }

        private static WxParams One(string name, string value)
        {
            WxParams p = new WxParams();
            p.Set(name, value);
            return p;
        }

        // ---- writer ----

        [TestMethod]
        [DataRow("a", "1", "<xml><a>1</a></xml>")]
        [DataRow("a", "", "<xml><a></a></xml>")]
        [DataRow("body", "中文-店", "<xml><body>中文-店</body></xml>")]
        [DataRow("q", "say \"hi\" it's", "<xml><q>say \"hi\" it's</q></xml>")]
        [DataRow("a", "]]", "<xml><a>]]</a></xml>")]
        [DataRow("a", "x<y", "<xml><a><![CDATA[x<y]]></a></xml>")]
        [DataRow("a", "a&b", "<xml><a><![CDATA[a&b]]></a></xml>")]
        [DataRow("a", "a>b", "<xml><a><![CDATA[a>b]]></a></xml>")]
        [DataRow("a", "]]>", "<xml><a><![CDATA[]]]]><![CDATA[>]]></a></xml>")]
        [DataRow("a", "x]]>y]]>", "<xml><a><![CDATA[x]]]]><![CDATA[>y]]]]><![CDATA[>]]></a></xml>")]
        [DataRow("a", "]]]>", "<xml><a><![CDATA[]]]]]><![CDATA[>]]></a></xml>")]
        [DataRow("a", "a\rb", "<xml><a>a&#13;b</a></xml>")]
        [DataRow("a", "<\r\n>", "<xml><a><![CDATA[<]]>&#13;<![CDATA[\n>]]></a></xml>")]
        [DataRow("a", "tab\tline\n", "<xml><a>tab\tline\n</a></xml>")]
        [DataRow("detail", "{\"goods\":[{\"a\":\"<b>\"}]}", "<xml><detail><![CDATA[{\"goods\":[{\"a\":\"<b>\"}]}]]></detail></xml>")]
        public void Write_uses_plain_text_or_one_CDATA_section(string name, string value, string expected)
        {
            Assert.AreEqual(expected, Text(FlatXml.Write(One(name, value))));
        }

        [TestMethod]
        public void Write_keeps_parameter_order_and_writes_an_empty_root()
        {
            WxParams p = new WxParams();
            p.Set("mch_id", "10000100");
            p.Set("appid", "wxd930ea5d5a258f4f");
            p.Set("body", "test");
            Assert.AreEqual("<xml><mch_id>10000100</mch_id><appid>wxd930ea5d5a258f4f</appid><body>test</body></xml>", Text(FlatXml.Write(p)));
            Assert.AreEqual("<xml></xml>", Text(FlatXml.Write(new WxParams())));
        }

        [TestMethod]
        public void Write_encodes_characters_outside_the_BMP_as_4_bytes()
        {
            byte[] xml = FlatXml.Write(One("a", "\uD83D\uDE00"));
            Assert.AreEqual("3C786D6C3E3C613EF09F98803C2F613E3C2F786D6C3E", Hex.Encode(xml));
        }

        [TestMethod]
        [DataRow("", "element name '' is not allowed; names are [A-Za-z_][A-Za-z0-9_]*")]
        [DataRow("1a", "element name '1a' is not allowed; names are [A-Za-z_][A-Za-z0-9_]*")]
        [DataRow("a-b", "element name 'a-b' is not allowed; names are [A-Za-z_][A-Za-z0-9_]*")]
        [DataRow("a b", "element name 'a b' is not allowed; names are [A-Za-z_][A-Za-z0-9_]*")]
        [DataRow("x:y", "element name 'x:y' is not allowed; names are [A-Za-z_][A-Za-z0-9_]*")]
        [DataRow("名", "element name '名' is not allowed; names are [A-Za-z_][A-Za-z0-9_]*")]
        public void Write_refuses_names_outside_the_safe_set(string name, string expected)
        {
            WxParams p = One(name, "v");
            Assert.AreEqual(expected, FlatXml.CheckWritable(p));
            Assert.ThrowsException(typeof(ArgumentException), () => FlatXml.Write(p));
        }

        [TestMethod]
        [DataRow("\u0001", "value of 'v' holds U+0001 at index 0, which XML 1.0 cannot carry")]
        [DataRow("ok\u001Fno", "value of 'v' holds U+001F at index 2, which XML 1.0 cannot carry")]
        [DataRow("\uFFFE", "value of 'v' holds U+FFFE at index 0, which XML 1.0 cannot carry")]
        [DataRow("\uFFFF", "value of 'v' holds U+FFFF at index 0, which XML 1.0 cannot carry")]
        public void Write_refuses_characters_XML_cannot_carry(string value, string expected)
        {
            WxParams p = One("v", value);
            Assert.AreEqual(expected, FlatXml.CheckWritable(p));
            Assert.ThrowsException(typeof(ArgumentException), () => FlatXml.Write(p));
        }

        [TestMethod]
        [DataRow("3C786D6C3E3C613E003C2F613E3C2F786D6C3E", "character U+0000 is not allowed in XML (byte 8)")]
        [DataRow("3C786D6C3E3C613E78003C2F613E3C2F786D6C3E", "character U+0000 is not allowed in XML (byte 9)")]
        [DataRow("3C786D6C3E3C613EEDA0803C2F613E3C2F786D6C3E", "invalid UTF-8 at byte 8 (encoded surrogate)")]
        public void Parse_refuses_what_a_device_string_cannot_hold(string hex, string expected)
        {
            // Bytes, not strings: "<xml><a>" + NUL or an encoded lone surrogate + "</a></xml>".
            byte[] data = Hex.Decode(hex);
            FlatXmlResult r = FlatXml.Parse(data, 0, data.Length, FlatXml.DefaultMaxBytes);
            Assert.IsFalse(r.Ok);
            Assert.AreEqual(expected, r.Error);
        }

        [TestMethod]
        public void CheckWritable_accepts_names_and_values_Write_accepts()
        {
            WxParams p = new WxParams();
            p.Set("_a1", "\t\r\n<&>]]>中\uD83D\uDE00");
            p.Set("Z", "");
            Assert.IsNull(FlatXml.CheckWritable(p));
            Assert.AreEqual("no parameters (null)", FlatXml.CheckWritable(null));
        }

        // ---- round trips ----

        [TestMethod]
        [DataRow("")]
        [DataRow("1")]
        [DataRow("中文 测试，店铺-商品")]
        [DataRow("]]>")]
        [DataRow("<")]
        [DataRow("&")]
        [DataRow("a]]>b]]>c")]
        [DataRow("]]]>>")]
        [DataRow("<![CDATA[x]]>")]
        [DataRow("&amp;&#0;&xxe;")]
        [DataRow("x\r\ny")]
        [DataRow("\r")]
        [DataRow("<\r>")]
        [DataRow("\r\n\r\n")]
        [DataRow("tab\there\nnext")]
        [DataRow("  spaced  ")]
        [DataRow("\"quoted\" 'single'")]
        [DataRow("\uD83D\uDE00 emoji")]
        [DataRow("{\"store_info\":{\"id\":\"SZ001\",\"name\":\"腾讯大厦<分店>\"}}")]
        public void Values_survive_a_round_trip(string value)
        {
            WxParams p = new WxParams();
            p.Set("before", "1");
            p.Set("value", value);
            p.Set("after", "2");
            byte[] xml = FlatXml.Write(p);
            FlatXmlResult r = FlatXml.Parse(xml, 0, xml.Length, FlatXml.DefaultMaxBytes);
            Assert.IsTrue(r.Ok, "parse: " + r.Error);
            Assert.AreEqual(3, r.Params.Count);
            Assert.AreEqual(value, r.Params.Get("value"));
            Assert.AreEqual("before", r.Params.NameAt(0));
            Assert.AreEqual("after", r.Params.NameAt(2));
        }

        // ---- reader: accepted forms ----

        [TestMethod]
        [DataRow("<xml><a>1</a></xml>", "1")]
        [DataRow("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml><a>1</a></xml>", "1")]
        [DataRow("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<xml><a>1</a></xml>", "1")]
        [DataRow("<?xml version=\"1.0\"?><xml><a>1</a></xml>", "1")]
        [DataRow("\uFEFF<?xml version=\"1.0\"?><xml><a>1</a></xml>", "1")]
        [DataRow("\n <xml>\r\n\t<a>1</a>\n</xml>\n ", "1")]
        [DataRow("<xml><a> 1 </a></xml>", " 1 ")]
        [DataRow("<xml><a></a></xml>", "")]
        [DataRow("<xml><a/></xml>", "")]
        [DataRow("<xml><a /></xml>", "")]
        [DataRow("<xml><a><![CDATA[]]></a></xml>", "")]
        [DataRow("<xml><a>1</a ></xml>", "1")]
        [DataRow("<xml ><a\n>1</a\t></xml >", "1")]
        [DataRow("<xml><a><![CDATA[<b>&amp;</b>]]></a></xml>", "<b>&amp;</b>")]
        [DataRow("<xml><a>x<![CDATA[<y>]]>z<![CDATA[&]]>!</a></xml>", "x<y>z&!")]
        [DataRow("<xml><a><![CDATA[]]]]><![CDATA[>]]></a></xml>", "]]>")]
        [DataRow("<xml><a>&lt;&gt;&amp;&quot;&apos;</a></xml>", "<>&\"'")]
        [DataRow("<xml><a>&#65;&#x41;&#x6a;&#x6A;&#0065;</a></xml>", "AAjjA")]
        [DataRow("<xml><a>&#20013;&#x6587;</a></xml>", "中文")]
        [DataRow("<xml><a>&#x1F600;</a></xml>", "\uD83D\uDE00")]
        [DataRow("<xml><a>&#9;&#10;&#13;</a></xml>", "\t\n\r")]
        [DataRow("<xml><a>a>b ]] c</a></xml>", "a>b ]] c")]
        [DataRow("<xml><a>\"'</a></xml>", "\"'")]
        [DataRow("<xml><a>x\r\ny\rz\n</a></xml>", "x\ny\nz\n")]
        [DataRow("<xml><a><![CDATA[x\r\ny\r]]></a></xml>", "x\ny\n")]
        [DataRow("<!-- before --><xml><!-- c --><a>1<!-- in -->2</a><!----></xml><!-- after -->", "12")]
        [DataRow("<xml><a>中文\uD83D\uDE00</a></xml>", "中文\uD83D\uDE00")]
        public void Parse_reads_the_value(string xml, string expected)
        {
            FlatXmlResult r = ParseText(xml);
            Assert.IsTrue(r.Ok, "parse: " + r.Error);
            Assert.IsNull(r.Error);
            Assert.AreEqual(-1, r.ErrorOffset);
            Assert.AreEqual(1, r.Params.Count);
            Assert.AreEqual("a", r.Params.NameAt(0));
            Assert.AreEqual(expected, r.Params.ValueAt(0));
        }

        [TestMethod]
        [DataRow("<xml/>")]
        [DataRow("<xml></xml>")]
        [DataRow("<xml>\n</xml>")]
        [DataRow("<xml ><!-- nothing --></xml>")]
        public void Parse_reads_an_empty_root(string xml)
        {
            FlatXmlResult r = ParseText(xml);
            Assert.IsTrue(r.Ok, "parse: " + r.Error);
            Assert.AreEqual(0, r.Params.Count);
        }

        [TestMethod]
        public void Parse_reads_the_documented_micropay_answer()
        {
            FlatXmlResult r = ParseText(MicropaySuccess);
            Assert.IsTrue(r.Ok, "parse: " + r.Error);
            WxParams p = r.Params;
            Assert.AreEqual(19, p.Count);
            Assert.AreEqual("return_code", p.NameAt(0));
            Assert.AreEqual("time_end", p.NameAt(18));
            Assert.AreEqual("SUCCESS", p.Get("return_code"));
            Assert.AreEqual("SUCCESS", p.Get("result_code"));
            Assert.AreEqual("D6C76CB785F07992CDE05494BB7DF7FD", p.Get("sign"));
            Assert.AreEqual("1", p.Get("total_fee"));
            Assert.AreEqual("0", p.Get("coupon_fee"));
            Assert.AreEqual("1008450740201411110005820873", p.Get("transaction_id"));
            Assert.AreEqual("订单额外描述", p.Get("attach"));
            Assert.AreEqual("oUpF8uN95-Ptaags6E_roPHg7AG0", p.Get("openid"));
        }

        [TestMethod]
        public void Parse_reads_a_FAIL_answer_with_a_Chinese_message()
        {
            FlatXmlResult r = ParseText("<xml><return_code><![CDATA[FAIL]]></return_code>\n<return_msg><![CDATA[签名错误]]></return_msg>\n</xml>");
            Assert.IsTrue(r.Ok, "parse: " + r.Error);
            Assert.AreEqual(2, r.Params.Count);
            Assert.AreEqual("FAIL", r.Params.Get("return_code"));
            Assert.AreEqual("签名错误", r.Params.Get("return_msg"));
        }

        [TestMethod]
        public void Parse_reads_a_range_and_reports_offsets_from_its_start()
        {
            byte[] inner = Utf8.Encode("<xml><a>1</a><a>2</a></xml>");
            byte[] data = new byte[inner.Length + 20];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)'#';
            }

            Array.Copy(inner, 0, data, 10, inner.Length);
            FlatXmlResult r = FlatXml.Parse(data, 10, inner.Length);
            Assert.IsFalse(r.Ok);
            Assert.AreEqual("duplicate element 'a' (byte 13)", r.Error);
            Assert.AreEqual(13, r.ErrorOffset);

            Array.Copy(Utf8.Encode("<xml><a>1</a><b>2</b></xml>"), 0, data, 10, inner.Length);
            r = FlatXml.Parse(data, 10, inner.Length);
            Assert.IsTrue(r.Ok, "parse: " + r.Error);
            Assert.AreEqual("2", r.Params.Get("b"));
        }

        // ---- reader: refusals ----

        [TestMethod]
        [DataRow("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><a>&xxe;</a></xml>", "DOCTYPE is not allowed (byte 21)")]
        [DataRow("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><xml><a>&lol3;</a></xml>", "DOCTYPE is not allowed (byte 0)")]
        [DataRow("<xml><!DOCTYPE x><a>1</a></xml>", "DOCTYPE is not allowed (byte 5)")]
        [DataRow("<!ENTITY x \"y\"><xml/>", "ENTITY declarations are not allowed (byte 0)")]
        [DataRow("<xml><a><!ENTITY x \"y\"></a></xml>", "ENTITY declarations are not allowed (element 'a', byte 8)")]
        [DataRow("<xml><a>1<!ELEMENT a ANY></a></xml>", "markup declarations ('<!') are not allowed (element 'a', byte 9)")]
        [DataRow("<xml><return_msg>&xxe;</return_msg></xml>", "entity '&xxe;' is not allowed; only &lt; &gt; &amp; &quot; &apos; and numeric references (element 'return_msg', byte 17)")]
        [DataRow("<xml><a>&nbsp;</a></xml>", "entity '&nbsp;' is not allowed; only &lt; &gt; &amp; &quot; &apos; and numeric references (element 'a', byte 8)")]
        [DataRow("<xml><a>&LT;</a></xml>", "entity '&LT;' is not allowed; only &lt; &gt; &amp; &quot; &apos; and numeric references (element 'a', byte 8)")]
        [DataRow("<xml><a>&%pe;</a></xml>", "entity '&%pe;' is not allowed; only &lt; &gt; &amp; &quot; &apos; and numeric references (element 'a', byte 8)")]
        [DataRow("<xml><a>a & b</a></xml>", "'&' in text must be escaped as &amp; (element 'a', byte 10)")]
        [DataRow("<xml><a>&;</a></xml>", "'&' in text must be escaped as &amp; (element 'a', byte 8)")]
        [DataRow("<xml><a>&amp</a></xml>", "'&' in text must be escaped as &amp; (element 'a', byte 8)")]
        [DataRow("<xml><a>&#0;</a></xml>", "character reference '&#0;' is not a valid XML character (element 'a', byte 8)")]
        [DataRow("<xml><a>&#x1;</a></xml>", "character reference '&#x1;' is not a valid XML character (element 'a', byte 8)")]
        [DataRow("<xml><a>&#xD800;</a></xml>", "character reference '&#xD800;' is not a valid XML character (element 'a', byte 8)")]
        [DataRow("<xml><a>&#57343;</a></xml>", "character reference '&#57343;' is not a valid XML character (element 'a', byte 8)")]
        [DataRow("<xml><a>&#xFFFE;</a></xml>", "character reference '&#xFFFE;' is not a valid XML character (element 'a', byte 8)")]
        [DataRow("<xml><a>&#x110000;</a></xml>", "character reference '&#x110000;' is not a valid XML character (element 'a', byte 8)")]
        [DataRow("<xml><a>&#99999999999999999999;</a></xml>", "character reference '&#99999999999999999999;' is not a valid XML character (element 'a', byte 8)")]
        [DataRow("<xml><a>&#;</a></xml>", "malformed character reference '&#;' (element 'a', byte 8)")]
        [DataRow("<xml><a>&#x;</a></xml>", "malformed character reference '&#x;' (element 'a', byte 8)")]
        [DataRow("<xml><a>&#X41;</a></xml>", "malformed character reference '&#X41;' (element 'a', byte 8)")]
        [DataRow("<xml><a>&#12a;</a></xml>", "malformed character reference '&#12a;' (element 'a', byte 8)")]
        [DataRow("<xml><a>&#-1;</a></xml>", "malformed character reference '&#-1;' (element 'a', byte 8)")]
        [DataRow("<xml><?php echo 1; ?><a>1</a></xml>", "processing instructions are not allowed (byte 5)")]
        [DataRow("<xml><a>1<?pi?></a></xml>", "processing instructions are not allowed (element 'a', byte 9)")]
        [DataRow("<?xml-stylesheet href=\"a\"?><xml/>", "processing instructions are not allowed (byte 0)")]
        [DataRow(" <?xml version=\"1.0\"?><xml/>", "XML declaration is only allowed at the start of the document (byte 1)")]
        [DataRow("<?xml version=\"1.0\"?><?xml version=\"1.0\"?><xml/>", "XML declaration is only allowed at the start of the document (byte 21)")]
        [DataRow("<?xml version=\"1.0\" encoding=\"GBK\"?><xml/>", "encoding 'GBK' is not supported; the document must be UTF-8 (byte 30)")]
        [DataRow("<?xml version=\"1.0\" encoding=\"UTF8\"?><xml/>", "encoding 'UTF8' is not supported; the document must be UTF-8 (byte 30)")]
        [DataRow("<?xml version=\"1.1\"?><xml/>", "XML version '1.1' is not supported; only 1.0 (byte 15)")]
        [DataRow("<?xml version=\"1.0\" foo=\"1\"?><xml/>", "malformed XML declaration: unknown item 'foo' (byte 20)")]
        [DataRow("<?xml version=\"1.0\"encoding=\"UTF-8\"?><xml/>", "malformed XML declaration (byte 19)")]
        [DataRow("<xml><a b=\"1\">x</a></xml>", "attributes are not allowed (element 'a', byte 8)")]
        [DataRow("<xml id=\"1\"><a>x</a></xml>", "attributes are not allowed (element 'xml', byte 5)")]
        [DataRow("<xml><a b>x</a></xml>", "attributes are not allowed (element 'a', byte 8)")]
        [DataRow("<xml><b><a>1</a></b></xml>", "nested element <a> inside <b> is not allowed (byte 8)")]
        [DataRow("<xml><b>text<a/></b></xml>", "nested element <a> inside <b> is not allowed (byte 12)")]
        [DataRow("<xml><a>1</b></xml>", "mismatched end tag </b>; expected </a> (byte 9)")]
        [DataRow("<xml><a>1</xml>", "mismatched end tag </xml>; expected </a> (byte 9)")]
        [DataRow("<xml><a>1</a></XML>", "mismatched end tag </XML>; expected </xml> (byte 13)")]
        [DataRow("<xml><a>1</a/></xml>", "malformed end tag </a> (byte 12)")]
        [DataRow("<xml><a>1</></xml>", "mismatched end tag </>; expected </a> (byte 9)")]
        [DataRow("<xml></a></xml>", "mismatched end tag </a>; expected </xml> (byte 5)")]
        [DataRow("</xml>", "end tag before the root element (byte 0)")]
        [DataRow("<xml>hi<a>1</a></xml>", "text outside elements is not allowed (byte 5)")]
        [DataRow("<xml><a>1</a>hi</xml>", "text outside elements is not allowed (byte 13)")]
        [DataRow("<xml><![CDATA[x]]><a>1</a></xml>", "text outside elements is not allowed (byte 5)")]
        [DataRow("hi<xml/>", "text outside elements is not allowed (byte 0)")]
        [DataRow("<xml></xml><a/>", "content after </xml> is not allowed (byte 11)")]
        [DataRow("<xml></xml>x", "content after </xml> is not allowed (byte 11)")]
        [DataRow("<xml/><xml/>", "content after </xml> is not allowed (byte 6)")]
        [DataRow("<xml><sign>A</sign><sign>B</sign></xml>", "duplicate element 'sign' (byte 19)")]
        [DataRow("<xml><a/><a></a></xml>", "duplicate element 'a' (byte 9)")]
        [DataRow("<foo><a>1</a></foo>", "root element must be <xml> (found <foo>) (byte 0)")]
        [DataRow("<XML></XML>", "root element must be <xml> (found <XML>) (byte 0)")]
        [DataRow("<xml><a-b>1</a-b></xml>", "element name 'a-b' is not supported; names are [A-Za-z_][A-Za-z0-9_]* (byte 5)")]
        [DataRow("<xml><ns:a>1</ns:a></xml>", "element name 'ns:a' is not supported; names are [A-Za-z_][A-Za-z0-9_]* (byte 5)")]
        [DataRow("<xml><1a>1</1a></xml>", "element name '1a' is not supported; names are [A-Za-z_][A-Za-z0-9_]* (byte 5)")]
        [DataRow("<xml><名>1</名></xml>", "element name '名' is not supported; names are [A-Za-z_][A-Za-z0-9_]* (byte 5)")]
        [DataRow("<xml>< a>1</a></xml>", "'<' must start a tag here (escape it as &lt; in text) (byte 5)")]
        [DataRow("<xml><a>1 < 2</a></xml>", "'<' in text must be escaped as &lt; (element 'a', byte 10)")]
        [DataRow("<xml><a>1 ]]> 2</a></xml>", "']]>' is not allowed in text (escape '>' as &gt;) (element 'a', byte 10)")]
        [DataRow("<xml><a>1<!-- a -- b --></a></xml>", "'--' is not allowed inside a comment (byte 16)")]
        [DataRow("<xml><a>1<!-- a ---></a></xml>", "'--' is not allowed inside a comment (byte 16)")]
        [DataRow("<xml><a>\u0001</a></xml>", "character U+0001 is not allowed in XML (byte 8)")]
        [DataRow("<xml><a>x\u001B[0m</a></xml>", "character U+001B is not allowed in XML (byte 9)")]
        [DataRow("<xml><a>中\uFFFF</a></xml>", "character U+FFFF is not allowed in XML (byte 11)")]
        [DataRow("<xml>\u000C<a/></xml>", "character U+000C is not allowed in XML (byte 5)")]
        public void Parse_refuses_with_a_message_naming_the_place(string xml, string expected)
        {
            FlatXmlResult r = ParseText(xml);
            Assert.IsFalse(r.Ok, "should refuse: " + xml);
            Assert.IsNull(r.Params);
            Assert.AreEqual(expected, r.Error);
            Assert.IsTrue(r.ErrorOffset >= 0, "offset");
        }

        [TestMethod]
        [DataRow("", "empty document")]
        [DataRow(" \r\n\t", "no <xml> element: the document holds only whitespace and comments")]
        [DataRow("<!-- only -->", "no <xml> element: the document holds only whitespace and comments")]
        [DataRow("<", "truncated document: missing <xml>")]
        [DataRow("<xm", "truncated document: incomplete tag <xm")]
        [DataRow("<xml", "truncated document: incomplete tag <xml")]
        [DataRow("<xml ", "truncated document: incomplete tag <xml")]
        [DataRow("<xml/", "truncated document: incomplete tag <xml")]
        [DataRow("<xml>", "truncated document: missing </xml>")]
        [DataRow("<xml><", "truncated document: missing </xml>")]
        [DataRow("<xml><a>1</a>", "truncated document: missing </xml>")]
        [DataRow("<xml><a>1</a></xml", "truncated document: missing </xml>")]
        [DataRow("<xml><a>1", "truncated document: missing </a>")]
        [DataRow("<xml><a>1<", "truncated document: missing </a>")]
        [DataRow("<xml><a>1</a", "truncated document: missing </a>")]
        [DataRow("<xml><a>&am", "truncated document: incomplete reference in element 'a'")]
        [DataRow("<xml><a><![CDATA[x", "truncated document: unterminated CDATA section in element 'a'")]
        [DataRow("<xml><a><![CDA", "truncated document: incomplete markup at the end")]
        [DataRow("<xml><!-- x", "truncated document: unterminated comment")]
        [DataRow("<xml><!-", "truncated document: incomplete markup at the end")]
        [DataRow("<?xml version=\"1.0\"", "truncated document: unterminated XML declaration")]
        [DataRow("<?xm", "truncated document: unterminated XML declaration")]
        public void Parse_refuses_truncated_documents(string xml, string expected)
        {
            FlatXmlResult r = ParseText(xml);
            Assert.IsFalse(r.Ok, "should refuse: " + xml);
            Assert.AreEqual(expected, r.Error);
            Assert.AreEqual(Utf8.ByteCount(xml), r.ErrorOffset, "offset is the end");
        }

        [TestMethod]
        [DataRow("80", 8, "unexpected continuation byte")]
        [DataRow("C0AF", 8, "overlong encoding")]
        [DataRow("E080AF", 8, "overlong encoding")]
        [DataRow("F08082AC", 8, "overlong encoding")]
        [DataRow("EDA080", 8, "encoded surrogate")]
        [DataRow("EDA0BDEDB880", 8, "encoded surrogate")]
        [DataRow("F4908080", 8, "code point above U+10FFFF")]
        [DataRow("FF", 8, "byte never valid in UTF-8")]
        [DataRow("E4B83C", 8, "truncated sequence")]
        [DataRow("41E4B8ADE6", 12, "truncated sequence")]
        [DataRow("C3", 8, "truncated sequence")]
        public void Parse_refuses_invalid_UTF8_with_its_byte_offset(string badHex, int offset, string reason)
        {
            byte[] head = Utf8.Encode("<xml><a>");
            byte[] bad = Hex.Decode(badHex);
            byte[] tail = Utf8.Encode("</a></xml>");
            byte[] data = new byte[head.Length + bad.Length + tail.Length];
            Array.Copy(head, 0, data, 0, head.Length);
            Array.Copy(bad, 0, data, head.Length, bad.Length);
            Array.Copy(tail, 0, data, head.Length + bad.Length, tail.Length);

            FlatXmlResult r = FlatXml.Parse(data, 0, data.Length);
            Assert.IsFalse(r.Ok, badHex);
            Assert.AreEqual("invalid UTF-8 at byte " + offset.ToString() + " (" + reason + ")", r.Error);
            Assert.AreEqual(offset, r.ErrorOffset);
        }

        [TestMethod]
        public void Parse_checks_the_size_before_reading()
        {
            Assert.AreEqual(16384, FlatXml.DefaultMaxBytes);

            // Not even XML: refused for its size alone.
            byte[] big = new byte[FlatXml.DefaultMaxBytes + 1];
            FlatXmlResult r = FlatXml.Parse(big, 0, big.Length);
            Assert.AreEqual("document is 16385 bytes; the limit is 16384", r.Error);
            Assert.AreEqual(-1, r.ErrorOffset);

            byte[] small = Utf8.Encode("<xml><a>1</a></xml>");
            r = FlatXml.Parse(small, 0, small.Length, 10);
            Assert.AreEqual("document is 19 bytes; the limit is 10", r.Error);
            Assert.IsTrue(FlatXml.Parse(small, 0, small.Length, 19).Ok, "exactly at the limit");
        }

        [TestMethod]
        public void Parse_accepts_a_document_of_exactly_the_default_limit()
        {
            WxParams p = new WxParams();
            p.Set("detail", new string('x', FlatXml.DefaultMaxBytes - "<xml><detail></detail></xml>".Length));
            byte[] xml = FlatXml.Write(p);
            Assert.AreEqual(FlatXml.DefaultMaxBytes, xml.Length);
            FlatXmlResult r = FlatXml.Parse(xml);
            Assert.IsTrue(r.Ok, "parse: " + r.Error);
            Assert.AreEqual(p.Get("detail"), r.Params.Get("detail"));
        }

        [TestMethod]
        public void Parse_reports_bad_arguments_without_throwing()
        {
            byte[] data = Utf8.Encode("<xml/>");
            Assert.AreEqual("no document (null)", FlatXml.Parse(null).Error);
            Assert.AreEqual("no document (null)", FlatXml.Parse(null, 0, 0, 10).Error);
            Assert.AreEqual("range 2+5 is outside the buffer of 6 bytes", FlatXml.Parse(data, 2, 5).Error);
            Assert.AreEqual("range -1+2 is outside the buffer of 6 bytes", FlatXml.Parse(data, -1, 2).Error);
            Assert.AreEqual("range 0+-1 is outside the buffer of 6 bytes", FlatXml.Parse(data, 0, -1).Error);
            Assert.AreEqual("the size limit must be positive (was 0)", FlatXml.Parse(data, 0, 6, 0).Error);
            Assert.IsTrue(FlatXml.Parse(data).Ok);
        }
    }
}
