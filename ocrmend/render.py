"""Document -> text | markdown | json.

Nothing here changes what a block says: renderers choose which blocks to show
and how to mark their type, and only ever touch whitespace (block edges,
blank lines inside a block) and, in Markdown, add backslash escapes.

Markdown mapping (chosen to read well in plain text and in a renderer):

========== ========================== =====================================
type       Markdown                   why
========== ========================== =====================================
headline   ``# text``                 the article's title
subhead    ``## text``                a section inside the article
deck       ``> text`` (blockquote)    standfirst: set apart, not a heading
byline     plain paragraph            a name reads best unadorned
body       plain paragraph
caption    ``*text*`` (italics)       secondary text about a picture
credit     ``*text*`` (italics)       goes with its caption
note       ``*text*`` (italics)       author bio, editor's note: an aside
furniture  left out                   running heads, dates, page numbers
========== ========================== =====================================

Every line is escaped so that text never turns into markup by accident
(``# 1``, ``> quote``, ``- item``, ``1. item``, ``*``, ``_``, ``[``, ``<`` ...).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Final

from .model import Box, BlockType, union

if TYPE_CHECKING:
    from .model import Block, Document

__all__ = ["document_dict", "escape_markdown", "render_json", "render_markdown", "render_text"]

# An ATX heading is one line, so a heading's lines are joined with a space.
# (A setext "---" underline would keep the breaks, but some renderers read
# it as a table delimiter under a line with a pipe.)
HEADING_PREFIX: Final = {BlockType.HEADLINE: "# ", BlockType.SUBHEAD: "## "}
BLOCKQUOTE_TYPES: Final = frozenset({BlockType.DECK})
ITALIC_TYPES: Final = frozenset({BlockType.CAPTION, BlockType.CREDIT, BlockType.NOTE})

# Characters that are markup anywhere in a line (CommonMark + GFM
# strikethrough and tables: an unescaped "|" can make two lines a table).
INLINE_MARKUP_RE: Final = re.compile(r"([\\`*_\[\]<~|])")
# "&amp;" and "&#12;" would render as the character they name.
ENTITY_RE: Final = re.compile(r"&(?=#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# Line starts that open a block: ATX heading, blockquote, list bullet.
BLOCK_START_RE: Final = re.compile(r"^(?:#|>|[-+](?=[ \t]|$))")
# An ordered-list marker: up to nine digits then "." or ")".
ORDERED_LIST_RE: Final = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")
# A whole line of "-" or "=" is a thematic break or a setext underline;
# one of "-", ":" and "|" with a pipe is a GFM table delimiter row, and so
# is one of "-" and ":" alone (":-") under any line holding a pipe.
RULE_LINE_RE: Final = re.compile(r"^(?:[-=][-= \t]*|[-:|][-:| \t]*\|[-:| \t]*|[-: \t]*-[-: \t]*)$")
# Trailing "#"s after a space close an ATX heading.
HEADING_CLOSER_RE: Final = re.compile(r"(?<=[ \t])#+[ \t]*$|^#+[ \t]*$")


# ------------------------------------------------------------------ text
def render_text(doc: Document) -> str:
    """Blocks' text, one blank line between blocks, furniture left out.

    >>> from ocrmend.model import Block, BlockType, Document
    >>> doc = Document([Block(BlockType.HEADLINE, [], "标题"), Block(BlockType.FURNITURE, [], "第5版"),
    ...                 Block(BlockType.BODY, [], "正文。")])
    >>> render_text(doc)
    '标题\\n\\n正文。\\n'
    """
    parts = []
    furniture = BlockType.FURNITURE
    for block in doc.blocks:
        if block.type is furniture:
            continue
        # (most blocks are one line: strip it, no split)
        text = "\n".join(_block_lines(block)) if "\n" in block.text else block.text.strip()
        if text:
            parts.append(text)
    return "\n\n".join(parts) + "\n" if parts else ""


# ------------------------------------------------------------------ markdown
def render_markdown(doc: Document) -> str:
    """Blocks as Markdown; see the module docstring for the mapping.

    >>> from ocrmend.model import Block, BlockType, Document
    >>> doc = Document([Block(BlockType.HEADLINE, [], "# 1 headline"), Block(BlockType.CAPTION, [], "photo")])
    >>> render_markdown(doc)
    '# \\\\# 1 headline\\n\\n*photo*\\n'
    """
    parts = [_markdown_block(block.type, lines) for block in _shown_blocks(doc) if (lines := _block_lines(block))]
    return "\n\n".join(parts) + "\n" if parts else ""


def _markdown_block(kind: BlockType, lines: list[str]) -> str:
    escaped = [escape_markdown(line) for line in lines]
    if kind in HEADING_PREFIX:
        return HEADING_PREFIX[kind] + HEADING_CLOSER_RE.sub(r"\\\g<0>", " ".join(escaped))
    if kind in BLOCKQUOTE_TYPES:
        return "\n".join("> " + line for line in escaped)
    if kind in ITALIC_TYPES:
        return "\n".join(f"*{line}*" for line in escaped)
    return "\n".join(escaped)


def escape_markdown(line: str) -> str:
    """Backslash-escape whatever would make one line of text into markup.

    Only ASCII punctuation is escaped, so a renderer shows the text as it was.

    >>> escape_markdown("1. 第一")
    '1\\\\. 第一'
    >>> escape_markdown("- 5 °C, a*b, [x](y)")
    '\\\\- 5 °C, a\\\\*b, \\\\[x\\\\](y)'
    >>> escape_markdown("新闻 #1")
    '新闻 #1'
    """
    line = INLINE_MARKUP_RE.sub(r"\\\1", line)
    line = ENTITY_RE.sub(r"\\&", line)
    if BLOCK_START_RE.match(line) or RULE_LINE_RE.match(line):
        return "\\" + line
    return ORDERED_LIST_RE.sub(r"\1\\\2", line)


# ------------------------------------------------------------------ json
def document_dict(doc: Document) -> dict[str, Any]:
    """The document as plain data: every block (furniture too) with its source lines.

    ``edits`` appears only when the pipeline recorded some, and each
    block's ``why`` (the rules that placed and typed it) only when asked
    (``--explain``).
    """
    data: dict[str, Any] = {
        "source": doc.source,
        "encoding": doc.encoding,
        "blocks": [{"type": str(block.type), "text": block.text, "lines": [block.first, block.last]} for block in doc.blocks],
    }
    if doc.warnings:  # (bytes decoding left marks: a bad byte shown as U+FFFD, an encoding guessed)
        data["warnings"] = list(doc.warnings)
    if doc.unit and doc.unit != "cells":
        data["unit"] = doc.unit
        for out, block in zip(data["blocks"], doc.blocks):
            out.update(block_geometry(block))
    if doc.explained:
        for out, block in zip(data["blocks"], doc.blocks):
            out["why"] = [{"rule": rule, "evidence": evidence} for rule, evidence in block.why]
    if doc.edits:
        data["edits"] = [
            {"rule": edit.rule, "line": edit.line, "before": edit.before, "after": edit.after}
            | ({"note": edit.note} if edit.note else {})
            for edit in doc.edits
        ]
    return data


def block_geometry(block: Block) -> dict[str, Any]:
    """Where a block of a layout source stands, so a viewer can link it to
    the image and the file: ``page`` (1-based), ``bbox`` (the union of its
    lines' boxes on that page, in the source's units: pixels, or points for
    a PDF), ``ids`` (the source's line and region ids, in order), and for a
    block that runs on over a page break ``more``: the page and box of each
    further piece.  Empty for plain text (no boxes)."""
    boxed = [ln for ln in block.lines if ln.box is not None]
    if not boxed:
        return {}
    pages: dict[int, list[Box]] = {}
    for ln in boxed:
        pages.setdefault(ln.page, []).append(ln.box)  # type: ignore[arg-type]
    pieces = [{"page": page + 1, "bbox": _box_list(union(boxes))} for page, boxes in pages.items()]
    out: dict[str, Any] = dict(pieces[0])
    out["ids"] = list(dict.fromkeys(i for ln in block.lines for i in ln.ids))
    if len(pieces) > 1:
        out["more"] = pieces[1:]
    return out


def _box_list(box: Box | None) -> list[float]:
    """[x0, y0, x1, y1], whole numbers as ints (pixels), points to 0.01."""
    if box is None:
        return []
    return [int(v) if float(v).is_integer() else round(v, 2) for v in (box.x0, box.y0, box.x1, box.y1)]


def render_json(doc: Document) -> str:
    """``document_dict`` as UTF-8-friendly JSON (no ``\\u`` escapes), one trailing newline."""
    return json.dumps(document_dict(doc), ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------ shared
def _shown_blocks(doc: Document) -> list[Block]:
    return [block for block in doc.blocks if block.type != BlockType.FURNITURE]


def _block_lines(block: Block) -> list[str]:
    """The block's non-blank lines, without edge whitespace.

    A blank line inside a block would split it in two on output, and edge
    whitespace is layout, not content.
    """
    return [stripped for line in block.text.split("\n") if (stripped := line.strip())]
