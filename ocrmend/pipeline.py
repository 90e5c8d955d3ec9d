"""The stage order: decode -> read lines -> furniture -> reading order ->
paragraphs -> heads -> types -> join + mend -> convert.

Each stage is a plain function from the model to the model, in its own
module; this module only runs them in order.
"""

from __future__ import annotations

import gc

from .chars import is_cjk_text
from .classify import classify_blocks
from .furniture import credit_editor_box, find_furniture, place_furniture, without_furniture
from .heads import merge_wrapped_heads
from .interruptions import lift_interruptions, put_back_lifted
from .join import blocks_of_runs, join_byline_names
from .layout import note_column_starts, unfold_columns
from .lines import read_lines
from .mend import mend_blocks
from .model import Document, Types
from .options import Options
from .paragraphs import detect_double_spacing, estimate_column_widths, hard_breaks, segment_lines
from .reading_order import glue_runs, lift_displaced, without_lifted

T = Types  # (BlockType's members, read fast)


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
    doc = Document([], source, encoding, explained=opts.explain)
    if not text or text.isspace():  # (no copy of the page, as strip() makes)
        return doc
    edits = doc.edits if opts.explain else None
    cjk_page = is_cjk_text(text[:20000])
    # lines, columns read side by side unfolded
    unfolded = unfold_columns(text)
    lines = read_lines(unfolded[0], cjk_page, unfolded[1]) if unfolded else read_lines(text, cjk_page)
    if unfolded:
        note_column_starts(lines)
    # furniture out of the stream
    found = find_furniture(lines)
    furniture = [(lines[i], found[i]) for i in sorted(found)]
    if furniture:
        lines = without_furniture(lines, found)
    # the source's spacing style, the column measure, what was read out of order
    double = detect_double_spacing(lines)
    forced = hard_breaks(lines, double)
    measure = estimate_column_widths(lines, cjk_page, forced)
    lifted = lift_displaced(lines, measure, cjk_page, lift_interruptions(lines, measure))
    # reading-order repair may move lines or close boxes (single-spaced
    # sources only): then the stated breaks are found anew
    breaks = (double, forced) if double and not lifted else None
    if lifted:
        lines, measure = without_lifted(lines, measure, lifted)
    # paragraphs and heads
    runs, measures = glue_runs(*segment_lines(lines, cjk_page, measure, breaks), cjk_page)
    if lifted:
        runs, measures = put_back_lifted(runs, measures, lifted)
    runs, measures = merge_wrapped_heads(runs, measures, cjk_page)
    # blocks, types, repairs inside them
    blocks = classify_blocks(blocks_of_runs(runs, cjk_page, edits), measures, cjk_page)
    join_byline_names(blocks)
    mend_blocks(blocks, text, cjk_page, opts, edits)
    if furniture:
        blocks = place_furniture(blocks, furniture)
    if blocks and blocks[0].type is T.FURNITURE:
        blocks = credit_editor_box(blocks)
    doc.blocks = [b for b in blocks if b.text]
    if opts.convert:
        from .convert import convert_blocks

        convert_blocks(doc, opts.convert, edits)
    return doc


__all__ = ["clean"]
