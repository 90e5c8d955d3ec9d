"""Properties of ``ocrmend.clean`` on generated pages (hypothesis).

Pages are built the way newspapers and extractors make them: Chinese
paragraphs drawn from a small pool of sentences, hard-wrapped at a column
measure in display cells (CJK and full-width 2, ASCII 1; closing marks hang
past the measure, opening marks never end a line, Latin/digit runs are not
split; a paragraph's first line is indented by two ideographic spaces or two
characters short), optionally a blank line after every line, a letter-spaced
headline, OCR spaces between CJK characters, half-width punctuation, and
English paragraphs wrapped at 40-70 columns.

(a) lossless: the NFKC-folded multiset of non-whitespace characters of the
    input equals that of all blocks' text (furniture included);
(b) idempotent: cleaning the text output gives the same text output;
(c) no input raises, control characters, form feeds and CRs included (and
    arbitrary text is lossless too).

Known gaps are ``xfail(strict=True)`` with their minimal examples in the reason.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ocrmend
from invariants import blocks_multiset, document_text, edited_away, multiset_diff, nonspace_multiset

PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Written for these tests (not taken from any corpus): plain news sentences
# with the marks, digits and Latin runs that make wrapping and spacing hard.
CJK_SENTENCES = [
    "春雨过后，田野里的麦苗长得格外精神。",
    "村里新修的道路通到了每家每户门口。",
    "孩子们在图书馆里安静地读书，窗外阳光正好。",
    "今年全市共植树2.3万棵，绿化面积明显增加。",
    "这座老桥已有一百多年历史，至今仍在使用。",
    "专家认为，提高服务质量是下一步工作的重点。",
    "清晨的菜市场里人来人往，蔬菜新鲜又便宜。",
    "“我们一定要把好事办好。”村支书说。",
    "据统计，2019年全省接待游客超过8000万人次。",
    "工厂引进了新设备，生产效率提高了三成。",
    "老人们每天下午都在公园里下棋、聊天。",
    "学校开设了书法、绘画和音乐等兴趣课程。",
    "这项技术已在多个城市推广应用。",
    "河水清了，岸边又飞来了白鹭。",
    "他说：“只要肯干，日子就会越过越好。”",
    "记者在现场看到，施工队伍正在加紧作业。",
    "小镇的夜晚很安静，只有几声犬吠。",
    "为方便群众办事，政务大厅延长了服务时间。",
    "这批物资将于下周运抵灾区。",
    "研究人员发现，这种植物对环境变化十分敏感。",
    "她用了整整十年时间，记录下家乡的变化。",
    "市民可以通过手机预约挂号，省去了排队的麻烦。",
    "新建的体育馆可容纳观众5000人。",
    "会议讨论了《城市更新规划（草案）》。",
    "面对困难，大家没有退缩，而是迎难而上。",
    "这是一个值得深思的问题！",
    "明天会更好吗？答案在每个人手中。",
    "货车司机老王已经在这条路上跑了二十年。",
    "山区的孩子第一次看到了大海……",
    "该公司今年的研发投入同比增长15%。",
    "GDP增速保持在合理区间，就业形势总体稳定。",
    "展览共展出书画作品300余件；其中，近半数为首次公开。",
]
CJK_HEADLINES = [
    "春到田间农事忙",
    "老桥新貌",
    "让城市更宜居",
    "书香满校园",
    "山村的变化",
    "科技助力乡村振兴",
    "共筑健康丝路 共享健康发展",
]
EN_SENTENCES = [
    "The city council approved the new budget on Tuesday.",
    "Officials said the bridge would reopen next month.",
    "Local farmers expect a strong harvest this year, despite the dry spring.",
    "The museum will extend its opening hours in summer.",
    "Residents welcomed the decision, but some raised concerns about the cost.",
    "Schools in the district reported higher attendance.",
    "The company plans to hire 200 workers by March.",
    "Rain is expected to continue through the weekend.",
    "Volunteers cleaned up the riverbank on Saturday morning.",
    "A spokesman declined to comment on the report.",
    "Prices rose 3.5 percent in the first quarter, the bureau said.",
    "Traffic on the new ring road has been lighter than forecast.",
]

# What the generator treats as unbreakable or special when wrapping.
LATIN_RUN_RE = re.compile(r"[A-Za-z0-9]+(?:[.,:/%-][A-Za-z0-9]+)*%?")
HANGING = "，。、；：？！）》」』”’…％"
OPENING = "（《「『“‘"
HALF_WIDTH = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}


def cells(text: str) -> int:
    """Display cells, as the extractors' typesetters count them (independent of ocrmend)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def units(text: str) -> list[str]:
    """Wrapping units: a Latin/digit run, ``……`` or ``——`` whole, else one character."""
    out, i = [], 0
    while i < len(text):
        m = LATIN_RUN_RE.match(text, i)
        if m:
            out.append(m.group())
            i = m.end()
        elif text[i : i + 2] in ("……", "——"):
            out.append(text[i : i + 2])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return out


def wrap_cjk(text: str, width: int, first_cap: int) -> list[str]:
    """Greedy CJK wrap: closing marks hang past the measure, opening marks move down."""
    lines: list[list[str]] = [[]]
    used, cap = 0, first_cap
    for u in units(text):
        w = cells(u)
        if used + w <= cap or not lines[-1] or u[0] in HANGING:
            lines[-1].append(u)
            used += w
            continue
        carry = []
        while lines[-1] and lines[-1][-1][0] in OPENING:
            carry.insert(0, lines[-1].pop())
        lines.append(carry + [u])
        used, cap = sum(cells(x) for x in lines[-1]), width
    return ["".join(line) for line in lines if line]


def wrap_latin(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def letter_space(text: str) -> str:
    """加强卫生 -> 加 强 卫 生; a real space becomes a wider gap."""
    return "   ".join(" ".join(word) for word in text.split(" "))


def add_ocr_spaces(line: str, rate: float, rng: random.Random) -> str:
    out = [line[0]] if line else []
    for a, b in zip(line, line[1:]):
        if cells(a) == 2 and cells(b) == 2 and rng.random() < rate:
            out.append(" " * rng.choice((1, 1, 1, 2)))
        out.append(b)
    return "".join(out)


def add_half_width(line: str, rate: float, rng: random.Random) -> str:
    return "".join(HALF_WIDTH[ch] if ch in HALF_WIDTH and rng.random() < rate else ch for ch in line)


@st.composite
def pages(draw: st.DrawFn, ocr_noise: bool = True, english_allowed: bool = True) -> str:
    """A page as an extractor gives it; ``ocr_noise=False`` leaves out OCR spaces
    and half-width punctuation, ``english_allowed=False`` the English paragraphs."""
    width = draw(st.integers(24, 40), label="measure (cells)")
    double_spaced = draw(st.booleans(), label="blank line after every line")
    indent = draw(st.sampled_from(["lost", "ideographic", "spaces"]), label="first-line indent")
    headline = draw(st.none() | st.sampled_from(CJK_HEADLINES), label="headline")
    spaced_headline = draw(st.booleans(), label="headline letter-spaced")
    paragraphs = draw(
        st.lists(st.lists(st.sampled_from(CJK_SENTENCES), min_size=1, max_size=4), min_size=1, max_size=4),
        label="paragraphs",
    )
    ocr_rate = draw(st.sampled_from([0.0, 0.0, 0.1, 0.3, 0.6] if ocr_noise else [0.0]), label="OCR space rate")
    half_rate = draw(st.sampled_from([0.0, 0.0, 0.1, 0.5] if ocr_noise else [0.0]), label="half-width rate")
    english = draw(
        st.lists(st.lists(st.sampled_from(EN_SENTENCES), min_size=1, max_size=3), max_size=2 if english_allowed else 0),
        label="english",
    )
    en_width = draw(st.integers(40, 70), label="english measure")
    seed = draw(st.integers(0, 2**16), label="noise seed")
    rng = random.Random(seed)

    out: list[str] = []
    if headline:
        out.append(" " + (letter_space(headline) if spaced_headline else headline))
    for sentences in paragraphs:
        lead = {"lost": "", "ideographic": "\u3000\u3000", "spaces": "  "}[indent]
        first_cap = width - 4 if indent == "lost" else width - cells(lead)
        lines = wrap_cjk("".join(sentences), width, first_cap)
        lines = [add_half_width(add_ocr_spaces(ln, ocr_rate, rng), half_rate, rng) for ln in lines]
        lines[0] = lead + lines[0]
        out.extend(lines)
    for sentences in english:
        lines = wrap_latin(" ".join(sentences), en_width)
        lines[0] = "    " + lines[0]
        out.extend(lines)
    sep = "\n\n" if double_spaced else "\n"
    return sep.join(out) + "\n"


# ------------------------------------------------------------ (a) lossless
@PROPERTY_SETTINGS
@given(pages())
def test_no_character_lost_or_invented(page: str) -> None:
    doc = ocrmend.clean(page)
    want, got = nonspace_multiset(page), blocks_multiset(doc)
    assert got == want, multiset_diff(want, got)


# ------------------------------------------------------------ (b) idempotent
# Minimal pages on which cleaning the text output changed it (found by this
# property, shrunk by hand).  An open gap carries its reason and is an
# xfail(strict=True) case, so its fix shows as an XPASS; a fixed one stays as
# a plain regression case.
IDEMPOTENCE_EXAMPLES: dict[str, tuple[str, str | None]] = {
    "space-before-widened-comma": (
        "春雨过后 ,田野里的麦苗长得格外精神。\n",
        None,  # fixed: marks are widened before the space rules run
    ),
    # fixed: four indented one-line blocks (verse, as in 011-ocr-spaces) gave the text
    # output '春\n\n夏\n\n秋\n\n冬', which read as a double-spaced source and was
    # cleaned into '春夏秋冬'; lines whose commonest width is no column's are not wrapped
    "one-line-blocks-merge": ("  春\n  夏\n  秋\n  冬\n", None),
    "mixed-script-spaced-page": (
        " 春到田间农事忙\n春雨过 后，田 野  里的麦苗\n长  得格 外 精 神。 春雨过后，田\n野 里的  麦苗 长得格 外 精神 。春\n"
        "雨过后，田 野里的  麦  苗 长得格\n外 精 神。\n    The city council approved the new budget\n"
        "on Tuesday. The city council approved\nthe new budget on Tuesday.\n",
        # fixed: the first clean cuts '…长得格' / '外精神。' apart (the spaced lines give no
        # steady measure); the text output, a block a line with widths all different, no
        # longer reads as a double-spaced column whose lines it joins
        None,
    ),
    # fixed in b28e94c: was cut after '他说：', and the text output cleaned back into one block
    "colon-line-then-quote": ("他说：\n“只要肯干，日子就会越过越好。”\n", None),
    "wrapped-cjk-on-a-latin-page": (
        " 春到田间农事忙\n春雨过后，  田野里的 麦\n苗长得格外精神。春雨过后，\n田 野里的麦苗 长 得格外精神。\n"
        "春雨过后，田 野里的麦苗长\n得格 外精神。春雨过后，田\n野里的麦苗长得 格外精神。\n"
        "    The city council approved the new budget\non Tuesday. The city council approved the\n"
        "new budget on Tuesday. The city council\napproved the new budget on Tuesday.\n",
        # fixed: two English sentences made this a Latin page, the CJK lines measured against the
        # Latin column were cut a line a block, and read again as a double-spaced column they joined;
        # a CJK character now weighs two cells against a letter's one (chars.is_cjk_text)
        None,
    ),
    "three-lines-one-cell-apart": (
        " 老桥新貌\n\n  这是一个值得深思的问题！春雨过\n\n后,田野里的麦苗长得格外精神。\n",
        # fixed: three lines of widths all different (8, 30, 29 cells) shared no measure, so the
        # blank lines parted blocks; widened in the text output, ',' took a cell more and two lines
        # shared a width of 30 (a column) and joined. Widths are compared as they will print.
        None,
    ),
    "ocr-spaces-read-as-columns": (
        "  这项技术 已 在 多  个 城 市 推 广\n应用  。这 项  技 术 已在 多 个 城  市\n推  广  应用。\n"
        "  “我们  一定要把 好 事 办好 。 ”\n村  支 书说 。这批 物 资 将  于下  周\n运抵 灾区  。研  究 人 员 发现， 这\n"
        "种 植 物  对环境变 化十 分敏感  。\n他说 ： “只要  肯干，日子  就会\n越过 越 好 。”\n"
        "  学校  开设  了 书 法  、绘 画  和 音\n乐等兴 趣课 程  。\n",
        # fixed: an OCR engine's double spaces met at one offset in four of eleven short rows by
        # chance, and the page was read as two columns side by side; on a page an OCR engine
        # spaced, a column gutter is now three spaces wide in most rows (layout.OCR_PAGE_GUTTER)
        None,
    ),
    "tiny-mixed-page-read-a-block-a-line": (
        "\u3000\u3000GDP增 速 保持 在合 理区  间 ，\n\n就业 形势总 体  稳 定  。GDP增速\n\n"
        "体  稳 定。 研 究 人 员 发  现 ，这 种\n\nforecast. Traffic on the new ring road has been lighter\n\n"
        "than forecast. A spokesman declined to comment on the\n",
        # fixed: five lines of widths all different were kept a block a line; in the text output the
        # letter-spaced runs were collapsed, three lines shared a width, and the text read as a column
        # whose Latin lines joined. Text in the output's form needs a measure four CJK lines share
        # (tuning.BLOCK_A_LINE_SHARED_CJK): three short CJK blocks of a width are chance as often.
        None,
    ),
}
IDEMPOTENCE_GAP = "text output not stable under a second clean(): " + "; ".join(
    f"{page!r}: {why}" for page, why in IDEMPOTENCE_EXAMPLES.values() if why
)


def assert_idempotent(page: str) -> None:
    text = document_text(ocrmend.clean(page))
    assert document_text(ocrmend.clean(text)) == text


@pytest.mark.xfail(any(why for _, why in IDEMPOTENCE_EXAMPLES.values()), strict=True, reason=IDEMPOTENCE_GAP)
@settings(PROPERTY_SETTINGS, derandomize=True, database=None)  # an xfail must not depend on luck
@given(pages())
@example(page=IDEMPOTENCE_EXAMPLES["space-before-widened-comma"][0])
@example(page=IDEMPOTENCE_EXAMPLES["one-line-blocks-merge"][0])
@example(page=IDEMPOTENCE_EXAMPLES["colon-line-then-quote"][0])
@example(page=IDEMPOTENCE_EXAMPLES["mixed-script-spaced-page"][0])
@example(page=IDEMPOTENCE_EXAMPLES["three-lines-one-cell-apart"][0])
@example(page=IDEMPOTENCE_EXAMPLES["wrapped-cjk-on-a-latin-page"][0])
@example(page=IDEMPOTENCE_EXAMPLES["ocr-spaces-read-as-columns"][0])
@example(page=IDEMPOTENCE_EXAMPLES["tiny-mixed-page-read-a-block-a-line"][0])
def test_cleaning_clean_text_changes_nothing(page: str) -> None:
    """(None of 1,500 pages drawn at random changed when last measured;
    the examples above are the pages that once did.)"""
    assert_idempotent(page)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(page, id=name, marks=[pytest.mark.xfail(strict=True, reason=why)] if why else [])
        for name, (page, why) in IDEMPOTENCE_EXAMPLES.items()
    ],
)
def test_idempotence_example(page: str) -> None:
    assert_idempotent(page)


# Open gaps a random draw found (2026-12-07, 4 of 1,500 pages, one family;
# present at ae66c9f too), kept apart from the examples above so that the
# property test stays a strict check of its own draws: each is a strict xfail.
IDEMPOTENCE_OPEN: dict[str, tuple[str, str]] = {
    "cjk-column-measured-by-the-latin-lines-under-it": (
        "  今年全市共植树2.3万棵，绿化\n\n面积明显增加。清晨的菜市场里\n\n人来人往，蔬菜新鲜又便宜。春\n\n雨过后，田野里的麦苗长得格外\n\n精神。新建的体育馆可容纳观众\n\n"
        "5000人。\n\n    The city council approved the new budget\n\n"
        "on Tuesday. The city council approved the\n\nnew budget on Tuesday. Rain is expected\n\n"
        "to continue through the weekend.\n\n    The city council approved the new budget\n\non Tuesday.\n",
        "a tiny double-spaced page, six CJK lines over six English ones, read as a Latin page: the CJK lines "
        "are measured against the English column (40 cells) and kept a line a block; in the text output they "
        "share a measure of their own and join (too few lines either side for the measure's change to be cut)",
    ),
}


@pytest.mark.parametrize(
    "page",
    [pytest.param(page, id=name, marks=[pytest.mark.xfail(strict=True, reason=why)]) for name, (page, why) in IDEMPOTENCE_OPEN.items()],
)
def test_idempotence_open_gap(page: str) -> None:
    assert_idempotent(page)


# ------------------------------------------------------------ (c) never raises
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from("\f\r\n\t \u3000\u00a0\x0b\x1c\x85\u2028\ufeff，。、：“”（）加强卫生□摄 aZ09-,:"),
    ),
    max_size=300,
)


@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_any_text_is_cleaned_without_error(text: str) -> None:
    doc = ocrmend.clean(text)
    for block in doc.blocks:
        assert block.text == block.text.strip()
    document_text(doc)


@PROPERTY_SETTINGS
@given(ANY_TEXT)
@example("A-\rA加")  # (a line-end hyphen the join drops is a recorded edit, H001)
def test_any_text_loses_nothing(text: str) -> None:
    """Lossless on arbitrary text too (a leading BOM is encoding, not content):
    what is not in the output went by a recorded edit."""
    doc = ocrmend.clean(text, explain=True)
    want, got = nonspace_multiset(text.removeprefix("\ufeff")), blocks_multiset(doc)
    out, put = edited_away(doc)
    assert want - got <= out and got - want <= put, multiset_diff(want, got)
