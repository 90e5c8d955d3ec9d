"""Lines of one block -> one string, and the repairs inside a block.

At each line break the characters on both sides decide: CJK on either side
joins without a space, Latin on both sides joins with one space.  A line-end
hyphen between letters goes when the joined word is a word and stays when the
parts form a compound (``hyphenation`` decides, with word frequencies).
"""

from __future__ import annotations

import re
from typing import Final

import regex

from .chars import LINE_END_HYPHENS, SUSPENDED_COMPOUND_WORDS
from .hyphenation import should_drop_hyphen
from .model import Block, BlockType, Edit, Line
from .spacing import MISREAD_BYLINE_MARK_RE, byline_mark, collapse_letter_spacing

WHITESPACE_RUN_RE: Final = re.compile(r"[ \t\u3000\xa0]+")  # (stdlib: a plain class, found faster)
# A word broken by a line-end hyphen (-, ⸗ or ¬; letters before it).
HYPHENATED_END_RE: Final = regex.compile(rf"([^\W\d_]+)([{LINE_END_HYPHENS}])$")
WORD_START_RE: Final = regex.compile(r"[^\W\d_]+")
# What may stand around a word the file states whole (ALTO SUBS_CONTENT):
# the punctuation a vendor leaves on it.
STATED_WORD_EDGES: Final = ".,;:!?\"'()[]«»„“”‘’"
# Line breaks (lines joined by newlines) that need a closer look than the
# common case: on a Latin page a hyphen or CJK beside the break (else each
# break is one space); on a CJK page a break with no CJK beside it (else
# each break joins tight).  Stdlib re, each starting with the newline, which
# re finds with a plain character scan.
LATIN_PAGE_SPECIAL_BREAK_RE: Final = re.compile("\n(?:(?<=[-⸗¬\u2e80-\U0010ffff]\n)|[\u2e80-\U0010ffff])")
CJK_PAGE_SPECIAL_BREAK_RE: Final = re.compile("\n(?<=[^\u2e80-\U0010ffff“”‘’…—·]\n)[^\u2e80-\U0010ffff“”‘’…—·]")


def join_lines(lines: list[Line], edits: list[Edit] | None = None, cjk_page: bool = False) -> str:
    """Join a block's lines, deciding the separator at each break.

    >>> from ocrmend.model import Line
    >>> join_lines([Line("自20世", 1), Line("纪70年代", 2)])
    '自20世纪70年代'
    >>> join_lines([Line("The Tower", 1), Line("Commission", 2)])
    'The Tower Commission'
    """
    if len(lines) == 1:
        return lines[0].text
    texts = [ln.text for ln in lines]
    joined = "\n".join(texts)
    if cjk_page:
        if not CJK_PAGE_SPECIAL_BREAK_RE.search(joined):
            return "".join(texts)
    elif "-\n" not in joined if joined.isascii() else not LATIN_PAGE_SPECIAL_BREAK_RE.search(joined):
        return " ".join(texts)
    parts = [lines[0].text]
    for prev, ln in zip(lines, lines[1:]):
        left, right = parts[-1], ln.text
        a, b = left[-1], right[0]
        # curly quotes and dashes are CJK marks on a CJK page, Latin ones elsewhere
        if a > "\u2e7f" or b > "\u2e7f" or (cjk_page and (a in "“”‘’…—·" or b in "“”‘’…—·")):
            parts.append(right)
        elif cjk_page and a.isdigit() and b.isdigit():
            parts.append(right)  # a number broken across lines in CJK text (2 / 5% -> 25%)
        elif a == "-" and len(left) > 1 and left[-2].isdigit() and b.isalnum():
            parts.append(right)  # 555- / 1234: a number's own hyphen, kept, joined tight
        elif a in LINE_END_HYPHENS and b.isalnum() and (m := HYPHENATED_END_RE.search(left)):
            w = WORD_START_RE.match(right)
            word = w.group() if w else ""
            if word.lower() in SUSPENDED_COMPOUND_WORDS and b.islower():
                parts.append(" " + right)  # Ausfuhr⸗ / und Durchfuhr⸗Verbote: a suspended compound
                continue
            drop, evidence = _drops_hyphen(a, m.group(1), word, b, prev.hyphen)
            if drop:
                parts[-1] = left[:-1]
                if edits is not None:
                    edits.append(Edit("H001", ln.number, m.group(0) + "/" + word, m.group(1) + word, evidence))
            parts.append(right)
        else:
            parts.append(" " + right)
    return "".join(parts)


def _drops_hyphen(mark: str, left: str, right: str, first: str, stated: str = "") -> tuple[bool, str]:
    """Whether a line-end hyphen goes, and why: as the file states where it
    gives the whole word (ALTO ``SUBS_CONTENT``: ``Nebraska`` for ``Nebras-``
    / ``ka``, ``well-known`` for ``well-`` / ``known``); ``¬`` always (it
    marks a break, never a compound); the Fraktur ``⸗`` before a lowercase
    letter (a broken word; before a capital or a digit it joins a compound);
    ``-`` by word frequencies (``hyphenation``)."""
    if len(stated) > 1 and right:
        word = stated.strip(STATED_WORD_EDGES)
        if word == left + right:
            return True, f"the file gives the word {word}"
        if word == left + mark + right or word == left + "-" + right:
            return False, ""
    if mark == "¬":
        return True, "¬ marks a broken word"
    if mark == "⸗":
        return (True, "⸗ before a lowercase letter: a broken word") if first.islower() else (False, "")
    if not right:
        return False, ""  # (a digit after the hyphen: a compound such as Staats-/1000)
    return should_drop_hyphen(left, right)


def squeeze_whitespace(text: str) -> str:
    """Runs of spaces (ASCII, ideographic, no-break) -> one space; ends stripped.

    >>> squeeze_whitespace("  a \u3000 b ")
    'a b'
    """
    if "  " in text or "\t" in text or "\u3000" in text or "\xa0" in text:
        text = WHITESPACE_RUN_RE.sub(" ", text)
    return text.strip()


def blocks_of_runs(runs: list[list[Line]], cjk_page: bool, edits: list[Edit] | None) -> list[Block]:
    """A body block per run, its lines joined; it starts for the reasons
    the stages noted on its first line."""
    return [Block(BlockType.BODY, run, _joined_text(run, cjk_page, edits), list(run[0].why or ())) for run in runs]


def _joined_text(run: list[Line], cjk_page: bool, edits: list[Edit] | None) -> str:
    """A run's lines joined, letter-spacing collapsed (recorded as S001 when
    asked); a byline's box misread as 口 put back first (S005), so its name
    is collapsed as a byline's."""
    joined = join_lines(run, edits, cjk_page)
    if joined[:1] == "口" and MISREAD_BYLINE_MARK_RE.match(joined):
        marked = byline_mark(joined)
        if edits is not None:
            edits.append(Edit("S005", run[0].number, joined, marked))
        joined = marked
    text = collapse_letter_spacing(joined)
    if edits is not None and text != joined:
        edits.append(Edit("S001", run[0].number, joined, text))
    return squeeze_whitespace(text)


def join_byline_names(blocks: list[Block]) -> None:
    """A byline over several lines keeps its names apart: pdftotext sets a
    spaced byline's names a line each."""
    for b in blocks:
        if b.type is BlockType.BYLINE and len(b.lines) > 1:
            b.text = squeeze_whitespace(" ".join(collapse_letter_spacing(ln.text) for ln in b.lines))
