"""The in-block repairs, applied where each fits a block's type: OCR spaces
go on a page that went through an OCR engine (``has_ocr_spacing``), but for
a byline's or credit's, which may be real; the punctuation and digit spacing
everywhere on a CJK page.

Why only there: on a page without OCR spacing, a space between two CJK
characters is the typesetter's (“共筑健康丝路 共享健康发展”, a title quoted in
a paragraph); taking it out of running text only was a guess at the block's
type, which the same text read again (one line a block) may not share
(kept in a caption, dropped when re-read as body). Measured against
removing them from body, deck and note on every page: CJK space errors per
1000 pairs 0.056 -> 0.045 (held-out pages), 0.157 -> 0.142 (rmrb PDF),
1.285 -> 1.178 (Tesseract), the same block boundaries.  Each repair is a
pure ``str -> str`` function of spacing.py; this stage decides where they
apply and records what they changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import Final

from .join import squeeze_whitespace
from .model import Block, Edit, Types
from .options import Options
from .spacing import (
    HALF_MARK_RE,
    OCR_SAMPLE_CHARS,
    VERTICAL_FORM_RE,
    collapse_letter_spacing,
    has_ocr_spacing,
    horizontal_punctuation,
    remove_digit_cjk_spaces,
    remove_ocr_spaces,
    tighten_punctuation_spaces,
    widen_punctuation,
)

T: Final = Types  # (BlockType's members, read fast)
# What P001 or P002 may change (half-width marks, vertical forms): a block
# without any skips both after one scan.
PUNCTUATION_REPAIR_CHARS: Final = ",:;?!()" + "".join(map(chr, [*range(0xFE10, 0xFE1A), *range(0xFE30, 0xFE45)]))
PUNCTUATION_REPAIR_RE: Final = re.compile(f"[{re.escape(PUNCTUATION_REPAIR_CHARS)}]")
# The character rules by code (rules.py describes them), for mend_block
# and the data-safety check.
MENDS: dict[str, Callable[[str], str]] = {
    "S001": collapse_letter_spacing,
    "S002": remove_ocr_spaces,
    "S003": tighten_punctuation_spaces,
    "S004": remove_digit_cjk_spaces,
    "P001": widen_punctuation,
    "P002": horizontal_punctuation,
}



def mend_blocks(blocks: list[Block], cjk_page: bool, opts: Options, edits: list[Edit] | None) -> None:
    """Apply the in-block repairs to every block that holds something to
    repair (a space, a mark P001 or P002 may change).

    Whether an OCR engine spaced the page is judged on the blocks' text,
    lines joined and letter-spacing collapsed, not on the page's lines: a
    letter-spaced run cut at a line end (…推 广 应 / 用。) reads as display
    text on the line and as OCR spacing in the paragraph, and the text
    output, cleaned again, is judged as its paragraphs were."""
    if not cjk_page:
        return
    ocr_page = has_ocr_spacing(_text_sample(blocks))
    marked: set[int] = set()
    if opts.punctuation == "widen":
        marked = _blocks_matching(PUNCTUATION_REPAIR_RE, blocks)
    spaced = [k for k, b in enumerate(blocks) if " " in b.text or "\u3000" in b.text]
    # (a block with no space and no mark to repair is left as it is)
    for k in sorted(marked.union(spaced)):
        b = blocks[k]
        b.text = mend_block(b, cjk_page, ocr_page, opts, edits, marks=k in marked)


def mend_block(
    b: Block, cjk_page: bool, ocr_page: bool, opts: Options, edits: list[Edit] | None, marks: bool = True
) -> str:
    """Apply the in-block repairs that fit this block's type.

    ``b.text`` comes with its whitespace squeezed; only a repair that changed
    it makes it squeezed again.  ``marks=False``: the caller found no mark in
    the block that P001 or P002 could change."""
    text = b.text
    if not cjk_page:
        return text
    # marks first: a space next to a mark just made full width goes with it
    codes = []
    if marks and opts.punctuation == "widen" and (m := PUNCTUATION_REPAIR_RE.search(text)):
        # (P002 where a vertical form is, P001 where a half-width mark is)
        start = m.start()
        codes = ["P002"] if VERTICAL_FORM_RE.search(text, start) else []
        if HALF_MARK_RE.search(text, start):
            codes.append("P001")
    if " " in text or "\u3000" in text:
        if ocr_page and b.type not in (T.CREDIT, T.BYLINE):  # (see the module's note)
            codes.append("S002")
        codes += ["S003", "S004"]
    if not codes:
        return text
    for code in codes:
        new = MENDS[code](text)
        if new != text:
            if edits is not None:
                edits.append(Edit(code, b.first, text, new))
            text = new
    return squeeze_whitespace(text)


def _text_sample(blocks: list[Block]) -> str:
    """The blocks' text, a line each, as far as ``has_ocr_spacing`` reads it."""
    sample: list[str] = []
    size = 0
    for b in blocks:
        sample.append(b.text)
        size += len(b.text) + 1
        if size >= OCR_SAMPLE_CHARS:
            break
    return "\n".join(sample)


def _blocks_matching(pattern: re.Pattern, blocks: list[Block]) -> set[int]:
    """Indices of the blocks whose text holds a match: one scan over all
    the texts instead of a search per block (few blocks hold one)."""
    texts = [b.text for b in blocks]
    joined = "\n".join(texts)
    if not pattern.search(joined):
        return set()
    ends = list(accumulate(len(t) + 1 for t in texts))  # where each text's newline falls
    return {bisect_right(ends, m.start()) for m in pattern.finditer(joined)}
