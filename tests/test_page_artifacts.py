"""Column and page artifacts: side-by-side columns, furniture, interruptions.

Fixtures are small pages written here (never copied from the research corpora),
laid out the way pdftotext and OCR engines lay them out.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

import ocrmend
from invariants import document_text
from ocrmend.furniture import split_items
from ocrmend.layout import find_offsets, unfold_columns

# Paragraphs as typeset: the first line indented two ideographic spaces.
PARA_A = [
    "\u3000\u3000本报讯今年以来，全市各级部门围",
    "绕群众关心的热点难点问题，推出一批便",
    "民利民的措施，社区服务中心实现了一站",
    "式办理，群众办事更加方便快捷。",
]
PARA_B = [
    "\u3000\u3000与此同时，城市公共交通线路不断",
    "优化，新开通的公交线路覆盖了多个新建",
    "小区，早晚高峰的运力得到加强，市民出",
    "行的平均等候时间比去年缩短了三分之一。",
]
PARA_C = [
    "\u3000\u3000记者了解到，相关部门还将继续完善",
    "配套设施，进一步提升公共服务水平，让",
    "更多市民享受到发展成果。",
]
TEXT_A = "".join(PARA_A).replace("\u3000", "")
TEXT_C = "".join(PARA_C).replace("\u3000", "")
TEXT_B = "".join(PARA_B).replace("\u3000", "")


def wrapped_at(text: str, n: int) -> list[str]:
    """``text`` hard-wrapped every ``n`` characters (a typeset CJK column)."""
    return [text[k : k + n] for k in range(0, len(text), n)]


def _nonspace(text: str) -> Counter:
    return Counter(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def _side_by_side(left: list[str], right: list[str], offset_cells: int) -> str:
    rows = []
    for a, b in zip(left, right):
        pad = offset_cells - sum(2 if ord(c) > 0x2E7F else 1 for c in a)
        rows.append(a + " " * pad + b)
    return "\n".join(rows) + "\n"


def test_side_by_side_columns_are_read_column_by_column():
    page = _side_by_side(PARA_A, PARA_B, 44)
    assert find_offsets(page.split("\n")) == ("cells", [44])
    doc = ocrmend.clean(page)
    texts = [b.text for b in doc.blocks]
    assert texts == [TEXT_A, TEXT_B]
    assert _nonspace(page) == _nonspace("".join(texts))


def test_a_paragraph_runs_from_the_foot_of_column_one_to_the_head_of_column_two():
    left = PARA_A + PARA_B[:2]
    right = PARA_B[2:] + PARA_C
    page = _side_by_side(left, right + [""] * (len(left) - len(right)), 44)
    texts = [b.text for b in ocrmend.clean(page).blocks]
    assert texts == [TEXT_A, TEXT_B, TEXT_C]


def test_lines_that_merely_contain_spaces_are_not_columns():
    page = "共筑健康丝路  共享健康发展\n" + "\n".join(PARA_A) + "\n"
    assert unfold_columns(page) is None


def test_running_head_in_mid_paragraph_is_furniture_and_the_paragraph_closes_over_it():
    page = "\n".join(PARA_A[:2] + ["", "\f2021年6月25日\u3000星期五    文化    14版", ""] + PARA_A[2:]) + "\n"
    doc = ocrmend.clean(page)
    body = [b for b in doc.blocks if b.type.value != "furniture"]
    furniture = [b.text for b in doc.blocks if b.type.value == "furniture"]
    assert [b.text for b in body] == [TEXT_A]
    assert furniture == ["2021年6月25日 星期五", "文化", "14版"]
    # furniture follows the paragraph it interrupted, and text output leaves it out
    assert doc.blocks[0].type.value == "body"
    assert "14版" not in doc.to_text()
    assert "14版" in doc.to_json()


def test_a_section_name_set_alone_in_the_running_head_is_furniture_again_mid_page():
    """A double-spaced page whose running head sets date, section and folio
    a line each: the section name, read again between two paragraphs at a
    column break, is furniture too (F006), not a paragraph of its own."""
    lines = ["2021年6月25日\u3000星期五", "文化", "14", *PARA_A, "文化", *PARA_B, *PARA_C]
    page = "\n\n".join(lines) + "\n"
    doc = ocrmend.clean(page, explain=True)
    furniture = [b.text for b in doc.blocks if b.type.value == "furniture"]
    assert furniture == ["2021年6月25日 星期五", "文化", "14", "文化"]
    assert [b.text for b in doc.blocks if b.type.value != "furniture"] == [TEXT_A, TEXT_B, TEXT_C]
    assert [b.why[0][0] for b in doc.blocks if b.text == "文化"][1] == "F006"


@pytest.mark.parametrize("line", ["本版责任编辑：何海燕", "责任编辑：刘江  美术编辑：孙静", "（责任编辑 吴晓东）", "（责任编辑：吴晓东）", "（责任编辑吴晓东）"])
def test_editor_lines_in_their_other_forms_are_furniture(line: str):
    """The page's editor under other titles (本版责任编辑, 美术编辑) or set
    in brackets at an article's end: furniture, as 责任编辑：… is (not a
    note, not a subhead)."""
    page = "\n".join(PARA_A + [line]) + "\n"
    doc = ocrmend.clean(page)
    assert [b.text for b in doc.blocks if b.type.value != "furniture"] == [TEXT_A]
    assert "".join(b.text for b in doc.blocks if b.type.value == "furniture").replace(" ", "") == line.replace(" ", "")


def test_an_editor_line_an_ocr_engine_spaced_is_furniture_as_printed() -> None:
    """责任 编辑 ： 周泓洋 at the foot of a page an OCR engine spaced: graded
    as the spacing repair prints it (责任编辑：周泓洋), furniture, as it is
    when the text output is cleaned again (it was a headline, then furniture)."""
    body = [
        "　　春 雨 过后，田野 里的 麦苗 长得格 外精神", "农民们 趁着 好天 气下地 干活，有 的施肥", "有的 浇水 ，一派 繁忙的 景象。今 年的麦子",
        "长势 喜人 ，丰 收在望 。", "　　村里 的合作 社请来 了农 技专家，手 把手", "教大家 科学 种田 。专 家说，只要 管理得", "当，今 年每 亩能多 收一百斤 。",
    ]  # fmt: skip
    doc = ocrmend.clean("\n".join([*body, "　　责任 编辑  ： 周泓洋"]) + "\n")
    assert (doc.blocks[-1].type.value, doc.blocks[-1].text) == ("furniture", "责任编辑：周泓洋")
    text = document_text(doc)
    assert document_text(ocrmend.clean(text)) == text


def test_page_labels_and_editor_lines_are_furniture():
    for line in ("第 5 页", "— 5 —", "责任编辑：苏伟", "版面设计：周伟", "责任校对：陈红", "Page 3", "16版"):
        doc = ocrmend.clean("\n".join(PARA_A) + "\n\n" + line + "\n")
        assert doc.blocks[-1].type.value == "furniture", line
        assert doc.blocks[-1].text == " ".join(line.split()) or line == "第 5 页"


def _types(doc) -> list[tuple[str, str]]:
    return [(b.type.value, b.text) for b in doc.blocks]


# An editor box as pdftotext reads it off a page corner: the editor line
# first, names the box set on lines of their own, the article's source line.
EDITOR_BOX = ["本版责编：周敏", "", "林", "", "何嘉宁", "", "《光明周报》（2024年3月8日 第 07 版）", "", "版式设计：郑一帆", "", "第 88 页", ""]


def test_an_editor_box_ahead_of_all_content_is_kept_as_credits():
    doc = ocrmend.clean("\n".join(EDITOR_BOX + PARA_A) + "\n")
    types = _types(doc)
    # the names the box set a line each go with their editor line
    assert ("credit", "本版责编：周敏林何嘉宁") in types
    assert ("credit", "版式设计：郑一帆") in types
    text = doc.to_text()
    # the names in the box are printed nowhere else: none is dropped
    for name in ("本版责编：周敏", "林", "何嘉宁", "版式设计：郑一帆", TEXT_A):
        assert name in text, name
    # the page label and the source line are still furniture
    assert ("furniture", "第 88 页") in types
    assert "第 88 页" not in text


def test_an_editor_box_on_one_line_with_gaps_is_a_credit():
    doc = ocrmend.clean("本版责编：周敏  林  何嘉宁\n\n" + "\n".join(PARA_A) + "\n")
    assert doc.blocks[0].type.value == "credit"
    assert "何嘉宁" in doc.to_text()
    # pdftotext -layout: the names spread along the editor's line are items of it
    doc = ocrmend.clean("   本版责编：周敏          何嘉宁      钱立\n\n" + "\n".join(PARA_A) + "\n")
    assert _types(doc)[0] == ("credit", "本版责编：周敏何嘉宁钱立")
    assert TEXT_A in doc.to_text()


def test_an_editor_line_below_content_stays_a_running_foot():
    # alone at the page's foot, beside the page number, or between pages
    feet = [
        PARA_A + ["", "责任编辑：苏伟"],
        PARA_A + ["", "16\u3000\u3000责任编辑：苏伟"],
        PARA_A[:2] + ["", "责任编辑：苏伟", "\f2021年6月25日\u3000星期五", ""] + PARA_A[2:],
        # a running head above the content does not make a foot a box
        ["2021年6月25日\u3000星期五    文化", ""] + PARA_A + ["", "责任编辑：苏伟"],
    ]
    for lines in feet:
        doc = ocrmend.clean("\n".join(lines) + "\n")
        assert ("furniture", "责任编辑：苏伟") in _types(doc), lines
        assert "苏伟" not in doc.to_text()
        assert TEXT_A in doc.to_text()


def test_short_lines_below_an_editor_box_are_not_taken_for_section_names():
    # next to furniture at a page edge, 何嘉宁 would pass for a section name
    page = ["本版责编：周敏", "", "何嘉宁", "", "第 88 页", "", "钱立"] + [""] + PARA_A
    doc = ocrmend.clean("\n".join(page) + "\n")
    text = doc.to_text()
    assert "何嘉宁" in text and "钱立" in text
    # (the paragraph closed over the page label: the names are one run, still the box's)
    assert _types(doc)[0] == ("credit", "本版责编：周敏何嘉宁钱立")
    # without the box, the same short line at a page edge beside a page label is furniture
    doc = ocrmend.clean("\n".join(PARA_A + ["", "第 88 页", "", "要闻"]) + "\n")
    assert ("furniture", "要闻") in _types(doc)


def test_split_items_keeps_a_date_with_its_weekday():
    assert split_items("理论    2020年10月12日 星期一    第5版") == ["理论", "2020年10月12日 星期一", "第5版"]


def test_a_caption_dropped_inside_a_paragraph_moves_after_it():
    caption = ["农民在稻田里收割水稻，", "田间一派丰收景象。 王 琪 摄"]
    page = "\n".join(PARA_A[:2] + caption + PARA_A[2:] + PARA_B) + "\n"
    doc = ocrmend.clean(page)
    got = [(b.type.value, b.text) for b in doc.blocks]
    assert got[0] == ("body", TEXT_A)
    assert got[1] == ("caption", "农民在稻田里收割水稻，田间一派丰收景象。")
    assert got[2] == ("credit", "王琪 摄")
    assert got[3] == ("body", TEXT_B)
    assert _nonspace(page) == _nonspace("".join(t for _, t in got))


# A paragraph with a full line that ends a sentence, in the middle.
PARA_BUS = [
    "\u3000\u3000新的公交线路开通以后，沿线的",
    "小区早晚高峰的运力也得到了明显加强。",
    "市民出行的平均等候时间比去年缩短了三",
    "分之一，不少市民改乘公交上下班。",
]
PARA_NEXT = ["\u3000\u3000下一步，全市还将在新区建设几处", "停车场和公交站点。"]


def test_a_caption_dropped_after_a_sentences_end_moves_after_its_paragraph_on_an_indenting_page():
    # the line after the caption is not indented, on a page whose
    # paragraphs all open indented: the paragraph goes on under the caption
    caption = ["市民在新开通的公交站台候车。  王 明 摄"]
    page = "\n".join(PARA_A + PARA_B + PARA_BUS[:2] + caption + PARA_BUS[2:] + PARA_NEXT + PARA_A + PARA_B + PARA_NEXT) + "\n"
    doc = ocrmend.clean(page)
    got = [(b.type.value, b.text) for b in doc.blocks]
    # before: the paragraph cut at the caption, its second half a paragraph of its own
    assert got[2] == ("body", "".join(t.strip("\u3000") for t in PARA_BUS))
    assert got[3:5] == [("caption", "市民在新开通的公交站台候车。"), ("credit", "王明 摄")]
    assert _nonspace(page) == _nonspace("".join(t for _, t in got))
    # a page that does not indent its paragraphs says nothing by an unindented
    # line; the caption on its credit is lifted all the same (a full line goes
    # on after it), and the paragraph is decided by its lines alone
    flat = page.replace("\u3000", "")
    got = [(b.type.value, b.text) for b in ocrmend.clean(flat).blocks]
    assert got[3:5] == [("caption", "市民在新开通的公交站台候车。"), ("credit", "王明 摄")]
    assert _nonspace(flat) == _nonspace("".join(t for _, t in got))


def test_a_number_broken_across_lines_joins_tight():
    page = "这幅图景绘就美丽中国，森林覆盖率提高到2\n5%以上；地级及以上城市空气质量优良天\n数比例稳定在87%左右。\n"
    assert ocrmend.clean(page).to_text().strip() == (
        "这幅图景绘就美丽中国，森林覆盖率提高到25%以上；地级及以上城市空气质量优良天数比例稳定在87%左右。"
    )


def test_a_paragraphs_short_last_lines_set_apart_below_only_are_not_lifted():
    """OCR text: two lines an engine read short (a quotation's marks lost) end
    a paragraph, a blank line under them.  Narrow and ending, they looked like
    a caption dropped in and were lifted past the next paragraph; an
    interruption is set apart on both sides or neither (or ends on a credit)."""
    page = (
        "此前，国家体委冬运中心\n主任通报了备战冬奥会情况。\n“在下月举行的第十八届冬\n"
        "奥会上，如果我国选手有较\n好的发挥，应有的实力不发\n意外，实现金牌的突破\n的希望是存在的。”\n\n"
        "他说，总体上看，我们\n具有夺取金牌实力的队伍\n少，尖子队员少，面临的形\n势很严峻，遇到的对手多而\n"
        "强，有能力冲击金牌的只有\n短道速滑，相对占优势的是\n女子接力项目。\n"
    )
    blocks = [b.text for b in ocrmend.clean(page).blocks]
    assert blocks[0].endswith("应有的实力不发意外，实现金牌的突破的希望是存在的。”")
    assert blocks[1].startswith("他说")


def test_a_one_line_caption_over_its_credit_line_moves_after_the_paragraph():
    """A double-spaced page: a caption's one sentence, set a little wider than
    the column (by less than a wide caption's margin), its credit on the line
    under it, dropped between two lines of a paragraph."""
    rows = [
        "　　今年以来，全市各级部门认真贯彻落", "实中央精神，把农业农村工作放在突出", "位置，坚持把解决好农业农村农民问题",
        "作为全部工作的重中之重，解决好思想认", "农民们在黑龙江省五常市的稻田里收割水稻。", "王 琪 摄 （新华社发）",
        "识问题，丰收之后决不放松农业生产，争", "取今年农业再有一个好收成，争取农村各", "项事业有新的发展。",
        "　　会议要求，各地要抓紧制定具体措施", "确保各项政策落到实处，让农民得到实惠。",
    ]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n\n".join(rows) + "\n").blocks]
    assert got[0][1].endswith("解决好思想认识问题，丰收之后决不放松农业生产，争取今年农业再有一个好收成，争取农村各项事业有新的发展。")
    assert got[1:3] == [("caption", "农民们在黑龙江省五常市的稻田里收割水稻。"), ("credit", "王琪 摄（新华社发）")]
    # a paragraph's last line over an article's credit is no caption
    rows[4] = "展览。"
    got = [b.text for b in ocrmend.clean("\n\n".join(rows) + "\n").blocks]
    assert "解决好思想认展览。" in got[0]


def test_a_wide_caption_with_a_letter_spaced_credit_line_moves_after_the_paragraph():
    # the credit sits on a line of its own, its name letter-spaced (王 琪 摄)
    caption = ["", "农民在稻田里收割水稻，田间一派丰收景象，村民们喜笑颜开。", "王 琪 摄 （新华社发）", ""]
    page = "\n".join(PARA_A[:2] + caption + PARA_A[2:] + PARA_B) + "\n"
    doc = ocrmend.clean(page)
    got = [(b.type.value, b.text) for b in doc.blocks]
    assert got[0] == ("body", TEXT_A)
    assert got[1] == ("caption", "农民在稻田里收割水稻，田间一派丰收景象，村民们喜笑颜开。")
    assert got[2][0] == "credit" and got[2][1].startswith("王琪 摄")
    assert got[3] == ("body", TEXT_B)


def test_a_page_number_and_section_name_inside_a_latin_paragraph_are_furniture():
    page = (
        "The council voted on Tuesday to approve a new budget for the\n"
        "coming year, ending weeks of debate over spending on the\n\n"
        "S C I E N C E\n\n"
        "roads, the schools and the harbour, and the mayor said the\n\n"
        "12\n\n"
        "plan would keep property taxes unchanged.\n"
    )
    doc = ocrmend.clean(page)
    body = [b.text for b in doc.blocks if b.type.value != "furniture"]
    assert body == [
        "The council voted on Tuesday to approve a new budget for the coming year, ending weeks of debate "
        "over spending on the roads, the schools and the harbour, and the mayor said the plan would keep "
        "property taxes unchanged."
    ]
    assert [b.text for b in doc.blocks if b.type.value == "furniture"] == ["SCIENCE", "12"]


def test_a_digit_after_a_latin_letter_is_a_subscript_not_a_page_number():
    page = "\n\n".join(["数据显示，截至9月末，我国广义货币（M", "2", "）余额同比增长，狭义货币余额也在增长。"]) + "\n"
    doc = ocrmend.clean(page)
    assert all(b.type.value != "furniture" for b in doc.blocks)
    assert "2" in "".join(b.text for b in doc.blocks)


def test_a_caption_set_narrower_than_the_column_stays_one_block():
    # a photo caption between two paragraphs, set at its own narrower measure:
    # its full lines are as wide as each other, which the column's lines are not
    caption = ["农民在黑龙江省五常市的稻田里", "收割水稻，田野上一派丰收景象", "村民喜笑颜开。 王 琪 摄"]
    page = "\n".join(PARA_A + [""] + caption + [""] + PARA_B) + "\n"
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got[0] == ("body", TEXT_A)
    assert got[1] == ("caption", "农民在黑龙江省五常市的稻田里收割水稻，田野上一派丰收景象村民喜笑颜开。")
    assert got[2] == ("credit", "王琪 摄")
    assert got[3] == ("body", TEXT_B)


def test_a_line_repeated_at_page_tops_is_furniture_but_a_repeated_byline_is_not():
    """Pages that each open with a desk's article repeat its byline at the
    top: a running head repeats too, but only the running head is print of
    the page."""
    page = (
        "CITY EDITION\n\nCouncil Votes on Budget {n}\n\nBy Staff Reporters\n\n"
        "The city council voted on Tuesday to approve a new budget for the\n"
        "coming year, ending weeks of debate over spending on roads.\n"
    )
    doc = ocrmend.clean("\f".join(page.format(n=n) for n in range(3)))
    kinds = {(b.type.value, b.text) for b in doc.blocks}
    assert ("furniture", "CITY EDITION") in kinds
    assert ("byline", "By Staff Reporters") in kinds
    assert not any(b.type.value == "furniture" and b.text.startswith("By ") for b in doc.blocks)


def test_an_editor_item_in_a_running_head_stays_furniture():
    # a date, a page label and a section beside it: a running head, on every page
    page = ["A2  2024年3月8日 星期五  责编：张三  要闻", "", *PARA_A[:2], "\fA3  2024年3月8日 星期五  责编：李四  要闻", *PARA_A[2:], "", *PARA_B]
    doc = ocrmend.clean("\n".join(page) + "\n")
    assert doc.to_text() == TEXT_A + "\n\n" + TEXT_B + "\n"
    assert not [b for b in doc.blocks if b.type.value == "credit"]


def test_running_text_ends_an_editor_box():
    # below the article an editor line is a running foot again, and a short
    # line at the page's foot beside a page label is a section name again
    page = ["本版责编：周敏", "", *PARA_A, "", *PARA_B, "", "责任编辑：苏伟", "", "第 88 页", "要闻"]
    doc = ocrmend.clean("\n".join(page) + "\n")
    types = _types(doc)
    assert types[0] == ("credit", "本版责编：周敏")
    assert ("furniture", "责任编辑：苏伟") in types and ("furniture", "要闻") in types
    assert doc.to_text() == "本版责编：周敏\n\n" + TEXT_A + "\n\n" + TEXT_B + "\n"


def test_a_section_name_of_the_running_head_read_at_a_column_break_is_furniture():
    # the head prints 国际; a column break drops it again between two lines of a paragraph
    head = "第15版    国际    2020年2月7日\u3000星期五"
    page = [head, "", *PARA_A[:2], "国际", *PARA_A[2:], "", *PARA_B]
    doc = ocrmend.clean("\n".join(page) + "\n")
    assert doc.to_text() == TEXT_A + "\n\n" + TEXT_B + "\n"
    assert [t for t in _types(doc) if t[0] == "furniture"].count(("furniture", "国际")) == 2
    # a short line the heads do not print stays where it is, in the text
    page = [head, "", *PARA_A[:2], "要闻", *PARA_A[2:], "", *PARA_B]
    assert "要闻" in ocrmend.clean("\n".join(page) + "\n").to_text()


def test_a_running_head_cut_by_the_column_cut_stays_furniture():
    # the head's section name stands at column 2's offset: unfolding reads it
    # at the head of column 2, inside the paragraph running across
    left = PARA_A + PARA_B[:2]
    right = PARA_B[2:] + PARA_C
    head = _side_by_side(["2019年1月29日\u3000星期二"], ["评 论"], 44)
    page = head + _side_by_side(left, right + [""] * (len(left) - len(right)), 44)
    doc = ocrmend.clean(page)
    assert [b.text for b in doc.blocks if b.type.value != "furniture"] == [TEXT_A, TEXT_B, TEXT_C]
    assert ("furniture", "评论") in _types(doc)


def test_a_numbered_heading_after_a_photo_heads_a_section_not_an_article():
    photo = "社区服务中心的工作人员在为居民办理业务。 王琪 摄"
    page = ["全市便民服务再上新台阶", "", *PARA_A, "", photo, "", "{}公交线路覆盖新建小区", "", *PARA_B]
    for mark, kind in (("２、", "subhead"), ("（二）", "subhead"), ("3. ", "subhead"), ("", "headline")):
        doc = ocrmend.clean("\n".join(page).format(mark) + "\n")
        assert (kind, mark + "公交线路覆盖新建小区") in _types(doc), _types(doc)


def test_a_byline_box_read_as_the_mouth_radical_is_still_a_byline():
    """OCR reads the byline's □ as 口: 口 孙立平 (a name and nothing else)
    is the byline, its box put back (S005); 口号 in a sentence is not."""
    page = "\n".join(["全总致全国各族职工慰问信", "", "口 孙立平", "", *PARA_A]) + "\n"
    types = {b.text: b.type.value for b in ocrmend.clean(page).blocks}
    assert types["□ 孙立平"] == "byline"
    assert ocrmend.classify.is_byline("口 孙立平") and not ocrmend.classify.is_byline("口号响亮，人人参与。")


def test_a_heading_set_in_between_two_paragraphs_heads_a_section():
    """Indented like a headline, but between two paragraphs of running
    text: a subhead; above a paragraph that opens with a dateline it heads
    an article: a headline."""
    head = "\u3000\u3000\u3000\u3000城市服务更贴心"
    page = "\n".join(PARA_A + ["", head, ""] + PARA_B) + "\n"
    types = {b.text: b.type.value for b in ocrmend.clean(page).blocks}
    assert types["城市服务更贴心"] == "subhead"
    dated = ["\u3000\u3000据新华社北京１月２日电" + PARA_B[0].strip("\u3000")] + PARA_B[1:]
    page = "\n".join(PARA_A + ["", head, ""] + dated) + "\n"
    types = {b.text: b.type.value for b in ocrmend.clean(page).blocks}
    assert types["城市服务更贴心"] == "headline"


def test_a_caption_whose_credit_ends_its_last_line_stays_a_caption():
    """The credit printed at the end of a caption's last line is split off
    (B013); what stays is the caption (T014), not running text."""
    caption = ["农民在黑龙江省五常市的稻田里收割水稻，田", "间一派丰收景象。  任 慧 摄 （新华社发）"]
    page = "\n".join(PARA_A + [""] + caption + [""] + PARA_B) + "\n"
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert ("caption", "农民在黑龙江省五常市的稻田里收割水稻，田间一派丰收景象。") in got
    assert ("credit", "任慧 摄（新华社发）") in got


def test_an_english_running_head_read_with_single_spaces_is_furniture():
    """Tesseract reads a running head's date, section and folio with single
    spaces between them: still furniture, an item each; a sentence that
    opens with a date is not."""
    body = ["The city council voted on Tuesday to keep the old harbour", "bridge open for another ten years, after engineers said", "that its steel was still sound."]
    page = "\n".join(["Thursday, March 5, 1987 Companies D2", "", *body]) + "\n"
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got[:3] == [("furniture", "Thursday, March 5, 1987"), ("furniture", "Companies"), ("furniture", "D2")]
    assert got[3] == ("body", " ".join(body))
    sentence = "\n".join(["Thursday, March 5, 1987 was the day the bridge reopened", "after ten years of work on its steel.", *body]) + "\n"
    assert all(b.type.value != "furniture" for b in ocrmend.clean(sentence).blocks)


def test_a_decimal_number_broken_at_a_line_end_does_not_end_the_paragraph():
    """增幅为11. / 7%: a line ending in a digit and a point, before a line
    opening with a digit, is a number the line broke, not a sentence end."""
    lines = ["\u3000\u3000今年以来，全市工业生产总体平稳，国有", "及国有控股企业比上年增长7.1%，集体工", "业回落较大，增幅为11.",
             "7%，比上年回落6个百分点，其他经济类", "型工业增长13.4%，增幅比上年略高。"]
    doc = ocrmend.clean("\n".join(lines + PARA_B) + "\n")
    assert [b.text for b in doc.blocks] == ["".join(lines).replace("\u3000", ""), TEXT_B]


# A paragraph of two sentences and more, at a measure of 18 characters.
PARA_D = [
    "\u3000\u3000全市今年新建和改建农村公路一千二",
    "百公里，通达所有行政村。农村客运班线",
    "随之延伸到山区，群众出行难的问题基本",
    "解决。交通部门还将继续加大投入，让农",
    "村公路建得好、管得好、护得好。",
]
TEXT_D = "".join(PARA_D).replace("\u3000", "")
# Its second sentence as a pull quote, set at the column's own measure.
QUOTE_D = ["农村客运班线随之延伸到山区，群众出行", "难的问题基本解决。"]
# Its first sentence as a pull quote, dropped right after the paragraph's first line.
QUOTE_D_FIRST = ["全市今年新建和改建农村公路一千二百公里，", "通达所有行政村。"]
# Lines after a full line that repeat words standing mid-sentence above: no pull quote.
PARA_E = [
    "\u3000\u3000交通部门表示，一定让群众出行难的问",
    "题基本解决。村里的客运班线通车以后，群众",
    "出行难的问题基本解决。如今村民们进城",
    "办事、看病、赶集都很方便，大家十分满",
    "意。",
]


@pytest.mark.parametrize(
    ("page", "want"),
    [
        # a pull quote repeats a sentence of its paragraph: it moves after it
        (PARA_D[:3] + QUOTE_D + PARA_D[3:] + PARA_B, [("body", TEXT_D), ("caption", "".join(QUOTE_D)), ("body", TEXT_B)]),
        # ... also where the sentence it repeats runs across the gap it opened
        (PARA_D[:1] + QUOTE_D_FIRST + PARA_D[1:] + PARA_B, [("body", TEXT_D), ("caption", "".join(QUOTE_D_FIRST)), ("body", TEXT_B)]),
        # must not change: the paragraph alone, and words repeated mid-sentence
        (PARA_D + PARA_B, [("body", TEXT_D), ("body", TEXT_B)]),
        (PARA_E + PARA_B, [("body", "".join(PARA_E).replace("\u3000", "")), ("body", TEXT_B)]),
    ],
)
def test_a_pull_quote_that_repeats_a_sentence_moves_after_its_paragraph(page: list[str], want: list[tuple[str, str]]):
    doc = ocrmend.clean("\n".join(page) + "\n")
    assert [(b.type.value, b.text) for b in doc.blocks] == want


# A ragged (Latin) column: a pull quote is known by its words alone.
PARA_F = [
    "    The council voted on Tuesday to approve a new",
    "budget for the coming year. The vote ended weeks",
    "of debate over spending on the roads and the",
    "schools. The mayor said the plan would keep",
    "property taxes unchanged for a third year.",
]
QUOTE_F = ["The vote ended weeks of debate over", "spending on the roads and the schools."]
PARA_G = ["    Opponents said they would try again next", "spring when the council takes up the budget for", "the port and the new ferry landing."]


@pytest.mark.parametrize(
    ("page", "want"),
    [
        (PARA_F[:3] + [""] + QUOTE_F + [""] + PARA_F[3:] + PARA_G, [" ".join(s.strip() for s in PARA_F), " ".join(QUOTE_F), " ".join(s.strip() for s in PARA_G)]),
        (PARA_F + PARA_G, [" ".join(s.strip() for s in PARA_F), " ".join(s.strip() for s in PARA_G)]),
    ],
)
def test_a_pull_quote_in_a_ragged_column_moves_after_its_paragraph(page: list[str], want: list[str]):
    assert [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks] == want


@pytest.mark.parametrize(
    ("quote", "text", "want"),
    [
        ("群众出行难的问题基本解决。", "通达所有行政村。群众出行难的问题基本解决。交通部门", True),  # after a full stop
        ("群众出行难的问题基本解决。", "群众出行难的问题基本解决。交通部门", True),  # opening the text (a paragraph)
        ("群众出行难的问题基本解决。", "一定让群众出行难的问题基本解决。交通部门", False),  # mid-sentence
        ("群众出行难的问题基本解决。", "公告。群众出行难的问题基本解决。公告。群众出行难的问题基本解决。", False),  # a formula, not a quotation
    ],
)
def test_a_sentence_is_repeated_once_as_a_sentence_of_its_own(quote: str, text: str, want: bool):
    from ocrmend.interruptions import _repeated

    assert _repeated(quote, text, lambda k: k == 0) is want


def test_a_running_heads_halves_read_as_two_columns_come_back_together() -> None:
    """Two pages of three columns set side by side under running heads and
    over feet that span them: unfolding the columns puts the folios (at the
    right) after the words (at the left), but the furniture goes back in
    the order it stands on the page."""
    import ocrmend

    cols = [
        ["Lifetime Corp said it agreed to buy", "five mln shares, or 16 pct, of", "Nippon Lace Co Ltd for 3.28 dlrs", "a share, or 16.5 mln dlrs.", "", "NEW YORK, March 3 - Lifetime", "Corp said it agreed to buy five mln"],
        ["shares, or 16 pct, of Nippon Lace", "Co Ltd for 3.28 dlrs a share, or", "16.5 mln dlrs.", "", "It said it plans to enter the", "health care business in Japan.", "In addition, it said Koba"],
        ["dlrs a share.", "", "The company said Ohta Shoji,", "chief executive officer of Toho", "Mutual Life Insurance Co, owns the", "majority of Koba Electronics'", "shares, the company said."],
    ]
    rows = [f"{a:<43}{b:<43}{c}" for a, b, c in zip(*cols)]
    page = lambda head, folio: [head.ljust(120) + folio, *rows, "The Morning Ledger".ljust(120) + folio]
    text = "\n".join(page("BUSINESS", "— 3 —") + page("B U S I N E S S", "— 4 —")) + "\n"
    furniture = [b.text for b in ocrmend.clean(text).blocks if b.type.value == "furniture"]
    # (before: BUSINESS, The Morning Ledger, BUSINESS, The Morning Ledger, — 3 —, — 3 —, — 4 —, — 4 —)
    assert furniture == ["BUSINESS", "— 3 —", "The Morning Ledger", "— 3 —", "BUSINESS", "— 4 —", "The Morning Ledger", "— 4 —"]


def test_a_line_ending_on_a_photo_credit_ends_its_box() -> None:
    """A caption whose last line ends on its credit and source (周立新 摄
    （新华社发）), in a double-spaced source, before a paragraph that lost
    its indent: the credit ends the caption's box (B015)."""
    import ocrmend

    def wrap(p: str) -> list[str]:
        return wrapped_at(p, 20)

    p1 = (
        "奥地利总理科尔今天在维也纳会见了中国全国人大常委会委员长乔石率领的代表团，双方就两国关系和共同关心的国际问题交换了意见。"
        "科尔说，两国在经济、文化、科技等领域的合作近年来发展顺利，奥方愿意同中方一道，继续推动双边关系全面发展。乔石说，中国政府高度重视发展同奥地利的友好合作关系。"
    )
    p2 = "科尔说：“中国改革开放所取得的成就和人民生活水平的提高给我们留下了深刻的印象。”"
    p3 = "他表示，奥地利在今年下半年担任欧盟轮值主席国期间将致力于推动奥中和欧中关系的不断发展，并希望双方在环境保护、城市建设和职业教育方面加强交流。"
    caption = ["游客在浙江省杭州市西湖景区游览，湖", "光山色吸引众多市民前来观赏。  周立新 摄 （新华社发）"]
    lines = ["　　" + wrap(p1)[0], *wrap(p1)[1:], "　　" + wrap(p2)[0], *wrap(p2)[1:], *caption, *wrap(p3)]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n\n".join(lines) + "\n").blocks]
    # before: the paragraph after the credit glued to the caption
    assert got[-3:] == [("caption", "游客在浙江省杭州市西湖景区游览，湖光山色吸引众多市民前来观赏。"), ("credit", "周立新 摄（新华社发）"), ("body", p3)]


def test_a_headline_line_in_display_type_under_a_running_head_is_no_furniture():
    from ocrmend import clean_pages
    from ocrmend.model import Line, Page

    body = ["WASHINGTON, March 5 - The World Bank", "president said he believed Brazil would", "come to terms with its creditors soon."]
    lines = [Line("Thursday, March 5, 1987", 1, size=10.0), Line("Commodities", 2, size=10.0, blank_before=1)]
    lines += [Line("WORLD BANK HEAD SAYS", 3, size=24.0, blank_before=1), Line("BRAZIL MORATORIUM", 4, size=24.0)]
    lines += [Line(t, 5 + k, size=10.0, blank_before=int(k == 0)) for k, t in enumerate(body)]
    doc = clean_pages([Page(1, lines, unit="pt")])
    kinds = {b.text: b.type.value for b in doc.blocks}
    # before: the headline's first line taken for a section name beside the running head
    assert kinds["Commodities"] == "furniture"
    assert kinds.get("WORLD BANK HEAD SAYS BRAZIL MORATORIUM") == "headline", kinds


def test_the_folio_a_pages_head_prints_read_again_inside_the_page_is_furniture():
    # a page break without a form feed: the running head's folio "20" stands
    # again between two lines of a paragraph, a blank line on one side only
    body = PARA_A[:2] + ["", "20"] + PARA_A[2:] + PARA_B + PARA_C
    page = "\n".join(["要闻", "20", "", *body]) + "\n"
    doc = ocrmend.clean(page)
    got = [(b.type.value, b.text) for b in doc.blocks]
    # before: "20" read into the paragraph (...一批便20民利民...)
    assert ("body", TEXT_A) in got
    assert [t for k, t in got if k == "furniture"].count("20") == 2
    assert _nonspace(page) == _nonspace("".join(t for _, t in got))


# A page that sets in its paragraphs' first lines by one space (the lines
# under them flush) and then prints verse, a line each, set in the same:
# the space is the page's indent there, and every verse line starts.  A box
# set in by a space on every line (a wrapped headline) goes on only where
# the space is not the page's indent.
SET_IN_PROSE = [
    " 春雨过后，田野里的麦苗长得格外精神，农民们趁着好",
    "天气下地干活，有的施肥，有的浇水，一派繁忙的景象。",
    " 村里的合作社请来了农技专家，手把手教大家科学种田",
    "专家说，只要管理得当，今年每亩能多收一百斤。",
    " 傍晚时分，炊烟从村庄里升起，孩子们在田埂上追逐",
    "老人们坐在槐树下说着今年的收成，笑声传得很远。",
    " 夜里下起了小雨，雨点打在窗上，沙沙作响，像是在",
    "诉说着什么。",
]
SET_IN_VERSE = [" 雪，以严冬为父", " 雪，以暖春为母", " 雪，以河为床", " 雪，以海为家"]


@pytest.mark.parametrize("double", [False, True], ids=["single-spaced", "double-spaced"])
def test_lines_set_in_by_the_pages_indent_each_start(double: bool) -> None:
    from ocrmend.paragraphs import detect_double_spacing, hard_breaks
    from ocrmend.readers import read_text

    page = ("\n\n" if double else "\n").join(SET_IN_PROSE + SET_IN_VERSE) + "\n"
    lines = read_text(page, True)[0].lines
    breaks = hard_breaks(lines, detect_double_spacing(lines))
    assert breaks[-len(SET_IN_VERSE) :] == [True] * len(SET_IN_VERSE)
    # where nothing else is set in, the same lines run on as one box
    lines = read_text("\n".join([ln.strip() for ln in SET_IN_PROSE] + SET_IN_VERSE) + "\n", True)[0].lines
    assert hard_breaks(lines, False)[-len(SET_IN_VERSE) :] == [True, False, False, False]


def test_a_column_line_over_a_dropped_caption_keeps_the_columns_measure() -> None:
    """A caption of short lines dropped into a column, a narrower article
    after: the column lines on either side of the caption were each taken
    for a deck (wide against a neighbourhood the caption's lines outnumber)
    and measured with the narrower article, so the paragraph could not go
    on over the caption."""
    from ocrmend.paragraphs import estimate_column_widths, hard_breaks
    from ocrmend.readers import read_text

    column = ["甲" * 16 + "。", "乙" * 17, "丙" * 19, "丁" * 19, "戊" * 6 + "。", "己" * 17, "庚" * 19, "辛" * 19, "壬" * 19]
    caption = ["子" * 8, "丑" * 8, "寅" * 8, "卯" * 3 + "。 魏 磊 摄"]
    rest = ["辰" * 19, "巳" * 14 + "。", "午" * 18, "未" * 11 + "。"]
    narrow = ["", "申" * 10, "", *(["酉" * 12] * 7), "戌" * 5 + "。", *(["亥" * 12] * 6), "甲" * 4 + "。"]
    lines = read_text("\n".join(column + caption + rest + narrow) + "\n", True)[0].lines
    W = estimate_column_widths(lines, True, hard_breaks(lines, False))
    host, resumed = len(column) - 1, len(column) + len(caption)
    assert W[host] == W[resumed] == W[0] == 38
    blocks = [b.text for b in ocrmend.clean("\n".join(column + caption + rest + narrow) + "\n").blocks]
    assert any("壬" * 19 + "辰" * 19 + "巳" * 14 + "。" in b for b in blocks)


# Full-width figures (１９９７年, ４．２％) that an OCR engine read as ASCII
# count a cell short a digit, so a paragraph's lines that hold them look as if
# they ended with room to spare; digits a born-digital page sets half width
# fill their lines like any text.
FIGURES = (
    "据市统计局今天发布的报告，１９９７年全市农业比上年增长４．２％，增幅有所回落。"
    "在农业生产总体平稳增长的同时，种植结构有所调整，效益提高。１９９７年全市蔬菜种植"
    "面积达到２３５６公顷，比上年扩大了不少。其中大棚蔬菜增长７．５％，露地蔬菜增长３．１％，"
    "与上年增速基本相当。水果生产回落较大，下降１２．７％，增幅比上年回落８个百分点。"
    "花卉苗木增长１５．４％，比上年高０．６个百分点，成为新的增长点。"
)
AS_ASCII = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


def _wrapped(text: str, cells: int) -> str:
    from ocrmend.chars import display_width

    out, line = [], ""
    for ch in text:
        if display_width(line + ch) > cells:
            out.append(line)
            line = ""
        line += ch
    return "\n".join([*out, line]) + "\n"


@pytest.mark.parametrize(
    ("page", "narrow"),
    [
        # set with full-width figures, read by an OCR engine as ASCII
        (_wrapped(FIGURES, 32).translate(AS_ASCII), True),
        # set born-digital with half-width figures
        (_wrapped(FIGURES.translate(AS_ASCII), 32), False),
    ],
    ids=["ocr-read", "born-digital"],
)
def test_digits_read_narrow_are_told_by_the_lines_they_leave_short(page: str, narrow: bool) -> None:
    from ocrmend.chars import is_cjk_text
    from ocrmend.paragraphs import digits_read_narrow, estimate_column_widths, hard_breaks
    from ocrmend.readers import read_text

    lines = read_text(page, is_cjk_text(page))[0].lines
    forced = hard_breaks(lines, False)
    W = estimate_column_widths(lines, True, forced)
    fixed: list[bool | None] = [True if f else None for f in forced]
    assert (digits_read_narrow(lines, W, fixed) is not None) is narrow
    # either way the paragraph is one (it was cut in four where figures were read narrow)
    assert len(ocrmend.clean(page).blocks) == 1


# Verse under its title between paragraphs of prose: its lines, of widths
# all different and none a column's (fewer than 8 CJK characters), were
# measured as a column of their own and joined into one block.
VERSE = ["雪中吟", "雪，以严冬为父", "雪，以暖春为母", "雪，以河为床", "雪，以海为家", "昨夜寒风收尾去", "今晨暖阳吐金霞",
         "上游一眨眼", "黄河口在倾听", "祁连山在融化", "贺兰山在融化", "中条山在融化"]  # fmt: skip
PROSE = [
    "春雨过后，田野里的麦苗长得格外精神，农民们趁着好天气下地干活，有的施肥，有的浇水，一派繁忙的景象。今年的麦子长势喜人，丰收在望，乡亲们脸上都露出了笑容。",
    "村里的合作社请来了农技专家，手把手教大家科学种田。专家说，只要管理得当，今年每亩能多收一百斤。乡亲们听了，心里都乐开了花，干劲更足了。",
    "傍晚时分，炊烟从村庄里升起，孩子们在田埂上追逐嬉戏，老人们坐在槐树下说着今年的收成，笑声传得很远很远。",
]


@pytest.mark.parametrize("sep", ["\n", "\n\n"], ids=["single-spaced", "double-spaced"])
def test_verse_lines_between_prose_are_a_block_each(sep: str) -> None:
    def wrap(t: str) -> list[str]:
        return wrapped_at(t, 20)

    page = sep.join(wrap(PROSE[0]) + wrap(PROSE[1]) + VERSE + wrap(PROSE[2])) + "\n"
    assert [b.text for b in ocrmend.clean(page).blocks] == [*PROSE[:2], *VERSE, PROSE[2]]


def test_a_byline_box_read_as_the_mouth_radical_is_put_back_and_recorded() -> None:
    """Tesseract reads the byline's box □ as 口: the line 口 吴 敏 is a byline,
    not a letter-spaced headline, and the repair is a recorded edit (S005);
    口 opening a word in running text stays."""
    page = "加强卫生工作\n\n口 吴 敏\n\n本报北京１月１日电　人口总数超过十亿，口味和眼光也越来越高。\n"
    doc = ocrmend.clean(page, explain=True)
    got = [(b.type.value, b.text) for b in doc.blocks]
    assert got[1] == ("byline", "□ 吴敏")
    assert "人口总数超过十亿，口味和眼光" in got[2][1]
    assert [(e.rule, e.before, e.after) for e in doc.edits if e.rule == "S005"] == [("S005", "口 吴 敏", "□ 吴 敏")]


def test_a_headline_ends_on_its_note_on_the_pictures() -> None:
    """A headline whose line is full, ending on its note on the pictures
    printed with it (（附图片１张）): the line under it (a deck, a lead-in)
    is no part of it."""
    page = (
        "应使体育赞助一体化（附图片１张）\n"
        "张卫平（国际管理集团中国部高级\n"
        "经理）：体育推广和营销的概念是\n"
        "在几十年前提出的，已经很成熟。\n"
        "□ 曹建华\n"
        "　　体育赞助的形式多种多样，像篮\n"
        "球联赛、网球公开赛之类，就是吸\n"
        "引企业赞助的好办法。\n"
    )
    blocks = [b.text for b in ocrmend.clean(page).blocks]
    assert blocks[0] == "应使体育赞助一体化（附图片１张）"


def test_a_new_articles_first_line_is_measured_with_its_own_column() -> None:
    """An article set wider than the one above it: its first line, cut from
    both where the widths change, was measured with the narrower column
    above (the nearer of two), found wider than it and made a box of its own."""

    above = "中国社会科学院的研究人员认为，今年世界经济的增长速度将有所放慢，但总体上仍将保持平稳发展的态势，各国应当加强合作，共同应对可能出现的风险和挑战，推动世界经济健康发展。"
    first = "新华社北京１月９日电（记者鹿永建）秋"
    rest = (
        "冬连旱使我国北方农业面临旱情的威胁，国家防汛抗旱总指挥部和水利部近日发出通知，要求各地全力以赴做好抗旱保春播、保夏粮的工作。"
        "通知指出，入冬以来，北方大部分地区降水偏少，部分地区旱情露头。各地要立即行动起来，采取有力措施，组织群众抗旱保苗，确保春播顺利进行，"
        "确保夏粮丰收，为全年农业生产打下良好基础。"
    )
    lines = ["　　" + wrapped_at(above, 15)[0], *wrapped_at(above, 15)[1:], "　　（作者系国务院发展研究中心", "研究员）",
             " 国家防总、水利部通知要求各地全力以赴抗旱保春播保夏粮", "□ 戴 敏", "　　" + first, *wrapped_at(rest, 19)]  # fmt: skip
    blocks = [b.text for b in ocrmend.clean("\n".join(lines) + "\n").blocks]
    assert blocks[-1] == first + rest


def test_a_caption_on_its_credit_after_a_full_line_that_ends_a_sentence_moves_after_its_paragraph() -> None:
    """No indents on the page: a caption ending on its credit, dropped after a
    full line that ends a sentence, before a full line that goes on. Left in
    place it cut the paragraph in two; lifted, the paragraph decides alone."""

    p1 = (
        "防伪技术在我国的发展还只是近几年的事，但这条路子已经初步趟出。目前，我国的防伪行业现已经具备了一定的数量和规模。"
        "据有关统计数据，从事防伪技术科研、开发、生产的企、事业单位已达２０００多家，形成了一个新的产业。"
    )
    p2 = "防伪是个全球性课题，各国都在加强这方面的研究，希望找到更加可靠的办法，保护消费者的利益。"
    lines = wrapped_at(p1, 14)
    assert lines[3].endswith("规模。")
    lines = [*lines[:4], "工作人员在广东省深圳市一处基站进行设备巡检。  陈 勇 摄", *lines[4:], *wrapped_at(p2, 14)]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(lines) + "\n").blocks]
    assert got == [("body", p1), ("caption", "工作人员在广东省深圳市一处基站进行设备巡检。"), ("credit", "陈勇 摄"), ("body", p2)]


def test_a_wide_caption_under_a_paragraphs_first_line_after_a_byline_moves_after_it() -> None:
    """A double-spaced page: a wide caption and its credit dropped under the
    first line of the paragraph under a byline (a dateline cut short: …７日 /
    电（记者…）).  That line was not taken for a paragraph's first line (no
    indent, no sentence's end above), so being a little short it hosted
    nothing, and the caption was read as a deck."""
    lines = [
        "以土美举行联合海军演习", "□ 郭  建  华", "据新华社耶路撒冷１月７日",
        "货轮停靠在山东省青岛港前湾集装箱码头，港口作业繁忙有序。", "雷春燕 摄",
        "电（记者戚德良、支林飞）以色", "列、土耳其和美国７日在以色列", "海岸以西的地中海海面举行了为", "期一天的联合海军演习。",
        "这次演习的主要内容是海上救险", "和搜索，三国海军的舰艇和飞机", "参加了演习，演习进行得很顺利。",
    ]  # fmt: skip
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n\n".join(lines) + "\n").blocks]
    assert got[2][1].startswith("据新华社耶路撒冷１月７日电（记者戚德良、支林飞）以色列")
    assert got[3:5] == [("caption", "货轮停靠在山东省青岛港前湾集装箱码头，港口作业繁忙有序。"), ("credit", "雷春燕 摄")]


def test_a_dateline_opened_by_ju_goes_on_into_its_reporters() -> None:
    """据新华社…电 on a line of its own is a dateline as 新华社…电 is: the
    reporters' bracket under it goes on the same paragraph."""
    page = "据新华社墨西哥城１月９日电\n(记者沈安、庄霞琴)９日拉美各股\n市出现去年１０月底以来最严重的下\n跌，一些国家货币的汇价也随之下滑。\n"
    assert [b.text for b in ocrmend.clean(page).blocks] == [
        "据新华社墨西哥城１月９日电（记者沈安、庄霞琴）９日拉美各股市出现去年１０月底以来最严重的下跌，一些国家货币的汇价也随之下滑。"
    ]


def test_a_line_a_character_short_before_an_opening_quote_goes_on() -> None:
    """An opening mark never ends a line: a line that left room for the quote
    alone, not for the character it opens, was full. Counting the quote as
    the next line's whole first unit gave that line room, and a break."""
    para = [
        "　　五十岁的农民袁文耀手拿一叠", "科学养猪、种菜的资料，感慨不已", "地对记者说：要想高产致富就要学", "科技。上面想得真周到，我们想要",
        "的东西都送上门来了。身旁的几位", "村民也纷纷说起学科技的好处来：", "“靠科技致富，我们心里有底了，",
        "往后的日子一定会越过越好。”",
    ]  # fmt: skip
    after = ["　　记者在村里看到，农民们学科", "技、用科技的热情很高。"]
    assert {len(ln) for ln in para[1:6]} == {15} and para[5].endswith("：")
    para[5] = para[5][:-2] + "："  # one character short: the quote could not end it
    page = "\n".join(para + after) + "\n"
    blocks = [b.text for b in ocrmend.clean(page).blocks]
    assert blocks == ["".join(para).lstrip("　"), "".join(after).lstrip("　")]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_bare_name_under_a_heading_wider_than_the_column_is_its_byline(gap: str) -> None:
    """A heading set wider than the column has a measure of its own, which
    no line shows: a bare name under it, over an indented paragraph, is a
    byline, not the heading's wrapped tail (nor, after a blank line, the
    last line of the wide box)."""
    head = "国之枢纽气象新——中央国家机关开展活动综述"
    text = (
        "１９９６年末，总理在中央国家机关党的工作会议上提出：中央国家机关要成为廉洁、高效、务实、文明的机关，"
        "成为全国的表率。一年来，各部门紧密结合实际，开展了创建活动，取得了明显的成效，受到了群众的好评。"
    )
    body = wrapped_at(text, 15)
    page = gap.join([head, "龚伟瑄", "　　" + body[0], *body[1:]]) + "\n"
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got == [("headline", head), ("byline", "龚伟瑄"), ("body", text)]


def test_a_short_article_set_wider_than_the_columns_around_it_is_measured_alone() -> None:
    """A picture story of five lines at 18 characters over an article at 15:
    too few lines to measure, it borrowed the column below, and each of its
    full lines looked wider than the column, a box of its own."""
    story = "连日来，本是隆冬季节的美国首都华盛顿温暖如春。１月４日最高气温达到１９摄氏度。人们纷纷脱去冬装，走出户外，享受新年第一个温暖的周末。"
    lines = wrapped_at(story, 18)
    article = (
        "新华社华盛顿１月６日电今年是联合国确定的国际海洋年。来自６５个国家的１６００多名海洋科学家今天在这里发出呼吁，"
        "要求各国政府和全人类采取紧急行动保护遭到人类活动严重威胁的海洋。"
    )
    page = [
        "华府隆冬暖如春", "□ 潘  娟", "　　" + lines[0][:16], lines[0][16:] + lines[1][:16], lines[1][16:] + lines[2][:16], lines[2][16:] + lines[3],
        "（新华社记者刘宇摄）", "保护海洋免遭人类破坏", "□ 金明远", "　　" + wrapped_at(article, 15)[0], *wrapped_at(article, 15)[1:],
    ]  # fmt: skip
    assert max(len(ln) for ln in page[3:5]) == 18
    got = [b.text for b in ocrmend.clean("\n\n".join(page) + "\n").blocks]
    assert story in got and article in got


@pytest.mark.parametrize("credit", ["郭春燕 摄", "秦欣然摄（新华社发）"])
def test_a_credit_line_under_a_full_caption_line_is_a_block_of_its_own(credit: str) -> None:
    """A caption line that fills the column, then its photo credit on a line
    of its own: nothing in the widths parts them; the credit's form does.
    A bracketed credit, （王琪摄）, still closes its photo story's paragraph."""
    body = wrapped_at("傅全有要求总参机关的同志一定要把握方向，履行职能，围绕实现军队建设跨世纪发展战略目标谋划指导工作，为党中央、中央军委当好参谋。", 20)
    caption = "学生在四川省成都市一所中学的实验室内上课。"
    page = ["　　" + body[0], *body[1:], caption, credit]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert [t for _, t in got[-2:]] == [caption, credit] and got[-1][0] == "credit"
    story = wrapped_at("杭州市人才市场日前开通人才查询系统网络，求职者在家中查询到全市的招聘信息和政策。", 20)
    assert len(story[-1]) == 20
    got = [b.text for b in ocrmend.clean("\n".join(["　　" + body[0], *body[1:], *story, "（王定昶摄）"]) + "\n").blocks]
    assert got[-1] == "".join(story) + "（王定昶摄）"


def test_a_column_of_short_paragraphs_is_measured_by_the_lines_that_go_on() -> None:
    """Paragraphs of two or three lines whose indents were lost: their first
    lines, two characters short, outnumber the full lines of either width
    (a squeezed mark leaves some a cell short), and were taken for the
    measure; every full line then looked wider than the column."""
    texts = [
        "中共中央政治局委员、书记处书记温家宝今晚在人民大会堂会见了西班牙客人。",
        "中联部部长戴秉国等参加了会见，双方就两党关系交换了意见。",
        "西班牙客人应中国共产党邀请，于昨天抵京对中国进行友好访问。",
        "客人们还将前往上海、西安等地参观访问，了解中国改革开放的情况。",
        "双方表示，愿意在相互尊重的基础上进一步加强交流与合作。",
    ]
    page: list[str] = []
    for t in texts:
        cut = [13, 15, 14]
        k = 0
        for w in cut:
            if len(t) - k <= w:
                break
            page.append(t[k : k + w])
            k += w
        page.append(t[k:])
    got = [b.text for b in ocrmend.clean("据新华社北京１月１２日电\n" + "\n".join(page) + "\n").blocks]
    assert got[-4:] == texts[1:]


def test_a_new_articles_measure_is_told_from_the_lines_that_go_on_around_it() -> None:
    """Reports at 18 characters, then a headline, a byline and a report at
    15 (16 where a mark is squeezed), paragraphs parted by blank lines: the
    six lines above the new report's first line held a headline, a byline
    and short last lines, which hid the change of measure; its lines were
    measured at 18, each had room for the next word and was a paragraph."""
    # the page's shape: indent (spaces), h(eadline)/b(yline), characters, last mark; / a blank line
    shape = (
        "1h12 0b5 / 416， 018， 018 013。 / 012 / 416 018 018 018 018 018。 / 416 018 018 018 05。 / 416 018 018 018 05。 "
        "1h15 0b5 / 413 015 015 015 016 06。 / 413 015， 015 015 016 015 016 016 02。 / 413 016， 010。"
    )
    filler = iter("中国跳水名将余卓成在男子一米板决赛中杀出重围夺得金牌成为世界上第一个世界杯世锦赛男子三米板获得者" * 40)
    lines: list[str] = []
    for item in shape.split():
        if item == "/":
            lines.append("")
            continue
        mark = item[-1] if item[-1] in "，。" else ""
        kind = item[1] if item[1] in "hb" else ""
        size = int(item[1 + len(kind) :].rstrip("，。"))
        text = "".join(next(filler) for _ in range(size - len(mark))) + mark
        lines.append(" " * int(item[0]) + ("□ " + text[:3] if kind == "b" else text))
    last_byline = max(k for k, ln in enumerate(lines) if ln.startswith("□"))
    report = "\n".join(lines[last_byline + 2 :]).split("\n\n")
    want = ["".join(ln.strip() for ln in para.split("\n")) for para in report]
    got = [b.text for b in ocrmend.clean("\n".join(lines) + "\n").blocks]
    assert got[-len(want) :] == want


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_heading_its_paragraph_opens_with_again_is_a_block_of_its_own(sep: str) -> None:
    """A short line under a full one that ends a sentence, and the next line
    (no indents on the page) opening with the same words: a heading over its paragraph
    (text does not stutter), not the first line of that paragraph nor the
    last of the one above."""
    above = wrapped_at("大和银行纽约分行负责人为弥补损失私自交易，在长达十一年的时间里进行了三万余次账外交易，隐瞒损失约十一亿美元。", 18)
    below = wrapped_at("井口的做法是，在买卖国债后，将证券公司送交大和银行纽约分行的交易确认书转到自己手中。", 18)
    assert len(above[-1]) == 18  # (a full line: nothing in the widths ends the paragraph)
    page = sep.join([*above, "井口的做法是", *below]) + "\n"
    got = [b.text for b in ocrmend.clean(page).blocks]
    assert got == ["".join(above), "井口的做法是", "".join(below)]


def test_a_section_name_found_by_its_repeats_takes_its_folios_and_its_mid_page_copies():
    """Pages whose heads set only the section name and the folio, a line
    each: the name is furniture by its repeats at the page tops (F005),
    found after the folios beside it were asked (they joined nothing), and
    it named no section, so its copy read inside a page stayed in the text."""
    pages = [
        ["综合新闻", "8", *PARA_A],
        ["综合新闻", "9", *PARA_C, *PARA_B[:3], "综合新闻", *PARA_B[3:], *PARA_A],
        ["综合新闻", "10", *PARA_C],
    ]
    text = "\f".join("\n\n".join(p) + "\n\n" for p in pages)
    doc = ocrmend.clean(text, explain=True)
    furniture = [b for b in doc.blocks if b.type.value == "furniture"]
    assert sorted(b.text for b in furniture) == sorted(["综合新闻"] * 4 + ["8", "9", "10"])
    assert all(b.why[0][0].startswith("F") for b in furniture)  # (found as furniture, not typed so afterwards)
    assert [b.text for b in doc.blocks if b.type.value != "furniture"] == [TEXT_A, TEXT_C, TEXT_B, TEXT_A, TEXT_C]


# An English story in running paragraphs, wrapped as a narrow column.
EN_PARA_1 = ["The city council voted on Tuesday to widen the", "old harbour road, a plan that has been argued", "over for nearly ten years by local traders."]
EN_PARA_2 = ["Work is expected to start in the spring and", "should be finished before the end of next year,", "a spokeswoman for the council said."]
EN_PARA_3 = ["Traders who opposed the plan said they would", "take their case to the regional court."]
EN_TEXT_1, EN_TEXT_2, EN_TEXT_3 = (" ".join(p) for p in (EN_PARA_1, EN_PARA_2, EN_PARA_3))


def test_a_running_head_repeats_less_its_page_number() -> None:
    """A section name and a paper name each set beside the folio, which
    changes from page to page (and the name read letter-spaced on one):
    the line less its folio repeats at the page edges (F005), and the
    paragraph the page break cut closes over it."""
    pages = [
        ["S P O R T S    B2", "", *EN_PARA_1, "", *EN_PARA_2[:2], "The Evening Post    B2"],
        ["SPORTS    B3", "", *EN_PARA_2[2:], "", *EN_PARA_3, "The Evening Post    B3"],
    ]
    doc = ocrmend.clean("\f".join("\n".join(p) + "\n" for p in pages), explain=True)
    furniture = [b.text for b in doc.blocks if b.type.value == "furniture"]
    assert furniture == ["SPORTS", "B2", "The Evening Post", "B2", "SPORTS", "B3", "The Evening Post", "B3"]
    assert [b.text for b in doc.blocks if b.type.value != "furniture"] == [EN_TEXT_1, EN_TEXT_2, EN_TEXT_3]


def test_a_running_heads_items_read_again_inside_a_page_are_furniture() -> None:
    """The folio (B2) and the letter-spaced section name of a running head
    that prints both on one line, each read again on a line of its own with
    a blank line above it, inside a paragraph (F004): the paragraph closes
    over it."""
    pages = [
        ["S P O R T S    B2", "", *EN_PARA_1[:2], "", "B2", *EN_PARA_1[2:], "", *EN_PARA_2[:2], "The Evening Post    B2"],
        ["SPORTS    B3", "", *EN_PARA_2[2:], "", *EN_PARA_1[:2], "", "S P O R T S", *EN_PARA_1[2:], "", *EN_PARA_3, "The Evening Post    B3"],
    ]
    doc = ocrmend.clean("\f".join("\n".join(p) + "\n" for p in pages), explain=True)
    got = [(b.type.value, b.text) for b in doc.blocks]
    assert ("furniture", "B2") == got[3] and ("furniture", "SPORTS") == got[10]
    assert [t for k, t in got if k != "furniture"] == [EN_TEXT_1, EN_TEXT_2, EN_TEXT_1, EN_TEXT_3]


def test_a_latin_section_name_the_running_heads_print_is_furniture_where_a_column_break_read_it() -> None:
    """SPORTS, named by the running heads (S P O R T S  B2), read again on
    a line of its own between two paragraphs: furniture (F006), as a Han
    section name is."""
    pages = [
        ["S P O R T S    B2", "", *EN_PARA_1, "", *EN_PARA_2[:2], "The Evening Post    B2"],
        ["SPORTS    B3", "", *EN_PARA_2[2:], "", *EN_PARA_3, "", "SPORTS", "", *EN_PARA_1, "", *EN_PARA_2, "The Evening Post    B3"],
    ]
    doc = ocrmend.clean("\f".join("\n".join(p) + "\n" for p in pages), explain=True)
    got = [(b.type.value, b.text, b.why[0][0]) for b in doc.blocks]
    assert ("furniture", "SPORTS", "F006") in got
    assert not any("SPORTS" in t for k, t, _ in got if k != "furniture")


def test_a_latin_section_name_read_inside_paragraphs_on_two_pages_is_furniture_a_closing_word_is_not() -> None:
    """SPORTS, printed by no running head, read inside a paragraph on two
    pages: a section name a column break printed (F006).  REUTER, read
    after a paragraph's end on both pages, is the word wire stories end on:
    content (a Han name may stand after a paragraph's end, a Latin one not)."""
    pages = [
        ["The Evening Post    B2", "", *EN_PARA_1[:2], "SPORTS", *EN_PARA_1[2:], "", *EN_PARA_3, "REUTER", "", *EN_PARA_2],
        ["The Evening Post    B3", "", *EN_PARA_2, "", *EN_PARA_3, "REUTER", "", *EN_PARA_1[:2], "SPORTS", *EN_PARA_1[2:], "", *EN_PARA_2],
    ]
    doc = ocrmend.clean("\f".join("\n".join(p) + "\n" for p in pages), explain=True)
    got = [(b.type.value, b.text) for b in doc.blocks]
    assert got.count(("furniture", "SPORTS")) == 2
    assert [k for k, t in got if t == "REUTER"] == ["subhead", "subhead"]
    assert [t for k, t in got if k != "furniture" and t != "REUTER"].count(EN_TEXT_1) == 2


@pytest.mark.parametrize(
    "head, copy_at",
    [(["观察    19"], 8), (["观 察", "18"], 6)],
)
def test_a_running_head_on_a_text_without_page_breaks_is_known_by_its_name_read_again(head: list[str], copy_at: int) -> None:
    """A text with no form feed: its one running head, a section name and
    its folio (on its line, or on a line of its own under it), repeats at
    no other page edge; its name read again inside the page, after a
    paragraph's end or inside a paragraph, shows it is the page's (F009)."""
    body = [*PARA_A, *PARA_B, *PARA_C, *PARA_A]
    page = "\n".join([*head, "", *body[:copy_at], "观察", *body[copy_at:]]) + "\n"
    doc = ocrmend.clean(page, explain=True)
    got = [(b.type.value, b.text) for b in doc.blocks]
    furniture = [t for k, t in got if k == "furniture"]
    assert furniture == ["观察", head[-1][-2:], "观察"]
    assert [t for k, t in got if k != "furniture"] == [TEXT_A, TEXT_B, TEXT_C, TEXT_A]


def test_a_name_heading_a_text_without_its_folio_read_again_inside_it_is_content() -> None:
    """A short line of Han over the text and read again after a paragraph's
    end: with no folio beside it, a title or a speaker's name -- not asked."""
    page = "\n".join(["李明", "", *PARA_A, *PARA_B, "李明", *PARA_C]) + "\n"
    assert [b.type.value for b in ocrmend.clean(page).blocks if b.text == "李明"] == ["headline", "subhead"]


def test_a_folio_above_the_last_pages_foot_is_furniture_when_the_pages_top_prints_it() -> None:
    """At the last page's foot a short line above furniture may be a
    letter's signature, so it joins only furniture above it; but the folio
    the page's top prints too (08 under the date, 08 over the editor line)
    is the page's: furniture where it stands (F003)."""
    page = "\n".join(["2021年6月25日 星期五", "08", "", *PARA_A, *PARA_B, *PARA_C[:2], "", "08", "责任编辑：王小林", "", *PARA_C[2:]]) + "\n"
    doc = ocrmend.clean(page, explain=True)
    furniture = [(b.text, b.why[0][0]) for b in doc.blocks if b.type.value == "furniture"]
    assert furniture == [("2021年6月25日 星期五", "F001"), ("08", "F003"), ("08", "F003"), ("责任编辑：王小林", "F001")]
    assert [b.text for b in doc.blocks if b.type.value != "furniture"] == [TEXT_A, TEXT_B, TEXT_C]


def test_a_pull_quote_repeating_the_sentence_under_a_byline_moves_after_its_paragraph() -> None:
    """The quote repeats the paragraph's first sentence, which opens the
    text under the byline (its indent lost): a sentence of its own there,
    as after a full stop or an indent."""
    lines = [
        "雷神庙记", "孙为刚", "烟台市牟平区有座雷神庙。", "这座建于１６３４年的庙宇，", "占地约有两三个篮球场那么大，",
        "坐北朝南，由正殿、南厅及东", "西两厢组成。整个建筑沿南北", "", "烟台市牟平区有座雷神庙。", "", "中轴线对称布局，砖石木结构，",
        "殿房之间由两米多高的石墙相", "连，构成封闭式的院落。",
    ]  # fmt: skip
    got = [b.text for b in ocrmend.clean("\n".join(lines) + "\n").blocks]
    body = "".join(lines[2:7]) + "".join(lines[10:])
    assert got[-2:] == [body, "烟台市牟平区有座雷神庙。"]


def test_a_note_on_the_writer_on_its_own_line_is_a_block_of_its_own() -> None:
    """（作者系…） under the text's last sentence, which fills its line: its
    form starts a block, as The writer is ... does on a Latin page."""
    text = "要把群众的力量集中起来，任何困难都不可能阻挡我们前进的步伐！"
    lines = wrapped_at(text, 15)
    assert len(lines[-1]) == 15
    page = "\n".join(["　　" + lines[0], *lines[1:], "（作者系复旦大学经济学院副教授）"]) + "\n"
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got == [("body", text), ("note", "（作者系复旦大学经济学院副教授）")]


def test_a_note_closed_on_its_line_ends_its_block() -> None:
    """A caption set right under a note on the writer (（作者系…） closed on its
    line, the caption's lines flush, no final mark between): the note is the
    whole box, the caption another, not the note's second half."""
    text = "要把群众的力量集中起来，任何困难都不可能阻挡我们前进的步伐！"
    lines = wrapped_at(text, 15)
    caption = wrapped_at("工作人员在广东省深圳市一处基站进行设备巡检。", 15)
    page = "\n".join(["　　" + lines[0], *lines[1:], "（作者系复旦大学经济学院副教授）", *caption]) + "\n"
    got = [b.text for b in ocrmend.clean(page).blocks]
    assert got == [text, "（作者系复旦大学经济学院副教授）", "".join(caption)]


def test_a_credit_closes_its_caption_before_the_next_headline() -> None:
    """A caption's credit, then the next article's headline right under it:
    an all-caps credit (NAME/THE HERALD) was glued to an all-caps headline
    as its first line, and a wide CJK caption ending on its credit to a
    short headline as the wide box's last line."""
    latin = (
        "The company said sales rose in most countries, including the United\nKingdom, France and Australia.\n"
        "Students take part in an after-school robotics class.\nSARAH TURNER/THE HERALD\n"
        "NRM ENERGY SECURITIES RAISED BY MOODY'S\n"
        "Moody's Investors Service Inc said it upgraded the ratings on NRM\nEnergy Co's senior preferred units.\n"
    )
    texts = [b.text for b in ocrmend.clean(latin).blocks]
    assert "SARAH TURNER/THE HERALD" in texts and "NRM ENERGY SECURITIES RAISED BY MOODY'S" in texts
    body = wrapped_at("日本两家公司日前宣布，新一代数字视盘的容量比现有产品增加两倍，明年将投放市场。", 12)
    before = wrapped_at("据介绍，新型列车的运行速度比原来提高了三成，沿线城市的往来更加便捷。", 12)
    cjk = "\n".join(["　　" + before[0], *before[1:], "列车驶过福建省福州市闽江大桥。  蒋 洋 摄", "新数字视盘容量增两倍", "　　" + body[0], *body[1:]]) + "\n"
    got = [b.text for b in ocrmend.clean(cjk).blocks]
    assert "新数字视盘容量增两倍" in got


def test_a_latin_caption_of_two_lines_on_a_double_spaced_page_moves_after_its_paragraph() -> None:
    """Every line under a blank line: the caption's first line was left as the
    paragraph's, for no gap set the caption apart; its sentence going on in
    lowercase on the line under it shows where it opens."""
    import textwrap

    p1 = (
        "Governor Cuomo said the agreement with Con Ed, which must be approved by the State Public Service Commission, "
        "was negotiated by the State Consumer Protection Board, the Attorney General, the City of New York and several other parties."
    )
    p2 = 'He said the agreement "will produce the first base electric rate decrease for Con Edison in more than 20 years."'
    p3 = (
        "As a result of an earlier stipulation, we have already had a four year freeze on the company's base electric rates "
        "since March 1983, he added, and the new rates will take effect at the start of next month."
    )
    l2 = textwrap.wrap(p2, 34)
    lines = [*textwrap.wrap(p1, 34), l2[0], "Visitors walk through the new exhibition hall", "on Saturday.", "Photo: Rachel King", *l2[1:], *textwrap.wrap(p3, 34)]
    got = [b.text for b in ocrmend.clean("\n\n".join(lines) + "\n").blocks]
    assert p2 in got
    assert "Visitors walk through the new exhibition hall on Saturday." in got


def test_a_section_name_read_again_inside_pages_is_furniture():
    """Running heads that print no section: the section name a column break
    set alone, between two paragraphs or inside one, read on several pages
    (F006); not a byline's role (本报记者) nor a name under a heading."""
    head = "新华每日电讯\u3000\u30002023年1月16日\u3000星期一\u3000\u3000— {} —"
    pages = [
        [head.format(2), *PARA_A, "国\u3000际", *PARA_B],
        [head.format(3), *PARA_C, *PARA_A],
        [head.format(4), *PARA_B, "国际", *PARA_C],
    ]
    text = "\f".join("\n\n".join(p) + "\n\n" for p in pages)
    doc = ocrmend.clean(text, explain=True)
    names = [b for b in doc.blocks if b.text in ("国 际", "国际")]
    assert len(names) == 2 and all(b.type.value == "furniture" and b.why[0][0] == "F006" for b in names)
    assert [b.text for b in doc.blocks if b.type.value != "furniture"] == [TEXT_A, TEXT_B, TEXT_C, TEXT_A, TEXT_B, TEXT_C]
    # (a writer's name under a heading on two pages is no furniture)
    pages = [[head.format(2), *PARA_C, "城市公交线路不断优化", "张亮", *PARA_B], [head.format(3), *PARA_C, "社区服务中心一站式办理", "张亮", *PARA_A]]
    doc = ocrmend.clean("\f".join("\n\n".join(p) + "\n\n" for p in pages))
    assert not [b for b in doc.blocks if b.type.value == "furniture" and "张亮" in b.text]
    assert sum("张亮" in b.text for b in doc.blocks) == 2


def test_a_paragraphs_first_line_under_a_wide_deck_is_not_the_decks_last():
    """A deck across the columns, then a body whose indents were lost: its
    first line, short by the indent, looked like the deck's wrapped last
    line; the full line going on under it shows it opens the paragraph."""
    deck = "《欧洲时报》创刊１５周年庆祝活动今天下午在巴黎隆重举行"
    body = "本报巴黎１月１１日电记者果永毅、王芳报道：《欧洲时报》创刊１５周年庆祝活动今天下午在巴黎隆重举行。大会宣读了法国总统希拉克发给《欧洲时报》社长杨咏桔的贺词。"
    lines = [body[:11], *wrapped_at(body[11:], 13)]
    page = "\n".join(["《欧洲时报》庆祝创刊十五周年", deck, *lines]) + "\n"
    got = [b.text for b in ocrmend.clean(page).blocks]
    assert got[-2:] == [deck, body]


def test_a_dateline_under_a_wide_headline_opens_the_text_not_the_headlines_last_line():
    """据新华社北京一月九日电（记者…） under a headline set across the columns,
    its date in Chinese numerals: it opens the article's text, whatever the
    lines under it, and is no wrapped last line of the headline."""
    head = "邹家华会见全国统计工作会议代表时指出统计工作要把准确性放在首位"
    text = "国务院副总理邹家华今天在会见出席全国统计工作会议代表时指出，统计工作是一项基础性工作，要把准确性放在首位，要加快统计制度改革，全面提高统计数据的质量。"
    page = "\n".join([head, "据新华社北京一月九日电（记者张锦胜）", *wrapped_at(text, 19)]) + "\n"
    got = [b.text for b in ocrmend.clean(page).blocks]
    assert got[0] == head and got[1].startswith("据新华社北京一月九日电（记者张锦胜）")


def test_a_caption_framed_by_blank_lines_over_its_credit_is_one_box():
    """A caption's two lines set apart by blank lines, its credit at the end
    of the second: the first line (full, no final mark) was taken for a
    paragraph's line the second interrupted, and glued to the headline
    after the gap."""
    p1 = "评委们认为，从作者的整体思想倾向看，从作品所表现的内容看，这部作品是一部有价值的长篇小说，值得肯定。"
    p2 = "菡子同志，收到你的来信，知道你近来身体很好，我和家里人都很高兴，盼望你多多保重，常来信。"
    page = "\n".join([
        "　　" + p1[:13], *wrapped_at(p1[13:], 15), "", "图为位于贵州省平塘县的500米口", "径球面射电望远镜。 程 鹏 摄", "",
        "但得夕阳无限好", "袁 鹰", "　　" + p2[:13], *wrapped_at(p2[13:], 15),
    ]) + "\n"  # fmt: skip
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got[1:4] == [("caption", "图为位于贵州省平塘县的500米口径球面射电望远镜。"), ("credit", "程鹏 摄"), ("headline", "但得夕阳无限好")]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_head_over_a_byline_splits_where_a_line_has_room_left(gap: str) -> None:
    """Over a byline, lines that end no sentence are the article's head: a
    headline a character short of the column is a box, not a first line
    whose lost indent fills it, and the deck under it goes on while full."""
    head, deck = "本市举办首届冬季长跑健身赛", "近万名市民今天清晨从人民广场出发沿江跑完十公里"
    text = "本报讯今天清晨，全市冬季长跑健身活动在人民广场开幕。近万名市民参加了活动，年龄最大的已七十多岁。"
    page = [
        *wrapped_at("去年全市新建健身步道一百多公里，市民锻炼有了好去处。", 14),
        head, *wrapped_at(deck, 14), "□ 陈 明", "　　" + text[:12], *wrapped_at(text[12:], 14),
    ]  # fmt: skip
    assert len(head) == 13 and len(page[3]) == 14
    got = [(b.type.value, b.text) for b in ocrmend.clean(gap.join(page) + "\n").blocks]
    assert ("headline", head) in got and ("deck", deck) in got


def test_a_correspondents_byline_under_a_wide_deck_is_not_its_last_line() -> None:
    """本报驻意大利记者罗晋标 under a deck set across the columns: a byline
    (the paper's desk abroad, a reporter's role), not the wide box's wrapped
    last line, as 本报记者… is."""
    deck = "去年１２月２９日，罗马出租汽车司机开着汽车，将两位客人从旅馆送到机场"
    text = "去年１２月２９日，罗马出租汽车司机开着汽车，将两位客人从旅馆送到机场。送走客人后，他在车后座上发现了一个手提包。"
    page = ["巨款还失主", deck, "本报驻意大利记者罗晋标", "", "　　" + text[:13], *wrapped_at(text[13:], 15)]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert got[1:3] == [("deck", deck), ("byline", "本报驻意大利记者罗晋标")]


@pytest.mark.parametrize(
    "signer",
    [
        ["交通部部长黄镇东"],  # office, title and name
        ["国务院发展研究中心研究员", "吴敬琏"],  # office and title over the name
    ],
)
def test_a_signers_title_and_name_under_a_headline_that_fills_the_column(signer: list[str]) -> None:
    """An article a minister or a scholar signs: his office, title and name
    under the headline, then the byline. The headline fills its column, so
    no room tells the lines apart; the signer's form does (a deck whose
    sentence ends on 外交部长钱其琛 does not: 外交 is no office)."""
    head = "加快公路建设服务经济发展"
    text = "　　去年全国新建公路三万多公里，其中高速公路一千多公里，交通运输紧张状况有所缓解，运输能力明显提高。"
    page = [head, *signer, "□ 王 超", text[:14], *wrapped_at(text[14:], 12)]
    assert len(head) == 12
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert got[:3] == [("headline", head), ("deck", "".join(signer)), ("byline", "□ 王超")]
    deck = ["摩洛哥国王哈桑二世８日在王宫会见了正在这里", "访问的中国国务院副总理兼外交部长钱其琛"]
    got = [b.text for b in ocrmend.clean("\n".join(["国王会见钱其琛", *deck, *page[len(signer) + 1 :]]) + "\n").blocks]
    assert "".join(deck) in got


@pytest.mark.parametrize("indent", ["　　", ""])
def test_a_head_over_an_articles_dateline_splits_as_over_a_byline(indent: str) -> None:
    """No byline: the article's text opens on its dateline (本报讯), indented
    or flush. The lines over it that end no sentence are its head, split
    where a head line has room left over a full one (headline, deck)."""
    head, deck = "本市举办冬季长跑健身赛", "近万名市民今天清晨从人民广场出发沿江跑完十公里"
    text = "本报讯今天清晨，全市冬季长跑健身活动在人民广场开幕。近万名市民参加了活动，年龄最大的已七十多岁。"
    more = "赛事组委会表示，今后每年冬季都将举办这项赛事，并在各区设立分赛场，让更多市民就近参加。"
    page = [*wrapped_at("去年全市新建健身步道一百多公里，市民锻炼有了好去处。", 14), head, *wrapped_at(deck, 14), indent + text[:12], *wrapped_at(text[12:], 14)]
    page += [indent + more[:12], *wrapped_at(more[12:], 14)]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert [t for _, t in got[1:4]] == [head, deck, text]
    assert got[1][0] == "headline"


def test_a_caption_inside_an_articles_dateline_line_is_lifted() -> None:
    """A caption and its credit dropped under the first line of an article's
    text, a line short of the column by its lost indent: a dateline
    (据新华社…电) opens a paragraph as an indent does, so that line goes on
    under the caption (it was taken for a deck, the caption for another)."""
    before = "去年全市新建健身步道一百多公里，公园和广场都添了健身器材，市民锻炼有了好去处，参加长跑的人也越来越多。"
    text = "据新华社北京１月１２日电（记者周志方、赵秀娟）话剧《虎踞钟山》在京城引起强烈反响，中央和北京市各大新闻媒体连日来以各种形式介绍这部作品。"
    more = "观众们说，这部话剧情节感人，演员表演朴实自然，看了很受教育，希望能有更多这样的好作品上演。"
    caption, credit = "货轮停靠在山东省青岛港前湾集装箱码头，港口作业繁忙有序。", "方 鹏 摄 （资料图片）"
    page = [
        "　　" + before[:14], *wrapped_at(before[14:], 16), "首都新闻界聚焦《虎踞钟山》", text[:14], caption, credit,
        *wrapped_at(text[14:], 16), "　　" + more[:14], *wrapped_at(more[14:], 16),
    ]  # fmt: skip
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert got[1:5] == [("headline", "首都新闻界聚焦《虎踞钟山》"), ("body", text), ("caption", caption), ("credit", "方鹏 摄（资料图片）")]


@pytest.mark.parametrize(
    "lead",
    [
        "市郊的菜农今年种上了新品种，冬天也有新鲜蔬菜上市，一个大棚收入过万元——（附图片２张）",
        "市郊的菜农今年种上了新品种，冬天也有新鲜蔬菜上市；一个大棚收入过万元，比去年多两成",
    ],
)
def test_a_lead_paragraph_over_a_closing_reporter_line_is_not_a_head(lead: str) -> None:
    """Running text -- a full stop or semicolon inside, or a photo story's
    note on its pictures -- over a reporter's line stays one paragraph,
    however short its lines end."""
    lines = wrapped_at(lead, 14)
    page = ["冬天的菜篮子", "□ 陈 明", "　　" + lines[0][:12], *wrapped_at(lead[12:], 14), "本报记者王新"]
    got = [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert lead in got


def test_a_headline_wrapped_and_centred_under_a_paragraphs_end_is_not_its_last_line() -> None:
    """A full line under a sentence's end, then a line centred in the
    column: a headline wrapped at the column (``pdftotext -layout`` centres
    its tail), not a paragraph's next line and a new paragraph."""
    before = "今年全市新建了一批健身场地，市民锻炼身体更加方便了。"  # (two full lines)
    head = "本市第一座全民健身中心在城南建成并对外开放"
    text = "本报讯全民健身中心今天在城南建成开放，中心有游泳馆、篮球馆和健身房，每天接待市民三千多人次。"
    tail = head[13:]
    lead = (26 - 2 * len(tail)) // 2
    page = [*wrapped_at(before, 13), head[:13], " " * lead + tail, "　　" + text[:11], *wrapped_at(text[11:], 13)]
    assert len(page[1]) == len(page[2]) == 13 and len(page[3]) - lead == len(tail) == 8
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert [t for _, t in got] == [before, head, text] and got[1][0] in ("headline", "subhead")


def test_a_one_line_paragraph_is_no_local_measure_for_the_first_line_under_it() -> None:
    """A one-line paragraph a lost indent short, then a paragraph whose first
    line is as short: two paragraphs. The line above ends a sentence, so its
    width is its words', not a locally narrower column the next line fills."""
    one = "发展的关键是提高人的素质。"
    text = "县里认为，要实现建成强县的目标，提高干部素质是关键。两年中他们把一批年轻干部充实到乡镇领导班子。"
    before = "去年全县财政收入比上年增长两成，农民人均收入增加三百多元，三项指示逐项落到了实处。"
    lines = wrapped_at(before, 15)
    page = [*lines, one, text[:13], *wrapped_at(text[13:], 15)]
    assert len(one) == len(text[:13]) == 13
    got = [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert got == [before, one, text]


def test_a_captions_last_line_on_its_credit_over_a_blank_line_is_not_lifted() -> None:
    """Single-spaced text: a caption's last line, its credit at the end,
    over a blank line ends the caption's box (a blank line is the break
    after it); it is no one-line caption dropped inside a paragraph whose
    rest is the heading under the blank line."""
    body = "今年全市新建了一批健身场地，市民锻炼身体更加方便了。"
    caption = "市民在新建的健身步道上锻炼，沿江风光吸引众多市民前来"
    page = [
        *wrapped_at(body, 13), wrapped_at(caption, 13)[0], caption[13:] + "。 王 平 摄",
        "", "本市第一座全民健身中心建成", "□ 陈 明", "　　本报讯全民健身中心今天在城南建成开", "放，中心每天接待市民三千多人次。",
    ]  # fmt: skip
    got = [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert "本市第一座全民健身中心建成" in got and not any(t.startswith(caption[13:]) for t in got)


@pytest.mark.parametrize("form", ["{n}{t}", "（{n}）{t}"])
def test_lines_opening_with_numbers_that_count_up_are_items_of_a_list(form: str) -> None:
    """A table's rows or a list's points, a line each, numbered one after
    another: each is an item, however full its line (a wrapped paragraph's
    lines do not open on numbers that count up)."""
    full = "０１２３４５６７８９"
    rows = ["钢铁公司二十四元", "电子股份二十三元", "纺织集团二十二元", "化工股份二十一元"]
    items = [form.format(n=full[k + 1], t=t) for k, t in enumerate(rows)]
    page = ["今年股市行情", *items, "", "本报讯今年股市行情平稳，成交量比去年增加了两成。"]
    got = [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert all(it in got for it in items)


def test_a_date_at_line_starts_is_no_item_number() -> None:
    """Figures of dates and quantities that open wrapped lines (１月, ２万)
    are no list's numbers: the paragraph stays whole."""
    lines = ["去年全市接待游客一千万人次，其中", "１月份接待游客比往年多两成，其中", "２月份接待游客也有增加，其中", "３月份同比增长三成。"]
    text = "".join(lines)
    got = [b.text for b in ocrmend.clean("\n".join(lines) + "\n").blocks]
    assert got == [text]


def test_a_two_letter_verse_line_set_in_like_the_line_above_is_not_its_tail() -> None:
    """Verse set in four spaces a line: a line of two letters under a short
    line set in alike is the next verse, not the centred tail of a display
    line (which a centred tail's deeper lead would show)."""
    verse = ["还在冬天", "河边的柳树", "已经发了芽", "总想", "走到春天里", "看一看", "总想", "听一听燕子"]
    page = ["总 想", "林青云", *("    " + v for v in verse)]
    got = [b.text for b in ocrmend.clean("\n\n".join(page) + "\n").blocks]
    assert got[2:] == verse


def test_a_full_caption_over_its_credit_inside_a_sentence_cut_at_a_comma_moves_after_it() -> None:
    """A caption of one full line ending its sentence, its credit on a short
    line, between two lines of a paragraph whose first half ends on a comma
    (no paragraph ends so): the caption and credit go after the paragraph."""
    lines = ["市里今年新建了一批健身场地和", "步道，市民锻炼身体更加方便，", "不少老人每天清晨都来这里散步", "打拳，孩子们放学后也来玩耍。"]
    caption = "市民在新建的健身步道上锻炼。"
    page = [*lines[:2], caption, "王 平 摄", *lines[2:]]
    got = [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert got[:2] == ["".join(lines), caption]


def test_a_caption_inside_a_paragraph_whose_next_line_is_full_of_marks_moves_after_it() -> None:
    """The line that takes the paragraph up after a narrow caption may hold
    more characters than the column when marks in it are set narrow: it goes
    on all the same (counted with its marks narrow it fits)."""
    before = ["去年全市新建农贸市场二十多个", "改造旧市场三十多个，新增摊位", "两千多个，市民买菜比过去方便", "多了，菜价也比往年平稳。"]
    lines = ["今年市里菜篮子工程成效不错，", "蔬菜、水果和肉、蛋、奶、鱼等“菜", "篮子”产品供应充足，价格也比去", "年平稳了许多。"]
    page = [*before, lines[0], "市民在新开的", "农贸市场里选", "购新鲜蔬菜。", "王 平 摄", *lines[1:]]
    got = [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert "".join(lines) in got and "市民在新开的农贸市场里选购新鲜蔬菜。" in got


def test_an_all_caps_headline_wrapped_on_a_double_spaced_page_is_one_block() -> None:
    """A double-spaced page: one blank line between a head's two all-caps
    lines is the page's spacing, no gap; the head is one block."""
    page = [
        "   The bridge will open to traffic next week, the", "state's roads office said.", "",
        "CITY COUNCIL SET TO", "DEBATE BUDGET PLAN", "By Ann Lee", "   SPRINGFIELD, March 4 - The city council will",
        "meet on Monday to debate the budget plan for next", "year, officials said on Tuesday.",
        "   The plan would raise spending on roads and", "schools by four pct next year and cut the cost of",
        "running the city hall by two pct, they said.", "   A vote is expected later this month, the",
        "council's spokesman said.",
    ]  # fmt: skip
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n\n".join(page) + "\n").blocks]
    assert got[1] == ("headline", "CITY COUNCIL SET TO DEBATE BUDGET PLAN")


def test_a_headline_set_in_a_space_on_a_page_whose_paragraphs_are_is_one_block_over_its_byline() -> None:
    """Where a space sets in the first lines of paragraphs, two lines set in
    by a space over a byline, the upper full and ending no sentence, are one
    headline wrapped, not a one-line paragraph and a second."""
    body = [
        " 本报讯今年全市新建农贸市场二十", "多个，市民买菜更加方便了。", " 市里还改造了旧市场三十多个，新", "增摊位两千多个。",
        " 菜价也比往年平稳，市民很满意。", " 今年还将再建一批新的农贸市场，", "方便市民生活。",
    ]  # fmt: skip
    head = [" 全市今年将再建一批新的农贸市场", " 方便市民生活", "□ 陈 明"]
    page = [*body, *head, " 本报讯记者从市商务局获悉，今年", "全市将再建农贸市场二十个。"]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert ("headline", "全市今年将再建一批新的农贸市场方便市民生活") in got


def test_a_reporters_line_with_names_run_together_under_a_wide_deck_is_a_box_of_its_own() -> None:
    """Under a deck set across the page, a reporter's line whose names run
    together (新华社记者王明远李华) is no wrapped tail of the deck: a box of
    its own, and the paragraph under it starts anew."""
    before = wrapped_at("去年全市新建农贸市场二十多个，改造旧市场三十多个，新增摊位两千多个，市民买菜方便多了。", 14)
    deck = "全市农贸市场建设今年再上新台阶，年内将新建改建农贸市场五十个"
    text = "本报讯记者从市商务局获悉，今年全市将新建改建农贸市场五十个，新增摊位三千多个。"
    page = [*before, "农贸市场建设再上台阶", deck, "新华社记者王明远李华", "　　" + text[:12], *wrapped_at(text[12:], 14)]
    got = [b.text for b in ocrmend.clean("\n".join(page) + "\n").blocks]
    assert "新华社记者王明远李华" in got and text in got


def test_a_two_line_caption_on_its_credit_between_paragraphs_stays_whole() -> None:
    """Under a paragraph's end, a full flush line and a line ending on a
    photo credit: a caption of two lines between paragraphs (a paragraph's
    first line holds less for its indent), not a one-line caption dropped
    inside a paragraph whose first line would be the caption's."""
    before = ["去年全市新建农贸市场二十多个", "改造旧市场三十多个，新增摊位", "两千多个。"]
    caption = ["市民在新开的农贸市场里选购新", "鲜蔬菜。 王 平 摄"]
    after = ["本市将再建一批农贸市场", "　　今年全市还将新建农贸市场十", "个，改造旧市场二十个，新增摊", "位一千多个。"]
    page = [*before, *caption, *after]
    got = [b.text for b in ocrmend.clean("\n\n".join(page) + "\n").blocks]
    assert "市民在新开的农贸市场里选购新鲜蔬菜。" in got and "".join(before) in got


def test_a_han_line_holding_an_acronym_is_no_all_caps_head() -> None:
    """On a page of Latin text a line of Han with an acronym in it (GDP增速)
    has no lowercase letter, yet it is no all-caps head: no display box
    of its own (B005), no headline."""
    page = [
        "The report was published on Monday by the national", "statistics office, which said:",
        "GDP增速保持在合理区间，就业形势", "总体稳定。", "The figures were in line with forecasts, analysts", "said on Tuesday.",
    ]  # fmt: skip
    doc = ocrmend.clean("\n".join(page) + "\n", explain=True)
    gdp = next(b for b in doc.blocks if b.text.startswith("GDP"))
    assert gdp.type.value != "headline" and gdp.why[0][0] != "B005"
