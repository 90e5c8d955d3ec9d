"""The roles a layout file gives its regions (PAGE ``TextRegion@type``, a
Tesseract ``ocr_header`` or ``ocr_caption`` line), weighed with what the
engine sees.

A role is evidence, not a verdict: OCR engines guess them (Tesseract calls
any large line a header), and segmenters type a whole column ``paragraph``.
So each role is taken where the block's own shape agrees with it -- a
running head is short, a heading has few lines -- and the engine's
stronger evidence (a fixed form such as a byline, display type) is kept
over it.  What a role settles is what the engine can only guess from the
text: a short line in a region the file calls a paragraph is no subhead,
a number in a table cell is no page number, a heading set in body type is
a subhead and one set in display type a headline.

Readers keep the file's own word in ``Region.kind``; ``role_of`` maps it to
the vocabulary below once, and ``place_lines`` gives every line its
region's role.
"""

from __future__ import annotations

import re
from typing import Final

from .chars import ends_sentence
from .model import Block, BlockType, Line, Types
from .tuning import HEADING_SIZE_RATIO

T: Final = Types

# The file's words for its regions, in ocrmend's vocabulary.  PAGE XML
# 2009-2019 region types; hOCR's line classes as the reader names them.
# Anything else (drop-capital, other, TOC-entry, floating text...) says
# nothing about a type: no role.
ROLE_OF_KIND: Final = {
    "heading": "heading",
    "paragraph": "paragraph",
    "header": "furniture",
    "footer": "furniture",
    "page-number": "furniture",
    "catch-word": "furniture",
    "signature-mark": "furniture",
    "caption": "caption",
    "credit": "credit",
    "footnote": "note",
    "footnote-continued": "note",
    "endnote": "note",
    "marginalia": "note",
    "table": "table",
    "table-cell": "table",
    # ocrmend's own block types, as its ALTO output names them (writers/alto.py)
    "headline": "heading",
    "subhead": "heading",
    "body": "paragraph",
    "note": "note",
    "furniture": "furniture",
}
# A table cell's structure type in PAGE's @custom (Transkribus: T0C1 is row
# 0, column 1).
TABLE_CELL_RE: Final = re.compile(r"^T\d+C\d+$")
# A running head, folio or catch-word is short: a region the file calls a
# header that holds more than this many characters is an article the
# segmenter put at the page's edge.
FURNITURE_ROLE_MAX_CHARS: Final = 160
# A heading has a few lines; a region the file calls a heading that holds
# more is a heading run together with its text.
HEADING_ROLE_MAX_LINES: Final = 4
# A heading set this much larger than the body text is display type: a
# headline; a heading nearer body size heads a section inside an article.
# (One and a half: the step from body type to the smallest display type.)
HEADLINE_SIZE_RATIO: Final = 1.5
# (A heading the engine reads as a deck under a headline or as a byline
# stays one: the file's "heading" says no more than that it is a head.)
# The engine's types that rest on a block's text alone (form, shape,
# position): a role outweighs them.  Fixed forms (byline, credit, note,
# furniture by form) and display type (set larger) are kept over a role.
SHAPE_RULES: Final = frozenset({"T006", "T007", "T008", "T009", "T010", "T011", "T013"})
TYPE_OF_ROLE: Final = {"caption": T.CAPTION, "credit": T.CREDIT, "note": T.NOTE}
OWN_TYPES: Final = {t.value: t for t in BlockType}


def is_own_output(lines: list[Line]) -> bool:
    """The lines come from a file ocrmend wrote (their regions carry its own block types)."""
    return bool(lines) and (lines[0].role.startswith(OWN_PREFIX) or any(ln.role and ln.role.startswith(OWN_PREFIX) for ln in lines))


def stated_type(ln: Line) -> BlockType | None:
    """The block type ocrmend's own output recorded for the line's region (None: none recorded)."""
    role = ln.role
    if role.startswith(OWN_PREFIX):
        return OWN_TYPES[role[len(OWN_PREFIX) :]]
    return None


# ocrmend's own verdict, as its ALTO and PAGE output record it (writers/):
# a Tag or Label of this type names the block type.  Readers give such a
# region the kind ``OWN_PREFIX + type``; its role is that type, and the
# engine keeps it (``weigh_roles``): reading ocrmend's output gives the
# blocks ocrmend wrote.
OWN_TYPE_TAG: Final = "ocrmend-type"
OWN_PREFIX: Final = "ocrmend:"


def role_of(kind: str) -> str:
    """The role a region's kind states ("" for none).

    >>> role_of("page-number"), role_of("T0C1"), role_of("drop-capital"), role_of("ocrmend:deck")
    ('furniture', 'table', '', 'ocrmend:deck')
    """
    if kind.startswith(OWN_PREFIX):
        own = kind[len(OWN_PREFIX) :]
        if own == "furniture":
            return "furniture"
        return kind if own in OWN_TYPES else ""
    role = ROLE_OF_KIND.get(kind.lower())
    if role is not None:
        return role
    return "table" if TABLE_CELL_RE.match(kind) else ""


def furniture_by_role(lines: list[Line]) -> list[int]:
    """The indices of the lines in regions the file calls a running head,
    foot or folio, where the region is short enough to be one."""
    chars: dict[tuple[int, int], int] = {}
    for ln in lines:
        if ln.role == "furniture":
            key = (ln.page, ln.region)
            chars[key] = chars.get(key, 0) + len(ln.text)
    if not chars:
        return []
    return [i for i, ln in enumerate(lines) if ln.role == "furniture" and chars[(ln.page, ln.region)] <= FURNITURE_ROLE_MAX_CHARS]


def weigh_roles(blocks: list[Block], body_size: float) -> None:
    """Retype the blocks whose role in the file outweighs the engine's
    guess from their text (see the module's doc); a block's role is its
    first line's."""
    for b in blocks:
        role = b.lines[0].role if b.lines else ""
        if not role or role == "furniture":
            continue  # (running heads left the stream as furniture lines)
        own = stated_type(b.lines[0])
        if own is not None:
            if b.type is not own:
                _retype(b, own, "ocrmend's own type for it in the file")
            continue
        rule = b.why[-1][0] if b.why else ""
        shaped = rule in SHAPE_RULES or b.type is T.BODY
        size = b.lines[0].size
        display = body_size > 0 and size >= HEADING_SIZE_RATIO * body_size
        # (a caption, lifted out of the text or set apart by its measure, that
        # ends a sentence is no heading, whatever the engine called its lines)
        sentence = b.type is T.CAPTION and ends_sentence(b.text)
        if role == "heading" and len(b.lines) <= HEADING_ROLE_MAX_LINES and b.type is not T.BYLINE and b.type is not T.DECK and not sentence:
            kind = T.HEADLINE if body_size > 0 and size >= HEADLINE_SIZE_RATIO * body_size else T.SUBHEAD
            if b.type is not kind:
                _retype(b, kind, f"a heading in the file, set in {size:g} against body text in {body_size:g}")
        elif role in ("paragraph", "table") and shaped and b.type is not T.BODY and not display:
            _retype(b, T.BODY, f"a {role} in the file, in body type")
        elif role in TYPE_OF_ROLE and shaped and b.type is not TYPE_OF_ROLE[role]:
            _retype(b, TYPE_OF_ROLE[role], f"a {role} in the file")
        elif role == "table" and b.type is T.FURNITURE:
            _retype(b, T.BODY, "a table cell in the file (no folio)")


def _retype(b: Block, kind: BlockType, evidence: str) -> None:
    b.type = kind
    b.why.append(("T016", evidence))
