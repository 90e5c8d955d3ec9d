"""The PDF text-layer reader on PDFs written by the tests (tests/pdfgen.py):
lines, sizes and styles from characters, CJK characters one per text
object joined tight, several pages, rotation, blocks; and the files it
refuses with one line (no text layer, a password, cut short, damaged),
through the library and the command line."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")

from pdfgen import Run, pdf

import ocrmend
from ocrmend.readers import read_layout
from ocrmend.readers.pdf import read_pdf
from ocrmend.readers.sniff import sniff
from ocrmend.readers.xmlsafe import ReaderError

SHARED_PDF = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "cases-layout" / "rmrb-pdf"

STORM = [
    Run("Storm hits the coast", 40, 40, 24, bold=True),
    Run("The storm came in the night and tore", 60, 90),
    Run("roofs off a dozen houses along the", 40, 103),
    Run("shore road before dawn.", 40, 116),
    Run("Fishermen said they had never seen", 60, 129),
    Run("the sea so high in thirty years of", 40, 142),
    Run("work on the bay.", 40, 155),
]


def cjk_chars(text: str, x: float, y: float, size: float = 12.0, step: float = 13.0, invisible: bool = False) -> list[Run]:
    """One text object per character, as an OCR layer writes CJK."""
    return [Run(c, x + k * step, y, size, cjk=True, invisible=invisible) for k, c in enumerate(text)]


def nonspace(text: str) -> Counter:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def test_latin_page_lines_sizes_styles_and_blocks() -> None:
    pages = read_pdf(pdf([STORM]))
    assert len(pages) == 1 and pages[0].unit == "pt"
    lines = pages[0].lines
    assert [ln.text for ln in lines] == [r.text for r in STORM]
    head, first = lines[0], lines[1]
    assert head.size == 24 and head.style == "bold" and first.size == 10 and first.style == ""
    assert head.box is not None and first.box is not None
    assert head.box.y1 < first.box.y0  # y grows down the page
    assert abs(head.box.x0 - 40) < 1 and 40 < head.box.y1 < 70
    assert first.indent and not lines[2].indent  # the first-line indent
    assert head.region != first.region and first.region == lines[-1].region
    doc = ocrmend.clean(pdf([STORM]), source="storm.pdf")
    assert [(b.type.value, b.text) for b in doc.blocks] == [
        ("headline", "Storm hits the coast"),
        ("body", "The storm came in the night and tore roofs off a dozen houses along the shore road before dawn."),
        ("body", "Fishermen said they had never seen the sea so high in thirty years of work on the bay."),
    ]
    assert doc.encoding == "pdf"


def test_cjk_characters_one_per_text_object_are_joined_without_spaces() -> None:
    runs = cjk_chars("全国秋粮收获近七成", 40, 40, 20, 21) + cjk_chars("农业农村部最新农情调度显示，全国秋粮", 40, 90)
    runs += cjk_chars("收获近七成。分作物看，中稻过七成。", 40, 104)
    for layer in (pdf([runs]), pdf([[Run(r.text, r.x, r.y, r.size, cjk=True, invisible=True) for r in runs]], cjk_font="GlyphLessFont")):
        lines = read_pdf(layer)[0].lines
        assert [ln.text for ln in lines] == ["全国秋粮收获近七成", "农业农村部最新农情调度显示，全国秋粮", "收获近七成。分作物看，中稻过七成。"]
        doc = ocrmend.clean(layer)
        assert [b.type.value for b in doc.blocks] == ["headline", "body"]
        assert " " not in doc.blocks[1].text


def test_a_real_space_between_cjk_words_stays() -> None:
    """A gap of more than a character between CJK words is a space (a
    byline's name set apart), in a born-digital page and in an OCR layer."""
    runs = cjk_chars("本报记者", 40, 40) + cjk_chars("王崟欣", 40 + 4 * 13 + 14, 40)
    assert read_pdf(pdf([runs]))[0].lines[0].text == "本报记者 王崟欣"
    spaced = [Run("本报记者 王崟欣", 40, 60, 12, cjk=True)]  # a printed space
    assert read_pdf(pdf([spaced]))[0].lines[0].text == "本报记者 王崟欣"


def test_pages_are_read_one_by_one_and_numbered() -> None:
    pages = read_pdf(pdf([STORM[:4], [Run("Page two starts here.", 40, 40)], STORM[4:]]))
    assert [p.number for p in pages] == [1, 2, 3]
    assert [ln.page for p in pages for ln in p.lines] == [0, 0, 0, 0, 1, 2, 2, 2]
    numbers = [ln.number for p in pages for ln in p.lines]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_a_paragraph_runs_on_over_a_page_break() -> None:
    doc = ocrmend.clean(pdf([STORM[:3], [Run("shore road before dawn.", 40, 40), Run("Fishermen said they had never seen", 60, 53), Run("the sea so high.", 40, 66)]]))
    assert next(b.text for b in doc.blocks if b.type.value == "body").endswith("along the shore road before dawn.")


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_rotated_page_is_read_as_shown(rotate: int) -> None:
    page = read_pdf(pdf([STORM[:1]], rotate=rotate))[0]
    assert page.box is not None
    for ln in page.lines:
        assert ln.box is not None
        assert 0 <= ln.box.x0 <= ln.box.x1 <= page.box.x1 and 0 <= ln.box.y0 <= ln.box.y1 <= page.box.y1
    assert nonspace("".join(ln.text for ln in page.lines)) == nonspace(STORM[0].text)


def test_ligatures_become_letters_and_nothing_else_is_lost() -> None:
    runs = [Run("The", 40, 40), Run("\ufb01rst", 64, 40, cjk=True), Run("\ufb02ood", 110, 40, cjk=True), Run("«Quote» — 1998 ¶", 40, 60)]
    text = "\n".join(ln.text for ln in read_pdf(pdf([runs]))[0].lines)
    assert text == "The first flood\n«Quote» — 1998 ¶"


def test_sniffed_and_forced() -> None:
    data = pdf([STORM])
    assert sniff(data) == "pdf"
    assert read_layout(data, "pdf")[0].lines[0].text == "Storm hits the coast"
    assert ocrmend.clean(data, input_format="pdf").blocks[0].text == "Storm hits the coast"


# ------------------------------------------------------------------ refused files
GOOD = pdf([STORM])
REFUSED = [
    pytest.param(pdf([[]]), "no text layer", id="no-text-layer"),
    pytest.param(pdf([[], []]), "OCR it first", id="two-scans-no-text"),
    pytest.param(pdf([STORM], encrypt=True), "encrypted PDF", id="encrypted"),
    pytest.param(GOOD[: len(GOOD) // 2], "damaged PDF", id="truncated"),
    pytest.param(GOOD[:-7], "damaged PDF", id="cut-at-the-end"),
    pytest.param(GOOD.replace(b"/Root", b"/Rxxx"), "damaged PDF", id="no-root"),
    pytest.param(b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n", "damaged PDF", id="garbage"),
    pytest.param(b"Storm hits the coast\n", "not a PDF", id="text-forced-as-pdf"),
]


@pytest.mark.parametrize(("data", "message"), REFUSED)
def test_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ReaderError) as caught:
        read_pdf(data)
    text = str(caught.value)
    assert message in text and "\n" not in text


@pytest.mark.parametrize(("data", "message"), REFUSED[:4])
def test_the_cli_refuses_in_one_line_and_writes_nothing(tmp_path: Path, data: bytes, message: str) -> None:
    from typer.testing import CliRunner

    from ocrmend.cli import app

    bad = tmp_path / "scan.pdf"
    bad.write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(bad), "-o", str(out), "-f", "json"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "error" in line]
    assert len(errors) == 1 and "scan.pdf" in errors[0] and message in errors[0], result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    alone = CliRunner().invoke(app, ["clean", str(bad)])  # a filter: nothing on stdout
    assert alone.exit_code == 1 and "Traceback" not in alone.output


def test_the_cli_takes_pdfs_from_a_folder_with_other_formats(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ocrmend.cli import app

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "storm.pdf").write_bytes(pdf([STORM]))
    (inputs / "news.txt").write_text("Storm hits the coast\n\nThe storm came in the night.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(inputs), "--glob", "*.pdf", "--glob", "*.txt", "-o", str(out), "-f", "json", "-j", "1"])
    assert result.exit_code == 0, result.output
    done = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert sorted(done) == ["news.json", "storm.json"]
    assert done["storm.json"]["encoding"] == "pdf" and done["storm.json"]["blocks"][0]["type"] == "headline"


# ------------------------------------------------------------ the shared PDF cases
@pytest.mark.skipif(not SHARED_PDF.is_dir(), reason=f"{SHARED_PDF} is absent")
def test_shared_pdf_cases_lose_no_character() -> None:
    """Every non-space character of each case's text layer is in the JSON output."""
    for case in sorted(SHARED_PDF.iterdir()):
        data = (case / "input.pdf").read_bytes()
        source = nonspace("".join(ln.text for page in read_pdf(data) for ln in page.lines))
        doc = ocrmend.clean(data)
        assert not source - nonspace("".join(b.text for b in doc.blocks)), case.name


@pytest.mark.parametrize("fmt", ["alto", "page"])
def test_a_paragraph_over_a_page_break_comes_back_whole_from_xml_output(fmt: str) -> None:
    """Written as ALTO or PAGE, a paragraph that runs on over a page break
    is two regions marked as one paragraph; read back, it is one block."""
    doc = ocrmend.clean(pdf([STORM[:3], [Run("shore road before dawn.", 40, 40), Run("Fishermen said they had never seen", 60, 53), Run("the sea so high.", 40, 66)]]))
    written = doc.to_alto() if fmt == "alto" else doc.to_page()
    again = ocrmend.clean(written.encode())
    assert [(b.type.value, b.text) for b in again.blocks] == [(b.type.value, b.text) for b in doc.blocks]
