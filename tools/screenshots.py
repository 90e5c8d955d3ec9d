"""Make the review screenshots in the docs (docs/img/review-*.png), and the ALTO pages they show.

    python tools/screenshots.py                 # writes docs/img/review-seed.png, review-alto.png, review-index.png
    python tools/screenshots.py --pages scans/  # also keeps the three ALTO pages (and their page images) in scans/

It runs ``ocrmend review`` (the CLI, from this checkout) on
``samples/seed-page.txt`` and on a folder of three ALTO pages made here from
the seed page's gold articles -- laid out in columns, one TextBlock per
column as an OCR engine writes them, a few commas set half width and a few
lines read with low confidence, each page with a drawn "scan" beside it --
then photographs the pages with headless Chromium. Needs chromium on PATH
and a CJK font (Debian: fonts-wqy-microhei), else the Chinese shows as boxes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from xml.sax.saxutils import quoteattr

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "img"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars")

# The page, in scan pixels: three columns of CJK text at 24 px a character.
PAGE_W, PAGE_H, MARGIN = 1600, 2300, 80
CHAR = 24
COLUMN_CHARS = 16
COLUMN_GAP = 64
COLUMNS = 3
LINE_PITCH = 36
SIZES = {"headline": 56, "deck": 30, "byline": 26, "subhead": 28, "caption": 22, "credit": 22}  # px a character
# The page image is a half-size web copy of the "scan": the review stretches it over the page.
IMAGE_SCALE = 2
PAPER, INK = (246, 241, 228), (150, 144, 132)
LOW_CONFIDENCE_LINES = 0.06  # share of lines read badly
HALF_WIDTH_COMMAS = 0.15  # share of lines with a comma set half width


def articles() -> list[list[dict]]:
    """The seed page's gold blocks, cut at each headline (the text before the first is left out)."""
    blocks = json.loads((REPO / "samples" / "seed-page.gold.json").read_text(encoding="utf-8"))["blocks"]
    out: list[list[dict]] = []
    for block in blocks:
        if block["type"] == "headline":
            out.append([])
        if out:
            out[-1].append(block)
    return out


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    lines, line = [], " " * 0
    room = width - indent
    for ch in text:
        if len(line) >= room:
            lines.append(line)
            line, room = "", width
        line += ch
    return lines + [line] if line else lines


class AltoPage:
    """One page being laid out: text lines with boxes, grouped in blocks."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.number = number
        self.rng = rng
        self.blocks: list[list[tuple[str, int, int, int, float]]] = []  # lines: (text, x, y, char size, confidence)

    def block(self, lines: list[tuple[str, int, int, int]]) -> None:
        kept = []
        for text, x, y, size in lines:
            low = self.rng.random() < LOW_CONFIDENCE_LINES
            if "，" in text and self.rng.random() < HALF_WIDTH_COMMAS:
                text = text.replace("，", ",", 1)
            kept.append((text, x, y, size, round(self.rng.uniform(0.45, 0.7) if low else self.rng.uniform(0.88, 0.99), 2)))
        self.blocks.append(kept)

    def xml(self, image: str) -> str:
        styles = sorted({size for block in self.blocks for _, _, _, size, _ in block})
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">',
            f"<Description><MeasurementUnit>pixel</MeasurementUnit><sourceImageInformation><fileName>{image}</fileName></sourceImageInformation></Description>",
            "<Styles>" + "".join(f'<TextStyle ID="s{s}" FONTSIZE="{s / 3:g}"/>' for s in styles) + "</Styles>",
            f'<Layout><Page ID="p{self.number}" WIDTH="{PAGE_W}" HEIGHT="{PAGE_H}" PHYSICAL_IMG_NR="{self.number}">',
            f'<PrintSpace HPOS="{MARGIN}" VPOS="{MARGIN}" WIDTH="{PAGE_W - 2 * MARGIN}" HEIGHT="{PAGE_H - 2 * MARGIN}">',
        ]
        for b, block in enumerate(self.blocks):
            x0, y0 = min(x for _, x, _, _, _ in block), min(y for _, _, y, _, _ in block)
            x1 = max(x + len(t) * s for t, x, _, s, _ in block)
            y1 = max(y + s for _, _, y, s, _ in block)
            out.append(f'<TextBlock ID="b{b}" HPOS="{x0}" VPOS="{y0}" WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}">')
            for k, (text, x, y, size, confidence) in enumerate(block):
                out.append(f'<TextLine ID="b{b}_l{k}" HPOS="{x}" VPOS="{y}" WIDTH="{len(text) * size}" HEIGHT="{size}">')
                for c, ch in enumerate(text):
                    wc = max(0.0, min(1.0, confidence + self.rng.uniform(-0.04, 0.04)))
                    out.append(f'<String ID="b{b}_l{k}_c{c}" CONTENT={quoteattr(ch)} HPOS="{x + c * size}" VPOS="{y}" '
                               f'WIDTH="{size}" HEIGHT="{size}" WC="{wc:.2f}" STYLEREFS="s{size}"/>')
                out.append("</TextLine>")
            out.append("</TextBlock>")
        out.append("</PrintSpace></Page></Layout></alto>")
        return "\n".join(out) + "\n"

    def png(self) -> bytes:
        """The "scan": paper, and a grey square for each character."""
        w, h = PAGE_W // IMAGE_SCALE, PAGE_H // IMAGE_SCALE
        rows = [bytearray(bytes(PAPER) * w) for _ in range(h)]
        for block in self.blocks:
            for text, x, y, size, _ in block:
                for c, ch in enumerate(text):
                    if ch.isspace():
                        continue
                    cx0, cy0 = (x + c * size) // IMAGE_SCALE + 1, y // IMAGE_SCALE + 1
                    cx1, cy1 = cx0 + size // IMAGE_SCALE - 2, cy0 + size // IMAGE_SCALE - 2
                    for yy in range(cy0, min(cy1, h)):
                        rows[yy][cx0 * 3 : cx1 * 3] = bytes(INK) * (cx1 - cx0)
        return png_bytes(w, h, rows)


def png_bytes(width: int, height: int, rows: list[bytearray]) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def lay_out(number: int, article: list[dict]) -> AltoPage:
    """An article on a page: its head across the top, the rest in columns, captions at the foot."""
    page = AltoPage(number, random.Random(f"review-page-{number}"))
    y = MARGIN
    full = (PAGE_W - 2 * MARGIN)
    column_w = COLUMN_CHARS * CHAR
    flow = [b for b in article if b["type"] in ("body", "subhead", "note")]
    foot = [b for b in article if b["type"] in ("caption", "credit")]
    for block in article:
        if block["type"] in ("headline", "deck", "byline"):
            size = SIZES[block["type"]]
            lines = wrap(block["text"].replace(" ", ""), full // size)
            page.block([(t, MARGIN, y + k * int(size * 1.3), size) for k, t in enumerate(lines)])
            y += len(lines) * int(size * 1.3) + 24
    top, bottom = y + 16, PAGE_H - MARGIN - (140 if foot else 0)
    column, line_y, current = 0, top, []
    for block in flow:
        kind = block["type"]
        size = SIZES.get(kind, CHAR)
        lines = [block["text"]] if kind == "subhead" else wrap(block["text"], COLUMN_CHARS, indent=2)
        for k, text in enumerate(lines):
            if line_y + LINE_PITCH > bottom:
                if current:
                    page.block(current)
                column, line_y, current = column + 1, top, []
                if column == COLUMNS:
                    return page  # (the rest of the article runs on another page: left out)
            x = MARGIN + column * (column_w + COLUMN_GAP)
            if kind == "subhead":
                x += (column_w - len(text) * size) // 2
            elif k == 0:
                x += 2 * CHAR
            current.append((text, x, line_y, size))
            line_y += LINE_PITCH
    if current:
        page.block(current)
    y = bottom + 20
    for block in foot:
        size = SIZES[block["type"]]
        lines = wrap(block["text"], full // size)
        page.block([(t, MARGIN, y + k * int(size * 1.4), size) for k, t in enumerate(lines)])
        y += len(lines) * int(size * 1.4) + 8
    return page


def make_alto_pages(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, article in enumerate(articles(), 1):
        page = lay_out(number, article)
        (folder / f"page-{number}.xml").write_text(page.xml(f"page-{number}.png"), encoding="utf-8")
        (folder / f"page-{number}.png").write_bytes(page.png())


def review(args: list[str], out: Path, cwd: Path) -> None:
    """``ocrmend review`` from this checkout, run in ``cwd`` (pages are named as given)."""
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, "-m", "ocrmend", "review", *args, "-o", str(out), "-q"], cwd=cwd, env=environment, check=True)


def photograph(page: Path, png: Path, size: str, profile: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        sys.exit("screenshots.py: chromium not found; install it (Debian: apt-get install chromium)")
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                    f"--window-size={size}", page.as_uri()], check=True, capture_output=True)
    print(f"{png.relative_to(REPO)}: {png.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="keep the generated ALTO pages in this folder")
    options = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        scans = options.pages or work / "scans"
        make_alto_pages(scans)
        review(["samples/seed-page.txt"], work / "seed", REPO)
        review([scans.name, "--glob", "*.xml"], work / "alto", scans.parent)
        photograph(work / "seed" / "pages" / "seed-page.html", IMAGES / "review-seed.png", "1200,1000", work / "profile")
        photograph(work / "alto" / "pages" / "page-1.html", IMAGES / "review-alto.png", "1200,1100", work / "profile")
        photograph(work / "alto" / "index.html", IMAGES / "review-index.png", "1200,330", work / "profile")


if __name__ == "__main__":
    main()
