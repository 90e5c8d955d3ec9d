"""The real page this project started from (samples/seed-page.txt) against its
gold blocks (samples/seed-page.gold.json), through the library API.

Blocks are compared as sequences of texts with whitespace removed: the
concatenations must be equal (nothing lost, nothing invented, nothing moved),
and the cut positions between blocks must be the gold's.  Then at least 95% of
the gold blocks must come out verbatim, and at least 95% with the right type.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import ocrmend
from invariants import blocks_multiset, document_text, multiset_diff, nonspace_multiset

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED_TEXT = SAMPLES / "seed-page.txt"
SEED_GOLD = SAMPLES / "seed-page.gold.json"
VERBATIM_FLOOR = 0.95
TYPE_FLOOR = 0.95
WHITESPACE_RE = re.compile(r"\s+")


def squash(text: str) -> str:
    return WHITESPACE_RE.sub("", text)


def fold(text: str) -> str:
    """Runs of whitespace -> one space, ends stripped (what 'verbatim' compares)."""
    return " ".join(text.split())


def cut_positions(texts: list[str]) -> set[int]:
    """Offsets, in the whitespace-free concatenation, where one block ends and the next begins."""
    cuts, pos = set(), 0
    for text in texts[:-1]:
        pos += len(squash(text))
        cuts.add(pos)
    return cuts


@pytest.fixture(scope="module")
def source() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))["blocks"]


@pytest.fixture(scope="module")
def doc(source: str) -> ocrmend.Document:
    return ocrmend.clean(source, source=str(SEED_TEXT))


def test_same_content_in_the_same_order(doc: ocrmend.Document, gold: list[dict]) -> None:
    got = "".join(squash(b.text) for b in doc.blocks)
    want = "".join(squash(b["text"]) for b in gold)
    assert got == want


def test_every_gold_boundary_and_no_other(doc: ocrmend.Document, gold: list[dict]) -> None:
    got = cut_positions([b.text for b in doc.blocks])
    want = cut_positions([b["text"] for b in gold])
    flat = "".join(squash(b["text"]) for b in gold)
    missing = sorted(want - got)
    extra = sorted(got - want)
    assert not missing and not extra, (
        f"missing cuts before {[flat[p:p + 12] for p in missing]}, extra cuts before {[flat[p:p + 12] for p in extra]}"
    )


def test_gold_blocks_verbatim(doc: ocrmend.Document, gold: list[dict]) -> None:
    pool = Counter(fold(b.text) for b in doc.blocks)
    wrong = []
    for b in gold:
        text = fold(b["text"])
        if pool[text] > 0:
            pool[text] -= 1
        else:
            wrong.append(text)
    share = 1 - len(wrong) / len(gold)
    print(f"seed page: {share:.4f} of {len(gold)} gold blocks verbatim")
    assert share >= VERBATIM_FLOOR, f"{share:.3f} verbatim; not reproduced: {wrong}"


def test_gold_block_types(doc: ocrmend.Document, gold: list[dict]) -> None:
    """Each gold block against the predicted block that overlaps it most (as score.py does)."""
    owner: list[int] = []  # predicted block index of every non-whitespace character
    for k, b in enumerate(doc.blocks):
        owner.extend([k] * len(squash(b.text)))
    wrong, pos = [], 0
    for b in gold:
        n = len(squash(b["text"]))
        overlap = Counter(owner[pos : pos + n])
        pos += n
        best = overlap.most_common(1)[0][0] if overlap else None
        got = doc.blocks[best].type.value if best is not None else None
        if got != b["type"]:
            wrong.append((b["type"], got, b["text"][:20]))
    share = 1 - len(wrong) / len(gold)
    print(f"seed page: {share:.4f} of {len(gold)} gold blocks typed right")
    assert share >= TYPE_FLOOR, f"{share:.3f} typed right; wrong (gold, got, text): {wrong}"


def test_block_line_ranges_point_at_the_source(doc: ocrmend.Document, source: str) -> None:
    """``first``/``last`` are source line numbers holding the block's first and last characters."""
    lines = source.split("\n")
    previous_first = 0
    for b in doc.blocks:
        assert 1 <= b.first <= b.last <= len(lines), (b.first, b.last, b.text[:20])
        assert b.first >= previous_first, f"block at line {b.first} after one at line {previous_first}"
        previous_first = b.first
        text = squash(b.text)
        assert nonspace_multiset(text[0]) <= nonspace_multiset(lines[b.first - 1]), (b.first, b.text[:20])
        assert nonspace_multiset(text[-1]) <= nonspace_multiset(lines[b.last - 1]), (b.last, b.text[-20:])


def test_seed_page_loses_nothing(doc: ocrmend.Document, source: str) -> None:
    want, got = nonspace_multiset(source), blocks_multiset(doc)
    assert got == want, multiset_diff(want, got)


def test_seed_page_text_output_is_idempotent(doc: ocrmend.Document) -> None:
    text = document_text(doc)
    assert document_text(ocrmend.clean(text)) == text
