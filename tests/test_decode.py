"""decode_bytes: encodings detected, BOMs stripped, line ends unified, binary refused."""

from __future__ import annotations

import codecs
import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrmend.decode import DecodeError, cjk_plausibility, decode_bytes, score_cjk_reading

SIMPLIFIED = "加强卫生健康领域区域合作\n新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。"
TRADITIONAL = "高雄港貨櫃量回升\n高雄港務分公司昨日公布統計，今年上半年貨櫃裝卸量成長。"
LATIN = "Gérard Depardieu à Paris — “naïve” café, Größe, señor Muñoz…"


# ------------------------------------------------------------------ detection
@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        pytest.param(b"", "", "utf-8", id="empty"),
        pytest.param(b"plain ascii", "plain ascii", "utf-8", id="ascii"),
        pytest.param(SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SIMPLIFIED.encode(), SIMPLIFIED, "utf-8-sig", id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF8, "", "utf-8-sig", id="utf-8-bom-only"),
        pytest.param(codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le", id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16-be", id="utf-16-be"),
        pytest.param("utf-16 ascii".encode("utf-16"), "utf-16 ascii", "utf-16-le", id="utf-16-ascii-nul-bytes"),
        pytest.param(SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030", id="gb18030"),
        pytest.param(SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030", id="gbk-is-gb18030"),
        pytest.param("欧元€与𠀀字".encode("gb18030"), "欧元€与𠀀字", "gb18030", id="gb18030-four-byte"),
        pytest.param(TRADITIONAL.encode("big5"), TRADITIONAL, "big5", id="big5"),
        pytest.param("臺北國際書展參觀人次創新高".encode("big5"), "臺北國際書展參觀人次創新高", "big5", id="big5-headline"),
        pytest.param(LATIN.encode("cp1252"), LATIN, "cp1252", id="cp1252"),
        pytest.param("résumé".encode("cp1252"), "résumé", "cp1252", id="cp1252-short"),
        pytest.param("Zürich".encode("cp1252"), "Zürich", "cp1252", id="cp1252-valid-gbk-pair"),
    ],
)
def test_detects_encoding(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize("text", [TRADITIONAL, "臺北國際書展參觀人次創新高", "為期六天的臺北國際書展昨日閉幕"])
def test_big5_wins_when_gb18030_also_decodes(text: str) -> None:
    data = text.encode("big5")
    misread = data.decode("gb18030")  # the trap: these bytes are valid GB18030 too
    assert score_cjk_reading(text) > score_cjk_reading(misread)
    assert decode_bytes(data) == (text, "big5")


@pytest.mark.parametrize("text", [SIMPLIFIED, "中国迅速向非洲伸出援手", "新闻"])
def test_gb18030_wins_when_big5_also_decodes(text: str) -> None:
    data = text.encode("gb18030")
    try:
        misread = data.decode("big5")
    except UnicodeDecodeError:
        pytest.skip("not valid Big5, nothing to choose")
    assert score_cjk_reading(text) > score_cjk_reading(misread)
    assert decode_bytes(data) == (text, "gb18030")


@pytest.mark.parametrize(
    ("text", "plausible"),
    [
        ("新闻，今天。", True),
        ("“一带一路”是民心工程", True),
        ("Gérard".encode("cp1252").decode("gb18030"), False),
        ("中文".encode("utf-8")[:6].decode("gb18030", errors="ignore"), False),
        ("ascii only", True),
    ],
)
def test_cjk_plausibility(text: str, plausible: bool) -> None:
    assert (cjk_plausibility(text) >= 0.5) is plausible


# ------------------------------------------------------------------ newlines
@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("a\r\n\r\nb", "a\n\nb"),
        ("a\r\rb", "a\n\nb"),
        ("a\n\rb", "a\n\nb"),
        ("page one\fpage two\r\n", "page one\fpage two\n"),
        ("page one\r\n\f\r\npage two", "page one\n\f\npage two"),
        ("tab\tstays", "tab\tstays"),
        ("no newline at end", "no newline at end"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_normalises_newlines_keeps_form_feeds(raw: str, text: str, encoding: str) -> None:
    assert decode_bytes(raw.encode(encoding))[0] == text


def test_bom_is_stripped_once_only_at_start() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "a\ufeffb".encode())[0] == "a\ufeffb"
    assert decode_bytes("\ufeffx".encode("utf-8"), "utf-8")[0] == "x"


# ------------------------------------------------------------------ explicit encoding
@pytest.mark.parametrize(
    ("data", "encoding", "text", "name"),
    [
        pytest.param(TRADITIONAL.encode("big5"), "gb18030", TRADITIONAL.encode("big5").decode("gb18030"), "gb18030", id="override-detection"),
        pytest.param(SIMPLIFIED.encode("gbk"), "GBK", SIMPLIFIED, "gbk", id="name-normalised"),
        pytest.param("bom-less".encode("utf-16-le"), "utf-16-le", "bom-less", "utf-16-le", id="utf-16-without-bom"),
        pytest.param("x\r\ny".encode("utf-32"), "utf-32", "x\ny", "utf-32", id="utf-32"),
        pytest.param(b"caf\xe9", "latin-1", "café", "iso8859-1", id="latin-1"),
        pytest.param(codecs.BOM_UTF8 + b"x", "utf-8", "x", "utf-8", id="utf-8-with-bom"),
    ],
)
def test_explicit_encoding_overrides_detection(data: bytes, encoding: str, text: str, name: str) -> None:
    assert decode_bytes(data, encoding) == (text, name)


# ------------------------------------------------------------------ refusals
def _random_bytes(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        pytest.param(b"text\x00more", None, "NUL bytes", id="nul"),
        pytest.param(PNG_HEADER, None, "NUL bytes", id="png"),
        pytest.param(_random_bytes(4096), None, "binary", id="random-bytes"),
        pytest.param(bytes(range(1, 32)) * 4 + b"abc", None, "binary", id="control-characters"),
        pytest.param("ascii".encode("utf-16-le"), None, "--encoding utf-16-le", id="utf-16-le-without-bom"),
        pytest.param("ascii".encode("utf-16-be"), None, "--encoding utf-16-be", id="utf-16-be-without-bom"),
        pytest.param("x".encode("utf-32"), None, "--encoding utf-32", id="utf-32-bom"),
        pytest.param(codecs.BOM_UTF16_LE + b"\x00\xd8", None, "not valid utf-16-le", id="utf-16-lone-surrogate"),
        pytest.param(codecs.BOM_UTF8 + b"ok \xff", None, "not valid UTF-8", id="utf-8-bom-then-bad-byte"),
        pytest.param((SIMPLIFIED * 3).encode() + b"\xff" + SIMPLIFIED.encode(), None, "UTF-8 except", id="damaged-utf-8"),
        pytest.param(("中文" * 30).encode() + b"\xff", None, "UTF-8 except", id="utf-8-cut-short"),
        pytest.param(b"\x81\x8d\x8f\x90\x9d\xff", None, "not text", id="undecodable"),
        pytest.param(b"abc", "no-such-codec", "unknown encoding 'no-such-codec'", id="unknown-codec"),
        pytest.param(b"abc", "rot13", "text encoding", id="not-a-text-codec"),
        pytest.param("中文".encode(), "ascii", "not valid ascii", id="wrong-explicit-encoding"),
        pytest.param(b"a\x00b", "latin-1", "NUL characters", id="explicit-binary"),
    ],
)
def test_refuses_what_is_not_text(data: bytes, encoding: str | None, message: str) -> None:
    with pytest.raises(DecodeError, match=message) as info:
        decode_bytes(data, encoding)
    # one line, "what went wrong; what to try", fit for the CLI
    what, _, hint = str(info.value).partition("; ")
    assert what and hint and "\n" not in str(info.value)


def test_decode_error_is_a_value_error() -> None:
    assert issubclass(DecodeError, ValueError)


def test_a_few_control_characters_are_tolerated() -> None:
    text = "x" * 500 + "\x1b" + "y" * 500
    assert decode_bytes(text.encode()) == (text, "utf-8")


# ------------------------------------------------------------------ properties
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
    max_size=200,
).map(lambda s: s.replace("\r", ""))


@given(TEXT)
def test_utf8_round_trips(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@given(TEXT)
def test_utf16_with_bom_round_trips(text: str) -> None:
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == (text, "utf-16-le")


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_decode_error(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
    except DecodeError:
        return
    assert "\r" not in text and "\x00" not in text


def test_utf8_fast_path_is_fast() -> None:
    data = (SIMPLIFIED + "\r\n" + LATIN + "\n").encode() * 40_000  # about 5 MB
    start = time.perf_counter()
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8" and "\r" not in text
    assert time.perf_counter() - start < 1.0
