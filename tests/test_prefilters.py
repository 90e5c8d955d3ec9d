"""Prefilters are loose forms of the rules they guard: they may let
through text the rule then rejects, never drop text the rule takes."""

import random
import re

import regex

from ocrmend.chars import HAN
from ocrmend.furniture import CANDIDATE_RE, HAN_ASTRAL_RANGES, HAN_RANGES, _grade
from ocrmend.model import Line

def random_text(rnd: random.Random, pieces, shortest: int, longest: int) -> str:
    """Between ``shortest`` and ``longest`` pieces drawn at random, joined."""
    return "".join(rnd.choice(pieces) for _ in range(rnd.randint(shortest, longest)))



def test_han_ranges_hold_every_han_letter():
    han = regex.compile(f"[{HAN}]")
    ranges = re.compile(f"[{HAN_RANGES}{HAN_ASTRAL_RANGES}]")
    missing = [hex(c) for c in range(0x110000) if han.match(chr(c)) and not ranges.match(chr(c))]
    assert missing == []


def test_every_graded_line_is_a_candidate():
    pieces = ["2022年9月1日", "星期四", "第5版", "A12", "12", "经济", "人 民 日 报", "S C I E N C E", "Page 3",
              "— 12 —", "责任编辑：张三", "NEWS", "The Daily", "《人民日报》（2025年10月20日 第 03 版）", "日",
              "農曆八月", "Monday, May 1, 2023", "2022 年 9 月 1 日", "１２版", "|", "·", "•", "P. 4", "北京晚报"]
    gaps = ["  ", " | ", "\u3000", " · ", " ", "\u2002", "\xa0\xa0", "\t", " \u2002  ", "｜", "\x1c"]
    rnd = random.Random(7)
    graded = 0
    for _ in range(20000):
        k = rnd.randint(1, 4)
        text = rnd.choice(gaps) if rnd.random() < 0.3 else ""
        text += rnd.choice(gaps).join(rnd.choice(pieces) for _ in range(k))
        text = text.lstrip(" \t\u3000\xa0").rstrip()
        if text and _grade(text):
            graded += 1
            assert CANDIDATE_RE.match("\n" + text), text
    assert graded > 1000


def test_body_lines_are_no_candidates():
    for text in ["The city council voted on Tuesday to approve a new budget for", "人类社会不仅面临治理赤字、信"]:
        assert not CANDIDATE_RE.match("\n" + text)


def test_spaced_pairs_tile_every_letter_spaced_run():
    """Every pair of neighbouring letters in a letter-spaced run is a match
    of the pair prefilters (so the first and last bound the runs), and
    collapsing inside those bounds is collapsing the whole text."""
    from ocrmend.spacing import (
        CJK_SPACED_PAIR_RE,
        LETTER_SPACED_CJK_RE,
        _join_spaced_run,
        collapse_letter_spacing,
    )

    alphabet = ["加", "强", "ア", "한", "〇", "々", "ー", "・", " ", " ", "  ", "\u3000", "，", "a", "1", "□", "𠀀", "㐀"]
    rnd = random.Random(3)
    spaced = skipped = 0
    for _ in range(20000):
        text = random_text(rnd, alphabet, 2, 12)
        for pattern in (CJK_SPACED_PAIR_RE,):
            found = {m.span() for m in pattern.finditer(text)}
            runs = list(LETTER_SPACED_CJK_RE.finditer(text))
            for run in runs:
                letters = [run.start() + k for k, ch in enumerate(run.group()) if ch not in " \u3000"]
                for a, b in zip(letters, letters[1:]):
                    assert (a + 1, b + 1) in found, (text, a, b)
            spaced += bool(runs)
            skipped += bool(not found and re.search("[加强ア한〇々𠀀㐀][ \u3000]", text))
        if not (text.isascii() or text[0] < "\x80" and text[1:2] == " "):
            assert collapse_letter_spacing(text) == LETTER_SPACED_CJK_RE.sub(_join_spaced_run, text), text
    assert spaced > 1000 and skipped > 1000  # (and the prefilters rule out many texts with a spaced letter)


def test_core_han_ranges_hold_letters_alone():
    """The prefilters' "no letter here" tests use HAN_CORE_RANGES: every
    character in them must be a HAN letter, or they could rule out a run."""
    from ocrmend.chars import HAN_RE
    from ocrmend.spacing import HAN_CORE_RANGES

    bounds = re.findall(r"\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?", HAN_CORE_RANGES)
    assert len(bounds) == HAN_CORE_RANGES.count("\\u") - HAN_CORE_RANGES.count("-")
    for a, b in bounds:
        for code in range(int(a, 16), int(b or a, 16) + 1):
            assert HAN_RE.match(chr(code)), hex(code)


def test_a_line_without_a_gap_is_one_item():
    """split_items' shortcut (no gap character in the line: one item) cuts
    as the gap pattern does."""
    from ocrmend.furniture import ITEM_GAP_RE, split_items

    alphabet = "ab1 年·•|｜\t\u3000\xa0-"
    rnd = random.Random(11)
    for _ in range(20000):
        text = random_text(rnd, alphabet, 0, 8)
        reference = [s for s in (p.strip() for p in ITEM_GAP_RE.split(text)) if s]
        if len(reference) <= 1:
            assert split_items(text) == reference, repr(text)


def test_an_even_ascii_item_needs_no_spacing_search():
    """_grade skips UNEVEN_SPACES_RE on an ASCII item with no two blanks in
    a row and nothing unprintable: the search finds nothing in those."""
    from ocrmend.furniture import UNEVEN_SPACES_RE

    alphabet = "ab1 -.,\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x00\x7f"
    rnd = random.Random(23)
    uneven = 0
    for _ in range(30000):
        text = random_text(rnd, alphabet, 1, 10)
        if UNEVEN_SPACES_RE.search(text):
            uneven += 1
            assert "  " in text or not text.isprintable(), repr(text)
    assert uneven > 1000


def _has_ocr_spacing_by_definition(text: str) -> bool:
    """has_ocr_spacing as first written: regex passes over the whole sample."""
    from ocrmend.spacing import LETTER_SPACED_CJK_RE, OCR_SPACE_RE

    text = text[:30000]
    if len(OCR_SPACE_RE.findall(text)) < 8:
        return False
    letters = (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2
    rest = len(OCR_SPACE_RE.findall(LETTER_SPACED_CJK_RE.sub("", text)))
    return rest >= 8 and rest > 0.01 * letters


def test_ocr_spacing_counted_line_by_line_is_the_whole_sample_count():
    """has_ocr_spacing collapses letter-spaced runs only on the lines that
    can hold one: the same answer as the whole-sample passes."""
    from ocrmend.spacing import has_ocr_spacing

    alphabet = ["加", "强", "ア", "한", "〇", " ", " ", "  ", "\u3000", "\t", "，", "。", "a", "1", "□", "𠀀", "\n", "“"]
    rnd = random.Random(11)
    answers = set()
    for _ in range(3000):
        text = random_text(rnd, alphabet, 20, 400)
        answer = has_ocr_spacing(text)
        answers.add(answer)
        assert answer == _has_ocr_spacing_by_definition(text), repr(text)
    assert answers == {True, False}


def test_is_cjk_text_counts_latin_letters_as_the_pattern_does():
    from ocrmend.chars import is_cjk_text

    alphabet = ["加", "a", "Z", "é", " ", "１", "ｚ", "𠀀", "—", "\n", "b", "c"]
    rnd = random.Random(13)
    for _ in range(3000):
        text = random_text(rnd, alphabet, 1, 60)
        wide = (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2
        assert is_cjk_text(text) == (2 * wide >= len(re.findall("[A-Za-z]", text))), text


def test_page_edges_match_the_definition():
    """_page_edge looks at the one line EDGE away on either side (pages only
    grow down the text); the definition looks at all EDGE lines on either side."""
    from ocrmend.furniture import _page_edge
    from ocrmend.tuning import PAGE_EDGE_LINES as EDGE

    def by_definition(pages, i):
        n, p = len(pages), pages[i]
        top = i < EDGE or any(pages[k] != p for k in range(i - EDGE, i))
        bottom = i + EDGE >= n or any(pages[k] != p for k in range(i + 1, i + EDGE + 1))
        return top or bottom, bottom and not top and i + EDGE >= n and all(pages[k] == p for k in range(i + 1, n))

    rnd = random.Random(17)
    for _ in range(2000):
        n = rnd.randint(1, 30)
        pages = sorted(rnd.randint(0, 4) for _ in range(n))
        lines = [Line("x", k + 1, page=p) for k, p in enumerate(pages)]
        one = pages[0] == pages[-1]
        for i in range(n):
            assert _page_edge(lines, i, one) == by_definition(pages, i), (pages, i)


def test_every_fixed_form_passes_the_opening_gate():
    """_fixed_form tries its four regexes only on a text that opens the way
    one of them can, or names a credit's verb: no form is missed."""
    from ocrmend.classify import BYLINE_RE, CREDIT_RE, FURNITURE_RE, NOTE_RE, opens_like_fixed_form

    pieces = ["2022年", "9月1日", "星期四", "第", "5", "版", "页", "１２", "٣", "A12", "—", "-", "责任编辑", "本版责编",
              "责编", "美编", "校对", "：", ":", "王琪", "摄", "攝", "（", "）", "(", ")", "资料图片", "新华社", "记者",
              "記者", "本报", "本報", "驻京", "□", "■", "赵磊", "、", "编者按", "編後", "作者系", "通讯员", "Page",
              "Photo by", "AP", "By", "Smith", "The author", "is", "Editor's note:", "的", "国", " ", "  ", "\u3000", "发"]
    rnd = random.Random(19)
    forms = 0
    for _ in range(60000):
        text = random_text(rnd, pieces, 1, 6).strip()
        if not text:
            continue
        if any(rx.match(text) for rx in (FURNITURE_RE, CREDIT_RE, BYLINE_RE, NOTE_RE)):
            forms += 1
            assert opens_like_fixed_form(text) or "摄" in text or "攝" in text, text
    assert forms > 2000


def test_blocks_matching_finds_the_blocks_a_search_finds():
    from ocrmend.model import Block, BlockType
    from ocrmend.mend import PUNCTUATION_REPAIR_RE, _blocks_matching

    alphabet = ["加", "a", ",", "(", "：", "\ufe10", "\ufe35", " ", "x"]
    rnd = random.Random(29)
    for _ in range(2000):
        blocks = [Block(BlockType.BODY, [], random_text(rnd, alphabet, 1, 8)) for _ in range(rnd.randint(1, 6))]
        expected = {k for k, b in enumerate(blocks) if PUNCTUATION_REPAIR_RE.search(b.text)}
        assert _blocks_matching(PUNCTUATION_REPAIR_RE, blocks) == expected


def test_merges_visit_every_run_that_can_belong():
    """glue_runs and merge_wrapped_heads hand merge_runs only the runs their
    rule can take: the result is that of asking about every run."""
    from ocrmend.heads import _is_wrapped_tail, merge_wrapped_heads
    from ocrmend.lines import read_lines
    from ocrmend.paragraphs import merge_runs
    from ocrmend.reading_order import _cjk_glue, _latin_glue, glue_runs

    texts = ["加强卫生（健康", "）领域", "，合作", "Mayor said,", "the plan", "CITY HALL", "VOTES TODAY", "End.", "by night",
             "□ 赵磊", "一", "中国", "“北京", "”", "cafe", "The end.", "Ü", "é", "  》书", "本报北京1月2日电",
             "综合体正式投入使用，为周边老人提供助餐、日间照料"]
    rnd = random.Random(31)
    for _ in range(1500):
        cjk = rnd.random() < 0.5
        page = "\n".join(rnd.choice(texts) + ("\n" if rnd.random() < 0.3 else "") for _ in range(rnd.randint(2, 12)))
        lines = read_lines(page, cjk)
        cuts = sorted(set(rnd.sample(range(1, len(lines)), rnd.randint(0, len(lines) - 1)))) if len(lines) > 1 else []
        bounds = [0, *cuts, len(lines)]
        runs = [lines[a:b] for a, b in zip(bounds, bounds[1:])]
        measures = [rnd.choice([8, 20, 40]) for _ in runs]
        glue = _cjk_glue if cjk else (lambda prev, run, w: _latin_glue(prev, run, w, prev[0] is runs[0][0]))
        assert glue_runs(runs, measures, cjk) == merge_runs(runs, measures, glue)
        if cjk:
            assert merge_wrapped_heads(runs, measures, True) == merge_runs(runs, measures, _is_wrapped_tail)


def test_spacing_repairs_behind_their_prefilters_do_what_the_patterns_do():
    """The space-next-to-a-mark pattern runs on stdlib re, found from the
    blank, and the digit/CJK repair first asks for a space next to a letter
    or digit (and two digits a space apart): both change exactly what the
    regex patterns as first written change."""
    from ocrmend.spacing import DIGIT_CJK_SPACE_RE, FULLWIDTH_PUNCT_SPACE_RE, SPACED_NUMBER_RE, remove_digit_cjk_spaces

    # (the pattern as first written: a lookbehind, then the blanks)
    fullwidth = regex.compile(
        r"(?<=[（《「『“‘〈【〔，、；：）》」』”’〉】〕])[ \u3000]+|[ \u3000]+(?=[（《「『“‘〈【〔，。、；：？！）》」』”’〉】〕])"
    )
    alphabet = ["加", "世", " ", "  ", "\u3000", "1", "9", "a", "Z", "%", "５", "，", "。", "）", "（", "“", "”", "x", "é", "-"]
    rnd = random.Random(43)
    changed = 0
    for _ in range(20000):
        text = random_text(rnd, alphabet, 1, 12)
        assert FULLWIDTH_PUNCT_SPACE_RE.sub("", text) == fullwidth.sub("", text), text
        plain = SPACED_NUMBER_RE.sub(lambda m: m.group().replace(" ", ""), DIGIT_CJK_SPACE_RE.sub("", text))
        assert remove_digit_cjk_spaces(text) == plain, text
        changed += plain != text
    assert changed > 500


def test_content_neighbours_skip_exactly_the_furniture():
    from ocrmend.classify import _content_neighbours

    rnd = random.Random(47)
    for _ in range(3000):
        n = rnd.randint(0, 12)
        furniture = sorted(rnd.sample(range(n), rnd.randint(0, n))) if n else []
        prev_of, next_of = _content_neighbours(n, furniture)
        content = [k for k in range(n) if k not in furniture]
        assert prev_of == [max([c for c in content if c < k], default=-1) for k in range(n)]
        assert next_of == [min([c for c in content if c > k], default=-1) for k in range(n)]


def test_each_fixed_form_passes_its_own_opening_test():
    """_fixed_form tries a form's regex only on a text that opens as that form
    can: every text a regex takes passes its test."""
    from ocrmend.classify import (
        BYLINE_RE,
        BYLINE_STARTS,
        CREDIT_RE,
        FURNITURE_RE,
        opens_as_strong_item,
        NOTE_RE,
        NOTE_STARTS,
        _may_be_credit,
    )

    gates = [
        (FURNITURE_RE, opens_as_strong_item),
        (CREDIT_RE, _may_be_credit),
        (BYLINE_RE, lambda t: t[0] in BYLINE_STARTS),
        (NOTE_RE, lambda t: t[0] in NOTE_STARTS),
    ]
    pieces = ["2022年", "9月1日", "星期四", "第", "5", "版", "页", "１２", "٣", "A12", "B", "—", "-", "责任编辑", "本版责编",
              "本版編輯", "责编", "美编", "校对", "：", ":", "王琪", "摄", "攝", "（", "）", "(", ")", "资料图片", "新华社",
              "记者", "記者", "本报", "本報", "驻京", "□", "■", "赵磊", "、", "编者按", "編後", "作者系", "通讯员", "Page",
              "Photo by", "Photographs:", "Pictures by", "农历", "版式设计", "PAGE", "P.", "Monday,", "January", "12,", "2024", "責編", "AP", "AFP", "Reuters", "Getty Images", "Xinhua", "By", "Smith",
              "JOHN SMITH", "/", "The author", "This writer", "is", "Editor's note:", "的", " ", "  ", "发", "Photo"]
    rnd = random.Random(53)
    taken = [0] * len(gates)
    for _ in range(80000):
        text = random_text(rnd, pieces, 1, 6).strip()
        if not text:
            continue
        for k, (rx, gate) in enumerate(gates):
            if rx.match(text):
                taken[k] += 1
                assert gate(text), (rx.pattern[:30], text)
    assert min(taken) > 200, taken


def test_is_credit_is_credit_re():
    """is_credit asks _may_be_credit before CREDIT_RE, at any length (the
    stages ask it of lines of every width): it takes what the regex takes."""
    from ocrmend.classify import CREDIT_RE, is_credit

    pieces = ["王琪", "摄", "攝", "（", "）", "(", ")", "资料图片", "新华社", "记者", "通讯员", "、", " ", "  ", "发", "發",
              "Photo by", "Pictures:", "AP", "(AFP", "Reuters", "Getty Images", "Xinhua", "JOHN SMITH", "/", "Smith", "的", "。"]
    rnd = random.Random(61)
    taken = 0
    for _ in range(40000):
        text = random_text(rnd, pieces, 0, 12)
        assert is_credit(text) == bool(CREDIT_RE.match(text)), text
        taken += is_credit(text)
    assert taken > 200, taken


def test_rows_find_offsets_skips_make_no_column_offset():
    """find_offsets measures only rows with a pad inside or an indent of
    MIN_COLUMN spaces or more: any other row starts no column at an offset
    that could count."""
    from ocrmend.layout import _starts
    from ocrmend.tuning import COLUMN_MIN_WIDTH as MIN_COLUMN

    alphabet = [" ", "  ", "    ", "a", "加", "1", "\t", "。", "\u3000"]
    rnd = random.Random(59)
    skipped = 0
    for _ in range(20000):
        row = random_text(rnd, alphabet, 0, 10)
        if "  " in row.strip(" ") or len(row) - len(row.lstrip(" ")) >= MIN_COLUMN:
            continue
        skipped += 1
        for unit in ("cells", "chars"):
            assert all(p < MIN_COLUMN for p in _starts(row, unit)), (row, unit)
    assert skipped > 1000


def test_rows_without_a_double_space_have_no_start():
    """_unfold measures only rows holding two spaces in a row: no other row
    has a pad, so no start, in either unit."""
    from ocrmend.layout import _starts

    alphabet = [" ", "a", "加", "1", "\t", "。", "\u3000", "\xa0", "“"]
    rnd = random.Random(67)
    for _ in range(20000):
        row = random_text(rnd, alphabet, 0, 12)
        if "  " not in row:
            assert _starts(row, "cells") == [] and _starts(row, "chars") == [], row


def test_types_name_every_block_type_and_nothing_else():
    """model.Types is BlockType's members as plain attributes (read fast in
    the stages' loops): the same names, the same objects."""
    from ocrmend.model import BlockType, Types

    names = {k for k in dir(Types) if not k.startswith("_")}
    assert names == {m.name for m in BlockType}
    assert all(getattr(Types, m.name) is m for m in BlockType)


def test_str_tests_say_what_the_latin_glue_patterns_say():
    """reading_order's str tests for a lowercase letter and an opening By
    agree with the patterns they stand for, on any text."""
    from ocrmend.reading_order import BYLINE_START_RE, LOWER_RE, has_ascii_lower, opens_with_by

    pieces = ["By", "BY", "by", "By_", "By1", "Byé", "By.", " ", "a", "A", "é", "É", "ß", "ǅ", "1", "_", "-", "加", "Σ", "ς", "ﬁ"]
    rnd = random.Random(29)
    agree = {"lower": 0, "by": 0}
    for _ in range(20000):
        text = random_text(rnd, pieces, 1, 5)
        assert has_ascii_lower(text) == bool(LOWER_RE.search(text)), repr(text)
        assert opens_with_by(text) == bool(BYLINE_START_RE.match(text)), repr(text)
        agree["lower"] += has_ascii_lower(text)
        agree["by"] += opens_with_by(text)
    assert min(agree.values()) > 1000


def test_letter_spacing_collapsed_in_its_window_is_collapsed_everywhere():
    """collapse_letter_spacing runs its pattern only between the first and
    the last spaced pair of letters: the same text as a pass over it all."""
    from ocrmend.spacing import LETTER_SPACED_CJK_RE, _join_spaced_run, collapse_letter_spacing

    alphabet = ["加", "强", "卫", "ア", "한", "〇", "𠀀", " ", " ", "  ", "\u3000", "，", "a", "1", "□", "摄", "“"]
    rnd = random.Random(31)
    changed = 0
    for _ in range(20000):
        text = random_text(rnd, alphabet, 1, 14)
        if text.isascii() or (text[0] < "\x80" and len(text) > 2 and text[1] == " "):
            continue  # (the Latin branch)
        whole = LETTER_SPACED_CJK_RE.sub(_join_spaced_run, text)
        assert collapse_letter_spacing(text) == whole, repr(text)
        changed += whole != text
    assert changed > 1000


def test_a_mid_page_item_opens_with_a_digit_or_a_letter_then_a_space_or_digit():
    """find_furniture asks MID_PAGE_ITEM_RE only of a line opening with a
    digit or with a space or a digit second: every item it takes opens so."""
    from ocrmend.furniture import DIGITS, MID_PAGE_ITEM_RE, MID_PAGE_SECOND

    alphabet = ["1", "23", "A", "B", " ", "  ", "x", "S C I", "١", "加"]
    rnd = random.Random(41)
    taken = 0
    for _ in range(20000):
        text = random_text(rnd, alphabet, 1, 6)
        if MID_PAGE_ITEM_RE.match(text):
            taken += 1
            assert text[0] in DIGITS or text[1:2] in MID_PAGE_SECOND, repr(text)
    assert taken > 500


def test_items_that_are_not_ascii_pass_the_strong_and_weak_gates():
    """_grade asks STRONG_ITEM_RE only of an item opening as a strong item
    can, and WEAK_ITEM_RE only of one of at most WEAK_ITEM_MAX_CHARS."""
    from ocrmend.classify import STRONG_ITEM_RE, STRONG_ITEM_STARTS
    from ocrmend.furniture import WEAK_ITEM_RE
    from ocrmend.tuning import WEAK_ITEM_MAX_CHARS

    def strong_gate(t: str) -> bool:
        return t[0] in STRONG_ITEM_STARTS or t[0].isdecimal() or t[0] > "\uffff"

    pieces = ["2022", "年", "9", "月", "1", "日", "星期四", "第", "版", "５", "０", "农历", "农历十一月初八", "責任編輯", "：", "王琪",
              "本版责编", "版式设计", "图片编辑", "—", "-", " ", "\u3000", "A", "12", "Page", "经济", "人民日报", "报", "𠀀",
              "٣", "١٢", "加", "强", "卫", "生", "，", "x"]
    rnd = random.Random(67)
    taken = {"strong": 0, "weak": 0}
    for _ in range(60000):
        text = random_text(rnd, pieces, 1, 7).strip()
        if not text:
            continue
        if STRONG_ITEM_RE.match(text):
            taken["strong"] += 1
            assert strong_gate(text), repr(text)
        if WEAK_ITEM_RE.match(text):
            taken["weak"] += 1
            assert text.isascii() or len(text) <= WEAK_ITEM_MAX_CHARS, repr(text)
    assert min(taken.values()) > 300, taken
    # every digit the regex module knows in the BMP is a decimal to Python
    bmp = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    assert all(c.isdecimal() for c in regex.findall(r"\d", bmp))
    # the longest weak item: six letters, five blanks
    assert WEAK_ITEM_RE.match("加 强 卫 生 健 康") and len("加 强 卫 生 健 康") == WEAK_ITEM_MAX_CHARS


def test_space_led_prefilters_find_what_the_plain_classes_find():
    """S004's prefilters open with the space: they find a match exactly
    where the class-led forms they replace do."""
    from ocrmend.spacing import SPACE_BY_ALNUM_RE, SPACED_DIGITS_RE

    pairs = [(SPACE_BY_ALNUM_RE, re.compile("[0-9A-Za-z%０-９] | [0-9A-Za-z０-９]")), (SPACED_DIGITS_RE, re.compile(r"[0-9] [0-9.%]|[0-9]\. [0-9]"))]
    alphabet = ["加", "世", " ", "  ", "1", "9", "a", "Z", "%", "５", "，", "。", "\u3000", "-", "é", "1 2", ".", "4. 2"]
    rnd = random.Random(73)
    found = [0, 0]
    for _ in range(20000):
        text = random_text(rnd, alphabet, 1, 10)
        for k, (led, plain) in enumerate(pairs):
            assert bool(led.search(text)) == bool(plain.search(text)), repr(text)
            found[k] += plain.search(text) is not None
    assert min(found) > 2000


def test_stdlib_patterns_of_named_characters_answer_as_the_regex_module():
    """Patterns that name their characters one by one give the same
    matches in stdlib re as in the regex module, where they were written."""
    from ocrmend.classify import ENUMERATED_RE, TRAILING_NOTE_RE
    from ocrmend.join import WHITESPACE_RUN_RE

    alphabet = ["１", "2", "12", "、", ".", "．", "一", "十", "三", "（", "）", "(", ")", "附图片", "新年", " ", "\u3000", "\t",
                "\xa0", "\n", "\x1c", "\u2003", "a", "。"]
    rnd = random.Random(79)
    found = 0
    for _ in range(20000):
        text = random_text(rnd, alphabet, 0, 8)
        for std in (ENUMERATED_RE, TRAILING_NOTE_RE, WHITESPACE_RUN_RE):
            twin = regex.compile(std.pattern)
            assert [m.span() for m in std.finditer(text)] == [m.span() for m in twin.finditer(text)], (std.pattern, text)
            assert bool(std.match(text)) == bool(twin.match(text))
            found += std.search(text) is not None
    assert found > 5000


def test_a_column_cut_falls_where_its_cells_are_first_reached():
    from ocrmend.chars import display_width
    from ocrmend.layout import _cell_index

    rnd = random.Random(3)
    for _ in range(20000):
        line = random_text(rnd, ["a", " ", "中", "文", "“", "—", "\u3000", "１", "é"], 0, 30)
        cells = rnd.randint(0, 70)
        k = _cell_index(line, cells)
        if display_width(line) < cells:
            assert k == len(line)
        else:  # the shortest prefix that wide
            assert display_width(line[:k]) >= cells and (k == 0 or display_width(line[: k - 1]) < cells)


def test_a_sentence_whose_tail_stands_nowhere_around_has_no_pull_quote():
    from ocrmend.interruptions import _is_pull_quote, _tail_repeats
    from ocrmend.tuning import INTERRUPTION_MAX_LINES

    rnd = random.Random(5)
    sentences = ["他们说这是一个好的开始。", "今年的收成比去年更好一些。", "大家都来到了广场上。", "这件事情还要再商量一下。", "天气很好"]
    tried = passed = 0
    for _ in range(3000):
        lines = [Line(random_text(rnd, sentences, 1, 3), k + 1) for k in range(rnd.randint(4, 14))]
        texts = ["".join(ln.text.split()) for ln in lines]
        starts = [0]
        for t in texts:
            starts.append(starts[-1] + len(t))
        page = "".join(texts)
        openings = {starts[0]}
        for b in range(1, len(lines) - 1):
            first = max(1, b - INTERRUPTION_MAX_LINES)
            for a in range(first, b + 1):
                tried += 1
                if _is_pull_quote(lines, page, starts, openings, a, b):
                    passed += 1
                    assert _tail_repeats(page, starts, first, b)
    assert passed > 100 and tried > passed


def test_cells_counted_character_by_character_are_the_display_width():
    from ocrmend.chars import display_width
    from ocrmend.layout import _cells

    rnd = random.Random(4)
    for _ in range(5000):
        piece = random_text(rnd, ["a", " ", "中", "“", "—", "\u3000", "１", "é", "\U00020000", "ｱ", "…"], 0, 20)
        assert _cells(piece) == display_width(piece), piece
