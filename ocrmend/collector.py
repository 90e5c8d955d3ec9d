"""The cyclic garbage collector, paused while a page is read and cleaned.

Readers and stages build thousands of words, lines and blocks and no
reference cycle: the collector's passes over them find nothing and cost
about a twentieth of a run."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for a block (the CLI also
    renders and writes under it); nested, the outer one resumes it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
