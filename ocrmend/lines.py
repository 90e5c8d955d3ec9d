"""str -> lines: the source cut into non-blank lines that remember their
indent, the blank lines above them, their page, and their width.

Blank lines are not kept as lines: whether they mean anything depends on the
source's spacing style, which ``paragraphs.detect_double_spacing`` decides.
"""

from __future__ import annotations

import regex

from .chars import HAN_RE, SQUEEZABLE_RE, display_width, ends_sentence
from .model import Line
from .spacing import LETTER_SPACED_CJK_RE

LEADING_BLANKS_RE = regex.compile(r"^[ \t\u3000\xa0]+")
# Spaces that are not between two Latin words: on a CJK page they are OCR
# noise or letter-spacing, and a typesetter's measure never counted them.
NON_LATIN_SPACE_RE = regex.compile(r"(?<![A-Za-z0-9,.;:!?'\")\]])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?![A-Za-z0-9(\[\"'])")


def is_letter_spaced(text: str) -> bool:
    """Display text set with a space after every letter (加 强 卫 生, □ 赵 磊),
    as opposed to OCR spaces sprinkled over running text.

    >>> is_letter_spaced("加 强 卫 生"), is_letter_spaced("新 华社 记者张宿 堂）今天 是 一九 九")
    (True, False)
    """
    tokens = text.split()
    if len(tokens) < 2 or len(text) > 48 or ends_sentence(text):
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


def read_lines(text: str, cjk_page: bool) -> list[Line]:
    """Split decoded text into non-blank ``Line`` objects (1-based numbers).

    A form feed starts a new page; widths are measured without OCR spaces and
    letter-spacing, so a spaced line does not look full.

    >>> [(ln.number, ln.text, ln.blank_before) for ln in read_lines("a\\n\\nb", False)]
    [(1, 'a', 0), (3, 'b', 1)]
    """
    out: list[Line] = []
    blank = 0
    page = 0
    for number, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        body = raw.rstrip()
        if not body or body.isspace():
            blank += 1
            continue
        indent = ""
        if body[0] in " \t\u3000\xa0":
            m = LEADING_BLANKS_RE.match(body)
            indent = m.group()
            body = body[m.end():]
        measured = body
        if cjk_page and (" " in body or "\u3000" in body):
            measured = NON_LATIN_SPACE_RE.sub("", body)
        squeezable = len(SQUEEZABLE_RE.findall(measured)) if cjk_page else 0
        kind = "spaced" if measured is not body and is_letter_spaced(body) else ""
        out.append(Line(body, number, indent, page, blank, display_width(measured, cjk_page), squeezable, kind))
        blank = 0
    return out
