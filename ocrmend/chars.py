"""Script knowledge in one place: what is CJK, which marks close or end a
sentence, how wide a string is on the page. Every stage imports from here;
no stage defines its own character classes.

Regexes are named UPPER_SNAKE and built from the named classes below, so a
class fixed here is fixed everywhere.
"""

from __future__ import annotations

from typing import Final

import regex

# ---------------------------------------------------------------- classes
# Characters of CJK running text: Han, kana, hangul, CJK symbols and
# punctuation, full-width forms, and the marks that Chinese typesetting sets
# full width although Unicode calls them ambiguous (curly quotes, ellipsis,
# em dash, middle dot).  Same extent as the scorer's definition.
CJK: Final = (
    r"\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60"
    r"\uFFE0-\uFFEE\U00020000-\U0003FFFF“”‘’…—·"
)
# CJK "letters": what OCR engines and letter-spacing put spaces between.
HAN: Final = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}〇"
# Closing marks never start a line in CJK typesetting: they hang at the end
# of the previous one, so a line may overrun its measure by their width.
CLOSING: Final = "，。、；：？！）》」』”’…〉】〕％‰℃．,.;:?!)]}%"
# Opening marks never end a line: they move to the next one.
OPENING: Final = "（《「『“‘〈【〔([{"
# A paragraph's last line ends in one of these (possibly followed by a
# closing quote or bracket).
SENTENCE_END: Final = "。！？…”」』）).!?;；:：\"'’"
# Marks that end a sentence (not a clause, a quotation or a bracket).
FULL_STOPS: Final = "。！？.!?"
# Marks that close a quotation or bracket after a sentence's full stop (。”).
CLOSE_AFTER_STOP: Final = "”’」』）)\"'"
# Marks a typesetter puts at a line's end when a word goes on below: the
# hyphen, the Fraktur double hyphen (⸗), and the "not" sign some OCR
# engines and transcriptions give for a break hyphen (¬).
LINE_END_HYPHENS: Final = "-⸗¬"
# A word after a line-end hyphen that shows the hyphen is a suspended
# compound's (Ausfuhr⸗ und Durchfuhr⸗Verbote): the hyphen stays, and a
# space after it.  German only: English "or", "and" end broken words too
# (May-/or, resist-/or).
SUSPENDED_COMPOUND_WORDS: Final = frozenset(["und", "oder", "bis", "sowie", "bzw", "bezw", "resp", "u"])
# A photo credit names its verb (王琪 摄): what marks a line as a credit.
CREDIT_VERBS: Final = "摄攝"
# The titles of an editor line: who edited, laid out or proofread the page
# (责任编辑：刘江  美术编辑：孙静).
EDITOR_TITLES: Final = (
    r"(?:责任编辑|責任編輯|本版责任编辑|本版責任編輯|本版责编|本版責編|本版编辑|本版編輯|责编|責編|美编|美編|美术编辑|美術編輯"
    r"|责任校对|責任校對|校对|校對|版式设计|版式設計|版面设计|版面設計|图片编辑|圖片編輯)"
)
# A CJK line ending in one of these goes on: a clause or an opening mark
# cannot end a paragraph.  Latin text adds a comma, an opening bracket and
# a hyphen (LATIN_OPEN_ENDS).
OPEN_ENDS: Final = "，、（《「『“"
LATIN_OPEN_ENDS: Final = ",(-"
# Marks inside a sentence: a caption (a sentence) shows them, a stacked headline does not.
CLAUSE_MARKS: Final = "，、；：,;"
# Half-width marks that a noisy extractor or OCR engine put into CJK text,
# and their full-width forms (never the reverse: we do not flatten).
HALF_TO_FULL: Final = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
BLANKS: Final = " \t\u3000\xa0"
# Marks that justified CJK lines often set half width to fit one more
# character: a line holding many of them may overrun the measure.
SQUEEZABLE: Final = "，。、；：？！“”‘’（）《》「」『』．·・…—〈〉【】〔〕"

# ---------------------------------------------------------------- regexes
HAN_RE: Final = regex.compile(f"[{HAN}]")
# Double-width characters on a CJK page: East Asian Wide/Fullwidth, plus
# Ambiguous ones (“”…—□), which CJK fonts set full width.
WIDE_RE: Final = regex.compile(r"[\p{ea=W}\p{ea=F}\p{ea=A}]")
WIDE_STRICT_RE: Final = regex.compile(r"[\p{ea=W}\p{ea=F}]")
# An unbreakable Latin/digit run: the first unit of a line when it starts
# with one (typesetters do not split 2007 or eWTP across lines).
LATIN_RUN_RE: Final = regex.compile(r"[A-Za-z0-9０-９]+(?:[.,:/+\-'&][A-Za-z0-9０-９]+)*[%％]?")
ASCII_LETTERS: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


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


def has_credit_verb(text: str) -> bool:
    """True when the text names a photo credit's verb (摄/攝).

    >>> has_credit_verb("王琪 摄"), has_credit_verb("摄影")
    (True, True)
    """
    return "摄" in text or "攝" in text


def is_all_caps(text: str) -> bool:
    """A line in capitals (an all-caps Latin head): four characters at
    least, every cased letter upper, no Han (GDP增速 holds an acronym, it is
    no head).

    >>> is_all_caps("CHINA SUGAR OUTPUT"), is_all_caps("GDP增速保持在合理区间")
    (True, False)
    """
    return len(text) >= 4 and text.isupper() and HAN_RE.search(text) is None


def ends_sentence(text: str) -> bool:
    """True when a line ends the way a paragraph's last line does.

    >>> ends_sentence("提供帮助。"), ends_sentence("共同的期待")
    (True, False)
    """
    return bool(text) and text[-1] in SENTENCE_END


def ends_with_full_stop(text: str) -> bool:
    """True when the text ends a sentence: a full stop, perhaps closed by a
    quotation mark or bracket (not a clause mark, colon or bare quote).

    >>> ends_with_full_stop("提供帮助。”"), ends_with_full_stop("“可持续发展”")
    (True, False)
    """
    if text and text[-1] in CLOSE_AFTER_STOP:
        text = text[:-1]
    return bool(text) and text[-1] in FULL_STOPS


def is_cjk_text(text: str) -> bool:
    """True when CJK characters take as much room as Latin letters, two
    display cells each to a letter's one (decides widths and joins): a
    Chinese page with an English paragraph or two stays a CJK page, its
    wrapped CJK lines measured as CJK (counted one for one, two sentences of
    English outweighed a Chinese paragraph, whose lines were then cut apart
    and joined differently when the text output was cleaned again).

    Counted without a per-character pass: UTF-8 spends two extra bytes on
    each CJK character.

    >>> is_cjk_text("加强卫生健康领域 health"), is_cjk_text("The Tower Commission 报告")
    (True, False)
    """

    sample = text[:20000].encode("utf-8", "surrogatepass")
    wide = (len(sample) - len(text[:20000])) // 2
    letters = len(sample) - len(sample.translate(None, ASCII_LETTERS))  # (UTF-8 puts no ASCII byte inside a wide character)
    return 2 * wide >= letters
