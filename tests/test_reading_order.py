"""Reading order on OCR-like pages (ocrmend.reading_order).

Every fixture is invented text laid out the way a page-segmenting OCR
engine (Tesseract --psm 3) returns a newspaper page: one printed line a
line, no indents, blank lines around every block it found, and blocks set
across the columns (headline, deck, byline, a photo caption) read where the
engine reached them -- in the middle of a paragraph, at a column's foot.
Each test states what the page gave before this stage existed and what it
gives now.
"""

from __future__ import annotations

from collections import Counter

import pytest

import ocrmend
from ocrmend.chars import is_cjk_text
from ocrmend.lines import read_lines
from ocrmend.paragraphs import detect_double_spacing, estimate_column_widths, hard_breaks
from ocrmend.reading_order import glue_runs, lift_displaced

COL = 13  # characters a column line


def wrap(text: str) -> list[str]:
    """Hard-wrap CJK text at COL characters (no indent: OCR loses it); a
    closing mark hangs at the end of the line, as typesetters set it."""
    out: list[str] = []
    k = 0
    while k < len(text):
        end = k + COL
        while end < len(text) and text[end] in "，。、：；！？）”":
            end += 1
        out.append(text[k:end])
        k = end
    return out


# Invented paragraphs (13 characters a line, 26 display cells).
P1 = "今年以来，河湾镇把修路当作头等大事来抓，全镇新修乡村公路四十多公里，沿线群众出行难的问题基本得到解决。"
P2 = (
    "镇里的干部说，路修好了，山里的果子和茶叶就能及时运出去，农民的收入一年比一年多，"
    "不少外出打工的年轻人也回到家乡办起了合作社和农家乐，村子里一天比一天热闹。"
)
P3 = "下一步，河湾镇还将在沿线建设几处停车场和公交站点，让群众坐上干净方便的班车。"


def blocks(text: str) -> list[tuple[str, str]]:
    return [(b.type.value, b.text) for b in ocrmend.clean(text).blocks]


def texts(text: str) -> list[str]:
    return [b.text for b in ocrmend.clean(text).blocks if b.type.value != "furniture"]


def lossless(text: str) -> None:
    doc = ocrmend.clean(text)
    want = Counter(ch for ch in text if not ch.isspace())
    got = Counter(ch for b in doc.blocks for ch in b.text if not ch.isspace())
    assert got == want


def page(*parts: list[str]) -> str:
    """Groups of lines, a blank line between groups (as the engine frames blocks)."""
    return "\n\n".join("\n".join(p) for p in parts) + "\n"


def cut(paragraph: str, lines_before: int) -> tuple[list[str], list[str]]:
    lines = wrap(paragraph)
    return lines[:lines_before], lines[lines_before:]


# ---------------------------------------------------------------- a byline dropped into a paragraph
def byline_page() -> str:
    a, b = cut(P2, 3)
    return page(["山区公路通到家门口"], wrap(P1), a, ["同 李明"], b, wrap(P3))


def test_byline_between_the_halves_of_a_paragraph_goes_back_to_the_head() -> None:
    # before: [headline, P1, P2's first three lines + "同李明", P2's rest, P3]: the paragraph cut in two
    # (a page no OCR engine spaced keeps the space between CJK characters, rule S002)
    assert texts(byline_page()) == ["山区公路通到家门口", "同 李明", P1, P2, P3]
    lossless(byline_page())


def test_lift_displaced_moves_head_material_in_the_line_stream() -> None:
    text = byline_page()
    lines = read_lines(text, True)
    W = estimate_column_widths(lines, True, hard_breaks(lines, detect_double_spacing(lines)))
    assert lift_displaced(lines, W, True) == []  # nothing to put back after a paragraph:
    assert [ln.text for ln in lines[:3]] == ["山区公路通到家门口", "同 李明", P1[:COL]]  # it moved up
    assert len(W) == len(lines)


def test_a_caption_found_after_a_paragraph_is_lifted_with_its_host() -> None:
    text = caption_page()
    lines = read_lines(text, True)
    W = estimate_column_widths(lines, True, hard_breaks(lines, detect_double_spacing(lines)))
    found = lift_displaced(lines, W, True)
    assert [(host.text, [ln.text for ln in run]) for host, run in found] == [
        (wrap(P2)[1], ["※◇", "河湾镇新修的乡村公路穿过茶园，一辆满载", "春茶的货车正驶向县城的收购站。", "（张华摄）"])
    ]


# ---------------------------------------------------------------- a photo caption, its credit and junk
def caption_page() -> str:
    a, b = cut(P2, 2)
    assert not a[-1].endswith("。")  # the host line is full and ends mid-sentence
    caption = ["河湾镇新修的乡村公路穿过茶园，一辆满载", "春茶的货车正驶向县城的收购站。"]
    return page(["山区公路通到家门口"], wrap(P1), a, ["※◇"], caption, ["（张华摄）"], b, wrap(P3))


def test_caption_credit_and_photo_junk_inside_a_paragraph_go_after_it() -> None:
    got = blocks(caption_page())
    bodies = [t for typ, t in got if typ == "body"]
    # before: P2 cut at the caption; junk glued to one half
    assert P2 in bodies and P3 in bodies
    order = [t for _, t in got]
    k = order.index(P2)
    # the photo junk stays with the caption (one box the engine read there)
    assert order[k + 1 : k + 3] == ["※◇河湾镇新修的乡村公路穿过茶园，一辆满载春茶的货车正驶向县城的收购站。", "（张华摄）"]
    assert ("credit", "（张华摄）") in got
    lossless(caption_page())


def test_a_caption_of_the_columns_measure_ending_on_its_credit_goes_after_the_paragraph() -> None:
    """A caption set at the column's own measure, two sentences and its
    credit in one group (a photo at a column's top), read between the
    halves of a paragraph: only the credit at its end tells it from the
    text around it, and that is enough."""
    caption = wrap("小城镇综合改革试点镇正逐渐打破城乡壁垒。昔日孤寡老人如今也成了城镇居民，过上了幸福的晚年生活。") + ["（钟鸥鸣摄）"]
    a, b = cut(P2, 2)
    text = page(["山区公路通到家门口"], wrap(P1), a, caption, b, wrap(P3))
    got = blocks(text)
    order = [t for _, t in got]
    assert P2 in order and P3 in order  # before: P2 cut in two, the caption's first sentence glued to its first half
    k = order.index(P2)
    assert got[k + 1 : k + 3] == [("caption", "小城镇综合改革试点镇正逐渐打破城乡壁垒。昔日孤寡老人如今也成了城镇居民，过上了幸福的晚年生活。"), ("credit", "（钟鸥鸣摄）")]
    lossless(text)


# ---------------------------------------------------------------- head material read in the body
def head_page() -> str:
    a, b = cut(P2, 3)
    return page(
        ["山区公路通到家门口"],
        wrap(P1),
        a,
        ["致富路上笑声多"],
        ["沿线群众出行难的问题基本得到解决农产品运输更加便利"],
        b,
        wrap(P3),
    )


def test_headline_piece_and_deck_found_in_the_body_go_back_to_the_head() -> None:
    got = texts(head_page())
    # before: P2 cut in two, the headline piece and the deck between its halves
    assert got[0] == "山区公路通到家门口"
    assert got[1:3] == ["致富路上笑声多", "沿线群众出行难的问题基本得到解决农产品运输更加便利"]
    assert P2 in got and got[3] == P1
    lossless(head_page())


def indented(paragraph: str) -> list[str]:
    """A paragraph as a typesetter sets it: its first line indented two
    ideographic spaces, holding two characters fewer."""
    first = COL - 2
    return ["\u3000\u3000" + paragraph[:first], *wrap(paragraph[first:])]


def test_a_deck_read_under_an_indented_first_line_goes_back_to_the_head() -> None:
    # the engine read a deck after the first line of a paragraph that stands
    # in the same block as the one before it: that line is short by its
    # indent, not by ending its paragraph
    p2 = indented(P2)
    text = page(["山区公路通到家门口"], indented(P1) + p2[:1], ["沿线群众出行难的问题基本得到解决农产品运输更加便利"], p2[1:])
    got = texts(text)
    # before: [headline, P1, P2's first line, deck, P2's rest]
    assert got == ["山区公路通到家门口", "沿线群众出行难的问题基本得到解决农产品运输更加便利", P1, P2]
    lossless(text)


def test_head_material_goes_under_a_headline_set_larger_whatever_its_cells() -> None:
    # a headline of two lines in large type, each as many characters as a
    # column line: by its cells it could be running text, by its size it is not
    a, b = cut(P2, 3)
    text = page(["山区公路通到家门口乡亲", "们致富路上笑声一年比一"], wrap(P1), a, ["多了起来"], b)
    lines = read_lines(text, True)
    for ln in lines:
        ln.size = 24.0 if ln.number <= 2 else 10.0
    W = estimate_column_widths(lines, True, hard_breaks(lines, detect_double_spacing(lines)))
    assert lift_displaced(lines, W, True) == []
    # before: "多了起来" put above the headline, as if the headline were the first text
    assert [ln.text for ln in lines[:3]] == ["山区公路通到家门口乡亲", "们致富路上笑声一年比一", "多了起来"]


def test_head_material_stays_put_when_another_article_starts_in_between() -> None:
    a, b = cut(P3 + P3, 3)
    text = page(["山区公路通到家门口"], wrap(P1), wrap(P2), ["新闻短波"], a, ["致富路上笑声多"], b)
    got = texts(text)
    # not moved above the other article's heading: lifted after its paragraph
    assert got.index("致富路上笑声多") > got.index("新闻短波")
    assert P3 + P3 in got
    lossless(text)


# ---------------------------------------------------------------- boxes across the columns
def test_a_blank_line_under_a_headline_wider_than_the_column_closes_it() -> None:
    head = "河湾镇新修乡村公路四十多公里群众出行不再难"  # 21 characters: wider than the column
    text = page([head], wrap(P1), wrap(P2))
    # before: the headline (no final mark, no room left) ran into the first paragraph
    assert texts(text)[:2] == [head, P1]


def test_a_deck_wraps_onto_a_short_line_and_a_one_letter_line_ends_the_headline() -> None:
    text = page(
        ["致富路上笑"],
        ["声"],
        ["沿线群众出行难的问题基本得到解决，", "运输更加便利"],
        ["□ 李明"],
        wrap(P1),
        wrap(P2),
    )
    got = texts(text)
    # before: "致富路上笑" | "声" | the deck's first line | "运输更加便利" | byline ...
    assert got[:3] == ["致富路上笑声", "沿线群众出行难的问题基本得到解决，运输更加便利", "□ 李明"]


def test_a_centred_one_letter_tail_ends_a_full_width_headline() -> None:
    # pdftotext -layout centres a headline's last letter under it: a line of
    # its own, set far in (after the columns are unfolded it keeps that indent)
    text = "大批藏文古代经典得到整理保\n" + " " * 10 + "护\n" + "\n".join(wrap(P1)) + "\n"
    got = texts(text)
    # before: "大批藏文古代经典得到整理保" | "护" | P1
    assert got == ["大批藏文古代经典得到整理保护", P1]


# ---------------------------------------------------------------- what must not move
def test_a_subhead_between_paragraphs_stays_where_it_is() -> None:
    text = page(["山区公路通到家门口"], wrap(P1), ["致富路上笑声多"], wrap(P2), wrap(P3))
    assert texts(text) == ["山区公路通到家门口", P1, "致富路上笑声多", P2, P3]


def test_double_spaced_sources_are_left_alone() -> None:
    lines = [ln for part in (wrap(P1), ["同 李明"], wrap(P2)) for ln in part]
    text = "\n\n".join(lines) + "\n"
    ls = read_lines(text, True)
    W = estimate_column_widths(ls, True, hard_breaks(ls, detect_double_spacing(ls)))
    assert lift_displaced(ls, W, True) == []


# ---------------------------------------------------------------- English
E1 = [
    "Farmers in the valley said on",
    "Tuesday that the new road had",
    "cut the trip to the market from",
    "three hours to",  # a loose justified line the engine read in two
]
E2 = ["forty minutes, and that buyers", "now came to the villages."]
E3 = ["The county plans two more roads", "next year, officials said."]


def test_latin_lowercase_start_after_a_blank_line_goes_on() -> None:
    text = page(["ROAD OPENS VALLEY", "TO MARKETS"], E1, E2, E3)
    got = texts(text)
    # before: "ROAD OPENS VALLEY" | "TO MARKETS" | E1 | E2 | E3 (a short line, then a blank line)
    assert got == ["ROAD OPENS VALLEY TO MARKETS", " ".join(E1 + E2), " ".join(E3)]


E4 = ["Farmers in the valley said on Tuesday that", "the new road had cut the trip to the market", "from three hours to forty minutes and that", "buyers now came to the villages, officials", "said."]
E5 = ["The county plans two more roads next year", "and a bridge over the river at the mill, its", "council said in a statement on Wednesday."]


@pytest.mark.parametrize(
    ("head", "want"),
    [
        # each line of a large-type headline a block of its own (Tesseract): one headline
        ([["VALLEY <ROAD>"], ["OPENS"], ["TO MARKETS"]], ["VALLEY <ROAD> OPENS TO MARKETS"]),
        ([["VALLEY ROAD OPENS", "TO MARKETS"], ["AT LAST"]], ["VALLEY ROAD OPENS TO MARKETS AT LAST"]),
        # a byline, a sentence's end and a line across the page are no headline's lines
        ([["VALLEY ROAD OPENS"], ["BY ANNE HALL"]], ["VALLEY ROAD OPENS", "BY ANNE HALL"]),
        ([["ROAD OPENS."], ["TO MARKETS"]], ["ROAD OPENS.", "TO MARKETS"]),
        ([["THE VALLEY HERALD"], ["FIFTH YEAR. HILLTON, SATURDAY MORNING, MARCH 5, 1887. NUMBER 59"]], ["THE VALLEY HERALD", "FIFTH YEAR. HILLTON, SATURDAY MORNING, MARCH 5, 1887. NUMBER 59"]),
    ],
)
def test_an_all_caps_headline_at_a_pages_top_is_one_over_its_blank_lines(head: list[list[str]], want: list[str]) -> None:
    text = page(*head, E4, E5)
    got = texts(text)
    # before: each blank-framed line of the headline a block of its own
    assert got == [*want, " ".join(E4), " ".join(E5)]
    # the same lines below the top of the page are not glued across blank lines
    lower = page(E5, *head, E4)
    assert texts(lower)[1] != "VALLEY <ROAD> OPENS TO MARKETS"


def test_glue_runs_keeps_latin_paragraphs_that_end_apart() -> None:
    text = page(E2, E3)
    lines = read_lines(text, False)
    runs = [lines[:2], lines[2:]]
    assert glue_runs(runs, [32, 32], False)[0] == runs


@pytest.mark.parametrize("make", [byline_page, caption_page, head_page])
def test_json_output_keeps_every_character(make) -> None:
    text = make()
    assert is_cjk_text(text)
    lossless(text)


# ------------------------------------------------ a layout file's photo captions

CAPTION_PAGE = [
    ("中国援非抗疫纪实", 24.0),
    ("新冠肺炎疫情在非洲暴发后，中国迅速向", 10.0),
    ("非洲伸出援手，多批次向非盟和非洲国家", 10.0),
    ("提供大量抗疫物资。", 10.0),
    ("４月１６日，中国抗疫医疗专家组抵达埃塞俄比亚首都亚的斯亚贝巴机场。", 10.0),
    ("（新华社记者王琪摄）", 10.0),
    ("    当地医护人员同非洲国家举行专家视频会", 10.0),
    ("议，分享抗疫经验，支持非洲抗击疫情。", 10.0),
]


def _caption_page(credit: bool = True) -> list[tuple[str, str]]:
    from ocrmend.model import Line, Page

    rows = [r for r in CAPTION_PAGE if credit or "摄" not in r[0]]
    lines = [Line(t, n, size=s) for n, (t, s) in enumerate(rows, 1)]
    return [(b.type.value, b.text[:6]) for b in ocrmend.clean_pages([Page(1, lines, unit="pt")]).blocks]


def test_a_layout_files_photo_caption_amid_its_articles_text_goes_after_the_text() -> None:
    """In a layout file a photo's caption stands by the photo, not in the
    text: read between two paragraphs of its article, it goes after the
    article's text (R007); a caption without a credit keeps its place, and
    plain text keeps a caption after the paragraph it was found by."""
    assert _caption_page() == [("headline", "中国援非抗疫"), ("body", "新冠肺炎疫情"), ("body", "当地医护人员"), ("caption", "４月１６日，"), ("credit", "（新华社记者")]
    assert [t for t, _ in _caption_page(credit=False)] == ["headline", "body", "caption", "body"]
    text = "\n".join(t for t, _ in CAPTION_PAGE) + "\n"
    assert [b.type.value for b in ocrmend.clean(text).blocks] == ["headline", "body", "caption", "credit", "body"]


def test_a_name_in_body_type_under_a_headline_is_no_tail_of_it() -> None:
    """A line of one or two letters under a headline is its tail where the
    engine broke a letter-spaced line up; in a source that knows sizes, a
    name set in body type under a headline set large is the byline."""
    from ocrmend.model import Line, Page

    rows = [("忽接乡书喜不禁", 24.0), ("郑剑", 10.0), ("过完元旦上班第一天，接到家乡河南", 10.0), ("正阳县的来信，打开一看，是一封类", 10.0), ("似贺卡式的《乡书》。", 10.0)]
    lines = [Line(t, n, size=s) for n, (t, s) in enumerate(rows, 1)]
    assert [(b.type.value, b.text) for b in ocrmend.clean_pages([Page(1, lines, unit="pt")]).blocks][:2] == [("headline", "忽接乡书喜不禁"), ("byline", "郑剑")]
