"""The plain-text reader: decoded text -> pages of lines.

Columns read side by side (pdftotext -layout) are unfolded first, so the
lines stand in reading order; form feeds start pages.  What plain text
cannot tell (boxes, font sizes, confidences) stays unknown in the model.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

from ..layout import note_column_starts, unfold_columns
from ..lines import read_lines
from ..model import Page

PAGE_OF = attrgetter("page")


def read_text(text: str, cjk_page: bool) -> list[Page]:
    """The text's pages (one per form feed), their lines in reading order.

    >>> [(p.number, [ln.text for ln in p.lines]) for p in read_text("a\\n\\fb", False)]
    [(1, ['a']), (2, ['b'])]
    """
    unfolded = unfold_columns(text)
    lines = read_lines(unfolded[0], cjk_page, unfolded[1]) if unfolded else read_lines(text, cjk_page)
    if unfolded:
        note_column_starts(lines)
    if not lines or lines[0].page == lines[-1].page:
        return [Page(lines[0].page + 1 if lines else 1, lines)]
    return [Page(number + 1, list(group)) for number, group in groupby(lines, key=PAGE_OF)]
