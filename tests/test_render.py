"""Renderers: what each format shows, how types are marked, and that text never becomes markup."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ocrmend.model import Block, BlockType, Document, Edit, Line
from ocrmend.render import document_dict, escape_markdown, render_json, render_markdown, render_text

T = BlockType


def block(kind: BlockType, text: str, first: int = 1, last: int | None = None) -> Block:
    last = first if last is None else last
    return Block(kind, [Line("", n) for n in range(first, last + 1)], text)


SEED_LIKE = Document(
    [
        block(T.FURNITURE, "2020年10月12日 星期一 · 第5版", 1),
        block(T.HEADLINE, "加强卫生健康领域区域合作", 3),
        block(T.DECK, "当前，应以高质量建设健康丝绸之路助推人类卫生健康共同体构建", 5),
        block(T.BYLINE, "□ 赵磊", 7),
        block(T.BODY, "新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。", 9, 14),
        block(T.SUBHEAD, "共同的期待", 16),
        block(T.BODY, "“一带一路”是民心工程。", 18, 20),
        block(T.CAPTION, "由国家卫生计生委主办的论坛现场。", 22),
        block(T.CREDIT, "王琪 摄（资料图片）", 23),
        block(T.NOTE, "（作者系中央党校国际战略研究院研究所所长）", 25),
        block(T.FURNITURE, "5", 27),
    ],
    source="seed.txt",
    encoding="gb18030",
)


# ------------------------------------------------------------------ text
def test_text_separates_blocks_by_one_blank_line_and_drops_furniture() -> None:
    assert render_text(SEED_LIKE) == (
        "加强卫生健康领域区域合作\n\n"
        "当前，应以高质量建设健康丝绸之路助推人类卫生健康共同体构建\n\n"
        "□ 赵磊\n\n"
        "新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。\n\n"
        "共同的期待\n\n"
        "“一带一路”是民心工程。\n\n"
        "由国家卫生计生委主办的论坛现场。\n\n"
        "王琪 摄（资料图片）\n\n"
        "（作者系中央党校国际战略研究院研究所所长）\n"
    )


@pytest.mark.parametrize(
    ("blocks", "text"),
    [
        pytest.param([], "", id="empty-document"),
        pytest.param([block(T.FURNITURE, "第5版")], "", id="only-furniture"),
        pytest.param([block(T.BODY, "  \n ")], "", id="blank-block"),
        pytest.param([block(T.BODY, "a"), block(T.BODY, ""), block(T.BODY, "b")], "a\n\nb\n", id="blank-block-skipped"),
        pytest.param([block(T.BODY, "  edges  \n")], "edges\n", id="edge-whitespace"),
        pytest.param([block(T.BODY, "one\n\n\ntwo")], "one\ntwo\n", id="blank-lines-inside-block"),
        pytest.param([block(T.BODY, "poem line\nsecond line")], "poem line\nsecond line\n", id="line-break-kept"),
        pytest.param([block(T.BODY, "# 1 > - *")], "# 1 > - *\n", id="no-escaping-in-text"),
    ],
)
def test_text_edge_cases(blocks: list[Block], text: str) -> None:
    assert render_text(Document(blocks)) == text


def test_document_methods_call_the_renderers() -> None:
    assert SEED_LIKE.to_text() == render_text(SEED_LIKE)
    assert SEED_LIKE.to_markdown() == render_markdown(SEED_LIKE)
    assert SEED_LIKE.to_json() == render_json(SEED_LIKE)
    assert SEED_LIKE.to_dict() == document_dict(SEED_LIKE)


# ------------------------------------------------------------------ markdown
def test_markdown_mapping() -> None:
    assert render_markdown(SEED_LIKE) == (
        "# 加强卫生健康领域区域合作\n\n"
        "> 当前，应以高质量建设健康丝绸之路助推人类卫生健康共同体构建\n\n"
        "□ 赵磊\n\n"
        "新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。\n\n"
        "## 共同的期待\n\n"
        "“一带一路”是民心工程。\n\n"
        "*由国家卫生计生委主办的论坛现场。*\n\n"
        "*王琪 摄（资料图片）*\n\n"
        "*（作者系中央党校国际战略研究院研究所所长）*\n"
    )


@pytest.mark.parametrize(
    ("kind", "text", "markdown"),
    [
        (T.HEADLINE, "two\nlines", "# two lines\n"),
        (T.SUBHEAD, "two\nlines", "## two lines\n"),
        (T.SUBHEAD, "#\n#|", "## \\# \\#\\|\n"),
        (T.DECK, "two\nlines", "> two\n> lines\n"),
        (T.CAPTION, "two\nlines", "*two*\n*lines*\n"),
        (T.HEADLINE, "Issue #5", "# Issue #5\n"),
        (T.HEADLINE, "Vote #", "# Vote \\#\n"),
        (T.HEADLINE, "#", "# \\#\n"),
        (T.SUBHEAD, "---", "## \\---\n"),
        (T.CREDIT, "*photo*", "*\\*photo\\**\n"),
        (T.BODY, "", ""),
        (T.FURNITURE, "page 5", ""),
    ],
)
def test_markdown_blocks(kind: BlockType, text: str, markdown: str) -> None:
    assert render_markdown(Document([block(kind, text)])) == markdown


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        # block starts
        ("# not a heading", "\\# not a heading"),
        ("#hashtag", "\\#hashtag"),
        ("> not a quote", "\\> not a quote"),
        ("- not an item", "\\- not an item"),
        ("+ not an item", "\\+ not an item"),
        ("* not an item", "\\* not an item"),
        ("-", "\\-"),
        ("1. not a list", "1\\. not a list"),
        ("2) not a list", "2\\) not a list"),
        ("2020. a year", "2020\\. a year"),
        ("---", "\\---"),
        ("- - -", "\\- - -"),
        ("===", "\\==="),
        ("***", "\\*\\*\\*"),
        ("___", "\\_\\_\\_"),
        ("```python", "\\`\\`\\`python"),
        ("~~~", "\\~\\~\\~"),
        ("|---|:--:|", "\\|---\\|:--:\\|"),  # every pipe escaped: no table
        ("--- | ---", "--- \\| ---"),  # with its pipe escaped it is no table rule
        ("<div>", "\\<div>"),
        # inline markup
        ("a*b*c", "a\\*b\\*c"),
        ("snake_case_name", "snake\\_case\\_name"),
        ("`code`", "\\`code\\`"),
        ("[link](http://x)", "\\[link\\](http://x)"),
        ("![img](x.png)", "!\\[img\\](x.png)"),
        ("a <b> c", "a \\<b> c"),
        ("~~gone~~", "\\~\\~gone\\~\\~"),
        ("back\\slash", "back\\\\slash"),
        ("AT&amp;T &#169;", "AT\\&amp;T \\&#169;"),
        # must not change
        ("-5 °C", "-5 °C"),
        ("+86 10 1234", "+86 10 1234"),
        ("1.5 million", "1.5 million"),
        ("R&D, AT&T", "R&D, AT&T"),
        ("C# and F#", "C# and F#"),
        ("a > b, 3 - 2", "a > b, 3 - 2"),
        ("新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。", "新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。"),
        ("１．全角数字", "１．全角数字"),
        ("＃全角", "＃全角"),
    ],
)
def test_escape_markdown(line: str, escaped: str) -> None:
    assert escape_markdown(line) == escaped


# CommonMark plus the GFM table and strikethrough extensions, as GitHub renders.
markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py comes with typer's rich")
MD = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])

RISKY = st.lists(
    st.sampled_from([*"#>-+*=_`~[]()<>!&;|:.1a \\\n中。“", "&amp;", "&#169;", "1. ", "- ", "---", "    "]), max_size=30
).map("".join)


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _visible(text: str, sep: str = "\n") -> str:
    return sep.join(line.strip() for line in text.split("\n") if line.strip())


WRAPPERS = {
    T.BODY: "<p>{}</p>\n",
    T.BYLINE: "<p>{}</p>\n",
    T.HEADLINE: "<h1>{}</h1>\n",
    T.SUBHEAD: "<h2>{}</h2>\n",
    T.DECK: "<blockquote>\n<p>{}</p>\n</blockquote>\n",
}


@pytest.mark.parametrize("kind", list(WRAPPERS))
@given(text=RISKY)
@example(text="|\n:- ")  # a one-column table: a line holding a pipe over ":-"
def test_markdown_text_never_turns_into_markup(kind: BlockType, text: str) -> None:
    visible = _visible(text, " " if kind in (T.HEADLINE, T.SUBHEAD) else "\n")
    html = MD.render(render_markdown(Document([block(kind, text)])))
    assert html == (WRAPPERS[kind].format(_html_escape(visible)) if visible else "")


@given(text=RISKY.filter(lambda s: "\n" not in s))
def test_markdown_italics_hold_any_line(text: str) -> None:
    visible = _visible(text)
    html = MD.render(render_markdown(Document([block(T.CAPTION, text)])))
    assert html == (f"<p><em>{_html_escape(visible)}</em></p>\n" if visible else "")


# ------------------------------------------------------------------ json
def test_json_has_every_block_with_its_line_range() -> None:
    data = json.loads(render_json(SEED_LIKE))
    assert data["source"] == "seed.txt" and data["encoding"] == "gb18030"
    assert [b["type"] for b in data["blocks"]] == [
        "furniture", "headline", "deck", "byline", "body", "subhead", "body", "caption", "credit", "note", "furniture",
    ]  # fmt: skip
    assert data["blocks"][4] == {"type": "body", "text": "新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。", "lines": [9, 14]}
    assert "edits" not in data


def test_json_is_readable_utf8_with_a_trailing_newline() -> None:
    out = render_json(SEED_LIKE)
    assert "加强卫生" in out and "\\u" not in out
    assert out.endswith("}\n") and not out.endswith("\n\n")
    assert out.startswith('{\n "source"')


def test_json_lists_edits_when_there_are_some() -> None:
    doc = Document([block(T.BODY, "科技成果，积极", 4)], edits=[Edit("P001", 4, ",", "，")])
    assert document_dict(doc)["edits"] == [{"rule": "P001", "line": 4, "before": ",", "after": "，"}]
    assert json.loads(render_json(doc))["edits"][0]["after"] == "，"


def test_json_of_empty_document() -> None:
    assert json.loads(render_json(Document([]))) == {"source": "<stdin>", "encoding": "utf-8", "blocks": []}


def test_json_block_without_lines() -> None:
    assert document_dict(Document([Block(T.BODY, [], "x")]))["blocks"] == [{"type": "body", "text": "x", "lines": [0, 0]}]
