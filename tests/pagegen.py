"""Deterministic degraded newspaper pages for the tests (not a test module).

``make_page(profile, seed)`` returns ``(data, gold)``: a page as a PDF
extractor or an OCR engine gives it (``str``; ``bytes`` for the gbk profile)
and its gold blocks ``[{"type", "text"}]`` in reading order.  The same
profile and seed give the same page, byte for byte: everything is drawn from
``random.Random(f"pagegen:{profile}:{seed}")``.  ``page_text(data)`` is the
text ``ocrmend.clean`` reads from it (decoded, BOM dropped, LF line ends).

The kinds of damage follow the profiles of the shared eval set (its
README describes them); this is our own, much smaller code:

- ``pdf-columns``: hard wraps at a measure of 24-40 display cells (CJK and
  full-width 2, ASCII 1); closing marks hang past it, opening marks never end
  a line, Latin/digit runs, ``——`` and ``……`` are not split; first lines
  indented by two U+3000 or not at all (then two characters short); a blank
  line after every line or none; letter-spaced headlines and bylines;
- ``ocr-spaces``: pdf-columns, then spaces between CJK characters of body lines;
- ``side-by-side``: two columns on one line padded with spaces to a fixed
  offset, as ``pdftotext -layout`` writes them (in cells, or in characters);
- ``furniture``: running heads (section, date line, page label, paper,
  editor) at the top and foot of 2-3 pages, form feeds, page breaks that
  often fall inside a paragraph;
- ``punct-noise``: ``，：；（）？！`` after a Han character set as ASCII;
- ``interrupt``: a photo caption and its credit dropped between two lines of
  a paragraph, at another measure;
- ``english``: Latin articles wrapped at 30-60 columns, line-end hyphens
  (soft ones added, compounds broken after their own hyphen);
- ``gbk``: pdf-columns written as GB18030 bytes.

On top, 10% each: CRLF line ends, trailing spaces, a BOM (``str`` pages
carry it as U+FEFF).

Gold conventions (as in the shared eval set): one line per block; a
letter-spaced headline or name is gold without its spacing; ASCII
punctuation set by punct-noise is full width in the gold; soft hyphens added
by the english profile are not in the gold (a compound keeps its own); a
block printed inside a paragraph (a caption, furniture at a page break)
follows that paragraph.

Sources: the project's own seed page (``samples/seed-page.gold.json``),
grouped into articles at each headline, and six short English articles
written for this file.
"""

from __future__ import annotations

import functools
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PROFILES", "added_hyphens", "build_page", "make_page", "page_text"]

PROFILES = ("pdf-columns", "ocr-spaces", "side-by-side", "furniture", "punct-noise", "interrupt", "english", "gbk")

SEED_GOLD = Path(__file__).resolve().parent.parent / "samples" / "seed-page.gold.json"

CLOSING = set("，。、；：？！）》」』”’…％")  # may hang past the measure, never start a line
OPENING = set("（《「『“‘")  # never ends a line
TO_ASCII = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!"}
LATIN_RUN = re.compile(r"[A-Za-z0-9]+(?:[.,:/%+\-][A-Za-z0-9]+)*%?")
VOWELS = set("aeiouy")

# ------------------------------------------------------------------ made-up material
ZH_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
ZH_GIVEN = "磊伟芳敏静丽强军洋勇杰娟涛明超华慧琪"
ZH_SECTIONS = ["理论", "国际", "要闻", "经济", "评论", "文化", "综合新闻"]
ZH_PAPERS = ["晨光日报", "滨江晚报", "东海商报", "山城日报"]
ZH_WEEKDAYS = "一二三四五六日"
# captions written for these tests
ZH_CAPTIONS = [
    "清晨，快递员在社区服务站分拣包裹，准备送往附近的居民楼。",
    "游客在古镇的石板路上拍照留念，河道两旁的老房子已修缮一新。",
    "近日，一所乡村小学的学生在新建成的操场上进行体育锻炼。",
    "工人在港口码头操作起重设备，将集装箱装上货轮。",
    "志愿者在公园里为老年人讲解智能手机的使用方法。",
]

# Six short wire stories written for these tests (not from any corpus).
EN_ARTICLES: list[dict] = [
    {
        "headline": "CITY COUNCIL APPROVES NEW BUDGET",
        "byline": "By JOHN SMITH",
        "paragraphs": [
            "SPRINGFIELD, Ill. - The city council on Tuesday approved a spending plan that sets aside more money "
            "for road repairs and public libraries, ending three months of debate.",
            "The budget passed by a vote of seven to two. Supporters said the plan was the most responsible "
            "option available, given the uncertain state of local tax revenue.",
            "Opponents argued that the council should have postponed the decision until an independent review "
            "of the water department was finished.",
            "The mayor, who had threatened a veto earlier in the month, said she would sign the measure.",
        ],
    },
    {
        "headline": "Farmers Hope Late Rains Will Save Harvest",
        "byline": "By MARY JOHNSON",
        "paragraphs": [
            "AUSTIN, Texas - Farmers across the central plains are counting on late summer rains to rescue a "
            "harvest that looked doomed only a few weeks ago.",
            "Corn and cotton growers said the dry spring had left the soil hard and cracked, and several "
            "well-known agricultural economists predicted record losses.",
            "Recent storms have changed the mood. \"We are not out of trouble yet, but the fields look better "
            "than anyone expected,\" said a grower who farms near the river.",
        ],
        "subheads": {2: "A change of mood"},
    },
    {
        "headline": "MUSEUM TO EXTEND SUMMER HOURS",
        "byline": "By DAVID BROWN",
        "paragraphs": [
            "NEW YORK - The natural history museum will stay open until nine in the evening on weekends this "
            "summer, officials announced on Monday.",
            "The decision follows a survey of visitors, many of whom said that working hours made it "
            "impossible to visit during the week.",
            "The museum expects the additional hours to attract about forty thousand extra visitors. Staff "
            "members who volunteer for the evening shifts will receive additional compensation.",
        ],
        "caption": "Visitors look at a dinosaur skeleton in the main hall of the museum.",
        "credit": "Photo: LAURA CLARK",
    },
    {
        "headline": "Bridge Repairs Will Close Highway Lanes",
        "byline": "By SARAH GARCIA",
        "paragraphs": [
            "PORTLAND, Ore. - Two lanes of the interstate highway will close for six weeks beginning next "
            "month while crews replace the deck of the old river bridge.",
            "Transportation officials warned drivers to expect long delays during the morning and evening rush "
            "hours, and encouraged commuters to consider public transportation.",
            "The project, estimated to cost twelve million dollars, is part of a statewide effort to "
            "reevaluate and strengthen aging infrastructure.",
            "Local businesses near the bridge said they were worried about the effect of the construction on "
            "their customers.",
        ],
        "subheads": {3: "Business concerns"},
    },
    {
        "headline": "SCHOOLS REPORT RISE IN ATTENDANCE",
        "byline": "By MICHAEL WILSON",
        "paragraphs": [
            "CHICAGO - Attendance in the city's public schools rose for the second consecutive year, according "
            "to figures released by the district on Wednesday.",
            "District officials credited a mentoring program that pairs students who frequently miss class "
            "with volunteers from the community.",
            "Teachers said the improvement was noticeable in the classroom. Several principals described the "
            "program as one of the most effective initiatives of the past decade.",
        ],
        "note": "The author covers education for this newspaper.",
    },
    {
        "headline": "Volunteers Clean Up the Riverbank",
        "byline": "By EMILY DAVIS",
        "paragraphs": [
            "LONDON - More than three hundred volunteers spent Saturday morning collecting litter along the "
            "riverbank, filling hundreds of bags with plastic bottles and packaging.",
            "The organizers, a neighborhood environmental group, said participation had doubled since last "
            "year. Many of the volunteers were families with young children.",
            "City officials promised to install additional recycling containers along the popular walking "
            "path before the end of the year.",
        ],
    },
]
EN_SECTIONS = ["NATION", "METRO", "BUSINESS", "SCIENCE"]


# ------------------------------------------------------------------ characters and wrapping
def cells(text: str) -> int:
    """Display cells: wide, full-width and ambiguous (“”…—) characters 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def units(text: str) -> list[str]:
    """Unbreakable units: one character, a Latin/digit run, ``——`` or ``……``;
    a space is glued to its neighbours (a break there would lose it)."""
    raw, i = [], 0
    while i < len(text):
        m = LATIN_RUN.match(text, i)
        step = m.end() - i if m else 2 if text[i : i + 2] in ("——", "……") else 1
        raw.append(text[i : i + step])
        i += step
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == " " and out and i + 1 < len(raw):
            out[-1] += " " + raw[i + 1]
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return out


def wrap_cjk(text: str, width: int, first_cap: int | None = None) -> list[str]:
    """Greedy fill to ``width`` cells (``first_cap`` on the first line); closing marks hang."""
    lines: list[list[str]] = [[]]
    used, cap = 0, width if first_cap is None else first_cap
    for u in units(text):
        w = cells(u)
        if not lines[-1] or used + w <= cap or u[0] in CLOSING:
            lines[-1].append(u)
            used += w
            continue
        carry: list[str] = []
        while len(lines[-1]) > 1 and lines[-1][-1][-1] in OPENING:
            carry.insert(0, lines[-1].pop())
        lines.append(carry + [u])
        used, cap = sum(cells(x) for x in lines[-1]), width
    return ["".join(line) for line in lines if line]


def hyphen_point(word: str, room: int) -> int | None:
    """Where a lower-case word may be broken with an added hyphen (VC|CV, three letters
    each side at least) so that its head and the hyphen fit in ``room``."""
    m = re.fullmatch(r"([a-z]+)([,.;:]?)", word)
    if not m or len(m.group(1)) < 7:
        return None
    core = m.group(1)
    points = [
        k
        for k in range(3, len(core) - 2)
        if core[k - 2] in VOWELS and core[k - 1] not in VOWELS and core[k] not in VOWELS and core[k + 1] in VOWELS
        and core[k - 1] + core[k] not in ("ch", "sh", "th", "ph", "ck", "ng", "qu")
        and k + 1 <= room
    ]  # fmt: skip
    return max(points) if points else None


def wrap_en(text: str, width: int, indent: int, hyph_rate: float, rng: random.Random) -> tuple[list[str], int]:
    """Word wrap; at a line end the next word may be broken (compound at its own hyphen,
    or a soft hyphen added).  Returns the lines and the number of added hyphens."""
    words = text.split()
    lines: list[str] = []
    cur, cap, i, added = "", width - indent, 0, 0
    while i < len(words):
        w = words[i]
        if not cur or len(cur) + 1 + len(w) <= cap:
            cur = f"{cur} {w}" if cur else w
            i += 1
            continue
        room = cap - len(cur) - 1
        compound = [k + 1 for k in range(1, len(w) - 1) if w[k] == "-" and w[k - 1].isalpha() and w[k + 1].isalpha()]
        compound = [k for k in compound if k <= room]
        if compound and rng.random() < 0.8:
            k = max(compound)
            cur += " " + w[:k]
            words[i] = w[k:]
        elif rng.random() < hyph_rate and (h := hyphen_point(w, room)) is not None:
            cur += " " + w[:h] + "-"
            words[i] = w[h:]
            added += 1
        lines.append(cur)
        cur, cap = "", width
    if cur:
        lines.append(cur)
    return lines, added


def letter_space(text: str) -> str:
    """加强卫生 -> 加 强 卫 生; a real space becomes a wider gap."""
    return "   ".join(" ".join(word) for word in text.split(" "))


# ------------------------------------------------------------------ sources
@dataclass
class Article:
    blocks: list[dict]  # {"type", "text"} in print order (caption before its credit)
    fragment: bool = False  # the tail of an article continued from another page


@functools.cache
def seed_articles() -> tuple[Article, ...]:
    """The seed page's gold, cut before each headline (the part before the first is a fragment)."""
    blocks = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["blocks"]
    groups: list[list[dict]] = [[]]
    for b in blocks:
        if b["type"] == "headline" and groups[-1]:
            groups.append([])
        groups[-1].append({"type": b["type"], "text": b["text"]})
    return tuple(Article(g, fragment=g[0]["type"] != "headline") for g in groups)


def en_article(a: dict) -> Article:
    blocks = [{"type": "headline", "text": a["headline"]}, {"type": "byline", "text": a["byline"]}]
    for k, p in enumerate(a["paragraphs"]):
        if k in a.get("subheads", {}):
            blocks.append({"type": "subhead", "text": a["subheads"][k]})
        blocks.append({"type": "body", "text": p})
    if "caption" in a:
        blocks += [{"type": "caption", "text": a["caption"]}, {"type": "credit", "text": a["credit"]}]
    if "note" in a:
        blocks.append({"type": "note", "text": a["note"]})
    return Article(blocks)


def pick_articles(rng: random.Random, pool: tuple[Article, ...] | list[Article], n: int) -> list[Article]:
    """``n`` consecutive articles from a drawn start; long ones cut after a few paragraphs."""
    start = rng.randrange(len(pool))
    out: list[Article] = []
    for j in range(n):
        art = pool[(start + j) % len(pool)]
        if out and art.fragment:  # a fragment only opens a page
            continue
        blocks = list(art.blocks)
        bodies = [k for k, b in enumerate(blocks) if b["type"] == "body"]
        keep = rng.randint(2, 4)
        if len(bodies) > keep:
            if art.fragment:  # the tail of an article: its last paragraphs
                blocks = blocks[bodies[-keep] :]
            else:  # cut after a few paragraphs (a note or caption at the end goes too)
                blocks = blocks[: bodies[keep - 1] + 1]
        out.append(Article(blocks, art.fragment))
    return out


# ------------------------------------------------------------------ the page
@dataclass
class Row:
    text: str
    ids: tuple[int, ...] = ()  # gold blocks printed on this row
    kind: str = "blank"  # the type of the block the row belongs to (blank, furniture...)


@dataclass
class Sheet:
    """Rows in logical order, each knowing its gold blocks; the gold registry."""

    rng: random.Random
    rows: list[Row] = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)
    line_gap: bool = False

    def block(self, type_: str, text: str) -> int:
        self.blocks.append({"type": type_, "text": text})
        return len(self.blocks) - 1

    def emit(self, lines: list[str], bid: int, kind: str) -> None:
        for ln in lines:
            self.rows.append(Row(ln, (bid,), kind))
            if self.line_gap:
                self.rows.append(Row(""))

    def gold(self) -> list[dict]:
        """Blocks in row order; a block printed inside another one follows it."""
        span: dict[int, list[int]] = {}
        for r, row in enumerate(self.rows):
            for b in row.ids:
                span.setdefault(b, [r, r])[1] = r
        order = sorted(span, key=lambda b: (span[b][0], b))
        host = {
            b: next((h for h in order if span[h][0] < span[b][0] and span[b][1] < span[h][1]), None) for b in order
        }
        out: list[int] = []
        for b in order:
            if host[b] is None:
                out.append(b)
                out += [m for m in order if host[m] == b]
        return [self.blocks[b] for b in out]


def render_zh(sheet: Sheet, art: Article, P: dict) -> None:
    rng, W = sheet.rng, P["W"]
    blocks = art.blocks
    for k, b in enumerate(blocks):
        t, text = b["type"], b["text"]
        if t == "credit" and k and blocks[k - 1]["type"] == "caption":
            continue  # printed on the caption's last line (see below)
        bid = sheet.block(t, text)
        if t == "headline":
            shown = letter_space(text) if len(text) <= 14 and rng.random() < 0.5 else text
            sheet.emit([" " * rng.choice((0, 1)) + shown], bid, t)
        elif t == "deck":
            sheet.emit(wrap_cjk(text, int(W * P["deck_factor"])), bid, t)
        elif t == "byline":
            mark, _, name = text.rpartition(" ")
            shown = (mark + " " if mark else "") + (" ".join(name) if rng.random() < 0.6 else name)
            sheet.emit([shown], bid, t)
        elif t == "subhead":
            sheet.emit([text], bid, t)
        elif t == "caption":
            lines = wrap_cjk(text, P["cap_w"])
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            if nxt and nxt["type"] == "credit":
                cid = sheet.block("credit", nxt["text"])
                sheet.emit(lines[:-1], bid, t)
                last = lines[-1] + " " * rng.randint(2, 4) + spaced_credit(nxt["text"], rng)
                sheet.rows.append(Row(last, (bid, cid), t))
                if sheet.line_gap:
                    sheet.rows.append(Row(""))
            else:
                sheet.emit(lines, bid, t)
        elif t == "credit":
            sheet.emit([spaced_credit(text, rng)], bid, t)
        else:  # body, note
            sheet.emit(paragraph(text, P), bid, t)


def paragraph(text: str, P: dict) -> list[str]:
    """Wrapped at the measure; the first line two characters short, indented by two
    U+3000 or (the indent lost, as extractors often do) not at all."""
    lines = wrap_cjk(text, P["W"], P["W"] - 4)
    if P["indent"] == "ideographic":
        lines[0] = "\u3000\u3000" + lines[0]
    return lines


def spaced_credit(text: str, rng: random.Random) -> str:
    """王琪 摄（资料图片） printed as 王 琪 摄 （资料图片） now and then."""
    m = re.fullmatch(r"(\S+) 摄(.*)", text)
    if not m or rng.random() < 0.5:
        return text
    return " ".join(m.group(1)) + " 摄" + (" " + m.group(2) if m.group(2) else "")


def zh_name(rng: random.Random) -> str:
    return rng.choice(ZH_SURNAMES) + "".join(rng.choice(ZH_GIVEN) for _ in range(rng.choice((1, 1, 2))))


# ------------------------------------------------------------------ profiles
def zh_sheet(rng: random.Random, P: dict) -> Sheet:
    P.update(
        W=rng.randint(24, 40),
        indent=rng.choice(["ideographic", "none"]),
        deck_factor=rng.uniform(2.0, 3.0),
        cap_w=rng.randint(70, 100),
    )
    if P.get("narrow"):
        P.update(deck_factor=1.0, cap_w=P["W"])
    P.setdefault("line_gap", rng.random() < 0.5)
    sheet = Sheet(rng, line_gap=P["line_gap"])
    for art in pick_articles(rng, seed_articles(), rng.choice((1, 2, 2, 3))):
        render_zh(sheet, art, P)
    return sheet


def add_ocr_spaces(sheet: Sheet, rng: random.Random) -> None:
    rate = rng.uniform(0.05, 0.6)
    for row in sheet.rows:
        if row.kind != "body":
            continue
        out = [row.text[:1]]
        for a, b in zip(row.text, row.text[1:]):
            if is_han(a) and is_han(b) and rng.random() < rate:
                out.append("  " if rng.random() < 0.1 else " ")
            out.append(b)
        row.text = "".join(out)


def add_punct_noise(sheet: Sheet, rng: random.Random) -> None:
    rate = rng.uniform(0.02, 0.2)
    candidates = [
        (r, k) for r, row in enumerate(sheet.rows) if row.kind in ("body", "deck", "note")
        for k in range(1, len(row.text)) if row.text[k] in TO_ASCII and is_han(row.text[k - 1])
    ]  # fmt: skip
    chosen = {c for c in candidates if rng.random() < rate} or ({rng.choice(candidates)} if candidates else set())
    for r, k in sorted(chosen, reverse=True):
        t = sheet.rows[r].text
        sheet.rows[r].text = t[:k] + TO_ASCII[t[k]] + t[k + 1 :]


def add_interruption(sheet: Sheet, rng: random.Random, P: dict) -> None:
    """A caption and its credit between two lines of a paragraph (1 or 2 per page)."""
    for cap in rng.sample(ZH_CAPTIONS, rng.choice((1, 1, 2))):
        content = [r for r, row in enumerate(sheet.rows) if row.text]
        places = [
            content[j + 1] for j in range(1, len(content) - 2)
            if sheet.rows[content[j]].kind == "body" and sheet.rows[content[j]].ids == sheet.rows[content[j + 1]].ids
            and sheet.rows[content[j - 1]].ids == sheet.rows[content[j]].ids
        ]  # fmt: skip
        if not places:
            return
        at = rng.choice(places)  # (after the blank line that follows the row above, if any)
        credit = zh_name(rng) + " 摄"
        cid, kid = sheet.block("caption", cap), sheet.block("credit", credit)
        measure = rng.choice((P["W"] + rng.randint(8, 20), max(16, P["W"] - rng.randint(6, 10)), 200))
        lines = wrap_cjk(cap, measure)
        rows = [Row(ln, (cid,), "caption") for ln in lines[:-1]]
        if rng.random() < 0.5:
            rows.append(Row(lines[-1] + " " * rng.randint(2, 4) + spaced_credit(credit, rng), (cid, kid), "caption"))
        else:
            rows += [Row(lines[-1], (cid,), "caption"), Row(spaced_credit(credit, rng), (kid,), "credit")]
        if sheet.line_gap:
            rows = [r for row in rows for r in (row, Row(""))]
        if rng.random() < 0.5:
            rows = [Row("")] + rows + [Row("")]
        sheet.rows[at:at] = rows


def add_furniture(sheet: Sheet, rng: random.Random) -> None:
    """2-3 pages: a running head on top of each, a foot under each but the last, \\f between."""
    npages = rng.choice((2, 2, 3))
    page_no = rng.randint(1, 20)
    day = rng.randint(1, 28)
    date = f"2021年{rng.randint(1, 12)}月{day}日 星期{ZH_WEEKDAYS[day % 7]}"
    section, paper, editor = rng.choice(ZH_SECTIONS), rng.choice(ZH_PAPERS), zh_name(rng)
    label = rng.choice(("第{}版", "{}版", "— {} —", "{}"))
    head_kinds = rng.choice([["date", "section"], ["paper", "date"], ["section", "page"], ["date", "section", "page"]])
    foot_kinds = rng.choice([["page"], ["editor"]])
    combined = rng.random() < 0.5

    def items(kinds: list[str], n: int) -> list[str]:
        return [
            {"date": date, "section": section, "paper": paper, "page": label.format(n), "editor": f"责任编辑：{editor}"}[k]
            for k in kinds
        ]

    def furniture_rows(kinds: list[str], n: int) -> list[Row]:
        texts = items(kinds, n)
        ids = tuple(sheet.block("furniture", t) for t in texts)
        if combined:
            gap = rng.choice(("    ", "\u3000\u3000", "        "))
            rows = [Row(gap.join(texts), ids, "furniture")]
        else:
            rows = [Row(t, (i,), "furniture") for t, i in zip(texts, ids)]
        return [r for row in rows for r in (row, Row(""))] if sheet.line_gap else rows

    content = [r for r, row in enumerate(sheet.rows) if row.text]
    cuts = sorted(rng.sample(content[2:-1], min(npages - 1, max(0, len(content) - 3))))
    # insert from the bottom up so the row numbers stay valid
    pieces: list[tuple[int, list[Row]]] = []
    for p, cut in enumerate(cuts, start=1):
        foot = furniture_rows(foot_kinds, page_no + p - 1)
        head = furniture_rows(head_kinds, page_no + p)
        head[0] = Row("\f" + head[0].text, head[0].ids, head[0].kind)
        pieces.append((cut, foot + head))
    for cut, rows in reversed(pieces):
        sheet.rows[cut:cut] = rows
    sheet.rows[0:0] = furniture_rows(head_kinds, page_no)
    if rng.random() < 0.5:
        sheet.rows.append(Row("\f"))


def english_sheet(rng: random.Random, P: dict) -> Sheet:
    W = rng.randint(30, 60)
    indent = rng.choice((0, 2, 3, 4))
    para_gap = indent == 0 or rng.random() < 0.3
    hyph_rate = rng.uniform(0.2, 0.6)
    sheet = Sheet(rng, line_gap=rng.random() < 0.2)
    if rng.random() < 0.5:
        sec = rng.choice(EN_SECTIONS)
        sheet.emit([" ".join(sec)], sheet.block("furniture", sec), "furniture")
    P["added_hyphens"] = 0
    for art in pick_articles(rng, [en_article(a) for a in EN_ARTICLES], rng.choice((1, 2, 2, 3))):
        for b in art.blocks:
            t, text = b["type"], b["text"]
            bid = sheet.block(t, text)
            if t in ("body", "note", "caption"):
                lines, added = wrap_en(text, W, indent if t == "body" else 0, hyph_rate, rng)
                P["added_hyphens"] += added
                if t == "body" and indent:
                    lines[0] = " " * indent + lines[0]
                if para_gap and sheet.rows and not sheet.line_gap:
                    sheet.rows.append(Row(""))
                sheet.emit(lines, bid, t)
            else:
                sheet.emit([text], bid, t)
    return sheet


def side_by_side(sheet: Sheet, rng: random.Random, P: dict) -> list[str]:
    """Lay the rows out as two columns on one line; an article's head (headline, deck,
    byline) on top of the page may span both."""
    rows = [r.text for r in sheet.rows]
    top: list[str] = []
    if sheet.rows and sheet.rows[0].kind == "headline" and rng.random() < 0.5:
        n = next((k for k, r in enumerate(sheet.rows) if r.kind not in ("headline", "deck", "byline", "blank")), 0)
        top, rows = rows[:n], rows[n:]
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:]
    unit = rng.choice(("cells", "cells", "chars"))
    measure = cells if unit == "cells" else len
    offset = max((measure(t) for t in left), default=0) + rng.randint(2, 8)
    out = list(top)
    for k, a in enumerate(left):
        b = right[k] if k < len(right) else ""
        out.append((a + " " * (offset - measure(a)) + b) if b else a)
    P["columns"] = {"offset": offset, "unit": unit}
    return out


# ------------------------------------------------------------------ entry points
def make_page(profile: str, seed: int) -> tuple[str | bytes, list[dict]]:
    """The degraded page (``bytes`` for gbk, else ``str``) and its gold blocks (cached)."""
    return _built(profile, seed)[:2]


def added_hyphens(profile: str, seed: int) -> int:
    """How many soft hyphens the english profile added (they are not in the gold)."""
    return _built(profile, seed)[2].get("added_hyphens", 0)


def build_page(profile: str, seed: int) -> tuple[str | bytes, list[dict], dict]:
    """``make_page`` uncached, with the drawn parameters as a third item."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    rng = random.Random(f"pagegen:{profile}:{seed}")
    P: dict = {}
    if profile == "english":
        sheet = english_sheet(rng, P)
    else:
        if profile == "side-by-side":
            P["line_gap"] = False
            P["narrow"] = True  # deck and caption at the column's measure
        sheet = zh_sheet(rng, P)
        if profile == "ocr-spaces":
            add_ocr_spaces(sheet, rng)
        elif profile == "punct-noise":
            add_punct_noise(sheet, rng)
        elif profile == "interrupt":
            add_interruption(sheet, rng, P)
        elif profile == "furniture":
            add_furniture(sheet, rng)
    gold = sheet.gold()
    rows = side_by_side(sheet, rng, P) if profile == "side-by-side" else [r.text for r in sheet.rows]
    if rng.random() < 0.1:
        rows = [r + " " * rng.randint(1, 3) if r and rng.random() < 0.3 else r for r in rows]
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    text = newline.join(rows) + newline
    if profile == "gbk":
        return text.encode("gb18030"), gold, P
    if rng.random() < 0.1:
        text = "\ufeff" + text
    return text, gold, P


_built = functools.cache(build_page)


def page_text(data: str | bytes) -> str:
    """The page as ``clean`` reads it: decoded (gb18030 for bytes), no BOM, LF line ends."""
    text = data.decode("gb18030") if isinstance(data, bytes) else data
    return text.removeprefix("\ufeff").replace("\r\n", "\n")
