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

from .chars import SQUEEZABLE_RE, TRAILING_CLOSING_RE
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
OVERFULL_FIRST = 4.0  # too long for a first line (the indent eats two characters)
FORCED = 1e9
BYLINE_MARKS = "□■"


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
    # one paragraph per line (unwrapped text, our own output): blank lines
    # separate paragraphs, and most lines end a sentence
    finals = sum(1 for ln in lines if ln.final)
    return finals < 0.5 * len(lines)


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
    for i, ln in enumerate(lines):
        c = cores[i]
        after = sorted(cores[i + 1 : i + 4])
        ref = after[len(after) // 2] if after else c
        if c > 1.4 * _local_median(cores, i) + WIDE_MARGIN:
            cut[i] = True  # a deck or caption line: measured apart
        elif (
            (c <= 0.75 * ref or c > 1.15 * ref + 2)
            and not ln.final
            and (i == 0 or lines[i - 1].final or cut[i - 1] or (forced is not None and forced[i]))
        ) or ln.kind == "spaced":
            cut[i] = True  # a heading: the next section may have its own measure
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
    W = [0] * n
    for z, members in enumerate(zones):
        m = own[z]
        if m is None:
            # too few lines to measure: take the nearest measured zone before or
            # after whose column these lines fit in (an article's first section
            # belongs with what follows, its last with what precedes)
            before = next((own[k] for k in range(z - 1, -1, -1) if own[k] is not None), None)
            after = next((own[k] for k in range(z + 1, len(zones)) if own[k] is not None), None)
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
    best, best_bad = m, None
    for cand in (m, m - 1, m + 1):
        bad = 0
        for i in members:
            if cut[i] or i + 1 >= len(lines) or (forced is not None and forced[i + 1]):
                continue
            ln = lines[i]
            cap = cand - (INDENT_CELLS if ln.indent else 0)
            if ln.width - ln.squeezable - (ln.width - cores[i]) > cap + 1:
                bad += 2
            elif ln.width + lines[i + 1].lead <= cap and not ln.final:
                bad += 1
        if best_bad is None or bad < best_bad:
            best, best_bad = cand, bad
    return best


def _hanging_marks(text: str) -> int:
    m = TRAILING_CLOSING_RE.search(text)
    return len(SQUEEZABLE_RE.findall(m.group())) if m else 0


def _local_median(values: list[int], i: int, span: int = 4) -> int:
    around = sorted(values[max(0, i - span) : i] + values[i + 1 : i + 1 + span])
    return around[len(around) // 2] if around else values[i]


def _measure_from_counts(counts: Counter, cjk_page: bool) -> int:
    if not cjk_page:
        # ragged right: the measure is the longest line that is not an outlier
        ws = sorted(counts.elements(), reverse=True)
        return ws[1] if len(ws) > 3 else ws[0]
    # ignore very short lines (headings, last lines) when finding the mode
    top = max(counts)
    pool = {w: c for w, c in counts.items() if w >= 8} or dict(counts)
    mode = max(pool, key=lambda w: (pool[w], w))
    if pool.get(mode + 1, 0) >= 0.2 * pool[mode]:
        return mode + 1
    del top
    return mode


def hard_breaks(lines: list[Line], double_spaced: bool) -> list[bool]:
    """Breaks the source states outright: blank lines (or a missing one in a
    double-spaced source), an indent, a new page of a spaced source."""
    out = [True]
    for ln in lines[1:]:
        gap = ln.blank_before
        brk = (gap != 1) if double_spaced else (gap >= 1)
        out.append(brk or bool(ln.indent))
    return out


def segment_lines(lines: list[Line], cjk_page: bool) -> tuple[list[list[Line]], list[int]]:
    """Group lines into runs that each become one block; also return the
    column measure at each run's first line (classification compares widths
    with it)."""
    n = len(lines)
    if n == 0:
        return [], []
    double = detect_double_spacing(lines)
    forced = hard_breaks(lines, double)
    W = estimate_column_widths(lines, cjk_page, forced)
    hang = [ln.hang for ln in lines]
    unit = [ln.lead for ln in lines]
    ends = [ln.final for ln in lines]
    short_first = cjk_page
    # state per line: None = free, True = must start, False = must continue
    fixed: list[bool | None] = [True if f else None for f in forced]
    for i, ln in enumerate(lines):
        if ln.kind == "spaced" or (ln.text[0] in BYLINE_MARKS and len(ln.text) <= 24):  # display text: a box of its own
            fixed[i] = True
            if i + 1 < n:
                fixed[i + 1] = True

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

    starts = _viterbi(lines, W, hang, unit, ends, fixed, short_first)
    runs: list[list[Line]] = []
    measures: list[int] = []
    for i, (ln, s) in enumerate(zip(lines, starts)):
        if s or not runs:
            runs.append([ln])
            measures.append(W[i])
        else:
            runs[-1].append(ln)
    return runs, measures


def _viterbi(lines, W, hang, unit, ends, fixed, short_first) -> list[bool]:
    """Most likely start/continue state per line under the costs above."""
    n = len(lines)
    # cost[s] = best cost of lines[:i+1] with line i in state s (0 = continue, 1 = start)
    back: list[tuple[int, int]] = []
    cost = [FORCED, 0.0]
    indent = INDENT_CELLS if short_first else 0
    widths = [ln.width for ln in lines]
    same_as_neighbour = [
        (i > 0 and widths[i - 1] == widths[i]) or (i + 1 < n and widths[i + 1] == widths[i]) for i in range(n)
    ]
    for i in range(n):
        core = lines[i].width - lines[i].squeezable - hang[i]  # as narrow as the line can be
        # unary: a line too long for the measure it would have in that state
        if i:
            f = fixed[i]
            prev_w = lines[i - 1].width
            new = [0.0, 0.0]
            bk = [0, 0]
            for s in (0, 1):
                if (f is True and s == 0) or (f is False and s == 1):
                    new[s] = FORCED
                    continue
                best, arg = FORCED * 2, 0
                for p in (0, 1):
                    cap = W[i - 1] - (indent if p else 0)
                    room = cap - prev_w - unit[i]  # >= 0: the next unit would have fitted
                    full = room < 0
                    if s == 0:
                        if full:
                            t = 0.0
                        elif room > SLACK_TOLERANCE:
                            t = CONTINUE_WITH_ROOM
                        else:
                            t = CONTINUE_WITH_LITTLE_ROOM if not same_as_neighbour[i - 1] else CONTINUE_AT_LOCAL_MEASURE
                    else:
                        if f is True:
                            # a stated break: was the line above a heading on its own, or
                            # the last line of a paragraph (which ends in a final mark)?
                            t = BREAK_WITHOUT_END if (not ends[i - 1] and not p) else 0.0
                        else:
                            t = BREAK_PRIOR + (BREAK_AFTER_FULL if full else 0.0)
                            if not ends[i - 1]:
                                t += BREAK_WITHOUT_END
                    c = cost[p] + t
                    if c < best:
                        best, arg = c, p
                new[s] = best
                bk[s] = arg
            if short_first and core > W[i] - indent + 1:
                new[1] += OVERFULL_FIRST if fixed[i] is None else 0.0
            cost = new
            back.append((bk[0], bk[1]))
        else:
            cost = [FORCED, 0.0]
    # backtrack
    s = 0 if cost[0] < cost[1] else 1
    states = [False] * n
    for i in range(n - 1, -1, -1):
        states[i] = bool(s)
        if i:
            s = back[i - 1][s]
    states[0] = True
    return states
