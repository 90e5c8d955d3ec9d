"""Lines of one block -> one string, and the repairs inside a block.

At each line break the characters on both sides decide: CJK on either side
joins without a space, Latin on both sides joins with one space (a line-end
hyphen between letters is kept and joined tight until dehyphenation decides).
"""

from __future__ import annotations

import regex

from .chars import CJK
from .model import Line

CJK_EDGE_RE = regex.compile(f"[{CJK}]")
WHITESPACE_RUN_RE = regex.compile(r"[ \t\u3000\xa0]+")
HYPHENATED_END_RE = regex.compile(r"[A-Za-z]-$")


def join_lines(lines: list[Line]) -> str:
    """Join a block's lines, deciding the separator at each break.

    >>> from ocrmend.model import Line
    >>> join_lines([Line("自20世", 1), Line("纪70年代", 2)])
    '自20世纪70年代'
    >>> join_lines([Line("The Tower", 1), Line("Commission", 2)])
    'The Tower Commission'
    """
    if len(lines) == 1:
        return lines[0].text
    parts = [lines[0].text]
    for ln in lines[1:]:
        left, right = parts[-1], ln.text
        a, b = left[-1], right[0]
        if CJK_EDGE_RE.match(a) or CJK_EDGE_RE.match(b):
            parts.append(right)
        elif HYPHENATED_END_RE.search(left) and b.isalpha():
            parts.append(right)
        else:
            parts.append(" " + right)
    return "".join(parts)


def squeeze_whitespace(text: str) -> str:
    """Runs of spaces (ASCII, ideographic, no-break) -> one space; ends stripped.

    >>> squeeze_whitespace("  a \u3000 b ")
    'a b'
    """
    return WHITESPACE_RUN_RE.sub(" ", text).strip()
