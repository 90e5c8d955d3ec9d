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
from .geometry import NUMBERS, join_words, place_lines, union
from .xmlsafe import ReaderError, Trace, attr_number, expect_root, iter_xml, local, parse_xml

MARGIN_KINDS: Final = {"TopMargin": "header", "BottomMargin": "footer", "LeftMargin": "margin", "RightMargin": "margin"}
# Region roles an ID may name outright (a vendor's "TB_heading_3", "Footer1").
ID_KIND_RE: Final = re.compile(r"heading|headline|header|footer|caption|title|page.?number|folio", re.IGNORECASE)
# The label of a Tag that makes a reading-order group one paragraph.
ONE_PARAGRAPH: Final = "paragraph"
UNITS: Final = {"pixel": "px", "mm10": "mm10", "inch1200": "inch1200"}

# The elements the reader takes as they end (the rest is read inside a Page).
WATCHED: Final = tuple("{*}" + name for name in ("Page", "MeasurementUnit", "fileName", "Styles", "Tags", "ReadingOrder"))

__all__ = ["ReaderError", "read_alto"]


def read_alto(data: bytes, trace: Trace | None = None) -> list[Page]:
    """The pages of an ALTO file, their lines in reading order.

    Read as it is parsed: each Page is taken at its end tag and its tree
    cleared, so memory holds one page's elements at a time (the header's
    Styles, Tags and ReadingOrder come before the Layout).  With ``trace``
    (for the XML writers) the tree is kept whole, and ``trace`` gets it and
    each line's TextLine.

    >>> xml = b'<alto><Layout><Page><PrintSpace><TextBlock ID="b1"><TextLine HPOS="0" VPOS="0" WIDTH="50" HEIGHT="10">'
    >>> xml += b'<String CONTENT="Storm" HPOS="0" VPOS="0" WIDTH="25" HEIGHT="10"/><SP/>'
    >>> xml += b'<String CONTENT="hits" HPOS="30" VPOS="0" WIDTH="20" HEIGHT="10"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
    >>> [ln.text for ln in read_alto(xml)[0].lines]
    ['Storm hits']
    """
    pages: list[Page] = []
    unit, image = "px", ""
    styles: dict[str, tuple[float, str]] = {}
    tags: dict[str, str] = {}
    order: dict[str, int] = {}
    continuing: set[str] = set()
    root: etree._Element | None = None
    number = 0
    for event, el in iter_xml(data, "ALTO", WATCHED):
        if root is None:
            root = el.getroottree().getroot()
            expect_root(root, ("alto",), "an ALTO file")
            names = _Names(root.tag)
            if trace is not None:
                trace.root = root
        if event == "start":
            continue
        tag = el.tag
        if tag == names.page:
            page, number = _page(el, len(pages), unit, image, styles, tags, order, names, number, continuing, trace)
            pages.append(page)
            if trace is not None:
                continue  # (the writers need the whole tree)
            el.clear()  # (the page is read: its tree goes)
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
        elif tag == names.unit:
            unit = UNITS.get((el.text or "").strip(), "px")
        elif tag == names.file_name and not image:
            image = (el.text or "").strip()
        elif tag == names.styles:
            styles = _styles(el)
        elif tag == names.tags:
            tags = _tags(el)
        elif tag == names.reading_order:
            order = _reading_order(el)
            continuing = _continuing(el, tags)
    if root is None:  # (no element the reader watches: say what the file is)
        expect_root(parse_xml(data, "ALTO"), ("alto",), "an ALTO file")
    if not pages:
        raise ReaderError("ALTO file without a Page element")
    place_lines(pages, sizes_stated=True)
    return pages


class _Names:
    """The qualified tag names of one file's namespace (or none): compared
    as strings, once per element, not split into local names."""

    def __init__(self, root_tag: str) -> None:
        ns = root_tag[: root_tag.index("}") + 1] if root_tag.startswith("{") else ""
        self.page = ns + "Page"
        self.unit = ns + "MeasurementUnit"
        self.file_name = ns + "fileName"
        self.styles = ns + "Styles"
        self.tags = ns + "Tags"
        self.reading_order = ns + "ReadingOrder"
        self.string = ns + "String"
        self.hyp = ns + "HYP"
        self.line = ns + "TextLine"
        self.block = ns + "TextBlock"
        self.print_space = ns + "PrintSpace"


def _page(
    page_el: etree._Element,
    k: int,
    unit: str,
    image: str,
    styles: dict[str, tuple[float, str]],
    tags: dict[str, str],
    order: dict[str, int],
    names: _Names,
    number: int,
    continuing: set[str],
    trace: Trace | None,
) -> tuple[Page, int]:
    """One Page element -> a Page of lines (``number``: lines before it)."""
    page = Page(k + 1, unit=unit, image=image)
    space = next(page_el.iter(names.print_space), None)
    page.box = _box(space) if space is not None else None
    if page.box is None:
        w, h = attr_number(page_el.get("WIDTH")), attr_number(page_el.get("HEIGHT"))
        page.box = Box(0, 0, w, h) if w and h else None
    style_cache: dict[str, tuple[float, str]] = {}
    for block, kind in _blocks(page_el, order, names):
        region_index = len(page.regions)
        bid = block.get("ID", "")
        region = Region(bid, kind or _kind(block, tags), _box(block), order.get(bid, -1), bid in continuing)
        page.regions.append(region)
        block_style = block.get("STYLEREFS", "")
        for line_el in block.iter(names.line):
            number += 1
            ln = _line(line_el, styles, style_cache, block_style, number, names)
            if ln is None:
                number -= 1
                continue
            ln.page = k
            ln.region = region_index
            ln.ids = tuple(i for i in (line_el.get("ID", ""), bid) if i)
            page.lines.append(ln)
            if trace is not None:
                trace.lines.append(line_el)
    return page, number


def _box(el: etree._Element) -> Box | None:
    """HPOS/VPOS/WIDTH/HEIGHT as a box (None when the element states none)."""
    get = el.get
    h, v = get("HPOS"), get("VPOS")
    if h is None or v is None:
        return None
    w, ht = get("WIDTH") or "0", get("HEIGHT") or "0"
    try:  # (each number parsed once: a page's numbers repeat from word to word)
        x, y = NUMBERS[h], NUMBERS[v]
        return Box(x, y, x + NUMBERS[w], y + NUMBERS[ht])
    except ValueError:
        x, y = attr_number(h), attr_number(v)
        return Box(x, y, x + attr_number(w), y + attr_number(ht))


def _styles(styles_el: etree._Element) -> dict[str, tuple[float, str]]:
    """TextStyle ID -> (FONTSIZE, FONTSTYLE)."""
    out: dict[str, tuple[float, str]] = {}
    for st in styles_el.iter("{*}TextStyle", "TextStyle"):
        out[st.get("ID", "")] = (attr_number(st.get("FONTSIZE")), " ".join(st.get("FONTSTYLE", "").split()))
    return out


def _tags(tags: etree._Element) -> dict[str, str]:
    """Tag ID -> its LABEL or TYPE (LayoutTag, StructureTag, OtherTag ...)."""
    out: dict[str, str] = {}
    if tags is not None:
        for tag in tags:
            tid = tag.get("ID") if isinstance(tag.tag, str) else None
            if tid and tag.get("TYPE") == OWN_TYPE_TAG:
                out[tid] = OWN_PREFIX + (tag.get("LABEL") or "").strip()  # (ocrmend's own verdict: roles.py)
            elif tid:
                out[tid] = (tag.get("LABEL") or tag.get("TYPE") or "").strip().lower()
    return out


def _reading_order(ro: etree._Element) -> dict[str, int]:
    """Element ID -> its place in the ReadingOrder (ALTO 4.3+; nested groups
    in document order)."""
    out: dict[str, int] = {}
    for el in ro.iter():
        ref = el.get("REF") or el.get("ref")
        if ref:
            for r in ref.split():
                out.setdefault(r, len(out))
    return out


def _continuing(ro: etree._Element, tags: dict[str, str]) -> set[str]:
    """The blocks that go on from the one before: all but the first of a
    ReadingOrder group tagged as one paragraph (a Tag labelled
    ``paragraph``: ocrmend's ALTO output marks a paragraph over a column
    break so)."""
    out: set[str] = set()
    for group in ro.iter("{*}OrderedGroup", "OrderedGroup"):
        if any(tags.get(t) == ONE_PARAGRAPH for t in group.get("TAGREFS", "").split()):
            refs = [r for el in group.iter() if el is not group for r in (el.get("REF") or "").split()]
            out.update(refs[1:])
    return out


def _blocks(page_el: etree._Element, order: dict[str, int], names: _Names) -> list[tuple[etree._Element, str]]:
    """The page's TextBlocks (with the margin kind they stand in), in
    reading order: the ReadingOrder's where it names them (or their
    ComposedBlock), the rest after them in the file's order."""
    found: list[tuple[etree._Element, str, int]] = []
    for block in page_el.iter(names.block):
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


def _line(
    line_el: etree._Element,
    styles: dict[str, tuple[float, str]],
    style_cache: dict[str, tuple[float, str]],
    block_style: str,
    number: int,
    names: _Names,
) -> Line | None:
    """One TextLine: its words joined, its hyphen mark, its stated size and style."""
    words: list[Word] = []
    sizes: dict[float, int] = {}
    style_count: dict[str, int] = {}
    hyphen = ""
    hyp_text = ""
    line_style = line_el.get("STYLEREFS", "") or block_style
    string, hyp = names.string, names.hyp
    for el in line_el:
        name = el.tag
        if name == string:
            content = el.get("CONTENT", "")
            if not content.strip():
                continue
            refs = el.get("STYLEREFS", "") or line_style
            found = style_cache.get(refs)
            if found is None:
                found = style_cache[refs] = _style_of(refs, styles)
            size, style = found
            box = _box(el)
            wc = el.get("WC")
            words.append(Word(content, box, attr_number(wc) if wc else -1.0, el.get("ID", ""), size, style))
            sizes[size] = sizes.get(size, 0) + len(content)
            style_count[style] = style_count.get(style, 0) + len(content)
            if el.get("SUBS_TYPE", "") == "HypPart1":
                hyphen = el.get("SUBS_CONTENT", "") or "-"
            elif hyphen and hyp_text == "":
                hyphen = ""  # (a HypPart1 that was not the line's last word)
        elif name == hyp:
            hyp_text = el.get("CONTENT", "-") or "-"
            hyphen = hyphen or "-"
    if not words:
        return None
    # A String is a word: Latin Strings are joined with a space whether or not
    # an SP stands between them (vendors leave SP out at will, so SP is not
    # read), CJK ones tight (``join_words``).
    if hyp_text:
        words[-1] = Word(words[-1].text + hyp_text, words[-1].box, words[-1].confidence, words[-1].id, words[-1].size, words[-1].style)
    text = join_words(words)
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
