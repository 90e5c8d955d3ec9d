"""``ocrmend review`` in a real browser: headless Chromium, driven by its
own command line (``--dump-dom``, ``--screenshot``), no WebDriver.

The CLI writes the HTML; these tests only drive it and look at what the
browser made of it: the page after its scripts ran (``--dump-dom``), and
its pixels. ``.ci/run`` installs Debian's chromium; without one on PATH
these tests are skipped.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from test_review import HOSTILE, tiny_png

import ocrmend

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "seed-page.txt"
ALTO = REPO / "tests" / "fixtures" / "layout" / "seed.alto.xml"

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (.ci/run installs it: apt-get install chromium)"
)

# Flags for a headless run on a machine without a network: no sandbox (CI
# runs as root), nothing fetched in the background (its refused connections
# would slow every start).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
# Virtual time the page gets before the DOM is dumped: enough for a failed
# image load to fire its onerror handler, were there one.
SETTLE_MS = 1000
# Colours a page drawn with text, type colours and a white ground has at least.
MIN_COLOURS = 3


def browse(profile: Path, *args: str) -> str:
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],  # type: ignore[list-item]
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def dump_dom(profile: Path, page: Path) -> str:
    return browse(profile, f"--virtual-time-budget={SETTLE_MS}", "--dump-dom", page.as_uri())


def screenshot(profile: Path, page: Path, png: Path, size: str = "1200,900") -> Path:
    browse(profile, f"--screenshot={png}", f"--window-size={size}", page.as_uri())
    return png


def png_colours(data: bytes, enough: int = MIN_COLOURS) -> int:
    """Distinct colours in an 8-bit RGB or RGBA PNG (stdlib only), counted
    until ``enough`` are seen: a blank screenshot has one."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, []
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour_type in (2, 6) and not interlace, (depth, colour_type, interlace)
        elif kind == b"IDAT":
            chunks.append(body)
        at += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    bpp = 3 if colour_type == 2 else 4
    stride = width * bpp
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        colours.update(bytes(row[i : i + 3]) for i in range(0, stride, bpp))
        if len(colours) >= enough:
            return len(colours)
        previous = row
    return len(colours)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A three-page batch reviewed by the CLI: the seed page, an ALTO page
    with its scan beside it, and a page that tries to run a script."""
    root = tmp_path_factory.mktemp("review")
    pages = root / "pages"
    (pages / "scans").mkdir(parents=True)
    shutil.copy(SEED, pages / "seed-page.txt")
    shutil.copy(ALTO, pages / "scans" / "seed.alto.xml")
    (pages / "scans" / "seed.png").write_bytes(tiny_png(160, 100))
    (pages / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ocrmend", "review", str(pages), "--glob", "*.txt", "--glob", "*.xml", "-o", str(root / "out")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return root


def test_seed_page_draws_and_has_one_element_per_block(reviewed: Path) -> None:
    page = reviewed / "out" / "pages" / "seed-page.html"
    dom = dump_dom(reviewed / "profile", page)
    blocks = ocrmend.clean(SEED.read_bytes()).blocks
    assert len(re.findall(r"<tr [^>]*data-block=", dom)) == len(blocks)
    assert png_colours(screenshot(reviewed / "profile", page, reviewed / "seed.png").read_bytes()) >= MIN_COLOURS


def test_index_links_reach_every_page(reviewed: Path) -> None:
    index = reviewed / "out" / "index.html"
    dom = dump_dom(reviewed / "profile", index)
    assert '<table class="pages sortable">' in dom  # its script ran: the policy lets it
    links = re.findall(r'<td class="name"><a href="([^"]+)"', dom)
    assert len(links) == 3
    for link in links:
        assert not urlparse(link).scheme and (index.parent / unquote(link)).resolve().is_file(), link
    assert png_colours(screenshot(reviewed / "profile", index, reviewed / "index.png", "1200,400").read_bytes()) >= MIN_COLOURS


def test_index_sorts_by_a_column_in_the_browser(reviewed: Path) -> None:
    """``index.html#sort=page`` clicks the page column's head: the script sorts the rows by name."""
    index = reviewed / "out" / "index.html"
    dom = browse(reviewed / "profile", f"--virtual-time-budget={SETTLE_MS}", "--dump-dom", index.as_uri() + "#sort=page")
    names = re.findall(r'<td class="name"><a href="[^"]+">([^<]+)</a>', dom)
    assert len(names) == 3 and names == sorted(names, key=str.lower)
    assert '<th data-key="page" data-kind="text" class="name" aria-sort="ascending">' in dom  # (set by the script only)


def test_layout_page_sketch_shows_its_boxes_over_the_scan(reviewed: Path) -> None:
    dom = dump_dom(reviewed / "profile", reviewed / "out" / "pages" / "scans" / "seed.alto.html")
    blocks = ocrmend.clean(ALTO.read_bytes()).blocks
    assert len(re.findall(r"<g [^>]*data-box=", dom)) == len(blocks)
    href = re.search(r'<image href="([^"]+)"', dom).group(1)
    assert (reviewed / "out" / "pages" / "scans" / unquote(href)).resolve() == (reviewed / "pages" / "scans" / "seed.png").resolve()


def test_hostile_page_runs_no_script(reviewed: Path) -> None:
    dom = dump_dom(reviewed / "profile", reviewed / "out" / "pages" / "hostile.html")
    assert re.search(r"<title>([^<]*)</title>", dom).group(1) == "ocrmend review: " + str(reviewed / "pages" / "hostile.txt")
    assert "pwned" in dom  # shown, as text
    assert "<img" not in dom


def test_the_hostile_check_would_see_a_script_run(reviewed: Path) -> None:
    """The check above can fail: the same payload, not escaped, changes the title."""
    raw = reviewed / "unescaped.html"
    raw.write_text(f"<!DOCTYPE html><html><head><title>before</title></head><body>{HOSTILE}</body></html>", encoding="utf-8")
    dom = dump_dom(reviewed / "profile", raw)
    assert "<title>pwned</title>" in dom
