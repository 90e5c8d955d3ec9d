"""``ocrmend review``: the files it writes, what they hold, and how it fails.

The HTML is read as text here; tests/test_review_browser.py opens it in a
real browser. Expected counts come from the library (``ocrmend.clean``), so
these tests hold the report to the cleaner, whatever the cleaner decides.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_cli import assert_one_error_line, run

import ocrmend
from ocrmend import review
from ocrmend.cli import ExitCode
from ocrmend.model import BlockType, Edit
from ocrmend.rules import RULES

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "samples" / "seed-page.txt"
ALTO = REPO / "tests" / "fixtures" / "layout" / "seed.alto.xml"
HOSTILE = '加 强 卫 生\n\n<script>document.title="pwned"</script>\n\n"><img src=x onerror="document.title=\'pwned\'">\n'


def page_of(out: Path, relative: str) -> str:
    return (out / "pages" / relative).read_text(encoding="utf-8")


def test_seed_page_one_row_per_block_every_change_and_decision_marked(tmp_path: Path) -> None:
    result = run("review", str(SEED), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK, result.stderr
    page = page_of(tmp_path / "out", "seed-page.html")
    doc = ocrmend.clean(SEED.read_bytes(), explain=True)
    rows = re.findall(r'<tr class="blk t-(\w+)" id="b(\d+)" data-block="(\d+)"', page)
    assert sorted(int(n) for _, _, n in rows) == list(range(1, len(doc.blocks) + 1))
    assert {int(n): kind for kind, _, n in rows} == {k + 1: str(b.type) for k, b in enumerate(doc.blocks)}
    # every edit is marked (inline, once per change in it, or listed where it could not be placed)
    marked = {int(i) for ids in re.findall(r'data-edit="([\d ]+)"', page) for i in ids.split()}
    assert marked == set(range(len(doc.edits)))
    # every decision's code is on its block
    for block in doc.blocks:
        for code, _ in block.why:
            assert f'data-rule="{code}"' in page
    # the source lines are there, numbered
    assert '<span class="ln">23</span><span class="tx">□ 赵 磊</span>' in page
    assert (tmp_path / "out" / "index.html").is_file()
    assert "reviewed 1 of 1 input" in result.stderr


def test_a_page_is_self_contained_and_allows_only_its_own_script(tmp_path: Path) -> None:
    run("review", str(SEED), str(ALTO), "-o", str(tmp_path))
    for path in [tmp_path / "index.html", *sorted((tmp_path / "pages").rglob("*.html"))]:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text  # no CDN, nothing fetched
        scripts = re.findall(r"<script>(.*?)</script>", text, re.DOTALL)
        styles = re.findall(r"<style>(.*?)</style>", text, re.DOTALL)
        assert len(scripts) == 1 and len(styles) == 1
        policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1))
        assert review._hash_source(scripts[0]) in policy and review._hash_source(styles[0]) in policy
        assert "unsafe-inline" not in policy and "default-src 'none'" in policy
        assert " style=" not in text and not re.search(r"\son[a-z]+=", text)  # nothing the policy would have to allow


class _Elements(HTMLParser):
    """Every element's tag and attribute names, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)


def elements(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    return parser


def test_everything_from_the_input_is_escaped(tmp_path: Path) -> None:
    source = tmp_path / 'x"><img src=y onerror=alert(1)>.txt'
    source.write_text(HOSTILE, encoding="utf-8")
    result = run("review", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK, result.stderr
    (written,) = (tmp_path / "out" / "pages").iterdir()
    for text in (written.read_text(encoding="utf-8"), (tmp_path / "out" / "index.html").read_text(encoding="utf-8")):
        found = elements(text)
        assert "img" not in found.tags and found.tags.count("script") == 1
        assert not [name for name in found.attributes if name.startswith("on")]
        assert "&quot;&gt;&lt;img src=y onerror=alert(1)&gt;.txt" in text  # shown, as text
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in written.read_text(encoding="utf-8")


def test_layout_page_has_a_sketch_with_a_box_per_block_and_the_image_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "seed.alto.xml").write_bytes(ALTO.read_bytes())
    result = run("review", str(folder), "--glob", "*.xml", "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK
    page = page_of(tmp_path / "out", "seed.alto.html")
    doc = ocrmend.clean(ALTO.read_bytes())
    assert len(re.findall(r"<g [^>]*data-box=", page)) == len(doc.blocks)
    assert "<image" not in page and "seed.png not found beside the input" in page
    (folder / "seed.png").write_bytes(tiny_png(16, 10))
    run("review", str(folder), "--glob", "*.xml", "-o", str(tmp_path / "out"))
    page = page_of(tmp_path / "out", "seed.alto.html")
    href = re.search(r'<image href="([^"]+)"', page).group(1)
    assert (tmp_path / "out" / "pages" / href).resolve() == (folder / "seed.png").resolve()
    assert 'width="1600" height="1000"' in page  # the page's size, not the image's (16 x 10): pixels of another scan


def tiny_png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\xee" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_image_size_from_headers(tmp_path: Path) -> None:
    png = tmp_path / "a.png"
    png.write_bytes(tiny_png(7, 3))
    assert review.image_size(str(png)) == (7, 3)
    gif = tmp_path / "a.gif"
    gif.write_bytes(b"GIF89a\x05\x00\x04\x00" + b"\x00" * 20)
    assert review.image_size(str(gif)) == (5, 4)
    jpeg = tmp_path / "a.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x00\x30\x00\x40\x03" + b"\x00" * 20)
    assert review.image_size(str(jpeg)) == (64, 48)
    other = tmp_path / "a.tif"
    other.write_bytes(b"II*\x00" + b"\x00" * 20)
    assert review.image_size(str(other)) is None


def test_bad_inputs_fail_one_line_each_the_others_are_written(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text("加 强 卫 生\n", encoding="utf-8")
    (pages / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 300)
    (pages / "broken.xml").write_bytes(b'<?xml version="1.0"?><alto><Layout><Page>')
    result = run("review", str(pages), "--glob", "*.txt", "--glob", "*.xml", "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    errors = result.stderr.splitlines()
    assert len(errors) == 2, result.stderr
    assert all(line.startswith("ocrmend: error: ") for line in errors)  # (the message is clean's, see test_cli)
    assert any("binary.txt" in line for line in errors) and any("broken.xml" in line for line in errors)
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*"))
    assert written == ["index.html", "pages", "pages/good.html"]  # nothing half written, no temporary left
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "binary.txt" in index and "broken.xml" in index and 'href="pages/good.html"' in index


def test_a_rerun_replaces_the_pages_and_sweeps_what_a_killed_run_left(tmp_path: Path) -> None:
    from ocrmend.batch import HOST_TAG

    run("review", str(SEED), "-o", str(tmp_path / "out"))
    left = tmp_path / "out" / "pages" / f".seed-page.html.tmp-{HOST_TAG}-999999999-abcdefgh"  # (no such process)
    left.write_text("half a page")
    result = run("review", str(SEED), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.OK and not left.exists()
    assert sorted(p.name for p in (tmp_path / "out" / "pages").iterdir()) == ["seed-page.html"]


def test_missing_path_is_reported_and_the_rest_reviewed(tmp_path: Path) -> None:
    result = run("review", str(SEED), str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, "nope.txt", "no such file")
    assert (tmp_path / "out" / "pages" / "seed-page.html").is_file()


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["review", str(SEED)], "--out"),
        (["review", "-", "-o", "x"], "stdin"),
        (["review", "-o", "x"], "no input"),
        (["review", str(SEED), "-o", str(SEED)], "is a file"),
        (["review", str(SEED), "-o", "x", "--encoding", "nope"], "nope"),
    ],
)
def test_usage_errors(args: list[str], fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert_one_error_line(result.stderr, fragment)
    assert not (tmp_path / "x").exists()


def test_index_orders_by_attention_and_links_every_page(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "sub" / "short.txt").write_text("加 强 卫 生\n", encoding="utf-8")
    (folder / "odd #1.txt").write_text("2020年10月12日 星期一\n", encoding="utf-8")
    result = run("review", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<td class="name"><a href="([^"]+)">', index)
    assert len(hrefs) == 3
    from urllib.parse import unquote

    for href in hrefs:
        assert (tmp_path / "out" / unquote(html.unescape(href))).is_file()
    scores = [float(s) for s in re.findall(r'<td class="score" data-value="([\d.]+)"', index)]
    assert scores == sorted(scores, reverse=True)
    back = re.search(r'<a href="([^"]+)">← all pages</a>', page_of(tmp_path / "out", "sub/short.html")).group(1)
    assert back == "../../index.html"


def test_attention_measures() -> None:
    page = review.PageSummary("p", types={"body": 2}, blocks=2, lines=4, edits=8, weak=2, confident=4, doubtful=1)
    score, parts = review.attention(page, {"body": 2, "headline": 2})
    assert parts == {"confidence": 0.25, "weak": 1.0, "mix": 0.5, "changes": 1.0}
    assert score == 3 * 0.25 + 2 * 1.0 + 2 * 0.5 + 1.0
    assert review.attention(review.PageSummary("empty"), {"body": 1})[1]["mix"] == 1.0  # an empty page deserves a look


def test_weak_evidence_and_colours_name_real_rules_and_types() -> None:
    assert review.WEAK_EVIDENCE <= set(RULES)
    assert set(review.TYPE_COLOURS) == set(BlockType)
    assert set(review.RULE_FAMILIES) == {code[0] for code in RULES}


@pytest.mark.parametrize(
    "text, edits, marks, lost",
    [
        ("□ 赵磊", [Edit("S001", 1, "□ 赵 磊", "□ 赵磊")], [(3, 3, " ")], []),
        ("成果，积极", [Edit("P001", 1, "成果,积极", "成果，积极")], [(2, 3, "")], []),
        # a later edit rewrote the surroundings: found with less context
        ("A，B", [Edit("P001", 1, "xA,Bx", "xA，Bx")], [(1, 2, "")], []),
        # nothing of it is left in the text
        ("完全不同", [Edit("C001", 1, "abc", "abd")], [], [0]),
        # the same change twice (two bad bytes on a line): a mark each
        ("a\ufffdb\ufffd", [Edit("D001", 1, "\\xff", "\ufffd"), Edit("D001", 1, "\\xfe", "\ufffd")], [(1, 2, ""), (3, 4, "")], []),
        # two rules on the same characters: one mark
        ("21世纪", [Edit("S004", 1, "21 世纪", "21世纪"), Edit("S002", 1, "21 世纪", "21世纪")], [(2, 2, "  ")], []),
    ],
)
def test_locate_edits(text: str, edits: list[Edit], marks: list[tuple[int, int, str]], lost: list[int]) -> None:
    found, missing = review.locate_edits(text, list(enumerate(edits)))
    assert [(m.start, m.end, m.gone) for m in found] == marks
    assert missing == lost


def test_console_script_help_lists_review() -> None:
    result = subprocess.run([sys.executable, "-m", "ocrmend", "review", "--help"], capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0 and "--out" in result.stdout and "Examples:" in result.stdout
    assert os.path.basename(review.INDEX_NAME) == "index.html"


def two_page_pdf() -> bytes:
    from pdfgen import Run, pdf

    body = ["The council met on Monday to dis-", "cuss the budget for next year and", "agreed on it."]
    return pdf([[Run("Storm hits the coast", 40, 40, 18, bold=True)] + [Run(t, 40, 80 + 14 * k) for k, t in enumerate(body)],
                [Run(t, 40, 40 + 14 * k) for k, t in enumerate(body)]])


@pytest.mark.parametrize("name", ["seed.hocr", "seed.page.xml", "two-pages.pdf"])
def test_every_layout_format_gets_a_sketch_per_page_and_a_box_per_block(name: str, tmp_path: Path) -> None:
    data = two_page_pdf() if name.endswith(".pdf") else (ALTO.parent / name).read_bytes()
    (tmp_path / name).write_bytes(data)
    result = run("review", str(tmp_path / name), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK, result.stderr
    page = page_of(tmp_path / "out", name.rsplit(".", 1)[0] + ".html")
    doc = ocrmend.clean(data)
    pages = {ln.page for b in doc.blocks for ln in b.lines}
    assert page.count('<svg class="sketch"') == len(pages)
    assert len(re.findall(r"<g [^>]*data-box=", page)) == len(doc.blocks)


def test_a_paragraph_run_on_into_the_next_column_draws_a_box_per_column() -> None:
    from ocrmend.model import Block, Box, Line

    lines = [Line("a", 1, box=Box(0, 900, 100, 920)), Line("b", 2, box=Box(0, 930, 100, 950)),
             Line("c", 3, box=Box(200, 100, 300, 120)), Line("d", 4, box=Box(200, 130, 300, 150), page=1)]
    pieces = review._pieces(Block(BlockType.BODY, lines))
    assert pieces == {0: [Box(0, 900, 100, 950), Box(200, 100, 300, 120)], 1: [Box(200, 130, 300, 150)]}
