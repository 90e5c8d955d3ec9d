"""Checks shared by the seed, property and shared-eval tests (not a test module).

The data-safety rule (DESIGN.md): every non-whitespace character of the input
appears in the output, NFKC-folded (so a widened ``,`` -> ``，`` still counts as
the same character); and cleaning clean text changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import ocrmend


def nonspace_multiset(text: str) -> Counter[str]:
    """NFKC-folded non-whitespace characters of ``text``, as a multiset."""
    return Counter(unicodedata.normalize("NFKC", ch) for ch in text if not ch.isspace())


def blocks_multiset(doc: ocrmend.Document) -> Counter[str]:
    """The same multiset over every block's text, furniture included."""
    return nonspace_multiset("".join(block.text for block in doc.blocks))


def edited_away(doc: ocrmend.Document) -> tuple[Counter[str], Counter[str]]:
    """What the recorded edits of ``doc`` (cleaned with ``explain=True``)
    took out and put in: the project's lossless rule lets a character go
    only by an edit that says so (a line-end hyphen, H001)."""
    out: Counter[str] = Counter()
    put: Counter[str] = Counter()
    for e in doc.edits:
        before, after = nonspace_multiset(e.before), nonspace_multiset(e.after)
        out += before - after
        put += after - before
    return out, put


def multiset_diff(source: Counter[str], result: Counter[str]) -> str:
    lost, added = source - result, result - source
    return f"lost {dict(lost)!r}, added {dict(added)!r}"


def document_text(doc: ocrmend.Document) -> str:
    """The document as text output: blocks separated by a blank line, no furniture."""
    return doc.to_text()


def first_difference(a: str, b: str) -> str:
    """Where two text outputs first part (for idempotence failures)."""
    la, lb = a.split("\n"), b.split("\n")
    for k, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"text output line {k + 1}: {x[:60]!r} became {y[:60]!r}"
    return f"{len(la)} lines became {len(lb)}"
