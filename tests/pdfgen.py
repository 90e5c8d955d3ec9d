"""Small PDFs written by hand for the PDF reader's tests (our own text, no
font embedded): Latin in the standard Helvetica fonts, CJK in a simple font
whose one-byte codes a ToUnicode map turns into the characters, so any PDF
reader extracts them without a CJK font or CMap installed.

``pdf([page, ...])`` where a page is a list of ``Run(text, x, y, size)``
(points, y from the top of an A4-like page); ``bold``, ``invisible`` (text
render mode 3, as an OCR layer), ``font`` ("cjk" for the Type0 font, and
its BaseFont name, e.g. Tesseract's "GlyphLessFont").
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_W, PAGE_H = 420, 600
# CJK characters get one-byte codes from here on in a simple font, each
# mapped to its character by the ToUnicode map.
FIRST_CODE = 0x21


@dataclass
class Run:
    text: str
    x: float
    y: float  # from the top of the page
    size: float = 10.0
    bold: bool = False
    invisible: bool = False
    cjk: bool = False  # in the ToUnicode font (any character: CJK, a ligature glyph ...)


def _latin(text: str) -> bytes:
    return b"(" + text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(runs: list[Run], codes: dict[str, int]) -> bytes:
    out = []
    for r in runs:
        font = "F3" if r.cjk else ("F2" if r.bold else "F1")
        shown = b"<" + bytes(codes[c] for c in r.text).hex().upper().encode() + b">" if r.cjk else _latin(r.text)
        mode = b" 3 Tr" if r.invisible else b""
        out.append(b"BT /%s %g Tf%s %g %g Td %s Tj ET" % (font.encode(), r.size, mode, r.x, PAGE_H - r.y - r.size * 0.8, shown))
    return b"\n".join(out)


def _to_unicode(codes: dict[str, int]) -> bytes:
    entries = sorted(codes.items(), key=lambda kv: kv[1])
    body = b"".join(b"<%02X> <%04X>\n" % (code, ord(c)) for c, code in entries)
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /OcrmendTest def "
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        + b"%d beginbfchar\n" % len(entries)
        + body
        + b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )


def pdf(pages: list[list[Run]], cjk_font: str = "OcrmendSong", encrypt: bool = False, rotate: int = 0) -> bytes:
    """A PDF of these pages (a page may be empty: no text layer)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_obj = add(b"")
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    cjk_chars = sorted({c for page in pages for r in page if r.cjk for c in r.text}) or ["\u4e00"]
    codes = {c: FIRST_CODE + k for k, c in enumerate(cjk_chars)}  # (at most 200 distinct characters a document)
    tu_data = _to_unicode(codes)
    tu = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(tu_data) + 1, tu_data))
    desc = add(
        b"<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
        % cjk_font.encode()
    )
    f3 = add(
        b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar %d /LastChar %d /Widths [%s] /FontDescriptor %d 0 R /ToUnicode %d 0 R >>"
        % (cjk_font.encode(), FIRST_CODE, FIRST_CODE + len(codes) - 1, b" ".join(b"1000" for _ in codes), desc, tu)
    )
    kids = []
    for runs in pages:
        data = _content(runs, codes)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data) + 1, data))
        rot = b" /Rotate %d" % rotate if rotate else b""
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d]%s /Resources << /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_obj, PAGE_W, PAGE_H, rot, f1, f2, f3, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    trailer_extra = b""
    if encrypt:
        # the standard security handler (RC4, 40 bits) with a user password
        # we do not give: /U does not match the empty password
        enc = add(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (b"11" * 32, b"22" * 32))
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"33" * 16, b"33" * 16)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (k, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, trailer_extra, xref)
    return bytes(out)
