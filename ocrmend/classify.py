"""Typed blocks: headline, deck, byline, subhead, body, note, caption, credit,
furniture.

Types come from what a reader sees: fixed forms first (a credit ``王琪 摄``,
a byline ``□ 赵磊`` or ``本报记者…``, a note ``（作者系…）``, a date line),
then shape and position: a short line without final punctuation is a
heading (a headline when a byline or deck follows it or an article ends
before it, a subhead between paragraphs); a block wider than the column
after a headline is a deck, elsewhere a caption.
"""

from __future__ import annotations

import re
from string import ascii_uppercase
from typing import Final

import regex

from .chars import CREDIT_VERBS, EDITOR_TITLES, HAN, ends_sentence, has_credit_verb
from .lines import lines_holding
from .model import Block, BlockType, Line, Types
from .tuning import (
    CREDIT_LINE_MAX_CHARS,
    CREDIT_TAIL_CHARS,
    HEADING_MAX_CHARS,
    HEADING_SIZE_RATIO,
    VERSE_MAX_CHARS,
)

T: Final = Types  # (BlockType's members, read fast)

CREDIT_RE: Final = regex.compile(
    rf"^(?:(?:本报|新华社|新華社|人民日报|人民日報|中新社)?(?:记者|記者|特约记者|通讯员|通訊員)\s*)?[{HAN}](?: ?[{HAN}]){{1,3}}(?:\s*[、 ]\s*[{HAN}](?: ?[{HAN}]){{1,3}})*\s*[{CREDIT_VERBS}](?:\s*[（(][^（）()]{{1,12}}[）)])?$"
    rf"|^[（(][^（）()]{{0,16}}[{CREDIT_VERBS}发發][^（）()]{{0,8}}[）)]$"
    r"|^(?:Photo|Photograph|Picture)s?(?: by|:)\s.{2,60}$"
    r"|^\(?(?:AP|Reuters|AFP|Getty Images|Xinhua)(?: Photo)?\)?$"
    r"|^[A-Z][A-Z.'\- ]{2,40}/(?:[A-Z][A-Za-z.'\-]*)(?: [A-Z][A-Za-z.'\-]*){0,4}$"
)
# The credit printed at the end of a caption's last line, after a space (in
# Latin script after the caption's full stop: ``… on Monday. Photo: Grace
# Walker`` / ``… terminal. ROBERT BROWN/THE HERALD``).
TRAILING_CREDIT_RE: Final = regex.compile(
    rf"(?<=\S)\s+((?:(?:本报|新华社|新華社)?(?:记者|記者|通讯员)\s*)?[{HAN}](?:\s?[{HAN}]){{1,3}}\s+[{CREDIT_VERBS}](?:\s*[（(][^（）()]{{1,12}}[）)])?)$"
    r"|(?<=[.!?][\"”’)]?)\s+((?:Photo|Photograph|Picture)s?(?: by|:)\s+[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3}(?:\s*/\s*[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,4})?"
    r"|[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}/[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,4})$"
)
# (where in a last line's tail a Latin credit shows: what is asked before the regex)
LATIN_CREDIT_MARKS: Final = ("Photo", "Picture", "/")
# ... and on a page, a slash before a capital (NAME/THE HERALD) or an opener
# (two patterns: each opens with a literal, which is searched fast)
LATIN_CREDIT_PAGE_RES: Final = (re.compile(r"/\s*[A-Z]"), re.compile(r"Photo|Picture"))


def may_end_in_credit(tail: str) -> bool:
    """A line's tail (its last 24 characters or so) may hold a trailing
    credit: a credit's verb (摄) or a Latin credit's opener or slash."""
    # (LATIN_CREDIT_MARKS spelt out, no generator a block; a slash counts
    # before a capital only: wire copy's fractions, 3/4, are no credit)
    return has_credit_verb(tail) or "Photo" in tail or "Picture" in tail or ("/" in tail and LATIN_CREDIT_PAGE_RES[0].search(tail) is not None)
# An official's or scholar's title: an article a minister or a researcher
# signs names him under its headline, his office, title and name on a line
# of their own (农业部部长刘江, 国务院发展研究中心研究员 / 陈锡文).
OFFICIAL_TITLES: Final = (
    "部长|副部长|主任|副主任|书记|副书记|省长|副省长|市长|副市长|县长|局长|司长|厅长|院长|副院长|校长|主席|副主席"
    "|总理|副总理|研究员|教授|总经理|董事长|社长|会长|理事长|行长|署长|总裁|司令员|政委|主编"
)
SIGNER_RE: Final = regex.compile(rf"(?:{OFFICIAL_TITLES})([{HAN}]{{2,3}})?$")
# (the last character of the office before the title: 农业部, 研究中心, 县委,
# 交易所 -- 外交部长钱其琛 at a deck's end is a sentence's tail, 外交 no office)
OFFICE_ENDS: Final = frozenset("部院所局厅委会社行署司心省市县处办室校站厂报台团军区")
# A reporter's role, the word a byline names its writer by.
REPORTER_ROLES: Final = "记者|記者|通讯员|通訊員|评论员|評論員"
# The paper's desk a byline opens with, at home or abroad (本报, 本报驻美国).
PAPER_DESK: Final = r"(?:本报|本報)(?:驻\S{1,10})?"
# ... or the agency's (新华社记者): what a reporter's line opens with.
NEWS_DESK: Final = rf"(?:{PAPER_DESK}|新华社|新華社)"
BYLINE_RE: Final = regex.compile(
    rf"^(?:[□■]\s*\S.{{0,30}}"
    rf"|口\s+[{HAN}](?:\s?[{HAN}]){{1,3}}"  # (□ as OCR reads it, the mouth radical: 口 孙立平, a name and nothing else)
    rf"|{PAPER_DESK}(?:{REPORTER_ROLES}|特约评论员)\s*[{HAN}\s、]{{0,30}}"
    rf"|(?:新华社|新華社)?(?:记者|記者)\s*[{HAN}]{{2,4}}(?:[\s、][{HAN}]{{2,4}})*"
    r"|By\s+[A-Z][\w.'\-]*(?:\s+[\w.'\-]+){0,5}(?:,\s*[\w .'\-]{2,40})?)$"
)
def is_byline(text: str) -> bool:
    """An author line: □ 赵磊, 本报记者 王某, By JOHN SMITH."""
    return BYLINE_RE.match(text) is not None


def latin_credit_lines(texts: list[str]) -> list[tuple[int, bool]]:
    """The lines that hold a Latin caption's credit, ascending, each with
    True where the credit is the whole line (NAME/THE HERALD under the
    caption) and False where it is printed after the caption's sentence.
    Latin credits only: a CJK name credit's form -- short words, a verb -- is
    what an OCR engine's spaces make of running text (电 视剧摄)."""
    out: list[tuple[int, bool]] = []
    for c in lines_holding(texts, *LATIN_CREDIT_PAGE_RES):  # (one scan of the page, not one a line)
        t = texts[c]
        if not may_end_in_credit(t[-CREDIT_TAIL_CHARS:]) or has_credit_verb(t):
            continue
        if len(t) <= CREDIT_LINE_MAX_CHARS and is_credit(t):
            out.append((c, True))
        elif TRAILING_CREDIT_RE.search(t):
            out.append((c, False))
    return out


NOTE_RE: Final = regex.compile(
    r"^[（(](?:作者|编者|編者|本文|译者|譯者|编辑|責任|责任)[^（）]*[）)]?$|^(?:编者按|編者按|编后|編後)[：:]"
    r"|^\(?(?:The|This) (?:author|writer|columnist|reporter)s? (?:is|was|are|covers|writes|teaches|works|lives)\b.{0,200}$"
    r"|^\(?Editor'?s note:"
)
# How an article's first paragraph opens: its dateline (据新华社洛杉矶１月２日电,
# 本报讯): a heading right above it heads an article, not a section.
ARTICLE_SOURCES: Final = ("新华社", "新華社", "本报", "本報", "中新社", "人民日报", "人民日報")  # (据 may come first: 据新华社…电)
ARTICLE_OPENING_RE: Final = regex.compile(
    rf"^(?:据|據)?(?:{'|'.join(ARTICLE_SOURCES)})\S{{0,14}}?[0-9０-９一二三四五六七八九十]{{1,3}}\s*月\s*[0-9０-９一二三四五六七八九十]{{1,3}}\s*日\s*[电電]|^(?:本报讯|本報訊)"
)
# (the characters it may open with: a test before the regex, which most lines fail)
ARTICLE_OPENING_FIRST: Final = frozenset("据據" + "".join(source[0] for source in ARTICLE_SOURCES))
# A heading's enumerator: ２、 / 3. / 一、 / （一） / (3).  (This pattern and
# TRAILING_NOTE_RE name their characters one by one: stdlib re gives the
# regex module's answer, at a third of a call's cost; tests compare them.)
ENUMERATED_RE: Final = re.compile(r"^(?:[0-9０-９]{1,2}[、.．]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十0-9０-９]{1,3}[）)])")
BARE_NAMES_RE: Final = regex.compile(rf"^(?:[{HAN}]{{2,6}}|[{HAN}]{{2,3}}(?:[ \u3000、][{HAN}]{{2,3}}){{1,3}})$")
# An editor line: who edited, laid out or proofread the page.
_EDITOR_TITLE = EDITOR_TITLES
# (or set in brackets at an article's end, a space after the title: （责任编辑 吴晓东）)
_EDITOR_ITEM = rf"(?:{_EDITOR_TITLE}\s*[：:]\s*\S.{{0,24}}|[（(]{_EDITOR_TITLE}[\s：:]*[^（）()\s：:][^（）()]{{0,23}}[）)])"
# Furniture by its form alone.
STRONG_ITEM_RE: Final = regex.compile(
    r"^(?:"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:[\s\u3000]*星期[一二三四五六日天])?"
    r"|[０-９]{4}年[０-９]{1,2}月[０-９]{1,2}日(?:[\s\u3000]*星期[一二三四五六日天])?"
    r"|(?:农历|農曆)\S{2,12}"
    r"|星期[一二三四五六日天]"
    r"|第\s*[0-9０-９]{1,3}\s*[版页頁]"
    r"|[A-Z]?[0-9０-９]{1,3}\s*版"
    r"|[—–\-]{1,2}\s*[0-9]{1,4}\s*[—–\-]{1,2}"
    rf"|{_EDITOR_ITEM}"
    r"|(?:Page|PAGE|P\.)\s*[0-9]{1,4}"

    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}"
    r")$"
)
# How a strong item can open, but for a digit (\\d: a decimal, or any
# character past the BMP, where regex may know digits Python's tables do
# not); keep in step with the pattern (tests).
STRONG_ITEM_STARTS: Final = frozenset("农農星第—–-责責本美校版图圖（(" + ascii_uppercase)


def opens_as_strong_item(t: str) -> bool:
    """``t`` opens as STRONG_ITEM_RE (or a folio) can: a str test before a regex call."""
    return t[0] in STRONG_ITEM_STARTS or t[0].isdecimal() or t[0] > "\uffff"


# A block that is furniture by its form: a strong item (furniture.py), or
# a bare folio (12, A12), which a block of its own can only be.
FURNITURE_RE: Final = regex.compile(rf"^(?:{STRONG_ITEM_RE.pattern[1:-1]}|[0-9]{{1,4}}|[A-Z][0-9]{{1,3}})$")
# How any fixed form can open: a mark or word above (□, （, 第, 星期, 本报,
# 新华社, 记者, 责任编辑, 编者按, a dash), a digit or a capital -- or else
# it is a credit, which names its verb (摄).  Keep in step with the four
# regexes (tests).
FIXED_FORM_START_CHARS: Final = "□■口（(—–-第星责責本美校新记記编編" + ascii_uppercase
FIXED_FORM_STARTS: Final = frozenset(FIXED_FORM_START_CHARS) | STRONG_ITEM_STARTS
CREDIT_OPENERS: Final = ("Photo", "Picture", "AP", "Reuters", "AFP", "Getty", "Xinhua", "(AP", "(Reuters", "(AFP", "(Getty", "(Xinhua")
BYLINE_STARTS: Final = frozenset("□■口本新记記B")
NOTE_STARTS: Final = frozenset("（(编編TE")
TRAILING_NOTE_RE: Final = re.compile(r"[（(][^（）()]{1,12}[）)]$")
# A headline's note on the pictures printed with it (…一体化（附图片１张）): it
# ends the headline, whatever follows.
PICTURE_NOTE_RE: Final = re.compile(r"[（(]附(?:图片|照片|图)[0-9０-９一二三四五六七八九十]{1,2}[张幅][）)]$")


FORM_RULES: Final = {BlockType.FURNITURE: "T001", BlockType.CREDIT: "T002", BlockType.BYLINE: "T003", BlockType.NOTE: "T004"}


def set_type(b: Block, kind: BlockType, rule: str, evidence: str = "") -> None:
    """Give ``b`` its type and record why (a later decision replaces an earlier one's reason)."""
    b.type = kind
    why = b.why
    if why and why[-1][0][0] == "T":
        why[-1] = (rule, evidence)
    else:
        why.append((rule, evidence))


def body_text_size(lines: list[Line]) -> float:
    """The size most lines are set in (0: no line's size is known): what
    "set larger" is measured against.

    >>> body_text_size([Line("a", 1, size=9.0), Line("b", 2, size=9.0), Line("c", 3, size=20.0)])
    9.0
    """
    sizes = sorted(ln.size for ln in lines if ln.size > 0)
    return sizes[len(sizes) // 2] if sizes else 0.0


def _set_larger(b: Block, body_size: float) -> bool:
    """Every line of ``b`` set in display type: larger than the body text."""
    return all(ln.size >= HEADING_SIZE_RATIO * body_size for ln in b.lines)


def classify_blocks(
    blocks: list[Block], measures: list[int], cjk_page: bool, body_size: float = 0.0, explain: bool = False
) -> list[Block]:
    """Give every block its type; split a credit off a caption's last line.

    A first look at each block on its own (``_block_shapes``) lists the few blocks any rule can touch -- short
    ones, wide ones, one-line ones, those opening like a fixed form -- and
    the rules visit only those: a page of plain paragraphs costs one scan."""
    limit = HEADING_MAX_CHARS if cjk_page else 90
    # (the credits are split off first: the shapes are then looked at once)
    tails = _credit_tails(blocks)
    parts: list[int] = []
    if tails:
        blocks, measures, parts = _split_credits(blocks, measures, tails)
    _, singles, forms, heads, wide, interrupted, retyped = _block_shapes(blocks, measures, limit + 14, FIXED_FORM_START_CHARS, T.BODY)
    # a source that knows font sizes shows display type outright
    large = {i for i, b in enumerate(blocks) if len(b.lines) <= 4 and _set_larger(b, body_size)} if body_size > 0 else set()
    measure = measures
    heads_found: list[int] = []  # SUBHEAD so far (headline, deck or subhead below)
    bylines: list[int] = []
    credits: list[int] = []
    furniture: list[int] = []
    form_set = set(forms)
    interrupted_set = set(interrupted)
    for i in sorted({*forms, *heads, *interrupted, *retyped, *parts, *large}):
        b = blocks[i]
        form = _fixed_form(b) if i in form_set else None
        if form is not None:
            set_type(b, form, FORM_RULES[form], "by its form")
            if form is T.FURNITURE:
                furniture.append(i)
            elif form is T.BYLINE:
                bylines.append(i)
            elif form is T.CREDIT:
                credits.append(i)
        elif i in interrupted_set:
            set_type(b, T.CAPTION, "T005", "lifted out of a paragraph")  # a caption or pull quote
        elif b.type is T.CAPTION:
            pass  # (a caption whose credit was split off its last line: T014)
        elif i in large:
            set_type(b, T.SUBHEAD, "T006", f"set in {b.lines[0].size:g} against body text in {body_size:g}")
            heads_found.append(i)
        elif len(b.lines) <= 3 and _is_heading_shape(b, cjk_page):
            set_type(b, T.SUBHEAD, "T006", f"{len(b.text)} characters, {len(b.lines)} line(s), no final mark")  # decided below once neighbours are known
            heads_found.append(i)
        else:
            set_type(b, T.BODY, "T010", "running text")
    heads = heads_found
    wide_set = set(wide)
    n = len(blocks)
    # a letter-spaced word above the first headline is the page's section name
    if blocks and not cjk_page:
        first = blocks[0]
        if first.type is T.SUBHEAD and first.lines[0].kind == "spaced" and len(first.text.split()) <= 3:
            set_type(first, T.FURNITURE, "F007", "letter-spaced, above the first headline")
            furniture.insert(0, 0)
    # verse: a run of short one-line blocks is a poem, one body block a line
    verse = _verse(blocks, singles) if len(singles) >= 4 else set()
    # the nearest block above and below that is no furniture (-1: none);
    # no stage below makes a block furniture or takes it away
    prev_of, next_of = _content_neighbours(n, furniture)
    # position: headline vs subhead, deck, caption.  A body block changes
    # only when it is wide, under a heading (a heading's next block) or
    # above a credit: the rest are not visited.
    near = set(heads)
    near.update(next_of[i] for i in heads)
    near.update(prev_of[i] for i in credits)
    near.update(wide_set)
    near.discard(-1)
    for i in sorted(near):
        if i in verse:
            continue
        b = blocks[i]
        if b.type is T.SUBHEAD:
            p = prev_of[i]
            x = next_of[i]
            prev = blocks[p] if p >= 0 else None
            nxt = blocks[x] if x >= 0 else None
            after_article = prev is None or prev.type in (T.NOTE, T.CREDIT, T.CAPTION, T.HEADLINE)
            before_head = nxt is not None and (
                nxt.type in (T.BYLINE,)
                or (nxt.type in (T.BODY, T.SUBHEAD, T.DECK) and measure[x] > 0 and x in wide_set)
                # (over its article's dateline, 本报讯…, or over a deck over it: an article's head)
                or _opens_article(nxt)
                or (nxt.type is T.SUBHEAD and next_of[x] >= 0 and _opens_article(blocks[next_of[x]]))
            )
            # (letter-spaced or set in: a headline's look -- but a heading
            # set in between two paragraphs of running text heads a section)
            spaced = cjk_page and (any(ln.kind == "spaced" for ln in b.lines) or bool(b.lines[0].indent))
            if (
                spaced
                and prev is not None
                and nxt is not None
                and prev.type is T.BODY
                and nxt.type is T.BODY
                and not any(ln.kind == "spaced" for ln in b.lines)
                and not ARTICLE_OPENING_RE.match(nxt.text)
            ):
                spaced = False
            if prev is not None and prev.type is T.HEADLINE:
                set_type(b, T.DECK, "T008", "under a headline")
            elif ENUMERATED_RE.match(b.text):
                pass  # a numbered heading (２、…, （一）…) heads a section of an article
            elif before_head or after_article or spaced or nxt is None and prev is None:
                evidence = (
                    "before a byline or a wide block" if before_head
                    else "after an article's end" if after_article and prev is not None
                    else "at the top" if after_article
                    else "letter-spaced or set in" if spaced
                    else "alone"
                )
                set_type(b, T.HEADLINE, "T007", evidence)
        elif b.type is T.BODY:
            p = prev_of[i]
            x = next_of[i]
            prev = blocks[p] if p >= 0 else None
            nxt = blocks[x] if x >= 0 else None
            W = measure[i] or 0
            head_above = prev is not None and prev.type is T.HEADLINE
            if not cjk_page and not head_above and (nxt is None or nxt.type is not T.CREDIT):
                continue
            is_wide = i in wide_set
            if head_above and (is_wide or (nxt is not None and nxt.type is T.BYLINE)):
                set_type(b, T.DECK, "T008", "under a headline, " + ("wider than the column" if is_wide else "above a byline"))
            elif is_wide and not cjk_page:
                pass
            elif is_wide or (
                nxt is not None
                and nxt.type is T.CREDIT
                and prev is not None
                and prev.type is not T.HEADLINE
                and W
                and _max_width(b) < W - 3
            ):  # set apart by its measure: wider or narrower than the column
                set_type(b, T.CAPTION, "T009", "wider than the column" if is_wide else f"narrower than the column ({W} cells), above a credit")
    # what stands right above a byline is the article's head: headline [+ deck]
    # (the nearest block above each that is no byline nor furniture, and
    # that is no furniture, found in one pass: a run of bylines is not
    # walked again for each of them; the retyping below makes no block a
    # byline or furniture)
    content_above = [-1] * n
    placed_above = [-1] * n
    if bylines:
        last_content = last_placed = -1
        for idx, b in enumerate(blocks):
            content_above[idx] = last_content
            placed_above[idx] = last_placed
            if b.type is not T.FURNITURE:
                last_placed = idx
                if b.type is not T.BYLINE:
                    last_content = idx
    for i in bylines:
        j = content_above[i]
        if j < 0 or blocks[j].type in (T.CREDIT, T.NOTE, T.BYLINE) or len(blocks[j].text) > 120:
            continue
        k = placed_above[j]
        head_above = k >= 0 and blocks[k].type in (T.HEADLINE, T.SUBHEAD) and len(blocks[k].text) <= 40
        if head_above and (blocks[j].type is not T.HEADLINE or len(blocks[j].text) > len(blocks[k].text)):
            set_type(blocks[k], T.HEADLINE, "T011", "a heading two blocks above a byline")
            set_type(blocks[j], T.DECK, "T011", "between a headline and a byline")
        elif len(blocks[j].lines) <= 2 and len(blocks[j].text) <= 40:
            set_type(blocks[j], T.HEADLINE, "T011", "short, right above a byline")
        elif blocks[j].type is T.CAPTION:
            set_type(blocks[j], T.DECK, "T011", "set apart, right above a byline")
    # a bare name right under a headline or deck is a byline
    for i in singles:
        b = blocks[i]
        if b.type not in (T.SUBHEAD, T.BODY, T.HEADLINE, T.DECK):
            continue
        p = prev_of[i]
        if p >= 0 and blocks[p].type in (T.HEADLINE, T.DECK) and BARE_NAMES_RE.match(b.text):
            set_type(b, T.BYLINE, "T012", f"a bare name under a {blocks[p].type}")
    if explain:  # (the blocks no rule retyped are running text)
        for b in blocks:
            if not b.why or b.why[-1][0][0] != "T":
                b.why.append(("T010", "running text") if b.type is T.BODY else ("T010", str(b.type)))
    return blocks


def _block_shapes(
    blocks: list[Block], measures: list[int], head_chars: int, form_starts: str, body: BlockType
) -> tuple[list[int], ...]:
    """Each block on its own: the indices of the blocks whose last line names
    a credit's verb near its end, that have one line, that may hold a fixed
    form, that are short enough for a heading, that are wider than their
    measure, whose first line was lifted out of a paragraph, and whose type
    is not ``body`` yet.  (The compiled core's block_shapes is this.)"""
    tails: list[int] = []
    singles: list[int] = []
    forms: list[int] = []
    heads: list[int] = []
    wide: list[int] = []
    interrupted: list[int] = []
    retyped: list[int] = []
    for k, (b, m) in enumerate(zip(blocks, measures)):
        lines, t = b.lines, b.text
        tail = lines[-1].text[-CREDIT_TAIL_CHARS:]
        if may_end_in_credit(tail):
            tails.append(k)
        if len(lines) == 1:
            singles.append(k)
        if t and len(t) <= 120 and (t[0] in form_starts or t[0].isdecimal() or has_credit_verb(t)):
            forms.append(k)
        if len(lines) <= 3 and len(t) <= head_chars:
            heads.append(k)
        if m and _wider_than(b, m):
            wide.append(k)
        if lines[0].kind == "interruption":
            interrupted.append(k)
        if b.type is not body:
            retyped.append(k)
    return tails, singles, forms, heads, wide, interrupted, retyped


def _credit_tails(blocks: list[Block]) -> list[int]:
    """The indices of the blocks whose last line names a credit's verb near
    its end (``_block_shapes``' first list; the compiled core's credit_tails)."""
    return [k for k, b in enumerate(blocks) if may_end_in_credit(b.lines[-1].text[-CREDIT_TAIL_CHARS:])]


def _split_credits(blocks: list[Block], measures: list[int], tails: list[int]) -> tuple[list[Block], list[int], list[int]]:
    """The blocks with each trailing credit split off its caption, their
    measures, and the indices of the parts made (none: nothing split)."""
    out: list[Block] = []
    measure: list[int] = []
    parts: list[int] = []
    start = 0
    for k in tails:
        split = _split_trailing_credit(blocks[k])
        if len(split) == 1:
            continue
        out.extend(blocks[start:k])
        measure.extend(measures[start:k])
        parts.extend(range(len(out), len(out) + len(split)))
        out.extend(split)
        measure.extend([measures[k]] * len(split))
        start = k + 1
    if not parts:
        return blocks, measures, []
    out.extend(blocks[start:])
    measure.extend(measures[start : len(blocks)])
    return out, measure, parts


def _verse(blocks: list[Block], singles: list[int]) -> set[int]:
    """Indices of the verse lines: runs of at least four consecutive short
    one-line body or heading blocks, two of them or more shaped as headings
    (they become body blocks, a line each)."""
    verse: set[int] = set()
    if not any(d - a == 3 for a, d in zip(singles, singles[3:])):
        return verse  # (no four one-line blocks in a row)
    run: list[int] = []
    for i in [*singles, -2]:  # (-2: a sentinel that ends the last run)
        b = blocks[i] if i >= 0 else None
        if b is not None and b.type in (T.SUBHEAD, T.BODY) and len(b.text) <= VERSE_MAX_CHARS and run and run[-1] == i - 1:
            run.append(i)
            continue
        if len(run) >= 4 and sum(1 for k in run if blocks[k].type is T.SUBHEAD) >= 2:
            for k in run:
                set_type(blocks[k], T.BODY, "T013", f"one of {len(run)} short lines in a row")
            verse.update(run)
        run = [i] if b is not None and b.type in (T.SUBHEAD, T.BODY) and len(b.text) <= VERSE_MAX_CHARS else []
    return verse


def opens_like_fixed_form(t: str) -> bool:
    """``t`` opens the way a fixed form can (a mark or word of
    FIXED_FORM_START_CHARS, a digit): str tests, no regex call."""
    return bool(t) and (t[0] in FIXED_FORM_STARTS or t[0].isdecimal())


def _may_be_credit(t: str) -> bool:
    """``t`` names a credit's verb (摄) or an agency's slash, opens as a
    credit can (Photo, AP, (AP...), or is bracketed with a verb in it (发):
    a note in brackets (（作者系…）) is no credit."""
    return has_credit_verb(t) or "/" in t or t.startswith(CREDIT_OPENERS) or (t[0] in "（(" and ("发" in t or "發" in t))


def is_credit(t: str) -> bool:
    """``t`` is a photo credit by its form (CREDIT_RE), asked first of the
    str tests of ``_may_be_credit``: most lines fail them, and the stages
    ask it of many lines.

    >>> is_credit("王琪 摄（资料图片）"), is_credit("共同的期待")
    (True, False)
    """
    return bool(t) and _may_be_credit(t) and CREDIT_RE.match(t) is not None


def opens_on_dateline(text: str) -> bool:
    """``text`` opens on its article's dateline (本报讯, 新华社北京１月８日电)."""
    return text[:1] in ARTICLE_OPENING_FIRST and ARTICLE_OPENING_RE.match(text) is not None


def _opens_article(b: Block) -> bool:
    """Running text that opens on an article's dateline."""
    return b.type is T.BODY and opens_on_dateline(b.text)


def _fixed_form(b: Block) -> BlockType | None:
    """The type a block has by its printed form alone (T001-T004), or None.

    Each form is tried only on a text that opens as it can (str tests
    before a regex-module match)."""
    t = b.text
    size = len(t)
    if size > 120:
        return None
    first = t[0]
    if not (first in FIXED_FORM_STARTS or first.isdecimal() or has_credit_verb(t)):
        return None
    if size <= 40 and opens_as_strong_item(t) and FURNITURE_RE.match(t):
        return T.FURNITURE
    if size <= 40 and is_credit(t):
        return T.CREDIT
    if first in BYLINE_STARTS and _is_fixed_byline(t):
        return T.BYLINE
    if first in NOTE_STARTS and NOTE_RE.match(t):
        return T.NOTE
    return None


def _is_fixed_byline(t: str) -> bool:
    """A byline block: a byline's form, at most 60 characters, and no
    sentence's end (a closing bracket aside)."""
    return len(t) <= 60 and is_byline(t) and not ends_sentence(t.rstrip("）)"))


def _is_heading_shape(b: Block, cjk_page: bool) -> bool:
    limit = HEADING_MAX_CHARS if cjk_page else 90
    text = b.text
    if len(b.lines) > 3 or len(text) > limit + 14:
        return False  # (a trailing note takes 14 characters at most)
    t = TRAILING_NOTE_RE.sub("", text) if text[-1:] in ("）", ")") else text  # 新年的祝福（二首）, …（附图片１张）
    if not t or ends_sentence(t) or len(t) > limit:
        return False
    if t[-1] in "，、,；;：:（(“‘《—-":
        return False
    return True


def _max_width(b: Block) -> int:
    """Widest line, counting marks that may be set half width as half."""
    return max([ln.width - ln.squeezable for ln in b.lines])


def _wider_than(b: Block, W: int) -> bool:
    """``_max_width(b) > W + 3``, without the subtractions when no line is
    that wide even counted in full (the common case)."""
    if max([ln.width for ln in b.lines]) <= W + 3:
        return False
    return _max_width(b) > W + 3


def _content_neighbours(n: int, furniture: list[int]) -> tuple[list[int], list[int]]:
    """For each of ``n`` blocks the index of the nearest non-furniture block
    above and below it (-1: none); ``furniture``: the furniture blocks'
    indices, ascending.  Each block's neighbour is the next index, but
    across the furniture blocks (few): only those are visited."""
    prev_of = list(range(-1, n - 1))
    next_of = list(range(1, n)) + [-1] if n else []
    for f in furniture:  # (ascending: a run of furniture hands on what is above it)
        if f + 1 < n:
            prev_of[f + 1] = prev_of[f]
    for f in reversed(furniture):
        if f > 0:
            next_of[f - 1] = next_of[f]
    return prev_of, next_of


def _split_trailing_credit(b: Block) -> list[Block]:
    """``…在北京举办。 王 琪 摄 （资料图片）`` -> caption + credit blocks."""
    last = b.lines[-1]
    tail = last.text[-CREDIT_TAIL_CHARS:]
    if not may_end_in_credit(tail):
        return [b]
    m = TRAILING_CREDIT_RE.search(b.text)
    if m and is_credit(b.text):
        return [b]  # (a credit whole: ``ROBERT M. BROWN/Reuters`` holds a full stop)
    credit_text = m and (m.group(1) or m.group(2))
    if not credit_text or len(b.text) - len(credit_text) < 6:
        return [b]
    head = b.text[: m.start()].rstrip()
    credit = Block(T.CREDIT, [last], credit_text, [("B013", "printed at the end of a caption's last line"), ("T002", "by its form")])
    b.text = head
    set_type(b, T.CAPTION, "T014", "ends in a photo credit")
    return [b, credit]
