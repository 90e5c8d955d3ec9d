"""The PDF text-layer reader: bytes -> pages of lines, through pypdfium2.

Chinese collections ship PDFs: scans with an invisible OCR text layer
(Tesseract, OCRmyPDF, ABBYY) and born-digital pages.  Either way a PDF holds
no lines or paragraphs, only characters, each with its box, font and size,
in the order the producer wrote them.  This reader rebuilds what the other
layout readers get from their files: words (split at the spaces the PDF
has or pdfium generates, and at wide gaps), lines (a new one at a line
break pdfium finds, when the baseline jumps, when the text goes back
along the line or leaps far ahead), one ``Page`` per PDF page in points
with y growing down, and hands them to ``geometry.place_lines`` like any
other reader: it derives indents, blank lines and columns, and
``geometry.join_words`` joins CJK characters (which OCR layers give one
word at a time) without spaces.

What is content: every character the text layer holds, except the spaces
and line ends pdfium generates (or the producer wrote) between words and
lines, which only part words; ligature glyphs (ﬁ ﬂ) become their letters.
An OCR layer (Tesseract's GlyphLessFont, invisible text) states sizes that
are the engine's estimates from the image, smoothed like line heights; a
born-digital page's font sizes are its own, and start boxes as stated.

pypdfium2 (Apache-2.0 / BSD-3, PDFium) reads the file: not PyMuPDF, whose
AGPL would bind our users.  PDFium does no network access.  Pages are read
one at a time (loaded, read, closed), so a 500-page file holds one page's
text at a time.  A file PDFium cannot open (damaged, truncated), one that
needs a password, and one without any text layer are a ``ReaderError``
(one line for the command line).
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from itertools import pairwise
from typing import Final

from ..model import Box, Line, Page, Region, Word
from .geometry import join_words, place_lines, union
from .xmlsafe import ReaderError

# A character is on the current line when its box overlaps the line's
# vertically by this share of the smaller height; less is the next line
# (or a superscript set well above, which then starts a line of its own).
SAME_LINE_OVERLAP: Final = 0.5
# A character this many ems right of the one before starts a piece of its
# own (the next column on the same baseline): justified and letter-spaced
# display text spreads to an em or two, never three.
LEAP_EMS: Final = 3.0
# A gap of this many ems between two characters parts words even without
# a space character: PDFs position words without writing the space, and
# ``join_words`` decides from the gap whether CJK words get one.
WORD_GAP_EMS: Final = 0.25
# A font size PDFium reports is trusted while it is within this factor of
# the character's loose box height (a font set at size 1 and scaled by the
# text matrix reports 1): otherwise the box height is the size.
SIZE_SANITY: Final = 2.5
# Font sizes of lines in one block: a born-digital page states them, so
# a step of a tenth is another size (12 -> 14 pt: a credit under the body);
# an OCR engine estimates them from the image, within a third (as
# ``geometry.SIZE_NOISE`` smooths heights).
SIZE_STEP: Final = 0.1
SIZE_NOISE_OCR: Final = 0.3
# White above a line that opens a new block: more than one and a half
# times the page's usual white between lines (the leading; a typesetter
# adds half a line or more above a paragraph, a credit, a caption), and
# more than half an em (OCR boxes jitter by a point or two).
BLOCK_WHITE: Final = 1.5
BLOCK_WHITE_EMS: Final = 0.5
# Lines read before a line looked at for the one right above it: an OCR
# engine reads the rest of a line it cut in pieces a few lines later.
ABOVE_WINDOW: Final = 4
# Bold: a weight from this on (CSS: 600 is semibold), or a name that says it.
BOLD_WEIGHT: Final = 600
BOLD_NAME_RE: Final = re.compile(r"bold|black|heavy|semibold|demi|黑体|粗", re.IGNORECASE)
ITALIC_NAME_RE: Final = re.compile(r"italic|oblique|kursiv", re.IGNORECASE)
# PDF font descriptor flags: bit 7 italic, bit 19 force bold.
ITALIC_FLAG: Final = 1 << 6
FORCE_BOLD_FLAG: Final = 1 << 18
# A line takes a style when this share of its characters has it.
STYLE_SHARE: Final = 0.5
# The font OCR engines write their invisible layer in (Tesseract's
# GlyphLessFont, which OCRmyPDF keeps): its sizes are estimates from the image.
OCR_FONT_RE: Final = re.compile(r"GlyphLess", re.IGNORECASE)
# Text render mode 3 draws nothing: the invisible text of a scan's OCR layer.
INVISIBLE: Final = 3
# Characters sampled per page for the font facts (name, render mode) that
# tell an OCR layer: they are the same for every word of one.
FONT_SAMPLES: Final = 8
# PDFium's mark for a hyphen it found at a line end; a soft hyphen in a
# PDF is a drawn glyph (a PDF holds only what it shows), so a hyphen too.
HYPHEN_MARKS: Final = {0x02: "-", 0xAD: "-"}
# Latin ligature glyphs (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ): their letters are the text (NFKC).
LIGATURES_RE: Final = re.compile("[\ufb00-\ufb06]")
FONT_NAME_BYTES: Final = 128
# Where the header must be (readers accept junk before it, up to a KB).
HEADER_BYTES: Final = 1024
# Where the end-of-file marker must be: a PDF cut short loses it, and a
# truncated file would lose its last pages' text without a word.
EOF_TAIL_BYTES: Final = 2048
OCR_HINT: Final = "OCR it first, e.g. with OCRmyPDF (ocrmypdf -l chi_sim+eng in.pdf out.pdf)"

__all__ = ["ReaderError", "read_pdf"]


def read_pdf(data: bytes) -> list[Page]:
    """The pages of a PDF's text layer, one per PDF page (unit "pt", y down),
    their lines in the order the file gives them.  Raises ``ReaderError``
    (one line) for a file PDFium cannot open, a password, no text layer."""
    try:
        import pypdfium2 as pdfium
        from pypdfium2 import raw
    except ImportError:  # pragma: no cover - a dependency
        raise ReaderError("reading PDF needs pypdfium2: pip install pypdfium2") from None
    if b"%PDF-" not in data[:HEADER_BYTES]:
        raise ReaderError("not a PDF: no %PDF- header at its start")
    if b"%%EOF" not in data[-EOF_TAIL_BYTES:]:
        raise ReaderError("damaged PDF: it is cut short (no %%EOF at its end); fetch or copy it again")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise ReaderError(_open_problem(e)) from None
    try:
        pages: list[Page] = []
        number = 0
        ocr_layer = False
        for k in range(len(doc)):
            try:
                pdf_page = doc[k]
            except pdfium.PdfiumError as e:
                raise ReaderError(f"damaged PDF: page {k + 1} cannot be read ({_one_line(str(e))})") from None
            try:
                page, number, ocr = _read_page(pdf_page, raw, k, number)
            finally:
                pdf_page.close()
            ocr_layer = ocr_layer or ocr
            pages.append(page)
    finally:
        doc.close()
    if not any(page.lines for page in pages):
        raise ReaderError(f"no text layer: the PDF's {len(pages)} page(s) hold no text (a scan without OCR?); {OCR_HINT}")
    place_lines(pages, sizes_stated=not ocr_layer)
    return pages


def _open_problem(e: Exception) -> str:
    code = getattr(e, "err_code", None)  # (an older pypdfium2, e.g. 4.25, only says it in words)
    if code == 4 or code is None and "password" in str(e).lower():  # FPDF_ERR_PASSWORD
        return "encrypted PDF: it needs a password; decrypt it first (qpdf --decrypt --password=PW in.pdf out.pdf)"
    if code == 5 or code is None and "security" in str(e).lower():  # FPDF_ERR_SECURITY
        return "encrypted PDF: its security handler is not supported; decrypt it first (qpdf --decrypt)"
    return f"damaged PDF: it cannot be opened ({_one_line(str(e))})"


def _one_line(message: str) -> str:
    return " ".join(message.split())[:200]


class _Chars:
    """The characters of one PDF page as PDFium reads them, with the
    ctypes buffers the raw calls write into (made once a page)."""

    def __init__(self, raw, textpage, page_box: tuple[float, float, float, float], rotation: int) -> None:
        self.raw = raw
        self.tp = textpage
        self.rect = raw.FS_RECTF()
        self.rect_p = ctypes.byref(self.rect)
        self.flags = ctypes.c_int()
        self.name = ctypes.create_string_buffer(FONT_NAME_BYTES)
        self.left, self.bottom, self.right, self.top = page_box
        self.rotation = rotation % 360

    def box(self, i: int) -> Box:
        """The character's loose box (the font's ascent to descent, so the
        boxes of a line share top and bottom) in points, y down, turned
        as the page is shown."""
        self.raw.FPDFText_GetLooseCharBox(self.tp, i, self.rect_p)
        r = self.rect
        x0, x1 = min(r.left, r.right), max(r.left, r.right)
        y0, y1 = min(r.bottom, r.top), max(r.bottom, r.top)
        rot = self.rotation
        if rot == 0:
            return Box(x0 - self.left, self.top - y1, x1 - self.left, self.top - y0)
        if rot == 90:
            return Box(y0 - self.bottom, x0 - self.left, y1 - self.bottom, x1 - self.left)
        if rot == 180:
            return Box(self.right - x1, y0 - self.bottom, self.right - x0, y1 - self.bottom)
        return Box(self.top - y1, self.right - x1, self.top - y0, self.right - x0)

    def font(self, i: int) -> tuple[str, int]:
        """The character's font name and descriptor flags."""
        self.raw.FPDFText_GetFontInfo(self.tp, i, self.name, FONT_NAME_BYTES, ctypes.byref(self.flags))
        return self.name.value.decode("latin-1"), self.flags.value

    def style(self, i: int) -> str:
        name, flags = self.font(i)
        styles = []
        if self.raw.FPDFText_GetFontWeight(self.tp, i) >= BOLD_WEIGHT or flags & FORCE_BOLD_FLAG or BOLD_NAME_RE.search(name):
            styles.append("bold")
        if flags & ITALIC_FLAG or ITALIC_NAME_RE.search(name):
            styles.append("italic")
        return " ".join(styles)


def _read_page(pdf_page, raw, k: int, number: int) -> tuple[Page, int, bool]:
    """One PDF page as a Page of lines (``number``: the last line number so
    far, carried over pages); also whether its text is an OCR layer."""
    left, bottom, right, top = pdf_page.get_mediabox()
    rotation = pdf_page.get_rotation()
    width, height = right - left, top - bottom
    page = Page(k + 1, unit="pt", box=Box(0, 0, height, width) if rotation % 180 else Box(0, 0, width, height))
    textpage = pdf_page.get_textpage()
    try:
        chars = _Chars(raw, textpage.raw, (left, bottom, right, top), rotation)
        lines, ocr = _lines(chars, raw.FPDFText_CountChars(textpage.raw))
    finally:
        textpage.close()
    for words in lines:
        number += 1
        page.lines.append(_line(words, number, k))
    _find_blocks(page, ocr)
    return page, number, ocr


def _find_blocks(page: Page, ocr: bool) -> None:
    """Regions for the page's lines, as a layout file would state them: a
    PDF names no blocks, but a run of lines going down the page in one
    size, each under the one before with no more white between them than
    the page's leading, is one.  A new block where the size changes, where
    the white above a line is clearly more than the leading (the space a
    typesetter puts above a paragraph, a credit, a caption), or where a line
    stands below the one before and beside it.  A line that goes back up
    the page (the next column) stays in its block: whether the paragraph
    runs on there is the engine's call."""
    lines = [ln for ln in page.lines if ln.box is not None]
    if not lines:
        return
    whites = sorted(
        ln.box.y0 - above.box.y1  # type: ignore[union-attr]
        for above, ln in pairwise(lines)
        if ln.box.y0 >= above.box.y1 and _sizes_match(above.size, ln.size, ocr)  # type: ignore[union-attr]
    )
    leading = whites[len(whites) // 2] if whites else 0.0
    start = 0
    for k, ln in enumerate(lines):
        if not k:
            continue
        b, before = ln.box, lines[k - 1].box
        assert b is not None and before is not None
        em = max(ln.size, lines[k - 1].size, 1.0)
        over = _line_above(lines, k)
        white = b.y0 - over.y1 if over is not None else 0.0
        if (
            not _sizes_match(lines[k - 1].size, ln.size, ocr)
            or white > max(BLOCK_WHITE * leading, BLOCK_WHITE_EMS * em)
            or b.y0 >= before.y1 and (b.x0 >= before.x1 or b.x1 <= before.x0)
        ):
            _add_region(page, lines[start:k])
            start = k
    _add_region(page, lines[start:])


def _line_above(lines: list[Line], k: int) -> Box | None:
    """The box of the line right above line ``k``: of the few lines read
    before it, the lowest that stands above it and shares some width with
    it (not the piece of a line an OCR engine read just before it)."""
    b = lines[k].box
    assert b is not None
    best: Box | None = None
    for other in lines[max(0, k - ABOVE_WINDOW) : k]:
        o = other.box
        if o is not None and o.y1 <= b.y0 + 0.5 * b.height and o.x0 < b.x1 and o.x1 > b.x0 and (best is None or o.y1 > best.y1):
            best = o
    return best


def _sizes_match(a: float, b: float, ocr: bool) -> bool:
    tolerance = SIZE_NOISE_OCR if ocr else SIZE_STEP
    return abs(a - b) <= tolerance * max(min(a, b), 0.1)


def _add_region(page: Page, lines: list[Line]) -> None:
    index = len(page.regions)
    page.regions.append(Region(f"p{page.number}b{index + 1}", "", union([ln.box for ln in lines if ln.box is not None])))
    for ln in lines:
        ln.region = index


class _Glyph:
    """One character read: its text (a ligature's letters), box, size, style."""

    __slots__ = ("box", "size", "space", "style", "text")

    def __init__(self, text: str, box: Box, size: float, style: str) -> None:
        self.text, self.box, self.size, self.style = text, box, size, style
        self.space = False  # a printed space follows it in its word


def _lines(chars: _Chars, count: int) -> tuple[list[list[list[_Glyph]]], bool]:
    """The page's characters as lines of words of glyphs, in the file's order.

    A space the producer of a born-digital page wrote between two CJK
    characters is its own (本报记者 王崟欣) and stays inside the word; in an
    OCR layer spaces part the engine's words, and a space PDFium generated
    for a gap parts words too: ``join_words`` then decides from the gap.
    Tesseract spreads each word over its characters and the space after
    it, so the word's box (the engine's) takes in that space's box; the
    gap to the next word is then the gap on the scan."""
    raw, tp = chars.raw, chars.tp
    keep_spaces = not _is_ocr_layer(chars, count)
    get_unicode, get_size = raw.FPDFText_GetUnicode, raw.FPDFText_GetFontSize
    lines: list[list[list[_Glyph]]] = []
    line: list[list[_Glyph]] = []
    word: list[_Glyph] = []
    prev: _Glyph | None = None
    band = (0.0, 0.0)  # the current line's top and bottom
    line_left = 0.0  # where the current line began
    style_of: dict[tuple[str, int, int], str] = {}
    i = 0
    while i < count:
        n = i  # (the character's index: a surrogate pair takes two)
        u = get_unicode(tp, i)
        i += 1
        if u in HYPHEN_MARKS:
            text = HYPHEN_MARKS[u]
        elif u < 0x20 or u == 0x7F or 0x80 <= u < 0xA0:  # line ends, tabs, controls: no content
            if u in (0x0A, 0x0D) and word:
                line.append(word)
                word = []
            if u in (0x0A, 0x0D) and line:
                lines.append(line)
                line, prev = [], None
            elif u == 0x09 and word:
                line.append(word)
                word = []
            continue
        elif 0xD800 <= u < 0xDC00 and i < count and 0xDC00 <= get_unicode(tp, i) < 0xE000:
            text = chr(0x10000 + ((u - 0xD800) << 10) + (get_unicode(tp, i) - 0xDC00))
            i += 1
        elif 0xD800 <= u < 0xE000 or u in (0xFFFE, 0xFFFF):
            continue
        else:
            text = chr(u)
        if text.isspace() or text == "\u200b":
            if word:
                printed = text != "\u200b" and not raw.FPDFText_IsGenerated(tp, n)
                if keep_spaces and printed:
                    word[-1].space = True  # (a printed space: see _lines's doc)
                else:
                    if printed:  # (an OCR layer's word ends with its space: see _lines's doc)
                        word.append(_Glyph("", chars.box(n), word[-1].size, ""))
                    line.append(word)
                    word = []
            continue
        if LIGATURES_RE.match(text):
            text = unicodedata.normalize("NFKC", text)
        box = chars.box(n)
        size = get_size(tp, n)
        h = box.height
        if h > 0 and not (h / SIZE_SANITY <= size <= h * SIZE_SANITY):
            size = h
        name, flags = chars.font(n)
        key = (name, flags, raw.FPDFText_GetFontWeight(tp, n))
        style = style_of.get(key)
        if style is None:
            style = style_of[key] = chars.style(n)
        g = _Glyph(text, box, size, style)
        if prev is not None:
            em = max(prev.size, size, 1.0)
            overlap = min(band[1], box.y1) - max(band[0], box.y0)
            step = box.x0 - prev.box.x1
            back = step < -em and box.x0 < line_left + em  # (a carriage return to where the line began, or before)
            if overlap < SAME_LINE_OVERLAP * min(box.height, band[1] - band[0]) or back or step > LEAP_EMS * em:
                if word:
                    line.append(word)
                    word = []
                lines.append(line)
                line = []
                prev = None
            elif step > WORD_GAP_EMS * em and word and not word[-1].space:
                line.append(word)
                word = []
        if prev is None and not line and not word:
            band = (box.y0, box.y1)
            line_left = box.x0
        else:
            band = (min(band[0], box.y0), max(band[1], box.y1))
        word.append(g)
        prev = g
    if word:
        line.append(word)
    if line:
        lines.append(line)
    return lines, not keep_spaces


def _is_ocr_layer(chars: _Chars, count: int) -> bool:
    """The page's text is an OCR engine's invisible layer: most of its first
    characters are in an OCR font or drawn invisible."""
    raw, tp = chars.raw, chars.tp
    text_object = getattr(raw, "FPDFText_GetTextObject", None)  # (not in older PDFium builds: the font name tells then)
    votes = samples = 0
    for i in range(count):
        if samples >= FONT_SAMPLES:
            break
        if raw.FPDFText_IsGenerated(tp, i) or chr(raw.FPDFText_GetUnicode(tp, i)).isspace():
            continue
        samples += 1
        obj = text_object(tp, i) if text_object is not None else None
        if OCR_FONT_RE.search(chars.font(i)[0]) or obj and raw.FPDFTextObj_GetTextRenderMode(obj) == INVISIBLE:
            votes += 1
    return votes * 2 > samples


def _line(words: list[list[_Glyph]], number: int, k: int) -> Line:
    ws = [Word("".join(g.text + " " if g.space else g.text for g in w), union([g.box for g in w]), size=_size(w), style=_style(w)) for w in words]
    glyphs = [g for w in words for g in w]
    return Line(join_words(ws), number, page=k, box=union([w.box for w in ws if w.box is not None]), size=_size(glyphs), style=_style(glyphs), words=ws)


def _size(glyphs: list[_Glyph]) -> float:
    """The size most of the characters have (a line's body size, not its
    one big initial or small footnote mark)."""
    counts: dict[float, int] = {}
    for g in glyphs:
        s = round(g.size, 1)
        counts[s] = counts.get(s, 0) + len(g.text)
    return max(counts, key=lambda s: (counts[s], s)) if counts else 0.0


def _style(glyphs: list[_Glyph]) -> str:
    """The styles most of the characters share."""
    counts: dict[str, int] = {}
    for g in glyphs:
        for s in g.style.split():
            counts[s] = counts.get(s, 0) + len(g.text)
    total = sum(len(g.text) for g in glyphs)
    return " ".join(s for s in ("bold", "italic") if counts.get(s, 0) > STYLE_SHARE * total)
