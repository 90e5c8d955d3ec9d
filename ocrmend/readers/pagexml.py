"""The PAGE XML reader (2009 to 2019 schemas, any namespace): bytes -> pages of lines.

TextRegion (nested ones too, and those in tables) and Transkribus's
TableCell, with its @type, else the ``structure {type:...}`` of its
@custom, as ``Region.kind``; TextLine with Coords (its box: the polygon's
bounds; the 2009 schema's Point elements too) and Baseline; Word;
TextEquiv -- the line's own preferred (lowest @index, else the first),
else its words' (a word's own, else its glyphs'), else its region's text
cut at its newlines.  The ReadingOrder (OrderedGroup / UnorderedGroup,
nested, RegionRef(Indexed) by @index) where given, else the
``readingOrder {index:N;}`` of the regions' @custom (Transkribus), else
the document's order; a region it leaves out follows the region around it
that it names, else comes last, in document order.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from ..model import Box, Line, Page, Region, Word
from ..roles import OWN_PREFIX, OWN_TYPE_TAG
from .geometry import join_words, place_lines, union
from .xmlsafe import NUMBER_PATTERN, ReaderError, Trace, attr_number, expect_root, local, parse_xml

CUSTOM_TYPE_RE: Final = re.compile(r"structure\s*\{[^}]*\btype\s*:\s*([\w-]+)")
# A region's place in Transkribus's reading order, in its @custom.
CUSTOM_ORDER_RE: Final = re.compile(r"readingOrder\s*\{[^}]*\bindex\s*:\s*(\d+)")
# The whole word ocrmend's PAGE output records for a line's broken last word (writers/pagexml.py).
CUSTOM_HYPHEN_RE: Final = re.compile(r"ocrmend\s*\{[^}]*\bhyphen:([^;}]+);")
NUMBER_RE: Final = re.compile(NUMBER_PATTERN)
# The elements that hold TextLines: regions, and the cells of a Transkribus
# table (TableRegion/TableCell, an extension of the 2013 schema), whose
# text would be lost if only regions were read.
TEXT_CONTAINERS: Final = ("{*}TextRegion", "TextRegion", "{*}TableCell", "TableCell")
TABLE_CELL_KIND: Final = "table-cell"

__all__ = ["ReaderError", "read_pagexml"]


def read_pagexml(data: bytes, trace: Trace | None = None) -> list[Page]:
    """The pages of a PAGE XML file (one per Page element), their lines in
    reading order (``trace``, when given, gets the tree and each line's element).

    >>> xml = b'<PcGts><Page imageFilename="p.png"><TextRegion id="r1" type="heading"><TextLine id="l1">'
    >>> xml += b'<Coords points="0,0 90,0 90,20 0,20"/><TextEquiv><Unicode>Deutsches Reich.</Unicode></TextEquiv>'
    >>> xml += b'</TextLine></TextRegion></Page></PcGts>'
    >>> [(ln.text, read_pagexml(xml)[0].regions[ln.region].kind) for ln in read_pagexml(xml)[0].lines]
    [('Deutsches Reich.', 'heading')]
    """
    root = parse_xml(data, "PAGE XML")
    expect_root(root, ("PcGts",), "a PAGE XML file")
    if trace is not None:
        trace.root = root
    pages: list[Page] = []
    number = 0
    for k, page_el in enumerate(_children_named(root, "Page")):
        page = Page(k + 1, unit="px", image=page_el.get("imageFilename", ""))
        w, h = attr_number(page_el.get("imageWidth")), attr_number(page_el.get("imageHeight"))
        page.box = Box(0, 0, w, h) if w and h else None
        regions = [el for el in page_el.iter(*TEXT_CONTAINERS)]
        order = _reading_order(page_el)
        if order:
            regions = _in_reading_order(regions, order)
        for region_el in regions:
            rid = region_el.get("id", "")
            region_index = len(page.regions)
            lines = _region_lines(region_el)
            if not lines:
                continue
            region = Region(rid, _kind(region_el), _coords_box(region_el), order.index(rid) if rid in order else -1)
            region.continues = region_el.get("continuation", "") in ("true", "1")
            page.regions.append(region)
            for ln, line_el in lines:
                number += 1
                ln.number = number
                ln.page = k
                ln.region = region_index
                ln.ids = tuple(i for i in (*ln.ids, rid) if i)
                page.lines.append(ln)
                if trace is not None:
                    trace.lines.append(line_el)
        pages.append(page)
    if not pages:
        raise ReaderError("PAGE XML file without a Page element")
    place_lines(pages, sizes_stated=False)
    return pages


def _in_reading_order(regions: list[etree._Element], order: list[str]) -> list[etree._Element]:
    """The regions (in document order) sorted by the ReadingOrder: a region
    it leaves out but that stands inside one it names (a paragraph in an
    article region, a cell in a table: segmenters order the outer regions
    only) follows that one, in document order; the rest come last.

    >>> xml = '<Page><TextRegion id="a"><TextRegion id="a1"/></TextRegion><TextRegion id="b"/><TextRegion id="c"/></Page>'
    >>> page = etree.fromstring(xml)
    >>> [r.get("id") for r in _in_reading_order(list(page.iter("TextRegion")), ["b", "a"])]
    ['b', 'a', 'a1', 'c']
    """
    rank = {rid: i for i, rid in enumerate(order)}
    last = len(order)

    def place(region: etree._Element) -> tuple[int, bool]:
        own = rank.get(region.get("id", ""))
        if own is not None:
            return own, False
        for anc in region.iterancestors():
            if local(anc.tag) == "Page":
                break
            named = rank.get(anc.get("id", ""))
            if named is not None:
                return named, True
        return last, True

    return sorted(regions, key=place)  # (stable: document order within a place)


def _children_named(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name]


def _coords_box(el: etree._Element) -> Box | None:
    """The bounds of an element's own Coords polygon (points="x,y x,y ..."
    or, in the 2009 schema, Point children)."""
    coords = next((c for c in el if local(c.tag) == "Coords"), None)
    if coords is None:
        return None
    xs: list[float] = []
    ys: list[float] = []
    points = coords.get("points")
    if points:
        nums = [float(n) for n in NUMBER_RE.findall(points)]
        xs, ys = nums[0::2], nums[1::2]
    else:
        for p in coords:
            if local(p.tag) == "Point":
                xs.append(attr_number(p.get("x")))
                ys.append(attr_number(p.get("y")))
    if not xs or not ys:
        return None
    return Box(min(xs), min(ys), max(xs), max(ys))


def _kind(region_el: etree._Element) -> str:
    for labels in _children_named(region_el, "Labels"):
        for label in _children_named(labels, "Label"):
            if label.get("type") == OWN_TYPE_TAG and label.get("value"):
                return OWN_PREFIX + label.get("value", "")  # (ocrmend's own verdict: roles.py)
    kind = region_el.get("type", "")
    if not kind:
        m = CUSTOM_TYPE_RE.search(region_el.get("custom", ""))
        kind = m.group(1) if m else ""
    if not kind and local(region_el.tag) == "TableCell":
        kind = TABLE_CELL_KIND
    return kind


def _text_equiv(el: etree._Element) -> str | None:
    """The element's own preferred TextEquiv/Unicode: lowest @index, else the first."""
    equivs = [c for c in el if local(c.tag) == "TextEquiv"]
    if not equivs:
        return None
    best = min(equivs, key=lambda e: (attr_number(e.get("index")) if e.get("index") is not None else float("inf"), equivs.index(e)))
    uni = next((c for c in best if local(c.tag) == "Unicode"), None)
    return (uni.text or "") if uni is not None else None


def _word_text(word_el: etree._Element) -> str | None:
    """A Word's text: its own TextEquiv, else its Glyphs' joined (an OCR-D
    step may fill in the lowest level only: the text is all there).

    >>> w = etree.fromstring('<Word><Glyph><TextEquiv><Unicode>O</Unicode></TextEquiv></Glyph><Glyph><TextEquiv><Unicode>K</Unicode></TextEquiv></Glyph></Word>')
    >>> _word_text(w)
    'OK'
    """
    text = _text_equiv(word_el)
    if text is None or not text.strip():
        text = "".join(_text_equiv(g) or "" for g in _children_named(word_el, "Glyph")) or text
    return text


def _region_lines(region_el: etree._Element) -> list[tuple[Line, etree._Element]]:
    """The region's own TextLines (not those of regions nested in it), each
    with its element (the region's, for text it holds without lines)."""
    out: list[tuple[Line, etree._Element]] = []
    for line_el in _children_named(region_el, "TextLine"):
        words: list[Word] = []
        for w in _children_named(line_el, "Word"):
            wt = _word_text(w)
            if wt and wt.strip():
                words.append(Word(wt.strip(), _coords_box(w), _conf(w), w.get("id", "")))
        text = _text_equiv(line_el)
        if text is None or not text.strip():
            text = join_words(words) if words else ""
        text = " ".join(text.split())
        if not text:
            continue
        box = _coords_box(line_el) or union([w.box for w in words if w.box is not None])
        ln = Line(text, 0, box=box, words=words or None, ids=(line_el.get("id", ""),))
        hyphen = CUSTOM_HYPHEN_RE.search(line_el.get("custom", ""))
        if hyphen:
            ln.hyphen = hyphen.group(1)
        out.append((ln, line_el))
    if not out:
        text = _text_equiv(region_el)
        if text and text.strip():
            box = _coords_box(region_el)
            parts = [p.strip() for p in text.splitlines() if p.strip()]
            for p in parts:
                out.append((Line(" ".join(p.split()), 0, box=None if len(parts) > 1 else box), region_el))
    return out


def _conf(el: etree._Element) -> float:
    equiv = next((c for c in el if local(c.tag) == "TextEquiv"), None)
    c = equiv.get("conf") if equiv is not None else None
    return attr_number(c) if c else -1.0


def _reading_order(page_el: etree._Element) -> list[str]:
    """Region ids in the page's ReadingOrder; without one, in the order the
    @custom of the page's regions states (Transkribus exports pages with
    ``readingOrder {index:N;}`` on each region and no ReadingOrder); [] when
    neither is given.

    >>> page = etree.fromstring('<Page><TextRegion id="b" custom="readingOrder {index:1;}"/><TextRegion id="a" custom="readingOrder {index:0;}"/></Page>')
    >>> _reading_order(page)
    ['a', 'b']
    """
    ro = next((c for c in page_el if local(c.tag) == "ReadingOrder"), None)
    if ro is not None:
        return region_refs(ro)
    ranked = []
    for k, el in enumerate(page_el):
        m = CUSTOM_ORDER_RE.search(el.get("custom", "")) if isinstance(el.tag, str) and el.get("id") else None
        if m:
            ranked.append((int(m.group(1)), k, el.get("id", "")))
    return [rid for _, _, rid in sorted(ranked)]


def region_refs(ro: etree._Element) -> list[str]:
    """Region ids in a ReadingOrder's order: an ordered group's members by
    @index, an unordered group's in document order, groups followed into
    (the reader's order, and the one the PAGE writer keeps)."""
    out: list[str] = []
    seen: set[str] = set()

    def walk(group: etree._Element) -> None:
        ref = group.get("regionRef")
        if ref and ref not in seen:
            seen.add(ref)
            out.append(ref)
        members = [c for c in group if isinstance(c.tag, str) and local(c.tag) not in ("Labels", "UserDefined")]
        if local(group.tag).startswith("OrderedGroup"):
            members.sort(key=lambda c: attr_number(c.get("index")))  # (stable: members without @index keep their order)
        for c in members:
            walk(c)

    for group in ro:
        if isinstance(group.tag, str):
            walk(group)
    return out
