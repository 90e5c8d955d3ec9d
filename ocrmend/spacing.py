"""Repairs inside a line or block: letter-spacing, OCR spaces, spaces between
digits and CJK, half-width punctuation in CJK text.

Each repair is a pure ``str -> str`` function built on one named regex, so it
can be tested on tables of strings; the pipeline decides where each applies
(OCR spaces go in body text only, letter-spacing everywhere).
"""

from __future__ import annotations

import re
from typing import Final

import regex

from .chars import CJK, CREDIT_VERBS, EDITOR_TITLES, HALF_TO_FULL, HAN

# A run of single CJK letters separated by one or two spaces (or one
# ideographic space): display text set letter-spaced (加 强 卫 生, □ 赵 磊).
# Each token must be a single letter, so 共筑健康丝路 共享健康发展 (two
# multi-letter runs with a real space) never matches.
LETTER_SPACED_CJK_RE: Final = regex.compile(
    rf"(?<![{HAN}])[{HAN}](?:(?:[ \u3000]{{1,2}})[{HAN}](?![{HAN}]))+"
)
# The last two letters of a word, and blanks then a letter: what stands
# before and after a padded name (本报记者 程 龙 潘俊强).
TWO_LETTER_WORD_END_RE: Final = regex.compile(rf"[{HAN}]{{2}}")
HAN_LETTER_AFTER_BLANKS_RE: Final = regex.compile(rf"[ \u3000]+[{HAN}]")
# Explicit ranges holding every HAN letter (tests check it), for stdlib re
# prefilters: re tests a range list much faster than regex tests four scripts.
HAN_RANGES: Final = (
    r"\u1100-\u11ff\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u302e\u302f\u3038-\u303b\u3041-\u30ff"
    r"\u3131-\u318e\u31f0-\u327f\u32d0-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    r"\uf900-\ufaff\uff66-\uffdc"
)
HAN_ASTRAL_RANGES: Final = r"\U00016fe0-\U00016fff\U0001aff0-\U0001b16f\U0001f200\U00020000-\U0003ffff"
# Ranges of HAN letters alone (the common ones: unified ideographs, kana,
# Hangul syllables; tests check each is one), for the prefilters' "no
# letter here" tests, which must never reject what LETTER_SPACED_CJK_RE takes.
HAN_CORE_RANGES: Final = r"\u3007\u3041-\u3096\u30a1-\u30fa\u3400-\u4db5\u4e00-\u9fa5\uac00-\ud7a3"
# What every letter-spaced CJK run is made of: pairs of a letter with no
# letter before it, one or two blanks, and a letter with no letter after
# it (加 强 卫 生: 加 强, then 卫 生, each pair apart).  Found from the blank
# (a plain character scan), it rules out the costly LETTER_SPACED_CJK_RE
# pass on most texts with spaces -- OCR spaces fall between words
# (新华社北 京), not between lone letters -- and bounds it on the rest.
CJK_SPACED_PAIR_RE: Final = re.compile(
    f"[ \u3000](?<=[{HAN_RANGES}{HAN_ASTRAL_RANGES}][ \u3000])(?<![{HAN_CORE_RANGES}][{HAN_RANGES}{HAN_ASTRAL_RANGES}][ \u3000])"
    f"[ \u3000]?[{HAN_RANGES}{HAN_ASTRAL_RANGES}](?![{HAN_CORE_RANGES}])"
)
# A whole line of Latin display text set letter-spaced: N E W S, with a wider
# gap between words (S P E C I A L   R E P O R T, A   L O N G   R O A D: a
# word may be one letter, if some word has more).
LETTER_SPACED_LATIN_RE: Final = regex.compile(
    r"^(?=.*[A-Za-z0-9&] [A-Za-z0-9&])[A-Za-z0-9&](?: [A-Za-z0-9&])*(?: {2,}[A-Za-z0-9&](?: [A-Za-z0-9&])*)*$"
)
WORD_GAP_RE: Final = regex.compile(r" {2,}")
# Photo credits print the verb apart from the name (王 琪 摄 -> 王琪 摄).
CREDIT_VERB_RE: Final = regex.compile(rf"(?<=[{HAN}]{{2}})(?=[{CREDIT_VERBS}]$)")
# has_ocr_spacing judges a page on this much of its text.
OCR_SAMPLE_CHARS: Final = 30000
# Spaces an OCR engine put between two CJK characters (新华社北 京).
OCR_SPACE_RE: Final = regex.compile(rf"(?<=[{CJK}])[ \u3000\t]+(?=[{CJK}])")

# Where an OCR engine's word break falls between two items of a fixed form
# the page printed a space, which word boxes cannot show (Tesseract's CJK
# boxes overlap and gape at random): a date and its weekday (1998年1月1日
# 星期四), an editor's name and the next title (刘江  美术编辑), a title in
# brackets and its name (（责任编辑 吴晓东）), a byline's title and the
# name (本报记者 李华).  Each item must be whole: the date from the line's
# start, the name after a title and its colon, the byline title alone.
DATE_ITEM_RE: Final = regex.compile(r"^[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日$")
WEEKDAY_ITEM_RE: Final = regex.compile(r"^星期[一二三四五六日天]")
EDITOR_NAME_END_RE: Final = regex.compile(rf"{EDITOR_TITLES}[ \u3000]*[：:][ \u3000]*[{HAN}]{{2,4}}$")
EDITOR_TITLE_RE: Final = regex.compile(EDITOR_TITLES)
BRACKETED_TITLE_END_RE: Final = regex.compile(rf"[（(]{EDITOR_TITLES}$")
BYLINE_TITLE_RE: Final = regex.compile(r"^(?:本报|本報)(?:特约|特約)?(?:记者|記者)$")
HAN_START_RE: Final = regex.compile(rf"[{HAN}]")
# What a word break must touch to be one of those: a cheap test first.
FIXED_BREAK_AFTER_CHARS: Final = frozenset("星责責本美校版图圖")
FIXED_BREAK_BEFORE_CHARS: Final = frozenset("辑輯编編对對计計者")


# A space between a full-width mark and anything: the mark carries its own
# spacing (摄 （资料图片） -> 摄（资料图片）).  Not after a full stop, where
# a credit may follow a caption on the same line.
# (stdlib: nothing in it needs regex, and it runs faster.  It opens with
# the blank, the mark before it looked up from there: the engine scans for
# blanks instead of trying both branches at every character.)
FULLWIDTH_PUNCT_SPACE_RE: Final = re.compile(
    r"[ \u3000](?:(?<=[（《「『“‘〈【〔，、；：）》」』”’〉】〕][ \u3000])[ \u3000]*|[ \u3000]*(?=[（《「『“‘〈【〔，。、；：？！）》」』”’〉】〕]))"
)

# A space between a digit/Latin run and a CJK letter (21 世纪 -> 21世纪).
DIGIT_CJK_SPACE_RE: Final = regex.compile(
    rf"(?<=[0-9A-Za-z%０-９]) {{1,2}}(?=[{HAN}])|(?<=[{HAN}]) {{1,2}}(?=[0-9A-Za-z０-９])"
    rf"|(?<=[，。、；：？！）》」』”]) {{1,2}}(?=[0-9０-９])"
)
# What both patterns above and below need: a space next to a letter or
# digit (a stdlib scan that rules them out on most text; it opens with the
# space, so the engine scans for it, the neighbours looked up from there).
SPACE_BY_ALNUM_RE: Final = re.compile(" (?<=[0-9A-Za-z%０-９] )| (?=[0-9A-Za-z０-９])")
# A number an OCR engine spaced out inside CJK text (19 9 7年, 1 2月, a
# decimal point or a percent sign set apart: 42. 8%, 3 . 5亿吨, 10 %).
# What every spaced number holds: a digit, a space, then a digit, a point
# or %, or a point and a space before a digit (found from the space).
SPACED_DIGITS_RE: Final = re.compile(r" (?<=[0-9] )(?=[0-9.%])| (?<=[0-9]\. )(?=[0-9])")
_SPACED_NUMBER = r"[0-9]+(?:(?: ?\. ?| )[0-9]+)*(?: ?%)?"
SPACED_NUMBER_RE: Final = regex.compile(
    rf"(?<=[{HAN}，。、；：（《“]){_SPACED_NUMBER}|{_SPACED_NUMBER}(?=[{HAN}，。、；：）》”])"
)
# The half-width marks P001 widens (a stdlib scan for the first).
HALF_MARK_RE: Final = re.compile(r"[,:;?!()]")
# Half-width marks touching CJK text on either side (科技成果,积极), or set
# one or two spaces from it, as OCR engines set marks (办事 , 政务): widened
# only once the spaces beside it were gone, the mark changed when the text
# was cleaned again.
HALF_PUNCT_IN_CJK_RE: Final = regex.compile(
    rf"(?<=[{CJK}] {{0,2}})[,:;?!()]|[,:;?!()](?= {{0,2}}[{CJK}])|(?<=[{CJK}][(（]?[0-9A-Za-z%.\-/]{{0,12}})\)|\((?=[0-9A-Za-z%.\-/]{{0,12}}[{CJK}])"
)


# Vertical presentation forms (﹁﹂︵︶…) that OCR engines return for
# vertically set text: the horizontal full-width marks they stand for.
VERTICAL_FORMS: Final = str.maketrans(
    "︐︑︒︓︔︕︖︗︘︙︰︱︵︶︷︸︹︺︻︼︽︾︿﹀﹁﹂﹃﹄",
    "，、。：；！？〖〗…‥—（）｛｝〔〕【】《》〈〉「」『』",
)
VERTICAL_FORM_RE: Final = re.compile("[\ufe10-\ufe19\ufe30-\ufe44]")  # (stdlib: a plain class, found faster)


def horizontal_punctuation(text: str) -> str:
    """Vertical-text punctuation forms become the horizontal marks they stand for.

    >>> horizontal_punctuation("﹁高雄港﹂︐貨櫃量回升︒")
    '「高雄港」，貨櫃量回升。'
    """
    if not VERTICAL_FORM_RE.search(text):
        return text  # (the common case: one scan)
    return text.translate(VERTICAL_FORMS)


# A bracket pair half widened ((1）加强): both marks go full width.
HALF_OPEN_PAIR_RE: Final = regex.compile(r"\(([^()（）]{0,12})）")
HALF_CLOSE_PAIR_RE: Final = regex.compile(r"（([^()（）]{0,12})\)")


def collapse_letter_spacing(text: str) -> str:
    """Join display text set with a space between every letter; keep real
    spaces between multi-letter runs and before a credit's verb.

    >>> collapse_letter_spacing("□ 赵 磊"), collapse_letter_spacing("共筑健康丝路 共享健康发展")
    ('□ 赵磊', '共筑健康丝路 共享健康发展')
    >>> collapse_letter_spacing("王 琪 摄")
    '王琪 摄'
    >>> collapse_letter_spacing("S P E C I A L   R E P O R T"), collapse_letter_spacing("I am A B")
    ('SPECIAL REPORT', 'I am A B')
    >>> collapse_letter_spacing("A   L O N G   R O A D")
    'A LONG ROAD'
    """
    if " " not in text and "\u3000" not in text:
        return text
    if text[0] < "\x80" and len(text) > 2 and text[1] == " " and LETTER_SPACED_LATIN_RE.match(text):
        return " ".join(w.replace(" ", "") for w in WORD_GAP_RE.split(text))
    if text.isascii():
        return text
    # a letter-spaced run is a letter and spaced pairs after it: the pattern
    # runs only from the first pair's letter to the last pair's end (and the
    # letter after it, which its lookahead reads), not over the whole text
    pairs = CJK_SPACED_PAIR_RE
    first = pairs.search(text)
    if not first:
        return text
    end = first.end()
    for m in pairs.finditer(text, end):
        end = m.end()
    return LETTER_SPACED_CJK_RE.sub(_join_spaced_run, text, pos=max(first.start() - 1, 0), endpos=min(end + 1, len(text)))


def _join_spaced_run(m: regex.Match) -> str:
    """A run's letters without their blanks, but for a padded name."""
    if is_padded_name(m.string, m.start(), m.end()):
        return m.group()
    joined = m.group().replace(" ", "").replace("\u3000", "")  # the blanks between the letters
    if len(joined) >= 3 and joined[-1] in CREDIT_VERBS:
        return joined[:-1] + " " + joined[-1]
    return joined


def is_padded_name(text: str, start: int, end: int) -> bool:
    """The spaced run ``text[start:end]`` is a two-character name set as wide
    as a three-character one, as name lists print them (“本报记者 程 龙 潘俊强”,
    “宋静思 梁 楠”): two letters, after a word of two letters or more that is
    not spaced, before the end or a space and another name. (In letter-spaced
    display text the words around are spaced too: “□ 赵 磊”, “加 强 卫 生”;
    a mark after it ends a phrase: “开设了 书 法 、绘画”.)

    >>> is_padded_name("本报记者 程 龙 潘俊强", 5, 8), is_padded_name("□ 赵 磊", 2, 5), is_padded_name("设了 书 法 、绘画", 3, 6)
    (True, False, False)
    """
    return (
        end - start == 3
        and start >= 3
        and text[start - 1] in " \u3000"
        and bool(TWO_LETTER_WORD_END_RE.match(text, start - 3, start - 1))
        and (end == len(text) or (text[end] in " \u3000" and bool(HAN_LETTER_AFTER_BLANKS_RE.match(text, end))))
    )


def remove_ocr_spaces(text: str) -> str:
    """Remove spaces between two CJK characters (OCR engines insert them;
    mainland body text never has them).

    >>> remove_ocr_spaces("新华社北 京十二月三 十 一日电")
    '新华社北京十二月三十一日电'
    """
    return OCR_SPACE_RE.sub("", text)


def tighten_punctuation_spaces(text: str) -> str:
    """Drop spaces next to full-width punctuation.

    >>> tighten_punctuation_spaces("王琪 摄 （资料图片）")
    '王琪 摄（资料图片）'
    """
    return FULLWIDTH_PUNCT_SPACE_RE.sub("", text)


def remove_digit_cjk_spaces(text: str) -> str:
    """``21 世纪`` -> ``21世纪``: no space between digits and CJK in mainland text.

    >>> remove_digit_cjk_spaces("自20 世纪70 年代"), remove_digit_cjk_spaces("在19 9 8年来临")
    ('自20世纪70年代', '在1998年来临')
    >>> remove_digit_cjk_spaces("新时期的 2 0 周年"), remove_digit_cjk_spaces("增长42. 8%，达3 . 5亿吨")
    ('新时期的20周年', '增长42.8%，达3.5亿吨')
    """
    if " " not in text or not SPACE_BY_ALNUM_RE.search(text):
        return text
    # (the spaces beside CJK first: a number spaced off on both sides, " 2 0 周年",
    # touches the text it belongs to only then)
    text = DIGIT_CJK_SPACE_RE.sub("", text)
    if SPACED_DIGITS_RE.search(text):
        text = SPACED_NUMBER_RE.sub(lambda m: m.group().replace(" ", ""), text)
    return text


# A byline's box (□ 赵磊) that an OCR engine read as the mouth radical 口:
# the byline's whole line is the mark, a space and a name.
MISREAD_BYLINE_MARK_RE: Final = regex.compile(rf"^口(?=[ \u3000]+[{HAN}](?:[ \u3000]?[{HAN}]){{1,3}}$)")


def byline_mark(text: str) -> str:
    """A byline's □ read as 口 put back (the line is the mark and a name).

    >>> byline_mark("口 吴 敏"), byline_mark("口味和眼光")
    ('□ 吴 敏', '口味和眼光')
    """
    return MISREAD_BYLINE_MARK_RE.sub("□", text, count=1)


def widen_punctuation(text: str) -> str:
    """Half-width ``, : ; ( ) ? !`` touching CJK text become full width.

    >>> widen_punctuation("科技成果,积极参与(2015-2017)")
    '科技成果，积极参与（2015-2017）'
    >>> widen_punctuation("1,000 and 3:2"), widen_punctuation("办事 , 政务")
    ('1,000 and 3:2', '办事 ， 政务')
    """
    # every match is a half-width mark: the pattern runs from the first one
    first = HALF_MARK_RE.search(text)
    if first is None:
        return text
    new = HALF_PUNCT_IN_CJK_RE.sub(_full_width, text, pos=first.start())
    if new != text and (again := HALF_PUNCT_IN_CJK_RE.search(new, first.start())):
        new = HALF_PUNCT_IN_CJK_RE.sub(_full_width, new, pos=again.start())  # ?! after a mark just made full width
    if "(" in new or ")" in new:
        new = HALF_OPEN_PAIR_RE.sub(r"（\1）", new)
        new = HALF_CLOSE_PAIR_RE.sub(r"（\1）", new)
    return new


def _full_width(m: regex.Match) -> str:
    return HALF_TO_FULL[m.group()]


def _wide_letters(text: str) -> int:
    """Half the UTF-8 bytes ``text`` takes past one a character: its CJK
    letters, about (counted in one compiled pass when the core is built)."""

    return (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def has_ocr_spacing(text: str) -> bool:
    """True when spaces between CJK letters are too many and too irregular
    to be letter-spaced display text: the page went through an OCR engine.

    Counted with stdlib ``re`` over the sample; the letter-spaced runs are
    taken out only on the lines that can hold one (the pattern never
    crosses a line end, so line by line is the same as the whole sample).
    """
    text = text[:OCR_SAMPLE_CHARS]  # a page-level trait: a sample tells
    spaces = len(OCR_SPACE_RE.findall(text))
    if spaces < 8:
        return False
    letters = _wide_letters(text)
    if spaces <= 0.01 * letters:
        return False  # (collapsing runs never adds a space: rest <= spaces)
    # letter-spaced headlines also put spaces between CJK letters; count
    # only the spaces left once those runs are collapsed.
    rest = spaces
    pos = 0
    pairs = CJK_SPACED_PAIR_RE
    while m := pairs.search(text, pos):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if end < 0:
            end = len(text)
        line = text[start:end]
        collapsed = LETTER_SPACED_CJK_RE.sub("", line)
        if collapsed != line:
            rest += len(OCR_SPACE_RE.findall(collapsed)) - len(OCR_SPACE_RE.findall(line))
        pos = end + 1
    return rest >= 8 and rest > 0.01 * letters


def break_is_space(before: str, after: str) -> bool:
    """Whether an engine's word break between CJK text ``before`` (the line
    so far) and ``after`` (the rest of it) parts two items of a fixed form.

    >>> break_is_space("1998年1月1日", "星期四"), break_is_space("今天是1月1日", "星期四")
    (True, False)
    >>> break_is_space("责任编辑：刘江", "美术编辑：孙静"), break_is_space("版面设计：周伟责任", "校对")
    (True, False)
    >>> break_is_space("（责任编辑", "吴晓东）"), break_is_space("本报记者", "李华")
    (True, True)
    """
    if not before or not after:
        return False
    if after[0] not in FIXED_BREAK_AFTER_CHARS and before[-1] not in FIXED_BREAK_BEFORE_CHARS:
        return False
    if WEEKDAY_ITEM_RE.match(after):
        return DATE_ITEM_RE.match(before.strip()) is not None
    if HAN_START_RE.match(after) and (BRACKETED_TITLE_END_RE.search(before) or BYLINE_TITLE_RE.match(before.strip())):
        return True
    if EDITOR_NAME_END_RE.search(before) and EDITOR_TITLE_RE.match(after):
        # not inside a title (周伟责任 | 校对): none may start before the break and run past it
        tail = before[-5:]
        joined = tail + after[:8]
        return not any((m := EDITOR_TITLE_RE.match(joined, k)) and m.end() > len(tail) for k in range(len(tail)))
    return False
