"""Lines -> runs of lines (future blocks): where does a paragraph or text box end?

Hard wraps hide paragraph ends; the typesetter's measure reveals them.  A
line ends its paragraph when the next line's first unit would have fitted on
it.  A paragraph's first line holds about two characters less (the indent,
printed or lost), so a full line ending a sentence followed by a line four
cells short starts a new paragraph.  Both rules are costs in a small Viterbi
pass over the lines (two states: *starts* or *continues* a paragraph), so a
doubtful break is settled by the lines after it.

Text boxes show in other ways first: the blank-line style of the source, a
leading space, a line much wider than the column (deck, caption).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import compress
from typing import Final, NamedTuple

import regex

from .chars import CLAUSE_MARKS, CREDIT_VERBS, FULL_STOPS, OPEN_ENDS, OPENING, has_credit_verb, is_all_caps, is_cjk_text
from .classify import (
    ARTICLE_OPENING_RE,
    ARTICLE_SOURCES,
    NOTE_RE,
    NEWS_DESK,
    NOTE_STARTS,
    OFFICE_ENDS,
    PICTURE_NOTE_RE,
    REPORTER_ROLES,
    SIGNER_RE,
    TRAILING_CREDIT_RE,
    is_byline,
    is_credit,
    latin_credit_lines,
    opens_like_fixed_form,
    opens_on_dateline,
)
from .lines import lines_holding, wider_than_column
from .model import Line, note_why
from .roles import stated_type
from .spacing import HALF_MARK_RE, HALF_PUNCT_IN_CJK_RE
from .tuning import (
    BLANK_LINE,
    BLOCK_A_LINE_MEASURES,
    BLOCK_A_LINE_SHARED,
    BLOCK_A_LINE_SHARED_CJK,
    BLOCK_TEXT_SHARE,
    BREAK_AFTER_FULL,
    BREAK_PRIOR,
    BREAK_WITHOUT_END,
    CENTRED_SLACK,
    CONTINUE_AT_LOCAL_MEASURE,
    CONTINUE_IN_NARROW_BOX,
    CONTINUE_WITH_LITTLE_ROOM,
    CONTINUE_WITH_ROOM,
    CREDIT_TAIL_CHARS,
    FLUSH_START,
    FORCED,
    FULL_SLACK,
    HEAD_MAX_CHARS,
    HEAD_STACK_MAX_LINES,
    ITEM_REACH,
    HEADING_MAX_CHARS,
    INDENT_CELLS,
    INDENT_EVIDENCE,
    INDENTED_STARTS,
    KEPT_INDENT_SHARE,
    LOWERCASE_OPENINGS,
    NAME_MAX_CHARS,
    NARROW,
    NARROW_DIGITS_EVIDENCE,
    NARROW_DIGITS_MIN,
    OVERFULL_FIRST,
    SENTENCE_THEN_PARAGRAPH,
    SIZE_CHANGE,
    SLACK_TOLERANCE,
    UNSHARED_WIDTHS,
    UNWRAPPED_MEASURES,
    UNWRAPPED_SHARE,
    WIDE_MARGIN,
)

# Costs of the segmentation pass (negative log-odds, tuned on cases-dev).
BYLINE_MARKS: Final = "□■"
CLAUSE_MARK_RE: Final = regex.compile(f"[{regex.escape(CLAUSE_MARKS)}]")
# Last marks of a line that a continuation rule may look at (digits are asked apart).
OPEN_LINE_ENDS: Final = OPEN_ENDS + "电者员員"
# First marks of display lines: a byline's box, a byline's opening word.
DISPLAY_STARTS: Final = BYLINE_MARKS + "本新记By"
# A line ending on a reporter's role goes on into the names.
REPORTER_RE: Final = regex.compile(rf"(?:{REPORTER_ROLES})$")
# An agency's or the paper's reporter opening a line (新华社记者戚德良支林飞).
REPORTER_OPENING_RE: Final = regex.compile(rf"^{NEWS_DESK}(?:{REPORTER_ROLES})")
NAME_PIECE_RE: Final = regex.compile(r"^\p{Han}{1,4}$")
# A photo credit's verb anywhere (lines_holding finds the few lines that hold one).
CREDIT_VERB_RE: Final = re.compile(f"[{CREDIT_VERBS}]")
# A line that is an article's dateline and nothing more (新华社北京１月８日电).
DATELINE_RE: Final = regex.compile(rf"^(?:据|據)?(?:{'|'.join(ARTICLE_SOURCES)})\S{{0,14}}\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*电$")
# A dash between words, set with spaces (not a hyphen): a line ending on
# one goes on.
SPACED_DASHES: Final = (" -", " --", " \u2013", " \u2014")
# A wire story's Latin dateline opening its first paragraph: the place in
# capitals and a comma, then the date and a dash (``WASHINGTON, March 6 -``),
# or the place alone where a narrow column broke the line after it.
LATIN_DATELINE_RE: Final = regex.compile(
    r"^\p{Lu}[\p{Lu}.'&-]*(?: \p{Lu}[\p{Lu}.'&-]*){0,2},(?:\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\p{Ll}*\.?\s+\d{1,2}\b|$)"
)


class LineCounts(NamedTuple):
    """Counts over a page's lines that several stages decide on (one pass)."""

    blank_once: int  # lines after the first with exactly one blank line above
    blank_after: int  # ... with at least one
    blank_once_all: int  # every line with exactly one blank line above
    finals: int  # lines ending the way a paragraph's last line does
    indented: int
    steady: int  # lines whose core width is within 2 cells of the measure W (0 without W)
    median_width: int  # (the widths only when asked for: they cost a sort)
    modal_width: int  # the commonest width of 4 cells or more (the wider on a tie; see _shared_mode), -1 if none


def line_counts(lines: list[Line], W: list[int] | None = None, widths: bool = False) -> LineCounts:
    """The counts of ``LineCounts``, in one pass over the lines."""
    n = len(lines)
    blank_once = blank_after = blank_once_all = finals = indented = steady = 0
    first = True
    for ln in lines:
        b = ln.blank_before
        if b == 1:
            blank_once_all += 1
        if not first and b >= 1:
            blank_after += 1
            if b == 1:
                blank_once += 1
        first = False
        if ln.final:
            finals += 1
        if ln.indent:
            indented += 1
    if W is not None:
        for ln, w in zip(lines, W):
            if abs(ln.width - ln.hang - w) <= 2:
                steady += 1
    ordered = sorted([_printed_width(ln) for ln in lines]) if widths else []
    counts: dict[int, int] = {}
    for w in ordered:
        if w >= 4:
            counts[w] = counts.get(w, 0) + 1
    return LineCounts(
        blank_once,
        blank_after,
        blank_once_all,
        finals,
        indented,
        steady,
        ordered[n // 2] if ordered else 0,
        _shared_mode(counts),
    )


def _printed_width(ln: Line) -> int:
    """A line's width with its half-width marks in CJK text as wide as the
    full-width ones they stand for (P001 widens them): whether lines share
    a measure is judged alike on the input and on the text output.

    >>> _printed_width(Line("后,田野", 1, width=7))
    8
    """
    t = ln.text
    if t.isascii() or not HALF_MARK_RE.search(t):
        return ln.width  # (no CJK beside a mark: nothing P001 widens)
    return ln.width + len(HALF_PUNCT_IN_CJK_RE.findall(t))


def _shared_mode(counts: dict[int, int]) -> int:
    """The commonest width (the wider on a tie) if two lines or more have
    it. ``UNSHARED_WIDTHS`` lines or more of widths all different share no
    measure (-1): a block a line, our own output, would otherwise seem to
    have a column as wide as its longest paragraph, and nothing past it.
    Fewer say little either way: the middle width stands for the measure.

    >>> _shared_mode({30: 5, 31: 5, 12: 1}), _shared_mode({746: 1, 12: 1, 44: 1, 20: 1}), _shared_mode({37: 1, 38: 1})
    (31, -1, 38)
    """
    if not counts:
        return -1
    mode = max(counts, key=lambda w: (counts[w], w))
    if counts[mode] >= 2:
        return mode
    if len(counts) >= UNSHARED_WIDTHS:
        return -1
    ordered = sorted(counts)
    return ordered[len(ordered) // 2]


def detect_double_spacing(lines: list[Line]) -> bool:
    """True when (nearly) every line is followed by one blank line, so blank
    lines carry no information and a *missing* one marks a new text box.
    """
    if len(lines) < 4:
        return False
    counts = line_counts(lines)
    if counts.blank_once < 0.6 * (len(lines) - 1):
        return False
    return not is_unwrapped(lines)


def is_unwrapped(lines: list[Line], strict: bool = False) -> bool:
    """One paragraph per line with blank lines between (unwrapped text, our
    own output): most lines end a sentence, or lines run far longer than any
    column -- or, unless ``strict``, they share no column's measure (a list
    of names, verse).  Text in the text output's form (every line under one
    blank line, none indented) needs a measure three lines share (four CJK lines).  Then
    every blank line is a break."""
    n = len(lines)
    if n < 2:
        return True
    c = line_counts(lines)
    if c.blank_after < 0.9 * (n - 1):
        return False  # (most text: asked before the widths, which cost a sort)
    c = line_counts(lines, widths=True)
    if c.finals >= 0.4 * n or c.median_width >= 120 or (not strict and not _has_column(c.modal_width)):
        return True
    # set a block a line (our own output's form): wrapped only on firmer
    # evidence -- a measure BLOCK_A_LINE_SHARED(_CJK) lines share, no two lines past
    # three measures (a table's rows, verse, a page's last few lines: short
    # blocks may share a width by chance, the paragraphs between them do not)
    block_a_line = c.blank_once == n - 1 - sum(1 for ln in lines[1:] if ln.blank_before < 0) and not c.indented
    # (fewer lines than that of 4 cells or more measure nothing either way;
    # a numbered list's items, a table's rows, share a width as no column's
    # lines: its text output would read back as one)
    items = frozenset(numbered_items([ln.text for ln in lines])) if block_a_line else frozenset()
    widths = [_printed_width(ln) for ln in lines] if block_a_line else []
    measured = [w for k, w in enumerate(widths) if w >= 4 and k not in items]
    # (a justified CJK column's lines are its measure exactly: a column shows
    # more of them than ragged Latin lines do, and fewer are chance)
    at_mode = next((ln.text for ln, w in zip(lines, widths) if w == c.modal_width), "")
    shared = BLOCK_A_LINE_SHARED_CJK if is_cjk_text(at_mode) else BLOCK_A_LINE_SHARED
    if len(measured) + len(items) >= shared and measured.count(c.modal_width) < shared:
        return True
    if block_a_line and len(measured) == 1:
        return True  # one line of any width measures no column: it is not found full against itself
    # lines run past four measures: paragraphs on a line each (no wrapped
    # column holds such lines; a deck runs to two or three)
    measures = BLOCK_A_LINE_MEASURES if block_a_line else UNWRAPPED_MEASURES
    past = sum(1 for ln in lines if ln.width > measures * max(c.modal_width, 8))
    return past >= max(2, UNWRAPPED_SHARE * n)


def indents_paragraphs(lines: list[Line], W: list[int], apart: frozenset[int] = frozenset()) -> bool:
    """The page indents its paragraphs: the line after a paragraph's short
    last line (a final mark, well short of the column) is indented, nearly
    always (``INDENTED_STARTS``), on ``INDENT_EVIDENCE`` such lines or more.
    Lines in ``apart`` (the ones asked about) are no evidence."""
    after = [
        lines[i + 1].indent != ""
        for i in range(len(lines) - 1)
        if lines[i].final and lines[i].width <= W[i] - NARROW and not lines[i + 1].kind and i + 1 not in apart
    ]
    return len(after) >= INDENT_EVIDENCE and sum(after) >= INDENTED_STARTS * len(after)


def starts_flush(lines: list[Line], W: list[int]) -> bool:
    """A layout page (lines with boxes) whose paragraphs start flush: the
    line after a paragraph's short last line is indented hardly ever (at
    most ``1 - INDENTED_STARTS`` of them), on ``INDENT_EVIDENCE`` such lines
    or more.  Plain text lost its indents; a layout reader measured them."""
    if not lines or lines[0].box is None:
        return False
    after = [
        lines[i + 1].indent != ""
        for i in range(len(lines) - 1)
        if lines[i].final and lines[i].width <= W[i] - NARROW and not lines[i + 1].kind
    ]
    return len(after) >= INDENT_EVIDENCE and sum(after) <= (1 - INDENTED_STARTS) * len(after)


def _has_column(modal_width: int) -> bool:
    """Hard-wrapped lines share a measure, and a column's measure is 8 CJK
    characters at least: lines whose commonest width (of 4 cells or more) is
    narrower are set one by one (verse, a list), not wrapped."""
    return modal_width >= 16


def estimate_column_widths(lines: list[Line], cjk_page: bool, forced: list[bool] | None = None) -> list[int]:
    """The column measure around each line.

    The page is cut into zones at heading-like lines (short, no final
    punctuation) and at lines far wider than the page's mode, so each
    article (and each section of it) is measured on its own; a zone's
    measure is the most common core width of its lines (hanging marks
    excluded), borrowing from its neighbour when it has too few lines.
    """
    n = len(lines)
    if not n:
        return []
    cores = [ln.width - ln.hang for ln in lines]
    opening: set[int] = set()
    cut = _zone_cuts(lines, cores, [ln.final for ln in lines], forced, opening, cjk_page)
    # zones: (first, end) ranges of lines between cuts; a cut line is a zone
    # of its own and measures nothing
    zones: list[tuple[int, int]] = []
    start = 0
    for i in [i for i in range(n) if cut[i]]:
        if start < i:
            zones.append((start, i))
        zones.append((i, i + 1))
        start = i + 1
    if start < n:
        zones.append((start, n))
    page_measure = _measure_of(cores, cjk_page)
    refine = _RefineTable(lines, cores, forced) if cjk_page else None
    own: list[int | None] = []
    for a, b in zones:
        if b - a >= 6 and not cut[a]:
            # (a paragraph's first line is short by its indent, lost or not:
            # the measure shows in the lines that go on)
            going = [cores[k] for k in range(a + 1, b) if not lines[k - 1].final] if cjk_page else []
            m = _measure_of(going if len(going) >= 4 else cores[a:b], cjk_page)
            m = refine.best(a, b, m) if refine is not None else m
            # (lines whose commonest width is no column's are set one by one,
            # verse or a list: they borrow the measure around them)
            own.append(m if _has_column(m) else None)
        else:
            own.append(None)
    # nearest measured zone before and after each zone, in two linear passes
    # (a page of many short paragraphs has many unmeasured zones)
    nz = len(zones)
    prev_own: list[int | None] = [None] * nz
    next_own: list[int | None] = [None] * nz
    seen: int | None = None
    for z in range(nz):
        prev_own[z] = seen
        if own[z] is not None:
            seen = own[z]
    seen = None
    for z in range(nz - 1, -1, -1):
        next_own[z] = seen
        if own[z] is not None:
            seen = own[z]
    W: list[int] = []
    for z, (a, b) in enumerate(zones):
        measured = own[z]
        if measured is not None:
            m = measured
        else:
            # too few lines to measure: take the nearest measured zone before or
            # after whose column these lines fit in (an article's first section
            # belongs with what follows, its last with what precedes)
            before = prev_own[z]
            after = next_own[z]
            widest = 0 if cut[a] else max(cores[a:b])
            fits = [x for x in (before, after) if x is not None and widest <= x + 1]
            if a in opening and after is not None and after - NARROW <= cores[a] <= after + 1:
                # (a new article's first line, cut where the widths change, as
                # full as a first line is in the column below: that column's)
                m = after
            elif fits:
                m = min(fits, key=lambda x: x - widest)
            elif cjk_page and _has_column(widest) and sum(1 for k in range(a, b) if cores[k] >= widest - 1 and not lines[k].final) >= 2:
                # (wider than the columns around it, and two lines went on at
                # that width: a narrow zone set to a measure of its own)
                m = widest
            elif before is not None or after is not None:
                m = max(x for x in (before, after) if x is not None)
            else:
                m = page_measure
        W.extend([m] * (b - a))
    return W


def _zone_cuts(lines: list[Line], cores: list[int], final: list[bool], forced: list[bool] | None, opening: set[int], cjk_page: bool) -> list[bool]:
    """Lines that start a zone of their own: far wider than a neighbour (a deck
    or caption line), display text, a heading, a new article's measure (those
    go in ``opening`` too).

    Only lines that can be cut are visited: this runs on every line of every page.
    """
    n = len(lines)
    cut = [False] * n
    prev = [cores[0]] + cores[:-1]
    nxt = cores[1:] + [cores[-1]]
    wide = [c > 1.4 * (p if p < q else q) + WIDE_MARGIN for p, c, q in zip(prev, cores, nxt)]
    after_final = [False] + [f and not g for f, g in zip(final, final[1:])]
    candidates = [
        i
        for i in range(n)
        if wide[i] or after_final[i] or (forced is not None and forced[i]) or lines[i].kind == "spaced"
    ]
    if not final[0] and (not candidates or candidates[0] != 0):
        candidates.insert(0, 0)
    done = -1
    going: list[int] | None = None  # the lines that go on (no final mark), ascending
    going_cores: list[int] = []
    for i in candidates:
        if i <= done:
            continue
        while True:
            done = i
            c = cores[i]
            ln = lines[i]
            if wide[i] and c > 1.4 * _local_median(cores, i) + WIDE_MARGIN and not _resumes_column(cores, cut, final, i):
                cut[i] = True  # a deck or caption line: measured apart
            elif ln.kind == "spaced":
                cut[i] = True  # display text
            elif not final[i] and (i == 0 or final[i - 1] or cut[i - 1] or (forced is not None and forced[i])):
                after = sorted(cores[i + 1 : i + 4])
                ref = after[len(after) // 2] if after else c
                if c <= 0.75 * ref or c > 1.15 * ref + 2:
                    cut[i] = True  # a heading: the next section may have its own measure
            if not cut[i] and forced is not None and forced[i] and 6 <= i < n - 6:
                # a new article with a measure of its own: the widths change here
                # (the widths of lines that go on: a paragraph's last line,
                # a heading or a byline above shows no measure; a ragged
                # Latin column's lines show one only together)
                if cjk_page:
                    if going is None:
                        going = [k for k in range(n) if not final[k]]  # (once a page, where asked)
                        going_cores = [cores[k] for k in going]
                    p = bisect_left(going, i)
                    q = p + 1 if p < len(going) and going[p] == i else p
                    # (six such lines on either side, within twelve lines)
                    change = p >= 6 and q + 6 <= len(going) and going[p - 6] >= i - 12 and going[q + 5] <= i + 12
                    if change:
                        before = sorted(going_cores[p - 6 : p])
                        after = sorted(going_cores[q : q + 6])
                        change = abs(before[3] - after[3]) >= 3 and abs(before[4] - after[4]) >= 3
                else:
                    before = sorted(cores[i - 6 : i])
                    after = sorted(cores[i + 1 : i + 7])
                    change = abs(before[3] - after[3]) >= 3 and abs(before[2] - after[2]) >= 3
                if change:
                    cut[i] = True
                    opening.add(i)
            if cut[i] and i + 1 < n and not final[i + 1]:
                i += 1  # the next line's heading test looks at this cut
                continue
            break
    return cut


class _RefineTable:
    """Choose between a zone's modal width and its neighbours by how many
    lines each would make impossible: wider than the measure even with every
    mark set half width, or with room for the next unit but no final mark.
    Half-width marks hide an odd measure (35 looks like 34 or 36).

    The per-line thresholds are computed once for the page, so each zone
    costs three counts over its lines.
    """

    def __init__(self, lines: list[Line], cores: list[int], forced: list[bool] | None) -> None:
        n = len(lines)
        ind = [INDENT_CELLS if ln.indent else 0 for ln in lines]
        # overfull for a measure below this (narrowest - ind + 1 ... written as one threshold)
        self.over = [c - ln.squeezable + k - 1 for ln, c, k in zip(lines, cores, ind)]
        never = 1 << 30
        leads = [ln.lead for ln in lines[1:]] + [0]
        # roomy for a measure in [room, near]: room for the next unit, no final mark
        # (only lines near this measure: a zone may hold another article's)
        self.room = [never if ln.final else ln.width + u + k for ln, u, k in zip(lines, leads, ind)]
        self.near = [ln.width + k + 3 for ln, k in zip(lines, ind)]
        # the last line of the page and lines before a stated break prove nothing
        skip = [False] * n
        skip[-1] = True
        if forced is not None:
            skip[:-1] = forced[1:]
        self.skip = skip

    def best(self, a: int, b: int, m: int) -> int:
        over, room, near, skip = self.over, self.room, self.near, self.skip
        idx = [i for i in range(a, b) if not skip[i]]
        bad = []
        for cand in (m, m - 1, m + 1):
            overfull = [i for i in idx if over[i] > cand]
            roomy = sum(1 for i in idx if room[i] <= cand <= near[i])
            roomy -= sum(1 for i in overfull if room[i] <= cand <= near[i])
            bad.append(2 * len(overfull) + roomy)
        # fewest impossible lines; on a tie the modal width
        k = min(range(3), key=bad.__getitem__)
        return (m, m - 1, m + 1)[k]


def _resumes_column(cores: list[int], cut: list[bool], final: list[bool], i: int, span: int = 4) -> bool:
    """Line ``i`` is as wide as a column line close above it that went on
    (no final mark, not cut), all lines between narrower: the column's text
    before or after a caption dropped into it, whose short lines outnumber
    its neighbours -- not a deck."""
    c = cores[i]
    for j in range(i - 1, max(-1, i - 2 - span), -1):
        if abs(cores[j] - c) <= 1:
            return not cut[j] and not final[j]
        if cores[j] >= c:
            return False
    return False


def _local_median(values: list[int], i: int, span: int = 4) -> int:
    around = sorted(values[max(0, i - span) : i] + values[i + 1 : i + 1 + span])
    return around[len(around) // 2] if around else values[i]


def _measure_of(widths: list[int], cjk_page: bool) -> int:
    """The column measure the line widths of a zone show."""
    if not cjk_page:
        # ragged right: the measure is the longest line that is not an outlier
        # (the widest line not far wider than the upper quartile)
        ws = sorted(widths, reverse=True)
        q = ws[len(ws) // 4]
        return next(w for w in ws if w <= 1.1 * q + 1)
    counts: dict[int, int] = {}
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
    # ignore very short lines (headings, last lines) when finding the mode
    pool = {w: c for w, c in counts.items() if w >= 8} or counts
    mode = max(pool, key=lambda w: (pool[w], w))
    if pool.get(mode + 1, 0) >= 0.2 * pool[mode]:
        return mode + 1
    return mode


def stated_break(ln: Line, double_spaced: bool) -> str:
    """The code of the break the source states above ``ln`` (B002-B004), or "".

    Blank lines that framed removed furniture (``blank_before < 0``) say nothing.

    >>> stated_break(Line("a", 3, blank_before=1), False), stated_break(Line("a", 3, blank_before=1), True)
    ('B002', '')
    """
    if ln.indent:
        return "B003"
    g = ln.blank_before
    if double_spaced:
        return "B004" if g == 0 else ("B002" if g >= 2 else "")
    return "B002" if g >= 1 else ""


STATED_BREAK_EVIDENCE: Final = {
    "B002": "blank line above",
    "B003": "indented",
    "B004": "no blank line above in a double-spaced source",
}


def hard_breaks(lines: list[Line], double_spaced: bool) -> list[bool]:
    """Breaks the source states outright: blank lines (or a missing one in a
    double-spaced source), an indent, a new page of a spaced source."""
    if not lines:
        return [True]
    out = [True] + [bool(stated_break(ln, double_spaced)) for ln in lines[1:]]
    spaced = [i for i, ln in enumerate(lines) if ln.indent == " " and i]
    # (where a space sets in the first lines of paragraphs that run on flush,
    # a space is this page's indent: lines set in one after another are
    # paragraphs of a line, verse or a list, not a box; the page's first
    # line, a headline's as often as a paragraph's, is no evidence)
    space_indents = sum(1 for i in spaced if i + 1 < len(lines) and not lines[i + 1].indent and not stated_break(lines[i + 1], double_spaced)) >= INDENT_EVIDENCE
    for i in spaced:
        ln, prev = lines[i], lines[i - 1]
        if prev.indent == " " and not prev.final and prev.width >= ln.width:
            # a box set in by a space on every line (a wrapped headline) goes on;
            # its blank-line style is its own (where a space is the page's
            # indent, only over a byline: a one-line paragraph, verse or a
            # list item ends on no byline)
            if not space_indents or (i + 1 < len(lines) and _opens_byline(lines[i + 1].text)):
                out[i] = False
    return out


def _opens_byline(t: str) -> bool:
    """A byline's form: its box (□ 赵磊) or its words (本报记者 王某)."""
    return t[0] in BYLINE_MARKS or (len(t) <= 24 and is_byline(t))


def _wraps_caps_head(above: Line, ln: Line, cjk_page: bool, double: bool = False) -> bool:
    """``ln`` goes on the all-caps head ``above`` it: both all caps, no
    blank line or final mark between them, set in one size (where the
    source knows sizes), and no wider (a head wraps where its first line is
    full: a longer line under a short one is another item, a masthead's
    issue line) -- a headline wrapped, not two heads.  ``double``: the
    source is double-spaced, one blank line is no gap."""
    a, t = above.text, ln.text
    return (
        not cjk_page
        and ln.blank_before == (1 if double else 0)
        and not above.final
        and ln.kind != "spaced"
        and above.kind != "spaced"
        and is_all_caps(a)
        and is_all_caps(t)
        and abs(above.size - ln.size) <= SIZE_CHANGE * max(above.size, ln.size)
        and ln.width <= above.width + FULL_SLACK
    )


def segment_lines(
    lines: list[Line],
    cjk_page: bool,
    measure: list[int] | None = None,
    breaks: tuple[bool, list[bool]] | None = None,
    explain: bool = False,
    keep_blocks: bool = False,
) -> tuple[list[list[Line]], list[int]]:
    """Group lines into runs that each become one block; also return the
    column measure at each run's first line (classification compares widths
    with it).  ``explain``: note on each run's first line why it starts
    there (``Line.why``).  ``keep_blocks``: the source's blank lines part
    its blocks (``blank_lines_part_blocks``): each blank line is a break,
    and a block is split further only by what the source states (an
    indent, display text, a change of size), never by widths or sentence
    ends.  ``measure`` is the column measure per line and ``breaks`` the
    spacing style with the stated breaks, when the caller has them already."""
    n = len(lines)
    if n == 0:
        return [], []
    if breaks is None:
        double = detect_double_spacing(lines)
        forced = hard_breaks(lines, double)
    else:
        double, forced = breaks
    W = measure if measure is not None else estimate_column_widths(lines, cjk_page, forced)
    ends, credit_ends, heads, open_lines, hyphens, datelines, wide, wide_idx = _segment_marks(lines, W, cjk_page)
    for i in credit_ends:
        # a caption ends on its photo credit
        t = lines[i].text
        ends[i] = bool(TRAILING_CREDIT_RE.search(t) or is_credit(t))
    # (a caption whose credit is printed at its last line's end, a source
    # after it: 周立新 摄 （新华社发）, which no line of running text ends on)
    credited = [i for i in range(n - 1) if has_credit_verb(lines[i].text[-CREDIT_TAIL_CHARS:]) and TRAILING_CREDIT_RE.search(lines[i].text)]
    short_first = cjk_page
    # (a page whose boxes show its paragraphs start flush holds as much on a
    # paragraph's first line as on any other: no lost indent to look for)
    flush = cjk_page and starts_flush(lines, W)
    # (a layout page whose boxes show every paragraph set in: a flush line
    # starts none but where a rule above states it)
    set_in = lines[0].box is not None and indents_paragraphs(lines, W)
    # A single blank line in a single-spaced source is strong evidence, not
    # proof: OCR engines and some extractors put blank lines inside paragraphs.
    # State per line: None = free, True = must start, False = must continue.
    # (unwrapped text, a block a line -- our own output --: every blank line
    # is a break, and no line end overrides one)
    unwrapped = not double and is_unwrapped(lines)
    soft, fixed = _initial_states(lines, forced, not double and not keep_blocks and not unwrapped)
    # why each line that must start does (rule code, evidence): the starts
    # the segmentation pass chooses are explained where they are taken
    why: dict[int, tuple[str, str]] = {0: ("B001", "first line")}
    for i in compress(range(1, n), fixed[1:]):
        code = stated_break(lines[i], double)
        why[i] = (code, STATED_BREAK_EVIDENCE[code]) if code else ("B002", "stated break")
    if unwrapped:
        # a block a line: the lines on either side of a line taken out
        # (furniture) are two blocks still, not the halves of a paragraph
        for i in range(1, n):
            if lines[i].blank_before < 0:
                fixed[i] = True
                why[i] = ("B002", "blank lines around a line taken out, in text set a block a line")
    for i in credited:
        if fixed[i + 1] is None:
            fixed[i + 1] = True
            why[i + 1] = ("B015", "after a photo credit")
    # a Latin caption's sentence (a line or two) over its credit's own line,
    # after a paragraph's end, set flush on a page that indents its
    # paragraphs (or over a credit printed after it on its last line); a CJK
    # caption runs to several sentences (图为……), no line of it is sure to open it
    texts = [ln.text for ln in lines]
    # a photo credit on a line of its own (王琪 摄（资料图片）) under a
    # sentence's end: its form starts it, however full the caption's line
    # (a bracketed one, （王琪摄）, closes the paragraph of a photo story)
    for i in lines_holding(texts, CREDIT_VERB_RE) if cjk_page else ():
        t = texts[i]
        if i and fixed[i] is None and lines[i - 1].final and t[0] not in "（(" and has_credit_verb(t[-CREDIT_TAIL_CHARS:]) and is_credit(t):
            fixed[i] = True
            why[i] = ("B005", "a photo credit's form")
    credits = latin_credit_lines(texts) if not cjk_page else []
    if credits:
        # (where each caption ends: above its credit's own line, or on its line)
        ends_at = [c if alone else c + 1 for c, alone in credits if c >= (2 if alone else 1) and (not alone or lines[c - 1].final)]
        captions = [c - 2 if c >= 3 and lines[c - 3].final and not lines[c - 2].final else c - 1 for c in ends_at]
        captions = [k for k in captions if lines[k - 1].final and not lines[k].indent]
        if any(fixed[k] is None for k in captions) and indents_paragraphs(lines, W, frozenset(captions)):
            for k in captions:
                if fixed[k] is None:
                    fixed[k] = True
                    why[k] = ("B015", "a caption's sentence over its credit")
    if cjk_page:
        for i in [i for i in range(n - 1) if texts[i][-1] in "）)"]:
            t = texts[i]
            if fixed[i + 1] is None and PICTURE_NOTE_RE.search(t):
                fixed[i + 1] = True
                why[i + 1] = ("B005", "under a headline's note on its pictures")
    # a note on the writer after the text's last sentence (（作者系…）, The
    # writer is a professor ...): its form starts a box
    for i in [i for i in range(1, n) if texts[i][0] in NOTE_STARTS]:
        t = texts[i]
        if fixed[i] is None and lines[i - 1].final and NOTE_RE.match(t):
            fixed[i] = True
            why[i] = ("B005", "a note's form")
        # (a bracketed note closed on its line is the whole note: what follows is another box)
        if t[0] in "（(" and t[-1] in "）)" and i + 1 < n and fixed[i + 1] is None and NOTE_RE.match(t):
            fixed[i + 1] = True
            why[i + 1] = ("B005", "under a note on the writer")
    # (CJK: a Latin page's figures at line starts are a table's columns as
    # often; text that keeps its blocks is split only where it states it)
    for i in numbered_items(texts) if cjk_page and not keep_blocks else ():
        if fixed[i] is None:
            fixed[i] = True
            why[i] = ("B016", "a numbered item")
    if lines[0].size > 0 or lines[-1].size > 0:
        # a source that knows font sizes: a change of size starts a new box
        for i in range(1, n):
            a, b = lines[i - 1].size, lines[i].size
            if a > 0 and b > 0 and abs(a - b) > SIZE_CHANGE * max(a, b) and fixed[i] is None:
                fixed[i] = True
                why[i] = ("B008", f"set in {b:g} under a line set in {a:g}")
    # (each rule below visits only the lines whose first or last mark lets it fire)
    for i in heads:
        ln = lines[i]
        t = ln.text
        if (
            ln.kind == "spaced"
            or (t[0] in BYLINE_MARKS and len(t) <= 24)
            or (len(t) <= 24 and t[0] in "本新记By" and is_byline(t))
            # (in kept blocks an all-caps line ending a sentence is one of a list of names)
            or (not cjk_page and is_all_caps(t) and t.upper() != t.lower() and not (keep_blocks and ln.final) and not LATIN_DATELINE_RE.match(t))
        ):
            if i > 0 and _wraps_caps_head(lines[i - 1], ln, cjk_page, double):
                fixed[i] = False  # the second line of an all-caps head wrapped (same size, no gap)
                why.pop(i, None)
            else:
                fixed[i] = True  # display text (letter-spaced, a byline, an all-caps head): a box of its own
                why[i] = ("B005", "letter-spaced" if ln.kind == "spaced" else "a byline's or head's form")
            if i + 1 < n:
                fixed[i + 1] = True
                why[i + 1] = ("B005", "under display text")
            if cjk_page and i > 1 and _opens_byline(t):
                _split_head_stack(lines, W, fixed, why, i, "a byline")
    # (so do the lines over a paragraph that opens on an article's dateline: 本报讯, 新华社北京１月８日电)
    for i in [i for i in range(2, n) if opens_on_dateline(texts[i])] if cjk_page else ():
        if fixed[i] is not False and (fixed[i] or not lines[i - 1].final):
            if fixed[i] is None:
                fixed[i] = True
                why[i] = ("B005", "an article's dateline under a head")
            _split_head_stack(lines, W, fixed, why, i, "its article's dateline")
    # a short line the next line opens with again (井口的做法是 / 井口的做法是，
    # 在买卖国债后……): a heading over the paragraph that repeats it, not its
    # first half (text does not stutter)
    for i in [i for i in range(n - 1) if len(texts[i]) <= HEADING_MAX_CHARS and texts[i + 1].startswith(texts[i])]:
        t = texts[i]
        if 2 <= len(t) < len(texts[i + 1]) and not lines[i].final:
            for k in (i, i + 1):
                if fixed[k] is None:
                    fixed[k] = True
                    why[k] = ("B005", "a heading its paragraph opens with again" if k == i else "under a heading it opens with again")
    if cjk_page:
        for i in compress(range(1, n), [len(ln.text) <= NAME_MAX_CHARS for ln in lines[1:]]):
            if fixed[i] is None and _is_name_under_heading(lines, W, fixed, i):
                fixed[i] = True
                why[i] = ("B005", "a bare name under a heading")
        for i in open_lines:
            ln, nxt = lines[i], lines[i + 1]
            if nxt.indent or nxt.kind or not (fixed[i + 1] is None or (fixed[i + 1] is True and forced[i + 1] and not unwrapped)):
                continue  # an indent or display text says more than the ends of lines
            t = ln.text
            last = t[-1]
            if (
                last in OPEN_ENDS
                or ((last.isdigit() or _decimal_point_end(t)) and nxt.text[0].isdigit())  # a number broken across the lines (增11. / 7%)
                or (last == "电" and DATELINE_RE.match(t))
                or (not ln.final and ("（" in t or "《" in t) and (t.count("（") > t.count("）") or t.count("《") > t.count("》")))
                or (len(t) <= 16 and last in "者员員" and REPORTER_RE.search(t) and NAME_PIECE_RE.match(nxt.text))
                or (
                    fixed[i] is False
                    and len(t) <= 4
                    and i > 0
                    and REPORTER_RE.search(lines[i - 1].text)
                    and NAME_PIECE_RE.match(t)
                    and NAME_PIECE_RE.match(nxt.text)
                )
            ):
                # no paragraph ends on a comma or inside brackets; a dateline opens
                # the text after it; a byline's names may come a line each
                fixed[i + 1] = False
    if not cjk_page:
        # a dateline opens the text after it, whatever its line ends on (a
        # dash, a comma, a misread stop: ``WASHINGTON, March 6 - US.``); no
        # paragraph ends on a dash set between spaces
        for i in datelines:
            if fixed[i + 1] is None and not lines[i + 1].indent and not lines[i + 1].kind:
                fixed[i + 1] = False
        for i in hyphens:
            t = lines[i].text
            if len(t) > 1 and t[-2].isalnum() and lines[i + 1].text[0].isalnum() and not forced[i + 1]:
                if t[-2].isalpha() and not lines[i + 1].text[0].islower():
                    continue
                fixed[i + 1] = False  # a word or number broken across the lines: the paragraph goes on

    if cjk_page:
        for i in compress(range(n - 1), [bool(ln.indent) for ln in lines[:-1]]):
            if fixed[i + 1] is None and _is_centred_heading_over_flush_line(lines, W, i):
                fixed[i + 1] = True
                why[i + 1] = ("B005", "under a heading centred in the column")
            # (a full line under a sentence's end, a line centred under it:
            # a headline wrapped at the column, not a paragraph's first line)
            if i >= 2 and fixed[i - 1] is None and lines[i - 2].final and centred_under_full_head([lines[i - 1]], lines[i], W[i - 1]):
                fixed[i - 1] = True
                why[i - 1] = ("B005", "a headline's first line, its tail centred under it")

    # --- wide runs (deck, caption, spread furniture) are their own boxes
    done = -1
    for i in wide_idx if not keep_blocks else ():
        if i < done:
            continue
        j = i
        while j + 1 < n and wide[j + 1] and not forced[j + 1]:
            j += 1
        run = range(i, j + 1)
        M = max(lines[k].width - lines[k].hang for k in run)
        fixed[i] = True
        why[i] = ("B006", f"{lines[i].width} cells against a column of {W[i]}")
        for k in range(i, j):
            if fixed[k + 1] is None:
                fixed[k + 1] = lines[k].width + lines[k + 1].lead <= M - 2
                why[k + 1] = ("B007", f"the line above left room in a box {M} cells wide")
        if j + 1 < n and not forced[j + 1] and fixed[j + 1] is not True:
            # (display text below -- a byline's form, letter-spacing -- is a box of its own already: B005)
            last_line = lines[j]
            nxt = lines[j + 1]
            # (a reporter's line, its names run together: 新华社记者戚德良支林飞)
            reporters = bool(REPORTER_OPENING_RE.match(nxt.text)) and not CLAUSE_MARK_RE.search(nxt.text) and not nxt.final
            if j > i:
                cont = last_line.width + nxt.lead > M - 2
            else:
                cont = (
                    not ends[j]
                    and last_line.width >= 1.6 * W[j]
                    and nxt.kind != "spaced"
                    and nxt.text[0] not in BYLINE_MARKS
                    and not ARTICLE_OPENING_RE.match("".join(nxt.text.split()))  # (a dateline opens the text under the box)
                    and not reporters
                    # (a line going on at the column's full measure under it:
                    # the next line is a paragraph's first, not the box's last)
                    and not (
                        j + 2 < n
                        and not nxt.final
                        and not lines[j + 2].indent
                        and abs(lines[j + 2].width - lines[j + 2].hang - W[j + 2]) <= FULL_SLACK
                        and nxt.width <= W[j + 1] + FULL_SLACK
                    )
                )
            fixed[j + 1] = not cont
            why[j + 1] = ("B006", "after a wide box")
            if (cont or reporters) and j + 2 < n and fixed[j + 2] is not False:
                fixed[j + 2] = True
                why[j + 2] = ("B006", "after a wide box") if cont else ("B005", "under a reporter's line")
        done = j + 1

    # Wire copy without indents: its paragraphs are a sentence or two, so a
    # line ending a sentence most likely ends the paragraph too.
    # Not when blank lines reliably state where paragraphs end (a break every
    # few lines, nearly always after a sentence's end): a sentence ending
    # inside such a block ends no paragraph.
    sentence_breaks = not cjk_page and line_counts(lines).indented < 2 and not _blank_lines_end_paragraphs(lines, W, forced, double)
    if any(ln.role for ln in lines):
        _own_blocks(lines, fixed, why)
    if keep_blocks:
        # a short line ending no sentence, between a sentence's end and an
        # indented line (a subhead), is stated by its place as much as by a gap
        # (in plain text: a layout file's type sizes and gaps state more, and
        # its OCR'd lines miss their final marks)
        for i in range(1, n - 1):
            if fixed[i] is None and lines[i + 1].indent and lines[i - 1].final and not lines[i].final and not lines[i].indent and 2 * lines[i].width <= W[i] and lines[i].box is None:
                fixed[i] = True
                why[i] = ("B005", "a short line between a sentence's end and an indented line")
        fixed = [True if f else False for f in fixed]  # (what no rule above started goes on)
    starts = _viterbi(lines, W, ends, fixed, short_first, soft, sentence_breaks, flush, set_in)
    cuts = [i for i, s in enumerate(starts) if s] + [n]  # starts[0] is always True
    if explain:
        for i in cuts[:-1]:
            # (first: why it starts here; then what an earlier stage noted, R001)
            lines[i].why = [why[i] if fixed[i] is True and i in why else _chosen_break(lines, W, i, soft[i]), *(lines[i].why or ())]
    runs = [lines[a:b] for a, b in zip(cuts, cuts[1:])]
    measures = [W[a] for a in cuts[:-1]]
    return runs, measures


# A line opening with an item's number: １华东电脑, ２、, （３）, 4. (not a
# date's or a quantity's figure: １月, ２万, １９９８年, 3.5).
ITEM_OPENERS: Final = "（("
ITEM_DIGITS: Final = "0-9０-９"
ITEM_NUMBER_RE: Final = regex.compile(rf"^([{ITEM_OPENERS}]?)([{ITEM_DIGITS}]{{1,2}})([）)、.．:：]?)(?![{ITEM_DIGITS}.．,，%％年月日时点万亿多余个])")


# (the characters an item's number may open with, for a test before the regex)
ITEM_FIRST: Final = frozenset(ITEM_OPENERS + "0123456789" + "".join(map(chr, range(ord("０"), ord("９") + 1))))


def numbered_items(texts: list[str]) -> list[int]:
    """The lines that open items of a numbered list: three items at least,
    numbered one after another in one form (１ ２ ３, （１）（２）（３）),
    each within ITEM_REACH lines of the one before (a wrapped paragraph's
    lines do not open on numbers that count up)."""
    found: list[int] = []
    run: list[int] = []
    last_key: tuple[str, str, int] | None = None
    for i, t in enumerate(texts):
        if t[0] not in ITEM_FIRST:
            continue  # (a first-character test before the regex: most lines open otherwise)
        m = ITEM_NUMBER_RE.match(t)
        if m is None or len(t) <= len(m.group(0)):
            continue
        number = int(m.group(2))  # (int reads full-width digits too)
        key = (m.group(1), m.group(3), number)
        if last_key is not None and run and key[:2] == last_key[:2] and number == last_key[2] + 1 and i - run[-1] <= ITEM_REACH:
            run.append(i)
        else:
            if len(run) >= 3:
                found += run
            run = [i]
        last_key = key
    if len(run) >= 3:
        found += run
    return found


def _ends_box(ln: Line) -> bool:
    """A line a box ends on: a sentence's end, not the ellipsis or colon a
    deck's line ends on (一次性注射器、植入体内的钢针……, 李仁臣（人民日报副总编辑）：)."""
    return ln.final and ln.text[-1] not in "…：:"


def _split_head_stack(
    lines: list[Line], W: list[int], fixed: list[bool | None], why: dict[int, tuple[str, str]], byline: int, under: str
) -> None:
    """The lines over a byline (or ``under``, another opening of an
    article's text: its dateline), up to a sentence's end (or a stated
    break), holding no full stop nor semicolon (running text's marks), are its
    article's head: a headline and its deck.
    A wrapped head line fills the column (CJK wraps at any character), so
    a head line with room for the next line's first unit ends its box (in
    running text a line a character short is the column's wobble, or a
    first line's lost indent: no head line is indented)."""
    a = byline - 1
    while a > 0 and fixed[a] is not True and not _ends_box(lines[a - 1]) and byline - a < HEAD_STACK_MAX_LINES:
        a -= 1
    if byline - a < 2 or (a > 0 and fixed[a] is not True and not _ends_box(lines[a - 1])):
        return  # one line (a headline alone, a credit) or no top found: a paragraph's tail over its closing reporter line
    head = "".join(ln.text for ln in lines[a:byline])
    if PICTURE_NOTE_RE.search(head) or any(c in FULL_STOPS or c in "；;" for c in head):
        return  # running text (a lead paragraph, a photo story's lead, a caption) over the byline
    if fixed[a] is None:
        fixed[a] = True
        why[a] = ("B005", f"the top of a head over {under}")
    # (the signer's office, title and name under the headline: a box of its own)
    for k in range(a + 1, byline):
        if fixed[k] is None and _names_signer(lines, k, byline):
            fixed[k] = True
            why[k] = ("B005", f"a signer's title and name in a head over {under}")
    room = [W[k] - lines[k].width - lines[k + 1].lead for k in range(a, byline - 1)]
    for k in range(a, byline - 2):
        # (over a full line: a headline in display type wraps short at a
        # measure of its own, as its next line shows)
        if fixed[k + 1] is None and room[k - a] >= 0 > room[k + 1 - a]:
            fixed[k + 1] = True
            why[k + 1] = ("B005", f"a head line with room left over a full one, over {under}")


def _names_signer(lines: list[Line], k: int, end: int) -> bool:
    """Line ``k`` of a head (``end``: the line under the head) names the
    article's signer: an office, a title and a name (农业部部长刘江), or an
    office and a title over a bare name (…研究员 / 陈锡文)."""
    t = lines[k].text
    if len(t) > HEAD_MAX_CHARS or lines[k].final:
        return False
    m = SIGNER_RE.search(t)
    if m is None or m.start() == 0 or t[m.start() - 1] not in OFFICE_ENDS:
        return False  # (no office before the title)
    return m.group(1) is not None or (k + 1 < end and is_bare_name(lines[k + 1]))


def centred_under_full_head(prev: list[Line], tail: Line, measure: int) -> bool:
    """A headline wrapped at the column and set centred (``pdftotext
    -layout``): a heading of at most three lines (no line final, no full
    stop) whose last line fills the column, and right under it a line
    indented further whose margins are equal: a paragraph's first line
    has only its indent, a deck or byline sets off flush left.  A full stop
    (no headline has one) or a fixed form's opening (本报讯, □, 记者...)
    keeps the tail apart."""
    first = tail.text.lstrip(" \u3000")
    lead = tail.indent_cells
    last = prev[-1]
    return (
        measure > 0
        and len(prev) <= 3
        and lead >= 2
        and lead > last.indent_cells
        and abs(measure - tail.width - 2 * lead) <= CENTRED_SLACK
        and last.indent_cells + last.width >= measure - FULL_SLACK
        and not any(ln.final or "。" in ln.text for ln in prev)
        and sum(len(ln.text) for ln in prev) <= HEAD_MAX_CHARS
        and "。" not in first
        and not opens_like_fixed_form(first)
    )


def is_bare_name(ln: Line) -> bool:
    """Two to four Han characters alone on a line, no mark: a name (a
    byline's), or a heading's or paragraph's last word."""
    return not ln.final and len(ln.text) >= 2 and bool(NAME_PIECE_RE.match(ln.text))


def _is_name_under_heading(lines: list[Line], W: list[int], fixed: list[bool | None], i: int) -> bool:
    """Line ``i`` is a bare name (two to four Han characters, no mark) set
    on its own under a heading line that had room for it, above a line
    that starts a paragraph: a byline, not the heading's wrapped tail (a
    heading wraps only where its line is full) nor a paragraph's last line.
    A heading wider than the column has a measure of its own, which no
    line shows: there the line under the name must be indented."""
    ln, above = lines[i], lines[i - 1]
    if not is_bare_name(ln):
        return False
    if above.final or len(above.text) > HEADING_MAX_CHARS:
        return False
    below = lines[i + 1] if i + 1 < len(lines) else None
    if above.indent_cells + above.width + ln.lead > W[i - 1]:
        # (wider than the column: set to a measure of its own, unknown)
        return above.width - above.hang > W[i - 1] + WIDE_MARGIN and below is not None and bool(below.indent) and (i == 1 or lines[i - 2].final or fixed[i - 1] is True)
    heads_box = i == 1 or fixed[i - 1] is True or bool(above.indent) or lines[i - 2].final
    opens_below = below is None or fixed[i + 1] is True or bool(below.indent)
    return heads_box and opens_below


def _is_centred_heading_over_flush_line(lines: list[Line], W: list[int], i: int) -> bool:
    """Line ``i`` is a heading centred in its column (two cells in or more,
    margins equal, no final mark) and the line under it sets off flush left
    with a unit that would have fitted on it: a deck or paragraph below a
    centred heading, not the rest of a paragraph whose first line was set
    in (that line fills the column up to its right edge, or falls two
    cells short: as short as an indent of two).  Plain text only: a layout
    reader's indents are clamped insets, no padding to measure centring by."""
    ln, nxt = lines[i], lines[i + 1]
    lead = ln.indent_cells
    return (
        ln.box is None  # (plain text: the indent is the extractor's padding; a layout reader's indent is clamped)
        and "\u3000" not in ln.indent  # (ideographic spaces are a typed paragraph indent, not an extractor's padding)
        and lead > INDENT_CELLS // 2  # (a paragraph's first line set in two cells is as short as its indent)
        and W[i] - lead - ln.width > INDENT_CELLS // 2
        and not ln.final
        and len(ln.text) <= HEADING_MAX_CHARS
        and abs(W[i] - ln.width - 2 * lead) <= CENTRED_SLACK
        and lead + ln.width + nxt.lead <= W[i]
        and not nxt.indent
        and not nxt.kind
        and nxt.text[0] not in OPENING  # (a quotation or title may be a unit the line could not take)
    )


def _own_blocks(lines: list[Line], fixed: list[bool | None], why: dict[int, tuple[str, str]]) -> None:
    """B014: in a file ocrmend wrote (its regions carry ocrmend's own block
    types, roles.stated_type), each region is one block it found, and a
    region the file says goes on from the one before (``Line.goes_on``,
    readers/geometry.py) is the same block: nothing else splits or joins
    them."""
    for i in range(1, len(lines)):
        ln, above = lines[i], lines[i - 1]
        if stated_type(ln) is None:
            continue
        if ln.region == above.region and ln.page == above.page or ln.goes_on:
            fixed[i] = False
        else:
            fixed[i] = True
            why[i] = ("B014", "a block of ocrmend's own output")


def _chosen_break(lines: list[Line], W: list[int], i: int, soft: bool) -> tuple[str, str]:
    """B010 and the evidence the segmentation pass weighed at line ``i``."""
    above, ln = lines[i - 1], lines[i]
    room = W[i - 1] - above.width - ln.lead
    parts = [f"line above ends in {above.text[-1]!r}" + ("" if above.final else " (no final mark)")]
    parts.append(f"{room} cells free for a first unit of {ln.lead}" if room >= 0 else "line above is full")
    if soft:
        parts.append("a blank line above")
    return "B010", "; ".join(parts)


def blank_lines_part_blocks(lines: list[Line], cjk_page: bool, double_spaced: bool) -> bool:
    """The source's blank lines part its blocks, and each block runs on
    over several lines: a Latin text export that kept its regions or
    paragraphs apart (a gazette's ground truth, an OCR engine's text with a
    blank line at each paragraph).  Then what the blank lines state is kept:
    the text left as it is would score better than any guess at more
    breaks.  (CJK pages are left to the width reasoning: there a short last
    line and a lost indent show a paragraph's end inside a block.)  A layout
    file whose regions mostly carry a role (PAGE @type) states its blocks
    outright, in any script: they are kept too."""
    if sum(1 for ln in lines if ln.role) >= BLOCK_TEXT_SHARE * len(lines) > 0:
        return True
    if cjk_page or double_spaced or len(lines) < 4:
        return False
    starts = [0] + [i for i in range(1, len(lines)) if lines[i].blank_before >= 1] + [len(lines)]
    if len(starts) < 4:
        return False  # (at least two blank lines in the text)
    runs = [b - a for a, b in zip(starts, starts[1:])]
    # most text stands in blocks of several lines (not a line each: that
    # is unwrapped text), and a block seldom opens in lowercase: blank lines
    # an OCR engine drops into sentences fall before any word
    in_blocks = sum(r for r in runs if r >= 2) >= BLOCK_TEXT_SHARE * len(lines)
    opens_lower = sum(1 for a in starts[1:-1] if lines[a].text[0].islower())
    if not (in_blocks and opens_lower <= LOWERCASE_OPENINGS * (len(starts) - 2)):
        return False
    # (a layout file's blank lines are gaps and regions the reader saw: where
    # fewer of them part the text than its columns do -- a column's top
    # under a full line says nothing, COLUMN_TOP_BLANK -- they part columns,
    # not paragraphs; and they are the page's blocks only where it indents
    # its paragraphs, KEPT_INDENT_SHARE)
    if lines[0].box is None:
        return True
    indented = sum(1 for ln in lines if ln.indent)
    return len(starts) - 2 >= sum(1 for ln in lines if ln.blank_before < 0) and indented >= max(2, KEPT_INDENT_SHARE * (len(starts) - 1))


def _blank_lines_end_paragraphs(lines: list[Line], W: list[int], forced: list[bool], double: bool) -> bool:
    """A single-spaced source whose stated breaks come every few lines, two
    or more of them after a sentence's end and none right after a full line
    that ends no sentence (OCR's stray blank lines fall inside sentences;
    wire copy's follow its headline and byline only)."""
    if double:
        return False
    n = len(forced)
    stated = list(compress(range(1, n), forced[1:]))
    if len(stated) < 2 or len(stated) < 0.1 * n:
        return False
    after_end = 0
    for i in stated:
        above = lines[i - 1]
        if above.final:
            after_end += 1
        elif above.width >= 0.6 * W[i - 1]:
            return False
    return after_end >= 2


def _initial_states(lines: list[Line], forced: list[bool], soft_allowed: bool) -> tuple[list[bool], list[bool | None]]:
    """(soft, fixed): a single blank line above, in a single-spaced source
    where that is evidence and not proof; True where a stated break holds."""
    soft = [False] * len(lines)
    if soft_allowed:
        soft = [False] + [f and ln.blank_before == 1 and not ln.indent for f, ln in zip(forced[1:], lines[1:])]
    return soft, [True if (f and not b) else None for f, b in zip(forced, soft)]


def _decimal_point_end(t: str) -> bool:
    """``t`` ends in a digit and a point: a decimal number the line broke, if the next line opens with a digit."""
    return len(t) > 1 and t[-1] in ".．" and t[-2].isdigit()


def _segment_marks(
    lines: list[Line], W: list[int], cjk_page: bool
) -> tuple[list[bool], list[int], list[int], list[int], list[int], list[int], list[bool], list[int]]:
    """One scan for the lines each rule of ``segment_lines`` may fire on:
    (ends, credit_ends, heads, open_lines, hyphens, datelines, wide, wide_idx) --
    final marks, lines ending on 摄 (a photo credit?), display starts,
    open line ends (CJK), hyphens and datelines (Latin), lines wider than the column."""
    ends = [ln.final for ln in lines]
    credit_ends = [i for i, ln in enumerate(lines) if not ln.final and ln.text[-1] in CREDIT_VERBS]
    heads = [
        i
        for i, ln in enumerate(lines)
        if ln.kind == "spaced" or ln.text[0] in DISPLAY_STARTS or (not cjk_page and is_all_caps(ln.text))
    ]
    open_lines: list[int] = []
    hyphens: list[int] = []
    datelines: list[int] = []
    if cjk_page:
        open_lines = [
            i
            for i, t in enumerate([ln.text for ln in lines[:-1]])
            if t[-1] in OPEN_LINE_ENDS or t[-1].isdigit() or _decimal_point_end(t) or len(t) <= 4 or "（" in t or "《" in t
        ]
    else:
        hyphens = [i for i, ln in enumerate(lines[:-1]) if ln.text[-1] == "-"]
        datelines = [
            i
            for i, ln in enumerate(lines[:-1])
            if (ln.text[0].isupper() and "," in ln.text and LATIN_DATELINE_RE.match(ln.text)) or ln.text.endswith(SPACED_DASHES)
        ]
    wide = [wider_than_column(ln, w) for ln, w in zip(lines, W)]
    return ends, credit_ends, heads, open_lines, hyphens, datelines, wide, [i for i, x in enumerate(wide) if x]


# What an OCR engine reads narrow in full-width figures: digits, the point, the per cent sign.
NARROW_GLYPHS_RE: Final = re.compile(r"[0-9.%]")


def digits_read_narrow(lines: list[Line], W: list[int], fixed: list[bool | None]) -> list[int] | None:
    """The ASCII digits (points and per cent signs too) of each line, where
    on this CJK page they stand for full-width ones an OCR engine read
    narrow (a cell each lost: ４．２％ as 4.2%); else None.
    Told by the lines inside paragraphs (no final mark, no stated break
    under them): those that hold digits fall short of the column by about a
    cell a digit more than those that hold none; digits set half width (a
    born-digital page) fill their line like any text."""
    count = NARROW_GLYPHS_RE.findall
    inside = [i for i in range(len(lines) - 1) if not lines[i].final and fixed[i + 1] is not True and not lines[i].kind]
    if len(count("".join([lines[i].text for i in inside]))) < NARROW_DIGITS_MIN * NARROW_DIGITS_EVIDENCE:
        return None  # (too few figures on the page to tell: one scan, not one a line)
    held = {i: len(count(lines[i].text)) for i in inside}
    counted = [i for i in inside if held[i] >= NARROW_DIGITS_MIN]
    if len(counted) < NARROW_DIGITS_EVIDENCE:
        return None
    plain = sorted(W[i] - lines[i].width for i in inside if not held[i])
    base = plain[len(plain) // 2] if plain else 0
    excess = sorted((W[i] - lines[i].width - base) / held[i] for i in counted)
    if excess[len(excess) // 2] < 0.5:
        return None
    return [len(count(ln.text)) for ln in lines]


def _viterbi(
    lines: list[Line],
    W: list[int],
    ends: list[bool],
    fixed: list[bool | None],
    short_first: bool,
    soft: list[bool],
    sentence_breaks: bool = False,
    flush: bool = False,
    set_in: bool = False,
) -> list[bool]:
    """Most likely start/continue state per line under the costs above
    (``short_first``: a CJK page, whose paragraphs' first lines hold two
    characters less unless ``flush``: its boxes show them set flush).

    Two states, so the recurrence is written out: this loop runs once per
    line of every page.
    """
    n = len(lines)
    indent = INDENT_CELLS if short_first and not flush else 0
    # a first line holds less: two CJK characters, or a Latin line its indent
    first_cut = [indent] * n if short_first else [len(ln.indent) for ln in lines]
    hang = [ln.hang for ln in lines]
    unit = [ln.lead for ln in lines]
    widths = [ln.width for ln in lines]
    squeezed = [ln.width - ln.squeezable - h for ln, h in zip(lines, hang)]
    narrow = digits_read_narrow(lines, W, fixed) if short_first else None
    if narrow:
        widths = [w + d for w, d in zip(widths, narrow)]  # (as the page printed them)
    # cost_c / cost_s: best cost so far with the current line continuing / starting
    cost_c, cost_s = FORCED, 0.0
    back_c: list[int] = [0] * n  # for state "continue" at i: was line i-1 a start (1) or not (0)
    back_s: list[int] = [0] * n
    for i in range(1, n):
        f = fixed[i]
        pw = widths[i - 1]
        u = unit[i]
        Wp = W[i - 1]
        room_c = Wp - pw - u  # room left on line i-1 if it continued a paragraph
        room_s = room_c - first_cut[i - 1]  # ... if it was a paragraph's first line
        # transition costs from (prev continue, prev start) into "continue"
        if f is True:
            new_c = FORCED
            bc = 0
        else:
            # the line above as wide as the one before it, both unfinished: a
            # box narrower than the column (a caption), which this line goes on
            # (a caption is a sentence: a clause mark shows in it, unlike in a stacked headline)
            # (asked only where _room_cost weighs it, past SLACK_TOLERANCE cells
            # of room: room_s is never more than room_c; most lines are full)
            box = (
                room_c > SLACK_TOLERANCE
                and short_first
                and i >= 2
                and pw == widths[i - 2]
                and pw >= 16
                and not ends[i - 1]
                and not ends[i - 2]
                and bool(CLAUSE_MARK_RE.search(lines[i - 1].text) or CLAUSE_MARK_RE.search(lines[i - 2].text))
            )
            tc = 0.0 if room_c < 0 else _room_cost(room_c, widths, ends, i - 1, box)
            ts = 0.0 if room_s < 0 else _room_cost(room_s, widths, ends, i - 1, box)
            if soft[i]:
                tc += BLANK_LINE
                ts += BLANK_LINE
            if sentence_breaks and ends[i - 1]:
                tc += SENTENCE_THEN_PARAGRAPH
                ts += SENTENCE_THEN_PARAGRAPH
            a, b = cost_c + tc, cost_s + ts
            new_c, bc = (a, 0) if a <= b else (b, 1)
        if f is False:
            new_s = FORCED
            bs = 0
        else:
            if f is True:
                # a stated break: was the line above a heading on its own, or a
                # paragraph's last line (which ends in a final mark)?
                t_from_c = 0.0 if ends[i - 1] else BREAK_WITHOUT_END
                t_from_s = 0.0
            else:
                base = BREAK_PRIOR + (0.0 if ends[i - 1] else BREAK_WITHOUT_END)
                t_from_c = base + (BREAK_AFTER_FULL if room_c < 0 else 0.0)
                t_from_s = base + (BREAK_AFTER_FULL if room_s < 0 else 0.0)
                if soft[i]:
                    t_from_c = max(0.0, t_from_c - BLANK_LINE)
                    t_from_s = max(0.0, t_from_s - BLANK_LINE)
                if set_in and not lines[i].indent and not soft[i]:
                    t_from_c += FLUSH_START
                    t_from_s += FLUSH_START
            a, b = cost_c + t_from_c, cost_s + t_from_s
            new_s, bs = (a, 0) if a <= b else (b, 1)
            if short_first and not flush and f is None and not soft[i] and squeezed[i] > W[i] - indent + 1:
                new_s += OVERFULL_FIRST  # too long to be a first line (a blank line above says more)
        cost_c, cost_s = new_c, new_s
        back_c[i], back_s[i] = bc, bs
    state = 0 if cost_c < cost_s else 1
    states = [False] * n
    for i in range(n - 1, 0, -1):
        states[i] = bool(state)
        state = back_s[i] if state else back_c[i]
    states[0] = True
    return states


def _room_cost(room: int, widths: list[int], ends: list[bool], i: int, box: bool = False) -> float:
    """Cost of continuing after a line that had ``room`` cells left
    (``box`` counts only past SLACK_TOLERANCE: _viterbi asks it there alone).
    A neighbour as wide shows a locally narrower column only if it goes on:
    a line ending a sentence is as wide as its words (a one-line paragraph
    a lost indent short is no measure)."""
    if room > SLACK_TOLERANCE:
        return CONTINUE_IN_NARROW_BOX if box else CONTINUE_WITH_ROOM
    w = widths[i]
    if (i > 0 and widths[i - 1] == w and not ends[i - 1]) or (i + 1 < len(widths) and widths[i + 1] == w and not ends[i + 1]):
        return CONTINUE_AT_LOCAL_MEASURE  # as wide as a neighbour: the column is locally narrower
    return CONTINUE_WITH_LITTLE_ROOM


def merge_runs(
    runs: list[list[Line]],
    measures: list[int],
    belongs: Callable[[list[Line], list[Line], int], bool],
    candidates: Sequence[int] | None = None,
    rule: str = "",
) -> tuple[list[list[Line]], list[int]]:
    """Each run joined to the run above it where ``belongs(above, run,
    measure above)`` says it is that run's tail; the measures follow.

    ``candidates`` (ascending, from 1): the only runs ``belongs`` can take,
    whatever run stands above them (the caller's cheap test); the runs
    between are copied as they are.  ``rule``: the code a join is explained by."""
    if len(runs) < 2:
        return runs, measures
    if candidates is None:
        candidates = range(1, len(runs))
    out_runs: list[list[Line]] = []
    out_measures: list[int] = []
    start = 0
    for k in candidates:
        out_runs.extend(runs[start:k])
        out_measures.extend(measures[start:k])
        start = k + 1
        if belongs(out_runs[-1], runs[k], out_measures[-1]):
            if rule:
                note_why(out_runs[-1][0], rule, f"line {runs[k][0].number} joined")
            out_runs[-1] = out_runs[-1] + runs[k]
        else:
            out_runs.append(runs[k])
            out_measures.append(measures[k])
    out_runs.extend(runs[start:])
    out_measures.extend(measures[start : len(runs)])
    return out_runs, out_measures
