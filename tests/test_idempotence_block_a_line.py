"""Text set a block a line is left as it is: ocrmend's own text output.

The text output puts each block on one line under exactly one blank line,
none indented.  A double-spaced source looks the same at a glance (a blank
line under every line), so the text output of a page whose blocks are short
and alike -- a table's rows, verse, columns an OCR
engine read side by side -- was read again as a wrapped column and its
blocks joined: cleaning the output changed it.  ``paragraphs.is_unwrapped``
now asks text of that form for firmer evidence of a column (a measure
three lines share, four CJK lines, not counting a numbered list's items; no
two lines past three measures).

The pages below are written for this test (no corpus text), in the form of
the text output; each changed under a second clean before the rule.  The
double-spaced column at the end is the trap: wrapped text in the same form
must still be joined.
"""

from __future__ import annotations

import pytest

import ocrmend
from invariants import document_text, first_difference

BLOCK_A_LINE_PAGES: dict[str, str] = {
    # rows of a table a line each, at one width, between lines past three of
    # its measures (the rows ran into the next table's title on the page)
    "table-rows": (
        "上涨前五名（％）１东方电机２４．８２\n\n２江南钢铁２４．５３\n\n３海洋电器２４．０５\n\n４北方重工２３．４２\n\n"
        "５天河机械２２．２８下跌前五名（％）１西部电工９．７３上涨前五名（％）１长城机电４６．０４\n\n"
        "市民在城东的公园里散步，湖边一派秋日景象。\n\n张明 摄（资料图片）\n\n"
        "□ 王林２黄山化工８．４８３厦门电子６．１１４原水实业５．７６５氯碱材料５．４５\n\n□ 赵军\n\n"
        "２云海药业３９．８２\n\n３青山建材３３．４１\n\n４辽河物资２６．４０\n\n５张北农牧２５．６８\n"
    ),
    # a numbered table's rows, all of one width, and the next table's title
    # as wide: the rows share no column's measure (the fifth row and the
    # title under it were joined)
    "numbered-table": (
        "沪市上涨前五名（％）\n\n１东方电子２４．８２\n\n２江南机械２４．５３\n\n３北海制药２４．０５\n\n４西山煤业２３．４２\n\n"
        "５南岭化工２２．２８\n\n（作者系北方大学经济学院研究员）\n\n沪市下跌前五名（％）\n\n１华新水泥９．７３\n\n"
        "２黄海渔业８．４８\n\n３长城电子６．１１\n\n４泰山钢铁５．７６\n\n５松江纺织５．４５\n"
    ),
    # verse: lines of no final mark, two of them of one width by chance
    "verse": (
        "晨光\n\n李文\n\n江水推开薄雾的门扉\n\n远处的渡口船帆点点汽笛声唤醒了沉睡的村庄\n\n炊烟几缕\n\n"
        "桥头的老槐树，守着一地的落叶\n\n风中的歌\n\n田埂上，有弯腰劳作的父亲\n\n麦浪翻滚，金色起伏之间\n"
    ),
    # columns an OCR engine read side by side: long lines of no common width
    "columns-read-across": (
        "新年音乐会今晚举行\n\n本报北京讯音乐会在雄壮的管弦乐中拉开帷幕舒展优美报道在度过了非凡的一年乐曲声使人们仿佛看到五星\n\n"
        "迈向充满希望的新年红旗在城楼上冉冉升起\n\n"
        "年之际北京新年音仿佛听到在红旗的指引下中国乐会今晚在大会堂举行党人民向现代化新征程迈进的脚步\n\n"
        "和领导人钢琴与管弦乐队作品东方之珠把广大\n\n"
        "群众和劳动模范代表一起在激人的旋律抒发了百年的模范代表所欣赏了北京新年昂奋进的音乐声中辞旧迎新香港明天\n\n"
        "今晚的长安街流光溢彩火国参加音乐会的著名\n"
    ),
}


# A name set vertically at a page's end, its last character a block of its
# own (from rmrb-pdftotext 035: '常' / '晋' around a folio).  Two lines
# measure no column, and the one long line was measured against itself,
# found full and joined to the character under it: one line of the text
# output's form measures nothing now (``paragraphs.is_unwrapped``).
NAME_AT_PAGE_END = "本版信箱：letters@example.cn（来稿请注明姓名和地址）王\n\n强\n"


@pytest.mark.parametrize(
    "page",
    [
        *(pytest.param(page, id=name) for name, page in BLOCK_A_LINE_PAGES.items()),
        pytest.param(NAME_AT_PAGE_END, id="name-at-page-end"),
    ],
)
def test_text_set_a_block_a_line_is_kept(page: str) -> None:
    text = document_text(ocrmend.clean(page))
    assert text == page, first_difference(page, text)


# A column of 16 characters, double-spaced, its indents lost: wrapped text in
# the text output's form, whose lines share a measure; it is still joined.
DOUBLE_SPACED_COLUMN = (
    "春雨过后，田野里的麦苗长得格外精神\n\n农民们趁着好天气下地干活，有的施肥\n\n"
    "有的浇水，一派繁忙的景象。今年的\n\n麦子长势喜人，丰收在望。\n\n"
    "村里的合作社请来了农技专家，手把手\n\n教大家科学种田。专家说，只要管理得\n\n"
    "当，今年每亩能多收一百斤。\n\n乡亲们听了，心里都乐开了花。\n"
)


def test_a_double_spaced_column_in_that_form_is_joined() -> None:
    blocks = [b.text for b in ocrmend.clean(DOUBLE_SPACED_COLUMN).blocks]
    assert blocks[0] == "春雨过后，田野里的麦苗长得格外精神农民们趁着好天气下地干活，有的施肥有的浇水，一派繁忙的景象。今年的麦子长势喜人，丰收在望。"
    assert len(blocks) <= 3
