"""The hOCR reader (1.x): bytes -> pages of lines.

ocr_page, ocr_carea, ocr_par, ocr_line -- and Tesseract's ocr_header,
ocr_caption and ocr_textfloat, lines whose class is a hint kept in their
region's ``kind``; the same classes and ocr_footer and ocr_pageno on an
area around lines (ABBYY, ocr-fileformat) give that area's kind -- and
ocrx_word, with the title properties bbox (after a ";", or a "," as
kraken wrote before 3.0), x_wconf, x_size (the line's font size, as the
engine estimated it), baseline and image.  A Region per ocr_par (per
ocr_carea, or kraken's ocrx_block with its data-region-type, for lines
outside any paragraph).  CJK words, one character at a time from OCR, are joined
tight (``geometry.join_words``).

XHTML hOCR (what Tesseract writes) is parsed as XML with the safe parser of
``xmlsafe`` and read a page at a time: each ocr_page is read at its end tag
and its tree cleared.  A file of more than ``WHOLE_PARSE_BYTES`` is parsed a
page at a time too, so that it holds one page's elements at a time; a
smaller one is parsed whole first, which is quicker.
HTML hOCR (no XML declaration, not well-formed XML) is parsed whole with
lxml's HTML parser, without network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from lxml import etree

from ..model import Box, Line, Page, Region, Word
from .geometry import DECIMALS, join_words, place_lines, union
from .xmlsafe import ENTITY_RE, NUMBER_PATTERN, PROLOG_BYTES, ReaderError, attr_number, iter_xml, local, parse_xml

LINE_CLASSES: Final = {"ocr_line": "", "ocr_header": "heading", "ocr_caption": "caption", "ocr_textfloat": "textfloat", "ocrx_line": ""}
PAGE_CLASS: Final = "ocr_page"
# hOCR's classes for an area of the page around lines (a div or p: ABBYY
# FineReader's running heads, ocr-fileformat's ALTO margins), as region
# kinds: on an area ocr_header is the page's head, where on a line
# (Tesseract) it is a heading (``LINE_CLASSES``).
AREA_KINDS: Final = {"ocr_header": "header", "ocr_footer": "footer", "ocr_pageno": "page-number", "ocr_caption": "caption"}
# kraken's region of lines, and the attribute that names its type ("text",
# "heading", "marginalia" ...: the segmentation model's words).
BLOCK_CLASS: Final = "ocrx_block"
REGION_TYPE_ATTR: Final = "data-region-type"
WORD_CLASS: Final = "ocrx_word"
# A file is hOCR when an element below its root has one of these in its class.
HOCR_MARKS: Final = ("ocr_page", "ocr_line", "ocrx_word")
# The heads of a file that is XML for sure: its errors are errors, not a cue to try HTML.
XML_HEADS: Final = (b"<?xml", b"\xef\xbb\xbf<?xml", b"\xff\xfe", b"\xfe\xff")
# The elements whose ends the parser reports, the pages among them: engines
# write an ocr_page as a div (Tesseract does), and the parser passes over
# the rest (the words) without a Python call.  A file with a page of another
# element is read again with every element reported (``_ReadAgain``).
PAGE_TAGS: Final = ("{*}div",)
EVERY_TAG: Final = ("*",)
ENDS: Final = ("end",)
# A file up to this size is parsed whole before its pages are read (its
# tree some five times the file): libxml2 parses a buffer whole in two thirds
# of the time it takes fed page by page.  A bigger file is parsed a page at
# a time, and holds one page's tree.
WHOLE_PARSE_BYTES: Final = 1 << 20
WCONF_RE: Final = re.compile(rf"x_wconf\s+({NUMBER_PATTERN})")
FSIZE_RE: Final = re.compile(rf"x_fsize\s+({NUMBER_PATTERN})")
# The bbox property wherever it stands in a title, after a ";" (the spec)
# or a "," (kraken's hOCR before 3.0: "bbox 0 0 2200 3000, image p.png").
BBOX_RE: Final = re.compile(r"(?:^|[;,])\s*bbox" + 4 * rf"\s+({NUMBER_PATTERN})" + r"(?![\d.])")

__all__ = ["ReaderError", "read_hocr"]

# A line as the reader finds it: its element, the class that makes it a
# line, the paragraph (or content area) it stands in, and its words.
_Found = tuple[etree._Element, str, "etree._Element | None", list[Word]]


class _ReadAgain(Exception):
    """An ocr_page of the file is no div, or stands in one that is not: read
    the file again with every element reported."""


def read_hocr(data: bytes) -> list[Page]:
    """The pages of an hOCR file (one per ocr_page), their lines in the file's order.

    >>> html = b"<html><body><div class='ocr_page' title='bbox 0 0 100 100'><p class='ocr_par'>"
    >>> html += b"<span class='ocr_line' title='bbox 0 0 40 10'><span class='ocrx_word' title='bbox 0 0 20 10'>\\xe5\\xb9\\xb4</span>"
    >>> html += b"<span class='ocrx_word' title='bbox 20 0 40 10'>\\xe6\\x9c\\x88</span></span></p></div></body></html>"
    >>> [ln.text for ln in read_hocr(html)[0].lines]
    ['年月']
    """
    if data[:PROLOG_BYTES].lstrip().startswith(XML_HEADS):
        root, marked, pages = _read_xml(data)
    else:
        if ENTITY_RE.search(data[:PROLOG_BYTES]):
            raise ReaderError("refusing hOCR: the file declares XML entities (a DTD entity bomb or an external entity); they are never expanded")
        try:
            root, marked, pages = _read_xml(data)
        except ReaderError:
            tree = _parse_html(data)  # (whole: nothing to gain from emptying its pages)
            root, marked, pages = _read(etree.iterwalk(tree, events=ENDS, tag=EVERY_TAG), every=True, clear=False)
    if local(root.tag).lower() != "html" or not marked:
        raise ReaderError(f"not an hOCR file: the root element is <{local(root.tag)}> and no ocr_page, ocr_line or ocrx_word is in it")
    place_lines(pages, sizes_stated=False)
    return pages


def _read_xml(data: bytes) -> tuple[etree._Element, bool, list[Page]]:
    try:
        return _read(_xml_ends(data, PAGE_TAGS), every=False, clear=True)
    except _ReadAgain:
        return _read(_xml_ends(data, EVERY_TAG), every=True, clear=True)


def _xml_ends(data: bytes, tags: tuple[str, ...]) -> Iterator[tuple[str, etree._Element]]:
    """The ends of the elements named in ``tags``, in the file's order: a
    file of up to ``WHOLE_PARSE_BYTES`` parsed whole first, a bigger one as
    it is parsed (its pages cleared as they are read, both ways).  A file
    the parser refuses is refused as it is parsed: the parser words some
    errors otherwise when it has the whole file at once."""
    if len(data) <= WHOLE_PARSE_BYTES:
        try:
            return etree.iterwalk(parse_xml(data, "hOCR"), events=ENDS, tag=tags)
        except ReaderError:
            pass
    return iter_xml(data, "hOCR", tags, ENDS)


def _parse_html(data: bytes) -> etree._Element:
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReaderError(f"not readable hOCR: {' '.join(str(e).split())[:200]}") from None


def _read(events: Iterator[tuple[str, etree._Element]], every: bool, clear: bool) -> tuple[etree._Element, bool, list[Page]]:
    """(root, whether an element below it has an hOCR class, the pages),
    each outermost ocr_page read at its end (with the pages inside it) and
    then, with ``clear``, emptied.  ``events``: the ends of the elements
    that may be pages (``every`` one of them, or the divs only: then a page
    left unread at the end raises ``_ReadAgain``).  A file without any
    ocr_page is one page of all its lines."""
    root: etree._Element | None = None
    pages: list[Page] = []
    number = 0
    for _, el in events:
        if root is None:
            root = el.getroottree().getroot()
            if local(root.tag).lower() != "html":
                for _ in events:  # (a file that is not well-formed says so first)
                    pass
                return root, False, pages
        if PAGE_CLASS not in _classes(el) or el is root:
            continue
        if any(PAGE_CLASS in _classes(a) for a in el.iterancestors() if a is not root):
            continue  # (read with the page around it)
        number = _read_pages(el, pages, number)
        if clear:
            el.clear()  # (the page is read: its tree goes)
    if root is None:  # (not one div in the file: no page ended)
        raise _ReadAgain
    if not every and any(PAGE_CLASS in _classes(el) for el in root.iterdescendants()):
        raise _ReadAgain  # (a page of another element, left unread: the pages read are emptied)
    if pages:
        return root, True, pages
    found = [(el, hit, _holder(el), _words(el)) for el, hit in _lines_in(root)]
    marked = any(mark in (el.get("class") or "") for el in root.iterdescendants() for mark in HOCR_MARKS)
    return root, marked, [_page(root, 0, found, 0)[0]]


def _read_pages(page_el: etree._Element, pages: list[Page], number: int) -> int:
    """Read an outermost ocr_page, and any inside it, onto ``pages``
    (``number``: the lines before it; the lines after it returned)."""
    found = _walk(page_el)
    if found is not None:
        page, number = _page(page_el, len(pages), found, number)
        pages.append(page)
        return number
    inner = [el for el in page_el.iterdescendants() if PAGE_CLASS in _classes(el)]
    for el in [page_el, *inner]:
        page, number = _page(el, len(pages), [(ln, hit, _holder(ln), _words(ln)) for ln, hit in _lines_in(el)], number)
        pages.append(page)
    return number


def _walk(page_el: etree._Element) -> list[_Found] | None:
    """The page's lines and their words in one walk over its elements --
    or None for a page not built as engines build it (a line's
    children all childless words, no word outside a line, no page inside
    another), which ``_lines_in`` and ``_words`` read as they come."""
    found: list[_Found] = []
    words: list[Word] = []
    left = 0  # children of the last line still to come (in a line so built, the next elements)
    above: etree._Element | None = None  # the parent of the last line ...
    holder: etree._Element | None = None  # ... and the paragraph it stands in
    elements = page_el.iter()
    next(elements)  # (the page itself)
    for el in elements:
        cls: str | None = el.get("class")
        if left:
            left -= 1
            if cls != WORD_CLASS or len(el):
                return None
            word = _word(el, el.text)  # (childless: its text is all its text)
            if word is not None:
                words.append(word)
            continue
        if not cls:
            continue
        classes = cls.split()
        if WORD_CLASS in classes or PAGE_CLASS in classes:
            return None
        hit = _line_class(classes)
        if hit is not None:
            words, left = [], len(el)
            parent = el.getparent()
            if parent is not above:
                above, holder = parent, _holder(el)
            found.append((el, hit, holder, words))
    return found


def _lines_in(el: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Every line below ``el``, with the class that makes it one, in the
    file's order, but for areas (``_is_area``)."""
    for sub in el.iterdescendants():
        hit = _line_class(_classes(sub))
        if hit is not None and not _is_area(sub):
            yield sub, hit


def _is_area(el: etree._Element) -> bool:
    """An element of a line's class that holds lines, and no word outside
    them, is an area (ABBYY and ocr-fileformat write a page's head as a div
    of class ocr_header around its paragraphs): its lines are read, not it
    as well.  One with words of its own stays a line, whatever it holds."""
    holds_line = False
    for sub in el.iterdescendants():
        if _is_line(sub):
            holds_line = True
        elif WORD_CLASS in _classes(sub) and not any(_is_line(a) for a in _between(sub, el)):
            return False
    return holds_line


def _is_line(el: etree._Element) -> bool:
    return _line_class(_classes(el)) is not None


def _line_class(classes: list[str]) -> str | None:
    """The first of ``classes`` that makes an element a line (None for none)."""
    for c in classes:
        if c in LINE_CLASSES:
            return c
    return None


def _between(sub: etree._Element, el: etree._Element) -> Iterator[etree._Element]:
    """The elements between ``sub`` and its ancestor ``el`` (neither included)."""
    for anc in sub.iterancestors():
        if anc is el:
            return
        yield anc


def _words(line_el: etree._Element) -> list[Word]:
    """The words of a line, wherever they stand in it."""
    words: list[Word] = []
    for w in line_el.iter():
        if WORD_CLASS in _classes(w):
            word = _word(w, w.text if not len(w) else "".join(w.itertext()))
            if word is not None:
                words.append(word)
    return words


def _page(page_el: etree._Element, k: int, found: list[_Found], number: int) -> tuple[Page, int]:
    """One ocr_page (or the root of a file without any) and its lines ->
    a Page (``number``: the lines before it; the lines after it returned)."""
    title = _title(page_el)
    page = Page(k + 1, unit="px", image=_prop(title, "image").strip('"'), box=_bbox(title))
    regions: dict[etree._Element, int] = {}  # region element -> index in page.regions
    for el, hit, holder, words in found:
        ln = _line(el, words, number + 1)
        if ln is None:
            continue
        number += 1
        src = holder if holder is not None else el
        index = regions.get(src)
        if index is None:
            index = regions[src] = len(page.regions)
            page.regions.append(Region(src.get("id", ""), LINE_CLASSES[hit] or _area_kind(src), _bbox(_title(src))))
        region = page.regions[index]
        if LINE_CLASSES[hit] and not region.kind:
            region.kind = LINE_CLASSES[hit]
        ln.page = k
        ln.region = index
        line_id: str = el.get("id", "")
        ln.ids = (line_id, region.id) if line_id and region.id else (line_id,) if line_id else (region.id,) if region.id else ()
        page.lines.append(ln)
    return page, number


def _classes(el: etree._Element) -> list[str]:
    c: str | None = el.get("class") if isinstance(el.tag, str) else None
    return c.split() if c else []


def _title(el: etree._Element) -> str:
    """The element's title, where hOCR states its properties ("" for none)."""
    title: str | None = el.get("title")
    return title or ""


def _prop(title: str, name: str) -> str:
    """The title's property ``name``: the rest of its entry (its last), ""
    for none.

    >>> _prop('image "p.png"; bbox 0 0 2480 3508; ppageno 0', "image")
    '"p.png"'
    """
    value = ""
    for part in title.split(";"):
        if name in part:  # (the other properties' entries are not taken apart)
            key, _, rest = part.strip().partition(" ")
            if key == name:
                value = rest.strip()
    return value


def _bbox(title: str) -> Box | None:
    """The bbox property of an element's title (None without one).

    >>> _bbox("bbox 10 20 300 40; x_size 20")
    Box(x0=10.0, y0=20.0, x1=300.0, y1=40.0)
    >>> _bbox("bbox 0 0 2200 3000, image p.png")
    Box(x0=0.0, y0=0.0, x1=2200.0, y1=3000.0)
    """
    parts = title.split(";", 1)[0].split()
    if len(parts) == 5 and parts[0] == "bbox":  # (the usual title: one split)
        try:
            return Box(DECIMALS[parts[1]], DECIMALS[parts[2]], DECIMALS[parts[3]], DECIMALS[parts[4]])
        except KeyError:  # (not all digits: "-2", "1.5")
            pass
    b = BBOX_RE.search(title)
    return Box(float(b[1]), float(b[2]), float(b[3]), float(b[4])) if b else None


def _number(value: str) -> float:
    """A property's first number (-1 for none)."""
    parts = value.split()
    return attr_number(parts[0]) if parts else -1.0


def _holder(el: etree._Element) -> etree._Element | None:
    """The paragraph (else the content area, or kraken's block) a line stands in."""
    area = None
    for anc in el.iterancestors():
        classes = _classes(anc)
        if "ocr_par" in classes:
            return anc
        if area is None and ("ocr_carea" in classes or BLOCK_CLASS in classes):
            area = anc
        if "ocr_page" in classes:
            break
    return area


def _area_kind(src: etree._Element) -> str:
    """The kind an hOCR area class (``AREA_KINDS``) or kraken's region type
    states for a line's region, on the region's element or an area around
    it inside the page ("" for none)."""
    el: etree._Element | None = src
    while el is not None:  # (up to the page: its ancestors are not listed)
        classes = _classes(el)
        if PAGE_CLASS in classes:
            break
        kind: str | None = next((AREA_KINDS[c] for c in classes if c in AREA_KINDS), None) or el.get(REGION_TYPE_ATTR)
        if kind:
            return kind
        el = el.getparent()
    return ""


def _word(w: etree._Element, text: str | None) -> Word | None:
    """One ocrx_word of that text, all the text in it (None without any).
    Tesseract's title, ``bbox 153 159 372 193; x_wconf 92``, is read by one
    split; what the patterns make of it is the same, and they read any
    other title.  (The strings lxml gives are typed: mypyc then compiles
    their methods, not a generic call each.)"""
    text = text.strip() if text else ""
    if not text:
        return None
    title: str = w.get("title") or ""  # (``_title``, inline: a call a word)
    wid: str = w.get("id", "")
    p = title.split()
    if len(p) == 7 and p[0] == "bbox" and p[5] == "x_wconf" and p[4][-1:] == ";":
        try:
            return Word(text, Box(DECIMALS[p[1]], DECIMALS[p[2]], DECIMALS[p[3]], DECIMALS[p[4][:-1]]), DECIMALS[p[6]] / 100, wid)
        except KeyError:
            pass
    b = BBOX_RE.search(title)
    box = Box(float(b[1]), float(b[2]), float(b[3]), float(b[4])) if b else None
    c = WCONF_RE.search(title)
    conf = attr_number(c[1]) / 100 if c else -1.0
    f = FSIZE_RE.search(title) if "x_fsize" in title else None
    return Word(text, box, conf, wid, attr_number(f[1]) if f else 0.0)


def _line(el: etree._Element, words: list[Word], number: int) -> Line | None:
    """A line of its words (of its text where it has none; None without either)."""
    text = join_words(words) if words else " ".join("".join(el.itertext()).split())
    if not text:
        return None
    title = _title(el)
    box = _bbox(title) or union([w.box for w in words if w.box is not None])
    return Line(text, number, box=box, size=max(0.0, _number(_prop(title, "x_size"))), words=words or None)
