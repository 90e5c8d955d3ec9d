"""Latin script, Traditional Chinese and conversion."""

from __future__ import annotations

import pytest

import ocrmend
from ocrmend.hyphenation import should_drop_hyphen

HYPHEN_CASES = [
    ("inter", "national", True),  # a typesetter's break
    ("Pre", "sident", True),
    ("scath", "ing", True),
    ("air", "lines", True),  # a closed compound is a word
    ("well", "known", False),  # a compound broken at its own hyphen
    ("re", "evaluated", False),
    ("Franco", "German", False),  # capitalised after the break
]


@pytest.mark.parametrize(("left", "right", "drop"), HYPHEN_CASES)
def test_dehyphenation_decides_with_word_frequencies(left, right, drop):
    decided, evidence = should_drop_hyphen(left, right)
    assert decided is drop
    assert evidence  # the decision carries its evidence


def test_latin_lines_join_and_dehyphenate_with_recorded_edits():
    page = (
        "    WASHINGTON, Feb 26 - The Tower Commission said the inter-\n"
        "national panel found a well-\n"
        "known pattern of failures.\n"
    )
    doc = ocrmend.clean(page, explain=True)
    assert [b.text for b in doc.blocks] == [
        "WASHINGTON, Feb 26 - The Tower Commission said the international panel found a well-known pattern of failures."
    ]
    hyphen_edits = [e for e in doc.edits if e.rule == "H001"]
    assert len(hyphen_edits) == 1 and "international" in hyphen_edits[0].after and hyphen_edits[0].note


def test_digits_and_dashes_keep_their_hyphen():
    doc = ocrmend.clean("Call the office at 555-\n1234 before noon today, the spokesman said.\n")
    assert doc.blocks[0].text.startswith("Call the office at 555-1234")


def test_letter_spaced_latin_display_text():
    doc = ocrmend.clean("S P E C I A L   R E P O R T\n\nBy JOHN SMITH\n\nThe council met on Tuesday and voted.\n")
    assert [(b.type.value, b.text) for b in doc.blocks][:2] == [("furniture", "SPECIAL REPORT"), ("byline", "By JOHN SMITH")]


def test_indented_wire_copy_paragraphs():
    page = (
        "    LONDON, Feb 26 - Iran announced tonight that its major\n"
        "offensive against Iraq had ended.\n"
        "    The Iranian news agency said the operation was now\n"
        "over, a report received in London said.\n"
    )
    assert len(ocrmend.clean(page).blocks) == 2



BLANK_SEPARATED = """Shares in the country's largest steel maker rose sharply after
the company reported a return to profit in the third quarter,
helped by strong demand from car makers and builders in Asia.
Analysts had expected a smaller gain.

Heavy rain flooded low-lying parts of the northern province
overnight, forcing about two thousand people from their homes.
Emergency crews used boats to reach villages cut off by the
water, and forecasters warned that more storms were on the way.

The national team arrived home to a crowd of supporters at the
airport after winning the regional championship.
"""


def test_blank_lines_that_end_paragraphs_keep_sentences_together():
    """Where blank lines reliably end paragraphs, a sentence ending on a
    full line inside a paragraph ends no paragraph (wire copy without
    blank lines does break there)."""
    blocks = ocrmend.clean(BLANK_SEPARATED).blocks
    assert [b.text[:12] for b in blocks] == ["Shares in th", "Heavy rain f", "The national"]
    assert blocks[0].text.endswith("in Asia. Analysts had expected a smaller gain.")


TRAD = "\n".join(
    [
        " 高 雄 港 貨 櫃 量 回 升",
        "",
        "□ 薛 海 燕",
        "",
        "　　高雄港務分公司昨日公布統計，今",
        "年上半年貨櫃裝卸量較去年同期成長百",
        "分之八點五，為近三年來最佳表現。",
        "　　業者指出，新碼頭採用「自動化」吊",
        "車與智慧調度系統，船舶平均等候時間",
        "由兩天縮短至半天以內。",
    ]
)


def test_traditional_big5_page_and_t2s_conversion():
    data = TRAD.encode("big5")
    doc = ocrmend.clean(data)
    assert doc.encoding == "big5"
    assert [b.type.value for b in doc.blocks] == ["headline", "byline", "body", "body"]
    assert doc.blocks[0].text == "高雄港貨櫃量回升"
    converted = ocrmend.clean(data, convert="t2s")
    import opencc

    t2s = opencc.OpenCC("t2s.json")
    assert [b.type for b in converted.blocks] == [b.type for b in doc.blocks]
    assert [b.text for b in converted.blocks] == [t2s.convert(b.text) for b in doc.blocks]


def test_vertical_punctuation_forms_become_horizontal():
    assert ocrmend.clean("﹁高雄港﹂︐貨櫃量回升︒").blocks[0].text == "「高雄港」，貨櫃量回升。"


def test_punctuation_keep_policy_leaves_marks_as_they_came():
    page = "科技成果,积极参与全球卫生安全治理的倡议。\n"
    assert ocrmend.clean(page).blocks[0].text == "科技成果，积极参与全球卫生安全治理的倡议。"
    assert ocrmend.clean(page, punctuation="keep").blocks[0].text == "科技成果,积极参与全球卫生安全治理的倡议。"


def test_full_width_marks_are_never_flattened():
    page = "“一带一路”是民心工程，也是民生工程。\n"
    assert ocrmend.clean(page).blocks[0].text == "“一带一路”是民心工程，也是民生工程。"


# A wire story in a narrow column, the way Tesseract reads it (no indents).
NARROW_STORY = [
    "The sharp fall in inter-",
    "national coffee prices",
    "will not affect the coun-",
    "try's external credit, the",
    "finance minister said.",
]


@pytest.mark.parametrize(
    "dateline",
    [
        ["BOGOTA, March 5 -"],  # the column broke the line after the dateline's dash
        ["BOGOTA, March 5 - US."],  # ... after a word the engine misread with a stop
        ["BOGOTA,", "March 5 -"],  # ... and after the place
    ],
)
def test_a_wire_dateline_opens_the_paragraph_under_it(dateline: list[str]) -> None:
    page = "COFFEE FALL NOT SEEN HURTING DEBT\n\n" + "\n".join(dateline + NARROW_STORY) + "\n"
    doc = ocrmend.clean(page)
    # before: the dateline a block of its own (an all-caps place a head), then the story
    assert [b.text for b in doc.blocks][1].startswith(" ".join(dateline) + " The sharp fall")
    assert len(doc.blocks) == 2


def test_an_all_caps_line_ending_on_a_spaced_comma_is_no_dateline() -> None:
    page = "MADE THE ECONOMIC MOVE ,\nThe State Lawmakers Agree to\nBounce the Clerks.\n\nThe senate went into committee of the whole and took up\nthe bill on Monday, its members said.\n"
    doc = ocrmend.clean(page)
    assert doc.blocks[0].text == "MADE THE ECONOMIC MOVE ,"


@pytest.mark.parametrize(
    "credit",
    ["Photo: Grace Walker", "Photo by Grace Walker", "Photos: Grace Walker/The Herald", "GRACE WALKER/THE HERALD", "ROBERT M. BROWN/Reuters"],
)
@pytest.mark.parametrize("own_line", [False, True], ids=["after-the-caption", "line-of-its-own"])
def test_a_latin_caption_credit_is_split_off_its_caption(credit: str, own_line: bool) -> None:
    """A Latin caption's credit printed after its sentence (or on the line
    under it) is a credit block of its own, as 王琪 摄 is after a CJK one."""
    caption = "Commuters wait for a bus downtown on Monday morning."
    page = (
        "The council voted on Tuesday to approve the new budget.\n\n"
        + caption + ("\n" if own_line else " ") + credit + "\n\n"
        "The mayor said the plan would keep property taxes unchanged.\n"
    )
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got[1:3] == [("caption", caption), ("credit", credit)]


def test_a_slash_or_photo_inside_a_sentence_is_no_credit() -> None:
    page = "Trade across the U.S./Canada border rose. Talks go on in the Photo Lab/Studio B.\n\nThe mayor spoke.\n"
    assert [b.type.value for b in ocrmend.clean(page).blocks] == ["body", "body"]


def test_a_note_on_the_writer_after_the_last_sentence_is_a_note() -> None:
    """Wire copy whose paragraphs are indented: the note on the writer under
    the last sentence, not indented, was read as the paragraph going on."""
    page = (
        "    The central bank said on Tuesday that it would\n"
        "keep its main lending rate unchanged for the rest\n"
        "of the quarter, citing steady prices.\n"
        "    Governor Martha Seger said she was con-\n"
        "cerned that Japan was not involved in the\n"
        "effort to draft the new capital rules, he said.\n"
        "The writer is a professor of economics at\n"
        "State University.\n"
    )
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got[1:] == [
        ("body", "Governor Martha Seger said she was concerned that Japan was not involved in the effort to draft the new capital rules, he said."),
        ("note", "The writer is a professor of economics at State University."),
    ]
    # a sentence about a writer inside a paragraph goes on
    page = page.replace("he said.\nThe writer is", "he said,\nand the writer is")
    assert len(ocrmend.clean(page).blocks) == 2


def test_a_subhead_between_a_sentence_end_and_an_indented_paragraph_is_its_own_block() -> None:
    """Wire copy whose articles blank lines part and whose paragraphs are
    indented (its blank lines are kept as they stand): a short subhead set
    flush between a paragraph's end and the next indented paragraph was read
    as the paragraph going on."""
    article = (
        "CITY COUNCIL APPROVES NEW BUDGET\n"
        "   SPRINGFIELD, March 3 - The city council approved a new\n"
        "budget on Tuesday after weeks of debate over spending.\n"
        "   The plan keeps property taxes unchanged and adds money\n"
        "for roads, the schools and the harbour.\n"
        "A long road\n"
        "   The mayor said the vote ended a dispute that had held\n"
        "up the budget since the autumn.\n"
    )
    page = article + "\nThis article was reported with the help of the regional\npress pool.\n\n" + article
    texts = [b.text for b in ocrmend.clean(page).blocks]
    assert texts.count("A long road") == 2
    assert "for roads, the schools and the harbour." in texts[2]


def test_a_latin_caption_after_a_paragraphs_end_over_its_credit_line_is_its_own_block() -> None:
    """Wire copy whose blank lines part its articles (they are kept as they
    stand) and which indents its paragraphs: a caption set flush after a
    paragraph's last sentence, its credit on the line under it, was read as
    the paragraph going on (its credit line alone split off)."""
    article = [
        "COUNCIL APPROVES NEW BUDGET",
        "",
        "By DAVID CLARK",
        "   SPRINGFIELD, March 4 - The city council voted",
        "on Tuesday to approve the new budget after weeks",
        "of debate over spending on roads and schools.",
        "   The plan keeps property taxes unchanged and adds",
        "money for the harbour, the mayor said.",
        "   The vote ended a dispute that had held up the",
        "budget since the autumn.",
    ]
    page = "\n".join(
        article + ["Farmers check irrigation lines in a sorghum field.", "DANIEL WRIGHT/THE HERALD", ""] + article
    ) + "\n"
    got = [(b.type.value, b.text) for b in ocrmend.clean(page).blocks]
    assert got[4][1].endswith("budget since the autumn.")
    assert got[5][1] == "Farmers check irrigation lines in a sorghum field."
    assert got[6] == ("credit", "DANIEL WRIGHT/THE HERALD")


@pytest.mark.parametrize(
    "caption",
    [
        ["A cargo ship is unloaded at the port's automated terminal.", "EMILY TURNER/THE HERALD"],
        ["A cargo ship is unloaded at the port's automated terminal. Photo: Emily Turner"],
        ["", "Workers inspect equipment at a plant", "outside the city.", "Photo: Grace Garcia", ""],
    ],
    ids=["credit-line", "credit-after", "two-lines-framed"],
)
def test_a_caption_on_its_credit_inside_a_ragged_sentence_moves_after_the_paragraph(caption: list[str]) -> None:
    """Ragged wire copy (no measure to tell a caption by): a caption whose
    credit shows, dropped between two lines of a sentence -- the line above
    ends in no mark, the line after goes on in lowercase."""
    para = [
        "   WASHINGTON, March 4 - U.S. Trade Representative Clayton",
        "Yeutter said he plans a July trip to China to discuss",
        *caption,
        "trade issues including China's admission to the General",
        "Agreements on Tariffs and Trade.",
        "   He said the talks would also cover market access.",
    ]
    got = [(b.type.value, b.text) for b in ocrmend.clean("\n".join(para) + "\n").blocks]
    assert got[0][1].endswith("plans a July trip to China to discuss trade issues including China's admission to the General Agreements on Tariffs and Trade.")
    assert [t for t, _ in got[1:3]] == ["caption", "credit"]
