"""The stage order: decode -> read lines -> segment -> join -> classify -> mend.

Each stage is a plain function from the model to the model; this module only
runs them in order and records deliberate changes when asked to.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from .chars import is_cjk_text
from .classify import classify_blocks
from .join import join_lines, squeeze_whitespace
from .furniture import credit_editor_box, find_furniture
from .heads import merge_wrapped_heads
from .layout import unfold_columns
from .lines import read_lines
from .model import Block, Document, Edit, Line, Types
from .options import Options
from .classify import CREDIT_RE
from .interruptions import find_interruptions
from .reading_order import glue_runs, lift_displaced
from .paragraphs import detect_double_spacing, line_counts, estimate_column_widths, hard_breaks, segment_lines
from .spacing import (
    HALF_MARK_RE,
    VERTICAL_FORM_RE,
    collapse_letter_spacing,
    has_ocr_spacing,
    horizontal_punctuation,
    remove_digit_cjk_spaces,
    remove_ocr_spaces,
    tighten_punctuation_spaces,
    widen_punctuation,
)

T = Types  # (BlockType's members, read fast)
RUNNING_TEXT = (T.BODY, T.DECK, T.NOTE)
# What P001 or P002 may change (half-width marks, vertical forms): a block
# without any skips both after one scan.
PUNCTUATION_REPAIR_CHARS = ",:;?!()" + "".join(map(chr, [*range(0xFE10, 0xFE1A), *range(0xFE30, 0xFE45)]))
PUNCTUATION_REPAIR_RE = re.compile(f"[{re.escape(PUNCTUATION_REPAIR_CHARS)}]")
# Rule codes, for --explain and the data-safety check.
RULES: dict[str, tuple[str, Callable[[str], str]]] = {
    "S001": ("letter-spacing collapsed", collapse_letter_spacing),
    "S002": ("OCR spaces between CJK removed", remove_ocr_spaces),
    "S003": ("space next to full-width punctuation removed", tighten_punctuation_spaces),
    "S004": ("space between digits and CJK removed", remove_digit_cjk_spaces),
    "P001": ("half-width punctuation in CJK text made full width", widen_punctuation),
    "P002": ("vertical punctuation forms made horizontal", horizontal_punctuation),
}


def clean(data: str | bytes, *, source: str = "<stdin>", options: Options | None = None, **kwargs) -> Document:
    """Clean one page (or a file of pages) and return its typed blocks.

    >>> [b.text for b in clean("□ 赵 磊").blocks]
    ['□ 赵磊']
    """
    opts = options or Options(**kwargs)
    if not gc.isenabled():
        return _clean(data, source, opts)
    # The stages build thousands of lines and blocks and no reference cycle:
    # the cyclic collector's passes over them find nothing and cost about a
    # twentieth of the run.  It is paused for the call, and resumed after.
    gc.disable()
    try:
        return _clean(data, source, opts)
    finally:
        gc.enable()


def _clean(data: str | bytes, source: str, opts: Options) -> Document:
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
    if not text or text.isspace():  # (no copy of the page, as strip() makes)
        return doc
    cjk_page = is_cjk_text(text[:20000])
    unfolded = unfold_columns(text)
    lines = read_lines(unfolded[0], cjk_page, unfolded[1]) if unfolded else read_lines(text, cjk_page)
    found = find_furniture(lines)
    furniture = [(lines[i], found[i]) for i in sorted(found)]
    if furniture:
        lines = _without_furniture(lines, found)
    double = detect_double_spacing(lines)
    forced = hard_breaks(lines, double)
    measure = estimate_column_widths(lines, cjk_page, forced)
    lifted = lift_displaced(lines, measure, cjk_page, _lift_interruptions(lines, measure))
    # reading-order repair may move lines or close boxes (single-spaced
    # sources only): then the stated breaks are found anew
    breaks = (double, forced) if double and not lifted else None
    if lifted:
        taken = {id(ln) for _, run in lifted for ln in run}
        kept = [k for k, ln in enumerate(lines) if id(ln) not in taken]
        lines = [lines[k] for k in kept]
        measure = [measure[k] for k in kept]
    runs, measures = glue_runs(*segment_lines(lines, cjk_page, measure, breaks), cjk_page)
    edits = doc.edits if opts.explain else None
    if lifted:
        runs, measures = _put_back_interruptions(runs, measures, lifted)
    runs, measures = merge_wrapped_heads(runs, measures, cjk_page)
    blocks = _blocks_of(runs, cjk_page, edits)
    blocks = classify_blocks(blocks, measures, cjk_page)
    for b in blocks:
        if b.type is T.BYLINE and len(b.lines) > 1:
            # names set a line each (pdftotext splits a spaced byline): keep them apart
            b.text = squeeze_whitespace(" ".join(collapse_letter_spacing(ln.text) for ln in b.lines))
    if cjk_page:
        ocr_page = has_ocr_spacing(text)
        marked: set[int] = set()
        if opts.punctuation == "widen":
            marked = _blocks_matching(PUNCTUATION_REPAIR_RE, blocks)
        spaced = [k for k, b in enumerate(blocks) if " " in b.text or "\u3000" in b.text]
        # (a block with no space and no mark to repair is left as it is)
        for k in sorted(marked.union(spaced)):
            b = blocks[k]
            b.text = mend_block(b, cjk_page, ocr_page, opts, edits, marks=k in marked)
    if furniture:
        blocks = _place_furniture(blocks, furniture)
    if blocks and blocks[0].type is T.FURNITURE:
        blocks = credit_editor_box(blocks)
    doc.blocks = [b for b in blocks if b.text]
    if opts.convert:
        from .convert import convert_blocks

        convert_blocks(doc, opts.convert, edits)
    return doc


def _blocks_of(runs: list[list[Line]], cjk_page: bool, edits: list[Edit] | None) -> list[Block]:
    """A body block per run, its lines joined."""
    return [Block(T.BODY, run, _joined_text(run, cjk_page, edits)) for run in runs]


def _joined_text(run: list[Line], cjk_page: bool, edits: list[Edit] | None) -> str:
    """A run's lines joined, letter-spacing collapsed (recorded as S001 when asked)."""
    joined = join_lines(run, edits, cjk_page)
    text = collapse_letter_spacing(joined)
    if edits is not None and text != joined:
        edits.append(Edit("S001", run[0].number, joined, text))
    return squeeze_whitespace(text)


def _lift_interruptions(lines: list[Line], W: list[int]) -> list[tuple[Line, list[Line]]]:
    """Captions and pull quotes dropped inside a paragraph: (host line, their lines)."""
    if len(lines) < 4:
        return []
    # only a typeset column shows what does not belong in it: on text whose
    # widths wander (OCR, some extractors) an odd width proves nothing
    steady = line_counts(lines, W).steady
    if steady < 0.4 * len(lines):
        return []
    out = []
    for h, a, b in find_interruptions(lines, W):
        run = lines[a : b + 1]
        for ln in run:
            ln.kind = "interruption"
        if b + 1 < len(lines):
            lines[b + 1].blank_before = -1  # the blank lines framed the interruption
        out.append((lines[h], run))
    return out


def _put_back_interruptions(
    runs: list[list[Line]], measures: list[int], lifted: list[tuple[Line, list[Line]]]
) -> tuple[list[list[Line]], list[int]]:
    """Each lifted interruption goes after the run holding its host line; a
    credit on a line of its own is a block of its own."""
    host_run: dict[int, int] = {}
    for k, run in enumerate(runs):
        for ln in run:
            host_run[id(ln)] = k
    extra: dict[int, list[list[Line]]] = {}
    for host, run in lifted:
        parts = [run]
        if len(run) > 1 and CREDIT_RE.match(run[-1].text):
            parts = [run[:-1], run[-1:]]
        extra.setdefault(host_run.get(id(host), len(runs) - 1), []).extend(parts)
    out_runs, out_measures = [], []
    for k, (run, m) in enumerate(zip(runs, measures)):
        out_runs.append(run)
        out_measures.append(m)
        for part in extra.get(k, []):
            out_runs.append(part)
            out_measures.append(m)
    return out_runs, out_measures


def _without_furniture(lines: list[Line], furniture: dict[int, list[str]]) -> list[Line]:
    """The content lines; the line after removed furniture forgets the blank
    lines around it (they framed the furniture, not a paragraph end).

    Visits the furniture lines only and copies the content between them in
    slices: a page has a few furniture lines among hundreds."""
    kept: list[Line] = []
    n = len(lines)
    start = 0
    for i in sorted(furniture):
        lines[i].kind = "furniture"
        if i + 1 < n and i + 1 not in furniture:
            lines[i + 1].blank_before = -1
        kept.extend(lines[start:i])
        start = i + 1
    kept.extend(lines[start:])
    return kept


def _place_furniture(blocks: list[Block], furniture_lines: list[tuple[Line, list[str]]]) -> list[Block]:
    """Furniture blocks in reading order: where they stand, or after the
    paragraph they interrupted (a page break in mid-paragraph)."""
    items: list[Block] = []
    for ln, texts in furniture_lines:
        for t in texts:
            items.append(Block(T.FURNITURE, [ln], squeeze_whitespace(collapse_letter_spacing(t))))
    firsts = [it.lines[0].number for it in items]
    out: list[Block] = []
    k = 0
    m = len(items)
    for j, b in enumerate(blocks):
        if k == m:
            out.extend(blocks[j:])  # every item placed: the rest as they are
            break
        start = b.lines[0].number if b.lines else 0
        while k < m and firsts[k] < start:
            out.append(items[k])
            k += 1
        out.append(b)
        end = b.lines[-1].number if b.lines else 0
        while k < m and firsts[k] < end:
            out.append(items[k])  # inside this block: after it
            k += 1
    out.extend(items[k:])
    return out


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
        if b.type in RUNNING_TEXT or (ocr_page and b.type not in (T.CREDIT, T.BYLINE)):
            codes.append("S002")
        codes += ["S003", "S004"]
    if not codes:
        return text
    for code in codes:
        new = RULES[code][1](text)
        if new != text:
            if edits is not None:
                edits.append(Edit(code, b.first, text, new))
            text = new
    return squeeze_whitespace(text)


def _blocks_matching(pattern: re.Pattern, blocks: list[Block]) -> set[int]:
    """Indices of the blocks whose text holds a match: one scan over all
    the texts instead of a search per block (few blocks hold one)."""
    texts = [b.text for b in blocks]
    joined = "\n".join(texts)
    if not pattern.search(joined):
        return set()
    ends = list(accumulate(len(t) + 1 for t in texts))  # where each text's newline falls
    return {bisect_right(ends, m.start()) for m in pattern.finditer(joined)}


__all__ = ["clean", "mend_block", "RULES", "Line"]
