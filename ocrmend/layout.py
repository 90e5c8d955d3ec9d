"""Columns read side by side: ``pdftotext -layout`` and OCR engines reading
across the page put two or three columns on one line, padded with spaces to
a fixed offset.  We find the offsets from many lines agreeing on them, cut
every row of that stretch exactly there (so an indent stays with its
column), and read column 1 top to bottom, then column 2.

Offsets are measured both in characters and in display cells (extractors pad
either way); the unit with the stronger agreement wins.  A line that merely
contains spaces (a real space in a headline, a row of figures) does not make
an offset: it takes several rows agreeing on the same one.
"""

from __future__ import annotations

import re
from typing import Final

from .chars import display_width
from .model import Line, note_why
from .tuning import COLUMN_MIN_ROWS, COLUMN_MIN_SHARE, COLUMN_MIN_WIDTH

# Where a column's text starts after padding: two or more spaces, then text.
PAD_RE: Final = re.compile(r" {2,}(?=[^ ])")
# Two CJK characters with one space between them: what an OCR engine's
# spacing leaves and a typesetter never sets.
CJK_SPACE_CJK_RE: Final = re.compile(r"[\u3400-\u9fff\uf900-\ufaff] [\u3400-\u9fff\uf900-\ufaff]")
# A page with such spaces in a third of its rows was spaced by an OCR engine.
OCR_SPACED_ROWS: Final = 1 / 3
# On such a page two spaces fall anywhere by chance; a column gutter is at
# least three wide in most of the rows that reach the column.
OCR_PAGE_GUTTER: Final = 3
# Marks the first line of a later column: whatever blank lines stand before
# it say nothing about a paragraph break (the column break may fall mid-paragraph).
COLUMN_START: Final = "\x1e"


# Each character's display cells, as ``display_width`` counts them, kept
# once seen (a page repeats few thousand characters; the cap bounds what a
# hostile page can make it hold).
_CELLS: Final[dict[str, int]] = {}
CELLS_KEPT: Final = 1 << 16


def _char_cells(ch: str) -> int:
    """``display_width(ch)`` for one character, kept once seen."""
    if ch < "\x80":
        return 1
    c = _CELLS.get(ch)
    if c is None:
        c = display_width(ch)
        if len(_CELLS) < CELLS_KEPT:
            _CELLS[ch] = c
    return c


def _cells(piece: str) -> int:
    """``display_width(piece)``, character by character from what is kept
    (rows are measured piece by piece: a pattern pass each costs more)."""
    if piece.isascii():
        return len(piece)
    w = 0
    for ch in piece:
        w += _char_cells(ch)
    return w


def _cell_index(line: str, cells: int) -> int:
    """The character index where ``cells`` display cells of ``line`` end
    (cells as ``display_width`` counts them)."""
    if line.isascii():
        return min(cells, len(line))
    w = 0
    for k, ch in enumerate(line):
        if w >= cells:
            return k
        w += _char_cells(ch)
    return len(line)


def _starts(line: str, unit: str) -> list[int]:
    """Where text resumes after each pad of two spaces or more: a character
    index, or display cells (measured piece by piece, each character once)."""
    if unit == "chars":
        return [m.end() for m in PAD_RE.finditer(line)]
    out: list[int] = []
    cells = prev = 0
    for m in PAD_RE.finditer(line):
        k = m.end()
        cells += _cells(line[prev:k])
        prev = k
        out.append(cells)
    return out


def _pad_lengths(line: str) -> list[int]:
    """The length of each pad ``_starts`` finds, in the same order."""
    return [m.end() - m.start() for m in PAD_RE.finditer(line)]


def _ocr_spaced(rows: list[str]) -> bool:
    """An OCR engine spaced the page: single spaces stand between CJK
    characters in a good share of its rows (中 文 字), where typeset CJK has none."""
    text = [r for r in rows if r.strip()]
    spaced = sum(1 for r in text if CJK_SPACE_CJK_RE.search(r))
    return bool(text) and spaced >= OCR_SPACED_ROWS * len(text)


def find_offsets(rows: list[str]) -> tuple[str, list[int]] | None:
    """The unit and column offsets a stretch of rows agrees on, if any."""
    # (a row without two spaces in a row is padded nowhere: asked first, it spares a strip per row)
    padded = [r for r in rows if "  " in r and ("  " in r.strip(" ") or (r.startswith("  ") and r.strip()))]
    if len(padded) < COLUMN_MIN_ROWS:
        return None
    # only a pad inside a row, or an indent of COLUMN_MIN_WIDTH spaces or more, can
    # make an offset (a paragraph indent cannot): the rest are not measured
    able = [r for r in padded if "  " in r.strip(" ") or len(r) - len(r.lstrip(" ")) >= COLUMN_MIN_WIDTH]
    if len(able) < COLUMN_MIN_ROWS:
        return None
    best = None
    # (on a page an OCR engine spaced, two spaces fall anywhere: a gutter is wider)
    spaced = _ocr_spaced(rows)
    for unit in ("cells", "chars"):
        counts: dict[int, int] = {}
        wide: dict[int, int] = {}  # rows whose pad there is a gutter on an OCR-spaced page
        for r in able:
            starts = _starts(r, unit)
            for s in set(starts):
                counts[s] = counts.get(s, 0) + 1
            if spaced:
                for s, pad in zip(starts, _pad_lengths(r)):
                    if pad >= OCR_PAGE_GUTTER:
                        wide[s] = wide.get(s, 0) + 1
        # a real column cut is shared by a good part of the page's rows, not
        # only of the rows that happen to hold a double space (OCR noise)
        need = max(COLUMN_MIN_ROWS, COLUMN_MIN_SHARE * len(padded), 0.2 * sum(1 for r in rows if r.strip()))
        offsets = sorted(p for p, c in counts.items() if c >= need and p >= COLUMN_MIN_WIDTH and (not spaced or 2 * wide.get(p, 0) > c))
        # neighbouring positions are one offset seen with a ragged pad: keep the first
        merged: list[int] = []
        for p in offsets:
            if merged and p - merged[-1] < COLUMN_MIN_WIDTH:
                continue
            merged.append(p)
        if merged:
            score = sum(counts[p] for p in merged)
            if best is None or score > best[0]:
                best = (score, unit, merged)
    if best is None:
        return None
    return best[1], best[2]


def _cut(row: str, unit: str, offsets: list[int]) -> list[str]:
    pieces = []
    prev = 0
    for off in offsets:
        k = off if unit == "chars" else _cell_index(row, off)
        pieces.append(row[prev:k])
        prev = k
    pieces.append(row[prev:])
    return [p.rstrip() for p in pieces]


def _fits(row: str, unit: str, offsets: list[int]) -> bool:
    """A row of the stretch: each offset it reaches falls in a column gap.

    A gap is what made the offset (two or more spaces): text running through
    the offset, or a single word space there (``…10月20日 第 03 版``), is a
    line across the columns, not two column pieces."""
    end = len(row.rstrip(" \u3000"))
    for off in offsets:
        k = off if unit == "chars" else _cell_index(row, off)
        if k >= end or not row[:k].strip(" \u3000"):
            continue  # the row stops before the offset, or starts after it
        a, b = k, k
        while a > 0 and row[a - 1] in " \u3000":
            a -= 1
        while b < len(row) and row[b] in " \u3000":
            b += 1
        if b - a < 2:
            return False  # text runs through the offset: not a column cut
    return True


def _text_run(piece: str, unit: str) -> int:
    """The widest stretch of ``piece`` without a double space (its running text)."""
    runs = re.split(r"[ \u3000]{2,}", piece.replace(COLUMN_START, "").strip(" \u3000"))
    return max((len(r) if unit == "chars" else _cells(r) for r in runs), default=0)


def unfold_page(rows: list[str]) -> list[tuple[int, str]] | None:
    """Rows of one page in reading order as ``(row index, text)``: rows
    above the columns first, then column 1 top to bottom, column 2, ...
    ``None`` when the page has no side-by-side columns.

    >>> rows = ["标题", "甲甲甲甲甲甲甲甲    乙乙乙乙乙乙乙乙"] * 1 + ["甲甲甲甲甲甲甲甲    乙乙乙乙乙乙乙乙"] * 4
    >>> [t for _, t in unfold_page(rows)][:3]
    ['标题', '甲甲甲甲甲甲甲甲', '甲甲甲甲甲甲甲甲']
    """
    found = find_offsets(rows)
    if not found:
        return None
    unit, offsets = found
    while offsets:
        unfolded = _unfold(rows, unit, offsets)
        if unfolded is None:
            return None
        out, columns = unfolded
        # a column of running text holds, somewhere, a run of text at least
        # COLUMN_MIN_WIDTH wide; a slot of short items (names, figures) padded apart
        # is a table cell, read row by row: drop the offset that made it
        # (one such run shows it: a column's pieces are not all measured)
        narrow = [k for k, col in enumerate(columns) if k and not any(_text_run(t, unit) >= COLUMN_MIN_WIDTH for _, t in col)]
        if not narrow:
            return out
        del offsets[narrow[0] - 1]
    return None


def _unfold(rows: list[str], unit: str, offsets: list[int]) -> tuple[list[tuple[int, str]], list[list[tuple[int, str]]]] | None:
    """``unfold_page`` for given offsets: the rows in reading order and the columns."""
    # a row reaches a column when text starts at or after its offset (after
    # the column's own indent, or centred in it) with nothing across the cut
    # (a row without two spaces in a row has no pad, so no start: not measured)
    first_off = offsets[0]
    fits: dict[int, bool] = {}  # (each row tested once, here or below)
    hits: list[int] = []
    for i, r in enumerate(rows):
        if "  " in r and any(s >= first_off for s in _starts(r, unit)):
            fits[i] = _fits(r, unit, offsets)
            if fits[i]:
                hits.append(i)
    if len(hits) < COLUMN_MIN_ROWS:
        return None
    first, last = hits[0], hits[-1]
    # column 1 may run on below the last row that reaches column 2
    while last + 1 < len(rows) and "\f" not in rows[last + 1] and _fits(rows[last + 1], unit, offsets):
        last += 1
        fits[last] = True
    out: list[tuple[int, str]] = [(i, rows[i]) for i in range(first)]
    columns: list[list[tuple[int, str]]] = [[] for _ in range(len(offsets) + 1)]
    for i in range(first, last + 1):
        row = rows[i]
        fit = fits.get(i)
        if fit is None:
            fit = _fits(row, unit, offsets)
        if not fit:
            columns[0].append((i, row.rstrip()))  # a line across the columns (rare): keep it in column 1
            for col in columns[1:]:
                col.append((i, ""))
            continue
        for col, piece in zip(columns, _cut(row, unit, offsets)):
            col.append((i, piece))
    for k, col in enumerate(columns):
        # the empty slots at a column's foot (and a later column's head) are padding
        while col and not col[-1][1].strip():
            col.pop()
        if k:
            while col and not col[0][1].strip():
                col.pop(0)
            if col:
                col[0] = (col[0][0], COLUMN_START + col[0][1])
        out.extend(col)
    out.extend((i, rows[i]) for i in range(last + 1, len(rows)))
    return out, columns


def unfold_columns(text: str) -> tuple[str, list[int]] | None:
    """The whole text with every side-by-side stretch read column by column,
    and the source line number of each line; ``None`` when nothing changed."""
    if "  " not in text:
        return None  # (no side-by-side columns without a gap of two spaces)
    rows = text.split("\n")
    out_text: list[str] = []
    numbers: list[int] = []
    changed = False
    start = 0
    # pages: a form feed starts one
    bounds = [k for k, r in enumerate(rows) if "\f" in r and k > 0] + [len(rows)]
    for end in bounds:
        page = rows[start:end]
        unfolded = unfold_page(page) if len(page) >= COLUMN_MIN_ROWS else None
        if unfolded is None:
            out_text.extend(page)
            numbers.extend(range(start + 1, end + 1))
        else:
            changed = True
            for i, t in unfolded:
                out_text.append(t)
                numbers.append(start + i + 1)
        start = end
    if not changed:
        return None
    return "\n".join(out_text), numbers


def note_column_starts(lines: list[Line]) -> None:
    """Record R001 on each line that opens a column read after the one
    before it: its source line number goes back up the page."""
    for prev, ln in zip(lines, lines[1:]):
        if ln.number <= prev.number:
            note_why(ln, "R001", f"the next column of side-by-side rows (source line {ln.number} after {prev.number})")
