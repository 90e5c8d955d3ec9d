"""The layout readers on the variants of engines and archives we hold no
samples of, written here after their public descriptions and exports:
Transkribus and OCR-D PAGE XML, ABBYY and ocr-fileformat hOCR, kraken
hOCR.  What each must keep: every character of the text, and the order
and regions the file states."""

from __future__ import annotations

from ocrmend import clean
from ocrmend.model import Box
from ocrmend.readers.hocr import read_hocr
from ocrmend.readers.pagexml import read_pagexml

PAGE_2019 = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"


def _page(body: str, order: list[str] | None = None, ns: str = PAGE_2019) -> bytes:
    ro = ""
    if order:
        refs = "".join(f'<RegionRefIndexed index="{i}" regionRef="{rid}"/>' for i, rid in enumerate(order))
        ro = f'<ReadingOrder><OrderedGroup id="ro1">{refs}</OrderedGroup></ReadingOrder>'
    return f'<PcGts xmlns="{ns}"><Page imageFilename="p.png" imageWidth="1000" imageHeight="1400">{ro}{body}</Page></PcGts>'.encode()


def _line(lid: str, y: int, text: str, x0: int = 100, x1: int = 900) -> str:
    return f'<TextLine id="{lid}"><Coords points="{x0},{y} {x1},{y} {x1},{y + 30} {x0},{y + 30}"/><TextEquiv><Unicode>{text}</Unicode></TextEquiv></TextLine>'


def _region(rid: str, inner: str, kind: str = "paragraph") -> str:
    return f'<TextRegion id="{rid}" type="{kind}"><Coords points="0,0 1000,0 1000,1400 0,1400"/>{inner}</TextRegion>'


def test_regions_nested_in_one_the_reading_order_names_follow_it() -> None:
    """An article region the ReadingOrder names, holding paragraph regions
    it does not name (segmenters order the outer regions only): the
    paragraphs are read where the article stands, not after the page."""
    body = (
        _region("head", _line("l1", 100, "Storm Floods the Valley"), "heading")
        + _region("art", _region("p1", _line("l2", 200, "The river rose six feet overnight.")) + _region("p2", _line("l3", 260, "Officials said the water would fall.")))
        + _region("foot", _line("l4", 1300, "Page 7"), "footer")
    )
    (page,) = read_pagexml(_page(body, ["head", "art", "foot"]))
    assert [ln.text for ln in page.lines] == ["Storm Floods the Valley", "The river rose six feet overnight.", "Officials said the water would fall.", "Page 7"]


def _glyph_words(lid: str, y: int, words: list[str]) -> str:
    """A TextLine whose text stands at the glyph level only (no TextEquiv on its words or on it)."""
    out, x = [], 100
    for k, word in enumerate(words):
        glyphs = "".join(f'<Glyph id="{lid}w{k}g{j}"><Coords points="{x + 20 * j},{y} {x + 20 * j + 18},{y + 30}"/><TextEquiv conf="0.9"><Unicode>{c}</Unicode></TextEquiv></Glyph>' for j, c in enumerate(word))
        out.append(f'<Word id="{lid}w{k}"><Coords points="{x},{y} {x + 20 * len(word)},{y} {x + 20 * len(word)},{y + 30} {x},{y + 30}"/>{glyphs}</Word>')
        x += 20 * len(word) + 15
    return f'<TextLine id="{lid}"><Coords points="100,{y} {x},{y} {x},{y + 30} 100,{y + 30}"/>{"".join(out)}</TextLine>'


def test_text_at_the_glyph_level_only_is_read() -> None:
    """OCR-D steps may fill in TextEquiv at the lowest level only: a page
    whose text stands in Glyphs alone came out empty."""
    body = _region("r1", _glyph_words("l1", 200, ["The", "river", "rose."]) + _glyph_words("l2", 240, ["Water", "fell."]))
    (page,) = read_pagexml(_page(body))
    assert [ln.text for ln in page.lines] == ["The river rose.", "Water fell."]
    assert [b.text for b in clean(_page(body)).blocks] == ["The river rose. Water fell."]


def test_a_transkribus_tables_cells_are_read_in_the_tables_place() -> None:
    """Transkribus keeps a table's text in TableRegion/TableCell/TextLine
    (its extension of the 2013 schema), the ReadingOrder naming the table:
    the cells' text was lost."""
    cells = "".join(
        f'<TableCell row="{r}" col="{c}" rowSpan="1" colSpan="1" id="c{r}{c}"><Coords points="0,0 1,1"/><CornerPts>0 1 2 3</CornerPts>'
        + _line(f"c{r}{c}l", 300 + 60 * r, text, 100 + 400 * c, 450 + 400 * c)
        + "</TableCell>"
        for r, c, text in [(0, 0, "Wheat"), (0, 1, "31 shillings"), (1, 0, "Barley"), (1, 1, "28 shillings")]
    )
    body = (
        '<TableRegion id="tab" custom="readingOrder {index:1;}"><Coords points="100,300 900,300 900,420 100,420"/>' + cells + "</TableRegion>"
        + '<TextRegion id="head" custom="readingOrder {index:0;} structure {type:heading;}"><Coords points="0,0 1,1"/>' + _line("l1", 100, "Market prices of grain") + "</TextRegion>"
        + _region("after", _line("l9", 600, "Trade was slow all week."))
    )
    (page,) = read_pagexml(_page(body, ["head", "tab", "after"], "http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15"))
    assert [ln.text for ln in page.lines] == ["Market prices of grain", "Wheat", "31 shillings", "Barley", "28 shillings", "Trade was slow all week."]
    assert {page.regions[ln.region].kind for ln in page.lines[1:5]} == {"table-cell"}
    assert "".join(b.text for b in clean(_page(body, ["head", "tab", "after"])).blocks).count("shillings") == 2


def _hocr_line(lid: str, y: int, words: list[str], x: int = 100, cls: str = "ocr_line") -> str:
    spans, cx = [], x
    for k, w in enumerate(words):
        spans.append(f"<span class='ocrx_word' id='{lid}_{k}' title='bbox {cx} {y} {cx + 20 * len(w)} {y + 30}; x_wconf 91'>{w}</span>")
        cx += 20 * len(w) + 15
    return f"<span class='{cls}' id='{lid}' title='bbox {x} {y} {cx - 15} {y + 30}; baseline 0 -6; x_size 30'>{' '.join(spans)}</span>"


def test_an_hocr_area_of_a_line_class_is_read_once_and_gives_its_kind() -> None:
    """ABBYY FineReader and ocr-fileformat write a page's head as a div of
    class ocr_header around its paragraphs (on a line, Tesseract's
    ocr_header is a heading): the div was taken for a line as well, its
    text put out twice."""
    head = "<div class='ocr_header' id='hd' title='bbox 100 40 700 70'><p class='ocr_par' id='p0'>" + _hocr_line("l0", 40, ["THE", "EVENING", "STAR,", "MARCH", "3,", "1925"]) + "</p></div>"
    body = "<div class='ocr_carea' id='b1'><p class='ocr_par' id='p1'>" + _hocr_line("l1", 200, ["The", "river", "rose", "six", "feet."]) + "</p></div>"
    data = f"<html><body><div class='ocr_page' title='bbox 0 0 1000 1400'>{head}{body}</div></body></html>".encode()
    (page,) = read_hocr(data)
    assert [ln.text for ln in page.lines] == ["THE EVENING STAR, MARCH 3, 1925", "The river rose six feet."]
    assert [r.kind for r in page.regions] == ["header", ""]
    assert [(b.type.value, b.text) for b in clean(data).blocks] == [("furniture", "THE EVENING STAR, MARCH 3, 1925"), ("body", "The river rose six feet.")]


def _kraken(lines: list[tuple[str, str, int, list[str]]], sep: str) -> bytes:
    """kraken's hOCR (no XML declaration, lines in ocrx_block regions with
    a data-region-type), its title properties parted by ``sep``: "; " from
    kraken 3.0 on, ", " before."""
    blocks: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for block, kind, y, words in lines:
        kinds[block] = kind
        spans, x = [], 100
        for k, w in enumerate(words):
            spans.append(f'<span class="ocrx_word" id="s{y}_{k}" title="bbox {x} {y} {x + 20 * len(w)} {y + 30}{sep}x_confs 0.98 0.97">{w}</span>')
            x += 20 * len(w) + 15
        blocks.setdefault(block, []).append(f'<span class="ocr_line" id="l{y}" title="bbox 100 {y} {x - 15} {y + 30}{sep}x_bboxes 1 2 3 4">{"".join(spans)}</span>\n<br/>')
    body = "".join(f'<div class="ocrx_block" id="{b}" data-region-type="{kinds[b]}" title="bbox 0 0 1 1">{"".join(ls)}</div>' for b, ls in blocks.items())
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n<meta name="ocr-system" content="kraken"/>\n</head>\n<body>\n'
        f'<div class="ocr_page" title="bbox 0 0 1000 1400{sep}image page_7.png" style="writing-mode: horizontal-tb;">{body}</div>\n</body>\n</html>\n'
    ).encode()


def test_krakens_blocks_give_regions_with_their_type_and_its_titles_read_with_either_separator() -> None:
    lines = [
        ("r0", "header", 40, ["THE", "EVENING", "STAR"]),
        ("r1", "text", 200, ["The", "river", "rose", "six", "feet"]),
        ("r1", "text", 240, ["overnight."]),
        ("r2", "text", 400, ["Officials", "said", "it", "would", "fall."]),
    ]
    for sep in ("; ", ", "):
        (page,) = read_hocr(_kraken(lines, sep))
        assert [(r.id, r.kind) for r in page.regions] == [("r0", "header"), ("r1", "text"), ("r2", "text")]
        assert [page.regions[ln.region].id for ln in page.lines] == ["r0", "r1", "r1", "r2"]
        assert page.box == Box(0, 0, 1000, 1400)
        first = clean(_kraken(lines, sep)).blocks[0]
        assert (first.type.value, first.text) == ("furniture", "THE EVENING STAR")
    # a line without words (OCRopus, kraken's line-only output) has its box from its own title alone
    data = b"<html><body><div class='ocr_page' title='bbox 0 0 1000 1400, image p.png'><span class='ocr_line' title='bbox 100 200 600 230, x_bboxes 1 2'>The river rose.</span></div></body></html>"
    assert read_hocr(data)[0].lines[0].box == Box(100, 200, 600, 230)


def test_transkribus_order_in_custom_is_kept_without_a_reading_order_element() -> None:
    """A Transkribus export may state its order only in each region's
    @custom (``readingOrder {index:N;}``), with no ReadingOrder element:
    the regions were read in the file's order instead."""

    def region(rid: str, index: int, kind: str, inner: str) -> str:
        return f'<TextRegion id="{rid}" custom="readingOrder {{index:{index};}} structure {{type:{kind};}}"><Coords points="0,0 1,1"/>{inner}</TextRegion>'

    body = (
        region("r2", 2, "paragraph", _line("l3", 400, "Officials said the water would fall."))
        + region("r0", 0, "heading", _line("l1", 100, "Storm Floods the Valley"))
        + region("r1", 1, "paragraph", _line("l2", 200, "The river rose six feet overnight."))
    )
    (page,) = read_pagexml(_page(body, ns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15"))
    assert [ln.text for ln in page.lines] == ["Storm Floods the Valley", "The river rose six feet overnight.", "Officials said the water would fall."]
