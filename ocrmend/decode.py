"""Bytes to text: find the encoding of a page, strip its BOM, unify its line ends.

Newspaper text arrives as UTF-8 (with or without a BOM), UTF-16 (with a BOM,
or without one when it is Chinese), GB18030/GBK, Big5, and now and then as
Windows-1252 from an old Latin-script pipeline; some files are cut short or
have a damaged byte. Detection is ordered by cost and certainty:

1. a BOM names the encoding outright;
2. strict UTF-8 almost never decodes anything that is not UTF-8, and is the
   fast path for nearly every real file (only a valid reading of a few
   non-ASCII characters that do not form words is checked against the others,
   see ``UTF8_SURE_CHARS``);
3. otherwise each reading (UTF-8, GB18030, Big5, UTF-16 without a BOM,
   cp1252) is *judged*: every non-ASCII byte counts for it (read as a
   character its texts are made of), against it (read as a character such
   texts hardly hold) or is bad (not valid in that encoding). The reading
   with the best balance wins if the balance is positive and its bad bytes
   are few (``bad_byte_allowance``); NUL bytes leave only the UTF-16 readings.

A few bad bytes do not turn a Chinese file into Latin-1 garbage: the file is
read as what the rest of it is, each bad byte shown as U+FFFD, and ``decode``
reports their offsets (``Decoded.bad``) for the caller to warn about.
``decode_bytes`` refuses such a file instead, with the first offset. A short
input whose bytes read nearly as well in another encoding is decoded with a
doubt (``Decoded.doubt``), never silently.

Line ends become ``\\n`` (CRLF and lone CR alike); form feeds stay, since they
mark page breaks that the pipeline uses.

>>> decode_bytes("新闻\\r\\n".encode("gb18030"))
('新闻\\n', 'gb18030')
>>> decode("中小企业发展".encode("gbk")[:-1]).warnings
['1 byte not valid gb18030 at offset 10 is shown as U+FFFD (the file may be cut short or damaged)']
"""

from __future__ import annotations

import codecs
import collections
import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Final

from .model import Edit

__all__ = [
    "DecodeError",
    "Decoded",
    "RepairingDecoder",
    "bad_byte_allowance",
    "bad_byte_edits",
    "decode",
    "decode_bytes",
    "describe_bad_spans",
]


class DecodeError(ValueError):
    """The bytes are not text ocrmend can read.

    The message reads "<what went wrong>; <what to try>", ready for the CLI's
    ``ocrmend: error:`` line.
    """


@dataclass(frozen=True)
class Decoded:
    """One input decoded: its text and encoding, the bytes shown as U+FFFD, any doubt.

    ``bad`` holds the byte spans ``(start, end)`` that are not valid in the
    encoding, each shown as one U+FFFD in ``text``; ``doubt`` is set when the
    bytes read nearly as well in another encoding (short inputs).
    """

    text: str
    encoding: str
    bad: tuple[tuple[int, int], ...] = ()
    doubt: str = ""

    @property
    def bad_bytes(self) -> int:
        return sum(end - start for start, end in self.bad)

    @property
    def warnings(self) -> list[str]:
        """One line per thing the caller should tell the user (report, stderr)."""
        notes = [describe_bad_spans(self.bad, self.encoding)] if self.bad else []
        return notes + ([self.doubt] if self.doubt else [])


# Byte order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
UTF32_BOMS: Final = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
UTF16_BOMS: Final = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# Control characters that do not belong in text. Tab, LF, CR and form feed
# are layout; everything else in C0/C1 (and DEL) is a sign of binary data or
# of a wrong decoding.
CONTROL_RE: Final = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Above this share of control characters a "text" is binary data.
MAX_CONTROL_SHARE: Final = 0.01

# Bad bytes (not valid in the encoding) a file may hold and still be read as
# that encoding, each shown as U+FFFD: 1% of its bytes, and always 2 (a
# character cut short at the end, one byte overwritten). More is not a damaged
# file but another encoding, or binary data.
MAX_BAD_SHARE: Final = 0.01
MAX_BAD_ALWAYS: Final = 2
# Readings are judged on at most this many bytes, from JUDGE_CONTEXT bytes
# before the first non-ASCII one (ASCII before that reads alike in every
# candidate but UTF-16, and says nothing): the verdict is settled long before,
# and the judging loops are Python.
JUDGE_BYTES: Final = 1 << 16
JUDGE_CONTEXT: Final = 64
# They are judged on this many bytes first, and the verdict stands when the
# best leads every other by ``SURE_LEAD`` bytes of evidence: in the wrong
# encoding a Chinese or Latin text loses about a byte of evidence for each
# byte it has, so a lead of 64 on the first KB only grows. Most files are
# settled there, and judging the cp1252 reading of a long Chinese text (every
# character a word or a symbol to look at) costs about a millisecond a KB.
JUDGE_FIRST_BYTES: Final = 1024
SURE_LEAD: Final = 64
# Readings whose evidence is within this many bytes of each other (a rival
# with positive evidence scoring more than the best minus this) both stand:
# the input is decoded as the better, with a doubt. Read in the wrong one of
# GB18030 and Big5, common characters still come out common about half the
# time, so a text of a few characters reads well both ways; from 16
# characters on the true reading leads by far more. Measured on 600 snippets
# of each of 26 lengths (2-1,024 characters) of Chinese news in GBK, GB18030,
# Big5 and UTF-16, whole, cut short and with a byte overwritten (696,165
# readings, five seeds): margins 4, 5 and 6 leave the same 4 texts of 2-5
# characters read wrong without a doubt (their true reading has no evidence
# for it: no margin helps), and 4 doubts 20,279 right readings, 5 36,769.
# It is also the lead a reading without a BOM's word for it (UTF-16) needs
# over random bytes.
DOUBT_MARGIN: Final = 4
# A strictly valid UTF-8 input whose multi-byte characters add this many bytes
# (one for a two-byte character, two for a three-byte one) is UTF-8 without a
# second look: GBK or Big5 bytes form that many valid UTF-8 sequences by chance
# about once in ten million. With fewer, the UTF-8 reading is kept, with a
# doubt if a legacy reading without a bad byte reads well and the UTF-8 one
# does not form words ("Ҳȫ": a Cyrillic letter beside a Latin one) or the
# legacy one is Chinese only.
UTF8_SURE_CHARS: Final = 8
# After a bad byte in a double-byte text, the next byte may be a trail whose
# lead was lost (skip it, or the rest reads out of step) or a character of its
# own: the choice that reads better wins, read up to the next byte below 0x40
# (a line end, a space, a digit: never part of a double-byte character, so both
# choices meet there, the one out of step with a bad byte), at most this far.
RESYNC_BYTES: Final = 256
RESYNC_STOP_RE: Final = re.compile(b"[\x00-\x3f]")
# The double-byte encodings whose readings are resynchronised after a bad byte.
DOUBLE_BYTE: Final = frozenset({"gb18030", "gbk", "gb2312", "big5", "cp950", "big5hkscs"})
# Without a BOM: the order of the readings, which also breaks ties (GB18030
# before Big5: it is the mainland default; UTF-16 last: without a BOM it is rare).
LEGACY_READINGS: Final = ("gb18030", "big5", "cp1252", "utf-16-le", "utf-16-be")
# Bad-byte offsets a warning lists before it says how many more there are.
MAX_LISTED_SPANS: Final = 5

SUPPORTED: Final = "utf-8, utf-16, gb18030, big5 or cp1252"


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode one input file, showing a few bad bytes as U+FFFD.

    ``encoding`` overrides detection (any Python codec name). Raises
    ``DecodeError`` for binary data, unknown codecs, bytes that read as no
    supported encoding, and more bad bytes than ``bad_byte_allowance``.

    >>> data = bytearray("天氣預報說明天有雨".encode("big5"))
    >>> data[9] = 0xFF  # the second byte of 說
    >>> decoded = decode(bytes(data))
    >>> decoded.text, decoded.encoding, decoded.bad
    ('天氣預報\\ufffd明天有雨', 'big5', ((8, 10),))
    """
    return _decode(data, encoding)[0]


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode one input file; return ``(text, encoding name)``.

    As ``decode``, but a bad byte is an error: its message names the offset.

    >>> decode_bytes(b"\\xef\\xbb\\xbfline one\\r\\nline two\\rthree\\x0cpage two")
    ('line one\\nline two\\nthree\\x0cpage two', 'utf-8-sig')
    >>> decode_bytes("高雄港貨櫃量回升".encode("big5"))[1]
    'big5'
    """
    decoded, how = _decode(data, encoding)
    if decoded.bad:
        raise DecodeError(_bad_bytes_message(data, decoded.encoding, decoded.bad, how))
    return decoded.text, decoded.encoding


def bad_byte_allowance(size: int) -> int:
    """How many bad bytes a file of ``size`` bytes may hold and still be read.

    >>> bad_byte_allowance(100), bad_byte_allowance(10_000)
    (2, 100)
    """
    return max(MAX_BAD_ALWAYS, int(MAX_BAD_SHARE * size))


def describe_bad_spans(spans: tuple[tuple[int, int], ...], encoding: str) -> str:
    """The warning for bytes shown as U+FFFD: how many, and where.

    >>> describe_bad_spans(((17, 18), (905, 907)), "gb18030")
    '3 bytes not valid gb18030 at offsets 17, 905-906 are shown as U+FFFD (the file may be cut short or damaged)'
    """
    count = sum(end - start for start, end in spans)
    places = ", ".join(str(start) if end - start == 1 else f"{start}-{end - 1}" for start, end in spans[:MAX_LISTED_SPANS])
    if len(spans) > MAX_LISTED_SPANS:
        places += f" and {len(spans) - MAX_LISTED_SPANS} more places"
    verb = "are" if count > 1 else "is"
    return (
        f"{count} byte{'s' if count > 1 else ''} not valid {encoding} at offset{'s' if len(spans) > 1 else ''} "
        f"{places} {verb} shown as U+FFFD (the file may be cut short or damaged)"
    )


def bad_byte_edits(data: bytes, decoded: Decoded) -> list[Edit]:
    """Each bad byte span of ``decoded`` as the edit it is (rule D001): the
    bytes, shown as U+FFFD on the line where they stood.

    A U+FFFD is a character the input did not have: recorded like every
    other change, ``--explain`` lists it, and the output still holds every
    character of the input but the bytes it names.

    >>> data = "新闻\\n报道".encode("gb18030")
    >>> [(e.rule, e.line, e.before, e.note) for e in bad_byte_edits(data[:-1], decode(data[:-1]))]
    [('D001', 2, '\\\\xb5', 'not valid gb18030 at offset 7')]
    """
    edits = []
    line, at = 1, 0
    for start, end in decoded.bad:
        # (what lies between two spans decodes cleanly: the decoder resumed in step after each)
        between = data[at:start].decode(decoded.encoding, "replace")
        line += between.count("\n") + between.count("\r") - between.count("\r\n")
        raw = "".join(f"\\x{byte:02x}" for byte in data[start:end])
        edits.append(Edit("D001", line, raw, "\ufffd", f"not valid {decoded.encoding} at offset {start}"))
        at = end
    return edits


# ------------------------------------------------------------------ the three ways to an encoding
def _decode(data: bytes, encoding: str | None) -> tuple[Decoded, str]:
    """The decoded input and how its encoding was found ("declared", "bom", "detected")."""
    if encoding is not None:
        decoded, how = _decode_declared(data, encoding), "declared"
    else:
        decoded, how = _decode_detected(data)
    text = decoded.text
    if text.startswith("\ufeff"):
        text = text[1:]
    _reject_control_characters(text, decoded.encoding)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, decoded.encoding, decoded.bad, decoded.doubt), how


def _decode_declared(data: bytes, encoding: str) -> Decoded:
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
    return _decode_named(data, name, 0, "declared")


def _decode_named(data: bytes, name: str, skip: int, how: str, label: str = "") -> Decoded:
    """``data[skip:]`` in the encoding a declaration or a BOM named: a few bad bytes as U+FFFD."""
    text, spans, over = _decode_repairing(data, name, skip)
    if over:
        raise DecodeError(_bad_bytes_message(data, name, spans, how, over=True))
    return Decoded(text, label or name, spans)


def _decode_utf16_bom(data: bytes, name: str, skip: int) -> Decoded:
    """UTF-16 as its BOM says, unless what follows reads against it and all
    the bytes read surely better as GB18030 or Big5: 0xFF over the lead byte
    of a character whose trail is 0xFE makes a UTF-16-LE BOM."""
    reading = _judge(data, name, skip)
    if not reading.over and reading.score >= 0:
        return _decode_named(data, name, skip, "bom")
    start = _judge_start(data)
    best = max((_judge(data, legacy, start) for legacy in LEGACY_READINGS[:2]), key=lambda r: r.score)
    if best.over or best.score < max(0, reading.score) + DOUBT_MARGIN:
        decoded = _decode_named(data, name, skip, "bom")
        if best.over or best.score <= reading.score:
            return decoded
        return Decoded(decoded.text, decoded.encoding, decoded.bad, _doubt_message(name, best))
    return _decode_without_bom(data)[0]


def _decode_detected(data: bytes) -> tuple[Decoded, str]:
    if data.startswith(UTF32_BOMS):
        raise DecodeError("the input starts with a UTF-32 byte order mark; pass --encoding utf-32 to read it")
    for bom, name in UTF16_BOMS:
        if data.startswith(bom):
            return _decode_utf16_bom(data, name, len(bom)), "bom"
    if data.startswith(codecs.BOM_UTF8):
        return _decode_named(data, "utf-8", len(codecs.BOM_UTF8), "bom", "utf-8-sig"), "bom"
    return _decode_without_bom(data)


def _decode_without_bom(data: bytes) -> tuple[Decoded, str]:
    nul = data.find(b"\x00")
    utf8_error: UnicodeDecodeError | None = None
    if nul >= 0:  # binary data, or UTF-16 without a BOM
        names: tuple[str, ...] = ("utf-16-le", "utf-16-be")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            utf8_error = exc
        else:
            return Decoded(text, "utf-8", doubt=_utf8_doubt(data, text)), "detected"
        names = ("utf-8", *LEGACY_READINGS)
    start = _judge_start(data)
    readings = [_judge(data, name, start, JUDGE_FIRST_BYTES) for name in names]
    if start + JUDGE_FIRST_BYTES < len(data) and not _is_decisive(readings):
        readings = [_judge(data, name, start) for name in names]
    best, doubt = _choose(readings)
    if best is None:
        if utf8_error is None:
            raise DecodeError(f"the input contains NUL bytes (first at byte {nul}), so it looks binary; {_nul_hint(data, readings)}")
        raise DecodeError(_unreadable_message(data, readings, utf8_error))
    text, spans, over = _decode_repairing(data, best.encoding, 0)
    if over:
        raise DecodeError(_bad_bytes_message(data, best.encoding, spans, "detected", over=True))
    return Decoded(text, best.encoding, spans, doubt), "detected"


# ------------------------------------------------------------------ judging readings
@dataclass(frozen=True)
class _Reading:
    """The judging sample of the input read in one encoding, and its evidence in bytes."""

    encoding: str
    text: str
    bad: tuple[tuple[int, int], ...]
    good: int = 0  # bytes read as characters texts in this encoding are made of
    odd: int = 0  # bytes read as characters such texts hardly hold
    over: bool = False  # more bad bytes than the sample may hold: not a candidate
    cut: bool = False  # the last bad span ends the input: a character cut short

    @property
    def score(self) -> int:
        """Evidence for minus evidence against; each U+FFFD counts one against,
        but a character cut short at the very end (what a cut file ends in) does not."""
        return self.good - self.odd - len(self.bad) + self.cut


def _judge(data: bytes, name: str, start: int, size: int = JUDGE_BYTES) -> _Reading:
    """``name``'s reading of ``size`` bytes from ``start`` (a character boundary in any encoding)."""
    if name.startswith("utf-16"):
        start -= start % 2
    sample = data[start : start + size]
    final = start + size >= len(data)
    repairs = _Repairs(name, bad_byte_allowance(len(sample)))
    text = repairs.run(sample, final)
    spans = tuple((a + start, b + start) for a, b in repairs.spans)
    if repairs.over:
        return _Reading(name, text, spans, over=True)
    good, odd = _evidence(text, name)
    return _Reading(name, text, spans, good, odd, cut=final and bool(spans) and spans[-1][1] == len(data))


def _evidence(text: str, encoding: str) -> tuple[int, int]:
    """Bytes of ``text`` (read in ``encoding``) for and against that reading."""
    if encoding == "utf-8":
        return _utf8_evidence(text)
    if encoding == "cp1252":
        return _alphabet_evidence(text, "\U0010ffff")
    return _cjk_byte_evidence(text, encoding)


def _is_decisive(readings: list[_Reading]) -> bool:
    """Whether the best reading leads every other (and an empty one) by ``SURE_LEAD``."""
    scores = sorted((r.score for r in readings if not r.over), reverse=True) + [0, 0]
    return scores[0] - max(scores[1], 0) >= SURE_LEAD


def _choose(readings: list[_Reading]) -> tuple[_Reading | None, str]:
    """The best reading, if its evidence is positive, and the doubt that any
    other reading with positive evidence within ``DOUBT_MARGIN`` of it leaves
    (short inputs).

    A reading without a BOM's word for it (UTF-16) must be sure: lead an
    empty reading (random bytes) by ``DOUBT_MARGIN``; less makes it a rival only.
    """
    ranked = sorted((r for r in readings if not r.over), key=lambda r: -r.score)  # stable: ties keep the order
    sure = [r for r in ranked if r.score > 0 and (not r.encoding.startswith("utf-16") or r.score >= DOUBT_MARGIN)]
    if not sure:
        return None, ""
    best = sure[0]
    for rival in ranked:
        if rival is not best and rival.score > max(0, best.score - DOUBT_MARGIN) and rival.text != best.text:
            return best, _doubt_message(best.encoding, rival)
    return best, ""


def _utf8_doubt(data: bytes, text: str) -> str:
    """For a valid UTF-8 input of a few multi-byte characters: the doubt a
    legacy reading without a bad byte leaves, when the UTF-8 reading has
    characters that form no words ("Ҳȫ") or the other reads as Chinese only
    (no odd character, no ASCII letter). UTF-8 is kept either way."""
    extra = len(data) - len(text)  # one per two-byte character, two per three-byte one
    if extra == 0 or extra >= UTF8_SURE_CHARS:
        return ""
    good, odd = _utf8_evidence(text)
    start = _judge_start(data)
    rivals = [
        r
        for r in (_judge(data, name, start) for name in LEGACY_READINGS)
        if not r.over and not r.bad and r.score > 0 and r.score > good - odd - DOUBT_MARGIN
        and (odd > 0 or (r.odd == 0 and not any(ch.isascii() and ch.isalpha() for ch in r.text)))
    ]
    if not rivals:
        return ""
    return _doubt_message("utf-8", max(rivals, key=lambda r: r.score))


def _doubt_message(chosen: str, rival: _Reading) -> str:
    shown = rival.text.strip()[:12].replace("\n", " ")
    return (
        f"the encoding is a guess from little text: read as {chosen}, but the bytes also read as {rival.encoding} "
        f"(“{shown}”); pass --encoding {rival.encoding} if that is the text"
    )


def _judge_start(data: bytes) -> int:
    """Where the judging sample starts: ``JUDGE_CONTEXT`` bytes before the
    first non-ASCII one (ASCII bytes before them are no evidence; those next
    to it tell words), at a character boundary in every candidate but
    UTF-16 (whose sample starts at the even offset before)."""
    match = NON_ASCII_BYTE_RE.search(data)
    return max(0, match.start() - JUDGE_CONTEXT) if match else 0


NON_ASCII_BYTE_RE: Final = re.compile(b"[\x80-\xff]")


# ------------------------------------------------------------------ evidence
@functools.cache
def common_han() -> frozenset[str]:
    """The characters both encodings put first because they are common.

    GB2312 level 1 (byte rows 0xB0-0xD7: 3,755 hanzi covering about 99.7% of
    simplified running text) and Big5 level 1 (0xA440-0xC67E: 5,401 frequent
    traditional characters). Reading Big5 bytes as GB18030 (or the reverse)
    scatters characters over kana, Greek, private use and the rare extension
    rows, so the true reading has far more of these.
    """
    gb_trails = range(0xA1, 0xFF)
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    return _decodable(range(0xB0, 0xD8), gb_trails, "gb2312") | _decodable(range(0xA4, 0xC7), big5_trails, "big5")


@functools.cache
def cjk_text_chars() -> frozenset[str]:
    """What Chinese text is made of: common hanzi, and the punctuation, symbols
    and full-width forms both encodings put before them.

    GB2312 rows 0xA1 (punctuation, signs), 0xA3 (full-width ASCII) and 0xA9
    (box drawing); Big5 0xA140-0xA343 (the same, units, Roman numerals). Not
    the kana, Greek, Cyrillic and bopomofo rows: a misread text lands there;
    nor GB2312's row of numbered signs ("⒈⑴①"), where Big5's full-width
    digits land (numbers other than these count neither way).
    """
    gb = _decodable([0xA1, 0xA3, 0xA9], range(0xA1, 0xFF), "gb18030")
    big5 = _decodable([0xA1, 0xA2], [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5")
    return common_han() | gb | big5 | _decodable([0xA3], range(0x40, 0x44), "big5")


def _decodable(leads: range | list[int], trails: range | list[int], codec: str) -> frozenset[str]:
    chars: set[str] = set()
    for hi in leads:
        for lo in trails:
            try:
                chars.add(bytes((hi, lo)).decode(codec))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


_CJK_WEIGHTS: dict[str, int] = {}


def _cjk_weight(ch: str) -> int:
    """+1 for a character of Chinese text, 0 for ASCII and other signs, -1 for the rest."""
    weight = _CJK_WEIGHTS.get(ch)
    if weight is None:
        if ch < "\x80":
            weight = -1 if CONTROL_RE.match(ch) else 0
        elif ch in cjk_text_chars():
            weight = 1
        elif ch == "\ufffd" or unicodedata.category(ch)[0] in "PSZ" or unicodedata.category(ch) in ("No", "Nl"):
            weight = 0  # other signs and numbers; bad bytes are counted as such
        else:
            weight = -1
        _CJK_WEIGHTS[ch] = weight
    return weight


def _cjk_evidence(text: str) -> tuple[int, int]:
    """Characters of Chinese text, and characters Chinese text hardly holds."""
    good = odd = 0
    for ch, count in collections.Counter(text).items():
        weight = _cjk_weight(ch)
        if weight > 0:
            good += count
        elif weight < 0:
            odd += count
    return good, odd


_NON_ASCII_BYTES: dict[tuple[str, str], int] = {}


def _cjk_byte_evidence(text: str, encoding: str) -> tuple[int, int]:
    """Non-ASCII bytes of a GB18030, Big5 or UTF-16 reading that form characters
    of Chinese text, and those that form characters it hardly holds.

    Only non-ASCII bytes count, as in every reading: a UTF-16 character made
    of two ASCII bytes ("ab" as U+6261) is read as well as ASCII text, so it
    proves nothing; a character Chinese text hardly holds counts at least one
    byte against, though (a NUL or a control character read from binary data).
    """
    good = odd = 0
    for ch, count in collections.Counter(text).items():
        weight = _cjk_weight(ch)
        if weight == 0:
            continue
        key = (encoding, ch)
        size = _NON_ASCII_BYTES.get(key)
        if size is None:
            size = sum(1 for byte in ch.encode(encoding, "replace") if byte >= 0x80)
            _NON_ASCII_BYTES[key] = size
        if weight > 0:
            good += size * count
        else:
            odd += max(1, size) * count
    return good, odd


def score_cjk_reading(text: str) -> int:
    """Characters of Chinese text minus characters it hardly holds (kana,
    private use, rare hanzi ...). Higher means more likely the true reading.

    >>> data = "臺北國際書展".encode("big5")
    >>> score_cjk_reading(data.decode("big5")) > score_cjk_reading(data.decode("gb18030"))
    True
    """
    good, odd = _cjk_evidence(text)
    return good - odd


def cjk_plausibility(text: str) -> float:
    """Share of the telling non-ASCII characters that are those of Chinese text.

    Near 1 for real Chinese; low for Latin-1 or UTF-8 bytes misread as GB18030
    or Big5, which land on rare characters.

    >>> cjk_plausibility("新闻，今天")
    1.0
    >>> cjk_plausibility("Gérard".encode("cp1252").decode("gb18030"))
    0.0
    """
    good, odd = _cjk_evidence(text)
    return good / (good + odd) if good + odd else 1.0


# A run of letters (and combining marks) with a non-ASCII one: a word to judge
# in a Latin or other alphabetic reading; and a non-ASCII character that is
# neither, judged by its neighbours.
# (Letters are what \w holds but digits, "_" and the Latin-1 superscripts and
# fractions, which Python counts as alphanumeric: "m²" is a word and a sign.)
LETTER: Final = r"(?:(?![\u00b2\u00b3\u00b9\u00bc-\u00be])[^\W\d_]|[\u0300-\u036f])"
WORD_RE: Final = re.compile(LETTER + "+")
NON_ASCII_SYMBOL_RE: Final = re.compile(f"(?!{LETTER})[^\\x00-\\x7f]")
COMBINING_RE: Final = re.compile(r"[\u0300-\u036f]")
# Letters named after no script that belong to Latin text.
LATIN_EXTRAS: Final = "ªºµ"
# Latin-1 characters Latin text hardly holds: spacing accents, the currency
# sign, the broken bar, ÿ. Big5's commonest lead bytes (0xA4, 0xA6, 0xA8,
# 0xAF, 0xB4, 0xB8) read as them in cp1252, and 0xFF is what damage looks like.
LATIN_RARE: Final = frozenset("¤¦¨¯´¸ÿ")
# Scripts that mix within one Chinese, Japanese or Korean word.
CJK_SCRIPTS: Final = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "HALFWIDTH", "BOPOMOFO", "IDEOGRAPHIC"})


_SCRIPTS: dict[str, str] = {}


def _script(ch: str) -> str:
    script = _SCRIPTS.get(ch)
    if script is None:
        if ch < "\x80" or ch in LATIN_EXTRAS:
            script = "LATIN"
        else:
            first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
            script = "CJK" if first in CJK_SCRIPTS else first
        _SCRIPTS[ch] = script
    return script


def _alphabet_evidence(text: str, below: str) -> tuple[int, int]:
    """Non-ASCII characters (below ``below``) that sit in words as alphabets
    have them, and those that do not.

    A letter counts for the reading when its word is of one script, cased as
    a word is ("café", "Café", "CAFÉ"), and, if Latin, holds an ASCII letter too
    ("Größe"); a one-letter word ("à", "в") when it stands between spaces
    or marks below "@" (not at the end). A symbol or punctuation mark counts for it beside an ASCII
    space, digit or mark below "@" ("25°", " “Yes", "»,"), none of which is
    ever part of a double-byte character (the ends of the text do not
    count: a cut character leaves "\\n£"), and against it beside another
    non-ASCII character that is not a letter of such a word. Chinese bytes
    read as cp1252 or UTF-8 make runs of accented letters and symbols of
    mixed scripts ("ÖÐÐ¡ÆóÒµ", "Ҳȫ"), which count against.

    >>> _alphabet_evidence("Größe, déjà vu — «Ça va»", "\\U0010ffff")
    (7, 0)
    >>> _alphabet_evidence("ÖÐÐ¡ÆóÒµ", "\\U0010ffff")
    (0, 8)
    """
    good = odd = 0
    natural: set[int] = set()  # positions of non-ASCII letters in good words
    for match in WORD_RE.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        count = sum(1 for ch in word if "\x80" <= ch < below)
        if _is_natural_word(word, text, match.start(), match.end()):
            good += count
            natural.update(range(match.start(), match.end()))
        else:
            odd += count
    last = len(text) - 1
    for match in NON_ASCII_SYMBOL_RE.finditer(text):
        i = match.start()
        ch = text[i]
        if ch >= below or ch == "\ufffd":
            continue
        before = text[i - 1] if i else "a"  # an end supports nothing
        after = text[i + 1] if i < last else "a"
        if (
            ch in LATIN_RARE
            or CONTROL_RE.match(ch)
            or (before >= "\x80" and i - 1 not in natural)
            or (after >= "\x80" and i + 1 not in natural)
        ):
            odd += 1
        elif i < last and (before < "@" or after < "@"):
            good += 1  # beside a space, digit or mark below 0x40, never part of a double-byte character
    return good, odd


def _is_natural_word(word: str, text: str, start: int, end: int) -> bool:
    if LATIN_RARE.intersection(word) or COMBINING_RE.match(word):
        return False  # a rare Latin-1 letter, or a combining mark on nothing
    letters = COMBINING_RE.sub("", word)
    if not letters.isalpha():
        return False  # a number glued to letters ("³s": Big5 bytes read as cp1252)
    has_ascii = any(ch < "\x80" for ch in letters)
    if not has_ascii and len(letters) > 1 and max(letters) < "\u0250":
        return False  # a Latin word of accented letters only
    rest = letters[1:]
    if rest.lower() != rest and rest.upper() != rest:
        return False  # cased as "word", "Word" or "WORD" ("SZXë", "NýV" are not)
    if len({_script(ch) for ch in set(letters) if ch.isalpha()}) > 1:
        return False
    if len(letters) == 1:  # between spaces or marks below "@", not at the end: a cut character leaves "\nÖ"
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else "a"
        return before < "@" and after < "@" and not before.isalnum() and not after.isalnum()
    return True


def _utf8_evidence(text: str) -> tuple[int, int]:
    """Bytes of a UTF-8 reading: two-byte characters judged as alphabets, longer
    ones counted for it (random bytes seldom form them) unless private or unassigned."""
    good, odd = _alphabet_evidence(text, "\u0800")
    good, odd = 2 * good, 2 * odd
    for ch, count in collections.Counter(ch for ch in text if ch >= "\u0800").items():
        width = 3 if ch < "\U00010000" else 4
        if ch == "\ufffd":
            continue
        if unicodedata.category(ch) in ("Co", "Cn"):
            odd += width * count
        else:
            good += width * count
    return good, odd


# ------------------------------------------------------------------ bad bytes shown as U+FFFD
class _Repairs:
    """Decodes in one encoding, showing bad bytes as U+FFFD and recording where they were.

    Python's "replace" handler drops the offsets, so a registered handler
    asks the ``_Repairs`` of the running decode (one per thread) what to do:
    record the span, maybe take the next byte along (``RESYNC_BYTES``), and
    stop once there are more bad bytes than ``allowance``.
    """

    def __init__(self, encoding: str, allowance: int) -> None:
        self.encoding = encoding
        self.allowance = allowance
        self.resync = encoding in DOUBLE_BYTE
        self.spans: list[tuple[int, int]] = []
        self.bad = 0
        self.over = False
        self.final = True  # the data ends with this decode

    def run(self, data: bytes, final: bool = True) -> str:
        """``data`` decoded (all of it, or up to a character cut at its end);
        ``over`` set, and "" returned, when there are too many bad bytes."""
        decoder = codecs.getincrementaldecoder(self.encoding)(REPAIR_HANDLER)
        self.final = final
        _current.repairs = self
        try:
            return decoder.decode(data, final)
        except UnicodeDecodeError:
            if not self.over:
                raise
            return ""
        finally:
            _current.repairs = None

    def repair(self, exc: UnicodeDecodeError) -> tuple[str, int]:
        start, end = exc.start, exc.end
        data = exc.object
        if self.resync and end - start == 1 and end < len(data) and data[end] >= 0x40:
            stop = RESYNC_STOP_RE.search(data, end + 1, end + 1 + RESYNC_BYTES)
            until = stop.end() if stop else min(len(data), end + 1 + RESYNC_BYTES)
            complete = stop is not None or (self.final and until == len(data))
            stay = _resync_score(data[end:until], self.encoding, complete)
            skip = _resync_score(data[end + 1 : until], self.encoding, complete)
            if skip >= stay:
                end += 1  # a trail byte whose lead was lost: in Chinese text lead bytes outnumber ASCII ones
        self.bad += end - start
        if self.bad > self.allowance:
            self.over = True
            raise exc
        self.spans.append((start, end))
        return "\ufffd", end


class RepairingDecoder:
    """An incremental decoder (for a file read a block at a time) that shows
    bad bytes as U+FFFD, like ``decode``, and keeps their spans as offsets in
    the whole input; ``DecodeError`` once they are more than
    ``bad_byte_allowance`` of the bytes fed so far (at least ``floor`` bytes,
    so that a cluster early in a large file is judged against its size).

    >>> decoder = RepairingDecoder("gb18030")
    >>> data = "新闻报道".encode("gb18030")
    >>> decoder.decode(data[:3]) + decoder.decode(b"\\xff" + data[4:], final=True), decoder.spans
    ('新\\ufffd报道', [(2, 4)])
    """

    def __init__(self, encoding: str, floor: int = 0) -> None:
        self.encoding = encoding
        self.floor = floor
        self.decoder = codecs.getincrementaldecoder(encoding)(REPAIR_HANDLER)
        self.fed = 0  # bytes fed so far
        self.bad = 0
        self.spans: list[tuple[int, int]] = []

    def decode(self, data: bytes, final: bool = False) -> str:
        pending = len(self.decoder.getstate()[0])
        base = self.fed - pending  # the offset of what the decoder sees first
        self.fed += len(data)
        repairs = _Repairs(self.encoding, bad_byte_allowance(max(self.fed, self.floor)) - self.bad)
        repairs.final = final
        _current.repairs = repairs
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            if not repairs.over:
                raise
            raise DecodeError(
                f"the input has more bytes that are not valid {self.encoding} than a damaged file would "
                f"(the last: {exc.object[exc.start : exc.start + 4].hex(' ')} at offset {base + exc.start}); "
                "pass the right --encoding"
            ) from None
        finally:
            _current.repairs = None
        self.bad += repairs.bad
        self.spans += [(base + a, base + b) for a, b in repairs.spans]
        return text


_current: Final = threading.local()  # .repairs: the _Repairs of the decode running in this thread
REPAIR_HANDLER: Final = "ocrmend-repair"


def _repair_handler(exc: UnicodeError) -> tuple[str, int]:
    repairs: _Repairs | None = getattr(_current, "repairs", None)
    if repairs is None or not isinstance(exc, UnicodeDecodeError):
        raise exc
    return repairs.repair(exc)


codecs.register_error(REPAIR_HANDLER, _repair_handler)


def _resync_score(window: bytes, encoding: str, complete: bool) -> int:
    """How well the bytes after a bad byte read, to where both choices meet
    again (``complete``) or as far as ``RESYNC_BYTES`` go."""
    text = codecs.getincrementaldecoder(encoding)("replace").decode(window, complete)
    return score_cjk_reading(text) - RESYNC_PENALTY * (text.count("\ufffd") + len(STRAY_ASCII_RE.findall("\ufffd" + text)))


# What a reading one byte out of step makes where it meets the right one again,
# a U+FFFD (a lead byte before the line end) or an ASCII character between two
# non-ASCII ones (a Big5 trail byte in 0x40-0x7E), counts this many characters
# against it: out of step, GB2312 and Big5 bytes still read as common
# characters, so a rare one in the right reading must not outweigh it.
RESYNC_PENALTY: Final = 3
STRAY_ASCII_RE: Final = re.compile(r"(?<=[^\x00-\x7f])[!-~](?=[^\x00-\x7f])")


def _decode_repairing(data: bytes, encoding: str, skip: int) -> tuple[str, tuple[tuple[int, int], ...], bool]:
    """``data[skip:]`` decoded with bad bytes as U+FFFD: text, bad spans (offsets in
    ``data``), and whether there were more than ``bad_byte_allowance`` (then the text is partial)."""
    body = data[skip:]
    try:
        return body.decode(encoding), (), False
    except UnicodeDecodeError:
        pass
    repairs = _Repairs(encoding, bad_byte_allowance(len(body)))
    text = repairs.run(body)
    return text, tuple((a + skip, b + skip) for a, b in repairs.spans), repairs.over


# ------------------------------------------------------------------ refusals
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


def _bad_bytes_message(
    data: bytes, encoding: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]], how: str, over: bool = False
) -> str:
    """The one-line refusal of bytes not valid in ``encoding``: a few (from
    ``decode_bytes``) or, ``over``, more than ``bad_byte_allowance``."""
    first = _describe_span(data, spans[0]) if spans else "no bytes"
    encoding = encoding.removesuffix("-sig")
    name = encoding.upper()
    repair = f"iconv -c -f {encoding} -t utf-8"
    if how == "declared":
        return f"the input is not valid {encoding}: {first}; check the --encoding value, or leave it out to detect the encoding"
    if how == "bom":
        return (
            f"the input starts with a {name} byte order mark but is not valid {'UTF-8' if encoding == 'utf-8' else encoding}: "
            f"{first}; the file may be truncated or damaged: repair it ({repair}) or pass the right --encoding"
        )
    if over:
        return _damaged_message(name, first, repair)
    count = sum(end - start for start, end in spans)
    return f"the input is {name} except for {count} byte{'s' if count > 1 else ''}: {first}; repair the file ({repair}) or pass the right --encoding"


def _damaged_message(name: str, first: str, repair: str) -> str:
    return (
        f"the input reads as {name} but has more bytes not valid in it than a damaged file would (the first: {first}); "
        f"if it is {name}, repair it ({repair}), else pass its encoding with --encoding NAME"
    )


def _unreadable_message(data: bytes, readings: list[_Reading], utf8_error: UnicodeDecodeError) -> str:
    """No reading explains the bytes: name the one that came closest, if any reads as Chinese."""
    weak = [r for r in readings if not r.over and r.score > 0]  # a short UTF-16 reading, not sure enough
    if weak:
        reading = weak[0]
        return (
            f"the input is not text in {SUPPORTED} that can be told from random bytes (it reads best as "
            f"{reading.encoding}, “{reading.text.strip()[:12]}”, from too few bytes to be sure); "
            "if it is text, pass its encoding with --encoding NAME"
        )
    start = _judge_start(data)
    damaged = []
    for reading in readings:
        if reading.bad and reading.encoding != "cp1252":  # judged without its bad bytes, does it read well?
            good, odd = _evidence(data[start : start + JUDGE_BYTES].decode(reading.encoding, "replace"), reading.encoding)
            if good > odd:
                damaged.append((good - odd, reading))
    if damaged:
        reading = max(damaged, key=lambda pair: pair[0])[1]
        repair = f"iconv -c -f {reading.encoding} -t utf-8"
        return _damaged_message(reading.encoding.upper(), _describe_span(data, reading.bad[0]), repair)
    bad = utf8_error.object[utf8_error.start : min(utf8_error.end, utf8_error.start + 4)]
    first = f"byte{'s' if len(bad) > 1 else ''} {bad.hex(' ')} at offset {utf8_error.start}"
    return f"the input is not text in {SUPPORTED} (not UTF-8: {first}); if it is text, pass its encoding with --encoding NAME"


def _describe_span(data: bytes, span: tuple[int, int]) -> str:
    start, end = span
    bad = data[start : min(end, start + 4)]
    return f"byte{'s' if len(bad) > 1 else ''} {bad.hex(' ')} at offset {start}"


def _nul_hint(data: bytes, readings: list[_Reading]) -> str:
    # BOM-less UTF-16: too short to be sure, or ASCII characters leave NUL in every other byte.
    likely = [r for r in readings if not r.over and r.score > 0]
    if likely:
        return f"if it is UTF-16 without a byte order mark, pass --encoding {likely[0].encoding}"
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.3 * len(head[1::2]) and odd > 4 * even:
        return "if it is UTF-16 without a byte order mark, pass --encoding utf-16-le"
    if even > 0.3 * len(head[0::2]) and even > 4 * odd:
        return "if it is UTF-16 without a byte order mark, pass --encoding utf-16-be"
    return "pass a text file"
