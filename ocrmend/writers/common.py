"""What the ALTO and PAGE writers share: the block types in each format's
words, the plan that cuts a source region into the pieces ocrmend's
blocks make of it, ids, boxes and the note of what ocrmend did.

A *piece* is the run of one block's lines that stood in one source region
(ALTO TextBlock, PAGE TextRegion).  Most blocks are one piece.  A block
that runs on from one region into the next (a paragraph carried over a
column break) is several pieces, marked as one block by the format's own
means; a region that held several of ocrmend's paragraphs is cut into one
region per piece, so each paragraph has its own region, type and place in
the reading order.  Only elements move: every source line, word and id
stays in the output.
"""

from __future__ import annotations

import math
import os
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from lxml import etree

from ..model import BlockType, Box, union
from ..readers.xmlsafe import ReaderError, Trace, local
from ..roles import OWN_TYPE_TAG

if TYPE_CHECKING:
    from ..model import Block, Document, Line, Word

# What XML 1.0 cannot hold, not even as a character reference: the C0
# controls but tab, newline and carriage return, U+FFFE, U+FFFF and lone
# surrogates.  A plain-text input may carry a few (decoding lets a few
# control characters pass), an HTML hOCR file too (&#1; is HTML), a file's
# name any; written as U+FFFD, the mark of a character that could not be
# shown (lxml refuses the tree otherwise, and no output is written at all).
NOT_XML_RE: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# PAGE's TextRegion@type for each block type (the 2019 schema's list).  A
# deck and a byline have no word of their own there: "other" says so
# rather than call them a heading or a paragraph; furniture is a header,
# footer or page number by where it stands (``furniture_kind``).
PAGE_TYPES: Final = {
    BlockType.HEADLINE: "heading",
    BlockType.SUBHEAD: "heading",
    BlockType.DECK: "other",
    BlockType.BYLINE: "other",
    BlockType.BODY: "paragraph",
    BlockType.CAPTION: "caption",
    BlockType.CREDIT: "credit",
    BlockType.NOTE: "footnote",
}
# A running head stands in the top part of the page, a running foot below
# it; a short run of digits (and the marks around a folio) is a page number.
FURNITURE_TOP_SHARE: Final = 0.5
FOLIO_MAX_CHARS: Final = 8
# How a PAGE Label / ALTO tag names ocrmend's own word for a block (its readers read it back).
TYPE_LABEL: Final = OWN_TYPE_TAG
SOFTWARE: Final = "ocrmend"
# Plain text has no geometry: a line's box is its display cells (x) and
# line number (y); the writers scale them to whole "pixels" a viewer can
# draw, this many to a cell and to a line.
CELL_UNITS: Final = 10
LINE_UNITS: Final = 20


def furniture_kind(block: Block, page_box: Box | None) -> str:
    """``page-number``, ``header`` or ``footer``: PAGE's words for a piece of furniture."""
    text = block.text.strip()
    if len(text) <= FOLIO_MAX_CHARS and any(ch.isdigit() for ch in text) and not any(ch.isalpha() and not ch.isdigit() for ch in text if ord(ch) < 0x3000):
        return "page-number"
    boxes = [ln.box for ln in block.lines if ln.box is not None]
    if page_box is not None and boxes:
        top = min(b.y0 for b in boxes)
        return "header" if top < page_box.y0 + FURNITURE_TOP_SHARE * page_box.height else "footer"
    return "header"


def page_type(block: Block, page_box: Box | None, was: str = "") -> str:
    """PAGE's TextRegion@type for a block; ``was``, the kind the source gave
    its region, stays where it says what the block is (``agrees``)."""
    if was and agrees(was, block.type):
        return was
    if block.type is BlockType.FURNITURE:
        return furniture_kind(block, page_box)
    return PAGE_TYPES[block.type]


# The role (roles.py) each block type is: a source kind of that role already
# says what the block is, in its own words (a table cell, a "reference").
ROLE_OF_TYPE: Final = {
    BlockType.HEADLINE: "heading",
    BlockType.SUBHEAD: "heading",
    BlockType.BODY: "paragraph",
    BlockType.CAPTION: "caption",
    BlockType.CREDIT: "credit",
    BlockType.NOTE: "note",
    BlockType.FURNITURE: "furniture",
}


def agrees(kind: str, block_type: BlockType) -> bool:
    """The source's kind for a region says what ocrmend found it to be:
    the same role, or a table cell holding body text (a cell's number is
    no folio: the cell's kind protects it)."""
    from ..roles import role_of

    role = role_of(kind)
    return bool(role) and (role == ROLE_OF_TYPE.get(block_type) or role == "table" and block_type is BlockType.BODY)


def processing_settings(doc: Document) -> str:
    """The options a document was cleaned with, as one line ("punctuation=widen; convert=none")."""
    opts = doc.options
    if opts is None:
        return ""
    return "; ".join(f"{name}={getattr(opts, name) if getattr(opts, name) is not None else 'none'}" for name in ("punctuation", "convert", "encoding", "input_format"))


def now_iso() -> str:
    """The time of writing (UTC); ``SOURCE_DATE_EPOCH`` fixes it, for reproducible outputs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def version() -> str:
    from .. import __version__

    return __version__


def source_trace(doc: Document) -> Trace:
    """The tree of a layout document's source, parsed again by its reader,
    with the element each line came from (``Trace``)."""
    assert doc.data is not None
    trace = Trace()
    if doc.input_format == "alto":
        from ..readers.alto import read_alto

        read_alto(doc.data, trace)
    elif doc.input_format == "page":
        from ..readers.pagexml import read_pagexml

        read_pagexml(doc.data, trace)
    else:
        raise ReaderError(f"cannot enrich {doc.input_format} input")
    return trace


@dataclass(slots=True)
class Piece:
    """One block's lines that stood in one source region (see the module's doc)."""

    block: Block
    index: int  # the block's place in reading order
    part: int  # 0 for the block's first piece
    lines: list[Line]
    elements: list[etree._Element]  # the lines' source elements
    source: etree._Element  # the region they stood in
    element: etree._Element | None = None  # the region written for the piece
    parts: int = 1  # how many pieces the block has
    new: bool = False  # the piece is a region cut out of its source region


@dataclass(slots=True)
class Plan:
    pieces: list[Piece] = field(default_factory=list)
    by_region: dict[etree._Element, list[Piece]] = field(default_factory=dict)


def plan_pieces(doc: Document, trace: Trace, region_of: Callable[[etree._Element], etree._Element]) -> Plan:
    """Cut the document's blocks into pieces, one per run of lines in one
    source region (``region_of(element)``: the region a line's element
    stands in), in reading order."""
    plan = Plan()
    seen: set[int] = set()
    for index, block in enumerate(doc.blocks):
        first = len(plan.pieces)
        for ln in block.lines:
            if id(ln) in seen:
                continue  # (a line two blocks share stays with the first: line_parts)
            seen.add(id(ln))
            elements = _line_elements(ln, trace)
            region = region_of(elements[0] if not ln.joined else trace.lines[ln.number - 1])
            last = plan.pieces[-1] if len(plan.pieces) > first else None
            if last is not None and last.source is region:
                last.lines.append(ln)
                last.elements.extend(elements)
            else:
                plan.pieces.append(Piece(block, index, len(plan.pieces) - first, [ln], elements, region))
        for piece in plan.pieces[first:]:
            piece.parts = len(plan.pieces) - first
    for piece in plan.pieces:
        plan.by_region.setdefault(piece.source, []).append(piece)
    return plan


def _line_elements(ln: Line, trace: Trace) -> list[etree._Element]:
    """The source elements of a line: one, or for a line the engine put
    together from pieces of one printed line (R005) all of theirs, left to
    right as the engine joined them (the order of their ids), so that they
    stand together in the region where its first piece was read."""
    elements = [trace.lines[n - 1] for n in (ln.number, *ln.joined)]
    if len(elements) > 1:
        place = {i: k for k, i in enumerate(ln.ids)}
        elements.sort(key=lambda el: place.get(el.get("ID") or el.get("id") or "", len(place)))
    return elements


def document_order(plan: Plan, trace: Trace) -> dict[int, int]:
    """id(piece) -> the place in the source of its first line's element
    (to find which piece held a region's top, and to order the cut ones)."""
    nodes = list(trace.root.iter()) if trace.root is not None else []  # (held: an lxml proxy's id is its node's while it lives)
    rank = {id(el): k for k, el in enumerate(nodes)}
    return {id(piece): min(rank.get(id(el), 0) for el in piece.elements) for piece in plan.pieces}


def keeper(pieces: list[Piece], order: dict[int, int]) -> Piece:
    """Of the pieces cut from one region, the one that keeps its element
    and id: the one holding the region's first line."""
    return min(pieces, key=lambda p: order[id(p)])


def all_ids(root: etree._Element, attribute: str) -> set[str]:
    return {v for el in root.iter() if isinstance(el.tag, str) and (v := el.get(attribute))}


def unique_id(base: str, taken: set[str]) -> str:
    """``base_2``, ``base_3`` ... the first not taken (and take it)."""
    k = 2
    while f"{base}_{k}" in taken:
        k += 1
    new = f"{base}_{k}"
    taken.add(new)
    return new


def lines_box(lines: list[Line]) -> Box | None:
    return union([ln.box for ln in lines if ln.box is not None])


def whole(box: Box) -> tuple[int, int, int, int]:
    """A box's corners as whole numbers, outward (a region holds its lines)."""
    return math.floor(box.x0), math.floor(box.y0), math.ceil(box.x1), math.ceil(box.y1)


def text_box(ln: Line) -> Box:
    """A line's box for a new document: the source's, else (plain text)
    its cells and line number scaled by ``CELL_UNITS`` and ``LINE_UNITS``."""
    if ln.box is not None:
        return ln.box
    p = ln.position
    return Box(p.x0 * CELL_UNITS, p.y0 * LINE_UNITS, max(p.x1, p.x0 + 1) * CELL_UNITS, p.y1 * LINE_UNITS)


def set_children_order(parent: etree._Element, children: list[etree._Element], before: tuple[str, ...]) -> None:
    """Put ``children`` (moved from wherever they are) into ``parent``, in
    this order, where the first of them stood, else before the first child
    named in ``before`` (the schema's order), else at the end."""
    members = {id(c) for c in children}
    pos = 0
    for c in parent:
        if id(c) in members or local(c.tag) in before:
            break
        pos += 1
    for c in children:
        old = c.getparent()
        if old is not None:
            old.remove(c)
    for k, c in enumerate(children):
        parent.insert(pos + k, c)


def insert_after(parent: etree._Element, el: etree._Element, names: tuple[str, ...]) -> None:
    """Insert ``el`` after the last child named in ``names`` (else first): the schema's order."""
    last = None
    for c in parent:
        if local(c.tag) in names:
            last = c
    if last is not None:
        last.addnext(el)
    else:
        parent.insert(0, el)


def serialize(root: etree._Element) -> str:
    """The tree as a UTF-8 XML document's text (with its declaration)."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"


def xml_text(text: str) -> str:
    """``text`` as XML can hold it: each character ``NOT_XML_RE`` names as U+FFFD.

    >>> xml_text("a\x01b\ufffe"), xml_text("中文 text")
    ('a\ufffdb\ufffd', '中文 text')
    """
    return NOT_XML_RE.sub("\ufffd", text) if NOT_XML_RE.search(text) else text


def line_parts(doc: Document) -> dict[tuple[int, int], str | None]:
    """The part of a source line each block holds, for the lines two
    blocks share: the engine cut a credit printed at the end of a caption's
    last line into a block of its own (B013), so the line belongs to both.
    ``{(block index, id(line)): text}``: the later block holds the tail that
    is its text (compared without spaces, NFKC: the cleaning widened its
    marks), the earlier the rest; ``None`` where the tail cannot be found
    (the line then stays whole with the earlier block).  Lines no two
    blocks share are not in it."""
    first: dict[int, int] = {}
    out: dict[tuple[int, int], str | None] = {}
    for index, block in enumerate(doc.blocks):
        for ln in block.lines:
            key = id(ln)
            if key not in first:
                first[key] = index
                continue
            out[(index, key)] = None
            if len(block.lines) != 1:
                continue
            cut = _tail_start(ln.text, block.text)
            if cut > 0:
                out[(first[key], key)] = ln.text[:cut].rstrip()
                out[(index, key)] = ln.text[cut:]
    return out


def _tail_start(line: str, tail: str) -> int:
    """Where ``tail`` (cleaned) begins at the end of ``line`` (-1: it does not end it)."""
    want = [ch for ch in unicodedata.normalize("NFKC", tail) if not ch.isspace()]
    k = len(line)
    got: list[str] = []
    while k > 0 and len(got) < len(want):
        k -= 1
        ch = line[k]
        if not ch.isspace():
            got[:0] = unicodedata.normalize("NFKC", ch)
    return k if got == want and k > 0 else -1


def part_words(ln: Line, text: str) -> list[Word]:
    """The words of a cut line that its part ``text`` holds (by their characters, from the tail)."""
    words = ln.words or []
    if text == ln.text:
        return list(words)
    tail = ln.text.endswith(text)
    need = sum(1 for ch in text if not ch.isspace())
    picked: list[Word] = []
    for w in reversed(words) if tail else words:
        if need <= 0:
            break
        picked.append(w)
        need -= sum(1 for ch in w.text if not ch.isspace())
    return picked[::-1] if tail else picked


def part_box(ln: Line, text: str, box: Box) -> Box:
    """The share of a line's box its part ``text`` takes, by characters (a cut line's head or tail)."""
    if text == ln.text or not ln.text:
        return box
    start = ln.text.find(text)
    if start < 0:
        return box
    step = box.width / len(ln.text)
    return Box(box.x0 + start * step, box.y0, box.x0 + (start + len(text)) * step, box.y1)
