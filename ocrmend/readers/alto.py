"""The ALTO reader (v2 to v4, any namespace): bytes -> pages of lines.

Page / PrintSpace / Top-, Bottom-, Left-, RightMargin, ComposedBlock,
TextBlock, TextLine, String (CONTENT, WC, HPOS/VPOS/WIDTH/HEIGHT,
STYLEREFS -> TextStyle FONTSIZE/FONTSTYLE, SUBS_TYPE/SUBS_CONTENT), SP,
HYP, and the ReadingOrder of ALTO 4.3+ (else the file's order).  Elements
are matched on their local names, so every ALTO namespace (and none) reads
the same.  A Region per TextBlock; its kind from its TAGREFS (a Tag's
LABEL or TYPE), the margin it stands in, or a telling ID.  The geometry
becomes the engine's units in ``geometry.place_lines``.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from ..model import Box, Line, Page, Region, Word
from ..roles import OWN_PREFIX, OWN_TYPE_TAG
from .geometry import join_words, place_lines, union
from .xmlsafe import ReaderError, Trace, attr_number, expect_root, local, parse_xml

MARGIN_KINDS: Final = {"TopMargin": "header", "BottomMargin": "footer", "LeftMargin": "margin", "RightMargin": "margin"}
# Region roles an ID may name outright (a vendor's "TB_heading_3", "Footer1").
ID_KIND_RE: Final = re.compile(r"heading|headline|header|footer|caption|title|page.?number|folio", re.IGNORECASE)
# The label of a Tag that makes a reading-order group one paragraph.
ONE_PARAGRAPH: Final = "paragraph"
UNITS: Final = {"pixel": "px", "mm10": "mm10", "inch1200": "inch1200"}

__all__ = ["ReaderError", "read_alto"]


def read_alto(data: bytes, trace: Trace | None = None) -> list[Page]:
    """The pages of an ALTO file, their lines in reading order (``trace``,
    when given, gets the tree and each line's TextLine).

    >>> xml = b'<alto><Layout><Page><PrintSpace><TextBlock ID="b1"><TextLine HPOS="0" VPOS="0" WIDTH="50" HEIGHT="10">'
    >>> xml += b'<String CONTENT="Storm" HPOS="0" VPOS="0" WIDTH="25" HEIGHT="10"/><SP/>'
    >>> xml += b'<String CONTENT="hits" HPOS="30" VPOS="0" WIDTH="20" HEIGHT="10"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
    >>> [ln.text for ln in read_alto(xml)[0].lines]
    ['Storm hits']
    """
    root = parse_xml(data, "ALTO")
    expect_root(root, ("alto",), "an ALTO file")
    if trace is not None:
        trace.root = root
    unit_el = _first(root, "MeasurementUnit")
    unit = UNITS.get((unit_el.text or "").strip(), "px") if unit_el is not None else "px"
    image_el = _first(root, "fileName")
    image = (image_el.text or "").strip() if image_el is not None else ""
    styles = _styles(root)
    tags = _tags(root)
    order = _reading_order(root)
    continuing = _continuing(root, tags)
    pages: list[Page] = []
    number = 0
    for k, page_el in enumerate(root.iter("{*}Page", "Page")):
        page = Page(k + 1, unit=unit, image=image)
        space = _first(page_el, "PrintSpace")
        page.box = _box(space) if space is not None else None
        if page.box is None:
            w, h = attr_number(page_el.get("WIDTH")), attr_number(page_el.get("HEIGHT"))
            page.box = Box(0, 0, w, h) if w and h else None
        blocks = _blocks(page_el, order)
        for block, kind in blocks:
            region_index = len(page.regions)
            bid = block.get("ID", "")
            region = Region(bid, kind or _kind(block, tags), _box(block), order.get(bid, -1), bid in continuing)
            page.regions.append(region)
            block_style = block.get("STYLEREFS", "")
            for line_el in block.iter("{*}TextLine", "TextLine"):
                number += 1
                ln = _line(line_el, styles, block_style, number)
                if ln is None:
                    number -= 1
                    continue
                ln.page = k
                ln.region = region_index
                ln.ids = tuple(i for i in (line_el.get("ID", ""), bid) if i)
                page.lines.append(ln)
                if trace is not None:
                    trace.lines.append(line_el)
        pages.append(page)
    if not pages:
        raise ReaderError("ALTO file without a Page element")
    place_lines(pages, sizes_stated=True)
    return pages


def _first(el: etree._Element, name: str) -> etree._Element | None:
    return next(el.iter("{*}" + name, name), None)


def _box(el: etree._Element) -> Box | None:
    """HPOS/VPOS/WIDTH/HEIGHT as a box (None when the element states none)."""
    if el.get("HPOS") is None or el.get("VPOS") is None:
        return None
    x, y = attr_number(el.get("HPOS")), attr_number(el.get("VPOS"))
    return Box(x, y, x + attr_number(el.get("WIDTH")), y + attr_number(el.get("HEIGHT")))


def _styles(root: etree._Element) -> dict[str, tuple[float, str]]:
    """TextStyle ID -> (FONTSIZE, FONTSTYLE)."""
    out: dict[str, tuple[float, str]] = {}
    for st in root.iter("{*}TextStyle", "TextStyle"):
        out[st.get("ID", "")] = (attr_number(st.get("FONTSIZE")), " ".join(st.get("FONTSTYLE", "").split()))
    return out


def _tags(root: etree._Element) -> dict[str, str]:
    """Tag ID -> its LABEL or TYPE (LayoutTag, StructureTag, OtherTag ...)."""
    out: dict[str, str] = {}
    tags = _first(root, "Tags")
    if tags is not None:
        for tag in tags:
            tid = tag.get("ID") if isinstance(tag.tag, str) else None
            if tid and tag.get("TYPE") == OWN_TYPE_TAG:
                out[tid] = OWN_PREFIX + (tag.get("LABEL") or "").strip()  # (ocrmend's own verdict: roles.py)
            elif tid:
                out[tid] = (tag.get("LABEL") or tag.get("TYPE") or "").strip().lower()
    return out


def _reading_order(root: etree._Element) -> dict[str, int]:
    """Element ID -> its place in the ReadingOrder (ALTO 4.3+; nested groups
    in document order), {} when the file has none."""
    ro = _first(root, "ReadingOrder")
    if ro is None:
        return {}
    out: dict[str, int] = {}
    for el in ro.iter():
        ref = el.get("REF") or el.get("ref")
        if ref:
            for r in ref.split():
                out.setdefault(r, len(out))
    return out


def _continuing(root: etree._Element, tags: dict[str, str]) -> set[str]:
    """The blocks that go on from the one before: all but the first of a
    ReadingOrder group tagged as one paragraph (a Tag labelled
    ``paragraph``: ocrmend's ALTO output marks a paragraph over a column
    break so)."""
    ro = _first(root, "ReadingOrder")
    out: set[str] = set()
    if ro is None:
        return out
    for group in ro.iter("{*}OrderedGroup", "OrderedGroup"):
        if any(tags.get(t) == ONE_PARAGRAPH for t in group.get("TAGREFS", "").split()):
            refs = [r for el in group.iter() for r in (el.get("REF") or "").split() if el is not group]
            out.update(refs[1:])
    return out


def _blocks(page_el: etree._Element, order: dict[str, int]) -> list[tuple[etree._Element, str]]:
    """The page's TextBlocks (with the margin kind they stand in), in
    reading order: the ReadingOrder's where it names them (or their
    ComposedBlock), the rest after them in the file's order."""
    found: list[tuple[etree._Element, str, int]] = []
    for block in page_el.iter("{*}TextBlock", "TextBlock"):
        kind = ""
        rank = order.get(block.get("ID", ""), -1)
        for anc in block.iterancestors():
            name = local(anc.tag)
            if name in MARGIN_KINDS and not kind:
                kind = MARGIN_KINDS[name]
            if rank < 0 and name == "ComposedBlock":
                rank = order.get(anc.get("ID", ""), -1)
            if name == "Page":
                break
        found.append((block, kind, rank))
    if order:
        ranked = sorted((f for f in found if f[2] >= 0), key=lambda f: f[2])
        found = ranked + [f for f in found if f[2] < 0]
    return [(b, kind) for b, kind, _ in found]


def _kind(block: etree._Element, tags: dict[str, str]) -> str:
    for ref in block.get("TAGREFS", "").split():
        if tags.get(ref):
            return tags[ref]
    m = ID_KIND_RE.search(block.get("ID", ""))
    return m.group(0).lower() if m else ""


def _line(line_el: etree._Element, styles: dict[str, tuple[float, str]], block_style: str, number: int) -> Line | None:
    """One TextLine: its words joined, its hyphen mark, its stated size and style."""
    words: list[Word] = []
    spaced: list[bool] = []
    sizes: dict[float, int] = {}
    style_count: dict[str, int] = {}
    hyphen = ""
    hyp_text = ""
    space_before = False
    line_style = line_el.get("STYLEREFS", "") or block_style
    for el in line_el:
        name = local(el.tag)
        if name == "String":
            content = el.get("CONTENT", "")
            if not content.strip():
                continue
            size, style = _style_of(el.get("STYLEREFS", "") or line_style, styles)
            box = _box(el)
            wc = el.get("WC")
            words.append(Word(content, box, attr_number(wc) if wc else -1.0, el.get("ID", ""), size, style))
            spaced.append(space_before)
            space_before = False
            sizes[size] = sizes.get(size, 0) + len(content)
            style_count[style] = style_count.get(style, 0) + len(content)
            if el.get("SUBS_TYPE", "") == "HypPart1":
                hyphen = el.get("SUBS_CONTENT", "") or "-"
            elif hyphen and hyp_text == "":
                hyphen = ""  # (a HypPart1 that was not the line's last word)
        elif name == "SP":
            space_before = True
        elif name == "HYP":
            hyp_text = el.get("CONTENT", "-") or "-"
            hyphen = hyphen or "-"
    if not words:
        return None
    # A String is a word: Latin Strings are joined with a space whether or not
    # an SP stands between them (vendors leave SP out at will; the SP is kept
    # in ``spaced`` for nothing else), CJK ones tight (``join_words``).
    spaced = [True] * len(words)
    if hyp_text:
        words[-1] = Word(words[-1].text + hyp_text, words[-1].box, words[-1].confidence, words[-1].id, words[-1].size, words[-1].style)
    text = join_words(words, spaced)
    if not text:
        return None
    box = _box(line_el) or union([w.box for w in words if w.box is not None])
    size = max(sizes, key=lambda s: sizes[s])
    style = max(style_count, key=lambda s: style_count[s])
    return Line(text, number, box=box, size=size, style=style, hyphen=hyphen, words=words)


def _style_of(refs: str, styles: dict[str, tuple[float, str]]) -> tuple[float, str]:
    size, style = 0.0, ""
    for ref in refs.split():
        if ref in styles:
            s, st = styles[ref]
            size = size or s
            style = style or st
    return size, style
