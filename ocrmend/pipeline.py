"""The stage order: decode -> read lines -> furniture -> reading order ->
paragraphs -> heads -> types -> join + mend -> convert.

Each stage is a plain function from the model to the model, in its own
module; this module only runs them in order.
"""

from __future__ import annotations

from typing import Final

from .chars import is_cjk_text
from .classify import body_text_size, classify_blocks
from .collector import collector_paused
from .furniture import (
    credit_editor_box,
    find_furniture,
    place_furniture,
    without_furniture,
)
from .heads import merge_wrapped_heads
from .interruptions import lift_interruptions, place_photo_captions, put_back_lifted
from .join import blocks_of_runs, join_byline_names
from .lines import measure_lines
from .mend import mend_blocks
from .model import Document, Page, Types
from .options import Options
from .paragraphs import (
    blank_lines_part_blocks,
    detect_double_spacing,
    estimate_column_widths,
    hard_breaks,
    is_unwrapped,
    segment_lines,
)
from .readers import read_text
from .readers.sniff import sniff
from .reading_order import glue_runs, lift_displaced, without_lifted
from .roles import is_own_output, weigh_roles

T: Final = Types  # (BlockType's members, read fast)


def clean(data: str | bytes, *, source: str = "<stdin>", options: Options | None = None, **kwargs) -> Document:
    """Clean one page (or a file of pages) and return its typed blocks.

    Bytes are decoded first (``decode.decode``): a few bad bytes are shown
    as U+FFFD and named in ``Document.warnings``; bytes that are not text
    raise ``decode.DecodeError``.

    >>> [b.text for b in clean("□ 赵 磊").blocks]
    ['□ 赵磊']
    """
    opts = options or Options(**kwargs)
    with collector_paused():
        return _clean(data, source, opts)


def _clean(data: str | bytes, source: str, opts: Options) -> Document:
    if isinstance(data, bytes):
        # a layout file (ALTO, PAGE XML, hOCR), known by its content
        kind = opts.input_format or sniff(data)
        if kind is not None and kind != "text":
            from .readers import read_layout

            doc = _clean_pages(read_layout(data, kind), source, opts, kind)
            doc.data, doc.input_format = data, kind
            return doc
        from .decode import bad_byte_edits, decode

        # a few bad bytes are shown as U+FFFD, each an edit, with a warning
        # (too many, and binary data, are refused: DecodeError)
        decoded = decode(data, opts.encoding)
        text, encoding = decoded.text, decoded.encoding
        doc = Document([], source, encoding, explained=opts.explain, warnings=decoded.warnings, options=opts)
        if opts.explain and decoded.bad:
            doc.edits += bad_byte_edits(data, decoded)
    else:
        if "\r" in data:
            data = data.replace("\r\n", "\n").replace("\r", "\n")
        text = data[1:] if data.startswith("\ufeff") else data
        doc = Document([], source, "utf-8", explained=opts.explain, options=opts)
    if not text or text.isspace():  # (no copy of the page, as strip() makes)
        return doc
    cjk_page = is_cjk_text(text[:20000])
    # the page model: the plain-text reader (columns read side by side unfolded)
    return _run(read_text(text, cjk_page), doc, opts, cjk_page, text)


def clean_pages(pages: list[Page], *, source: str = "<pages>", options: Options | None = None, **kwargs) -> Document:
    """Clean pages a reader filled (lines in reading order, with whatever
    geometry the source gave): the engine ``clean`` runs after reading text.

    >>> from ocrmend.model import Line, Page
    >>> [b.type.value for b in clean_pages([Page(1, [Line("Storm hits the coast", 1, size=24.0), Line("The storm came in the night and", 2, size=10.0), Line("left.", 3, size=10.0)], unit="pt")]).blocks]
    ['headline', 'body']
    """
    opts = options or Options(**kwargs)
    with collector_paused():
        return _clean_pages(pages, source, opts, "utf-8")


def _clean_pages(pages: list[Page], source: str, opts: Options, encoding: str) -> Document:
    doc = Document([], source, encoding, explained=opts.explain, unit=pages[0].unit if pages else "", options=opts, image=pages[0].image if pages else "")
    text = "\n".join(ln.text for page in pages for ln in page.lines)
    if not text.strip():
        return doc
    cjk_page = is_cjk_text(text[:20000])
    for page in pages:
        if any(ln.width == 0 for ln in page.lines):
            measure_lines(page.lines, cjk_page)  # (a reader that left the engine's measures to us)
    return _run(pages, doc, opts, cjk_page, text)


def _run(pages: list[Page], doc: Document, opts: Options, cjk_page: bool, text: str) -> Document:
    """The stages, in order, over the pages' lines; ``text`` is the page text (for what a whole-page measure needs)."""
    edits = doc.edits if opts.explain else None
    lines = pages[0].lines if len(pages) == 1 else [ln for page in pages for ln in page.lines]
    # furniture out of the stream
    found = find_furniture(lines)
    furniture = [(lines[i], found[i]) for i in sorted(found)]
    # (a layout file's reading order is not its lines' numbers)
    order = {id(ln): k for k, ln in enumerate(lines)} if furniture and pages[0].unit != "cells" else None
    if furniture:
        lines = without_furniture(lines, found)
    # the source's spacing style, the column measure, what was read out of order
    double = detect_double_spacing(lines)
    forced = hard_breaks(lines, double)
    measure = estimate_column_widths(lines, cjk_page, forced)
    # (unwrapped text, a block a line, has no paragraph a line could interrupt;
    # a file ocrmend wrote has its reading order already: B014)
    unwrapped = is_unwrapped(lines, strict=True)
    # (where blank lines part the blocks, what interrupts a paragraph is framed by them)
    framed = not unwrapped and blank_lines_part_blocks(lines, cjk_page, double)
    own = pages[0].unit != "cells" and is_own_output(lines)  # (only a layout file can be ocrmend's own)
    lifted = [] if unwrapped or own else lift_displaced(lines, measure, cjk_page, lift_interruptions(lines, measure, framed, double))
    # reading-order repair may move lines or close boxes (single-spaced
    # sources only): then the stated breaks are found anew
    breaks = (double, forced) if double and not lifted else None
    if lifted:
        lines, measure = without_lifted(lines, measure, lifted)
    # paragraphs and heads
    # (text whose blank lines already part its blocks keeps them: nothing
    # is split further on weak evidence, nor glued across them)
    kept = blank_lines_part_blocks(lines, cjk_page, double)
    runs, measures = segment_lines(lines, cjk_page, measure, breaks, opts.explain, kept)
    unwrapped = kept or unwrapped
    if kept or not unwrapped:
        runs, measures = glue_runs(runs, measures, cjk_page, kept)
    if lifted:
        runs, measures = put_back_lifted(runs, measures, lifted)
    if not unwrapped:
        runs, measures = merge_wrapped_heads(runs, measures, cjk_page)
    # blocks, types, repairs inside them
    # (font sizes, where the reader knew them, show display type)
    body_size = body_text_size(lines) if pages[0].unit != "cells" else 0.0
    blocks = classify_blocks(blocks_of_runs(runs, cjk_page, edits), measures, cjk_page, body_size, opts.explain)
    if body_size and any(ln.role for ln in lines):
        weigh_roles(blocks, body_size)  # (the roles a layout file gives its regions)
    join_byline_names(blocks)
    if pages[0].unit != "cells":
        blocks = place_photo_captions(blocks)  # (a layout file's caption stands by its photo, not in the text)
    mend_blocks(blocks, cjk_page, opts, edits)
    if furniture:
        blocks = place_furniture(blocks, furniture, cjk_page, edits, order)
    if blocks and blocks[0].type is T.FURNITURE:
        blocks = credit_editor_box(blocks)
    doc.blocks = [b for b in blocks if b.text]
    if opts.convert:
        from .convert import convert_blocks

        convert_blocks(doc, opts.convert, edits)
    return doc


__all__ = ["clean", "clean_pages"]
