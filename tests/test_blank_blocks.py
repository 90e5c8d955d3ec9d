"""Never make good text worse: a text whose blank lines already part its
blocks keeps them (paragraphs.blank_lines_part_blocks).

The gazette below is written for this test in the manner of a Fraktur
official gazette's ground-truth export: one line per printed line, a blank
line between the transcriber's regions, several printed paragraphs in a
region, the Fraktur hyphen ``⸗`` at line ends, a region carried over a
column break that opens in lowercase.
"""

from __future__ import annotations

import unicodedata

import pytest

import ocrmend
from ocrmend.chars import is_cjk_text
from ocrmend.model import Box
from ocrmend.paragraphs import blank_lines_part_blocks, detect_double_spacing
from ocrmend.readers import read_text
from pagegen import make_page

GAZETTE = """\
Berlin, vom 3. Oktober. Die Kommiſſion für die Regu⸗
lirung der Waſſerſtraßen hat ihre Arbeiten beendigt und
den Bericht dem Miniſterium vorgelegt.
Der Bericht wird in den nächſten Tagen veröffentlicht
werden.
Am 2. Oktober traf der Prinz in Potsdam ein und
beſichtigte die neuen Anlagen am Ufer der Havel, welche
im Laufe des Sommers vollendet worden ſind.

Inland.

Köln, vom 1. Oktober. Die Ausfuhr⸗
und Durchfuhr⸗Verbote für Getreide ſind aufgehoben
worden. Die Handelskammer hat dieſe Nachricht mit
Befriedigung aufgenommen und den Kaufleuten der
Stadt mitgetheilt, daß die Verſchiffung auf dem
Rheine wieder beginnen kann.
Die Preiſe ſind ſeitdem um ein Geringes geſunken.

Breslau, vom 30. September. Die Ernte iſt in der
ganzen Provinz beendigt; der Ertrag an Weizen und
Roggen übertrifft die Erwartungen, und die Landwirthe
hoffen auf gute Preiſe, ſobald die Verbindungen nach
dem Weſten wieder offen ſind und der Verkehr auf den

neuen Straßen beginnt, welche die Regierung im Früh⸗
jahr hat anlegen laſſen.

Heun, Redakteur.
"""

REGIONS = [
    "Berlin, vom 3. Oktober. Die Kommiſſion für die Regulirung der Waſſerſtraßen hat ihre Arbeiten beendigt und "
    "den Bericht dem Miniſterium vorgelegt. Der Bericht wird in den nächſten Tagen veröffentlicht werden. Am 2. "
    "Oktober traf der Prinz in Potsdam ein und beſichtigte die neuen Anlagen am Ufer der Havel, welche im Laufe "
    "des Sommers vollendet worden ſind.",
    "Inland.",
    "Köln, vom 1. Oktober. Die Ausfuhr⸗ und Durchfuhr⸗Verbote für Getreide ſind aufgehoben worden. Die "
    "Handelskammer hat dieſe Nachricht mit Befriedigung aufgenommen und den Kaufleuten der Stadt mitgetheilt, daß "
    "die Verſchiffung auf dem Rheine wieder beginnen kann. Die Preiſe ſind ſeitdem um ein Geringes geſunken.",
    "Breslau, vom 30. September. Die Ernte iſt in der ganzen Provinz beendigt; der Ertrag an Weizen und Roggen "
    "übertrifft die Erwartungen, und die Landwirthe hoffen auf gute Preiſe, ſobald die Verbindungen nach dem Weſten "
    "wieder offen ſind und der Verkehr auf den neuen Straßen beginnt, welche die Regierung im Frühjahr hat anlegen laſſen.",
    "Heun, Redakteur.",
]


def test_a_gazettes_blank_lines_are_kept_and_nothing_else_splits() -> None:
    lines = [ln for page in read_text(GAZETTE, False) for ln in page.lines]
    assert blank_lines_part_blocks(lines, False, detect_double_spacing(lines))
    doc = ocrmend.clean(GAZETTE, explain=True)
    assert [b.text for b in doc.blocks] == REGIONS
    # the region carried over a column break (it opens in lowercase) is one block
    carried = doc.blocks[3]
    assert any(rule == "B012" for rule, _ in carried.why)


def test_stray_blank_lines_inside_sentences_part_nothing() -> None:
    """OCR drops blank lines into sentences: blocks opening in lowercase show it."""
    text = "\n\n".join(
        ["The committee said on Monday that", "the new rules would apply from", "next year, and that the banks", "would have",
         "time to prepare. Officials said", "the decision was final."]
    )
    lines = [ln for page in read_text(text, False) for ln in page.lines]
    assert not blank_lines_part_blocks(lines, False, False)


def test_a_layout_files_blank_lines_part_paragraphs_only_if_they_part_its_columns_too() -> None:
    """A layout file's blank lines are the gaps and regions the reader saw.
    They are its blocks only where it indents its paragraphs, and where at
    least as many of them part the text as its column tops do (a column
    going on under a full line, blank_before -1); else the engine looks
    for the paragraphs inside.  In text they are kept."""
    lines = [ln for page in read_text(GAZETTE, False) for ln in page.lines]
    assert blank_lines_part_blocks(lines, False, False)
    for k, ln in enumerate(lines):
        ln.box = Box(0, 40 * k, 600, 40 * k + 30)
    assert not blank_lines_part_blocks(lines, False, False)  # (nothing indented: widths and sentence ends decide)
    for k, ln in enumerate(lines):
        if k == 0 or ln.blank_before:
            ln.indent = "  "
    assert blank_lines_part_blocks(lines, False, False)  # (each block indented, no column tops: kept)
    blanks = sum(1 for ln in lines if ln.blank_before >= 1)
    inner = [ln for k, ln in enumerate(lines) if k and ln.blank_before == 0]
    for ln in inner[:blanks]:
        ln.blank_before = -1
    assert blank_lines_part_blocks(lines, False, False)  # (as many column tops as blank lines: kept)
    inner[blanks].blank_before = -1
    assert not blank_lines_part_blocks(lines, False, False)


def nonspace(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def boundaries(blocks: list[str]) -> set[int]:
    out, at = set(), 0
    for b in blocks:
        out.add(at)
        at += len(nonspace(b))
    return out


def boundary_f1(gold: list[str], pred: list[str]) -> float:
    g, p = boundaries(gold), boundaries(pred)
    tp = len(g & p)
    return 2 * tp / (len(g) + len(p)) if g or p else 1.0


def english_pages_with_blank_paragraphs() -> list[tuple[str, list[dict]]]:
    pages = []
    for seed in range(80):
        text, gold = make_page("english", seed)
        assert isinstance(text, str)
        body_lines = [ln for ln in text.splitlines() if ln.strip()]
        if "\n\n" in text and text.count("\n\n") < 0.6 * len(body_lines):  # blank lines between paragraphs
            pages.append((text, gold))
    return pages


@pytest.mark.parametrize("page", range(12))
def test_pages_with_blank_line_paragraphs_score_at_least_as_left_alone(page: int) -> None:
    pages = english_pages_with_blank_paragraphs()
    assert len(pages) >= 12
    text, gold = pages[page]
    gold_texts = [b["text"] for b in gold if b["type"] != "furniture"]
    as_is = [p for p in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n\n") if p.strip()]
    cleaned = [b.text for b in ocrmend.clean(text).blocks if b.type is not ocrmend.BlockType.FURNITURE]
    assert boundary_f1(gold_texts, cleaned) >= boundary_f1(gold_texts, as_is)


def test_cjk_pages_are_left_to_the_width_reasoning() -> None:
    text = "加强卫生健康领域区域合作\n\n新冠肺炎疫情在非洲暴发后，中国迅速\n向非洲伸出援手。\n\n中国将继续支持\n非洲国家。\n"
    lines = [ln for page in read_text(text, True) for ln in page.lines]
    assert is_cjk_text(text) and not blank_lines_part_blocks(lines, True, False)


# Wire copy set ragged right at 36 characters (lines broken by hand): the
# second paragraph's lines after its first are narrow and similar, and its
# last ends in a full stop -- the shape of a caption dropped inside a
# paragraph, but for the blank lines that frame the paragraph, not them.
WIRE_LINES = [
    ["The city council voted on Tuesday to", "keep the old harbour bridge open for", "another ten years, after engineers", "said that its steel was still sound."],
    ["At the same time, the rival dockyard", "said its orders in the period", "rose 29.3 pct and the port's", "were up 11.3 pct from last year."],
    ["The council's slide in the polls was", "even more marked for the full month", "as it took only 37 pct of the votes", "cast, against 43.5 pct a year ago."],
    ["Analysts said the 198,818 crossings", "counted in seven busy days of late", "February were a seasonally adjusted", "rate of 7.0 mln a year, a record."],
]


def test_a_ragged_line_inside_a_blank_line_paragraph_is_not_lifted() -> None:
    """A short line inside a paragraph of text whose blank lines part its
    blocks is the paragraph's own (an interruption would stand between
    blank lines): every paragraph comes back whole and in order (R002
    lifts nothing)."""
    text = "\n\n".join("\n".join(p) for p in WIRE_LINES) + "\n"
    doc = ocrmend.clean(text, explain=True)
    assert [b.text for b in doc.blocks] == [" ".join(p) for p in WIRE_LINES]
    assert not any(code == "R002" for b in doc.blocks for code, _ in b.why)


def test_an_all_caps_headline_wrapped_on_two_lines_is_one_block() -> None:
    """Wire copy's all-caps headline set on two lines (the second no wider
    than the first) is one headline, not a deck and a subhead."""
    page = "NATIONAL HARBOUR <NHB> SIGNS PACT\nWITH CITY PORT\n\n" + "\n\n".join("\n".join(p) for p in WIRE_LINES) + "\n"
    blocks = ocrmend.clean(page).blocks
    assert (blocks[0].type.value, blocks[0].text) == ("headline", "NATIONAL HARBOUR <NHB> SIGNS PACT WITH CITY PORT")
    assert [b.text for b in blocks[1:]] == [" ".join(p) for p in WIRE_LINES]
