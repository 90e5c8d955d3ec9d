"""The optional compiled core, or None.

``ocrmend/_speedups.c`` holds the loops that visit every line of every page
(building lines, the segmentation pass); the pure-Python functions they
replace stay the reference and the fallback, and the tests require both to
give the same result.  Set ``OCRMEND_PURE_PYTHON=1`` to run without it.
"""

from __future__ import annotations

import os
from types import ModuleType

from .chars import BLANKS, CLOSING, SENTENCE_END, SQUEEZABLE
from .model import Line

CLAUSE_MARKS = "，、；：,;"  # a caption is a sentence: these show in it (paragraphs.CLAUSE_MARK_RE)


def load() -> ModuleType | None:
    """The compiled core bound to our line type and classes, or None."""
    if os.environ.get("OCRMEND_PURE_PYTHON"):
        return None
    try:
        from . import _speedups
    except ImportError:
        return None
    _speedups.bind(Line, CLOSING, SENTENCE_END, BLANKS, CLAUSE_MARKS, SQUEEZABLE)
    return _speedups


core = load()
