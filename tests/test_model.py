"""The page model: one model for every reader, one engine over it.

Plain text is the reader that knows least; a reader that fills more (font
sizes here) makes the same engine decide better, with no second code path.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import ocrmend
from ocrmend.chars import is_cjk_text
from ocrmend.lines import measure_lines
from ocrmend.model import Box, Line, Page
from ocrmend.readers import read_text

SEED = (Path(__file__).resolve().parents[1] / "samples" / "seed-page.txt").read_text(encoding="utf-8")


def test_plain_text_reader_fills_pages_lines_and_positions() -> None:
    pages = read_text("标题\n\n\u3000\u3000第一段第一行\n第二行。\n\f第二页", True)
    assert [p.number for p in pages] == [1, 2]
    first = pages[0].lines
    assert [ln.text for ln in first] == ["标题", "第一段第一行", "第二行。"]
    assert first[1].indent == "\u3000\u3000" and first[1].blank_before == 1
    # plain text: x in display cells (the indent), y the line number
    assert first[1].position == Box(4, 2, 4 + first[1].width, 3)
    assert first[0].position.height == 1
    # what plain text cannot tell stays unknown
    assert (first[0].box, first[0].size, first[0].confidence, first[0].region, first[0].words) == (None, 0.0, -1.0, -1, None)
    assert pages[0].unit == "cells"


def test_lines_are_plain_dataclasses() -> None:
    ln = Line("a", 1)
    assert dataclasses.replace(ln, size=3.0).size == 3.0
    assert Line("a", 1, width=3) == Line("a", 1, width=3)


def test_measures_are_the_same_whoever_makes_the_lines() -> None:
    """A reader that hands over bare lines gets them measured as the text reader measures its own."""
    for text in [SEED, "The Tower Commission's scathing\ncomments on Pre-\nsident Reagan.\n"]:
        cjk = is_cjk_text(text)
        read = [ln for page in read_text(text, cjk) for ln in page.lines]
        bare = [Line(ln.text, ln.number, ln.indent, ln.page, ln.blank_before) for ln in read]
        measure_lines(bare, cjk)
        assert bare == [dataclasses.replace(ln, why=None) for ln in read]


@pytest.mark.parametrize("text", [SEED, "加 强 卫 生\n\n□ 赵 磊\n\n新冠肺炎疫情在非洲暴发后，中国迅速\n向非洲伸出援手。\n"])
def test_clean_pages_over_the_text_reader_is_clean(text: str) -> None:
    via_pages = ocrmend.clean_pages(read_text(text, is_cjk_text(text)))
    direct = ocrmend.clean(text)
    assert [(b.type, b.text, b.first, b.last) for b in via_pages.blocks] == [(b.type, b.text, b.first, b.last) for b in direct.blocks]


def sized_page(sizes: bool) -> list[Page]:
    rows = [
        ("Storm Hits the Northern Coast After a Week of Warnings From Forecasters", 22.0),
        ("The storm came in the night, and by morning the harbour", 10.0),
        ("wall had given way in two places.", 10.0),
        ("Fishermen said they had not seen such waves in forty years,", 10.0),
        ("and the town hall opened its doors to those who lost their homes.", 10.0),
    ]
    lines = [Line(t, k + 1, size=s if sizes else 0.0) for k, (t, s) in enumerate(rows)]
    return [Page(1, lines, unit="pt" if sizes else "cells")]


def test_font_sizes_make_the_same_engine_see_a_headline() -> None:
    """Without sizes the long first line runs into the paragraph; with them it is display type."""
    blind = ocrmend.clean_pages(sized_page(False))
    assert blind.blocks[0].type is not ocrmend.BlockType.HEADLINE
    seeing = ocrmend.clean_pages(sized_page(True), explain=True)
    types = [b.type.value for b in seeing.blocks]
    assert types[0] == "headline" and set(types[1:]) == {"body"}
    assert seeing.blocks[1].why[0][0] == "B008"  # the size changed
    assert seeing.blocks[0].why[-1][0] == "T007" and "22" in dict(seeing.blocks[0].why).get("T006", "22")
