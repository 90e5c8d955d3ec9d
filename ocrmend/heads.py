"""Wrapped heading lines that segmentation left apart.

A headline set in a large font wraps after a few characters, and extractors
give its lines no sign that they belong together: ``pdftotext -layout`` centres
the second line (an indent that would start a paragraph), PyMuPDF and plain
``pdftotext`` give a short line after a line that does not look full.  Two
things of CJK typesetting hold on every page, whatever the extractor:

- no line starts with a closing mark (``）》」』】``, ``，。、；：？！``): a run that
  starts with one is the tail of the run above;
- a heading line left with a bracket or quote open (more ``（“《`` than their
  closers) goes on to the line that closes it, when that line is short and
  does not open a new quotation of its own (a quoted paragraph that runs on
  over several paragraphs opens each of them with ``“`` and closes only at
  the end of the last);
- a heading line that fills the column, and under it a lone line centred in
  that column, is one headline wrapped at the column and set centred: the
  tail's margins are equal, where a paragraph's first line has only its
  indent and a deck or byline sets off flush left.
"""

from __future__ import annotations

import re
from typing import Final

from .chars import CLAUSE_MARKS
from .classify import opens_like_fixed_form
from .model import Line
from .paragraphs import centred_under_full_head, merge_runs
from .tuning import HEAD_MAX_CHARS, HEAD_MIN_WRAPPED, NAME_MAX_CHARS

# Marks a line of CJK text never starts with (kinsoku): closers and pauses.
NEVER_FIRST: Final = "）》」』〉】〕，。、；：？！"  # not ” ’: typists use them as openers and apostrophes (’97)
NEVER_FIRST_SET: Final = frozenset(NEVER_FIRST)
PAIRS: Final = {"（": "）", "《": "》", "「": "」", "『": "』", "“": "”", "【": "】", "〈": "〉", "〔": "〕"}
# What names a tail as a byline whatever its length.
BYLINE_ROLE_RE: Final = re.compile(r"记者|記者|通讯员|通訊員|评论员|評論員|特约|特約|撰稿|编辑|編輯|摄影|攝影|作者")


def _open_marks(text: str) -> list[str]:
    """The closers still owed at the end of ``text`` (innermost last)."""
    stack: list[str] = []
    for ch in text:
        if ch in PAIRS:
            stack.append(PAIRS[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
    return stack


def merge_wrapped_heads(runs: list[list[Line]], measures: list[int], cjk_page: bool) -> tuple[list[list[Line]], list[int]]:
    """``runs`` with every run that is the wrapped tail of the run above
    joined to it (see the module doc); ``measures`` follow the runs."""
    if not cjk_page:
        return runs, measures
    # (only a run opening with a closing mark, or a one-line run, can be a tail)
    opens = [run[0].text.lstrip(" \u3000")[:1] for run in runs]
    candidates = [k for k in range(1, len(runs)) if opens[k] in NEVER_FIRST_SET or len(runs[k]) == 1]
    return merge_runs(runs, measures, _is_wrapped_tail, candidates, "B011")


def _is_wrapped_tail(prev: list[Line], run: list[Line], measure: int) -> bool:
    first = run[0].text.lstrip(" \u3000")
    last = prev[-1]
    if first and first[0] in NEVER_FIRST:
        return True  # a line never starts with a closing mark
    if len(run) == 1 and centred_under_full_head(prev, run[0], measure):
        return True
    if (
        len(prev) == 1
        and len(run) == 1
        and len(last.text) <= HEAD_MAX_CHARS
        and len(first) <= HEAD_MAX_CHARS
        and not last.final
        and first[0] not in PAIRS
    ):
        owed = _open_marks(last.text)
        if owed:
            return owed[0] in first  # a heading line left inside brackets or quotes
        return _wrapped_at_large_measure(last, run[0], first)
    return False


def _wrapped_at_large_measure(last: Line, tail: Line, first: str) -> bool:
    """A headline's big type wrapped it at a measure of its own: a long
    heading line (short of the body's measure) and, right under it with no
    blank line, a line at most half as long that names nobody: longer
    than a bare name, no byline role (记者, 评论员...), credit or other
    fixed form, no space, list mark or foreign-name dot between names.  A two-line title set by design has lines of like length
    (先进人物图片损毁 / 影响公益宣传功能)."""
    size = len(last.text)
    return (
        size >= HEAD_MIN_WRAPPED
        and tail.blank_before == 0
        and NAME_MAX_CHARS < len(first) <= size // 2
        and not tail.final
        and " " not in last.text + first
        and "\u3000" not in last.text + first
        and "·" not in first  # a foreign name (胡里奥·塞瓦略斯)
        and "、" not in first  # names in a list (许晴、林立)
        and not BYLINE_ROLE_RE.search(first)  # 人民日报评论员, 通讯员许晴
        and last.text[-1] not in CLAUSE_MARKS  # (a colon makes the line final)
        and not opens_like_fixed_form(first)
    )
