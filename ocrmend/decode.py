"""Bytes to text: find the encoding of a page, strip its BOM, unify its line ends.

Newspaper text arrives as UTF-8 (with or without a BOM), UTF-16 with a BOM,
GB18030/GBK, Big5, and now and then as Windows-1252 from an old Latin-script
pipeline. Detection is ordered by cost and certainty:

1. a BOM names the encoding outright;
2. NUL bytes without a UTF-16 BOM mean binary data (or BOM-less UTF-16), so stop;
3. strict UTF-8: almost never decodes anything that is not UTF-8, and is the
   fast path for nearly every real file;
4. GB18030 and Big5, which accept many of the same byte pairs: decode both and
   keep the reading that looks more like Chinese (see ``score_cjk_reading``);
5. cp1252, for text-like bytes that read as Chinese in neither.

Line ends become ``\\n`` (CRLF and lone CR alike); form feeds stay, since they
mark page breaks that the pipeline uses.

>>> decode_bytes("新闻\\r\\n".encode("gb18030"))
('新闻\\n', 'gb18030')
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from typing import Final

__all__ = ["DecodeError", "decode_bytes"]


class DecodeError(ValueError):
    """The bytes are not text ocrmend can read.

    The message reads "<what went wrong>; <what to try>", ready for the CLI's
    ``ocrmend: error:`` line.
    """


# Byte order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
UTF32_BOMS: Final = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
UTF16_BOMS: Final = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# Control characters that do not belong in text. Tab, LF, CR and form feed
# are layout; everything else in C0/C1 (and DEL) is a sign of binary data or
# of a wrong decoding.
CONTROL_RE: Final = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Above this share of control characters a "text" is binary data.
MAX_CONTROL_SHARE: Final = 0.01
# Below this share of ordinary CJK characters (and punctuation) a GB18030 or
# Big5 reading is mojibake: Latin-1 accents followed by ASCII letters form
# valid but rare double-byte characters.
MIN_CJK_PLAUSIBILITY: Final = 0.5
# The GB18030/Big5 comparison reads this many characters at most: the
# verdict is settled long before, and the loop is Python.
SCORE_SAMPLE_CHARS: Final = 200_000
# A strict UTF-8 failure with many good multi-byte characters and few bad
# sequences (at most 2, or 1% of the good ones) is a damaged UTF-8 file, not
# another encoding: GB18030 or cp1252 bytes read as UTF-8 are mostly bad.
MAX_BAD_UTF8_SHARE: Final = 0.01
MAX_BAD_UTF8_ALWAYS: Final = 2
MIN_GOOD_UTF8_CHARS: Final = 20

SUPPORTED: Final = "utf-8, utf-16, gb18030, big5 or cp1252"


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode one input file; return ``(text, encoding name)``.

    ``encoding`` overrides detection (any Python codec name). Raises
    ``DecodeError`` for binary data, undecodable bytes and unknown codecs.

    >>> decode_bytes(b"\\xef\\xbb\\xbfline one\\r\\nline two\\rthree\\x0cpage two")
    ('line one\\nline two\\nthree\\x0cpage two', 'utf-8-sig')
    >>> decode_bytes("高雄港貨櫃量回升".encode("big5"))[1]
    'big5'
    """
    if encoding is not None:
        text, name = _decode_declared(data, encoding)
    else:
        text, name = _decode_detected(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    _reject_control_characters(text, name)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, name


def _decode_declared(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise DecodeError(
            f"unknown encoding {encoding!r}; use a Python codec name such as {SUPPORTED}, "
            "or leave --encoding out to detect it"
        ) from None
    name = codec.name
    if not getattr(codec, "_is_text_encoding", True):  # rot13, base64, zlib ...
        raise DecodeError(f"{encoding!r} is not a text encoding; use one such as {SUPPORTED}")
    try:
        return data.decode(name), name
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"the input is not valid {name}: {_describe_bad_bytes(exc)}; "
            "check the --encoding value, or leave it out to detect the encoding"
        ) from None


def _decode_detected(data: bytes) -> tuple[str, str]:
    if data.startswith(UTF32_BOMS):
        raise DecodeError("the input starts with a UTF-32 byte order mark; pass --encoding utf-32 to read it")
    for bom, name in UTF16_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"the input starts with a {name.upper()} byte order mark but is not valid {name}: "
                    f"{_describe_bad_bytes(exc)}; the file may be truncated or damaged"
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DecodeError(f"the input contains NUL bytes (first at byte {nul}), so it looks binary; {_nul_hint(data)}")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"the input starts with a UTF-8 byte order mark but is not valid UTF-8: {_describe_bad_bytes(exc)}; "
                "the file may be damaged: repair it (iconv -f utf-8 -t utf-8 -c) or pass the right --encoding"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _is_damaged_utf8(data):
        raise DecodeError(
            f"the input is UTF-8 except for a few bytes: {_describe_bad_bytes(utf8_error)}; "
            "repair the file (iconv -f utf-8 -t utf-8 -c) or pass the right --encoding"
        )
    return _decode_legacy(data, utf8_error)


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """GB18030 or Big5, whichever reads as Chinese; else cp1252."""
    readings: dict[str, str] = {}
    for name in ("gb18030", "big5"):
        try:
            readings[name] = data.decode(name)
        except UnicodeDecodeError:
            pass
    plausible = {name: text for name, text in readings.items() if cjk_plausibility(text) >= MIN_CJK_PLAUSIBILITY}
    if plausible:
        return _best_cjk_reading(plausible)
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    if readings:  # valid but odd-looking Chinese beats giving up
        return _best_cjk_reading(readings)
    raise DecodeError(
        f"the input is not text in {SUPPORTED} (not UTF-8: {_describe_bad_bytes(utf8_error)}); "
        "if it is text, pass its encoding with --encoding NAME"
    )


def _best_cjk_reading(readings: dict[str, str]) -> tuple[str, str]:
    # GB18030 wins ties: it is the mainland default, and a tie means the
    # bytes read as common characters either way (very short texts).
    gb, big5 = readings.get("gb18030"), readings.get("big5")
    if gb is None:
        return big5, "big5"  # type: ignore[return-value]
    if big5 is not None and score_cjk_reading(big5) > score_cjk_reading(gb):
        return big5, "big5"
    return gb, "gb18030"


@functools.cache
def common_han() -> frozenset[str]:
    """The characters both encodings put first because they are common.

    GB2312 level 1 (byte rows 0xB0-0xD7: 3,755 hanzi covering about 99.7% of
    simplified running text) and Big5 level 1 (0xA440-0xC67E: 5,401 frequent
    traditional characters). Reading Big5 bytes as GB18030 (or the reverse)
    scatters characters over kana, Greek, private use and the rare extension
    rows, so the true reading has far more of these.
    """
    chars: set[str] = set()
    gb_trails = range(0xA1, 0xFF)
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead, trails, codec in (
        (range(0xB0, 0xD8), gb_trails, "gb2312"),
        (range(0xA4, 0xC7), big5_trails, "big5"),
    ):
        for hi in lead:
            for lo in trails:
                try:
                    chars.add(bytes((hi, lo)).decode(codec))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


def score_cjk_reading(text: str) -> int:
    """Common hanzi minus private-use and compatibility characters.

    Higher means more likely the true reading of the bytes.

    >>> data = "臺北國際書展".encode("big5")
    >>> score_cjk_reading(data.decode("big5")) > score_cjk_reading(data.decode("gb18030"))
    True
    """
    common = common_han()
    score = 0
    for ch in text[:SCORE_SAMPLE_CHARS]:
        if ch < "\x80":
            continue
        if ch in common:
            score += 1
        elif "\ue000" <= ch <= "\uf8ff" or "\uf900" <= ch <= "\ufaff":  # private use, CJK compatibility
            score -= 1
    return score


def cjk_plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are common hanzi or punctuation.

    Near 1 for real Chinese; low for Latin-1 or UTF-8 bytes misread as GB18030
    or Big5, which land on rare characters.

    >>> cjk_plausibility("新闻，今天")
    1.0
    >>> cjk_plausibility("Gérard".encode("cp1252").decode("gb18030"))
    0.0
    """
    common = common_han()
    seen = good = 0
    for ch in text[:SCORE_SAMPLE_CHARS]:
        if ch < "\x80":
            continue
        seen += 1
        if ch in common or unicodedata.category(ch)[0] in "PSZ":
            good += 1
    return good / seen if seen else 1.0


def _is_damaged_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 with a few bad bytes (a cut-off or patched file)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # minus real U+FFFD
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    return non_ascii >= MIN_GOOD_UTF8_CHARS and bad <= max(MAX_BAD_UTF8_ALWAYS, MAX_BAD_UTF8_SHARE * non_ascii)


def _reject_control_characters(text: str, encoding: str) -> None:
    if "\x00" in text:
        raise DecodeError(
            f"the input decoded as {encoding} contains NUL characters, so it looks binary; pass a text file"
        )
    controls = len(CONTROL_RE.findall(text))
    if controls and controls > MAX_CONTROL_SHARE * len(text):
        raise DecodeError(
            f"the input looks binary ({controls} control characters in {len(text)} when read as {encoding}); "
            "pass a text file, or its encoding with --encoding NAME"
        )


def _nul_hint(data: bytes) -> str:
    # BOM-less UTF-16: ASCII characters leave NUL in every other byte.
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.3 * len(head[1::2]) and odd > 4 * even:
        return "if it is UTF-16 without a byte order mark, pass --encoding utf-16-le"
    if even > 0.3 * len(head[0::2]) and even > 4 * odd:
        return "if it is UTF-16 without a byte order mark, pass --encoding utf-16-be"
    return "pass a text file"


def _describe_bad_bytes(exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start : min(exc.end, exc.start + 4)]
    return f"byte{'s' if len(bad) > 1 else ''} {bad.hex(' ')} at offset {exc.start}"
