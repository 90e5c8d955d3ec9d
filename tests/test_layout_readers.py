"""The layout readers (ALTO, hOCR, PAGE XML) on hand-made fixtures: text,
line and reading order, the geometry in the engine's units, hyphen marks,
CJK joining, and hostile or broken files refused with a one-line error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrmend import clean, clean_pages
from ocrmend.model import Box, Line, Page, Region, Word
from ocrmend.readers.alto import read_alto
from ocrmend.readers.geometry import join_words, place_lines
from ocrmend.readers.hocr import read_hocr
from ocrmend.readers.pagexml import read_pagexml
from ocrmend.readers.sniff import sniff
from ocrmend.readers.xmlsafe import ReaderError

FIXTURES = Path(__file__).parent / "fixtures" / "layout"
ALTO = (FIXTURES / "seed.alto.xml").read_bytes()
HOCR = (FIXTURES / "seed.hocr").read_bytes()
PAGE = (FIXTURES / "seed.page.xml").read_bytes()
READERS = [(read_alto, ALTO, "alto"), (read_hocr, HOCR, "hocr"), (read_pagexml, PAGE, "page")]


# ---------------------------------------------------------------- ALTO


def test_alto_text_reading_order_and_geometry() -> None:
    (page,) = read_alto(ALTO)
    assert page.unit == "px" and page.image == "seed.png"
    texts = [ln.text for ln in page.lines]
    # the ReadingOrder (headline, CJK column, Latin column), not the file's order
    assert texts[0] == "Carriers cut fees"
    assert texts[1:6] == ["中小企业是国民经济和社", "会发展的生力军。为充分激发", "中小企业发展活力。", "今年以来，中国电信、中国", "联通、中国移动三大运营商。"]
    assert texts[6:] == ["Small firms gained from lower fees and", "faster links, the opera-", "tors said on Monday.", "Loans were eased as well."]
    assert [r.id for r in page.regions] == ["hd", "cjk", "en"]
    head, c0, c1, c2, c3, c4, e0, e1, e2, e3 = page.lines
    # first-line indents of two characters, none elsewhere
    assert c0.indent and c3.indent and not c1.indent and not c2.indent and not c4.indent
    assert not any(ln.indent for ln in (e0, e1, e2, e3))
    # an engine's region (no role) starting with no gap says nothing (-1),
    # at a column's top too (under a full line); a gap of two pitches is a blank line
    assert (c0.blank_before, c1.blank_before, e0.blank_before, e1.blank_before, e3.blank_before) == (-1, 0, -1, 0, 1)
    # stated font sizes and styles, confidences, ids, hyphen marks
    assert head.size == 18.0 and head.style == "bold" and e0.size == 9.0
    assert 0.9 <= e0.confidence <= 1.0
    assert e1.ids == ("e1", "en") and e1.region == 2
    assert e1.hyphen == "operators" and e1.text.endswith("opera-") and not e2.hyphen
    assert c0.width == 22 and e0.width == len(e0.text)  # measured as every reader's lines are
    assert c0.box == Box(180, 200, 620, 240)


def test_alto_without_reading_order_keeps_file_order_and_any_namespace() -> None:
    start, end = ALTO.index(b"<ReadingOrder>"), ALTO.index(b"</ReadingOrder>") + len(b"</ReadingOrder>")
    data = (ALTO[:start] + ALTO[end:]).replace(b"http://www.loc.gov/standards/alto/ns-v4#", b"http://schema.ccs-gmbh.com/ALTO")
    (page,) = read_alto(data)
    assert [r.id for r in page.regions] == ["cjk", "en", "hd"]
    assert page.lines[0].text == "中小企业是国民经济和社"


def test_alto_end_to_end() -> None:
    doc = clean_pages(read_alto(ALTO), explain=True)
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "Carriers cut fees"
    assert "中小企业是国民经济和社会发展的生力军。为充分激发中小企业发展活力。" in texts
    assert any("operators said on Monday." in t for t in texts)
    assert doc.blocks[0].type.value in ("headline", "subhead")


def test_alto_subs_content_decides_a_broken_word() -> None:
    """A word the file states whole (SUBS_CONTENT) joins as stated, where
    word frequencies alone would guess (unknown words here)."""
    def alto(first: str, second: str, whole: str) -> bytes:
        line = '<TextLine HPOS="0" VPOS="{y}" WIDTH="600" HEIGHT="30">{words}</TextLine>'
        w = '<String CONTENT="{c}" HPOS="{x}" VPOS="{y}" WIDTH="90" HEIGHT="30"{extra}/><SP/>'
        one = "".join(w.format(c=c, x=100 * k, y=0, extra="") for k, c in enumerate(["The", "mayor", "of"]))
        one += w.format(c=first, x=300, y=0, extra=f' SUBS_TYPE="HypPart1" SUBS_CONTENT="{whole}"') + '<HYP CONTENT="-"/>'
        two = w.format(c=second, x=0, y=40, extra=f' SUBS_TYPE="HypPart2" SUBS_CONTENT="{whole}"')
        two += "".join(w.format(c=c, x=100 * (k + 1), y=40, extra="") for k, c in enumerate(["spoke", "on", "Monday."]))
        body = line.format(y=0, words=one) + line.format(y=40, words=two)
        return f'<alto><Layout><Page><PrintSpace><TextBlock ID="b">{body}</TextBlock></PrintSpace></Page></Layout></alto>'.encode()

    assert read_alto(alto("Blix", "ton", "Blixton"))[0].lines[0].hyphen == "Blixton"
    assert clean(alto("Blix", "ton", "Blixton")).blocks[0].text == "The mayor of Blixton spoke on Monday."
    assert clean(alto("Zorb", "ville", "Zorb-ville")).blocks[0].text == "The mayor of Zorb-ville spoke on Monday."
    edits = clean(alto("Blix", "ton", "Blixton"), explain=True).edits
    assert [(e.rule, e.note) for e in edits] == [("H001", "the file gives the word Blixton")]


# ---------------------------------------------------------------- hOCR


def test_hocr_cjk_joined_tight_kinds_and_geometry() -> None:
    (page,) = read_hocr(HOCR)
    assert page.image == "seed.png" and page.box == Box(0, 0, 1600, 1000)
    texts = [ln.text for ln in page.lines]
    assert texts == [
        "三大运营商惠企",
        "中小企业是国民经济和社",
        "会发展的生力军。为充分激发",
        "中小企业发展活力。",
        "今年以来，中国电信、中国",
        "联通、中国移动三大运营商。",
        "Small firms gained from lower fees",
        "and faster links.",
    ]
    assert [r.kind for r in page.regions] == ["heading", "", "", "caption"]
    lines = page.lines
    assert lines[1].indent and lines[4].indent and not lines[2].indent
    # (a paragraph of Tesseract's after another with no gap: a blank line under
    # a short last line, as here; under a full line it says nothing, -1)
    assert [ln.blank_before for ln in lines] == [0, 1, 0, 0, 1, 0, 1, 0]
    assert lines[0].size == 80.0 and lines[1].size == 40.0  # x_size
    assert abs(lines[0].confidence - 0.93) < 1e-9
    assert lines[1].ids == ("line_2", "par_2")
    assert lines[1].words is not None and len(lines[1].words) == 11


def test_hocr_as_html() -> None:
    html = HOCR[HOCR.index(b"<html") :].replace(b' xmlns="http://www.w3.org/1999/xhtml"', b"")
    assert [ln.text for ln in read_hocr(html)[0].lines] == [ln.text for ln in read_hocr(HOCR)[0].lines]


# ---------------------------------------------------------------- PAGE XML


def test_pagexml_reading_order_types_and_text_equiv() -> None:
    (page,) = read_pagexml(PAGE)
    assert page.image == "seed.png"
    # RegionRefIndexed by @index, then the nested unordered group
    assert [(r.id, r.kind) for r in page.regions] == [("r1", "heading"), ("r2", "paragraph"), ("r3", "page-number")]
    texts = [ln.text for ln in page.lines]
    # the line's TextEquiv, not its words' (lnks,); the lowest @index of two
    assert texts == ["Carriers cut fees", "Small firms gained from lower fees and faster", "links, the opera-", "tors said on Monday.", "Loans were eased as well.", "5"]
    head, l2, l3, _, l5, folio = page.lines
    assert l2.indent and not l5.indent  # (inside a paragraph region only its first line)
    assert (l2.blank_before, l3.blank_before, folio.blank_before) == (1, 0, 1)
    assert l5.box == Box(140, 335, 700, 365)  # 2009-style Point coordinates
    assert head.size > l2.size
    doc = clean_pages(read_pagexml(PAGE))
    assert any("operators said on Monday." in b.text for b in doc.blocks)


# ---------------------------------------------------------------- geometry


def test_geometry_units() -> None:
    def line(n: int, x0: float, y0: float, text: str, region: int = 0) -> Line:
        return Line(text, n, box=Box(x0, y0, x0 + 10 * len(text), y0 + 20), region=region)

    page = Page(
        1,
        [
            line(1, 20, 0, "An indented first line of text"),
            line(2, 0, 30, "and the next one runs on flush"),
            line(3, 0, 60, "to the end."),
            line(4, 0, 130, "After a gap of two lines the"),
            line(5, 300, 0, "next column starts up here", 1),
        ],
        [Region("a"), Region("b")],
        unit="px",
    )
    place_lines([page])
    got = [(len(ln.indent), ln.blank_before) for ln in page.lines]
    # (the next column's top, a new engine region under a full line: says nothing)
    assert got == [(2, 0), (0, 0), (0, 0), (0, 1), (0, -1)]
    page.lines[3].box = Box(0, 130, 150, 150)  # the line above it short: a paragraph's end
    place_lines([page])
    assert page.lines[4].blank_before == 1
    assert all(ln.width == len(ln.text) for ln in page.lines)


def test_join_words() -> None:
    b = lambda x0, x1: Box(x0, 0, x1, 40)
    assert join_words([Word("共筑", b(0, 80)), Word("丝路", b(80, 160)), Word("共享", b(220, 300))]) == "共筑丝路 共享"
    assert join_words([Word("eWTP", b(0, 80)), Word("平台", b(80, 160))]) == "eWTP平台"
    assert join_words([Word("a", b(0, 10)), Word("b", b(10, 20))], [False, False]) == "ab"

    # a line set letter-spaced: every gap wider than a character, a space only where one stands out
    spaced = lambda gaps: [Word(ch, Box(x, 0, x + 100, 100)) for ch, x in zip("北京举行新年", [sum(gaps[:k]) + 100 * k for k in range(6)])]
    assert join_words(spaced([120, 125, 118, 122, 120])) == "北京举行新年"
    assert join_words(spaced([120, 125, 300, 122, 120])) == "北京举 行新年"
    assert join_words([Word("共筑健康丝路", b(0, 240)), Word("共享", b(290, 370))]) == "共筑健康丝路 共享"  # (one gap: no measure of spacing)


# Words one character at a time with boxes closer than a character (as
# Tesseract gives them), and what the page printed: a break between two
# items of a fixed form is a space, any other break is not.
FIXED_FORM_LINES = [
    (["1998", "年", "1", "月", "1", "日", "星期", "四"], "1998年1月1日 星期四"),
    (["今天", "是", "1", "月", "1", "日", "星期", "四"], "今天是1月1日星期四"),
    (["责任", "编辑", ":", "刘", "江", "美术", "编辑", ":", "孙", "静"], "责任编辑:刘江 美术编辑:孙静"),
    (["版", "面", "设计", ":", "周", "伟", "责任", "校对", ";", "陈", "红"], "版面设计:周伟 责任校对;陈红"),
    (["(", "责任", "编辑", "吴", "晓", "东", ")"], "(责任编辑 吴晓东)"),
    (["本报", "记者", "李华"], "本报记者 李华"),
    (["新华社", "记者", "张宿堂", "报道"], "新华社记者张宿堂报道"),
    (["记者", "从", "国家", "统计局", "获悉"], "记者从国家统计局获悉"),
]


@pytest.mark.parametrize(("words", "text"), FIXED_FORM_LINES)
def test_join_words_fixed_form_breaks(words: list[str], text: str) -> None:
    x, ws = 0, []
    for w in words:
        ws.append(Word(w, Box(x, 0, x + 30 * len(w), 30)))
        x += 30 * len(w) + 5
    assert join_words(ws) == text


# ---------------------------------------------------------------- sniffing


def test_sniff() -> None:
    assert [sniff(data) for _, data, _ in READERS] == ["alto", "hocr", "page"]
    assert sniff(b"%PDF-1.4\n...") == "pdf"
    assert sniff(b"\xef\xbb\xbf<?xml version='1.0'?><!-- x --><PcGts/>") == "page"
    assert sniff("<?xml version='1.0' encoding='utf-16'?><alto/>".encode("utf-16")) == "alto"
    assert sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert sniff(b"just text") is None and sniff(b"") is None


# ---------------------------------------------------------------- hostile and broken files

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def _hostile(root: str, kind: str, payload: str, doctype: bytes) -> bytes:
    if kind == "hocr":
        body = f"<html><body><div class='ocr_page'><span class='ocr_line' title='bbox 0 0 9 9'><span class='ocrx_word' title='bbox 0 0 9 9'>{payload}</span></span></div></body></html>"
    elif kind == "alto":
        body = f'<alto><Layout><Page><PrintSpace><TextBlock><TextLine><String CONTENT="x"/>{payload}</TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
    else:
        body = f"<PcGts><Page><TextRegion><TextLine><TextEquiv><Unicode>{payload}</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>"
    return doctype.replace(b"lolz", root.encode()) + body.encode()


@pytest.mark.parametrize("reader,data,kind", READERS, ids=[k for _, _, k in READERS])
def test_billion_laughs_refused(reader, data, kind) -> None:
    root = {"alto": "alto", "hocr": "html", "page": "PcGts"}[kind]
    with pytest.raises(ReaderError, match="entities"):
        reader(_hostile(root, kind, "&lol9;", BILLION_LAUGHS))


@pytest.mark.parametrize("reader,data,kind", READERS, ids=[k for _, _, k in READERS])
def test_xxe_refused_and_never_read(reader, data, kind) -> None:
    root = {"alto": "alto", "hocr": "html", "page": "PcGts"}[kind]
    xxe = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    with pytest.raises(ReaderError) as info:
        reader(_hostile(root, kind, "&xxe;", xxe))
    assert "root:" not in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("reader,data,kind", READERS, ids=[k for _, _, k in READERS])
def test_truncated_and_wrong_root(reader, data, kind) -> None:
    with pytest.raises(ReaderError) as info:
        reader(data[: len(data) // 2])
    assert "\n" not in str(info.value)
    with pytest.raises(ReaderError, match="svg"):
        reader(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>')
    with pytest.raises(ReaderError):
        reader(b"")


# ------------------------------------------------------------ through the command line
def test_the_cli_reads_each_layout_format_from_its_content(tmp_path: Path) -> None:
    """Whatever the files are called, a batch of ALTO, hOCR and PAGE files is
    read by content; JSON says which format each was."""
    from typer.testing import CliRunner

    from ocrmend.cli import app

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("seed.alto.xml", "seed.hocr", "seed.page.xml"):
        (inputs / (name.replace(".", "_") + ".dat")).write_bytes((FIXTURES / name).read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(inputs), "--glob", "*.dat", "-o", str(out), "-f", "json", "-j", "1"])
    assert result.exit_code == 0, result.output
    kinds = sorted(json.loads(p.read_text(encoding="utf-8"))["encoding"] for p in out.glob("*.json"))
    assert kinds == ["alto", "hocr", "page"]
    for p in out.glob("*.json"):
        assert json.loads(p.read_text(encoding="utf-8"))["blocks"], p


def test_the_cli_refuses_a_hostile_xml_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ocrmend.cli import app

    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page>&b;</Page></Layout></alto>',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(bomb), "-o", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "error" in line]
    assert len(errors) == 1 and "bomb.xml" in errors[0]
    assert not out.exists() or not any(out.iterdir())


# ---------------------------------------------------------------- roles


def _page_xml(regions: list[tuple[str, str, list[tuple[str, int]]]]) -> bytes:
    """A PAGE file of regions (id, type or @custom, [(line text, line height)]),
    set one under the other down a single column."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">',
           '<Page imageFilename="p.png" imageWidth="1000" imageHeight="3000">']
    y = 100
    n = 0
    for rid, kind, lines in regions:
        attr = f'custom="structure {{type:{kind};}}"' if kind.startswith("T") and kind[1:2].isdigit() else f'type="{kind}"'
        out.append(f'<TextRegion id="{rid}" {attr}><Coords points="100,{y} 900,{y} 900,{y + 10} 100,{y + 10}"/>')
        for text, height in lines:
            n += 1
            w = 100 + 16 * len(text) * height // 30
            out.append(f'<TextLine id="l{n}"><Coords points="100,{y} {w},{y} {w},{y + height} 100,{y + height}"/>'
                       f'<TextEquiv><Unicode>{text}</Unicode></TextEquiv></TextLine>')
            y += height + 10
        out.append("</TextRegion>")
        y += 30
    out.append("</Page></PcGts>")
    return "\n".join(out).encode()


def test_region_roles_weighed_with_the_text() -> None:
    body = [("The storm came in the night and the harbour", 30), ("walls did not hold back the sea for long;", 30), ("the town woke to water in its streets.", 30)]
    long_head = [("Subscriptions are taken by every post office at home and abroad, in the city by the", 30),
                 ("office of the paper at the market square, where single copies are also sold daily", 30), ("at ten pence.", 30)]
    data = _page_xml([
        ("h1", "header", [("The Daily Gazette", 30), ("Monday, 3 May 1880.", 30)]),
        ("t1", "heading", [("Storm hits the coast", 60)]),
        ("p1", "paragraph", body),
        ("t2", "heading", [("Harbour", 30)]),
        ("p2", "paragraph", [("Berlin, 3 May.", 30)]),
        ("p3", "paragraph", body),
        ("c1", "T0C1", [("750", 30)]),
        ("h2", "header", long_head),
    ])
    doc = clean(data, explain=True)
    got = [(b.type.value, b.text) for b in doc.blocks]
    assert got[0] == ("furniture", "The Daily Gazette Monday, 3 May 1880.")  # the region is one item (F008)
    assert got[1] == ("headline", "Storm hits the coast")  # a heading in display type
    assert ("subhead", "Harbour") in got  # a heading in body type
    assert ("body", "Berlin, 3 May.") in got  # short, but the file says paragraph
    assert ("body", "750") in got  # a table cell's number is no folio
    assert got[-1][0] == "body" and got[-1][1].startswith("Subscriptions")  # too long for a running head
    assert sum(1 for t, _ in got if t == "body") == 5  # no paragraph region split or merged
    assert any(code == "T016" for b in doc.blocks for code, _ in b.why)
    assert doc.blocks[0].why[0][0] == "F008"
    # the same regions without roles: the engine guesses from the text alone
    bare = clean(data.replace(b' type="header"', b"").replace(b' type="paragraph"', b"").replace(b' type="heading"', b""))
    assert bare.blocks[0].type.value != "furniture" and ("headline", "Storm hits the coast") not in [(b.type.value, b.text) for b in bare.blocks]


def test_a_caption_that_ends_a_sentence_stays_one_in_a_region_called_a_heading() -> None:
    """Tesseract calls any line it finds apart a header (ocr_header): a
    caption lifted out of the text that ends a sentence is no heading; a
    short line without a final mark in such a region is one."""
    from ocrmend.model import Block, BlockType
    from ocrmend.roles import weigh_roles

    def block(text: str) -> Block:
        ln = Line(text, 1, size=10.0)
        ln.role = "heading"
        return Block(BlockType.CAPTION, [ln], text, [("T005", "lifted out of a paragraph")])

    caption, head = block("12月31日，江泽民发表1998年新年讲话《迈向充满希望的新世纪》。"), block("共同的期待")
    weigh_roles([caption, head], 10.0)
    assert caption.type is BlockType.CAPTION and head.type is BlockType.SUBHEAD


@pytest.mark.parametrize("reader,data,kind", READERS)
def test_json_links_every_block_to_its_page_box_and_source_ids(reader, data, kind) -> None:
    pages = reader(data)
    out = json.loads(clean(data).to_json())
    assert out["unit"] == "px"
    line_ids = {ln.ids[0] for p in pages for ln in p.lines if ln.ids}
    seen: set[str] = set()
    for b in out["blocks"]:
        x0, y0, x1, y1 = b["bbox"]
        assert b["page"] == 1 and x0 < x1 and y0 < y1
        seen.update(b["ids"])
        # the block's box holds the box of every line it names
        for p in pages:
            for ln in p.lines:
                if ln.ids and ln.ids[0] in b["ids"] and ln.box is not None:
                    assert x0 <= ln.box.x0 and ln.box.x1 <= x1 and y0 <= ln.box.y0 and ln.box.y1 <= y1
    assert line_ids <= seen  # no source line is left without a block that names it
    # plain text has no geometry to give
    assert "bbox" not in json.loads(clean("A line of text.\n").to_json())["blocks"][0]


def test_a_block_over_a_page_break_gives_each_piece() -> None:
    def page(n: int, texts: list[str]) -> Page:
        lines = [Line(t, 0, box=Box(100, 100 + 40 * k, 900, 130 + 40 * k), ids=(f"p{n}l{k}",)) for k, t in enumerate(texts)]
        return Page(n, lines, box=Box(0, 0, 1000, 1000), unit="px")

    pages = [page(1, ["The storm came in the night and the harbour walls", "did not hold back the sea; the town woke to"]),
             page(2, ["water in its streets and boats on its squares.", "Nobody was hurt."])]
    for k, p in enumerate(pages):
        for ln in p.lines:
            ln.page = k
    place_lines(pages)
    out = json.loads(clean_pages(pages).to_json())
    first = out["blocks"][0]
    assert first["text"].startswith("The storm") and "water in its streets" in first["text"]
    assert first["page"] == 1 and first["bbox"] == [100, 100, 900, 170]
    assert first["more"] == [{"page": 2, "bbox": [100, 100, 900, 130]}]
    assert first["ids"][:3] == ["p1l0", "p1l1", "p2l0"]


def test_pieces_of_a_headline_read_apart_are_put_together() -> None:
    """Tesseract cuts a wide headline and reads its tail after the column
    under it; two columns of body type share rows too and stay apart."""
    def string(text: str, x: int, y: int, h: int) -> str:
        return f'<TextLine HPOS="{x}" VPOS="{y}" WIDTH="{len(text) * h // 2}" HEIGHT="{h}"><String CONTENT="{text}" HPOS="{x}" VPOS="{y}" WIDTH="{len(text) * h // 2}" HEIGHT="{h}"/></TextLine>'

    col1 = [("The storm came in the night and the", 100), ("harbour walls did not hold back the", 140), ("sea for long.", 180)]
    col2 = [("Boats lay on the squares at dawn and", 100), ("the mayor called for help from the", 140), ("next town.", 180)]
    head = '<TextBlock ID="h1">' + string("Storm hits", 100, 20, 60) + "</TextBlock>"
    left = '<TextBlock ID="c1">' + "".join(string(t, 100, y, 30) for t, y in col1) + "</TextBlock>"
    tail = '<TextBlock ID="h2">' + string("the coast", 420, 22, 58) + "</TextBlock>"
    right = '<TextBlock ID="c2">' + "".join(string(t, 700, y, 30) for t, y in col2) + "</TextBlock>"
    alto = f'<alto><Layout><Page><PrintSpace>{head}{left}{tail}{right}</PrintSpace></Page></Layout></alto>'.encode()
    (page,) = read_alto(alto)
    texts = [ln.text for ln in page.lines]
    assert texts[0] == "Storm hits the coast" and "the coast" not in texts[1:]
    assert page.lines[0].why == [("R005", "2 pieces of one line in display type, read apart")]
    assert page.lines[0].ids == ("h1", "h2")
    assert "The storm came in the night and the" in texts and "Boats lay on the squares at dawn and" in texts  # body rows not joined
    doc = clean(alto)
    assert doc.blocks[0].text == "Storm hits the coast" and doc.blocks[0].type.value == "headline"


def _alto_line(words: list[tuple[str, int]], y: int, h: int = 30) -> str:
    """A TextLine of words at the given x positions (a word 15 units a letter)."""
    strings = "".join(f'<String CONTENT="{t}" HPOS="{x}" VPOS="{y}" WIDTH="{len(t) * 15}" HEIGHT="{h}"/>' for t, x in words)
    x0, x1 = words[0][1], words[-1][1] + len(words[-1][0]) * 15
    return f'<TextLine HPOS="{x0}" VPOS="{y}" WIDTH="{x1 - x0}" HEIGHT="{h}">{strings}</TextLine>'


def _justified(text: str, x: int, y: int, measure: int = 600) -> str:
    """A line of body type set to the full measure (the word spaces stretched)."""
    words = text.split()
    room = measure - 15 * sum(len(w) for w in words)
    xs, at = [], x
    for k, w in enumerate(words):
        xs.append((w, at))
        at += 15 * len(w) + (room // (len(words) - 1) if k < len(words) - 1 else 0)
    return _alto_line(xs, y)


def _head_band_page(third: str) -> bytes:
    """A headline over two columns, and a third region read after them
    (``third``: its TextLines)."""
    head = '<TextBlock ID="h">' + _alto_line([("STORM", 100), ("HITS", 300), ("THE", 460), ("COAST", 600)], 20, 70) + "</TextBlock>"
    left = ["The storm came in the night and", "flooded the low streets of the", "old town before the dawn broke."]
    right = ["Rescue teams worked until noon", "to bring the families out of the", "houses along the river banks."]
    cols = "".join(f'<TextBlock ID="c{k}">' + "".join(_justified(t, x, 300 + 40 * n, 500) for n, t in enumerate(texts)) + "</TextBlock>" for k, (x, texts) in enumerate([(100, left), (700, right)]))
    return f'<alto><Layout><Page><PrintSpace>{head}{cols}<TextBlock ID="b">{third}</TextBlock></PrintSpace></Page></Layout></alto>'.encode()


def test_a_head_line_read_after_the_columns_under_it_goes_back_before_them() -> None:
    """Tesseract reads a byline set between the headline and the columns'
    tops after the columns: it stands in a band of its own (the columns
    start below it, the headline ends above it), so it goes back before
    them; a column whose top stands in that band and runs on down with no
    blank line under its first lines is a column, and keeps its place."""
    (page,) = read_alto(_head_band_page(_alto_line([("By", 700), ("JANE", 745), ("DOE", 820)], 180)))
    assert [ln.text for ln in page.lines][:2] == ["STORM HITS THE COAST", "By JANE DOE"]
    assert page.lines[1].why == [("R006", "a line of the head read after the columns under it")]
    assert [(b.type.value, b.text[:11]) for b in clean(_head_band_page(_alto_line([("By", 700), ("JANE", 745), ("DOE", 820)], 180))).blocks] == [
        ("headline", "STORM HITS "),
        ("byline", "By JANE DOE"),
        ("body", "The storm c"),
        ("body", "Rescue team"),
    ]
    column = "".join(_justified(t, 1300, 180 + 40 * n, 500) for n, t in enumerate(["Power was cut in the east of", "the county, where the wind blew", "hardest, and it will not come", "back before the end of the week", "the company said on Saturday."]))
    (page,) = read_alto(_head_band_page(column))
    assert [ln.text for ln in page.lines][-5] == "Power was cut in the east of" and not any(ln.why for ln in page.lines)


def test_the_pieces_of_a_head_line_read_after_two_columns_go_back_together() -> None:
    """Tesseract reads a byline in two pieces, each after the column under
    it: both go back before the columns, and are one line again."""
    head = '<TextBlock ID="h">' + _alto_line([("STORM", 100), ("HITS", 300), ("THE", 460), ("COAST", 600)], 20, 70) + "</TextBlock>"
    texts = [["The storm came in the night and", "flooded the low streets of the", "old town before the dawn broke."], ["Rescue teams worked until noon", "to bring the families out of the", "houses along the river banks."]]
    cols = ["".join(_justified(t, x, 300 + 40 * n, 500) for n, t in enumerate(col)) for x, col in zip((100, 700), texts)]
    pieces = [_alto_line([("By", 500), ("JANE", 545)], 180), _alto_line([("DOE", 640)], 180)]
    blocks = "".join(f'<TextBlock ID="c{k}">{c}</TextBlock><TextBlock ID="b{k}">{p}</TextBlock>' for k, (c, p) in enumerate(zip(cols, pieces)))
    (page,) = read_alto(f"<alto><Layout><Page><PrintSpace>{head}{blocks}</PrintSpace></Page></Layout></alto>".encode())
    assert [ln.text for ln in page.lines][:3] == ["STORM HITS THE COAST", "By JANE DOE", "The storm came in the night and"]
    assert len(page.lines) == 8


def test_a_line_below_the_whole_column_before_a_gap_under_it_stands_apart() -> None:
    """A page's foot line read after the last column, a blank line and more
    below its foot: reading went down the page, not up to a column's top,
    so the gap is a blank line (1), not a column top that says nothing (-1)."""
    left = ["The storm came in the night and", "flooded the low streets of the", "old town before the dawn broke"]
    right = ["as rescue teams worked until noon", "to bring the families out of the", "houses along the banks of the river."]
    cols = "".join(f'<TextBlock ID="c{k}">' + "".join(_justified(t, x, 100 + 40 * n, 500) for n, t in enumerate(texts)) + "</TextBlock>" for k, (x, texts) in enumerate([(100, left), (700, right)]))
    foot = '<TextBlock ID="f">' + _alto_line([("Compiled", 100), ("from", 235), ("wire", 310), ("reports", 385)], 500) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{cols}{foot}</PrintSpace></Page></Layout></alto>".encode()
    (page,) = read_alto(alto)
    assert [ln.blank_before for ln in page.lines] == [0, 0, 0, -1, 0, 0, 1]
    assert clean(alto).blocks[-1].text == "Compiled from wire reports"


def test_a_page_whose_boxes_show_flush_paragraphs_looks_for_no_lost_indent() -> None:
    """Plain text lost its indents, so a CJK paragraph's first line is
    looked for two characters short; a layout page whose boxes show its
    paragraphs start flush (after every short last line) holds a full first
    line: a sentence's end with room for the next line's first character
    ends its paragraph there."""
    paras = [
        ["新冠肺炎疫情在非洲暴发后，", "中国迅速向非洲伸出援手，多", "批次提供物资。"],
        ["当地医护人员同非洲国家举行", "专家视频会议，分享抗疫经验", "支持非洲各国共同抗疫。"],
        ["中国援非医疗队发挥了重要作", "用，得到各国人民的好评。"],
        ["双方将继续加强卫生领域合作", "共同维护地区公共卫生安全。"],
        ["非洲联盟对中国表示感谢，并", "希望双方深化合作。"],
        ["多国领导人也发表讲话，肯定", "中非合作成果。"],
        ["专家认为，中非合作前景广阔", "潜力巨大。"],
    ]
    lines: list[Line] = []
    for t in (t for p in paras for t in p):
        lines.append(Line(t, len(lines) + 1, box=Box(100, 100 + 40 * len(lines), 100 + 30 * len(t), 128 + 40 * len(lines)), size=28.0))
    starts = [b.text[:4] for b in clean_pages([Page(1, lines, unit="px")]).blocks]
    # (a full line that ends a sentence over a full line shows nothing: 共同维护…安全。 / 非洲联盟…)
    assert starts == ["新冠肺炎", "当地医护", "中国援非", "双方将继", "多国领导", "专家认为"]


def test_a_line_box_that_took_in_a_word_of_the_line_under_it_keeps_its_type_size() -> None:
    """ALTO from Tesseract states no font size, so a line's size is its
    box's height; a box that took in a word of the line under it stands
    twice as tall as its words: its size is theirs (else the line reads as
    display type, a new box of its own)."""

    def line(y: int, last_dy: int) -> str:
        words = [("the", 100, 0), ("storm", 160, 0), ("came", 250, 0), ("in", 330, 0), ("the", 370, 0), ("night", 430, last_dy)]
        strings = "".join(f'<String CONTENT="{t}" HPOS="{x}" VPOS="{y + dy}" WIDTH="{len(t) * 15}" HEIGHT="30"/>' for t, x, dy in words)
        return f'<TextLine HPOS="100" VPOS="{y}" WIDTH="405" HEIGHT="{30 + last_dy}">{strings}</TextLine>'

    lines = line(100, 0) + line(140, 0) + line(180, 40) + line(260, 0) + line(300, 0)
    (page,) = read_alto(f'<alto><Layout><Page><PrintSpace><TextBlock ID="a">{lines}</TextBlock></PrintSpace></Page></Layout></alto>'.encode())
    assert [ln.box.height for ln in page.lines if ln.box] == [30, 30, 70, 30, 30]
    assert [ln.size for ln in page.lines] == [30.0] * 5


def test_a_paragraphs_last_lines_over_a_column_break_are_no_caption() -> None:
    """A short line right under a full one, at the column's pitch, and a
    short line ending the sentence at the next column's top look like a
    caption dropped into the paragraph by their widths; a layout file's
    boxes show the first as the column's next line: no interruption."""
    col1 = ["Italy's central bank has issued", "a circular that will allow all", "banks to take stakes in firms,", "the banking association said.", "The circular, which was passed",
            "by a government committee last", "month, will open the door for", "a wider role for Italian banks", "in merchant banking"]
    col2 = ["activities.", "Previously, such activities", "were mostly confined to state", "banks operating special credit", "sections, the association said."]
    lines: list[Line] = []
    for x, col in ((55, col1), (224, col2)):
        for k, t in enumerate(col):
            lines.append(Line(t, len(lines) + 1, box=Box(x, 200 + 19 * k, x + 5 * len(t), 210 + 19 * k), size=10.0))
    blocks = clean_pages([Page(1, lines, unit="pt")]).blocks
    assert [b.type.value for b in blocks] == ["body", "body", "body"] and blocks[1].text.endswith("Italian banks in merchant banking activities.")


def test_a_paragraphs_last_line_under_a_region_break_is_not_read_out_of_order() -> None:
    """Tesseract makes a paragraph's short last line a region of its own
    (a blank line above it in the engine's terms); by its shape it could
    be junk read into the paragraph, but its box stands one pitch under the
    line above, flush with it: the column's next line, left in place (R003)."""
    rows = ["The South African sanctions law,", "enacted by the U.S. to protest", "the policy of apartheid, is the", "Comprehensive Anti-Apartheid Act", "of 1986."]
    lines = [Line(t, k + 1, box=Box(100, 200 + 19 * k, 100 + 5 * len(t), 210 + 19 * k), size=10.0, blank_before=int(k == 4)) for k, t in enumerate(rows)]
    lines.append(Line("Wire copy, edited on the business desk", 6, box=Box(20, 600, 210, 610), size=10.0, blank_before=1))
    blocks = clean_pages([Page(1, lines, unit="pt")]).blocks
    assert blocks[0].text.endswith("Anti-Apartheid Act of 1986.") and blocks[1].text.startswith("Wire copy")


def test_on_a_page_that_sets_its_paragraphs_in_a_flush_line_starts_none() -> None:
    """A layout page whose boxes show every paragraph set in: a sentence's
    end with a little room left, over a flush line, goes on (the flush line
    would be the one paragraph start of the page not set in)."""
    short = [["The storm came in the night and it", "flooded the town."], ["Rescue teams worked until noon to", "bring families out."],
             ["Power was cut in the east of the", "county."], ["The company said it would restore", "the lines by Sunday."],
             ["Schools will stay closed all week,", "parents were told."], ["The army sent trucks and boats to", "the river towns."],
             ["Roads in the north stayed closed", "until Friday."], ["Insurers said claims would be paid", "within a month."],
             ["The weather office expects more rain", "next week."], ["Farmers counted the cost of the", "lost harvest."]]
    long = ["Rescue teams worked until noon to", "bring the families out of houses on", "the river bank, he said.", "Officials said the damage was heavy", "and that the clean-up would be long."]
    lines: list[Line] = []
    for p in [*short[:5], long, *short[5:]]:
        for k, t in enumerate(p):
            x = 115 if k == 0 else 100
            lines.append(Line(t, len(lines) + 1, indent="   " if k == 0 else "", box=Box(x, 100 + 20 * len(lines), 100 + 5 * len(t), 110 + 20 * len(lines)), size=10.0))
    blocks = clean_pages([Page(1, lines, unit="pt")]).blocks
    assert len(blocks) == 11 and blocks[5].text.endswith("he said. Officials said the damage was heavy and that the clean-up would be long.")


def test_a_caption_set_in_smaller_type_is_lifted_out_of_the_paragraph_it_interrupts() -> None:
    """A CJK caption read between two lines of a paragraph, a little wider
    than the column in cells (no sure sign by its measure), is set in
    smaller type: its characters stand narrower in the layout file's boxes
    than the body's. The paragraph closes over it; it stands after it (R003)."""
    body1 = ["新冠肺炎疫情在非洲暴发后，中国迅速", "向非洲伸出援手，多批次向非盟和非洲", "国家提供大量抗疫物资，向多个国家派", "出抗疫医疗专家组，培训当地医护人员"]
    caption = ["四月十六日，中国抗疫医疗专家组抵达埃塞", "俄比亚首都亚的斯亚贝巴，受到热烈欢迎。"]
    body2 = ["，同非洲国家举行专家视频会议，分享", "抗疫经验。"]
    lines = [Line(t, k + 1, box=Box(100, 100 + 50 * k, 100 + 40 * len(t), 136 + 50 * k), size=36.0) for k, t in enumerate(body1)]
    lines += [Line(t, 5 + k, box=Box(900, 100 + 40 * k, 900 + 32 * len(t), 130 + 40 * k), size=36.0, blank_before=int(k == 0)) for k, t in enumerate(caption)]
    lines += [Line(t, 7 + k, box=Box(900, 300 + 50 * k, 900 + 40 * len(t), 336 + 50 * k), size=36.0, blank_before=int(k == 0)) for k, t in enumerate(body2)]
    blocks = clean_pages([Page(1, lines, unit="px")]).blocks
    assert "培训当地医护人员，同非洲国家举行" in blocks[0].text and blocks[1].text.startswith("四月十六日")


def test_a_cut_line_between_short_neighbours_is_measured_on_the_column_further_off() -> None:
    """At a wide leading three line heights reach the next line alone; when
    it is short or cut too (a dateline, a wrapped phrase), the pieces of a
    justified line are measured on the column two pitches off, and join."""
    rows = [_justified("The Commodity Futures Trading", 100, 100, 500), _alto_line([("WASHINGTON,", 130), ("March", 310)], 176),
            _alto_line([("11", 100), ("-", 140), ("The", 170)], 252), _alto_line([("Futures", 100), ("Trading", 230)], 328),
            _justified("Commission has approved the", 100, 404, 500), _justified("Minneapolis Grain Exchange's", 100, 480, 500)]
    piece = _alto_line([("Commodity", 465)], 252)
    blocks = f'<TextBlock ID="a">{"".join(rows[:3])}</TextBlock><TextBlock ID="b">{rows[3]}</TextBlock><TextBlock ID="c">{piece}</TextBlock><TextBlock ID="d">{"".join(rows[4:])}</TextBlock>'
    (page,) = read_alto(f"<alto><Layout><Page><PrintSpace>{blocks}</PrintSpace></Page></Layout></alto>".encode())
    assert [ln.text for ln in page.lines][2:4] == ["11 - The Commodity", "Futures Trading"] and len(page.lines) == 6


def test_a_body_line_cut_at_a_wide_space_is_put_together() -> None:
    """Tesseract cuts a justified line at a wide word space and reads its
    first word as a block of its own after the column ("we" | "do," said
    Arthur): the pieces share a row and together fit the column's measure,
    so they are one line; the next column's lines share rows too, but a
    line of each spans a measure and a gutter, so they stay apart."""
    col1 = ["The circumstances at the time will", "determine what", "do said Arthur Miller of the bank", "when he was asked about the offer."]
    col2 = ["Analysts said the bank would wait", "for the market to settle before it", "sold any of the new shares at all", "this year or in the next one."]
    lines1 = _justified(col1[0], 100, 100) + _alto_line([("determine", 100), ("what", 250)], 140) + _alto_line([("do", 220), ("said", 265), ("Arthur", 340), ("Miller", 445), ("of", 550), ("the", 590), ("bank", 640)], 180) + _alto_line([("when", 100), ("he", 175), ("was", 205), ("asked", 250), ("about", 325), ("the", 400), ("offer.", 445)], 220)
    piece = '<TextBlock ID="b2">' + _alto_line([("we", 100)], 180) + "</TextBlock>"
    right = '<TextBlock ID="b3">' + "".join(_justified(t, 730, 100 + 40 * k) for k, t in enumerate(col2)) + "</TextBlock>"
    # (col1's second line is short: its block's lines are laid out by hand above)
    alto = f'<alto><Layout><Page><PrintSpace><TextBlock ID="b1">{lines1}</TextBlock>{piece}{right}</PrintSpace></Page></Layout></alto>'.encode()
    (page,) = read_alto(alto)
    texts = [ln.text for ln in page.lines]
    assert "we do said Arthur Miller of the bank" in texts and "we" not in texts
    joined = page.lines[texts.index("we do said Arthur Miller of the bank")]
    assert joined.why == [("R005", "2 pieces of one line in body type, read apart")]
    assert all(len(t) < 40 for t in texts)  # no line of one column joined to the next column's
    doc = clean(alto)
    assert "determine what we do said Arthur" in doc.to_text()


@pytest.mark.parametrize(("first", "blank"), [("extraordinary", -1), ("it", 1)])
def test_an_engines_region_break_under_a_ragged_line_ends_a_paragraph_only_if_the_next_word_fitted(first: str, blank: int) -> None:
    """Ragged type stops an em or two short on most lines: an engine's
    region break there is a paragraph's end only where the room left on
    the line above would have held the next line's first word."""
    full = [_alto_line([("the", 100), ("committee", 160), ("said", 310), ("on", 385), ("Monday", 430), ("that", 535), ("it", 610)], 100 + 40 * k) for k in range(3)]
    ragged = _alto_line([("would", 100), ("meet", 190), ("again", 265), ("soon", 355), ("and", 430)], 220)  # ends at 475, 165 short
    below = _alto_line([(first, 100), ("was", 100 + 15 * len(first) + 15), ("said", 400)], 260)
    alto = (
        f'<alto><Layout><Page><PrintSpace><TextBlock ID="a">{"".join(full)}{ragged}</TextBlock>'
        f'<TextBlock ID="b">{below}</TextBlock></PrintSpace></Page></Layout></alto>'
    ).encode()
    (page,) = read_alto(alto)
    assert page.lines[4].text.startswith(first) and page.lines[4].blank_before == blank


def test_a_word_read_apart_from_the_gap_it_left_goes_back_into_it() -> None:
    """Tesseract gives "This remark the" a box over the gap where "caused"
    stands and reads "caused" as a block of its own: it goes back between
    the words it stands between; a word over one of the line's words does not."""
    line = _alto_line([("This", 100), ("remark", 175), ("the", 400)], 100) + _alto_line([("dollar", 100), ("to", 200), ("drop", 400)], 140) + _alto_line([("as", 100), ("it", 200), ("seemed", 355)], 180)
    alto = f'<alto><Layout><Page><PrintSpace><TextBlock ID="a">{line}</TextBlock><TextBlock ID="b">{_alto_line([("caused", 280)], 100)}</TextBlock></PrintSpace></Page></Layout></alto>'
    (page,) = read_alto(alto.encode())
    assert [ln.text for ln in page.lines][0] == "This remark caused the" and len(page.lines) == 3
    (page,) = read_alto(alto.replace('"280"', '"380"').encode())
    assert [ln.text for ln in page.lines][0] == "This remark the" and page.lines[-1].text == "caused"


def test_a_stacked_headlines_next_line_read_apart_goes_back_under_it() -> None:
    """Tesseract reads a headline's second line, a region of its own, after
    the column beside it: it goes back under the line it stands under;
    a region of several lines under a headline keeps its place."""
    head = '<TextBlock ID="h">' + _alto_line([("BAKER", 300), ("DENIES", 420), ("CHANGE", 570)], 20, 70) + "</TextBlock>"
    col = '<TextBlock ID="c">' + "".join(_justified(t, 100, 200 + 40 * k) for k, t in enumerate(["The Treasury chief said on Monday", "that the dollar stood about right", "against the yen after the accord."])) + "</TextBlock>"
    tail = '<TextBlock ID="t">' + _alto_line([("POLICY", 330), ("SHIFT", 460)], 105, 70) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{head}{col}{tail}</PrintSpace></Page></Layout></alto>"
    (page,) = read_alto(alto.encode())
    assert [ln.text for ln in page.lines][:2] == ["BAKER DENIES CHANGE", "POLICY SHIFT"]
    assert page.lines[1].why == [("R005", "the next line of a stacked headline, read apart")]
    doc = clean(alto.encode())
    assert doc.blocks[0].text == "BAKER DENIES CHANGE POLICY SHIFT" and doc.blocks[0].type.value == "headline"
    # the same line with a second one in its region: a block of its own, left where it was read
    two = tail.replace("</TextBlock>", _alto_line([("said", 330), ("aides", 460)], 190, 70) + "</TextBlock>")
    (page,) = read_alto(alto.replace(tail, two).encode())
    assert [ln.text for ln in page.lines][1] != "POLICY SHIFT"


def test_garbage_fragments_of_a_headline_glyph_go_back_into_the_headline() -> None:
    """A headline glyph Tesseract cannot read comes out as two small lines
    of garbage (会 -> "<和隆" over "Ze") inside the headline's band: they
    go back into it, at its end; a line read with confidence stays apart."""
    def line(words: list[tuple[str, int, int]], y: int, h: int, wc: str) -> str:
        strings = "".join(f'<String CONTENT="{t}" HPOS="{x}" VPOS="{y}" WIDTH="{w}" HEIGHT="{h}" WC="{wc}"/>' for t, x, w in words)
        return f'<TextLine HPOS="{words[0][1]}" VPOS="{y}" WIDTH="{words[-1][1] + words[-1][2] - words[0][1]}" HEIGHT="{h}">{strings}</TextLine>'

    head = '<TextBlock ID="h">' + line([("北京", 288, 515), ("举行", 957, 286), ("新年", 1400, 400), ("音乐", 1850, 118)], 167, 119, "0.9") + "</TextBlock>"
    frag = '<TextBlock ID="f">' + line([("&lt;", 2075, 36), ("和隆", 2111, 80)], 168, 53, "0.2") + line([("Ze", 2082, 104)], 230, 55, "0.0") + "</TextBlock>"
    body = '<TextBlock ID="b">' + "".join(line([("中小企业是国民经济", 300, 420)], 400 + 60 * k, 42, "0.9") for k in range(4)) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{head}{frag}{body}</PrintSpace></Page></Layout></alto>"
    (page,) = read_alto(alto.encode())
    assert page.lines[0].text == "北京举行新年音乐<和隆Ze" and len(page.lines) == 5
    (page,) = read_alto(alto.replace('WC="0.2"', 'WC="0.9"').replace('WC="0.0"', 'WC="0.9"').encode())
    assert page.lines[0].text == "北京举行新年音乐" and len(page.lines) == 7


def test_a_running_heads_items_read_late_stand_at_the_top_in_print_order() -> None:
    """Tesseract reads a dated running head's other items (the paper's
    name, the page) after some of the page's text: they go back beside
    the date, left to right, and the furniture blocks stand first."""
    date = '<TextBlock ID="d">' + _alto_line([("1998年1月1日", 100), ("星期四", 300)], 20) + "</TextBlock>"
    body = '<TextBlock ID="b">' + "".join(_alto_line([("中小企业是国民经济和社会发展的生力军。", 100)], 200 + 40 * k) for k in range(4)) + "</TextBlock>"
    name = '<TextBlock ID="n">' + _alto_line([("人民日报", 600)], 22) + "</TextBlock>"
    folio = '<TextBlock ID="f">' + _alto_line([("第2版", 1000)], 24) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{date}{body}{folio}{name}</PrintSpace></Page></Layout></alto>".encode()
    (page,) = read_alto(alto)
    assert [ln.text for ln in page.lines][:3] == ["1998年1月1日 星期四", "人民日报", "第2版"]
    doc = clean(alto)
    assert [(b.type.value, b.text) for b in doc.blocks[:3]] == [("furniture", "1998年1月1日 星期四"), ("furniture", "人民日报"), ("furniture", "第2版")]
    # a first line that is no running head moves nothing: the lines in its row are the next columns' tops
    (page,) = read_alto(alto.replace(b"1998\xe5\xb9\xb41\xe6\x9c\x881\xe6\x97\xa5", "今天".encode()))
    assert [ln.text for ln in page.lines][1].startswith("中小企业")


def test_a_credit_flush_right_on_a_captions_last_row_stays_apart() -> None:
    """A photo credit set on the row of its caption's last line fits the
    measure with it, as a cut line would: it is an item of its own."""
    cap = '<TextBlock ID="c">' + "".join(_alto_line([("中小企业是国民经济和社会发展的生力军", 100)], 100 + 40 * k) for k in range(3))
    cap += _alto_line([("举行踏青活动。", 100)], 220) + "</TextBlock>"
    credit = '<TextBlock ID="r">' + _alto_line([("（王琪摄）", 295)], 220) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{cap}{credit}</PrintSpace></Page></Layout></alto>".encode()
    (page,) = read_alto(alto)
    assert [ln.text for ln in page.lines][-2:] == ["举行踏青活动。", "（王琪摄）"]
    (page,) = read_alto(alto.replace("（王琪摄）".encode(), "再过几天了".encode()))
    assert [ln.text for ln in page.lines][-1] == "举行踏青活动。 再过几天了"  # (a cut line is put together)


def test_an_english_running_heads_folio_read_late_goes_back_beside_it() -> None:
    head = '<TextBlock ID="d">' + _alto_line([("Tuesday,", 100), ("March", 235), ("3,", 320), ("1987", 360), ("Commodities", 600)], 20) + "</TextBlock>"
    body = '<TextBlock ID="b">' + "".join(_alto_line([("Prices", 100), ("rose", 200), ("again", 270), ("today.", 355)], 200 + 40 * k) for k in range(4)) + "</TextBlock>"
    folio = '<TextBlock ID="f">' + _alto_line([("D11", 1000)], 22) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{head}{body}{folio}</PrintSpace></Page></Layout></alto>".encode()
    (page,) = read_alto(alto)
    assert [ln.text for ln in page.lines][:2] == ["Tuesday, March 3, 1987 Commodities", "D11"]


def test_a_line_read_short_is_as_wide_as_its_box() -> None:
    """The engine read full-width digits as half-width ones (１９９８ ->
    1998): the text is four cells short of a full line, the box is full;
    its width is the box's, so the paragraph goes on under it."""
    rows = ["记者从广播电影电视部获悉今", "年起我国将用三年时间在广播", "影视系统陆续实行播音员主持", "获悉：自1998年1月1日", "起，我国将实行持证上岗制度", "人员都要参加考试合格后上岗"]
    # (every line 13 characters and 195 units wide: the digits' line has 20 cells of text to the others' 26)
    block = '<TextBlock ID="b">' + "".join(_alto_line([(t, 100)], 100 + 40 * k) for k, t in enumerate(rows)) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{block}</PrintSpace></Page></Layout></alto>".encode()
    (page,) = read_alto(alto)
    short = page.lines[3]
    assert short.text == "获悉：自1998年1月1日" and short.width == page.lines[2].width
    assert "获悉：自1998年1月1日起，我国" in clean(alto).to_text()


def test_a_centred_headline_is_no_indented_paragraph() -> None:
    """Wire copy set without indents under a centred headline: the
    headline's inset is its centring, so the page stays unindented and
    its paragraphs are found from sentence ends and widths."""
    head = '<TextBlock ID="h">' + _alto_line([("STORM", 190), ("HITS", 330)], 20, 60) + "</TextBlock>"
    body = '<TextBlock ID="b">' + "".join(_justified(t, 100, 120 + 40 * k) for k, t in enumerate(["The storm came in the night and the", "harbour walls did not hold back the", "sea for long, said the town council."])) + "</TextBlock>"
    alto = f"<alto><Layout><Page><PrintSpace>{head}{body}</PrintSpace></Page></Layout></alto>".encode()
    (page,) = read_alto(alto)
    assert page.lines[0].text == "STORM HITS" and page.lines[0].indent == ""


@pytest.mark.parametrize(("kind", "blank"), [("textfloat", -1), ("heading", 1), ("", -1)])
def test_a_region_kind_without_a_role_is_an_engines_region(kind: str, blank: int) -> None:
    """Tesseract's ocr_textfloat names no role: a line of a caption it
    put there under a full line of the same box says nothing by itself;
    a region the file calls a heading is a block of its own."""
    def line(n: int, y: float, region: int) -> Line:
        return Line("The storm came in the night and the harbour", n, box=Box(0, y, 430, y + 20), region=region)

    page = Page(1, [line(1, 0, 0), line(2, 30, 0), line(3, 60, 1), line(4, 90, 1)], [Region("a"), Region("b", kind=kind)], unit="px")
    place_lines([page])
    assert page.lines[2].blank_before == blank


@pytest.mark.parametrize(("second", "lower_kind", "blank"), [("RAISE RATES", "", 0), ("RAISE RATES", "heading", 1)])
def test_a_headlines_next_line_in_an_engines_region_of_its_own_goes_on_it(second: str, lower_kind: str, blank: int) -> None:
    """Tesseract puts a headline's first line in an ocr_header and its
    second, stacked at the line pitch in the same type, in a paragraph of
    its own: the region break parts nothing; a region the file gives a role
    is a block of its own."""
    def line(n: int, text: str, y: float, h: float, region: int) -> Line:
        return Line(text, n, box=Box(100, y, 100 + 12 * h, y + h), region=region)

    body = [line(3 + k, "the central bank said on Monday that it", 200 + 30 * k, 20, 2) for k in range(4)]
    page = Page(1, [line(1, "BANKS MOVE TO", 0, 60, 0), line(2, second, 70, 60, 1), *body], [Region("h", kind="heading"), Region("p", kind=lower_kind), Region("b")], unit="px")
    place_lines([page])
    assert page.lines[1].blank_before == blank
    # a headline's line that ends its sentence is no line a next one goes on
    page = Page(1, [line(1, "Banks move.", 0, 60, 0), line(2, second, 70, 60, 1), *body], [Region("h", kind="heading"), Region("p"), Region("b")], unit="px")
    place_lines([page])
    assert page.lines[1].blank_before == 1


def test_halves_of_a_display_line_whose_boxes_touch_are_one_line() -> None:
    """A PDF text layer gives a deck's halves boxes that share an edge,
    give or take a rounding (304.56015 against 304.55999): they touch, they
    do not overlap, and they are one printed line."""
    def line(n: int, x0: float, x1: float, y0: float, h: float, text: str) -> Line:
        return Line(text, n, box=Box(x0, y0, x1, y0 + h), words=[Word(text, Box(x0, y0, x1, y0 + h))])

    body = [line(k + 3, 40, 160, 150 + 13 * k, 11, "记者从广播电影电视部获悉") for k in range(6)]
    deck = [line(1, 179.52, 304.56015, 119.4, 15.2, "李铁映等向第一批获得"), line(2, 304.55999, 416.4, 119.2, 15.2, "资格证书的代表颁证")]
    page = Page(1, [deck[0], *body[:3], deck[1], *body[3:]], [Region("a")], unit="pt")
    place_lines([page])
    assert page.lines[0].text == "李铁映等向第一批获得资格证书的代表颁证" and len(page.lines) == 7


def test_a_headlines_tail_on_its_baseline_is_its_piece_whatever_its_box() -> None:
    """Tesseract's PDF layer gives a headline's tail, read after the column,
    a box half again as tall as its head's (a misread glyph's mark above),
    on the same baseline: one printed line; a box that tall off the
    baseline is another line."""
    def line(n: int, x0: float, x1: float, y0: float, y1: float, text: str) -> Line:
        return Line(text, n, box=Box(x0, y0, x1, y1), words=[Word(text, Box(x0, y0, x1, y1))])

    body = [line(k + 2, 40, 158, 162 + 15 * k, 173 + 15 * k, "据新华社北京电中央军委委员") for k in range(6)]
    head, tail = line(1, 41.3, 366.0, 66.3, 99.8, "于永波会见全军和武警先进"), line(8, 379.7, 543.6, 47.6, 99.4, "典型代表时指出")
    page = Page(1, [head, *body, tail], [Region("a")], unit="pt")
    place_lines([page])
    assert page.lines[0].text == "于永波会见全军和武警先进典型代表时指出"
    off = line(8, 379.7, 543.6, 40.0, 91.8, "典型代表时指出")
    page = Page(1, [line(1, 41.3, 366.0, 66.3, 99.8, "于永波会见全军和武警先进"), *body, off], [Region("a")], unit="pt")
    place_lines([page])
    assert page.lines[0].text == "于永波会见全军和武警先进"


@pytest.mark.parametrize(("attr", "value", "seed"), [("WIDTH", "NaN", 0), ("WIDTH", "inf", 0), ("HPOS", "NaN", 0), ("WIDTH", "1e308", 0), ("HEIGHT", "0", 2)])
def test_a_damaged_coordinate_drops_its_box_not_the_page(attr: str, value: str, seed: int) -> None:
    """A NaN, infinite, absurd or zero-height coordinate is no evidence of
    where a word stands: the box goes, the text stays, and nothing divides
    by it (each of these stopped the page with an internal error)."""
    import random
    import re

    from test_alto_reader import make_alto
    from test_hocr_reader import make_page

    alto = make_alto([make_page(1, random.Random(seed))]).decode()
    count = iter(range(10**6))
    damaged = re.sub(attr + r'="[0-9.]+"', lambda m: f'{attr}="{value}"' if next(count) % 2 == 1 else m.group(0), alto)
    doc = clean(damaged.encode())
    kept = "".join(b.text for b in doc.blocks).replace(" ", "")
    assert len(kept) >= 0.99 * len("".join(re.findall(r'CONTENT="([^"]*)"', alto)))  # the text stays (a line-end hyphen may go)
