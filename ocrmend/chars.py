"""Script knowledge in one place: what is CJK, which marks close or end a
sentence, how wide a string is on the page. Every stage imports from here;
no stage defines its own character classes.

Regexes are named UPPER_SNAKE and built from the named classes below, so a
class fixed here is fixed everywhere.
"""

from __future__ import annotations

import regex

# ---------------------------------------------------------------- classes
# Characters of CJK running text: Han, kana, hangul, CJK symbols and
# punctuation, full-width forms, and the marks that Chinese typesetting sets
# full width although Unicode calls them ambiguous (curly quotes, ellipsis,
# em dash, middle dot).  Same extent as the scorer's definition.
CJK = (
    r"\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60"
    r"\uFFE0-\uFFEE\U00020000-\U0003FFFF“”‘’…—·"
)
# CJK "letters": what OCR engines and letter-spacing put spaces between.
HAN = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}〇"
# Closing marks never start a line in CJK typesetting: they hang at the end
# of the previous one, so a line may overrun its measure by their width.
CLOSING = "，。、；：？！）》」』”’…〉】〕％‰℃．,.;:?!)]}%"
# Opening marks never end a line: they move to the next one.
OPENING = "（《「『“‘〈【〔([{"
# A paragraph's last line ends in one of these (possibly followed by a
# closing quote or bracket).
SENTENCE_END = "。！？…”」』）).!?;；:：\"'’"
FULL_STOPS = "。！？!?"
# Marks inside a sentence: a caption (a sentence) shows them, a stacked headline does not.
CLAUSE_MARKS = "，、；：,;"
# Half-width marks that a noisy extractor or OCR engine put into CJK text,
# and their full-width forms (never the reverse: we do not flatten).
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
BLANKS = " \t\u3000\xa0"
# Marks that justified CJK lines often set half width to fit one more
# character: a line holding many of them may overrun the measure.
SQUEEZABLE = "，。、；：？！“”‘’（）《》「」『』．·・…—〈〉【】〔〕"

# ---------------------------------------------------------------- regexes
CJK_CHAR_RE = regex.compile(f"[{CJK}]")
HAN_RE = regex.compile(f"[{HAN}]")
# Double-width characters on a CJK page: East Asian Wide/Fullwidth, plus
# Ambiguous ones (“”…—□), which CJK fonts set full width.
WIDE_RE = regex.compile(r"[\p{ea=W}\p{ea=F}\p{ea=A}]")
WIDE_STRICT_RE = regex.compile(r"[\p{ea=W}\p{ea=F}]")
# An unbreakable Latin/digit run: the first unit of a line when it starts
# with one (typesetters do not split 2007 or eWTP across lines).
LATIN_RUN_RE = regex.compile(r"[A-Za-z0-9０-９]+(?:[.,:/+\-'&][A-Za-z0-9０-９]+)*[%％]?")
TRAILING_CLOSING_RE = regex.compile(f"[{regex.escape(CLOSING)}]+$")
ENDS_SENTENCE_RE = regex.compile(f"[{regex.escape(SENTENCE_END)}]$")
LATIN_LETTER_RE = regex.compile(r"[A-Za-z]")
ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# The regex module's ``\s`` over ASCII (no \x1c-\x1f, which stdlib re's
# takes), spelt out for the stdlib-re twins of regex patterns.
ASCII_REGEX_SPACE = r"[\t\n\x0b\x0c\r ]"
# The regex module's ``\s`` over all of Unicode (White_Space), spelt out:
# stdlib re's ``\s`` also takes \x1c-\x1f (tests check the class).
REGEX_SPACE_CLASS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SQUEEZABLE_RE = regex.compile(f"[{SQUEEZABLE}]")


def display_width(text: str, cjk_page: bool = True) -> int:
    """Display cells: CJK and full-width count 2, ASCII 1.

    On a CJK page, East Asian ambiguous marks (“”…—□) count 2 as CJK fonts
    set them; on a Latin page they count 1.

    >>> display_width("21世纪")
    6
    """
    if text.isascii():
        return len(text)
    return len(text) + len((WIDE_RE if cjk_page else WIDE_STRICT_RE).findall(text))


def first_unit_width(text: str, cjk_page: bool = True) -> int:
    """Width of what a typesetter would have had to fit at the end of the
    previous line: a Latin/digit run, ``——`` or ``……`` whole, otherwise one
    character (an opening quote alone, without the character it carries).

    >>> first_unit_width("2007年8月"), first_unit_width("——这"), first_unit_width("“一带")
    (4, 4, 2)
    """
    if not text:
        return 0
    m = LATIN_RUN_RE.match(text)
    if m:
        return display_width(m.group(), cjk_page)
    if text[:2] in ("——", "……"):
        return 4 if cjk_page else 2
    return display_width(text[0], cjk_page)


def hanging_width(text: str, cjk_page: bool = True) -> int:
    """Width of the closing marks at the end of a line, which may hang past
    the measure.

    >>> hanging_width("疫情防控。”")
    4
    """
    m = TRAILING_CLOSING_RE.search(text)
    return display_width(m.group(), cjk_page) if m else 0


def ends_sentence(text: str) -> bool:
    """True when a line ends the way a paragraph's last line does.

    >>> ends_sentence("提供帮助。"), ends_sentence("共同的期待")
    (True, False)
    """
    return bool(text) and text[-1] in SENTENCE_END


def is_cjk_text(text: str) -> bool:
    """True when CJK characters outnumber Latin letters (decides widths and joins).

    Counted without a per-character pass: UTF-8 spends two extra bytes on
    each CJK character.

    >>> is_cjk_text("加强卫生健康领域 health"), is_cjk_text("The Tower Commission 报告")
    (True, False)
    """

    sample = text[:20000].encode("utf-8", "surrogatepass")
    wide = (len(sample) - len(text[:20000])) // 2
    letters = len(sample) - len(sample.translate(None, ASCII_LETTERS))  # (UTF-8 puts no ASCII byte inside a wide character)
    return wide >= letters
