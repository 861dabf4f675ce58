using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Terminal.Tests.HostOnly.Hardware
{
    /// <summary>
    /// hardware/wiring.svg (written by tools/wiring.py), its PNG and hardware/README.md against the
    /// firmware's pin map (firmware/Terminal.Device/Board/PinMap.cs): plain SVG 1.1 that every
    /// renderer draws alike, text inside its boxes, every part drawn, the PNG rendered from this SVG,
    /// and the same GPIO numbers everywhere.
    /// </summary>
    public class HardwareDocsTests
    {
        private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

        /// <summary>PinMap field (index for arrays) and the function name the diagram and README give it.</summary>
        private static readonly (string Field, int Index, string Diagram, string Readme)[] Functions =
        {
            ("ScannerTx", -1, "COM2 TX", "COM2 TX"), ("ScannerRx", -1, "COM2 RX", "COM2 RX"),
            ("ConsoleTx", -1, "COM3 TX", "COM3 TX"), ("ConsoleRx", -1, "COM3 RX", "COM3 RX"),
            ("I2cSda", -1, "SDA", "I2C1 SDA"), ("I2cScl", -1, "SCL", "I2C1 SCL"),
            ("KeypadRows", 0, "R1", "Keypad row R1"), ("KeypadRows", 1, "R2", "Keypad row R2"),
            ("KeypadRows", 2, "R3", "Keypad row R3"), ("KeypadRows", 3, "R4", "Keypad row R4"),
            ("KeypadColumns", 0, "C1", "Keypad column C1"), ("KeypadColumns", 1, "C2", "Keypad column C2"),
            ("KeypadColumns", 2, "C3", "Keypad column C3"), ("KeypadColumns", 3, "C4", "Keypad column C4"),
            ("Buzzer", -1, "BUZZER", "Buzzer"), ("LedGreen", -1, "LED G", "LED green"), ("LedRed", -1, "LED R", "LED red"),
        };

        [Fact]
        public void The_diagram_is_plain_svg_1_1_with_explicit_font_sizes()
        {
            string raw = File.ReadAllText(RepoPaths.Combine("hardware/wiring.svg"));
            XElement root = XDocument.Parse(raw).Root;

            Assert.Equal(Svg + "svg", root.Name);
            Assert.Equal("1.1", (string)root.Attribute("version"));
            Assert.Equal($"0 0 {Width(root)} {Height(root)}", (string)root.Attribute("viewBox"));
            foreach (string feature in new[] { "<style", "style=", "class=", "@import", "@font-face", "url(", "href", "<image", "foreignObject",
                "textLength", "dominant-baseline", "alignment-baseline", "<tspan", "transform=" })
            {
                Assert.DoesNotContain(feature, raw);
            }

            string family = root.Descendants(Svg + "g").Select(g => (string)g.Attribute("font-family")).First(f => f != null);
            Assert.EndsWith("sans-serif", family);
            Assert.All(root.Descendants(Svg + "text"), t => Assert.True(
                double.TryParse((string)t.Attribute("font-size"), NumberStyles.Float, CultureInfo.InvariantCulture, out double size) && size >= 9,
                "text without an explicit font size: " + t.Value));
        }

        [Fact]
        public void Every_text_fits_its_box_and_the_drawing()
        {
            XElement root = XDocument.Load(RepoPaths.Combine("hardware/wiring.svg")).Root;
            List<XElement> boxes = root.Descendants(Svg + "g").Where(g => ((string)g.Attribute("id") ?? string.Empty).StartsWith("box-")).ToList();
            Assert.True(boxes.Count >= 6, "boxes: " + boxes.Count);

            List<string> problems = new List<string>();
            foreach (XElement box in boxes)
            {
                XElement rect = box.Elements().First();
                Assert.Equal(Svg + "rect", rect.Name);
                (double x, double y, double w, double h) = (Num(rect, "x"), Num(rect, "y"), Num(rect, "width"), Num(rect, "height"));
                foreach (XElement text in box.Descendants(Svg + "text"))
                {
                    (double left, double top, double right, double bottom) = Extent(text);
                    if (left < x + 2 || right > x + w - 2 || top < y + 2 || bottom > y + h - 2)
                    {
                        problems.Add($"{box.Attribute("id").Value}: \"{text.Value}\" spans {left:0}..{right:0} x {top:0}..{bottom:0}, box {x}..{x + w} x {y}..{y + h}");
                    }
                }
            }

            foreach (XElement text in root.Descendants(Svg + "text"))
            {
                (double left, double top, double right, double bottom) = Extent(text);
                if (left < 0 || top < 0 || right > Width(root) || bottom > Height(root))
                {
                    problems.Add($"\"{text.Value}\" leaves the drawing");
                }
            }

            Assert.Empty(problems);
        }

        [Fact]
        public void Every_part_of_the_bill_of_materials_and_every_supply_is_drawn()
        {
            XElement[] elements = XDocument.Load(RepoPaths.Combine("hardware/wiring.svg")).Root.Descendants(Svg + "text").ToArray();
            string[] texts = elements.Select(t => t.Value).ToArray();

            Assert.Equal(4, texts.Count(t => t == "10k"));          // keypad column pull-ups
            Assert.Equal(4, elements.Count(t => t.Value == "3V3" && (string)t.Attribute("fill") == "#e65100")); // their supply flags
            Assert.Equal(2, texts.Count(t => t == "220 \u03a9"));   // LED resistors
            Assert.Contains(texts, t => t.Contains("1 k\u03a9"));   // transistor base resistor
            foreach (string part in new[] { "NPN", "1N4148", "active buzzer", "bi-colour LED", "SSD1306", "keypad", "scanner", "USB-serial",
                "3V3 rail", "5V", "GND", "VCC" })
            {
                Assert.Contains(texts, t => t.Contains(part));
            }
        }

        [Fact]
        public void The_png_is_rendered_from_the_svg_as_it_is()
        {
            byte[] svg = Encoding.UTF8.GetBytes(File.ReadAllText(RepoPaths.Combine("hardware/wiring.svg")).Replace("\r\n", "\n"));
            byte[] png = File.ReadAllBytes(RepoPaths.Combine("hardware/wiring.png"));
            XElement root = XDocument.Parse(Encoding.UTF8.GetString(svg)).Root;

            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png.Take(8).ToArray());
            Assert.Equal(Width(root), BigEndian(png, 16));
            Assert.Equal(Height(root), BigEndian(png, 20));
            string stamp = Encoding.ASCII.GetString(png);
            Match source = Regex.Match(stamp, "tEXtsource-sha256\0([0-9a-f]{64})");
            Assert.True(source.Success, "hardware/wiring.png has no source stamp: run python3 tools/wiring.py");
            Assert.True(Convert.ToHexString(SHA256.HashData(svg)).ToLowerInvariant() == source.Groups[1].Value,
                "hardware/wiring.png was rendered from another wiring.svg: run python3 tools/wiring.py");
        }

        [Fact]
        public void The_diagram_labels_every_pin_of_the_pin_map_and_no_other()
        {
            Dictionary<string, int[]> map = PinMap();
            string[] texts = XDocument.Load(RepoPaths.Combine("hardware/wiring.svg")).Root.Descendants(Svg + "text").Select(t => t.Value).ToArray();
            var labelled = new Dictionary<int, string>();
            foreach (string text in texts)
            {
                string[] tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string[] gpios = tokens.Where(t => Regex.IsMatch(t, "^GPIO\\d+$")).ToArray();
                if (gpios.Length == 1)
                {
                    labelled.Add(int.Parse(gpios[0].Substring(4), CultureInfo.InvariantCulture), string.Join(" ", tokens.Where(t => t != gpios[0])));
                }
            }

            foreach ((string field, int index, string diagram, string _) in Functions)
            {
                int gpio = Pin(map, field, index);
                Assert.True(labelled.TryGetValue(gpio, out string function), $"GPIO{gpio} ({field}) is not labelled in wiring.svg");
                Assert.Equal(diagram, function);
            }

            Assert.Equal(Functions.Length, labelled.Count);
            Assert.Contains(texts, t => t.Contains("0x" + map["DisplayAddress"][0].ToString("X2", CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void The_readme_pin_table_and_wiring_notes_match_the_pin_map()
        {
            Dictionary<string, int[]> map = PinMap();
            string readme = File.ReadAllText(RepoPaths.Combine("hardware/README.md"));
            string[] rows = readme.Split('\n').Where(l => l.StartsWith("| ")).ToArray();

            foreach ((string field, int index, string _, string name) in Functions)
            {
                string row = rows.SingleOrDefault(r => r.Split('|')[1].Trim().StartsWith(name + " ") || r.Split('|')[1].Trim() == name);
                Assert.True(row != null, $"hardware/README.md has no pin-map row for {name}");
                int gpio = int.Parse(Regex.Match(row.Split('|')[2], "\\d+").Value, CultureInfo.InvariantCulture);
                Assert.Equal(Pin(map, field, index), gpio);
            }

            Assert.Contains($"GPIO{Pin(map, "Buzzer", -1)} → 1 kΩ → NPN base", readme);
            Assert.Contains($"GPIO{Pin(map, "LedGreen", -1)} → 220 Ω → green anode", readme);
            Assert.Contains($"GPIO{Pin(map, "LedRed", -1)} → 220 Ω → red anode", readme);
            Assert.Contains($"adapter TX → GPIO{Pin(map, "ConsoleRx", -1)}, adapter RX ← GPIO{Pin(map, "ConsoleTx", -1)}", readme);
            Assert.Contains($"SDA → GPIO{Pin(map, "I2cSda", -1)}, SCL → GPIO{Pin(map, "I2cScl", -1)}", readme);
        }

        [Theory]
        [InlineData("hardware/README.md")]
        [InlineData("docs/flashing.md")]
        [InlineData("README.md")]
        public void User_docs_name_no_developer_paths_outside_the_repository(string doc)
        {
            string text = File.ReadAllText(RepoPaths.Combine(doc));
            Assert.DoesNotContain("../shared", text);
            Assert.DoesNotContain("/work/", text);
            Assert.DoesNotContain("listings have no PWM", text);
        }

        private static Dictionary<string, int[]> PinMap()
        {
            string source = File.ReadAllText(RepoPaths.Combine("firmware/Terminal.Device/Board/PinMap.cs"));
            var map = new Dictionary<string, int[]>();
            foreach (Match m in Regex.Matches(source, "public int (\\w+) = (0x[0-9A-Fa-f]+|\\d+);"))
            {
                map[m.Groups[1].Value] = new[] { Convert.ToInt32(m.Groups[2].Value, m.Groups[2].Value.StartsWith("0x") ? 16 : 10) };
            }

            foreach (Match m in Regex.Matches(source, "public int\\[\\] (\\w+) = new int\\[\\] \\{([^}]*)\\};"))
            {
                map[m.Groups[1].Value] = m.Groups[2].Value.Split(',').Select(v => int.Parse(v.Trim(), CultureInfo.InvariantCulture)).ToArray();
            }

            return map;
        }

        private static int Pin(Dictionary<string, int[]> map, string field, int index)
        {
            Assert.True(map.ContainsKey(field), "PinMap has no field " + field);
            return map[field][Math.Max(index, 0)];
        }

        /// <summary>
        /// Where a text lands, with glyph widths a little above DejaVu Sans / Verdana, the widest
        /// common sans-serif fonts (renderers that lack the first family fall back to narrower ones).
        /// </summary>
        private static (double Left, double Top, double Right, double Bottom) Extent(XElement text)
        {
            double size = Num(text, "font-size");
            bool bold = (string)text.Attribute("font-weight") == "bold";
            double width = 0;
            foreach (char c in text.Value)
            {
                double em = " .,:;'|!il".IndexOf(c) >= 0 ? 0.36
                    : "Ijftr()[]/-".IndexOf(c) >= 0 ? 0.46
                    : "mwMW".IndexOf(c) >= 0 ? 1.0
                    : "=+#*".IndexOf(c) >= 0 ? 0.86
                    : char.IsUpper(c) ? 0.8
                    : c < 128 ? 0.66
                    : 0.84;
                width += em * size * (bold ? 1.12 : 1.0);
            }

            double x = Num(text, "x");
            double y = Num(text, "y");
            string anchor = (string)text.Attribute("text-anchor") ?? "start";
            double left = anchor == "middle" ? x - width / 2 : anchor == "end" ? x - width : x;
            return (left, y - 0.78 * size, left + width, y + 0.24 * size);
        }

        private static double Num(XElement e, string attribute)
        {
            return double.Parse((string)e.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static int Width(XElement svg) => (int)Num(svg, "width");

        private static int Height(XElement svg) => (int)Num(svg, "height");

        private static int BigEndian(byte[] data, int at) => data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3];
    }
}
