"""The stage order. (placeholder until the stages land)"""

from __future__ import annotations

from .model import Block, BlockType, Document, Line
from .options import Options


def clean(data: str | bytes, *, source: str = "<stdin>", options: Options | None = None, **kwargs) -> Document:
    """Clean one page (or a file of pages) and return its typed blocks."""
    opts = options or Options(**kwargs)
    if isinstance(data, bytes):
        from .decode import decode_bytes

        text, encoding = decode_bytes(data, opts.encoding)
    else:
        text, encoding = data, "utf-8"
    lines = [Line(t, i + 1) for i, t in enumerate(text.splitlines()) if t.strip()]
    return Document([Block(BlockType.BODY, [ln], ln.text) for ln in lines], source, encoding)
