"""Readers: one per input format, each filling the same page model.

Nothing after a reader knows which format the page came from.  Plain text
is the reader that knows least (text, indents, blank lines, line numbers);
the layout formats of the next readers add boxes, font sizes, regions.
"""

from __future__ import annotations

from ..model import Page
from .text import read_text

__all__ = ["read_text", "Page"]
