"""Readers: one per input format, each filling the same page model.

Nothing after a reader knows which format the page came from.  Plain text
is the reader that knows least (text, indents, blank lines, line numbers);
the layout formats of the next readers add boxes, font sizes, regions.
"""

from __future__ import annotations

from ..collector import collector_paused
from ..model import Page
from .errors import ReaderError
from .text import read_text


def read_layout(data: bytes, kind: str) -> list[Page]:
    """The pages of a layout file: ``kind`` is ``alto``, ``page``, ``hocr``
    or ``pdf`` (its text layer).  Raises ``ReaderError`` with one line.
    (The collector is paused: a reader makes a few objects a word.)"""
    with collector_paused():
        return _read_layout(data, kind)


def _read_layout(data: bytes, kind: str) -> list[Page]:
    if kind == "alto":
        from .alto import read_alto

        return read_alto(data)
    if kind == "page":
        from .pagexml import read_pagexml

        return read_pagexml(data)
    if kind == "hocr":
        from .hocr import read_hocr

        return read_hocr(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data)
    raise ReaderError(f"unknown input format {kind!r}")


__all__ = ["Page", "ReaderError", "read_layout", "read_text"]
