"""Damaged and hostile layout input, found by fuzzing: each is read (or
refused with a ``ReaderError``), cleaned, and written in every format --
never a traceback, never an internal error.  Every case here once stopped
the page with an exception other than ``ReaderError``/``DecodeError``."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import etree
from test_alto_reader import make_alto
from typer.testing import CliRunner

from ocrmend import clean
from ocrmend.cli import app
from ocrmend.readers.alto import read_alto
from ocrmend.readers.hocr import read_hocr
from ocrmend.readers.xmlsafe import attr_number

HOCR_HEAD = "<?xml version='1.0' encoding='UTF-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"


def hocr_page(lines: list[list[tuple[str, str]]], html: bool = False) -> bytes:
    """An hOCR page of lines of (word, title) pairs (``html``: no XML declaration)."""
    out = [HOCR_HEAD if not html else "<html><body>", "<div class='ocr_page' title='bbox 0 0 1000 1000'><p class='ocr_par'>"]
    for k, words in enumerate(lines):
        out.append(f"<span class='ocr_line' title='bbox 0 {k * 20} 300 {k * 20 + 12}; x_size 12'>")
        out += [f"<span class='ocrx_word' title='{title}'>{text}</span>" for text, title in words]
        out.append("</span>")
    out.append("</p></div></body></html>")
    return "".join(out).encode()


def every_output(data: bytes) -> None:
    """Clean ``data`` with and without explanations and write it in every format
    (the XML ones must parse)."""
    for explain in (False, True):
        doc = clean(data, explain=explain)
        doc.to_json(), doc.to_text(), doc.to_markdown()
        for xml in (doc.to_alto(), doc.to_page()):
            etree.fromstring(xml.encode())


@pytest.mark.parametrize("title", ["bbox . . . .; x_wconf 90", "bbox 0 0 50 10; x_wconf ...", "bbox 0 0 50 10; x_wconf 90; x_fsize .", "bbox 1.2.3 0 50 10"])
def test_an_hocr_title_with_dots_for_numbers_says_nothing(title: str) -> None:
    """A title whose numbers are dots (a damaged file) gave the number
    patterns a "." that ``float`` refused (ValueError)."""
    data = hocr_page([[("Storm", title), ("hits", "bbox 60 0 110 10; x_wconf 90")]] * 3)
    assert [ln.text for ln in read_hocr(data)[0].lines] == ["Storm hits"] * 3
    every_output(data)


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e999"])
def test_a_number_that_is_nan_or_infinite_says_nothing(value: str) -> None:
    """A NaN font size was a dict key the compiled reader could not find
    again (KeyError: a NaN equals nothing, not even itself, once unboxed)."""
    assert attr_number(value) == 0.0
    strings = "".join(f'<String CONTENT="{w}" WC="{value}" HPOS="{k * 60}" VPOS="0" WIDTH="50" HEIGHT="10"/>' for k, w in enumerate(["Storm", "hits"]))
    lines = "".join(f'<TextLine HPOS="0" VPOS="{k * 20}" WIDTH="110" HEIGHT="10" STYLEREFS="s1">{strings}</TextLine>' for k in range(4))
    data = (
        f'<alto><Styles><TextStyle ID="s1" FONTSIZE="{value}"/></Styles><Layout><Page><PrintSpace>'
        f'<TextBlock ID="b1">{lines}</TextBlock></PrintSpace></Page></Layout></alto>'
    ).encode()
    for ln in read_alto(data)[0].lines:
        assert math.isfinite(ln.size) and all(math.isfinite(w.confidence) and math.isfinite(w.size) for w in ln.words or ())
    every_output(data)


def test_a_line_end_inside_a_word_is_a_space() -> None:
    """A newline character reference in a word made a line's text two lines
    of the engine's text: the furniture stage then counted more lines than
    the page had (IndexError)."""
    words = [("Storm&#10;front", "bbox 0 0 50 10"), ("hits", "bbox 60 0 110 10")]
    data = hocr_page([words] * 3 + [[("2020年10月12日", "bbox 0 0 50 10"), ("星期一", "bbox 60 0 110 10")]])
    texts = [ln.text for ln in read_hocr(data)[0].lines]
    assert texts[:3] == ["Storm front hits"] * 3
    assert not any("\n" in w.text for ln in read_hocr(data)[0].lines for w in ln.words or ())
    alto = make_alto([]).replace(b"</Layout>", b"").replace(b"</alto>", b"")
    alto += b'<Page ID="p"><PrintSpace><TextBlock ID="b">'
    alto += b"".join(b'<TextLine><String CONTENT="Storm&#10;&#13;front"/><String CONTENT="hits"/></TextLine>' for _ in range(3))
    alto += "<TextLine><String CONTENT='2020年10月12日'/><String CONTENT='星期一'/></TextLine>".encode()
    alto += b"</TextBlock></PrintSpace></Page></Layout></alto>"
    assert [ln.text for ln in read_alto(alto)[0].lines][:3] == ["Storm front hits"] * 3
    for data in (data, alto):
        every_output(data)


@pytest.mark.parametrize(
    "data",
    [
        ("Storm hits the coast tonight. " * 20 + "A \x01 mark.").encode(),  # (a few control characters pass decoding)
        ("Storm hits the coast tonight. " * 20 + "A \ufffe mark.").encode(),  # (a noncharacter)
        hocr_page([[("St&#1;orm", "bbox 0 0 50 10"), ("hits&#xfffe;", "bbox 60 0 110 10")]] * 3, html=True),  # (HTML takes &#1;)
    ],
    ids=["control", "noncharacter", "html-hocr"],
)
def test_the_xml_writers_write_what_xml_cannot_hold_as_a_replacement_character(data: bytes) -> None:
    """A character XML 1.0 cannot hold (a C0 control, U+FFFE) in the text
    made lxml refuse the new ALTO or PAGE tree (ValueError)."""
    every_output(data)
    alto = clean(data).to_alto()
    assert "\ufffd" in alto and "\x01" not in alto and "\ufffe" not in alto
    assert "\ufffd" in clean(data).to_page()


def test_a_str_with_a_lone_surrogate_is_written_as_xml() -> None:
    """A str the library is given may hold a lone surrogate, which UTF-8
    cannot encode (UnicodeEncodeError in the XML writers)."""
    doc = clean("Storm \ud800 hits the coast.")
    for xml in (doc.to_alto(), doc.to_page()):
        assert "\ufffd" in xml
        etree.fromstring(xml.encode())


def test_the_cli_writes_a_control_character_in_a_file_name_into_xml(tmp_path: Path) -> None:
    """The file's name goes into the new document (sourceImageInformation, imageFilename)."""
    src = tmp_path / "page\x01.txt"
    src.write_text("Storm hits the coast.\n", encoding="utf-8")
    for fmt in ("alto", "page"):
        out = tmp_path / fmt
        result = CliRunner().invoke(app, ["clean", str(src), "-f", fmt, "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        (written,) = out.iterdir()
        etree.fromstring(written.read_bytes())


def test_a_weak_furniture_line_beside_a_running_head_known_by_its_role() -> None:
    """A short line at the page's edge (a weak furniture candidate) next to a
    line that its region's role made furniture, and that its form did not
    grade, was looked up among the graded lines (KeyError)."""

    def region(rid: str, kind: str, texts: list[str], y: int) -> str:
        lines = "".join(
            f'<TextLine id="{rid}l{k}"><Coords points="0,{y + 30 * k} 600,{y + 30 * k} 600,{y + 30 * k + 20} 0,{y + 30 * k + 20}"/>'
            f"<TextEquiv><Unicode>{t}</Unicode></TextEquiv></TextLine>"
            for k, t in enumerate(texts)
        )
        return f'<TextRegion id="{rid}"{kind}><Coords points="0,{y} 600,{y} 600,{y + 30 * len(texts)} 0,{y + 30 * len(texts)}"/>{lines}</TextRegion>'

    body = ["The storm came in the night and tore the roofs off the houses along the", "coast, where the fishermen had drawn their boats up on the beach.", "Nobody was hurt."]
    data = (
        '<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="p.png" imageWidth="700" imageHeight="900">'
        + region("r0", "", ["6"], 10)
        + region("r1", ' type="header"', ["No 19."], 50)
        + region("r2", ' type="paragraph"', body, 120)
        + "</Page></PcGts>"
    ).encode()
    doc = clean(data)
    assert [b.type.value for b in doc.blocks][:2] == ["furniture", "furniture"]
    every_output(data)
