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

from collections import Counter
from dataclasses import dataclass

import regex

from .classify import BYLINE_RE
from .model import Line

CHUNK = 16  # lines per zone when measuring the local column width
INDENT_CELLS = 4  # a paragraph's first line holds two CJK characters less
WIDE_MARGIN = 3  # cells past the column beyond which a line belongs to another box

# Costs of the segmentation pass (negative log-odds, tuned on cases-dev).
BREAK_PRIOR = 0.5  # any paragraph break
BREAK_WITHOUT_END = 3.0  # a body paragraph ends in sentence-final punctuation
BREAK_AFTER_FULL = 1.5  # a paragraph may end exactly at the margin, rarely
CONTINUE_WITH_ROOM = 8.0  # the next unit would have fitted: the writer broke the line
CONTINUE_WITH_LITTLE_ROOM = 3.0  # ... by one cell or two: real columns wobble that much
CONTINUE_AT_LOCAL_MEASURE = 1.0  # ... but as wide as a neighbour: the column is locally narrower
SLACK_TOLERANCE = 2
OVERFULL_FIRST = 4.0
BLANK_LINE = 2.0
SENTENCE_THEN_PARAGRAPH = 2.5  # unindented wire copy: going on after a sentence end  # a blank line in a single-spaced source: for a break, against going on  # too long for a first line (the indent eats two characters)
FORCED = 1e9
BYLINE_MARKS = "□■"
OPEN_ENDS = "，、（《「『“"
REPORTER_RE = regex.compile(r"(?:记者|記者|通讯员|通訊員|评论员|評論員)$")
NAME_PIECE_RE = regex.compile(r"^\p{Han}{1,4}$")
DATELINE_RE = regex.compile(r"^(?:新华社|新華社|本报|本報|中新社|人民日报|人民日報)\S{0,14}\d{1,2}\s*月\s*\d{1,2}\s*日\s*电$")


@dataclass(frozen=True, slots=True)
class Measure:
    """Per-line column measure in display cells and whether first lines are short."""

    widths: list[int]
    short_first_lines: bool


def detect_double_spacing(lines: list[Line]) -> bool:
    """True when (nearly) every line is followed by one blank line, so blank
    lines carry no information and a *missing* one marks a new text box.
    """
    if len(lines) < 4:
        return False
    ones = sum(1 for ln in lines[1:] if ln.blank_before == 1)
    if ones < 0.6 * (len(lines) - 1):
        return False
    return not is_unwrapped(lines)


def is_unwrapped(lines: list[Line]) -> bool:
    """One paragraph per line with blank lines between (unwrapped text, our
    own output): most lines end a sentence, or lines run far longer than any
    column.  Then every blank line is a break."""
    n = len(lines)
    if n < 2:
        return True
    ones = sum(1 for ln in lines[1:] if ln.blank_before >= 1)
    if ones < 0.9 * (n - 1):
        return False
    finals = sum(1 for ln in lines if ln.final)
    widths = sorted(ln.width for ln in lines)
    return finals >= 0.4 * n or widths[n // 2] >= 120


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
    cut = [False] * n
    prev_c = cores[0]
    for i, ln in enumerate(lines):
        c = cores[i]
        next_c = cores[i + 1] if i + 1 < n else c
        # cheap pre-test first: only a line far wider than a neighbour can be wide
        if c > 1.4 * min(prev_c, next_c) + WIDE_MARGIN and c > 1.4 * _local_median(cores, i) + WIDE_MARGIN:
            cut[i] = True  # a deck or caption line: measured apart
        elif ln.kind == "spaced":
            cut[i] = True  # display text
        elif not ln.final and (i == 0 or lines[i - 1].final or cut[i - 1] or (forced is not None and forced[i])):
            after = sorted(cores[i + 1 : i + 4])
            ref = after[len(after) // 2] if after else c
            if c <= 0.75 * ref or c > 1.15 * ref + 2:
                cut[i] = True  # a heading: the next section may have its own measure
        if not cut[i] and forced is not None and forced[i] and 6 <= i < n - 6:
            # a new article with a measure of its own: the widths change here
            before = sorted(cores[i - 6 : i])
            after = sorted(cores[i + 1 : i + 7])
            if abs(before[3] - after[3]) >= 3 and abs(before[2] - after[2]) >= 3:
                cut[i] = True
        prev_c = c
    zones: list[list[int]] = []
    cur: list[int] = []
    for i in range(n):
        if cut[i]:
            if cur:
                zones.append(cur)
            zones.append([i])
            cur = []
        else:
            cur.append(i)
    if cur:
        zones.append(cur)
    counts = []
    for z in zones:
        c = Counter(cores[i] for i in z if not cut[i])
        counts.append(c)
    page_measure = _measure_from_counts(Counter(cores), cjk_page)
    own = [
        _refine_measure(lines, members, cores, cut, forced, _measure_from_counts(c, cjk_page), cjk_page)
        if sum(c.values()) >= 6
        else None
        for members, c in zip(zones, counts)
    ]
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
    W = [0] * n
    for z, members in enumerate(zones):
        m = own[z]
        if m is None:
            # too few lines to measure: take the nearest measured zone before or
            # after whose column these lines fit in (an article's first section
            # belongs with what follows, its last with what precedes)
            before = prev_own[z]
            after = next_own[z]
            widest = max((cores[i] for i in members if not cut[i]), default=0)
            fits = [c for c in (before, after) if c is not None and widest <= c + 1]
            if fits:
                m = min(fits, key=lambda c: c - widest)
            elif before is not None or after is not None:
                m = max(c for c in (before, after) if c is not None)
            else:
                m = page_measure
        for i in members:
            W[i] = m
    return W


def _refine_measure(lines, members, cores, cut, forced, m: int, cjk_page: bool) -> int:
    """Choose between the modal width and its neighbours by how many lines
    each would make impossible: wider than the measure even with every mark
    set half width, or with room for the next unit but no final mark.
    Half-width marks hide an odd measure (35 looks like 34 or 36)."""
    if not cjk_page:
        return m
    n = len(lines)
    cands = (m, m - 1, m + 1)
    bad = dict.fromkeys(cands, 0)
    support = dict.fromkeys(cands, 0)
    for i in members:
        ln = lines[i]
        if ln.width in support:
            support[ln.width] += 1
        if cut[i] or i + 1 >= n or (forced is not None and forced[i + 1]):
            continue
        ind = INDENT_CELLS if ln.indent else 0
        # overfull when cand - ind + 1 < narrowest; roomy when cand - ind >= width + next lead
        narrowest = cores[i] - ln.squeezable
        roomy_from = ln.width + lines[i + 1].lead + ind if not ln.final else 1 << 30
        for cand in cands:
            if narrowest > cand - ind + 1:
                bad[cand] += 2
            elif cand >= roomy_from and ln.width >= cand - ind - 3:
                bad[cand] += 1  # (only lines near this measure: a zone may hold another article's)
    # fewest impossible lines; then the width most lines actually reach
    return min(cands, key=lambda c: bad[c])


def _local_median(values: list[int], i: int, span: int = 4) -> int:
    around = sorted(values[max(0, i - span) : i] + values[i + 1 : i + 1 + span])
    return around[len(around) // 2] if around else values[i]


def _measure_from_counts(counts: Counter, cjk_page: bool) -> int:
    if not cjk_page:
        # ragged right: the measure is the longest line that is not an outlier
        # (the widest line not far wider than the upper quartile)
        ws = sorted(counts.elements(), reverse=True)
        q = ws[len(ws) // 4]
        return next(w for w in ws if w <= 1.1 * q + 1)
    # ignore very short lines (headings, last lines) when finding the mode
    pool = {w: c for w, c in counts.items() if w >= 8} or dict(counts)
    mode = max(pool, key=lambda w: (pool[w], w))
    if pool.get(mode + 1, 0) >= 0.2 * pool[mode]:
        return mode + 1
    return mode


def hard_breaks(lines: list[Line], double_spaced: bool) -> list[bool]:
    """Breaks the source states outright: blank lines (or a missing one in a
    double-spaced source), an indent, a new page of a spaced source."""
    out = [True]
    prev = lines[0] if lines else None
    for ln in lines[1:]:
        gap = ln.blank_before
        if gap < 0:  # blank lines that framed removed furniture say nothing
            brk = False
        else:
            brk = (gap != 1) if double_spaced else (gap >= 1)
        indent = bool(ln.indent)
        if indent and ln.indent == prev.indent == " " and not prev.final and prev.width >= ln.width:
            # a box set in by a space on every line (a wrapped headline) goes on;
            # its blank-line style is its own
            indent = brk = False
        out.append(brk or indent)
        prev = ln
    return out


def segment_lines(
    lines: list[Line], cjk_page: bool, measure: list[int] | None = None
) -> tuple[list[list[Line]], list[int]]:
    """Group lines into runs that each become one block; also return the
    column measure at each run's first line (classification compares widths
    with it); ``measure`` is the column measure per line when the caller has
    it already."""
    n = len(lines)
    if n == 0:
        return [], []
    double = detect_double_spacing(lines)
    forced = hard_breaks(lines, double)
    W = measure if measure is not None else estimate_column_widths(lines, cjk_page, forced)
    hang = [ln.hang for ln in lines]
    unit = [ln.lead for ln in lines]
    ends = [ln.final for ln in lines]
    short_first = cjk_page
    # A single blank line in a single-spaced source is strong evidence, not
    # proof: OCR engines and some extractors put blank lines inside paragraphs.
    soft = [False] * n
    if not double and not is_unwrapped(lines):
        for i in range(1, n):
            ln = lines[i]
            if forced[i] and ln.blank_before == 1 and not ln.indent:
                soft[i] = True
    # state per line: None = free, True = must start, False = must continue
    fixed: list[bool | None] = [True if (f and not b) else None for f, b in zip(forced, soft)]
    for i, ln in enumerate(lines):
        t = ln.text
        if (
            ln.kind == "spaced"
            or (t[0] in BYLINE_MARKS and len(t) <= 24)
            or (len(t) <= 24 and t[0] in "本新记By" and BYLINE_RE.match(t))
            or (not cjk_page and len(t) >= 4 and t.isupper() and t.upper() != t.lower())
        ):
            fixed[i] = True  # display text (letter-spaced, a byline, an all-caps head): a box of its own
            if i + 1 < n:
                fixed[i + 1] = True
    if cjk_page:
        for i in range(n - 1):
            ln, nxt = lines[i], lines[i + 1]
            if nxt.indent or nxt.kind or not (fixed[i + 1] is None or (fixed[i + 1] is True and forced[i + 1])):
                continue  # an indent or display text says more than the ends of lines
            t = ln.text
            last = t[-1]
            if (
                last in OPEN_ENDS
                or (last.isdigit() and nxt.text[0].isdigit())  # a number broken across the lines
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
        for i in range(n - 1):
            t = lines[i].text
            if t[-1] == "-" and len(t) > 1 and t[-2].isalnum() and lines[i + 1].text[0].isalnum() and not forced[i + 1]:
                if t[-2].isalpha() and not lines[i + 1].text[0].islower():
                    continue
                fixed[i + 1] = False  # a word or number broken across the lines: the paragraph goes on

    # --- wide runs (deck, caption, spread furniture) are their own boxes
    wide = [ln.width - ln.squeezable - hang[i] > W[i] + WIDE_MARGIN for i, ln in enumerate(lines)]
    i = 0
    while i < n:
        if not wide[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and wide[j + 1] and not forced[j + 1]:
            j += 1
        run = range(i, j + 1)
        M = max(lines[k].width - hang[k] for k in run)
        fixed[i] = True
        for k in range(i, j):
            if fixed[k + 1] is None:
                fixed[k + 1] = lines[k].width + unit[k + 1] <= M - 2
        if j + 1 < n and not forced[j + 1]:
            last = lines[j]
            if j > i:
                cont = last.width + unit[j + 1] > M - 2
            else:
                nxt = lines[j + 1]
                cont = (
                    not ends[j]
                    and last.width >= 1.6 * W[j]
                    and nxt.kind != "spaced"
                    and nxt.text[0] not in BYLINE_MARKS
                )
            fixed[j + 1] = not cont
            if cont and j + 2 < n:
                fixed[j + 2] = True
        i = j + 1

    # Wire copy without indents: its paragraphs are a sentence or two, so a
    # line ending a sentence most likely ends the paragraph too.
    sentence_breaks = not cjk_page and sum(1 for ln in lines if ln.indent) < 2
    starts = _viterbi(lines, W, hang, unit, ends, fixed, short_first, soft, sentence_breaks)
    runs: list[list[Line]] = []
    measures: list[int] = []
    for i, (ln, s) in enumerate(zip(lines, starts)):
        if s or not runs:
            runs.append([ln])
            measures.append(W[i])
        else:
            runs[-1].append(ln)
    return runs, measures


def _viterbi(lines, W, hang, unit, ends, fixed, short_first, soft, sentence_breaks=False) -> list[bool]:
    """Most likely start/continue state per line under the costs above.

    Two states, so the recurrence is written out: this loop runs once per
    line of every page.
    """
    n = len(lines)
    indent = INDENT_CELLS if short_first else 0
    # a first line holds less: two CJK characters, or a Latin line its indent
    first_cut = [indent] * n if short_first else [len(ln.indent) for ln in lines]
    widths = [ln.width for ln in lines]
    squeezed = [ln.width - ln.squeezable - h for ln, h in zip(lines, hang)]
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
            tc = 0.0 if room_c < 0 else _room_cost(room_c, widths, i - 1, n)
            ts = 0.0 if room_s < 0 else _room_cost(room_s, widths, i - 1, n)
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
            a, b = cost_c + t_from_c, cost_s + t_from_s
            new_s, bs = (a, 0) if a <= b else (b, 1)
            if short_first and f is None and not soft[i] and squeezed[i] > W[i] - indent + 1:
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


def _room_cost(room: int, widths: list[int], i: int, n: int) -> float:
    """Cost of continuing after a line that had ``room`` cells left."""
    if room > SLACK_TOLERANCE:
        return CONTINUE_WITH_ROOM
    w = widths[i]
    if (i > 0 and widths[i - 1] == w) or (i + 1 < n and widths[i + 1] == w):
        return CONTINUE_AT_LOCAL_MEASURE  # as wide as a neighbour: the column is locally narrower
    return CONTINUE_WITH_LITTLE_ROOM
