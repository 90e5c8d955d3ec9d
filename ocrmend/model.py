"""The page model every stage works on: pages of lines (in regions, of
words) in, typed blocks out.

One model for every source.  A reader fills what its source can tell: plain
text knows a line's text, its indent and width in display cells, the blank
lines above it and its line number; a layout source (ALTO, hOCR, PAGE XML, a
PDF text layer) also knows boxes, font sizes, styles, confidences, source
ids, hyphen marks and regions.  Every reader states the engine's units --
``indent`` and ``width`` in display cells, ``blank_before`` in empty line
pitches -- so the stages decide on the same fields whatever the source, and
read the richer fields (``size``, ``style``, ``box``) where a reader filled
them.  Nothing here knows any rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .options import Options


class BlockType(str, Enum):
    """The block vocabulary (DESIGN.md); the value is what JSON output writes."""

    HEADLINE = "headline"
    DECK = "deck"
    BYLINE = "byline"
    SUBHEAD = "subhead"
    BODY = "body"
    NOTE = "note"
    CAPTION = "caption"
    CREDIT = "credit"
    FURNITURE = "furniture"

    def __str__(self) -> str:  # "body", not "BlockType.BODY", in messages and f-strings
        return self.value


class _Types:
    """BlockType's members as plain attributes of one object (``Types.BODY is
    BlockType.BODY``), for the stages that name types in their loops: on
    Python 3.11 every ``BlockType.BODY`` runs EnumType's ``__getattr__``
    hook and makes a method wrapper (about 0.2 µs), thousands of times a
    page, and even a plain class attribute is looked up through the type
    each time; an instance's attribute is read in place."""

    def __init__(self) -> None:
        for member in BlockType:
            setattr(self, member.name, member)

    # (named for the type checkers: set above)
    HEADLINE: BlockType
    DECK: BlockType
    BYLINE: BlockType
    SUBHEAD: BlockType
    BODY: BlockType
    NOTE: BlockType
    CAPTION: BlockType
    CREDIT: BlockType
    FURNITURE: BlockType


Types = _Types()


@dataclass(slots=True)
class Line:
    """One source line after decoding.

    ``text`` has its leading indent removed (kept in ``indent``) and its trailing
    whitespace stripped; ``number`` is the 1-based line in the decoded source.
    """

    text: str
    number: int
    indent: str = ""
    page: int = 0
    blank_before: int = 0  # blank source lines right above this one
    width: int = 0  # display cells of ``text`` once OCR spacing is removed
    squeezable: int = 0  # full-width marks a typesetter may have set half width
    hang: int = 0  # cells of closing marks at the end (they may hang past the measure)
    lead: int = 0  # cells of the first unit (what would have had to fit on the line above)
    final: bool = False  # ends the way a paragraph's last line does
    kind: str = ""  # a hint set by a stage ("furniture", "wide", ...)
    why: list[tuple[str, str]] | None = None  # (rule code, evidence) of the decisions made at this line
    # --- what a layout source adds (defaults: unknown, as in plain text)
    box: Box | None = None  # where the line stands, in the page's units (plain text: ``position``)
    size: float = 0.0  # font size or line height in the page's units (0: unknown)
    style: str = ""  # "bold", "italic", "caps" ... as the source states them, space-separated
    confidence: float = -1.0  # the engine's mean confidence over the line's words, 0..1 (-1: unknown)
    ids: tuple[str, ...] = ()  # the source's ids for the line (and its region)
    hyphen: str = ""  # the source marks the line's last word as broken: the whole word (ALTO SUBS_CONTENT) or "-"
    region: int = -1  # index of its region in ``Page.regions`` (-1: the source has none)
    role: str = ""  # the role the source gives its region, in ocrmend's words (roles.py): "heading", "furniture" ...
    goes_on: bool = False  # opens a region the file says goes on from the one before (Region.continues)
    joined: tuple[int, ...] = ()  # the numbers of the source lines put into this one (R005), for the XML writers
    words: list[Word] | None = None  # the source's words, where it gives them

    @property
    def indent_cells(self) -> int:
        """Display cells of the indent (an ideographic space is two)."""
        return len(self.indent.expandtabs(8)) + self.indent.count("\u3000")

    @property
    def position(self) -> Box:
        """The line's box: the source's where a reader gave one; for plain
        text its display cells (x, from the indent) and line number (y)."""
        if self.box is not None:
            return self.box
        x0 = self.indent_cells
        return Box(x0, self.number - 1, x0 + self.width, self.number)


@dataclass(slots=True)
class Box:
    """A rectangle in the page's units (pixels, points, or for plain text
    display cells and lines), y growing down the page.

    A value: nothing changes a box once it is made (a new box takes its
    place), yet the class is not frozen -- a frozen class's constructor
    sets each field through ``object.__setattr__`` and costs three times
    as much in pure Python, and a layout reader makes a box for every word."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __reduce__(self) -> tuple[type[Box], tuple[float, float, float, float]]:
        # (pickled through its constructor: the same, pure or compiled by mypyc)
        return (Box, (self.x0, self.y0, self.x1, self.y1))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def union(boxes: list[Box]) -> Box | None:
    """The smallest box holding all of them (None for none)."""
    if not boxes:
        return None
    return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes))


@dataclass(slots=True)
class Word:
    """One word (or, for CJK from OCR and PDFs, often one character) as the source gives it."""

    text: str
    box: Box | None = None
    confidence: float = -1.0  # 0..1 (-1: unknown)
    id: str = ""
    size: float = 0.0
    style: str = ""


@dataclass(slots=True)
class Region:
    """A block of lines as the source groups them (ALTO TextBlock, PAGE
    TextRegion, hOCR ocr_par/ocr_carea): evidence, not a verdict."""

    id: str = ""
    kind: str = ""  # the source's own role for it (PAGE @type, hOCR class): "heading", "caption", "page-number" ...
    box: Box | None = None
    order: int = -1  # its place in the source's explicit reading order (-1: none given)
    # the file says the region goes on from the one before it in reading
    # order (PAGE @continuation, an ALTO reading-order group tagged as one
    # paragraph): one paragraph over a column or page break
    continues: bool = False


@dataclass(slots=True)
class Page:
    """One page of a source: its lines in reading order and what frames them."""

    number: int = 1
    lines: list[Line] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    box: Box | None = None  # the page (or its print space), in its units
    unit: str = "cells"  # "cells" (plain text), "px" (ALTO, hOCR, PAGE) or "pt" (PDF)
    image: str = ""  # the scan the source names, where it names one


def note_why(ln: Line, rule: str, evidence: str) -> None:
    """Record on ``ln`` a structural decision made at it (see rules.py)."""
    if ln.why is None:
        ln.why = [(rule, evidence)]
    else:
        ln.why.append((rule, evidence))


@dataclass(slots=True)
class Block:
    """A run of source lines that forms one headline, paragraph, caption..."""

    type: BlockType
    lines: list[Line]
    text: str = ""
    # (rule code, evidence) of why the block starts where it starts and has
    # its type, in the order they were decided (see rules.py, ``--explain``)
    why: list[tuple[str, str]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.lines[0].number if self.lines else 0

    @property
    def last(self) -> int:
        return self.lines[-1].number if self.lines else 0


@dataclass(frozen=True, slots=True)
class Edit:
    """One deliberate change a rule made, for ``--explain`` and the loss check."""

    rule: str  # rule code, e.g. "P001"
    line: int  # source line where it happened
    before: str
    after: str
    note: str = ""  # the evidence, where a rule weighed some (word frequencies ...)

    def __reduce__(self) -> tuple[type[Edit], tuple[str, int, str, str, str]]:
        # (compiled by mypyc, a frozen class pickles only through its constructor)
        return (Edit, (self.rule, self.line, self.before, self.after, self.note))


@dataclass(slots=True)
class Document:
    """The result of cleaning one page (or one file of pages)."""

    blocks: list[Block]
    source: str = "<stdin>"
    encoding: str = "utf-8"
    edits: list[Edit] = field(default_factory=list)
    explained: bool = False  # the caller asked for every block's ``why`` (``--explain``)
    unit: str = ""  # a layout source's units for boxes: "px" (ALTO, hOCR, PAGE), "pt" (PDF); "" for plain text
    warnings: list[str] = field(default_factory=list)  # from decoding bytes: bad bytes shown as U+FFFD, a guessed encoding
    # A layout source's own bytes and format ("alto", "page", "hocr", "pdf"):
    # the XML writers enrich an ALTO or PAGE file rather than rebuild it
    # (``ocrmend.writers``).  A reference to the bytes ``clean`` was given, not a copy.
    data: bytes | None = None
    input_format: str = ""
    options: Options | None = None  # what it was cleaned with (the XML writers record it)
    image: str = ""  # the scan a layout source names for its (first) page, where it names one

    def to_text(self) -> str:
        from .render import render_text

        return render_text(self)

    def to_markdown(self) -> str:
        from .render import render_markdown

        return render_markdown(self)

    def to_json(self) -> str:
        from .render import render_json

        return render_json(self)

    def to_page(self) -> str:
        from .writers import write_page

        return write_page(self)

    def to_alto(self) -> str:
        from .writers import write_alto

        return write_alto(self)

    def to_dict(self) -> dict:
        from .render import document_dict

        return document_dict(self)
