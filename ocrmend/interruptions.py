"""Interruptions: a caption, credit or pull quote that the extractor dropped
between two lines of a paragraph.

A paragraph cannot stop on a full line that ends mid-sentence, so what
follows such a line either continues it or interrupts it.  An interruption
shows by its measure (narrower or wider than the column, where a
continuation line is full or is the paragraph's last) and by how it ends (a
final mark, a photo credit).  A pull quote may also show by its words: it
repeats a sentence of the text around it, whatever its measure.  We lift it out of the line stream, so the
paragraph closes over the gap, and put it back after that paragraph.

In a layout file a photo's caption stands by the photo, wherever the page
put it, not in the text's flow: where the reading order brings it (and its
credit) between two blocks of its article's text, it goes after the
article's last block of text (``place_photo_captions``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Final

from .chars import CLAUSE_MARKS, OPEN_ENDS, display_width, ends_with_full_stop, has_credit_verb
from .classify import TRAILING_CREDIT_RE, is_byline, is_credit, latin_credit_lines, opens_on_dateline
from .lines import wider_than_column
from .model import Block, Line, Types
from .paragraphs import indents_paragraphs, is_bare_name, line_counts
from .tuning import (
    CREDIT_TAIL_CHARS,
    FULL_SLACK,
    INDENT_CELLS,
    INTERRUPTION_MAX_LINES,
    NARROW,
    PITCH_SLACK,
    QUOTE_MIN_CELLS,
    QUOTE_REACH,
    WIDE_MARGIN,
)


def _ends_block(ln: Line) -> bool:
    return ln.final or ends_in_credit(ln)


def ends_in_credit(ln: Line) -> bool:
    """The line ends on a photo credit (王琪摄, （新华社记者兰红光摄）): a caption's last line."""
    t = ln.text
    tail = t[-12:]
    return (has_credit_verb(tail)) and bool(
        TRAILING_CREDIT_RE.search(t) or is_credit(t)
    )


def _goes_on(lines: list[Line], i: int, w: int, indented: bool = False) -> bool:
    """True when line ``i`` can host an interruption: it is full, and has
    no final mark (a first line is full four cells early); a line wider than
    the column is a heading or caption, not a host.  ``indented``: the page
    indents its paragraphs, so a full line ending a sentence may host one
    too (what follows the interruption, unindented, says the paragraph goes on)."""
    h = lines[i]
    core = h.width - h.hang
    # (a first line: set in, or under a sentence's end or a byline, or opening on an article's dateline)
    starts = (
        bool(h.indent)
        or (i > 0 and (lines[i - 1].final or is_byline(lines[i - 1].text)))
        or opens_on_dateline(h.text)
    )
    return (indented or not h.final) and not h.kind and w - (6 if starts else 2) <= core <= w + 2


def next_in_column(lines: list[Line], i: int) -> bool:
    """A layout file's boxes show the line after ``i`` as its column's next
    line: right under it, one line pitch down (the step from the line above),
    its left edge under the host's.  A caption stands elsewhere (under its
    photo), whatever an engine's reading order makes of it."""
    if i < 1 or i + 1 >= len(lines):
        return False
    above, host, nxt = lines[i - 1].box, lines[i].box, lines[i + 1].box
    if above is None or host is None or nxt is None:
        return False
    step, pitch = nxt.y0 - host.y0, host.y0 - above.y0
    return pitch > 0 and abs(step - pitch) <= PITCH_SLACK * pitch and abs(nxt.x0 - host.x0) <= host.height


def _continues(c: Line, w: int) -> bool:
    """True when ``c`` can take up a paragraph after an interruption: not
    indented, no hint, not wider than the column (its marks set narrow,
    as a line full of them is)."""
    return not c.indent and not c.kind and c.width - c.hang - c.squeezable <= w + 2


# A quote's first characters, looked for around it before the whole quote
# is: a repeat must hold them, and a search bounded in the page copies no
# text (most hosts end here, so the pass stays linear in practice).
QUOTE_PROBE_CHARS: Final = 8


def find_pull_quotes(
    lines: list[Line], W: list[int], taken: set[int], ragged: bool = False
) -> list[tuple[int, int, int]]:
    """(host, first, last) triples as for ``find_interruptions``: a sentence
    dropped inside a paragraph that repeats, word for word, a sentence of
    the text around it (a pull quote), whatever its measure.  Lines in
    ``taken`` are already part of an interruption.  ``ragged``: the
    lines' widths wander (a ragged right, OCR), so a host need not be full
    nor the line after the quote within the column.

    A paragraph's own lines after a host that goes on finish its sentence;
    they do not also stand elsewhere as a sentence of their own (after
    another sentence's full stop), so the repeat is the evidence.
    """
    n = len(lines)
    found: list[tuple[int, int, int]] = []
    # (each line's text without its spaces: ``str.split`` is one C scan a
    # line, three times quicker than a regex pass over the joined page)
    texts = ["".join(ln.text.split()) for ln in lines]
    starts = [0]
    for t in texts:
        starts.append(starts[-1] + len(t))
    page = "".join(texts)
    openings = {
        starts[k] for k, ln in enumerate(lines) if ln.indent
    }  # (paragraphs that kept their indent; those under a byline are asked when a quote is)
    taken_upto = [0] * (n + 2)  # lines taken before each
    for k in range(n + 1):
        taken_upto[k + 1] = taken_upto[k] + (k in taken)
    done = 0
    # (by sentence: a quote is a whole sentence, lines a..b, b the first
    # line from a on that ends one; the hosts before a sentence whose next
    # line takes up no paragraph are all passed over at once)
    last_end = -1
    for b in (k for k in range(n) if lines[k].final):
        first, last_end = max(last_end + 1, b - INTERRUPTION_MAX_LINES, 1), b
        if b + 1 >= n or lines[b + 1].indent or lines[b + 1].kind:
            continue
        if not _tail_repeats(page, starts, first, b):
            continue  # (no quote ending on line b repeats: none of its hosts need be tried)
        for a in range(first, min(b + 1, n - 1)):
            i = a - 1
            if (
                i < done
                or i in taken
                or not (
                    _goes_on(lines, i, W[i])
                    or (ragged and not lines[i].final and not lines[i].kind)
                )
            ):
                continue
            if (
                a in taken
                or lines[a].indent
                or lines[a].kind
                or taken_upto[b + 2] > taken_upto[a + 1]
            ):
                continue
            if not (
                _continues(lines[b + 1], W[i])
                or (
                    ragged
                    and _continues(lines[b + 1], 1 << 30)
                    and not lines[b + 1].final
                )
            ):
                continue  # (in a ragged column, a line that goes on: not a one-line heading or paragraph)
            if _is_pull_quote(lines, page, starts, openings, a, b):
                found.append((i, a, b))
                done = b + 1
    return found


def _tail_repeats(page: str, starts: list[int], first: int, b: int) -> bool:
    """A quote ending on line ``b`` and opening on line ``first`` or later
    could repeat: its last ``QUOTE_PROBE_CHARS`` characters (within any
    quote long enough to count) stand again within reach of it, or run on
    across the gap a quote from line ``a`` leaves.  One bounded search per
    sentence, whichever line the quote opens on."""
    qb = starts[b + 1]
    tail = page[qb - QUOTE_PROBE_CHARS : qb]
    n = len(starts) - 1
    lo, hi = starts[max(0, first - QUOTE_REACH)], starts[min(n, b + 1 + QUOTE_REACH)]
    if page.find(tail, lo, qb - 1) >= 0 or page.find(tail, qb, hi) >= 0:
        return True
    # (the repeat's tail across the gap: its end opens the line after the quote)
    return any(page.startswith(tail[j:], qb) for j in range(1, len(tail)))


def _is_pull_quote(
    lines: list[Line], page: str, starts: list[int], openings: set[int], a: int, b: int
) -> bool:
    """Lines a..b (``starts``: where each line's text begins in ``page``,
    its lines' texts without spaces) repeat a sentence of the text around
    them, as a sentence of its own."""
    qa, qb = starts[a], starts[b + 1]
    quote = page[qa:qb]
    if not ends_with_full_stop(quote):
        return False
    # the text around, the quote taken out: the sentence it repeats may
    # run across the gap (a paragraph's first sentence, quoted at once)
    n = len(lines)
    lo, hi = starts[max(0, a - QUOTE_REACH)], starts[min(n, b + 1 + QUOTE_REACH)]
    probe = quote[:QUOTE_PROBE_CHARS]
    if (
        page.find(probe, lo, qa) < 0
        and page.find(probe, qb, hi) < 0
        and probe
        not in page[max(lo, qa - len(probe) + 1) : qa]
        + page[qb : min(hi, qb + len(probe) - 1)]
    ):
        return False  # (its opening stands nowhere around, nor across the gap: no repeat; most quotes end here)
    if display_width(quote) < QUOTE_MIN_CELLS:
        return False
    cut, gap = qa - lo, qb - qa
    around = page[lo:qa] + page[qb:hi]
    return _repeated(quote, around, lambda k: _opens(lines, starts, openings, lo + k if k < cut else lo + gap + k))


def _opens(lines: list[Line], starts: list[int], openings: set[int], pos: int) -> bool:
    """The text at ``pos`` of the page opens a paragraph: a line kept its
    indent there, or it is the first line under a byline (a name alone)."""
    if pos in openings:
        return True
    k = bisect_left(starts, pos)
    return 0 < k < len(lines) and starts[k] == pos and (is_byline(lines[k - 1].text) or is_bare_name(lines[k - 1]))


def _repeated(quote: str, text: str, opens: Callable[[int], bool]) -> bool:
    """True when ``quote`` stands in ``text`` once, as a sentence of its
    own: after another sentence's full stop, or opening a paragraph (where
    ``opens``).  (A sentence that recurs more often is a formula, as in
    official notices, not a quotation.)"""
    k = text.find(quote)
    return (
        k >= 0
        and text.find(quote, k + 1) < 0
        and (opens(k) or ends_with_full_stop(text[max(0, k - 2) : k]))
    )


def find_interruptions(
    lines: list[Line], W: list[int], framed: bool = False, double: bool = False
) -> list[tuple[int, int, int]]:
    """(host, first, last) index triples: lines[first..last] interrupt the
    paragraph whose line ``host`` precedes them.  ``framed``: the text's
    blank lines part its blocks, so an interruption stands between blank
    lines (a ragged line inside a paragraph is no caption); ``double``: the
    source is double-spaced (the caller has measured it)."""
    n = len(lines)
    found: list[tuple[int, int, int]] = []
    # only a line followed by one off the column's measure (or by a photo
    # credit) can host an interruption: visit those alone
    hosts = [
        i
        for i, (w, nxt) in enumerate(zip(W[: n - 2], lines[1 : n - 1]))
        if nxt.width <= w - NARROW
        or wider_than_column(nxt, w)
        or has_credit_verb(nxt.text)
    ]
    # (or by a one-line caption and its credit on a line of its own)
    credit_lines = [i for i, t in enumerate(ln.text for ln in lines) if 2 <= i < n - 1 and has_credit_verb(t) and is_credit(t)]
    if credit_lines:
        hosts = sorted(set(hosts).union(i - 2 for i in credit_lines if lines[i - 1].final))
    # (a host goes on: no final mark, no hint; tested below, asked here first;
    # on a page that indents its paragraphs, a sentence's end may host a caption)
    indented = any(lines[i].final for i in hosts) and indents_paragraphs(lines, W)
    # (a full line that ends a sentence may host a caption that ends on its
    # credit on any page: a paragraph may go on after it, and where it does
    # not, the caption stands after that paragraph all the same)
    credited_next = {i for i in hosts if lines[i].final and has_credit_verb(lines[i + 1].text[-CREDIT_TAIL_CHARS:])}
    hosts = [i for i in hosts if (indented or not lines[i].final or i in credited_next) and not lines[i].kind]
    done = 0
    for i in hosts:
        if i < done:
            continue  # inside an interruption found already
        w = W[i]
        if not _goes_on(lines, i, w, indented or i in credited_next) or next_in_column(lines, i):
            continue
        a = i + 1
        first = lines[a]
        fcore = first.width - first.hang - first.squeezable
        fw = first.width  # hanging marks counted in: narrow must be narrow for sure
        # (a sentence wider than the column, its credit on the line under it:
        # a caption set across, though by less than a wide caption's margin)
        # (or of any width, where the host ends on a comma: no paragraph
        # ends there, so the sentence over a credit is no paragraph's last;
        # a credit's line is short, shorter than a first line: an OCR'd
        # paragraph's first line that ends on 摄 is not)
        captioned = (
            (fcore > w or (lines[i].text[-1] in OPEN_ENDS and a + 1 < n and lines[a + 1].width <= w - 2 * INDENT_CELLS))
            and first.final
            and a + 2 < n
            and has_credit_verb(lines[a + 1].text)
            and is_credit(lines[a + 1].text)
        )
        if (
            w - NARROW < fw
            and fcore <= w + WIDE_MARGIN
            and not has_credit_verb(first.text)
            and not captioned
        ):
            continue  # a line of the column's measure, no credit: the paragraph goes on
        b = None
        if first.indent or first.kind:
            pass
        elif captioned:
            b = a + 1
        elif wider_than_column(first, w):
            # wide: a caption set across the page
            b = a
            while (
                b + 1 < n
                and b - a < INTERRUPTION_MAX_LINES
                and lines[b + 1].width - lines[b + 1].hang > w + WIDE_MARGIN
                and not lines[b].final
            ):
                b += 1
            if b + 1 < n and not _ends_block(lines[b]):
                b = None
            elif b + 1 < n and is_credit(lines[b + 1].text):
                b += 1
        elif _ends_block(first) and not first.final:
            # one line ending in a photo credit (but under a sentence's end a
            # full flush line is no paragraph's first, which holds less for
            # its indent: it is the caption's first line, the caption a box
            # between paragraphs)
            h = lines[i]
            if i > 0 and lines[i - 1].final and not h.indent and h.width - h.hang >= w - FULL_SLACK:
                continue
            b = a
        elif first.width <= w - NARROW and not first.final:
            # narrow lines that do not end: no continuation line looks like that
            b = a
            fwidth = first.width
            while (
                b + 1 < n
                and b - a < INTERRUPTION_MAX_LINES
                and not _ends_block(lines[b])
            ):
                nxt = lines[b + 1]
                if not nxt.indent and not nxt.kind and ends_in_credit(nxt):
                    b += 1  # the caption's last line, its credit appended: any width
                    break
                if nxt.indent or nxt.kind or nxt.width > w - NARROW + 2:
                    break
                if not _ends_block(nxt) and abs(nxt.width - fwidth) > 2:
                    break  # an interruption keeps its own measure (but for its last line)
                b += 1
            if not _ends_block(lines[b]):
                b = None
            elif b + 1 < n and is_credit(lines[b + 1].text):
                b += 1
        if b is not None and b + 1 < n:
            c = lines[b + 1]
            if framed and (first.blank_before < 1 or c.blank_before < 1):
                continue
            credited = ends_in_credit(lines[b]) or is_credit(lines[b].text)
            if lines[i].blank_before >= 1 and first.blank_before < 1 <= c.blank_before and (i < 1 or lines[i - 1].final or lines[i - 1].blank_before < 0 or lines[i - 1].kind):
                continue  # (the host, opening a box after a blank line, and what follows it framed together: one box, a caption over its credit)
            if first.blank_before < 1 <= c.blank_before and (not credited or not double):
                continue  # (set apart below alone: the paragraph's last lines, a blank line its break; a caption's last line on its credit, in single-spaced text)
            if lines[i].final and not credited:
                continue  # (after a sentence's end, only a caption on its credit is surely no heading)
            if lines[i].final and not indented and (c.blank_before > 0 or c.width < w - NARROW):
                continue  # (on a page that indents nothing, what goes on after a sentence's end is a full line, no gap above)
            if _continues(c, w):
                found.append((i, a, b))
                done = b + 1
    return found


def find_credited_captions(lines: list[Line]) -> list[tuple[int, int, int]]:
    """(host, first, last) triples as for ``find_interruptions``, whatever
    the widths (a ragged column): a Latin caption's sentence over its credit
    (its own line, or printed after it) between two lines of a sentence --
    the line above ends in no mark, the line after the credit goes on (not
    set in; in Latin script, in lowercase)."""
    n = len(lines)
    found: list[tuple[int, int, int]] = []
    for c, alone in latin_credit_lines([ln.text for ln in lines]):
        if not 2 <= c < n - 1:
            continue
        a = c - 1 if alone else c  # the caption's sentence: above its credit's line, or on it
        if alone and not lines[a].final:
            continue
        if a >= 2 and not lines[a - 1].final and (
            (lines[a - 1].blank_before > 0 and lines[a].blank_before <= 0)
            or (lines[a].text[0].islower() and lines[a - 1].text[0].isupper())
        ):
            a -= 1  # (a caption of two lines, a gap above it, or its sentence going on in lowercase: it opens there)
        host, after = lines[a - 1], lines[c + 1]
        if a < 1 or host.final or host.kind or after.indent or after.kind or (after.text[0].isalpha() and after.text[0].isupper()):
            continue
        if not (after.text[0].islower() or host.text[-1] in CLAUSE_MARKS):
            continue
        found.append((a - 1, a, c))
    return found


def lift_interruptions(
    lines: list[Line], W: list[int], framed: bool = False, double: bool = False
) -> list[tuple[Line, list[Line]]]:
    """Captions and pull quotes dropped inside a paragraph: (host line,
    their lines); ``framed`` and ``double`` as for ``find_interruptions``."""
    if len(lines) < 4:
        return []
    # only a typeset column shows what does not belong in it: on text whose
    # widths wander (OCR, some extractors) an odd width proves nothing
    # (a repeated sentence proves it whatever the widths, and a caption's
    # credit between the halves of a sentence: a ragged column leaves its
    # lines' measures out of it)
    ragged = line_counts(lines, W).steady < 0.4 * len(lines)
    found = [] if ragged else find_interruptions(lines, W, framed, double)
    taken = {k for _, a, b in found for k in range(a, b + 1)}
    credited = [(h, a, b) for h, a, b in find_credited_captions(lines) if h not in taken and not taken.intersection(range(a, b + 2))]
    found += credited
    taken.update(k for _, a, b in credited for k in range(a, b + 1))
    quotes = find_pull_quotes(lines, W, taken, ragged)
    out = []
    for h, a, b in sorted(found + quotes):
        run = lines[a : b + 1]
        evidence = (
            "repeats a sentence around it"
            if (h, a, b) in quotes
            else "a caption on its credit" if (h, a, b) in credited else "off the column's measure"
        )
        run[0].why = [
            (
                "R002",
                f"{evidence} inside the paragraph at line {lines[h].number}; placed after it",
            )
        ]
        for ln in run:
            ln.kind = "interruption"
        if b + 1 < len(lines):
            lines[b + 1].blank_before = -1  # the blank lines framed the interruption
        out.append((lines[h], run))
    return out


def put_back_lifted(
    runs: list[list[Line]], measures: list[int], lifted: list[tuple[Line, list[Line]]]
) -> tuple[list[list[Line]], list[int]]:
    """Each lifted interruption goes after the run holding its host line; a
    credit on a line of its own is a block of its own."""
    # (the run of each host line: only hosts are kept, not every line of the page)
    hosts = {id(host) for host, _ in lifted}
    host_run: dict[int, int] = {}
    for k, run in enumerate(runs):
        for ln in run:
            key = id(ln)
            if key in hosts:
                host_run[key] = k
    extra: dict[int, list[list[Line]]] = {}
    for host, run in lifted:
        parts = [run]
        if len(run) > 1 and is_credit(run[-1].text):
            parts = [run[:-1], run[-1:]]
            run[-1].why = [
                ("R002", "the lifted caption's credit, on a line of its own")
            ]
        extra.setdefault(host_run.get(id(host), len(runs) - 1), []).extend(parts)
    out_runs, out_measures = [], []
    for k, (run, m) in enumerate(zip(runs, measures)):
        out_runs.append(run)
        out_measures.append(m)
        for part in extra.get(k, []):
            out_runs.append(part)
            out_measures.append(m)
    return out_runs, out_measures


# The types of an article's head (a new article starts at one) and of its text.
HEAD_TYPES: Final = frozenset({Types.HEADLINE, Types.DECK, Types.BYLINE})
TEXT_TYPES: Final = frozenset({Types.BODY, Types.SUBHEAD, Types.NOTE})
CAPTION_TYPES: Final = frozenset({Types.CAPTION, Types.CREDIT})


def place_photo_captions(blocks: list[Block]) -> list[Block]:
    """A photo's caption and credit that stand between two blocks of their
    article's text go after the article's last block of text (before the
    next article's head, or the page's furniture): layout input, where a
    caption stands by its photo, not in the text's flow (R007).  A caption
    without a credit (a table's title, a caption an engine read into the
    text) keeps its place."""
    out = list(blocks)
    i = 0
    while i < len(out):
        if out[i].type not in CAPTION_TYPES:
            i += 1
            continue
        j = i
        while j < len(out) and out[j].type in CAPTION_TYPES:
            j += 1
        group = out[i:j]
        credited = any(b.type is Types.CREDIT for b in group) or (bool(group[-1].lines) and ends_in_credit(group[-1].lines[-1]))
        last = None  # the article's last block of text after the caption
        k = j
        while credited and k < len(out) and out[k].type not in HEAD_TYPES:
            if out[k].type in TEXT_TYPES:
                last = k
            k += 1
        if last is None:
            i = j
            continue
        group[0].why.append(("R007", "a photo's caption amid its article's text: placed after the text"))
        out[i : last + 1] = out[j : last + 1] + group
        i = last + 1
    return out
