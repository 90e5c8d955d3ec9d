"""Every tuning number of the engine, once, with why it has its value.

Widths are display cells (a CJK character is 2, ASCII 1).  Costs are
negative log-odds of the segmentation pass (paragraphs.py), tuned on the
dev cases (``../shared/eval/cases-dev``) and checked on held-out pages.
A stage imports what it needs from here; no stage writes a number of its own.
"""

from __future__ import annotations

from typing import Final

# ------------------------------------------------------------ line geometry
INDENT_CELLS: Final = 4  # a paragraph's first line holds two CJK characters less (its lost indent)
WIDE_MARGIN: Final = 3  # cells past the column beyond which a line belongs to another box
NARROW: Final = 4  # cells short of the column (even with every mark full width): no continuation line is
FULL_SLACK: Final = 2  # cells short of the column a full line may be (OCR and half-width marks wobble)
DATELINE_GAP: Final = 4  # cells a dateline's bold face and the space after it take more than its text

# ------------------------------------------------------- segmentation costs
BREAK_PRIOR: Final = 0.5  # any paragraph break
BREAK_WITHOUT_END: Final = 3.0  # a body paragraph ends in sentence-final punctuation
BREAK_AFTER_FULL: Final = 1.5  # a paragraph may end exactly at the margin, rarely
CONTINUE_WITH_ROOM: Final = 8.0  # the next unit would have fitted: the writer broke the line
CONTINUE_WITH_LITTLE_ROOM: Final = 3.0  # ... by one cell or two: real columns wobble that much
CONTINUE_AT_LOCAL_MEASURE: Final = 1.0  # ... but as wide as a neighbour: the column is locally narrower
CONTINUE_IN_NARROW_BOX: Final = 2.0  # ... much room, but this line as wide as the one above, both unfinished: a caption's box
SLACK_TOLERANCE: Final = 2  # cells of room that still count as "little room"
OVERFULL_FIRST: Final = 4.0  # too long for a first line (the indent eats two characters)
BLANK_LINE: Final = 2.0  # a blank line in a single-spaced source: for a break, against going on
SENTENCE_THEN_PARAGRAPH: Final = 2.5  # unindented wire copy: going on after a sentence end
SIZE_CHANGE: Final = 0.15  # a line whose font size differs this much from the line above starts a new box
FLUSH_START: Final = 3.0  # a paragraph starting on a flush line, on a layout page whose boxes show its paragraphs set in
FORCED: Final = 1e9  # a break (or a continuation) the source states outright

# --------------------------------------------- blank lines that part blocks
BLOCK_TEXT_SHARE: Final = 0.5  # this share of the lines at least stands in blank-framed blocks of two lines or more
UNWRAPPED_MEASURES: Final = 4  # a line this many column measures wide is a paragraph set on one line (unwrapped text)
UNWRAPPED_SHARE: Final = 0.05  # ... and this share of the lines (two at least) so wide makes the text unwrapped
UNSHARED_WIDTHS: Final = 3  # this many lines of widths all different share no column measure (a block a line: our own output)
# Text set a block a line (every line under exactly one blank line, none
# indented: ocrmend's own text output, or a double-spaced column that lost
# its indents) is wrapped only on firmer evidence: its measure shared by
# this many lines at least (two short lines of a width say nothing) ...
BLOCK_A_LINE_SHARED: Final = 3
# ... four where those lines are CJK: a justified CJK column's lines are its
# measure exactly, and three short CJK blocks of a width are chance as
# often (the text output of a tiny page must read back as it was written)
BLOCK_A_LINE_SHARED_CJK: Final = 4
BLOCK_A_LINE_MEASURES: Final = 3  # ... and fewer than two lines this many measures wide (a deck runs to three at most)
# A layout file's blank lines (gaps, an engine's regions) are kept as the
# page's blocks only where its paragraphs are indented -- indented lines at
# least this share of its blocks (a centred headline or two is no sign):
# there an indent shows each paragraph and a short line is none; where
# nothing is indented, widths and sentence ends are the only evidence.
KEPT_INDENT_SHARE: Final = 0.5
LOWERCASE_OPENINGS: Final = 0.3  # at most this share of the blocks opens in lowercase (OCR's stray blank lines fall mid-sentence)  # a break (or a continuation) the source states outright

# ------------------------------------------------------ column artifacts
COLUMN_MIN_ROWS: Final = 4  # rows that must agree on a side-by-side column offset
COLUMN_MIN_SHARE: Final = 0.3  # ... and this share of the padded rows
COLUMN_MIN_WIDTH: Final = 8  # no column is narrower than this (cells or characters)
CREDIT_LINE_MAX_CHARS: Final = 60  # a photo credit on a line of its own is no longer than this
CREDIT_TAIL_CHARS: Final = 24  # a photo credit at a line's end (周立新 摄 （新华社发）) fits in this many characters
INDENTED_STARTS: Final = 0.9  # share of the lines after a paragraph's short last line that are indented, on a page that indents its paragraphs
INDENT_EVIDENCE: Final = 3  # ... counted on this many such lines at least
# An OCR engine reads full-width digits (１９９８) as ASCII: a line holding them
# counts a cell short a digit.  Asked of lines with this many digits at least
# (one digit's cell is lost in the measure's slack), on this many lines (a
# born-digital page's few lines before a break it does not state fall short
# by chance: 3 such lines passed on 6 of 99 People's Daily pages, 5 on none).
NARROW_DIGITS_MIN: Final = 2
NARROW_DIGITS_EVIDENCE: Final = 5
PITCH_SLACK: Final = 0.25  # a layout line this near one line pitch under the line above (the step above it) is its column's next line
ITEM_REACH: Final = 6  # lines a numbered item may run to before the next item's number (a list's items are short)
INTERRUPTION_MAX_LINES: Final = 6  # the longest caption or pull quote looked for inside a paragraph
DISPLACED_MAX_GROUPS: Final = 6  # blank-framed groups that may stand between a paragraph's halves
DISPLACED_MAX_LINES: Final = 12  # lines in all that may stand between the halves
QUOTE_MIN_CELLS: Final = 20  # a pull quote repeats at least this much (ten CJK characters): shorter sentences recur by chance
QUOTE_REACH: Final = 60  # lines either side searched for the sentence a pull quote repeats (its paragraph, its neighbours)

# ------------------------------------------------------------ furniture
PAGE_EDGE_LINES: Final = 3  # lines from a page's top or bottom that count as its edge
EDITOR_BOX_LINE_MAX: Final = 30  # characters an editor box's lines hold at most (names, a mail address)
WEAK_ITEM_MAX_CHARS: Final = 11  # the longest non-ASCII weak item: six letters and five blanks

# ------------------------------------------------------- headings and types
HEADING_SIZE_RATIO: Final = 1.25  # a block set this much larger than the body text is display type (sources with font sizes)
HEADING_MAX_CHARS: Final = 32  # a CJK heading (headline, deck line, subhead) is at most this long
VERSE_MAX_CHARS: Final = 16  # a verse line is at most this long
HEAD_MAX_CHARS: Final = 48  # a heading line is at most this long (a wide headline in a large font)
HEAD_MIN_WRAPPED: Final = 16  # a heading line the type's measure wrapped is at least this long
CENTRED_SLACK: Final = 2  # cells a centred line's two margins may differ by (its lead rounds down, the measured column wobbles a cell)
HEAD_STACK_MAX_LINES: Final = 6  # lines of an article's head over its byline: a headline of two lines and a deck of four at most
NAME_MAX_CHARS: Final = 4  # a tail this short may be the author's name (许晴, 任仲平, 欧阳晓明): a byline

# ------------------------------------------------------------ hyphenation
# A joined word this rare (pyspellchecker's count), and rarer than either part, is no word of
# its own when both parts are words: a compound broken at its hyphen (re-evaluated,
# anti-aircraft; but airlines, cooperation are words).
RARE_WORD: Final = 1000
