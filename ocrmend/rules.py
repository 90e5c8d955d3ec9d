"""Every rule ocrmend applies, by code: the one list ``ocrmend rules`` prints
and ``--explain`` refers to.

Character rules change text inside a block (S spacing, P punctuation, H
hyphenation, C conversion, D decoding) and are recorded as edits.  Structural rules
decide where a block starts (B breaks, R reading order, F furniture) and
what it is (T types); with ``--explain`` every block carries the codes that
placed and typed it, with the evidence they weighed (``Block.why``).
A rule is implemented once, in the module named here; this table only
names it.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    code: str
    module: str  # where the rule is implemented (ocrmend/<module>.py)
    summary: str  # one line: what the rule does


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        # -- breaks: why a block starts where it starts
        Rule("B001", "paragraphs", "the first line of the text starts a block"),
        Rule("B002", "paragraphs", "a blank line above states a break (in a double-spaced source: two or more)"),
        Rule("B003", "paragraphs", "an indented line starts a paragraph"),
        Rule("B004", "paragraphs", "a double-spaced source with no blank line above: a new text box"),
        Rule("B005", "paragraphs", "display text (letter-spaced, a byline, an all-caps head, a bare name under a heading, a heading centred in its column, a heading its paragraph opens with again, a photo credit on a line of its own) is a box of its own; over a byline, an article's head splits where a head line has room left over a full one; a full line over a centred tail opens a wrapped headline"),
        Rule("B006", "paragraphs", "a line wider than the column (deck, caption, spread furniture) is a box of its own"),
        Rule("B007", "paragraphs", "inside a wide box: the line above had room for this line's first unit"),
        Rule("B008", "paragraphs", "the font size changes from the line above (sources that know sizes): a new box"),
        Rule("B010", "paragraphs", "segmentation: the line above ends its paragraph (final mark, room left, first-line shortfall)"),
        Rule("B011", "heads", "a heading wrapped over two lines is joined into one block"),
        Rule("B013", "classify", "a photo credit printed at the end of a caption's last line starts a block of its own"),
        Rule("B015", "paragraphs", "a line that ends on a photo credit (a caption's last line) ends its box"),
        Rule("B016", "paragraphs", "CJK: lines opening with numbers that count up (１ ２ ３, （１）（２）（３）), three at least, each open an item"),
        Rule("B014", "paragraphs", "a file ocrmend wrote: each region it typed is one block, a region marked as going on continues it"),
        Rule("B012", "reading_order", "a lone line glued to the block above (a byline's names, a dateline, a wrapped Latin head)"),
        # -- reading order
        Rule("R001", "layout", "columns read side by side (pdftotext -layout) are read column by column"),
        Rule("R002", "interruptions", "a caption or pull quote dropped inside a paragraph is placed after it"),
        Rule("R003", "reading_order", "text read into the middle of a paragraph (a displaced box) is placed after it"),
        Rule("R004", "furniture", "furniture that interrupted a paragraph is placed after it"),
        Rule("R005", "readers/geometry", "pieces of one line in display type an OCR engine read apart are put together (layout input)"),
        Rule("R006", "readers/geometry", "a line of an article's head (deck, byline) read after the columns under it is put back before them (layout input)"),
        Rule("R007", "interruptions", "a photo's caption and credit between two blocks of their article's text go after the article's text (layout input)"),
        # -- furniture
        Rule("F001", "furniture", "furniture by its form: a date line, page label, editor line"),
        Rule("F002", "furniture", "an article's source line (《人民日报》（… 第 N 版）)"),
        Rule("F003", "furniture", "a short line at a page edge next to furniture (running head, folio, section)"),
        Rule("F004", "furniture", "a page number or spaced section name between two lines of an unfinished paragraph"),
        Rule("F005", "furniture", "a line that repeats at the edges of several pages (less its page number)"),
        Rule("F006", "furniture", "the rest of a running head's row, or a section name a running head prints"),
        Rule("F007", "classify", "a letter-spaced word above the first headline: the page's section name"),
        Rule("F008", "furniture", "a short region the file calls a running head, foot or folio (PAGE header, footer, page-number)"),
        Rule("F009", "furniture", "a running head at a page's edge beside its folio, its name read again inside the page"),
        # -- types
        Rule("T001", "classify", "furniture by its form (a date, a folio, an editor line)"),
        Rule("T002", "classify", "a photo credit by its form (王琪 摄, Photo by …)"),
        Rule("T003", "classify", "a byline by its form (□ 赵磊, 本报记者 …, By …)"),
        Rule("T004", "classify", "an author's or editor's note by its form (（作者系…）, Editor's note:)"),
        Rule("T005", "classify", "a caption or pull quote lifted out of a paragraph"),
        Rule("T006", "classify", "a heading's shape (short, at most three lines, no final mark) inside an article: subhead"),
        Rule("T007", "classify", "a heading's shape at an article's start (before a byline or a wide block, after an article's end): headline"),
        Rule("T008", "classify", "under a headline, a heading's shape or a wide block: deck"),
        Rule("T009", "classify", "set apart by its measure (wider than the column, or narrower above a credit): caption"),
        Rule("T010", "classify", "running text: body"),
        Rule("T011", "classify", "what stands right above a byline is the article's head: headline (and deck)"),
        Rule("T012", "classify", "a bare name right under a headline or deck: byline"),
        Rule("T013", "classify", "a run of short one-line blocks is verse: a body block per line"),
        Rule("T014", "classify", "a block that ends in a photo credit (split off, B013): caption"),
        Rule("T015", "furniture", "the editor lines of an editor box ahead of all content: credit"),
        Rule("T016", "roles", "the file's role for the region outweighs a guess from the text (heading: headline or subhead by size; paragraph, table: body)"),
        # -- characters (recorded as edits)
        Rule("S001", "join", "letter-spacing collapsed (加 强 卫 生 -> 加强卫生)"),
        Rule("S002", "mend", "OCR spaces between CJK characters removed (on a page an OCR engine spaced)"),
        Rule("S003", "mend", "space next to full-width punctuation removed"),
        Rule("S004", "mend", "space between digits and CJK removed (21 世纪 -> 21世纪)"),
        Rule("S005", "join", "a byline's box read by OCR as 口 put back (口 赵磊 -> □ 赵磊)"),
        Rule("P001", "mend", "half-width punctuation in CJK text made full width"),
        Rule("P002", "mend", "vertical punctuation forms made horizontal"),
        Rule("H001", "join", "a line-end hyphen removed where the joined word is a word (inter-/national)"),
        Rule("C001", "convert", "Traditional/Simplified conversion (OpenCC)"),
        Rule("D001", "decode", "a byte not valid in the input's encoding shown as U+FFFD (a damaged or cut file)"),
    ]
}
