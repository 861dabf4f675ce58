#!/usr/bin/env python3
"""Writes hardware/wiring.svg, the wiring diagram of the reference build, and renders
hardware/wiring.png beside it when rsvg-convert (Debian: librsvg2-bin) is installed.

The drawing is plain SVG 1.1: rect, line, polyline, polygon, circle, path and text with
explicit font sizes and presentation attributes only (no CSS, no external fonts, no
text-length or baseline tricks that renderers treat differently). Every box is a
<g id="box-..."> whose first child is its <rect>; tests/Terminal.Tests.Host checks that each
text of a box fits inside it (with a deliberately wide estimate of glyph widths) and that the
GPIO numbers match firmware/Terminal.Device/Board/PinMap.cs.

usage: python3 tools/wiring.py            (from the repository root)
"""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import zlib

W, H = 1400, 1090
FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"

C3V3 = "#e65100"
C5V = "#c62828"
CGND = "#000000"
CI2C = "#2e7d32"
CKEY = "#6a1b9a"
CSCAN = "#1565c0"
CCONS = "#00838f"
CBUZ = "#5d4037"
CLED = "#558b2f"
CPART = "#37474f"

out = []


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(x, y, s, size=12, anchor="start", bold=False, fill="#000000"):
    attrs = f'x="{x}" y="{y}" font-size="{size}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    out.append(f'<text {attrs} fill="{fill}">{esc(s)}</text>')


def wire(points, color, width=2):
    pts = " ".join(f"{x},{y}" for x, y in points)
    out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="{width}" stroke-linejoin="round"/>')


def hop_h(x1, x2, y, xc, color, width=2):
    """A horizontal wire from x1 to x2 that hops over a vertical wire at xc (not connected)."""
    out.append(f'<path d="M {x1} {y} H {xc - 6} A 6 6 0 0 1 {xc + 6} {y} H {x2}" fill="none" stroke="{color}" stroke-width="{width}"/>')


def dot(x, y, color):
    out.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{color}"/>')


def pin(x, y):
    out.append(f'<circle cx="{x}" cy="{y}" r="4.5" fill="#ffd54f" stroke="#000000" stroke-width="1"/>')


def box_start(name, x, y, w, h, fill, stroke="#000000", dashed=False):
    out.append(f'<g id="box-{name}">')
    dash = ' stroke-dasharray="6,4"' if dashed else ""
    out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>')


def box_end():
    out.append("</g>")


def resistor_h(x1, x2, y, color, label):
    """Horizontal resistor between x1 and x2 (body 40 wide in the middle)."""
    mid = (x1 + x2) // 2
    wire([(x1, y), (mid - 20, y)], color)
    out.append(f'<rect x="{mid - 20}" y="{y - 6}" width="40" height="12" fill="#ffffff" stroke="{CPART}" stroke-width="2"/>')
    wire([(mid + 20, y), (x2, y)], color)
    text(mid, y - 11, label, 11, "middle", fill=CPART)


def pullup(x, y, color):
    """10 kOhm pull-up from a junction at (x, y) up to a 3V3 power flag."""
    dot(x, y, color)
    wire([(x, y), (x, y - 10)], color)
    out.append(f'<rect x="{x - 5}" y="{y - 38}" width="10" height="28" fill="#ffffff" stroke="{CPART}" stroke-width="2"/>')
    wire([(x, y - 38), (x, y - 46)], C3V3)
    wire([(x - 9, y - 46), (x + 9, y - 46)], C3V3, 2.5)
    text(x, y - 51, "3V3", 10, "middle", bold=True, fill=C3V3)
    text(x + 9, y - 18, "10k", 10, fill=CPART)


def diode_v_up(x, y_anode, y_cathode, color):
    """Vertical diode, anode below, cathode above (triangle points up to the bar)."""
    wire([(x, y_anode), (x, y_cathode)], color)
    top = y_cathode + 8
    bottom = top + 18
    out.append(f'<polygon points="{x - 9},{bottom} {x + 9},{bottom} {x},{top}" fill="#ffffff" stroke="{CPART}" stroke-width="2"/>')
    wire([(x - 9, top), (x + 9, top)], CPART, 2.5)


def led_h(x, y, color):
    """LED from anode at x (left) to cathode at x + 26 (right), with two light arrows."""
    out.append(f'<polygon points="{x},{y - 9} {x},{y + 9} {x + 18},{y}" fill="#ffffff" stroke="{CPART}" stroke-width="2"/>')
    wire([(x + 18, y - 9), (x + 18, y + 9)], CPART, 2.5)
    for dx in (4, 12):
        wire([(x + dx, y - 12), (x + dx + 8, y - 22)], color, 1.5)
        out.append(f'<polygon points="{x + dx + 8},{y - 22} {x + dx + 2},{y - 20} {x + dx + 7},{y - 16}" fill="{color}"/>')


# ---------------------------------------------------------------- geometry
BX1, BX2, BY1, BY2 = 590, 830, 176, 850     # the DevKit
Y3V3, Y5V, YGND = 96, 124, 960              # rails
LBUS3, LBUSG = 64, 36                       # left 3V3 / GND buses
RBUS3, RBUSG = 1322, 1352                   # right 3V3 / GND buses
X3V3PIN, X5VPIN, XGNDPIN = 650, 770, 710

left = [  # (y, board label, wire colour)
    (300, "GPIO21  SDA", CI2C), (340, "GPIO22  SCL", CI2C),
    (420, "GPIO36  C1", CKEY), (490, "GPIO39  C2", CKEY), (560, "GPIO4  C3", CKEY), (630, "GPIO23  C4", CKEY),
    (690, "GPIO13  R1", CKEY), (730, "GPIO14  R2", CKEY), (770, "GPIO27  R3", CKEY), (810, "GPIO26  R4", CKEY),
]
right = [
    (300, "BUZZER  GPIO25", CBUZ),
    (430, "COM2 TX  GPIO32", CSCAN), (470, "COM2 RX  GPIO35", CSCAN),
    (600, "COM3 TX  GPIO33", CCONS), (640, "COM3 RX  GPIO34", CCONS),
    (750, "LED G  GPIO18", CLED), (800, "LED R  GPIO19", CLED),
]

out.append('<?xml version="1.0" encoding="UTF-8"?>')
out.append(f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{W}" height="{H}" viewBox="0 0 {W} {H}">')
out.append("<title>Terminal reference build: wiring (ESP32-DevKitC-VE or ESP32-DevKitC-32E)</title>")
out.append(f'<rect x="0" y="0" width="{W}" height="{H}" fill="#ffffff"/>')
out.append(f'<g font-family="{FONT}">')

text(24, 34, "Terminal reference build: wiring", 20, bold=True)
text(24, 56, "ESP32-DevKitC-VE (variant A, WROVER-E with PSRAM) or ESP32-DevKitC-32E (variant B, WROOM-32E): same pins, 3.3 V logic.", 12, fill="#333333")
text(24, 74, "Pin map: hardware/README.md and firmware/Terminal.Device/Board/PinMap.cs. Pins are grouped by function, not in header order.", 12, fill="#333333")

# ---------------------------------------------------------------- rails and buses
wire([(LBUS3, 230), (LBUS3, Y3V3), (RBUS3, Y3V3), (RBUS3, 440)], C3V3, 3)
text(LBUS3 + 8, Y3V3 - 6, "3V3 rail: DevKit 3V3 pin (on-board regulator)", 11, bold=True, fill=C3V3)
wire([(X3V3PIN, BY1), (X3V3PIN, Y3V3)], C3V3, 3)
dot(X3V3PIN, Y3V3, C3V3)
wire([(X5VPIN, BY1), (X5VPIN, Y5V), (1010, Y5V), (1010, 196)], C5V, 3)
text(X5VPIN + 8, Y5V - 6, "5V: DevKit 5V pin (USB VBUS)", 11, bold=True, fill=C5V)
wire([(LBUSG, 270), (LBUSG, YGND), (RBUSG, YGND), (RBUSG, 362)], CGND, 3)
text(LBUSG + 8, YGND + 18, "GND: one common ground (DevKit GND pin)", 11, bold=True)
wire([(XGNDPIN, BY2), (XGNDPIN, YGND)], CGND, 3)
dot(XGNDPIN, YGND, CGND)

# ---------------------------------------------------------------- the DevKit
box_start("devkit", BX1, BY1, BX2 - BX1, BY2 - BY1, "#1f4e79")
text(X3V3PIN, BY1 + 20, "3V3", 12, "middle", bold=True, fill="#ffffff")
text(X5VPIN, BY1 + 20, "5V", 12, "middle", bold=True, fill="#ffffff")
text(710, 236, "ESP32-DevKitC", 16, "middle", bold=True, fill="#ffffff")
text(710, 254, "USB: 5 V in, COM1 (debug, deploy)", 11, "middle", fill="#dde6f0")
for y, label, _ in left:
    text(BX1 + 12, y + 4, label, 12, fill="#ffffff")
for y, label, _ in right:
    text(BX2 - 12, y + 4, label, 12, "end", fill="#ffffff")
text(XGNDPIN, BY2 - 10, "GND", 12, "middle", bold=True, fill="#ffffff")
box_end()
for y, _, _ in left:
    pin(BX1, y)
for y, _, _ in right:
    pin(BX2, y)
pin(X3V3PIN, BY1)
pin(X5VPIN, BY1)
pin(XGNDPIN, BY2)

# ---------------------------------------------------------------- OLED
box_start("oled", 110, 150, 270, 212, "#f5f5f5")
text(122, 172, "OLED SSD1306 128x64", 13, bold=True)
text(122, 190, "0.96 in, I2C address 0x3C", 11, fill="#333333")
text(122, 206, "SDA/SCL pull-ups on the module", 11, fill="#333333")
out.append('<rect x="168" y="218" width="150" height="132" rx="3" fill="#263238" stroke="#000000" stroke-width="1"/>')
text(243, 290, "128 x 64", 12, "middle", fill="#b0bec5")
text(118, 234, "VCC", 11, bold=True)
text(118, 274, "GND", 11, bold=True)
text(372, 304, "SDA", 11, "end", bold=True)
text(372, 344, "SCL", 11, "end", bold=True)
box_end()
wire([(110, 230), (LBUS3, 230)], C3V3, 3)
wire([(110, 270), (LBUSG, 270)], CGND, 3)
for y in (230, 270):
    pin(110, y)
for y in (300, 340):
    wire([(380, y), (BX1, y)], CI2C)
    pin(380, y)

# ---------------------------------------------------------------- keypad and pull-ups
box_start("keypad", 110, 380, 270, 472, "#f3e5f5")
text(122, 402, "4x4 membrane keypad", 13, bold=True)
keys = [["1", "2", "3", "F1"], ["4", "5", "6", "F2"], ["7", "8", "9", "BACK"], [".", "0", "CANCEL", "ENTER"]]
for r, row in enumerate(keys):
    for c, k in enumerate(row):
        kx, ky = 122 + c * 50, 416 + r * 44
        out.append(f'<rect x="{kx}" y="{ky}" width="44" height="36" rx="4" fill="#ffffff" stroke="{CKEY}" stroke-width="1.5"/>')
        text(kx + 22, ky + 23, k, 13 if len(k) <= 2 else 9, "middle")
notes = ["pads print A B C D * #:", "A=F1 B=F2 C=BACK D=ENTER", "*=decimal point #=CANCEL",
         "ribbon pins 1-4: R1-R4,", "pins 5-8: C1-C4", "rows: open drain, driven", "low one at a time"]
for i, n in enumerate(notes):
    text(122, 612 + i * 17, n, 11, fill="#333333")
for y, label, _ in left[2:]:
    text(372, y + 4, label.split()[-1], 11, "end", bold=True, fill=CKEY)
box_end()
for i, (y, _, color) in enumerate(left[2:]):
    wire([(380, y), (BX1, y)], color)
    pin(380, y)
for x, (y, _, _) in zip((420, 460, 500, 540), left[2:6]):
    pullup(x, y, CKEY)

# ---------------------------------------------------------------- buzzer driver
box_start("buzzer", 862, 140, 440, 240, "none", "#8d6e63", dashed=True)
text(874, 160, "Buzzer driver", 12, bold=True, fill=CBUZ)
text(1040, 212, "BZ1 active buzzer", 11, bold=True)
text(1040, 228, "5 V, 12 mm", 11, fill="#333333")
text(1036, 296, "Q1 NPN", 11, bold=True)
text(1036, 312, "S8050 / 2N2222A", 11, fill="#333333")
text(933, 204, "D1", 11, "end", bold=True)
text(933, 220, "1N4148", 11, "end", fill="#333333")
text(1018, 193, "+", 12, bold=True)
text(1018, 252, "-", 12, bold=True)
box_end()
resistor_h(BX2, 985, 300, CBUZ, "R 1 k\u03a9")
# transistor
out.append('<circle cx="999" cy="300" r="24" fill="none" stroke="#000000" stroke-width="1.5"/>')
wire([(985, 283), (985, 317)], "#000000", 3)
wire([(985, 292), (1010, 276), (1010, 236)], "#000000")
wire([(985, 308), (1010, 324), (1010, 362)], "#000000")
out.append('<polygon points="1010,324 998,322 1004,314" fill="#000000"/>')
hop_h(1010, RBUSG, 362, RBUS3, CGND, 3)
dot(RBUSG, 362, CGND)
# buzzer and flyback diode
out.append('<rect x="996" y="196" width="28" height="40" rx="4" fill="#ffe0b2" stroke="#000000" stroke-width="1.5"/>')
wire([(1010, 170), (945, 170), (945, 244), (1010, 244)], CBUZ)
dot(1010, 170, C5V)
dot(1010, 244, "#000000")
diode_v_up(945, 244, 170, CBUZ)

# ---------------------------------------------------------------- scanner
box_start("scanner", 1060, 380, 230, 170, "#e3f2fd")
text(1072, 400, "Barcode scanner", 13, bold=True)
text(1072, 416, "Grow GM65-S, 3.3 V", 11, fill="#333333")
text(1068, 434, "RXD", 11, bold=True)
text(1068, 474, "TXD", 11, bold=True)
text(1282, 444, "VCC", 11, "end", bold=True)
text(1282, 504, "GND", 11, "end", bold=True)
text(1072, 522, "TTL UART 9600 8N1, CR", 11, fill="#333333")
text(1072, 538, "5 V TTL: divider on TX", 11, fill="#333333")
box_end()
for y in (430, 470):
    wire([(BX2, y), (1060, y)], CSCAN)
    pin(1060, y)
wire([(1290, 440), (RBUS3, 440)], C3V3, 3)
wire([(1290, 500), (RBUSG, 500)], CGND, 3)
dot(RBUSG, 500, CGND)
pin(1290, 440)
pin(1290, 500)

# ---------------------------------------------------------------- console adapter
box_start("console", 1060, 570, 230, 132, "#e0f7fa")
text(1072, 590, "USB-serial, 3.3 V", 13, bold=True)
text(1068, 604, "RXD", 11, bold=True)
text(1068, 644, "TXD", 11, bold=True)
text(1282, 664, "GND", 11, "end", bold=True)
text(1110, 624, "technician console", 11, fill="#333333")
text(1072, 682, "115200 8N1; CP2102/FTDI", 11, fill="#333333")
text(1072, 696, "its VCC pin: not connected", 11, fill="#333333")
box_end()
for y in (600, 640):
    wire([(BX2, y), (1060, y)], CCONS)
    pin(1060, y)
wire([(1290, 660), (RBUSG, 660)], CGND, 3)
dot(RBUSG, 660, CGND)
pin(1290, 660)

# ---------------------------------------------------------------- LED
for y, label in ((750, "green"), (800, "red")):
    resistor_h(BX2, 1000, y, CLED, "220 \u03a9")
    led_h(1000, y, CLED if label == "green" else C5V)
    wire([(1018, y), (1090, y)], CGND)
    text(1036, y + 20, label, 10, fill="#333333")
wire([(1090, 750), (1090, 830), (RBUSG, 830)], CGND, 3)
dot(1090, 800, CGND)
dot(RBUSG, 830, CGND)
text(1110, 752, "LED1: bi-colour LED", 12, bold=True)
text(1110, 768, "common cathode", 11, fill="#333333")
text(1110, 784, "Kingbright WP59EGW", 11, fill="#333333")
text(1110, 800, "both on = amber", 11, fill="#333333")

# ---------------------------------------------------------------- notes and legend
notes = [
    "Power: a 5 V, 2 A USB supply into the DevKit's USB socket. Its regulator makes 3V3 for the ESP32, the OLED, the scanner",
    "(about 160 mA while scanning) and the pull-ups; the buzzer runs from 5 V through Q1. Do not connect the adapter's VCC pin.",
    "Never used: GPIO0/2/5/12/15 (strapping), GPIO6-11 (SPI flash), GPIO16/17 (PSRAM on WROVER), GPIO1/3 (USB = COM1, debugger).",
]
for i, n in enumerate(notes):
    text(24, 1004 + i * 18, n, 12, fill="#333333")
lx, ly = 24, 1068
dot(lx + 6, ly - 4, "#000000")
text(lx + 18, ly, "wires joined", 12)
hop_h(lx + 120, lx + 160, ly - 4, lx + 140, "#000000")
wire([(lx + 140, ly - 16), (lx + 140, ly + 8)], "#000000")
text(lx + 170, ly, "crossing, not joined", 12)
wire([(lx + 340, ly - 10), (lx + 354, ly - 10)], C3V3, 2.5)
wire([(lx + 347, ly - 10), (lx + 347, ly + 6)], C3V3)
text(lx + 362, ly, "3V3 = to the 3V3 rail", 12)
pin(lx + 540, ly - 4)
text(lx + 552, ly, "pin / connector contact", 12)

out.append("</g>")
out.append("</svg>")

def stamp_png(png, svg):
    """Adds a tEXt chunk "source-sha256" with the SVG's hash after IHDR, so a test can tell that
    the PNG was rendered from the SVG as it is now."""
    with open(svg, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(png, "rb") as f:
        data = f.read()
    body = b"source-sha256\0" + digest.encode("ascii")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    ihdr_end = 8 + 8 + 13 + 4
    with open(png, "wb") as f:
        f.write(data[:ihdr_end] + chunk + data[ihdr_end:])


root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
svg = os.path.join(root, "hardware", "wiring.svg")
with open(svg, "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(out) + "\n")
print("wrote", svg)

png = os.path.join(root, "hardware", "wiring.png")
if shutil.which("rsvg-convert"):
    subprocess.run(["rsvg-convert", "--background-color", "white", "-o", png, svg], check=True)
    stamp_png(png, svg)
    print("wrote", png)
else:
    print("rsvg-convert not found (Debian: apt-get install librsvg2-bin): hardware/wiring.png not updated", file=sys.stderr)
    sys.exit(1)
