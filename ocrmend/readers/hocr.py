"""The hOCR reader (1.x): bytes -> pages of lines.

ocr_page, ocr_carea, ocr_par, ocr_line -- and Tesseract's ocr_header,
ocr_caption and ocr_textfloat, lines whose class is a hint kept in their
region's ``kind`` -- and ocrx_word, with the title properties bbox,
x_wconf, x_size (the line's font size, as the engine estimated it),
baseline and image.  A Region per ocr_par (per ocr_carea for lines outside
any paragraph).  XHTML hOCR (what Tesseract writes) is parsed as XML with
the safe parser of ``xmlsafe``; HTML hOCR (no XML declaration, not
well-formed XML) with lxml's HTML parser, without network.  CJK words, one
character at a time from OCR, are joined tight (``geometry.join_words``).
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from ..model import Box, Line, Page, Region, Word
from .geometry import join_words, place_lines, union
from .xmlsafe import ENTITY_RE, PROLOG_BYTES, ReaderError, local, parse_xml

LINE_CLASSES: Final = {"ocr_line": "", "ocr_header": "heading", "ocr_caption": "caption", "ocr_textfloat": "textfloat", "ocrx_line": ""}
PROPERTY_RE: Final = re.compile(r"\s*;\s*")
WCONF_RE: Final = re.compile(r"x_wconf\s+([\d.]+)")
FSIZE_RE: Final = re.compile(r"x_fsize\s+([\d.]+)")
BBOX_RE: Final = re.compile(r"(?:^|;)\s*bbox\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)")
# An element whose class attribute holds a name, found by libxml2's XPath,
# not a Python loop over every element; a plain ``contains`` (the exact
# token is checked in Python on the few it finds: classes are
# space-separated tokens) costs a third of a token test in XPath.
_HAS_CLASS = "contains(@class, '{}')"
LINES_XPATH: Final = etree.XPath(".//*[" + " or ".join(_HAS_CLASS.format(c) for c in LINE_CLASSES) + "]")
PAGES_XPATH: Final = etree.XPath(".//*[" + _HAS_CLASS.format("ocr_page") + "]")
ANY_HOCR_XPATH: Final = etree.XPath("boolean(.//*[" + " or ".join(_HAS_CLASS.format(c) for c in ("ocr_page", "ocr_line", "ocrx_word")) + "])")

__all__ = ["ReaderError", "read_hocr"]


def read_hocr(data: bytes) -> list[Page]:
    """The pages of an hOCR file (one per ocr_page), their lines in the file's order.

    >>> html = b"<html><body><div class='ocr_page' title='bbox 0 0 100 100'><p class='ocr_par'>"
    >>> html += b"<span class='ocr_line' title='bbox 0 0 40 10'><span class='ocrx_word' title='bbox 0 0 20 10'>\\xe5\\xb9\\xb4</span>"
    >>> html += b"<span class='ocrx_word' title='bbox 20 0 40 10'>\\xe6\\x9c\\x88</span></span></p></div></body></html>"
    >>> [ln.text for ln in read_hocr(html)[0].lines]
    ['年月']
    """
    root = _parse(data)
    if local(root.tag).lower() != "html" or not ANY_HOCR_XPATH(root):
        raise ReaderError(f"not an hOCR file: the root element is <{local(root.tag)}> and no ocr_page, ocr_line or ocrx_word is in it")
    page_els = [p for p in PAGES_XPATH(root) if "ocr_page" in _classes(p)] or [root]
    pages: list[Page] = []
    number = 0
    for k, page_el in enumerate(page_els):
        props = _props(page_el)
        page = Page(k + 1, unit="px", image=_image(props), box=_bbox(props))
        regions: dict[int, int] = {}  # id(region element) -> index in page.regions
        for el in LINES_XPATH(page_el):
            classes = _classes(el)
            hit = next((c for c in classes if c in LINE_CLASSES), None)
            if hit is None:
                continue
            number += 1
            ln = _line(el, number)
            if ln is None:
                number -= 1
                continue
            holder = _holder(el)
            key = id(holder) if holder is not None else id(el)
            if key not in regions:
                regions[key] = len(page.regions)
                src = holder if holder is not None else el
                page.regions.append(Region(src.get("id", ""), LINE_CLASSES[hit], _bbox(_props(src))))
            region = page.regions[regions[key]]
            if LINE_CLASSES[hit] and not region.kind:
                region.kind = LINE_CLASSES[hit]
            ln.page = k
            ln.region = regions[key]
            ln.ids = tuple(i for i in (el.get("id", ""), region.id) if i)
            page.lines.append(ln)
        pages.append(page)
    place_lines(pages, sizes_stated=False)
    return pages


def _parse(data: bytes) -> etree._Element:
    head = data[:PROLOG_BYTES].lstrip()
    if head.startswith((b"<?xml", b"\xef\xbb\xbf<?xml", b"\xff\xfe", b"\xfe\xff")):
        return parse_xml(data, "hOCR")
    if ENTITY_RE.search(data[:PROLOG_BYTES]):
        raise ReaderError("refusing hOCR: the file declares XML entities (a DTD entity bomb or an external entity); they are never expanded")
    try:
        return parse_xml(data, "hOCR")
    except ReaderError:
        pass
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReaderError(f"not readable hOCR: {' '.join(str(e).split())[:200]}") from None
    return root


def _classes(el: etree._Element) -> list[str]:
    c = el.get("class") if isinstance(el.tag, str) else None
    return c.split() if c else []


def _props(el: etree._Element) -> dict[str, str]:
    """The title's properties: name -> the rest of its entry."""
    out: dict[str, str] = {}
    for part in PROPERTY_RE.split(el.get("title", "") or ""):
        name, _, value = part.strip().partition(" ")
        if name:
            out[name] = value.strip()
    return out


def _bbox(props: dict[str, str]) -> Box | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in props["bbox"].split()[:4])
    except (KeyError, ValueError):
        return None
    return Box(x0, y0, x1, y1)


def _image(props: dict[str, str]) -> str:
    return props.get("image", "").strip().strip('"')


def _float(props: dict[str, str], name: str) -> float:
    try:
        return float(props[name].split()[0])
    except (KeyError, ValueError, IndexError):
        return -1.0


def _holder(el: etree._Element) -> etree._Element | None:
    """The paragraph (else the content area) a line stands in."""
    area = None
    for anc in el.iterancestors():
        classes = _classes(anc)
        if "ocr_par" in classes:
            return anc
        if area is None and "ocr_carea" in classes:
            area = anc
        if "ocr_page" in classes:
            break
    return area


def _line(el: etree._Element, number: int) -> Line | None:
    props = _props(el)
    words: list[Word] = []
    for w in el.iter():
        cls = w.get("class")
        if not cls or "ocrx_word" not in cls or "ocrx_word" not in cls.split():
            continue
        text = (w.text or "").strip() if not len(w) else "".join(w.itertext()).strip()
        if not text:
            continue
        title = w.get("title") or ""
        m = BBOX_RE.search(title)
        box = Box(float(m[1]), float(m[2]), float(m[3]), float(m[4])) if m else None
        c = WCONF_RE.search(title)
        conf = float(c[1]) / 100 if c else -1.0
        f = FSIZE_RE.search(title) if "x_fsize" in title else None
        words.append(Word(text, box, conf, w.get("id", ""), float(f[1]) if f else 0.0))
    if words:
        text = join_words(words)
    else:
        text = " ".join("".join(el.itertext()).split())
    if not text:
        return None
    box = _bbox(props) or union([w.box for w in words if w.box is not None])
    return Line(text, number, box=box, size=max(0.0, _float(props, "x_size")), words=words or None)
