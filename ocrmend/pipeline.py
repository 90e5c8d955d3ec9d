"""The stage order: decode -> read lines -> segment -> join -> classify -> mend.

Each stage is a plain function from the model to the model; this module only
runs them in order and records deliberate changes when asked to.
"""

from __future__ import annotations

from collections.abc import Callable

from .chars import is_cjk_text
from .classify import classify_blocks
from .join import join_lines, squeeze_whitespace
from .lines import read_lines
from .model import Block, BlockType, Document, Edit, Line
from .options import Options
from .paragraphs import segment_lines
from .spacing import (
    collapse_letter_spacing,
    has_ocr_spacing,
    remove_digit_cjk_spaces,
    remove_ocr_spaces,
    tighten_punctuation_spaces,
    widen_punctuation,
)

T = BlockType
RUNNING_TEXT = (T.BODY, T.DECK, T.NOTE)
# Rule codes, for --explain and the data-safety check.
RULES: dict[str, tuple[str, Callable[[str], str]]] = {
    "S001": ("letter-spacing collapsed", collapse_letter_spacing),
    "S002": ("OCR spaces between CJK removed", remove_ocr_spaces),
    "S003": ("space next to full-width punctuation removed", tighten_punctuation_spaces),
    "S004": ("space between digits and CJK removed", remove_digit_cjk_spaces),
    "P001": ("half-width punctuation in CJK text made full width", widen_punctuation),
}


def clean(data: str | bytes, *, source: str = "<stdin>", options: Options | None = None, **kwargs) -> Document:
    """Clean one page (or a file of pages) and return its typed blocks.

    >>> [b.text for b in clean("□ 赵 磊").blocks]
    ['□ 赵磊']
    """
    opts = options or Options(**kwargs)
    if isinstance(data, bytes):
        from .decode import decode_bytes

        text, encoding = decode_bytes(data, opts.encoding)
    else:
        text, encoding = data, "utf-8"
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
    doc = Document([], source, encoding)
    if not text.strip():
        return doc
    cjk_page = is_cjk_text(text[:20000])
    lines = read_lines(text, cjk_page)
    runs, measures = segment_lines(lines, cjk_page)
    edits = doc.edits if opts.explain else None
    blocks = [Block(T.BODY, run, squeeze_whitespace(collapse_letter_spacing(join_lines(run, edits)))) for run in runs]
    blocks = classify_blocks(blocks, measures, cjk_page)
    ocr_page = cjk_page and has_ocr_spacing(text)
    for b in blocks:
        b.text = mend_block(b, cjk_page, ocr_page, opts, edits)
    doc.blocks = [b for b in blocks if b.text]
    if opts.convert:
        from .convert import convert_blocks

        convert_blocks(doc, opts.convert, edits)
    return doc


def mend_block(b: Block, cjk_page: bool, ocr_page: bool, opts: Options, edits: list[Edit] | None) -> str:
    """Apply the in-block repairs that fit this block's type."""
    text = b.text
    if not cjk_page:
        return text
    codes = ["S003", "S004"]
    if b.type in RUNNING_TEXT or (ocr_page and b.type not in (T.CREDIT, T.BYLINE)):
        codes.insert(0, "S002")
    if opts.punctuation == "widen":
        codes.append("P001")
    for code in codes:
        new = RULES[code][1](text)
        if new != text:
            if edits is not None:
                edits.append(Edit(code, b.first, text, new))
            text = new
    return squeeze_whitespace(text)


__all__ = ["clean", "mend_block", "RULES", "Line"]
