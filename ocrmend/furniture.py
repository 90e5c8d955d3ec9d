"""Page furniture: running heads and feet, page numbers, date lines, editor
lines -- the print that belongs to the page, not to any article.

Extractors drop it wherever the page break fell, often in the middle of a
paragraph.  We find it before paragraphs are rebuilt, take it out of the
line stream (so the paragraph closes over the gap) and give each printed
item its own ``furniture`` block.  Evidence is graded: a date line, a page
label or an editor line is furniture by its form; a bare number, a section
name or a paper name only at a page edge or beside other furniture.
"""

from __future__ import annotations

import re
from typing import Final

import regex

from .chars import HAN
from .classify import _EDITOR_ITEM, STRONG_ITEM_RE, body_text_size, is_byline, opens_as_strong_item
from .join import join_lines, squeeze_whitespace
from .model import Block, BlockType, Edit, Line
from .roles import furniture_by_role, stated_type
from .spacing import HAN_ASTRAL_RANGES, HAN_RANGES, OCR_SPACE_RE, collapse_letter_spacing, remove_ocr_spaces
from .tuning import EDITOR_BOX_LINE_MAX, HEADING_SIZE_RATIO, PAGE_EDGE_LINES, WEAK_ITEM_MAX_CHARS

# An English running head read with single spaces: the date, then a section
# of capitalised words and maybe a folio (Thursday, March 5, 1987 Companies D2).
DATED_HEAD_RE: Final = re.compile(
    r"^((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4})\s+((?:[A-Z][A-Za-z&]*\s*){1,4}(?:[A-Z]?\d{1,3})?)$"
)
FOLIO_TAIL_RE: Final = re.compile(r"(?:^|\s)([A-Z]?\d{1,3})$")
# Items on one furniture line are set apart by a wide gap.  (stdlib re:
# the same split, at a third of the cost per call)
ITEM_GAP_RE: Final = re.compile(r"[ \t\u3000\xa0]{2,}|[ \t]*[|｜•][ \t]*|[ \t]+·[ \t]+")
# A name an editor box sets on a line of its own, or half of one.
BOX_NAME_RE: Final = regex.compile(rf"^[{HAN}]{{1,3}}$")
# An editor line, its names maybe set apart by gaps (an editor box's first line).
EDITOR_LINE_RE: Final = regex.compile(rf"^{_EDITOR_ITEM}$")
# An article's source line (《人民日报》（2025年10月20日 第 03 版）): furniture,
# but it belongs to its article, so it vouches for no neighbour.
SOURCE_LINE_RE: Final = regex.compile(
    r"^《[^》]{2,12}》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*第\s*[0-9０-９]{1,3}\s*版\s*[）)]$"
)
# Furniture only where furniture stands (page edge, beside strong items).
WEAK_ITEM_RE: Final = regex.compile(
    rf"^(?:[0-9]{{1,3}}|[A-Z][0-9]{{1,2}}|[{HAN}](?:\s?[{HAN}]){{1,5}}|[{HAN}]{{2,6}}(?:日报|日報|晚报|晚報|时报|時報|报|報)"
    r"|[A-Z](?: ?[A-Z]){2,14}|[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,3})$"
)
# The longest item that is not ASCII WEAK_ITEM_RE takes: six letters and
# five blanks (its other branches take ASCII alone; tests check).
SPACES_RE: Final = regex.compile(r"\s+")
# A section or paper name, blanks removed: Han letters only, or Latin
# capitals only (NATION, METRO: a running head's name, never a sentence's).
SECTION_NAME_RE: Final = regex.compile(rf"^(?:[{HAN}]{{2,6}}|[A-Z]{{3,15}})$")
# An item that SPACES_RE would change: a blank other than a space, or two
# blanks in a row (stdlib ``\s`` holds every blank regex's does).
UNEVEN_SPACES_RE: Final = re.compile(r"[^\S ]|\s\s")
# A page number as a weak item prints it (17, A4): the item of a running
# head that changes from page to page.
FOLIO: Final = r"[A-Z]?[0-9]{1,3}"
FOLIO_ITEM_RE: Final = re.compile(rf"^{FOLIO}$")
# Weak items that may stand inside a paragraph's text: a page number (17,
# A4), a letter-spaced section name (S C I E N C E) -- nothing a sentence
# could hold on a line of its own.
MID_PAGE_ITEM_RE: Final = regex.compile(rf"^(?:{FOLIO}|[A-Z](?: [A-Z]){{2,14}})$")
MID_PAGE_SECOND: Final = " 0123456789"  # (its second character, where it opens with a letter)
DIGITS: Final = frozenset("0123456789")
# First characters of the strong items (dates, page labels, editor and source lines).
STRONG_START_CHARS: Final = "0123456789０１２３４５６７８９农農星第—–-责責本美校版图圖《（(PMTWFSpP"
STRONG_STARTS: Final = set(STRONG_START_CHARS)
# Whitespace inside one line: what ``str.strip`` or ``\s`` takes, but no newline.
_WS = r"[\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# Whitespace inside one item: never two of the gap's blanks in a row.
_ITEM_WS = r"(?:[\x0b\x0c\r\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u202f\u205f]|[ \t\u3000\xa0](?![ \t\u3000\xa0]))"
# The first item of a strong or weak line is made of runs of Han letters
# and digits and of Latin words that start with a capital (no item holds a
# lower-case word, nor a digit run followed by letters), with single blanks
# between them; taken whole, never given back (one pass per line).
_ITEM_RUN = rf"(?:[{HAN_RANGES}\d]++|[A-Z][A-Za-z0-9]*+|[{HAN_ASTRAL_RANGES}]++|{_ITEM_WS}++)*+"
# The start of a line that may grade as furniture: its first item is such
# a run and ends at a gap or the line's end, or it opens like a
# source, editor, lunar-date, weekday or dashed page-number line.  This is a
# loose form of the items above (every line ``_grade`` keeps matches it;
# tests check) run once over the whole text, each line behind its newline,
# so the lines it rules out cost no Python at all.
CANDIDATE_RE: Final = re.compile(
    rf"\n(?:{_WS}|[|｜•·])*+(?:"
    r"《|农历|農曆|责任编辑|責任編輯|本版责任编辑|本版責任編輯|本版责编|本版責編|本版编辑|本版編輯|责编|責編|美编|美編|美术编辑|美術編輯"
    r"|责任校对|責任校對|校对|校對|[（(](?=[责責本美校版图圖])"
    r"|版式设计|版式設計|版面设计|版面設計|图片编辑|圖片編輯|P\.|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    rf"|[—–\-]{{1,2}}{_WS}*[0-9]{{1,4}}{_WS}*[—–\-]{{1,2}}"
    rf"|(?=[{HAN_RANGES}\dA-Z{HAN_ASTRAL_RANGES}]){_ITEM_RUN}{_WS}*(?:$|[|｜•·]|[ \t\u3000\xa0]{{2}})"
    r")",
    re.MULTILINE,
)


def split_items(text: str) -> list[str]:
    """Cut a running-head line into its printed items.

    >>> split_items("16\u3000\u3000经济\u3000\u30002022年9月1日 星期四")
    ['16', '经济', '2022年9月1日 星期四']
    """
    if not ("  " in text or "\t" in text or "\u3000" in text or "\xa0" in text or "|" in text or "｜" in text or "•" in text or "·" in text):
        item = text.strip()  # no gap can be in it: one item (most lines)
        if item[:1] in "MTWFS" and "day" in item[:10]:
            return _dated_head(item)
        return [item] if item else []
    items = [s.strip() for s in ITEM_GAP_RE.split(text)]
    items = [s for s in items if s]
    # a date and its weekday belong together even when a wide gap parts them
    out: list[str] = []
    for s in items:
        if out and s.startswith("星期") and len(s) == 3 and out[-1].endswith("日"):
            out[-1] = out[-1] + " " + s
        else:
            out.append(s)
    return out


def _dated_head(item: str) -> list[str]:
    """A running head an OCR engine read with single spaces: an English date,
    then a section name and a folio, one item each.

    >>> _dated_head("Tuesday, March 3, 1987 Commodities D11")
    ['Tuesday, March 3, 1987', 'Commodities', 'D11']
    """
    m = DATED_HEAD_RE.match(item)
    if not m:
        return [item]
    out = [m.group(1)]
    rest = m.group(2)
    folio = FOLIO_TAIL_RE.search(rest)
    if folio:
        section = rest[: folio.start()].strip()
        out += [section, folio.group(1)] if section else [folio.group(1)]
    else:
        out.append(rest)
    return out


def _grade(text: str) -> tuple[int, list[str]] | None:
    """(3, items): an article's source line; (2, items): furniture by form;
    (1, items): furniture if it stands at a page edge; None: content."""
    if len(text) > 80:
        return None
    if text[0] == "《" and SOURCE_LINE_RE.match(text):
        return 3, [text]
    items = split_items(text)
    if not items:
        return None
    strong = 0
    for it in items:
        ascii_item = it.isascii()
        if " " in it or "\u3000" in it:
            # (an ASCII item with no blank but spaces, and no two in a row, is even:
            # str tests instead of a regex search, the common case)
            uneven = ("  " in it or not it.isprintable()) if ascii_item else True
            flat = SPACES_RE.sub(" ", it) if uneven and UNEVEN_SPACES_RE.search(it) else it
        else:
            flat = it
        if opens_as_strong_item(flat) and STRONG_ITEM_RE.match(flat):
            strong += 1
        elif (len(flat) > WEAK_ITEM_MAX_CHARS and not ascii_item) or not WEAK_ITEM_RE.match(flat):
            return None
    return (2 if strong else 1), items


def find_furniture(lines: list[Line]) -> dict[int, list[str]]:
    """Map the index of each furniture line to its printed items."""
    n = len(lines)
    if not n:
        return {}
    # grades of the few lines that may be furniture (index -> grade): one
    # regex pass over the whole text finds them, and the cheap tests below
    # say which to grade (furniture is short, or spread out with wide gaps,
    # or starts the way a strong item does)
    grades: dict[int, tuple[int, list[str]]] = {}
    text = "\n" + "\n".join([ln.text for ln in lines])
    count = text.count
    i = pos = 0
    for m in CANDIDATE_RE.finditer(text):
        start = m.start()  # the newline before line i
        i += count("\n", pos, start)
        pos = start
        t = lines[i].text
        size = len(t)
        if size > 80:
            continue
        if (size <= 12 or (size <= 40 and t[0] in STRONG_STARTS)) or (
            (" " in t or "\u3000" in t or "|" in t or "｜" in t) and (size <= 40 or "  " in t or "\u3000" in t)
        ):
            gr = _grade(t)
            if not gr and t[0] in STRONG_STARTS and OCR_SPACE_RE.search(t):
                # (an OCR engine's spaces inside a strong item, 责任 编辑 ： 周泓洋:
                # graded as printed, as the spacing repair will show it)
                gr = _grade(remove_ocr_spaces(t))
            if gr:
                grades[i] = gr
    # a short region the file calls a running head, foot or folio
    by_role = furniture_by_role(lines)
    if not grades and not by_role:
        return {}
    # page edges: first and last lines of each page (looked up for graded lines only)
    edge: dict[int, bool] = {}
    foot: dict[int, bool] = {}  # in the bottom edge of the last page (and not its top)
    one_page = lines[0].page == lines[-1].page  # (pages only grow down the text)
    for i in grades:
        edge[i], foot[i] = _page_edge(lines, i, one_page)
    found: dict[int, list[str]] = {}
    for i in [i for i in grades if stated_type(lines[i]) is not None]:
        del grades[i]  # (ocrmend's own output said what the line is: not furniture)
    for i in by_role:
        found[i] = [lines[i].text]
        lines[i].why = [("F008", "its region in the file is a running head, foot or folio")]
    for i, gr in grades.items():
        if gr[0] >= 2:
            found[i] = gr[1]
            lines[i].why = [("F002", "a source line") if gr[0] == 3 else ("F001", "by its form")]
    # weak lines join when they sit at a page edge next to found furniture --
    # at the foot of the last page only below it (a letter's signature above
    # the last page number is content) -- or when they repeat at page edges.
    # In an editor box a short line of Han may be one of its names: there
    # only repeats count.
    weak = [i for i, gr in grades.items() if gr[0] == 1]
    box_end = editor_box_end(lines, found) if 0 in found else 0
    # (a source that knows sizes: a line in display type under a running
    # head is a headline's first line, not one of the head's items)
    display = HEADING_SIZE_RATIO * body_text_size(lines) if weak else 0.0
    display = display or float("inf")
    # (next to furniture found by its form or its region's role: a source
    # line, F002, is no page edge's; a line found by its role has no grade)
    source_lines = {i for i, gr in grades.items() if gr[0] == 3}

    def next_to_found() -> None:
        changed = bool(weak)
        while changed:
            changed = False
            # (above furniture at the last page's foot, what that page's top
            # prints too: its folio or name, no signature)
            tops = {(lines[j].page, _blankless(it)) for j, its in found.items() if edge.get(j) and not foot[j] for it in its}
            for i in weak:
                items = grades[i][1]
                if i not in found and i >= box_end and edge[i] and (
                    ((i - 1) in found and (i - 1) not in source_lines)
                    or (
                        (not foot[i] or (lines[i].page, _blankless(lines[i].text)) in tops)
                        and (i + 1) in found
                        and (i + 1) not in source_lines
                    )
                ) and lines[i].size < display:
                    found[i] = items
                    lines[i].why = [("F003", "at a page edge, next to furniture")]
                    changed = True

    next_to_found()
    # a weak line's text without its blanks (what repeats, what is named)
    keys = {i: _blankless(lines[i].text) for i in weak}
    # a page break without a form feed: a running head or page number read
    # on a line of its own between two lines of a paragraph that is not
    # finished, set apart by blank lines (a number split off a sentence is
    # not); or what a page's edge prints, read again with a blank line on
    # one side, inside a paragraph or between two: a line of it, or one of
    # its items (the section name or the folio of W O R L D  A4)
    edge_keys = {keys[i] for i in weak if edge[i]}
    edge_keys.update(_blankless(it) for i in weak if edge[i] and len(grades[i][1]) > 1 for it in grades[i][1])
    for i in weak:
        if i in found or not 0 < i < n - 1:
            continue
        t = lines[i].text
        if not (t[0] in DIGITS or t[1:2] in MID_PAGE_SECOND) or not MID_PAGE_ITEM_RE.match(t):  # (how the items open, asked first)
            continue
        above, below = lines[i - 1], lines[i + 1]
        framed = lines[i].blank_before > 0, below.blank_before > 0
        inside = _inside_paragraph(above, below)
        if all(framed) and inside:
            found[i] = grades[i][1]
            lines[i].why = [("F004", "between two lines of an unfinished paragraph")]
        elif any(framed) and not edge[i] and keys[i] in edge_keys and (inside or (above.final and bool(below.indent))):
            found[i] = grades[i][1]
            lines[i].why = [("F004", "the item a page's edge prints, read again inside the page")]
    if weak and not one_page:
        bylines: dict[str, bool] = {}  # (a repeated line is asked once)
        # (what repeats is the line less its page number: W O R L D  A4 on
        # one page is WORLD  A5 on the next)
        heads = {i: _running_key(grades[i][1]) or keys[i] for i in weak if edge[i]}
        seen: dict[str, int] = {}
        for key in heads.values():
            if not key.isdigit():
                seen[key] = seen.get(key, 0) + 1
        for i, key in heads.items():
            # (a byline repeats when pages open with articles by one desk: it is no running head)
            if i not in found and seen.get(key, 0) >= 2:
                t = lines[i].text
                if t not in bylines:
                    bylines[t] = is_byline(t)
                if not bylines[t]:
                    found[i] = grades[i][1]
                    lines[i].why = [("F005", f"repeats at the edges of {seen[key]} pages")]
    if weak:
        _heads_named_inside(lines, weak, grades, keys, edge, found)
    if weak and found:
        # a section name the running heads print, read again at a column
        # break (on a line of its own, wherever it fell); the rest of a
        # running head's row that the column cut read into another column
        # (a section name is an item of a running head's row, or a line of
        # its own that a page edge and its neighbours made furniture)
        named = {
            key
            for i, items in found.items()
            if len(items) > 1 or _made_by(lines[i], "F003") or _made_by(lines[i], "F005")
            for it in items
            if SECTION_NAME_RE.match(key := _blankless(it))
        }
        rows = {lines[i].number for i in found}
        for i in weak:
            if i not in found and i >= box_end and (lines[i].number in rows or keys[i] in named):
                found[i] = grades[i][1]
                lines[i].why = [("F006", "on a running head's row" if lines[i].number in rows else "a section the running heads name")]
    if weak and not one_page:
        # a section name a column break prints, alone on its line wherever it
        # fell, read again on other pages: after a paragraph's end or inside a
        # paragraph each time (a byline's name stands under a heading); a
        # Latin name inside a paragraph each time (the word a wire story
        # ends on, REUTER, stands after a paragraph's end)
        places: dict[str, list[int]] = {}
        for i in weak:
            if i not in found and 0 < i < n - 1 and SECTION_NAME_RE.match(keys[i]) and not is_byline(lines[i].text):
                places.setdefault(keys[i], []).append(i)
        for key, at in places.items():
            if len({lines[i].page for i in at}) >= 2 and all(_at_column_break(lines, i, key) for i in at):
                for i in at:
                    found[i] = grades[i][1]
                    lines[i].why = [("F006", "a section name read again inside pages")]
    if weak and found:
        # (what repeats at page edges found, the folios beside it join it)
        next_to_found()
    return found


def _heads_named_inside(
    lines: list[Line],
    weak: list[int],
    grades: dict[int, tuple[int, list[str]]],
    keys: dict[int, str],
    edge: dict[int, bool],
    found: dict[int, list[str]],
) -> None:
    """Add to ``found`` a running head read once, at a page's edge, and the
    copies of its name read inside that page (F009).

    A text with no page breaks shows no repeats at page edges; its running
    head (观察  19, or 要 闻 over 11 -- one section name and its folio, no
    other item) is known by its name read again inside the page, alone on
    its line where a column break prints it, each time (after a paragraph's
    end or inside one; a Latin name inside one).  A name heading its page
    without a folio may be a title or a speaker's name: it is not asked."""
    heads: dict[tuple[int, str], list[int]] = {}  # (page, name) -> the head's lines
    for i in weak:
        if i in found or not edge[i]:
            continue
        items = grades[i][1]
        name = keys[i] if len(items) == 1 else _running_key(items)
        if not SECTION_NAME_RE.match(name):
            continue
        if len(items) == 2:
            if FOLIO_ITEM_RE.match(items[0]) or FOLIO_ITEM_RE.match(items[1]):  # (its folio on its line)
                heads[(lines[i].page, name)] = [i]
        elif len(items) == 1:  # (its folio on a line of its own beside it, at the edge)
            beside = [j for j in (i - 1, i + 1) if j in keys and j not in found and edge[j] and FOLIO_ITEM_RE.match(keys[j])]
            if beside:
                heads[(lines[i].page, name)] = [i, beside[0]]
    if not heads:
        return
    copies: dict[tuple[int, str], list[int]] = {}
    for i in weak:
        if i not in found and not edge[i] and (lines[i].page, keys[i]) in heads:
            copies.setdefault((lines[i].page, keys[i]), []).append(i)
    for key, at in copies.items():
        if all(_at_column_break(lines, i, key[1]) for i in at) and not is_byline(lines[at[0]].text):
            for i in heads[key] + at:
                found[i] = grades[i][1]
                lines[i].why = [("F009", "a running head at its page's edge, its name read again inside the page")]


def _at_column_break(lines: list[Line], i: int, name: str) -> bool:
    """Line ``i`` (inside the text) stands where a column break prints a
    section name: after a paragraph's end or inside a paragraph; a Latin
    name inside one only (the word a wire story ends on, REUTER, stands
    after a paragraph's end)."""
    return (not name.isascii() and lines[i - 1].final) or _inside_paragraph(lines[i - 1], lines[i + 1])


def _running_key(items: list[str]) -> str:
    """A running head's items less its page number, blanks removed: what
    repeats from page to page ("" for a page number alone)."""
    return "".join([_blankless(it) for it in items if not FOLIO_ITEM_RE.match(it)])


def _blankless(text: str) -> str:
    """A line or item with its blanks removed: what furniture is compared
    by (W O R L D and WORLD, 要 闻 and 要闻 are one name)."""
    return "".join(text.split())


def _made_by(ln: Line, rule: str) -> bool:
    """The first decision recorded at ``ln`` is ``rule``'s."""
    why = ln.why
    return why is not None and len(why) > 0 and why[0][0] == rule


def editor_box_end(lines: list[Line], found: dict[int, list[str]]) -> int:
    """Where the editor box the text opens with ends (0: it opens with none).

    The box opens with an editor line alone on its line, only furniture
    above it, and runs while its lines are furniture or short with no
    sentence in them: the first line of running text ends it."""
    i = 0
    while i in found:
        items = found[i]
        i += 1
        if len(items) == 1 and EDITOR_LINE_RE.match(items[0]):
            break
    else:
        return 0  # content comes first
    while i < len(lines) and (i in found or _in_box(lines[i].text)):
        i += 1
    return i


def _in_box(text: str) -> bool:
    """Short and no sentence (a name, a mail address, a data source)."""
    return len(text) <= EDITOR_BOX_LINE_MAX and "，" not in text and "。" not in text


def credit_editor_box(blocks: list[Block]) -> list[Block]:
    """``blocks`` with the editor lines of an editor box typed ``credit``
    (kept in text), each with the names set under it.

    A running foot is printed below the page's content, often beside the
    page number: furniture.  An editor line ahead of all content, alone on
    its line or with names only, is the page's editor box instead (People's
    Daily sets 本版责编 in a box that extractors read first); the names in it
    are printed nowhere else, so it and the editor lines after it in the
    box are credits.  The box sets its names a line each, a two-character
    name spread over two (杨 / 旭): blocks of such short lines of Han right
    under an editor line are its names.  The first block of running text
    ends the box: an editor line below it is a running foot again."""
    for k, b in enumerate(blocks):
        if b.type is not BlockType.FURNITURE:
            return blocks  # content comes first
        if EDITOR_LINE_RE.match(b.text):
            break
    else:
        return blocks
    line = blocks[k].lines[0]
    if any(o.lines[0] is line and not (o is blocks[k] or BOX_NAME_RE.match(o.text)) for o in blocks):
        return blocks  # an editor item in a running head (date, page, section beside it)
    out: list[Block] = []
    credit = None
    boxed = True
    for b in blocks:
        if boxed and b.type is BlockType.FURNITURE and EDITOR_LINE_RE.match(b.text):
            b.type = BlockType.CREDIT
            b.why.append(("T015", "an editor line in the editor box ahead of all content"))
            credit = b
        elif credit is not None and (
            # a name printed beside it (an item of its line), or names set under it
            (b.lines[0] is credit.lines[0] and BOX_NAME_RE.match(b.text))
            or (b.type is not BlockType.FURNITURE and all(BOX_NAME_RE.match(ln.text) for ln in b.lines))
        ):
            credit.lines = credit.lines + b.lines
            credit.text += b.text
            continue
        elif b.type is not BlockType.FURNITURE:  # (a page number, a source line the extractor set among the names: they go on after it)
            credit = None
            if not _in_box(b.text):
                boxed = False  # running text: the box has ended
        out.append(b)
    return out


def _page_edge(lines: list[Line], i: int, one_page: bool) -> tuple[bool, bool]:
    """(line ``i`` is among its page's first or last PAGE_EDGE_LINES lines, it is in the
    bottom edge of the last page and not in its top one).

    Pages only grow down the text: line ``i`` is in its page's top edge when
    the line PAGE_EDGE_LINES above it is on another page (or there is none), and in its
    bottom edge when the line PAGE_EDGE_LINES below it is."""
    n = len(lines)
    if one_page:
        top, bottom = i < PAGE_EDGE_LINES, i >= n - PAGE_EDGE_LINES
        return top or bottom, bottom and not top
    p = lines[i].page
    top = i < PAGE_EDGE_LINES or lines[i - PAGE_EDGE_LINES].page != p
    bottom = i >= n - PAGE_EDGE_LINES or lines[i + PAGE_EDGE_LINES].page != p
    return top or bottom, bottom and not top and lines[-1].page == p


def _inside_paragraph(before: Line, after: Line) -> bool:
    """The lines around a short item belong to one paragraph: the one above
    does not end and is no heading, the one below goes on (Latin: in
    lowercase; CJK: at the width of the line above, unindented)."""
    if before.final or before.kind or after.kind or after.indent or after.blank_before < 0:
        return False
    first = after.text[0]
    if first.isascii():
        return first.islower()
    # (a digit right after a Latin letter is a subscript the extractor set
    # apart, M / 2 / ）, not a page number)
    return before.width >= 16 and before.width >= 0.8 * after.width and not before.text[-1].isascii()


def without_furniture(lines: list[Line], furniture: dict[int, list[str]]) -> list[Line]:
    """The content lines; the line after removed furniture forgets the blank
    lines around it (they framed the furniture, not a paragraph end).

    Visits the furniture lines only and copies the content between them in
    slices: a page has a few furniture lines among hundreds."""
    kept: list[Line] = []
    n = len(lines)
    start = 0
    for i in sorted(furniture):
        lines[i].kind = "furniture"
        if i + 1 < n and i + 1 not in furniture and not _opens_region(lines, i + 1, start):
            lines[i + 1].blank_before = -1
        kept.extend(lines[start:i])
        start = i + 1
    kept.extend(lines[start:])
    return kept


def _opens_region(lines: list[Line], i: int, start: int) -> bool:
    """Line ``i`` opens another region with a role in the file than the
    content line before the furniture (``start``: where that run of content
    began): the file states a block starts there."""
    ln = lines[i]
    if not ln.role:
        return False
    j = i - 1
    while j >= start and lines[j].kind == "furniture":
        j -= 1
    return j < 0 or not _same_region(lines[j], ln)


def _same_region(a: Line, b: Line) -> bool:
    return a.region >= 0 and a.region == b.region and a.page == b.page


def place_furniture(
    blocks: list[Block],
    furniture_lines: list[tuple[Line, list[str]]],
    cjk_page: bool = False,
    edits: list[Edit] | None = None,
    order: dict[int, int] | None = None,
) -> list[Block]:
    """Furniture blocks in reading order: where they stand, or after the
    paragraph they interrupted (a page break in mid-paragraph).  ``order``:
    each line's place in the stream (by ``id``), where it is not the line's
    number (a layout file's reading order)."""
    def at(ln: Line) -> int:
        return order.get(id(ln), ln.number) if order is not None else ln.number

    items: list[Block] = []
    regions: list[Block] = []  # (items of several lines: a running head's region in a layout file)
    for ln, texts in furniture_lines:
        if ln.role == "furniture" and items and _same_region(items[-1].lines[-1], ln):
            items[-1].lines.append(ln)  # the file's region is one item
            if len(items[-1].lines) == 2:
                regions.append(items[-1])
            continue
        for t in texts:
            items.append(Block(BlockType.FURNITURE, [ln], squeeze_whitespace(collapse_letter_spacing(t)), list(ln.why or ())))
    for it in regions:
        it.text = squeeze_whitespace(join_lines(it.lines, edits, cjk_page))
    # (in the order they stand: the halves of a running head that the
    # engine read as two columns' lines come back together)
    items.sort(key=lambda it: at(it.lines[0]))
    firsts = [at(it.lines[0]) for it in items]
    out: list[Block] = []
    k = 0
    m = len(items)
    for j, b in enumerate(blocks):
        if k == m:
            out.extend(blocks[j:])  # every item placed: the rest as they are
            break
        start = at(b.lines[0]) if b.lines else 0
        while k < m and firsts[k] < start:
            out.append(items[k])
            k += 1
        out.append(b)
        end = at(b.lines[-1]) if b.lines else 0
        while k < m and firsts[k] < end:
            items[k].why.append(("R004", f"stood inside the block of lines {start}-{end}; placed after it"))
            out.append(items[k])  # inside this block: after it
            k += 1
    out.extend(items[k:])
    return out
