"""Reading order: text an OCR engine read in the wrong place.

An OCR engine that segments the page itself (Tesseract's default page
segmentation) reads a column to its foot, then whatever block its layout
analysis found next: often a headline, deck or byline set across the
columns, a photo caption with its credit, or junk from a photo or a rule --
and only then the next column, where the paragraph goes on.  It frames each
of those blocks with blank lines.  So a paragraph arrives cut in two:

    ...full line that does not end a sentence      <- the host
    (blank)
    short display line, caption, junk               <- displaced, 1+ groups
    (blank)
    continuation of the paragraph

A paragraph cannot stop on a full line that ends mid-sentence, so a
blank-framed group that cannot be a line of running text (much narrower or
wider than the column, letter-spaced, a credit, junk) standing between such
a line and the next text of the column's measure was read out of order: it
is lifted out and put back after the paragraph (``lift_displaced``, the same
contract as ``pipeline._lift_interruptions``), so the paragraph closes over
the gap.  Nothing is dropped: the lifted lines become blocks of their own.

A second, smaller repair works on the runs after segmentation
(``glue_runs``): in Latin text, a run that stops without a final mark
before a run that starts with a lowercase letter goes on (no paragraph
starts in lowercase), and an all-caps headline wrapped over two lines is one
box.  Both are whole-line tests; each line is looked at a bounded number
of times.
"""

from __future__ import annotations

import re
from typing import Final

from .chars import LATIN_OPEN_ENDS, LINE_END_HYPHENS, OPEN_ENDS, is_all_caps
from .classify import NEWS_DESK, REPORTER_ROLES, body_text_size, is_credit
from .interruptions import ends_in_credit, next_in_column
from .lines import wider_than_column
from .model import Line
from .paragraphs import DATELINE_RE, is_bare_name, line_counts, merge_runs
from .roles import stated_type
from .tuning import (
    DATELINE_GAP,
    DISPLACED_MAX_GROUPS,
    DISPLACED_MAX_LINES,
    FULL_SLACK,
    HEADING_SIZE_RATIO,
    INDENT_CELLS,
    NARROW,
    SIZE_CHANGE,
    WIDE_MARGIN,
)

# Running text, not a title: a comma or enumeration mark inside the line.
CLAUSE_RE: Final = re.compile(r"[，、,；;]")
# Junk from a photo, a rule or a frame: hardly any letters.
LETTERS_RE: Final = re.compile(r"[^\W\d_]", re.UNICODE)
ASCII_LOWER: Final = frozenset("abcdefghijklmnopqrstuvwxyz")
LOWER_RE: Final = re.compile(r"[a-z]")
BYLINE_START_RE: Final = re.compile(r"(?:By|BY)\b")
# A group of CJK lines whose characters stand this much narrower in a
# layout file's boxes than the page's body type (the median over its lines
# of this many cells at least: a short line's box says little) is set in
# smaller type: a caption or a note.
SMALLER_TYPE: Final = 0.88
CELL_LINE_MIN: Final = 8


def has_ascii_lower(text: str) -> bool:
    """``LOWER_RE.search(text)``; on an ASCII text (most) a str test: only
    an a-z changes when the text is upper-cased."""
    return text != text.upper() if text.isascii() else LOWER_RE.search(text) is not None


def opens_with_by(text: str) -> bool:
    """``BYLINE_START_RE.match(text)``: By or BY as a word of its own, in
    str tests (``\\b``: no letter, digit or _ right after it)."""
    return text[:2] in ("By", "BY") and (len(text) == 2 or not (text[2].isalnum() or text[2] == "_"))
# A newspaper's name standing alone is the running head, not an article's.
PAPER_NAME_RE: Final = re.compile(r"\S{2,6}(?:日报|日報|晚报|晚報|时报|時報|商报|商報)$")
BYLINE_FORM_RE: Final = re.compile(rf"{NEWS_DESK}?(?:{REPORTER_ROLES})")  # (本报驻意大利记者: the desk abroad too)


def _latin_width_ok(ln: Line, W: int) -> bool:
    return ln.width >= 0.7 * W


def _is_open_host(ln: Line, W: int, cjk_page: bool, group_start: bool) -> bool:
    """A line its paragraph cannot stop on: full (or ending on a comma) and
    without a final mark."""
    if ln.final or ln.kind or not W:
        return False
    last = ln.text[-1]
    core = ln.width - ln.hang
    if cjk_page:
        if last in OPEN_ENDS + LATIN_OPEN_ENDS:
            return core >= W // 2
        # (a paragraph's first line, known by its indent or by standing first, holds less)
        slack = FULL_SLACK + (INDENT_CELLS if group_start or ln.indent else 0)
        return W - slack <= core <= W + WIDE_MARGIN
    if last in ",-":
        return True
    return _latin_width_ok(ln, W) and ln.width <= 1.15 * W + 2


def _is_display(ln: Line, W: int, cjk_page: bool) -> bool:
    """A line that cannot be a line of running text inside a paragraph."""
    if ln.kind == "spaced":
        return True
    t = ln.text
    if len(t) <= 40 and is_credit(t):
        return True
    if len(t) <= 12 and len(LETTERS_RE.findall(t)) * 2 < len(t):
        return True  # junk: mostly marks and digits
    if cjk_page:
        if wider_than_column(ln, W):
            return True  # wide: a deck or caption set across columns
        return not ln.final and ln.width <= W - NARROW
    if ln.width > 1.3 * W + 2:
        return True
    return not ln.final and ln.width <= 0.5 * W


def _is_wide(ln: Line, W: int, cjk_page: bool) -> bool:
    """Wider than any line of the column, its own closing marks hanging."""
    if cjk_page:
        return ln.width - ln.hang > W + WIDE_MARGIN - 1
    return ln.width > 1.3 * W + 2


def _cell_size(lines: list[Line]) -> float:
    """The median width of a display cell in the lines' boxes (a layout
    file's; 0 in plain text): the size of the type they are set in."""
    sizes = sorted(ln.box.width / ln.width for ln in lines if ln.box is not None and ln.width >= CELL_LINE_MIN)
    return sizes[len(sizes) // 2] if sizes else 0.0


def _display_group(lines: list[Line], a: int, W: int, cjk_page: bool, body_cell: float = 0.0) -> int:
    """Index of the last line of the blank-framed group starting at ``a`` when
    the group is display text, else -1: every line display text (a
    caption's last line, ending in a final mark, may be of any width), or a
    box of a measure wider than the column (a caption set across columns)."""
    n = len(lines)
    k = a
    while True:
        if k + 1 >= n or lines[k + 1].blank_before != 0 or lines[k + 1].page != lines[k].page:
            break
        k += 1
        if k - a >= DISPLACED_MAX_LINES:
            return -1
    group = lines[a : k + 1]
    if ends_in_credit(group[-1]) and not (len(group) == 1 and is_credit(group[0].text)):
        return k  # a caption on its photo credit, whatever its measure (a credit alone is the caption's)
    if body_cell and 0 < _cell_size(group) < SMALLER_TYPE * body_cell:
        return k  # (a layout file's boxes) set in smaller type than the body: a caption or a note
    if any(ln.final for ln in group[:-1]):
        return -1  # a sentence ends inside: running text
    flags = [_is_display(ln, W, cjk_page) for ln in group]
    if all(flags):
        return k
    wide = [_is_wide(ln, W, cjk_page) for ln in group]
    if all(flags[:-1]) and any(wide) and (group[-1].final or wide[-1]):
        return k  # a caption ending in a final mark
    if len(group) >= 2 and sum(wide) * 2 > len(group) and all(f or w for f, w in zip(flags[:-1], wide[:-1])):
        return k  # a wider measure than the column's: a caption box
    return -1


def _is_continuation(ln: Line, W: int, cjk_page: bool) -> bool:
    """Text of the column's measure (or a paragraph's short last line)."""
    if ln.kind or ln.indent:
        return False
    if not cjk_page and opens_with_by(ln.text):
        return False
    if ln.final and not _is_wide(ln, W, cjk_page):
        return len(ln.text) > 1 and not is_credit(ln.text)  # a paragraph's last line
    return not _is_display(ln, W, cjk_page)


def lift_displaced(
    lines: list[Line], W: list[int], cjk_page: bool, lifted: list[tuple[Line, list[Line]]] | None = None
) -> list[tuple[Line, list[Line]]]:
    """Blocks read out of order in the middle of a paragraph: (host line,
    their lines), added to ``lifted`` (what earlier stages lifted; those
    lines are left alone).  The caller takes the lines out of the stream and
    puts each run back after the paragraph holding its host line.

    Only for sources whose blank lines mean something: a double-spaced
    source (a blank line after every line) frames every line.
    """
    out = list(lifted or [])
    n = len(lines)
    if n < 4:
        return out
    ones = line_counts(lines).blank_once_all
    if ones >= 0.6 * (n - 1):
        return out  # double-spaced: blank lines frame nothing
    taken = {id(ln) for _, run in out for ln in run}
    body_cell = _cell_size(lines) if cjk_page else 0.0  # (the body type's, most lines' on a page)
    heads: list[tuple[int, list[list[Line]]]] = []
    chained = False  # the line above was an open host whose paragraph goes on here
    # a host has blank lines under it: visit only those lines
    hosts = [i for i, nxt in enumerate(lines[1 : n - 1]) if nxt.blank_before != 0]
    # (a line that ends its paragraph or carries a stage's hint is no open
    # host: skipping it here is skipping it below, where it would only reset
    # the chain, as the next host visited does when lines were skipped)
    hosts = [i for i in hosts if not lines[i].final and not lines[i].kind]
    done = 0  # lines before this one are settled (a found run, or a host visited)
    for i in hosts:
        if i < done:
            continue
        if i != done:
            chained = False  # lines were skipped: they were no open hosts
        done = i + 1
        h = lines[i]
        nxt = lines[i + 1]
        group_start = i == 0 or h.blank_before != 0
        single = group_start and nxt.blank_before != 0
        if (
            id(h) in taken
            or nxt.page != h.page
            or not _is_open_host(h, W[i], cjk_page, group_start)
            or next_in_column(lines, i)
            or (single and not chained and not CLAUSE_RE.search(h.text))
        ):
            chained = False
            continue
        # walk over the display groups after the host
        a = i + 1
        b = i
        k = a
        groups = 0
        while k < n and groups < DISPLACED_MAX_GROUPS and id(lines[k]) not in taken:
            end = _display_group(lines, k, W[i], cjk_page, body_cell)
            if end < 0 or end - a >= DISPLACED_MAX_LINES:
                break
            b = end
            groups += 1
            k = end + 1
        if b >= a and k < n and id(lines[k]) not in taken and lines[k].page == h.page and _is_continuation(lines[k], W[i], cjk_page):
            groups_found = _groups(lines, a, b)
            if all(_is_head_material(g, W[i], cjk_page) for g in groups_found):
                heads.append((i, groups_found))
            else:
                out.append((h, lines[a : b + 1]))
            taken.update(id(ln) for ln in lines[a : b + 1])
            done = k
            chained = False
            continue
        # no display text here: the next group goes on the paragraph (or starts one)
        chained = True
    if heads:
        _to_the_head(lines, W, heads, out, taken)
    if cjk_page:
        _close_wide_boxes(lines, W, taken)
    for host, run in out[len(lifted or ()) :]:
        run[0].why = [("R003", f"read into the paragraph at line {host.number}; placed after it")]
        if ends_in_credit(run[-1]):
            for ln in run:
                ln.kind = "interruption"  # a caption on its credit (classify: T005)
    return out


def _groups(lines: list[Line], a: int, b: int) -> list[list[Line]]:
    """lines[a..b] cut into their blank-framed groups."""
    out: list[list[Line]] = []
    for ln in lines[a : b + 1]:
        if not out or ln.blank_before != 0:
            out.append([ln])
        else:
            out[-1].append(ln)
    return out


def _is_head_material(group: list[Line], W: int, cjk_page: bool) -> bool:
    """A piece of an article's head (headline, deck, byline) rather than a
    caption, a pull quote or junk: no final mark, no credit, some letters,
    one line (or a letter-spaced box)."""
    if len(group) > 1 and not all(ln.kind == "spaced" for ln in group):
        return False
    for ln in group:
        t = ln.text
        if ln.final or is_credit(t) or PAPER_NAME_RE.match(t) or len(LETTERS_RE.findall(t)) < 2:
            return False
        if not cjk_page:
            return False  # (Latin pieces are words of the paragraph itself)
    return True


def _to_the_head(
    lines: list[Line],
    W: list[int],
    heads: list[tuple[int, list[list[Line]]]],
    out: list[tuple[Line, list[Line]]],
    taken: set[int],
) -> None:
    """Head material read in the body goes back to its article's head: before
    the first text of the column's measure on its page, when no other article
    starts between there and where it was found (else it is lifted as any
    other displaced block).  Reorders ``lines`` and ``W`` in place."""
    moves: dict[int, list[list[Line]]] = {}
    for i, groups in heads:
        start = _body_start(lines, W, i)
        if start is None:
            out.extend((lines[i], g) for g in groups)
            continue
        moves.setdefault(start, []).extend(groups)
    if not moves:
        return
    for start, groups in moves.items():
        # a headline's pieces first, then a deck, then the byline; the pieces
        # of a letter-spaced line (a byline the engine split) are one box
        groups.sort(key=lambda g: 2 if g[0].kind == "spaced" else 1 if len(g[0].text) > 16 else 0)
        joined: list[list[Line]] = []
        for g in groups:
            if joined and g[0].kind == "spaced" and joined[-1][-1].kind == "spaced":
                joined[-1] = joined[-1] + g
            else:
                joined.append(g)
        moves[start] = joined
    moved = {id(ln) for gs in moves.values() for g in gs for ln in g}
    taken.difference_update(moved)
    # (the moved lines' indices and measures, from where each head's groups
    # stand, right under their host: the page's other lines keep theirs)
    moved_at: set[int] = set()
    width_of: dict[int, int] = {}
    for i, groups in heads:
        k = i + 1
        for g in groups:
            for ln in g:
                if id(ln) in moved:
                    moved_at.add(k)
                    width_of[id(ln)] = W[k]
                k += 1
    new_lines: list[Line] = []
    new_W: list[int] = []
    for k, ln in enumerate(lines):
        if k in moves:
            for g in moves[k]:
                g[0].blank_before = 2  # a box of its own
                for later in g[1:]:
                    later.blank_before = 0
                new_lines.extend(g)
                new_W.extend([width_of[id(x)] for x in g])
            ln.blank_before = 2
        if k not in moved_at:
            new_lines.append(ln)
            new_W.append(W[k])
    lines[:] = new_lines
    W[:] = new_W


def _body_start(lines: list[Line], W: list[int], i: int) -> int | None:
    """Index of the first line of running text on the page of line ``i``
    (the end of the head), or None when a heading stands between it and
    line ``i`` (another article)."""
    page = lines[i].page
    k = i
    while k > 0 and lines[k - 1].page == page:
        k -= 1
    start = None
    # (a source that knows sizes: a headline's lines, set larger, are no running text whatever their cells)
    display = HEADING_SIZE_RATIO * body_text_size(lines[k:i]) or float("inf")
    while k < i:
        ln = lines[k]
        group_start = k == 0 or ln.blank_before != 0
        nxt_same = k + 1 < len(lines) and lines[k + 1].blank_before == 0
        if group_start and nxt_same and ln.size < display and W[k] - FULL_SLACK - INDENT_CELLS <= ln.width - ln.hang <= W[k] + FULL_SLACK:
            start = k
            break
        k += 1
    if start is None:
        return None
    for k in range(start + 1, i):
        ln = lines[k]
        if (
            ln.blank_before != 0
            and lines[k - 1].final
            and not ln.final
            and ln.width <= W[k] - NARROW
            and (k + 1 >= len(lines) or lines[k + 1].blank_before != 0)
        ):
            return None  # a heading between: another article
    return start


def _close_wide_boxes(lines: list[Line], W: list[int], taken: set[int]) -> None:
    """A blank line under a box wider than the column (a headline or deck set
    across the columns) closes it: the text of the column's measure below
    starts anew, whatever the box's last mark.  (A blank line is otherwise
    weak evidence on OCR text, which puts blank lines inside paragraphs.)"""
    wide_box = False
    for i in range(len(lines) - 1):
        ln = lines[i]
        if i == 0 or ln.blank_before != 0:
            wide_box = True  # a group starts: wide while all its lines are
        wide_box = wide_box and wider_than_column(ln, W[i])
        nxt = lines[i + 1]
        if wide_box and nxt.blank_before == 1 and id(ln) not in taken and id(nxt) not in taken and not ln.final and nxt.width - nxt.hang <= W[i + 1] + FULL_SLACK:
            nxt.blank_before = 2


def glue_runs(
    runs: list[list[Line]], measures: list[int], cjk_page: bool, kept: bool = False
) -> tuple[list[list[Line]], list[int]]:
    """Runs that must be one.

    ``kept``: the source's blank lines part its blocks
    (``paragraphs.blank_lines_part_blocks``); a block goes on into the next
    only where the text says so outright: a word broken at the line end
    (``Kolo⸗`` / ``nialgeſetze``), or a next block opening in lowercase
    (a paragraph carried over a column or region break).

    Latin text: a run that stops without a final mark goes on into a run
    starting in lowercase (no paragraph starts so), or after a comma or a
    bare word ending a paragraph-long run; an all-caps headline wrapped over
    two lines is one box.  CJK text: a box wider than the column wraps onto
    a short line right below it (a deck's last line), a line of one or
    two letters is the end of the display line above it (a letter-spaced
    headline the engine broke up), and a first line split at its dateline
    goes on below.
    """
    if len(runs) < 2:
        return runs, measures
    # (the runs that open a page: a headline there may come a line a block)
    tops = {id(run[0]) for k, run in enumerate(runs) if k == 0 or run[0].page != runs[k - 1][-1].page}
    if kept:
        # (a block of ocrmend's own output starts where it wrote it: B014)
        candidates = [k for k in range(1, len(runs)) if _continues(runs[k - 1][-1].text, runs[k][0].text) and stated_type(runs[k][0]) is None]
        if not cjk_page:
            candidates = sorted({*candidates, *(k for k in range(1, len(runs)) if is_all_caps(runs[k][0].text))})
        return merge_runs(
            runs,
            measures,
            lambda prev, run, w: _continues(prev[-1].text, run[0].text) or _caps_head(prev, run, id(prev[0]) in tops, w),
            candidates,
            "B012",
        )
    if cjk_page:
        # (_cjk_glue takes a one-line run under a one-line run, or a run
        # under a dateline and the rest of its line)
        lone = [len(run) == 1 for run in runs]
        # (a bare name between a wide heading and an indented paragraph is a
        # byline, not the wide box's last line; a byline's role ends the line
        # above on the names it goes on to: _byline_under_wide_head)
        candidates = [
            k
            for k in range(1, len(runs))
            if (lone[k] and lone[k - 1] and not _byline_under_wide_head(runs, measures, k))
            or (len(runs[k - 1]) == 2 and runs[k - 1][0].text[-1] == "电" and DATELINE_RE.match(runs[k - 1][0].text))
        ]
        return merge_runs(runs, measures, _cjk_glue, candidates, "B012")
    # (_latin_glue takes a run opening in lowercase, or under a line ending
    # on a comma or a lowercase letter, or two all-caps lines)
    ends = [run[-1].text for run in runs]
    opens = [run[0].text for run in runs]
    candidates = [
        k
        for k, (end, start) in enumerate(zip(ends, opens[1:]), 1)
        if start[0] in ASCII_LOWER or end[-1] == "," or end[-1].islower() or (end.isupper() and start.isupper())
    ]
    return merge_runs(runs, measures, lambda prev, run, w: _latin_glue(prev, run, w, id(prev[0]) in tops), candidates, "B012")


def _continues(last: str, first: str) -> bool:
    """A block ending ``last`` goes on into one opening ``first``: a word
    broken at a line-end hyphen, or an opening in lowercase (Latin).

    >>> _continues("aus dem Kolo⸗", "nialgeſetze"), _continues("erregt.", "Bisher")
    (True, False)
    """
    return (len(last) >= 2 and last[-1] in LINE_END_HYPHENS and last[-2].isalpha()) or (first[0].islower() and not last[-1] in ".!?")


def _byline_under_wide_head(runs: list[list[Line]], measures: list[int], k: int) -> bool:
    """Run ``k`` is a bare name between a heading wider than the column and
    an indented paragraph (asked of one-line runs under one-line runs)."""
    above = runs[k - 1][-1]
    return (
        k + 1 < len(runs)
        and bool(runs[k + 1][0].indent)
        and is_bare_name(runs[k][0])
        and wider_than_column(above, measures[k - 1])
        and not BYLINE_FORM_RE.search(above.text)
    )


def _cjk_glue(prev: list[Line], run: list[Line], W: int) -> bool:
    last = prev[-1]
    first = run[0]
    if len(prev) == 2 and DATELINE_RE.match(prev[0].text):
        return _split_at_dateline(prev[0], last, first, W)
    if len(run) != 1 or len(prev) != 1 or last.final or first.final or last.kind or first.kind:
        return False
    if last.size > 0 and first.size > 0 and abs(last.size - first.size) > SIZE_CHANGE * max(last.size, first.size):
        return False  # (a source that knows sizes: a display line's tail is set in its size; a name in body type is a byline)
    if first.indent and not (len(first.text) <= 2 and len(first.indent) >= 4 and first.indent_cells > last.indent_cells):
        return False  # an indent starts a paragraph; a one- or two-letter line set far in (further than the line above: not verse) is a centred tail
    t = first.text
    if t[0] in "□■" or BYLINE_FORM_RE.match(t) or last.text[0] in "□■" or BYLINE_FORM_RE.match(last.text):
        return False  # bylines set a name a line
    if first.blank_before == 0 and wider_than_column(last, W) and first.width <= W - NARROW:
        return not ends_in_credit(last)  # a wide box's last line (but a caption ends on its credit)
    return (
        len(t) <= 2
        and not t.isascii()
        and len(LETTERS_RE.findall(t)) == len(t)
        and not CLAUSE_RE.search(last.text)  # a display line, not running text
        and (last.width <= W - NARROW or len(first.indent) >= 4)
        and 2 <= len(LETTERS_RE.findall(last.text)) <= 16 >= len(last.text)
    )


def _split_at_dateline(dateline: Line, rest: Line, below: Line, W: int) -> bool:
    """pdftotext sets a bold dateline apart from the rest of its line, and
    that rest apart from the next line, with blank lines (本报南平10月19日电 /
    （记者刘晓宇）10月18日，由中国社会 / 科学院、国际儒学联合会……): when the
    dateline and the rest fill a paragraph's first line, end on no final
    mark and a full unindented line follows, the paragraph goes on."""
    return (
        not rest.final
        and rest.text[-1] not in "—：:"  # (what introduces a list or a quotation ends its paragraph)
        and not rest.kind
        and not below.kind
        and not below.indent
        and dateline.width + rest.width + INDENT_CELLS + DATELINE_GAP >= W - FULL_SLACK
        and below.width - below.hang >= W - FULL_SLACK
    )


def _latin_glue(prev: list[Line], run: list[Line], w: int, top: bool = False) -> bool:
    """``w``: the measure above; ``top``: ``prev`` opens its page."""
    last = prev[-1]
    first = run[0]
    t = first.text
    if not last.kind and not first.kind and not first.indent and has_ascii_lower(last.text):
        lt = last.text
        if t[0] in ASCII_LOWER:
            return True  # no paragraph starts in lowercase
        end = lt[-1]
        if end != "," and not end.islower():
            return False  # (the common paragraph end: the tests below cannot glue)
        if is_all_caps(t) or opens_with_by(t):
            return False
        if lt[-1] == ",":
            return True  # no paragraph ends on a comma
        return len(prev) >= 2 and lt[-1].islower()  # nor on a bare word
    if _caps_head(prev, run, top, w):
        return True
    # an all-caps headline wrapped over two lines
    return (
        len(prev) == 1
        and first.blank_before == 0
        and not last.final
        and not last.kind
        and not first.kind
        and is_all_caps(last.text)
        and is_all_caps(t)
        and not opens_with_by(t)
        and not is_credit(last.text)  # (a photo credit in capitals, NAME/THE HERALD, closes its caption)
    )


def _caps_head(prev: list[Line], run: list[Line], top: bool, w: int) -> bool:
    """An all-caps headline at the top of a page (``top``: ``prev`` opens
    it), wrapped over as many lines as it takes, each maybe a block of its
    own (Tesseract makes a block of each line of large type): every line in
    capitals and within the measure ``w`` (a folio line runs across the
    page), none ending a sentence, the next not a byline, and where the
    source gives boxes, none display type beside another (a masthead over
    its dateline)."""
    lines = (*prev, *run)
    heights = [ln.box.height for ln in lines if ln.box is not None]
    return (
        top
        and not opens_with_by(run[0].text)
        and all(is_all_caps(ln.text) and ln.width <= w and not ln.final and not ln.kind and stated_type(ln) is None for ln in lines)
        and (not heights or max(heights) < HEADING_SIZE_RATIO * min(heights))
    )


__all__ = ["lift_displaced", "glue_runs"]


def without_lifted(
    lines: list[Line], measure: list[int], lifted: list[tuple[Line, list[Line]]]
) -> tuple[list[Line], list[int]]:
    """The lines (and their measures) with the lifted runs taken out."""
    taken = {id(ln) for _, run in lifted for ln in run}
    kept = [k for k, ln in enumerate(lines) if id(ln) not in taken]
    return [lines[k] for k in kept], [measure[k] for k in kept]
