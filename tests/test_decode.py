"""decode_bytes: encodings detected, BOMs stripped, line ends unified, binary refused.

decode: a few bad bytes shown as U+FFFD with their offsets, a doubt where a
short input reads well in two encodings; never mojibake without a warning
(snippets of our seed page, whole, cut short and with a byte overwritten).
"""

from __future__ import annotations

import codecs
import io
import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrmend import stream
from ocrmend.convert import convert_text
from ocrmend.decode import (
    DecodeError,
    RepairingDecoder,
    bad_byte_allowance,
    cjk_plausibility,
    decode,
    decode_bytes,
    score_cjk_reading,
)

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


# Characters some text holds: a UTF-16 BOM is weighed against the same bytes
# read as a GB18030 or Big5 file whose first byte was damaged to 0xFF, and a
# string of unassigned or private-use code points (no page holds one) reads
# as no language at all, so it may lose that contest.
ASSIGNED_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"), blacklist_characters="\ufeff"),
    max_size=200,
).map(lambda s: s.replace("\r", ""))


@given(ASSIGNED_TEXT)
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



# ------------------------------------------------------------------ no silent mojibake
REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "samples" / "seed-page.txt").read_text(encoding="utf-8")
# The same page in traditional characters, for Big5 (a character Big5 lacks as □).
SEED_HANT = "".join(ch if ch.encode("big5", "replace") != b"?" or ch == "?" else "□" for ch in convert_text(SEED, "s2tw"))
# What each encoding is detected as: GBK is read as its superset GB18030.
DETECTED = {"gbk": "gb18030", "gb18030": "gb18030", "big5": "big5", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}


def _snippets(text: str, lengths: range | list[int], count: int, seed: int) -> list[str]:
    """``count`` snippets of each length from ``text``, not all blank, at seeded random places."""
    rng = random.Random(seed)
    found: list[str] = []
    for length in lengths:
        for _ in range(count):
            while True:
                start = rng.randrange(len(text) - length)
                snippet = text[start : start + length].replace("\f", "\n")
                if not snippet.isspace():
                    break
            found.append(snippet)
    return found


def _source(codec: str) -> str:
    return SEED_HANT if codec == "big5" else SEED


def _encode(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:  # a character Big5 lacks
        return None


def _cut_last_byte(text: str, data: bytes, codec: str) -> list[str]:
    """The texts a right reading of ``data[:-1]`` may give."""
    last = len(text[-1].encode(codec))
    return [text[:-1]] if last == 1 else [text[:-1] + "\ufffd" * k for k in range(1, last)]


def _overwrite(text: str, data: bytes, codec: str, at: int) -> tuple[bytes, list[str]]:
    """``data`` with byte ``at`` set to 0xFF, and the texts a right reading may give:
    the character that held the byte shown as one or two U+FFFD."""
    damaged = data[:at] + b"\xff" + data[at + 1 :]
    offset = 0
    for i, ch in enumerate(text):
        offset += len(ch.encode(codec))
        if offset > at:
            return damaged, [text[:i] + "\ufffd" * k + text[i + 1 :] for k in (1, 2)]
    raise AssertionError(at)


def _outcome(data: bytes, accepted: list[str]) -> str:
    """"right" (one of the accepted texts, any U+FFFD reported), "refused", "warned" or "WRONG"."""
    try:
        decoded = decode(data)
    except DecodeError as exc:
        assert "\n" not in str(exc) and "; " in str(exc)
        return "refused"
    if decoded.text in accepted and ("\ufffd" not in decoded.text or decoded.bad):
        return "right"
    return "warned" if decoded.warnings else "WRONG"


def test_seed_page_cut_short_is_read_as_gbk_with_the_cut_shown() -> None:
    text = SEED.rstrip()
    data = text.encode("gbk")[:-1]
    decoded = decode(data)
    assert decoded.encoding == "gb18030" and decoded.text == text[:-1] + "\ufffd"
    assert decoded.bad == ((len(data) - 1, len(data)),)
    assert decoded.warnings == [f"1 byte not valid gb18030 at offset {len(data) - 1} is shown as U+FFFD (the file may be cut short or damaged)"]
    with pytest.raises(DecodeError, match=rf"^the input is GB18030 except for 1 byte: byte [0-9a-f]{{2}} at offset {len(data) - 1}; "):
        decode_bytes(data)  # (what ocrmend.clean(bytes) calls: a one-line refusal, never cp1252)


@pytest.mark.parametrize("codec", ["gbk", "big5"])
def test_a_byte_overwritten_anywhere_is_shown_as_u_fffd(codec: str) -> None:
    text = _source(codec)[:1200]
    data = text.encode(codec)
    for at in range(0, len(data), 7):
        damaged, accepted = _overwrite(text, data, codec, at)
        decoded = decode(damaged)
        assert decoded.encoding == DETECTED[codec], at
        assert decoded.text in accepted, (at, decoded.text[max(0, at // 2 - 10) : at // 2 + 10])
        assert decoded.bad and decoded.bad[0][0] in (at - 1, at) and f"offset {decoded.bad[0][0]}" in decoded.warnings[0]


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "big5", "utf-16-le", "utf-16-be"])
def test_short_snippets_are_right_or_warned(codec: str) -> None:
    """2-15 characters: any encoding may read them, so a wrong reading must
    come with a doubt (or be refused), never silently."""
    silent = []
    for text in _snippets(_source(codec), range(2, 16), 40, seed=1):
        data = _encode(text, codec)
        if data is None or (codec.startswith("utf-16") and data.isascii()):
            continue  # (UTF-16 of characters whose bytes are all ASCII is ASCII text)
        cases = [(data, [text]), (data[:-1], _cut_last_byte(text, data, codec)), _overwrite(text, data, codec, len(data) // 2)]
        for damaged, accepted in cases if not codec.startswith("utf-16") else cases[:1]:
            if _outcome(damaged, accepted) == "WRONG":
                silent.append((text, damaged.hex(" ")))
    assert not silent


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "big5", "utf-16-le", "utf-16-be"])
def test_snippets_from_16_characters_are_never_read_wrong(codec: str) -> None:
    wrong = []
    for text in _snippets(_source(codec), [16, 20, 24, 32, 48, 64, 128, 512], 25, seed=2):
        data = _encode(text, codec)
        if data is None:
            continue
        cases = [(data, [text])]
        if not codec.startswith("utf-16"):
            cases += [(data[:-1], _cut_last_byte(text, data, codec)), _overwrite(text, data, codec, len(data) // 3)]
        for damaged, accepted in cases:
            outcome = _outcome(damaged, accepted)
            # a BOM-less UTF-16 text of mostly ASCII-byte characters may be too little evidence: refused, not wrong
            if outcome != "right" and not (outcome == "refused" and codec.startswith("utf-16")):
                wrong.append((text, outcome))
    assert not wrong


@pytest.mark.parametrize("codec", ["gbk", "big5"])
def test_full_width_forms_are_evidence_for_chinese(codec: str) -> None:
    date_line = "２０２４年３月１５日　ＡＢＣ１２３４ＸＹ"  # (once read as cp1252: "£²£°£²£´Äê...")
    decoded = decode(date_line.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (date_line, DETECTED[codec], [])


def test_utf16_without_bom_is_read_when_it_is_chinese() -> None:
    text = SEED[:400]
    for codec in ("utf-16-le", "utf-16-be"):
        decoded = decode(text.encode(codec))
        assert (decoded.text, decoded.encoding, decoded.warnings) == (text, codec, [])
    # ... but UTF-16 of ASCII text without a BOM is still refused (it could be binary data)
    with pytest.raises(DecodeError, match="--encoding utf-16-le"):
        decode("no bom here".encode("utf-16-le"))


def test_a_damaged_lead_byte_that_makes_a_bom_does_not_hide_the_encoding() -> None:
    text = "督促各地落實防汛責任，確保群眾安全。"  # 督 is b7 fe in Big5: 0xFF over b7 makes ff fe
    data = b"\xff" + text.encode("big5")[1:]
    decoded = decode(data)
    assert decoded.encoding == "big5" and decoded.text == "\ufffd" + text[1:] and decoded.bad == ((0, 2),)


LATIN_TEXTS = [
    "L'été dernier, à Montréal, les élèves ont découvert un café où l'on sert des crêpes.",
    "Die Straße vor dem Rathaus wird für Fußgänger gesperrt; Bürger äußern Ärger über Lärm.",
    "El señor Muñoz llegó tarde a la reunión del comité en Málaga, ¿verdad?",
    "A informação sobre a eleição em São Paulo foi divulgada às três horas.",
    "Även i Malmö är det kallt; Århus får snö på fredag.",
    "“Quoted” text — with a dash… and 25°C, £10, €5 ©2024, 25 m².",
    "«Ça va», dit-il. À Paris, il fait beau.",
]


@pytest.mark.parametrize("text", LATIN_TEXTS)
@pytest.mark.parametrize("codec", ["cp1252", "utf-8"])
def test_latin_text_stays_latin(text: str, codec: str) -> None:
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (text, codec, [])


@pytest.mark.parametrize("word", ["Zürich", "résumé", "Größe", "naïve", "Noël", "déjà vu"])
def test_short_latin_words_stay_latin(word: str) -> None:
    assert decode_bytes(word.encode("cp1252")) == (word, "cp1252")
    assert decode_bytes(word.encode("utf-8")) == (word, "utf-8")


def test_valid_utf8_of_a_few_letters_that_form_no_words_keeps_a_doubt() -> None:
    data = "也全".encode("gbk")  # valid UTF-8 too: "Ҳȫ", a Cyrillic and a Latin letter
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and "also read as gb18030 (“也全”)" in decoded.doubt
    assert decode_bytes(data) == (data.decode("utf-8"), "utf-8")  # (decode_bytes keeps UTF-8: valid is valid)


def test_damaged_utf8_is_shown_or_refused() -> None:
    data = (SIMPLIFIED * 3).encode() + b"\xff" + SIMPLIFIED.encode()
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and decoded.text == SIMPLIFIED * 3 + "\ufffd" + SIMPLIFIED
    assert decoded.bad == ((len((SIMPLIFIED * 3).encode()), len((SIMPLIFIED * 3).encode()) + 1),)
    with pytest.raises(DecodeError, match="UTF-8 except for 1 byte: byte ff at offset"):
        decode_bytes(data)


def test_declared_encoding_shows_a_few_bad_bytes_and_refuses_more() -> None:
    data = bytearray(SEED[:300].encode("gbk"))
    data[100] = 0xFF
    decoded = decode(bytes(data), "gbk")
    assert decoded.encoding == "gbk" and decoded.text.count("\ufffd") in (1, 2) and decoded.bad[0][0] in (99, 100)
    with pytest.raises(DecodeError, match=r"not valid gbk: .* at offset (99|100); check the --encoding value"):
        decode_bytes(bytes(data), "gbk")
    with pytest.raises(DecodeError, match="not valid ascii"):
        decode(SEED[:300].encode(), "ascii")  # every Chinese byte bad: the wrong encoding, not damage


def test_bad_byte_allowance() -> None:
    assert [bad_byte_allowance(n) for n in (0, 3, 250, 1000, 12345)] == [2, 2, 2, 10, 123]
    text = SEED[:2000]
    data = bytearray(text.encode("gbk"))
    for at in range(5, len(data), len(data) // 60):  # about 60 bad bytes in 3,600: more than 1%
        data[at] = 0xFF
    with pytest.raises(DecodeError, match="reads as GB18030 but has more bytes not valid in it than a damaged file would"):
        decode(bytes(data))


@pytest.mark.parametrize("chunk", [1, 7, 64, 4096])
def test_repairing_decoder_reports_the_offsets_decode_reports(chunk: int) -> None:
    data = bytearray(SEED[:3000].encode("gbk"))
    for at in (10, 1001, 2002, 4444):
        data[at] = 0xFF
    whole = decode(bytes(data))
    decoder = RepairingDecoder("gb18030")
    parts = [decoder.decode(bytes(data[i : i + chunk])) for i in range(0, len(data), chunk)]
    text = "".join(parts) + decoder.decode(b"", final=True)
    assert decoder.spans[0] == whole.bad[0] and len(decoder.spans) == len(whole.bad)
    assert text.replace("\r\n", "\n").count("\ufffd") == whole.text.count("\ufffd")


def test_large_file_in_pieces_repairs_or_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "SAMPLE_BYTES", 4096)
    monkeypatch.setattr(stream, "READ_BYTES", 1000)
    text = "\f".join([SEED] * 3)
    data = bytearray(text.encode("gbk"))
    data[100] = data[20000] = 0xFF  # one in the sample the encoding is read from, one further on
    encoding, pieces = stream.read_pieces(io.BytesIO(bytes(data)), piece_chars=5000, repair=True)
    got = list(pieces)
    whole = decode(bytes(data))
    assert encoding == "gb18030" == whole.encoding
    assert "".join(p.text + "\f" * p.dropped for p in got) == whole.text
    assert tuple(span for p in got for span in p.bad) == whole.bad
    _, pieces = stream.read_pieces(io.BytesIO(bytes(data)), piece_chars=5000)
    with pytest.raises(DecodeError, match=r"not valid gb18030: bytes .* at offset (99|100); the file may be damaged"):
        list(pieces)


@given(st.binary(max_size=300))
def test_decode_shows_every_bad_span_and_decode_bytes_refuses_them(data: bytes) -> None:
    try:
        decoded = decode(data)
    except DecodeError:
        with pytest.raises(DecodeError):
            decode_bytes(data)
        return
    assert decoded.text.count("\ufffd") >= len(decoded.bad)
    assert all(0 <= start < end <= len(data) for start, end in decoded.bad)
    if decoded.bad:
        with pytest.raises(DecodeError, match=re.escape(f"at offset {decoded.bad[0][0]}")):
            decode_bytes(data)
    else:
        assert decode_bytes(data) == (decoded.text, decoded.encoding)


def test_gbk_detection_stays_fast() -> None:
    data = ((SEED + "\f") * 160).encode("gbk")  # about 2 MB
    start = time.perf_counter()
    decoded = decode(data)
    assert decoded.encoding == "gb18030" and not decoded.warnings
    assert time.perf_counter() - start < 1.0
