"""The XML writers (ocrmend.writers): ALTO 4.4 and PAGE 2019 output.

Every output validates against the official schema (kept offline in
fixtures/schemas/), keeps every source line, word and id (the lossless
invariant for XML), and reads back into the same blocks.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from pagegen import make_page
from typer.testing import CliRunner

import ocrmend
from ocrmend.cli import app

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "fixtures" / "schemas"
LAYOUT = HERE / "fixtures" / "layout"
SEED_TEXT = HERE.parent / "samples" / "seed-page.txt"
SCHEMA_FILES = {"alto": "alto-4-4.xsd", "page": "pagecontent-2019-07-15.xsd"}
NAMESPACES = {"alto": "http://www.loc.gov/standards/alto/ns-v4#", "page": "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"}


@cache
def schema(fmt: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / SCHEMA_FILES[fmt])))


def write(doc: ocrmend.Document, fmt: str) -> etree._Element:
    out = doc.to_alto() if fmt == "alto" else doc.to_page()
    root = etree.fromstring(out.encode("utf-8"))
    schema(fmt).assertValid(root)
    assert etree.QName(root).namespace == NAMESPACES[fmt]
    return root


def blocks(doc: ocrmend.Document) -> list[tuple[str, str]]:
    return [(str(b.type), b.text) for b in doc.blocks]


def source_ids(root: etree._Element) -> set[str]:
    """The ids of a source's content: pages, regions, lines, words (not its reading-order groups)."""
    skip = {"OrderedGroup", "UnorderedGroup", "ElementRef", "OrderedGroupIndexed", "UnorderedGroupIndexed"}
    return {v for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname not in skip for v in (el.get("ID"), el.get("id")) if v}


def named(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == name]


def alto_words(root: etree._Element) -> list[str]:
    """Each String's source content: its ALTERNATIVE PURPOSE=original where ocrmend changed it."""
    out = []
    for s in named(root, "String"):
        original = [a.text for a in s if etree.QName(a).localname == "ALTERNATIVE" and a.get("PURPOSE") == "original"]
        out.append(original[0] if original else s.get("CONTENT"))
    return out


def page_texts(root: etree._Element) -> list[str]:
    """Every TextEquiv text of a PAGE file but ocrmend's cleaned ones, sorted."""
    return sorted(
        "".join(e.itertext())
        for e in named(root, "TextEquiv")
        if e.get("comments") != "ocrmend: the block's cleaned text"
    )


# ------------------------------------------------------------------ layout inputs, enriched
@pytest.mark.parametrize("name, fmt", [("seed.alto.xml", "alto"), ("seed.page.xml", "page")])
def test_a_layout_input_comes_back_enriched_valid_and_lossless(name: str, fmt: str) -> None:
    data = (LAYOUT / name).read_bytes()
    doc = ocrmend.clean(data, source=name)
    out = write(doc, fmt)
    src = etree.fromstring(data)
    assert source_ids(src) <= source_ids(out)
    assert len(named(out, "TextLine")) == len(named(src, "TextLine"))
    if fmt == "alto":
        assert alto_words(out) and sorted(alto_words(out)) == sorted(s.get("CONTENT") for s in named(src, "String"))
        assert named(out, "Processing")[0].findtext(f"{{{NAMESPACES['alto']}}}processingCategory") == "contentModification"
    else:
        assert page_texts(out) and page_texts(out) == page_texts(src)
    # the round trip: reading the output gives the same blocks
    assert blocks(ocrmend.clean(etree.tostring(out), source=name)) == blocks(doc)


def test_alto_paragraphs_inside_one_textblock_become_their_own_blocks() -> None:
    data = (LAYOUT / "seed.alto.xml").read_bytes()
    doc = ocrmend.clean(data)
    out = write(doc, "alto")
    ids = [b.get("ID") for b in named(out, "TextBlock")]
    assert len(ids) == len(set(ids)) and "cjk_2" in ids  # the second paragraph of block "cjk"
    cut = next(b for b in named(out, "TextBlock") if b.get("ID") == "cjk_2")
    lines = [ln for ln in cut if etree.QName(ln).localname == "TextLine"]
    assert float(cut.get("VPOS")) == min(float(ln.get("VPOS")) for ln in lines)
    assert float(cut.get("HPOS")) == min(float(ln.get("HPOS")) for ln in lines)
    # the reading order lists the blocks as ocrmend reads them: the headline first
    refs = [r.get("REF") for r in named(out, "ElementRef")]
    assert refs[0] == "hd" and set(refs) >= set(ids)
    # every block refers to a tag naming its type
    labels = {t.get("ID"): t.get("LABEL") for t in named(out, "StructureTag")}
    assert [labels[b.get("TAGREFS").split()[0]] for b in named(out, "TextBlock")][-1] == "body"


def test_page_regions_get_types_labels_reading_order_and_cleaned_text() -> None:
    data = (LAYOUT / "seed.page.xml").read_bytes()
    doc = ocrmend.clean(data)
    out = write(doc, "page")
    regions = named(out, "TextRegion")
    assert all(r.get("type") for r in regions)
    order = [r.get("regionRef") for r in named(out, "RegionRefIndexed")]
    assert order == [b.lines[0].ids[-1] for b in doc.blocks]  # (the regions stay where they stood)
    cleaned = {r.get("id"): e.findtext(f"{{{NAMESPACES['page']}}}Unicode") for r in regions for e in r if e.get("index") == "0"}
    assert [cleaned[rid] for rid in order] == [b.text for b in doc.blocks]
    assert any(m.get("type") == "processingStep" for m in named(out, "MetadataItem"))


def test_a_changed_alto_string_keeps_its_original() -> None:
    xml = (
        b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page ID="p"><PrintSpace>'
        b'<TextBlock ID="b"><TextLine ID="l" HPOS="0" VPOS="0" WIDTH="300" HEIGHT="30">'
        + "".join(f'<String ID="s{k}" CONTENT="{ch}" HPOS="{30 * k}" VPOS="0" WIDTH="30" HEIGHT="30"/>' for k, ch in enumerate("科技成果,积极参与")).encode()
        + b"</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"
    )
    doc = ocrmend.clean(xml)
    assert "，" in doc.blocks[0].text
    out = write(doc, "alto")  # (and v3 came out as valid 4.4)
    changed = next(s for s in named(out, "String") if s.get("ID") == "s4")
    assert changed.get("CONTENT") == "，" and changed.get("PROCESSINGREFS") == "OCRMEND_PROCESSING"
    assert [a.text for a in changed] == [","] and changed[0].get("PURPOSE") == "original"
    assert changed.get("CS") is None  # (CS is manual correction in the schema: ocrmend's is not)


# ------------------------------------------------------------------ new documents from the page model
@pytest.mark.parametrize("fmt", ["alto", "page"])
def test_plain_text_becomes_a_valid_document_holding_every_line(fmt: str) -> None:
    doc = ocrmend.clean(SEED_TEXT.read_bytes(), source="seed-page.txt")
    out = write(doc, fmt)
    if fmt == "page":
        texts = [ln.findtext(f"{{{NAMESPACES['page']}}}TextEquiv/{{{NAMESPACES['page']}}}Unicode") for ln in named(out, "TextLine")]
    else:
        texts = [" ".join(s.get("CONTENT") for s in named(ln, "String")) for ln in named(out, "TextLine")]
    # every source line once; the one the engine cut in two (a credit printed
    # after a caption's last line, B013) as its two parts, one in each block
    source = list({id(ln): ln.text for b in doc.blocks for ln in b.lines}.values())
    cut = "科技成果,积极参与全球卫生安全治理的倡议。 王 琪 摄 （资料图片）"
    assert texts[:-2] == source[:-1] and source[-1] == cut
    assert " ".join(texts[-2:]).replace(" ", "") == cut.replace(" ", "")
    assert len(named(out, "TextRegion" if fmt == "page" else "TextBlock")) == len(doc.blocks)


@pytest.mark.parametrize("fmt", ["alto", "page"])
def test_plain_text_round_trip(fmt: str) -> None:
    doc = ocrmend.clean(SEED_TEXT.read_bytes())
    out = doc.to_alto() if fmt == "alto" else doc.to_page()
    assert blocks(ocrmend.clean(out.encode())) == blocks(doc)


@pytest.mark.parametrize("profile", ["english", "pdf-columns", "furniture"])
def test_generated_pages_validate_in_both_formats(profile: str) -> None:
    page, _ = make_page(profile, 0)
    doc = ocrmend.clean(page)
    for fmt in ("alto", "page"):
        out = write(doc, fmt)
        assert len(named(out, "TextLine")) >= len({id(ln) for b in doc.blocks for ln in b.lines})
        assert blocks(ocrmend.clean(etree.tostring(out))) == blocks(doc)


def test_hocr_input_keeps_its_ids_in_a_new_document() -> None:
    data = (LAYOUT / "seed.hocr").read_bytes()
    doc = ocrmend.clean(data)
    out = write(doc, "page")
    kept = {v for el in out.iter() if isinstance(el.tag, str) for v in [el.get("id")] if v}
    assert {ln.ids[0] for b in doc.blocks for ln in b.lines if ln.ids} <= kept


# ------------------------------------------------------------------ the command
def test_cli_writes_xml_outputs_with_two_part_extensions(tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt, ext in (("alto", ".alto.xml"), ("page", ".page.xml")):
        result = runner.invoke(app, ["clean", str(LAYOUT), "--glob", "*.xml", "-f", fmt, "-o", str(tmp_path / fmt), "-q"])
        assert result.exit_code == 0, result.output
        outs = sorted(os.listdir(tmp_path / fmt))
        assert outs == sorted(f"{n.rsplit('.', 1)[0]}{ext}" for n in ("seed.alto.xml", "seed.page.xml"))
        for name in outs:
            schema(fmt).assertValid(etree.parse(str(tmp_path / fmt / name)))


def test_cli_refuses_a_hostile_file_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><alto>&x;</alto>')
    result = CliRunner().invoke(app, ["clean", str(bomb), "-f", "alto", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


# ------------------------------------------------------------------ older schemas, upgraded
def _alto_line(i: int, words: list[str], y: int) -> str:
    strings = "<SP/>".join(f'<String ID="s{i}_{k}" CONTENT="{w}" HPOS="{k * 120}" VPOS="{y}" WIDTH="100" HEIGHT="30"/>' for k, w in enumerate(words))
    return f'<TextLine ID="l{i}" HPOS="0" VPOS="{y}" WIDTH="{len(words) * 120}" HEIGHT="30">{strings}</TextLine>'


def test_alto_v2_becomes_valid_4_4_and_a_joined_word_is_marked() -> None:
    body = "".join(
        _alto_line(i, text.split(), 40 * i)
        for i, text in enumerate(["The committee met on Monday to discuss the inter-", "national trade agreement and its effects on", "small farmers across the region this year."])
    )
    xml = (
        '<alto xmlns="http://schema.ccs-gmbh.com/ALTO"><Layout><Page HEIGHT="500" WIDTH="1500"><PrintSpace PC="0.9">'
        f'<TextBlock ID="b" language="en">{body}</TextBlock></PrintSpace></Page></Layout></alto>'
    ).encode()
    doc = ocrmend.clean(xml)
    assert "international" in doc.blocks[0].text
    out = write(doc, "alto")
    first, second = (next(s for s in named(out, "String") if s.get("ID") == sid) for sid in ("s0_8", "s1_0"))
    assert (first.get("CONTENT"), first.get("SUBS_TYPE"), first.get("SUBS_CONTENT")) == ("inter-", "HypPart1", "international")
    assert (second.get("SUBS_TYPE"), second.get("SUBS_CONTENT")) == ("HypPart2", "international")
    block = named(out, "TextBlock")[0]
    assert block.get("LANG") == "en" and named(out, "Page")[0].get("PC") == "0.9"
    assert blocks(ocrmend.clean(etree.tostring(out))) == blocks(doc)


def _page_region(rid: str, lines: list[str], x: int, kind: str = "paragraph") -> str:
    out = []
    for k, text in enumerate(lines):
        y = 100 + 40 * k
        out.append(
            f'<TextLine id="{rid}_l{k}"><Coords><Point x="{x}" y="{y}"/><Point x="{x + 900}" y="{y}"/><Point x="{x + 900}" y="{y + 30}"/>'
            f'<Point x="{x}" y="{y + 30}"/></Coords><TextEquiv><Unicode>{text}</Unicode></TextEquiv></TextLine>'
        )
    return f'<TextRegion id="{rid}" type="{kind}"><Coords><Point x="{x}" y="100"/><Point x="{x + 900}" y="100"/><Point x="{x + 900}" y="900"/><Point x="{x}" y="900"/></Coords>{"".join(out)}</TextRegion>'


def test_page_2009_with_foreign_metadata_becomes_valid_2019_and_a_paragraph_over_two_columns_stays_one() -> None:
    left = ["The council decided on Tuesday that the old", "bridge over the river will be rebuilt next", "year, after a long debate about its histo-"]
    right = ["ric value and the cost of the works, which", "the engineers put at four million marks."]
    xml = (
        '<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2010-03-19"><Metadata><Creator>x</Creator>'
        "<Created>2020-01-01T00:00:00</Created><LastChange>2020-01-01T00:00:00</LastChange>"
        '<TranskribusMetadata docId="7" pageId="8"/></Metadata><Page imageFilename="p.png" imageWidth="2000" imageHeight="1000">'
        + _page_region("r1", left, 0)
        + _page_region("r2", right, 1000)
        + "</Page></PcGts>"
    ).encode()
    doc = ocrmend.clean(xml)
    assert len(doc.blocks) == 1 and "historic value" in doc.blocks[0].text
    out = write(doc, "page")
    item = next(m for m in named(out, "MetadataItem") if m.get("name") == "TranskribusMetadata")
    assert {(label.get("type"), label.get("value")) for label in named(item, "Label")} == {("docId", "7"), ("pageId", "8")}
    assert next(r for r in named(out, "TextRegion") if r.get("id") == "r2").get("continuation") == "true"
    group = named(out, "OrderedGroupIndexed")[0]
    assert group.get("type") == "paragraph" and [r.get("regionRef") for r in group] == ["r1", "r2"]
    assert blocks(ocrmend.clean(etree.tostring(out))) == blocks(doc)
    # the same page as ALTO (a new document): the paragraph is one reading-order group, read back as one block
    alto = write(doc, "alto")
    assert blocks(ocrmend.clean(etree.tostring(alto))) == blocks(doc)


def test_a_long_text_cleaned_in_pieces_is_one_xml_document() -> None:
    from ocrmend.stream import PieceRenderer

    written: list[str] = []
    renderer = PieceRenderer("page", written.append, "long.txt", "utf-8")
    first = ocrmend.clean("第一段的文字。\n\n第二段的文字。\n")
    second = ocrmend.clean("第三段的文字。\n")
    renderer.add(first, 0)
    renderer.add(second, 3)
    renderer.close()
    out = etree.fromstring("".join(written).encode("utf-8"))
    schema("page").assertValid(out)
    assert len(named(out, "TextRegion")) == 3


def test_the_alignment_of_cleaned_text_with_strings_rebuilds_the_cleaned_text() -> None:
    import random

    from ocrmend.writers.alto import _opcodes

    rng = random.Random(7)
    for _ in range(300):
        source = [rng.choice("abc,.-年") for _ in range(rng.randint(0, 80))]
        target = list(source)
        for _ in range(rng.randint(0, 6)):
            k = rng.randint(0, len(target))
            r = rng.random()
            if r < 0.3 and k < len(target):
                target[k] = "，"
            elif r < 0.6 and k < len(target):
                del target[k]
            else:
                target.insert(k, "x")
        rebuilt: list[str] = []
        at = (0, 0)
        for op, i1, i2, j1, j2 in _opcodes(source, target):
            assert (i1, j1) == at
            assert op != "equal" or source[i1:i2] == target[j1:j2]
            rebuilt += target[j1:j2]
            at = (i2, j2)
        assert at == (len(source), len(target)) and rebuilt == target


def test_a_pdf_text_layer_becomes_a_new_document_in_its_units() -> None:
    from pdfgen import Run, pdf

    page = [Run("Storm hits the coast", 40, 40, 24, bold=True), Run("The storm came in the night and tore", 60, 90), Run("roofs off a dozen houses.", 40, 103)]
    doc = ocrmend.clean(pdf([page, page]), source="storm.pdf")
    for fmt in ("alto", "page"):
        out = write(doc, fmt)
        assert blocks(ocrmend.clean(etree.tostring(out))) == blocks(doc)
    alto = write(doc, "alto")
    assert alto.findtext(f"{{{NAMESPACES['alto']}}}Description/{{{NAMESPACES['alto']}}}MeasurementUnit") == "inch1200"
    assert len(named(alto, "Page")) == 2 and len(named(write(doc, "page"), "Page")) == 1


def test_a_line_put_together_from_pieces_keeps_both_source_lines() -> None:
    def text_line(lid: str, words: list[str], x: int, y: int, h: int, style: str) -> str:
        strings, cx = [], x
        for k, w in enumerate(words):
            width = len(w) * h // 2
            strings.append(f'<String ID="{lid}_{k}" CONTENT="{w}" HPOS="{cx}" VPOS="{y}" WIDTH="{width}" HEIGHT="{h}" STYLEREFS="{style}"/>')
            cx += width + h // 2
        return f'<TextLine ID="{lid}" HPOS="{x}" VPOS="{y}" WIDTH="{cx - x - h // 2}" HEIGHT="{h}">{"<SP/>".join(strings)}</TextLine>'

    body = ["The storm came in the night and tore", "roofs off a dozen houses along the", "shore road before dawn. Fishermen said", "they had never seen the sea so high."]
    xml = (
        '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Styles><TextStyle ID="big" FONTSIZE="30"/><TextStyle ID="small" FONTSIZE="10"/></Styles>'
        '<Layout><Page ID="p" PHYSICAL_IMG_NR="1" WIDTH="1400" HEIGHT="800"><PrintSpace>'
        + '<TextBlock ID="h1">' + text_line("hA", ["Storm", "hits"], 100, 50, 60, "big") + "</TextBlock>"
        + '<TextBlock ID="b1">' + "".join(text_line(f"line{k}", t.split(), 100, 150 + 30 * k, 20, "small") for k, t in enumerate(body)) + "</TextBlock>"
        + '<TextBlock ID="h2">' + text_line("hB", ["the", "coast"], 450, 50, 60, "big") + "</TextBlock>"
        + "</PrintSpace></Page></Layout></alto>"
    ).encode()
    doc = ocrmend.clean(xml)
    assert blocks(doc)[0] == ("headline", "Storm hits the coast")  # (R005: the tail read after the column)
    out = write(doc, "alto")
    lines = {b.get("ID"): [ln.get("ID") for ln in b] for b in named(out, "TextBlock")}
    assert lines["h1"] == ["hA", "hB"] and lines["h2"] == []  # both pieces in the headline's block, none dropped
    assert blocks(ocrmend.clean(etree.tostring(out))) == blocks(doc)
    assert blocks(ocrmend.clean(etree.tostring(write(doc, "page")))) == blocks(doc)


def test_a_new_document_names_the_scan_the_source_named() -> None:
    """ALTO read and written as PAGE (and the other way): the page image the
    source named, not the source file, is the new document's image."""
    from ocrmend import clean

    page = clean((LAYOUT / "seed.alto.xml").read_bytes(), source="x/seed.alto.xml").to_page()
    assert 'imageFilename="seed.png"' in page
    alto = clean((LAYOUT / "seed.page.xml").read_bytes(), source="x/seed.page.xml").to_alto()
    assert "<fileName>seed.png</fileName>" in alto
