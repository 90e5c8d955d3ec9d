"""str -> lines: the source cut into non-blank lines that remember their
indent, the blank lines above them, their page, and their width.

Blank lines are not kept as lines: whether they mean anything depends on the
source's spacing style, which ``paragraphs.detect_double_spacing`` decides.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Final

import regex

from .chars import (
    BLANKS,
    CLOSING,
    HAN_RE,
    LATIN_RUN_RE,
    OPENING,
    SENTENCE_END,
    SQUEEZABLE,
    display_width,
    ends_sentence,
)
from .layout import COLUMN_START
from .model import Line
from .spacing import LETTER_SPACED_CJK_RE, LETTER_SPACED_LATIN_RE
from .tuning import WIDE_MARGIN

# stdlib re: a plain class scan, twice as fast as regex here
NOT_SQUEEZABLE_RE: Final = re.compile(f"[^{SQUEEZABLE}\\n]+")
# Spaces that are not between two Latin words: on a CJK page they are OCR
# noise or letter-spacing, and a typesetter's measure never counted them.
NON_LATIN_SPACE_RE: Final = regex.compile(r"(?<![A-Za-z0-9,.;:!?'\")\]])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?![A-Za-z0-9(\[\"'])")


def is_letter_spaced(text: str) -> bool:
    """Display text set with a space after every letter (加 强 卫 生, □ 赵 磊),
    as opposed to OCR spaces sprinkled over running text.

    >>> is_letter_spaced("加 强 卫 生"), is_letter_spaced("新 华社 记者张宿 堂）今天 是 一九 九")
    (True, False)
    """
    if not (" " in text[:3] or "\u3000" in text[:3]):
        return False  # letter-spacing shows at once: a space after the first letter (or mark)
    if text[0] < "\x80" and LETTER_SPACED_LATIN_RE.match(text):
        return True
    return _spaced_tokens(text)


def _spaced_tokens(text: str) -> bool:
    """is_letter_spaced past its first tests: the tokens, then the run."""
    tokens = text.split()
    if len(tokens) >= 2 and tokens[-1][0] in "（(":
        core = tokens[:-1]  # a trailing (资料图片) does not count
    else:
        core = tokens
    if len(core) < 2 or len(text) > 48 or ends_sentence(core[-1]):
        return False
    singles = sum(1 for t in tokens if len(t) == 1)
    if singles < 2:
        return False
    # every token one letter, but for a leading mark (□) or a trailing (…)
    others = [k for k, t in enumerate(tokens) if len(t) > 1]
    for k in others:
        t = tokens[k]
        if not ((k == 0 and not HAN_RE.search(t)) or (k == len(tokens) - 1 and t[0] in "（(")):
            return False
    return bool(LETTER_SPACED_CJK_RE.search(text))


def hanging_width(body: str, cjk_page: bool) -> int:
    """Cells of the closing marks that end a line: they may hang past the measure.

    >>> hanging_width("疫情防控。”", True), hanging_width("done.)", False)
    (4, 2)
    """
    hang = 0
    j = len(body) - 1
    while j > 0 and body[j] in CLOSING:
        hang += 2 if (cjk_page and body[j] > "\x7f") else 1
        j -= 1
    return hang


def wider_than_column(ln: Line, w: int) -> bool:
    """``ln`` belongs to another box than the column ``w`` cells wide (a deck,
    a caption set across): wider by more than WIDE_MARGIN, even with every
    mark set half width and none hanging."""
    return ln.width - ln.squeezable - ln.hang > w + WIDE_MARGIN


def first_unit_width(body: str, cjk_page: bool) -> int:
    """Cells of what a typesetter would have had to fit at the end of the
    line above: a Latin/digit run whole (2007, eWTP), ``——`` or ``……``,
    otherwise one character; an opening mark with the unit after it (it
    never ends a line); on a Latin page the first word and the space before
    it, but for a line that opens with a Han character (CJK text breaks
    between any two, whatever the page).

    >>> first_unit_width("2007年8月", True), first_unit_width("——这", True), first_unit_width("“一带", True), first_unit_width("（2007", True)
    (4, 4, 4, 6)
    >>> first_unit_width("苗长得格外精神。春雨", False), first_unit_width("Tuesday. The", False)
    (2, 9)
    """
    if not body:
        return 0
    first = body[0]
    if not cjk_page and not HAN_RE.match(first):
        sp = body.find(" ")
        return (sp if sp > 0 else len(body)) + 1  # a whole word and the space before it
    if first in OPENING and len(body) > 1 and cjk_page:
        return (2 if first > "\x7f" else 1) + first_unit_width(body[1:], cjk_page)
    if first > "\x7f":
        return 4 if (first in "—…" and body[:2] in ("——", "……")) else 2
    if first.isalnum():
        m = LATIN_RUN_RE.match(body)
        return m.end() if m else 1
    return 1


def read_lines(text: str, cjk_page: bool, numbers: list[int] | None = None) -> list[Line]:
    """Split decoded text into non-blank ``Line`` objects (1-based numbers).

    ``numbers`` gives each line's source line number when the text was
    reordered (columns read side by side).  A form feed starts a new page.  Widths are measured without OCR spaces
    and letter-spacing, so a spaced line does not look full.  The per-line
    measures are computed for the whole text at once (one encode, one
    regex pass), not character by character: this runs on millions of pages.

    >>> [(ln.number, ln.text, ln.blank_before) for ln in read_lines("a\\n\\nb", False)]
    [(1, 'a', 0), (3, 'b', 1)]
    """
    if "\f" in text:
        # page of each line: count the form feeds up to it (few), not per line
        marks = [0] * (text.count("\n") + 1)
        line_no = 0
        last_pos = 0
        at = text.find("\f")
        while at >= 0:
            line_no += text.count("\n", last_pos, at)
            last_pos = at
            marks[line_no] += 1
            at = text.find("\f", at + 1)
        pages = list(accumulate(marks))
        raw_lines = text.replace("\f", "").split("\n")
    else:
        raw_lines = text.split("\n")
        pages = None
    out: list[Line] = []
    append = out.append
    blank = 0
    blanks = BLANKS
    for k, body in enumerate([r.rstrip() for r in raw_lines]):
        if not body:
            if blank >= 0:
                blank += 1
            continue
        first = body[0]
        if first == COLUMN_START:
            body = body[1:]
            blank = -1  # a column break: the blank lines before it say nothing
            if not body.strip():
                continue
            first = body[0]
        indent = ""
        if first in blanks:
            stripped = body.lstrip(blanks)
            indent = body[: len(body) - len(stripped)]
            body = stripped
        append(Line(body, numbers[k] if numbers is not None else k + 1, indent, pages[k] if pages is not None else 0, blank))
        blank = 0
    measure_lines(out, cjk_page)
    return out


def measure_lines(lines: list[Line], cjk_page: bool) -> None:
    """Fill the measures the engine decides on, from each line's text:
    ``width`` (display cells without OCR spaces and letter-spacing, so a
    spaced line does not look full), ``squeezable``, ``hang``, ``lead``,
    ``final`` and the letter-spacing hint.  Every reader calls it, so a
    line is measured the same way whatever its source.  Computed for all
    lines at once (one encode, one regex pass), not character by character.

    >>> lines = [Line("加 强 卫 生", 1), Line("提供帮助。”", 2)]
    >>> measure_lines(lines, True)
    >>> [(ln.width, ln.hang, ln.final, ln.kind) for ln in lines]
    [(8, 0, False, 'spaced'), (12, 4, True, '')]
    """
    texts = [ln.text for ln in lines]
    widths: list[int] | None = None
    squeezes: list[int] = []
    if cjk_page:
        measured = "\n".join(texts)
        if " " in measured or "\u3000" in measured or "\t" in measured or "\xa0" in measured:
            measured = NON_LATIN_SPACE_RE.sub("", measured)
        # GB18030 spends two bytes on exactly the characters CJK fonts set
        # full width (Han, full-width forms, “”…—·□) and one on ASCII.
        widths = [len(x) for x in measured.encode("gb18030", "replace").split(b"\n")]
        squeezes = [len(x) for x in NOT_SQUEEZABLE_RE.sub("", measured).split("\n")]
    closing = CLOSING
    finals = SENTENCE_END
    for k, (ln, body) in enumerate(zip(lines, texts)):
        if widths is not None:
            ln.width = widths[k]
            ln.squeezable = squeezes[k]
        else:
            ln.width = len(body) if body.isascii() else display_width(body, False)
        last = body[-1]
        ln.hang = hanging_width(body, cjk_page) if last in closing else 0
        ln.lead = first_unit_width(body, cjk_page)
        ln.final = last in finals
        # (letter-spacing shows at once: a space among the first three characters)
        head = body[:3]
        if (" " in head or "\u3000" in head) and is_letter_spaced(body):
            ln.kind = "spaced"


def lines_holding(texts: list[str], *patterns: re.Pattern[str]) -> list[int]:
    """The indices of the lines in which any of ``patterns`` matches,
    ascending: one search of the joined text a pattern, not one a line (a
    rule whose mark is rare asks only those lines; a pattern that opens
    with a literal is searched fast, an alternation is not)."""
    page = "\n".join(texts)
    count = page.count
    found: set[int] = set()
    for pattern in patterns:
        i = pos = 0
        for m in pattern.finditer(page):
            start = m.start()
            i += count("\n", pos, start)
            pos = start
            found.add(i)
    return sorted(found)
