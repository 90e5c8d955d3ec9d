"""Boxes -> the engine's units: the one place every layout reader (ALTO,
hOCR, PAGE XML) turns its geometry into what the engine decides on.

A layout reader finds lines (text, box, region, words, a stated font size
where the file states one) in reading order; ``place_lines`` then gives
each line what plain text would have shown:

- ``indent``: how far the line starts in from its column's running left
  edge, in display cells of its own type (box width / display width of its
  text), as that many spaces; "" outside an indent's range (less than
  ``INDENT_MIN_CELLS``, more than ``INDENT_MAX_CELLS``: centring), and for
  a piece of a printed line an OCR engine cut at a wide space;
- ``blank_before``: 1 where the gap above it (top to top) is wider than
  ``GAP_PITCHES`` line pitches of its column, or where a region the file
  gives a role starts (PAGE TextRegion@type) -- what a region-aware text
  export shows as a blank line; ``COLUMN_TOP_BLANK`` (-1) at the top of a
  new column in the same region (a line read after a column that stands a
  blank line below its foot tops no column: 1), and where an engine's region without a
  role (ALTO TextBlock, hOCR ocr_par: Tesseract cuts paragraphs at will)
  starts with no gap under a full line: the engine decides from widths,
  indents and final marks whether the paragraph runs on (under a short
  line, ``SHORT_LINE_EMS``, the region break is a blank line);
- inside a region the file gives a role (PAGE @type, a Tesseract
  ocr_header/ocr_caption line), only its first line keeps a break: the
  region is the file's own block;
- ``size``: the stated font size, else the line's height (its words',
  where the box took in a word of another line: ``MERGED_LINE_RATIO``)
  with the wobble of ascenders and descenders smoothed out (``SIZE_NOISE``);
- ``confidence`` (mean word confidence) and the engine's measures
  (``lines.measure_lines``: widths in display cells...).

Every number is a named constant below, with why it has its value.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import pairwise
from typing import Final

from ..chars import display_width, ends_sentence, is_cjk_text
from ..classify import FURNITURE_RE, is_credit
from ..furniture import split_items
from ..lines import measure_lines
from ..model import Box, Line, Page, Region, Word, note_why, union
from ..roles import role_of
from ..spacing import FIXED_BREAK_AFTER_CHARS, FIXED_BREAK_BEFORE_CHARS, break_is_space
from ..tuning import HEADING_SIZE_RATIO

# A first-line indent is at least this many display cells (an em is two): a
# printed indent is an em or more; less is a ragged scan or an opening mark
# (“ 「) whose glyph stands in the right half of its cell.
INDENT_MIN_CELLS: Final = 1.5
# An indent is one to three ems (two to six cells); an inset of four ems or
# more is a centred line or one set flush right, not a first-line indent.
INDENT_MAX_CELLS: Final = 8.0
# On a CJK page an indent is two characters (4 cells): an inset of one
# character (2 cells) is a box's jitter or a skewed scan.
CJK_INDENT_MIN_CELLS: Final = 3.0
# Lines either side whose left edges make the column's edge at a line: a
# running edge follows a skewed scan, and a dozen lines outvote the indented ones.
EDGE_WINDOW: Final = 6
# The column's edge is this quantile of those left edges, not their median:
# a column of short paragraphs may have every other line indented.
EDGE_QUANTILE: Final = 0.25
# A vertical gap (top to top) wider than this many line pitches is a blank
# line: one and a half pitches is half an empty line more than the leading.
GAP_PITCHES: Final = 1.5
# A line whose top stands this many pitches above the line before it opens
# a new column (reading went back up the page); less is a skewed baseline.
NEW_COLUMN_PITCHES: Final = 1.0
# A line box this many times as tall as most of its words (the median of
# this many words at least) took in a word of another line: its words'
# height is its type's.
MERGED_LINE_RATIO: Final = 1.6
MERGED_LINE_WORDS: Final = 5
# A line's box varies this much in height with its ascenders and
# descenders in the same type (x-height-only words against capitals and
# descenders): heights this close to the body lines' are body type.
SIZE_NOISE: Final = 0.3
# Between two CJK words (OCR gives them one character at a time) a gap of
# this many line heights is a real space (共筑健康丝路 共享健康发展); less is
# the character spacing.
CJK_SPACE_EMS: Final = 1.0
# ... and in a line set letter-spaced (a headline, 北京  举行  新年), where
# most gaps are that wide, a space stands out from them: this many times
# the line's median gap, in a line with this many gaps at least (fewer
# give no measure of the spacing: 共筑健康丝路 共享健康发展 has one).
LETTER_SPACED_GAPS: Final = 1.5
LETTER_SPACED_MIN_GAPS: Final = 3
# Words after a closer break looked at for an item of a fixed form
# (``spacing.break_is_space``): a weekday or an editor's title, which OCR
# may give a character at a time (美术 编辑 -> four words at most).
FIXED_BREAK_WORDS: Final = 4
# What stands above the first line of a column after the first: -1, "the
# blank lines here say nothing" (paragraphs.stated_break), so a paragraph
# running on from the foot of the column before is decided by its widths
# and marks, as the engine does for columns it unfolds from plain text.
COLUMN_TOP_BLANK: Final = -1
# A line read after this many lines at least that all stand below it, under
# a line above it, was read late (``_head_band_first``): one line below it is
# a line a column's reading went past.
HEAD_BAND_RUN: Final = 2
# ... and the white between that line above and the columns' top holds the
# line this many times over: two lines of one column leave room for none.
HEAD_BAND_WHITE: Final = 2.0
# Lines either side (in reading order) looked at for the rest of a printed
# line an OCR engine cut in pieces: it reads them a few lines apart at most.
PIECE_WINDOW: Final = 4
# Pieces of one printed line in display type share most of their height
# (a baseline's wobble aside) and are set in one size (an engine's boxes
# vary a little with the letters in each piece); a gap of two ems between
# them is a wide word space in a headline, more is another headline beside it.
ROW_OVERLAP: Final = 0.6
PIECE_SIZE_RATIO: Final = 1.3
PIECE_GAP_EMS: Final = 2.0
# Pieces whose boxes overlap by less than this share of their height touch
# (a PDF's text layer gives a line's halves boxes that share an edge, give
# or take a rounding): they stand side by side.
PIECE_TOUCH: Final = 0.1
# Pieces standing on one baseline (their feet this share of a height apart
# at most) are one line of display type whatever their boxes' heights (an
# engine's box grows with a misread glyph's accent or a mark above).
BASELINE_SLACK: Final = 0.1
# The items of a page's running head beside its first line, a dated head
# (1998年1月1日 星期四 ... 人民日报 ... 第2版), that an engine read
# after some of the page's text: short lines (this many characters at
# most, no final mark) in the first line's row.
HEAD_ITEM_CHARS: Final = 12
# A glyph of display type an OCR engine could not read comes out as small
# lines of garbage inside the line's band (会 -> "<和隆" over "Ze"), read
# as lines of their own: a line below this confidence, smaller than the
# display line, within its height and beside it (PIECE_GAP_EMS) is a
# fragment of it, put back at its place in it.
FRAGMENT_CONFIDENCE: Final = 0.5
# A line of display type that stands right under another of its size (the
# white between them at most this many of its heights) and over some of its
# width is the next line of a stacked headline, wherever an engine read it
# (Tesseract reads a headline's second line after the column beside it).
STACK_GAP_EMS: Final = 0.8
# (a deck in type barely larger than the body's is display type by its
# span: this many times the page's median line width)
SPAN_MEASURES: Final = 1.5
# A line of body type an OCR engine cut at a wide word space and read as
# two lines, often in two regions ("we" | "do," said Arthur): its pieces
# share a row and together span no more than the measure of the lines
# just above and below them (within ``MEASURE_REACH`` line heights, or
# ``REACH_PITCHES`` line pitches where that reaches further -- at a wide
# leading three heights reach the next line alone, which may be short or
# cut too -- and inside the pieces' span), give or take
# ``PIECE_MEASURE_SLACK``.  Lines of two columns never fit: together they
# span a measure and a gutter.
PIECE_MEASURE_SLACK: Final = 0.03
MEASURE_REACH: Final = 3.0
REACH_PITCHES: Final = 2.5
# Lines looked at beside each line for the rest of its row (a table's row
# may hold many): bounds the work on any page.
ROW_CANDIDATES: Final = 12
# A line's text and box disagree on its width by this many display cells
# or more (a character's worth, and half a full-width one more): the box is
# right.  The column's cell size is measured on lines of this many cells at
# least, and needs this many of them.
BOX_WIDTH_CELLS: Final = 3
# No page measures a billion units (pixels, points, mm10): a coordinate past
# this, NaN or infinite is a damaged file's, and its box is dropped.
MAX_COORDINATE: Final = 1e9
# What ends a line or a page in the engine's text (the text reader cuts
# lines at a newline, after a carriage return became one, and pages at a
# form feed): inside a layout file's line, where a damaged file put one (a
# character reference &#10; in a word), it is a space, or the line would
# count as two.
LINE_END_RE: Final = re.compile("[\n\r\f]")
CELL_SAMPLE_MIN: Final = 8
CELL_SAMPLE_LINES: Final = 5
# A line that ends this many line heights (an em) short of its column's
# right edge is short: a paragraph's last line, where a full line could
# go on.  An engine's region break after it is a paragraph's end.
SHORT_LINE_EMS: Final = 1.0
# A word space, in line heights: what a word needs beside its own width to
# have fitted at the end of the line above.
SPACE_EMS: Final = 0.3
# Line pitch of a source with a single line per column: its line height
# and the usual leading.
LEADING: Final = 1.2
# How many number strings are kept with their float (``NUMBERS``,
# ``DECIMALS``): the coordinates of a page (to some 14000 px: a broadsheet
# at 600 dpi; a ChronAm page in 1/1200 inch has some 7500 of them), which
# repeat from word to word; a file of ever new numbers only refills it.
CACHED_NUMBERS: Final = 1 << 14
# How much of a file's text decides whether it is a CJK page: what
# ``chars.is_cjk_text`` weighs (the engine asks it of as much).
CJK_SAMPLE_CHARS: Final = 20000


def is_wide(ch: str) -> bool:
    """A character CJK text sets without spaces around it: Han, kana,
    CJK marks and full-width forms (not Hangul: Korean is spaced).

    >>> is_wide("年"), is_wide("。"), is_wide("a"), is_wide("한")
    (True, True, False, False)
    """
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF and not 0x3130 <= cp <= 0x318F
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or cp >= 0x20000
    )


class _Numbers(dict[str, float]):
    """A number's string -> its float, parsed once (a dict look-up costs a
    seventh of ``float``); a ValueError for a string ``float`` refuses."""

    def __missing__(self, key: str) -> float:
        if len(self) >= CACHED_NUMBERS:
            self.clear()
        value = self[key] = float(key)
        return value


class _Decimals(_Numbers):
    """A string of decimal digits -> its float, as ``_Numbers``; a KeyError
    for any other string (hOCR's quick path reads only these)."""

    def __missing__(self, key: str) -> float:
        if not key.isdecimal():
            raise KeyError(key)
        return super().__missing__(key)


NUMBERS: Final = _Numbers()
DECIMALS: Final = _Decimals()


class _Wide(dict[str, bool]):
    """A character -> ``is_wide``, worked out once: ``join_words`` asks it of
    both sides of every break between words, and a page sets few
    characters many times over."""

    def __missing__(self, ch: str) -> bool:
        wide = self[ch] = is_wide(ch)
        return wide


WIDE: Final = _Wide()


def join_words(words: list[Word], spaced: list[bool] | None = None) -> str:
    """A line's words as one text: CJK words (one character at a time from
    OCR) tight, unless a gap of a full character parts them or the break
    parts two items of a fixed form (a date and its weekday); Latin words
    with one space where the source put a space between them (``spaced[k]``:
    before word k; all of them when not given).

    >>> join_words([Word("1998"), Word("年"), Word("1"), Word("月")])
    '1998年1月'
    >>> join_words([Word("The"), Word("storm")])
    'The storm'
    """
    out: list[str] = []
    last = ""  # the last character put out
    above: Box | None = None  # the box of the word before (None: it has none)
    spacing = -1.0  # (the line's letter-spacing, measured when a gap first asks)
    wide = WIDE
    for k, w in enumerate(words):
        t = w.text.strip()
        if not t:
            continue
        box = w.box
        if last:
            if wide[last] or wide[t[0]]:
                # a gap wider than the taller word's height (and than the
                # line's letter-spacing) is a space; so is a fixed form's break
                space = False
                if above is not None and box is not None:
                    gap = box.x0 - above.x1
                    # (a gap of no more than the least height, 1, is none: most are not, and the
                    # heights are not looked at; a ``max`` of two compiles, one of three is a generic call)
                    if gap > CJK_SPACE_EMS and gap > CJK_SPACE_EMS * max(max(above.y1 - above.y0, box.y1 - box.y0), 1.0):
                        if spacing < 0:
                            spacing = _letter_spacing(words)
                        space = gap > spacing
                if space or (t[0] in FIXED_BREAK_AFTER_CHARS or last in FIXED_BREAK_BEFORE_CHARS) and break_is_space(
                    "".join(out), "".join(x.text.strip() for x in words[k : k + FIXED_BREAK_WORDS])
                ):
                    out.append(" ")
            elif spaced is None or spaced[k]:
                out.append(" ")
        out.append(t)
        last, above = t[-1], box
    return "".join(out)


def _letter_spacing(words: list[Word]) -> float:
    """The least gap between CJK words that is a space in a line set
    letter-spaced (北京  举行  新年: every gap wide): ``LETTER_SPACED_GAPS``
    times the line's median gap, where it has ``LETTER_SPACED_MIN_GAPS``
    gaps or more; 0 otherwise."""
    if len(words) <= LETTER_SPACED_MIN_GAPS:
        return 0.0
    gaps = sorted(g for a, b in pairwise(words) if (g := _gap(a, b)) is not None)
    if len(gaps) < LETTER_SPACED_MIN_GAPS:
        return 0.0
    return LETTER_SPACED_GAPS * gaps[len(gaps) // 2]


def _gap(a: Word, b: Word) -> float | None:
    if a.box is None or b.box is None:
        return None
    return b.box.x0 - a.box.x1


def mean_confidence(words: list[Word]) -> float:
    """The mean of the words' confidences (0..1), -1 when none is known."""
    known = [w.confidence for w in words if w.confidence >= 0]
    return sum(known) / len(known) if known else -1.0


def place_lines(pages: list[Page], sizes_stated: bool = True) -> None:
    """Fill each line's engine units from its box (see the module's doc),
    then its measures.  The lines stand in reading order, each with its
    ``box`` (lines without one keep plain-text defaults), ``region`` and,
    where the file states one, ``size``.  ``sizes_stated``: the sizes the
    reader put are the file's font sizes (ALTO FONTSIZE); otherwise they are
    estimates from the image (hOCR x_size) and are smoothed like heights."""
    cjk_page = is_cjk_text(_text_head(pages, CJK_SAMPLE_CHARS))
    for page in pages:
        _drop_unmeasurable_boxes(page.lines)
        _unbreak_texts(page.lines)
    for page in pages:
        lines = [ln for ln in page.lines if ln.text]
        if not any(r.order >= 0 for r in page.regions):  # (a reading order the file states is kept)
            lines = _head_row_first(lines)
            lines = _rejoin_display_pieces(lines, sizes_stated)
            lines = _restack_display_lines(lines, sizes_stated)
            lines = _rejoin_fragments(lines)
            lines = _rejoin_cut_lines(lines, sizes_stated)
            lines = _head_band_first(lines)
        page.lines = lines
        columns = _columns(lines)
        kinds = [bool(role_of(r.kind)) for r in page.regions]  # (a kind that names no role, ocr_textfloat, is an engine's region)
        for k, col in enumerate(columns):
            _place_column(col, cjk_page, kinds)
            if k:
                col[0].blank_before = _column_top(columns[k - 1], col[0], kinds)
        _unindent_pieces(lines)
        _continued_regions(lines, page.regions)
        _sizes(lines, sizes_stated)
        _unindent_display(lines)
        _within_blocks(lines, page.regions)
        roles = [role_of(r.kind) for r in page.regions]
        for ln in lines:
            if ln.region >= 0:
                ln.role = roles[ln.region]
            if ln.confidence < 0 and ln.words:
                ln.confidence = mean_confidence(ln.words)
        if lines:
            measure_lines(lines, cjk_page)
            for col in columns:
                _widths_from_boxes(col)


def _text_head(pages: list[Page], chars: int) -> str:
    """The first ``chars`` characters of the pages' lines joined by
    newlines: a long file's text is not joined whole for a sample."""
    parts: list[str] = []
    size = 0  # (the length of the parts joined, and one)
    for page in pages:
        for ln in page.lines:
            if size > chars:
                return "\n".join(parts)[:chars]
            parts.append(ln.text)
            size += len(ln.text) + 1
    return "\n".join(parts)[:chars]


def _measurable(b: Box) -> bool:
    """A box the geometry can measure: finite, within ``MAX_COORDINATE``,
    with some height (a damaged file's NaN, inf or zero-height box is no
    evidence of where text stands)."""
    return (
        -MAX_COORDINATE <= b.x0 <= MAX_COORDINATE
        and -MAX_COORDINATE <= b.y0 <= MAX_COORDINATE
        and -MAX_COORDINATE <= b.x1 <= MAX_COORDINATE
        and -MAX_COORDINATE <= b.y1 <= MAX_COORDINATE
        and b.y1 > b.y0
        and b.x1 >= b.x0
    )  # (written out: a generator over a tuple of the four costs more than the test, a box a word)


def _drop_unmeasurable_boxes(lines: list[Line]) -> None:
    """Words and lines keep only boxes ``_measurable`` takes; a line whose
    own box is not takes its words' union (or none): the line's text stays."""
    for ln in lines:
        if ln.words:
            for w in ln.words:
                if w.box is not None and not _measurable(w.box):
                    w.box = None
        if ln.box is not None and not _measurable(ln.box):
            ln.box = union([w.box for w in ln.words or () if w.box is not None])


def _unbreak_texts(lines: list[Line]) -> None:
    """A line's text (and its words') with a line end inside (``LINE_END_RE``)
    has its spaces made one: it stays one line of the engine's text."""
    for ln in lines:
        if LINE_END_RE.search(ln.text):
            ln.text = " ".join(ln.text.split())
            for w in ln.words or ():
                w.text = " ".join(w.text.split())


def _rejoin_display_pieces(lines: list[Line], sizes_stated: bool) -> list[Line]:
    """A line of display type (a headline) that an OCR engine cut in
    pieces and read far apart -- its tail after the column under it, a
    ticker symbol after the story -- put together again: pieces in display
    type that share a row (their heights overlap by ``ROW_OVERLAP``, their
    sizes within ``PIECE_SIZE_RATIO``) and stand side by side with at most
    ``PIECE_GAP_EMS`` between them are one printed line, read left to
    right where its first piece was read.  Body type is never joined: two
    columns' lines share rows too.  Where the file states font sizes (ALTO
    FONTSIZE), display type is a stated size, not a tall box (a skewed
    line of body type has one)."""
    boxed = [ln.box.height for ln in lines if ln.box is not None]
    if len(boxed) < 3:
        return lines
    body = sorted(boxed)[len(boxed) // 2]
    stated = sorted(ln.size for ln in lines if ln.size > 0) if sizes_stated else []
    body_size = stated[len(stated) // 2] if stated else 0.0
    rows: list[list[Line]] = []
    joined = False
    for ln in lines:
        b = ln.box
        if b is None or b.height < HEADING_SIZE_RATIO * body or (body_size and ln.size < HEADING_SIZE_RATIO * body_size):
            continue
        for row in rows:
            if _same_row(row, b) and (not body_size or _same_size(row[0].size, ln.size)):
                row.append(ln)
                joined = True
                break
        else:
            rows.append([ln])
    if not joined:
        return lines
    gone: set[int] = set()
    for row in rows:
        if len(row) >= 2:
            _join_pieces(row, "display type")
            gone.update(id(p) for p in row[1:])
    return [ln for ln in lines if id(ln) not in gone]


def _head_row_first(lines: list[Line]) -> list[Line]:
    """The items of a dated running head read late put right after the
    head's first line (see ``HEAD_ITEM_CHARS``), where the furniture stage
    looks for a page's edge."""
    if len(lines) < 3 or lines[0].box is None:
        return lines
    head = split_items(lines[0].text)
    if not head or not FURNITURE_RE.match(head[0]):
        return lines
    a = lines[0].box
    items = [
        ln
        for ln in lines[2:]
        if ln.box is not None
        and len(ln.text) <= HEAD_ITEM_CHARS
        and not ends_sentence(ln.text)
        and _share_row(a, ln.box)
    ]
    if not items:
        return lines
    for ln in items:
        note_why(ln, "R005", "an item of the page's running head, read late")
    if lines[1].box is not None and _share_row(a, lines[1].box):
        items.append(lines[1])  # (the head's items left to right, as they were printed)
    items.sort(key=lambda ln: ln.box.x0)  # type: ignore[union-attr]
    moved = {id(ln) for ln in items}
    return [lines[0], *items, *(ln for ln in lines[1:] if id(ln) not in moved)]


def _head_band_first(lines: list[Line]) -> list[Line]:
    """Lines of an article's head (a deck, a byline) that an engine read
    after columns they stand above put back before them (R006).  They stand
    in a band of their own: the lines read since the columns' top all start
    below the band, the line read before those ends above it, the white
    the band stands in holds its line twice (``HEAD_BAND_WHITE``), between
    two of the engine's regions, and what is read after the band stands a
    blank line (``GAP_PITCHES``) under it: a column that runs on down from
    the band's rows is a column of its own, its top higher than its
    neighbours'.  The pieces of a head's line an engine read apart, each
    after another column (本报 | 记者陈晓燕), go back together."""
    out = list(lines)
    moved: set[int] = set()
    k = 2
    while k < len(out):
        b, prev = out[k].box, out[k - 1].box
        k += 1
        if b is None or prev is None or prev.y0 < b.y1:
            continue  # (only where reading went back up the page)
        j = k - 2
        while j > 0 and out[j - 1].box is not None and out[j - 1].box.y0 >= b.y1:  # type: ignore[union-attr]
            j -= 1
        if j == 0 or k - 1 - j < HEAD_BAND_RUN:
            continue
        above, first = out[j - 1], out[j]
        ab, fb = above.box, first.box
        if ab is None or fb is None:
            continue
        piece = id(above) in moved and _same_row([above], b)  # (the rest of a head's line put back: 本报 | 记者陈晓燕)
        if not piece and (ab.y1 > b.y0 or above.region == first.region or fb.y0 - ab.y1 < HEAD_BAND_WHITE * b.height):
            continue
        m = k  # (the band's lines: those read next that end above the columns' top)
        while m < len(out) and out[m].box is not None and out[m].box.y1 <= fb.y0:  # type: ignore[union-attr]
            m += 1
        last, nxt = out[m - 1].box, out[m].box if m < len(out) else None
        assert last is not None
        if nxt is not None and nxt.x0 < last.x1 and nxt.x1 > last.x0 and nxt.y0 - last.y0 <= GAP_PITCHES * _pitch(out[j : k - 1]):
            continue  # (the band's lines run on down, no blank line under them: the top of a column)
        band = out[k - 1 : m]
        for ln in band:
            note_why(ln, "R006", "a line of the head read after the columns under it")
        out[j:m] = band + out[j : k - 1]
        k = m
        moved.update(id(ln) for ln in band)
    if not moved:
        return out
    # (a head's line an engine read in pieces, each after another column: 本报 | 记者陈晓燕)
    gone: set[int] = set()
    row: list[Line] = []
    for at in [*out, None]:
        if at is not None and id(at) in moved and row and _same_row(row, at.box):  # type: ignore[arg-type]
            row.append(at)
            continue
        if len(row) > 1:
            _join_pieces(row, "a head's type")
            gone.update(id(p) for p in row[1:])
        row = [at] if at is not None and id(at) in moved else []
    return [ln for ln in out if id(ln) not in gone] if gone else out


def _rejoin_fragments(lines: list[Line]) -> list[Line]:
    """Small lines of garbage inside a display line's band and beside it put
    back into it (see ``FRAGMENT_CONFIDENCE``)."""
    boxed = sorted((ln for ln in lines if ln.box is not None), key=lambda ln: ln.box.y0)  # type: ignore[union-attr]
    if len(boxed) < 3:
        return lines
    body = sorted(ln.box.height for ln in boxed)[len(boxed) // 2]  # type: ignore[union-attr]
    tops = [ln.box.y0 for ln in boxed]  # type: ignore[union-attr]
    gone: set[int] = set()
    for d in boxed:
        db = d.box
        assert db is not None
        if db.height < HEADING_SIZE_RATIO * body or id(d) in gone:
            continue
        reach = PIECE_GAP_EMS * db.height
        row = [d]
        for f in boxed[bisect_left(tops, db.y0 - SIZE_NOISE * db.height) : bisect_right(tops, db.y1)][:ROW_CANDIDATES]:
            fb = f.box
            assert fb is not None
            conf = f.confidence if f.confidence >= 0 or not f.words else mean_confidence(f.words)
            if f is d or id(f) in gone or not 0 <= conf < FRAGMENT_CONFIDENCE or fb.height * PIECE_SIZE_RATIO > db.height:
                continue
            if fb.y1 > db.y1 + SIZE_NOISE * db.height or (fb.x1 > db.x0 and fb.x0 < db.x1):
                continue
            if fb.x0 - db.x1 <= reach and db.x0 - fb.x1 <= reach:
                row.append(f)
        if len(row) > 1:
            rank = {id(ln): k for k, ln in enumerate(lines)}
            row.sort(key=lambda ln: rank[id(ln)])
            _join_pieces(row, "display type, with fragments of a glyph")
            gone.update(id(f) for f in row[1:])
    return [ln for ln in lines if id(ln) not in gone] if gone else lines


def _restack_display_lines(lines: list[Line], sizes_stated: bool) -> list[Line]:
    """A line that an engine made a region of its own and read apart from
    the line of display type (or spanning columns) of its size right above it
    (``STACK_GAP_EMS``) put back after it, in its region: the lines of a
    stacked headline read as one."""
    boxed = [ln.box.height for ln in lines if ln.box is not None]
    if len(boxed) < 3:
        return lines
    body = sorted(boxed)[len(boxed) // 2]
    measure = sorted(ln.box.width for ln in lines if ln.box is not None)[len(boxed) // 2]
    display = [
        ln for ln in lines if ln.box is not None and (ln.box.height >= HEADING_SIZE_RATIO * body or ln.box.width >= SPAN_MEASURES * measure)
    ]
    if not display:
        return lines
    by_foot = sorted(display, key=lambda ln: ln.box.y1)  # type: ignore[union-attr]
    feet = [ln.box.y1 for ln in by_foot]  # type: ignore[union-attr]
    per_region = Counter(ln.region for ln in lines)
    under: dict[int, Line] = {}  # id(line above) -> the line stacked under it
    for b in lines:
        if b.box is None or b.region < 0 or per_region[b.region] > 1:
            continue  # (only a line an engine made a region of its own: a region's first line opens it)
        bb = b.box
        assert bb is not None
        lo = bisect_left(feet, bb.y0 - STACK_GAP_EMS * bb.height)
        hi = bisect_right(feet, bb.y0)
        for a in by_foot[lo:hi][:ROW_CANDIDATES]:
            ab = a.box
            assert ab is not None
            if a is b or not (bb.x0 < ab.x1 and bb.x1 > ab.x0) or not _same_size(ab.height, bb.height):
                continue
            if sizes_stated and a.size > 0 and not _same_size(a.size, b.size):
                continue
            if id(a) not in under:
                under[id(a)] = b
            break
    rank = {id(ln): k for k, ln in enumerate(lines)}
    moved = {id(b): a for a in display for b in [under.get(id(a))] if b is not None and rank[id(b)] != rank[id(a)] + 1 and b is not a}
    if not moved:
        return lines
    out: list[Line] = []
    for ln in lines:
        if id(ln) in moved:
            continue
        out.append(ln)
        nxt = under.get(id(ln))
        while nxt is not None and id(nxt) in moved:
            nxt.region = ln.region
            note_why(nxt, "R005", "the next line of a stacked headline, read apart")
            out.append(nxt)
            nxt = under.get(id(nxt))
    return out if len(out) == len(lines) else lines


def _join_pieces(row: list[Line], kind: str, by_word: bool = False) -> None:
    """The pieces of one printed line (``row``, in reading order) made one,
    left to right, where the first of them was read; ``by_word``: their
    words left to right (a word read from its gap goes back into it)."""
    first = row[0]
    pieces = sorted(row, key=lambda p: p.box.x0)  # type: ignore[union-attr]
    words = [w for p in pieces for w in (p.words or [Word(p.text, p.box)])]
    if by_word and all(w.box is not None for w in words):
        words.sort(key=lambda w: w.box.x0)  # type: ignore[union-attr]
    first.text = join_words(words)
    first.words = words
    first.box = union([p.box for p in pieces if p.box is not None])
    first.ids = tuple(i for p in pieces for i in p.ids)
    first.joined = tuple(n for p in row[1:] for n in (p.number, *p.joined))
    first.hyphen = pieces[-1].hyphen
    note_why(first, "R005", f"{len(pieces)} pieces of one line in {kind}, read apart")


def _rejoin_cut_lines(lines: list[Line], sizes_stated: bool) -> list[Line]:
    """Lines of body type an OCR engine cut at a wide word space put
    together again (see ``PIECE_MEASURE_SLACK``): lines that share a row,
    over none of each other, whose span together fits the measure of the
    lines around them."""
    boxed = sorted((ln for ln in lines if ln.box is not None), key=lambda ln: ln.box.y0)  # type: ignore[union-attr]
    if len(boxed) < 3:
        return lines
    body = sorted(ln.box.height for ln in boxed)[len(boxed) // 2]  # type: ignore[union-attr]
    tops = [ln.box.y0 for ln in boxed]  # type: ignore[union-attr]
    pitch = _pitch([ln for ln in lines if ln.box is not None])
    display = HEADING_SIZE_RATIO * body  # (a line this tall or taller is display type)
    # (no pair spans more than the widest line of body type: most rows' lines of two columns are ruled out here)
    widest = max((ln.box.width for ln in boxed if ln.box.height < display), default=0.0)  # type: ignore[union-attr]
    span = (1 + PIECE_MEASURE_SLACK) * widest
    group: dict[int, list[Line]] = {}
    for i, a in enumerate(boxed):
        ab = a.box
        if ab.height >= display:  # type: ignore[union-attr]
            continue
        for b in boxed[i + 1 : i + 1 + ROW_CANDIDATES]:
            bb = b.box
            if bb.y0 >= ab.y1:  # type: ignore[union-attr]
                break
            if bb.height >= display or (sizes_stated and a.size > 0 and not _same_size(a.size, b.size)):  # type: ignore[union-attr]
                continue
            if max(ab.x1, bb.x1) - min(ab.x0, bb.x0) > span:  # type: ignore[union-attr]
                continue
            if is_credit(a.text) or is_credit(b.text):
                continue  # (a photo credit set flush right on a caption's last row is an item of its own)
            if _cut_pair(ab, bb, boxed, tops, pitch) or _in_a_word_gap(a, b) or _in_a_word_gap(b, a):  # type: ignore[arg-type]
                ga, gb = group.get(id(a), [a]), group.get(id(b), [b])
                if ga is not gb:
                    ga.extend(gb)
                    for ln in ga:
                        group[id(ln)] = ga
    if not group:
        return lines
    rank = {id(ln): k for k, ln in enumerate(lines)}
    gone: set[int] = set()
    for g in {id(g): g for g in group.values()}.values():
        g.sort(key=lambda ln: rank[id(ln)])
        _join_pieces(g, "body type", by_word=True)
        gone.update(id(p) for p in g[1:])
    return [ln for ln in lines if id(ln) not in gone]


def _in_a_word_gap(a: Line, b: Line) -> bool:
    """``b`` is a word an engine read apart from the gap it left in ``a``
    (its box spans the gap: "This remark" "the" | "caused"): inside
    ``a``'s span and row, over none of its words, and between two of them."""
    ab, bb = a.box, b.box
    if ab is None or bb is None or not a.words or len(a.words) < 2 or not (ab.x0 <= bb.x0 and bb.x1 <= ab.x1):
        return False
    if not _share_row(ab, bb):
        return False
    boxes = [w.box for w in a.words if w.box is not None]
    if len(boxes) != len(a.words) or any(w.x1 > bb.x0 and w.x0 < bb.x1 for w in boxes):
        return False
    return any(w.x1 <= bb.x0 for w in boxes) and any(w.x0 >= bb.x1 for w in boxes)


def _cut_pair(a: Box, b: Box, boxed: list[Line], tops: list[float], pitch: float) -> bool:
    """``a`` and ``b`` are two pieces of one printed line (see ``_rejoin_cut_lines``)."""
    if not _share_row(a, b) or (b.x1 > a.x0 and b.x0 < a.x1):
        return False
    u = Box(min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1))
    slack = PIECE_MEASURE_SLACK * u.width
    reach = max(MEASURE_REACH * max(a.height, b.height), REACH_PITCHES * pitch)
    measure, n = 0.0, 0
    for ln in boxed[bisect_left(tops, a.y0 - reach) : bisect_right(tops, a.y0 + reach)]:
        c = ln.box
        if c is None or c is a or c is b or c.x0 < u.x0 - slack or c.x1 > u.x1 + slack:
            continue
        if min(c.y1, u.y1) - max(c.y0, u.y0) > 0:
            continue  # (in the row: another piece, not a line around it)
        measure = max(measure, c.width)
        n += 1
    return n >= 2 and u.width <= (1 + PIECE_MEASURE_SLACK) * measure


def _share_row(a: Box, b: Box) -> bool:
    """Their heights overlap by ``ROW_OVERLAP`` of the lower one's: one row."""
    return min(a.y1, b.y1) - max(a.y0, b.y0) >= ROW_OVERLAP * min(a.height, b.height)


def _same_size(a: float, b: float) -> bool:
    return 1 / PIECE_SIZE_RATIO <= a / b <= PIECE_SIZE_RATIO if a > 0 and b > 0 else False


def _same_row(row: list[Line], b: Box) -> bool:
    """``b`` stands beside the row's pieces: in their height (or on their
    baseline), near their ends, over none of them."""
    left = min(p.box.x0 for p in row)  # type: ignore[union-attr]
    right = max(p.box.x1 for p in row)  # type: ignore[union-attr]
    h = row[0].box.height  # type: ignore[union-attr]
    baseline = abs(row[0].box.y1 - b.y1) <= BASELINE_SLACK * min(h, b.height)  # type: ignore[union-attr]
    if not baseline and not (1 / PIECE_SIZE_RATIO <= b.height / h <= PIECE_SIZE_RATIO):
        return False
    if not _share_row(row[0].box, b):  # type: ignore[arg-type]
        return False
    if min(b.x1, right) - max(b.x0, left) > PIECE_TOUCH * min(h, b.height):
        return False  # (over a piece: another line, not the rest of this one; boxes that touch are apart)
    gap = b.x0 - right if b.x0 >= right else left - b.x1
    return gap <= PIECE_GAP_EMS * min(h, b.height)


def _columns(lines: list[Line]) -> list[list[Line]]:
    """The lines cut into columns where reading goes back up the page or
    moves sideways to a line that shares no width with the column so far."""
    columns: list[list[Line]] = []
    prev: Line | None = None
    left = right = 0.0
    for ln in lines:
        b = ln.box
        if prev is None or b is None or prev.box is None:
            columns.append([ln])
        else:
            p = prev.box
            pitch = max(p.height, b.height, 1.0)
            up = b.y0 < p.y0 - NEW_COLUMN_PITCHES * pitch
            apart = b.x0 >= right or b.x1 <= left
            if up or apart:
                columns.append([ln])
            else:
                columns[-1].append(ln)
                left, right = min(left, b.x0), max(right, b.x1)
                prev = ln
                continue
        if b is not None:
            left, right = b.x0, b.x1
        prev = ln
    return columns


def _place_column(col: list[Line], cjk_page: bool, kinds: list[bool]) -> None:
    boxed = [ln for ln in col if ln.box is not None]
    if not boxed:
        return
    pitch = _pitch(boxed)
    body = sorted(ln.box.height for ln in boxed)[len(boxed) // 2]  # type: ignore[union-attr]
    # the column's right edge: where most of its lines end (a quantile, as for the left edge)
    right = sorted(ln.box.x1 for ln in boxed)[int((1 - EDGE_QUANTILE) * (len(boxed) - 1))]  # type: ignore[union-attr]
    x0s = [ln.box.x0 for ln in boxed]  # type: ignore[union-attr]
    least = CJK_INDENT_MIN_CELLS if cjk_page else INDENT_MIN_CELLS
    for k, ln in enumerate(boxed):
        b = ln.box
        assert b is not None
        # indent against the running left edge of the column
        lo, hi = max(0, k - EDGE_WINDOW), min(len(boxed), k + EDGE_WINDOW + 1)
        window = sorted(x0s[lo:hi])
        edge = window[int(EDGE_QUANTILE * (len(window) - 1))]
        cells = display_width(ln.text, cjk_page)
        cell = b.width / cells if cells else 0.0
        inset = (b.x0 - edge) / cell if cell > 0 else 0.0
        ln.indent = " " * round(inset) if least <= inset <= INDENT_MAX_CELLS else ""
        # blank lines from the gap above and from a change of region
        if k == 0:
            continue
        above = boxed[k - 1]
        assert above.box is not None
        gap = b.y0 - above.box.y0
        if gap > GAP_PITCHES * max(pitch, LEADING * above.box.height):
            ln.blank_before = 1
        elif ln.region != above.region and ln.region >= 0:
            # (a region the file gives a role is its own block: only an engine's region may go on a headline)
            stacked = not kinds[ln.region] and _stacked_display(above, ln, body)
            ln.blank_before = 0 if stacked else _region_break(above, ln, right, kinds)
        else:
            ln.blank_before = 0


def _widths_from_boxes(col: list[Line]) -> None:
    """A line's width in display cells from its box, at the column's own
    cell size (the median of box width over text width), where the two
    disagree by ``BOX_WIDTH_CELLS`` or more: the box shows a full line
    whose text an engine read short (half-width digits for full-width
    ones, a character lost) or long (junk from a rule)."""
    heights = sorted(ln.box.height for ln in col if ln.box is not None)
    if len(heights) < CELL_SAMPLE_LINES:
        return
    body = heights[len(heights) // 2]
    # (body type only: a headline's cells are larger)
    same = [ln for ln in col if ln.box is not None and abs(ln.box.height - body) <= SIZE_NOISE * body and ln.kind != "spaced"]
    ratios = sorted(ln.box.width / ln.width for ln in same if ln.box is not None and ln.width >= CELL_SAMPLE_MIN)
    if len(ratios) < CELL_SAMPLE_LINES:
        return
    cell = ratios[len(ratios) // 2]
    for ln in same:
        if ln.box is None or cell <= 0:
            continue
        cells = round(ln.box.width / cell)
        if cells - ln.width >= BOX_WIDTH_CELLS:
            ln.width = cells


def _stacked_display(above: Line, ln: Line, body: float) -> bool:
    """``ln`` is the next line of a headline (or deck) that ``above`` opens,
    whatever regions an engine cut them into: display type of one size,
    unfinished above, stacked at the line pitch (``STACK_GAP_EMS``) and
    overlapping across."""
    a, b = above.box, ln.box
    if a is None or b is None or ends_sentence(above.text) or min(a.height, b.height) < HEADING_SIZE_RATIO * body or not _same_size(a.height, b.height):
        return False
    if above.size > 0 and ln.size > 0 and not _same_size(above.size, ln.size):
        return False
    return 0 <= b.y0 - a.y1 <= STACK_GAP_EMS * b.height and b.x0 < a.x1 and b.x1 > a.x0


def _region_break(above: Line, ln: Line, right: float, kinds: list[bool]) -> int:
    """A new region with no gap: one the file gives a role (or one after
    such a region) is a block of its own; an engine's block (Tesseract cuts
    paragraphs at will) says nothing -- widths, indents and marks decide
    -- unless the line above stops short of its column's right edge
    (``right``): then the region break is a paragraph's end."""
    if kinds[ln.region] or (above.region >= 0 and kinds[above.region]):
        return 1
    if above.box is None:
        return COLUMN_TOP_BLANK
    room = right - above.box.x1
    # short: the room left would have held this line's first word and a
    # space (ragged type stops an em or two short on most lines)
    first = ln.words[0].box if ln.words and ln.words[0].box is not None else None
    need = first.width + SPACE_EMS * first.height if first is not None else SHORT_LINE_EMS * above.box.height
    return 1 if room > max(need, SHORT_LINE_EMS * above.box.height) else COLUMN_TOP_BLANK


def _unindent_display(lines: list[Line]) -> None:
    """A line of display type stands where its centring or the layout puts
    it: its inset is no paragraph's indent (a page of unindented wire copy
    under a centred headline is still unindented)."""
    sizes = sorted(ln.size for ln in lines if ln.size > 0)
    if not sizes:
        return
    body = sizes[len(sizes) // 2]
    for ln in lines:
        if ln.indent and ln.size >= HEADING_SIZE_RATIO * body:
            ln.indent = ""


def _unindent_pieces(lines: list[Line]) -> None:
    """A line that stands beside another line read near it (their heights
    overlap by half, their widths not at all) is a piece of one printed
    line an OCR engine cut at a wide space: its inset is the rest of that
    line, not an indent."""
    for k, ln in enumerate(lines):
        b = ln.box
        if not ln.indent or b is None:
            continue
        for other in lines[max(0, k - PIECE_WINDOW) : k + PIECE_WINDOW + 1]:
            o = other.box
            if other is ln or o is None or o.x1 > b.x0 and o.x0 < b.x1:
                continue
            overlap = min(b.y1, o.y1) - max(b.y0, o.y0)
            if overlap > 0.5 * min(b.height, o.height):
                ln.indent = ""
                break


def _continued_regions(lines: list[Line], regions: list[Region]) -> None:
    """The first line of a region the file says goes on from the one
    before (``Region.continues``) has no break above it: it stands where a
    column break cut a paragraph (``COLUMN_TOP_BLANK`` would leave it to
    the widths; the file has settled it)."""
    for k, ln in enumerate(lines):
        # (a page's first line too: the paragraph runs on from the page before)
        if ln.region >= 0 and regions[ln.region].continues and (k == 0 or ln.region != lines[k - 1].region):
            ln.blank_before = 0
            ln.indent = ""
            ln.goes_on = True


def _within_blocks(lines: list[Line], regions: list[Region]) -> None:
    """Inside a region the file gives a role (PAGE @type paragraph, heading,
    header..., a Tesseract ocr_header or ocr_caption line), the region is
    the file's own block: an inset, a gap or another size inside it is the
    block's shape (a list, verse, a heading run into its paragraph), not a
    new block, so only its first line keeps what the geometry found.  A
    region without a role (an engine's TextBlock, often a whole column)
    says nothing about the paragraphs in it: the geometry is all there is."""
    typed = {k for k, r in enumerate(regions) if r.kind}
    for above, ln in pairwise(lines):
        if ln.region in typed and ln.region == above.region:
            ln.indent = ""
            ln.blank_before = min(ln.blank_before, 0)
            if above.size > 0:
                ln.size = above.size


def _column_top(above: list[Line], top: Line, kinds: list[bool]) -> int:
    """What stands above the first line of a column: a new region is
    weighed as anywhere (``_region_break``, against the right edge of the
    column before); a region going on into the next column says nothing
    (``COLUMN_TOP_BLANK``).  A line that stands below the whole column
    before, a blank line (``GAP_PITCHES``) under its foot, tops no column:
    reading went down the page, past a gap (a page's foot line)."""
    feet = [ln.box.y1 for ln in above if ln.box is not None]
    if feet and top.box is not None and top.box.y0 - max(feet) > GAP_PITCHES * _pitch([ln for ln in above if ln.box is not None]):
        return 1
    if top.region != above[-1].region and top.region >= 0:
        ends = sorted(ln.box.x1 for ln in above if ln.box is not None)
        if not ends:
            return 1
        return _region_break(above[-1], top, ends[int((1 - EDGE_QUANTILE) * (len(ends) - 1))], kinds)
    return COLUMN_TOP_BLANK


def _pitch(lines: list[Line]) -> float:
    """The column's line pitch: the median top-to-top step between lines
    that follow each other downward (a line height and leading otherwise)."""
    steps = sorted(
        ln.box.y0 - above.box.y0  # type: ignore[union-attr]
        for above, ln in pairwise(lines)
        if ln.box.y0 > above.box.y0  # type: ignore[union-attr]
    )
    if steps:
        return steps[len(steps) // 2]
    heights = sorted(ln.box.height for ln in lines)  # type: ignore[union-attr]
    return LEADING * heights[len(heights) // 2]


def _type_height(ln: Line) -> float:
    """A line's height as its type's: its box's, unless the box stands far
    taller than most of its words (``MERGED_LINE_RATIO``): an engine's line
    box that took in a word of the line under it."""
    if ln.box is None:
        return 0.0
    heights = sorted(w.box.height for w in ln.words if w.box is not None) if ln.words else []
    if len(heights) >= MERGED_LINE_WORDS:
        typical = heights[len(heights) // 2]
        if ln.box.height > MERGED_LINE_RATIO * typical:
            return typical
    return ln.box.height


def _sizes(lines: list[Line], sizes_stated: bool) -> None:
    """Each line's size: the stated font size, else its type's height; heights
    (and estimated sizes) within ``SIZE_NOISE`` of the body lines' are the
    body size, so ascenders and descenders start no new box."""
    if sizes_stated and lines and all(ln.size > 0 for ln in lines):
        return
    for ln in lines:
        if ln.size <= 0 or sizes_stated:
            ln.size = _type_height(ln)
    known = sorted(ln.size for ln in lines if ln.size > 0)
    if not known:
        return
    body = known[len(known) // 2]
    for ln in lines:
        if ln.size > 0 and abs(ln.size - body) <= SIZE_NOISE * body:
            ln.size = body
