"""The same small newspaper PDF read by three extractors (issue 3, item 4).

``tests/fixtures/extractors/`` holds what plain ``pdftotext``,
``pdftotext -layout`` and PyMuPDF's ``page.get_text()`` make of a two-page PDF
written for these tests (``make.py`` there builds it; the tests need neither
PyMuPDF nor poppler).  Page 1: running head, a headline wrapped over two lines,
byline, source line, body in two columns, footer; page 2: the same with a
one-line headline and three columns.  ``expected.json`` lists what a reader
sees: headline, byline and body paragraphs in reading order.

Each item is its own test so that a regression shows which one broke.  The
items ocrmend gets wrong today are strict xfails, each with the pattern behind
it; a fix makes them pass and the xfail has to go.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ocrmend
from ocrmend.model import BlockType

HERE = Path(__file__).resolve().parent / "fixtures" / "extractors"
EXTRACTORS = {"pdftotext": "pdftotext.txt", "layout": "pdftotext-layout.txt", "pymupdf": "pymupdf.txt"}
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["blocks"]

# item names: h1 b1 p1.1..p1.6 (page 1), h2 b2 p2.1..p2.4 (page 2)
ITEMS: list[tuple[str, dict]] = []
_page, _para = 0, 0
for _b in EXPECTED:
    if _b["type"] == "headline":
        _page, _para = _page + 1, 0
        ITEMS.append((f"h{_page}", _b))
    elif _b["type"] == "byline":
        ITEMS.append((f"b{_page}", _b))
    else:
        _para += 1
        ITEMS.append((f"p{_page}.{_para}", _b))

PLAIN_ORDER = (
    "plain pdftotext reads the tight three-column page 2 out of order (columns 2 and 3 "
    "interleaved line by line) and scatters the source line's pieces into the text; "
    "the order is lost in the extractor, nothing downstream can restore it"
)
LAYOUT_STRETCH = (
    "-layout: the side-by-side stretch starts at the running head (its padded items reach the "
    "column offset), so the centred byline above the body is cut into two columns"
)
LAYOUT_RAGGED = (
    "-layout, three CJK columns: column 3 starts at ragged character offsets (half-width digits "
    "in column 2, a single space between columns on two rows), no offset is agreed, "
    "columns 2 and 3 stay merged and the page-2 body is read across"
)
HEAD_WRAP = (
    "a headline wrapped mid-word with no open bracket on its first line is cut into two "
    "blocks when the second line is centred (-layout indent); see heads.py for the bracket case"
)
KNOWN = {
    ("pdftotext", "p1.1"): "plain pdftotext splits the source line《…》（2025年3月8日 / 第 04 版）: its first half "
    "is not recognised as furniture and is glued to the first paragraph",
    **{("pdftotext", f"p2.{k}"): PLAIN_ORDER for k in range(1, 5)},
    ("layout", "h1"): HEAD_WRAP,
    ("layout", "b1"): LAYOUT_STRETCH,
    **{("layout", f"p2.{k}"): LAYOUT_RAGGED for k in range(1, 5)},
    ("pymupdf", "p1.6"): "PyMuPDF: the last paragraph of page 1 is cut after its first line (before the footer "
    "and a page whose measure is narrower); typed headline + deck",
}
HEAD_TYPE_KNOWN = {
    ("pdftotext", "h1"): "running-head pieces (第 / 版 / 社会, a line each) above it are typed headline, so it becomes a deck",
    ("pdftotext", "h2"): "running-head pieces above it are typed headline, so it becomes a deck",
    ("layout", "h1"): HEAD_WRAP,
    ("layout", "h2"): "the running head is read into column 1 and the headline after it is typed body",
    ("pymupdf", "h1"): "the running head '第 04 版 社会' is not recognised as furniture (a page label followed "
    "by a section name), is typed headline, and the real headline becomes a deck",
    ("pymupdf", "h2"): "as h1: '第 05 版 生态' kept as a headline",
}


def _doc(extractor: str):
    return ocrmend.clean((HERE / EXTRACTORS[extractor]).read_bytes(), source=EXTRACTORS[extractor])


_CACHE: dict[str, list] = {}


def content_blocks(extractor: str):
    if extractor not in _CACHE:
        _CACHE[extractor] = [b for b in _doc(extractor).blocks if b.type is not BlockType.FURNITURE]
    return _CACHE[extractor]


def _params(known: dict, items) -> list:
    out = []
    for ex in EXTRACTORS:
        for name, block in items:
            marks = [pytest.mark.xfail(strict=True, reason=known[(ex, name)])] if (ex, name) in known else []
            out.append(pytest.param(ex, name, block, id=f"{ex}-{name}", marks=marks))
    return out


@pytest.mark.parametrize("extractor,name,expected", _params(KNOWN, ITEMS))
def test_block_text(extractor: str, name: str, expected: dict) -> None:
    """The item comes out as one block, its text exactly as printed."""
    texts = [b.text for b in content_blocks(extractor)]
    assert expected["text"] in texts, f"{name} not a block of its own; blocks: {texts}"


@pytest.mark.parametrize(
    "extractor,name,expected", _params(HEAD_TYPE_KNOWN, [(n, b) for n, b in ITEMS if n.startswith("h")])
)
def test_headline_type(extractor: str, name: str, expected: dict) -> None:
    types = {b.text: b.type for b in content_blocks(extractor)}
    assert types.get(expected["text"]) is BlockType.HEADLINE, types


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_reading_order_of_what_was_found(extractor: str) -> None:
    """The expected items that come out whole come out in reading order."""
    texts = [b.text for b in content_blocks(extractor)]
    found = [texts.index(b["text"]) for _, b in ITEMS if b["text"] in texts]
    assert found == sorted(found)
    assert len(found) >= 6  # most of page 1 at least, whatever the extractor


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_footers_are_furniture(extractor: str) -> None:
    """The page footers 第 N 页 never stay in the text output."""
    text = _doc(extractor).to_text()
    for label in ("第 1 页", "第1页", "第 2 页", "第2页"):
        assert label not in text.split("\n"), label


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_no_content_lost(extractor: str) -> None:
    """Every non-space character of the expected blocks is in the output (furniture included)."""
    from collections import Counter

    got = Counter(ch for b in _doc(extractor).blocks for ch in b.text if not ch.isspace())
    want = Counter(ch for b in EXPECTED for ch in b["text"] if not ch.isspace())
    assert not (want - got), want - got


# --- the rules behind the fixes, on minimal pages ------------------------------------------


def test_padded_table_is_not_read_as_columns() -> None:
    """A list of names padded apart (an editors' box, as -layout and PyMuPDF give it)
    stays row by row: its 'columns' hold no run of text MIN_COLUMN wide."""
    from ocrmend.layout import unfold_columns

    rows = [
        "一版编辑：王  平  李小雨  赵  明",
        "二版编辑：孙立新  周  红  钱  多",
        "三版编辑：吴  越  郑大川  冯  雪",
        "四版编辑：陈思远  褚  云  卫  东",
        "《晨光日报》（2025年3月8日 第 03 版）",
    ]
    assert unfold_columns("\n".join(rows)) is None


def test_column_cut_never_falls_on_a_single_space() -> None:
    """A row crossing the column offset at a word space is a line across the columns."""
    from ocrmend.layout import _fits

    assert not _fits("    《晨光日报》（2025年3月8日 第 03 版）", "cells", [34])
    assert _fits("甲甲甲甲甲甲甲甲甲甲    乙乙乙乙", "cells", [24])
    assert _fits("甲甲甲甲", "cells", [24])  # stops before the offset


def test_real_columns_still_unfold() -> None:
    from ocrmend.layout import unfold_columns

    left = ["城东的早市天不亮就热闹起来，", "卖菜的摊主把新鲜的青菜摆上，", "买菜的老人排起了长长的队伍。", "有人说这是一天最有烟火气的"]
    right = ["河边的步道上，晨跑的人三三两", "两，有人停下来看水鸟掠过水面", "，也有人在柳树下打太极拳，一", "招一式，不紧不慢。"]
    from ocrmend.chars import display_width

    text = "\n".join(a + " " * (32 - display_width(a)) + b for a, b in zip(left, right))  # padded to one offset
    out = unfold_columns(text)
    assert out is not None
    assert out[0].replace("\x1e", "").split("\n") == left + right


@pytest.mark.parametrize(
    "lines,blocks",
    [
        # a headline whose first line ends inside a bracket, its tail centred (-layout)
        (["城东早市迎来新摊位（民生", "          一线）", "本报记者 许晴", "", "  早市扩建后新增摊位四十个。"], 3),
        # a run that starts with a closing mark is the tail of the run above
        (["河边步道全线贯通“十分钟", "                ”健身圈基本形成", "本报记者 许晴"], 2),
        # a quoted paragraph left open, next paragraph opening a new quote: stays apart
        (["  “我们每天五点起床。", "  “然后去河边跑步。”他说。"], 2),
    ],
)
def test_wrapped_heads(lines: list[str], blocks: int) -> None:
    doc = ocrmend.clean("\n".join(lines))
    assert len([b for b in doc.blocks if b.type is not BlockType.FURNITURE]) == blocks, [b.text for b in doc.blocks]


# Two paragraphs set at a column measure of 31 characters, under a headline.
_BODY = [
    "",
    "  早市扩建后新增摊位四十个，方便了周边居民买菜购物，也让不少摊主",
    "有了稳定的经营场所。市场管理方介绍，新摊位按照统一标准建设，水电",
    "配套齐全，环境整洁有序。",
    "  据了解，今年以来全市共改造提升农贸市场十二个，惠及居民二十多万",
    "人，下一步还将继续推进。",
]


@pytest.mark.parametrize(
    "head,expected",
    [
        # a long headline its big type wrapped (plain pdftotext): a short tail right under it
        (["全市首批社区养老服务综合体本月正式投入", "使用并运营"], ["全市首批社区养老服务综合体本月正式投入使用并运营"]),
        (["全市首批社区养老服务综合体本月正式投入使", "用于老人助餐"], ["全市首批社区养老服务综合体本月正式投入使用于老人助餐"]),
        # a bare name, a foreign name, a spaced name under a long headline: a byline
        (["城东早市迎来新摊位，市民买菜更加方便", "许晴"], ["城东早市迎来新摊位，市民买菜更加方便", "许晴"]),
        (["一个西班牙人眼中的城东早市和新摊位", "胡里奥·塞瓦略斯"], ["一个西班牙人眼中的城东早市和新摊位", "胡里奥·塞瓦略斯"]),
        (["全市首批社区养老服务综合体本月正式投入", "许  晴"], ["全市首批社区养老服务综合体本月正式投入", "许晴"]),
        # bylines of four characters or more: a list of names, a role, a compound surname
        (["城东早市迎来新摊位，市民买菜更加方便", "许晴、林立"], ["城东早市迎来新摊位，市民买菜更加方便", "许晴、林立"]),
        (["让改革发展成果更多更公平惠及全体人民", "人民日报评论员"], ["让改革发展成果更多更公平惠及全体人民", "人民日报评论员"]),
        (["城东早市迎来新摊位，市民买菜更加方便", "欧阳晓明"], ["城东早市迎来新摊位，市民买菜更加方便", "欧阳晓明"]),
        (["城东早市迎来新摊位，市民买菜更加方便", "通讯员许晴"], ["城东早市迎来新摊位，市民买菜更加方便", "通讯员许晴"]),
        # a two-line title set by design (lines of like length), a tail after a blank line
        (["全市首批社区养老服务综合体", "本月起正式投入使用"], ["全市首批社区养老服务综合体", "本月起正式投入使用"]),
        (["全市首批社区养老服务综合体本月正式投入", "", "使用并运营"], ["全市首批社区养老服务综合体本月正式投入", "使用并运营"]),
    ],
)
def test_a_headline_wrapped_by_its_type(head: list[str], expected: list[str]) -> None:
    doc = ocrmend.clean("\n".join(head + _BODY) + "\n")
    texts = [b.text for b in doc.blocks]
    assert texts[: len(expected)] == expected, texts
    assert len(texts) == len(expected) + 2, texts


# A column 30 cells wide under a headline set in it (as ``pdftotext -layout``
# gives one column of a page).
_COLUMN = [
    "新华社记者 许晴",
    "  早市扩建后新增摊位四十个，方",
    "便了周边居民买菜购物，也让不少",
    "摊主有了稳定的经营场所。市场管",
    "理方介绍，新摊位按照统一标准建",
    "设，水电配套齐全，环境整洁。",
]


@pytest.mark.parametrize(
    "head,expected",
    [
        # a headline wrapped at the column, its tail centred in it: one headline
        (["最高奖赏：人民满意——记上海市", "     公安局南京东路警察署"], ["最高奖赏：人民满意——记上海市公安局南京东路警察署"]),
        (["对政府拖延西岸撤军不满以色列", "     国防部长扬言要辞职？"], ["对政府拖延西岸撤军不满以色列国防部长扬言要辞职？"]),
        # set in as a paragraph is (its indent only), or ending in a full stop: apart
        (["最高奖赏：人民满意——记上海市", "  公安局南京东路警察署"], ["最高奖赏：人民满意——记上海市", "公安局南京东路警察署"]),
        (["最高奖赏：人民满意——记上海市", "    公安局南京东路警察署。"], ["最高奖赏：人民满意——记上海市", "公安局南京东路警察署。"]),
        # a heading that does not fill the column: its centred tail is a line of its own
        (["最高奖赏：人民满意", "     公安局南京东路警察署"], ["最高奖赏：人民满意", "公安局南京东路警察署"]),
    ],
)
def test_a_centred_tail_under_a_full_heading_line(head: list[str], expected: list[str]) -> None:
    doc = ocrmend.clean("\n".join(head + _COLUMN) + "\n")
    texts = [b.text for b in doc.blocks]
    assert texts[: len(expected)] == expected, texts


# Two lines set wider than the column (headline and deck), then a byline.
_WIDE_HEAD = [" 《欧洲时报》庆祝创刊十五周年本报副社长许中田专程前往祝贺", "《欧洲时报》创刊１５周年庆祝活动今天下午在巴黎隆重举行"]
_UNDER_BYLINE = ["本报巴黎１月１１日电记者果永毅、", "王芳报道：《欧洲时报》创刊１５周年庆", "祝活动今天下午在巴黎隆重举行。",
                 "大会宣读了法国总统希拉克发给《欧", "洲时报》社长杨咏桔的贺词。贺词指出：", "“我深切地关注中国，景仰她的悠久历史，",
                 "并愿意进一步发展法中两国之间的关系。"]


@pytest.mark.parametrize("byline", ["□ 黄佳怡", "本报记者 黄佳怡", "□ 黄 佳 怡"])
def test_a_byline_under_a_wide_box_is_a_block_of_its_own(byline: str) -> None:
    """The line under a box wider than the column goes on with it when the
    box's last line left no room -- but not a byline's form."""
    doc = ocrmend.clean("\n".join([*_WIDE_HEAD, byline, *_UNDER_BYLINE]) + "\n")
    assert [b.type for b in doc.blocks][1:3] == [BlockType.BYLINE, BlockType.BODY], [b.text for b in doc.blocks]


@pytest.mark.parametrize(
    "head,expected",
    [
        # a bare name under a heading line that had room for it, above a set-in paragraph: a byline
        ([" 抓典型：一门重要的领导艺术", "董凤基"], [("headline", "抓典型：一门重要的领导艺术"), ("byline", "董凤基")]),
        # under a heading line that filled the column: may be its wrapped tail (left as it was)
        ([" 最高奖赏：人民满意——记上海市", "董凤基"], [("headline", "最高奖赏：人民满意——记上海市董凤基")]),
        # a line with a final mark: no bare name
        ([" 抓典型：一门重要的领导艺术", "董凤基。"], [("body", "抓典型：一门重要的领导艺术董凤基。")]),
    ],
)
def test_a_bare_name_under_a_heading(head: list[str], expected: list[tuple[str, str]]) -> None:
    doc = ocrmend.clean("\n".join(head + _COLUMN[1:]) + "\n")
    assert [(b.type.value, b.text) for b in doc.blocks][: len(expected)] == expected, [b.text for b in doc.blocks]


# A column of a double-spaced page: a photo credit, then an article whose
# headline is centred in the column above a flush-left deck.
_CENTRED_PAGE = [
    "农民在黑龙江省五常市的稻田里收割", "水稻，田间一派丰收景象。", "李 杰 摄", "{head}", "{deck}",
    "１０日结束了为期４天的中东", "之行", "□ 史玉兰", "  新华社耶路撒冷１月１０日电",
    "（记者刘顺）美国中东和谈特别", "协调员罗斯１０日结束了为期４", "天的中东之行。",
]


@pytest.mark.parametrize(
    "head,deck,parted",
    [
        # centred (equal margins), the deck flush left: two boxes
        ("    以撤军仍无具体方案", "美国中东和谈特别协调员罗斯", True),
        # set in by two cells only (a paragraph's first line is as short): left to the widths
        ("  以撤军仍无具体方案仍无", "美国中东和谈特别协调员罗斯", False),
        # the line below opens a quotation (a unit the line may not have taken): left to the widths
        ("    以撤军仍无具体方案", "“美国中东和谈特别协调员罗", False),
    ],
)
@pytest.mark.parametrize("under", ["byline", "dateline", "text"])
def test_a_heading_centred_over_a_flush_line(head: str, deck: str, parted: bool, under: str) -> None:
    """Left to the widths, unless a byline under the deck, or the article's
    dateline (新华社…电) opening the text under it, shows the lines over it
    are the article's head: then a head line with room left over a full
    line ends the headline, however little it is set in."""
    page = _CENTRED_PAGE if under == "byline" else [ln for ln in _CENTRED_PAGE if not ln.startswith("□")]
    if under == "text":
        page = [ln.replace("新华社耶路撒冷１月１０日电", "本月中旬，从耶路撒冷传来消息") for ln in page]
    text = "\n\n".join(page).format(head=head, deck=deck) + "\n"
    doc = ocrmend.clean(text)
    starts = [b.text.startswith(deck.strip()) for b in doc.blocks]
    assert any(starts) is (parted or under != "text"), [b.text for b in doc.blocks]


# A first paragraph as plain pdftotext gives it: the bold dateline, the rest
# of the first line and the lines below, each set apart by a blank line;
# the paragraphs after it set 30 characters to the line.
_REST_OF_LINE = "（记者许晴）3月7日，全市首批社区养老服务"
_PARAGRAPHS = [
    "综合体正式投入使用，为周边老人提供助餐、日间照料、康复护理等服务项目，"
    "市民政局介绍，今年还将建成二十家综合体，覆盖所有街道和大部分社区。",
    "据了解，综合体由街道提供场地，引入专业机构运营，收费标准向社会公开，"
    "老人可以按月预订，也可以临时点餐，行动不便的老人还能享受送餐上门。",
    "不少老人表示，家门口就能吃上热饭热菜，子女上班也放心了许多，希望"
    "这样的服务能够长期坚持下去，让更多的老年人都能从中得到实实在在的便利。",
]


def _set_in_lines(paragraph: str) -> list[str]:
    return [paragraph[k : k + 30] for k in range(0, len(paragraph), 30)]


def _dateline_page(rest_of_line: str) -> str:
    lines = ["本报杭州3月8日电", "", rest_of_line, "", *_set_in_lines(_PARAGRAPHS[0])]
    for paragraph in _PARAGRAPHS[1:]:
        lines += ["", *_set_in_lines(paragraph)]
    return "\n".join(lines) + "\n"


def test_a_first_line_split_at_its_dateline_goes_on():
    texts = [b.text for b in ocrmend.clean(_dateline_page(_REST_OF_LINE)).blocks]
    assert texts == ["本报杭州3月8日电" + _REST_OF_LINE + _PARAGRAPHS[0], *_PARAGRAPHS[1:]]
    # a dateline paragraph whose first line ends a sentence stays as it is
    texts = [b.text for b in ocrmend.clean(_dateline_page("（记者许晴）全市首批养老综合体启用。")).blocks]
    assert texts == ["本报杭州3月8日电（记者许晴）全市首批养老综合体启用。", *_PARAGRAPHS]
    # ... as does one that introduces what follows (a list, a quotation)
    for rest in ("（记者许晴）市政府日前印发通知，明确以下事项——", "（记者许晴）市政府日前印发通知，明确以下几项："):
        texts = [b.text for b in ocrmend.clean(_dateline_page(rest)).blocks]
        assert texts == ["本报杭州3月8日电" + rest, *_PARAGRAPHS], texts
